"""The store-load benchmark (bench/store_bench.py): its "as built" layout is the store `kg build`
writes, and the two other layouts hold what they say they hold."""

from __future__ import annotations

import pytest

from tests.conftest import bench_module


@pytest.fixture(scope="module")
def bench():
    return bench_module("store_bench.py")


def _quads(store_dir):
    import pyoxigraph as ox

    return set(ox.Store.read_only(str(store_dir)))


def test_as_built_is_the_store_the_build_wrote(bench, seeds_build, tmp_path):
    quads = bench.load_as_built(seeds_build, tmp_path / "store")
    assert quads == len(_quads(seeds_build / "store"))
    assert _quads(tmp_path / "store") == _quads(seeds_build / "store")


def test_other_layouts_differ_only_in_the_merge(bench, seeds_build, tmp_path):
    import pyoxigraph as ox

    built = _quads(seeds_build / "store")
    bench.load_everything_merged(seeds_build, tmp_path / "all")
    bench.load_named_only(seeds_build, tmp_path / "named")
    everything, named = _quads(tmp_path / "all"), _quads(tmp_path / "named")
    merged = ox.DefaultGraph()
    built_named = {q for q in built if q.graph_name != merged}
    assert named == built_named
    assert {q for q in everything if q.graph_name != merged} == built_named
    evidence = {q for q in everything if q.graph_name == merged and "/id/evidence/" in q.subject.value}
    assert everything - evidence == built
    assert len(evidence) > len(built) - len(built_named)  # evidence is most of what a merge would hold


def test_table_lists_every_layout(bench):
    table = bench.markdown_table({name: {"quads": 2_000, "wall": 1.0, "cpu": 0.5} for name in bench.LAYOUTS})
    assert [line.split(" | ")[0].lstrip("| ") for line in table.splitlines()[2:]] == list(bench.LAYOUTS)
    assert "| 2,000 | 1.00 | 0.50 | 250.0 |" in table
