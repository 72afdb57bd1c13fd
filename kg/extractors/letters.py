"""Letters: "she sent him a letter", "Trump hand-delivered the letter on behalf of the first lady
to Putin", "Putin responded in writing" -> Letter entities with sender, recipient, deliverer,
date, topic, and replies linked to the letter they answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.coref import Cast
from kg.extractors.arguments import Arguments, child, prep_objects
from kg.extractors.common import own_subtree, place_and_date_facts, sentence_provenance, subject_of
from kg.model import Article, Fact, Mention, Ref
from kg.temporal import resolve_date

NAME = "letters"
LETTER_NOUNS = {"letter", "letters", "missive"}
WRITE_VERBS = {"write", "send", "pen", "address", "sign", "draft", "compose", "pass", "dispatch"}
DELIVER_VERBS = {"deliver", "hand-deliver", "hand", "carry", "bring", "give", "present", "convey"}
RECEIVE_VERBS = {"receive", "get", "read", "obtain"}
REPLY_VERBS = {"respond", "reply", "answer", "write"}
ABOUT_PREPS = ("about", "regarding", "concerning", "on", "over")
ASKING_VERBS = {"ask", "urge", "request", "call", "demand", "propose", "plead", "appeal", "seek", "warn", "thank"}


@dataclass
class LetterDraft:
    token: object
    sender: str | None = None
    recipient: str | None = None
    deliverer: str | None = None
    date: object = None
    about: str | None = None
    reply_to: "LetterDraft | None" = None
    tokens: list = field(default_factory=list)
    where: dict = field(default_factory=dict)

    def conflicts(self, other: "LetterDraft") -> bool:
        for role in ("sender", "recipient", "deliverer"):
            a, b = getattr(self, role), getattr(other, role)
            if a and b and a != b:
                return True
        if self.reply_to is not other.reply_to and (self.reply_to or other.reply_to):
            return True
        return bool(self.date and other.date and not (self.date.iso.startswith(other.date.iso)
                                                      or other.date.iso.startswith(self.date.iso)))

    def absorb(self, other: "LetterDraft") -> None:
        for role in ("sender", "recipient", "deliverer", "about", "date"):
            mine, theirs = getattr(self, role), getattr(other, role)
            better = role == "date" and theirs and mine and len(theirs.iso) > len(mine.iso)
            if theirs and (not mine or better):
                setattr(self, role, theirs)
                self.where[role] = other.where.get(role, other.token)
        self.tokens.extend(other.tokens)


def _verb_of(noun):
    """The verb a letter noun hangs from: 'sent a letter', 'the letter was delivered', 'through a letter'."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
        head = head.head
    return head if head.pos_ in ("VERB", "AUX") else None


def _date_in(tokens, args: Arguments):
    for token in tokens:
        if token.ent_type_ == "DATE" and token.ent_iob_ == "B":
            date = resolve_date(args.entity_span(token).text, args.article.date)
            if date:
                return date
    return None


def _about(noun, verb) -> str | None:
    heads = [noun, verb] + [c for c in noun.children if c.dep_ in ("relcl", "acl")]
    for head in heads:
        if head is None:
            continue
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ABOUT_PREPS and c.i > noun.i:
                text = "".join(t.text_with_ws for t in c.subtree).strip()
                if len(text.split()) > 1:
                    return text
    for c in noun.children:
        if c.dep_ == "relcl" and any(p.lower_ == "in" and any(g.lower_ == "which" for g in p.children)
                                     for p in c.children):
            return "".join(t.text_with_ws for t in c.subtree).strip()
    for c in [*noun.children, *(c for h in noun.children if h.dep_ in ("relcl", "acl") for c in h.children)]:
        if c.dep_ in ("acl", "advcl", "xcomp") and c.lemma_.lower() in ASKING_VERBS:
            return "".join(t.text_with_ws for t in c.subtree).strip()  # "a letter asking for ..."
    return None


