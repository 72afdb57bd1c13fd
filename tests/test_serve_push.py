"""`kg push` into a real Oxigraph server and `kg serve` over HTTP, read back with SPARQLWrapper.

Every server these tests start listens on 127.0.0.1 only and is stopped in a finally block.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
import typer
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from store_sample import free_port, write_sample_trig
from typer.testing import CliRunner

from kg import cli_store
from kg.serve import graph_url, push, start_server, stop_server
from kg.store import RESOLVED_GRAPH, StoreError, open_store, run_query, write_store

PER_GRAPH = """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"""
IN_DEFAULT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def select(url: str, query: str) -> list[dict]:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    return client.queryAndConvert()["results"]["bindings"]


def server_counts(base: str) -> dict:
    """Triples per graph on a server without a union default graph (None = default graph)."""
    counts = {row["g"]["value"]: int(row["n"]["value"]) for row in select(base + "/query", PER_GRAPH)}
    counts[None] = int(select(base + "/query", IN_DEFAULT)[0]["n"]["value"])
    return counts


def local_counts(store_dir) -> dict:
    """What a push must leave on the server: the TriG's graphs, its default graph as default."""
    from pyoxigraph import NamedNode

    store = open_store(store_dir)
    counts = {g.value: len(list(store.quads_for_pattern(None, None, None, g)))
              for g in store.named_graphs()}
    counts[None] = counts.pop(RESOLVED_GRAPH)
    assert counts[None] == len(list(store.quads_for_pattern(None, None, None, NamedNode(RESOLVED_GRAPH))))
    return counts


@pytest.fixture
def store_dir(tmp_path):
    directory = tmp_path / "exports" / "store"
    write_store(write_sample_trig(tmp_path / "kg.trig"), directory)
    return directory


@pytest.fixture
def target(tmp_path):
    """A writable Oxigraph server (the push target) on a free loopback port; yields its base URL."""
    port = free_port()
    process = start_server(tmp_path / "target", "127.0.0.1", port, read_only=False)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(process)


def test_push_sends_every_graph_and_a_second_push_changes_nothing(store_dir, target):
    sent = []
    report = push(store_dir, target + "/store", log=sent.append)
    expected = local_counts(store_dir)
    assert server_counts(target) == expected
    assert report.graphs == 3 and report.triples == sum(expected.values())
    assert len(sent) == 3 and sent[0].startswith("sent default graph:")
    push(store_dir, target + "/store", log=lambda _: None)
    assert server_counts(target) == expected


def test_push_replaces_graphs_that_shrank(store_dir, target, tmp_path):
    push(store_dir, target + "/store", log=lambda _: None)
    smaller = write_sample_trig(tmp_path / "smaller.trig")
    text = smaller.read_text(encoding="utf-8").replace('kg:outlet "Daily" .', ".")
    smaller.write_text(text, encoding="utf-8")
    write_store(smaller, store_dir)
    push(store_dir, target + "/store", log=lambda _: None)
    assert server_counts(target) == local_counts(store_dir)


