"""Command stage: argv in; `kg query`, `kg serve`, `kg push` and `kg bench` out, as thin typer
commands over kg.store and kg.serve. kg/cli.py adds them to the main app with `register(app)`.

Run alone for testing: `python -m kg.cli_store query people`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import typer

from kg import PROJECT_ROOT

BENCH_SCRIPT = PROJECT_ROOT / "bench" / "sparql_bench.py"

ExportsOption = typer.Option(
    Path("exports"), "--exports", metavar="DIR",
    help="Folder `kg build` wrote; the store is DIR/store. Example: --exports /tmp/kg-exports")


def _fail(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)


def _log(message: str) -> None:
    typer.echo(message, err=True)


def query(
    query_text: str = typer.Argument(
        ..., metavar="QUERY",
        help="A named query from ontology/queries/, a .rq file or SPARQL text. "
             "Examples: people; my/query.rq; 'SELECT * WHERE { ?s ?p ?o } LIMIT 5'"),
    exports: Path = ExportsOption,
    fmt: str = typer.Option(
        "table", "--format", "-f", metavar="FORMAT",
        help="Output: table, csv, tsv or json. Example: --format json"),
) -> None:
    """Run a SPARQL query on the built graph and print the rows.

    The default graph is the merge of all graphs' facts (each triple once); GRAPH ?g reaches
    each article's graph, which alone holds the evidence (oa:Annotation and the quoted spans).
    The prefixes kg, id, rdf, rdfs, xsd, skos and oa are predeclared.

    Example: kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format json
    """
    from kg.store import FORMATS, StoreError, format_rows, resolve_query, run_query

    if fmt not in FORMATS:
        _fail(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    try:
        variables, rows = run_query(exports / "store", resolve_query(query_text))
    except StoreError as exc:
        _fail(str(exc))
    sys.stdout.write(format_rows(variables, rows, fmt))


def serve(
    exports: Path = ExportsOption,
    host: str = typer.Option(
        "127.0.0.1", "--host", metavar="HOST",
        help="Address to listen on; loopback by default. Example: --host 0.0.0.0"),
    port: int = typer.Option(7878, "--port", metavar="PORT",
                             help="Port to listen on. Example: --port 8000"),
) -> None:
    """Serve the built graph as a read-only SPARQL endpoint with a query page; Ctrl-C stops.

    Queries go to http://HOST:PORT/query; the default graph is the merge of all graphs' facts,
    and GRAPH ?g reaches each article's graph with its evidence; updates are refused. Open
    http://HOST:PORT/ in a browser for the query page (no internet needed).

    Example: kg serve --port 7878
    """
    from kg.serve import serve as serve_store
    from kg.store import StoreError

    try:
        serve_store(exports / "store", host, port, log=_log)
    except StoreError as exc:
        _fail(str(exc))


def push(
    endpoint: str = typer.Option(
        ..., "--endpoint", metavar="URL",
        help="Graph Store HTTP Protocol URL of the target store. Example: "
             "--endpoint http://127.0.0.1:7878/store (Oxigraph), http://host:3030/ds/data (Fuseki)"),
    exports: Path = ExportsOption,
    timeout: float = typer.Option(60.0, "--timeout", metavar="SECONDS",
                                  help="Seconds to wait for each upload. Example: --timeout 300"),
    quiet: bool = typer.Option(False, "--quiet", "-q",
                               help="Only print the total. Example: --quiet"),
) -> None:
    """Upload the built graph to a triple store, replacing what an earlier push sent.

    Each article's named graph and the default graph are sent with HTTP PUT
    (URL?graph=IRI, URL?default), so pushing again never duplicates triples.

    Example: kg push --endpoint http://127.0.0.1:7878/store
    """
    from kg.serve import push as push_store
    from kg.store import StoreError

    try:
        report = push_store(exports / "store", endpoint, timeout=timeout,
                            log=(lambda _: None) if quiet else _log)
    except StoreError as exc:
        _fail(str(exc))
    _log(f"pushed {report.graphs} graphs, {report.triples} triples to {endpoint}")


def bench(
    triples: int = typer.Option(1_000_000, "--triples", metavar="N",
                                help="Approximate size of the generated graph. Example: --triples 200000"),
    rdflib_repeats: int = typer.Option(3, "--rdflib-repeats", metavar="N",
                                       help="Runs per query through rdflib. Example: --rdflib-repeats 1"),
    timeout: float = typer.Option(60.0, "--timeout", metavar="SECONDS",
                                  help="Give up on an rdflib query after this long. Example: --timeout 30"),
) -> None:
    """Time the named queries through the Oxigraph store and through rdflib; print a markdown table.

    Example: kg bench --triples 1000000
    """
    if not BENCH_SCRIPT.is_file():
        _fail(f"the benchmark {BENCH_SCRIPT} is missing (it ships with the source tree)")
    command = [sys.executable, str(BENCH_SCRIPT), "--triples", str(triples),
               "--rdflib-repeats", str(rdflib_repeats), "--timeout", str(timeout)]
    try:
        status = subprocess.call(command)
    except KeyboardInterrupt:
        status = 130  # the benchmark got the same Ctrl-C and stops on its own
    raise typer.Exit(status)


def register(app: typer.Typer) -> None:
    """Add the query, serve, push and bench commands to the main `kg` app."""
    app.command("query")(query)
    app.command("serve")(serve)
    app.command("push")(push)
    app.command("bench")(bench)


if __name__ == "__main__":
    standalone = typer.Typer(add_completion=False, no_args_is_help=True)
    register(standalone)
    standalone()
