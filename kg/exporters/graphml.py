"""Exporter stage: networkx MultiDiGraph in, GraphML file out (for Gephi, yEd, Cytoscape, igraph).

Only scalar attributes are written (lists are joined with "; ", facts are left to the RDF and
HTML exports). The document is written element by element, byte for byte as ElementTree would
write it indented, without building a tree first. Key ids are named after their attribute rather than networkx's d0, d1, ...:
Gephi's importer treats key `d3` on nodes and `d7` on edges as labels (a yEd habit), so
counter-numbered ids would silently replace labels with whatever attribute landed there.
"""

from __future__ import annotations

import re
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


_XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
_ATTRIB_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("\r", "&#13;"),
                   ("\n", "&#10;"), ("\t", "&#09;"))


_ATTRIB_TABLE = str.maketrans(dict(_ATTRIB_ESCAPES))
_TEXT_TABLE = str.maketrans(dict(_ATTRIB_ESCAPES[:3]))
_ATTRIB_SPECIAL = re.compile('[&<>"\r\n\t]')
_TEXT_SPECIAL = re.compile("[&<>]")
# What needs xml_safe or escaping: the common case, plain text, is returned as it is.
_ATTRIB_CHECK = re.compile('[\x00-\x1f&<>"\ufffe\uffff\ud800-\udfff]')
_TEXT_CHECK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f&<>\ufffe\uffff\ud800-\udfff]")


def _escape_attribute(text: str) -> str:
    return text.translate(_ATTRIB_TABLE) if _ATTRIB_SPECIAL.search(text) else text


def _escape_text(text: str) -> str:
    return text.translate(_TEXT_TABLE) if _TEXT_SPECIAL.search(text) else text


def xml_element(out, level: int, tag: str, attrs: dict, children=(), text: str | None = None) -> None:
    """Append an element, as ElementTree writes it after ET.indent(space="  "), to `out` (a list
    of strings, or an XmlFile).

    `children` are (tag, attrs, children, text) tuples. Writing as we go keeps a graph of any
    size from becoming a tree of Elements in memory first.
    """
    pad = "  " * level
    head = pad + "<" + tag + "".join([f' {k}="{_escape_attribute(v)}"' for k, v in attrs.items()])
    if children:
        out.append(head + ">\n")
        for child in children:
            xml_element(out, level + 1, *child)
        out.append(f"{pad}</{tag}>\n")
    elif text:
        out.append(f"{head}>{_escape_text(text)}</{tag}>\n")
    else:
        out.append(head + " />\n")


def xml_document(out: list[str]) -> bytes:
    return (_XML_DECLARATION + "".join(out)).encode("utf-8")


class XmlFile:
    """A file that `xml_element` can append to: a large graph goes to disk as it is written."""

    def __init__(self, path) -> None:
        self.path = Path(path)

    def __enter__(self) -> "XmlFile":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = open(self.path, "w", encoding="utf-8", newline="\n")
        self._handle.write(_XML_DECLARATION)
        self.append = self._handle.write
        return self

    def __exit__(self, *exc) -> None:
        self._handle.close()


def xml_attribute(value) -> str:
    """`value` as text for a double-quoted attribute: XML-safe and escaped as ElementTree would."""
    text = str(value)
    if _ATTRIB_CHECK.search(text) is None:
        return text
    return _XML_ILLEGAL.sub("", text).translate(_ATTRIB_TABLE)


def xml_text(value) -> str:
    """`value` as element text: XML-safe and escaped as ElementTree would."""
    text = str(value)
    if _TEXT_CHECK.search(text) is None:
        return text
    return _XML_ILLEGAL.sub("", text).translate(_TEXT_TABLE)


def _data_lines(keys, values: dict[str, object]) -> str:
    """The <data> children of a node or edge, as xml_element writes them at level 3."""
    lines = []
    for key_id, name, _ in keys:
        value = values.get(name)
        if value is None or value == "":
            continue
        text = xml_text(repr(value) if isinstance(value, float) else value)
        lines.append(f'      <data key="{key_id}">{text}</data>\n' if text else f'      <data key="{key_id}" />\n')
    return "".join(lines)


def generate_graphml(graph) -> bytes:
    """The GraphML document for `graph`, as UTF-8 bytes; same graph, same bytes."""
    out: list[str] = []
    _graphml(graph, out)
    return xml_document(out)


def _graphml(graph, out, edges=None) -> None:
    out.append(f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="{XSI_NS}" xsi:schemaLocation="{SCHEMA_LOCATION}">\n')
    for domain, keys in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
        for key_id, name, kind in keys:
            xml_element(out, 1, "key", {"id": key_id, "for": domain, "attr.name": name, "attr.type": kind})
    nodes, edges = sorted(graph.nodes, key=str), sorted_edges(graph) if edges is None else edges
    graph_attrs = {"id": "kg", "edgedefault": "directed"}
    if not nodes and not edges:
        xml_element(out, 1, "graph", graph_attrs)
    else:
        out.append('  <graph id="kg" edgedefault="directed">\n')
        # Nodes and edges are written from templates (xml_element's output for the same tree, at
        # a third of the cost): every node has a label and every edge a weight, so each has data.
        for node in nodes:
            out.append(f'    <node id="{xml_attribute(node)}">\n'
                       f'{_data_lines(NODE_KEYS, _node_values(node, graph.nodes[node]))}    </node>\n')
        for index, (u, v, key, data) in enumerate(edges):
            out.append(f'    <edge id="e{index}" source="{xml_attribute(u)}" target="{xml_attribute(v)}">\n'
                       f'{_data_lines(EDGE_KEYS, _edge_values(key, data))}    </edge>\n')
        out.append("  </graph>\n")
    out.append("</graphml>\n")


def write_graphml(graph, path, *, edges=None) -> Path:
    """Write `graph` as GraphML to `path` and return the path; `edges` is `sorted_edges(graph)`,
    if the caller has it already."""
    with XmlFile(path) as out:
        _graphml(graph, out, edges)
    return Path(path)
