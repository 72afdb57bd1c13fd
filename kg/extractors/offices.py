"""Offices: title phrases around a person's name -> a normalised office (role, jurisdiction).

"Russian President", "President of Russia" and "the Russian leader" name one office; so do
"US First Lady", "First Lady of the United States" and "first lady" once the holder is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Container

from kg.places import country_of, display_country

# Heads of titles: the word(s) that make a phrase an office.
ROLE_HEADS = {
    "president", "lady", "gentleman", "leader", "commissioner", "ombudsman", "ombudsperson",
    "ombudswoman", "minister", "chancellor", "secretary", "spokeswoman", "spokesman",
    "spokesperson", "governor", "mayor", "senator", "congressman", "congresswoman",
    "ambassador", "envoy", "chief", "director", "head", "chairman", "chairwoman", "chair",
    "king", "queen", "prince", "princess", "pope", "cardinal", "ayatollah", "general",
    "commander", "prosecutor", "judge", "adviser", "advisor", "emir", "premier",
    "negotiator", "mediator", "representative", "deputy", "attorney", "speaker", "monarch",
    "dictator", "strongman", "patriarch", "metropolitan", "archbishop", "bishop", "rabbi",
    "imam", "cleric", "official", "administrator", "coordinator", "lawmaker", "diplomat",
}
# Words that may stand inside a title phrase in lower case.
ROLE_MODIFIERS = {
    "first", "vice", "prime", "foreign", "deputy", "acting", "interim", "supreme", "top",
    "senior", "chief", "presidential", "general", "special", "high", "state", "defence",
    "defense", "military", "national", "security", "human", "rights", "children's",
    "children’s", "childrenʼs", "for", "of", "the", "and", "affairs", "executive", "press",
    "children", "child", "women", "women's", "refugees", "minorities", "youth", "family",
    "education", "health", "justice", "interior", "finance", "economy", "energy", "culture",
    "trade", "agriculture", "environment", "transport", "labour", "labor", "social", "policy",
    "intelligence", "police", "army", "navy", "staff", "joint", "armed", "forces", "public",
}
FEMALE_WORDS = {"lady", "spokeswoman", "chairwoman", "congresswoman", "queen", "princess",
                "ombudswoman", "wife", "mrs", "ms", "madam", "mother", "widow", "daughter"}
MALE_WORDS = {"spokesman", "chairman", "congressman", "king", "prince", "husband", "mr",
              "father", "son", "pope", "gentleman"}
# Roles that make a person the leader of their country ("the Russian leader", "the Kremlin chief").
LEADER_ROLES = {"president", "prime minister", "premier", "chancellor", "king", "queen", "emir",
                "supreme leader", "leader", "monarch", "dictator", "chief"}
GENERIC_LEADER_WORDS = {"leader", "chief", "head", "strongman"}
SMALL_WORDS = {"of", "for", "the", "and", "on", "in", "to"}
# One-word bodies an office can belong to ("spokesman of the ministry", "head of the court").
BODIES = {"ministry", "office", "court", "parliament", "council", "department", "committee",
          "commission", "agency", "assembly", "senate", "duma", "government", "cabinet", "kremlin",
          "presidency", "secretariat", "embassy", "army", "navy", "police"}


@dataclass(frozen=True)
class Office:
    """A normalised office: `role` in lower case without jurisdiction, `jurisdiction` a country."""

    role: str
    jurisdiction: str | None

    @property
    def key(self) -> str:
        return f"Office:{self.role}|{self.jurisdiction or ''}"

    @property
    def label(self) -> str:
        words = [w if w in SMALL_WORDS else w[:1].upper() + w[1:] for w in self.role.split()]
        label = " ".join(words)
        if self.jurisdiction:
            label += " of " + display_country(self.jurisdiction)
        return label

    @property
    def head(self) -> str:
        return self.role.split(" for ")[0].split()[-1]

    @property
    def is_leader(self) -> bool:
        return self.role in LEADER_ROLES


def _norm_word(text: str) -> str:
    return text.lower().replace("’", "'").replace("ʼ", "'")


def is_title_word(token) -> bool:
    """Could the token stand inside a title phrase such as "Russia's Commissioner for Human Rights"?"""
    low = _norm_word(token.text)
    if low in ROLE_HEADS or low in ROLE_MODIFIERS or low in {"'s", "-"}:
        return True
    if country_of(token.text, seats=True):
        return True
    return token.text[:1].isupper() and token.pos_ in ("PROPN", "NOUN", "ADJ")


def has_role_head(words: list[str]) -> bool:
    low = [_norm_word(w) for w in words]
    return any(w in ROLE_HEADS for w in low)


def normalize_office(words: list[str]) -> Office | None:
    """(role, jurisdiction) from the words of a title phrase, or None when it names no office."""
    words = [w for w in words if w not in (",", "(", ")")]
    jurisdiction = None
    kept: list[str] = []
    i = 0
    while i < len(words):
        pair = " ".join(words[i:i + 2])
        if i + 1 < len(words) and country_of(pair):
            jurisdiction, i = jurisdiction or country_of(pair), i + 2
            continue
        country = country_of(words[i]) if words[i][:1].isupper() or words[i].lower() in ("us", "u.s.") else None
        if country:
            jurisdiction = jurisdiction or country
            while kept and _norm_word(kept[-1]) in ("of", "the"):
                kept.pop()
            i += 1
            if i < len(words) and _norm_word(words[i]) in ("'s", "'"):
                i += 1
            continue
        kept.append(words[i])
        i += 1
    low = [_norm_word(w) for w in kept]
    while low and low[0] in ("the", "of", "for", "and", "a", "an", "'s", "former", "then", "whose",
                             "his", "her", "its", "their", "our", "my", "your"):
        low.pop(0)
    while low and low[-1] in ("the", "of", "for", "and", "'s"):
        low.pop()
    if not low or not any(w in ROLE_HEADS for w in low):
        return None
    return Office(_reorder(low), jurisdiction)


def _reorder(words: list[str]) -> str:
    """'commissioner of the verkhovna rada for human rights' -> 'verkhovna rada commissioner for human rights'."""
    words = [w for w in words if w != "the"]
    text = " ".join(words).replace(" 's", "'s")
    if " of " not in f" {text} ":
        return text
    head, _, rest = text.partition(" of ")
    body, sep, purpose = rest.partition(" for ")
    if any(w in ROLE_HEADS for w in body.split()):
        return text
    if len(body.split()) < 2 and body not in BODIES:
        return text  # "secretary of state", "minister of defence": a department, not a body
    return _with_body(head, body, sep, purpose)


def _with_body(head: str, body: str, sep: str, purpose: str) -> str:
    role = f"{body} {head}"
    return f"{role} for {purpose}" if sep else role


def title_before(doc, start: int, *, stop_at: Container[int]) -> tuple[int, int] | None:
    """Token range [i, j) of a title phrase ending just before token `start` (a name), if any;
    the phrase takes in no token of `stop_at`."""
    end = start
    if end > 0 and doc[end - 1].text == ",":
        end -= 1
    i = end
    sent_start = doc[start].sent.start
    while i > sent_start and i - 1 not in stop_at and is_title_word(doc[i - 1]):
        prev = doc[i - 1]
        if _norm_word(prev.text) == "the" and i - 1 > sent_start and not is_title_word(doc[i - 2]):
            i -= 1
            break
        i -= 1
    while i < end and _norm_word(doc[i].text) in ("the", "of", "for", "and", "'s", "-", "a", "an", "whose",
                                                    "his", "her", "its", "their", "our", "my", "your"):
        i += 1
    if i >= end:
        return None
    words = [t.text for t in doc[i:end]]
    if not has_role_head(words):
        return None
    if end < start and not any(_norm_word(w) in ROLE_HEADS for w in words[-6:]):
        return None
    return i, end


def gender_of_words(words) -> str | None:
    low = {_norm_word(w) for w in words}
    if low & FEMALE_WORDS:
        return "F"
    if low & MALE_WORDS:
        return "M"
    return None


def split_titles(words: list[str]) -> list[list[str]]:
    """'envoy Cardinal' is two titles; 'Deputy Prime Minister' and 'Chief of Staff' are one."""
    parts, current = [], []
    for n, word in enumerate(words):
        current.append(word)
        low = _norm_word(word)
        nxt = _norm_word(words[n + 1]) if n + 1 < len(words) else None
        later = any(_norm_word(w) in ROLE_HEADS for w in words[n + 1:])
        if low in ROLE_HEADS and low not in ROLE_MODIFIERS and nxt not in (None, "of", "for", "'s") and later:
            parts.append(current)
            current = []
    if current:
        parts.append(current)
    return parts
