"""Meetings and calls: "talks between A and B began on Wednesday at X", "his summit with Trump
in Alaska", "several backchannel meetings and calls" -> Meeting entities with kind, participants,
place and date. Mentions of one encounter within an article are merged.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from kg.coref import Cast
from kg.extractors.arguments import Arguments, child, prep_objects
from kg.extractors.common import (SPEECH_VERBS, happened, own_subtree,
                                  place_and_date_facts, sentence_provenance, slug, subjects_of)
from kg.model import Article, Fact, Mention, Ref
from kg.temporal import resolve_date

NAME = "meetings"
NOUN_KINDS = {"meeting": "meeting", "huddle": "meeting", "encounter": "meeting",
              "sit-down": "meeting", "call": "call", "phone": "call", "talk": "talks",
              "talks": "talks", "negotiation": "talks", "negotiations": "talks",
              "summit": "summit", "conversation": "call", "discussion": "talks",
              "discussions": "talks", "dialogue": "talks"}
VERB_KINDS = {"meet": "meeting", "phone": "call", "telephone": "call"}
KIND_RANK = {"summit": 3, "talks": 2, "meeting": 1, "call": 0}
PLACE_LABELS = ("GPE", "LOC", "FAC")
# Verbs whose subject takes part in the meeting they govern ("she has had discussions with ...").
SUBJECT_VERBS = {"hold", "have", "participate", "attend", "join", "begin", "conduct", "engage",
                 "host", "resume", "continue", "open", "conclude", "start", "arrange", "convene",
                 "speak", "talk", "confer", "negotiate", "meet"}
SPANS_OF_TIME = {"day", "hour", "week", "round", "series", "session", "month", "year", "night"}
# Plural subjects that point back at parties already named: "the two leaders met", "both sides".
ANAPHORIC = {"side", "leader", "man", "woman", "pair", "counterpart", "president", "minister",
             "head", "delegation"}


@dataclass
class MeetingDraft:
    token: object
    kind: str
    participants: list[str] = field(default_factory=list)
    place: str | None = None
    date: object = None
    where: dict = field(default_factory=dict)

    def add(self, role: str, value, token) -> None:
        if value is None:
            return
        if role == "participant":
            if value not in self.participants:
                self.participants.append(value)
                self.where.setdefault(("participant", value), token)
        elif getattr(self, role) is None:
            setattr(self, role, value)
            self.where[role] = token


def _kind(token) -> str | None:
    lemma = token.lemma_.lower()
    if token.pos_ == "NOUN":
        if lemma == "talk" and token.lower_ != "talks":
            return None
        if lemma == "call" and not _is_phone_call(token):
            return None
        return NOUN_KINDS.get(lemma) or NOUN_KINDS.get(token.lower_)
    if token.pos_ == "VERB":
        if lemma in ("speak", "talk", "confer") and any(
                p.dep_ == "prep" and p.lower_ in ("by", "on", "over", "via")
                and any(g.lower_ in ("phone", "telephone", "video", "videolink") for g in p.children)
                for p in token.children):
            return "call"  # "spoke by phone with ..."
        return VERB_KINDS.get(lemma)
    return None


def _is_phone_call(token) -> bool:
    """'call' the noun counts as a meeting only as a phone call, beside meetings, or as the
    medium of what someone did ("thanked the pope in a call")."""
    if any(c.lower_ in ("phone", "telephone", "video") for c in token.children):
        return True
    if token.dep_ == "pobj" and token.head.lower_ in ("in", "during", "on", "over"):
        return True
    return token.dep_ == "conj" and token.head.lemma_.lower() in ("meeting", "talk")


def _draft(token, args: Arguments, article: Article) -> MeetingDraft:
    draft = MeetingDraft(token=token, kind=_kind(token))
    heads = [token]
    if token.dep_ == "conj":
        heads.append(token.head)
    verb = token.head if token.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass") else None
    if verb is not None and verb.dep_ == "prep":
        verb = verb.head
    # "hosted Putin for two days of talks": climb through the measure of time to the verb
    while verb is not None and verb.pos_ == "NOUN" and verb.lemma_.lower() in SPANS_OF_TIME and verb.dep_ == "pobj":
        verb = verb.head.head
    for head in heads:
        for obj in prep_objects(head, "between", "with", "among"):
            for key in args.entities(obj):
                draft.add("participant", key, obj)
        owner = child(head, "poss")
        if owner is not None and owner.lower_ == "their":
            for key in _people_before(owner, args):
                draft.add("participant", key, owner)
        elif owner is not None:
            draft.add("participant", args.entity(owner), owner)
        for comp in head.children:
            if comp.dep_ == "compound" and comp.ent_type_ in PLACE_LABELS:
                draft.add("place", args.place(args.entity_span(comp)), comp)
    if token.pos_ == "VERB" or (verb is not None and verb.pos_ in ("VERB", "AUX")):
        base = token if token.pos_ == "VERB" else verb
        # "thanked the pope in a call", "said at the meeting": the verb's doer was there
        medium = token.pos_ == "NOUN" and token.dep_ == "pobj" and token.head.lower_ in ("in", "during", "on", "over", "at")
        takes_part = token.pos_ == "VERB" or medium or base.lemma_.lower() in SUBJECT_VERBS
        for subj in subjects_of(base) if takes_part else []:
            if subj.tag_ in ("NNS", "NNPS") and subj.lemma_.lower() in ANAPHORIC:
                continue
            for key in args.entities(subj):
                draft.add("participant", key, subj)
        if token.pos_ == "VERB" or base.lemma_.lower() in ("hold", "have"):
            for obj in prep_objects(base, "with"):
                for key in args.entities(obj):
                    draft.add("participant", key, obj)
        if medium and base.lemma_.lower() not in SPEECH_VERBS:
            addressee = child(base, "dobj")
            if addressee is not None and args.cast.person_at(addressee):
                draft.add("participant", args.entity(addressee), addressee)
        if token.pos_ == "VERB" or base.lemma_.lower() in ("hold", "have", "host", "receive", "welcome"):
            obj = child(base, "dobj")
            obj = obj if obj is not None and obj.i != token.i else None
            if obj is not None:
                for key in args.entities(obj):
                    draft.add("participant", key, obj)
        heads.append(base)
    for head in heads + [draft.where[k] for k in list(draft.where) if k[0] == "participant"]:
        for obj in prep_objects(head, "in", "at", "near"):
            place = _place_of(obj, args)
            if place:
                draft.add("place", place, obj)
        for tok in own_subtree(head):
            if tok.ent_type_ == "DATE" and tok.ent_iob_ == "B" and abs(tok.i - head.i) < 15:
                draft.add("date", resolve_date(args.entity_span(tok).text, article.date), tok)
    return draft


def _place_of(token, args: Arguments) -> str | None:
    """A place named by a preposition's object: a GPE/LOC/FAC/ORG entity or a proper-noun phrase."""
    if token.ent_type_ in ("DATE", "TIME", "PERSON", "NORP", "CARDINAL", "ORDINAL"):
        return None
    if token.ent_type_ in PLACE_LABELS + ("ORG",):
        return args.place(args.entity_span(token))
    phrase = token.doc[token.left_edge.i:token.i + 1]
    if any(t.pos_ == "PROPN" for t in phrase) and not args.cast.person_at(token):
        words = [t for t in phrase if t.dep_ != "det"]
        return args.place(token.doc[words[0].i:token.i + 1]) if words else None
    return None


