"""Bad input: each bad file gets one line `skipped: PATH: reason` or `warning: PATH: reason` on
stderr, the build exits 0, and the other articles' facts are exactly those of a build without
the bad file. Nothing buildable, or --strict with a skip, exits 1 and leaves DIR alone.

Every build here runs `kg build` in-process on two seed articles plus one bad file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF

from kg.ingest import read_article
from kg.vocab import ID, KG, OA
from tests.build_helpers import (SEED_FILES, article_graphs, copy_files, export_bytes, invoke,
                                 no_traceback, use_session_nlp)

BASE_FILES = (SEED_FILES[0], SEED_FILES[2])  # the two shortest seeds, both full of facts
BASE_MAX_BYTES = 3000  # above both base files
BODY = ("Chancellor Olaf Scholz wrote a letter to Prime Minister Mark Rutte about the summit.\n\n"
        "The letter was read aloud at a café in The Hague on Tuesday.\n")
HEADER = " date 2024-02-01\n\n"
SCHOLZ = ID["person/olaf-scholz"]
PAGE = ("<!DOCTYPE html><html><head><title>Letter | Example News</title>"
        '<meta property="article:published_time" content="2024-02-01T09:00:00Z">'
        "<style>p { color: red }</style><script>var x = '<p>not text</p>';</script></head>"
        "<body><nav><a href='/'>Home</a></nav><article><h1>Scholz writes to Rutte</h1>"
        "<p>Chancellor Olaf Scholz wrote a letter to Prime Minister Mark Rutte about the summit.</p>"
        "<p>The letter was read aloud at a caf&eacute; in The Hague on Tuesday.</p></article></body></html>")


@pytest.fixture
def build(tmp_path, monkeypatch, nlp):
    """build(files: {name: bytes}, *options) -> (result, input folder, exports folder)."""
    use_session_nlp(monkeypatch, nlp)

    def run(files: dict[str, bytes], *options):
        folder = copy_files(BASE_FILES, tmp_path / "in")
        for name, data in files.items():
            (folder / name).write_bytes(data)
        exports = tmp_path / "out"
        result = invoke("build", folder, "--exports", exports, "--quiet", *options)
        assert no_traceback(result), result.exception
        return result, folder, exports

    return run


@pytest.fixture(scope="module")
def base(tmp_path_factory, nlp):
    """The exports of the two base articles alone."""
    from kg.build import run_build

    folder = copy_files(BASE_FILES, tmp_path_factory.mktemp("base-in"))
    exports = tmp_path_factory.mktemp("base-out")
    run_build([folder], exports, nlp=nlp)
    return exports


def lines(result) -> list[str]:
    return result.stderr.splitlines()


def assert_skipped_without_trace(result, exports, base, line: str, path: Path):
    assert result.exit_code == 0
    assert result.stdout == ""
    assert line in lines(result)
    assert f"skipped 1 file(s): {path}" in lines(result)
    assert export_bytes(exports) == export_bytes(base)


def assert_built_beside_the_others(result, exports, base, line: str, path: Path):
    assert result.exit_code == 0
    assert result.stdout == ""
    assert line in lines(result)
    assert not any(x.startswith("skipped") for x in lines(result))
    graphs, before = article_graphs(exports), article_graphs(base)
    assert {k: graphs[k] for k in before} == before
    article, _ = read_article(path)
    assert set(graphs) == set(before) | {article.id}
    own = graphs[article.id]
    assert any(p == KG.sender and o == SCHOLZ for _s, p, o in own)
    assert_quotes_index(own, article.text)
    return article


def assert_quotes_index(triples, text: str) -> None:
    """Every evidence span of the graph quotes the article's kept text."""
    graph = rdflib.Graph()
    for t in triples:
        graph.add(t)
    spans = 0
    for position in graph.subjects(RDF.type, OA.TextPositionSelector):
        target = next(graph.subjects(OA.hasSelector, position))
        quote = next(q for q in graph.objects(target, OA.hasSelector) if (q, OA.exact, None) in graph)
        start, end = int(graph.value(position, OA.start)), int(graph.value(position, OA.end))
        assert text[start:end] == str(graph.value(quote, OA.exact))
        spans += 1
    assert spans > 3


SKIPPED = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n\t \r\n", "empty file"),
    ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20, "binary file, not text"),
    ("header-only.txt", b" date 2024-02-01 By Jane Roe, The Record\n\n", "no article text after the header"),
    ("blank-page.txt", b"<html><head><title></title><script>var a = 1;</script></head><body> </body></html>",
     "web page with no text in it"),
]


