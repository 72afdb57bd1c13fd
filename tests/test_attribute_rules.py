"""kg.attribute_rules: the model's attribute ruler matching by lookups gives the Doc its Matcher gives."""

from __future__ import annotations

import pytest

from conftest import SEEDS

# Written for these tests: the model's multi-token and regular-expression rules ("gon na", "let
# 's", "ai n't", "nothin'"), its dependency rules ("there is", auxiliaries, objects), spaces.
SENTENCES = (
    "Let's go, they said, we are gonna be late and I ain't got nothin' left.\n\n  There are "
    "two envoys and there's a letter. C'mon, he gotta go.  Do it. He did it, she has it. "
    "I told you it was me. That which they said was read to them.",
    "",
    "  ",
    "\n\nA",
)


def _stock_match(ruler, doc):
    """The ruler's own Matcher, whatever `match` the instance was given."""
    return type(ruler).match(ruler, doc)


def _unruled(nlp, texts):
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        return list(nlp.pipe(texts))


def test_the_pipeline_matches_by_lookups(nlp):
    from kg.attribute_rules import AttributeRules

    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(getattr(ruler.match, "__self__", None), AttributeRules)


def test_the_same_matches_as_the_matcher_on_the_seeds_and_on_rare_rules(nlp):
    ruler = nlp.get_pipe("attribute_ruler")
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))] + list(SENTENCES)
    rare = set()
    for doc in _unruled(nlp, texts):
        stock = _stock_match(ruler, doc)
        assert ruler.match(doc) == stock
        rare |= {number for number, _, start, end in stock if end - start > 1}
    assert len(rare) >= 4  # the multi-token rules were exercised, not only the tag map


def test_the_same_doc_as_the_stock_pipeline(nlp):
    import spacy
    from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

    from kg.nlp import LINE_BREAKS, pick_model

    stock = spacy.load(pick_model())
    stock.add_pipe(LINE_BREAKS, before="parser")  # as load_nlp does; the ruler left as it is
    assert "match" not in vars(stock.get_pipe("attribute_ruler"))
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))][:2] + [SENTENCES[0]]
    columns = [TAG, POS, MORPH, LEMMA, DEP]
    for ours, theirs in zip(nlp.pipe(texts), stock.pipe(texts)):
        assert [t.text for t in ours] == [t.text for t in theirs]
        assert (ours.to_array(columns) == theirs.to_array(columns)).all()
        assert [str(t.morph) for t in ours] == [str(t.morph) for t in theirs]


@pytest.fixture()
def blank():
    import spacy

    return spacy.blank("en")


def test_operators_and_flags_it_can_read(blank):
    from kg.attribute_rules import speed_up

    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"IN": ["red", "blue"]}}, {"IS_PUNCT": True}]], {"LEMMA": "colour"})
    ruler.add([[{"TEXT": {"REGEX": "^[A-Z]{2,}$"}}]], {"NORM": "acronym"})
    ruler.add([[{"lower": {"NOT_IN": ["the", "a"]}, "IS_ALPHA": True}]], {"LEMMA": "word"}, index=0)
    assert speed_up(ruler)
    found = set()
    for text in ("Red, the NATO blue!", "a", "BLUE."):
        doc = blank.make_doc(text)
        assert ruler.match(doc) == _stock_match(ruler, doc)
        found |= {number for number, *_ in ruler.match(doc)}
    assert found == {0, 1, 2}


def test_rules_added_afterwards_are_not_missed(blank):
    from kg.attribute_rules import speed_up

    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "envoy"}]], {"LEMMA": "envoy"})
    assert speed_up(ruler)
    ruler.add([[{"LOWER": "letter"}]], {"LEMMA": "letter"})
    doc = blank.make_doc("The envoy carried a letter.")
    assert [number for number, *_ in ruler.match(doc)] == [0, 1]


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "very", "OP": "+"}],
    [{"ENT_TYPE": "PERSON"}],
    [{"LENGTH": {">=": 3}}],
    [{"LOWER": {"IN": ["a"], "NOT_IN": ["b"]}}],
])
def test_a_pattern_it_cannot_read_keeps_the_matcher(blank, pattern):
    from kg.attribute_rules import speed_up

    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN"})
    ruler.add([pattern], {"LEMMA": "x"})
    assert not speed_up(ruler)
    assert "match" not in vars(ruler)
