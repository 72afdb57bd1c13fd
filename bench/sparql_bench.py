"""Benchmark stage: a synthetic graph of about a million triples in (bench/synthetic_graph.py);
out, a markdown table on stdout timing the same SPARQL through the Oxigraph store (kg.store)
and through rdflib's in-memory engine: one-person queries, class counts, every named query.

Run: .venv/bin/python bench/sparql_bench.py [--triples 1000000] [--rdflib-repeats 3]
Progress goes to stderr. Targets are reported, not asserted.
"""

from __future__ import annotations

import argparse
import platform
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic_graph import CLASS_OF, famous_person, write_synthetic_trig  # noqa: E402

from kg import QUERIES_DIR  # noqa: E402

STORE_REPEATS = 20
STORE_TARGET_MS = 50.0
SPEEDUP_TARGET = 20.0
PREFIXES = """PREFIX kg: <https://example.org/kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


class QueryTimeout(BaseException):
    """Raised by SIGALRM inside rdflib; a BaseException so rdflib's `except Exception` misses it."""


def _sources(var: str, cls: str, focus: str) -> str:
    return (f"{{ SELECT ?{var} (GROUP_CONCAT(?id; separator=\"; \") AS ?sources) WHERE {{ "
            f"{{ SELECT DISTINCT ?{var} ?id WHERE {{ {focus} ?{var} a kg:{cls} ; kg:mentionedIn ?article . "
            f"?article kg:articleId ?id . }} ORDER BY ?id }} }} GROUP BY ?{var} }}")


def _values(var: str, out: str, focus: str, pattern: str, expr: str = "?v") -> str:
    return (f"OPTIONAL {{ SELECT ?{var} (GROUP_CONCAT(DISTINCT {expr}; separator=\"; \") AS ?{out}) "
            f"WHERE {{ {focus} {pattern} }} GROUP BY ?{var} }}")


def one_person_queries(person: str) -> dict[str, str]:
    """The named queries restricted to one person: their offices, letters, meetings, events.

    Same shape as ontology/queries/*.rq (one aggregate subquery per column, IRIs ordered by
    CONCAT(STR(?x), " ")), with the person fixed inside every subquery so that the store touches
    only that person's facts. One person's facts are few, so labels and article IDs are looked
    up per row, except the person's own article IDs (hundreds for the famous person), which are
    joined with a scan of all IDs as in the named queries."""
    p = f"<{person}>"
    letter = f"VALUES ?role {{ kg:sender kg:recipient kg:deliverer }} ?letter ?role {p} ."
    meeting = f"?meeting kg:participant {p} ."
    event = f"?event kg:agent {p} ."
    return {
        "person: offices": "SELECT ?name ?office ?sources WHERE { "
                           f"{{ SELECT (GROUP_CONCAT(?id; separator=\"; \") AS ?sources) WHERE {{ "
                           f"{{ SELECT DISTINCT ?id WHERE {{ {p} kg:mentionedIn ?article . "
                           f"{{ SELECT ?article ?id WHERE {{ ?article kg:articleId ?id }} }} }} "
                           f"ORDER BY ?id }} }} }} {p} rdfs:label ?name . "
                           f"OPTIONAL {{ {p} kg:holdsOffice/rdfs:label ?office }} }} ORDER BY ?office",
        "person: letters": "SELECT ?letter ?sender ?recipient ?deliverer ?date ?sources WHERE { "
                           + _sources("letter", "Letter", letter)
                           + " ".join(_values("letter", role, letter, f"?letter kg:{role}/rdfs:label ?v")
                                      for role in ("sender", "recipient", "deliverer"))
                           + _values("letter", "date", letter, "?letter kg:date ?v", "STR(?v)")
                           + " } ORDER BY CONCAT(STR(?letter), \" \")",
        "person: meetings": "SELECT ?meeting ?kind ?participants ?date ?sources WHERE { "
                            + _sources("meeting", "Meeting", meeting)
                            + _values("meeting", "kind", meeting, "?meeting kg:kind ?v")
                            + _values("meeting", "participants", meeting, "?meeting kg:participant/rdfs:label ?v")
                            + _values("meeting", "date", meeting, "?meeting kg:date ?v", "STR(?v)")
                            + " } ORDER BY CONCAT(STR(?meeting), \" \")",
        "person: events": "SELECT ?event ?kind ?date ?agents ?sources WHERE { "
                          + _sources("event", "Event", event)
                          + _values("event", "kind", event, "?event kg:kind ?v")
                          + _values("event", "date", event, "?event kg:date ?v", "STR(?v)")
                          + _values("event", "agents", event, "?event kg:agent/rdfs:label ?v")
                          + " } ORDER BY CONCAT(STR(?event), \" \")",
    }


def class_count_queries() -> dict[str, str]:
    classes = sorted(set(CLASS_OF.values())) + ["Article"]
    return {f"count {c}": f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a kg:{c} }}"
            for c in classes}


def named_queries() -> dict[str, str]:
    """Every .rq file in ontology/queries/ at run time, full, as `kg query NAME` runs it."""
    return {f"named: {p.stem}": p.read_text(encoding="utf-8")
            for p in sorted(Path(QUERIES_DIR).glob("*.rq"))}


