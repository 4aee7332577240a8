"""DCLEAPIL: UK local election results 2006–2024 in one CSV (CC BY-SA 4.0).

One row per candidacy. Its known quirks, and what the importer does with each:

- a UTF-8 byte-order mark: dropped;
- a `GSS` cell holding a legacy post id (`MTW:E05010881`): the code inside is taken; one
  holding no code at all (a slug): left empty, with one warning for the file, since an
  optional identifier never decides whether a file imports;
- votes and electorates with thousands separators ("1,251"): read as numbers;
- `elected` as t/f: read as true/false;
- `merge_ballot_paper` without the `local.` prefix (burnley.bank-hall.2024-05-02): the
  prefix is added to make our ballot id;
- `turnout_valid` is every vote cast added up, so in a ward electing three it counts
  each voter up to three times: it is never stored as ballots cast. A
  `turnout_percentage` is kept only when plausible: over 100% (or 0), or equal to
  turnout_valid / electorate in a multi-seat ward, it is left out with a note saying why;
- `vote_share` is filled only for each party's top candidate: in a one-seat ward that
  is the candidate's own share and is kept as such; in a multi-seat ward it is not the
  candidate's share of ballots, so it is kept only as a note on that candidate, never
  copied to running mates, and no share is computed;
- rows with no `year`, or with `seats_contested_calc` 0 (no seat recorded as filled):
  skipped with a warning naming the line, together with the rest of their ballot so a
  ballot is never shown with candidates missing. A skipped row is only checked for
  what places it in a ballot.

DCLEAPIL does not identify people, so candidates are recorded by name only: two
rows with the same name are not assumed to be the same person.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.importers import values as v
from bot.importers.csvfile import CsvFile
from bot.importers.parties import PartyMapper
from bot.importers.report import ImportReport
from bot.importers.rows import BallotRef, Row, parse_ballot

REQUIRED = ("council", "ward", "year", "merge_ballot_paper", "GSS", "seats_contested_calc",
            "turnout_valid", "electorate", "turnout_percentage", "votes_cast", "party_name",
            "vote_share", "person_name", "elected")
# turnout_percentage within this many points of turnout_valid / electorate was computed
# from the summed votes (rounding to two decimals moves it by at most 0.005).
_SAME_PCT = 0.05


def turnout(pct: float | None, valid: int | None, electorate: int | None,
            seats: int | None) -> tuple[float | None, str | None]:
    """The turnout percentage to keep, and a note when one is given but not kept."""
    if pct is None:
        return None, None
    multi = seats is not None and seats > 1
    if pct <= 0 or pct > 100:
        why = (f" (it counts every vote, and each voter here had up to {seats})" if multi
               else "")
        return None, (f"Turnout not shown: DCLEAPIL gives turnout_percentage {pct:g}, which "
                      f"cannot be a turnout{why}.")
    if multi and valid and electorate and abs(100 * valid / electorate - pct) < _SAME_PCT:
        return None, (f"Turnout not shown: DCLEAPIL's {pct:g}% is all votes cast divided by "
                      f"the electorate, and each voter here had up to {seats} votes, so it "
                      "overstates turnout.")
    return pct, None


def _numbers(f: list[str], ix: dict[str, int]) -> tuple:
    return (v.whole(f[ix["year"]], "year"), v.whole(f[ix["seats_contested_calc"]],
                                                      "seats_contested_calc"),
            v.whole(f[ix["turnout_valid"]], "turnout_valid"),
            v.whole(f[ix["electorate"]], "electorate"),
            v.decimal(f[ix["turnout_percentage"]], "turnout_percentage"),
            v.whole(f[ix["votes_cast"]], "votes_cast"),
            v.decimal(f[ix["vote_share"]], "vote_share", 100.0),
            v.flag(f[ix["elected"]], "elected"))


def _number_problems(f: list[str], ix: dict[str, int]) -> list[str]:
    """Every unreadable cell of a row (the slow path, only for rows with a problem)."""
    checks = [(v.whole, "year"), (v.whole, "seats_contested_calc"), (v.whole, "turnout_valid"),
              (v.whole, "electorate"), (v.decimal, "turnout_percentage"),
              (v.whole, "votes_cast"), (v.flag, "elected")]
    out = []
    for parse, name in checks:
        try:
            parse(f[ix[name]], name)
        except ValueError as exc:
            out.append(str(exc))
    try:
        v.decimal(f[ix["vote_share"]], "vote_share", 100.0)
    except ValueError as exc:
        out.append(str(exc))
    return out


def _row_problems(year: int, ref: BallotRef, name: str | None, party_name: str,
                  register_id: str, ward_name: str, parties: PartyMapper) -> list[str]:
    """What makes a row with readable numbers unusable, each in words."""
    problems = []
    if year != int(ref.date[:4]):
        problems.append(f"year {year} does not match the date in merge_ballot_paper "
                        f"({ref.date})")
    if name is None and not party_name and not register_id:
        problems.append("the row names neither a candidate nor a party")
    if not ward_name:
        problems.append("ward is empty")
    clash = parties.conflict(register_id, party_name)
    if clash:
        problems.append(clash)
    return problems


def read_rows(csv: CsvFile, report: ImportReport, parties: PartyMapper,
              council: str | None) -> Iterator[Row]:
    ix: dict[str, int] = {}
    for name in REQUIRED:
        i = csv.index(name)
        assert i is not None  # the pipeline refuses a file with a required column missing
        ix[name.casefold()] = i
    party_col = csv.index("party_id")
    last_raw, last_ref = "", None  # a ballot's rows come together: parse its id once
    odd_gss: str | None = None  # the first GSS cell that holds no code (warned once)
    for line, f in csv.rows():
        report.rows += 1
        raw_ballot = f[ix["merge_ballot_paper"]].strip()
        if raw_ballot == last_raw and last_ref is not None:
            ref: BallotRef | None = last_ref
        else:
            try:
                ref = parse_ballot(raw_ballot, prefixed=False)
            except ValueError as exc:
                ref, bad_ballot = None, str(exc)
            last_raw, last_ref = raw_ballot, ref
        if ref is not None and council and ref.council_id != council:
            report.other_councils += 1
            continue
        year_text = f[ix["year"]].strip()
        if not year_text:
            if ref is None:  # nothing to place it by
                report.warn(line, "skipped: no year and no usable merge_ballot_paper")
                report.skipped_rows += 1
                continue
            yield Row(line, ref, f[ix["ward"]].strip(), skip="no year")
            continue
        if ref is None:
            report.problem(line, f"merge_ballot_paper: {bad_ballot}")
            continue
        if f[ix["seats_contested_calc"]].strip() in ("0", "0.0"):
            yield Row(line, ref, f[ix["ward"]].strip(), skip="seats_contested_calc is 0")
            continue
        try:
            year, seats, valid, electorate, pct, votes, share, elected = _numbers(f, ix)
        except ValueError:
            for reason in _number_problems(f, ix):
                report.problem(line, reason)
            continue
        name = f[ix["person_name"]].strip() or None
        party_name = f[ix["party_name"]].strip()
        register_id = f[party_col].strip() if party_col is not None else ""
        ward_name = f[ix["ward"]].strip()
        problems = _row_problems(year, ref, name, party_name, register_id, ward_name, parties)
        if problems:
            for reason in problems:
                report.problem(line, reason)
            continue
        # GSS is optional: a legacy post id ("MTW:E05010881") gives the code inside it,
        # anything else (a slug) is dropped, with one warning for the file.
        gss, usable = v.gss_within(f[ix["gss"]])
        if not usable and odd_gss is None:
            odd_gss = f[ix["gss"]].strip()
            report.warn(line, f"GSS {v.short(odd_gss)} holds no GSS code; the GSS column "
                        "is left empty wherever it has no code (this is said once per file)")
        kept_pct, pct_note = turnout(pct, valid, electorate, seats)
        vote_pct = note = None
        if share is not None:
            if seats == 1:
                vote_pct = share
            else:
                note = f"DCLEAPIL vote share {share:g}% (given for each party's top candidate only)"
        yield Row(
            line, ref, ward_name, council_name=f[ix["council"]].strip() or None, gss=gss,
            seats=seats, electorate=electorate, turnout_pct=kept_pct, ballot_note=pct_note,
            name=name, party_id=parties.map(register_id, party_name), votes=votes,
            vote_pct=vote_pct, elected=elected, note=note)
