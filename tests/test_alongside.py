"""kg.parallel.alongside: a task in a forked child beside the body of a `with`; its errors come
back to the parent. And kg.exporters.rdf.copy_range, which copies unchanged graphs."""

from __future__ import annotations

import errno
import os

import pytest

from kg.exporters.rdf import copy_range
from kg.parallel import alongside, can_fork

needs_fork = pytest.mark.skipif(not can_fork(), reason="alongside forks on Linux only")


@needs_fork
def test_the_task_runs_in_another_process_beside_the_body(tmp_path):
    mark = tmp_path / "pid"
    with alongside(lambda: mark.write_text(str(os.getpid()))):
        body = os.getpid()
    assert int(mark.read_text()) != body  # written, and by the child: the parent waited for it


@needs_fork
def test_an_os_error_in_the_child_is_raised_here_as_itself(tmp_path):
    def full():
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "kg.html"))

    with pytest.raises(OSError) as caught:
        with alongside(full):
            pass
    assert caught.value.errno == errno.ENOSPC
    assert caught.value.filename == str(tmp_path / "kg.html")


@needs_fork
def test_any_other_error_in_the_child_is_a_runtime_error():
    def broken():
        raise KeyError("label")

    with pytest.raises(RuntimeError, match="KeyError: 'label'"):
        with alongside(broken):
            pass


@needs_fork
def test_a_child_killed_by_a_signal_is_reported():
    with pytest.raises(RuntimeError, match="signal 9"):
        with alongside(lambda: os.kill(os.getpid(), 9)):
            pass


def test_without_fork_the_task_runs_here_first():
    order = []
    with alongside(lambda: order.append(("task", os.getpid())), fork=False):
        order.append(("body", os.getpid()))
    assert order == [("task", os.getpid()), ("body", os.getpid())]


@pytest.mark.parametrize("in_kernel", [True, False])
def test_copy_range_at_an_offset_fills_a_hole_left_for_it(tmp_path, monkeypatch, in_kernel):
    if not in_kernel:
        monkeypatch.delattr(os, "copy_file_range", raising=False)
    source = tmp_path / "source"
    source.write_bytes(bytes(range(256)) * 40_000)
    target = tmp_path / "target"
    with open(target, "wb") as out:
        out.write(b"head")
        out.seek(4 + 5_000_000)
        out.write(b"tail")
    with open(source, "rb") as src, open(target, "r+b") as out:
        copy_range(src.fileno(), out.fileno(), 1_000, 5_000_000, 4)
    assert target.read_bytes() == b"head" + source.read_bytes()[1_000:5_001_000] + b"tail"


def test_beside_runs_the_task_in_a_thread_and_raises_its_error_after_the_body():
    import threading

    from kg.parallel import beside

    seen = []
    with beside(lambda: seen.append(threading.current_thread().name)):
        pass
    assert seen == ["kg-beside"]
    body = []

    def fail():
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        with beside(fail):
            body.append("ran")
    assert body == ["ran"] and threading.active_count() == 1


def test_copy_range_from_a_file_too_short_fails(tmp_path):
    source = tmp_path / "source"
    source.write_bytes(b"x" * 100)
    with open(source, "rb") as src, open(tmp_path / "target", "wb") as out:
        with pytest.raises(OSError, match="missing"):
            copy_range(src.fileno(), out.fileno(), 50, 100, 0)
