"""Evaluation: a built graph and a gold file -> recall and precision per fact kind.

Each article is scored on its own: the named queries run over the default graph plus that
article's named graph, so only facts the article supports count. A predicted fact matches a
gold fact when its key fields agree (see MATCHERS); matching is one-to-one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.extractors.offices import normalize_office

KINDS = ("person", "office", "letter", "meeting", "event", "children_group")
STOP = {"the", "a", "an", "of", "to", "for", "and", "in", "on", "by", "with", "from", "at", "that",
        "their", "his", "her", "its", "was", "were", "is", "are", "be"}


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_predicted: int = 0
    missed: list = field(default_factory=list)
    spurious: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 1.0


def _norm(text) -> str:
    text = str(text or "").lower().replace("’", "'").replace("ʼ", "'")
    return re.sub(r"[^\w' -]+", " ", text).replace("-", " ").strip()


def _words(text) -> list[str]:
    return _norm(text).split()


def name_match(gold, predicted) -> bool:
    """Same name, or one is the other with words left out (same last word)."""
    g, p = _words(gold), _words(predicted)
    if not g or not p:
        return False
    if g == p:
        return True
    short, long_ = (g, p) if len(g) <= len(p) else (p, g)
    return short[-1] == long_[-1] and set(short) <= set(long_)


def party_match(gold, predicted) -> bool:
    """Names of people match as names; descriptions of parties ("Russian officials",
    "her representatives") match a label that shares a content word with them."""
    if name_match(gold, predicted):
        return True
    if all(w[:1].isupper() for w in re.findall(r"[^\W\d_]+", str(gold))):
        return False
    return bool(_content(gold) & _content(predicted))


def any_name_match(gold, predicted_list) -> bool:
    return any(party_match(gold, p) for p in predicted_list)


def office_match(gold: str, predicted: str) -> bool:
    """Offices agree on role words and do not disagree on jurisdiction."""
    g = normalize_office(gold.replace("’s", " ’s").replace("'s", " 's").split())
    p = normalize_office(predicted.replace("’s", " ’s").replace("'s", " 's").split())
    if g is None or p is None:
        return _norm(gold) == _norm(predicted)
    if g.jurisdiction and p.jurisdiction and g.jurisdiction != p.jurisdiction:
        return False
    gw, pw = set(g.role.split()) - STOP, set(p.role.split()) - STOP
    return g.head == p.head and (gw <= pw or pw <= gw)


def _split(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [v.strip() for v in str(value).split(";") if v.strip()]


def _dates_agree(gold, predicted) -> bool:
    g, p = str(gold or ""), _split(predicted)
    return not g or not p or any(x.startswith(g) or g.startswith(x) for x in p)


def _content(text) -> set[str]:
    words = set()
    for w in _words(text):
        if w in STOP or len(w) < 3:
            continue
        words.add(w[:5])
    return words


def match_person(g, p) -> bool:
    return name_match(g["name"], p["name"])


def match_office(g, p) -> bool:
    return name_match(g["holder"], p["holder"]) and office_match(g["name"], p["name"])


def match_letter(g, p) -> bool:
    ok = all(any_name_match(g[r], _split(p.get(r))) for r in ("sender", "recipient") if g.get(r))
    return ok and _dates_agree(g.get("date_or_month"), p.get("date"))


def match_meeting(g, p) -> bool:
    parts = _split(p.get("participants"))
    found = sum(1 for x in g.get("participants", []) if any_name_match(x, parts))
    return found >= min(2, len(g.get("participants", []))) and _dates_agree(g.get("date"), p.get("date"))


def match_event(g, p) -> bool:
    if not _dates_agree(g.get("date"), p.get("date")):
        return False
    agents = _split(p.get("agents"))
    gold_agents = g.get("agents") or []
    agents_ok = not gold_agents or not agents or any(any_name_match(a, agents) or _content(a) & _content(" ".join(agents)) for a in gold_agents)
    return agents_ok and bool(_content(g.get("kind")) & _content(f"{p.get('kind')} {p.get('description', '')}"))


def match_children(g, p) -> bool:
    try:
        return int(g["count"]) == int(p.get("count"))
    except (TypeError, ValueError):
        return False


MATCHERS = {"person": match_person, "office": match_office, "letter": match_letter,
            "meeting": match_meeting, "event": match_event, "children_group": match_children}


def gold_facts(entries: list[dict]) -> dict[str, list[dict]]:
    """The gold file's facts of one article, by kind; person offices become office facts."""
    facts: dict[str, list[dict]] = defaultdict(list)
    for entry in entries or []:
        (kind, body), = entry.items()
        body = dict(body or {})
        if kind == "person":
            facts["person"].append(body)
            for office in body.get("offices") or []:
                facts["office"].append({"name": office, "holder": body["name"]})
        elif kind == "office":
            if body.get("holder"):
                key = {"name": body["name"], "holder": body["holder"]}
                if not any(match_office(key, f) for f in facts["office"]):
                    facts["office"].append(key)
        elif kind in MATCHERS:
            facts[kind].append(body)
    return facts


