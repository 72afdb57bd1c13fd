"""`kg query` and the help of the store commands, through typer's runner (stdout, stderr, exit code)."""

import csv
import io
import json

import pytest
import typer
from store_sample import write_sample_trig
from typer.testing import CliRunner

from kg import cli_store
from kg import store as kgstore
from kg.store import write_store

runner = CliRunner()


@pytest.fixture(scope="module")
def app():
    application = typer.Typer()
    cli_store.register(application)
    return application


@pytest.fixture
def exports(tmp_path):
    write_store(write_sample_trig(tmp_path / "kg.trig"), tmp_path / "exports" / "store")
    return tmp_path / "exports"


@pytest.fixture
def queries(tmp_path, monkeypatch):
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "people.rq").write_text(
        "SELECT DISTINCT ?person ?label WHERE { ?person a kg:Person ; rdfs:label ?label } ORDER BY ?label",
        encoding="utf-8")
    (folder / "letters.rq").write_text("SELECT ?l WHERE { ?l a kg:Letter }", encoding="utf-8")
    monkeypatch.setattr(kgstore, "QUERIES_DIR", folder)
    return folder


def invoke(app, *args):
    return runner.invoke(app, [str(a) for a in args])


def test_count_as_json_prints_a_number(app, exports):
    result = invoke(app, "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                    "--format", "json", "--exports", exports)
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list) and len(rows) == 1
    assert isinstance(rows[0]["n"], int) and rows[0]["n"] > 30
    assert result.stderr == ""


def test_named_query_as_csv(app, exports, queries):
    result = invoke(app, "query", "people", "--format", "csv", "--exports", exports)
    assert result.exit_code == 0, result.stderr
    assert list(csv.reader(io.StringIO(result.stdout))) == [
        ["person", "label"],
        ["https://example.org/kg/id/person/melania-trump", "Melania Trump"],
        ["https://example.org/kg/id/person/vladimir-putin", "Vladimir Putin"],
    ]


def test_rq_file_as_tsv(app, exports, tmp_path):
    query_file = tmp_path / "groups.rq"
    query_file.write_text("SELECT ?n WHERE { ?g a kg:ChildrenGroup ; kg:count ?n }", encoding="utf-8")
    result = invoke(app, "query", query_file, "--format", "tsv", "--exports", exports)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "n\n8\n"


def test_default_format_is_a_table(app, exports, queries):
    result = invoke(app, "query", "people", "--exports", exports)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["person", "label"]
    assert set(lines[1]) == {"-", " "}
    assert lines[-1] == "(2 rows)"


def test_syntax_error_is_one_line_with_position(app, exports):
    result = invoke(app, "query", "SELECT ?s WHERE { ?s ?p }", "--exports", exports)
    assert result.exit_code != 0
    assert result.stdout == ""
    assert result.stderr.startswith("Error: SPARQL syntax error at line 1, column")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_unknown_name_lists_named_queries(app, exports, queries):
    result = invoke(app, "query", "peopel", "--exports", exports)
    assert result.exit_code != 0
    assert result.stderr.strip() == (
        "Error: unknown query 'peopel'; named queries: letters, people "
        "(or give a .rq file or SPARQL text)")


def test_missing_store_says_to_run_build(app, tmp_path):
    result = invoke(app, "query", "SELECT * WHERE { ?s ?p ?o }", "--exports", tmp_path / "none")
    assert result.exit_code != 0
    assert "run `kg build`" in result.stderr and result.stderr.startswith("Error: ")


def test_unknown_format_is_refused(app, exports):
    result = invoke(app, "query", "ASK {}", "--format", "xml", "--exports", exports)
    assert result.exit_code != 0
    assert result.stderr.startswith("Error: unknown format 'xml'")


def test_query_does_not_change_the_store(app, exports):
    before = sorted(p.name for p in (exports / "store").iterdir())
    invoke(app, "query", "SELECT * WHERE { ?s ?p ?o }", "--exports", exports)
    assert sorted(p.name for p in (exports / "store").iterdir()) == before


@pytest.mark.parametrize("command", ["query", "serve", "push", "bench"])
def test_every_command_and_option_has_help_with_an_example(app, command):
    result = invoke(app, command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    info = typer.main.get_command(app).commands[command]
    for parameter in info.params:
        if parameter.name != "help":
            assert "Example" in (parameter.help or ""), f"{command} {parameter.name}"
