"""Parallel work. Extraction: articles in; for each, in input order, its extracted records and
its resolution summary out, as the blobs the cache stores (kg/cache.py). And `alongside`, which
writes one export in a forked child while this process writes the others.

Articles are parsed in fixed batches of BATCH_SIZE consecutive articles, each batch by one
process: in this process for one job (a thread parsing ahead while this one extracts), by up
to `jobs` worker processes otherwise (Workers: the first starts with `kg build`, the others
once there are batches for them). A batch is parsed the same way whichever process
takes it (an article longer than the parser takes is left out of its batch, wherever it is
parsed), and results come back in input order, so the output does not depend on the number of
jobs. Workers return records, never Docs: records are a few kilobytes per article and cheap
to send between processes. With workers, this process never loads the model: they report its
limit and any error loading it.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import queue
import sys
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

from kg.model import Article

BATCH_SIZE = 16
# Seconds a thread may hold the GIL while another waits, while one thread parses and another
# extracts (Python's default is 0.005): measured on 200 articles, 0.001 hid two thirds of the
# extraction and 0.0002 all of it.
PARSE_SWITCH_INTERVAL = 0.0002

_worker_nlp = None


def extract_article_blobs(nlp, articles: list[Article]) -> list[tuple[bytes, bytes]]:
    """(records blob, summary blob) of each article of one batch, parsed together."""
    from kg.nlp import parse_articles

    return [_blobs(article, doc) for article, doc in parse_articles(nlp, articles, batch_size=BATCH_SIZE)]


def _blobs(article: Article, doc) -> tuple[bytes, bytes]:
    from kg.cache import dumps
    from kg.extractors import extract
    from kg.resolve import summarize

    records = extract(doc, article)
    return dumps(records), dumps(summarize(article.id, records))


def _start_worker(model: str | None) -> None:
    global _worker_nlp
    from kg.nlp import ModelError, import_spacy_to_parse, load_nlp

    import_spacy_to_parse()
    try:
        _worker_nlp = load_nlp(model)
    except ModelError as err:  # raised by each task, so that the building process hears of it
        _worker_nlp = err


def _work(batch: list[Article]) -> list[tuple[bytes, bytes] | int]:
    """Each article's (records blob, summary blob); for one the parser cannot take, its limit."""
    if isinstance(_worker_nlp, Exception):
        raise _worker_nlp
    limit = _worker_nlp.max_length
    return _in_place(batch, limit, extract_article_blobs(_worker_nlp, _fitting(batch, limit)))


def _fitting(batch: list[Article], limit: int) -> list[Article]:
    return [a for a in batch if len(a.text) <= limit]


def _in_place(batch: list[Article], limit: int, blobs: list) -> list[tuple[bytes, bytes] | int]:
    """The blobs of the batch's fitting articles, and the limit in the place of each other one."""
    found = iter(blobs)
    return [next(found) if len(a.text) <= limit else limit for a in batch]


def _parsed_beside(nlp, batches: list[list[Article]]) -> Iterator[list[tuple[bytes, bytes] | int]]:
    """What _work gives for each batch, with the parsing done by a thread one or two
    batches ahead of the extraction done here. spaCy's parser and matrix products release the
    GIL, so on a machine with a second core the extraction of one batch mostly fits in the
    parse of the next; a short switch interval gives the GIL back to the parser as soon as it
    asks. The Docs are the same as parsed in order in one thread, and so are the records."""
    from kg.nlp import parse_articles

    limit, docs, stop = nlp.max_length, queue.Queue(maxsize=2), threading.Event()

    def hand_over(item) -> bool:
        while not stop.is_set():
            try:
                docs.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def parse() -> None:
        try:
            for batch in batches:
                if not hand_over(list(parse_articles(nlp, _fitting(batch, limit), batch_size=BATCH_SIZE))):
                    return
        except BaseException as err:  # raised again by the extracting thread
            hand_over(err)

    thread = threading.Thread(target=parse, name="kg-parser", daemon=True)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(PARSE_SWITCH_INTERVAL)
    thread.start()
    try:
        for batch in batches:
            parsed = docs.get()
            if isinstance(parsed, BaseException):
                raise parsed
            yield _in_place(batch, limit, [_blobs(article, doc) for article, doc in parsed])
    finally:
        stop.set()
        thread.join()
        sys.setswitchinterval(interval)


