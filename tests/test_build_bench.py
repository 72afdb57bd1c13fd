"""The build benchmark's report (bench/build_bench.py): which bare spaCy runs each `--jobs` is
judged against, and the ratios and verdicts of its targets."""

from __future__ import annotations

import pytest

from tests.conftest import SEEDS, bench_module


@pytest.fixture(scope="module")
def bench():
    return bench_module("build_bench.py")


def _run(seconds: float) -> dict:
    return {"seconds": seconds, "largest_mb": 100.0, "tree_mb": 150.0}


def _results(bench, bare: dict[str, float], kg: dict[int, tuple[float, float, float]]) -> list[dict]:
    return [{"n": 1000, "words": 500_000, "bare": {label: _run(s) for label, s in bare.items()},
             "kg": {jobs: {"cold": _run(cold), "unchanged": _run(same), "added": _run(added)}
                    for jobs, (cold, same, added) in kg.items()}}]


def test_each_job_count_is_judged_against_bare_spacy_with_as_many_processes(bench):
    bare = {bench.DEFAULTS: 80.0, bench._batch_label(1): 60.0, bench._batch_label(1, True): 52.0,
            bench._batch_label(2): 34.0, bench._batch_label(2, True): 30.0}
    lines = bench.targets(_results(bench, bare, {1: (60.0, 0.5, 2.5), 2: (36.0, 0.5, 2.0)}), [1, 2])
    rows = {line.split(" | ")[0].lstrip("| "): line.split(" | ")[1:] for line in lines[2:]}
    two = {label: cells for label, cells in rows.items() if label.endswith("--jobs 2") and "× bare" in label}
    assert len(two) == 3 and not any("1 process" in label for label in two)
    assert two[f"cold build throughput ≥ 0.85 × bare `nlp.pipe` ({bench._batch_label(2)}), N=1,000, --jobs 2"] \
        == ["0.94", "yes |"]
    assert two[f"cold build throughput ≥ 0.85 × bare `nlp.pipe` ({bench._batch_label(2, True)}), N=1,000, --jobs 2"] \
        == ["0.83", "no |"]
    assert rows["one article added ≤ 5% of cold, N=1,000, --jobs 2"] == ["5.6%", "no |"]
    assert rows["one article added ≤ 5% of cold, N=1,000, --jobs 1"] == ["4.2%", "yes |"]


def test_the_report_lists_every_bare_run(bench):
    bare = {bench.DEFAULTS: 80.0, bench._batch_label(2): 34.0, bench._batch_label(2, True): 30.0}
    report = bench.report(_results(bench, bare, {2: (36.0, 0.5, 2.0)}), [2])
    for label in bare:
        assert f"| 1,000 | bare `nlp.pipe`, {label} |" in report


def test_bare_spacy_with_kg_s_attribute_ruler_runs(bench, tmp_path):
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    result = bench.bare(tmp_path, 16, 1, lookups=True)
    assert result["seconds"] > 0
