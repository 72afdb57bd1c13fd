"""Atomic builds: the exports folder and its store change only when a build succeeds. A build
killed (SIGKILL) at any point, or failing, leaves the previous exports byte for byte and a store
`kg query` can read; the next build clears what the killed one left behind."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from kg import publish as kgpublish
from tests.build_helpers import (EXPORT_FILES, SEED_FILES, copy_files, export_bytes, invoke,
                                 kg_command, subprocess_env, use_session_nlp)
from tests.conftest import ROOT, SEEDS

# Runs `kg build` with one step replaced by a SIGKILL of the building process itself.
KILL_AT = r"""
import os, signal, sys
from pathlib import Path

def die(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

point = sys.argv[1]
if point == "publishing":
    import kg.publish
    kg.publish.publish = die
elif point == "writing-store":
    # the store in staging is half loaded when its last graphs are handed over
    import kg.storeload
    kg.storeload.StoreLoader.finish = kg.storeload.load_store = kg.storeload.update_store = die
elif point == "second-move":
    # dies just before the second rename of a file or folder: between two moves into place
    moves = []
    def counted(real):
        def move(*args, **kwargs):
            moves.append(args)
            if len(moves) == 2:
                die()
            return real(*args, **kwargs)
        return move
    os.rename, os.replace = counted(os.rename), counted(os.replace)
elif point == "writing-jsonld":
    import kg.exporters.rdf
    def half_jsonld(writer, _default):
        (writer.folder / "kg.jsonld").write_text('{"@graph": [')
        die()
    kg.exporters.rdf.RdfWriter.finish = half_jsonld
sys.argv = ["kg", *sys.argv[2:]]
from kg.cli import main
main()
"""


@pytest.fixture(scope="module")
def previous(tmp_path_factory, nlp):
    """An exports folder holding a build of the seeds but the last: what a killed build must keep."""
    from kg.build import run_build

    folder = copy_files(SEED_FILES[:-1], tmp_path_factory.mktemp("four-seeds"))
    exports = tmp_path_factory.mktemp("kill") / "exports"
    run_build([folder], exports, nlp=nlp)
    return exports


@pytest.fixture
def exports(previous, tmp_path):
    """A fresh copy of the previous build, and its export bytes and people rows."""
    import shutil

    target = tmp_path / "exports"
    shutil.copytree(previous, target)
    return target


def people_rows(exports: Path) -> str:
    result = invoke("query", "people", "--exports", exports, "--format", "tsv")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def assert_previous_build_intact(exports: Path, before: dict[str, bytes], rows: str) -> None:
    assert export_bytes(exports) == before
    assert len(rdflib.Graph().parse(exports / "kg.ttl")) > 0
    assert len(rdflib.Dataset().parse(exports / "kg.trig", format="trig")) > 0
    assert len(rdflib.Dataset().parse(exports / "kg.jsonld", format="json-ld")) > 0
    assert people_rows(exports) == rows
    assert sorted(p.name for p in exports.iterdir()) == sorted(EXPORT_FILES + ("store",))


def leftovers(exports: Path) -> list[str]:
    return sorted(p.name for p in exports.parent.iterdir() if kgpublish.STAGING_MARK in p.name)


def test_build_killed_while_parsing_keeps_the_previous_exports(exports):
    before, rows = export_bytes(exports), people_rows(exports)
    process = subprocess.Popen(kg_command("build", SEEDS, "--exports", exports), cwd=ROOT,
                               env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = []
    for line in process.stderr:
        seen.append(line)
        if line.startswith("[1/"):
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "".join(seen)
    assert_previous_build_intact(exports, before, rows)


@pytest.mark.parametrize("point", ["writing-jsonld", "writing-store", "publishing"])
def test_build_killed_while_writing_keeps_the_previous_exports(exports, point):
    before, rows = export_bytes(exports), people_rows(exports)
    done = subprocess.run([sys.executable, "-c", KILL_AT, point, "build", SEEDS, "--exports", exports, "-q"],
                          cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert leftovers(exports), "the killed build should have left its staging folder"
    assert_previous_build_intact(exports, before, rows)


def test_exports_are_never_a_mix_of_two_builds(exports, seeds_build):
    """Killed between two moves (if the build makes two), DIR is the previous build or the new one
    entire, files and store alike."""
    before, rows = export_bytes(exports), people_rows(exports)
    done = subprocess.run([sys.executable, "-c", KILL_AT, "second-move", "build", SEEDS, "--exports", exports, "-q"],
                          cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=300)
    after = export_bytes(exports)
    if after == before:
        assert people_rows(exports) == rows
    else:
        assert done.returncode == 0, done.stderr
        assert after == export_bytes(seeds_build)
        assert people_rows(exports) == people_rows(seeds_build)


def test_next_build_clears_what_a_killed_build_left(exports, monkeypatch, nlp):
    subprocess.run([sys.executable, "-c", KILL_AT, "publishing", "build", SEEDS, "--exports", exports, "-q"],
                   cwd=ROOT, env=subprocess_env(), capture_output=True, timeout=300)
    assert leftovers(exports)
    use_session_nlp(monkeypatch, nlp)
    result = invoke("build", SEEDS, "--exports", exports, "-q")
    assert result.exit_code == 0, result.stderr
    assert leftovers(exports) == []
    assert "Vladimir Putin" in people_rows(exports)


def test_failed_build_keeps_the_previous_exports(exports, monkeypatch, nlp):
    import kg.exporters.gexf

    before, rows = export_bytes(exports), people_rows(exports)

    def disk_full(_graph, path, **_options):
        Path(path).write_text("<gexf")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(kg.exporters.gexf, "write_gexf", disk_full)
    use_session_nlp(monkeypatch, nlp)
    result = invoke("build", SEEDS, "--exports", exports, "-q")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: cannot write {exports}: no space left on device\n"
    assert leftovers(exports) == []
    assert_previous_build_intact(exports, before, rows)


def test_successful_build_replaces_every_file(exports, monkeypatch, nlp):
    before = export_bytes(exports)
    use_session_nlp(monkeypatch, nlp)
    mode = 0o750
    os.chmod(exports, mode)
    result = invoke("build", SEEDS, "--exports", exports, "-q")
    assert result.exit_code == 0, result.stderr
    after = export_bytes(exports)
    assert all(after[name] != before[name] for name in ("kg.ttl", "kg.trig", "kg.jsonld"))
    assert "Vladimir Putin" in people_rows(exports)
    assert (exports.stat().st_mode & 0o777) == mode
    assert leftovers(exports) == []


def test_without_atomic_exchange_two_renames_still_publish(exports, monkeypatch, nlp):
    monkeypatch.setattr(kgpublish, "exchange_paths", lambda _a, _b: False)
    use_session_nlp(monkeypatch, nlp)
    result = invoke("build", SEEDS, "--exports", exports, "-q")
    assert result.exit_code == 0, result.stderr
    assert "Vladimir Putin" in people_rows(exports)
    assert leftovers(exports) == []


def test_exports_set_aside_by_a_killed_swap_are_put_back(exports):
    # A build killed between the two renames of the fallback swap, by a process now gone.
    aside = exports.with_name(f".{exports.name}{kgpublish.STAGING_MARK}999999999-0000{kgpublish.PREVIOUS_SUFFIX}")
    os.rename(exports, aside)
    before = export_bytes(aside)
    staging = kgpublish.make_staging(exports)
    assert export_bytes(exports) == before
    assert leftovers(exports) == [staging.name]


def test_files_kg_did_not_write_stay(exports, monkeypatch, nlp):
    (exports / "README.md").write_text("my notes", encoding="utf-8")
    use_session_nlp(monkeypatch, nlp)
    result = invoke("build", SEEDS, "--exports", exports, "-q")
    assert result.exit_code == 0, result.stderr
    assert (exports / "README.md").read_text(encoding="utf-8") == "my notes"
    assert "Vladimir Putin" in people_rows(exports)
    assert leftovers(exports) == [] and not [p for p in exports.iterdir() if p.name.startswith(".")]


def test_exports_beside_a_read_only_folder_are_staged_inside(exports, monkeypatch, nlp):
    real_mkdir = Path.mkdir

    def mkdir(path, *args, **kwargs):
        if path.parent == exports.parent and kgpublish.STAGING_MARK in path.name:
            raise PermissionError(13, "Permission denied", str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    use_session_nlp(monkeypatch, nlp)
    result = invoke("build", SEEDS, "--exports", exports, "-q")
    assert result.exit_code == 0, result.stderr
    assert "Vladimir Putin" in people_rows(exports)
    assert sorted(p.name for p in exports.iterdir()) == sorted(EXPORT_FILES + ("store",))


def test_exports_that_is_a_file_is_one_error_line(tmp_path, monkeypatch, nlp):
    use_session_nlp(monkeypatch, nlp)
    target = tmp_path / "exports"
    target.write_text("not a folder", encoding="utf-8")
    result = invoke("build", SEEDS, "--exports", target, "-q")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {target} is a file, not a folder; choose another --exports\n"
    assert target.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_the_build_with_one_line_and_leaves_the_exports(tmp_path, jobs):
    # Enough articles for two batches, so that two jobs start workers; Ctrl-C reaches the whole
    # process group, as from a terminal.
    from tests.conftest import bench_module

    corpus = tmp_path / "corpus"
    bench_module("corpus.py").generate(40, corpus, seed=9)
    exports = tmp_path / "out"
    process = subprocess.Popen(kg_command("build", corpus, "--exports", exports, "--jobs", jobs), cwd=ROOT,
                               env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    for line in process.stderr:  # progress: once the first article is parsed, the build is under way
        if line.startswith("[1/"):
            break
    os.killpg(process.pid, signal.SIGINT)
    rest = process.stderr.read()
    assert process.wait(timeout=60) == 130
    assert "Traceback" not in rest
    assert rest.strip().splitlines()[-1] == f"interrupted: {exports} left as it was"
    assert not exports.exists()
    assert not list(tmp_path.glob(f".{exports.name}.kg-staging-*"))
