"""The ontology's terms (ontology/kg.ttl) as closed rdflib namespaces, and the IRI bases.

Code names ontology terms only through `KG`; tests/test_vocab.py keeps this list equal to the
terms declared in ontology/kg.ttl.
"""

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://example.org/kg/ontology"
ID = Namespace("https://example.org/kg/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")


class KG(DefinedNamespace):
    """kg ontology terms."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # classes
    Person: object
    Office: object
    Organization: object
    Place: object
    Event: object
    Meeting: object
    Letter: object
    ChildrenGroup: object
    Article: object

    # object properties
    holdsOffice: object
    heldBy: object
    jurisdiction: object
    sender: object
    recipient: object
    deliverer: object
    inReplyTo: object
    participant: object
    agent: object
    place: object
    origin: object
    destination: object
    partOf: object
    claimedBy: object
    nationality: object
    mentionedIn: object

    # datatype properties
    name: object
    kind: object
    date: object
    dateText: object
    about: object
    description: object
    count: object
    countQualifier: object
    status: object
    role: object
    articleId: object
    published: object
    outlet: object
    author: object
    title: object
    extractor: object


CLASSES = ("Person", "Office", "Organization", "Place", "Event", "Meeting", "Letter",
           "ChildrenGroup", "Article")

# Properties whose value is another entity (a mention key in a Fact), the rest are literals.
OBJECT_PROPERTIES = frozenset({
    "holdsOffice", "heldBy", "jurisdiction", "sender", "recipient", "deliverer", "inReplyTo",
    "participant", "agent", "place", "origin", "destination", "partOf", "claimedBy",
    "nationality", "mentionedIn",
})


def term(name: str):
    """The URIRef of an ontology term by its local name; unknown names raise AttributeError."""
    return getattr(KG, name)
