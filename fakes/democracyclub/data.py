"""What the fake Democracy Club serves, built from real data only.

- Barnsley and Doncaster, 6 May 2021: data/democracyclub/*.csv (real DC results),
  turned into YNR `next` ballots and EE elections. Includes a real tie (Barnsley
  Rockingham, Lab and Con on 1084, Lab elected) and 3-seat ballots (Doncaster).
- Westminster St James's 2022: the real `next` ballot captured by DC (api-samples),
  with its mixed `Z` / `+01:00` timestamps, and the CONSTRUCTED CSV export of it.
- Lewisham Blackheath 2018-05-03: a cancelled ballot replaced by a 2018-05-10 one,
  from DC's official sandbox (AA14AA; fake but plausible data).
- Cardiff Ely by-election 2019-02-21 (`.by.`): the recorded EE object (aggregator-api
  tests); DC holds no candidates for it here, so YNR and the CSV have none.
- An uncontested ballot: no sample has one, so `uncontested_variant` makes one from the
  St James's sample (its three winners only, uncontested), used only when a test asks.

The real files carry no ballot timestamps: `last_updated` values are the fake's own,
set by `stamp`, and rendered as DRF does (London time; `Z` in GMT, `+01:00` in BST).
"""

from __future__ import annotations

import copy
import csv
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
DC_DATA = ROOT / "data" / "democracyclub"
SAMPLES = Path(__file__).resolve().parent / "samples"  # copies, provenance in README.md
LONDON = ZoneInfo("Europe/London")

ST_JAMESS = "electionleaflets__leaflets-tests-data-c8bb940__next-ballot__" \
    "local.westminster.st-jamess.2022-05-05.json"
ST_JAMESS_CSV = "CONSTRUCTED__ynr-data-export_csv__field_group-results__" \
    "local.westminster.st-jamess.2022-05-05.csv"
SANDBOX = "aggregator-api__sandbox-responses__AA14AA.json"
CARDIFF = "aggregator-api__tests-v1-test_data__ee-single__local.cardiff.ely.by.2019-02-21.json"

CORE = ("person_id", "person_name", "election_id", "ballot_paper_id", "election_date",
        "election_current", "party_name", "party_id", "post_label", "cancelled_poll",
        "seats_contested")
GROUPS = {
    "results": ("votes_cast", "elected", "tied_vote_winner", "rank", "turnout_reported",
                "spoilt_ballots", "total_electorate", "turnout_percentage", "results_source"),
    "election": ("by_election", "by_election_reason", "gss", "post_id", "candidates_locked",
                 "nuts1", "organisation_name"),
}


def drf_time(when: datetime) -> str:
    """As DRF renders a DateTimeField with TIME_ZONE Europe/London."""
    text = when.astimezone(LONDON).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _tf(text: str) -> str:
    """Postgres COPY booleans: t/f; empty stays empty (NULL)."""
    t = text.strip().casefold()
    return {"true": "t", "false": "f", "t": "t", "f": "f"}.get(t, "")


@dataclass
class FakeBallot:
    """One ballot: its `next` JSON and its CSV export rows (dicts of column -> cell)."""

    json: dict[str, Any]
    rows: list[dict[str, str]]
    modified: datetime

    @property
    def id(self) -> str:
        return self.json["ballot_paper_id"]

    @property
    def election_id(self) -> str:
        return self.json["election"]["election_id"]


@dataclass
class FakeData:
    ballots: dict[str, FakeBallot] = field(default_factory=dict)
    ee: dict[str, dict[str, Any]] = field(default_factory=dict)  # EE objects by election_id

    def stamp(self, ballot_id: str, when: datetime) -> None:
        """The ballot changed at WHEN (its `last_updated`)."""
        b = self.ballots[ballot_id]
        b.modified = when
        b.json["last_updated"] = drf_time(when)


def _title(slug: str) -> str:
    return " ".join(w.capitalize() for w in slug.split("-"))


