"""`election-bot fetch` as a user runs it: a real process against the fake Democracy Club."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.importers.builtin import builtin_files
from bot.importers.gazetteer import load_gazetteer
from bot.importers.native import load_native
from bot.store.writer import build
from fakes.democracyclub import FakeDemocracyClub
from tests.conftest import DATA, REPO
from tests.importers.conftest import rows, sha256

WHEATLEY = "local.doncaster.wheatley-hills-intake.2021-05-06"


@pytest.fixture(scope="module")
def native_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The curated data (Barnet, London, parties, the gazetteer) without the DC CSVs."""
    path = tmp_path_factory.mktemp("native") / "elections.sqlite3"
    natives = [load_native(p) for p in builtin_files(DATA)]
    gazetteer = load_gazetteer(DATA, natives)
    assert gazetteer is not None
    build(path, [*natives, gazetteer])
    return path


@pytest.fixture
async def fake() -> AsyncIterator[FakeDemocracyClub]:
    async with FakeDemocracyClub() as f:
        yield f


def env_for(db: Path, candidates: str, elections: str) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(db.parent), "ELECTION_DB": str(db),
            "STATE_DB": str(db.parent / "state.sqlite3"), "DC_CANDIDATES_URL": candidates,
            "DC_ELECTIONS_URL": elections, "DC_API_TOKEN": "", "DISCORD_TOKEN": "",
            "ELECTION_DATA_DIR": "", "HTTP_CONTACT": "", "LOG_LEVEL": "WARNING"}


async def cli(env: dict[str, str], *argv: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *argv, cwd=REPO, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


def copy(db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "elections.sqlite3"
    shutil.copyfile(db, path)
    return path


async def test_fetch_then_ask_then_fetch_again(native_db: Path, tmp_path: Path,
                                               fake: FakeDemocracyClub) -> None:
    db = copy(native_db, tmp_path)
    env = env_for(db, fake.candidates_url, fake.elections_url)
    code, out, err = await cli(env, "fetch", "doncaster", "--date", "2021-05-06")
    assert code == 0, err
    assert "1 election(s), 21 ballot(s)" in out and "Democracy Club, CC BY 4.0" in out
    assert "fetch: 1/1 election(s), 21 ballots, 2 request(s) made" in err
    assert all("election-bot/" in r.user_agent for r in fake.requests)

    code, out, err = await cli(env, "ask", "/ward Wheatley Hills council:doncaster")
    assert code == 0, err
    votes = rows(db, "SELECT name, votes FROM candidacies WHERE ballot_id = ?", WHEATLEY)
    assert len(votes) > 3
    for name, v in votes:
        assert v is not None and name in out and f"{v:,}" in out
    assert "Democracy Club" in out

    before, made = sha256(db), len(fake.requests)
    code, out, err = await cli(env, "fetch", "doncaster", "--date", "2021-05-06")
    assert code == 0, err
    assert "already fetched" in out and len(fake.requests) == made  # fresh: nothing asked
    code, out, err = await cli(env, "fetch", "doncaster", "--date", "2021-05-06", "--refresh")
    assert code == 0, err
    assert len(fake.requests) == made + 1  # one request per election, the CSV export
    assert "unchanged" in out and sha256(db) == before


async def test_the_council_by_its_code_into_the_curated_database(
        builtin_db: Path, tmp_path: Path, fake: FakeDemocracyClub) -> None:
    db = copy(builtin_db, tmp_path)  # holds Doncaster 2021 from the shipped CSV already
    before = sha256(db)
    env = env_for(db, fake.candidates_url, fake.elections_url)
    code, out, err = await cli(env, "fetch", "E08000017", "--date", "2021-05-06")
    assert code == 0, err
    assert "21 ballot(s) were already held from other sources and kept; 0 value(s)" in out
    assert sha256(db) == before


async def test_a_network_that_is_down_is_exit_1_and_one_clear_line(
        native_db: Path, tmp_path: Path) -> None:
    db = copy(native_db, tmp_path)
    before = sha256(db)
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    down = f"http://127.0.0.1:{port}"
    code, _, err = await cli(env_for(db, down, down + "/ee"), "fetch", "--date", "2021-05-06")
    assert code == 1
    assert "Democracy Club" in err and "could not be reached" in err and "unchanged" in err
    assert "Traceback" not in err and sha256(db) == before


async def test_a_council_not_known_and_no_arguments(native_db: Path, tmp_path: Path,
                                                    fake: FakeDemocracyClub) -> None:
    env = env_for(copy(native_db, tmp_path), fake.candidates_url, fake.elections_url)
    code, _, err = await cli(env, "fetch", "qwxzv")
    assert code == 1 and "No council matches" in err and "Traceback" not in err
    code, _, err = await cli(env, "fetch")
    assert code == 2 and "name a council" in err
    code, _, err = await cli(env, "fetch", "doncaster", "--date", "2021-13-06")
    assert code == 2 and "YYYY-MM-DD" in err
    assert fake.requests == []


async def test_killed_half_way_leaves_the_database_byte_identical(
        native_db: Path, tmp_path: Path, fake: FakeDemocracyClub) -> None:
    db = copy(native_db, tmp_path)
    before = sha256(db)
    fake.slow("/data/export_csv/", 60)  # the first export hangs; the other arrives
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "fetch", "--date", "2021-05-06", cwd=REPO,
        env=env_for(db, fake.candidates_url, fake.elections_url),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    assert proc.stderr is not None
    line = await asyncio.wait_for(proc.stderr.readline(), 60)
    assert b"fetch: 1/2 election(s)" in line  # half-way: one export in hand
    os.kill(proc.pid, signal.SIGKILL)
    await proc.wait()
    assert sha256(db) == before
    left = sorted(p.name for p in db.parent.iterdir() if not p.name.startswith("state."))
    assert left == [db.name]  # no half-written database beside it
