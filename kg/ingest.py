"""Ingest: paths on disk -> Article records (id, date, byline, outlet, title, text).

Offsets in later stages index into `Article.text`, which is the file's text exactly as decoded:
no newline translation, no stripping.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from kg.model import Article

DATE_HEADER = re.compile(r"\A\s*date[ \t]+(\S+)")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
BYLINE = re.compile(
    r"[ \t]*By[ \t]+(?P<author>[A-Z][\w.'\-]*(?:[ \t]+(?:[A-Z][\w.'\-]*|and|de|van|von))+?)"
    r"(?:,[ \t]*(?P<outlet>[A-Z][\w&.'\-]*(?:[ \t][A-Z][\w&.'\-]*){0,3}))?[ \t]*(?=\n|\(|\Z)"
)
DATELINE_OUTLET = re.compile(r"\s*\((?P<outlet>[A-Z][A-Za-z&. ]{1,30})\)\s*[—–-]")
SLASH_OUTLET = re.compile(r"[.!?\"”][ \t]*/[ \t]*(?P<outlet>[A-Z][A-Za-z&.]+(?: [A-Z][A-Za-z&.]+){0,2})[ \t]*$", re.MULTILINE)
DEFAULT_MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class Problem:
    """A file that was skipped (or read with a caveat): path, reason, and whether it was skipped."""

    path: str
    reason: str
    skipped: bool = True

    def line(self) -> str:
        kind = "skipped" if self.skipped else "warning"
        return f"{kind}: {self.path}: {self.reason}"


class InputError(Exception):
    """A user-facing problem with the input paths as a whole (e.g. nothing to read)."""


def find_article_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every *.txt file under the given files or folders, sorted, each once."""
    found: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.update(p for p in path.rglob("*.txt") if p.is_file())
        elif path.exists():
            found.add(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return sorted(found, key=lambda p: (p.name, str(p)))


def decode(data: bytes) -> tuple[str, str | None]:
    """Text of the bytes and a warning when it was not UTF-8."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "not UTF-8; decoded as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8; decoded as Latin-1"


def parse_header(text: str) -> tuple[dt.date | None, str | None, str | None, int, str | None]:
    """(date, author, outlet, body_start, problem) from the leading ` date YYYY-MM-DD` header."""
    match = DATE_HEADER.match(text)
    if not match:
        return None, None, None, 0, "no ' date YYYY-MM-DD' header; date unknown"
    raw = match.group(1)
    date = None
    problem = None
    if ISO_DATE.match(raw):
        try:
            date = dt.date.fromisoformat(raw)
        except ValueError:
            problem = f"malformed date {raw!r} in header; date unknown"
    else:
        problem = f"malformed date {raw!r} in header; date unknown"
    pos = match.end()
    author = outlet = None
    byline = BYLINE.match(text, pos)
    if byline:
        author, outlet = byline.group("author"), byline.group("outlet")
        pos = byline.end()
    return date, author, outlet, pos, problem


def guess_title(text: str, body_start: int) -> str | None:
    """The first line that looks like a headline: several words, no final full stop, not too long."""
    for line in text[body_start:].split("\n")[:6]:
        line = line.strip()
        words = line.split()
        if 4 <= len(words) <= 25 and not line.endswith((".", ":", "”", '"')) and line[0].isupper():
            return line
        if len(words) > 25:
            return None
    return None


def guess_outlet(text: str, body_start: int) -> str | None:
    """An outlet named in a dateline '(CNN) —' or a credit line '... / Reuters'."""
    head = text[body_start:body_start + 2000]
    for pattern in (DATELINE_OUTLET, SLASH_OUTLET):
        match = pattern.search(head)
        if match:
            return match.group("outlet").strip()
    return None


def make_article(path: Path, text: str) -> tuple[Article, str | None]:
    """An Article from a file's text, and a header problem if any."""
    date, author, outlet, body_start, problem = parse_header(text)
    article = Article(
        id=path.stem,
        path=str(path),
        text=text,
        date=date,
        author=author,
        outlet=outlet or guess_outlet(text, body_start),
        title=guess_title(text, body_start),
        body_start=body_start,
    )
    return article, problem


def read_article(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Article | None, list[Problem]]:
    """One file -> its Article (or None when it must be skipped) and the problems met."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, [Problem(str(path), f"file is {size} bytes, over the limit of {max_bytes}")]
        data = path.read_bytes()
    except OSError as err:
        return None, [Problem(str(path), f"cannot read: {err.strerror or err}")]
    if not data.strip():
        return None, [Problem(str(path), "empty file")]
    if b"\x00" in data[:4096]:
        return None, [Problem(str(path), "binary file, not text")]
    text, warning = decode(data)
    problems = [Problem(str(path), warning, skipped=False)] if warning else []
    article, header_problem = make_article(path, text)
    if header_problem:
        problems.append(Problem(str(path), header_problem, skipped=False))
    return article, problems


def read_articles(paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
                  ) -> Iterator[tuple[Article | None, list[Problem]]]:
    """Each article file under `paths`, in a stable order, with the problems met reading it."""
    for path in find_article_files(paths):
        yield read_article(path, max_bytes=max_bytes)