def time_runs(run, repeats: int, timeout: float | None = None) -> tuple[list[float], object]:
    """Seconds per run and the row count (or the error's name); a run over `timeout` seconds
    counts as infinite and ends the series."""
    durations, rows = [], None
    for _ in range(repeats):
        if timeout:
            signal.setitimer(signal.ITIMER_REAL, timeout)
        started = time.perf_counter()
        try:
            rows = run()
        except QueryTimeout:
            return durations + [float("inf")], rows
        except Exception as exc:  # rdflib fails on some valid queries; report, keep going
            return [float("nan")], type(exc).__name__
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        durations.append(time.perf_counter() - started)
    return durations, rows


def _on_alarm(signum, frame):
    raise QueryTimeout


def load_store(trig: Path, directory: Path):
    from kg.store import open_store, write_store

    started = time.perf_counter()
    quads = write_store(trig, directory / "store")
    log(f"oxigraph store: {quads} quads loaded in {time.perf_counter() - started:.1f} s")
    return open_store(directory / "store"), quads


def load_rdflib(trig: Path):
    import rdflib

    started = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(trig, format="trig")
    log(f"rdflib dataset: {len(dataset)} triples (union) parsed in "
        f"{time.perf_counter() - started:.1f} s")
    return dataset


def measure(queries: dict[str, str], store, dataset, args) -> list[dict]:
    from kg.store import execute

    results = []
    for name, sparql in queries.items():
        text = sparql if "PREFIX" in sparql else PREFIXES + sparql
        execute(store, text)  # warm-up: the first run pays for opening files
        store_times, store_rows = time_runs(lambda: len(execute(store, text)[1]), STORE_REPEATS)
        rdflib_times, rdflib_rows = time_runs(lambda: len(list(dataset.query(text))),
                                              args.rdflib_repeats, args.timeout)
        results.append({"query": name, "rows": store_rows, "rdflib_rows": rdflib_rows,
                        "store_ms": 1000 * statistics.median(store_times),
                        "rdflib_ms": 1000 * statistics.median(rdflib_times)})
        log(f"{name}: store {results[-1]['store_ms']:.1f} ms, rdflib {results[-1]['rdflib_ms']:.0f} ms")
    return results


def markdown_table(results: list[dict], args) -> str:
    lines = ["| query | rows | store median (ms) | rdflib median (ms) | rdflib / store | "
             f"store ≤ {STORE_TARGET_MS:g} ms | ≥ {SPEEDUP_TARGET:g}× faster |",
             "| --- | ---: | ---: | ---: | ---: | :---: | :---: |"]
    for r in results:
        rdflib_cell, ratio_cell, fast_enough = _rdflib_cells(r, args.timeout)
        rows = str(r["rows"])
        if isinstance(r["rdflib_rows"], int) and r["rdflib_rows"] != r["rows"]:
            rows += f" (rdflib {r['rdflib_rows']})"
        in_time = "n/a" if r["query"].startswith("named:") else _mark(r["store_ms"] <= STORE_TARGET_MS)
        lines.append(f"| {r['query']} | {rows} | {r['store_ms']:.2f} | {rdflib_cell} | "
                     f"{ratio_cell} | {in_time} | {fast_enough} |")
    return "\n".join(lines)


def _rdflib_cells(result: dict, timeout: float) -> tuple[str, str, str]:
    """rdflib time, ratio and the speed-up verdict, for a finished, timed-out or failed query."""
    store_ms, rdflib_ms = max(result["store_ms"], 1e-3), result["rdflib_ms"]
    if isinstance(result["rdflib_rows"], str):
        return f"error ({result['rdflib_rows']})", "n/a", "n/a"
    if rdflib_ms == float("inf"):
        return f"> {timeout * 1000:,.0f} (timeout)", f"> {timeout * 1000 / store_ms:,.0f}", "yes"
    ratio = rdflib_ms / store_ms
    return f"{rdflib_ms:,.1f}", f"{ratio:,.0f}", _mark(ratio >= SPEEDUP_TARGET)


def _mark(ok: bool) -> str:
    return "yes" if ok else "**no**"


def environment_line(quads: int) -> str:
    import pyoxigraph
    import rdflib

    return (f"{quads:,} quads; store: {STORE_REPEATS} runs after a warm-up; rdflib: "
            f"up to {{repeats}} runs. Python {platform.python_version()}, pyoxigraph "
            f"{pyoxigraph.__version__}, rdflib {rdflib.__version__}, {platform.machine()}, "
            f"{_cpu_count()} CPUs.")


def _cpu_count() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000,
                        help="approximate graph size, e.g. --triples 200000")
    parser.add_argument("--seed", type=int, default=7, help="generator seed, e.g. --seed 7")
    parser.add_argument("--rdflib-repeats", type=int, default=3,
                        help="runs per query through rdflib, e.g. --rdflib-repeats 1")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds before an rdflib query is abandoned, e.g. --timeout 30")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGALRM, _on_alarm)
    person = famous_person()
    queries = {**one_person_queries(person), **class_count_queries(), **named_queries()}
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as work:
        trig = Path(work) / "synthetic.trig"
        started = time.perf_counter()
        lines = write_synthetic_trig(trig, args.triples, args.seed)
        log(f"generated {lines} triples in {time.perf_counter() - started:.1f} s")
        store, quads = load_store(trig, Path(work))
        dataset = load_rdflib(trig)
        results = measure(queries, store, dataset, args)
    print(environment_line(quads).replace("{repeats}", str(args.rdflib_repeats)))
    print(f"One-person queries ask about <{person}>.\n")
    print(markdown_table(results, args))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
