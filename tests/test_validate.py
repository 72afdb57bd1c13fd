"""`kg validate`: the seeds' graph conforms to ontology/shapes.ttl; a graph that breaks a shape
fails, one line per violation naming the shape, the node and what is wrong."""

from __future__ import annotations

import shutil

import pytest
import rdflib
from rdflib import RDF, RDFS, Literal, URIRef

from kg.validate import SHAPES_FILE, Violation, validate_graph
from kg.vocab import CLASSES, KG, OA
from tests.build_helpers import invoke

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
KGSH = rdflib.Namespace("https://example.org/kg/shapes#")


@pytest.fixture(scope="module")
def seeds_graph(seeds_build):
    return rdflib.Graph().parse(seeds_build / "kg.ttl")


def exports_with(tmp_path, graph) -> str:
    folder = tmp_path / "exports"
    folder.mkdir()
    graph.serialize(folder / "kg.ttl", format="turtle")
    return folder


def copy_of(graph) -> rdflib.Graph:
    copy = rdflib.Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def test_seeds_graph_conforms(seeds_build):
    result = invoke("validate", "--exports", seeds_build)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert result.stderr.startswith(f"{seeds_build / 'kg.ttl'} conforms to the shapes (")


def test_letter_without_sender_fails_naming_the_shape(seeds_graph, tmp_path):
    graph = copy_of(seeds_graph)
    letter = sorted(graph.subjects(RDF.type, KG.Letter))[0]
    assert (letter, KG.sender, None) in graph
    graph.remove((letter, KG.sender, None))
    exports = exports_with(tmp_path, graph)
    result = invoke("validate", "--exports", exports)
    assert result.exit_code == 1
    label = graph.value(letter, RDFS.label)
    assert result.stdout == (f"Letter-sender (MinCount): {str(label)!r} <{letter}>: "
                             f"a letter needs a sender (kg:sender)\n")
    assert result.stderr == f"Error: {exports / 'kg.ttl'}: 1 violation(s) of the shapes\n"


def test_each_broken_rule_names_its_shape(seeds_graph):
    graph = copy_of(seeds_graph)
    person = sorted(graph.subjects(RDF.type, KG.Person))[0]
    group = sorted(graph.subjects(RDF.type, KG.ChildrenGroup))[0]
    letter = sorted(graph.subjects(RDF.type, KG.Letter))[0]
    office = sorted(graph.subjects(RDF.type, KG.Office))[0]
    place = sorted(graph.subjects(RDF.type, KG.Place))[0]
    graph.remove((person, RDFS.label, None))
    graph.remove((group, KG["count"], None))
    graph.remove((letter, KG.recipient, None))
    for annotation in list(graph.subjects(RDF.subject, office)):
        graph.remove((annotation, None, None))
    graph.set((place, RDF.type, URIRef("https://example.org/kg/ontology#Thing")))
    graph.add((person, KG.date, Literal("last week")))
    found = {(v.shape, v.focus) for v in validate_graph(graph)}
    expected = {("Entity-label", person), ("ChildrenGroup-count", group), ("Letter-recipient", letter),
                ("Entity-evidence", office), ("Entity-class", place), ("Dated-date", person)}
    assert {(shape, URIRef(focus)) for shape, focus in found} >= expected


def test_evidence_span_must_be_ordered(seeds_graph):
    graph = copy_of(seeds_graph)
    position = sorted(graph.subjects(RDF.type, OA.TextPositionSelector))[0]
    target = graph.value(None, OA.hasSelector, position)
    graph.set((position, OA.start, Literal(10 ** 6, datatype=rdflib.XSD.nonNegativeInteger)))
    found = {(v.shape, URIRef(v.focus)) for v in validate_graph(graph)}
    assert ("EvidenceTarget-position", target) in found


def test_violation_line_shows_label_or_iri():
    named = Violation("Letter-sender", "MinCount", "https://example.org/kg/id/letter/x", "Letter x", "needs a sender")
    bare = Violation("Letter-sender", "MinCount", "https://example.org/kg/id/letter/x", None, "needs a sender")
    assert named.line() == "Letter-sender (MinCount): 'Letter x' <https://example.org/kg/id/letter/x>: needs a sender"
    assert bare.line() == "Letter-sender (MinCount): <https://example.org/kg/id/letter/x>: needs a sender"


def test_missing_graph_is_one_error_line(tmp_path):
    result = invoke("validate", "--exports", tmp_path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {tmp_path / 'kg.ttl'}: no such file; run `kg build` first\n"


def test_unparsable_graph_is_one_error_line(tmp_path):
    (tmp_path / "kg.ttl").write_text("<a> <b> .", encoding="utf-8")
    result = invoke("validate", "--exports", tmp_path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {tmp_path / 'kg.ttl'}: cannot parse the graph as Turtle: ")
    assert result.stderr.count("\n") == 1


SHAPES_HEAD = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix kg: <https://example.org/kg/ontology#> .\n"


def test_other_shapes_can_be_given(seeds_build, tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES_HEAD + "<urn:x:NoPeople> a sh:NodeShape ; sh:targetClass kg:Person ; "
                      "sh:property [ sh:path kg:name ; sh:maxCount 0 ; sh:message \"no names\" ] .\n",
                      encoding="utf-8")
    shutil.copy(seeds_build / "kg.ttl", tmp_path / "kg.ttl")
    result = invoke("validate", "--exports", tmp_path, "--shapes", shapes)
    assert result.exit_code == 1
    assert result.stdout and all(line.startswith("NoPeople-name (MaxCount): ") and line.endswith(": no names")
                                 for line in result.stdout.splitlines())


def test_unusable_shapes_are_one_error_line(seeds_build, tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES_HEAD + "<urn:x:Bad> a sh:NodeShape ; sh:targetClass kg:Person ; sh:maxCount 0 .\n",
                      encoding="utf-8")
    result = invoke("validate", "--exports", seeds_build, "--shapes", shapes)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: the shapes cannot be used: ")
    assert result.stderr.count("\n") == 1


def test_shapes_list_the_ontology_entity_classes():
    shapes = rdflib.Graph().parse(SHAPES_FILE)
    listed = rdflib.collection.Collection(shapes, shapes.value(KGSH["Entity-class"], SH["in"]))
    targets = set(shapes.objects(KGSH.Entity, SH.targetClass))
    entity_classes = {KG[c] for c in CLASSES if c != "Article"}
    assert set(listed) == targets == entity_classes
