"""One candidacy row of an imported CSV, read and checked, in the terms of our records.

Each CSV format (dc_csv.py, dcleapil.py) turns its own columns into Rows; assemble.py
groups them into ballots and makes the records. Ballot-wide fields repeat on every
row of a ballot in both formats, and must agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.importers.values import iso_day

# local.<council>.<ward>[.by].<date>; DCLEAPIL leaves off the "local." prefix.
_BALLOT = re.compile(r"^(local\.)?([a-z0-9-]+)\.([a-z0-9-]+)(\.by)?\.([0-9-]+)$")


@dataclass(frozen=True, slots=True)
class BallotRef:
    council_id: str
    ward_slug: str
    by_election: bool
    date: str

    @property
    def id(self) -> str:
        by = ".by" if self.by_election else ""
        return f"local.{self.council_id}.{self.ward_slug}{by}.{self.date}"

    @property
    def election_id(self) -> str:
        return f"local.{self.council_id}.{self.date}"


def parse_ballot(text: str, *, prefixed: bool) -> BallotRef:
    """A ballot id as the source writes it. Raises ValueError saying what is wrong."""
    m = _BALLOT.match(text.strip())
    if not m or (prefixed and not m.group(1)):
        want = "local.<council>.<ward>.<YYYY-MM-DD>" if prefixed else \
            "<council>.<ward>.<YYYY-MM-DD>"
        raise ValueError(f"ballot id {text!r} is not of the form {want}")
    date = iso_day(m.group(5), f"the date in ballot id {text!r}")
    return BallotRef(m.group(2), m.group(3), bool(m.group(4)), date)


@dataclass(slots=True)
class Row:
    line: int
    ballot: BallotRef
    ward_name: str
    council_name: str | None = None
    gss: str | None = None
    # ballot-wide facts: every row of a ballot must agree on these
    seats: int | None = None
    electorate: int | None = None
    turnout: int | None = None  # ballots cast, as the source states it
    turnout_pct: float | None = None
    spoilt: int | None = None
    cancelled: bool = False
    results_url: str | None = None
    ballot_note: str | None = None  # follows from the ballot-wide fields
    # the candidate
    person_id: str | None = None
    name: str | None = None
    party_id: str | None = None
    votes: int | None = None
    vote_pct: float | None = None
    elected: bool | None = None
    position: int | None = None
    note: str | None = None
    skip: str | None = None  # why this row's ballot is left out (reported as a warning)


# Fields that describe the ballot rather than the candidate.
BALLOT_FIELDS = ("ward_name", "gss", "seats", "electorate", "turnout",
                 "turnout_pct", "spoilt", "cancelled", "results_url")
