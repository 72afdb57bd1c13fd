"""Events: announcements, speeches, warrants, visits, launches, reunifications ... -> Event
entities with kind, agents, date and place.

An event is a trigger word (verb or noun) from a small vocabulary of kinds, kept only when the
text says who did it: its subject, its possessor, or a "by ..." phrase.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.coref import Cast
from kg.extractors.arguments import Arguments, child, prep_objects
from kg.extractors.common import own_subtree, sentence_provenance
from kg.model import Article, Fact, Mention, Ref
from kg.temporal import resolve_date

NAME = "events"
# lemma -> kind
TRIGGERS = {
    "announce": "announcement", "announcement": "announcement", "reveal": "announcement",
    "speech": "speech", "remarks": "speech", "address": "speech", "presser": "press conference",
    "conference": "press conference", "briefing": "press conference",
    "warrant": "arrest warrant", "issue": None,
    "visit": "visit", "tour": "tour", "trip": "visit",
    "launch": "launch", "fire": "launch", "test": "test",
    "reunite": "reunification", "reunification": "reunification", "reunify": "reunification",
    "rejoin": "reunification", "repatriate": "repatriation", "repatriation": "repatriation",
    "release": "release", "free": "release",
    "deport": "deportation", "deportation": "deportation", "abduct": "abduction",
    "abduction": "abduction", "kidnap": "abduction", "transfer": "transfer",
    "invade": "invasion", "invasion": "invasion",
    "mediate": "mediation", "mediation": "mediation",
    "report": "report", "submit": "submission", "sanction": "sanctions", "strike": "strike",
    "attack": "attack", "arrest": "arrest", "sign": "signing",
}
NOUN_ONLY = {"speech", "remarks", "presser", "conference", "briefing", "warrant", "report",
             "announcement", "reunification", "deportation", "abduction", "invasion", "mediation",
             "repatriation", "trip"}
VERB_ONLY = {"announce", "reveal", "reunite", "reunify", "rejoin", "deport", "abduct", "kidnap",
             "invade", "mediate", "fire", "submit", "free", "repatriate"}
PLACE_LABELS = ("GPE", "LOC", "FAC")


@dataclass
class EventDraft:
    token: object
    kind: str
    agents: list[str] = field(default_factory=list)
    place: str | None = None
    date: object = None
    where: dict = field(default_factory=dict)


def _kind(token) -> str | None:
    lemma = token.lemma_.lower()
    if lemma not in TRIGGERS or TRIGGERS[lemma] is None:
        return None
    if token.pos_ == "NOUN" and lemma in VERB_ONLY:
        return None
    if token.pos_ == "VERB" and lemma in NOUN_ONLY:
        return None
    if token.pos_ not in ("NOUN", "VERB"):
        return None
    if lemma == "conference" and not any(c.lower_ in ("press", "news") for c in token.children):
        return None
    return TRIGGERS[lemma]


def _agents(token, args: Arguments) -> list[tuple[str, object]]:
    found = []
    if token.pos_ == "VERB":
        subj = child(token, "nsubj")
        if subj is not None and subj.lower_ not in ("who", "which", "that"):
            found.extend((k, subj) for k in args.entities(subj))
        elif subj is not None and token.dep_ == "relcl":
            found.extend((k, token.head) for k in args.entities(token.head))
        for obj in prep_objects(token, "by"):
            found.extend((k, obj) for k in args.entities(obj))
        if not found and token.dep_ in ("xcomp", "conj", "advcl") and token.head.pos_ == "VERB":
            return _agents(token.head, args)
    else:
        owner = child(token, "poss")
        if owner is not None:
            found.extend((k, owner) for k in args.entities(owner))
        for obj in prep_objects(token, "by", "of") if token.lemma_.lower() in ("mediation",) else prep_objects(token, "by"):
            found.extend((k, obj) for k in args.entities(obj))
        head = token.head
        if not found and token.dep_ == "dobj" and head.pos_ == "VERB":
            subj = child(head, "nsubj")
            if subj is not None:
                found.extend((k, subj) for k in args.entities(subj))
    return found


def _draft(token, args: Arguments, article: Article) -> EventDraft | None:
    kind = _kind(token)
    agents = _agents(token, args)
    if not agents:
        return None
    draft = EventDraft(token=token, kind=kind)
    for key, where in agents:
        if key not in draft.agents:
            draft.agents.append(key)
            draft.where[("agent", key)] = where
    heads = [token] + ([token.head] if token.pos_ == "NOUN" and token.head.pos_ == "VERB" else [])
    for head in heads:
        for obj in prep_objects(head, "in", "at", "to", "from"):
            if obj.ent_type_ in PLACE_LABELS and draft.place is None:
                ent = next(e for e in obj.doc.ents if e.start <= obj.i < e.end)
                draft.place = args.place(ent)
                draft.where["place"] = obj
        for tok in own_subtree(head):
            if tok.ent_type_ == "DATE" and tok.ent_iob_ == "B" and draft.date is None:
                ent = next(e for e in tok.doc.ents if e.start == tok.i)
                draft.date = resolve_date(ent.text, article.date)
                draft.where["date"] = tok
    return draft


def _merge(drafts: list[EventDraft]) -> list[EventDraft]:
    merged: dict[tuple, EventDraft] = {}
    for draft in drafts:
        key = (draft.kind, tuple(sorted(draft.agents)))
        if key in merged:
            earlier = merged[key]
            for role in ("place", "date"):
                if getattr(earlier, role) is None and getattr(draft, role) is not None:
                    setattr(earlier, role, getattr(draft, role))
                    earlier.where[role] = draft.where[role]
        else:
            merged[key] = draft
    return list(merged.values())


def event_key(draft: EventDraft) -> str:
    return f"Event:{draft.kind}:{'+'.join(sorted(draft.agents))}:{draft.date.iso if draft.date else ''}"


def extract_events(doc, article: Article, cast: Cast):
    """Event records of one article."""
    args = Arguments(doc, article, cast, NAME)
    drafts = [d for d in (_draft(t, args, article) for t in doc if _kind(t)) if d]
    events = _merge(drafts)
    yield from args.records
    for draft in events:
        key = event_key(draft)
        prov = sentence_provenance(article, draft.token, NAME)
        yield Mention(key, "Event", draft.kind, prov)
        yield Fact(key, "kind", draft.kind, prov)
        yield Fact(key, "description", _description(draft.token), prov)
        for agent in draft.agents:
            where = draft.where[("agent", agent)]
            yield Fact(key, "agent", Ref(agent), sentence_provenance(article, where, NAME))
        if draft.place:
            yield Fact(key, "place", Ref(draft.place), sentence_provenance(article, draft.where["place"], NAME))
        if draft.date:
            dprov = sentence_provenance(article, draft.where["date"], NAME)
            yield Fact(key, "date", draft.date, dprov)
            yield Fact(key, "dateText", draft.date.text, dprov)


def _description(token) -> str:
    """The trigger with its object or complement: 'issued an arrest warrant for ...'."""
    tokens = [token] + [t for c in token.children if c.dep_ in ("dobj", "prep", "compound", "amod", "prt", "nummod")
                        for t in c.subtree]
    tokens.sort(key=lambda t: t.i)
    text = " ".join(t.text for t in tokens[:25])
    return text.replace(" ’s", "’s").replace(" 's", "'s").replace(" ,", ",")
