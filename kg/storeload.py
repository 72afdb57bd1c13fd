"""Store loading: a build's kg.trig and kg.ttl in; its Oxigraph query store out, laid out as
kg/store.py describes (each article's named graph as is, the TriG's default graph as the named
graph RESOLVED_GRAPH, and the store's default graph the merge of all graphs' facts: evidence
stays in its article's graph only).

A first build bulk-loads each article graph as its named graph and its facts into the merged
default graph (which keeps each triple once), then the default graph as RESOLVED_GRAPH and into
the merge, in background threads while later graphs are being rendered. A later build that
changed few graphs starts from a hard-linked copy of the previous store instead (Store.backup)
and replaces only those graphs: a triple leaves the merge when no graph holds it any more. Both
give the same quads.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path

from kg.exporters.rdf import turtle_header
from kg.graph import BASE, facts_part, is_evidence
from kg.store import RESOLVED_GRAPH

CHUNK_BYTES = 8 * 2**20
# Threads bulk-loading chunks at once. One load keeps about 1.2 cores busy, much of it in a
# single thread, so a second load beside it uses the rest of a two-core machine: at 1,000
# articles the store is done 1.7 s sooner (BENCHMARKS.md, "Changes, each measured"). The quads
# stored are a set, so the order the chunks land in does not matter.
LOADERS = 2


class StoreLoader:
    """A new store at `store_dir`, bulk-loaded by LOADERS background threads from article graphs
    as they are added, CHUNK_BYTES of Turtle at a time: Oxigraph's bulk loader holds a whole
    input in memory, and releases the GIL while it loads, so graphs are rendered while earlier
    ones load. Use as a context manager; `finish` loads the default graph."""

    def __init__(self, store_dir: Path) -> None:
        import pyoxigraph as ox

        self._store = ox.Store(str(store_dir))
        self._store.add_graph(ox.NamedNode(RESOLVED_GRAPH))
        self._queue: queue.Queue = queue.Queue(maxsize=LOADERS)
        self._parts: list[str] = []
        self._size = 0
        self._error: BaseException | None = None
        self._threads = [threading.Thread(target=self._load, name=f"kg-store-loader-{n}", daemon=True)
                         for n in range(LOADERS)]
        for thread in self._threads:
            thread.start()

    def __enter__(self) -> "StoreLoader":
        return self

    def __exit__(self, *exc) -> None:
        self._stop()

    def add(self, graph_iri: str, turtle: str) -> None:
        """Load a named graph, and its facts into the merged default graph."""
        facts = facts_part(turtle)
        self._parts.append(f"<{graph_iri}> {{\n{turtle}}}\n{facts}")
        self._size += len(turtle) + len(facts)
        if self._size >= CHUNK_BYTES:
            self._send()

    def finish(self, default_turtle: str) -> None:
        self.add(RESOLVED_GRAPH, default_turtle)
        self._send()
        self._stop()
        self._store.flush()
        del self._store  # closes the database before the folder is moved

    def _send(self) -> None:
        if self._error is not None:
            raise self._error
        if self._parts:
            self._queue.put(turtle_header() + "".join(self._parts))
        self._parts, self._size = [], 0

    def _stop(self) -> None:
        running = [thread for thread in self._threads if thread.is_alive()]
        for _ in running:
            self._queue.put(None)
        for thread in running:
            thread.join()
        if self._error is not None:
            raise self._error

    def _load(self) -> None:
        import pyoxigraph as ox

        while (text := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._store.bulk_load(input=text, format=ox.RdfFormat.TRIG)
                except BaseException as err:  # re-raised in the building thread
                    self._error = err


def load_store(folder: Path, store_dir: Path, default_turtle: str) -> None:
    """A new store at `store_dir` from the named graphs of `folder`/kg.trig."""
    with StoreLoader(store_dir) as loader:
        for graph_iri, turtle in _named_graphs(folder / "kg.trig"):
            loader.add(graph_iri, turtle)
        loader.finish(default_turtle)


def _named_graphs(trig: Path):
    """(graph IRI, Turtle) of each named graph in a TriG file kg wrote: a block opens with a line
    `<IRI> {` and closes with a line `}` (literals never hold a raw line break)."""
    name, lines = None, []
    with open(trig, encoding="utf-8") as handle:
        for line in handle:
            if name is None and line.endswith("> {\n") and line.startswith("<"):
                name, lines = BASE + line[1:-4], []
            elif name is not None and line == "}\n":
                yield name, "".join(lines)
                name = None
            elif name is not None:
                lines.append(line)


def update_store(previous: Path, store_dir: Path, *, removed: list[str], added: dict[str, str],
                 default_turtle: str, previous_default: str | None = None) -> None:
    """A new store at `store_dir`: the store at `previous` without the graphs named in `removed`,
    with the graphs in `added` (graph IRI -> Turtle statements), and RESOLVED_GRAPH made equal to
    `default_turtle`. `previous_default`, the Turtle RESOLVED_GRAPH was loaded from, if known,
    spares reading that graph back."""
    import pyoxigraph as ox

    ox.Store.read_only(str(previous)).backup(str(store_dir))
    store = ox.Store(str(store_dir))
    for iri in removed:
        _remove_graph(store, ox.NamedNode(iri))
    for iri, turtle in sorted(added.items()):
        _add_triples(store, ox.NamedNode(iri), _triples(turtle))
    resolved = ox.NamedNode(RESOLVED_GRAPH)
    if previous_default is not None:
        # Each subject of the default graph is one statement, so only the statements that
        # differ need parsing (with a few changed articles, a few hundred of tens of thousands).
        before, after = _statements(previous_default), _statements(default_turtle)
        old = _triples("".join(statement + " .\n" for statement in before - after))
        new = _triples("".join(statement + " .\n" for statement in after - before))
    else:
        old = {q.triple for q in store.quads_for_pattern(None, None, None, resolved)}
        new = _triples(default_turtle)
    for triple in old - new:
        store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, resolved))
        _forget_if_unheld(store, triple)
    _add_triples(store, resolved, new - old)
    store.flush()
    del store  # closes the database before the folder is moved


def _statements(turtle: str) -> set[str]:
    """The statements of Turtle that kg.graph.render_default wrote, without their closing " .":
    one per subject, none of them holding a raw line break."""
    return {statement for statement in turtle.split(" .\n") if statement.strip()}


def _triples(turtle: str) -> set:
    import pyoxigraph as ox

    return {q.triple for q in ox.parse(turtle_header() + turtle, format=ox.RdfFormat.TURTLE, base_iri=BASE)}


def _add_triples(store, graph, triples) -> None:
    import pyoxigraph as ox

    merged = ox.DefaultGraph()
    store.extend([ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples])
    store.extend([ox.Quad(t.subject, t.predicate, t.object, merged) for t in triples if _merged(t)])


def _merged(triple) -> bool:
    """Whether the merged default graph holds `triple` when some graph does: all but evidence."""
    import pyoxigraph as ox

    return not (isinstance(triple.subject, ox.NamedNode) and is_evidence(triple.subject.value))


def _remove_graph(store, graph) -> None:
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
    store.remove_graph(graph)
    for triple in triples:
        if _merged(triple):
            _forget_if_unheld(store, triple)


def _forget_if_unheld(store, triple) -> None:
    """Drop `triple` from the merged default graph unless some graph still holds it."""
    import pyoxigraph as ox

    held = any(not isinstance(q.graph_name, ox.DefaultGraph)
               for q in store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None))
    if not held:
        store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, ox.DefaultGraph()))
