"""RDF exporters: rendered graphs (kg/graph.py) -> kg.trig (a named graph per article and the
default graph), kg.ttl (the union of all graphs) and kg.jsonld (the dataset as JSON-LD).

The three files are written side by side, one article at a time, so a corpus of any size is
written in constant memory: every article's named graph in article-id order as its turn comes,
then the default graph, which resolution can only conclude once every article has been read.
The bytes depend on the graph alone. kg.ttl repeats a triple that several graphs hold (an
entity's type, say) once per graph; Turtle readers merge them.
"""

from __future__ import annotations

import json
from pathlib import Path

from kg.graph import BASE, ArticleGraph, article_iri

PREFIXES = {"kg": "https://example.org/kg/ontology#", "oa": "http://www.w3.org/ns/oa#",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "xsd": "http://www.w3.org/2001/XMLSchema#"}
FILES = ("kg.ttl", "kg.trig", "kg.jsonld")
ARTICLES_NOTE = "# Each article's graph: the facts it supports, each with its evidence.\n"
DEFAULT_NOTE = "# What resolution concluded: each entity's class, label and other names; each article.\n"


def turtle_header() -> str:
    lines = [f"@base <{BASE}> ."] + [f"@prefix {p}: <{ns}> ." for p, ns in sorted(PREFIXES.items())]
    return "\n".join(lines) + "\n\n"


def jsonld_context() -> dict:
    return {"@base": BASE, **dict(sorted(PREFIXES.items()))}


class RdfWriter:
    """kg.ttl, kg.trig and kg.jsonld in `folder`, written as graphs are added; use as a context
    manager, add article graphs in article-id order, then `finish` with the default graph."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.triples = 0
        self._files = {}
        self._first = True

    def __enter__(self) -> "RdfWriter":
        for name in FILES:
            self._files[name] = open(self.folder / name, "w", encoding="utf-8", newline="\n")
        header = turtle_header()
        self._files["kg.ttl"].write(header + ARTICLES_NOTE)
        self._files["kg.trig"].write(header + ARTICLES_NOTE)
        context = json.dumps(jsonld_context(), ensure_ascii=False, indent=1)
        self._files["kg.jsonld"].write('{\n"@context": ' + context + ',\n"@graph": [\n')
        return self

    def __exit__(self, *exc) -> None:
        for handle in self._files.values():
            handle.close()

    def add_article(self, article_id: str, graph: ArticleGraph) -> None:
        if not graph.turtle:
            return
        self._files["kg.ttl"].write(graph.turtle)
        self._files["kg.trig"].write(f"\n<{article_iri(article_id)[len(BASE):]}> {{\n{graph.turtle}}}\n")
        self._json(graph.jsonld)
        self.triples += graph.triples

    def finish(self, default: ArticleGraph) -> None:
        self._files["kg.ttl"].write("\n" + DEFAULT_NOTE + default.turtle)
        self._files["kg.trig"].write("\n" + DEFAULT_NOTE + default.turtle)
        if default.jsonld:
            self._json(default.jsonld)
        self._files["kg.jsonld"].write("\n]\n}\n")
        self.triples += default.triples

    def _json(self, text: str) -> None:
        self._files["kg.jsonld"].write(text if self._first else ",\n" + text)
        self._first = False