def _ballot_from_rows(base: str, rows: list[dict[str, str]], when: datetime) -> FakeBallot:
    first = rows[0]
    bid, eid = first["ballot_paper_id"], first["election_id"]
    slug = bid.split(".")[2]
    cands = []
    for r in rows:
        votes = r.get("votes_cast", "").strip()
        elected = _tf(r.get("elected", ""))
        flag = {"t": True, "f": False}.get(elected)
        party = r["party_id"]
        cands.append({
            "elected": flag, "party_list_position": None,
            "party": {"url": f"{base}/api/next/parties/{party}/", "ec_id": party,
                      "name": r["party_name"], "legacy_slug": None, "created": None,
                      "modified": None},
            "party_name": r["party_name"], "party_description_text": "", "deselected": False,
            "deselected_source": "", "created": None, "modified": None,
            "person": {"id": int(r["person_id"]), "url": f"{base}/api/next/people/"
                       f"{r['person_id']}/", "name": r["person_name"]},
            "result": {"elected": flag, "num_ballots": int(votes)} if votes else None,
        })
    pct = first.get("turnout_percentage", "").strip()
    has_results = any(c["result"] for c in cands)
    results = {"num_turnout_reported": None, "turnout_percentage": float(pct) if pct else None,
               "num_spoilt_ballots": None, "source": first.get("results_source") or "",
               "total_electorate": None} if has_results else None
    cancelled = _tf(first.get("cancelled_poll", "")) == "t"
    stamp = drf_time(when)
    doc = {
        "url": f"{base}/api/next/ballots/{bid}/",
        "history_url": f"{base}/api/next/ballots/{bid}/history/",
        "results_url": f"{base}/api/next/results/{bid}/",
        "election": {"election_id": eid, "url": f"{base}/api/next/elections/{eid}/",
                     "name": f"{_title(eid.split('.')[1])} local election",
                     "election_date": first["election_date"], "current": False,
                     "party_lists_in_use": False, "created": stamp, "last_updated": stamp},
        "post": {"id": f"gss:{first['gss']}" if first.get("gss") else f"post:{slug}",
                 "label": first["post_label"], "slug": slug, "created": stamp,
                 "last_updated": stamp},
        "winner_count": int(first["seats_contested"]), "ballot_paper_id": bid,
        "cancelled": cancelled, "sopn": None, "candidates_locked": True,
        "candidacies": cands, "created": stamp, "last_updated": stamp,
        "replaces": None, "replaced_by": None, "uncontested": False, "results": results,
        "voting_system": "FPTP", "tags": {}, "by_election_reason": "",
    }
    return FakeBallot(doc, rows, when)


def _export_row(r: dict[str, str], org_name: str = "") -> dict[str, str]:
    bid = r["ballot_paper_id"]
    out = {k: r.get(k, "") for k in (*CORE, *GROUPS["results"], *GROUPS["election"])}
    for k in ("election_current", "cancelled_poll", "elected", "tied_vote_winner"):
        out[k] = _tf(out[k])
    out["by_election"] = "t" if ".by." in bid else "f"
    if out["gss"]:
        out["post_id"] = f"gss:{out['gss']}"
    out["organisation_name"] = out["organisation_name"] or org_name
    return out


def _ee_org(slug: str, date: str, children: list[str], modified: datetime,
            common_name: str | None = None) -> dict[str, Any]:
    eid = f"local.{slug}.{date}"
    name = common_name or _title(slug)
    return {
        "election_id": eid, "tmp_election_id": None, "election_title": f"{name} local election",
        "poll_open_date": date,
        "election_type": {"name": "Local elections", "election_type": "local"},
        "election_subtype": None,
        "organisation": {"url": None, "official_identifier": None,
                         "organisation_type": "local-authority", "organisation_subtype": None,
                         "official_name": None, "common_name": name, "slug": slug,
                         "territory_code": None, "election_name": f"{name} local election",
                         "start_date": None, "end_date": None},
        "group": f"local.{date}", "group_type": "organisation",
        "identifier_type": "organisation", "children": children,
        "elected_role": "Local Councillor", "seats_contested": None, "division": None,
        "voting_system": {"slug": "FPTP", "name": "First-past-the-post",
                          "uses_party_lists": False},
        "current": False, "explanation": None, "metadata": None, "deleted": False,
        "cancelled": False, "cancellation_reason": None, "replaces": None,
        "replaced_by": None, "by_election_reason": "", "tags": {},
        "created": modified.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "modified": modified.astimezone(UTC).isoformat().replace("+00:00", "Z"),
    }


