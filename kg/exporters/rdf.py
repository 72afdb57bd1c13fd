"""RDF exporters: rendered graphs (kg/graph.py) -> kg.trig (a named graph per article and the
default graph), kg.ttl (the union of all graphs) and kg.jsonld (the dataset as JSON-LD).

The three files are written side by side, one article at a time, so a corpus of any size is
written in constant memory: every article's named graph in article-id order as its turn comes,
then the default graph, which resolution can only conclude once every article has been read.
The bytes depend on the graph alone. An incremental build copies the graphs that did not change
from the previous build's files (byte ranges the manifest keeps) rather than writing them again:
the writer leaves a hole for each run of consecutive copied graphs, which a thread of its own
fills while graphs are still being added (`copy_early`: EarlyCopies), and `copy_deferred` fills
whatever is left later (kg/pipeline.py does it in a thread while the graph exports are written). kg.ttl
repeats a triple that several graphs hold (an entity's type, say) once per graph; Turtle readers
merge them.
"""

from __future__ import annotations

import errno
import json
import os
import threading
from pathlib import Path

from kg.graph import BASE, ArticleGraph, article_iri

PREFIXES = {"kg": "https://example.org/kg/ontology#", "oa": "http://www.w3.org/ns/oa#",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "xsd": "http://www.w3.org/2001/XMLSchema#"}
FILES = ("kg.ttl", "kg.trig", "kg.jsonld")
ARTICLES_NOTE = "# Each article's graph: the facts it supports, each with its evidence.\n"
JSON_SEPARATOR = ",\n"  # between two nodes of kg.jsonld's @graph
DEFAULT_NOTE = "# What resolution concluded: each entity's class, label and other names; each article.\n"


def turtle_header() -> str:
    lines = [f"@base <{BASE}> ."] + [f"@prefix {p}: <{ns}> ." for p, ns in sorted(PREFIXES.items())]
    return "\n".join(lines) + "\n\n"


def jsonld_context() -> dict:
    return {"@base": BASE, **dict(sorted(PREFIXES.items()))}


class RdfWriter:
    """kg.ttl, kg.trig and kg.jsonld in `folder`, written as graphs are added; use as a context
    manager, add article graphs in article-id order, then `finish` with the default graph.

    `spans` records where each article's graph went in each file ((offset, length) in bytes, in
    FILES order), so that a later build can copy a graph that did not change from these files
    (`copy_article`) instead of writing it again."""

    def __init__(self, folder: Path, *, copy_early: bool = False) -> None:
        self.folder = Path(folder)
        # Copies are left as holes, listed here as (file name, source path, offset, length, offset
        # in the file), for `copy_deferred` to fill in, in a thread if the caller likes.
        self.deferred: list[tuple[str, Path, int, int, int]] = []
        # With `copy_early`, a thread fills holes while graphs are still being added, as soon as
        # EARLY_COPY_BYTES of a run are known; `stop_early_copies` ends it.
        self._early = EarlyCopies(self.folder) if copy_early else None
        self.spans: dict[str, list[tuple[int, int]]] = {}
        self.default_span = (0, 0)  # where the default graph's Turtle is in kg.ttl
        self._files = {}
        self._sizes = dict.fromkeys(FILES, 0)
        self._first = True
        # Per file, the run of copied graphs still growing: [source path, offset, length, offset
        # in the file, bytes of it handed to the early copies]. Graphs that follow each other in
        # the previous file are copied in one go.
        self._pending: dict[str, list] = {}

    def __enter__(self) -> "RdfWriter":
        for name in FILES:
            self._files[name] = open(self.folder / name, "wb")
        header = turtle_header()
        self._write("kg.ttl", header + ARTICLES_NOTE)
        self._write("kg.trig", header + ARTICLES_NOTE)
        context = json.dumps(jsonld_context(), ensure_ascii=False, indent=1)
        self._write("kg.jsonld", '{\n"@context": ' + context + ',\n"@graph": [\n')
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.stop_early_copies()
        finally:
            for name, handle in self._files.items():
                if exc[0] is None:
                    self._copy_pending(name)
                handle.close()

    def stop_early_copies(self) -> None:
        """Wait for the early copy under way, if any, and leave the others to `deferred`."""
        if self._early is not None:
            early, self._early = self._early, None
            self.deferred.extend(early.stop())

    def add_article(self, article_id: str, graph: ArticleGraph) -> None:
        if not graph.turtle:
            return
        self._separate_json()
        self.spans[article_id] = [
            self._write("kg.ttl", graph.turtle),
            self._write("kg.trig", f"\n<{article_iri(article_id)[len(BASE):]}> {{\n{graph.turtle}}}\n"),
            self._write("kg.jsonld", graph.jsonld)]

    def copy_article(self, article_id: str, source: Path, spans: list[tuple[int, int]] | None) -> None:
        """Copy an article's graph from the files in `source`, found at `spans` (the `spans` of the
        writer that wrote them; None for a graph without triples): `copy_deferred` does it."""
        if not spans:
            return
        separator = "" if self._first else JSON_SEPARATOR
        self._first = False
        self.spans[article_id] = [self._copy(name, Path(source) / name, offset, length,
                                             separator if name == "kg.jsonld" else "")
                                  for name, (offset, length) in zip(FILES, spans)]

    def finish(self, default: ArticleGraph) -> None:
        self._write("kg.ttl", "\n" + DEFAULT_NOTE)
        self.default_span = self._write("kg.ttl", default.turtle)
        self._write("kg.trig", "\n" + DEFAULT_NOTE + default.turtle)
        if default.jsonld:
            self._separate_json()
            self._write("kg.jsonld", default.jsonld)
        self._write("kg.jsonld", "\n]\n}\n")

    def _separate_json(self) -> None:
        if not self._first:
            self._write("kg.jsonld", JSON_SEPARATOR)
        self._first = False

    def _write(self, name: str, text: str) -> tuple[int, int]:
        self._copy_pending(name)
        data = text.encode("utf-8")
        self._files[name].write(data)
        return self._advance(name, len(data))

    def _advance(self, name: str, length: int) -> tuple[int, int]:
        start = self._sizes[name]
        self._sizes[name] = start + length
        return start, length

    def _copy(self, name: str, path: Path, offset: int, length: int, lead: str) -> tuple[int, int]:
        """Append `lead`, then leave room for `length` bytes of `path` from `offset`. When the
        pending copy ends where `lead` and these bytes begin in the same file (the previous
        writer put the same `lead` between the same two graphs), it grows instead."""
        pending = self._pending.get(name)
        if pending and pending[0] == path and pending[1] + pending[2] + len(lead) == offset:
            pending[2] += len(lead) + length
            self._advance(name, len(lead))
        else:
            if lead:
                self._write(name, lead)
            self._copy_pending(name)
            pending = self._pending[name] = [path, offset, length, self._sizes[name], 0]
        if self._early is not None and pending[2] - pending[4] >= EARLY_COPY_BYTES:
            self._early.submit(self._unsent(name, pending))
        return self._advance(name, length)

    def _copy_pending(self, name: str) -> None:
        pending = self._pending.pop(name, None)
        if pending:
            if pending[2] > pending[4]:
                job = self._unsent(name, pending)
                self._early.submit(job) if self._early is not None else self.deferred.append(job)
            self._files[name].seek(pending[3] + pending[2])  # flushes what was written before the hole

    @staticmethod
    def _unsent(name: str, pending: list) -> tuple[str, Path, int, int, int]:
        """The copy job for the part of a run not yet handed on, which is now handed on."""
        path, offset, length, at, sent = pending
        pending[4] = length
        return name, path, offset + sent, length - sent, at + sent


