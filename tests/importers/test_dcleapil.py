"""The DCLEAPIL importer: every known quirk of the dataset, on one small fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.importers.dcleapil import turnout
from bot.importers.errors import ImportFailed
from tests.importers.conftest import (
    IMPORT_FIXTURES,
    answer,
    counts,
    rows,
    run_import,
    sha256,
)

QUIRKS = IMPORT_FIXTURES / "dcleapil-quirks.csv"
FELP_2019 = "local.borsetshire.felpersham-central.2019-05-02"
FELP_2023 = "local.borsetshire.felpersham-central.2023-05-04"
STM = "local.borsetshire.st-marys-westfield.2019-05-02"
NHW = "local.borsetshire.north-hinksey-and-wytham.2019-05-02"


@pytest.fixture
def imported(db: Path) -> Path:
    report = run_import(db, QUIRKS)
    assert report.format == "dcleapil"  # detected from the header, BOM and all
    return db


def test_skipped_rows_are_reported_with_their_lines(db: Path) -> None:
    report = run_import(db, QUIRKS)
    assert [(w.line, w.reason) for w in report.warnings] == [
        (18, "skipped: no year"),
        (19, "skipped with the rest of ballot local.borsetshire.loxley-barrett.2019-05-02 "
             "(line 18: no year)"),
        (20, "skipped: seats_contested_calc is 0"),
        (21, "skipped: seats_contested_calc is 0"),
    ]
    assert report.rows == 26 and report.skipped_rows == 4
    assert report.counts["ballots"] == 6 and report.counts["candidacies"] == 22
    assert rows(db, "SELECT count(*) FROM ballots WHERE id LIKE '%loxley-barrett.2019%' "
                "OR id LIKE '%darrington%'") == [(0,)]


def test_ballot_ids_get_the_local_prefix(imported: Path) -> None:
    ids = {bid for (bid,) in rows(imported, "SELECT id FROM ballots WHERE election_id LIKE "
                                            "'local.borsetshire.%' OR election_id LIKE "
                                            "'local.penny-hassett.%'")}
    assert ids == {FELP_2019, FELP_2023, STM, NHW, "local.borsetshire.hollerton.2019-05-02",
                   "local.penny-hassett.church.2019-05-02"}


def test_thousands_separators_and_t_f(imported: Path) -> None:
    got = rows(imported, "SELECT name, votes, elected FROM candidacies WHERE ballot_id = ? "
               "ORDER BY rowid", FELP_2019)
    assert got[:4] == [("Ann Able", 1251, 1), ("Ben Best", 1190, 1), ("Cat Cole", 1102, 1),
                       ("Dee Dale", 998, 0)]
    assert rows(imported, "SELECT electorate FROM ballots WHERE id = ?", FELP_2019) == [(4200,)]


def test_summed_turnout_is_never_ballots_cast(imported: Path) -> None:
    got = dict((b, (t, pct, n)) for b, t, pct, n in rows(
        imported, "SELECT id, turnout, turnout_pct, notes FROM ballots WHERE id IN (?, ?, ?)",
        FELP_2019, STM, NHW))
    # over 100%: impossible, so not kept, and the note says why
    assert got[FELP_2019][:2] == (None, None)
    assert "turnout_percentage 154.83, which cannot be a turnout" in got[FELP_2019][2]
    # under 100% but equal to turnout_valid / electorate in a 2-seat ward: inflated
    assert got[STM][:2] == (None, None)
    assert "overstates turnout" in got[STM][2]
    # one seat, plausible: kept as stated; turnout_valid is still not ballots cast
    assert got[NHW] == (None, 31.5, "[]")


def test_vote_share_is_never_copied_to_running_mates(imported: Path) -> None:
    multi = rows(imported, "SELECT name, vote_pct, note FROM candidacies WHERE ballot_id = ? "
                 "ORDER BY rowid", FELP_2019)
    assert multi[0] == ("Ann Able", None, "DCLEAPIL vote share 38.2% (given for each party's "
                                          "top candidate only)")
    assert multi[1] == ("Ben Best", None, None)  # Labour's second: nothing stated, nothing made
    assert multi[2] == ("Cat Cole", None, None)
    assert [m[1] for m in multi] == [None] * 8
    single = rows(imported, "SELECT name, vote_pct, note FROM candidacies WHERE ballot_id = ? "
                  "ORDER BY rowid", NHW)
    assert single == [("Nia Nash", 53.3, None), ("Ola Orr", 33.3, None), ("Pip Pugh", 13.3, None)]


def test_uncontested_seat_has_no_votes(imported: Path) -> None:
    assert rows(imported, "SELECT name, votes, elected, party_id FROM candidacies "
                "WHERE ballot_id = 'local.borsetshire.hollerton.2019-05-02'") == [
        ("Quinn Quill", None, 1, "conservative")]


def test_new_boundaries_make_a_new_ward(imported: Path) -> None:
    wards = rows(imported, "SELECT b.id, b.ward_id, w.gss FROM ballots b JOIN wards w ON "
                 "w.id = b.ward_id WHERE b.id IN (?, ?) ORDER BY b.id", FELP_2019, FELP_2023)
    assert wards == [(FELP_2019, "borsetshire-e05099911:felpersham-central", "E05099911"),
                     (FELP_2023, "borsetshire-e05099931:felpersham-central", "E05099931")]


def test_parties_mapped_by_name_and_people_not_invented(imported: Path) -> None:
    parties = dict(rows(imported, "SELECT name, party_id FROM candidacies WHERE ballot_id = ?",
                        FELP_2019))
    assert parties["Fay Ford"] == "liberal-democrats"  # "Liberal Democrat"
    assert parties["Hal Hart"] == "borsetshire-independents"  # new
    assert rows(imported, "SELECT count(*) FROM candidacies WHERE ballot_id LIKE "
                "'local.borsetshire.%' AND person_id IS NOT NULL") == [(0,)]
    assert rows(imported, "SELECT name, short_name FROM councils WHERE id = 'penny-hassett'") == [
        ("Penny Hassett", "Penny Hassett")]
    (src,) = rows(imported, "SELECT title, licence FROM sources WHERE id = "
                            "'dcleapil-dcleapil-quirks'")
    assert "dcleapil-quirks.csv" in src[0] and src[1] == "CC BY-SA 4.0 (DCLEAPIL)"


async def test_ward_answers_from_imported_rows(imported: Path) -> None:
    text = await answer(imported, "/ward felpersham central 2019")
    assert text.startswith("Felpersham Central ward · Borsetshire · 2 May 2019")
    assert "✅ Cat Cole · Labour · 1,102 votes" in text
    assert "▫️ Hal Hart · Borsetshire Independents · 180 votes" in text
    assert "Electorate\n  4,200" in text and "cannot be a turnout" in text
    assert "  [1] DCLEAPIL dataset: DCLEAPIL UK local election results CSV: dcleapil-quirks.csv" \
        in text.splitlines()
    latest = await answer(imported, "/ward felpersham central")
    assert "Felpersham Central ward · Borsetshire · 4 May 2023" in latest
    assert "Turnout\n  37.2%" in latest
    seats = await answer(imported, "/seats borsetshire 2019")
    assert "Labour — 3 seats" in seats and "Conservative — 3 seats" in seats
    assert "votes not recorded" in seats  # Hollerton has no votes, so no vote total is made


def test_council_option_imports_one_council(db: Path) -> None:
    report = run_import(db, QUIRKS, council="penny-hassett")
    assert report.counts["ballots"] == 1 and report.other_councils == 24
    assert not report.warnings  # the skipped rows belong to another council


def test_every_problem_is_reported_and_nothing_changes(db: Path) -> None:
    before = sha256(db)
    with pytest.raises(ImportFailed) as info:
        run_import(db, IMPORT_FIXTURES / "dcleapil-bad.csv")
    assert [(p.line, p.reason) for p in info.value.problems] == [
        (2, "votes_cast '1,25' is not a whole number"),
        (3, "elected 'maybe' is not true/false (t/f)"),
        (4, "year 2018 does not match the date in merge_ballot_paper (2019-05-02)"),
        (5, "ballot local.borsetshire.waterley-cross.2019-05-02: 2 candidates elected but only "
            "1 seat(s) (lines 5–7)"),
        (7, "ballot local.borsetshire.waterley-cross.2019-05-02: candidate 'Ed Eve' is listed "
            "twice (also on line 6)"),
        (8, "turnout_percentage 'abc' is not a number"),
        (9, "has 3 cells but the header has 14"),
    ]
    assert sha256(db) == before


def test_reimport_is_idempotent(db: Path) -> None:
    run_import(db, QUIRKS)
    first = counts(db)
    run_import(db, QUIRKS)
    assert counts(db) == first


@pytest.mark.parametrize(("pct", "valid", "electorate", "seats", "kept"), [
    (31.5, 1500, 4800, 1, 31.5),
    (37.25, 1900, 5100, 1, 37.25),  # one seat: valid votes / electorate is a turnout
    (48.1, 2886, 6000, 2, None),  # two seats: the same sum overstates it
    (34.0, 2886, 6000, 2, 34.0),  # a stated figure that is not the naive sum is kept
    (154.83, 6503, 4200, 3, None),
    (0.0, None, None, 1, None),
    (None, 900, 3000, 1, None),
])
def test_turnout_plausibility(pct: float | None, valid: int | None, electorate: int | None,
                              seats: int, kept: float | None) -> None:
    value, note = turnout(pct, valid, electorate, seats)
    assert value == kept
    assert (note is not None) == (pct is not None and kept is None)


def test_council_names_keep_their_punctuation(db: Path, tmp_path: Path) -> None:
    text = QUIRKS.read_text(encoding="utf-8-sig").splitlines()
    renamed = tmp_path / "renamed.csv"
    renamed.write_text("\n".join([text[0], *(line.replace("Penny Hassett", "St John's & Hassett")
                                            .replace("penny-hassett.", "st-johns-hassett.")
                                            for line in text[25:27])]) + "\n", encoding="utf-8")
    run_import(db, renamed)
    assert rows(db, "SELECT name, short_name FROM councils WHERE id = 'st-johns-hassett'") == [
        ("St John's & Hassett", "St John's & Hassett")]
