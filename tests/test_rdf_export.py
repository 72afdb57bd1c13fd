"""RDF written as text (kg/graph.py, kg/exporters/rdf.py): kg.trig, kg.ttl and kg.jsonld say the
same thing, rdflib and Oxigraph read them, any text survives as a literal, odd article ids make
valid IRIs, evidence IRIs keep their digests, and facts quoting one span share its target."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, Literal, URIRef

from kg.exporters.rdf import RdfWriter, turtle_header
from kg.graph import BASE, _n3, article_iri, entity_iri, facts_part, is_evidence, render_article, render_default
from kg.model import Article, Date, Provenance, Ref
from kg.resolve import Entity, Statement
from kg.vocab import KG, OA

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


def quads(ds) -> set:
    return {(s, p, o, str(g)) for s, p, o, g in ds.quads((None, None, None, None))}


def test_trig_jsonld_and_turtle_hold_the_same_triples(seeds_build):
    trig = rdflib.Dataset().parse(seeds_build / "kg.trig", format="trig")
    jsonld = rdflib.Dataset().parse(seeds_build / "kg.jsonld", format="json-ld")
    ttl = rdflib.Graph().parse(seeds_build / "kg.ttl", format="turtle")
    assert quads(trig) == quads(jsonld)
    assert set(ttl) == {(s, p, o) for s, p, o, _ in quads(trig)}
    assert len(ttl) > 1000


@pytest.mark.parametrize(("name", "fmt"), [("kg.trig", ox.RdfFormat.TRIG), ("kg.ttl", ox.RdfFormat.TURTLE),
                                           ("kg.jsonld", ox.RdfFormat.JSON_LD)])
def test_oxigraph_reads_every_file(seeds_build, name, fmt):
    assert sum(1 for _ in ox.parse(path=str(seeds_build / name), format=fmt)) > 1000


def test_facts_quoting_one_span_share_its_target(seeds_dataset):
    shared = 0
    for graph in seeds_dataset.graphs():
        annotations = set(graph.subjects(RDF.type, OA.Annotation))
        if not annotations:
            continue
        targets = {graph.value(a, OA.hasTarget) for a in annotations}
        assert set(graph.subjects(RDF.type, OA.SpecificResource)) == targets
        spans = set()
        for target in targets:
            position = next(p for p in graph.objects(target, OA.hasSelector) if graph.value(p, OA.start) is not None)
            spans.add((int(graph.value(position, OA.start)), int(graph.value(position, OA.end))))
        assert len(spans) == len(targets)
        shared += len(annotations) - len(targets)
    assert shared > 0


def one_article(article_id: str, name: str, quote: str = "Q"):
    prov = Provenance(article_id, 0, len(quote), quote, "people")
    statements = [Statement(article_id, "person/x", "kind", name, prov),
                  Statement(article_id, "person/x", "date", Date("2025-08", "August"), prov),
                  Statement(article_id, "person/x", "count", 12, prov),
                  Statement(article_id, "person/x", "sender", Ref("person/y"), prov)]
    return render_article(article_id, statements, {"person/x": "Person", "person/y": "Person"})


def written(tmp_path, article_id: str, name: str):
    entity = Entity("person/x", "Person", label=name, names={name, "other"})
    article = Article(article_id, "a.txt", "text", title=name)
    with RdfWriter(tmp_path) as writer:
        writer.add_article(article_id, one_article(article_id, name))
        writer.finish(render_default({"person/x": entity}, [article]))
    return tmp_path


@settings(max_examples=60, deadline=None)
@given(name=TEXT)
def test_any_text_survives_as_a_literal(tmp_path_factory, name):
    folder = written(tmp_path_factory.mktemp("rdf"), "a", name)
    trig = rdflib.Dataset().parse(folder / "kg.trig", format="trig")
    found = {(p, o) for s, p, o, _ in quads(trig) if s == URIRef(entity_iri("person/x"))}
    assert {(KG.kind, Literal(name)), (rdflib.RDFS.label, Literal(name))} <= found
    jsonld = rdflib.Dataset().parse(folder / "kg.jsonld", format="json-ld")
    assert quads(trig) == quads(jsonld)
    store_literals = {q.object.value for q in ox.parse(path=str(folder / "kg.trig"), format=ox.RdfFormat.TRIG)
                      if isinstance(q.object, ox.Literal)}
    assert name in store_literals


@pytest.mark.parametrize("article_id", ["plain", "with space", "colon:inside", "hash#and%percent", "..", "ünï"])
def test_odd_article_ids_make_valid_iris(tmp_path, article_id):
    folder = written(tmp_path, article_id, "Name")
    graphs = {q.graph_name.value for q in ox.parse(path=str(folder / "kg.trig"), format=ox.RdfFormat.TRIG)
              if isinstance(q.graph_name, ox.NamedNode)}
    assert graphs == {article_iri(article_id)}
    jsonld = rdflib.Dataset().parse(folder / "kg.jsonld", format="json-ld")
    assert {str(g) for _, _, _, g in quads(jsonld)} >= {article_iri(article_id)}
    assert " " not in article_iri(article_id) and "#" not in article_iri(article_id)


@given(value=st.one_of(TEXT, st.integers(-10**6, 10**6)))
def test_evidence_digests_use_rdflibs_n3(value):
    expected = Literal(value, datatype=rdflib.XSD.integer).n3() if isinstance(value, int) else Literal(value).n3()
    assert _n3(value) == expected
    assert _n3(Ref("person/x")) == URIRef(entity_iri("person/x")).n3()
    assert _n3(Date("2025-08", "")) == Literal("2025-08", datatype=rdflib.XSD.gYearMonth).n3()


def test_jsonld_is_one_document_with_context(seeds_build):
    data = json.loads((seeds_build / "kg.jsonld").read_text(encoding="utf-8"))
    assert data["@context"]["@base"] == "https://example.org/kg/id/"
    assert any("@graph" in item for item in data["@graph"])


@settings(max_examples=40, deadline=None)
@given(name=TEXT, quote=TEXT.filter(bool))
def test_facts_part_is_every_triple_but_the_evidence(name, quote):
    graph = one_article("a", name, quote)
    header = turtle_header()
    everything = set(ox.parse(header + graph.turtle, format=ox.RdfFormat.TURTLE, base_iri=BASE))
    facts = set(ox.parse(header + facts_part(graph.turtle), format=ox.RdfFormat.TURTLE, base_iri=BASE))
    assert len(everything) == graph.triples
    assert facts == {t for t in everything if not is_evidence(t.subject.value)}
    assert len(facts) == 6  # type, mentionedIn and four facts; mentionedIn has no annotation
    assert len(everything) - len(facts) == 5 * 6 + 9  # five annotations, one quoted span


def _graphs(n: int, changed: set[int] = frozenset()):
    return [(f"a{i:03d}", one_article(f"a{i:03d}", f"Name {i}" + (" changed" if i in changed else ""),
                                      quote=f"Quote number {i}.")) for i in range(n)]


def _write(folder, graphs, previous=None, spans=None, *, copy_early=False, stop_after=None):
    """Write `graphs`, copying from `previous` every graph whose Turtle is unchanged there."""
    from kg.exporters.rdf import copy_deferred

    entity = Entity("person/x", "Person", label="X", names={"X"})
    articles = [Article(aid, f"{aid}.txt", "text", title=aid) for aid, _ in graphs]
    with RdfWriter(folder, copy_early=copy_early) as writer:
        for index, (aid, graph) in enumerate(graphs):
            if previous is not None and spans[1].get(aid) == graph.turtle:
                writer.copy_article(aid, previous, spans[0][aid])
            else:
                writer.add_article(aid, graph)
            if stop_after == index:
                writer.stop_early_copies()
        writer.finish(render_default({"person/x": entity}, articles))
    copy_deferred(folder, writer.deferred)
    return writer.spans, {aid: graph.turtle for aid, graph in graphs}, writer.deferred


@pytest.mark.parametrize("stop_after", [None, 5, 30])
def test_early_copies_write_the_same_bytes(tmp_path, monkeypatch, stop_after):
    import kg.exporters.rdf as rdf

    monkeypatch.setattr(rdf, "EARLY_COPY_BYTES", 200)  # so that a run is handed on many times
    handed = []
    submit = rdf.EarlyCopies.submit
    monkeypatch.setattr(rdf.EarlyCopies, "submit", lambda self, job: (handed.append(job), submit(self, job)))
    for name in ("before", "fresh", "early"):
        (tmp_path / name).mkdir()
    before = _write(tmp_path / "before", _graphs(40))
    assert handed == []  # nothing to copy, no thread
    changed = _graphs(40, changed={3, 17})
    _write(tmp_path / "fresh", changed)
    _, _, deferred = _write(tmp_path / "early", changed, tmp_path / "before", before, copy_early=True,
                            stop_after=stop_after)
    for name in ("kg.ttl", "kg.trig", "kg.jsonld"):
        assert (tmp_path / "early" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes()
    assert len(handed) >= 3  # each file's first run, at least, went to the thread
    if stop_after is not None:  # what was copied after the stop was left to copy_deferred
        assert {job[2] for job in deferred} - {job[2] for job in handed}


def test_an_early_copy_that_fails_fails_the_writer(tmp_path, monkeypatch):
    import kg.exporters.rdf as rdf

    monkeypatch.setattr(rdf, "EARLY_COPY_BYTES", 200)
    (tmp_path / "before").mkdir()
    before = _write(tmp_path / "before", _graphs(20))
    (tmp_path / "before" / "kg.trig").write_bytes(b"short")  # the ranges to copy are gone
    (tmp_path / "after").mkdir()
    with pytest.raises(OSError):
        _write(tmp_path / "after", _graphs(20, changed={19}), tmp_path / "before", before, copy_early=True)
