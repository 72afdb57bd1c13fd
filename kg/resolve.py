"""Resolve: every article's Mentions and Facts -> corpus-wide Entities with stable ids.

One entity per real person, office, letter, meeting, event and children group. People merge on
compatible full names (same first and last word); a bare surname joins a full name only when the
two also share an office, so two people who share a surname are never merged on it alone.
Ids are minted here, from identity (names, roles, counts), never from order or position.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg.extractors.common import slug
from kg.extractors.meetings import KIND_RANK
from kg.extractors.offices import Office
from kg.model import Article, Date, Fact, Mention, Provenance, Ref

Value = object


@dataclass
class Entity:
    id: str
    cls: str
    label: str = ""
    names: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Statement:
    """A fact about resolved entities: value is an entity id (Ref) or a literal."""

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


def _person_words(name: str) -> list[str]:
    return name.lower().replace("’", "'").split()


class PersonIndex:
    """Corpus-wide people: full names cluster on first and last word; surnames need an office too."""

    def __init__(self) -> None:
        self.clusters: dict[str, list[str]] = {}  # id -> names

    def add_full(self, name: str) -> str:
        words = _person_words(name)
        for pid, names in self.clusters.items():
            other = _person_words(names[0])
            if len(other) > 1 and other[0] == words[0] and other[-1] == words[-1]:
                names.append(name)
                return pid
        pid = "person/" + slug(f"{name.split()[0]} {name.split()[-1]}")
        self.clusters[pid] = [name]
        return pid

    def add_single(self, word: str, roles: set[str], roles_of: dict[str, set[str]]) -> str:
        low = word.lower()
        fits = [pid for pid, names in self.clusters.items()
                if len(_person_words(names[0])) > 1 and low in _person_words(names[0])
                and roles & roles_of.get(pid, set())]
        if len(fits) == 1:
            return fits[0]
        pid = "person/" + slug(word)
        self.clusters.setdefault(pid, [word])
        return pid


def _local_people(per_article):
    """(article id, local key) -> (name, office roles) for every person mention."""
    people: dict[tuple[str, str], tuple[str, set[str]]] = {}
    for article, records in per_article:
        offices = defaultdict(set)
        for r in records:
            if isinstance(r, Fact) and r.predicate == "holdsOffice":
                offices[r.subject].add(r.value.key.split(":", 1)[1].split("|")[0])
        for r in records:
            if isinstance(r, Mention) and r.cls == "Person":
                name = max((m.name for m in records if isinstance(m, Mention) and m.key == r.key),
                           key=lambda n: (len(n.split()), len(n), n))
                people[(article.id, r.key)] = (_tidy_name(name), offices[r.key])
    return people


def _tidy_name(name: str) -> str:
    return " ".join(name.replace(" - ", "-").split())


def resolve_people(per_article) -> tuple[dict[tuple[str, str], str], dict[str, list[str]]]:
    """Local person keys -> person ids, and each id's names."""
    local = _local_people(per_article)
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


