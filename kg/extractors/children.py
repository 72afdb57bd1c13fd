"""Children groups: "eight Ukrainian children were returned to Ukraine from Russia", "Three were
displaced to Russia", "nearly 20,000 children" -> ChildrenGroup entities with count, qualifier,
status, origin, destination, sub-groups and who claims the figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.coref import Cast
from kg.extractors.arguments import Arguments, child, prep_objects
from kg.extractors.common import sentence_numbers, sentence_provenance, slug, span_provenance
from kg.model import Article, Fact, Mention, Ref
from kg.numbers import parse_number

NAME = "children"
CHILD_NOUNS = {"child", "children", "kid", "kids", "minor", "minors", "boy", "boys", "girl",
               "girls", "orphan", "orphans", "teenager", "teenagers", "teen", "teens",
               "youngster", "youngsters", "adolescent", "adolescents", "baby", "babies",
               "infant", "infants", "son", "sons", "daughter", "daughters"}
STATUS = {
    "reunite": "reunited", "reunify": "reunited", "rejoin": "reunited", "reunification": "reunited",
    "return": "returned", "repatriate": "returned", "bring": "returned", "go": "returned",
    "deport": "deported", "deportation": "deported", "displace": "displaced",
    "separate": "displaced", "relocate": "displaced", "transfer": "deported", "move": "displaced",
    "abduct": "abducted", "kidnap": "abducted", "abduction": "abducted", "take": "abducted",
    "release": "released", "free": "released", "evacuate": "evacuated", "adopt": "adopted",
    "come": "returned",
}
# "came home", "went back": motion verbs say 'returned' only with such a particle
NEEDS_PARTICLE = {"come", "go", "bring"}
APPROXIMATE = {"nearly", "almost", "about", "around", "roughly", "approximately", "some",
               "estimated", "closer", "close", "circa", "over"}
AT_LEAST = {"more", "least", "over", "exceeding", "upwards"}
AT_MOST = {"fewer", "less", "up", "under", "maximum"}
CLAIM_VERBS = {"say", "verify", "estimate", "record", "report", "document", "count", "claim",
               "confirm", "state", "announce", "register", "identify"}
SUBGROUP_CUES = {"other", "them", "those", "more", "including", "include"}
PLACE_LABELS = ("GPE", "LOC", "FAC", "ORG")


@dataclass
class GroupDraft:
    token: object
    count: int
    span: object
    qualifier: str = "exact"
    statuses: list[str] = field(default_factory=list)
    origin: str | None = None
    destination: str | None = None
    claimed_by: str | None = None
    parent: "GroupDraft | None" = None
    subgroup_cue: bool = False
    where: dict = field(default_factory=dict)


GROUP_NOUNS = {"group", "batch", "party", "convoy", "busload", "total"}
MOTION_VERBS = {"cross", "travel", "arrive", "flee", "leave", "move", "reach", "enter", "head", "fly"}
# Family words that name children only with a word of youth: "two teenage brothers".
YOUNG_KIN = {"brother", "brothers", "sister", "sisters", "sibling", "siblings", "twin", "twins"}
YOUTH = {"teenage", "young", "little", "minor", "orphaned", "underage", "infant", "baby"}
CASE_NOUNS = {"case", "cases", "instance", "instances", "count", "counts"}


def _count_token(token):
    """(count, number token) when `token` is a children noun with a number, else None.

    The number may sit on a counting noun above it: "19,500 cases of children deported"."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in CASE_NOUNS:
        found = _count_token(head.head)
        if found:
            return found
    for c in token.children:
        if c.dep_ == "nummod" or (c.dep_ == "det" and c.lower_ == "one"):
            if c.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT"):
                continue
            digits = [t.text for t in c.subtree if t.like_num]
            value = parse_number(" ".join(digits)) if digits else None
            if value is not None:
                return value, c
    for c in token.children:
        if c.dep_ in ("det",) and c.lower_ in ("a", "an") and any(
                "year-old" in g.text or g.text == "year" for g in token.subtree):
            return 1, c
    return None


