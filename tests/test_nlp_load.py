"""Loading the model quickly (kg/nlp.py): spaCy imported without its command line, and the
tokenizer made once. Both must leave the pipeline exactly as spaCy makes it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import SEEDS


def test_spacy_imported_to_parse_has_no_command_line_until_asked(tmp_path):
    script = """
import sys
from kg.nlp import import_spacy_to_parse
import_spacy_to_parse()
light = sorted(m for m in sys.modules if m.startswith(("spacy.cli", "typer", "weasel")))
import spacy
before = "cli" in vars(spacy)
import spacy.cli
print(__import__("json").dumps({"light": light, "cli_attr_before": before,
                                "download": callable(spacy.cli.download),
                                "info": sorted(spacy.info())}))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    found = json.loads(out.stdout)
    assert found["light"] == []  # neither spaCy's command line nor what only it needs
    assert found["cli_attr_before"] is False  # no placeholder left behind
    assert found["download"] is True  # the real command line, once imported
    assert "pipelines" in found["info"]  # spacy.info still answers, through the real one


def test_spacy_already_imported_is_left_alone():
    from kg.nlp import import_spacy_to_parse

    import spacy

    import_spacy_to_parse()
    assert sys.modules["spacy"] is spacy


def test_tokenizer_made_once_is_the_one_spacy_makes(nlp):
    import spacy

    from kg.nlp import pick_model

    stock = spacy.load(pick_model())
    # The rules and patterns; not the vocabulary, which grows with whatever the session has parsed.
    assert nlp.tokenizer.to_bytes(exclude=["vocab"]) == stock.tokenizer.to_bytes(exclude=["vocab"])
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts.append("U.S. e-mail: a.b@c.org, http://x.example/y?z=1 -- don't (Jan. 3rd) 10km £5.")
    for text in texts:
        assert [t.text for t in nlp.make_doc(text)] == [t.text for t in stock.make_doc(text)]


@pytest.fixture(scope="module")
def blank_model(tmp_path_factory):
    import spacy

    folder = tmp_path_factory.mktemp("blank-model")
    spacy.blank("en").to_disk(folder)
    return folder


def test_empty_first_tokenizer_only_when_the_saved_one_replaces_it(blank_model, tmp_path):
    import shutil

    from kg.nlp import EMPTY_TOKENIZER, _tokenizer_once, load_nlp

    assert _tokenizer_once(str(blank_model)) == {"nlp": {"tokenizer": {"@tokenizers": EMPTY_TOKENIZER}}}
    assert load_nlp(str(blank_model))("Mr. Smith's e-mail.").text == "Mr. Smith's e-mail."

    no_file = tmp_path / "no-tokenizer"
    shutil.copytree(blank_model, no_file)
    (no_file / "tokenizer").unlink()
    assert _tokenizer_once(str(no_file)) == {}

    other = tmp_path / "other-tokenizer"
    shutil.copytree(blank_model, other)
    config = (other / "config.cfg").read_text(encoding="utf-8")
    assert '@tokenizers = "spacy.Tokenizer.v1"' in config
    (other / "config.cfg").write_text(config.replace("spacy.Tokenizer.v1", "spacy.Tokenizer.v2"), encoding="utf-8")
    assert _tokenizer_once(str(other)) == {}

    assert _tokenizer_once(str(tmp_path / "nothing-here")) == {}
    assert _tokenizer_once("no_such_model_package") == {}
