"""The named queries (ontology/queries/*.rq) are written for the Oxigraph store's speed
(docs/DESIGN.md, "Query store"); here they must return the rows of their plain forms, the
straightforward SPARQL they replaced, on the seeds and on a synthetic graph with many
multi-valued facts. Lists joined with "; " are compared as sets, except `sources`, whose order
(by article ID) is part of the result."""

import pytest

from kg import QUERIES_DIR
from kg.store import execute, open_store, write_store
from tests.conftest import bench_module

PREFIXES = """PREFIX kg: <https://example.org/kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

PLAIN = {
    "children": PREFIXES + """
SELECT ?group ?count ?description ?origin ?destination ?status ?sources
WHERE {
  { SELECT ?group (GROUP_CONCAT(?id; separator="; ") AS ?sources)
    WHERE { { SELECT DISTINCT ?group ?id WHERE { ?group a kg:ChildrenGroup ; kg:mentionedIn ?article . ?article kg:articleId ?id . } ORDER BY ?id } }
    GROUP BY ?group }
  OPTIONAL { SELECT ?group (MIN(?c) AS ?count) WHERE { ?group kg:count ?c . } GROUP BY ?group }
  OPTIONAL { SELECT ?group (GROUP_CONCAT(DISTINCT ?v; separator="; ") AS ?description) WHERE { ?group a kg:ChildrenGroup ; kg:description ?v } GROUP BY ?group }
  OPTIONAL { SELECT ?group (GROUP_CONCAT(DISTINCT ?v; separator="; ") AS ?origin) WHERE { ?group kg:origin/rdfs:label ?v } GROUP BY ?group }
  OPTIONAL { SELECT ?group (GROUP_CONCAT(DISTINCT ?v; separator="; ") AS ?destination) WHERE { ?group kg:destination/rdfs:label ?v } GROUP BY ?group }
  OPTIONAL { SELECT ?group (GROUP_CONCAT(DISTINCT ?v; separator="; ") AS ?status) WHERE { ?group kg:status ?v } GROUP BY ?group }
}
ORDER BY ?group
""",
    "events": PREFIXES + """
SELECT ?event ?kind ?date ?place ?agents ?sources
WHERE {
  { SELECT ?event (GROUP_CONCAT(?id; separator="; ") AS ?sources)
    WHERE { { SELECT DISTINCT ?event ?id WHERE { ?event a kg:Event ; kg:mentionedIn ?article . ?article kg:articleId ?id . } ORDER BY ?id } }
    GROUP BY ?event }
  FILTER NOT EXISTS { ?event a kg:Meeting }
  OPTIONAL { SELECT ?event (GROUP_CONCAT(DISTINCT ?v; separator="; ") AS ?kind) WHERE { ?event a kg:Event ; kg:kind ?v } GROUP BY ?event }
  OPTIONAL { SELECT ?event (GROUP_CONCAT(DISTINCT STR(?v); separator="; ") AS ?date) WHERE { ?event a kg:Event ; kg:date ?v } GROUP BY ?event }
  OPTIONAL { SELECT ?event (GROUP_CONCAT(DISTINCT ?v; separator="; ") AS ?place) WHERE { ?event a kg:Event ; kg:place/rdfs:label ?v } GROUP BY ?event }
  OPTIONAL { SELECT ?event (GROUP_CONCAT(DISTINCT ?v; separator="; ") AS ?agents) WHERE { ?event kg:agent/rdfs:label ?v } GROUP BY ?event }
}
ORDER BY ?event
""",
    "letters": PREFIXES + """
SELECT ?letter ?sender ?recipient ?deliverer ?date ?about ?sources
WHERE {
  { SELECT ?letter (GROUP_CONCAT(?id; separator="; ") AS ?sources)
    WHERE { { SELECT DISTINCT ?letter ?id WHERE { ?letter a kg:Letter ; kg:mentionedIn ?article . ?article kg:articleId ?id . } ORDER BY ?id } }
    GROUP BY ?letter }
  OPTIONAL { SELECT ?letter (GROUP_CONCAT(DISTINCT ?v; separator="; ") AS ?sender) WHERE { ?letter kg:sender/rdfs:label ?v } GROUP BY ?letter }
  OPTIONAL { SELECT ?letter (GROUP_CONCAT(DISTINCT ?v; separator="; ") AS ?recipient) WHERE { ?letter kg:recipient/rdfs:label ?v } GROUP BY ?letter }
  OPTIONAL { SELECT ?letter (GROUP_CONCAT(DISTINCT ?v; separator="; ") AS ?deliverer) WHERE { ?letter kg:deliverer/rdfs:label ?v } GROUP BY ?letter }
  OPTIONAL { SELECT ?letter (GROUP_CONCAT(DISTINCT STR(?v); separator="; ") AS ?date) WHERE { ?letter kg:date ?v } GROUP BY ?letter }
  OPTIONAL { SELECT ?letter (GROUP_CONCAT(DISTINCT ?v; separator="; ") AS ?about) WHERE { ?letter kg:about ?v } GROUP BY ?letter }
}
ORDER BY ?letter
""",
    "meetings": PREFIXES + """
