"""Serving and pushing stage: the Oxigraph store (exports/store/) in; out, either a read-only
SPARQL 1.1 Protocol endpoint (`kg serve`, the `oxigraph` server binary) or the same graphs
uploaded to another triple store over the SPARQL 1.1 Graph Store HTTP Protocol (`kg push`).
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from kg.store import RESOLVED_GRAPH, StoreError, open_store

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
STOP_GRACE_SECONDS = 5.0
# N-Triples is a subset of Turtle; sent as text/turtle, every Graph Store server accepts it.
PUSH_CONTENT_TYPE = "text/turtle; charset=utf-8"


# ---------------------------------------------------------------- serving

def oxigraph_binary() -> str:
    """Path of the `oxigraph` server binary installed by the `oxigraph` PyPI package."""
    beside_python = Path(sys.executable).parent / "oxigraph"
    if beside_python.is_file():
        return str(beside_python)
    found = shutil.which("oxigraph")
    if found is None:
        raise StoreError("the oxigraph server binary was not found; pip install oxigraph")
    return found


def serve_command(store_dir, host: str, port: int, *, read_only: bool = True) -> list[str]:
    """The oxigraph command line serving `store_dir`. No --union-default-graph: the store's
    default graph already is the merge of all graphs' facts (see kg.store), with set semantics."""
    mode = "serve-read-only" if read_only else "serve"
    return [oxigraph_binary(), mode, "--location", str(store_dir),
            "--bind", f"{_bracket(host)}:{port}"]


def start_server(store_dir, host: str = "127.0.0.1", port: int = 7878, *,
                 read_only: bool = True, wait_seconds: float = 20.0) -> subprocess.Popen:
    """Start an oxigraph server on `store_dir` and return once it accepts connections."""
    if read_only:
        open_store(store_dir)  # a missing or broken store fails here with a clear message
    _check_port_free(host, port)
    process = subprocess.Popen(serve_command(store_dir, host, port, read_only=read_only),
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               preexec_fn=_die_with_parent)
    try:
        _wait_until_listening(process, host, port, wait_seconds)
    except BaseException:
        stop_server(process)
        raise
    return process


def stop_server(process: subprocess.Popen) -> None:
    """Terminate the server process and reap it; kill it if it ignores the request."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
    process.wait()


def serve(store_dir, host: str = "127.0.0.1", port: int = 7878,
          log: Callable[[str], None] = print) -> None:
    """Serve the store until Ctrl-C or SIGTERM, then stop the server and return."""
    if host not in LOOPBACK_HOSTS:
        log(f"warning: serving on {host}, reachable from other machines")
    # SIGINT too: a shell that starts a command in the background makes it ignore SIGINT, and
    # the ignored disposition would outlive exec; this server promises that Ctrl-C stops it.
    previous = {sig: signal.signal(sig, _raise_keyboard_interrupt) for sig in (signal.SIGTERM, signal.SIGINT)}
    process = None
    try:
        process = start_server(store_dir, host, port)
        url = f"http://{_bracket(host)}:{port}"
        log(f"SPARQL endpoint {url}/query (read-only), query page {url}/ ; Ctrl-C stops")
        status = process.wait()
        if status != 0:
            raise StoreError(f"the oxigraph server stopped with status {status}")
    except KeyboardInterrupt:
        log("stopping the server")
    finally:
        if process is not None:
            stop_server(process)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _die_with_parent() -> None:
    """In the child: ask Linux to SIGTERM the server if `kg` dies without stopping it."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _raise_keyboard_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def _wait_until_listening(process: subprocess.Popen, host: str, port: int,
                          wait_seconds: float) -> None:
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StoreError(f"the oxigraph server exited with status {process.returncode}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise StoreError(f"the oxigraph server did not listen on {host}:{port} "
                     f"within {wait_seconds:g} s")


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host else host


# ---------------------------------------------------------------- pushing

@dataclass(frozen=True)
class PushReport:
    graphs: int
    triples: int


def push(store_dir, endpoint: str, *, timeout: float = 60.0,
         log: Callable[[str], None] = print) -> PushReport:
    """PUT the TriG's default graph and every article graph to a Graph Store endpoint, so the
    server holds the dataset as `kg build` wrote it (not the store's merged default graph).

    PUT replaces a graph's content, so pushing twice leaves the server as after one push.
    Graphs the server holds that are no longer in the store are left as they are.
    """
    _check_endpoint(endpoint)
    graphs = triples = 0
    for graph, body, count in graph_payloads(open_store(store_dir)):
        put_graph(endpoint, graph, body, timeout=timeout)
        log(f"sent {'default graph' if graph is None else f'<{graph}>'}: {count} triples")
        graphs, triples = graphs + 1, triples + count
    return PushReport(graphs=graphs, triples=triples)


def graph_payloads(store):
    """(graph IRI, or None for the default graph, N-Triples bytes, triple count), IRIs sorted;
    the default graph's triples come from RESOLVED_GRAPH."""
    from pyoxigraph import NamedNode, RdfFormat, serialize

    names = sorted(g.value for g in store.named_graphs() if g.value != RESOLVED_GRAPH)
    for name in [None] + names:
        graph = NamedNode(RESOLVED_GRAPH if name is None else name)
        triples = [quad.triple for quad in store.quads_for_pattern(None, None, None, graph)]
        body = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
        yield name, body, len(triples)


def graph_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store URL of one graph: ENDPOINT?default or ENDPOINT?graph=IRI."""
    parameter = "default" if graph is None else "graph=" + urllib.parse.quote(graph, safe="")
    return endpoint + ("&" if "?" in endpoint else "?") + parameter


def put_graph(endpoint: str, graph: str | None, body: bytes, *, timeout: float) -> None:
    """Replace one graph on the server; failures raise StoreError with one line."""
    request = urllib.request.Request(graph_url(endpoint, graph), data=body, method="PUT",
                                     headers={"Content-Type": PUSH_CONTENT_TYPE})
    label = "the default graph" if graph is None else f"graph <{graph}>"
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        raise StoreError(f"{endpoint} refused {label}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise StoreError(f"cannot reach {endpoint}: {reason}") from None


def _check_endpoint(endpoint: str) -> None:
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"endpoint '{endpoint}' is not an http(s) URL, "
                         f"e.g. http://127.0.0.1:7878/store")
