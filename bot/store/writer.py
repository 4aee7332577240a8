"""Building the reference database: the only code that writes it.

A build never touches the live file: it writes a new file beside it, checks it,
and only then renames it over the old one, so a failed build or import leaves
the current database byte-for-byte as it was.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from bot.domain import Dataset
from bot.store.checks import Problem, check_connection
from bot.store.dbfile import (
    connect_read_only,
    real_path,
    remove_stale_temps,
    temp_name,
    writer_lock,
)
from bot.store.rows import TABLES, Table, quote, to_row
from bot.store.schema import SCHEMA, SCHEMA_VERSION, version_problem


class BuildFailed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the new database")


def _upsert_sql(table: Table) -> str:
    cols = ", ".join(quote(c) for c in table.columns)
    marks = ", ".join("?" for _ in table.columns)
    updates = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in table.columns if c != "id")
    return (f"INSERT INTO {table.name} ({cols}) VALUES ({marks}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}")


class Writer:
    """Writes datasets into one open database file.

    `fresh` means the file started empty, so nothing needs replacing: that skips
    the deletes that make re-imports idempotent, which matters at a million rows.
    """

    def __init__(self, conn: sqlite3.Connection, fresh: bool) -> None:
        self.conn = conn
        self.fresh = fresh

    def write(self, ds: Dataset) -> None:
        conn = self.conn
        if not self.fresh and ds.ballots:
            # A re-imported ballot brings its whole candidate list: drop the old one first.
            ballot_ids = [(b.id,) for b in ds.ballots]
            conn.executemany(
                "DELETE FROM citations WHERE subject_kind = 'candidacy' AND subject_id IN "
                "(SELECT id FROM candidacies WHERE ballot_id = ?)", ballot_ids)
            conn.executemany("DELETE FROM candidacies WHERE ballot_id = ?", ballot_ids)
        for table in TABLES:
            records = getattr(ds, table.attr)
            if not records:
                continue
            conn.executemany(_upsert_sql(table), (to_row(table, r) for r in records))
            if hasattr(records[0], "cites"):
                self._write_cites(table.kind, [(r.id, r.cites) for r in records])
        if ds.disputes:
            self._write_claims(ds)

    def _write_cites(self, kind: str, items: list[tuple[str, tuple]]) -> None:
        if not self.fresh:
            self.conn.executemany(
                "DELETE FROM citations WHERE subject_kind = ? AND subject_id = ?",
                ((kind, rid) for rid, _ in items))
        self.conn.executemany(
            "INSERT INTO citations (subject_kind, subject_id, seq, source_id, excerpt, note) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            ((kind, rid, i, c.source_id, c.excerpt, c.note)
             for rid, cites in items for i, c in enumerate(cites)))

    def _write_claims(self, ds: Dataset) -> None:
        conn = self.conn
        conn.executemany("DELETE FROM dispute_claims WHERE dispute_id = ?",
                         ((d.id,) for d in ds.disputes))
        rows, cites = [], []
        for d in ds.disputes:
            for seq, claim in enumerate(d.claims):
                rows.append((d.id, seq, claim.value, claim.note))
                cites.append((f"{d.id}#{seq}", claim.cites))
        conn.executemany(
            "INSERT INTO dispute_claims (dispute_id, seq, value, note) VALUES (?, ?, ?, ?)", rows)
        # Claims always replace their old cites, even in a fresh build (ids may repeat in a file).
        conn.executemany("DELETE FROM citations WHERE subject_kind = 'claim' AND subject_id = ?",
                         ((cid,) for cid, _ in cites))
        conn.executemany(
            "INSERT INTO citations (subject_kind, subject_id, seq, source_id, excerpt, note) "
            "VALUES ('claim', ?, ?, ?, ?, ?)",
            ((cid, i, c.source_id, c.excerpt, c.note) for cid, cs in cites
             for i, c in enumerate(cs)))

    def finish(self, note: str) -> str:
        """Index statements for keyword search and stamp a new data version."""
        conn = self.conn
        conn.execute("DELETE FROM statements_fts")
        conn.execute(
            "INSERT INTO statements_fts (rowid, text, context, speaker, outlet) "
            "SELECT s.rowid, s.text, coalesce(s.context, ''), coalesce(p.name, ''), "
            "coalesce(s.outlet, '') FROM statements s LEFT JOIN people p ON p.id = s.person_id")
        version = uuid.uuid4().hex[:12]
        now = datetime.now(UTC).isoformat(timespec="seconds")
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [("schema_version", SCHEMA_VERSION), ("data_version", version), ("built_at", now),
             ("last_change", note)])
        conn.execute("ANALYZE")
        return version


def _open_new(path: Path, base: Path | None) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    if base is None:
        conn.executescript(SCHEMA)
    else:
        src = connect_read_only(base)
        try:
            row = src.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            problem = version_problem(base, row[0] if row else None)
            if problem:
                conn.close()
                path.unlink(missing_ok=True)
                raise BuildFailed([Problem("database", str(base), problem)])
            src.backup(conn)
        finally:
            src.close()
    # The file is private until renamed into place, so durability can wait for commit.
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA foreign_keys = OFF")
    return conn


def build(target: Path, datasets: Iterable[Dataset], *, base: Path | None = None,
          note: str = "build", lock_timeout: float | None = None) -> str:
    """Write `datasets` into a new database (a copy of `base`, or empty) and swap it in.

    Returns the new data version. Raises BuildFailed, leaving `target` untouched,
    when the result fails `db check`. `datasets` may be a generator, so a large
    import streams through in chunks.

    One build of a target runs at a time (the writer lock; DatabaseBusy after
    `lock_timeout` seconds). A symlinked target is written through: the file it
    points to is replaced, keeping its permissions, and the link stays a link.
    """
    real = real_path(target)
    real.parent.mkdir(parents=True, exist_ok=True)
    with writer_lock(real, lock_timeout):
        remove_stale_temps(real)  # left by an import that was killed
        tmp = temp_name(real, uuid.uuid4().hex[:6])
        conn = _open_new(tmp, base)
        try:
            writer = Writer(conn, fresh=base is None)
            with conn:
                for ds in datasets:
                    writer.write(ds)
                version = writer.finish(note)
            problems = check_connection(conn)
            if problems:
                raise BuildFailed(problems)
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.close()
            with contextlib.suppress(FileNotFoundError):
                os.chmod(tmp, stat.S_IMODE(os.stat(real).st_mode))
            os.replace(tmp, real)
            return version
        except BaseException:
            conn.close()
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            raise
