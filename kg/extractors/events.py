"""Events: announcements, speeches, warrants, visits, launches, reunifications ... -> Event
entities with kind, agents, date and place.

An event is a trigger word (verb or noun) from a small vocabulary, kept only when the text says
who did it (its subject, its possessor, a "by ..." phrase) and that it happened: a trigger
under "help", "agree", "plan" ... or a modal ("will", "could") is an intention, not an event.
One article's announcement, speech and press conference by the same agent are one event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.coref import Cast
from kg.extractors.arguments import Arguments, child, prep_objects
from kg.extractors.children import CHILD_NOUNS
from kg.extractors.common import (SPEECH_VERBS, happened, own_subtree,
                                  place_and_date_facts, sentence_provenance, subject_of)
from kg.model import Article, Fact, Mention, Ref
from kg.nlp import char_offset
from kg.temporal import resolve_date

NAME = "events"
# trigger lemma -> kind (the trigger's own noun, so the kind stays close to the text)
TRIGGERS = {
    "announce": "announcement", "announcement": "announcement", "reveal": "revelation",
    "speech": "speech", "remarks": "speech", "address": "speech", "presser": "press conference",
    "conference": "press conference", "briefing": "briefing", "statement": "statement",
    "warrant": "arrest warrant",
    "visit": "visit", "tour": "tour", "trip": "visit",
    "launch": "launch", "fire": "launch", "test": "test",
    "reunite": "reunification", "reunification": "reunification", "reunify": "reunification",
    "rejoin": "reunification", "repatriate": "repatriation", "repatriation": "repatriation",
    "release": "release", "free": "release",
    "deport": "deportation", "deportation": "deportation", "abduct": "abduction",
    "abduction": "abduction", "kidnap": "kidnapping", "kidnapping": "kidnapping",
    "transfer": "transfer", "invade": "invasion", "invasion": "invasion", "war": "war",
    "mediate": "mediation", "mediation": "mediation",
    "report": "report", "estimate": "estimate", "submit": "submission", "sanction": "sanctions",
    "attack": "attack", "arrest": "arrest", "sign": "signing",
}
# Kinds that count as events only with a date: an undated "estimates" or "Russia's war" is
# background, a dated one ("estimated ... in March", "the war in late February 2022") is news.
DATED_ONLY = {"estimate", "report", "war", "invasion"}
CLAIMS = {"estimate", "report"}
WARS = {"war", "invasion"}  # a dated war is an event even when the sentence does not say whose
# "officials said on October 16": a statement the text dates is an announcement.
DATED_SPEECH = {"say", "tell", "state", "declare"}
COMMUNICATION = {"announcement", "revelation", "speech", "press conference", "briefing", "statement"}
NOUN_ONLY = {"speech", "remarks", "presser", "conference", "briefing", "warrant", "report",
             "announcement", "reunification", "deportation", "abduction", "invasion", "mediation",
             "repatriation", "trip", "war", "statement", "kidnapping", "address", "attack"}
VERB_ONLY = {"announce", "reveal", "reunite", "reunify", "rejoin", "deport", "abduct", "kidnap",
             "invade", "mediate", "fire", "submit", "free", "repatriate", "estimate"}
# "Russia has allowed eight children to reunite": the one who allows is the agent.
ENABLING = {"allow", "let", "enable", "permit", "make", "force", "cause"}
# "made an announcement", "issued a warrant", "paid a visit": the verb's subject is the agent.
LIGHT_VERBS = {"make", "hold", "give", "deliver", "conduct", "carry", "issue", "pay", "secure",
               "order", "stage", "host", "launch", "begin", "start", "complete", "undertake",
               "organize", "organise", "lead", "wage", "mount", "perform", "publish", "release"}
PLACE_LABELS = ("GPE", "LOC", "FAC")


@dataclass
class EventDraft:
    token: object
    kinds: list[str]
    agents: list[str] = field(default_factory=list)
    place: str | None = None
    date: object = None
    where: dict = field(default_factory=dict)


def _kind(token) -> str | None:
    lemma = token.lemma_.lower()
    if lemma in DATED_SPEECH and token.pos_ == "VERB" and _dated(token):
        return "announcement"
    if lemma not in TRIGGERS or token.pos_ not in ("NOUN", "VERB"):
        return None
    if (token.pos_ == "NOUN" and lemma in VERB_ONLY) or (token.pos_ == "VERB" and lemma in NOUN_ONLY):
        return None
    if lemma == "conference" and not any(c.lower_ in ("press", "news") for c in token.children):
        return None
    if lemma == "fire" and not any(c.dep_ == "dobj" for c in token.children):
        return None
    return TRIGGERS[lemma]


def _dated(verb) -> bool:
    for c in verb.children:
        if c.ent_type_ == "DATE" and c.dep_ in ("npadvmod", "tmod"):
            return True
        if c.dep_ == "prep" and c.lower_ == "on" and any(g.ent_type_ == "DATE" for g in c.children):
            return True
    return False


def _verb_agents(verb, args: Arguments, depth: int = 0) -> list[tuple[str, object]]:
    found = []
    subj = subject_of(verb)
    if subj is not None and subj.lemma_.lower() in CHILD_NOUNS:
        subj = None  # the children are what the event happened to, not who did it
    if subj is not None and subj.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
        subj = verb.head
    if subj is not None:
        found.extend((k, subj) for k in _entities(subj, args))
    for obj in prep_objects(verb, "by"):
        found.extend((k, obj) for k in _entities(obj, args))
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    head = verb.head
    climbs = verb.dep_ in ("xcomp", "conj", "advcl") or (verb.dep_ == "ccomp" and head.lemma_.lower() in ENABLING)
    if not found and not passive and depth < 2 and climbs \
            and head.pos_ == "VERB" and head.lemma_.lower() not in SPEECH_VERBS:
        return _verb_agents(head, args, depth + 1)
    return found


def _entities(token, args: Arguments) -> list[str]:
    keys = []
    for item in [token, *token.conjuncts]:
        key = args.entity(item, agent=True)
        if key and key not in keys:
            keys.append(key)
    return keys


def _noun_agents(noun, args: Arguments) -> list[tuple[str, object]]:
    found = []
    owner = child(noun, "poss")
    if owner is not None:
        found.extend((k, owner) for k in _entities(owner, args))
    preps = ("by", "of") if noun.lemma_.lower() == "mediation" else ("by",)
    for obj in prep_objects(noun, *preps):
        found.extend((k, obj) for k in _entities(obj, args))
    if found:
        return found
    head = noun.head
    if TRIGGERS.get(noun.lemma_.lower()) in COMMUNICATION and noun.dep_ == "pobj" and \
            head.dep_ == "prep" and head.lower_ in ("in", "during", "at", "from"):
        head = head.head  # "said in a speech", "During her presser, Melania announced"
        if head.pos_ in ("VERB", "AUX"):
            return _verb_agents(head, args)
    if noun.dep_ == "dobj" and head.pos_ == "VERB" and head.lemma_.lower() in LIGHT_VERBS:
        return _verb_agents(head, args)
    if noun.dep_ == "nsubjpass" and head.pos_ == "VERB":
        for obj in prep_objects(head, "by"):
            found.extend((k, obj) for k in _entities(obj, args))
    return found


def _draft(token, args: Arguments, article: Article) -> EventDraft | None:
    if not happened(token):
        return None
    agents = _verb_agents(token, args) if token.pos_ == "VERB" else _noun_agents(token, args)
    kind = _kind(token)
    if not agents and kind not in WARS:
        return None
    draft = EventDraft(token=token, kinds=[kind])
    for key, where in agents:
        if key not in draft.agents:
            draft.agents.append(key)
            draft.where[("agent", key)] = where
    heads = [token] + ([token.head] if token.pos_ == "NOUN" and token.head.pos_ == "VERB" else [])
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
        heads.append(token.head.head)  # "the start of the war in late February 2022"
    if kind in ("visit", "tour") and token.pos_ == "VERB":
        target = child(token, "dobj")
        if target is not None and target.ent_type_ in PLACE_LABELS:
            draft.place, draft.where["place"] = args.place(args.entity_span(target)), target  # "visited Moscow"
    for head in heads:
        for obj in prep_objects(head, "in", "at", "to", "from"):
            if obj.ent_type_ in PLACE_LABELS and draft.place is None:
                draft.place = args.place(args.entity_span(obj))
                draft.where["place"] = obj
        for tok in (head.subtree if kind in CLAIMS else own_subtree(head)):
            if tok.ent_type_ == "DATE" and tok.ent_iob_ == "B" and draft.date is None:
                draft.date = resolve_date(args.entity_span(tok).text, article.date)
                if draft.date:
                    draft.where["date"] = tok
    if draft.date is None and (kind in DATED_ONLY - CLAIMS or (kind in CLAIMS and token.pos_ == "VERB")):
        return None
    return draft


def _merge(drafts: list[EventDraft]) -> list[EventDraft]:
    """Same kind and agents: one event; an agent's announcements and speeches: one event."""
    merged: dict[tuple, EventDraft] = {}
    for draft in drafts:
        family = "communication" if draft.kinds[0] in COMMUNICATION else draft.kinds[0]
        key = (family, tuple(sorted(draft.agents)))
        earlier = merged.get(key)
        if earlier is None or (earlier.date and draft.date and earlier.date.iso != draft.date.iso):
            merged.setdefault(key, draft)
            if earlier is not None:
                merged[key + (draft.date.iso,)] = draft
            continue
        for kind in draft.kinds:
            if kind not in earlier.kinds:
                earlier.kinds.append(kind)
        for role in ("place", "date"):
            if getattr(earlier, role) is None and getattr(draft, role) is not None:
                setattr(earlier, role, getattr(draft, role))
                earlier.where[role] = draft.where[role]
    return list(merged.values())


