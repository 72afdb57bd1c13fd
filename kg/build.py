"""Build: input paths -> exports folder. Runs ingest, parse, extract, resolve, graph and every
exporter, then publishes the result.

Nothing in the exports folder changes until the build has succeeded: every export file and the
query store are written into a staging folder, which then replaces the exports folder in one
atomic rename (kg/publish.py explains the choice). A build that fails or is killed leaves the
previous exports and store as they were.

Output depends on the set of input files alone: files are read in name order, articles are
resolved in id order, and every exporter sorts what it writes. What an earlier build did is
reused (kg/pipeline.py): cached records, unchanged graphs of the store, or, when nothing
changed, the whole build; the output is the same either way.
"""

from __future__ import annotations

import shutil
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kg.ingest import DEFAULT_MAX_BYTES, InputError, Problem, read_corpus
from kg.network import DEFAULT_MAX_NODES

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


def too_long_for_parser(article, limit: int, note: Callable[[Problem], None]) -> None:
    note(Problem(article.path, f"{len(article.text)} characters, over the parser's limit of {limit}; "
                               f"split the article"))


def build_and_publish(articles, exports: Path, options, *, nlp_factory, too_long, progress,
                      check: Callable[[], None], workers=None):
    """Build into a staging folder (kg/pipeline.py), call `check`, then swap it in for `exports`."""
    from kg.pipeline import build
    from kg.publish import PublishError, make_staging, publish

    try:
        staging = make_staging(exports)
    except OSError as err:
        raise PublishError(f"cannot write beside {exports}: {(err.strerror or str(err)).lower()}") from None
    try:
        outcome = build(articles, staging, exports=exports, options=options, nlp_factory=nlp_factory,
                        too_long=too_long, progress=progress, workers=workers)
        check()
        if outcome.articles:
            progress(f"writing exports to {exports}")
            publish(staging, exports, known=EXPORT_FILES + (STORE_DIR,))
    except OSError as err:
        raise PublishError(f"cannot write {exports}: {(err.strerror or str(err)).lower()}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return outcome


def nothing_to_build(inputs, problems: list[Problem]) -> str:
    where = ", ".join(str(i) for i in inputs)
    skipped = sum(1 for p in problems if p.skipped)
    if not skipped:
        return f"no article files (*.txt) in {where}"
    return f"nothing to build: all {skipped} article file(s) in {where} were skipped"


def run_build(inputs, exports: Path, *, model: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
              progress: Callable[[str], None] = lambda _msg: None,
              on_problem: Callable[[Problem], None] = lambda _problem: None, strict: bool = False,
              nlp=None, jobs: int = 1, cache: Path | None = None, max_nodes: int = DEFAULT_MAX_NODES) -> BuildReport:
    """Build the graph of `inputs` into `exports`; each problem goes to `on_problem` as it is met.

    `jobs` processes parse. With a `cache` folder, records extracted before are read from it,
    unchanged graphs of the store in `exports` are kept, and when inputs, options and code are
    those of the build in `exports`, that build stands; with None, everything is rebuilt. Raises InputError when nothing can be built (or, with
    `strict`, when any file was skipped), ModelError when the spaCy model cannot be loaded and
    PublishError when the exports cannot be written; `exports` is then unchanged.
    """
    from kg.nlp import load_nlp
    from kg.parallel import BATCH_SIZE, Workers
    from kg.pipeline import Options, up_to_date

    report = BuildReport()

    def note(problem: Problem) -> None:
        report.problems.append(problem)
        on_problem(problem)

    def check() -> None:
        if strict and report.skipped:
            raise InputError(f"--strict: {len(report.skipped)} file(s) skipped; {exports} left as it was")

    # With more than one job, a first worker starts loading the model now, while the corpus,
    # the cache and the previous build are read; the others start once there is work for them.
    # One batch of articles is parsed in this process, as with one job: it cannot be shared.
    with Workers(1, model) if jobs > 1 and nlp is None else nullcontext() as workers:
        articles, _ = read_corpus(inputs, max_bytes=max_bytes, on_problem=note)
        if not articles:
            raise InputError(nothing_to_build(inputs, report.problems))
        if workers is not None and len(articles) <= BATCH_SIZE:
            workers.stop()
            workers = None
        check()
        progress(f"reading {len(articles)} articles")
        options = Options(model=model, jobs=jobs, cache_dir=cache, max_nodes=max_nodes)
        outcome = up_to_date(exports, articles, options) if cache is not None else None
        if outcome is not None:
            progress(f"{exports} is up to date: nothing changed since it was built")
        else:
            outcome = build_and_publish(articles, exports, options, nlp_factory=lambda: nlp or load_nlp(model),
                                        too_long=lambda article, limit: too_long_for_parser(article, limit, note),
                                        progress=progress, check=check, workers=workers)
    if not outcome.articles:
        raise InputError(nothing_to_build(inputs, report.problems))
    report.articles = outcome.articles
    report.counts = outcome.counts
    return report
