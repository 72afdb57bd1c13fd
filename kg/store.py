"""Store stage: the built TriG (exports/kg.trig) in, an Oxigraph store (exports/store/) out;
SPARQL queries over that store in, variables and rows out, formatted as table, CSV, TSV or JSON.

Store layout: every article's named graph is kept as is; the TriG's default graph (what
resolution concluded) is kept as the named graph RESOLVED_GRAPH; the store's default graph is
the RDF merge of all of them, each triple once, except evidence (annotations, their targets and
selectors: subjects under id/evidence/), which stays in its article's graph only. Queries about
facts therefore need no GRAPH clause and get set semantics, as in kg.ttl and in rdflib's union;
queries about evidence say GRAPH ?g, which also names the article. (Evidence is nine tenths of
the triples, and each evidence IRI belongs to one article, so a merged copy would double the
store and merge nothing. Oxigraph's own union-default-graph option is a union of quads: a
triple held by k graphs matches k times, which multiplies joins; on the benchmark graph it made
the named queries 100-1000x slower.)
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import os
import re
import shutil
import tempfile
from pathlib import Path

from kg import QUERIES_DIR

FORMATS = ("table", "csv", "tsv", "json")

# Prefixes every `kg query` may use without declaring them; declared PREFIXes override these.
DEFAULT_PREFIXES = {
    "kg": "https://example.org/kg/ontology#",
    "id": "https://example.org/kg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "oa": "http://www.w3.org/ns/oa#",
}

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = frozenset(XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte"))
FLOAT_TYPES = frozenset(XSD + t for t in ("decimal", "double", "float"))

# Holds the TriG's default graph; the store's default graph is the merge of all graphs' facts.
RESOLVED_GRAPH = "urn:x-kg:graph:resolved"
BUILDING_MARK = ".building-"
TABLE_CELL_WIDTH = 80
SYNTAX_DETAIL_WIDTH = 160  # Oxigraph may list every acceptable character class


class StoreError(Exception):
    """A user-facing problem with the store or a query; the message is one line."""


# ---------------------------------------------------------------- writing the store

def write_store(source, store_dir) -> int:
    """Load `source` (a TriG path or an rdflib Dataset) into a new Oxigraph store at `store_dir`,
    laid out as the module docstring says.

    The store is built in a temporary directory beside `store_dir` and then swapped in, so a
    build killed half-way leaves the previous store intact. Returns the number of quads stored.
    """
    store_dir = Path(store_dir)
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_builds(store_dir)
    building = Path(tempfile.mkdtemp(
        prefix=f".{store_dir.name}{BUILDING_MARK}{os.getpid()}-", dir=store_dir.parent))
    from kg.publish import swap

    try:
        count = _load_into(source, building)
        swap(building, store_dir)
    finally:
        # After a swap this directory holds the previous store; after a failure, the partial one.
        shutil.rmtree(building, ignore_errors=True)
    return count


def _load_into(source, directory: Path) -> int:
    from pyoxigraph import NamedNode, RdfFormat, Store, parse

    if isinstance(source, (str, os.PathLike)):
        quads = parse(path=str(source), format=RdfFormat.TRIG)
    else:
        quads = parse(source.serialize(format="trig", encoding="utf-8"), format=RdfFormat.TRIG)
    store = Store(str(directory))
    store.add_graph(NamedNode(RESOLVED_GRAPH))  # present even when empty: it marks the layout
    store.bulk_extend(_with_merged_default(quads))
    store.flush()
    count = len(store)
    del store  # closes the database before its directory is renamed
    return count


def _with_merged_default(quads):
    """Each quad in its graph (the TriG default graph renamed RESOLVED_GRAPH), and, unless it is
    evidence, its triple again in the store's default graph, where the store keeps it once."""
    from pyoxigraph import DefaultGraph, NamedNode, Quad

    from kg.graph import is_evidence

    resolved, merged = NamedNode(RESOLVED_GRAPH), DefaultGraph()
    for quad in quads:
        s, p, o = quad.subject, quad.predicate, quad.object
        yield Quad(s, p, o, resolved) if isinstance(quad.graph_name, DefaultGraph) else quad
        if not (isinstance(s, NamedNode) and is_evidence(s.value)):
            yield Quad(s, p, o, merged)


def _remove_abandoned_builds(store_dir: Path) -> None:
    """Delete temporary build directories whose building process no longer runs."""
    from kg.publish import abandoned

    for path in store_dir.parent.glob(f".{store_dir.name}{BUILDING_MARK}*"):
        if abandoned(path, BUILDING_MARK):
            shutil.rmtree(path, ignore_errors=True)


# ---------------------------------------------------------------- opening and querying

def open_store(store_dir):
    """Open the store read-only; a missing, unreadable or old-layout store raises StoreError."""
    from pyoxigraph import NamedNode, Store

    store_dir = Path(store_dir)
    if not (store_dir / "CURRENT").is_file():
        raise StoreError(f"no query store at {store_dir}; run `kg build` first")
    try:
        store = Store.read_only(str(store_dir))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {store_dir}: {_one_line(exc)}") from None
    if not store.contains_named_graph(NamedNode(RESOLVED_GRAPH)):
        raise StoreError(f"the store at {store_dir} was written by an older kg; run `kg build` again")
    return store


def run_query(store_dir, sparql: str) -> tuple[list[str], list[tuple]]:
    """Run a SPARQL query on the store at `store_dir`; see `execute` for the result shape."""
    return execute(open_store(store_dir), sparql)


