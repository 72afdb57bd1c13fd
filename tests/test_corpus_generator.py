"""The benchmark corpus generator (bench/corpus.py): seeded and deterministic, prefix-stable,
in the seeds' file format and size, about many distinct people, and not made of seed text."""

from __future__ import annotations

import re

import pytest

from kg.ingest import parse_header
from tests.conftest import SEEDS, bench_module


@pytest.fixture(scope="module")
def corpus():
    return bench_module("corpus.py")


@pytest.fixture(scope="module")
def texts(corpus):
    world = corpus.make_world(7)
    return [corpus.article_text(world, 7, i) for i in range(200)]


def test_same_seed_same_files_other_seed_other_files(corpus, tmp_path):
    first = [p.read_bytes() for p in corpus.generate(12, tmp_path / "a", seed=7)]
    again = [p.read_bytes() for p in corpus.generate(12, tmp_path / "b", seed=7)]
    other = [p.read_bytes() for p in corpus.generate(12, tmp_path / "c", seed=8)]
    assert first == again
    assert not set(first) & set(other)


def test_a_larger_corpus_starts_with_the_smaller_one(corpus, tmp_path):
    small = corpus.generate(5, tmp_path / "small")
    large = corpus.generate(6, tmp_path / "large")
    assert [(p.name, p.read_bytes()) for p in small] == [(p.name, p.read_bytes()) for p in large[:5]]


def test_files_have_the_seeds_header_and_size(texts):
    for text in texts:
        date, _author, _outlet, _start, problem = parse_header(text)
        assert problem is None and date is not None
        assert 1800 <= len(text.encode("utf-8")) <= 4600


def test_many_distinct_people_and_places(corpus, texts):
    names = {f"{f} {l}" for fs in corpus.FIRST_NAMES.values() for f in fs for l in corpus.LAST_NAMES}
    found = {n for text in texts for n in re.findall(r"[A-Z][a-z]+ [A-Z][a-z]+", text) if n in names}
    assert len(found) > 300
    cities = {c for _, cs in corpus.COUNTRIES.values() for c in cs}
    assert len({c for text in texts for c in cities if c in text}) > 30


def test_no_sentence_is_taken_from_the_seeds(texts):
    seed_words = set()
    for path in SEEDS.glob("*.txt"):
        words = path.read_text(encoding="utf-8").split()
        seed_words |= {" ".join(words[i:i + 6]) for i in range(len(words) - 5)}
    for text in texts:
        words = text.split()
        assert not {" ".join(words[i:i + 6]) for i in range(len(words) - 5)} & seed_words
