"""kg.parallel's parsing: an article longer than the parser takes is left out of its batch and
reported with the parser's limit, in this process or in a worker; a worker that cannot load the
model says so through every task, so the build stops with one line instead of respawning it."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kg import parallel
from kg.cli import app
from kg.ingest import read_corpus
from kg.nlp import ModelError
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def seeds():
    articles, _ = read_corpus([SEEDS])
    return sorted(articles, key=lambda a: a.id)


def _limit_below_the_longest(seeds):
    longest = max(seeds, key=lambda a: len(a.text))
    return longest, len(longest.text) - 1


def test_too_long_article_is_left_out_in_this_process(seeds, nlp, monkeypatch):
    longest, limit = _limit_below_the_longest(seeds)
    monkeypatch.setattr(nlp, "max_length", limit)
    heard = []
    found = list(parallel.extract_blobs(seeds, jobs=1, nlp_factory=lambda: nlp, model=None,
                                        too_long=lambda article, at: heard.append((article.id, at))))
    assert [a.id for a, _, _ in found] == [a.id for a in seeds if a is not longest]
    assert heard == [(longest.id, limit)]
    assert all(records and summary for _, records, summary in found)


def test_worker_reports_the_limit_in_the_articles_place(seeds, nlp, monkeypatch):
    longest, limit = _limit_below_the_longest(seeds)
    monkeypatch.setattr(nlp, "max_length", limit)
    monkeypatch.setattr(parallel, "_worker_nlp", nlp)
    results = parallel._work(seeds)
    assert [r == limit for r in results] == [a is longest for a in seeds]
    assert all(isinstance(r, tuple) and len(r) == 2 for r in results if r != limit)


def test_worker_that_cannot_load_the_model_fails_each_task(seeds, monkeypatch):
    monkeypatch.setattr(parallel, "_worker_nlp", None)
    parallel._start_worker("no_such_model_here")  # must not raise: the pool would start it again
    with pytest.raises(ModelError, match="no_such_model_here"):
        parallel._work(seeds[:1])


def test_build_with_workers_and_a_missing_model_stops_with_one_line(tmp_path):
    from tests.conftest import bench_module

    corpus = tmp_path / "corpus"
    bench_module("corpus.py").generate(2 * parallel.BATCH_SIZE + 1, corpus, seed=5)
    result = CliRunner().invoke(app, ["build", str(corpus), "--exports", str(tmp_path / "out"),
                                      "--model", "no_such_model_here", "--jobs", "2", "--quiet"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "cannot load spaCy model 'no_such_model_here'" in lines[0], result.output
    assert not (tmp_path / "out").exists()


def _parser_threads():
    import threading

    return [t for t in threading.enumerate() if t.name == "kg-parser"]


def test_parsing_thread_error_reaches_the_caller_and_the_thread_ends(seeds, nlp, monkeypatch):
    import sys

    import kg.nlp

    real, calls = kg.nlp.parse_articles, []

    def failing_second_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk gone")
        return real(*args, **kwargs)

    monkeypatch.setattr(kg.nlp, "parse_articles", failing_second_batch)
    monkeypatch.setattr(parallel, "BATCH_SIZE", 2)
    interval = sys.getswitchinterval()
    found = parallel.extract_blobs(seeds, jobs=1, nlp_factory=lambda: nlp, model=None, too_long=None)
    assert next(found)[0].id == seeds[0].id
    with pytest.raises(OSError, match="disk gone"):
        list(found)
    assert not _parser_threads()
    assert sys.getswitchinterval() == interval


def test_closing_early_stops_the_parsing_thread(seeds, nlp, monkeypatch):
    import sys

    monkeypatch.setattr(parallel, "BATCH_SIZE", 1)
    interval = sys.getswitchinterval()
    found = parallel.extract_blobs(seeds, jobs=1, nlp_factory=lambda: nlp, model=None, too_long=None)
    assert next(found)[0].id == seeds[0].id
    found.close()
    assert not _parser_threads()
    assert sys.getswitchinterval() == interval


def test_a_worker_that_dies_is_an_error_not_a_hang(seeds):
    with parallel.Workers(1, "no_such_model_here") as workers:
        process, _ = workers._workers[0]
        process.kill()
        process.join()
        with pytest.raises(parallel.WorkerError, match="ended without answering"):
            list(workers.imap([seeds[:1]]))


def test_workers_added_later_share_the_batches_and_answer_in_order(seeds):
    # Every task fails the same way when the model cannot load; the answers still come in
    # batch order from both workers, and the first error is the first batch's.
    with parallel.Workers(1, "no_such_model_here") as workers:
        workers.grow(2)
        assert len(workers._workers) == 2
        answers = workers.imap([[a] for a in seeds])
        with pytest.raises(ModelError, match="no_such_model_here"):
            next(answers)


CHURN = """
import resource, sys
from kg.parallel import keep_freed_memory
if sys.argv[1] == "kept":
    keep_freed_memory()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(20):
    # A parse allocates and frees large arrays again and again; by default glibc serves any over
    # 32 MB with a fresh mmap, and gives the pages back when it is freed.
    block = bytearray(40 * 2**20)
    block[::4096] = bytes(len(block[::4096]))
    del block
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(not parallel.sys.platform.startswith("linux"), reason="glibc's malloc")
def test_workers_keep_freed_memory_instead_of_faulting_it_in_again():
    import subprocess
    import sys

    from tests.conftest import ROOT

    faults = {how: int(subprocess.run([sys.executable, "-c", CHURN, how], cwd=ROOT, capture_output=True,
                                      text=True, check=True).stdout) for how in ("default", "kept")}
    assert faults["kept"] * 5 < faults["default"], faults
