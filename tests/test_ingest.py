"""Ingest: ids, header dates, bylines, outlets, titles; offsets stay those of the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg.ingest import InputError, find_article_files, make_article, read_article
from kg.nlp import body_span


def test_header_date_and_byline():
    text = " date 2024-03-05 By Jane Roe, The Daily Record\n\nBody text here."
    article, problem = make_article(Path("x/abc.txt"), text)
    assert problem is None
    assert article.id == "abc"
    assert article.date == dt.date(2024, 3, 5)
    assert article.author == "Jane Roe"
    assert article.outlet == "The Daily Record"
    assert text[article.body_start:].strip() == "Body text here."


def test_body_on_the_header_line():
    text = " date 2024-03-05 Officials said on Monday that talks would resume."
    article, _ = make_article(Path("a.txt"), text)
    assert article.author is None
    assert text[article.body_start:].strip().startswith("Officials said")


@pytest.mark.parametrize("text, outlet", [
    (" date 2024-01-01 \n\n(AP) — The minister spoke.", "AP"),
    (" date 2024-01-01 Title line here\nShe spoke about it at length. / Reuters\nMore text.", "Reuters"),
    (" date 2024-01-01 Home / World\n\nA report.", None),
])
def test_outlet(text, outlet):
    assert make_article(Path("a.txt"), text)[0].outlet == outlet


def test_title_from_a_headline_line():
    text = " date 2024-01-01 News\nMinister says talks secured release of detained sailors\nThe minister said..."
    assert make_article(Path("a.txt"), text)[0].title == "Minister says talks secured release of detained sailors"


@pytest.mark.parametrize("header, message", [
    ("No header at all.", "no ' date YYYY-MM-DD' header"),
    (" date 2024-13-45 Text.", "malformed date"),
    (" date yesterday Text.", "malformed date"),
])
def test_header_problems_keep_the_article(header, message):
    article, problem = make_article(Path("a.txt"), header)
    assert article.date is None
    assert message in problem


def test_parser_reads_the_body_at_a_known_offset():
    text = " date 2024-03-05 By Jane Roe, CNN\n\nThe envoy met the minister."
    article, _ = make_article(Path("a.txt"), text)
    offset, body = body_span(article)
    assert body == "The envoy met the minister."
    assert text[offset:offset + len(body)] == body
    assert "Jane" not in body


def test_folders_and_files(tmp_path):
    (tmp_path / "b.txt").write_text(" date 2024-01-01 B", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(" date 2024-01-01 A", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    files = find_article_files([tmp_path, tmp_path / "b.txt"])
    assert [f.name for f in files] == ["a.txt", "b.txt"]
    with pytest.raises(InputError, match="no such file"):
        find_article_files([tmp_path / "missing"])


def test_windows_1252_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "w.txt"
    path.write_bytes(" date 2024-01-01 The minister\x92s letter.".encode("latin-1"))
    article, problems = read_article(path)
    assert "minister’s" in article.text
    assert problems and not problems[0].skipped and "Windows-1252" in problems[0].reason


def test_walk_keeps_broken_links_and_reads_each_file_once(tmp_path):
    import os

    (tmp_path / "a.txt").write_text(" date 2024-01-01 A", encoding="utf-8")
    os.symlink(tmp_path / "gone.txt", tmp_path / "b.txt")
    files = find_article_files([tmp_path, tmp_path / "a.txt", tmp_path / "." / "a.txt"])
    assert [f.name for f in files] == ["a.txt", "b.txt"]


@pytest.mark.parametrize("text, is_page", [
    ("<!DOCTYPE html><html><body><p>Hi</p></body></html>", True),
    ("  <html lang='en'><p>Hi", True),
    (" date 2024-01-01 <div><p>One</p><p>Two</p><br><span>x</span></div>", True),
    (" date 2024-01-01 The <b> tag and <i> tags were quoted in the ruling.", False),
    (" date 2024-01-01 Prices rose 3% < 5% > 2%.", False),
])
def test_web_pages_are_told_from_prose(text, is_page):
    from kg.html_text import looks_like_html

    assert looks_like_html(text) is is_page


def test_copies_and_namesakes_do_not_depend_on_the_folder_order(tmp_path):
    from kg.ingest import read_corpus

    for folder, text in (("a", "One text."), ("b", "Another text."), ("c", "One text.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(f" date 2024-01-01 {text}", encoding="utf-8")
    orders = [[tmp_path / f for f in order] for order in (("a", "b", "c"), ("c", "b", "a"))]
    results = [read_corpus(order) for order in orders]
    ids = [sorted((a.id, a.text) for a in articles) for articles, _ in results]
    assert ids[0] == ids[1] and len(ids[0]) == 2
    for _articles, problems in results:
        assert sorted(p.skipped for p in problems) == [False, True]
