"""Exporter stage: networkx MultiDiGraph in, GEXF 1.3 file out (for Gephi).

The file carries Gephi's `viz` extension (colour by class, size by mentions, a precomputed
position) so that it opens coloured and laid out. The class palette and the layout live here
because the HTML exporter uses the same ones, so Gephi and the browser look alike.
"""

from __future__ import annotations

import math
import zlib
from pathlib import Path

from kg.exporters.graphml import XmlFile, edge_weight, sorted_edges, xml_attribute, xml_document, xml_element

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"

# Class -> (hex colour, vis-network shape, GEXF viz shape). Colours are Tableau 10, which stay
# distinguishable for most colour-blind readers; vis shapes are ones that honour `size`.
CLASS_STYLE: dict[str, tuple[str, str, str]] = {
    "Person": ("#4e79a7", "dot", "disc"),
    "Office": ("#f28e2b", "square", "square"),
    "Organization": ("#e15759", "hexagon", "disc"),
    "Place": ("#76b7b2", "triangle", "triangle"),
    "Event": ("#59a14f", "star", "diamond"),
    "Meeting": ("#edc948", "diamond", "diamond"),
    "Letter": ("#b07aa1", "triangleDown", "triangle"),
    "ChildrenGroup": ("#ff9da7", "dot", "disc"),
}
DEFAULT_STYLE = ("#9c9c9c", "dot", "disc")
LAYOUT_SEED = 7
LAYOUT_ITERATIONS = 150
LAYOUT_SCALE = 1000.0
# Above this many nodes ForceAtlas2 (quadratic in time and memory) lays out only a core.
FORCE_LAYOUT_NODES = 300
CORE_NODES = 120


def class_style(cls: str | None) -> tuple[str, str, str]:
    """(colour, vis shape, GEXF shape) for a class; unknown classes get a neutral grey dot."""
    return CLASS_STYLE.get(cls or "", DEFAULT_STYLE)


def node_size(mentions: int) -> float:
    """Display size grows with the square root of mentions so that hubs do not swamp the view."""
    return round(10.0 + 5.0 * math.sqrt(max(int(mentions or 0), 0)), 2)


def layout_positions(graph, *, scale: float = LAYOUT_SCALE) -> dict[str, tuple[float, float]]:
    """Deterministic 2-D positions for every node, rounded so the bytes written do not wobble.

    ForceAtlas2 from networkx needs only numpy (spring_layout needs scipy above 500 nodes);
    nodes and edges are inserted in sorted order and the seed is fixed, so the same graph
    always gets the same positions. ForceAtlas2 compares every pair of nodes on every step,
    so above FORCE_LAYOUT_NODES nodes it lays out only the CORE_NODES best connected ones and
    `_anchored` places the rest around them.
    """
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes, key=str))
    simple.add_edges_from(sorted({(u, v) if u <= v else (v, u) for u, v in graph.edges() if u != v}))
    if simple.number_of_nodes() <= 1:
        return {node: (0.0, 0.0) for node in simple}
    if simple.number_of_nodes() > FORCE_LAYOUT_NODES:
        return _distinct(_anchored(simple, scale))
    raw = nx.forceatlas2_layout(simple, max_iter=LAYOUT_ITERATIONS, seed=LAYOUT_SEED)
    scaled = nx.rescale_layout_dict(raw, scale=scale)
    return {node: (round(float(x), 2), round(float(y), 2)) for node, (x, y) in scaled.items()}


def _anchored(simple, scale: float) -> dict[str, tuple[float, float]]:
    """ForceAtlas2 on the CORE_NODES nodes of highest degree; every other node near the neighbour
    it is first reached from (breadth first, neighbours in sorted order), at a distance that
    shrinks with each step away from the core and an angle drawn from its name; components the
    core does not reach go on a spiral around it, each laid out the same way from its hub."""
    import networkx as nx

    adjacency = simple.adj
    order = sorted(simple.nodes, key=lambda n: (-len(adjacency[n]), str(n)))
    chosen = set(order[:CORE_NODES])
    core = nx.Graph()  # built in sorted order: a subgraph view would follow set order
    core.add_nodes_from(sorted(chosen, key=str))
    core.add_edges_from(_edges_among(simple, chosen))
    placed = {n: (float(x), float(y)) for n, (x, y) in nx.rescale_layout_dict(
        nx.forceatlas2_layout(core, max_iter=LAYOUT_ITERATIONS, seed=LAYOUT_SEED), scale=1.0).items()}
    _spread_from(simple, list(placed), placed, 0.12)
    turn = 0
    for hub in order:
        if hub in placed:
            continue
        turn += 1
        radius = 1.3 + 0.04 * math.sqrt(turn)
        angle = turn * 2.399963  # the golden angle: successive components never line up
        placed[hub] = (radius * math.cos(angle), radius * math.sin(angle))
        _spread_from(simple, [hub], placed, 0.04)
    return {n: (round(x * scale, 2), round(y * scale, 2)) for n, (x, y) in placed.items()}


def _edges_among(simple, chosen: set) -> list:
    """The edges of `simple` between nodes of `chosen`, in the order simple.edges() gives them
    (each from the node inserted first), visiting only the chosen nodes' neighbours."""
    edges, done = [], set()
    for node in simple:
        if node not in chosen:
            continue
        edges.extend((node, other) for other in simple.adj[node] if other in chosen and other not in done)
        done.add(node)
    return edges