SELECT ?meeting ?kind ?participants ?place ?date ?sources
WHERE {
  { SELECT ?meeting (GROUP_CONCAT(?id; separator="; ") AS ?sources)
    WHERE { { SELECT DISTINCT ?meeting ?id WHERE { ?meeting a kg:Meeting ; kg:mentionedIn ?article . ?article kg:articleId ?id . } ORDER BY ?id } }
    GROUP BY ?meeting }
  OPTIONAL { SELECT ?meeting (GROUP_CONCAT(DISTINCT ?v; separator="; ") AS ?kind) WHERE { ?meeting a kg:Meeting ; kg:kind ?v } GROUP BY ?meeting }
  OPTIONAL { SELECT ?meeting (GROUP_CONCAT(DISTINCT ?v; separator="; ") AS ?participants) WHERE { ?meeting kg:participant/rdfs:label ?v } GROUP BY ?meeting }
  OPTIONAL { SELECT ?meeting (GROUP_CONCAT(DISTINCT ?v; separator="; ") AS ?place) WHERE { ?meeting a kg:Meeting ; kg:place/rdfs:label ?v } GROUP BY ?meeting }
  OPTIONAL { SELECT ?meeting (GROUP_CONCAT(DISTINCT STR(?v); separator="; ") AS ?date) WHERE { ?meeting a kg:Meeting ; kg:date ?v } GROUP BY ?meeting }
}
ORDER BY ?meeting
""",
    "offices": PREFIXES + """
SELECT ?office ?name ?holder ?sources
WHERE {
  { SELECT ?office (GROUP_CONCAT(?id; separator="; ") AS ?sources)
    WHERE { { SELECT DISTINCT ?office ?id WHERE { ?office a kg:Office ; kg:mentionedIn ?article . ?article kg:articleId ?id . } ORDER BY ?id } }
    GROUP BY ?office }
  ?office rdfs:label ?name .
  OPTIONAL { SELECT ?office (GROUP_CONCAT(DISTINCT ?v; separator="; ") AS ?holder) WHERE { ?office kg:heldBy/rdfs:label ?v } GROUP BY ?office }
}
ORDER BY ?name
""",
    "people": PREFIXES + """
SELECT ?person ?name ?office ?sources
WHERE {
  { SELECT ?person (GROUP_CONCAT(?id; separator="; ") AS ?sources)
    WHERE { { SELECT DISTINCT ?person ?id WHERE { ?person a kg:Person ; kg:mentionedIn ?article . ?article kg:articleId ?id . } ORDER BY ?id } }
    GROUP BY ?person }
  ?person rdfs:label ?name .
  OPTIONAL { ?person kg:holdsOffice/rdfs:label ?office . }
}
ORDER BY ?name ?office
""",
    "sources": PREFIXES + """
SELECT ?article (STR(?d) AS ?date) ?outlet ?author ?title
WHERE {
  ?a a kg:Article ; kg:articleId ?article .
  OPTIONAL { ?a kg:published ?d . }
  OPTIONAL { ?a kg:outlet ?outlet . }
  OPTIONAL { ?a kg:author ?author . }
  OPTIONAL { ?a kg:title ?title . }
}
ORDER BY ?article
""",
}


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory):
    synthetic = bench_module("synthetic_graph.py")
    folder = tmp_path_factory.mktemp("synthetic")
    synthetic.write_synthetic_trig(folder / "kg.trig", 40_000, seed=3)
    write_store(folder / "kg.trig", folder / "store")
    return open_store(folder / "store")


def as_sets(variables, rows):
    """Rows with every "; "-joined list but `sources` turned into a sorted tuple."""
    return [tuple(v if name == "sources" or not isinstance(v, str) else tuple(sorted(v.split("; ")))
                  for name, v in zip(variables, row)) for row in rows]


def named(name: str) -> str:
    return (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_named_query_returns_the_rows_of_its_plain_form(name, synthetic_store, seeds_build):
    for store in (synthetic_store, open_store(seeds_build / "store")):
        plain_vars, plain_rows = execute(store, PLAIN[name])
        variables, rows = execute(store, named(name))
        assert variables == plain_vars
        assert len(rows) == len(plain_rows) > 0
        assert [r[0] for r in rows] == [r[0] for r in plain_rows]  # the same order
        assert as_sets(variables, rows) == as_sets(plain_vars, plain_rows)


def test_meeting_participants_are_alphabetical(synthetic_store):
    variables, rows = execute(synthetic_store, named("meetings"))
    lists = [row[variables.index("participants")].split("; ") for row in rows
             if row[variables.index("participants")]]
    assert any(len(names) > 1 for names in lists)
    assert all(names == sorted(names) for names in lists)