# glibc's malloc returns freed memory at the top of its heap to the system, and serves blocks
# over a threshold (128 kB at first) with mmap, each freed with munmap. spaCy allocates and
# frees its arrays again and again, so a worker faulted fresh pages in for every batch. Keeping
# up to TRIM_BYTES free, and serving blocks up to MMAP_BYTES from the heap, cuts a worker's page
# faults by five sixths and its system time by two thirds, with the same peak resident size;
# at 1,000 articles and two jobs the build takes 0.8 s less (BENCHMARKS.md, "Changes, each
# measured"). Workers only: the building process, which keeps what it builds, peaked 74 MB
# higher with it.
TRIM_BYTES = 256 * 2**20
MMAP_BYTES = 64 * 2**20


def keep_freed_memory() -> None:
    """Have glibc's malloc keep freed memory for reuse (see TRIM_BYTES); elsewhere, nothing."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3
        libc.mallopt(m_trim_threshold, TRIM_BYTES)
        libc.mallopt(m_mmap_threshold, MMAP_BYTES)
    except (OSError, AttributeError):  # another C library (musl): its defaults stand
        pass


class WorkerError(Exception):
    """A parsing process ended without answering (killed, out of memory); the message is one line."""


class Workers:
    """Worker processes that parse batches of articles: `jobs` of them start loading the model at
    once, so that a build can start them before it knows what it will parse, and `grow` adds
    more once it does.

    Each worker has a pipe of its own and is sent one batch at a time, when it has answered
    the last, so this process needs no thread to feed them and may fork more workers, or
    `alongside` children, later. Workers are forked when that is safe, which saves each a
    fresh interpreter and kg's imports: on Linux, while this process runs no other thread and
    has not imported numpy (a forked copy of a process that has run BLAS threads can
    deadlock). Spawned otherwise."""

    def __init__(self, jobs: int, model: str | None) -> None:
        fork = can_fork() and "numpy" not in sys.modules and threading.active_count() == 1
        self._context = multiprocessing.get_context("fork" if fork else "spawn")
        self._model = model
        self._workers: list[tuple[multiprocessing.Process, object]] = []
        self.grow(jobs)

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def grow(self, jobs: int) -> None:
        """Have at least `jobs` workers."""
        while len(self._workers) < jobs:
            mine, theirs = self._context.Pipe()
            process = self._context.Process(target=_serve, args=(theirs, self._model), daemon=True,
                                            name=f"kg-worker-{len(self._workers) + 1}")
            process.start()
            theirs.close()
            self._workers.append((process, mine))

    def imap(self, batches: list[list[Article]], meanwhile: Callable[[], None] | None = None,
             ) -> Iterator[list[tuple[bytes, bytes] | int]]:
        """What _work gives for each batch, in order, the batches shared among the workers;
        `meanwhile` runs here once the first batches are sent."""
        from multiprocessing.connection import wait

        idle = [conn for _, conn in self._workers]
        busy: dict[object, int] = {}
        done: dict[int, list] = {}
        sent = 0
        for index in range(len(batches)):
            while index not in done:
                while idle and sent < len(batches):
                    conn = idle.pop()
                    _ask(conn, batches[sent])
                    busy[conn], sent = sent, sent + 1
                if meanwhile is not None:
                    meanwhile()
                    meanwhile = None
                for conn in wait(list(busy)):
                    done[busy.pop(conn)] = _answer(conn)
                    idle.append(conn)
            yield done.pop(index)

    def stop(self) -> None:
        """End the workers."""
        for process, conn in self._workers:
            process.terminate()
            conn.close()
        for process, _ in self._workers:
            process.join()
        self._workers = []


def _serve(conn, model: str | None) -> None:
    """A worker: load the model, then answer each batch received with what _work gives for it,
    or with the error it raised. Ctrl-C is for the building process, which stops the workers:
    a worker ignores it rather than print a traceback of its own."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # What the building process had made before forking stays as it is here: the collector
    # need not walk it (a full walk during spaCy's import took 19 ms, and copied the pages).
    gc.freeze()
    keep_freed_memory()
    _start_worker(model)
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):  # the building process is done, or gone
            return
        try:
            answer = ("done", _work(batch))
        except Exception as err:  # raised again by the process that sent the batch
            answer = ("error", err if _picklable(err) else RuntimeError(f"{type(err).__name__}: {err}"))
        try:
            conn.send(answer)
        except OSError:  # the building process is gone (killed): nobody to tell
            return


def _picklable(err: Exception) -> bool:
    import pickle

    try:
        pickle.loads(pickle.dumps(err))
    except Exception:
        return False
    return True


