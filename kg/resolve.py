"""Resolve: every article's Mentions and Facts -> corpus-wide Entities with stable ids.

One entity per real person, office, letter, meeting, event and children group. People merge on
compatible full names (same first and last word); a bare surname joins a full name only when the
two also share an office, so two people who share a surname are never merged on it alone.
Ids are minted here, from identity (names, roles, counts), never from order or position.

Resolution runs in two steps so that a large corpus never has to be in memory at once:
`Resolver(summaries)` learns the corpus-wide facts (people, office jurisdictions, letters) from
each article's small `ArticleSummary`; then each article, in id order, is mapped on its own
(`Resolver.ids_for`, `article_statements`) and `Entities` collects what labels need.
`resolve()` does both for records held in memory.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from kg.extractors.common import slug
from kg.extractors.meetings import KIND_RANK
from kg.extractors.offices import Office
from kg.model import Article, Date, Fact, Mention, Provenance, Ref

# Facts whose values name other mentions that ids are minted from.
LINKS = ("sender", "recipient", "participant", "agent", "heldBy")
# Facts that entity labels are made of.
LABEL_FACTS = frozenset({"sender", "recipient", "kind", "participant", "agent", "date", "count",
                         "partOf", "origin", "destination", "status"})
# Id prefixes of the classes whose labels are made of facts.
LABELLED_BY_FACTS = frozenset({"letter", "meeting", "event", "children"})


@dataclass
class Entity:
    id: str
    cls: str
    label: str = ""
    names: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)


class Statement(NamedTuple):
    """A fact about resolved entities: value is an entity id (Ref) or a literal. A named tuple
    rather than a dataclass: a large corpus makes millions, and tuples are quick to make."""

    article: str
    subject: str
    predicate: str
    value: object
    prov: Provenance


@dataclass
class Resolution:
    entities: dict[str, Entity]
    statements: list[Statement]
    articles: list[Article]


@dataclass(frozen=True)
class ArticleSummary:
    """What resolution must know about one article before mapping any: its mentions in order
    (key, class, name), its people (key, fullest name, office roles), the mentions each
    mention links to (LINKS), and each mention's first date."""

    article_id: str
    mentions: tuple[tuple[str, str, str], ...]
    people: tuple[tuple[str, str, frozenset], ...]
    links: dict[tuple[str, str], tuple[str, ...]]
    dates: dict[str, str]


def summarize(article_id: str, records) -> ArticleSummary:
    mentions, names, links, dates = [], {}, defaultdict(list), {}
    offices: dict[str, set[str]] = defaultdict(set)
    for r in records:
        if isinstance(r, Mention):
            mentions.append((r.key, r.cls, r.name))
            best = names.get(r.key)
            if best is None or _fullness(r.name) > _fullness(best):
                names[r.key] = r.name
        elif r.predicate in LINKS:
            links[(r.subject, r.predicate)].append(r.value.key)
        elif r.predicate == "holdsOffice":
            offices[r.subject].add(r.value.key.split(":", 1)[1].split("|")[0])
        elif r.predicate == "date" and r.subject not in dates:
            dates[r.subject] = r.value.iso
    people = {key: (key, _tidy_name(names[key]), frozenset(offices[key]))
              for key, cls, _ in mentions if cls == "Person"}
    return ArticleSummary(article_id, tuple(mentions), tuple(people.values()),
                          {k: tuple(v) for k, v in links.items()}, dates)


def _fullness(name: str) -> tuple:
    return (len(name.split()), len(name), name)


def _person_words(name: str) -> list[str]:
    return name.lower().replace("’", "'").split()


def _tidy_name(name: str) -> str:
    return " ".join(name.replace(" - ", "-").split())


