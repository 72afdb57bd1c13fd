"""Extractors: (Doc, Article) -> Mention and Fact records, one module per ontology family.

People run first and produce the article's Cast (who is named where, with coreference); the
other extractors ask the Cast who a token refers to.
"""

from __future__ import annotations

from kg.extractors.children import extract_children
from kg.extractors.events import extract_events
from kg.extractors.letters import extract_letters
from kg.extractors.meetings import extract_meetings
from kg.extractors.people import find_people
from kg.model import Article, Record

# name -> extractor taking (doc, article, cast); filled in one place, in the order they run.
EXTRACTORS = {
    "letters": extract_letters,
    "meetings": extract_meetings,
    "events": extract_events,
    "children": extract_children,
}


def extract(doc, article: Article) -> list[Record]:
    """Every record the extractors find in one parsed article."""
    cast, records = find_people(doc, article)
    for extractor in EXTRACTORS.values():
        records.extend(extractor(doc, article, cast))
    return records
