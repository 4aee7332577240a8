"""Writing small CSV files of either import format for tests, one dict per row."""

from __future__ import annotations

import csv
from pathlib import Path


def _columns(text: str) -> list[str]:
    return text.split(",")


DC_HEADER = _columns(
    "person_id,person_name,election_id,ballot_paper_id,election_date,election_current,"
    "party_name,party_id,post_label,cancelled_poll,seats_contested,votes_cast,elected,"
    "tied_vote_winner,rank,turnout_reported,spoilt_ballots,total_electorate,"
    "turnout_percentage,results_source,gss,by_election,organisation_name")
LEAP_HEADER = _columns(
    "council,ward,year,merge_ballot_paper,GSS,seats_contested_calc,turnout_valid,"
    "electorate,turnout_percentage,votes_cast,party_name,vote_share,person_name,elected")


def dc_row(n: int = 1, **change: str) -> dict[str, str]:
    row = {"person_id": str(990000 + n), "person_name": f"Person {n}",
           "election_id": "local.testvale.2024-05-02",
           "ballot_paper_id": "local.testvale.north.2024-05-02", "election_date": "2024-05-02",
           "election_current": "False", "party_name": "Labour Party", "party_id": "PP53",
           "post_label": "North", "cancelled_poll": "False", "seats_contested": "1",
           "votes_cast": str(100 + n), "elected": "True" if n == 1 else "False",
           "tied_vote_winner": "False", "rank": "", "turnout_reported": "", "spoilt_ballots": "",
           "total_electorate": "2000", "turnout_percentage": "", "results_source": "",
           "gss": "", "by_election": "False", "organisation_name": "Testvale District Council"}
    row.update(change)
    return row


def leap_row(n: int = 1, **change: str) -> dict[str, str]:
    row = {"council": "Testvale", "ward": "North", "year": "2024",
           "merge_ballot_paper": "testvale.north.2024-05-02", "GSS": "E05999001",
           "seats_contested_calc": "1", "turnout_valid": "", "electorate": "2000",
           "turnout_percentage": "", "votes_cast": str(100 + n), "party_name": "Labour",
           "vote_share": "", "person_name": f"Person {n}", "elected": "t" if n == 1 else "f"}
    row.update(change)
    return row


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, header)
        w.writeheader()
        w.writerows(rows)
    return path
