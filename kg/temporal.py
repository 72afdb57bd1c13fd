"""Temporal: date expressions ("Friday", "last August", "on Aug. 15") -> ISO dates.

Expressions resolve against the article date. News reports past events, so a bare weekday or
month means the most recent one on or before the article date.
"""

from __future__ import annotations

import datetime as dt
import re

from kg.model import Date

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
MONTH_RE = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR_RE = r"(?P<year>(?:19|20)\d\d)"

PATTERNS = [
    ("full", re.compile(rf"\b{MONTH_RE}\s+{DAY_RE},?\s+{YEAR_RE}\b", re.I)),
    ("full", re.compile(rf"\b{DAY_RE}\s+{MONTH_RE},?\s+{YEAR_RE}\b", re.I)),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b")),
    ("month_day", re.compile(rf"\b{MONTH_RE}\s+{DAY_RE}\b(?!\s*,?\s*(?:19|20)\d\d)", re.I)),
    ("month_day", re.compile(rf"\b{DAY_RE}\s+{MONTH_RE}\b(?!\s*,?\s*(?:19|20)\d\d)", re.I)),
    ("month_year", re.compile(rf"\b{MONTH_RE},?\s+{YEAR_RE}\b", re.I)),
    ("last_month", re.compile(r"\blast\s+month\b", re.I)),
    ("this_month", re.compile(r"\bthis\s+month\b", re.I)),
    ("month", re.compile(rf"\b(?P<last>last\s+|this\s+|early\s+|late\s+|mid-?\s*)?{MONTH_RE}\b", re.I)),
    ("weekday", re.compile(r"\b(?P<last>last\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)),
    ("relative_day", re.compile(r"\b(?P<word>today|yesterday|tonight|this\s+morning|hours\s+(?:earlier|ago)|(?:the\s+)?(?:past|last)\s+24\s+hours)\b", re.I)),
    ("year", re.compile(rf"\b(?:in\s+|since\s+|of\s+)?{YEAR_RE}\b", re.I)),
]


def _month_before(reference: dt.date, month: int, *, strictly_before: bool = False) -> int:
    """The year of the most recent `month` on or before the reference date's month."""
    if month < reference.month or (month == reference.month and not strictly_before):
        return reference.year
    return reference.year - 1


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve_date(text: str, reference: dt.date | None) -> Date | None:
    """The ISO date of a date expression, or None when it names no single day, month or year."""
    for kind, pattern in PATTERNS:
        match = pattern.search(text)
        if match:
            iso = _resolve_match(kind, match, reference)
            if iso:
                return Date(iso=iso, text=text.strip())
    return None


def _month_number(match: re.Match) -> int:
    raw = match.group("month")
    return int(raw) if raw.isdigit() else MONTHS[raw.lower().rstrip(".")]


def _resolve_match(kind: str, match: re.Match, ref: dt.date | None) -> str | None:
    groups = match.groupdict()
    if kind in ("full", "iso"):
        day = _safe_date(int(groups["year"]), _month_number(match), int(groups["day"]))
        return day.isoformat() if day else None
    if kind == "month_year":
        return f"{int(groups['year']):04d}-{_month_number(match):02d}"
    if kind == "year":
        return groups["year"]
    if ref is None:
        return None
    if kind == "month_day":
        month, day = _month_number(match), int(groups["day"])
        year = _month_before(ref, month)
        if month == ref.month and day > ref.day + 1:
            year -= 1
        resolved = _safe_date(year, month, day)
        return resolved.isoformat() if resolved else None
    if kind == "last_month":
        first = ref.replace(day=1) - dt.timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}"
    if kind == "this_month":
        return f"{ref.year:04d}-{ref.month:02d}"
    if kind == "month":
        month = _month_number(match)
        strictly = (groups.get("last") or "").lower().startswith("last")
        return f"{_month_before(ref, month, strictly_before=strictly):04d}-{month:02d}"
    if kind == "weekday":
        back = (ref.weekday() - WEEKDAYS[groups["weekday"].lower()]) % 7
        if groups.get("last") and back == 0:
            back = 7
        return (ref - dt.timedelta(days=back)).isoformat()
    if kind == "relative_day":
        word = groups["word"].lower()
        return (ref - dt.timedelta(days=1 if word == "yesterday" else 0)).isoformat()
    return None


def xsd_type(iso: str) -> str:
    """The XSD datatype local name for an ISO string from `resolve_date`."""
    return {10: "date", 7: "gYearMonth", 4: "gYear"}[len(iso)]
