"""Property-based tests: arbitrary text, unicode, very long tokens, numbers and raw bytes go
through ingest -> nlp -> extract (and a few through the whole graph and its exports) without a
crash, and every Mention and Fact quotes exactly the characters its offsets point at.

Examples are few (spaCy is slow); hypothesis keeps the failing ones in .hypothesis/.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from kg.ingest import CONTROL_CHARS, read_article
from tests.conftest import extract_text

SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Any character a decoded file can hold: everything but lone surrogates.
CHARACTERS = st.characters(codec="utf-8")
# Words and sentences the extractors react to, so that random text reaches their rules and not
# only the tokenizer; the slots take random text as well.
CUES = ["President", "Vladimir Putin", "First Lady", "Melania Trump", "wrote", "a letter", "to",
        "met", "called", "children", "eight", "1,200", "were returned", "from", "Ukraine", "Russia",
        "in August", "on Friday", "said", "the", "Kremlin", "U.S.", "Mr.", "’s", "“", "”", "(CNN) —",
        "By", "reply", "handed", "Sheikh", "Ministry", "20,000", "12 of the", "–", "...", "Dr."]
NUMBERS = st.one_of(st.integers(-10 ** 15, 10 ** 15).map(str), st.integers(0, 10 ** 9).map("{:,}".format),
                    st.floats(allow_nan=True, allow_infinity=True).map(str),
                    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
                    st.sampled_from(["eight", "a dozen", "hundreds", "nearly 20,000", "one", "0", "-3"]))
LONG_TOKENS = st.text(st.characters(codec="utf-8", exclude_categories=("Zs", "Cc")), min_size=200, max_size=3000)
SHORT_TEXT = st.text(CHARACTERS, max_size=15)
NAMES = st.one_of(st.sampled_from(["Vladimir Putin", "Melania Trump", "Olena Zelenska", "Trump", "Mr. Putin",
                                   "Kyiv", "the Kremlin", "Zelensky", "Ukraine", "Russia", "He", "she"]),
                  SHORT_TEXT, LONG_TOKENS)
TITLES = st.sampled_from(["President", "First Lady", "Prime Minister", "Russian President", "US First Lady",
                          "the", "", "Ukrainian Commissioner for Human Rights"])
TEMPLATES = st.sampled_from([
    "{t1} {n1} wrote a letter to {t2} {n2} about {x}.",
    "{t1} {n1} met {t2} {n2} in {x} on {y}.",
    "{n1} said {k} children were returned from {x} to {y}.",
    "{k} of the {m} children were reunited with their families in {x}.",
    "{t1} {n1} called {n2} by phone, the {x} said.",
    "In a reply, {n2} thanked {n1} for the letter, which {t2} {x} delivered on {y}.",
    "{t1} {n1}’s office said on {y} that {k} children had been taken to {x}.",
    "The war in {x} began in {y}, when {n1} ordered troops into {n2}.",
])
SENTENCES = st.builds(lambda template, **slots: template.format(**slots), TEMPLATES,
                      t1=TITLES, t2=TITLES, n1=NAMES, n2=NAMES, x=NAMES, y=st.one_of(NAMES, NUMBERS),
                      k=NUMBERS, m=NUMBERS)
TOKENS = st.one_of(SENTENCES, st.sampled_from(CUES), SHORT_TEXT, NUMBERS, LONG_TOKENS,
                   st.text(st.characters(codec="utf-8", min_codepoint=0x370, max_codepoint=0x1FAFF), max_size=10))
SEPARATORS = st.sampled_from([" ", " ", " ", "\n", "\n\n", ". ", ", ", "\t", "\r\n", "\u2028", "  "])
TEXTS = st.lists(st.tuples(TOKENS, SEPARATORS), max_size=40).map(lambda parts: "".join(t + s for t, s in parts))


def assert_provenance_quotes(article, records) -> None:
    for record in records:
        p = record.prov
        assert p.article_id == article.id
        assert 0 <= p.start <= p.end <= len(article.text), record
        assert article.text[p.start:p.end] == p.quote, record


@SETTINGS
@given(text=TEXTS)
def test_extraction_of_arbitrary_text(nlp, text):
    article, records = extract_text(nlp, text)
    assert_provenance_quotes(article, records)


@SETTINGS
@given(text=st.text(CHARACTERS, max_size=400))
def test_extraction_of_any_unicode(nlp, text):
    article, records = extract_text(nlp, text)
    assert_provenance_quotes(article, records)


@SETTINGS
@given(data=st.one_of(st.binary(max_size=2000),
                      st.tuples(TEXTS, st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
                      .map(lambda te: (" date 2025-01-02 " + te[0]).encode(te[1], errors="replace"))))
def test_reading_any_bytes(nlp, data):
    from kg.extractors import extract
    from kg.nlp import parse

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.txt"
        path.write_bytes(data)
        article, problems = read_article(path)
    assert all(p.path == str(path) and p.reason and "\n" not in p.reason for p in problems)
    if article is None:
        assert any(p.skipped for p in problems)
        return
    assert not any(p.skipped for p in problems)
    assert not CONTROL_CHARS.search(article.text)
    assert_provenance_quotes(article, extract(parse(nlp, article), article))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(texts=st.lists(TEXTS, min_size=1, max_size=3))
@example(texts=["President\u2028President Vladimir Putin wrote a letter to President Vladimir Putin about it."])
def test_any_articles_build_exports_that_reparse(nlp, texts):
    """A whole build of arbitrary articles: Turtle and JSON-LD re-parse to the TriG's graphs;
    GraphML and GEXF are well-formed XML."""
    import xml.etree.ElementTree as ET

    import rdflib
    from rdflib.compare import isomorphic

    from kg.build import run_build

    from kg.ingest import looks_binary

    files = [f" date 2025-01-0{n + 1} {text} {n}".encode("utf-8") for n, text in enumerate(texts)]
    assume(not all(looks_binary(data) for data in files))  # a NUL makes a file binary: skipped
    with tempfile.TemporaryDirectory() as folder:
        inputs, exports = Path(folder) / "in", Path(folder) / "out"
        inputs.mkdir()
        for n, data in enumerate(files):
            (inputs / f"a{n}.txt").write_bytes(data)
        run_build([inputs], exports, nlp=nlp)
        dataset = rdflib.Dataset().parse(exports / "kg.trig", format="trig")
        union = rdflib.Graph()
        for s, p, o, _g in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        assert isomorphic(rdflib.Graph().parse(exports / "kg.ttl", format="turtle"), union)
        parsed = rdflib.Dataset().parse(exports / "kg.jsonld", format="json-ld")
        assert len(parsed) == len(dataset)
        for graph in dataset.graphs():
            assert isomorphic(parsed.graph(graph.identifier), graph)
        ET.parse(exports / "kg.graphml")
        ET.parse(exports / "kg.gexf")