_DIED = "a parsing process ended without answering (out of memory? try fewer --jobs)"


def _ask(conn, batch: list[Article]) -> None:
    try:
        conn.send(batch)
    except OSError:
        raise WorkerError(_DIED) from None


def _answer(conn) -> list:
    try:
        kind, value = conn.recv()
    except (EOFError, OSError):
        raise WorkerError(_DIED) from None
    if kind == "error":
        raise value
    return value


def extract_blobs(articles: list[Article], *, jobs: int, nlp_factory: Callable[[], object],
                  model: str | None, too_long: Callable[[Article, int], None],
                  workers: Workers | None = None,
                  meanwhile: Callable[[], None] | None = None) -> Iterator[tuple[Article, bytes, bytes]]:
    """(article, records blob, summary blob) for every article the parser takes, in order;
    `too_long(article, limit)` for each other one. With `workers` (started earlier), they parse
    every batch, up to `jobs` of them, while `meanwhile` runs here; else with one job the
    pipeline comes from `nlp_factory`, and more jobs start workers here, which load `model`
    themselves (ModelError if they cannot)."""
    batches = [articles[i:i + BATCH_SIZE] for i in range(0, len(articles), BATCH_SIZE)]
    if workers is not None:
        workers.grow(min(jobs, len(batches)))
        yield from _sorted_out(batches, workers.imap(batches, meanwhile), too_long)
        return
    jobs = min(jobs, len(batches))
    if jobs <= 1:
        if batches:
            yield from _sorted_out(batches, _parsed_beside(nlp_factory(), batches), too_long)
        return
    with Workers(jobs, model) as started:
        yield from _sorted_out(batches, started.imap(batches), too_long)


def _sorted_out(batches, results, too_long):
    """(article, records blob, summary blob) from each batch's results; the limit, for an article
    the parser could not take, goes to `too_long` instead."""
    for batch, found in zip(batches, results):
        for article, blobs in zip(batch, found):
            if isinstance(blobs, int):
                too_long(article, blobs)
            else:
                yield (article, *blobs)


def can_fork() -> bool:
    """Whether `alongside` forks: on Linux only (macOS system libraries are not fork-safe)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


@contextmanager
def alongside(task: Callable[[], None], *, fork: bool = True):
    """Run `task` in a forked child while the body of the `with` runs in this process; on leaving,
    wait for the child and raise its error here: an OSError as the same OSError, anything else as
    a RuntimeError. Without `fork`, where `can_fork` is false, or while other threads run, `task`
    runs here, first.

    The child shares this process's memory copy-on-write and leaves through os._exit, so it never
    runs this process's clean-up (open files, the cache's database, atexit handlers)."""
    # A child forked while another thread runs could inherit a lock that thread holds (the
    # import lock, say) and wait on it forever.
    if not (fork and can_fork() and threading.active_count() == 1):
        task()
        yield
        return
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        # The child ends after `task`: freeing cycles is not worth the collector's walks over the
        # memory it shares with this process, each of which would copy the pages it touches.
        gc.disable()
        code = 0
        try:
            task()
        except BaseException as err:  # reported to the parent, which raises it
            code = 1
            os.write(write, json.dumps(_described(err)).encode("utf-8"))
        finally:
            os._exit(code)
    os.close(write)
    try:
        yield
    finally:
        _, status = os.waitpid(pid, 0)
        with os.fdopen(read, "rb") as pipe:
            report = pipe.read()
    code = os.waitstatus_to_exitcode(status)
    if code:
        raise _error(json.loads(report) if report else {"message": f"stopped by signal {-code}" if code < 0
                                                         else f"exit status {code}"})


@contextmanager
def beside(task: Callable[[], None]):
    """Run `task` in a thread while the body of the `with` runs; on leaving, wait for it and raise
    its error here. For work that waits on the kernel (copying files), which releases the GIL."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            task()
        except BaseException as err:  # raised again by the thread that started it
            failed.append(err)

    thread = threading.Thread(target=run, name="kg-beside", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()
    if failed:
        raise failed[0]


def _described(err: BaseException) -> dict:
    if isinstance(err, OSError) and err.errno is not None:
        return {"errno": err.errno, "strerror": err.strerror, "filename": err.filename}
    return {"message": f"{type(err).__name__}: {err}"}


def _error(report: dict) -> Exception:
    if "errno" in report:
        return OSError(report["errno"], report["strerror"], report["filename"])
    return RuntimeError(f"a forked export failed: {report['message']}")
