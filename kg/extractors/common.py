"""Shared pieces for extractors: provenance from spans, clause windows, entity keys, cue words."""

from __future__ import annotations

import re

from kg.model import Article, Provenance
from kg.nlp import char_offset

PERSON_PRONOUNS = {"she": "F", "her": "F", "hers": "F", "herself": "F",
                   "he": "M", "him": "M", "his": "M", "himself": "M"}
FIRST_PERSON = {"i", "me", "my", "mine", "myself"}
SPEECH_VERBS = {"say", "add", "explain", "tell", "write", "note", "continue", "conclude",
                "emphasize", "emphasise", "stress", "announce", "reveal", "state", "declare",
                "confirm", "insist", "argue", "recall", "remark", "reply", "respond", "ask"}

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lower-case ASCII-ish slug for keys and IRIs."""
    text = text.lower().replace("’", "'").replace("ʼ", "'").replace("'", "")
    return _SLUG.sub("-", text).strip("-") or "x"


def provenance(article: Article, start: int, end: int, extractor: str) -> Provenance:
    """Provenance for characters [start, end) of the article, the quote read from the article text."""
    start = max(0, start)
    end = min(len(article.text), end)
    return Provenance(article.id, start, end, article.text[start:end], extractor)


def span_provenance(article: Article, span, extractor: str) -> Provenance:
    """Provenance for a spaCy Span or Token."""
    offset = char_offset(span.doc)
    if hasattr(span, "start_char"):
        return provenance(article, offset + span.start_char, offset + span.end_char, extractor)
    return provenance(article, offset + span.idx, offset + span.idx + len(span.text), extractor)


def sentence_provenance(article: Article, token, extractor: str) -> Provenance:
    """Provenance for the sentence that holds a token, trimmed of surrounding white space."""
    sent = token.sent
    text = sent.text
    lead = len(text) - len(text.lstrip())
    trail = len(text.rstrip())
    start = char_offset(token.doc) + sent.start_char
    return provenance(article, start + lead, start + trail, extractor)


def sentence_numbers(doc) -> list[int]:
    """The index of each token's sentence, from one pass over the sentences (`token.sent`
    walks to the sentence's ends again for every token)."""
    return [n for n, sent in enumerate(doc.sents) for _ in range(sent.start, sent.end)]


def clause_tokens(token):
    """Tokens of the clause governed by `token`'s verb: the verb's subtree within the sentence."""
    verb = token
    while verb.dep_ not in ("ROOT", "ccomp", "advcl", "relcl", "conj", "xcomp") and verb.head is not verb:
        verb = verb.head
    return list(verb.subtree)



CLAUSE_DEPS = {"advcl", "ccomp", "xcomp", "relcl", "conj", "acl", "parataxis", "csubj"}


def own_subtree(head) -> list:
    """The head and what hangs from it, without embedded clauses (at any depth) that carry
    their own dates: "mediated by the Vatican, whose envoy visited in June" is not dated June."""
    tokens, stack = [head], [c for c in head.children if c.dep_ not in CLAUSE_DEPS]
    while stack:
        token = stack.pop()
        tokens.append(token)
        stack.extend(c for c in token.children if c.dep_ not in CLAUSE_DEPS)
    return sorted(tokens, key=lambda t: t.i)


def subject_of(verb):
    """The verb's active subject, allowing for parses that hang it on an auxiliary ("she 's had")
    or leave it as the object of the verb before ("able to verify Russia has kidnapped")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if subjects:
        before = [c for c in subjects if c.i < verb.i]
        return before[-1] if before else subjects[0]  # the nearest, when a parse gives two
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and verb.head is not verb:
        return subject_of(verb.head)  # "visited Moscow and met the commissioner"
    for aux in verb.children:
        if aux.dep_ == "aux":
            for c in aux.children:
                if c.dep_ == "nsubj":
                    return c
    i = verb.i - 1
    while i >= 0 and verb.doc[i].dep_ in ("aux", "auxpass", "neg", "advmod"):
        i -= 1
    if i >= 0 and i < verb.i - 1 and verb.doc[i].pos_ == "PROPN" and verb.doc[i].dep_ in ("dobj", "pobj"):
        return verb.doc[i]
    return None


def subjects_of(verb) -> list:
    """Every subject of a verb: a parse may give "A and his counterpart B held talks" two."""
    found = [c for c in verb.children if c.dep_ == "nsubj"]
    if not found:
        one = subject_of(verb)
        found = [one] if one is not None else []
    return found


# Verbs under which a trigger is an intention, a promise or a denial, not something that happened.
INTENT_VERBS = {"help", "work", "seek", "aim", "try", "want", "hope", "plan", "agree", "promise",
                "vow", "continue", "commit", "pledge", "intend", "expect", "urge", "ask", "push",
                "strive", "offer", "propose", "threaten", "prepare", "facilitate", "ensure", "wish",
                "deny", "reject", "refute", "dismiss"}
MODALS = {"will", "would", "could", "may", "might", "should", "must", "can", "shall", "'ll"}


def happened(token) -> bool:
    """False for triggers that are intentions, promises, denials, negations or hypotheticals:
    a modal or "not" on it, a purpose ("working to reunite"), or a complement of "help",
    "agree", "expect" ... ("agreed to rejoin", "are expected to meet")."""
    if any((c.dep_ == "aux" and c.lower_ in MODALS) or c.dep_ == "neg" for c in token.children):
        return False
    if token.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return False
    node = token
    for _ in range(3):
        if node.dep_ not in ("xcomp", "ccomp", "dobj") or node.head is node:
            return True
        node = node.head
        if node.lemma_.lower() in INTENT_VERBS:
            return False
    return True


def place_and_date_facts(key: str, article, draft, extractor: str):
    """The place and date facts of a drafted meeting, event or letter (date with its words)."""
    from kg.model import Fact, Ref

    if getattr(draft, "place", None):
        where = draft.where.get("place", draft.token)
        yield Fact(key, "place", Ref(draft.place), sentence_provenance(article, where, extractor))
    if draft.date:
        prov = sentence_provenance(article, draft.where.get("date", draft.token), extractor)
        yield Fact(key, "date", draft.date, prov)
        yield Fact(key, "dateText", draft.date.text, prov)
