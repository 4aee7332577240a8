"""The database file itself: opening it read-only, one writer at a time, stale temp files,
and whether a file is a complete database of our schema.

Everything that turns a path into an SQLite URI goes through `read_only_uri`, because
an unquoted '#', '?' or '%' in a path makes SQLite open another file.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.request import pathname2url

from bot.store.schema import SCHEMA_VERSION

LOCK_TIMEOUT = 120.0  # seconds a writer waits for another import to finish
_HEADER = b"SQLite format 3\x00"
# Core tables every database of ours has (a file without them is not an election database).
_CORE_TABLES = {"meta", "sources", "parties", "councils", "wards", "elections", "ballots",
                "candidacies", "citations"}


class DatabaseBusy(Exception):
    """Another writer held the database for longer than we were willing to wait."""


def real_path(path: Path) -> Path:
    """The file a path names, through any symlink: the one a build must replace."""
    return Path(os.path.realpath(path))


def read_only_uri(path: Path) -> str:
    return f"file:{pathname2url(os.path.abspath(path))}?mode=ro"


def connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(read_only_uri(path), uri=True)


# -- one writer at a time ------------------------------------------------------------------

_held: dict[tuple[str, int], int] = {}  # (lock path, thread) -> depth: re-entrant per thread
_held_guard = threading.Lock()


def lock_path(target: Path) -> Path:
    real = real_path(target)
    return real.with_name(f".{real.name}.lock")


@contextlib.contextmanager
def writer_lock(target: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the database's writer lock (a flock on a file beside it) while the block runs.

    Waits up to `timeout` seconds (LOCK_TIMEOUT by default), then raises DatabaseBusy.
    Re-entrant within one thread, so an import can hold it across reading what the
    database holds and building the new file. The kernel drops a flock when its holder
    dies, so a killed import never leaves the database locked.
    """
    path = lock_path(target)
    key = (str(path), threading.get_ident())
    with _held_guard:
        if key in _held:
            _held[key] += 1
            nested = True
        else:
            nested = False
    if nested:
        try:
            yield
        finally:
            with _held_guard:
                _held[key] -= 1
        return
    wait = LOCK_TIMEOUT if timeout is None else timeout
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise DatabaseBusy(
                        f"another import is writing {target} (waited {wait:g} s); try again "
                        "when it has finished") from None
                time.sleep(0.05)
        with _held_guard:
            _held[key] = 1
        try:
            yield
        finally:
            with _held_guard:
                del _held[key]
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# -- temp files -----------------------------------------------------------------------------

def temp_name(target: Path, token: str) -> Path:
    """A build's private file beside the real target; the pid says whose it is."""
    real = real_path(target)
    return real.with_name(f".{real.name}.{os.getpid()}.{token}.tmp")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def remove_stale_temps(target: Path) -> list[Path]:
    """Delete temp files of builds of `target` whose process is gone; return them.

    Only files named as `temp_name` names them, for this target, and only when their
    process no longer exists: a live import's file (ours or another's) is never touched.
    Call with the writer lock held, or at start-up.
    """
    real = real_path(target)
    pattern = re.compile(rf"^\.{re.escape(real.name)}\.(\d+)\.[0-9a-f]+\.tmp$")
    removed = []
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(real.parent):
            m = pattern.match(entry.name)
            if not m or int(m.group(1)) == os.getpid() or _alive(int(m.group(1))):
                continue
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


# -- is this a whole database of ours? -------------------------------------------------------

def database_problem(path: Path) -> str | None:
    """None when `path` is a complete database of our schema; else why not, in words.

    Cheap enough to call before every reload (it reads the 100-byte header, the file's
    size and the meta table, never the data): a file still being copied in place is
    shorter than its header says, and is reported as incomplete.
    """
    try:
        size = os.stat(path).st_size
        with open(path, "rb") as f:
            header = f.read(100)
    except FileNotFoundError:
        return f"no file at {path}"
    except OSError as exc:
        return f"cannot read {path}: {exc.strerror}"
    if len(header) < 16:
        return ("incomplete: shorter than an SQLite header" if _HEADER.startswith(header)
                else "not an SQLite database")
    if not header.startswith(_HEADER):
        return "not an SQLite database"
    if len(header) < 100:
        return "incomplete: shorter than an SQLite header"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The header's page count is valid when its change counter matches "version valid for".
    if header[24:28] == header[92:96] and pages and size < pages * page_size:
        return f"incomplete: {size:,} of {pages * page_size:,} bytes (still being copied?)"
    if size % page_size:
        return f"incomplete: {size:,} bytes is not a whole number of {page_size}-byte pages"
    try:
        conn = connect_read_only(path)
        try:
            tables = {n for (n,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables >= _CORE_TABLES:
                return "not an election database of this schema (tables are missing)"
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return f"not a usable SQLite database ({exc})"
    if row is None or row[0] != SCHEMA_VERSION:
        return (f"schema version {row[0] if row else 'missing'!s}, but this program reads "
                f"schema {SCHEMA_VERSION}")
    return None
