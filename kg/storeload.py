"""Store loading: a build's kg.trig and kg.ttl in; its Oxigraph query store out, laid out as
kg/store.py describes (each article's named graph as is, the TriG's default graph as the named
graph RESOLVED_GRAPH, and the store's default graph the merge of all graphs).

A first build bulk-loads the files: kg.trig for the named graphs, kg.ttl (the union) for the
merge, the default graph's Turtle for RESOLVED_GRAPH; the merge keeps each triple once. A later
build that changed few graphs starts from a hard-linked copy of the previous store instead
(Store.backup) and replaces only those graphs: a triple leaves the merge when no graph holds it
any more. Both give the same quads.
"""

from __future__ import annotations

from pathlib import Path

from kg.exporters.rdf import turtle_header
from kg.graph import BASE
from kg.store import RESOLVED_GRAPH


def load_store(folder: Path, store_dir: Path, default_turtle: str) -> int:
    """A new store at `store_dir` from `folder`/kg.trig and kg.ttl; returns the number of quads."""
    import pyoxigraph as ox

    store = ox.Store(str(store_dir))
    store.add_graph(ox.NamedNode(RESOLVED_GRAPH))
    store.bulk_load(path=str(folder / "kg.trig"), format=ox.RdfFormat.TRIG)
    store.bulk_load(path=str(folder / "kg.ttl"), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    store.bulk_load(input=turtle_header() + default_turtle, format=ox.RdfFormat.TURTLE,
                    to_graph=ox.NamedNode(RESOLVED_GRAPH))
    store.flush()
    count = len(store)
    del store  # closes the database before the folder is moved
    return count


def update_store(previous: Path, store_dir: Path, *, removed: list[str], added: dict[str, str],
                 default_turtle: str) -> int:
    """A new store at `store_dir`: the store at `previous` without the graphs named in `removed`,
    with the graphs in `added` (graph IRI -> Turtle statements), and RESOLVED_GRAPH made equal to
    `default_turtle`. Returns the number of quads."""
    import pyoxigraph as ox

    ox.Store.read_only(str(previous)).backup(str(store_dir))
    store = ox.Store(str(store_dir))
    for iri in removed:
        _remove_graph(store, ox.NamedNode(iri))
    for iri, turtle in sorted(added.items()):
        _add_triples(store, ox.NamedNode(iri), _triples(turtle))
    resolved = ox.NamedNode(RESOLVED_GRAPH)
    old = {q.triple for q in store.quads_for_pattern(None, None, None, resolved)}
    new = _triples(default_turtle)
    for triple in old - new:
        store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, resolved))
        _forget_if_unheld(store, triple)
    _add_triples(store, resolved, new - old)
    store.flush()
    count = len(store)
    del store
    return count


def _triples(turtle: str) -> set:
    import pyoxigraph as ox

    return {q.triple for q in ox.parse(turtle_header() + turtle, format=ox.RdfFormat.TURTLE, base_iri=BASE)}


def _add_triples(store, graph, triples) -> None:
    import pyoxigraph as ox

    merged = ox.DefaultGraph()
    store.extend([ox.Quad(t.subject, t.predicate, t.object, g) for t in triples for g in (graph, merged)])


def _remove_graph(store, graph) -> None:
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
    store.remove_graph(graph)
    for triple in triples:
        _forget_if_unheld(store, triple)


def _forget_if_unheld(store, triple) -> None:
    """Drop `triple` from the merged default graph unless some graph still holds it."""
    import pyoxigraph as ox

    held = any(not isinstance(q.graph_name, ox.DefaultGraph)
               for q in store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None))
    if not held:
        store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, ox.DefaultGraph()))
