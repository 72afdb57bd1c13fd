"""Numbers written in digits or words -> int ("1,359", "16 000", "Thirteen", "twenty-five")."""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "a dozen": 12, "dozen": 12,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_DIGITS = re.compile(r"^\d{1,3}(?:[,\u00a0\u202f ]\d{3})+$|^\d+$")


def parse_number(text: str) -> int | None:
    """The integer a number expression names, or None."""
    raw = text.strip().lower().replace("\u00a0", " ").replace("\u202f", " ")
    if _DIGITS.match(raw):
        return int(re.sub(r"[^\d]", "", raw))
    match = re.match(r"^(\d+(?:\.\d+)?)\s*(thousand|million)$", raw)
    if match:
        return int(float(match.group(1)) * SCALES[match.group(2)])
    if raw in UNITS:
        return UNITS[raw]
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", raw):
        if word == "and":
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in SCALES:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
        seen = True
    return total + current if seen else None
