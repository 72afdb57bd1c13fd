"""Build: input paths -> exports folder. Runs ingest, parse, extract, resolve, graph and every
exporter, and replaces the previous exports only once the new ones are fully written.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kg.ingest import DEFAULT_MAX_BYTES, InputError, Problem, read_articles

EXPORT_FILES = ("kg.ttl", "kg.trig", "kg.jsonld", "kg.graphml", "kg.gexf", "kg.html")


@dataclass
class BuildReport:
    articles: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.skipped]


def load_articles(inputs, *, max_bytes: int, report: BuildReport):
    """Readable, distinct articles; problems go to the report."""
    articles, seen = [], {}
    for article, problems in read_articles(inputs, max_bytes=max_bytes):
        report.problems.extend(problems)
        if article is None:
            continue
        digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        if digest in seen:
            report.problems.append(Problem(article.path, f"same text as {seen[digest]}; built once"))
            continue
        seen[digest] = article.path
        articles.append(article)
    return articles


def extract_all(articles, nlp, progress: Callable[[str], None]):
    """(article, records) for each article, parsed in batches."""
    from kg.extractors import extract
    from kg.nlp import parse_articles

    results = []
    for n, (article, doc) in enumerate(parse_articles(nlp, articles), start=1):
        results.append((article, extract(doc, article)))
        progress(f"[{n}/{len(articles)}] {article.id}")
    return results


def build_graphs(per_article):
    """Resolution, rdflib Dataset and networkx graph from extracted records."""
    from kg.graph import build_dataset, build_networkx
    from kg.resolve import resolve

    resolution = resolve(per_article)
    return resolution, build_dataset(resolution), build_networkx(resolution)


def write_exports(dataset, graph, folder: Path, *, title: str) -> None:
    from kg.exporters.gexf import write_gexf
    from kg.exporters.graphml import write_graphml
    from kg.exporters.html import write_html
    from kg.exporters.rdf import write_jsonld, write_trig, write_turtle

    write_turtle(dataset, folder / "kg.ttl")
    write_trig(dataset, folder / "kg.trig")
    write_jsonld(dataset, folder / "kg.jsonld")
    write_graphml(graph, folder / "kg.graphml")
    write_gexf(graph, folder / "kg.gexf")
    write_html(graph, folder / "kg.html", title=title)


def publish(staging: Path, exports: Path) -> None:
    """Move finished files and the store into place; the store swap is atomic."""
    from kg.store import write_store

    write_store(staging / "kg.trig", exports / "store")
    for name in EXPORT_FILES:
        os.replace(staging / name, exports / name)


def run_build(inputs, exports: Path, *, model: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
              progress: Callable[[str], None] = lambda _msg: None) -> BuildReport:
    """Build the graph of `inputs` into `exports`. Raises InputError when nothing can be built."""
    from kg.nlp import load_nlp

    report = BuildReport()
    articles = load_articles(inputs, max_bytes=max_bytes, report=report)
    if not articles:
        raise InputError("no article could be read from " + ", ".join(str(i) for i in inputs))
    progress(f"reading {len(articles)} articles")
    nlp = load_nlp(model)
    per_article = extract_all(articles, nlp, progress)
    resolution, dataset, graph = build_graphs(per_article)
    exports.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kg-build-", dir=exports))
    try:
        title = f"Knowledge graph of {len(articles)} article{'s' if len(articles) != 1 else ''}"
        write_exports(dataset, graph, staging, title=title)
        publish(staging, exports)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    report.articles = [a.id for a in articles]
    report.counts = dict(sorted(Counter(e.cls for e in resolution.entities.values()).items()))
    return report
