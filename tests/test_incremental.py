"""Incremental builds: a build that reuses cached records, the previous store and (when nothing
changed) the previous exports gives exactly what a build from scratch gives, files and store
alike; and parallel parsing gives what one process gives."""

from __future__ import annotations

import shutil

import pytest

from kg.build import run_build
from tests.build_helpers import EXPORT_FILES, SEED_FILES, copy_files, export_bytes
from tests.conftest import bench_module


def store_quads(exports) -> set:
    import pyoxigraph as ox

    return set(ox.Store.read_only(str(exports / "store")))


def assert_same_build(a, b) -> None:
    assert export_bytes(a) == export_bytes(b)
    assert store_quads(a) == store_quads(b)


def parsed(lines: list[str]) -> int:
    return len([line for line in lines if line.startswith("[")])


@pytest.fixture
def cached_build(tmp_path, nlp):
    """Build the seeds but the last with a record cache; return (corpus folder, exports, cache)."""
    folder = copy_files(SEED_FILES[:-1], tmp_path / "corpus")
    exports, cache = tmp_path / "exports", tmp_path / "cache"
    run_build([folder], exports, nlp=nlp, cache=cache)
    return folder, exports, cache


def test_adding_an_article_parses_it_alone_and_equals_a_full_build(cached_build, seeds_build, nlp):
    folder, exports, cache = cached_build
    shutil.copy(SEED_FILES[-1], folder)
    lines: list[str] = []
    run_build([folder], exports, nlp=nlp, cache=cache, progress=lines.append)
    assert parsed(lines) == 1
    assert_same_build(exports, seeds_build)


def test_removing_an_article_equals_a_full_build(cached_build, tmp_path, nlp):
    folder, exports, cache = cached_build
    shutil.copy(SEED_FILES[-1], folder)
    run_build([folder], exports, nlp=nlp, cache=cache)
    (folder / SEED_FILES[0].name).unlink()
    lines: list[str] = []
    run_build([folder], exports, nlp=nlp, cache=cache, progress=lines.append)
    assert parsed(lines) == 0
    fresh = tmp_path / "fresh"
    run_build([copy_files(SEED_FILES[1:], tmp_path / "four")], fresh, nlp=nlp)
    assert_same_build(exports, fresh)


def test_editing_an_article_equals_a_full_build(cached_build, tmp_path, nlp):
    folder, exports, cache = cached_build
    edited = folder / SEED_FILES[1].name
    edited.write_text(edited.read_text(encoding="utf-8").replace("Putin", "President Putin", 1), encoding="utf-8")
    lines: list[str] = []
    run_build([folder], exports, nlp=nlp, cache=cache, progress=lines.append)
    assert parsed(lines) == 1
    fresh = tmp_path / "fresh"
    run_build([copy_files(folder.glob("*.txt"), tmp_path / "copy")], fresh, nlp=nlp)
    assert_same_build(exports, fresh)


def copies(monkeypatch) -> list[str]:
    """The ids of the article graphs RdfWriter copies from a previous build's files."""
    from kg.exporters.rdf import RdfWriter

    copied, real = [], RdfWriter.copy_article

    def spy(writer, article_id, source, spans):
        copied.append(article_id)
        return real(writer, article_id, source, spans)

    monkeypatch.setattr(RdfWriter, "copy_article", spy)
    return copied


@pytest.fixture
def generated_build(generated, tmp_path, nlp):
    """Nineteen generated articles built with a record cache, and the twentieth aside; return
    (corpus folder, exports, cache, the twentieth article's file). Unlike the seeds, which all
    tell one story, adding one of these leaves most other article graphs as they were."""
    files = sorted(generated.glob("*.txt"))
    folder = copy_files(files[:-1], tmp_path / "corpus")
    exports, cache = tmp_path / "exports", tmp_path / "cache"
    run_build([folder], exports, nlp=nlp, cache=cache)
    return folder, exports, cache, files[-1]


def test_unchanged_graphs_are_copied_from_the_previous_files(generated_build, generated, tmp_path, nlp,
                                                             monkeypatch):
    folder, exports, cache, last = generated_build
    copied = copies(monkeypatch)
    shutil.copy(last, folder)
    run_build([folder], exports, nlp=nlp, cache=cache)
    assert 10 <= len(copied) <= 19 and last.stem not in copied
    fresh = tmp_path / "fresh"
    run_build([generated], fresh, nlp=nlp)
    assert_same_build(exports, fresh)


