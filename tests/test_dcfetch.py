"""Fetching councils from the fake Democracy Club into a database, all or nothing."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from bot import dcfetch
from bot.dcfetch import Held, Progress, fetch_council, fetch_day
from bot.importers.builtin import builtin_files
from bot.importers.errors import ImportFailed
from bot.importers.native import load_native
from bot.net.democracyclub import DemocracyClub
from bot.net.http import HttpClient, ServiceUnavailable
from bot.store.state import StateStore
from bot.store.writer import build
from fakes.democracyclub import FakeDemocracyClub
from fakes.democracyclub.data import FakeBallot, before_count
from tests.conftest import DATA
from tests.importers.conftest import answer, rows, sha256
from tests.net.conftest import FakeClock, make_http

DONCASTER = "local.doncaster.2021-05-06"
WHEATLEY = "local.doncaster.wheatley-hills-intake.2021-05-06"


@pytest.fixture(scope="session")
def native_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The curated data (Barnet, London, parties) without the shipped Democracy Club CSVs."""
    path = tmp_path_factory.mktemp("native") / "elections.sqlite3"
    build(path, (load_native(p) for p in builtin_files(DATA)))
    return path


@pytest.fixture
def db(native_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "elections.sqlite3"
    shutil.copyfile(native_db, path)
    return path


@pytest.fixture
async def fake() -> AsyncIterator[FakeDemocracyClub]:
    async with FakeDemocracyClub(clock=CLOCK) as f:
        yield f


CLOCK = FakeClock()


@pytest.fixture
async def dc(fake: FakeDemocracyClub) -> AsyncIterator[DemocracyClub]:
    http: HttpClient = make_http(CLOCK)
    yield DemocracyClub(http, candidates_url=fake.candidates_url,
                        elections_url=fake.elections_url)
    await http.close()


async def test_a_council_fetched_into_the_database_and_read_back(
        dc: DemocracyClub, fake: FakeDemocracyClub, db: Path) -> None:
    result = await fetch_council(dc, db, "doncaster", "2021-05-06")
    assert result.changed and not result.fresh
    assert result.elections == (DONCASTER,) and result.ballots == 21 and result.upcoming == 0
    assert result.requests == 2  # EveryElection once, the CSV export once
    assert rows(db, "SELECT count(*) FROM ballots WHERE election_id = ?", DONCASTER) == [(21,)]
    [(url, publisher, licence, note)] = rows(
        db, "SELECT url, publisher, licence, note FROM sources WHERE id = ?",
        f"democracyclub-export-{DONCASTER}")
    assert url.startswith(f"{fake.url}/data/export_csv/?election_id=")
    assert publisher == "Democracy Club" and licence.startswith("CC BY 4.0")
    assert "fetched" in note
    cited = rows(db, "SELECT count(DISTINCT subject_id) FROM citations WHERE source_id = ? "
                 "AND subject_kind = 'ballot'", f"democracyclub-export-{DONCASTER}")
    assert cited == [(21,)]
    votes = rows(db, "SELECT name, votes, elected FROM candidacies WHERE ballot_id = ? "
                 "ORDER BY votes DESC", WHEATLEY)
    assert len(votes) > 3 and all(v is not None for _, v, _ in votes)
    assert sum(e for _, _, e in votes) == 3
    text = await answer(db, "/ward Wheatley Hills council:doncaster")
    assert "Democracy Club" in text
    for name, v, _ in votes:
        assert name in text and f"{v:,}" in text


async def test_a_second_run_asks_once_per_election_and_changes_nothing(
        dc: DemocracyClub, fake: FakeDemocracyClub, db: Path) -> None:
    first = await fetch_council(dc, db, "doncaster", "2021-05-06")
    before, made = sha256(db), len(fake.requests)
    fresh = await fetch_council(dc, db, "doncaster", "2021-05-06", held=first.held)
    assert fresh.fresh and fresh.requests == 0 and len(fake.requests) == made
    assert fresh.fetched_at == first.fetched_at  # "as of" the data held
    again = await fetch_council(dc, db, "doncaster", "2021-05-06", held=first.held,
                                max_age=timedelta(0))
    assert again.requests == 1 and len(fake.requests) == made + 1
    assert not again.changed and sha256(db) == before


async def test_a_whole_day_with_progress(dc: DemocracyClub, db: Path) -> None:
    seen: list[Progress] = []
    result = await fetch_day(dc, db, "2021-05-06", progress=seen.append)
    assert set(result.elections) == {"local.barnsley.2021-05-06", DONCASTER}
    assert [(p.councils_done, p.councils_total) for p in seen] == [(1, 2), (2, 2)]
    assert seen[-1].ballots_done == 42 and seen[-1].requests == 3
    assert rows(db, "SELECT count(*) FROM ballots WHERE id LIKE 'local.barnsley.%' "
                "OR id LIKE 'local.doncaster.%'") == [(42,)]


async def test_upcoming_ballots_are_candidacies_never_results(
        dc: DemocracyClub, fake: FakeDemocracyClub, db: Path) -> None:
    for bid, ballot in list(fake.data.ballots.items()):
        if bid.startswith("local.doncaster."):
            fake.data.ballots[bid] = before_count(ballot)
    result = await fetch_council(dc, db, "doncaster", "2021-05-06")
    assert result.upcoming == 21
    found = rows(db, "SELECT count(*), count(votes), count(elected) FROM candidacies "
                 "WHERE ballot_id LIKE 'local.doncaster.%'")
    assert found[0][0] > 21 and found[0][1:] == (0, 0)


async def test_an_exception_after_the_first_csv_leaves_the_database_byte_identical(
        dc: DemocracyClub, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = sha256(db)

    def stop(p: Progress) -> None:
        if p.councils_done == 1:
            raise KeyboardInterrupt  # as if killed after the first download

    with pytest.raises(KeyboardInterrupt):
        await fetch_day(dc, db, "2021-05-06", progress=stop)
    assert sha256(db) == before

    real = dcfetch.import_file
    calls = []

    def second_fails(path: Path, *a: object, **kw: object):  # type: ignore[no-untyped-def]
        calls.append(path)
        if len(calls) == 2:
            raise RuntimeError("killed while importing the second export")
        return real(path, *a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(dcfetch, "import_file", second_fails)
    with pytest.raises(RuntimeError):
        await fetch_day(dc, db, "2021-05-06")
    assert sha256(db) == before and len(calls) == 2
    left = sorted(p.name for p in db.parent.iterdir())
    assert left == [f".{db.name}.lock", db.name]  # the writers' lock; no half-written file


async def test_a_failed_download_leaves_the_database_as_it_was(
        dc: DemocracyClub, fake: FakeDemocracyClub, db: Path) -> None:
    before = sha256(db)
    fake.fail("/data/export_csv/", 503, times=20)
    with pytest.raises(ServiceUnavailable, match="Democracy Club"):
        await fetch_council(dc, db, "doncaster")
    assert sha256(db) == before


async def test_ballots_a_curator_recorded_are_not_replaced_silently(
        dc: DemocracyClub, builtin_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "elections.sqlite3"
    shutil.copyfile(builtin_db, db)  # holds Doncaster 2021 from the shipped CSV
    before = sha256(db)
    with pytest.raises(ImportFailed, match="already recorded from other sources"):
        await fetch_council(dc, db, "doncaster", "2021-05-06")
    assert sha256(db) == before
    result = await fetch_council(dc, db, "doncaster", "2021-05-06", replace=True)
    assert result.changed


async def test_an_election_dc_has_no_candidates_for_writes_nothing(
        dc: DemocracyClub, db: Path) -> None:
    before = sha256(db)
    result = await fetch_council(dc, db, "cardiff")
    assert result.elections == ("local.cardiff.2019-02-21",) and result.ballots == 0
    assert not result.changed and sha256(db) == before


async def test_what_a_fetch_brought_is_kept_in_the_state_database(
        dc: DemocracyClub, fake: FakeDemocracyClub, db: Path, tmp_path: Path) -> None:
    store = await StateStore.open(tmp_path / "state.sqlite3")
    try:
        first = await fetch_council(dc, db, "doncaster", "2021-05-06")
        await store.dc_fetch_put(first.question, first.fetched_at, first.held.to_json())
        kept = await store.dc_fetch_get("doncaster 2021-05-06")
        assert kept is not None and kept[0] == first.fetched_at
        held = Held.from_json(kept[1])
        assert held == first.held
        made = len(fake.requests)
        again = await fetch_council(dc, db, "doncaster", "2021-05-06", held=held)
        assert again.fresh and len(fake.requests) == made
        assert await store.dc_fetch_get("barnsley") is None
        assert Held.from_json("{not json") is None
        assert Held.from_json('{"fetched_at": "2026-01-01T00:00:00", "exports": {}}') is None
    finally:
        await store.close()


async def test_a_fetch_into_no_database_makes_one(dc: DemocracyClub, tmp_path: Path) -> None:
    db = tmp_path / "new" / "elections.sqlite3"
    result = await fetch_council(dc, db, "barnsley", "2021-05-06")
    assert result.changed and db.exists()
    assert rows(db, "SELECT count(*) FROM ballots") == [(21,)]


async def test_merging_into_curated_data_changes_nothing_where_dc_agrees(
        dc: DemocracyClub, builtin_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "elections.sqlite3"
    shutil.copyfile(builtin_db, db)  # Doncaster 2021 from the shipped CSV: DC's own figures
    before = sha256(db)
    result = await fetch_council(dc, db, "doncaster", "2021-05-06", merge=True)
    assert not result.changed and sha256(db) == before
    assert sum(r.merged_ballots for r in result.reports) == 21
    assert sum(r.disputes for r in result.reports) == 0


async def test_merging_keeps_curated_figures_and_records_dc_s_as_disputes(
        dc: DemocracyClub, fake: FakeDemocracyClub, builtin_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "elections.sqlite3"
    shutil.copyfile(builtin_db, db)
    # DC's record of one ward changes after the curated copy was made: one candidate's votes.
    ballot = fake.data.ballots[WHEATLEY]
    held = rows(db, "SELECT id, name, votes FROM candidacies WHERE ballot_id = ? "
                "ORDER BY votes DESC LIMIT 1", WHEATLEY)[0]
    fake.data.ballots[WHEATLEY] = with_votes(ballot, held[1], held[2] + 7)
    result = await fetch_council(dc, db, "doncaster", "2021-05-06", merge=True)
    assert result.changed
    assert rows(db, "SELECT votes FROM candidacies WHERE id = ?", held[0]) == [(held[2],)]
    [(did, topic)] = rows(db, "SELECT id, topic FROM disputes WHERE subject_id = ?", held[0])
    assert topic.startswith(f"votes for {held[1]}")
    claims = rows(db, "SELECT value FROM dispute_claims WHERE dispute_id = ? ORDER BY seq", did)
    assert claims == [(f"{held[2]:,}",), (f"{held[2] + 7:,}",)]
    text = await answer(db, "/ward Wheatley Hills council:doncaster")
    assert "Sources differ" in text and f"{held[2] + 7:,}" in text


def with_votes(ballot: FakeBallot, name: str, votes: int) -> FakeBallot:
    """The ballot with one candidate's votes in the CSV export changed (a correction at DC)."""
    changed = [{**r, "votes_cast": str(votes)} if r["person_name"] == name else r
               for r in ballot.rows]
    assert changed != ballot.rows
    return FakeBallot(ballot.json, changed, ballot.modified)


async def test_answers_credit_democracy_club_with_the_fetch_time(
        dc: DemocracyClub, db: Path) -> None:
    result = await fetch_council(dc, db, "doncaster", "2021-05-06")
    text = await answer(db, "/ward Wheatley Hills council:doncaster")
    t = result.fetched_at.astimezone(UTC)
    assert "Source: Democracy Club (https://candidates.democracyclub.org.uk/), CC BY 4.0" in text
    assert f"as of Democracy Club data fetched {t.day} {t:%b %Y %H:%M} UTC" in text


async def test_a_ballot_not_counted_is_candidates_standing_never_a_result(
        dc: DemocracyClub, fake: FakeDemocracyClub, db: Path) -> None:
    fake.data.ballots[WHEATLEY] = before_count(fake.data.ballots[WHEATLEY])
    await fetch_council(dc, db, "doncaster", "2021-05-06")
    text = await answer(db, "/ward Wheatley Hills council:doncaster")
    assert "Election on 6 May 2021: these candidates stood; no result is recorded" in text
    assert "Daniel Steven Barwell" in text
    assert "Majority" not in text and "Turnout" not in text and "✅" not in text
    for bid, ballot in list(fake.data.ballots.items()):
        if bid.startswith("local.doncaster."):
            fake.data.ballots[bid] = before_count(ballot)
    await fetch_council(dc, db, "doncaster", "2021-05-06")
    seats = await answer(db, "/seats doncaster")
    assert "Election on 6 May 2021: 168 candidates stood in 21 wards; no result" in seats
    assert "seats ·" not in seats
