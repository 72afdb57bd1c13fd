"""Publish: a staging folder holding a finished build (export files and store) in; the exports
folder replaced by it out, in one step.

Why a whole-folder swap: a build writes several export files and a store. Moving them into place
one by one would leave, if the process were killed between two moves, a folder mixing two
builds (a kg.ttl that disagrees with store/). So the build writes everything into a staging
folder beside the exports folder (same file system), and publishing is one rename: on Linux,
renameat2(RENAME_EXCHANGE) swaps the two folders atomically, so at every instant DIR is either
the whole previous build or the whole new one, and readers (`kg query`, a browser on kg.html)
never see a mix. Where that call is missing, two renames (DIR aside, staging in) leave a window
of microseconds without DIR, never a mixed one; the next build puts an abandoned DIR back.

A folder given as --exports may hold files kg did not write (`--exports .`, a README); swapping
it would move those away. Then, and when the parent folder is not writable, the build's entries
are moved in one by one instead: the files, then the store (itself swapped whole). A kill
between two of those moves can leave whole files of two builds side by side.

Staging folders of killed builds are removed by the next build: their names carry the building
process's id, which no longer runs.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
import sys
from pathlib import Path

STAGING_MARK = ".kg-staging-"
PREVIOUS_SUFFIX = "-previous"


class PublishError(Exception):
    """The exports folder cannot be written; the message is one line."""


def real_folder(exports: Path) -> Path:
    """The exports folder with links resolved; a path that is a file is a PublishError."""
    folder = Path(os.path.realpath(exports))
    if folder.exists() and not folder.is_dir():
        raise PublishError(f"{exports} is a file, not a folder; choose another --exports")
    return folder


def make_staging(exports: Path) -> Path:
    """A new, empty staging folder beside `exports` (inside it if its parent is not writable),
    with the permissions `exports` has, or would get from mkdir."""
    folder = real_folder(exports)
    folder.parent.mkdir(parents=True, exist_ok=True)
    _restore_abandoned_previous(folder)
    remove_abandoned_staging(folder)
    name = f".{folder.name}{STAGING_MARK}{os.getpid()}-{secrets.token_hex(4)}"
    try:
        staging = folder.parent / name
        staging.mkdir()
    except PermissionError:
        folder.mkdir(exist_ok=True)
        staging = folder / name
        staging.mkdir()
    if folder.is_dir():
        os.chmod(staging, stat.S_IMODE(folder.stat().st_mode))
    return staging


def publish(staging: Path, exports: Path, known: tuple[str, ...] = ()) -> None:
    """Put the build in `staging` in place of `exports`. Entries of `exports` named like one in
    `staging` or in `known` (what earlier builds wrote) are kg's; any other entry makes the
    publishing entry by entry. Afterwards `staging`, if it still exists, holds what was
    replaced, for the caller to delete."""
    folder = real_folder(exports)
    ours = set(known) | {p.name for p in staging.iterdir()}
    if staging.parent == folder.parent and (not folder.exists() or _holds_only(folder, ours)):
        swap(staging, folder)
        return
    folder.mkdir(parents=True, exist_ok=True)
    for source in sorted(staging.iterdir(), key=lambda p: (p.is_dir(), p.name)):
        if source.is_dir():
            swap(source, folder / source.name)
        else:
            os.replace(source, folder / source.name)


def swap(new: Path, target: Path) -> None:
    """Put `new` at `target`; afterwards `new` holds the previous `target`, if there was one."""
    if not target.exists():
        os.rename(new, target)
        return
    if exchange_paths(new, target):
        return
    aside = new.with_name(new.name + PREVIOUS_SUFFIX)
    os.rename(target, aside)
    os.rename(new, target)
    os.rename(aside, new)


def exchange_paths(a: Path, b: Path) -> bool:
    """Atomically exchange two paths with Linux renameat2(RENAME_EXCHANGE); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _holds_only(folder: Path, entries: set[str]) -> bool:
    """True when every entry of `folder` is one kg writes (or a kg staging folder)."""
    return all(p.name in entries or STAGING_MARK in p.name or p.name.startswith(".store.building-")
               or p.name.startswith(".kg-build-") for p in folder.iterdir())


def remove_abandoned_staging(folder: Path) -> None:
    """Delete staging folders, beside or inside `folder`, whose building process has ended."""
    candidates = list(folder.parent.glob(f".{folder.name}{STAGING_MARK}*"))
    if folder.is_dir():
        candidates += folder.glob(f".*{STAGING_MARK}*")
    for path in candidates:
        if abandoned(path, STAGING_MARK):
            shutil.rmtree(path, ignore_errors=True)


def _restore_abandoned_previous(folder: Path) -> None:
    """A build killed between the two renames of `swap` left DIR aside: put it back."""
    if folder.exists():
        return
    for path in sorted(folder.parent.glob(f".{folder.name}{STAGING_MARK}*{PREVIOUS_SUFFIX}")):
        if abandoned(path, STAGING_MARK):
            os.rename(path, folder)
            return


def abandoned(path: Path, mark: str) -> bool:
    """Whether the temporary folder `path`, named `...{mark}{pid}-...`, belongs to a process that
    has ended."""
    pid = path.name.split(mark, 1)[1].split("-", 1)[0]
    return pid.isdigit() and not _process_alive(int(pid))


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