@pytest.mark.parametrize("name, data, reason", SKIPPED, ids=[s[0] for s in SKIPPED])
def test_unusable_file_is_skipped_and_leaves_no_trace(build, base, name, data, reason):
    result, folder, exports = build({name: data})
    assert_skipped_without_trace(result, exports, base, f"skipped: {folder / name}: {reason}", folder / name)


def test_file_over_the_size_limit_is_skipped(build, base):
    data = (HEADER + BODY * 40).encode()
    result, folder, exports = build({"long.txt": data}, "--max-bytes", BASE_MAX_BYTES)
    line = (f"skipped: {folder / 'long.txt'}: file is {len(data)} bytes, over the limit of "
            f"{BASE_MAX_BYTES} (see --max-bytes)")
    assert_skipped_without_trace(result, exports, base, line, folder / "long.txt")


def test_article_too_long_for_the_parser_is_skipped(build, base, nlp, monkeypatch):
    monkeypatch.setattr(nlp, "max_length", BASE_MAX_BYTES)
    text = HEADER + BODY * 40
    result, folder, exports = build({"long.txt": text.encode()})
    line = (f"skipped: {folder / 'long.txt'}: {len(text)} characters, over the parser's limit of "
            f"{BASE_MAX_BYTES}; split the article")
    assert_skipped_without_trace(result, exports, base, line, folder / "long.txt")


@pytest.mark.parametrize("copy", ["same", "crlf"])
def test_same_article_under_a_second_name_is_built_once(build, base, copy):
    data = BASE_FILES[1].read_bytes()
    if copy == "crlf":
        data = data.replace(b"\n", b"\r\n")
    result, folder, exports = build({"zz-copy.txt": data})
    line = f"skipped: {folder / 'zz-copy.txt'}: same text as {folder / BASE_FILES[1].name}; built once"
    assert_skipped_without_trace(result, exports, base, line, folder / "zz-copy.txt")


def test_broken_link_is_skipped(build, base, tmp_path):
    folder = copy_files(BASE_FILES, tmp_path / "in")
    os.symlink(tmp_path / "gone.txt", folder / "link.txt")
    result, folder, exports = build({})
    line = f"skipped: {folder / 'link.txt'}: broken symbolic link (to {tmp_path / 'gone.txt'})"
    assert_skipped_without_trace(result, exports, base, line, folder / "link.txt")


def test_unreadable_file_is_skipped(build, base, monkeypatch):
    # Tests run as root, where chmod 000 does not stop reads: refuse them the way the OS would.
    real_read = Path.read_bytes

    def read_bytes(path):
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result, folder, exports = build({"locked.txt": (HEADER + BODY).encode()})
    line = f"skipped: {folder / 'locked.txt'}: cannot read: permission denied"
    assert_skipped_without_trace(result, exports, base, line, folder / "locked.txt")


BUILT = [
    ("latin1.txt", (HEADER + BODY).encode("latin-1").replace(b"Tuesday", b"Tuesday\x81"),
     "not UTF-8; decoded as Latin-1"),
    ("cp1252.txt", (HEADER + BODY.replace("Rutte about", "Rutte’s team about")).encode("cp1252"),
     "not UTF-8; decoded as Windows-1252"),
    ("utf16.txt", (HEADER + BODY).encode("utf-16"), "UTF-16; decoded as such"),
    ("undated.txt", BODY.encode(), "no ' date YYYY-MM-DD' header; date unknown"),
    ("bad-date.txt", (" date 2024-02-30\n\n" + BODY).encode(), "malformed date '2024-02-30' in header; date unknown"),
    ("word-date.txt", (" date yesterday\n\n" + BODY).encode(), "malformed date 'yesterday' in header; date unknown"),
    ("controls.txt", (HEADER + BODY.replace("aloud", "aloud\x1b\x0b")).encode(), "2 control character(s) read as spaces"),
    ("page.txt", PAGE.encode(), "web page; its text was taken from the markup and evidence offsets index that text"),
]


@pytest.mark.parametrize("name, data, reason", BUILT, ids=[b[0] for b in BUILT])
def test_flawed_file_is_built_with_a_warning(build, base, name, data, reason):
    result, folder, exports = build({name: data})
    article = assert_built_beside_the_others(result, exports, base, f"warning: {folder / name}: {reason}", folder / name)
    graph = rdflib.Graph().parse(exports / "kg.ttl")
    node = graph.value(None, KG.articleId, rdflib.Literal(article.id))
    dated = name in ("latin1.txt", "cp1252.txt", "utf16.txt", "controls.txt", "page.txt")
    expected = {rdflib.Literal("2024-02-01", datatype=rdflib.XSD.date)} if dated else set()
    assert set(graph.objects(node, KG.published)) == expected


