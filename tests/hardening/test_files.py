"""Item 13: corruption noticed, exports and imports that never destroy what was there."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store import dbfile
from tests.conftest import REPO
from tests.hardening.conftest import cli
from tests.importers.conftest import IMPORT_FIXTURES, counts, sha256

_MAIN = "import sys; from bot.cli import main; sys.exit(main(sys.argv[1:]))"


def _index_page(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return max(r for (r,) in conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND rootpage > 0"))
    finally:
        conn.close()


def test_db_check_notices_a_corrupted_page(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _index_page(db)
    with db.open("r+b") as f:
        f.seek((page - 1) * 4096 + 8)
        f.write(b"\xff" * 200)
    assert cli("db", "check", "--db", db) == 1
    out = capsys.readouterr()
    assert "integrity" in (out.out + out.err).lower()


def test_export_onto_a_full_disk_keeps_the_previous_export(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    assert cli("db", "export", out, "--db", db) == 0
    before = sha256(out)
    limit = out.stat().st_size // 2  # the next export cannot be written whole

    def small_disk() -> None:
        import resource
        import signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = subprocess.run([sys.executable, "-c", _MAIN, "db", "export", str(out), "--db",
                           str(db)], preexec_fn=small_disk, capture_output=True, text=True,
                          cwd=REPO)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert sha256(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export")] == []


def test_import_removes_stale_temp_files_but_not_a_live_one(db: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = db.with_name(f".{db.name}.{dead}.abcdef.tmp")
    stale.write_bytes(b"x" * 1000)
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        alive = db.with_name(f".{db.name}.{live.pid}.123456.tmp")
        alive.write_bytes(b"y")
        other = db.with_name(".other.sqlite3.1.aaaaaa.tmp")  # another database's: not ours
        other.write_bytes(b"z")
        assert cli("import", IMPORT_FIXTURES / "dc-two-ballots.csv", "--db", db) == 0
        assert not stale.exists()
        assert alive.exists() and other.exists()
    finally:
        live.kill()
        live.wait()


def test_import_keeps_permissions(db: Path) -> None:
    db.chmod(0o640)
    assert cli("import", IMPORT_FIXTURES / "dc-two-ballots.csv", "--db", db) == 0
    assert db.stat().st_mode & 0o777 == 0o640


def test_import_writes_through_a_symlink(db: Path, tmp_path: Path) -> None:
    link = tmp_path / "link" / "elections.sqlite3"
    link.parent.mkdir()
    link.symlink_to(db)
    before = counts(db)["ballots"]
    assert cli("import", IMPORT_FIXTURES / "dc-two-ballots.csv", "--db", link) == 0
    assert link.is_symlink() and link.resolve() == db.resolve()
    assert counts(db)["ballots"] == before + 2
    assert [p.name for p in link.parent.iterdir()] == [link.name]  # nothing beside the link


def test_database_problem_tells_a_complete_database_from_a_partial_copy(
        db: Path, tmp_path: Path) -> None:
    assert dbfile.database_problem(db) is None
    half = tmp_path / "half.sqlite3"
    data = db.read_bytes()
    half.write_bytes(data[: len(data) // 2])
    assert "incomplete" in (dbfile.database_problem(half) or "")
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 100)
    assert "not an SQLite database" in (dbfile.database_problem(junk) or "")
    assert "no file" in (dbfile.database_problem(tmp_path / "none") or "")
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    assert "schema" in (dbfile.database_problem(other) or "")
    shutil.copyfile(db, tmp_path / "copy.sqlite3")
    conn = sqlite3.connect(tmp_path / "copy.sqlite3")
    conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    assert "schema" in (dbfile.database_problem(tmp_path / "copy.sqlite3") or "")
    json.dumps(os.fspath(db))
