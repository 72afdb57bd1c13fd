"""The model's attribute ruler, matched by lookups instead of its Matcher.

spaCy's `attribute_ruler` gives each token its part of speech, morphology and a few lemmas from
its tag, its word and its dependency, through a Matcher holding some 180 patterns that it tries
at every token: about a seventh of the time en_core_web_sm takes to parse an article. Those
patterns test a token's values for equality, membership or a regular expression, one token or a
few in a row, so the tokens they match can be found by looking up each value once. `speed_up`
gives a ruler a `match` that finds the same matches that way; the ruler sets them as before, so
the Doc is the same (tests/test_attribute_rules.py compares both on every token of the seeds).
A ruler with a pattern this module cannot read (an operator, a quantifier, an attribute it does
not know) keeps its Matcher.
"""

from __future__ import annotations

import re

# Attributes whose values are string hashes, as Doc.to_array gives them and the Matcher compares.
HASHED = ("ORTH", "LOWER", "NORM", "TAG", "DEP", "LEMMA", "SHAPE", "PREFIX", "SUFFIX")
FLAGS = ("IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_TITLE", "IS_LOWER", "IS_UPPER", "IS_STOP")
ALIASES = {"TEXT": "ORTH"}


class Unsupported(Exception):
    """A pattern this module cannot match by lookups."""


class _Tests:
    """For one attribute: which token tests each of its values passes, as a bitmask."""

    def __init__(self, free: int) -> None:
        self.free = free  # tests with no condition on the attribute
        self.equal: dict[int, int] = {}  # value -> tests it passes by equality or membership
        self.excluded: list[tuple[int, frozenset]] = []  # (test bit, values it refuses)
        self.regexes: list[tuple[int, re.Pattern]] = []  # (test bit, pattern the value's text must hold)
        self.cache: dict[int, int] = {}  # value -> the tests it passes, once worked out

    def passed(self, value: int, strings) -> int:
        """The tests `value` passes, worked out and cached (`match` reads the cache first)."""
        bits = self.free | self.equal.get(value, 0)
        for bit, refused in self.excluded:
            if value not in refused:
                bits |= bit
        if self.regexes:
            text = strings[value] if value else ""
            for bit, pattern in self.regexes:
                if pattern.search(text):
                    bits |= bit
        self.cache[value] = bits
        return bits


class AttributeRules:
    """The matches of an AttributeRuler's patterns, found by lookups (see the module's notes)."""

    def __init__(self, ruler) -> None:
        from spacy.attrs import IDS
        from spacy.strings import get_string_id

        self._ruler = ruler
        self._strings = ruler.vocab.strings
        tests: list[dict] = []  # one per distinct token pattern: attribute -> (operator, value)
        index: dict[str, int] = {}
        self._sequences: list[tuple[int, tuple[int, ...]]] = []  # (rule number, test bit per token)
        for number, rule in enumerate(ruler.patterns):
            for pattern in rule["patterns"]:
                if not pattern:
                    raise Unsupported("empty pattern")
                bits = []
                for token in pattern:
                    test = self._read(token)
                    key = repr(sorted(test.items()))
                    if key not in index:
                        index[key] = len(tests)
                        tests.append(test)
                    bits.append(1 << index[key])
                self._sequences.append((number, tuple(bits)))
        used = sorted({name for test in tests for name in test})
        if not used:
            raise Unsupported("no attribute to look up")
        self._ids = [IDS[name] for name in used]
        self._tests = []
        for name in used:
            free = sum(1 << n for n, test in enumerate(tests) if name not in test)
            table = _Tests(free)
            for n, test in enumerate(tests):
                if name not in test:
                    continue
                operator, value = test[name]
                bit = 1 << n
                if operator == "REGEX":
                    table.regexes.append((bit, re.compile(value)))
                elif operator == "NOT_IN":
                    table.excluded.append((bit, frozenset(self._value(name, v, get_string_id) for v in value)))
                else:
                    for v in (value if operator == "IN" else [value]):
                        key = self._value(name, v, get_string_id)
                        table.equal[key] = table.equal.get(key, 0) | bit
            self._tests.append(table)
        self._match_ids = [self._strings[str(number)] for number in range(len(ruler.patterns))]
        self._starting: dict[int, list[tuple[int, tuple[int, ...]]]] = {}

    @staticmethod
    def _read(token: dict) -> dict:
        test = {}
        for name, value in token.items():
            name = ALIASES.get(name.upper(), name.upper())
            if name not in HASHED and name not in FLAGS:
                raise Unsupported(f"attribute {name}")
            if isinstance(value, dict):
                if len(value) != 1:
                    raise Unsupported(f"several operators on {name}")
                (operator, argument), = value.items()
                if operator in ("IN", "NOT_IN") and isinstance(argument, list) and name in HASHED \
                        and all(isinstance(v, str) for v in argument):
                    test[name] = (operator, argument)
                elif operator == "REGEX" and isinstance(argument, str) and name in HASHED:
                    test[name] = (operator, argument)
                else:
                    raise Unsupported(f"operator {operator} on {name}")
            elif isinstance(value, str) and name in HASHED or isinstance(value, bool) and name in FLAGS:
                test[name] = ("==", value)
            else:
                raise Unsupported(f"value {value!r} of {name}")
        return test

    @staticmethod
    def _value(name: str, value, get_string_id) -> int:
        return int(value) if name in FLAGS else get_string_id(value)

    def _sequences_from(self, bits: int) -> list[tuple[int, tuple[int, ...]]]:
        starting = self._starting.get(bits)
        if starting is None:
            starting = self._starting[bits] = [seq for seq in self._sequences if seq[1][0] & bits]
        return starting

    def match(self, doc) -> list[tuple[int, int, int, int]]:
        """What AttributeRuler.match gives: (rule number, match id, start, end), sorted. Rules
        added to the ruler after these were read go through its Matcher, with the others."""
        if len(self._ruler.attrs) != len(self._match_ids):
            return type(self._ruler).match(self._ruler, doc)
        if not len(doc):
            return []
        strings = self._strings
        passed = None
        for table, values in zip(self._tests, doc.to_array(self._ids).T.tolist()):
            cache = table.cache
            bits = [cache[v] if v in cache else table.passed(v, strings) for v in values]
            passed = bits if passed is None else [a & b for a, b in zip(passed, bits)]
        found = set()
        length = len(passed)
        for start, bits in enumerate(passed):
            if not bits:
                continue
            for number, sequence in self._sequences_from(bits):
                end = start + len(sequence)
                if end <= length and all(passed[start + k] & bit for k, bit in enumerate(sequence[1:], 1)):
                    found.add((number, self._match_ids[number], start, end))
        return sorted(found)


def speed_up(ruler) -> bool:
    """Make `ruler` (an AttributeRuler) match by lookups; False when its patterns need its Matcher."""
    try:
        rules = AttributeRules(ruler)
    except Unsupported:
        return False
    ruler.match = rules.match
    return True