def _qualifier(number) -> str:
    words = {t.lower_ for t in number.subtree if t.i != number.i}
    words |= {t.lower_ for t in number.doc[max(0, number.i - 3):number.i]}
    if words & {"least"} or ("more" in words and "than" in words) or "over" in words:
        return "at least"
    if words & {"fewer", "less"} or ("up" in words and "to" in words):
        return "at most"
    if words & APPROXIMATE:
        return "approximate"
    return "exact"


def _status_of(head) -> str | None:
    lemma = head.lemma_.lower()
    if lemma not in STATUS:
        return None
    if lemma in NEEDS_PARTICLE and not any(c.lower_ in ("home", "back") for c in head.children):
        return None
    return STATUS[lemma]


def _status_heads(noun):
    """Verbs and nouns that say what happened to the group, nearest first."""
    heads = []
    for c in noun.children:
        if c.dep_ in ("amod", "acl", "relcl") and c.lemma_.lower() in STATUS:
            heads.append(c)
        if c.dep_ in ("relcl", "acl"):
            heads.extend(g for g in c.children if g.dep_ == "conj" and g.lemma_.lower() in STATUS)
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    hops = 0
    while head is not None and hops < 3:
        if head.lemma_.lower() in STATUS:
            heads.insert(0, head)
            heads.extend(g for g in head.children if g.dep_ == "conj" and g.lemma_.lower() in STATUS)
            break
        if head.dep_ in ("xcomp", "ccomp") or head.pos_ == "AUX":
            head, hops = head.head, hops + 1
            continue
        break
    return heads


def _places(head, args: Arguments, preps) -> str | None:
    # "went back to Russia": the preposition may hang from the particle
    particles = [c for c in head.children if c.dep_ in ("advmod", "prt") and c.lower_ in ("back", "home", "away")]
    objects = prep_objects(head, *preps) + [o for p in particles for o in prep_objects(p, *preps)]
    for obj in objects:
        if obj.ent_type_ == "PERSON" and obj.pos_ == "PROPN" and not args.cast.person_at(obj):
            return args.place(obj.doc[obj.i:obj.i + 1])  # "from Kherson" tagged as a name
        if obj.ent_type_ in PLACE_LABELS:
            return args.place(args.entity_span(obj))
        if any(t.ent_type_ in ("GPE", "LOC") for t in obj.subtree):
            words = [t for t in obj.subtree if t.dep_ != "det"]
            return args.place(obj.doc[words[0].i:words[-1].i + 1])
    return None


def _claimer(head, args: Arguments) -> str | None:
    for token in head.sent:
        # "According to Ukrainian authorities, ..."
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
            source = next((g for g in token.doc[token.i + 1].children if g.dep_ == "pobj"), None)
            if source is not None:
                return args.entity(source, agent=True)
    node = head
    for _ in range(5):
        if node.head is node:
            return None
        node = node.head
        if node.lemma_.lower() in CLAIM_VERBS:
            subj = child(node, "nsubj")
            if subj is not None and subj.pos_ != "PRON":
                return args.entity(subj, agent=True)
    return None


def _fill(draft: GroupDraft, noun, args: Arguments) -> None:
    for head in _status_heads(noun):
        status = _status_of(head)
        if status is None:
            continue
        if status not in draft.statuses:
            draft.statuses.append(status)
            draft.where.setdefault("status", head)
        origin = _places(head, args, ("from",))
        destination = _places(head, args, ("to", "into"))
        if origin and not draft.origin and origin != draft.destination:
            draft.origin, draft.where["origin"] = origin, head
        if destination and not draft.destination and destination != draft.origin:
            draft.destination, draft.where["destination"] = destination, head
        if not draft.claimed_by:
            draft.claimed_by = _claimer(head, args)
    origin = _places(noun, args, ("from",))
    if origin and not draft.origin:
        draft.origin, draft.where["origin"] = origin, noun
    mover = _motion_verb(noun)
    if mover is not None:  # "a group of 11 children crossed into Ukraine"
        destination = _places(mover, args, ("to", "into"))
        origin = _places(mover, args, ("from", "out"))
        if destination and not draft.destination and destination != draft.origin:
            draft.destination, draft.where["destination"] = destination, mover
        if origin and not draft.origin and origin != draft.destination:
            draft.origin, draft.where["origin"] = origin, mover


