"""Democracy Club's candidates CSV export (candidates.democracyclub.org.uk/data/).

One row per candidacy. Ids are taken as Democracy Club writes them, never rebuilt
from names (its slugs drop "&": "Adwick le Street & Carcroft" is
`adwick-le-street-carcroft`). People keep Democracy Club's identity
(`dc-person-<person_id>`). Rows of other election types (parl., mayor., ...) are
outside what the bot answers about: they are left out with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from bot.importers import values as v
from bot.importers.csvfile import CsvFile
from bot.importers.parties import PartyMapper
from bot.importers.report import ImportReport
from bot.importers.rows import Row, parse_ballot

CORE = ("person_id", "person_name", "election_id", "ballot_paper_id", "election_date",
        "election_current", "party_name", "party_id", "post_label", "cancelled_poll",
        "seats_contested")
RESULTS = ("votes_cast", "elected", "tied_vote_winner", "rank", "turnout_reported",
           "spoilt_ballots", "total_electorate", "turnout_percentage", "results_source")
EXTRA = ("gss", "by_election", "organisation_name")
_OTHER_TYPE = re.compile(r"^[a-z]+\.")


class _Cells:
    """One row's cells by column name, collecting every unreadable one."""

    def __init__(self, fields: list[str], col: dict[str, int | None]) -> None:
        self.fields, self.col = fields, col
        self.errors: list[str] = []

    def get(self, name: str) -> str:
        return v.cell(self.fields, self.col[name]).strip()

    def check(self, parse: Callable[..., Any], name: str, *args: Any) -> Any:
        try:
            return parse(self.get(name), name, *args)
        except ValueError as exc:
            self.errors.append(str(exc))
            return None


def read_rows(csv: CsvFile, report: ImportReport, parties: PartyMapper,
              council: str | None) -> Iterator[Row]:
    col = {name: csv.index(name) for name in (*CORE, *RESULTS, *EXTRA)}
    for line, fields in csv.rows():
        report.rows += 1
        cells = _Cells(fields, col)
        get, check, errors = cells.get, cells.check, cells.errors
        raw_ballot = get("ballot_paper_id")
        if not raw_ballot.startswith("local.") and _OTHER_TYPE.match(raw_ballot):
            report.warn(line, f"skipped: {raw_ballot} is not a local council election")
            report.skipped_rows += 1
            continue
        try:
            ref = parse_ballot(raw_ballot, prefixed=True)
        except ValueError as exc:
            report.problem(line, str(exc))
            continue
        if council and ref.council_id != council:
            report.other_councils += 1
            continue
        date = check(v.iso_day, "election_date")
        if date is not None and date != ref.date:
            errors.append(f"election_date {date} is not the date in the ballot id ({ref.date})")
        election_id = get("election_id")
        if election_id != ref.election_id:
            errors.append(f"election_id {election_id!r} does not match the ballot id "
                          f"(expected {ref.election_id!r})")
        by_flag = check(v.flag, "by_election")
        if by_flag is not None and by_flag != ref.by_election:
            errors.append(f"by_election is {get('by_election')!r} but the ballot id "
                          f"{'has' if ref.by_election else 'has no'} '.by.'")
        person = get("person_id")
        if not (person.isascii() and person.isdigit()):
            errors.append(f"person_id {person!r} is not a Democracy Club person number")
        name = get("person_name")
        if not name:
            errors.append("person_name is empty")
        ward_name = get("post_label")
        if not ward_name:
            errors.append("post_label (the ward's name) is empty")
        check(v.flag, "election_current")
        cancelled = check(v.flag, "cancelled_poll")
        seats = check(v.whole, "seats_contested")
        if seats == 0:
            errors.append("seats_contested is 0")
        votes = check(v.whole, "votes_cast")
        if votes is not None and cancelled:
            errors.append("votes_cast is given for a cancelled poll")
        elected = check(v.flag, "elected")
        tied = check(v.flag, "tied_vote_winner")
        rank = check(v.whole, "rank")
        turnout = check(v.whole, "turnout_reported")
        spoilt = check(v.whole, "spoilt_ballots")
        electorate = check(v.whole, "total_electorate")
        turnout_pct = check(v.decimal, "turnout_percentage", 100.0)
        gss = None
        try:
            gss = v.gss(get("gss"))
        except ValueError as exc:
            errors.append(str(exc))
        clash = parties.conflict(get("party_id"), get("party_name"))
        if clash:
            errors.append(clash)
        for reason in errors:
            report.problem(line, reason)
        if errors:
            continue
        yield Row(
            line=line, ballot=ref, ward_name=ward_name,
            council_name=get("organisation_name") or None, gss=gss, seats=seats,
            electorate=electorate, turnout=turnout, turnout_pct=turnout_pct, spoilt=spoilt,
            cancelled=bool(cancelled), results_url=get("results_source") or None,
            person_id=f"dc-person-{person}", name=name,
            party_id=parties.map(get("party_id"), get("party_name")), votes=votes,
            elected=elected, position=rank,
            note="won on equal votes, by lot (tied_vote_winner)" if tied else None)
