from __future__ import annotations

import pytest

from kg.numbers import parse_number


@pytest.mark.parametrize("text, value", [
    ("eight", 8), ("Three", 3), ("Thirteen", 13), ("twenty-five", 25), ("one hundred", 100),
    ("8", 8), ("1,359", 1359), ("20,000", 20000), ("16 000", 16000), ("16\u00a0000", 16000),
    ("two thousand", 2000), ("1.5 million", 1_500_000), ("a dozen", 12),
])
def test_parses(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "several", "many children", "eight-year-old", "1,35"])
def test_rejects(text):
    assert parse_number(text) is None
