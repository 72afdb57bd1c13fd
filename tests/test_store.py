"""kg.store: writing the Oxigraph store, running queries, turning rows into text."""

import json
import os
from collections import Counter

import pytest
import rdflib
from store_sample import sample_trig, write_sample_trig

from kg import store as kgstore
from kg.store import (RESOLVED_GRAPH, StoreError, describe_syntax_error, format_rows, open_store,
                      resolve_query, run_query, write_store)

COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ARTICLE = "https://example.org/kg/id/article/"
EVIDENCE = "https://example.org/kg/id/evidence/"


def rdflib_counts(trig_text: str) -> Counter:
    """Triples per graph of a TriG (None = its default graph), and "merged": distinct triples
    that are not evidence (whose subject is not under id/evidence/)."""
    dataset = rdflib.Dataset()
    dataset.parse(data=trig_text, format="trig")
    counts, triples = Counter(), set()
    for s, p, o, graph in dataset.quads((None, None, None, None)):
        name = None if graph is None or graph == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else str(graph)
        counts[name] += 1
        if not str(s).startswith(EVIDENCE):
            triples.add((s, p, o))
    counts["merged"] = len(triples)
    return counts


def store_counts(store_dir) -> Counter:
    """The same numbers read from the store: its default graph is the merge."""
    from pyoxigraph import DefaultGraph

    store = open_store(store_dir)
    counts = Counter({"merged": len(list(store.quads_for_pattern(None, None, None, DefaultGraph())))})
    for graph in store.named_graphs():
        name = None if graph.value == RESOLVED_GRAPH else graph.value
        counts[name] = len(list(store.quads_for_pattern(None, None, None, graph)))
    return counts


@pytest.fixture
def built(tmp_path):
    trig = write_sample_trig(tmp_path / "kg.trig")
    store_dir = tmp_path / "exports" / "store"
    write_store(trig, store_dir)
    return store_dir


def test_store_keeps_default_and_named_graphs(built):
    expected = rdflib_counts(sample_trig())
    assert set(expected) == {None, ARTICLE + "a1", ARTICLE + "a2", "merged"}
    assert expected["merged"] < expected[None] + expected[ARTICLE + "a1"] + expected[ARTICLE + "a2"]
    assert store_counts(built) == expected


def test_store_from_rdflib_dataset(tmp_path):
    dataset = rdflib.Dataset()
    dataset.parse(data=sample_trig(), format="trig")
    quads = write_store(dataset, tmp_path / "store")
    assert quads == sum(rdflib_counts(sample_trig()).values())  # every graph + the merge
    assert store_counts(tmp_path / "store") == rdflib_counts(sample_trig())


def test_queries_see_named_graphs_without_graph_clause(built):
    variables, rows = run_query(built, "SELECT ?who WHERE { ?letter kg:sender ?who }")
    assert variables == ["who"]
    assert rows == [("https://example.org/kg/id/person/melania-trump",)]


def test_default_graph_is_the_merge_with_each_triple_once(built):
    # Melania Trump's rdf:type is in the TriG default graph and in both articles.
    _, rows = run_query(built, "SELECT ?x WHERE { ?x a kg:Person } ORDER BY ?x")
    assert [r[0].rsplit("/", 1)[1] for r in rows] == ["melania-trump", "vladimir-putin"]
    _, graphs = run_query(built, "SELECT ?g WHERE { GRAPH ?g { <https://example.org/kg/id/person/melania-trump> "
                              "a kg:Person } } ORDER BY ?g")
    assert graphs == [(ARTICLE + "a1",), (ARTICLE + "a2",), (RESOLVED_GRAPH,)]


def test_evidence_stays_in_its_article_graph(built):
    ask = ("SELECT ?g ?quote WHERE {{ {} {{ ?ev rdf:subject ?letter ; oa:hasTarget ?t . "
           "?letter kg:sender ?who . ?t oa:hasSelector ?s . ?s oa:exact ?quote }} }}")
    quote = "Melania Trump wrote a letter to Vladimir Putin"
    assert run_query(built, ask.format("GRAPH ?g"))[1] == [(ARTICLE + "a1", quote)]
    _, rows = run_query(built, "SELECT (COUNT(*) AS ?n) WHERE { ?ev a oa:Annotation }")
    assert rows == [(0,)]
    _, rows = run_query(built, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?ev a oa:Annotation } }")
    assert rows == [(1,)]


def test_rebuild_replaces_the_store(built, tmp_path):
    smaller = write_sample_trig(tmp_path / "smaller.trig", with_second_article=False)
    write_store(smaller, built)
    assert ARTICLE + "a2" not in store_counts(built)
    assert store_counts(built) == rdflib_counts(sample_trig(with_second_article=False))


def test_failed_build_leaves_previous_store_usable(built, tmp_path):
    before = run_query(built, COUNT_ALL)
    broken = tmp_path / "broken.trig"
    broken.write_text(sample_trig() + "\n<unterminated", encoding="utf-8")
    with pytest.raises(SyntaxError):
        write_store(broken, built)
    assert run_query(built, COUNT_ALL) == before
    assert sorted(p.name for p in built.parent.iterdir()) == ["store"]


def test_abandoned_build_directories_are_removed(built):
    dead = built.parent / f".store{kgstore.BUILDING_MARK}999999999-x"
    alive = built.parent / f".store{kgstore.BUILDING_MARK}{os.getpid()}-y"
    dead.mkdir()
    alive.mkdir()
    kgstore._remove_abandoned_builds(built)
    assert not dead.exists()
    assert alive.exists()