class PersonIndex:
    """Corpus-wide people: full names cluster on first and last word; surnames need an office too."""

    def __init__(self) -> None:
        self.clusters: dict[str, list[str]] = {}  # id -> names
        self._by_ends: dict[tuple[str, str], str] = {}  # (first word, last word) of names[0] -> id
        self._by_word: dict[str, list[str]] | None = None

    def add_full(self, name: str) -> str:
        words = _person_words(name)
        pid = self._by_ends.get((words[0], words[-1]))
        if pid is not None:
            self.clusters[pid].append(name)
            return pid
        pid = "person/" + slug(f"{name.split()[0]} {name.split()[-1]}")
        if pid in self.clusters:  # two spellings that slug alike: the newer one takes the id over
            old = _person_words(self.clusters[pid][0])
            del self._by_ends[(old[0], old[-1])]
        self.clusters[pid] = [name]
        self._by_ends[(words[0], words[-1])] = pid
        return pid

    def add_single(self, word: str, roles: set[str], roles_of: dict[str, set[str]]) -> str:
        """Call after every full name is added: full clusters are indexed by word once."""
        if self._by_word is None:
            self._by_word = defaultdict(list)
            for pid, names in self.clusters.items():
                words = _person_words(names[0])
                if len(words) > 1:
                    for w in dict.fromkeys(words):
                        self._by_word[w].append(pid)
        fits = [pid for pid in self._by_word.get(word.lower(), ()) if roles & roles_of.get(pid, set())]
        if len(fits) == 1:
            return fits[0]
        pid = "person/" + slug(word)
        self.clusters.setdefault(pid, [word])
        return pid


def resolve_people(summaries) -> tuple[dict[tuple[str, str], str], dict[str, list[str]]]:
    """(article id, local person key) -> person id, and each id's names."""
    local = {(s.article_id, key): (name, roles) for s in summaries for key, name, roles in s.people}
    index = PersonIndex()
    mapping: dict[tuple[str, str], str] = {}
    roles_of: dict[str, set[str]] = defaultdict(set)
    for (aid, key), (name, roles) in sorted(local.items(), key=lambda kv: (-len(kv[1][0].split()), kv[1][0], kv[0])):
        if len(name.split()) > 1:
            pid = index.add_full(name)
            mapping[(aid, key)] = pid
            roles_of[pid] |= roles
    for (aid, key), (name, roles) in sorted(local.items(), key=lambda kv: (kv[1][0], kv[0])):
        if len(name.split()) == 1:
            mapping[(aid, key)] = index.add_single(name, roles, roles_of)
    return mapping, index.clusters


def _office_jurisdictions(summaries, people) -> dict[tuple[str, str], str]:
    """(person id, role) -> the jurisdiction any article gives for that person's office."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s in summaries:
        for (subject, predicate), holders in s.links.items():
            if predicate != "heldBy":
                continue
            role, jur = subject.split(":", 1)[1].split("|")[:2]
            for holder in holders:
                pid = people.get((s.article_id, holder))
                if pid and jur:
                    found[(pid, role)].add(jur)
    return {k: sorted(v)[0] for k, v in found.items() if len(v) == 1}


class Letters:
    """Letters known by (sender, recipient, reply); a letter named by one side only is the one
    letter that side sent or received, if there is exactly one."""

    def __init__(self) -> None:
        self.known: dict[tuple, str] = {}
        self._by_side: dict[tuple, list[str]] = defaultdict(list)

    def find(self, sender, recipient, reply: bool) -> str:
        if sender and recipient:
            key = (sender, recipient, reply)
            if key not in self.known:
                self.known[key] = _letter_id(sender, recipient, reply)
                for side in (("s", sender, reply), ("r", recipient, reply), ("*", reply)):
                    self._by_side[side].append(self.known[key])
            return self.known[key]
        side = ("s", sender, reply) if sender else ("r", recipient, reply) if recipient else ("*", reply)
        fits = self._by_side.get(side, ())
        return fits[0] if len(fits) == 1 else _letter_id(sender, recipient, reply)


def _letter_id(sender, recipient, reply) -> str:
    def part(x):
        return x.split("/", 1)[1] if x else "unknown"
    return f"letter/{part(sender)}-to-{part(recipient)}" + ("-reply" if reply else "")


class Resolver:
    """Corpus-wide knowledge learnt from every article's summary; maps one article at a time."""

    def __init__(self, summaries) -> None:
        summaries = sorted(summaries, key=lambda s: s.article_id)
        self.people, self.clusters = resolve_people(summaries)
        self.jurisdictions = _office_jurisdictions(summaries, self.people)
        self.letters = Letters()
        self.office_labels: dict[str, str] = {}
        self._office_names: dict[tuple[str, str], tuple[str, str]] = {}  # (role, jurisdiction) -> (id, label)
        for summary in summaries:
            self.ids_for(summary)  # learns every letter whose sender and recipient are named

    def ids_for(self, s: ArticleSummary) -> dict[str, str]:
        """The article's local keys -> corpus-wide ids."""
        ids: dict[str, str] = {}
        for key, cls, _ in s.mentions:
            if cls == "Person":
                ids[key] = self.people[(s.article_id, key)]
            elif cls in ("Place", "Organization"):
                ids[key] = f"{cls.lower()}/{key.split(':', 1)[1]}"
        for key, cls, _ in s.mentions:
            if cls == "Office":
                ids[key] = self._office(key, s.links.get((key, "heldBy"), ()), ids)
        for key, cls, name in s.mentions:
            if cls == "Letter":
                sender = next((ids[k] for k in s.links.get((key, "sender"), ()) if k in ids), None)
                recipient = next((ids[k] for k in s.links.get((key, "recipient"), ()) if k in ids), None)
                ids[key] = self.letters.find(sender, recipient, key.endswith("#reply"))
            elif cls == "Meeting":
                parts = sorted(ids[k].split("/", 1)[1] for k in s.links.get((key, "participant"), ()) if k in ids)
                ids[key] = "meeting/" + "-".join(parts) + ("-call" if name == "call" else "")
            elif cls == "Event":
                agents = sorted(ids[k].split("/", 1)[1] for k in s.links.get((key, "agent"), ()) if k in ids)
                ids[key] = "event/" + slug(" ".join([name, *agents, s.dates.get(key, "")]))
            elif cls == "ChildrenGroup":
                ids[key] = "children/" + key.split(":", 1)[1]
        return ids

    def _office(self, key: str, holders, ids) -> str:
        role, jur = key.split(":", 1)[1].split("|")[:2]
        if not jur:
            for holder in holders:
                jur = self.jurisdictions.get((ids.get(holder, ""), role), "")
                if jur:
                    break
        named = self._office_names.get((role, jur))
        if named is None:  # the same few offices come up in most articles
            named = self._office_names[(role, jur)] = ("office/" + slug(f"{role} {jur}".strip()),
                                                       Office(role, jur or None).label)
        oid, label = named
        self.office_labels[oid] = label  # on every call: the last office given an id labels it
        return oid


