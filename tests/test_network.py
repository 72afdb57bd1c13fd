"""Network (kg/network.py) and layout at scale: the HTML view of a large graph is its most
mentioned entities and says so; positions of a large graph do not depend on hash order."""

from __future__ import annotations

import subprocess
import sys

from kg.model import Article, Provenance, Ref
from kg.network import MAX_FACTS, Network, view_title
from kg.resolve import Entity, Statement
from tests.conftest import ROOT


def star(n_leaves: int, facts_on_hub: int):
    """A hub person mentioned in every article, leaves mentioned once each."""
    articles = [Article(f"a{i:03d}", "x.txt", "The hub met a leaf here.") for i in range(n_leaves)]
    entities = {"person/hub": Entity("person/hub", "Person", "Hub", {"Hub"}, {a.id for a in articles})}
    network = Network(articles)
    for i, article in enumerate(articles):
        leaf = f"person/leaf-{i:03d}"
        entities[leaf] = Entity(leaf, "Person", f"Leaf {i}", {f"Leaf {i}"}, {article.id})
        prov = Provenance(article.id, 0, 7, "The hub", "meetings")
        count = facts_on_hub if i == 0 else 1
        network.add(article.id, [Statement(article.id, "person/hub", "participant", Ref(leaf), prov)] * count)
    return network, entities


def test_a_small_graph_is_shown_whole_with_every_fact():
    network, entities = star(5, 3)
    graph = network.graph(entities)
    view = network.view(entities, max_nodes=10)
    assert set(view.nodes) == set(graph.nodes)
    assert len(view.nodes["https://example.org/kg/id/person/hub"]["facts"]) == 7
    assert view_title(5, view, graph.number_of_nodes()) == "Knowledge graph of 5 articles"
    assert all("facts" not in data for _, data in graph.nodes(data=True))


def test_a_large_graph_shows_the_most_mentioned_and_says_where_the_rest_is():
    network, entities = star(30, MAX_FACTS + 20)
    graph = network.graph(entities)
    view = network.view(entities, max_nodes=10)
    assert view.number_of_nodes() == 10
    assert "https://example.org/kg/id/person/hub" in view
    hub = view.nodes["https://example.org/kg/id/person/hub"]
    assert len(hub["facts"]) == MAX_FACTS and hub["facts_total"] == MAX_FACTS + 20 + 29
    title = view_title(30, view, graph.number_of_nodes())
    assert "the 10 entities mentioned in most articles, of 31" in title and "kg query" in title
    assert all(u in view and v in view for u, v in view.edges())
    assert set(view.edges(keys=True)) == {(u, v, k) for u, v, k in graph.edges(keys=True) if u in view and v in view}
    assert all(view.nodes[n][k] == graph.nodes[n][k] for n in view for k in graph.nodes[n])


LAYOUT = """
import sys, hashlib
sys.path.insert(0, {root!r})
from tests.conftest_graphs import make_large_graph
from kg.exporters.gexf import layout_positions
print(hashlib.sha256(repr(sorted(layout_positions(make_large_graph(700)).items())).encode()).hexdigest())
"""


def test_large_layout_does_not_depend_on_hash_order():
    runs = {subprocess.run([sys.executable, "-c", LAYOUT.format(root=str(ROOT))], capture_output=True, text=True,
                           env={"PYTHONHASHSEED": seed}, check=True).stdout for seed in ("1", "2")}
    assert len(runs) == 1


def test_discard_frees_a_graph_without_the_cyclic_collector():
    import gc
    import weakref

    import networkx as nx

    from kg.network import discard

    class Attributes(dict):  # a dict that a weak reference can watch
        pass

    graph = nx.MultiDiGraph()
    data = Attributes(label="A")
    graph.add_node("a", **{"data": data})
    graph.add_edge("a", "b", key="r")
    list(graph.edges(keys=True))  # caches the edge view, which refers back to the graph
    watched = weakref.ref(data)
    del data
    enabled = gc.isenabled()
    gc.disable()
    try:
        discard(graph)
        assert watched() is None
    finally:
        if enabled:
            gc.enable()