def predicted_facts(rows_by_query: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Query rows of one article -> facts by kind, in the gold file's shape."""
    facts: dict[str, list[dict]] = defaultdict(list)
    people: dict[str, dict] = {}
    for row in rows_by_query["people"]:
        person = people.setdefault(row["person"], {"name": row["name"], "offices": []})
        if row.get("office"):
            person["offices"].append(row["office"])
            facts["office"].append({"name": row["office"], "holder": row["name"]})
    facts["person"] = list(people.values())
    facts["letter"] = rows_by_query["letters"]
    facts["meeting"] = rows_by_query["meetings"]
    facts["event"] = rows_by_query["events"]
    facts["children_group"] = rows_by_query["children"]
    return facts


def score_kind(gold: list[dict], predicted: list[dict], matcher, score: Score, article: str = "") -> None:
    """One-to-one greedy matching in file order."""
    score.gold += len(gold)
    score.predicted += len(predicted)
    used: set[int] = set()
    for g in gold:
        hit = next((i for i, p in enumerate(predicted) if i not in used and matcher(g, p)), None)
        if hit is None:
            score.missed.append((article, g))
        else:
            used.add(hit)
            score.matched_gold += 1
    score.matched_predicted += len(used)
    for i, p in enumerate(predicted):
        if i in used:
            continue
        # a prediction that repeats a matched gold fact is not wrong, so it counts for precision
        if any(matcher(g, p) for g in gold):
            score.matched_predicted += 1
        else:
            score.spurious.append((article, p))


def query_article(store, article_iri: str, sparql: str) -> list[dict]:
    """Rows of a query over the default graph plus one article's named graph, as plain dicts."""
    import pyoxigraph as ox

    from kg.store import term_value

    result = store.query(sparql, default_graph=[ox.DefaultGraph(), ox.NamedNode(article_iri)])
    names = [v.value for v in result.variables]
    return [{n: term_value(row[n]) for n in names} for row in result]


def evaluate(trig_path: Path, gold: dict) -> dict[str, Score]:
    """Scores per kind over every article of the gold file."""
    import pyoxigraph as ox

    from kg import QUERIES_DIR
    from kg.graph import article_iri

    store = ox.Store()
    store.load(path=str(trig_path), format=ox.RdfFormat.TRIG)
    queries = {name: (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8")
               for name in ("people", "letters", "meetings", "events", "children")}
    scores = {kind: Score() for kind in KINDS}
    for filename, entries in sorted(gold.items()):
        iri = str(article_iri(Path(filename).stem))
        rows = {name: query_article(store, iri, q) for name, q in queries.items()}
        expected, found = gold_facts(entries), predicted_facts(rows)
        for kind in KINDS:
            score_kind(expected.get(kind, []), found.get(kind, []), MATCHERS[kind], scores[kind], Path(filename).stem)
    return scores


def format_scores(scores: dict[str, Score], *, details: bool = False) -> str:
    lines = [f"{'kind':<16}{'gold':>6}{'found':>7}{'recall':>9}{'precision':>11}"]
    for kind, s in scores.items():
        lines.append(f"{kind:<16}{s.gold:>6}{s.predicted:>7}{s.recall:>9.2f}{s.precision:>11.2f}")
    if details:
        for kind, s in scores.items():
            lines.extend(f"missed   {kind:<15}{article}: {_brief(fact)}" for article, fact in s.missed)
            lines.extend(f"spurious {kind:<15}{article}: {_brief(fact)}" for article, fact in s.spurious)
    return "\n".join(lines) + "\n"


def _brief(fact: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in fact.items()
                     if v not in (None, "", []) and k not in ("sources", "letter", "meeting", "event", "group", "person"))