def _people_before(token, args: Arguments) -> list[str]:
    """'their' -> the people named earlier in the same sentence."""
    keys = []
    for tok in token.sent:
        if tok.i >= token.i:
            break
        key = args.cast.person_at(tok)
        if key and key not in keys:
            keys.append(key)
    return keys if len(keys) >= 2 else []


def _compatible(earlier: MeetingDraft, draft: MeetingDraft) -> bool:
    """Kinds that can name one encounter: 'meeting' fits any but a call; talks and a summit
    only at the same place or date, or when the later one names nobody and is told close by
    ("Talks between A and B began ... The two leaders met for a summit")."""
    if earlier.kind == draft.kind or "meeting" in (earlier.kind, draft.kind):
        return "call" not in (earlier.kind, draft.kind) or earlier.kind == draft.kind
    if "call" in (earlier.kind, draft.kind):
        return False
    near = not draft.participants and abs(_sentence(draft.token) - _sentence(earlier.token)) <= 2
    same_place = draft.place is not None and draft.place == earlier.place
    same_date = draft.date is not None and earlier.date is not None and draft.date.iso == earlier.date.iso
    return near or same_place or same_date


def _sentence(token) -> int:
    """The index of the token's sentence in its document."""
    starts = token.doc.user_data.get("kg_sentence_starts")
    if starts is None:
        starts = [sent.start for sent in token.doc.sents]
        token.doc.user_data["kg_sentence_starts"] = starts
    return bisect.bisect_right(starts, token.i) - 1


