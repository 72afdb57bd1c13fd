"""Shared fixtures: the spaCy pipeline and one build of the seeds, made once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


def bench_module(filename: str):
    """A script of bench/ imported as a module (bench/ is not a package). It is registered in
    sys.modules first, since dataclasses look their module up there."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(f"bench_{Path(filename).stem}", ROOT / "bench" / filename)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory) -> Path:
    """An exports folder holding a fresh build of seeds/."""
    from kg.build import run_build

    out = tmp_path_factory.mktemp("seeds-build")
    run_build([SEEDS], out)
    return out


@pytest.fixture(scope="session")
def seeds_dataset(seeds_build):
    import rdflib

    ds = rdflib.Dataset()
    ds.parse(seeds_build / "kg.trig", format="trig")
    return ds


def extract_text(nlp, text: str, date: str = "2025-10-10"):
    """Records extracted from one piece of text posing as an article of the given date."""
    from kg.extractors import extract
    from kg.ingest import make_article
    from kg.nlp import parse

    article, _ = make_article(Path("sample.txt"), f" date {date} {text}")
    return article, extract(parse(nlp, article), article)
