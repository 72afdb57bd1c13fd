"""Command line: argv -> thin typer commands over kg.build, kg.evaluate and kg.store.

Stdout carries data only; progress, warnings and errors go to stderr.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
from pathlib import Path
from typing import List, Optional

import typer

from kg.cli_store import register

app = typer.Typer(
    name="kg",
    help=(
        "Build a knowledge graph from news articles and query it.\n\n"
        "kg reads plain-text articles (a leading ' date YYYY-MM-DD' line gives each one's date), "
        "extracts people, offices, letters, meetings and calls, events and groups of children, "
        "merges them across articles and writes RDF, GraphML, GEXF and an HTML view, every fact "
        "with the article, characters and quote it comes from.\n\n"
        "Example:\n\n"
        "  kg build seeds/ --exports exports/\n\n"
        "  kg query letters --format table"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def default_cache(exports: Path) -> Path:
    """The record cache beside the exports folder (inside it, it would be swapped away)."""
    return Path(os.path.abspath(exports)).parent / ".kg-cache"


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


@app.command()
def build(
    inputs: Optional[List[Path]] = typer.Argument(
        None, metavar="[INPUT ...]",
        help="Article files or folders (every *.txt below them). Default: seeds/. Example: kg build news/ extra.txt"),
    exports: Path = typer.Option(Path("exports"), "--exports", metavar="DIR",
                                 help="Where the exports and query store go. Example: --exports out/"),
    model: Optional[str] = typer.Option(None, "--model", metavar="NAME",
                                        help="spaCy model package to parse with. Example: --model en_core_web_sm"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress lines, only warnings and errors."),
    strict: bool = typer.Option(False, "--strict", help="Exit non-zero when any file was skipped. Example: kg build news/ --strict"),
    max_bytes: int = typer.Option(5_000_000, "--max-bytes", metavar="N", min=1,
                                  help="Skip article files larger than N bytes. Example: --max-bytes 1000000"),
    jobs: int = typer.Option(0, "--jobs", "-j", metavar="N", min=0,
                             help="Processes that parse articles; 0 (the default) means one per CPU. "
                                  "The output is the same for any N. Example: --jobs 2"),
    cache: Optional[Path] = typer.Option(None, "--cache", metavar="CACHE",
                                         help="Folder keeping each article's extracted records between builds, so an "
                                              "unchanged article is not parsed again. Default: .kg-cache beside DIR. "
                                              "Example: --cache ~/.cache/kg"),
    no_cache: bool = typer.Option(False, "--no-cache",
                                  help="Parse every article and rebuild everything, reusing nothing from earlier builds."),
    max_nodes: int = typer.Option(2000, "--max-nodes", metavar="N", min=1,
                                  help="kg.html shows at most N nodes, those mentioned in most articles (the other "
                                       "exports keep every node). Example: --max-nodes 500"),
) -> None:
    """Build the graph of INPUT articles into DIR.

    Writes kg.ttl (all facts), kg.trig (one named graph per article), kg.jsonld, kg.graphml and
    kg.gexf (for Gephi), kg.html (open it in a browser) and store/ (for `kg query`). The previous
    exports are replaced, all at once, only when the build succeeds.

    Files that cannot be used are skipped with a line `skipped: PATH: reason`; files built with
    a caveat get `warning: PATH: reason`. Exit status 0 when the build completed (warnings or
    not); 1 when nothing could be built, or with --strict when any file was skipped, and then
    DIR is left as it was.

    Builds are incremental: records extracted from each article are kept in CACHE, so a build
    parses only new or changed articles, and a build with nothing changed finishes at once.

    Example: kg build seeds/ --exports exports/
    """
    from kg.build import run_build
    from kg.cache import CacheError
    from kg.ingest import InputError
    from kg.nlp import ModelError
    from kg.parallel import WorkerError
    from kg.publish import PublishError

    def progress(message: str) -> None:
        if not quiet:
            typer.echo(message, err=True)

    try:
        report = run_build(inputs or [Path("seeds")], exports, model=model, max_bytes=max_bytes,
                           progress=progress, on_problem=lambda p: typer.echo(p.line(), err=True),
                           strict=strict, jobs=jobs or (os.cpu_count() or 1), max_nodes=max_nodes,
                           cache=None if no_cache else cache or default_cache(exports))
    except (InputError, ModelError, PublishError, CacheError, WorkerError) as err:
        _fail(str(err))
    except KeyboardInterrupt:
        typer.echo(f"interrupted: {exports} left as it was", err=True)
        raise typer.Exit(130) from None
    counts = ", ".join(f"{n} {cls}" for cls, n in report.counts.items())
    typer.echo(f"built {len(report.articles)} articles into {exports}/: {counts}", err=True)
    if report.skipped:
        typer.echo(f"skipped {len(report.skipped)} file(s): " + "; ".join(p.path for p in report.skipped), err=True)


@app.command()
def validate(
    exports: Path = typer.Option(Path("exports"), "--exports", metavar="DIR",
                                 help="Folder `kg build` wrote; DIR/kg.ttl is checked. Example: --exports /tmp/kg"),
    shapes: Optional[Path] = typer.Option(None, "--shapes", metavar="FILE",
                                          help="SHACL shapes to check against. Default: ontology/shapes.ttl. "
                                               "Example: --shapes my-shapes.ttl"),
) -> None:
    """Check the built graph (DIR/kg.ttl, all graphs merged) against the SHACL shapes.

    Prints one line per violation: shape (constraint): node: message. Exit status 0 when the
    graph conforms, 1 when it does not or cannot be read.

    Example: kg validate --exports exports
    """
    from kg.validate import ValidationError, validate_exports

    try:
        triples, violations = validate_exports(exports, shapes)
    except ValidationError as err:
        _fail(str(err))
    for violation in violations:
        typer.echo(violation.line())
    where = exports / "kg.ttl"
    if violations:
        _fail(f"{where}: {len(violations)} violation(s) of the shapes")
    typer.echo(f"{where} conforms to the shapes ({triples} triples)", err=True)


@app.command("eval")
def evaluate_command(
    gold: Path = typer.Option(..., "--gold", metavar="FILE",
                              help="Gold facts (YAML, see ../shared/corpus/README.md). Example: --gold tests/gold/seeds.yaml"),
    inputs: Optional[List[Path]] = typer.Argument(None, metavar="[INPUT ...]",
                                                  help="Articles to build and score. Default: seeds/."),
    model: Optional[str] = typer.Option(None, "--model", metavar="NAME", help="spaCy model package."),
    details: bool = typer.Option(False, "--details", help="Also list every missed and every spurious fact."),
) -> None:
    """Build INPUT in a scratch folder and print recall and precision per fact kind against FILE.

    Example: kg eval --gold ../shared/corpus/dev/gold.yaml ../shared/corpus/dev/articles
    """
    import yaml

    from kg.build import run_build
    from kg.evaluate import evaluate, format_scores
    from kg.ingest import InputError

    try:
        expected = yaml.safe_load(gold.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        _fail(f"{gold}: cannot read gold file: {err}")
    if not isinstance(expected, dict):
        _fail(f"{gold}: gold file must map article file names to lists of facts")
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as scratch:
        try:
            run_build(inputs or [Path("seeds")], Path(scratch), model=model)
        except InputError as err:
            _fail(str(err))
        scores = evaluate(Path(scratch) / "kg.trig", expected)
    sys.stdout.write(format_scores(scores, details=details))


@app.command()
def screenshot(
    exports: Path = typer.Option(Path("exports"), "--exports", metavar="DIR", help="Folder holding kg.html."),
    output: Path = typer.Option(Path("docs/seeds-graph.png"), "--output", "-o", metavar="PNG",
                                help="Where to write the picture. Example: -o graph.png"),
    width: int = typer.Option(1400, "--width", help="Viewport width in pixels."),
    height: int = typer.Option(900, "--height", help="Viewport height in pixels."),
) -> None:
    """Open DIR/kg.html in headless Chromium, let the layout settle, and save a PNG.

    Needs Debian's chromium at /usr/bin/chromium (`apt-get install chromium`).

    Example: kg screenshot --exports exports -o docs/seeds-graph.png
    """
    from kg.exporters.html import CHROMIUM_PATH, screenshot as take_screenshot

    page = exports / "kg.html"
    if not page.is_file():
        _fail(f"{page}: no such file; run `kg build` first")
    if not Path(CHROMIUM_PATH).exists():
        _fail(f"{CHROMIUM_PATH} not found; install Debian's chromium (apt-get install chromium)")
    output.parent.mkdir(parents=True, exist_ok=True)
    take_screenshot(page, output, width=width, height=height)
    typer.echo(f"wrote {output}", err=True)


register(app)


def main() -> None:
    try:
        app()
    finally:
        # The process ends now: the collector's last walk over every object left (30 ms after
        # a build) would find nothing that exiting does not free anyway.
        gc.freeze()


if __name__ == "__main__":
    main()
