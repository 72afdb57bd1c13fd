"""kg/vocab.py and ontology/kg.ttl declare the same terms, each documented and aligned."""

from __future__ import annotations

import rdflib
from rdflib import OWL, RDF, RDFS

from kg import ONTOLOGY_DIR
from kg.vocab import CLASSES, KG, OBJECT_PROPERTIES

ONTOLOGY = rdflib.Graph().parse(ONTOLOGY_DIR / "kg.ttl")
NS = str(KG._NS)


def declared(kind) -> set[str]:
    return {str(s)[len(NS):] for s in ONTOLOGY.subjects(RDF.type, kind) if str(s).startswith(NS)}


def vocab_terms() -> set[str]:
    return {name for name in KG.__annotations__}


def test_vocab_equals_ontology():
    in_ttl = declared(OWL.Class) | declared(OWL.ObjectProperty) | declared(OWL.DatatypeProperty)
    assert vocab_terms() == in_ttl


def test_classes_and_object_properties_agree():
    assert set(CLASSES) == declared(OWL.Class)
    assert set(OBJECT_PROPERTIES) == declared(OWL.ObjectProperty)


def test_every_term_has_label_and_comment():
    for name in vocab_terms():
        node = KG[name]
        assert ONTOLOGY.value(node, RDFS.label), name
        assert ONTOLOGY.value(node, RDFS.comment), name


def test_classes_align_to_standard_vocabularies():
    standard = ("https://schema.org/", "http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#",
                "http://semanticweb.cs.vu.nl/2009/11/sem/")
    for name in CLASSES:
        supers = [str(o) for o in ONTOLOGY.transitive_objects(KG[name], RDFS.subClassOf)]
        assert any(s.startswith(standard) for s in supers), name


def test_unknown_term_is_refused():
    import pytest

    with pytest.raises(AttributeError):
        KG.NotATerm  # noqa: B018
