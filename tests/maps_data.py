"""Real results for the map tests, read from the project's data files (never invented)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from bot import domain, maps

DATA = Path(__file__).resolve().parent.parent / "data"
BARNET_2022 = "local.barnet.2022-05-05"


def parties() -> dict[str, maps.PartyStyle]:
    """Party styles by our id and by register id (Democracy Club's PP53 is Labour)."""
    out = {}
    for p in json.loads((DATA / "parties.json").read_text())["parties"]:
        style = maps.PartyStyle(p["id"], p.get("short_name") or p["name"],
                                int(p["colour"].lstrip("#"), 16))
        out[p["id"]] = style
        for rid in p.get("register_ids") or ():
            out[rid] = maps.PartyStyle(rid, style.label, style.colour)
    return out


def barnet(election_id: str = BARNET_2022) -> list[maps.WardResult]:
    d = json.loads((DATA / "barnet.json").read_text())
    wards = [domain.Ward(w["id"], w["council_id"], w["boundary_set_id"], w["slug"], w["name"],
                         w.get("gss")) for w in d["wards"]]
    ballots = [domain.Ballot(b["id"], b["election_id"], b["ward_id"], seats=b.get("seats"),
                             by_election=bool(b.get("by_election")),
                             party_seats=tuple((b.get("party_seats") or {}).items()))
               for b in d["ballots"] if b["election_id"] == election_id]
    elected: dict[str, list[domain.Candidacy]] = {}
    for c in d["candidacies"]:
        elected.setdefault(c["ballot_id"], []).append(
            domain.Candidacy(c["id"], c["ballot_id"], party_id=c.get("party_id"),
                             elected=c.get("elected")))
    return maps.ward_results(wards, ballots, elected)


def rollups() -> dict[str, str]:
    """Register ids of parties counted as another (Labour and Co-operative as Labour)."""
    ps = json.loads((DATA / "parties.json").read_text())["parties"]
    first = {p["id"]: (p.get("register_ids") or [p["id"]])[0] for p in ps}
    return {rid: first[p["rollup_id"]] for p in ps if p.get("rollup_id")
            for rid in p.get("register_ids") or ()}


def doncaster_parties() -> dict[str, maps.PartyStyle]:
    """parties(), plus the file's own name for each party parties.json does not know."""
    out = parties()
    for r in csv.DictReader((DATA / "democracyclub" / "doncaster-2021.csv").open()):
        if r["party_id"] not in out:
            out[r["party_id"]] = maps.PartyStyle(r["party_id"], r["party_name"], 0xA0A0A0)
    return out


def doncaster_2021() -> list[maps.WardResult]:
    """Each Doncaster 2021 ballot: its ward, GSS, seats contested and the elected's parties."""
    roll = rollups()
    rows = list(csv.DictReader((DATA / "democracyclub" / "doncaster-2021.csv").open()))
    by_ballot: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_ballot.setdefault(r["ballot_paper_id"], []).append(r)
    out = []
    for ballot in by_ballot.values():
        won: dict[str, int] = {}
        for r in ballot:
            if r["elected"] == "True":
                party = roll.get(r["party_id"], r["party_id"])
                won[party] = won.get(party, 0) + 1
        first = ballot[0]
        out.append(maps.WardResult(first["post_label"], first["gss"],
                                   int(first["seats_contested"]), tuple(sorted(won.items()))))
    return out
