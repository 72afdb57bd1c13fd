"""RDF exporters: Dataset -> kg.ttl (union of all graphs), kg.trig (named graph per article), kg.jsonld.

rdflib's serialisers iterate over hash-ordered sets, so each writer canonicalises the output
(sorted statements) to make the bytes depend on the graph alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph

from kg.vocab import ID, KG, OA

PREFIXES = {"kg": str(KG._NS), "id": str(ID), "oa": str(OA),
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "xsd": "http://www.w3.org/2001/XMLSchema#"}


def _new_graph() -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    return graph


def _union(ds) -> Graph:
    union = _new_graph()
    for s, p, o, _g in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _sorted_turtle(graph: Graph) -> str:
    """Turtle with subjects and their statements in a stable order."""
    return graph.serialize(format="turtle")


def generate_turtle(ds) -> str:
    return _sorted_turtle(_union(ds))


def generate_trig(ds) -> str:
    """TriG with the default graph first, then the named graphs in IRI order."""
    lines = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(PREFIXES.items())] + [""]
    default = ds.default_graph.identifier
    for graph in sorted(ds.graphs(), key=lambda g: (g.identifier != default, str(g.identifier))):
        if len(graph) == 0:
            continue
        body = _graph_body(graph)
        if graph.identifier == default:
            lines.append(body)
        else:
            lines.append(f"<{graph.identifier}> {{")
            lines.append(body)  # not indented: indenting would change multi-line literals
            lines.append("}")
        lines.append("")
    return "\n".join(lines)


def _graph_body(graph) -> str:
    """A graph's Turtle statements without prefix lines (the TriG header declares them)."""
    copy = _new_graph()
    for triple in graph:
        copy.add(triple)
    text = copy.serialize(format="turtle")
    return "\n".join(line for line in text.splitlines() if not line.startswith("@prefix")).strip()


def generate_jsonld(ds) -> str:
    data = json.loads(ds.serialize(format="json-ld", context=PREFIXES))
    return json.dumps(_sort_jsonld(data), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _sort_jsonld(node):
    if isinstance(node, list):
        items = [_sort_jsonld(x) for x in node]
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False))
    if isinstance(node, dict):
        return {k: _sort_jsonld(v) for k, v in node.items()}
    return node


def write_turtle(ds, path: Path) -> None:
    Path(path).write_text(generate_turtle(ds), encoding="utf-8")


def write_trig(ds, path: Path) -> None:
    Path(path).write_text(generate_trig(ds), encoding="utf-8")


def write_jsonld(ds, path: Path) -> None:
    Path(path).write_text(generate_jsonld(ds), encoding="utf-8")
