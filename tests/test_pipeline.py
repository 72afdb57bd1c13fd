"""The seeds' build: five export files that parse, and the facts issue 2 asks for."""

from __future__ import annotations

import json

import networkx as nx
import rdflib
from rdflib import RDF, RDFS
from typer.testing import CliRunner

from kg.cli import app
from kg.vocab import KG, OA

EXPORTS = ("kg.ttl", "kg.trig", "kg.jsonld", "kg.graphml", "kg.gexf", "kg.html")


def label_of(graph, node) -> str:
    return str(graph.value(node, RDFS.label))


def people(graph) -> dict[str, rdflib.URIRef]:
    return {label_of(graph, p): p for p in graph.subjects(RDF.type, KG.Person)}


def test_every_export_is_written_and_parses(seeds_build):
    for name in EXPORTS:
        assert (seeds_build / name).stat().st_size > 0, name
    assert len(rdflib.Graph().parse(seeds_build / "kg.ttl")) > 0
    assert len(rdflib.Dataset().parse(seeds_build / "kg.jsonld", format="json-ld")) > 0
    graph = nx.read_graphml(seeds_build / "kg.graphml")
    assert graph.number_of_nodes() > 0


def test_trig_has_one_named_graph_per_article(seeds_dataset):
    named = [g for g in seeds_dataset.graphs() if g.identifier != seeds_dataset.default_graph.identifier and len(g)]
    assert len(named) == 5


def test_three_distinct_people(seeds_build):
    graph = rdflib.Graph().parse(seeds_build / "kg.ttl")
    found = people(graph)
    for name in ("Melania Trump", "Donald Trump", "Vladimir Putin"):
        assert name in found
    assert len({found["Melania Trump"], found["Donald Trump"], found["Vladimir Putin"]}) == 3


def test_letter_from_melania_to_putin(seeds_build):
    graph = rdflib.Graph().parse(seeds_build / "kg.ttl")
    found = people(graph)
    letters = [l for l in graph.subjects(RDF.type, KG.Letter)
               if (l, KG.sender, found["Melania Trump"]) in graph and (l, KG.recipient, found["Vladimir Putin"]) in graph]
    assert letters


def test_meeting_children_group_and_office(seeds_build):
    graph = rdflib.Graph().parse(seeds_build / "kg.ttl")
    assert any(True for _ in graph.subjects(RDF.type, KG.Meeting))
    counts = {int(c) for g in graph.subjects(RDF.type, KG.ChildrenGroup) for c in graph.objects(g, KG.count)}
    assert 8 in counts
    melania = people(graph)["Melania Trump"]
    offices = {label_of(graph, o) for o in graph.objects(melania, KG.holdsOffice)}
    assert any("First Lady" in o for o in offices)


def test_every_fact_has_evidence_quoting_the_article(seeds_dataset):
    from tests.conftest import SEEDS

    texts = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    default = seeds_dataset.default_graph.identifier
    checked = 0
    for graph in seeds_dataset.graphs():
        if graph.identifier == default or not len(graph):
            continue
        text = texts[str(graph.identifier).rsplit("/", 1)[1]]
        evidence = set(graph.subjects(RDF.type, OA.Annotation))
        parts = {o for e in evidence for o in graph.objects(e, OA.hasTarget)}
        parts |= {o for t in parts for o in graph.objects(t, OA.hasSelector)}
        supported = {(graph.value(e, RDF.subject), graph.value(e, RDF.predicate), graph.value(e, RDF.object)): e
                     for e in evidence}
        for triple in graph:
            if triple[0] in evidence or triple[0] in parts:
                continue
            if triple[1] == KG.mentionedIn:  # its evidence is that of the subject's type
                assert triple[2] == graph.identifier
                triple = (triple[0], RDF.type, graph.value(triple[0], RDF.type))
            ev = supported.get(triple)
            assert ev is not None, triple
            target = graph.value(ev, OA.hasTarget)
            assert graph.value(target, OA.hasSource) == graph.identifier
            selectors = list(graph.objects(target, OA.hasSelector))
            start = next(int(graph.value(s, OA.start)) for s in selectors if graph.value(s, OA.start) is not None)
            end = next(int(graph.value(s, OA.end)) for s in selectors if graph.value(s, OA.end) is not None)
            exact = next(str(graph.value(s, OA.exact)) for s in selectors if graph.value(s, OA.exact) is not None)
            assert text[start:end] == exact and exact
            checked += 1
    assert checked > 100


def test_query_counts_as_json(seeds_build):
    result = CliRunner().invoke(app, ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                      "--exports", str(seeds_build), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert isinstance(rows, list) and isinstance(rows[0]["n"], int) and rows[0]["n"] > 0


def test_named_queries_have_their_columns(seeds_build):
    from kg.store import run_query
    from kg import QUERIES_DIR

    expected = {
        "people": ["person", "name", "office", "sources"],
        "offices": ["office", "name", "holder", "sources"],
        "letters": ["letter", "sender", "recipient", "deliverer", "date", "about", "sources"],
        "meetings": ["meeting", "kind", "participants", "place", "date", "sources"],
        "events": ["event", "kind", "date", "place", "agents", "sources"],
        "children": ["group", "count", "description", "origin", "destination", "status", "sources"],
        "sources": ["article", "date", "outlet", "author", "title"],
    }
    for name, columns in expected.items():
        variables, rows = run_query(seeds_build / "store", (QUERIES_DIR / f"{name}.rq").read_text())
        assert variables == columns, name
        assert rows, name