def event_key(draft: EventDraft) -> str:
    return f"Event:{draft.kinds[0]}:{'+'.join(sorted(draft.agents))}:{draft.date.iso if draft.date else ''}"


def _in_title(token, article: Article) -> bool:
    """Headlines restate the body's events in shorthand; events are read from the body."""
    if not article.title:
        return False
    start = article.text.find(article.title, article.body_start)
    at = char_offset(token.doc) + token.idx
    return start >= 0 and start <= at < start + len(article.title)


def extract_events(doc, article: Article, cast: Cast):
    """Event records of one article."""
    args = Arguments(doc, article, cast, NAME)
    drafts = [d for d in (_draft(t, args, article) for t in doc if _kind(t) and not _in_title(t, article)) if d]
    events = _merge(drafts)
    yield from args.records
    for draft in events:
        key = event_key(draft)
        prov = sentence_provenance(article, draft.token, NAME)
        yield Mention(key, "Event", draft.kinds[0], prov)
        for kind in draft.kinds:
            yield Fact(key, "kind", kind, prov)
        yield Fact(key, "description", _description(draft.token), prov)
        for agent in draft.agents:
            where = draft.where[("agent", agent)]
            yield Fact(key, "agent", Ref(agent), sentence_provenance(article, where, NAME))
        yield from place_and_date_facts(key, article, draft, NAME)


def _description(token) -> str:
    """The trigger with its object or complement: 'issued an arrest warrant for ...'."""
    tokens = [token] + [t for c in token.children if c.dep_ in ("dobj", "prep", "compound", "amod", "prt", "nummod")
                        for t in c.subtree]
    tokens.sort(key=lambda t: t.i)
    text = "".join(t.text_with_ws for t in tokens[:25]).strip()
    return text