def _sides(draft: MeetingDraft, leaders: dict[str, str]) -> set[str]:
    """Participants with each country replaced by its leader named in the article."""
    return {leaders.get(p, p) for p in draft.participants}


def _merge(drafts: list[MeetingDraft], leaders: dict[str, str] | None = None) -> list[MeetingDraft]:
    """One encounter per article: a later mention joins an earlier one that it does not contradict."""
    leaders = leaders or {}
    merged: list[MeetingDraft] = []
    for draft in drafts:
        target = None
        for earlier in reversed(merged):
            mine, theirs = _sides(draft, leaders), _sides(earlier, leaders)
            shared = mine & theirs
            subset = mine <= theirs
            if _compatible(earlier, draft) and earlier.participants and (len(shared) >= 2 or subset):
                target = earlier
                break
        if target is None:
            merged.append(draft)
            continue
        if KIND_RANK[draft.kind] > KIND_RANK[target.kind]:
            target.kind = draft.kind
        for key in draft.participants:
            target.add("participant", key, draft.where.get(("participant", key), draft.token))
        for role in ("place", "date"):
            target.add(role, getattr(draft, role), draft.where.get(role, draft.token))
    for meeting in merged:
        # a country whose named leader is already there is the same side, said twice
        meeting.participants = [p for p in meeting.participants if leaders.get(p) not in meeting.participants]
    return [m for m in merged if len(m.participants) >= 2]


def _happened(token) -> bool:
    """A meeting that took place: not "had not met", "are expected to meet", "will hold talks"."""
    if token.pos_ == "VERB":
        return happened(token)
    verb = token.head
    if token.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    if token.dep_ in ("dobj", "pobj") and verb.pos_ in ("VERB", "AUX"):
        return happened(verb)
    return True


def _leaders(cast: Cast) -> dict[str, str]:
    """Place key -> the person the article names as that country's leader."""
    leaders = {}
    for key, person in sorted(cast.people.items()):
        for office in person.offices:
            if office.is_leader and office.jurisdiction:
                leaders.setdefault(f"Place:{slug(office.jurisdiction)}", key)
    return leaders


def meeting_key(draft: MeetingDraft) -> str:
    return f"Meeting:{draft.kind}:{'+'.join(sorted(draft.participants))}"


def extract_meetings(doc, article: Article, cast: Cast):
    """Meeting records of one article."""
    args = Arguments(doc, article, cast, NAME)
    drafts = [_draft(t, args, article) for t in doc if _kind(t) and _happened(t)]
    meetings = _merge(drafts, _leaders(cast))
    yield from args.records
    seen: set[str] = set()
    for draft in meetings:
        key = meeting_key(draft)
        if key in seen:
            continue
        seen.add(key)
        yield Mention(key, "Meeting", draft.kind, sentence_provenance(article, draft.token, NAME))
        yield Fact(key, "kind", draft.kind, sentence_provenance(article, draft.token, NAME))
        for participant in draft.participants:
            token = draft.where.get(("participant", participant), draft.token)
            yield Fact(key, "participant", Ref(participant), sentence_provenance(article, token, NAME))
        yield from place_and_date_facts(key, article, draft, NAME)