@dataclass
class MappedArticle:
    """One article in corpus-wide terms: its statements (deduplicated, sorted), its mentions
    (id, class, name) and the facts labels are made of, both in record order."""

    statements: list[Statement]
    mentions: list[tuple[str, str, str]]
    label_facts: list[tuple[str, str, object]]


def map_article(article_id: str, records, ids: dict[str, str]) -> MappedArticle:
    """The article's records about corpus-wide ids; facts about or pointing at a mention that
    has no id are dropped."""
    statements, mentions, refs = [], [], {}
    for r in records:
        if isinstance(r, Mention):
            mentions.append((ids[r.key], r.cls, r.name))
            statements.append(Statement(article_id, ids[r.key], "name", r.name, r.prov))
        elif r.subject in ids:
            value = r.value
            if isinstance(value, Ref):
                if value.key not in ids:
                    continue
                value = refs.get(value.key) or refs.setdefault(value.key, Ref(ids[value.key]))
            statements.append(Statement(article_id, ids[r.subject], r.predicate, value, r.prov))
    label_facts = [(s.subject, s.predicate, s.value) for s in statements
                   if s.predicate in LABEL_FACTS and s.subject.split("/", 1)[0] in LABELLED_BY_FACTS]
    return MappedArticle(dedupe(statements), mentions, label_facts)


def dedupe(statements: list[Statement]) -> list[Statement]:
    """One statement per (article, subject, predicate, value): the earliest evidence in the
    article; sorted by article, subject, predicate and value."""
    best: dict[tuple, Statement] = {}
    for s in statements:
        key = (s.article, s.subject, s.predicate, value_key(s.value))
        if key not in best or (s.prov.start, s.prov.end) < (best[key].prov.start, best[key].prov.end):
            best[key] = s
    return [best[k] for k in sorted(best)]


def value_key(value) -> str:
    if isinstance(value, Ref):
        return "ref:" + value.key
    if isinstance(value, Date):
        return "date:" + value.iso
    return f"{type(value).__name__}:{value}"


