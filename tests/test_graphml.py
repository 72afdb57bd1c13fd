"""GraphML exporter: key ids that cannot hijack Gephi labels, scalar attributes, determinism."""

import importlib
import os
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from kg.exporters.graphml import edge_weight, generate_graphml, write_graphml
from tests.conftest_graphs import EVIL, HOSTILE, SCRIPT, make_graph

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}


@pytest.fixture(scope="module")
def graph():
    return make_graph()


@pytest.fixture(scope="module")
def path(graph, tmp_path_factory):
    return write_graphml(graph, tmp_path_factory.mktemp("graphml") / "kg.graphml")


@pytest.fixture(scope="module")
def keys(path):
    root = ET.parse(path).getroot()
    return {k.get("id"): k for k in root.findall("g:key", NS)}


def test_no_key_id_can_be_mistaken_for_a_label(keys):
    for key_id, key in keys.items():
        if key_id == "d3" and key.get("for") == "node" or key_id == "d7" and key.get("for") == "edge":
            assert key.get("attr.name") == "label"
        assert not (key_id.startswith("d") and key_id[1:].isdigit()), key_id


def test_labels_are_declared_for_nodes_and_edges(keys):
    labels = {(k.get("for"), k.get("attr.type")) for k in keys.values() if k.get("attr.name") == "label"}
    assert labels == {("node", "string"), ("edge", "string")}


def test_networkx_reads_back_every_label_and_attribute(graph, path):
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.is_directed()
    assert set(back.nodes) == set(graph.nodes)
    for node, data in graph.nodes(data=True):
        got = back.nodes[node]
        assert got["label"] == data["label"]
        assert got["cls"] == data["cls"]
        assert got["mentions"] == data["mentions"]
        assert got.get("aliases", "") == "; ".join(data["aliases"])
        assert got["articles"] == "; ".join(data["articles"])
        assert got.get("first_date") == data["first_date"]
        assert "facts" not in got


def test_networkx_reads_back_edges_with_relation_labels_and_positive_weights(graph, path):
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.number_of_edges() == graph.number_of_edges()
    expected = sorted((u, v, d["relation"], d["weight"]) for u, v, d in graph.edges(data=True))
    got = sorted((u, v, d["label"], d["weight"]) for u, v, d in back.edges(data=True))
    assert got == expected
    assert all(d["relation"] == d["label"] and d["weight"] > 0 for _, _, d in back.edges(data=True))


def test_edge_ids_are_unique(graph, path):
    root = ET.parse(path).getroot()
    ids = [e.get("id") for e in root.iterfind("g:graph/g:edge", NS)]
    assert len(ids) == graph.number_of_edges()
    assert len(set(ids)) == len(ids)
    assert all(ids)


def test_igraph_reads_the_same_graph(graph, path):
    # igraph is a test extra; in CI a missing one must fail, not quietly skip.
    igraph = importlib.import_module("igraph") if os.environ.get("CI") else pytest.importorskip("igraph")
    back = igraph.Graph.Read_GraphML(str(path))
    assert back.is_directed()
    assert back.vcount() == graph.number_of_nodes()
    assert back.ecount() == graph.number_of_edges()
    labels = {v["id"]: v["label"] for v in back.vs}
    assert labels == {n: d["label"] for n, d in graph.nodes(data=True)}
    assert sorted(back.es["label"]) == sorted(d["relation"] for _, _, d in graph.edges(data=True))
    assert min(back.es["weight"]) > 0


def test_hostile_strings_survive_as_text(path):
    raw = path.read_bytes()
    assert b"<script>" not in raw and b"<img" not in raw
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.nodes[EVIL]["label"] == SCRIPT
    assert all(h in back.nodes[EVIL]["aliases"] for h in HOSTILE[1:6])


def test_output_is_deterministic_and_independent_of_insertion_order(graph):
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(graph.edges(keys=True, data=True))))
    assert generate_graphml(graph) == generate_graphml(graph) == generate_graphml(shuffled)


def test_characters_xml_cannot_hold_are_dropped():
    graph = nx.MultiDiGraph()
    graph.add_node("n1", label="bell\x07form\x0cfeed", cls="Person", mentions=1, articles=("a",))
    back = nx.parse_graphml(generate_graphml(graph).decode("utf-8"))
    assert back.nodes["n1"]["label"] == "bellformfeed"


@pytest.mark.parametrize(
    ("data", "expected"),
    [({"weight": 2.0}, 2.0), ({"weight": 0, "articles": ("a", "b")}, 2.0), ({"weight": -1}, 1.0), ({}, 1.0)],
)
def test_edge_weight_is_always_positive(data, expected):
    assert edge_weight(data) == expected


def test_empty_graph_writes_a_valid_document(tmp_path):
    path = write_graphml(nx.MultiDiGraph(), tmp_path / "sub" / "empty.graphml")
    back = nx.read_graphml(path)
    assert back.number_of_nodes() == 0 and back.is_directed()