def test_empty_dataset_gives_a_queryable_store(tmp_path):
    write_store(rdflib.Dataset(), tmp_path / "store")
    assert run_query(tmp_path / "store", COUNT_ALL) == (["n"], [(0,)])


def test_store_of_an_older_layout_asks_for_a_rebuild(tmp_path):
    from pyoxigraph import RdfFormat, Store

    old = Store(str(tmp_path / "store"))
    old.load(sample_trig(), format=RdfFormat.TRIG)
    del old
    with pytest.raises(StoreError, match="older kg; run `kg build` again"):
        run_query(tmp_path / "store", COUNT_ALL)


def test_missing_store_says_to_build(tmp_path):
    with pytest.raises(StoreError, match="run `kg build`"):
        run_query(tmp_path / "nothing", COUNT_ALL)


def test_syntax_error_gives_position(built):
    with pytest.raises(StoreError) as caught:
        run_query(built, "SELECT ?s WHERE {\n  ?s ?p }")
    message = str(caught.value)
    assert message.startswith("SPARQL syntax error at line 2, column")
    assert "\n" not in message


@pytest.mark.parametrize("raw, expected", [
    ("error at 3:14: expected one of OPTIONAL", "SPARQL syntax error at line 3, column 14: expected one of OPTIONAL"),
    ("error at 1:2-1:5: bad\nthing", "SPARQL syntax error at line 1, column 2: bad thing"),
    ("weird", "SPARQL syntax error: weird"),
])
def test_describe_syntax_error(raw, expected):
    assert describe_syntax_error(raw) == expected


def test_long_syntax_error_detail_is_shortened():
    message = describe_syntax_error("error at 1:1: expected " + "'a'..'z', " * 100)
    prefix = "SPARQL syntax error at line 1, column 1: "
    assert message.startswith(prefix + "expected 'a'..'z', ") and message.endswith("…")
    assert len(message) == len(prefix) + kgstore.SYNTAX_DETAIL_WIDTH


def test_values_are_typed_for_json(built):
    query = """SELECT ?n ?d ?f ?s ?iri ?unbound WHERE {
        BIND(8 AS ?n) BIND(2.5 AS ?d) BIND(1.0e3 AS ?f) BIND("12" AS ?s)
        BIND(<https://example.org/x> AS ?iri) OPTIONAL { ?nothing kg:nope ?unbound } }"""
    variables, rows = run_query(built, query)
    assert json.loads(format_rows(variables, rows, "json")) == [
        {"n": 8, "d": 2.5, "f": 1000.0, "s": "12", "iri": "https://example.org/x", "unbound": None}]


def test_ill_typed_number_stays_text(built):
    _, rows = run_query(built, 'SELECT ?x WHERE { BIND("many"^^xsd:integer AS ?x) }')
    assert rows == [("many",)]


def test_ask_and_construct_shapes(built):
    assert run_query(built, "ASK { ?s kg:count 8 }") == (["boolean"], [(True,)])
    variables, rows = run_query(built, "CONSTRUCT { ?s kg:count ?n } WHERE { ?s kg:count ?n }")
    assert variables == ["subject", "predicate", "object"]
    assert rows == [("https://example.org/kg/id/childrengroup/8-returned",
                     "https://example.org/kg/ontology#count", 8)]


def test_csv_and_tsv_quote_and_leave_unbound_empty():
    variables, rows = ["a", "b"], [('say "hi", then go', None), ("tab\there", 3)]
    assert format_rows(variables, rows, "csv") == 'a,b\n"say ""hi"", then go",\ntab\there,3\n'
    assert format_rows(variables, rows, "tsv").splitlines()[0] == "a\tb"
    assert format_rows(variables, rows, "tsv").splitlines()[2] == '"tab\there"\t3'


def test_table_is_aligned_and_counts_rows():
    text = format_rows(["name", "n"], [("Melania Trump", 2), ("Putin", None)], "table")
    assert text.splitlines() == [
        "name           n",
        "-------------  -",
        "Melania Trump  2",
        "Putin",
        "(2 rows)",
    ]


def test_table_shortens_long_cells():
    line = format_rows(["x"], [("y" * 500,)], "table").splitlines()[2]
    assert len(line) == kgstore.TABLE_CELL_WIDTH and line.endswith("…")


def test_resolve_named_query_path_and_text(tmp_path):
    (tmp_path / "people.rq").write_text("SELECT ?p WHERE { ?p a kg:Person }", encoding="utf-8")
    other = tmp_path / "mine.rq"
    other.write_text("ASK {}", encoding="utf-8")
    assert resolve_query("people", tmp_path) == "SELECT ?p WHERE { ?p a kg:Person }"
    assert resolve_query(str(other), tmp_path) == "ASK {}"
    assert resolve_query(COUNT_ALL, tmp_path) == COUNT_ALL


def test_unknown_query_name_lists_named_queries(tmp_path):
    for name in ("people", "letters"):
        (tmp_path / f"{name}.rq").write_text("ASK {}", encoding="utf-8")
    with pytest.raises(StoreError, match=r"unknown query 'peple'; named queries: letters, people"):
        resolve_query("peple", tmp_path)


def test_missing_query_file(tmp_path):
    with pytest.raises(StoreError, match="no query file"):
        resolve_query(str(tmp_path / "absent.rq"), tmp_path)