def test_file_name_an_iri_cannot_hold_is_built(build, base):
    name = "my letter #1 <draft>.txt"
    result, folder, exports = build({name: (HEADER + BODY).encode()})
    assert result.exit_code == 0 and result.stdout == ""
    graphs, before = article_graphs(exports), article_graphs(base)
    assert {k: graphs[k] for k in before} == before
    assert any(p == KG.sender and o == SCHOLZ for _s, p, o in graphs["my letter #1 <draft>"])


def test_web_page_keeps_its_prose_only(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    article, _ = read_article(path)
    assert article.text.startswith(" date 2024-02-01\n\nScholz writes to Rutte\n\nChancellor Olaf Scholz")
    assert "café" in article.text and "<" not in article.text
    assert "not text" not in article.text and "color" not in article.text
    assert article.title == "Scholz writes to Rutte"


def test_two_articles_with_one_name_are_both_built(tmp_path, monkeypatch, nlp):
    use_session_nlp(monkeypatch, nlp)
    copy_files(BASE_FILES[:1], tmp_path / "a")
    copy_files(BASE_FILES[:1], tmp_path / "b")
    other = tmp_path / "b" / BASE_FILES[0].name
    other.write_text(HEADER + BODY, encoding="utf-8")
    result = invoke("build", tmp_path / "a", tmp_path / "b", "--exports", tmp_path / "out", "-q")
    assert result.exit_code == 0 and result.stdout == ""
    warnings = [x for x in lines(result) if x.startswith("warning:")]
    assert len(warnings) == 1 and "another article is also named " + BASE_FILES[0].stem in warnings[0]
    graphs = article_graphs(tmp_path / "out")
    assert len(graphs) == 2 and BASE_FILES[0].stem in graphs
    assert any(p == KG.sender and o == SCHOLZ for g in graphs.values() for _s, p, o in g)


def test_folder_without_articles_fails(tmp_path, monkeypatch, nlp):
    use_session_nlp(monkeypatch, nlp)
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    result = invoke("build", tmp_path, "--exports", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: no article files (*.txt) in {tmp_path}\n"
    assert not (tmp_path / "out").exists()


def test_nothing_buildable_fails_after_listing_each_file(tmp_path, monkeypatch, nlp):
    use_session_nlp(monkeypatch, nlp)
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02binary")
    result = invoke("build", tmp_path, "--exports", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert lines(result) == [f"skipped: {tmp_path / 'a.txt'}: empty file",
                             f"skipped: {tmp_path / 'b.txt'}: binary file, not text",
                             f"Error: nothing to build: all 2 article file(s) in {tmp_path} were skipped"]


def test_missing_input_is_one_error_line(tmp_path):
    result = invoke("build", tmp_path / "nowhere", "--exports", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {tmp_path / 'nowhere'}: no such file or folder\n"


def test_strict_fails_on_a_skip_and_keeps_the_previous_exports(build, base):
    result, folder, exports = build({})
    before = export_bytes(exports)
    result, folder, exports = build({"empty.txt": b"", "undated.txt": BODY.encode()}, "--strict")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert lines(result)[-1] == f"Error: --strict: 1 file(s) skipped; {exports} left as it was"
    assert f"skipped: {folder / 'empty.txt'}: empty file" in lines(result)
    assert export_bytes(exports) == before


def test_strict_passes_with_warnings_only(build, base):
    result, folder, exports = build({"undated.txt": BODY.encode()}, "--strict")
    assert result.exit_code == 0
    assert f"warning: {folder / 'undated.txt'}: no ' date YYYY-MM-DD' header; date unknown" in lines(result)


def test_summary_lists_every_skipped_file(build, base):
    result, folder, exports = build({"a.txt": b"", "b.txt": b"\x00\x00"})
    assert result.exit_code == 0
    assert lines(result)[-2].startswith("built 2 articles into ")
    assert lines(result)[-1] == f"skipped 2 file(s): {folder / 'a.txt'}; {folder / 'b.txt'}"


def test_a_folder_named_like_an_article_is_not_read_as_one(tmp_path):
    (tmp_path / "x.txt").mkdir()
    article, problems = read_article(tmp_path / "x.txt")
    assert article is None
    assert [p.line() for p in problems] == [f"skipped: {tmp_path / 'x.txt'}: a folder, not a file"]
