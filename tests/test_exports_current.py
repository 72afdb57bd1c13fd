"""exports/ holds the current build of seeds/: a fresh build is byte-identical."""

from __future__ import annotations

import difflib

from tests.conftest import ROOT

FILES = ("kg.ttl", "kg.trig", "kg.jsonld", "kg.graphml", "kg.gexf", "kg.html")


def test_committed_exports_equal_a_fresh_build(seeds_build):
    for name in FILES:
        committed = (ROOT / "exports" / name).read_bytes()
        fresh = (seeds_build / name).read_bytes()
        if committed != fresh:
            diff = difflib.unified_diff(committed.decode(errors="replace").splitlines(),
                                        fresh.decode(errors="replace").splitlines(),
                                        f"exports/{name}", "fresh build", lineterm="", n=1)
            raise AssertionError("\n".join(list(diff)[:40]) + "\nRun `make build` and commit exports/.")
