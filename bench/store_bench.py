"""Store-load benchmark: a build's exports folder in (kg.trig and kg.ttl as `kg build` wrote them);
out, a markdown table on stdout of what loading its query store costs, in wall time and CPU time,
for the layout kg builds and for two others:

- "as built": kg.storeload.load_store, the code `kg build` runs (each article's named graph, and
  its facts again in the merged default graph; evidence only in the article's graph);
- "everything merged": the layout kg built before, with evidence (statement annotations and the
  text spans they point at) in the merged default graph too;
- "named only": the named graphs and no merged default graph.

Run: .venv/bin/python bench/store_bench.py EXPORTS [--repeats 3]
e.g. after `.venv/bin/python bench/build_bench.py --sizes 1000 --jobs 2 --work /tmp/kg-bench`,
EXPORTS is /tmp/kg-bench/exports-1000-2. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.exporters.rdf import turtle_header  # noqa: E402
from kg.pipeline import _previous_default, read_manifest  # noqa: E402
from kg.store import RESOLVED_GRAPH  # noqa: E402
from kg.storeload import CHUNK_BYTES, _named_graphs, load_store  # noqa: E402

def _default_turtle(folder: Path) -> str:
    """The Turtle the build loaded as RESOLVED_GRAPH: where its manifest says it is in kg.ttl."""
    turtle = _previous_default(read_manifest(folder), folder)
    if turtle is None:
        raise SystemExit(f"{folder}: no build manifest matching its kg.ttl; rebuild it with this kg")
    return turtle


def _bulk(store_dir: Path, documents) -> int:
    import pyoxigraph as ox

    store = ox.Store(str(store_dir))
    parts, size = [], 0
    for document in documents:
        parts.append(document)
        size += len(document)
        if size >= CHUNK_BYTES:
            store.bulk_load(input=turtle_header() + "".join(parts), format=ox.RdfFormat.TRIG)
            parts, size = [], 0
    store.bulk_load(input=turtle_header() + "".join(parts), format=ox.RdfFormat.TRIG)
    store.flush()
    quads = len(store)
    del store
    return quads


def load_as_built(folder: Path, store_dir: Path) -> int:
    import pyoxigraph as ox

    load_store(folder, store_dir, _default_turtle(folder))
    return len(ox.Store.read_only(str(store_dir)))


def _graphs(folder: Path):
    """(graph IRI, Turtle) of every graph the built store names: the articles', and RESOLVED_GRAPH."""
    yield from _named_graphs(folder / "kg.trig")
    yield RESOLVED_GRAPH, _default_turtle(folder)


def load_everything_merged(folder: Path, store_dir: Path) -> int:
    return _bulk(store_dir, (f"<{iri}> {{\n{turtle}}}\n{turtle}" for iri, turtle in _graphs(folder)))


def load_named_only(folder: Path, store_dir: Path) -> int:
    return _bulk(store_dir, (f"<{iri}> {{\n{turtle}}}\n" for iri, turtle in _graphs(folder)))


LAYOUTS = {"as built": load_as_built, "everything merged": load_everything_merged, "named only": load_named_only}


def measure(folder: Path, repeats: int) -> dict[str, dict]:
    results = {}
    with tempfile.TemporaryDirectory(prefix="kg-store-bench-") as work:
        for name, load in LAYOUTS.items():
            walls, cpus, quads = [], [], 0
            for repeat in range(repeats):
                store_dir = Path(work) / "store"
                shutil.rmtree(store_dir, ignore_errors=True)
                wall, cpu = time.perf_counter(), time.process_time()
                quads = load(folder, store_dir)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
                print(f"{name}: run {repeat + 1}: {walls[-1]:.2f} s", file=sys.stderr, flush=True)
            results[name] = {"quads": quads, "wall": statistics.median(walls), "cpu": statistics.median(cpus)}
    return results


def markdown_table(results: dict[str, dict]) -> str:
    lines = ["| layout | quads | wall (s) | CPU (s) | µs CPU per quad |", "| --- | ---: | ---: | ---: | ---: |"]
    for name, r in results.items():
        lines.append(f"| {name} | {r['quads']:,} | {r['wall']:.2f} | {r['cpu']:.2f} | "
                     f"{1e6 * r['cpu'] / max(r['quads'], 1):.1f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("exports", type=Path, help="a folder `kg build` wrote, e.g. exports/")
    parser.add_argument("--repeats", type=int, default=3, help="loads per layout; the median is reported")
    args = parser.parse_args(argv)
    if not (args.exports / "kg.trig").is_file():
        parser.error(f"{args.exports}: no kg.trig here; pass a folder `kg build` wrote")
    print(markdown_table(measure(args.exports, max(args.repeats, 1))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
