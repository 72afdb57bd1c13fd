"""HTML exporter, read as bytes: self-contained, data inert, deterministic (browser tests elsewhere)."""

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import networkx as nx
import pytest

from kg.exporters.html import LARGE_GRAPH_NODES, generate_html, script_json, write_html
from tests.conftest_graphs import CLOSE_SCRIPT, EVIL, HOSTILE, IMG, SCRIPT, make_graph, make_large_graph


class _Page(HTMLParser):
    """Collects every tag with its attributes, and each <script>'s type and text, as a browser splits them."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._in_script: dict | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


@pytest.fixture(scope="module")
def graph():
    return make_graph()


@pytest.fixture(scope="module")
def page_text(graph):
    return generate_html(graph, title="News <graph> & co")


@pytest.fixture(scope="module")
def page(page_text):
    return _Page(page_text)


@pytest.fixture(scope="module")
def payload(page):
    blocks = [text for attrs, text in page.scripts if attrs.get("type") == "application/json"]
    assert len(blocks) == 1
    return json.loads(blocks[0])


def node_facts(payload, node: dict) -> list[dict]:
    """A node's facts as the page script reads them: rows by index, each with its source's
    fields and its quote's text; fields without a value left out."""
    found = []
    for i in node["facts"]:
        fact = dict(zip(payload["fact_fields"], payload["facts"][i]))
        fact.update(zip(payload["source_fields"], payload["sources"][fact.pop("source")]))
        fact["quote"] = payload["quotes"][fact["quote"]]
        found.append({k: v for k, v in fact.items() if v is not None})
    return found


def present(fact: dict) -> dict:
    return {k: v for k, v in fact.items() if v is not None}


def test_page_has_exactly_three_scripts_and_one_is_data(page):
    assert [attrs.get("type") for attrs, _ in page.scripts] == ["application/json", None, None]
    assert all("src" not in attrs for attrs, _ in page.scripts)


def test_nothing_external_is_referenced(page, page_text):
    for tag, attrs in page.tags:
        for name in ("src", "href", "action", "poster", "data", "srcset"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value or value.startswith("data:"), (tag, name, value)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page_text, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?\s*(https?:)?//", page_text, re.I)
    assert not re.search(r"cdn|bootstrap|googleapis|fonts\.", page_text.split("<script>")[0], re.I)


def test_content_security_policy_allows_only_the_inline_scripts(page):
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp
    code = [text for attrs, text in page.scripts if attrs.get("type") is None]
    for text in code:
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_data_block_holds_no_raw_markup_characters(page):
    data = next(text for attrs, text in page.scripts if attrs.get("type") == "application/json")
    for ch in ("<", ">", "&", "\u2028", "\u2029"):
        assert ch not in data


def test_hostile_strings_appear_nowhere_as_markup(page_text, page):
    for hostile in (SCRIPT, IMG, CLOSE_SCRIPT, "<img", "<b>Bold</b>"):
        assert hostile not in page_text
    assert not any(tag == "img" for tag, _ in page.tags)
    assert not any(name.startswith("on") for _, attrs in page.tags for name in attrs)


def test_title_is_escaped_in_heading_and_title(page_text):
    assert "<title>News &lt;graph&gt; &amp; co</title>" in page_text
    assert ">News &lt;graph&gt; &amp; co</h1>" in page_text


def test_hostile_strings_round_trip_exactly_through_the_data(payload):
    evil = next(n for n in payload["nodes"] if n["id"] == EVIL)
    assert evil["label"] == SCRIPT
    assert set(HOSTILE[1:6]) <= set(evil["aliases"])
    quotes = [f["quote"] for f in node_facts(payload, evil)]
    assert any(SCRIPT in q and CLOSE_SCRIPT in q and "\u2028" in q for q in quotes)


def test_counts_and_facts_match_the_graph(graph, payload):
    assert len(payload["nodes"]) == graph.number_of_nodes()
    assert len(payload["edges"]) == graph.number_of_edges()
    for node in payload["nodes"]:
        data = graph.nodes[node["id"]]
        assert node["label"] == data["label"] and node["cls"] == data["cls"]
        assert node_facts(payload, node) == [present(f) for f in data["facts"]]
    assert {(e["from"], e["to"], e["label"]) for e in payload["edges"]} == set(graph.edges(keys=True))


def test_a_fact_on_two_nodes_and_a_sentence_quoted_twice_are_written_once():
    quote = "The same sentence backs two facts."
    said = {"subject": "A", "predicate": "metWith", "value": "B", "quote": quote, "article": "a1",
            "start": 0, "end": len(quote)}
    other = dict(said, predicate="calledBy")
    graph = nx.MultiDiGraph()
    graph.add_node("a", label="A", cls="Person", facts=(said, other), facts_total=5)
    graph.add_node("b", label="B", cls="Person", facts=(said,))
    graph.add_edge("a", "b", key="metWith", relation="metWith")
    data = json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>',
                                generate_html(graph), re.S).group(1))
    assert len(data["facts"]) == 2 and data["quotes"] == [quote] and data["sources"] == [["a1", None, None]]
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["a"]["facts"] == [0, 1] and by_id["b"]["facts"] == [0]
    assert node_facts(data, by_id["b"]) == [said]
    assert by_id["a"]["facts_total"] == 5 and "facts_total" not in by_id["b"]


def test_style_follows_class_and_size_follows_mentions(payload):
    by_class = {}
    for node in payload["nodes"]:
        by_class.setdefault(node["cls"], set()).add((node["color"], node["shape"]))
    assert all(len(styles) == 1 for styles in by_class.values())
    legend = {c["name"]: (c["color"], c["shape"]) for c in payload["classes"]}
    assert {cls: styles.pop() for cls, styles in by_class.items()} == legend
    sizes = {n["mentions"]: n["size"] for n in payload["nodes"]}
    assert sizes[2] > sizes[1]


def test_small_graph_settles_with_physics(payload):
    assert payload["options"]["physics"]["enabled"] is True
    assert payload["options"]["physics"]["stabilization"]["enabled"] is True
    assert all("x" not in n for n in payload["nodes"])


def test_large_graph_is_laid_out_in_python_with_physics_off():
    large = make_large_graph(LARGE_GRAPH_NODES + 10)
    payload = json.loads(next(t for a, t in _Page(generate_html(large)).scripts if a.get("type")))
    assert payload["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in payload["nodes"])
    assert len({(n["x"], n["y"]) for n in payload["nodes"]}) == large.number_of_nodes()


def test_bytes_are_deterministic_and_independent_of_insertion_order(graph, tmp_path):
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(graph.edges(keys=True, data=True))))
    first = write_html(graph, tmp_path / "a.html").read_bytes()
    assert first == write_html(shuffled, tmp_path / "b.html").read_bytes()
    assert first == generate_html(graph).encode("utf-8")


@pytest.mark.parametrize(
    ("value", "forbidden"),
    [("</script>", "</"), ("<!--", "<!"), ("a & b", "&"), ("x > y", ">"),
     ("\u2028\u2029", "\u2028"), ("caf\u00e9", "\u00e9")],
)
def test_script_json_escapes(value, forbidden):
    encoded = script_json({"v": value})
    assert forbidden not in encoded
    assert json.loads(encoded) == {"v": value}
