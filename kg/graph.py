"""Graph: resolved entities and statements -> rdflib Dataset and networkx MultiDiGraph.

The Dataset's default graph holds what resolution concluded (types, preferred labels, aliases,
article metadata); each article's named graph holds the facts that article supports, each with
a W3C Web Annotation evidence node (article, character offsets, exact quote).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from rdflib import RDF, RDFS, XSD, Dataset, Literal, URIRef
from rdflib.namespace import SKOS

from kg.model import Article, Date, Ref
from kg.resolve import Resolution, Statement
from kg.temporal import xsd_type
from kg.vocab import ID, KG, OA, term

ARTICLE_PATH = "article/"


def entity_iri(eid: str) -> URIRef:
    return ID[eid]


def article_iri(article_id: str) -> URIRef:
    return ID[ARTICLE_PATH + article_id]


def literal(value) -> Literal:
    if isinstance(value, Date):
        return Literal(value.iso, datatype=XSD[xsd_type(value.iso)])
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    return Literal(str(value))


def rdf_object(value):
    return entity_iri(value.key) if isinstance(value, Ref) else literal(value)


def build_dataset(res: Resolution) -> Dataset:
    """The whole graph: default graph of conclusions, one named graph per article of evidence."""
    ds = Dataset()
    default = ds.default_graph
    for entity in res.entities.values():
        node = entity_iri(entity.id)
        default.add((node, RDF.type, term(entity.cls)))
        default.add((node, RDFS.label, Literal(entity.label)))
        for name in entity.names - {entity.label}:
            default.add((node, SKOS.altLabel, Literal(name)))
    for article in res.articles:
        _add_article(default, article)
    by_article: dict[str, list[Statement]] = defaultdict(list)
    for s in res.statements:
        by_article[s.article].append(s)
    for article in res.articles:
        graph = ds.graph(article_iri(article.id))
        _add_facts(graph, article, by_article[article.id], res)
    return ds


def _add_article(graph, article: Article) -> None:
    node = article_iri(article.id)
    graph.add((node, RDF.type, KG.Article))
    graph.add((node, RDFS.label, Literal(article.title or article.id)))
    graph.add((node, KG.articleId, Literal(article.id)))
    if article.date:
        graph.add((node, KG.published, Literal(article.date.isoformat(), datatype=XSD.date)))
    for prop, value in ((KG.outlet, article.outlet), (KG.author, article.author), (KG.title, article.title)):
        if value:
            graph.add((node, prop, Literal(value)))


def _add_facts(graph, article: Article, statements: list[Statement], res: Resolution) -> None:
    source = article_iri(article.id)
    typed: set[str] = set()
    for s in statements:
        subject = entity_iri(s.subject)
        if s.subject not in typed:
            typed.add(s.subject)
            cls = term(res.entities[s.subject].cls)
            _assert(graph, source, (subject, RDF.type, cls), s)
            _assert(graph, source, (subject, KG.mentionedIn, source), s)
        _assert(graph, source, (subject, term(s.predicate), rdf_object(s.value)), s)


def _assert(graph, source, triple, s: Statement) -> None:
    """Add a triple and its evidence: an oa:Annotation reifying it, targeting the quoted span."""
    if triple in graph:
        return
    graph.add(triple)
    digest = hashlib.sha1(" ".join(t.n3() for t in triple).encode()).hexdigest()[:16]
    ev = ID[f"evidence/{s.article}/{digest}"]
    target, position, quote = (URIRef(f"{ev}#{part}") for part in ("target", "position", "quote"))
    subject, predicate, obj = triple
    for t in ((ev, RDF.type, OA.Annotation), (ev, RDF.type, RDF.Statement),
              (ev, RDF.subject, subject), (ev, RDF.predicate, predicate), (ev, RDF.object, obj),
              (ev, KG.extractor, Literal(s.prov.extractor)), (ev, OA.hasTarget, target),
              (target, RDF.type, OA.SpecificResource), (target, OA.hasSource, source),
              (target, OA.hasSelector, position), (target, OA.hasSelector, quote),
              (position, RDF.type, OA.TextPositionSelector),
              (position, OA.start, Literal(s.prov.start, datatype=XSD.nonNegativeInteger)),
              (position, OA.end, Literal(s.prov.end, datatype=XSD.nonNegativeInteger)),
              (quote, RDF.type, OA.TextQuoteSelector), (quote, OA.exact, Literal(s.prov.quote))):
        graph.add(t)


def build_networkx(res: Resolution):
    """A MultiDiGraph of entities (see docs/DESIGN.md for the attributes)."""
    import networkx as nx

    articles = {a.id: a for a in res.articles}
    graph = nx.MultiDiGraph(name="kg")
    facts: dict[str, list[dict]] = defaultdict(list)
    dates: dict[str, list[str]] = defaultdict(list)
    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for s in res.statements:
        if s.predicate == "name":
            continue
        value = res.entities[s.value.key].label if isinstance(s.value, Ref) else _plain(s.value)
        article = articles[s.article]
        fact = {"subject": res.entities[s.subject].label, "predicate": s.predicate, "value": value,
                "article": s.article, "article_date": article.date.isoformat() if article.date else None,
                "outlet": article.outlet, "quote": s.prov.quote, "start": s.prov.start,
                "end": s.prov.end, "date": None}
        facts[s.subject].append(fact)
        if isinstance(s.value, Date) and s.predicate == "date":
            dates[s.subject].append(s.value.iso)
        if isinstance(s.value, Ref):
            facts[s.value.key].append(fact)
            if s.predicate != "heldBy":
                edges[(s.subject, s.value.key, s.predicate)].add(s.article)
    for eid in sorted(res.entities):
        entity = res.entities[eid]
        fact_date = min(dates[eid]) if dates[eid] else None
        for fact in facts[eid]:
            fact["date"] = fact_date if fact["subject"] == entity.label else fact["date"]
        article_dates = sorted(articles[a].date.isoformat() for a in entity.articles if articles[a].date)
        graph.add_node(
            str(entity_iri(eid)), label=entity.label, cls=entity.cls,
            aliases=tuple(sorted(entity.names - {entity.label})), articles=tuple(sorted(entity.articles)),
            mentions=len(entity.articles), first_date=fact_date or (article_dates[0] if article_dates else None),
            facts=tuple(sorted(facts[eid], key=lambda f: (f["article"], f["start"], f["predicate"], str(f["value"])))),
        )
    for (u, v, rel), arts in sorted(edges.items()):
        graph.add_edge(str(entity_iri(u)), str(entity_iri(v)), key=rel, relation=rel,
                       articles=tuple(sorted(arts)), weight=float(len(arts)))
    return graph


def _plain(value):
    if isinstance(value, Date):
        return value.iso
    return value