# An early copy is handed on once a run has grown by this much: large enough that a run of
# thousands of graphs is a few copies, small enough that most of it is copied early.
EARLY_COPY_BYTES = 8 * 2**20


class EarlyCopies:
    """A thread copying ranges of previous exports into the files in `folder`, in the order
    they are submitted, while the RdfWriter goes on writing elsewhere in them. It starts with
    the first job; `stop` waits for the copy under way and returns the jobs not begun."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._jobs: list[tuple[str, Path, int, int, int]] = []
        self._lock = threading.Condition()
        self._stopping = False
        self._failed: list[BaseException] = []
        self._thread: threading.Thread | None = None

    def submit(self, job: tuple[str, Path, int, int, int]) -> None:
        with self._lock:
            self._jobs.append(job)
            self._lock.notify()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="kg-early-copies", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._jobs and not self._stopping:
                    self._lock.wait()
                if self._stopping:
                    return
                job = self._jobs.pop(0)
            try:
                copy_deferred(self.folder, [job])
            except BaseException as err:  # raised again by stop()
                with self._lock:
                    self._failed.append(err)
                    self._stopping = True
                return

    def stop(self) -> list[tuple[str, Path, int, int, int]]:
        with self._lock:
            self._stopping = True
            self._lock.notify()
        if self._thread is not None:
            self._thread.join()
        if self._failed:
            raise self._failed[0]
        return self._jobs


def copy_deferred(folder: Path, deferred: list[tuple[str, Path, int, int, int]]) -> None:
    """Fill the holes an RdfWriter left (its `deferred`) in the files in `folder`."""
    for name, path, offset, length, at in deferred:
        with open(path, "rb") as source, open(Path(folder) / name, "r+b") as target:
            copy_range(source.fileno(), target.fileno(), offset, length, at)


def copy_range(source: int, target: int, offset: int, length: int, at: int) -> None:
    """Copy `length` bytes of file descriptor `source`, from `offset`, into `target` from offset
    `at`: inside the kernel where it can (os.copy_file_range), else through a buffer."""
    done = 0
    while done < length:
        try:
            copied = os.copy_file_range(source, target, length - done, offset + done, at + done)
        except (AttributeError, OSError):
            copied = 0
        if not copied:
            break
        done += copied
    while done < length:
        data = os.pread(source, min(length - done, 2**22), offset + done)
        if not data:
            raise OSError(errno.EIO, f"{length - done} bytes missing from a previous export")
        view = memoryview(data)
        while view:
            written = os.pwrite(target, view, at + done)
            view, done = view[written:], done + written
