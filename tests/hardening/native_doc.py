"""A small valid native file about an invented council, for tests to break one field of."""

from __future__ import annotations

import copy
from typing import Any

BALLOT = "local.testvale.north.2024-05-02"
_DOC: dict[str, Any] = {
    "format": "election-bot-native/1",
    "name": "testvale",
    "sources": [{"id": "testvale-results", "title": "Testvale results 2024",
                 "url": "https://example.org/results"}],
    "parties": [{"id": "testvale-first", "name": "Testvale First", "short_name": "TF",
                 "abbr": "TF", "colour": "#123456", "aliases": ["TV First"]}],
    "councils": [{"id": "testvale", "name": "Testvale District Council",
                  "short_name": "Testvale", "cites": [{"source": "testvale-results"}]}],
    "boundary_sets": [{"id": "testvale-2024", "council_id": "testvale", "name": "2024 wards",
                       "first_used": "2024-05-02", "cites": [{"source": "testvale-results"}]}],
    "wards": [{"id": "testvale-2024:north", "council_id": "testvale",
               "boundary_set_id": "testvale-2024", "slug": "north", "name": "North",
               "cites": [{"source": "testvale-results"}]}],
    "elections": [{"id": "local.testvale.2024-05-02", "council_id": "testvale", "year": 2024,
                   "date": "2024-05-02", "total_seats": 1,
                   "cites": [{"source": "testvale-results"}]}],
    "ballots": [{"id": BALLOT, "election_id": "local.testvale.2024-05-02",
                 "ward_id": "testvale-2024:north", "date": "2024-05-02", "seats": 1,
                 "electorate": 1000, "turnout": 400, "turnout_pct": 40.0,
                 "cites": [{"source": "testvale-results"}]}],
    "people": [{"id": "testvale-ann", "name": "Ann Example"}],
    "candidacies": [{"id": f"{BALLOT}#1", "ballot_id": BALLOT, "person_id": "testvale-ann",
                     "name": "Ann Example", "party_id": "testvale-first", "votes": 300,
                     "vote_pct": 75.0, "elected": True},
                    {"id": f"{BALLOT}#2", "ballot_id": BALLOT, "name": "Bob Example",
                     "party_id": "labour", "votes": 100, "elected": False}],
}


def native_doc() -> dict[str, Any]:
    return copy.deepcopy(_DOC)
