"""Network: resolved statements, one article at a time, in; networkx MultiDiGraphs of entities out
(docs/DESIGN.md lists their attributes).

`Network.graph()` is every entity and relation, for GraphML and GEXF; its nodes carry no facts,
which at thousands of articles would take more memory than everything else together.
`Network.view()` is the graph the HTML page shows, each node with its facts and their evidence:
the whole graph when it has at most `max_nodes` nodes, else the `max_nodes` entities mentioned
in most articles, each with at most MAX_FACTS facts (`facts_total` then says how many there are).
"""

from __future__ import annotations

import pickle
from collections import defaultdict

from kg.graph import entity_iri
from kg.model import Article, Date, Ref

DEFAULT_MAX_NODES = 2000
MAX_FACTS = 100


def _plain(value):
    return value.iso if isinstance(value, Date) else value


def discard(graph) -> None:
    """Free a networkx graph now, once nothing will read it: its cached views (`edges`,
    `degree`) refer back to it, a cycle that only the cyclic collector would break, and a build
    keeps it rare (kg/pipeline.py)."""
    graph.__dict__.clear()


class Network:
    """Edges, dates and facts collected from each article's deduplicated statements."""

    def __init__(self, articles: list[Article]) -> None:
        self.articles = {a.id: a for a in articles}
        self._published = {a.id: a.date.isoformat() for a in articles if a.date}
        self.edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        self.dates: dict[str, list[str]] = defaultdict(list)
        self._facts: list[bytes] = []  # per article, pickled (subject, predicate, value, start, end, quote)

    def part(self, article_id: str, statements) -> tuple:
        """What one article's deduplicated statements add: (edges, dates, pickled facts)."""
        text = self.articles[article_id].text
        edges, dates, compact = [], [], []
        for s in statements:
            if s.predicate == "name":
                continue
            value, prov = s.value, s.prov
            if isinstance(value, Date) and s.predicate == "date":
                dates.append((s.subject, value.iso))
            if isinstance(value, Ref) and s.predicate != "heldBy":
                edges.append((s.subject, value.key, s.predicate))
            quote = None if text[prov.start:prov.end] == prov.quote else prov.quote
            compact.append((s.subject, s.predicate, value, prov.start, prov.end, quote))
        return edges, dates, pickle.dumps((article_id, compact), protocol=5)

    def add_part(self, article_id: str, part: tuple) -> None:
        edges, dates, facts = part
        for edge in edges:
            self.edges[edge].add(article_id)
        for subject, iso in dates:
            self.dates[subject].append(iso)
        self._facts.append(facts)

    def add(self, article_id: str, statements) -> None:
        self.add_part(article_id, self.part(article_id, statements))

    def first_date(self, eid: str) -> str | None:
        return min(self.dates[eid]) if eid in self.dates else None

    def graph(self, entities, keep: set[str] | None = None):
        """Every entity (node id = IRI) and relation, or those among the entity ids in `keep`;
        nodes without facts."""
        import networkx as nx

        graph = nx.MultiDiGraph(name="kg")
        for eid in sorted(entities if keep is None else keep):
            graph.add_node(entity_iri(eid), **self._attributes(entities[eid]))
        for (u, v, rel), arts in sorted(self.edges.items()):
            if keep is None or u in keep and v in keep:
                graph.add_edge(entity_iri(u), entity_iri(v), key=rel, relation=rel,
                               articles=tuple(sorted(arts)), weight=float(len(arts)))
        return graph

    def _attributes(self, entity) -> dict:
        published = self._published
        first = self.first_date(entity.id) or min((published[a] for a in entity.articles if a in published),
                                                  default=None)
        return {"label": entity.label, "cls": entity.cls, "aliases": tuple(sorted(entity.names - {entity.label})),
                "articles": tuple(sorted(entity.articles)), "mentions": len(entity.articles), "first_date": first}

    def view(self, entities, max_nodes: int = DEFAULT_MAX_NODES):
        """The HTML page's graph: `graph(entities)` cut to `max_nodes` nodes, with facts on them.
        Built from the entities directly, without the whole graph first."""
        large = len(entities) > max_nodes
        keep = {e.id for e in sorted(entities.values(), key=lambda e: (-len(e.articles), entity_iri(e.id)))
                [:max_nodes]} if large else set(entities)
        view = self.graph(entities, keep)
        for eid, facts in self._node_facts(keep, entities).items():
            facts.sort(key=lambda f: (f["article"], f["start"], f["predicate"], str(f["value"])))
            node = view.nodes[entity_iri(eid)]
            if large and len(facts) > MAX_FACTS:
                node["facts_total"] = len(facts)
                facts = facts[:MAX_FACTS]
            node["facts"] = tuple(facts)
        for eid in keep:
            view.nodes[entity_iri(eid)].setdefault("facts", ())
        return view

    def _node_facts(self, keep: set[str], entities) -> dict[str, list[dict]]:
        """eid -> facts whose subject or object it is, in statement order; a fact about
        itself appears twice."""
        found: dict[str, list[dict]] = defaultdict(list)
        first_dates: dict[str, str | None] = {}
        for blob in self._facts:
            article_id, compact = pickle.loads(blob)
            article = self.articles[article_id]
            source = {"article": article.id, "article_date": self._published.get(article.id), "outlet": article.outlet}
            for subject, predicate, value, start, end, quote in compact:
                obj = value.key if isinstance(value, Ref) else None
                if subject not in keep and obj not in keep:
                    continue
                fact = self._fact(article, source, subject, predicate, value, start, end, quote, entities,
                                  first_dates)
                if subject in keep:
                    found[subject].append(fact)
                if obj in keep:
                    found[obj].append(fact)
        return found

    def _fact(self, article, source: dict, subject, predicate, value, start, end, quote, entities,
              first_dates: dict) -> dict:
        label = entities[subject].label
        obj = value.key if isinstance(value, Ref) else None
        # The date is the subject's; or the object's when it bears the subject's label and
        # sorts after it (the last node to claim a fact by its label sets the date).
        dated = obj if obj and obj > subject and entities[obj].label == label else subject
        if dated not in first_dates:
            first_dates[dated] = self.first_date(dated)
        return {"subject": label, "predicate": predicate,
                "value": entities[obj].label if obj else _plain(value), **source,
                "quote": article.text[start:end] if quote is None else quote,
                "start": start, "end": end, "date": first_dates[dated]}


def view_title(articles: int, view, total: int) -> str:
    """The HTML page's title; when the view is part of the graph (of `total` nodes), it says
    which part and where the rest is."""
    title = f"Knowledge graph of {articles:,} article{'s' if articles != 1 else ''}"
    shown = view.number_of_nodes()
    if shown < total:
        title += (f": the {shown:,} entities mentioned in most articles, of {total:,}"
                  f" (all are in kg.graphml, kg.gexf and kg query)")
    return title
