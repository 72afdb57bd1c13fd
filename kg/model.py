"""Records that flow between the stages: Article in, Mentions and Facts out of extraction.

Every record is a frozen dataclass so that stages cannot mutate what an earlier stage produced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Article:
    """One news article as read from disk; `text` is the file's full text, offsets index into it."""

    id: str
    path: str
    text: str
    date: dt.date | None = None
    outlet: str | None = None
    author: str | None = None
    title: str | None = None
    body_start: int = 0


@dataclass(frozen=True)
class Provenance:
    """Where a fact comes from: article, character span [start, end), exact quote, extractor."""

    article_id: str
    start: int
    end: int
    quote: str
    extractor: str


@dataclass(frozen=True)
class Date:
    """A date resolved against the article date. `iso` is YYYY-MM-DD, YYYY-MM or YYYY."""

    iso: str
    text: str


@dataclass(frozen=True)
class Ref:
    """A reference to a mention key, used as the object of a Fact."""

    key: str


Value = Union[str, int, Date, Ref]


@dataclass(frozen=True)
class Mention:
    """An entity as one article names it. Mentions sharing a `key` are one entity in the article.

    `key` is article-local, made of the class name and a normalised identity (e.g. the person's
    full name); resolution maps keys to corpus-wide entities.
    """

    key: str
    cls: str
    name: str
    prov: Provenance


@dataclass(frozen=True)
class Fact:
    """One statement about a mentioned entity: `subject` is a mention key, `predicate` a vocab term."""

    subject: str
    predicate: str
    value: Value
    prov: Provenance


Record = Union[Mention, Fact]
