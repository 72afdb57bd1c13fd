"""Extraction quality against gold facts: the seeds' own gold and the development corpus."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from kg.cli import app
from kg.evaluate import KINDS, evaluate, format_scores, name_match, office_match
from tests.conftest import ROOT, SHARED

DEV = SHARED / "corpus" / "dev"


def scores_for(build_dir, gold_path):
    return evaluate(build_dir / "kg.trig", yaml.safe_load(gold_path.read_text(encoding="utf-8")))


def assert_at_least(scores, floor):
    table = format_scores(scores, details=True)
    for kind in KINDS:
        assert scores[kind].recall >= floor and scores[kind].precision >= floor, f"{kind}\n{table}"


def test_seeds_gold(seeds_build):
    assert_at_least(scores_for(seeds_build, ROOT / "tests" / "gold" / "seeds.yaml"), 0.95)


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/corpus/dev is not beside the project")
def test_development_corpus(tmp_path):
    from kg.build import run_build

    import tomllib

    run_build([DEV / "articles"], tmp_path)
    scores = scores_for(tmp_path, DEV / "gold.yaml")
    floors = tomllib.loads((ROOT / "tests" / "eval_floors.toml").read_text(encoding="utf-8"))
    table = format_scores(scores)
    assert set(floors) == set(KINDS), "tests/eval_floors.toml must give a floor for every kind"
    for kind in KINDS:
        for measure in ("recall", "precision"):
            got, floor = getattr(scores[kind], measure), floors[kind][measure]
            assert got >= floor, f"{kind} {measure} {got:.3f} fell below its floor {floor}\n{table}"


def test_eval_command_prints_a_table(tmp_path):
    gold = tmp_path / "gold.yaml"
    gold.write_text("000_ba38436c55644873.txt:\n  - person: {name: Melania Trump, offices: [First Lady]}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "--gold", str(gold), str(ROOT / "seeds" / "000_ba38436c55644873.txt")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].split() == ["kind", "gold", "found", "recall", "precision"]
    person = next(line for line in result.stdout.splitlines() if line.startswith("person"))
    assert person.split()[3] == "1.00"


def test_eval_rejects_a_bad_gold_file(tmp_path):
    gold = tmp_path / "gold.yaml"
    gold.write_text("- just a list\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "--gold", str(gold)])
    assert result.exit_code != 0
    assert "gold file must map" in result.stderr


@pytest.mark.parametrize("gold, predicted, same", [
    ("Trump", "Donald Trump", True),
    ("Maria Lvova-Belova", "Maria Oleksiivna Lvova-Belova", True),
    ("Melania Trump", "Donald Trump", False),
    ("Putin", "Vladimir Putin", True),
])
def test_name_match(gold, predicted, same):
    assert name_match(gold, predicted) is same


@pytest.mark.parametrize("gold, predicted, same", [
    ("Russian President", "President of Russia", True),
    ("US First Lady", "First Lady of the United States", True),
    ("First Lady", "First Lady of Ukraine", True),
    ("Ukrainian First Lady", "First Lady of the United States", False),
    ("President", "Prime Minister of Italy", False),
])
def test_office_match(gold, predicted, same):
    assert office_match(gold, predicted) is same
