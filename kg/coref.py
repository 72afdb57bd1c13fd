"""Within-article coreference: names, surnames, titles, descriptions and pronouns -> one person.

`Cast` is built once per article by the people extractor and then asked by the other extractors
"who is this token?". It knows every person the article names, their offices and likely gender,
where each is mentioned, and who speaks each quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extractors.common import FIRST_PERSON, PERSON_PRONOUNS, SPEECH_VERBS
from kg.extractors.offices import GENERIC_LEADER_WORDS, Office, normalize_office
from kg.places import SEATS, country_of

QUOTE_PAIRS = re.compile(r"[“\"]([^“”\"]{2,2000})[”\"]")
DESCRIPTION = re.compile(r"^(?:the\s+)?(?:\d{1,3}-year-old|former\s+\w+|[A-Z]\w+-born\b.*)", re.I)


@dataclass
class Person:
    """A person of one article: the fullest name used, the names seen, offices, gender votes."""

    key: str
    name: str
    names: set[str] = field(default_factory=set)
    offices: list[Office] = field(default_factory=list)
    female: int = 0
    male: int = 0

    @property
    def gender(self) -> str | None:
        if self.female > self.male:
            return "F"
        if self.male > self.female:
            return "M"
        return None


@dataclass
class Cast:
    """Everyone one article names, and where."""

    people: dict[str, Person] = field(default_factory=dict)
    # token index -> person key, for every token inside a resolved mention
    at: dict[int, str] = field(default_factory=dict)
    # (start token, end token, person key, kind) for every mention, kind: name|title|pronoun|speaker
    mentions: list[tuple[int, int, str, str]] = field(default_factory=list)
    # (start char, end char, speaker key) of quotations
    quotes: list[tuple[int, int, str]] = field(default_factory=list)

    def person_at(self, token) -> str | None:
        """The person a token refers to: inside a name or title, a pronoun, or 'I/my' in a quote."""
        key = self.at.get(token.i)
        if key:
            return key
        low = token.lower_
        if low in FIRST_PERSON:
            return self.speaker_at(token.idx)
        return None

    def speaker_at(self, char: int) -> str | None:
        for start, end, key in self.quotes:
            if start <= char < end:
                return key
        return None

    def recent(self, before: int, *, gender: str | None = None, exclude: set[str] = frozenset(),
               window: int = 400) -> str | None:
        """The most recently mentioned person before token `before` (within `window` tokens)."""
        known = unknown = None
        for start, _end, key, kind in self.mentions:
            if start >= before or start < before - 4 * window or key in exclude or kind == "pronoun":
                continue
            person_gender = self.people[key].gender
            if gender and person_gender and person_gender != gender:
                continue
            if not gender or person_gender == gender:
                if not gender and start < before - window:
                    continue
                if known is None or start > known[0]:
                    known = (start, key)
            elif unknown is None or start > unknown[0]:
                unknown = (start, key)
        best = known or unknown
        return best[1] if best else None

    def holders(self, role: str | None, jurisdiction: str | None, *, leader: bool = False) -> list[str]:
        """Keys of persons holding an office that matches a title used without a name.

        A bare leader title ("the president") never reaches a foreign leader whose title the
        article qualified ("Russian President"): in news it means the home country's leader.
        """
        exact, loose = [], []
        for key, person in self.people.items():
            for office in person.offices:
                if leader:
                    if office.is_leader and office.jurisdiction == jurisdiction:
                        exact.append(key)
                        break
                    continue
                if office.role != role:
                    continue
                if office.jurisdiction == jurisdiction:
                    exact.append(key)
                    break
                if jurisdiction is None and not office.is_leader:
                    loose.append(key)
                    break
                if office.jurisdiction is None:
                    loose.append(key)
                    break
        return exact or sorted(set(loose) - set(exact))


def title_referent(cast: Cast, words: list[str], before: int) -> str | None:
    """The person a bare title ("the first lady", "the Russian leader", "the Kremlin chief") means."""
    low = [w.lower() for w in words]
    head = low[-1] if low else ""
    if head in GENERIC_LEADER_WORDS:
        jurisdiction = None
        for word in low[:-1]:
            jurisdiction = jurisdiction or country_of(word) or SEATS.get(word)
        if not jurisdiction:
            return None
        candidates = cast.holders(None, jurisdiction, leader=True)
    else:
        office = normalize_office(words)
        if office is None:
            return None
        candidates = cast.holders(office.role, office.jurisdiction)
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        return cast.recent(before, exclude=set(cast.people) - set(candidates))
    return None


def find_quotes(doc, cast: Cast) -> None:
    """Attribute each quotation to its speaker: the subject of a speech verb beside it."""
    text = doc.text
    for match in QUOTE_PAIRS.finditer(text):
        start, end = match.span()
        speaker = _speaker_near(doc, start, end, cast)
        if speaker:
            cast.quotes.append((start, end, speaker))


def _speaker_near(doc, start: int, end: int, cast: Cast) -> str | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    sents = [span.sent]
    last = doc[span.end - 1].sent
    if last != span.sent:
        sents.append(last)
    for sent in sents:
        for token in sent:
            if start <= token.idx < end or token.lemma_.lower() not in SPEECH_VERBS:
                continue
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass") and not (start <= child.idx < end):
                    key = cast.at.get(child.i) or resolve_pronoun(cast, child)
                    if key:
                        return key
    return None


def resolve_pronoun(cast: Cast, token) -> str | None:
    """A third-person pronoun's referent: the latest person mentioned before it of that gender."""
    gender = PERSON_PRONOUNS.get(token.lower_)
    if gender is None:
        return None
    key = cast.recent(token.i, gender=gender, window=120)
    return key
