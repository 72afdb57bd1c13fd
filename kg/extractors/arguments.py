"""Arguments of facts: a token in the parse -> the entity it stands for (person, place, party).

Extractors find a verb or noun that signals a fact; this module turns the tokens around it
(subject, object, "to ...", "from ...") into entity keys, creating Place and Organization
mentions on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from kg.coref import Cast
from kg.extractors.common import slug, span_provenance
from kg.extractors.offices import ROLE_HEADS, normalize_office
from kg.model import Article, Fact, Mention, Ref
from kg.places import SEATS, canonical_place, country_of

PARTY_NOUNS = {"official", "officials", "authorities", "government", "representative",
               "representatives", "team", "side", "sides", "delegation", "delegations",
               "diplomats", "diplomat", "ministry", "office", "court", "forces", "lab",
               "prosecutors", "officers", "agencies", "congressmen", "lawmakers", "members", "envoys",
    "investigators", "troops", "soldiers", "police", "mediators", "negotiators", "administration"}
# Institutions that act as a party under a one-word name: "the army fired", "the government said".
INSTITUTIONS = {"army", "military", "navy", "police", "government", "parliament", "court",
                "ministry", "administration", "cabinet", "senate", "congress", "kremlin", "military"}
STATE_NOUNS = {"state", "republic", "government", "kingdom", "federation", "emirate", "people"}
QUANTITY_NOUNS = {"handful", "group", "number", "dozens", "hundreds", "thousands", "team", "delegation",
                  "couple", "pair", "majority", "few"}


@dataclass
class Arguments:
    """Resolves tokens to entity keys for one article, collecting the mentions it creates."""

    doc: object
    article: Article
    cast: Cast
    extractor: str
    records: list = field(default_factory=list)

    @cached_property
    def _entity_spans(self) -> dict[int, object]:
        """Token index -> the span of `doc.ents` that holds it (spaCy makes every span anew
        on each access of `doc.ents`)."""
        return {i: ent for ent in self.doc.ents for i in range(ent.start, ent.end)}

    def entity_span(self, token):
        """The named-entity span that holds the token, or None."""
        if not token.ent_type_:
            return None
        return self._entity_spans.get(token.i)

    def entity(self, token, *, agent: bool = False) -> str | None:
        """Key of the person, place, office or organization a token (or its phrase) refers to.

        As an agent, a seat of government stands for its country ("Moscow's war", "the Kremlin said").
        """
        key = self.cast.person_at(token)
        if key:
            return key
        appos = next((c for c in token.children if c.dep_ == "appos"), None)
        if appos is not None and self.cast.person_at(appos):
            return self.cast.person_at(appos)
        if token.lower_ in STATE_NOUNS:
            inner = next((g for p in token.children if p.lower_ == "of" for g in p.children
                          if g.dep_ == "pobj" and country_of(g.text)), None)
            if inner is not None:
                return self.country(country_of(inner.text), self.doc[token.i:inner.i + 1])
        if token.lemma_.lower() in QUANTITY_NOUNS:
            inner = next((g for p in token.children if p.lower_ == "of" for g in p.children if g.dep_ == "pobj"), None)
            if inner is not None:
                return self.entity(inner, agent=agent)
        ent = self.entity_span(token)
        if ent is not None and ent.root.i == token.i or (ent is not None and token.pos_ == "PROPN"):
            if agent and SEATS.get(ent.text.lower()):
                return self.country(SEATS[ent.text.lower()], ent)
            if ent.label_ in ("GPE", "LOC", "FAC", "NORP"):
                if ent.label_ == "NORP" and not country_of(ent.text):
                    return None
                return self.place(ent)
            if ent.label_ == "ORG":
                return self.organization(ent)
        return self.office(token) or self.party(token) or (self.named_body(token) if agent else None)

    def named_body(self, token) -> str | None:
        """An agent named by a proper-noun phrase the tagger did not mark: "the Bring Kids Back UA initiative"."""
        span = phrase(token)
        words = [t for t in span if t.dep_ not in ("det", "poss", "case")]
        if not any(t.pos_ == "PROPN" for t in words) or len(words) > 10 or any(t.i in self.cast.at for t in span):
            return None
        text = "".join(t.text_with_ws for t in words).strip()
        key = f"Organization:{slug(text)}"
        self.records.append(Mention(key, "Organization", text, span_provenance(self.article, span, self.extractor)))
        return key

    def country(self, name: str, span) -> str:
        key = f"Place:{slug(name)}"
        self.records.append(Mention(key, "Place", name, span_provenance(self.article, span, self.extractor)))
        return key

    def office(self, token) -> str | None:
        """An unnamed office holder acting as a party: "the Commissioner for Human Rights of Ukraine"."""
        if token.lower_ not in ROLE_HEADS or token.tag_ in ("NNS", "NNPS"):
            return None
        span = phrase(token)
        if any(t.i in self.cast.at for t in span) or len(span) > 16:
            return None
        office = normalize_office([t.text for t in span])
        if office is None or office.head != token.lower_:
            return None
        holders = self.cast.holders(office.role, office.jurisdiction)
        if len(holders) == 1:
            return holders[0]  # a title the article gives to one named person is that person
        prov = span_provenance(self.article, span, self.extractor)
        self.records.append(Mention(office.key, "Office", office.label, prov))
        self.records.append(Fact(office.key, "role", office.role, prov))
        if office.jurisdiction:
            place = self.country(office.jurisdiction, span)
            self.records.append(Fact(office.key, "jurisdiction", Ref(place), prov))
        return office.key

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
        lemma = token.lemma_.lower()
        if lemma not in PARTY_NOUNS | INSTITUTIONS and token.lower_ not in PARTY_NOUNS and lemma not in ROLE_HEADS:
            return None
        left = token.left_edge.i
        right = token.i
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None and phrase(of).end - token.i < 14:
            right = phrase(of).end - 1
        owner = next((t for t in token.children if t.dep_ == "poss"), None)
        owned = {t.i for t in owner.subtree} if owner is not None else set()
        kept = [t for t in self.doc[left:right + 1]
                if t.i not in owned and (t.dep_ not in ("det", "predet") or t.i > token.i)]
        text = "".join(t.text_with_ws for t in kept).strip()
        if owner is not None:
            owner_key = self.cast.person_at(owner)
            owner_name = self.cast.people[owner_key].name if owner_key else owner.text
            label = f"{text} of {owner_name}"
        elif len(kept) < 2 and token.tag_ not in ("NNS", "NNPS") and lemma not in INSTITUTIONS:
            return None  # a bare "office" or "team" names nobody; "officials" names a party
        else:
            label = text
        label = label[:1].upper() + label[1:]
        key = f"Organization:{slug(label)}"
        span = self.doc[left:right + 1]
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


def phrase(token):
    """The noun phrase a token heads, without coordinated phrases, appositions or clauses."""
    tokens = [token]
    for c in token.children:
        if c.dep_ not in ("conj", "cc", "appos", "relcl", "acl", "punct", "advcl"):
            tokens.extend(c.subtree)
    tokens.sort(key=lambda t: t.i)
    return token.doc[tokens[0].i:tokens[-1].i + 1]


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
