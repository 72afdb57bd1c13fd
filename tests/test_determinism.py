"""Exports are a function of the set of input files: the same bytes whatever the order the files
or folders are given in and whatever Python's hash seed; entity IRIs survive adding articles;
Turtle, TriG and JSON-LD re-parse to the graph that was built."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import RDF, BNode
from rdflib.compare import isomorphic

from kg.vocab import KG
from tests.build_helpers import (EXPORT_FILES, SEED_FILES, copy_files, export_bytes, invoke,
                                 run_kg, use_session_nlp)


def assert_same_exports(exports, expected) -> None:
    for name in EXPORT_FILES:
        assert (exports / name).read_bytes() == (expected / name).read_bytes(), name


def test_files_in_reverse_order_under_another_hash_seed(seeds_build, tmp_path):
    done = run_kg("build", *reversed(SEED_FILES), "--exports", tmp_path / "out", "-q", PYTHONHASHSEED="1")
    assert done.returncode == 0, done.stderr
    assert_same_exports(tmp_path / "out", seeds_build)


def test_two_folders_in_either_order_under_another_hash_seed(seeds_build, tmp_path):
    first = copy_files(SEED_FILES[:2], tmp_path / "first")
    second = copy_files(SEED_FILES[2:], tmp_path / "second")
    done = run_kg("build", second, first, "--exports", tmp_path / "out", "-q", PYTHONHASHSEED="2")
    assert done.returncode == 0, done.stderr
    assert_same_exports(tmp_path / "out", seeds_build)


def test_same_name_in_two_folders_gives_the_same_ids_in_either_order(tmp_path, monkeypatch, nlp):
    use_session_nlp(monkeypatch, nlp)
    for folder, text in (("a", "Chancellor Olaf Scholz wrote a letter to Prime Minister Mark Rutte."),
                         ("b", "President Emmanuel Macron met Prime Minister Keir Starmer in Paris.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "news.txt").write_text(f" date 2024-03-01\n\n{text}\n", encoding="utf-8")
    builds = []
    for order in (("a", "b"), ("b", "a")):
        out = tmp_path / ("out-" + "".join(order))
        result = invoke("build", *(tmp_path / f for f in order), "--exports", out, "-q")
        assert result.exit_code == 0, result.stderr
        builds.append(export_bytes(out))
    assert builds[0] == builds[1]


# ---------------------------------------------------------------- IRIs survive new articles

def entity_iris(graph, classes) -> set:
    return {s for cls in classes for s in graph.subjects(RDF.type, cls)}


STABLE = (KG.Person, KG.Office, KG.Letter)
# resolve.py borrows an office's missing jurisdiction from other articles: the "First Lady" of the
# seeds without 004 (the one article naming the United States) is office/first-lady, and becomes
# office/first-lady-united-states once 004 is added. Reported; kg/resolve.py is not ours to change.
UNSTABLE = {SEED_FILES[4].stem: "an office IRI gains the jurisdiction another article gives (kg/resolve.py)"}


@pytest.mark.parametrize("left_out", [
    pytest.param(p.stem, marks=pytest.mark.xfail(reason=UNSTABLE[p.stem], strict=True)) if p.stem in UNSTABLE
    else p.stem for p in SEED_FILES])
def test_iris_of_a_smaller_build_stay_in_the_larger(seeds_build, tmp_path, nlp, left_out):
    from kg.build import run_build

    run_build([p for p in SEED_FILES if p.stem != left_out], tmp_path, nlp=nlp)
    smaller = entity_iris(rdflib.Graph().parse(tmp_path / "kg.ttl"), STABLE)
    larger = entity_iris(rdflib.Graph().parse(seeds_build / "kg.ttl"), STABLE)
    assert len(smaller) > 5
    assert sorted(smaller - larger) == []


# ---------------------------------------------------------------- round trips

def graphs_by_name(ds) -> dict[str, rdflib.Graph]:
    default = ds.default_graph.identifier
    found = {}
    for graph in ds.graphs():
        if len(graph):
            copy = rdflib.Graph()
            for triple in graph:
                copy.add(triple)
            found["default" if graph.identifier == default else str(graph.identifier)] = copy
    return found


def no_blank_nodes(graph) -> bool:
    return not any(isinstance(term, BNode) for triple in graph for term in triple)


@pytest.fixture(scope="module")
def trig_graphs(seeds_build):
    """The seeds' built dataset as kg.trig gives it, graph by graph."""
    return graphs_by_name(rdflib.Dataset().parse(seeds_build / "kg.trig", format="trig"))


def test_trig_holds_one_graph_per_article_and_no_blank_node(trig_graphs):
    assert len(trig_graphs) == 1 + len(SEED_FILES)
    assert all(no_blank_nodes(g) for g in trig_graphs.values())
    assert sum(len(g) for g in trig_graphs.values()) > 1000


def test_turtle_reparses_to_the_union_of_the_dataset(trig_graphs, seeds_build):
    union = rdflib.Graph()
    for graph in trig_graphs.values():
        for triple in graph:
            union.add(triple)
    parsed = rdflib.Graph().parse(seeds_build / "kg.ttl", format="turtle")
    assert no_blank_nodes(parsed)
    assert len(parsed) == len(union)
    assert isomorphic(parsed, union)


def test_jsonld_reparses_to_the_dataset_graph_by_graph(trig_graphs, seeds_build):
    parsed = graphs_by_name(rdflib.Dataset().parse(seeds_build / "kg.jsonld", format="json-ld"))
    assert sorted(parsed) == sorted(trig_graphs)
    for key, graph in trig_graphs.items():
        assert no_blank_nodes(parsed[key])
        assert len(parsed[key]) == len(graph), key
        assert isomorphic(parsed[key], graph), key


def test_store_holds_the_dataset_graph_by_graph(trig_graphs, seeds_build):
    from kg.store import run_query

    _variables, rows = run_query(seeds_build / "store", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    counts = {g: n for g, n in rows}
    named = {k: len(g) for k, g in trig_graphs.items() if k != "default"}
    assert {g: counts[g] for g in named} == named
