"""Arguments of facts: a token in the parse -> the entity it stands for (person, place, party).

Extractors find a verb or noun that signals a fact; this module turns the tokens around it
(subject, object, "to ...", "from ...") into entity keys, creating Place and Organization
mentions on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.coref import Cast
from kg.extractors.common import slug, span_provenance
from kg.model import Article, Mention
from kg.places import canonical_place, country_of

PARTY_NOUNS = {"official", "officials", "authorities", "government", "representative",
               "representatives", "team", "side", "sides", "delegation", "delegations",
               "diplomats", "diplomat", "ministry", "office", "court", "forces", "lab",
               "prosecutors", "officers", "agencies"}


@dataclass
class Arguments:
    """Resolves tokens to entity keys for one article, collecting the mentions it creates."""

    doc: object
    article: Article
    cast: Cast
    extractor: str
    records: list = field(default_factory=list)

    def entity(self, token) -> str | None:
        """Key of the person, place or organization a token (or the phrase it heads) refers to."""
        key = self.cast.person_at(token)
        if key:
            return key
        appos = next((c for c in token.children if c.dep_ == "appos"), None)
        if appos is not None and self.cast.person_at(appos):
            return self.cast.person_at(appos)
        ent = _entity_span(token)
        if ent is not None:
            if ent.label_ in ("GPE", "LOC", "FAC", "NORP"):
                if ent.label_ == "NORP" and not country_of(ent.text):
                    return None
                return self.place(ent)
            if ent.label_ == "ORG":
                return self.organization(ent)
        return self.party(token)

    def place(self, span) -> str:
        name = canonical_place(span.text)
        key = f"Place:{slug(name)}"
        self.records.append(Mention(key, "Place", name, span_provenance(self.article, span, self.extractor)))
        return key

    def organization(self, span) -> str:
        text = span.text
        if text.lower().startswith("the "):
            text = text[4:]
        country = country_of(text)
        if country:
            key = f"Place:{slug(country)}"
            self.records.append(Mention(key, "Place", country, span_provenance(self.article, span, self.extractor)))
            return key
        key = f"Organization:{slug(text)}"
        self.records.append(Mention(key, "Organization", text, span_provenance(self.article, span, self.extractor)))
        return key

    def party(self, token) -> str | None:
        """Unnamed parties: "Russian officials", "her representative", "Qatari diplomats"."""
        if token.lemma_.lower() not in PARTY_NOUNS and token.lower_ not in PARTY_NOUNS:
            return None
        left = token.left_edge.i
        words = [t for t in self.doc[left:token.i + 1] if t.dep_ not in ("det", "predet")]
        owner = next((t for t in words if t.dep_ == "poss"), None)
        name_words = [t.text for t in words if t.dep_ != "poss" and t.lower_ not in ("’s", "'s")]
        if owner is not None:
            owner_key = self.cast.person_at(owner)
            owner_name = self.cast.people[owner_key].name if owner_key else owner.text
            label = f"{' '.join(name_words)} of {owner_name}"
        else:
            if len(name_words) < 2:
                return None
            label = " ".join(name_words)
        label = label[:1].upper() + label[1:]
        key = f"Organization:{slug(label)}"
        span = self.doc[left:token.i + 1]
        self.records.append(Mention(key, "Organization", label, span_provenance(self.article, span, self.extractor)))
        return key

    def entities(self, token) -> list[str]:
        """The entity of a token and of every token coordinated with it ("A and B")."""
        keys = []
        for item in [token, *token.conjuncts]:
            key = self.entity(item)
            if key and key not in keys:
                keys.append(key)
        return keys


def _entity_span(token):
    if not token.ent_type_:
        return None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def child(token, *deps):
    """First child with one of the dependency labels."""
    return next((c for c in token.children if c.dep_ in deps), None)


def prep_objects(token, *preps) -> list:
    """Objects of the token's prepositions ("to Putin", "from Russia"), in order."""
    found = []
    for c in token.children:
        if c.dep_ in ("prep", "dative", "agent") and c.lower_ in preps:
            found.extend(g for g in c.children if g.dep_ == "pobj")
    return found
