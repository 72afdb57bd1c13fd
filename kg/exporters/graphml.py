"""Exporter stage: networkx MultiDiGraph in, GraphML file out (for Gephi, yEd, Cytoscape, igraph).

Only scalar attributes are written (lists are joined with "; ", facts are left to the RDF and
HTML exports). Key ids are named after their attribute rather than networkx's d0, d1, ...:
Gephi's importer treats key `d3` on nodes and `d7` on edges as labels (a yEd habit), so
counter-numbered ids would silently replace labels with whatever attribute landed there.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd"
LIST_SEPARATOR = "; "

# (key id, attr.name, attr.type) in the order they are declared and written.
NODE_KEYS = (
    ("n_label", "label", "string"),
    ("n_cls", "cls", "string"),
    ("n_aliases", "aliases", "string"),
    ("n_articles", "articles", "string"),
    ("n_mentions", "mentions", "int"),
    ("n_first_date", "first_date", "string"),
)
EDGE_KEYS = (
    ("e_label", "label", "string"),
    ("e_relation", "relation", "string"),
    ("e_articles", "articles", "string"),
    ("e_weight", "weight", "double"),
)

# Characters XML 1.0 forbids outright; article text can carry them (form feeds, NULs).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """`text` with the characters XML 1.0 cannot represent removed; escaping is ElementTree's job."""
    return _XML_ILLEGAL.sub("", str(text))


def edge_weight(data: dict) -> float:
    """A strictly positive weight: the graph's, else the number of supporting articles, else 1.

    Gephi and most layouts treat zero or negative weights as errors or as missing edges.
    """
    for candidate in (data.get("weight"), len(data.get("articles") or ())):
        try:
            weight = float(candidate)
        except (TypeError, ValueError):
            continue
        if weight > 0:
            return weight
    return 1.0


def sorted_edges(graph) -> list[tuple[str, str, str, dict]]:
    """Edges as (u, v, key, data), sorted so that output bytes do not depend on insertion order."""
    return sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))


def _node_values(node: str, data: dict) -> dict[str, object]:
    return {
        "label": data.get("label") or node,
        "cls": data.get("cls"),
        "aliases": LIST_SEPARATOR.join(data.get("aliases") or ()),
        "articles": LIST_SEPARATOR.join(data.get("articles") or ()),
        "mentions": int(data.get("mentions") or 0),
        "first_date": data.get("first_date"),
    }


def _edge_values(key: str, data: dict) -> dict[str, object]:
    relation = str(data.get("relation") or key)
    return {
        "label": relation,
        "relation": relation,
        "articles": LIST_SEPARATOR.join(data.get("articles") or ()),
        "weight": edge_weight(data),
    }


def _write_data(parent: ET.Element, keys, values: dict[str, object]) -> None:
    for key_id, name, _ in keys:
        value = values.get(name)
        if value is None or value == "":
            continue
        text = repr(value) if isinstance(value, float) else str(value)
        ET.SubElement(parent, "data", {"key": key_id}).text = xml_safe(text)


def generate_graphml(graph) -> bytes:
    """The GraphML document for `graph`, as UTF-8 bytes; same graph, same bytes."""
    root = ET.Element("graphml", {
        "xmlns": GRAPHML_NS, "xmlns:xsi": XSI_NS, "xsi:schemaLocation": SCHEMA_LOCATION,
    })
    for domain, keys in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
        for key_id, name, kind in keys:
            ET.SubElement(root, "key", {
                "id": key_id, "for": domain, "attr.name": name, "attr.type": kind,
            })
    graph_el = ET.SubElement(root, "graph", {"id": "kg", "edgedefault": "directed"})
    for node in sorted(graph.nodes, key=str):
        node_el = ET.SubElement(graph_el, "node", {"id": xml_safe(node)})
        _write_data(node_el, NODE_KEYS, _node_values(node, graph.nodes[node]))
    for index, (u, v, key, data) in enumerate(sorted_edges(graph)):
        edge_el = ET.SubElement(graph_el, "edge", {
            "id": f"e{index}", "source": xml_safe(u), "target": xml_safe(v),
        })
        _write_data(edge_el, EDGE_KEYS, _edge_values(key, data))
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_graphml(graph, path) -> Path:
    """Write `graph` as GraphML to `path` and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(generate_graphml(graph))
    return path
