"""Parallel extraction: articles in; for each, in input order, its extracted records and its
resolution summary out, as the blobs the cache stores (kg/cache.py).

Articles are parsed in fixed batches of BATCH_SIZE consecutive articles, each batch by one
process: in this process for one job, by a pool of `jobs` worker processes otherwise. A batch
is parsed the same way whichever process takes it, and results come back in input order, so
the output does not depend on the number of jobs. Workers return records, never Docs: records
are a few kilobytes per article and cheap to send between processes.
"""

from __future__ import annotations

import multiprocessing
from typing import Callable, Iterator

from kg.model import Article

BATCH_SIZE = 16

_worker_nlp = None


def extract_article_blobs(nlp, articles: list[Article]) -> list[tuple[bytes, bytes]]:
    """(records blob, summary blob) of each article of one batch, parsed together."""
    from kg.cache import dumps
    from kg.extractors import extract
    from kg.nlp import parse_articles
    from kg.resolve import summarize

    found = []
    for article, doc in parse_articles(nlp, articles, batch_size=BATCH_SIZE):
        records = extract(doc, article)
        found.append((dumps(records), dumps(summarize(article.id, records))))
    return found


def _start_worker(model: str | None) -> None:
    global _worker_nlp
    from kg.nlp import load_nlp

    _worker_nlp = load_nlp(model)


def _work(batch: list[Article]) -> list[tuple[bytes, bytes]]:
    return extract_article_blobs(_worker_nlp, batch)


def extract_blobs(articles: list[Article], *, jobs: int, nlp_factory: Callable[[], object],
                  model: str | None) -> Iterator[tuple[Article, bytes, bytes]]:
    """(article, records blob, summary blob) for every article, in order. With one job the
    pipeline comes from `nlp_factory`; workers load `model` themselves."""
    batches = [articles[i:i + BATCH_SIZE] for i in range(0, len(articles), BATCH_SIZE)]
    jobs = min(jobs, len(batches))
    if jobs <= 1:
        nlp = nlp_factory()
        for batch in batches:
            yield from ((a, *blobs) for a, blobs in zip(batch, extract_article_blobs(nlp, batch)))
        return
    # spawn, not fork: a forked copy of a process that has run BLAS threads can deadlock
    context = multiprocessing.get_context("spawn")
    with context.Pool(jobs, initializer=_start_worker, initargs=(model,)) as pool:
        for batch, blobs in zip(batches, pool.imap(_work, batches)):
            yield from ((a, *b) for a, b in zip(batch, blobs))
