"""Exporter stage: networkx MultiDiGraph in, one self-contained interactive HTML page out.

pyvis builds the vis-network node and edge records and ships the vis-network bundle, which is
inlined; the page itself is our own template (kg/exporters/assets/) because pyvis's links
Bootstrap from a CDN and writes data straight into script. The page makes no network request:
a Content-Security-Policy allows only the two inline scripts (by hash) and inline styles.

Article text is untrusted. All data travels as JSON in a <script type="application/json">
block with `<`, `>` and `&` escaped, and the page script builds the DOM with textContent.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import string
from collections import Counter
from pathlib import Path

from kg.exporters.gexf import CLASS_STYLE, class_style, layout_positions, node_size
from kg.exporters.graphml import edge_weight, sorted_edges

ASSETS = Path(__file__).parent / "assets"
DEFAULT_TITLE = "Knowledge graph"
# Above this many nodes, in-browser physics takes too long; positions are computed in Python.
LARGE_GRAPH_NODES = 500
LAYOUT_SEED = 7

CHROMIUM_PATH = "/usr/bin/chromium"
# Waiting on a selector, not a JS predicate: Playwright polls predicates with eval, which the
# page's Content-Security-Policy forbids.
SETTLED_SELECTOR = "body[data-settled='true']"
CHROMIUM_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
)

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def script_json(value) -> str:
    """`value` as JSON that is inert inside a <script> block.

    ensure_ascii escapes U+2028/U+2029 and every other non-ASCII character; `<`, `>` and `&`
    are escaped so that no `</script>` or `<!--` can end or confuse the block.
    """
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    for ch, escaped in _JSON_ESCAPES.items():
        text = text.replace(ch, escaped)
    return text


def _vis_network_js() -> str:
    from importlib.resources import files

    bundle = files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return bundle.read_text(encoding="utf-8")


def _node_record(node: str, data: dict, pos: tuple[float, float] | None, fact_ids: list[int]) -> dict:
    colour, shape, _ = class_style(data.get("cls"))
    record = {
        "label": str(data.get("label") or node), "shape": shape, "color": colour,
        "size": node_size(data.get("mentions") or 0),
        "cls": str(data.get("cls") or "Unknown"),
        "aliases": list(map(str, data.get("aliases") or ())),
        "articles": list(map(str, data.get("articles") or ())),
        "mentions": int(data.get("mentions") or 0),
        "first_date": data.get("first_date"),
        "facts": fact_ids,
    }
    if data.get("facts_total"):
        record["facts_total"] = int(data["facts_total"])
    if pos is not None:
        record.update(x=pos[0], y=pos[1])
    return record


# A fact travels as a row of these fields: `source` indexes `sources` (article, its date, its
# outlet: the same for every fact of an article) and `quote` indexes `quotes`. Keys written
# once per fact were half of the page at a thousand articles.
FACT_FIELDS = ("subject", "predicate", "value", "source", "quote", "start", "end", "date")
SOURCE_FIELDS = ("article", "article_date", "outlet")


class _FactTable:
    """Facts, their sources and quotes stored once: a fact shown on its subject's node and its
    object's, and a sentence quoted by several facts, would otherwise be written out each time
    (at a thousand articles, most of the page). Nodes list indices into `facts`, each a row of
    FACT_FIELDS."""

    def __init__(self) -> None:
        self.facts: list[list] = []
        self.sources: list[list] = []
        self.quotes: list[str] = []
        self._fact_ids: dict[int, int] = {}  # id() of a fact of the graph -> index; the graph keeps it alive
        self._source_ids: dict[tuple, int] = {}
        self._quote_ids: dict[str, int] = {}

    def ids(self, facts) -> list[int]:
        return [self._id(f) for f in facts]

    def _id(self, fact) -> int:
        found = self._fact_ids.get(id(fact))
        if found is None:
            quote = str(fact.get("quote") or "")
            quote_id = self._quote_ids.get(quote)
            if quote_id is None:
                quote_id = self._quote_ids[quote] = len(self.quotes)
                self.quotes.append(quote)
            source = (fact.get("article"), fact.get("article_date"), fact.get("outlet"))
            source_id = self._source_ids.get(source)
            if source_id is None:
                source_id = self._source_ids[source] = len(self.sources)
                self.sources.append(list(source))
            found = self._fact_ids[id(fact)] = len(self.facts)
            self.facts.append([fact.get("subject"), fact.get("predicate"), fact.get("value"), source_id, quote_id,
                               fact.get("start"), fact.get("end"), fact.get("date")])
        return found


def _edge_records(graph) -> list[tuple[str, str, dict]]:
    """(u, v, record) per edge; parallel edges get different curvatures so their labels part."""
    seen: Counter = Counter()
    records = []
    for index, (u, v, key, data) in enumerate(sorted_edges(graph)):
        nth = seen[(u, v)]
        seen[(u, v)] += 1
        relation = str(data.get("relation") or key)
        weight = edge_weight(data)
        records.append((u, v, {
            "id": f"e{index}", "label": relation, "relation": relation,
            "articles": [str(a) for a in data.get("articles") or ()], "weight": weight,
            "width": round(min(1.0 + weight / 2.0, 6.0), 2),
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": round(0.1 + 0.15 * nth, 2)},
        }))
    return records


def _vis_records(graph, positions: dict | None, table: _FactTable) -> tuple[list[dict], list[dict]]:
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    for node in sorted(graph.nodes, key=str):
        pos = positions[node] if positions else None
        data = graph.nodes[node]
        record = _node_record(node, data, pos, table.ids(data.get("facts") or ()))
        net.add_node(str(node), record.pop("label"), record.pop("shape"), record.pop("color"), **record)
    for u, v, record in _edge_records(graph):
        net.add_edge(str(u), str(v), **record)
    nodes, edges, *_ = net.get_network_data()
    return nodes, edges


def _options(large: bool) -> dict:
    physics = {"enabled": False}
    if not large:
        physics = {
            "enabled": True, "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -8000, "springLength": 130, "avoidOverlap": 0.6},
            "stabilization": {"enabled": True, "iterations": 800, "updateInterval": 50, "fit": True},
        }
    return {
        "autoResize": True,
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": not large},
        "physics": physics,
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
        "nodes": {"font": {"size": 16, "color": "#222222", "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "widthConstraint": {"maximum": 180}, "borderWidth": 1},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
                  "color": {"color": "#9a9a9a", "highlight": "#333333", "hover": "#555555"},
                  "font": {"size": 12, "color": "#555555", "strokeWidth": 3, "strokeColor": "#ffffff",
                           "align": "middle"}},
    }


def _classes(graph) -> list[dict]:
    counts = Counter(str(d.get("cls") or "Unknown") for _, d in graph.nodes(data=True))
    order = {name: i for i, name in enumerate(CLASS_STYLE)}
    names = sorted(counts, key=lambda name: (order.get(name, len(order)), name))
    return [{"name": name, "color": class_style(name)[0], "shape": class_style(name)[1],
             "count": counts[name]} for name in names]


def _csp(*scripts: str) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"
        for s in scripts
    )
    return ("default-src 'none'; script-src " + hashes + "; style-src 'unsafe-inline'; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def generate_html(graph, *, title: str = DEFAULT_TITLE) -> str:
    """The page for `graph` as one string; same graph and title, same bytes."""
    large = graph.number_of_nodes() > LARGE_GRAPH_NODES
    # Spread grows with the node count so that a large graph is not a smudge when it opens.
    spread = max(1000.0, 100.0 * math.sqrt(graph.number_of_nodes()))
    positions = layout_positions(graph, scale=spread) if large else None
    table = _FactTable()
    nodes, edges = _vis_records(graph, positions, table)
    payload = {"nodes": nodes, "edges": edges, "fact_fields": FACT_FIELDS, "facts": table.facts,
               "source_fields": SOURCE_FIELDS, "sources": table.sources, "quotes": table.quotes,
               "classes": _classes(graph), "options": _options(large)}
    vis_js = _vis_network_js()
    app_js = (ASSETS / "page.js").read_text(encoding="utf-8")
    template = string.Template((ASSETS / "page.html").read_text(encoding="utf-8"))
    return template.substitute(
        csp=_csp(vis_js, app_js), title=html.escape(str(title), quote=True),
        css=(ASSETS / "page.css").read_text(encoding="utf-8"),
        data=script_json(payload), vis_js=vis_js, app_js=app_js,
    )


def write_html(graph, path, *, title: str = DEFAULT_TITLE) -> Path:
    """Write the interactive page for `graph` to `path` and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(generate_html(graph, title=title).encode("utf-8"))
    return path


def launch_chromium(playwright):
    """Debian's headless Chromium through Playwright (never a Playwright-downloaded browser)."""
    return playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=list(CHROMIUM_ARGS), headless=True)


def screenshot(html_path, png_path, *, width: int = 1400, height: int = 900, timeout_ms: int = 60000) -> Path:
    """Open the page in headless Chromium, wait until the layout has settled, write a PNG."""
    from concurrent.futures import ThreadPoolExecutor

    # Playwright's sync API refuses to start where an event loop is running (Jupyter, or a
    # caller already inside sync Playwright); a worker thread never has one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        job = pool.submit(_screenshot, Path(html_path), Path(png_path), width, height, timeout_ms)
        return job.result()


def _screenshot(html_path: Path, png_path: Path, width: int, height: int, timeout_ms: int) -> Path:
    from playwright.sync_api import sync_playwright

    png_path.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(html_path.resolve().as_uri())
            page.wait_for_selector(SETTLED_SELECTOR, state="attached", timeout=timeout_ms)
            page.screenshot(path=str(png_path))
        finally:
            browser.close()
    return png_path
