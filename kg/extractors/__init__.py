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
from kg.model import Article, Fact, Mention, Record, Ref

# name -> extractor taking (doc, article, cast); filled in one place, in the order they run.
EXTRACTORS = {
    "letters": extract_letters,
    "meetings": extract_meetings,
    "events": extract_events,
    "children": extract_children,
}


# Classes that exist in the graph only as the value of some fact (a place, a party, an office
# named without its holder); a lookup that ended up unused must not leave a lonely node.
DEPENDENT = {"Place", "Organization"}


def extract(doc, article: Article) -> list[Record]:
    """Every record the extractors find in one parsed article."""
    cast, records = find_people(doc, article)
    for extractor in EXTRACTORS.values():
        records.extend(extractor(doc, article, cast))
    used = {r.value.key for r in records if isinstance(r, Fact) and isinstance(r.value, Ref)}
    used |= {r.subject for r in records if isinstance(r, Fact) and r.predicate not in ("role", "jurisdiction")}
    return [r for r in records if not (isinstance(r, Mention) and r.cls in DEPENDENT | {"Office"} and r.key not in used)
            and not (isinstance(r, Fact) and r.predicate in ("role", "jurisdiction") and r.subject not in used)]