def _motion_verb(noun):
    """The verb a children phrase moves with ("crossed into", "arrived in"), through "a group of"."""
    node = noun
    if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.lemma_.lower() in GROUP_NOUNS:
        node = node.head.head
    if node.dep_ in ("nsubj", "nsubjpass") and node.head.lemma_.lower() in MOTION_VERBS:
        return node.head
    return None


def _elliptical(doc, token, has_children_context: bool):
    """'Three were separated', 'Seven of them were returned', 'The other five': a number as subject."""
    if not has_children_context or token.dep_ not in ("nsubj", "nsubjpass", "appos", "ROOT"):
        return None
    if token.pos_ != "NUM" and token.lower_ not in ("one",):
        return None  # checked first: it is cheap, and most subjects are no number
    cues = {t.lower_ for t in token.subtree} | {t.lower_ for t in token.doc[max(0, token.i - 2):token.i]}
    verb = token.head
    if not (verb.lemma_.lower() in STATUS or cues & {"other", "of", "aged"} or
            any(c.lemma_.lower() in STATUS for c in verb.children if c.dep_ == "conj")):
        return None
    value = parse_number(token.text)
    if value is None or token.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY"):
        return None
    return value


TOTAL_NOUNS = {"total", "figure", "number", "tally", "toll", "count"}


def _total(token, has_children_context: bool) -> int | None:
    """'the total was closer to 35,000' right after a children figure: another estimate of it."""
    if not has_children_context or token.pos_ != "NUM" or token.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT"):
        return None
    clause = token
    while clause.dep_ not in ("ROOT", "ccomp", "conj") and clause.head is not clause:
        clause = clause.head
    if not any(c.dep_ == "nsubj" and c.lemma_.lower() in TOTAL_NOUNS for c in clause.children):
        return None
    return parse_number(token.text)


def _drafts(doc, args: Arguments) -> list[GroupDraft]:
    drafts: list[GroupDraft] = []
    last_child_sent = -10
    for token, n_sent in zip(doc, sentence_numbers(doc)):
        young_kin = token.lower_ in YOUNG_KIN and any(c.lower_ in YOUTH or "year-old" in c.text for c in token.children)
        if token.lemma_.lower() in CHILD_NOUNS or token.lower_ in CHILD_NOUNS or young_kin:
            found = _count_token(token)
            last_child_sent = n_sent
            if found:
                value, number = found
                draft = GroupDraft(token=token, count=value, span=doc[number.left_edge.i:token.i + 1],
                                   qualifier=_qualifier(number))
                draft.subgroup_cue = any(t.lower_ in SUBGROUP_CUES for t in doc[max(0, number.i - 4):number.i + 4]) \
                    or value == 1
                _fill(draft, token, args)
                if token.dep_ == "pobj" and token.head.head.lower_ in CASE_NOUNS:
                    _fill(draft, token.head.head, args)  # "cases of children deported to ..."
                drafts.append(draft)
            continue
        total = _total(token, n_sent - last_child_sent <= 2)
        if total is not None and drafts:
            draft = GroupDraft(token=token, count=total, span=doc[max(token.i - 2, token.sent.start):token.i + 1],
                               qualifier=_qualifier(token), statuses=list(drafts[-1].statuses))
            draft.claimed_by = _claimer(token, args)
            drafts.append(draft)
            continue
        value = _elliptical(doc, token, n_sent - last_child_sent <= 3)
        if value is None and token.lower_ in ("others", "ones") and n_sent - last_child_sent <= 3:
            found = _count_token(token)
            if found:
                value, number = found
                draft = GroupDraft(token=token, count=value, span=doc[number.i:token.i + 1],
                                   qualifier=_qualifier(number), subgroup_cue=True)
                _fill(draft, token, args)
                drafts.append(draft)
                continue
        if value is not None and not (token.head.lemma_.lower() in CHILD_NOUNS):
            draft = GroupDraft(token=token, count=value, span=doc[token.left_edge.i:token.right_edge.i + 1],
                               qualifier=_qualifier(token), subgroup_cue=True)
            if draft.span.end - draft.span.start > 8:
                draft.span = doc[token.i:token.i + 1]
            _fill(draft, token, args)
            drafts.append(draft)
    return drafts


