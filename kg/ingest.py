"""Ingest: paths on disk -> Article records (id, date, byline, outlet, title, text), and the
Problems met reading them.

Offsets in later stages index into `Article.text`, the text kg keeps for an article. That is the
file's text exactly as decoded (no newline translation, no stripping), with two exceptions:
- control characters other than tab and line breaks become spaces, one for one, so offsets stay
  the file's (XML exports cannot carry them);
- a web page is replaced by its plain text (kg.html_text); offsets index that text.

Every problem is one line: `skipped: PATH: reason` (the file is left out of the build) or
`warning: PATH: reason` (the file is built, with a caveat).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from kg.html_text import looks_like_html, page_text
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
SNIFF_BYTES = 4096
# Control characters XML 1.0 forbids (all C0 but tab, LF, CR) and DEL.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


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
    """Every *.txt entry under the given folders, and the given files, sorted by name, each once.

    Entries that are not readable files (broken links, special files) are kept, so that reading
    them reports why they were skipped. A path that does not exist at all is a user error.
    """
    found: dict[str, Path] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates = [p for p in path.rglob("*.txt") if not p.is_dir()]
        elif os.path.lexists(path):
            candidates = [path]
        else:
            raise InputError(f"{path}: no such file or folder")
        for candidate in candidates:
            found.setdefault(os.path.realpath(candidate), candidate)
    return sorted(found.values(), key=lambda p: (p.name, str(p)))


def decode(data: bytes) -> tuple[str, str | None]:
    """Text of the bytes and a warning when it was not UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16; decoded as such"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "not UTF-8; decoded as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8; decoded as Latin-1"


_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])  # not tab, line feed, vertical tab, form feed, CR


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or many other control bytes, near the start: not a text file."""
    head = data[:SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text is full of NULs
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return b"\x00" in head or controls > len(head) // 10


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


def read_bytes(path: Path, *, max_bytes: int) -> tuple[bytes | None, str | None]:
    """The file's bytes, or None and why it cannot be read."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return None, f"broken symbolic link (to {os.readlink(path)})"
        return None, "no such file"
    except OSError as err:
        return None, f"cannot read: {(err.strerror or str(err)).lower()}"
    if stat.S_ISDIR(info.st_mode):
        return None, "a folder, not a file"
    if not stat.S_ISREG(info.st_mode):
        return None, "not a regular file"
    if info.st_size > max_bytes:
        return None, f"file is {info.st_size} bytes, over the limit of {max_bytes} (see --max-bytes)"
    try:
        return path.read_bytes(), None
    except OSError as err:
        return None, f"cannot read: {(err.strerror or str(err)).lower()}"


def article_text(path: Path, data: bytes) -> tuple[str | None, list[Problem]]:
    """The text kg keeps for a file's bytes (None when skipped) and the problems met."""
    if not data.strip():
        return None, [Problem(str(path), "empty file")]
    if looks_binary(data):
        return None, [Problem(str(path), "binary file, not text")]
    text, warning = decode(data)
    problems = [Problem(str(path), warning, skipped=False)] if warning else []
    if not text.strip():
        return None, problems + [Problem(str(path), "empty file")]
    if looks_like_html(text):
        text = html_to_article_text(text)
        if text is None:
            return None, problems + [Problem(str(path), "web page with no text in it")]
        problems.append(Problem(str(path), "web page; its text was taken from the markup "
                                           "and evidence offsets index that text", skipped=False))
    text, replaced = CONTROL_CHARS.subn(" ", text)
    if replaced:
        problems.append(Problem(str(path), f"{replaced} control character(s) read as spaces", skipped=False))
    return text, problems


def html_to_article_text(html: str) -> str | None:
    """A web page as kg's plain-text article: a ' date' header when the page gives a date, then
    the headline and paragraphs. None when the page holds no text."""
    page = page_text(html)
    body = page.text
    if not body.strip():
        return None
    if page.title and not page.headline and page.title not in body:
        body = f"{page.title}\n\n{body}"
    if page.date and not DATE_HEADER.match(body):
        byline = f" By {page.author}" if page.author and BYLINE.match(f" By {page.author}\n") else ""
        body = f" date {page.date}{byline}\n\n{body}"
    return body


def read_article(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Article | None, list[Problem]]:
    """One file -> its Article (or None when it must be skipped) and the problems met."""
    data, reason = read_bytes(path, max_bytes=max_bytes)
    if data is None:
        return None, [Problem(str(path), reason)]
    text, problems = article_text(path, data)
    if text is None:
        return None, problems
    article, header_problem = make_article(path, text)
    if not text[article.body_start:].strip():
        return None, problems + [Problem(str(path), "no article text after the header")]
    if header_problem:
        problems.append(Problem(str(path), header_problem, skipped=False))
    return article, problems


def read_articles(paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
                  ) -> Iterator[tuple[Article | None, list[Problem]]]:
    """Each article file under `paths`, in a stable order, with the problems met reading it."""
    for path in find_article_files(paths):
        yield read_article(path, max_bytes=max_bytes)


def text_digest(text: str) -> str:
    """A digest of the words of a text: copies differing only in spacing or line ends match."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def read_corpus(paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
                on_problem=lambda _problem: None) -> tuple[list[Article], list[Problem]]:
    """The distinct, readable articles under `paths`, each with a distinct id, and every problem.

    The same text under two names is built once, under the name that sorts first. Two different
    texts with the same file name (in two folders) are both built: the one whose text digest
    sorts first keeps the name as its id, the others get the digest's first 8 characters added,
    so the ids do not depend on the order the folders were given in.
    """
    problems: list[Problem] = []

    def note(problem: Problem) -> None:
        problems.append(problem)
        on_problem(problem)

    kept: dict[str, Article] = {}
    for article, found in read_articles(paths, max_bytes=max_bytes):
        for problem in found:
            note(problem)
        if article is None:
            continue
        digest = text_digest(article.text)
        if digest in kept:
            note(Problem(article.path, f"same text as {kept[digest].path}; built once"))
            continue
        kept[digest] = article
    return _distinct_ids(kept, note), problems


def _distinct_ids(by_digest: dict[str, Article], note) -> list[Article]:
    by_id: dict[str, list[tuple[str, Article]]] = {}
    for digest, article in sorted(by_digest.items()):
        by_id.setdefault(article.id, []).append((digest, article))
    articles = []
    for aid, group in sorted(by_id.items()):
        first = group[0][1]
        articles.append(first)
        for digest, article in group[1:]:
            new_id = f"{aid}-{digest[:8]}"
            note(Problem(article.path, f"another article is also named {aid} ({first.path}); "
                                       f"its id is {new_id}", skipped=False))
            articles.append(dataclasses.replace(article, id=new_id))
    return sorted(articles, key=lambda a: a.id)
