"""GEXF exporter: GEXF 1.3 with viz colour, size and position; readable by networkx; deterministic."""

import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from kg.exporters.gexf import CLASS_STYLE, class_style, generate_gexf, layout_positions, node_size, write_gexf
from tests.conftest_graphs import EVIL, SCRIPT, make_graph, make_large_graph

NS = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}


@pytest.fixture(scope="module")
def graph():
    return make_graph()


@pytest.fixture(scope="module")
def path(graph, tmp_path_factory):
    return write_gexf(graph, tmp_path_factory.mktemp("gexf") / "kg.gexf")


@pytest.fixture(scope="module")
def back(path):
    return nx.read_gexf(path, version="1.3")


def test_document_declares_gexf_1_3(path):
    root = ET.parse(path).getroot()
    assert root.tag == "{http://gexf.net/1.3}gexf"
    assert root.get("version") == "1.3"
    assert root.find("g:graph", NS).get("defaultedgetype") == "directed"


def test_networkx_reads_back_nodes_labels_and_attributes(graph, back):
    assert back.is_directed()
    assert set(back.nodes) == set(graph.nodes)
    for node, data in graph.nodes(data=True):
        got = back.nodes[node]
        assert got["label"] == data["label"]
        assert got["cls"] == data["cls"]
        assert got["mentions"] == data["mentions"]
        assert got["articles"] == "; ".join(data["articles"])


def test_networkx_reads_back_every_edge_with_its_relation(graph, back):
    assert back.number_of_edges() == graph.number_of_edges()
    expected = sorted((u, v, d["relation"]) for u, v, d in graph.edges(data=True))
    assert sorted((u, v, d["label"]) for u, v, d in back.edges(data=True)) == expected
    assert all(d["weight"] > 0 for _, _, d in back.edges(data=True))


def test_viz_colour_follows_class_and_size_follows_mentions(graph, back):
    for node, data in graph.nodes(data=True):
        viz = back.nodes[node]["viz"]
        colour = class_style(data["cls"])[0]
        assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == tuple(
            int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert viz["size"] == node_size(data["mentions"])
        assert set(viz["position"]) >= {"x", "y"}


def test_classes_have_distinct_colours():
    colours = [style[0] for style in CLASS_STYLE.values()]
    assert len(set(colours)) == len(colours)


def test_bigger_mention_counts_draw_bigger_nodes():
    assert node_size(1) < node_size(2) < node_size(10)


def test_positions_are_spread_out(back):
    positions = {(d["viz"]["position"]["x"], d["viz"]["position"]["y"]) for _, d in back.nodes(data=True)}
    assert len(positions) == back.number_of_nodes()


def test_bytes_are_deterministic_and_independent_of_insertion_order(graph):
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(graph.edges(keys=True, data=True))))
    first = generate_gexf(graph)
    assert first == generate_gexf(graph) == generate_gexf(shuffled)


def test_no_last_modified_date_is_written(graph):
    meta = ET.fromstring(generate_gexf(graph)).find("g:meta", NS)
    assert "lastmodifieddate" not in meta.attrib
    assert [child.tag.split("}")[1] for child in meta] == ["creator", "description"]


def test_parallel_edges_keep_apart_by_kind(path):
    root = ET.parse(path).getroot()
    edges = root.findall("g:graph/g:edges/g:edge", NS)
    pairs = [(e.get("source"), e.get("target"), e.get("kind")) for e in edges]
    assert len(set(pairs)) == len(pairs)
    assert len({(s, t) for s, t, _ in pairs}) < len(pairs)


def test_hostile_label_is_plain_text(back, path):
    assert back.nodes[EVIL]["label"] == SCRIPT
    assert b"<script>" not in path.read_bytes()


def test_layout_is_deterministic_on_a_large_graph():
    large = make_large_graph(520)
    first = layout_positions(large)
    assert first == layout_positions(large)
    assert len(set(first.values())) == large.number_of_nodes()


def test_tiny_graphs_get_positions(tmp_path):
    single = nx.MultiDiGraph()
    single.add_node("only", label="Only", cls="Person", mentions=1, articles=("a",))
    assert layout_positions(single) == {"only": (0.0, 0.0)}
    back = nx.read_gexf(write_gexf(single, tmp_path / "single.gexf"), version="1.3")
    assert back.nodes["only"]["viz"]["position"]["x"] == 0.0
    assert layout_positions(nx.MultiDiGraph()) == {}