def _link(drafts: list[GroupDraft]) -> list[GroupDraft]:
    """Merge repeated mentions of a group; link sub-groups to the group they split."""
    groups: list[GroupDraft] = []
    for draft in drafts:
        same = next((g for g in groups if g.count == draft.count), None)
        if same is not None and not _conflict(same, draft):
            for status in draft.statuses:
                if status not in same.statuses:
                    same.statuses.append(status)
            for role in ("origin", "destination", "claimed_by"):
                other = {"origin": same.destination, "destination": same.origin}.get(role)
                if getattr(same, role) is None and getattr(draft, role) not in (None, other):
                    setattr(same, role, getattr(draft, role))
                    if role in draft.where:
                        same.where[role] = draft.where[role]
            continue
        if draft.subgroup_cue:
            draft.parent = _parent(draft, groups)
        groups.append(draft)
    return groups


def _parent(draft: GroupDraft, groups: list[GroupDraft]) -> GroupDraft | None:
    """The group a sub-group was split from: a larger group told just before, preferring a
    top-level one; a group going the other way is a sibling, so its own parent is taken."""
    reach = 60 if draft.count == 1 else 400
    near = [g for g in reversed(groups) if g.count > draft.count and draft.token.i - g.token.i < reach]
    for group in sorted(near, key=lambda g: g.parent is not None):
        if not _conflict(group, draft):
            return group
        if group.parent is not None and group.parent.count > draft.count:
            return group.parent
    return None


def _conflict(a: GroupDraft, b: GroupDraft) -> bool:
    return any(getattr(a, r) and getattr(b, r) and getattr(a, r) != getattr(b, r)
               for r in ("origin", "destination"))


def group_key(group: GroupDraft) -> str:
    """'ChildrenGroup:3-of-8-to-russia': a sub-group is named by its parent and route."""
    return "ChildrenGroup:" + slug(_group_name(group))


def _group_name(group: GroupDraft) -> str:
    text = str(group.count)
    if group.parent is None:
        return text
    text += " of " + _group_name(group.parent)
    if group.origin:
        text += " from " + group.origin.split(":", 1)[1]
    if group.destination:
        text += " to " + group.destination.split(":", 1)[1]
    return text


def extract_children(doc, article: Article, cast: Cast):
    """Children-group records of one article."""
    args = Arguments(doc, article, cast, NAME)
    groups = [g for g in _link(_drafts(doc, args)) if _reported(g)]
    yield from args.records
    for group in groups:
        yield from _records(group, article)


def _reported(group: GroupDraft) -> bool:
    """A figure the news reports: something happened to the group, or it is placed or claimed.
    "She has three children" is none of these."""
    return bool(group.statuses or group.origin or group.destination or group.claimed_by or group.parent)


def _records(group: GroupDraft, article: Article):
    key = group_key(group)
    prov = sentence_provenance(article, group.token, NAME)
    description = group.span.text
    yield Mention(key, "ChildrenGroup", description, span_provenance(article, group.span, NAME))
    yield Fact(key, "count", group.count, prov)
    yield Fact(key, "countQualifier", group.qualifier, prov)
    yield Fact(key, "description", description, span_provenance(article, group.span, NAME))
    for status in group.statuses:
        yield Fact(key, "status", status, sentence_provenance(article, group.where.get("status", group.token), NAME))
    for role, prop in (("origin", "origin"), ("destination", "destination"), ("claimed_by", "claimedBy")):
        value = getattr(group, role)
        if value:
            where = group.where.get(role, group.token)
            yield Fact(key, prop, Ref(value), sentence_provenance(article, where, NAME))
    if group.parent is not None:
        yield Fact(key, "partOf", Ref(group_key(group.parent)), prov)