def test_with_workers_cached_renders_are_read_while_they_parse(generated_build, generated, tmp_path, monkeypatch):
    # With workers, the renders the cache holds for the cached articles are read and unpacked
    # while the new article is parsed; the build takes them from there and equals a full one.
    from kg.cache import RecordCache

    folder, exports, cache, last = generated_build
    asked = {"by_article": 0, "by_key": []}
    by_article, by_key = RecordCache.rendered_for, RecordCache.rendered

    def rendered_for(self, owners):
        found = by_article(self, owners)
        asked["by_article"] += len(found)
        return found

    def rendered(self, keys):
        asked["by_key"].extend(keys)
        return by_key(self, keys)

    monkeypatch.setattr(RecordCache, "rendered_for", rendered_for)
    monkeypatch.setattr(RecordCache, "rendered", rendered)
    copied = copies(monkeypatch)
    shutil.copy(last, folder)
    run_build([folder], exports, cache=cache, jobs=2)
    assert asked["by_article"] == 19  # one render for each article of the previous build
    assert len(asked["by_key"]) < 10  # looked up again: the new article, and any whose ids changed
    assert 10 <= len(copied) <= 19  # most were taken as they were: their graphs copied
    fresh = tmp_path / "fresh"
    run_build([generated], fresh, jobs=1)
    assert_same_build(exports, fresh)


def test_a_previous_file_changed_since_is_not_copied_from(generated_build, generated, tmp_path, nlp,
                                                          monkeypatch):
    folder, exports, cache, last = generated_build
    with open(exports / "kg.jsonld", "ab") as handle:
        handle.write(b"\n")
    copied = copies(monkeypatch)
    shutil.copy(last, folder)
    run_build([folder], exports, nlp=nlp, cache=cache)
    assert copied == []
    fresh = tmp_path / "fresh"
    run_build([generated], fresh, nlp=nlp)
    assert_same_build(exports, fresh)


def test_a_page_that_cannot_be_written_keeps_the_previous_build(cached_build, nlp, monkeypatch):
    import errno
    import os

    import kg.exporters.html
    from kg.publish import PublishError

    folder, exports, cache = cached_build
    before = export_bytes(exports)

    def disk_full(_graph, path, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(kg.exporters.html, "write_html", disk_full)
    shutil.copy(SEED_FILES[-1], folder)
    with pytest.raises(PublishError, match="no space left on device"):
        run_build([folder], exports, nlp=nlp, cache=cache)
    assert export_bytes(exports) == before


def test_nothing_changed_keeps_the_build(cached_build, nlp):
    folder, exports, cache = cached_build
    before = {p.name: p.stat().st_mtime_ns for p in exports.iterdir()}
    lines: list[str] = []
    report = run_build([folder], exports, nlp=nlp, cache=cache, progress=lines.append)
    assert any("up to date" in line for line in lines)
    assert {p.name: p.stat().st_mtime_ns for p in exports.iterdir()} == before
    assert len(report.articles) == len(SEED_FILES) - 1 and report.counts


def test_a_changed_option_or_a_damaged_export_rebuilds(cached_build, nlp):
    folder, exports, cache = cached_build
    lines: list[str] = []
    run_build([folder], exports, nlp=nlp, cache=cache, progress=lines.append, max_nodes=3)
    assert not any("up to date" in line for line in lines)
    assert "mentioned in most articles" in (exports / "kg.html").read_text(encoding="utf-8")
    (exports / "kg.gexf").write_text("damaged", encoding="utf-8")
    lines.clear()
    run_build([folder], exports, nlp=nlp, cache=cache, progress=lines.append, max_nodes=3)
    assert not any("up to date" in line for line in lines)
    assert (exports / "kg.gexf").read_text(encoding="utf-8").startswith("<?xml")


def test_every_export_is_in_the_folder_and_nothing_else(cached_build):
    _, exports, _ = cached_build
    assert sorted(p.name for p in exports.iterdir()) == sorted(EXPORT_FILES + ("store",))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Twenty generated articles: two parsing batches."""
    corpus = bench_module("corpus.py")
    folder = tmp_path_factory.mktemp("generated")
    corpus.generate(20, folder, seed=3)
    return folder


def test_two_jobs_give_what_one_gives(generated, tmp_path, nlp):
    one, two = tmp_path / "one", tmp_path / "two"
    run_build([generated], one, nlp=nlp, jobs=1)
    run_build([generated], two, jobs=2)
    assert_same_build(one, two)


def test_workers_forked_by_the_command_give_what_one_job_gives(generated, tmp_path, nlp):
    # A fresh `kg build` process has not imported numpy when it starts its workers, so it forks
    # them (kg.parallel.Workers); this test process has, so run_build here would spawn them.
    import subprocess
    import sys

    from kg import PROJECT_ROOT

    one, two = tmp_path / "one", tmp_path / "two"
    run_build([generated], one, nlp=nlp, jobs=1)
    build = ("import multiprocessing, sys\n"
             "real, used = multiprocessing.get_context, []\n"
             "multiprocessing.get_context = lambda method=None: used.append(method) or real(method)\n"
             "from kg.cli import app\n"
             "try:\n"
             "    app(sys.argv[1:])\n"
             "except SystemExit as done:\n"
             "    print('contexts', used)\n"
             "    raise\n")
    result = subprocess.run([sys.executable, "-c", build, "build", str(generated), "--exports", str(two),
                             "--jobs", "2", "--quiet"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "contexts ['fork']" in result.stdout
    assert_same_build(one, two)
