"""A readable view of one article's records, for extractor tests: names instead of keys."""

from __future__ import annotations

from collections import defaultdict

from kg.model import Date, Fact, Mention, Ref


class View:
    def __init__(self, records):
        self.names: dict[str, str] = {}
        self.facts: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        self.classes: dict[str, str] = {}
        for r in records:
            if isinstance(r, Mention):
                self.classes[r.key] = r.cls
                if r.key not in self.names or len(r.name) > len(self.names[r.key]):
                    self.names[r.key] = r.name
        self.parents: dict[str, str] = {}
        for r in records:
            if isinstance(r, Fact):
                self.facts[r.subject][r.predicate].append(self.value(r.value))
                if r.predicate == "partOf":
                    self.parents[r.subject] = r.value.key

    def value(self, value):
        if isinstance(value, Ref):
            return self.names.get(value.key, value.key)
        if isinstance(value, Date):
            return value.iso
        return value

    def of(self, cls: str) -> list[str]:
        return sorted(k for k, c in self.classes.items() if c == cls)

    def people(self) -> dict[str, set[str]]:
        return {self.names[k]: set(self.facts[k]["holdsOffice"]) for k in self.of("Person")}

    def letters(self) -> list[dict]:
        return [self.record(k, ("sender", "recipient", "deliverer", "date", "inReplyTo")) for k in self.of("Letter")]

    def meetings(self) -> list[dict]:
        rows = []
        for k in self.of("Meeting"):
            row = self.record(k, ("kind", "place", "date"))
            row["participants"] = set(self.facts[k]["participant"])
            rows.append(row)
        return rows

    def events(self) -> list[dict]:
        rows = []
        for k in self.of("Event"):
            row = self.record(k, ("place", "date"))
            row["kinds"] = set(self.facts[k]["kind"])
            row["agents"] = set(self.facts[k]["agent"])
            rows.append(row)
        return rows

    def children(self) -> list[dict]:
        rows = []
        for k in self.of("ChildrenGroup"):
            row = self.record(k, ("count", "countQualifier", "origin", "destination", "claimedBy"))
            row["status"] = set(self.facts[k]["status"])
            parent = self.parents.get(k)
            row["parent"] = self.facts[parent]["count"][0] if parent else None
            rows.append(row)
        return rows

    def record(self, key: str, props) -> dict:
        return {p: (self.facts[key][p][0] if self.facts[key][p] else None) for p in props}

    def by_name(self, cls: str, name: str) -> str | None:
        return next((self.names[k] for k in self.of(cls) if self.names[k] == name), None)