def execute(store, sparql: str) -> tuple[list[str], list[tuple]]:
    """Run `sparql` on an open pyoxigraph store; its default graph is the merge of all graphs' facts.

    Returns (variables, rows); each row is a tuple of plain values (see `term_value`), None
    where a variable is unbound. ASK gives one column `boolean`; CONSTRUCT and DESCRIBE give
    `subject`, `predicate`, `object`.
    """
    from pyoxigraph import QueryBoolean, QuerySolutions

    try:
        result = store.query(sparql, prefixes=DEFAULT_PREFIXES)
        if isinstance(result, QueryBoolean):
            return ["boolean"], [(bool(result),)]
        convert = _term_converter()
        if isinstance(result, QuerySolutions):
            variables = [v.value for v in result.variables]
            # A solution iterates its values in the order of `variables`, None where unbound;
            # this is several times cheaper than looking each variable up by name.
            return variables, [tuple(map(convert, solution)) for solution in result]
        return ["subject", "predicate", "object"], [
            (convert(x.subject), convert(x.predicate), convert(x.object)) for x in result]
    except SyntaxError as exc:
        raise StoreError(describe_syntax_error(str(exc))) from None
    except OSError as exc:
        raise StoreError(f"query failed: {_one_line(exc)}") from None


def describe_syntax_error(message: str) -> str:
    """'error at 1:26: expected ...' -> 'SPARQL syntax error at line 1, column 26: expected ...'."""
    match = re.match(r"error at (\d+):(\d+)(?:-\d+:\d+)?:\s*(.*)", message, re.S)
    if not match:
        return f"SPARQL syntax error: {_one_line(message)}"
    line, column, detail = match.groups()
    detail = _one_line(detail)
    if len(detail) > SYNTAX_DETAIL_WIDTH:
        detail = detail[:SYNTAX_DETAIL_WIDTH - 1] + "…"
    return f"SPARQL syntax error at line {line}, column {column}: {detail}"


def term_value(term):
    """An RDF term as a plain value: IRIs and strings as str, numeric literals as int or float."""
    return _term_converter()(term)


@functools.cache
def _term_converter():
    """The function behind `term_value`, built once pyoxigraph is imported (`kg query` pays
    for the import only when it runs a query). Dispatching on the exact type and comparing
    the datatype with xsd:string first keeps conversion cheap: a full named query converts
    tens of thousands of terms."""
    from pyoxigraph import BlankNode, Literal, NamedNode

    string = XSD + "string"

    def convert(term):
        kind = type(term)
        if kind is NamedNode:
            return term.value
        if kind is Literal:
            datatype = term.datatype.value
            return term.value if datatype == string else _literal_value(term.value, datatype)
        if term is None or kind in (bool, int, float):
            return term
        if kind is BlankNode:
            return f"_:{term.value}"
        return str(term)

    return convert


def _literal_value(text: str, datatype: str):
    try:
        if datatype in INTEGER_TYPES:
            return int(text)
        if datatype in FLOAT_TYPES:
            number = float(text)
            return number if math.isfinite(number) else text
    except ValueError:
        pass  # an ill-typed literal such as "many"^^xsd:integer stays text
    return text


# ---------------------------------------------------------------- naming queries

def named_queries(queries_dir=None) -> list[str]:
    """Names of the .rq files in the queries folder, sorted."""
    folder = Path(queries_dir or QUERIES_DIR)
    return sorted(p.stem for p in folder.glob("*.rq")) if folder.is_dir() else []


def resolve_query(query: str, queries_dir=None) -> str:
    """SPARQL text for QUERY: a named query, a path to a .rq file, or SPARQL text itself."""
    folder = Path(queries_dir or QUERIES_DIR)
    if re.fullmatch(r"[A-Za-z0-9_-]+", query):
        named = folder / f"{query}.rq"
        if named.is_file():
            return named.read_text(encoding="utf-8")
        names = ", ".join(named_queries(folder)) or "none yet"
        raise StoreError(f"unknown query '{query}'; named queries: {names} "
                         f"(or give a .rq file or SPARQL text)")
    if query.strip().endswith((".rq", ".sparql")) and "{" not in query:
        path = Path(query.strip())
        if not path.is_file():
            raise StoreError(f"no query file {path}")
        return path.read_text(encoding="utf-8")
    return query


# ---------------------------------------------------------------- formatting rows

def format_rows(variables: list[str], rows: list[tuple], fmt: str) -> str:
    """Rows as text in one of FORMATS; the result ends with a newline."""
    if fmt == "json":
        records = [dict(zip(variables, row)) for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(variables)
        writer.writerows([["" if v is None else _text(v) for v in row] for row in rows])
        return buffer.getvalue()
    if fmt == "table":
        return format_table(variables, rows)
    raise StoreError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")


def format_table(variables: list[str], rows: list[tuple]) -> str:
    """An aligned text table for people, long cells shortened, with a row count at the end."""
    cells = [[_table_cell(v) for v in row] for row in rows]
    widths = [max([len(name)] + [len(r[i]) for r in cells]) for i, name in enumerate(variables)]
    lines = [_table_line(variables, widths), "  ".join("-" * w for w in widths)]
    lines += [_table_line(row, widths) for row in cells]
    lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines) + "\n"


def _table_line(values, widths) -> str:
    return "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()


def _table_cell(value) -> str:
    text = "" if value is None else " ".join(_text(value).split())
    return text if len(text) <= TABLE_CELL_WIDTH else text[:TABLE_CELL_WIDTH - 1] + "…"


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _one_line(error) -> str:
    return " ".join(str(error).split())
