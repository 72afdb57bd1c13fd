"""Benchmark data stage: a seed and a triple budget in, a TriG file out, shaped like `kg build`'s
output (docs/DESIGN.md): labels and article metadata in the default graph, one named graph per
article holding mentions, facts and the Web Annotation evidence of every fact.

The same seed and budget always give the same file. Entities are drawn with a skewed
distribution, so a few people appear in many articles, as in news.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from pathlib import Path

KG = "https://example.org/kg/ontology#"
ID = "https://example.org/kg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OA = "http://www.w3.org/ns/oa#"

# Entities per 1,000 articles; a million triples is about 4,300 articles.
ENTITIES_PER_1000_ARTICLES = {"person": 400, "office": 60, "place": 40, "letter": 600,
                              "meeting": 400, "event": 400, "childrengroup": 100}
CLASS_OF = {"person": "Person", "office": "Office", "place": "Place", "letter": "Letter",
            "meeting": "Meeting", "event": "Event", "childrengroup": "ChildrenGroup"}
STORIES_PER_ARTICLE = (2, 4)
OUTLETS = ("Reuters", "AP", "BBC", "Le Monde", "Kyiv Independent", "Daily Wire", "Al Jazeera")
MEETING_KINDS = ("meeting", "call", "talks", "summit")
EVENT_KINDS = ("speech", "announcement", "reunification", "report", "warrant")
STATUSES = ("returned", "deported", "missing", "reunited")


def iri(kind: str, slug: str) -> str:
    return f"<{ID}{kind}/{slug}>"


def term(local: str) -> str:
    return f"<{KG}{local}>"


def text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typed(value, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


@dataclass
class World:
    """The entities and their fixed facts; articles report subsets of these facts."""
    rng: random.Random
    counts: dict
    facts: dict = field(default_factory=dict)
    weights: dict = field(default_factory=dict)

    def pick(self, kind: str, rng: random.Random | None = None) -> int:
        """A skewed draw (weight 1/(index+10)): low indexes are the often-cited ones."""
        if kind not in self.weights:
            total, cumulative = 0.0, []
            for index in range(self.counts[kind]):
                total += 1.0 / (index + 10)
                cumulative.append(total)
            self.weights[kind] = cumulative
        return (rng or self.rng).choices(range(self.counts[kind]), cum_weights=self.weights[kind])[0]

    def label(self, kind: str, index: int) -> str:
        return f"{CLASS_OF[kind]} {index:05d}"

    def node(self, kind: str, index: int) -> str:
        return iri(kind, f"{kind}-{index:05d}")


def make_world(seed: int, articles: int) -> World:
    rng = random.Random(seed)
    counts = {k: max(5, n * articles // 1000) for k, n in ENTITIES_PER_1000_ARTICLES.items()}
    return World(rng=rng, counts=counts)


def entity_facts(world: World, kind: str, index: int) -> list[tuple[str, str, str]]:
    """The facts an entity always has (seeded by the entity, so every article agrees)."""
    key = (kind, index)
    if key not in world.facts:
        rng = random.Random(f"{kind}-{index}")
        world.facts[key] = _facts_for(world, rng, kind, index)
    return world.facts[key]


def _person(world: World, rng: random.Random) -> str:
    return world.node("person", world.pick("person", rng))


def _date(rng: random.Random) -> str:
    return typed(f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "date")


def _facts_for(world: World, rng: random.Random, kind: str, index: int) -> list:
    me = world.node(kind, index)
    place = world.node("place", rng.randrange(world.counts["place"]))
    if kind == "letter":
        facts = [(me, "sender", _person(world, rng)), (me, "recipient", _person(world, rng)),
                 (me, "date", _date(rng)), (me, "about", text(f"topic {rng.randrange(50)}"))]
        if rng.random() < 0.5:
            facts.append((me, "deliverer", _person(world, rng)))
        return facts
    if kind == "meeting":
        people = {_person(world, rng) for _ in range(rng.randint(2, 4))}
        return ([(me, "participant", p) for p in sorted(people)] +
                [(me, "kind", text(rng.choice(MEETING_KINDS))), (me, "place", place),
                 (me, "date", _date(rng))])
    if kind == "event":
        return [(me, "agent", _person(world, rng)), (me, "kind", text(rng.choice(EVENT_KINDS))),
                (me, "place", place), (me, "date", _date(rng))]
    if kind == "childrengroup":
        return [(me, "count", typed(rng.randint(2, 500), "integer")),
                (me, "origin", place),
                (me, "destination", world.node("place", rng.randrange(world.counts["place"]))),
                (me, "status", text(rng.choice(STATUSES)))]
    if kind == "office":
        holder = _person(world, rng)
        return [(holder, "holdsOffice", me), (me, "heldBy", holder)]
    return []


def default_graph_lines(world: World, articles: int):
    """Labels of every entity and metadata of every article, as N-Triples lines."""
    rdf_type = f"<{RDF}type>"
    for kind, count in world.counts.items():
        for index in range(count):
            node = world.node(kind, index)
            yield f"{node} {rdf_type} {term(CLASS_OF[kind])} ."
            yield f"{node} <{RDFS}label> {text(world.label(kind, index))} ."
            if kind == "person" and index % 3 == 0:
                yield f"{node} <{SKOS}altLabel> {text(f'P. {index:05d}')} ."
    for number in range(articles):
        article, rng = iri("article", f"a{number:06d}"), random.Random(f"article-{number}")
        yield f"{article} {rdf_type} {term('Article')} ."
        yield f"{article} {term('articleId')} {text(f'a{number:06d}')} ."
        yield f"{article} {term('published')} {_date(rng)} ."
        yield f"{article} {term('outlet')} {text(rng.choice(OUTLETS))} ."
        yield f"{article} {term('author')} {text(f'Reporter {rng.randrange(300)}')} ."
        yield f"{article} {term('title')} {text(f'Story number {number}')} ."


def article_lines(world: World, number: int):
    """The named graph of one article: mentions, facts and evidence, as N-Triples lines."""
    article_id = f"a{number:06d}"
    article = iri("article", article_id)
    stories = [_story(world) for _ in range(world.rng.randint(*STORIES_PER_ARTICLE))]
    facts = sorted({fact for kind, index in stories for fact in entity_facts(world, kind, index)})
    mentioned = sorted({(k, i) for k, i in stories} |
                       {_kind_index(v) for f in facts for v in (f[0], f[2]) if "/id/" in v})
    for kind, index in mentioned:
        node = world.node(kind, index)
        yield f"{node} <{RDF}type> {term(CLASS_OF[kind])} ."
        yield f"{node} {term('name')} {text(world.label(kind, index))} ."
        yield f"{node} {term('mentionedIn')} {article} ."
    for offset, (subject, predicate, obj) in enumerate(facts):
        yield f"{subject} {term(predicate)} {obj} ."
        yield from evidence_lines(article_id, subject, predicate, obj, offset * 90)


def _story(world: World) -> tuple[str, int]:
    kind = world.rng.choice(("letter", "meeting", "event", "office", "childrengroup"))
    return kind, world.pick(kind)


def _kind_index(node: str) -> tuple[str, int]:
    kind, slug = node[len(ID) + 1:-1].split("/")
    return kind, int(slug.rsplit("-", 1)[1])


def evidence_lines(article_id: str, subject: str, predicate: str, obj: str, start: int):
    """The W3C Web Annotation + reification block of docs/DESIGN.md for one fact."""
    digest = hashlib.sha1(f"{subject}{predicate}{obj}".encode()).hexdigest()[:12]
    base = f"{ID}evidence/{article_id}/{digest}"
    note, target = f"<{base}>", f"<{base}#target>"
    position, quote = f"<{base}#position>", f"<{base}#quote>"
    end = start + 60
    yield from (
        f"{note} <{RDF}type> <{OA}Annotation> .", f"{note} <{RDF}type> <{RDF}Statement> .",
        f"{note} <{RDF}subject> {subject} .", f"{note} <{RDF}predicate> {term(predicate)} .",
        f"{note} <{RDF}object> {obj} .", f"{note} {term('extractor')} {text(predicate)} .",
        f"{note} <{OA}hasTarget> {target} .",
        f"{target} <{RDF}type> <{OA}SpecificResource> .",
        f"{target} <{OA}hasSource> {iri('article', article_id)} .",
        f"{target} <{OA}hasSelector> {position} .", f"{target} <{OA}hasSelector> {quote} .",
        f"{position} <{RDF}type> <{OA}TextPositionSelector> .",
        f"{position} <{OA}start> {typed(start, 'integer')} .",
        f"{position} <{OA}end> {typed(end, 'integer')} .",
        f"{quote} <{RDF}type> <{OA}TextQuoteSelector> .",
        f"{quote} <{OA}exact> {text(f'the words of {predicate} at {start}')} .",
    )


def write_synthetic_trig(path: Path, triples: int, seed: int = 7) -> int:
    """Write about `triples` triples as TriG to `path`; returns the number of lines written."""
    articles = max(10, triples // 250)
    world = make_world(seed, articles)
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        for line in default_graph_lines(world, articles):
            out.write(line + "\n")
            written += 1
        for number in range(articles):
            out.write(f"{iri('article', f'a{number:06d}')} {{\n")
            for line in article_lines(world, number):
                out.write(line + "\n")
                written += 1
            out.write("}\n")
    return written


def famous_person() -> str:
    """IRI (without brackets) of the person the one-person queries ask about: the most cited."""
    return f"{ID}person/person-00000"