def _spread_from(simple, sources: list, placed: dict, step: float) -> None:
    frontier, depth = sorted(sources, key=str), 0
    while frontier:
        depth += 1
        found = []
        for node in frontier:
            px, py = placed[node]
            for other in sorted(simple.neighbors(node), key=str):
                if other in placed:
                    continue
                spin = zlib.crc32(str(other).encode("utf-8"))
                angle, reach = (spin & 0xFFFF) / 0x10000 * 2 * math.pi, 0.35 + (spin >> 16) / 0x10000
                r = step * reach / depth
                placed[other] = (px + r * math.cos(angle), py + r * math.sin(angle))
                found.append(other)
        frontier = found


def _distinct(positions: dict) -> dict[str, tuple[float, float]]:
    """Positions with no two nodes on the same point: a clash moves up by 0.01 until free."""
    taken: set[tuple[float, float]] = set()
    result = {}
    for node in sorted(positions, key=str):
        x, y = positions[node]
        while (x, y) in taken:
            y = round(y + 0.01, 2)
        taken.add((x, y))
        result[node] = (x, y)
    return result


def _hex_to_rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _attribute_decls(klass: str, decls: list[tuple[str, str]]) -> tuple:
    return ("attributes", {"class": klass, "mode": "static"},
            [("attribute", {"id": name, "title": name, "type": kind}, (), None) for name, kind in decls], None)


def _attvalues(values: list[tuple[str, object]]) -> str:
    """The <attvalues> element of a node or edge (level 4), or nothing when no value is set."""
    present = "".join(f'          <attvalue for="{name}" value="{xml_attribute(value)}" />\n'
                      for name, value in values if value not in (None, ""))
    return f"        <attvalues>\n{present}        </attvalues>\n" if present else ""


# Nodes and edges are written from templates: the bytes xml_element writes for the same tree,
# at a third of the cost. Every node has viz children, so no node is an empty element.
def _node_element(out, node: str, data: dict, pos: tuple[float, float]) -> None:
    colour, _, shape = class_style(data.get("cls"))
    r, g, b = _hex_to_rgb(colour)
    values = _attvalues([
        ("cls", data.get("cls")),
        ("aliases", "; ".join(data.get("aliases") or ())),
        ("articles", "; ".join(data.get("articles") or ())),
        ("mentions", int(data.get("mentions") or 0)),
        ("first_date", data.get("first_date")),
    ])
    out.append(
        f'      <node id="{xml_attribute(node)}" label="{xml_attribute(data.get("label") or node)}">\n{values}'
        f'        <viz:color r="{r}" g="{g}" b="{b}" a="1.0" />\n'
        f'        <viz:size value="{node_size(data.get("mentions") or 0)}" />\n'
        f'        <viz:position x="{pos[0]}" y="{pos[1]}" z="0.0" />\n'
        f'        <viz:shape value="{shape}" />\n      </node>\n')


def _edge_element(out, index: int, u: str, v: str, key: str, data: dict) -> None:
    relation = str(data.get("relation") or key)
    label = xml_attribute(relation)
    # Gephi merges parallel edges unless their `kind` differs; one edge per relation
    # between two nodes is exactly what the MultiDiGraph keys guarantee.
    head = (f'      <edge id="e{index}" source="{xml_attribute(u)}" target="{xml_attribute(v)}" '
            f'label="{label}" kind="{label}" weight="{edge_weight(data)!r}"')
    values = _attvalues([("relation", relation), ("articles", "; ".join(data.get("articles") or ()))])
    out.append(f"{head}>\n{values}      </edge>\n" if values else f"{head} />\n")


def generate_gexf(graph) -> bytes:
    """The GEXF 1.3 document for `graph`, as UTF-8 bytes; same graph, same bytes."""
    out: list[str] = []
    _gexf(graph, out)
    return xml_document(out)


def _gexf(graph, out, edges=None) -> None:
    out.append(f'<gexf xmlns="{GEXF_NS}" xmlns:viz="{VIZ_NS}" xmlns:xsi="{XSI_NS}" '
               f'xsi:schemaLocation="{SCHEMA_LOCATION}" version="1.3">\n')
    xml_element(out, 1, "meta", {}, [("creator", {}, (), "kg"),
                                     ("description", {}, (), "Entities and relations extracted from news articles")])
    out.append('  <graph defaultedgetype="directed" mode="static">\n')
    xml_element(out, 2, *_attribute_decls("node", [
        ("cls", "string"), ("aliases", "string"), ("articles", "string"),
        ("mentions", "integer"), ("first_date", "string"),
    ]))
    xml_element(out, 2, *_attribute_decls("edge", [("relation", "string"), ("articles", "string")]))
    positions = layout_positions(graph)
    nodes, edges = sorted(graph.nodes, key=str), sorted_edges(graph) if edges is None else edges
    for tag, items, write in (("nodes", nodes, lambda n: _node_element(out, n, graph.nodes[n], positions[n])),
                              ("edges", list(enumerate(edges)), lambda e: _edge_element(out, e[0], *e[1]))):
        if not items:
            xml_element(out, 2, tag, {})
            continue
        out.append(f"    <{tag}>\n")
        for item in items:
            write(item)
        out.append(f"    </{tag}>\n")
    out.append("  </graph>\n</gexf>\n")


def write_gexf(graph, path, *, edges=None) -> Path:
    """Write `graph` as GEXF 1.3 to `path` and return the path; `edges` is `sorted_edges(graph)`,
    if the caller has it already."""
    with XmlFile(path) as out:
        _gexf(graph, out, edges)
    return Path(path)