def test_push_command_reports_to_stderr(store_dir, target):
    app = typer.Typer()
    cli_store.register(app)
    result = CliRunner().invoke(app, ["push", "--endpoint", target + "/store",
                                      "--exports", str(store_dir.parent)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    total = sum(local_counts(store_dir).values())
    assert result.stderr.splitlines()[-1] == f"pushed 3 graphs, {total} triples to {target}/store"


def test_push_to_unreachable_server_is_one_line_error(store_dir):
    app = typer.Typer()
    cli_store.register(app)
    endpoint = f"http://127.0.0.1:{free_port()}/store"
    result = CliRunner().invoke(app, ["push", "--endpoint", endpoint,
                                      "--exports", str(store_dir.parent)])
    assert result.exit_code != 0
    assert result.stderr.startswith(f"Error: cannot reach {endpoint}")
    assert result.stderr.count("\n") == 1


def test_push_to_refusing_server_names_the_status(store_dir):
    process = start_server(store_dir, "127.0.0.1", port := free_port())
    try:
        with pytest.raises(StoreError, match="refused the default graph: HTTP 403"):
            push(store_dir, f"http://127.0.0.1:{port}/store", log=lambda _: None)
    finally:
        stop_server(process)


def test_push_rejects_a_non_http_endpoint(store_dir):
    with pytest.raises(StoreError, match="not an http"):
        push(store_dir, "127.0.0.1:7878/store")


def test_graph_urls():
    assert graph_url("http://h/store", None) == "http://h/store?default"
    assert graph_url("http://h/ds/data?x=1", "https://e.org/a/1") == \
        "http://h/ds/data?x=1&graph=https%3A%2F%2Fe.org%2Fa%2F1"


@pytest.fixture
def kg_serve(store_dir):
    """`kg serve` in a child process on a free loopback port; yields (process, base URL)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli_store", "serve", "--exports", str(store_dir.parent),
         "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    try:
        wait_for_port(port, process)
        yield process, f"http://127.0.0.1:{port}"
    finally:
        stop_process_group(process)


def stop_process_group(process) -> None:
    """Ctrl-C `kg serve` and its oxigraph child; kill both if they do not stop in time."""
    for sig in (signal.SIGINT, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.communicate(timeout=10)
            break
        except subprocess.TimeoutExpired:
            continue


def wait_for_port(port: int, process, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port}")


def test_serve_answers_select_over_the_merge_of_graphs(kg_serve, store_dir):
    _, base = kg_serve
    rows = select(base + "/query", "SELECT ?who WHERE { ?letter <https://example.org/kg/ontology#sender> ?who }")
    assert [r["who"]["value"] for r in rows] == ["https://example.org/kg/id/person/melania-trump"]
    total = int(select(base + "/query", IN_DEFAULT)[0]["n"]["value"])
    assert total == run_query(store_dir, IN_DEFAULT)[1][0][0]
    assert total < sum(local_counts(store_dir).values())  # a triple in several graphs counts once


def test_serve_refuses_updates(kg_serve, store_dir):
    _, base = kg_serve
    client = SPARQLWrapper(base + "/query", updateEndpoint=base + "/update")
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <https://e.org/x> <https://e.org/p> 1 }")
    with pytest.raises(Exception, match="403"):
        client.query()
    assert len(select(base + "/query", "SELECT * WHERE { <https://e.org/x> ?p ?o }")) == 0


def test_serve_has_an_offline_query_page(kg_serve):
    _, base = kg_serve
    page = urllib.request.urlopen(base + "/", timeout=10).read().decode()
    assert 'src="./yasgui.min.js"' in page and "http" not in page.split("<script")[1].split(">")[0]
    script = urllib.request.urlopen(base + "/yasgui.min.js", timeout=10)
    assert script.status == 200 and len(script.read()) > 100_000


def test_ctrl_c_stops_serve_and_its_server(kg_serve):
    process, base = kg_serve
    port = int(base.rsplit(":", 1)[1])
    process.send_signal(signal.SIGINT)  # to kg only: it must stop the oxigraph child itself
    _, stderr = process.communicate(timeout=15)
    assert process.returncode == 0
    assert "Traceback" not in stderr and "stopping the server" in stderr
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_killed_serve_takes_its_server_down(kg_serve):
    process, base = kg_serve
    port = int(base.rsplit(":", 1)[1])
    process.kill()
    process.wait(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            time.sleep(0.1)
        except OSError:
            return
    raise AssertionError("the oxigraph server outlived kg serve")


def test_serve_without_store_says_to_build(tmp_path):
    app = typer.Typer()
    cli_store.register(app)
    result = CliRunner().invoke(app, ["serve", "--exports", str(tmp_path), "--port", str(free_port())])
    assert result.exit_code != 0
    assert result.stderr.startswith("Error: no query store") and "kg build" in result.stderr
