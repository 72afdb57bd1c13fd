"""Synthetic MultiDiGraphs shaped like the graph stage's output (docs/DESIGN.md), for exporter tests.

`make_graph()` is small and hand-written, with hostile strings in labels, aliases, quotes,
outlets and article ids, parallel edges, a node without aliases or date, and every class.
`make_large_graph(n)` is a ring-with-chords graph big enough to take the large-graph paths.
"""

from __future__ import annotations

ID = "https://example.org/kg/id/"

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
CLOSE_SCRIPT = "</script><script>alert(2)</script>"
TEMPLATE = "{{ 7*7 }} {% raw %} ${x}"
JS_URL = "javascript:alert(3)"
SEPARATORS = "line\u2028sep\u2029para"
ENTITY = "&lt;b&gt; &amp; <!-- ]]>"
HOSTILE = (SCRIPT, IMG, CLOSE_SCRIPT, TEMPLATE, JS_URL, SEPARATORS, ENTITY)

MELANIA = ID + "person/melania-trump"
FLOTUS = ID + "office/first-lady-united-states"
LETTER = ID + "letter/melania-trump-to-putin"
PUTIN = ID + "person/vladimir-putin"
EVIL = ID + "person/" + "evil"
CHILDREN = ID + "childrengroup/ukrainian-children"
MEETING = ID + "meeting/alaska-summit"
PLACE = ID + "place/anchorage"
ORG = ID + "organization/" + "acme"
EVENT = ID + "event/return-of-children"

ARTICLE_A = "2025-08-17-wire"
ARTICLE_B = 'evil"><img src=x onerror=alert(4)>'
OUTLET_B = "<b>Bold</b> Times " + JS_URL

NODES = {
    MELANIA: ("Melania Trump", "Person", ("First Lady", "Mrs. Trump"), (ARTICLE_A, ARTICLE_B), "2025-08-15"),
    FLOTUS: ("First Lady of the United States", "Office", (), (ARTICLE_A,), "2025-08-17"),
    LETTER: ("letter to Vladimir Putin", "Letter", ("peace letter",), (ARTICLE_A, ARTICLE_B), "2025-08-15"),
    PUTIN: ("Vladimir Putin", "Person", ("Putin",), (ARTICLE_A,), None),
    EVIL: (SCRIPT, "Person", (IMG, CLOSE_SCRIPT, TEMPLATE, JS_URL, SEPARATORS), (ARTICLE_B,), None),
    CHILDREN: ("Ukrainian children", "ChildrenGroup", (), (ARTICLE_A,), "2025-08"),
    MEETING: ("Alaska summit", "Meeting", ("Anchorage meeting",), (ARTICLE_A,), "2025-08-15"),
    PLACE: ("Anchorage", "Place", (), (ARTICLE_A,), None),
    ORG: (ENTITY, "Organization", (), (ARTICLE_B,), "2025"),
    EVENT: ("return of children", "Event", (), (ARTICLE_A,), "2025-08-16"),
}

EDGES = (
    (LETTER, MELANIA, "sender", (ARTICLE_A, ARTICLE_B)),
    (LETTER, PUTIN, "recipient", (ARTICLE_A,)),
    (MELANIA, FLOTUS, "holdsOffice", (ARTICLE_A,)),
    (FLOTUS, MELANIA, "heldBy", (ARTICLE_A,)),
    (MEETING, PUTIN, "participant", (ARTICLE_A,)),
    (MEETING, PLACE, "place", (ARTICLE_A,)),
    (LETTER, CHILDREN, "about", (ARTICLE_A,)),
    (EVIL, MELANIA, "agent", (ARTICLE_B,)),
    (EVIL, MELANIA, "participant", (ARTICLE_B,)),
    (ORG, EVIL, "participant", (ARTICLE_B,)),
    (EVENT, CHILDREN, "participant", (ARTICLE_A,)),
)


def _fact(subject: str, predicate: str, value: str, article: str, quote: str, date: str | None) -> dict:
    hostile = article == ARTICLE_B
    return {
        "subject": subject, "predicate": predicate, "value": value, "article": article,
        "article_date": "2025-08-17" if not hostile else None,
        "outlet": OUTLET_B if hostile else "Wire Service",
        "quote": quote, "start": 120, "end": 120 + len(quote), "date": date,
    }


def _facts_for(node: str, label: str, edges) -> tuple[dict, ...]:
    facts = []
    for u, v, relation, articles in edges:
        if node not in (u, v):
            continue
        for article in articles:
            quote = f"Evidence that {NODES[u][0]} {relation} {NODES[v][0]}."
            if article == ARTICLE_B:
                quote = f"{SCRIPT} {IMG} {CLOSE_SCRIPT} {SEPARATORS} {TEMPLATE}"
            facts.append(_fact(NODES[u][0], relation, NODES[v][0], article, quote, NODES[u][4]))
    facts.append(_fact(label, "name", label, ARTICLE_A, f"Name quote for {label}", None))
    return tuple(sorted(facts, key=lambda f: sorted((k, str(v)) for k, v in f.items())))


def make_graph():
    """The small hostile graph: 10 nodes of every class, 11 edges (two of them parallel)."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for node, (label, cls, aliases, articles, first_date) in NODES.items():
        graph.add_node(
            node, label=label, cls=cls, aliases=tuple(sorted(aliases)), articles=tuple(sorted(articles)),
            mentions=len(articles), first_date=first_date, facts=_facts_for(node, label, EDGES),
        )
    for u, v, relation, articles in EDGES:
        graph.add_edge(u, v, key=relation, relation=relation, articles=tuple(sorted(articles)),
                       weight=float(len(articles)))
    return graph


def make_large_graph(n: int = 600):
    """A connected graph of `n` people and places with a few facts each; deterministic."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for i in range(n):
        cls = "Person" if i % 3 else "Place"
        label = f"Entity {i:04d}"
        fact = _fact(label, "name", label, ARTICLE_A, f"Quote {i}", None)
        graph.add_node(f"{ID}{cls.lower()}/e{i:04d}", label=label, cls=cls, aliases=(f"alias {i}",),
                       articles=(ARTICLE_A,), mentions=1 + i % 5, first_date=None, facts=(fact,))
    nodes = sorted(graph.nodes)
    for i, node in enumerate(nodes):
        for step, relation in ((1, "participant"), (7, "agent")):
            graph.add_edge(node, nodes[(i + step) % n], key=relation, relation=relation,
                           articles=(ARTICLE_A,), weight=1.0)
    return graph
