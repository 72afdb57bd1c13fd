"""Date expressions resolve against the article date."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.temporal import resolve_date, xsd_type

FRIDAY = dt.date(2025, 10, 10)


@pytest.mark.parametrize("text, reference, iso", [
    ("Friday", FRIDAY, "2025-10-10"),
    ("on Wednesday", FRIDAY, "2025-10-08"),
    ("last Friday", FRIDAY, "2025-10-03"),
    ("last August", FRIDAY, "2025-08"),
    ("in August", FRIDAY, "2025-08"),
    ("in November", FRIDAY, "2024-11"),
    ("last month", FRIDAY, "2025-09"),
    ("last month", dt.date(2025, 1, 15), "2024-12"),
    ("in March", FRIDAY, "2025-03"),
    ("the past 24 hours", FRIDAY, "2025-10-10"),
    ("yesterday", FRIDAY, "2025-10-09"),
    ("on Aug. 15", FRIDAY, "2025-08-15"),
    ("dated Aug. 15", dt.date(2025, 8, 17), "2025-08-15"),
    ("December 24", dt.date(2026, 1, 3), "2025-12-24"),
    ("October 13, 2023", FRIDAY, "2023-10-13"),
    ("13 October 2023", FRIDAY, "2023-10-13"),
    ("April 2024", FRIDAY, "2024-04"),
    ("late February 2022", FRIDAY, "2022-02"),
    ("in 2022", FRIDAY, "2022"),
    ("hours earlier", FRIDAY, "2025-10-10"),
])
def test_resolves(text, reference, iso):
    date = resolve_date(text, reference)
    assert date is not None and date.iso == iso
    assert date.text == text


@pytest.mark.parametrize("text", ["the past three months", "months", "weeks of talks", "soon"])
def test_vague_expressions_give_no_date(text):
    assert resolve_date(text, FRIDAY) is None


def test_relative_dates_need_an_article_date():
    assert resolve_date("Friday", None) is None
    assert resolve_date("March 3, 2024", None).iso == "2024-03-03"


def test_xsd_types():
    assert [xsd_type(x) for x in ("2025-10-10", "2025-08", "2022")] == ["date", "gYearMonth", "gYear"]
