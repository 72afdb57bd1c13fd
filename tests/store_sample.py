"""A small TriG in the shape of docs/DESIGN.md, for the store, serve and push tests."""

from __future__ import annotations

import socket
from pathlib import Path

PREFIXES = """\
@prefix kg:   <https://example.org/kg/ontology#> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix oa:   <http://www.w3.org/ns/oa#> .
@prefix p:    <https://example.org/kg/id/person/> .
@prefix art:  <https://example.org/kg/id/article/> .
"""

DEFAULT_GRAPH = """\
p:melania-trump a kg:Person ; rdfs:label "Melania Trump" ; skos:altLabel "Mrs. Trump" .
p:vladimir-putin a kg:Person ; rdfs:label "Vladimir Putin" .
<https://example.org/kg/id/office/first-lady-united-states> a kg:Office ;
    rdfs:label "First Lady of the United States" .
<https://example.org/kg/id/letter/melania-trump-to-vladimir-putin> a kg:Letter ;
    rdfs:label "letter from Melania Trump to Vladimir Putin" .
art:a1 a kg:Article ; kg:articleId "a1" ; kg:published "2025-08-16"^^xsd:date ; kg:outlet "Wire" .
art:a2 a kg:Article ; kg:articleId "a2" ; kg:published "2025-10-10"^^xsd:date ; kg:outlet "Daily" .
"""

ARTICLE_1 = """\
art:a1 {
  p:melania-trump a kg:Person ; kg:name "Melania Trump" ; kg:mentionedIn art:a1 ;
      kg:holdsOffice <https://example.org/kg/id/office/first-lady-united-states> .
  p:vladimir-putin a kg:Person ; kg:name "Putin" ; kg:mentionedIn art:a1 .
  <https://example.org/kg/id/letter/melania-trump-to-vladimir-putin> a kg:Letter ;
      kg:sender p:melania-trump ; kg:recipient p:vladimir-putin ;
      kg:date "2025-08"^^xsd:gYearMonth ; kg:mentionedIn art:a1 .
  <https://example.org/kg/id/evidence/a1/e1> a oa:Annotation ;
      rdf:subject <https://example.org/kg/id/letter/melania-trump-to-vladimir-putin> ;
      rdf:predicate kg:sender ; rdf:object p:melania-trump ; kg:extractor "letters" ;
      oa:hasTarget <https://example.org/kg/id/evidence/a1/e1#target> .
  <https://example.org/kg/id/evidence/a1/e1#target> a oa:SpecificResource ;
      oa:hasSource art:a1 ;
      oa:hasSelector <https://example.org/kg/id/evidence/a1/e1#position>,
                     <https://example.org/kg/id/evidence/a1/e1#quote> .
  <https://example.org/kg/id/evidence/a1/e1#position> a oa:TextPositionSelector ;
      oa:start 120 ; oa:end 180 .
  <https://example.org/kg/id/evidence/a1/e1#quote> a oa:TextQuoteSelector ;
      oa:exact "Melania Trump wrote a letter to Vladimir Putin" .
}
"""

ARTICLE_2 = """\
art:a2 {
  p:melania-trump a kg:Person ; kg:name "Mrs. Trump" ; kg:mentionedIn art:a2 .
  <https://example.org/kg/id/childrengroup/8-returned> a kg:ChildrenGroup ;
      kg:count 8 ; kg:status "returned" ; kg:mentionedIn art:a2 .
}
"""


def sample_trig(*, with_second_article: bool = True) -> str:
    """The sample dataset as TriG text; without the second article it is one graph smaller."""
    return PREFIXES + DEFAULT_GRAPH + ARTICLE_1 + (ARTICLE_2 if with_second_article else "")


def write_sample_trig(path: Path, **options) -> Path:
    path.write_text(sample_trig(**options), encoding="utf-8")
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
