"""Ingest, HTML articles: a saved web page in; the article's plain text out, with the date,
author and headline the page's markup gives.

kg keeps the plain text (not the markup) as the article's text, so every evidence offset
indexes that text. Blocks (paragraphs, headings, list items) become paragraphs separated by a
blank line; scripts, styles, the page head, menus, sidebars and forms are dropped; character references
are decoded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

HTML_START = re.compile(
    r"\A\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL)
HTML_TAG = re.compile(
    r"</?(?:p|div|br|span|a|h[1-6]|li|ul|ol|table|tr|td|article|section|header|footer|body|html|"
    r"head|title|meta|script|style|img|strong|em|b|i|blockquote|figure|figcaption|time)\b[^<>]{0,500}>",
    re.IGNORECASE)
MIN_TAGS = 5  # plain text may quote a tag or two; a page has many

# Not prose: code, the page head, and the site's menus, sidebars and forms.
SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "head", "object",
                     "nav", "aside", "form", "button", "select", "dialog"})
BLOCKS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table", "article",
    "section", "header", "footer", "blockquote", "pre", "figure", "figcaption", "dd", "dt", "dl",
    "main", "aside", "nav", "hr", "address", "form", "fieldset", "details", "summary",
})
VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "base", "col"})
DATE_META = frozenset({
    "article:published_time", "date", "pubdate", "publishdate", "publish-date", "dc.date",
    "dc.date.issued", "dcterms.date", "dcterms.created", "og:published_time", "sailthru.date",
    "datepublished",
})
AUTHOR_META = frozenset({"author", "article:author", "dc.creator", "byl"})
ISO_PREFIX = re.compile(r"\s*(\d{4}-\d{2}-\d{2})")


def looks_like_html(text: str) -> bool:
    """True when the text is a web page rather than plain prose."""
    return bool(HTML_START.match(text)) or len(HTML_TAG.findall(text[:20000])) >= MIN_TAGS


@dataclass
class PageText:
    """What a page says: paragraphs of text, and its date, author and headline when given."""

    paragraphs: list[str] = field(default_factory=list)
    date: str | None = None
    author: str | None = None
    title: str | None = None
    headline: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageText()
        self.words: list[str] = []
        self.skipping: list[str] = []
        self.in_title = self.in_h1 = False
        self.title_parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k.lower(): v or "" for k, v in attrs}
        if tag == "meta":
            self._meta(attrs)
        elif tag == "time" and self.page.date is None:
            self._date(attrs.get("datetime", ""))
        if tag in SKIPPED and tag not in VOID:
            self.skipping.append(tag)
        if tag == "title":
            self.in_title = True
        if tag in BLOCKS or tag == "br":
            self._end_paragraph()
        self.in_h1 = self.in_h1 or tag == "h1"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in SKIPPED and tag not in VOID and self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_endtag(self, tag):
        if tag in SKIPPED and tag in self.skipping:
            while self.skipping and self.skipping.pop() != tag:
                pass
        if tag == "title":
            self.in_title = False
        if tag in BLOCKS:
            self._end_paragraph()

    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)
        if self.skipping:
            return
        self.words.extend(data.split())

    def _end_paragraph(self) -> None:
        if self.words:
            paragraph = " ".join(self.words)
            if self.in_h1 and self.page.headline is None:
                self.page.headline = paragraph
            self.page.paragraphs.append(paragraph)
            self.words = []
        self.in_h1 = False

    def _meta(self, attrs: dict) -> None:
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key in DATE_META and self.page.date is None:
            self._date(attrs.get("content", ""))
        elif key in AUTHOR_META and self.page.author is None and attrs.get("content", "").strip():
            self.page.author = " ".join(attrs["content"].split())

    def _date(self, value: str) -> None:
        match = ISO_PREFIX.match(value)
        if match:
            self.page.date = match.group(1)

    def finish(self) -> PageText:
        self.close()
        self._end_paragraph()
        title = " ".join(" ".join(self.title_parts).split())
        self.page.title = title or None
        return self.page


def page_text(html: str) -> PageText:
    """The text of a web page, paragraph by paragraph, with its date, author and headline."""
    parser = _PageParser()
    parser.feed(html)
    return parser.finish()
