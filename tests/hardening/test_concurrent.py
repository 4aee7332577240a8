"""Item 7: two imports at once both land; a writer that cannot get the lock in time refuses."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.domain import Dataset
from bot.importers.pipeline import import_file
from bot.store import dbfile
from bot.store.lookup import read_existing
from bot.store.writer import build
from tests.hardening.conftest import cli
from tests.importers.conftest import IMPORT_FIXTURES, rows


def test_second_import_waits_for_the_first_and_nothing_is_lost(db: Path) -> None:
    paused, release = threading.Event(), threading.Event()

    def slow_import() -> None:
        with dbfile.writer_lock(db):
            _, datasets = import_file(IMPORT_FIXTURES / "dcleapil-quirks.csv",
                                           existing=read_existing(db))

            def held() -> Iterator[Dataset]:
                for ds in datasets:
                    paused.set()
                    release.wait(10)
                    yield ds
            build(db, held(), base=db, note="slow")

    first = threading.Thread(target=slow_import)
    first.start()
    assert paused.wait(10)
    results: list[int] = []
    second = threading.Thread(target=lambda: results.append(
        cli("import", IMPORT_FIXTURES / "dc-two-ballots.csv", "--db", db)))
    second.start()
    second.join(0.5)  # the second import is blocked on the lock, not racing the first
    release.set()
    first.join(10)
    second.join(20)
    assert results == [0]
    ballots = {b for (b,) in rows(db, "SELECT id FROM ballots")}
    assert any("penny-hassett" in b for b in ballots)  # the first import's ballots
    assert "local.ambridge.st-marys-westfield.2022-05-05" in ballots  # and the second's


def test_import_refuses_clearly_when_another_holds_the_lock(
        db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(dbfile, "LOCK_TIMEOUT", 0.2)
    holder_ready, done = threading.Event(), threading.Event()

    def hold() -> None:
        with dbfile.writer_lock(db):
            holder_ready.set()
            done.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    assert holder_ready.wait(5)
    try:
        assert cli("import", IMPORT_FIXTURES / "dc-two-ballots.csv", "--db", db) == 1
    finally:
        done.set()
        t.join()
    err = capsys.readouterr()
    assert "another import is writing" in err.out + err.err
    assert "Traceback" not in err.out + err.err


def test_lock_is_held_across_processes(db: Path, tmp_path: Path) -> None:
    import subprocess
    import sys
    code = ("import sys, time; from pathlib import Path; from bot.store import dbfile\n"
            "with dbfile.writer_lock(Path(sys.argv[1])):\n"
            "    print('held', flush=True); time.sleep(3)\n")
    p = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE,
                         text=True)
    try:
        assert p.stdout is not None and p.stdout.readline().strip() == "held"
        with pytest.raises(dbfile.DatabaseBusy), dbfile.writer_lock(db, timeout=0.2):
            pass
    finally:
        p.kill()
        p.wait()