def _draft(noun, args: Arguments) -> LetterDraft:
    draft = LetterDraft(token=noun, tokens=[noun])
    owner = child(noun, "poss")
    if owner is not None:
        draft.sender = args.entity(owner)
    for obj in prep_objects(noun, "from"):
        draft.sender = draft.sender or args.entity(obj)
    for obj in prep_objects(noun, "to"):
        draft.recipient = draft.recipient or args.entity(obj)
    for c in noun.children:
        if c.dep_ in ("relcl", "acl") and c.lemma_.lower() in WRITE_VERBS:
            draft.date = draft.date or _date_in(own_subtree(c), args)  # "the letter she sent in April"
            subj = child(c, "nsubj")
            draft.sender = draft.sender or (args.entity(subj) if subj is not None else None)
            objects = [d for d in c.children if d.dep_ in ("dative", "dobj") and d.pos_ in ("PRON", "PROPN")]
            for obj in prep_objects(c, "to") + objects:
                draft.recipient = draft.recipient or args.entity(obj)
        if c.dep_ in ("relcl", "acl") and c.lemma_.lower() in DELIVER_VERBS | {"hand-deliver"}:
            _delivery(c, draft, args)
        if c.dep_ == "acl" and c.lemma_.lower() == "date":
            draft.date = _date_in(list(c.subtree), args)
    verb = _verb_of(noun)
    if verb is not None:
        _roles_from_verb(verb, draft, args)
        draft.date = draft.date or _date_in([t for t in verb.subtree if t.i > noun.i - 12], args)
    draft.about = _about(noun, verb)
    return draft


def _delivery(verb, draft: LetterDraft, args: Arguments) -> None:
    subj = child(verb, "nsubj")
    agent = prep_objects(verb, "by")
    if subj is not None and child(verb, "nsubjpass") is None:
        draft.deliverer = draft.deliverer or args.entity(subj)
    elif agent:
        draft.deliverer = draft.deliverer or args.entity(agent[0])
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "on":
            for pobj in prep.children:
                if pobj.lower_ == "behalf":
                    for inner in prep_objects(pobj, "of"):
                        draft.sender = draft.sender or args.entity(inner)
    for obj in prep_objects(verb, "to"):
        draft.recipient = draft.recipient or args.entity(obj)
    for obj in prep_objects(verb, "from"):
        draft.sender = draft.sender or args.entity(obj)


def _roles_from_verb(verb, draft: LetterDraft, args: Arguments) -> None:
    lemma = verb.lemma_.lower()
    subj = subject_of(verb)
    medium = draft.token.dep_ == "pobj" and draft.token.head.lower_ in ("in", "through", "via")
    if medium and lemma not in RECEIVE_VERBS:
        # "In a letter dated June 3, the governor urged the senator to act"
        if subj is not None:
            draft.sender = draft.sender or args.entity(subj)
        addressee = child(verb, "dobj", "dative")
        if addressee is not None and args.cast.person_at(addressee):
            draft.recipient = draft.recipient or args.entity(addressee)
        return
    if lemma in DELIVER_VERBS or lemma.startswith("hand"):
        _delivery(verb, draft, args)
    elif lemma in WRITE_VERBS:
        if subj is not None:
            draft.sender = draft.sender or args.entity(subj)
        dative = child(verb, "dative")
        if dative is not None and dative.dep_ == "dative" and dative.pos_ != "ADP":
            draft.recipient = draft.recipient or args.entity(dative)
        for obj in prep_objects(verb, "to"):
            draft.recipient = draft.recipient or args.entity(obj)
        for obj in prep_objects(verb, "through", "via"):
            draft.deliverer = draft.deliverer or args.entity(obj)
    elif lemma in RECEIVE_VERBS:
        if subj is not None:
            draft.recipient = draft.recipient or args.entity(subj)
        for obj in prep_objects(verb, "from"):  # "received a letter from the pope"
            draft.sender = draft.sender or args.entity(obj)