def _office_jurisdictions(per_article, people) -> dict[tuple[str, str], str]:
    """(person id, role) -> the jurisdiction any article gives for that person's office."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for article, records in per_article:
        for r in records:
            if isinstance(r, Fact) and r.predicate == "heldBy":
                role, jur = r.subject.split(":", 1)[1].split("|")[:2]
                pid = people.get((article.id, r.value.key))
                if pid and jur:
                    found[(pid, role)].add(jur)
    return {k: sorted(v)[0] for k, v in found.items() if len(v) == 1}


def _roles(records, key: str, predicate: str) -> list[str]:
    return [r.value.key for r in records if isinstance(r, Fact) and r.subject == key and r.predicate == predicate]


class _Mapper:
    """Maps one article's local keys to corpus-wide ids."""

    def __init__(self, people, jurisdictions, letters):
        self.people = people
        self.jurisdictions = jurisdictions
        self.letters = letters  # (sender, recipient, reply) -> id, shared across articles
        self.office_labels: dict[str, str] = {}

    def map_article(self, article: Article, records) -> dict[str, str]:
        ids: dict[str, str] = {}
        mentions = [r for r in records if isinstance(r, Mention)]
        for m in mentions:
            if m.cls == "Person":
                ids[m.key] = self.people[(article.id, m.key)]
            elif m.cls in ("Place", "Organization"):
                ids[m.key] = f"{m.cls.lower()}/{m.key.split(':', 1)[1]}"
        for m in mentions:
            if m.cls == "Office":
                ids[m.key] = self._office(m.key, records, ids)
        for m in mentions:
            if m.cls == "Letter":
                ids[m.key] = self._letter(m.key, records, ids)
            elif m.cls == "Meeting":
                kind = m.name
                parts = sorted(ids[k].split("/", 1)[1] for k in _roles(records, m.key, "participant") if k in ids)
                ids[m.key] = "meeting/" + "-".join(parts) + ("-call" if kind == "call" else "")
            elif m.cls == "Event":
                agents = sorted(ids[k].split("/", 1)[1] for k in _roles(records, m.key, "agent") if k in ids)
                date = next((r.value.iso for r in records if isinstance(r, Fact) and r.subject == m.key
                             and r.predicate == "date"), "")
                ids[m.key] = "event/" + slug(" ".join([m.name, *agents, date]))
            elif m.cls == "ChildrenGroup":
                ids[m.key] = "children/" + m.key.split(":", 1)[1]
        return ids

    def _office(self, key: str, records, ids) -> str:
        role, jur = key.split(":", 1)[1].split("|")[:2]
        if not jur:
            for holder in _roles(records, key, "heldBy"):
                jur = self.jurisdictions.get((ids.get(holder, ""), role), "")
                if jur:
                    break
        oid = "office/" + slug(f"{role} {jur}".strip())
        self.office_labels[oid] = Office(role, jur or None).label
        return oid

    def _letter(self, key: str, records, ids) -> str:
        sender = next((ids[k] for k in _roles(records, key, "sender") if k in ids), None)
        recipient = next((ids[k] for k in _roles(records, key, "recipient") if k in ids), None)
        reply = key.endswith("#reply")
        if sender and recipient:
            found = self.letters.setdefault((sender, recipient, reply), _letter_id(sender, recipient, reply))
            return found
        fits = sorted(v for (s, r, rep), v in self.letters.items()
                      if rep == reply and (sender in (s, None)) and (recipient in (r, None)))
        if len(fits) == 1:
            return fits[0]
        return _letter_id(sender, recipient, reply)


def _letter_id(sender, recipient, reply) -> str:
    def part(x):
        return x.split("/", 1)[1] if x else "unknown"
    return f"letter/{part(sender)}-to-{part(recipient)}" + ("-reply" if reply else "")


def resolve(per_article) -> Resolution:
    """Corpus-wide entities and statements from each article's records."""
    per_article = sorted(per_article, key=lambda ar: ar[0].id)
    people, clusters = resolve_people(per_article)
    mapper = _Mapper(people, _office_jurisdictions(per_article, people), {})
    entities: dict[str, Entity] = {}
    statements: list[Statement] = []
    for article, records in per_article:
        mapper.map_article(article, records)  # first pass: learn every fully named letter
    for article, records in per_article:
        ids = mapper.map_article(article, records)
        for r in records:
            if isinstance(r, Mention):
                eid = ids[r.key]
                entity = entities.setdefault(eid, Entity(eid, r.cls))
                entity.names.add(r.name)
                entity.articles.add(article.id)
                statements.append(Statement(article.id, eid, "name", r.name, r.prov))
            elif r.subject in ids:
                value = r.value
                if isinstance(value, Ref):
                    if value.key not in ids:
                        continue
                    value = Ref(ids[value.key])
                statements.append(Statement(article.id, ids[r.subject], r.predicate, value, r.prov))
    _label(entities, statements, clusters, mapper.office_labels)
    return Resolution(entities, _dedupe(statements), [a for a, _ in per_article])


def _dedupe(statements: list[Statement]) -> list[Statement]:
    """One statement per (article, subject, predicate, value): the earliest evidence in the article."""
    best: dict[tuple, Statement] = {}
    for s in statements:
        key = (s.article, s.subject, s.predicate, _value_key(s.value))
        if key not in best or (s.prov.start, s.prov.end) < (best[key].prov.start, best[key].prov.end):
            best[key] = s
    return sorted(best.values(), key=lambda s: (s.article, s.subject, s.predicate, _value_key(s.value)))


def _value_key(value) -> str:
    if isinstance(value, Ref):
        return "ref:" + value.key
    if isinstance(value, Date):
        return "date:" + value.iso
    return f"{type(value).__name__}:{value}"


def _label(entities: dict[str, Entity], statements: list[Statement], clusters, office_labels) -> None:
    """Each entity's preferred label, from its names and its facts."""
    facts: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for s in statements:
        facts[s.subject][s.predicate].append(s.value)
    for eid in sorted(entities, key=_label_order):
        entity = entities[eid]
        entity.label = _label_for(entity, facts[eid], entities, clusters, office_labels)


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