def load(base: str) -> FakeData:
    data = FakeData()
    # 1. The real 2021 results; one minute apart from 13:00 BST on the day after the poll.
    clock = datetime(2021, 5, 7, 12, 0, tzinfo=UTC)
    for name in ("barnsley-2021.csv", "doncaster-2021.csv"):
        with (DC_DATA / name).open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        by_ballot: dict[str, list[dict[str, str]]] = {}
        for r in rows:
            by_ballot.setdefault(r["ballot_paper_id"], []).append(_export_row(r))
        for bid in sorted(by_ballot):
            clock += timedelta(minutes=1)
            data.ballots[bid] = _ballot_from_rows(base, by_ballot[bid], clock)
        first = next(iter(by_ballot.values()))[0]
        slug, date = first["election_id"].split(".")[1], first["election_date"]
        data.ee[first["election_id"]] = _ee_org(slug, date, sorted(by_ballot), clock)
    # 2. St James's: the real next ballot and the constructed export of it.
    doc = json.loads((SAMPLES / ST_JAMESS).read_text(encoding="utf-8"))
    with (SAMPLES / ST_JAMESS_CSV).open(encoding="utf-8", newline="") as f:
        sj_rows = [_export_row(r, "Westminster") for r in csv.DictReader(f)]
    for r in sj_rows:
        r["gss"], r["post_id"] = "E05013806", "gss:E05013806"  # the sample's post id
    modified = datetime.fromisoformat(doc["last_updated"])
    data.ballots[doc["ballot_paper_id"]] = FakeBallot(doc, sj_rows, modified)
    data.ee["local.westminster.2022-05-05"] = _ee_org(
        "westminster", "2022-05-05", [doc["ballot_paper_id"]], modified)
    # 3. Lewisham's cancelled and replacement ballots (sandbox), as EE shows them.
    sandbox = json.loads((SAMPLES / SANDBOX).read_text(encoding="utf-8"))
    for day in sandbox["dates"]:
        for b in day["ballots"]:
            if not b["ballot_paper_id"].startswith("local.lewisham."):
                continue
            date = b["poll_open_date"]
            org = data.ee.setdefault(f"local.lewisham.{date}", _ee_org(
                "lewisham", date, [], datetime(2018, 5, 1, tzinfo=UTC)))
            org["children"].append(b["ballot_paper_id"])
            ballot = _ee_org("lewisham", date, [], datetime(2018, 5, 1, tzinfo=UTC))
            ballot.update(election_id=b["ballot_paper_id"], identifier_type="ballot",
                          group=org["election_id"], group_type=None,
                          election_title=b["ballot_title"], cancelled=b["cancelled"],
                          cancellation_reason=b["cancellation_reason"],
                          replaced_by=b["replaced_by"], replaces=b["replaces"],
                          seats_contested=b["seats_contested"])
            data.ee[b["ballot_paper_id"]] = ballot
    # 4. Cardiff Ely by-election: the recorded EE ballot and its organisation group.
    ely = json.loads((SAMPLES / CARDIFF).read_text(encoding="utf-8"))
    ely.setdefault("cancelled", False)
    ely.setdefault("modified", "2019-01-10T00:00:00Z")
    data.ee[ely["election_id"]] = ely
    data.ee[ely["group"]] = _ee_org("cardiff", ely["poll_open_date"], [ely["election_id"]],
                                    datetime(2019, 1, 10, tzinfo=UTC), "Cardiff")
    return data


def uncontested_variant(ballot: FakeBallot) -> FakeBallot:
    """The ballot as YNR shows one with no more candidates than seats (CONSTRUCTED)."""
    doc = copy.deepcopy(ballot.json)
    winners = [c for c in doc["candidacies"] if c["elected"]]
    for c in winners:
        c["result"] = None
    doc.update(candidacies=winners, uncontested=True, cancelled=True, results=None)
    keep = {c["person"]["id"] for c in winners}
    rows = []
    for r in ballot.rows:
        if int(r["person_id"]) in keep:
            rows.append({**r, **{k: "" for k in GROUPS["results"]}, "elected": "t"})
    return FakeBallot(doc, rows, ballot.modified)


def before_count(ballot: FakeBallot) -> FakeBallot:
    """The ballot with its candidates but no result yet (as before the count)."""
    doc = copy.deepcopy(ballot.json)
    for c in doc["candidacies"]:
        c["elected"], c["result"] = None, None
    doc["results"] = None
    rows = [{**r, **{k: "" for k in GROUPS["results"]}} for r in ballot.rows]
    return FakeBallot(doc, rows, ballot.modified)