def _replies(doc, args: Arguments, drafts: list[LetterDraft]) -> list[LetterDraft]:
    """'X responded in writing' / 'X replied to the letter': a reply letter from X."""
    replies = []
    for token in doc:
        if token.lemma_.lower() not in REPLY_VERBS or token.pos_ != "VERB":
            continue
        in_writing = any((p.lower_ == "in" and any(g.lower_ == "writing" for g in p.children))
                         or (p.lower_ == "to" and any(g.lower_ in LETTER_NOUNS for g in p.children))
                         for p in token.children if p.dep_ == "prep")
        back = any(c.lower_ == "back" for c in token.children)
        subj = subject_of(token)
        sender = args.entity(subj) if subj is not None else None
        if sender is None:
            continue
        # "Benson replied on Thursday" just after a letter addressed to Benson answers it
        answers = token.lemma_.lower() in ("reply", "respond", "answer") and any(
            d.recipient == sender and 0 <= token.sent.start - d.token.sent.start <= 400
            and _sentences_apart(d.token, token) <= 2 for d in drafts)
        if not (in_writing or answers or (token.lemma_.lower() == "write" and back)):
            continue
        original = next((d for d in reversed(drafts)
                         if d.token.i < token.i + 8 and d.recipient in (sender, None) and d.sender != sender), None)
        if original is not None and original.recipient is None:
            original.recipient = sender
            original.where["recipient"] = token
        reply = LetterDraft(token=token, sender=sender, tokens=[token], reply_to=original)
        reply.recipient = original.sender if original else None
        reply.date = _date_in(own_subtree(token), args)
        backs = [c for c in token.children if c.lower_ == "back"]
        for obj in prep_objects(token, "to") + [o for b in backs for o in prep_objects(b, "to")]:
            reply.recipient = args.entity(obj) or reply.recipient
        replies.append(reply)
    return replies


def _sentences_apart(a, b) -> int:
    return sum(1 for sent in a.doc.sents if a.i < sent.start <= b.i)


def _written_to(doc, args: Arguments) -> list[LetterDraft]:
    """'X wrote to Y' with no letter named: a letter from X to Y."""
    drafts = []
    for token in doc:
        if token.lemma_.lower() != "write" or token.pos_ != "VERB" or child(token, "dobj") is not None:
            continue
        if any(c.lower_ == "back" for c in token.children):
            continue
        subj = subject_of(token)
        for obj in prep_objects(token, "to"):
            recipient = args.entity(obj)
            sender = args.entity(subj) if subj is not None else None
            if recipient and sender and (args.cast.person_at(obj) or args.cast.person_at(subj)):
                draft = LetterDraft(token=token, sender=sender, recipient=recipient, tokens=[token])
                draft.date = _date_in(own_subtree(token), args)
                draft.about = _about(token, None)
                drafts.append(draft)
    return drafts


def _merge(drafts: list[LetterDraft]) -> list[LetterDraft]:
    merged: list[LetterDraft] = []
    for draft in drafts:
        same = next((m for m in merged if not m.conflicts(draft) and m.reply_to is draft.reply_to), None)
        if same is not None:
            same.absorb(draft)
        else:
            merged.append(draft)
    for letter in merged:
        if letter.deliverer in (letter.sender, letter.recipient):
            letter.deliverer = None  # nobody hands over a letter to or through themselves
    return [m for m in merged if m.sender or m.recipient]


def extract_letters(doc, article: Article, cast: Cast):
    """Letter records of one article."""
    args = Arguments(doc, article, cast, NAME)
    drafts = [_draft(t, args) for t in doc if t.lower_ in LETTER_NOUNS and t.pos_ == "NOUN"]
    drafts = _merge(sorted(drafts + _written_to(doc, args), key=lambda d: d.token.i))
    replies = _merge(_replies(doc, args, drafts))
    yield from args.records
    for draft in drafts + replies:
        yield from _letter_records(draft, article, drafts)


def letter_key(draft: LetterDraft) -> str:
    base = f"Letter:{draft.sender or '?'}>{draft.recipient or '?'}"
    return base + ("#reply" if draft.reply_to else "")


def _letter_records(draft: LetterDraft, article: Article, drafts):
    key = letter_key(draft)
    first = min(draft.tokens, key=lambda t: t.i)
    yield Mention(key, "Letter", "letter", sentence_provenance(article, first, NAME))
    for role in ("sender", "recipient", "deliverer"):
        value = getattr(draft, role)
        if value:
            token = draft.where.get(role, draft.token)
            yield Fact(key, role, Ref(value), sentence_provenance(article, token, NAME))
    yield from place_and_date_facts(key, article, draft, NAME)
    if draft.about:
        yield Fact(key, "about", draft.about, sentence_provenance(article, draft.where.get("about", draft.token), NAME))
    if draft.reply_to is not None:
        yield Fact(key, "inReplyTo", Ref(letter_key(draft.reply_to)), sentence_provenance(article, first, NAME))

