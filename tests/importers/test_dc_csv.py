"""The Democracy Club candidates CSV importer, on small fixture files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.importers.errors import ImportFailed
from bot.importers.parties import NEUTRAL_COLOUR
from bot.store.export import export_dataset
from tests.importers.conftest import (
    IMPORT_FIXTURES,
    answer,
    counts,
    rows,
    run_import,
    sha256,
)

TWO = IMPORT_FIXTURES / "dc-two-ballots.csv"
MAIN = "local.ambridge.st-marys-westfield.2022-05-05"
BY = "local.ambridge.north-hinksey-and-wytham.by.2023-02-16"


def test_two_ballots_import_with_their_facts(db: Path) -> None:
    report = run_import(db, TWO)
    assert report.format == "dc-csv" and report.rows == 10 and not report.warnings
    assert report.counts["ballots"] == 2 and report.counts["candidacies"] == 10
    ballots = rows(db, "SELECT id, election_id, ward_id, date, by_election, seats, electorate, "
                   "turnout, turnout_pct, spoilt FROM ballots WHERE id IN (?, ?) ORDER BY id",
                   MAIN, BY)
    assert ballots == [
        (BY, "local.ambridge.2023-02-16", "ambridge-e05099902:north-hinksey-and-wytham",
         "2023-02-16", 1, 1, 4057, 1020, 25.14, 4),
        (MAIN, "local.ambridge.2022-05-05", "ambridge-e05099901:st-marys-westfield",
         "2022-05-05", 0, 3, 9012, 3104, 34.44, 12),
    ]
    # The ward keeps its name as written ('&' and all); its slug is the ballot id's.
    assert rows(db, "SELECT name, slug, gss, boundary_set_id FROM wards WHERE id = ?",
                "ambridge-e05099901:st-marys-westfield") == [
        ("St Mary's & Westfield", "st-marys-westfield", "E05099901", "ambridge-e05099901")]
    assert rows(db, "SELECT name, short_name FROM councils WHERE id = 'ambridge'") == [
        ("Ambridge District Council", "Ambridge")]
    assert rows(db, "SELECT year, date, total_seats FROM elections WHERE id = ?",
                "local.ambridge.2022-05-05") == [(2022, "2022-05-05", None)]


def test_parties_people_and_candidacies(db: Path) -> None:
    run_import(db, TWO)
    got = rows(db, "SELECT c.id, c.person_id, c.name, c.party_id, c.votes, c.elected, "
               "c.position, c.vote_pct FROM candidacies c WHERE c.ballot_id = ? ORDER BY c.rowid",
               MAIN)
    assert [(g[2], g[3], g[4], g[5]) for g in got] == [
        ("Alice Archer", "labour", 1812, 1),
        ("Bob Brookfield", "labour-co-operative", 1701, 1),  # joint-party:53-119
        ("Grundy, Clarrie", "conservative", 1650, 1),
        ("Dan Dobbs", "conservative", 1502, 0),
        ("Eddie Grundy", "ambridge-residents-association", 1207, 0),  # new, from PP99001
        ("Fiona Fry", "green", 604, 0),  # no register id: matched by name
        ("Gina Gale", "independent", 298, 0),  # ynmp-party:2
    ]
    assert got[0][0] == f"{MAIN}#1" and got[0][1] == "dc-person-900001"
    assert [g[6] for g in got] == [1, 2, 3, 4, 5, 6, 7]
    assert all(g[7] is None for g in got)  # no share is stated, none is stored
    assert rows(db, "SELECT name, colour, register_ids FROM parties WHERE id = ?",
                "ambridge-residents-association") == [
        ("Ambridge Residents' Association", NEUTRAL_COLOUR, '["PP99001"]')]
    # Ivy Irons stood for the same new party in the by-election: found by register id.
    assert rows(db, "SELECT party_id FROM candidacies WHERE name = 'Ivy Irons'") == [
        ("ambridge-residents-association",)]
    assert rows(db, "SELECT name FROM people WHERE id = 'dc-person-900003'") == [
        ("Grundy, Clarrie",)]
    assert rows(db, "SELECT note FROM candidacies WHERE name = 'Harry Hill'") == [
        ("won on equal votes, by lot (tied_vote_winner)",)]


def test_sources_name_the_file_and_licence(db: Path) -> None:
    run_import(db, TWO)
    (src,) = rows(db, "SELECT title, licence, note FROM sources WHERE id = 'dc-csv-dc-two-ballots'")
    assert "dc-two-ballots.csv" in src[0] and src[1].startswith("CC BY-SA")
    assert "sha256" in src[2]
    cites = rows(db, "SELECT subject_id, source_id, note FROM citations WHERE subject_kind = "
                 "'ballot' AND subject_id IN (?, ?) ORDER BY subject_id, seq", MAIN, BY)
    assert cites[0][1] == "dc-csv-dc-two-ballots" and cites[0][2] == "lines 9–11"
    assert cites[1][1].startswith("results-source-")
    assert cites[2:] == [(MAIN, "dc-csv-dc-two-ballots", "lines 2–8"),
                         (MAIN, "dc-result-set-90001", None)]
    assert rows(db, "SELECT url, licence FROM sources WHERE id = 'dc-result-set-90001'") == [
        ("https://candidates.democracyclub.org.uk/api/v0.9/result_sets/90001/",
         "CC BY-SA (Democracy Club; credit “Democracy Club”)")]


async def test_ward_answer_lists_the_candidates_and_names_the_file(db: Path) -> None:
    run_import(db, TWO)
    text = await answer(db, "/ward st marys and westfield")
    lines = text.splitlines()
    assert lines[0] == "St Mary's & Westfield ward · Ambridge · 5 May 2022"
    # the detail's full lines (the public card's coloured ones carry no " · ")
    cands = [x.strip() for x in lines if x.strip()[:1] in ("✅", "▫") and " · " in x]
    assert cands == [
        "✅ Alice Archer · Labour · 1,812 votes",
        "✅ Bob Brookfield · Labour and Co-operative · 1,701 votes",
        "✅ Grundy, Clarrie · Conservative · 1,650 votes",
        "▫️ Dan Dobbs · Conservative · 1,502 votes",
        "▫️ Eddie Grundy · Ambridge Residents' Association · 1,207 votes",
        "▫️ Fiona Fry · Green · 604 votes",
        "▫️ Gina Gale · Independent · 298 votes",
    ]
    assert "3,104 ballots of 9,012 electors (34.4%)" in text
    assert "  [1] Democracy Club candidates CSV: dc-two-ballots.csv" in lines
    by = await answer(db, "/ward north hinksey and wytham")
    assert "by-election of 16 February 2023" in by and "won on equal votes, by lot" in by


async def test_cancelled_poll_says_so_and_claims_no_winner(db: Path) -> None:
    run_import(db, IMPORT_FIXTURES / "dc-cancelled.csv")
    bid = "local.ambridge.loxley-barrett.2022-05-05"
    assert rows(db, "SELECT votes, elected FROM candidacies WHERE ballot_id = ?", bid) == [
        (None, None), (None, None)]
    (notes,) = rows(db, "SELECT notes FROM ballots WHERE id = ?", bid)[0]
    assert "cancelled" in notes and "2 candidate(s) stood for 2 seat(s)" in notes
    assert "does not say who was elected" in notes
    # No GSS code: the ward cannot be matched across years, so its set is the year's.
    assert rows(db, "SELECT ward_id FROM ballots WHERE id = ?", bid) == [
        ("ambridge-as-of-2022:loxley-barrett",)]
    text = await answer(db, "/ward loxley barrett")
    assert "The poll was cancelled" in text and "✅" not in text


def test_every_problem_is_reported_with_its_line_and_nothing_changes(db: Path) -> None:
    before = sha256(db)
    with pytest.raises(ImportFailed) as info:
        run_import(db, IMPORT_FIXTURES / "dc-bad-rows.csv")
    got = [(p.line, p.reason) for p in info.value.problems]
    assert got == [
        (4, "votes_cast '12a' is not a whole number"),
        (5, "ballot local.ambridge.ambridge-central.2022-05-05: candidate 'Nora Nash' is listed "
            "twice (also on line 2)"),
        (6, "ballot local.ambridge.brookfield.2022-05-05: 2 candidates elected but only 1 "
            "seat(s) (lines 6–7)"),
        (8, "election_date '2022-13-05' is not a date (YYYY-MM-DD)"),
        (9, "person_name is empty"),
    ]
    assert all(p.file.endswith("dc-bad-rows.csv") for p in info.value.problems)
    assert sha256(db) == before
    # no temporary file left (the writer lock file stays: removing it would race a waiter)
    assert sorted(p.name for p in db.parent.iterdir()) == [f".{db.name}.lock", db.name]


def test_missing_columns_are_all_reported_on_line_1(db: Path) -> None:
    before = sha256(db)
    with pytest.raises(ImportFailed) as info:
        run_import(db, IMPORT_FIXTURES / "dc-missing-column.csv")
    assert [(p.line, p.reason) for p in info.value.problems] == [
        (1, "missing column 'post_label'"), (1, "missing column 'seats_contested'")]
    assert sha256(db) == before


def test_reimport_is_idempotent(db: Path) -> None:
    run_import(db, TWO)
    first, dump = counts(db), export_dataset(db)
    again = run_import(db, TWO)
    assert again.replaced_ballots == 2
    assert counts(db) == first
    assert export_dataset(db) == dump


def test_council_option_and_out_of_scope_rows(db: Path, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="no row is for council 'elsewhere'"):
        run_import(db, TWO, council="elsewhere")
    text = TWO.read_text(encoding="utf-8").splitlines()
    parl = text[1].replace("local.ambridge.st-marys-westfield.2022-05-05",
                           "parl.ambridge.2022-05-05")
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("\n".join([*text, parl]) + "\n", encoding="utf-8")
    report = run_import(db, mixed, council="ambridge")
    assert [(w.line, w.reason) for w in report.warnings] == [
        (12, "skipped: parl.ambridge.2022-05-05 is not a local council election")]
    assert report.counts["candidacies"] == 10


def test_ids_are_checked_against_each_other(db: Path, tmp_path: Path) -> None:
    text = TWO.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "bad-ids.csv"
    text[2] = text[2].replace("local.ambridge.2022-05-05,", "local.ambridgeshire.2022-05-05,", 1)
    text[3] = text[3].replace(",False,Ambridge", ",True,Ambridge")  # by_election on a main ballot
    text[4] = text[4].replace("local.ambridge.st-marys-westfield.2022-05-05",
                              "local.ambridge.St Marys.2022-05-05")
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        run_import(db, bad)
    reasons = {p.line: p.reason for p in info.value.problems}
    assert "election_id 'local.ambridgeshire.2022-05-05' does not match" in reasons[3]
    assert "by_election is 'True' but the ballot id has no '.by.'" in reasons[4]
    assert "is not of the form local.<council>.<ward>.<YYYY-MM-DD>" in reasons[5]


def test_a_ballot_other_sources_recorded_is_replaced_only_when_asked(db: Path,
                                                                     tmp_path: Path) -> None:
    """A partial file must not silently wipe a curated result (Burnt Oak 2022 has seven
    candidates, turnout and notes from other sources)."""
    bid = "local.barnet.burnt-oak.2022-05-05"
    partial = tmp_path / "partial.csv"
    partial.write_text(
        "person_id,person_name,election_id,ballot_paper_id,election_date,election_current,"
        "party_name,party_id,post_label,cancelled_poll,seats_contested,votes_cast,elected\n"
        f"1,Sara Conway,local.barnet.2022-05-05,{bid},2022-05-05,False,Labour Party,PP53,"
        "Burnt Oak,False,3,2545,True\n", encoding="utf-8")
    before = sha256(db)
    with pytest.raises(ImportFailed) as info:
        run_import(db, partial)
    (problem,) = info.value.problems
    assert problem.line == 2 and "already recorded from other sources (wikimili-burnt-oak-ward" \
        in problem.reason and "--replace" in problem.reason
    assert sha256(db) == before
    report = run_import(db, partial, replace=True)
    assert report.replaced_ballots == 1
    assert rows(db, "SELECT ward_id FROM ballots WHERE id = ?", bid) == [("barnet-2022:burnt-oak",)]
    assert rows(db, "SELECT count(*) FROM candidacies WHERE ballot_id = ?", bid) == [(1,)]
