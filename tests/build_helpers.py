"""Helpers for tests that run whole builds: the CLI in-process with the session's spaCy
pipeline, the CLI in a subprocess, and the facts of a built graph per article."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import ROOT, SEEDS

EXPORT_FILES = ("kg.ttl", "kg.trig", "kg.jsonld", "kg.graphml", "kg.gexf", "kg.html")
SEED_FILES = tuple(sorted(SEEDS.glob("*.txt")))


def use_session_nlp(monkeypatch, nlp) -> None:
    """Builds in this test reuse the loaded pipeline instead of loading the model again."""
    import kg.nlp

    monkeypatch.setattr(kg.nlp, "load_nlp", lambda name=None: nlp)


def invoke(*args):
    """`kg ARGS` in-process; the result has exit_code, stdout and stderr apart."""
    from kg.cli import app

    return CliRunner().invoke(app, [str(a) for a in args])


def kg_command(*args) -> list[str]:
    """argv running `kg ARGS` in a subprocess with this checkout's code."""
    return [sys.executable, "-m", "kg.cli", *(str(a) for a in args)]


def subprocess_env(**extra) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), **extra)
    return env


def run_kg(*args, **env) -> subprocess.CompletedProcess:
    return subprocess.run(kg_command(*args), capture_output=True, text=True, cwd=ROOT,
                          env=subprocess_env(**env), timeout=300)


def copy_files(files, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in files:
        shutil.copy(path, folder / Path(path).name)
    return folder


def export_bytes(exports: Path) -> dict[str, bytes]:
    return {name: (exports / name).read_bytes() for name in EXPORT_FILES}


def article_graphs(exports: Path) -> dict[str, frozenset]:
    """Article id (kg:articleId) -> the set of (subject, predicate, object) of its named graph
    in kg.trig."""
    import rdflib

    from kg.vocab import KG

    ds = rdflib.Dataset()
    ds.parse(exports / "kg.trig", format="trig")
    default = ds.default_graph
    return {str(default.value(g.identifier, KG.articleId)): frozenset(g) for g in ds.graphs()
            if g.identifier != default.identifier and len(g)}


def no_traceback(result) -> bool:
    return result.exception is None or isinstance(result.exception, SystemExit)
