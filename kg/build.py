"""Build: input paths -> exports folder. Runs ingest, parse, extract, resolve, graph and every
exporter, then publishes the result.

Nothing in the exports folder changes until the build has succeeded: every export file and the
query store are written into a staging folder, which then replaces the exports folder in one
atomic rename (kg/publish.py explains the choice). A build that fails or is killed leaves the
previous exports and store as they were.

Output depends on the set of input files alone: files are read in name order, articles are
resolved in id order, and every exporter sorts what it writes.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kg.ingest import DEFAULT_MAX_BYTES, InputError, Problem, read_corpus

EXPORT_FILES = ("kg.ttl", "kg.trig", "kg.jsonld", "kg.graphml", "kg.gexf", "kg.html")
STORE_DIR = "store"


@dataclass
class BuildReport:
    articles: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.skipped]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.skipped]


def fits_parser(articles, nlp, note: Callable[[Problem], None]):
    """The articles the parser can take whole; longer ones are skipped with a reason."""
    fitting = []
    for article in articles:
        if len(article.text) > nlp.max_length:
            note(Problem(article.path, f"{len(article.text)} characters, over the parser's limit of "
                                       f"{nlp.max_length}; split the article"))
        else:
            fitting.append(article)
    return fitting


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


def write_and_publish(dataset, graph, exports: Path, *, title: str) -> None:
    """Write every export and the store into a staging folder, then swap it in for `exports`."""
    from kg.publish import PublishError, make_staging, publish
    from kg.store import write_store

    try:
        staging = make_staging(exports)
    except OSError as err:
        raise PublishError(f"cannot write beside {exports}: {(err.strerror or str(err)).lower()}") from None
    try:
        write_exports(dataset, graph, staging, title=title)
        write_store(staging / "kg.trig", staging / STORE_DIR)
        publish(staging, exports, known=EXPORT_FILES + (STORE_DIR,))
    except OSError as err:
        raise PublishError(f"cannot write {exports}: {(err.strerror or str(err)).lower()}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def nothing_to_build(inputs, problems: list[Problem]) -> str:
    where = ", ".join(str(i) for i in inputs)
    skipped = sum(1 for p in problems if p.skipped)
    if not skipped:
        return f"no article files (*.txt) in {where}"
    return f"nothing to build: all {skipped} article file(s) in {where} were skipped"


def run_build(inputs, exports: Path, *, model: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
              progress: Callable[[str], None] = lambda _msg: None,
              on_problem: Callable[[Problem], None] = lambda _problem: None, strict: bool = False,
              nlp=None) -> BuildReport:
    """Build the graph of `inputs` into `exports`; each problem goes to `on_problem` as it is met.

    Raises InputError when nothing can be built (or, with `strict`, when any file was skipped), ModelError when the spaCy model cannot be
    loaded and PublishError when the exports cannot be written; `exports` is then unchanged.
    """
    from kg.nlp import load_nlp

    report = BuildReport()

    def note(problem: Problem) -> None:
        report.problems.append(problem)
        on_problem(problem)

    articles, _ = read_corpus(inputs, max_bytes=max_bytes, on_problem=note)
    if articles:
        progress(f"reading {len(articles)} articles")
        nlp = nlp or load_nlp(model)
        articles = fits_parser(articles, nlp, note)
    if not articles:
        raise InputError(nothing_to_build(inputs, report.problems))
    if strict and report.skipped:
        raise InputError(f"--strict: {len(report.skipped)} file(s) skipped; {exports} left as it was")
    per_article = extract_all(articles, nlp, progress)
    resolution, dataset, graph = build_graphs(per_article)
    progress(f"writing exports to {exports}")
    title = f"Knowledge graph of {len(articles)} article{'s' if len(articles) != 1 else ''}"
    write_and_publish(dataset, graph, exports, title=title)
    report.articles = [a.id for a in articles]
    report.counts = dict(sorted(Counter(e.cls for e in resolution.entities.values()).items()))
    return report