class Entities:
    """Entities as the articles, taken in id order, name them; then their labels."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.facts: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))

    def add(self, article_id: str, mentions, label_facts) -> None:
        for eid, cls, name in mentions:
            entity = self.entities.get(eid)
            if entity is None:
                entity = self.entities[eid] = Entity(eid, cls)
            entity.names.add(name)
            entity.articles.add(article_id)
        for subject, predicate, value in label_facts:
            self.facts[subject][predicate].append(value)

    def label(self, resolver: Resolver) -> dict[str, Entity]:
        """Every entity with its preferred label, from its names and its facts."""
        none: dict[str, list] = defaultdict(list)
        for eid in sorted(self.entities, key=_label_order):
            entity = self.entities[eid]
            entity.label = _label_for(entity, self.facts.get(eid, none), self.entities,
                                      resolver.clusters, resolver.office_labels)
        return self.entities


def resolve(per_article) -> Resolution:
    """Corpus-wide entities and statements from each article's records, all held in memory."""
    per_article = sorted(per_article, key=lambda ar: ar[0].id)
    summaries = [summarize(a.id, records) for a, records in per_article]
    resolver = Resolver(summaries)
    collected = Entities()
    statements: list[Statement] = []
    for (article, records), summary in zip(per_article, summaries):
        mapped = map_article(article.id, records, resolver.ids_for(summary))
        collected.add(article.id, mapped.mentions, mapped.label_facts)
        statements.extend(mapped.statements)
    return Resolution(collected.label(resolver), statements, [a for a, _ in per_article])


def _label_order(eid: str) -> int:
    # groups refer to their parents' labels; everything else to people, places and offices
    return {"children": 2, "letter": 1, "meeting": 1, "event": 1}.get(eid.split("/")[0], 0)


def _names_of(ids, entities) -> str:
    labels = sorted({entities[i.key].label for i in ids if i.key in entities})
    return " and ".join([", ".join(labels[:-1]), labels[-1]]) if len(labels) > 1 else "".join(labels)


def _first(values):
    return values[0] if values else None


def parent_facts(parent: Entity, entities) -> list:
    return getattr(parent, "counts", [])


def _label_for(entity: Entity, f, entities, clusters, office_labels) -> str:
    cls = entity.cls
    if cls == "Person":
        names = clusters.get(entity.id, sorted(entity.names))
        return max(names, key=lambda n: (len(n.split()), len(n), [-ord(c) for c in n]))
    if cls == "Office":
        return office_labels.get(entity.id) or sorted(entity.names)[0]
    if cls == "Letter":
        kind = "Reply" if entity.id.endswith("-reply") else "Letter"
        sender = _names_of(f["sender"], entities) or "unknown sender"
        recipient = _names_of(f["recipient"], entities) or "unknown recipient"
        return f"{kind} from {sender} to {recipient}"
    if cls == "Meeting":
        kinds = sorted(set(f["kind"]), key=lambda k: -KIND_RANK.get(k, 0))
        kind = kinds[0] if kinds else "meeting"
        return f"{kind.capitalize()}: {_names_of(f['participant'], entities)}"
    if cls == "Event":
        kind = sorted(set(f["kind"]))[0] if f["kind"] else "event"
        dates = sorted(d.iso for d in f["date"])
        label = f"{kind.capitalize()} by {_names_of(f['agent'], entities)}"
        return label + (f" ({dates[0]})" if dates else "")
    if cls == "ChildrenGroup":
        entity.counts = sorted(set(f["count"]))
        count = f["count"][0] if f["count"] else "?"
        label = f"{count:,} children" if isinstance(count, int) else f"{count} children"
        if f["partOf"]:
            parent = entities.get(f["partOf"][0].key)
            parent_count = _first(parent_facts(parent, entities)) if parent else None
            label = f"{count} of the {parent_count:,} children" if isinstance(parent_count, int) else label
            origins = _names_of(f["origin"], entities)
            destinations = _names_of(f["destination"], entities)
            label += (f" from {origins}" if origins else "") + (f" to {destinations}" if destinations else "")
        statuses = sorted(set(f["status"]))
        return label + (f" ({', '.join(statuses)})" if statuses and not f["partOf"] else "")
    counts = defaultdict(int)
    for name in entity.names:
        counts[name] += 1
    return sorted(entity.names, key=lambda n: (-counts[n], -len(n), n))[0]
