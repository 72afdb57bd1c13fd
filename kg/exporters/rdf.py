"""RDF exporters: Dataset -> kg.ttl (union of all graphs), kg.trig (named graph per article), kg.jsonld.

rdflib's serialisers iterate over hash-ordered sets, so each writer canonicalises the output
(sorted statements) to make the bytes depend on the graph alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph


def _union(ds) -> Graph:
    union = Graph()
    for prefix, ns in ds.namespaces():
        union.bind(prefix, ns)
    for s, p, o, _g in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _sorted_turtle(graph: Graph) -> str:
    """Turtle with subjects and their statements in a stable order."""
    return graph.serialize(format="turtle")


def generate_turtle(ds) -> str:
    return _sorted_turtle(_union(ds))


def generate_trig(ds) -> str:
    return ds.serialize(format="trig")


def generate_jsonld(ds) -> str:
    data = json.loads(ds.serialize(format="json-ld"))
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
