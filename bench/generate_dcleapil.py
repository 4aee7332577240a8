"""Write an invented DCLEAPIL-shaped CSV of realistic size and shape, for import benchmarks.

    python bench/generate_dcleapil.py --out /tmp/dcleapil-bench.csv            # ~1,000,000 rows
    python bench/generate_dcleapil.py --out tiny.csv --councils 3 --wards 12 --elections 2

Every name, vote and code is made up (GSS codes are in an unused E05 9xxxxx range), so
the file can never be mistaken for results. The shape follows DCLEAPIL: one row per
candidacy, about 400 councils and 10,000 wards of one to three seats, five elections
per council between 2006 and 2024 (some councils by thirds, some all-out, a few with
new boundaries at their last election), a few by-elections, and about 20 candidates
per ballot in the default size. It carries every quirk the importer must handle:

- a UTF-8 byte-order mark, and an extra column the importer does not use;
- thousands separators ("1,251") in about half the councils;
- `elected` as t/f; `merge_ballot_paper` without the `local.` prefix;
- `turnout_valid` summing every vote; `turnout_percentage` sometimes the true turnout,
  sometimes that naive sum over the electorate (inflated, or over 100% in busy
  3-seat wards), sometimes empty;
- `vote_share` only on each party's top candidate;
- a few ballots with `seats_contested_calc` 0 and a few rows with no `year`.

The same seed and sizes always give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

HEADER = ["council", "ward", "year", "merge_ballot_paper", "GSS", "seats_contested_calc",
          "turnout_valid", "electorate", "turnout_percentage", "votes_cast", "party_name",
          "vote_share", "person_name", "elected", "data_source"]

def _words(text: str) -> list[str]:
    return text.split()


_PLACES = _words(
    "Hinksey Wytham Westfield Abbey Ashby Brookfield Castle Chapel Hollerton Loxley Felpersham "
    "Darrington Edgeley Waterley Lakey Penny Hassett Borchester Churchfield Marsh Oakwood "
    "Elmstead Redbridge Thornbury Kingsmead Fairfield Highfield Moorside Riverside Hillcrest "
    "Greenhill Ashwood Beechwood Birchfield Cedar Coldharbour Crossways Dunstan Eastfield "
    "Fenwick Foxhall Gorsey Hawthorn Heathfield Hollins Ivybridge Kenwood Langley Larkhill "
    "Linden Meadowbank Millbrook Newlands Northgate Orchard Parkside Priory Queensway Ravenscroft "
    "Rookery Sandhill Shepherds Southgate Springfield Stonebridge Sunnyside Tanners Thistledown "
    "Upton Valley Walden Warren Wellgate Whitecross Willowbrook Windmill Woodside Yarrow Ambleside "
    "Barrowby Carlton Denby Elston Frampton Grantley Harlow Ingham Keswick Lowther Melton Norley "
    "Ormsby Pickering Rydal Selby Thirsk Ulverston Wetherby Yeadon Appleby Brampton Crosby"
)
_PREFIXES = ("North", "South", "East", "West", "Upper", "Lower", "Great", "Little", "Old", "New",
             "St Mary's", "St John's", "St Peter's", "Kings", "Bishop's")
_SUFFIXES = ("Park", "Green", "Vale", "Heath", "Common", "Hill", "Village", "Central", "Town",
             "Moor", "Bridge", "Fields")
_FIRST = _words(
    "Alice Ann Ben Bob Cat Chris Dan Dee Ed Eve Fay Fiona Gus Hal Harry Ian Ivy Jack Jo "
    "Kate Kim Lee Len Max Mia Nia Nora Ola Owen Pat Pip Quinn Ray Rita Sam Sue Tom Tia Uma "
    "Vic Will Zoe Aisha Amir Bea Carl Dilys Emrys Farah Gwen Hamid Imran Jas Kamal Leila "
    "Mohammed Niamh Oisin Priya Rhys Sian Tariq Yusuf Zainab Graham Helen Janet Keith "
    "Linda Martin Paul Rachel Simon Tracey Wendy Yvonne")
_LAST = _words("Archer Grundy Aldridge Brookfield Carter Dobbs Fry Gale Hill Irons Jones Kemp Lowe "
         "Nash Orr Pike Quaid Reed Sykes Tate Underwood Vale Walsh Young Ahmed Begum Chowdhury "
         "Davies Evans Foster Green Hughes Iqbal Jenkins Khan Lewis Morgan Patel Roberts Singh "
         "Thomas Williams Wilson Wright Taylor Brown Smith Johnson White Harris Martin Thompson "
         "Robinson Clarke Walker Hall Allen King Scott Baker Adams Mitchell Turner Phillips "
         "Campbell Parker Edwards Collins Stewart Morris Rogers Cook Bell Murphy Bailey Cooper "
         "Richardson Cox Howard Ward Peterson Gray Ramirez James Watson Brooks Kelly Sanders "
         "Price Bennett Wood Barnes Ross Henderson Coleman Jenkins Perry Powell Long Patterson "
         "Hughes Flores Washington Butler Simmons Foster Gonzales Bryant Alexander Russell "
         "Griffin Hayes Myers Ford Hamilton Graham Sullivan Wallace Woods Cole West Jordan "
         "Owens Reynolds Fisher Ellis Harrison Gibson Mcdonald Cruz Marshall Ortiz Gomez "
         "Murray Freeman Wells Webb Simpson Stevens Tucker Porter Hunter Hicks Crawford")
# (party name as DCLEAPIL writes it, strength, fields a full slate)
_PARTIES = (("Labour", 30, True), ("Conservative", 30, True), ("Liberal Democrat", 14, True),
            ("Green", 8, True), ("Reform UK", 7, False), ("UKIP", 5, False),
            ("Independent", 6, False), ("TUSC", 1, False), ("English Democrats", 1, False),
            ("Social Democratic Party", 1, False), ("Heritage Party", 1, False),
            ("Women's Equality Party", 1, False))


def _slug(text: str) -> str:
    """Democracy Club style, as DCLEAPIL's merge_ballot_paper has it: '&' and "'" dropped."""
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", text.lower())).strip("-")


def _may_thursday(year: int) -> date:
    d = date(year, 5, 1)
    return d + timedelta(days=(3 - d.weekday()) % 7)


@dataclass
class _Ward:
    name: str
    slug: str
    gss: str
    seats: int
    electorate: int


class _Names:
    """Unique names within a scope, drawn from word lists with a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def place(self) -> str:
        r, p = self.rng, self.rng.choice
        shape = r.random()
        if shape < 0.25:
            return f"{p(_PLACES)} and {p(_PLACES)}"
        if shape < 0.4:
            return f"{p(_PREFIXES)} {p(_PLACES)} & {p(_PLACES)}"
        if shape < 0.6:
            return f"{p(_PREFIXES)} {p(_PLACES)}"
        if shape < 0.8:
            return f"{p(_PLACES)} {p(_SUFFIXES)}"
        if shape < 0.9:
            return f"{p(_PREFIXES)} {p(_PLACES)} and {p(_PLACES)}"
        return f"{p(_PLACES)} with {p(_PLACES)}"

    def person(self) -> str:
        first = self.rng.choice(_FIRST)
        if self.rng.random() < 0.3:
            first += " " + self.rng.choice(_FIRST)
        return f"{first} {self.rng.choice(_LAST)}"


def _fmt(n: int, grouped: bool) -> str:
    return f"{n:,}" if grouped else str(n)


def generate(out: Path, councils: int = 400, wards: int = 10_000, elections: int = 5,
             seed: int = 2024) -> dict[str, int]:
    """Write the file; returns counts of what it holds (rows, ballots, planted quirks)."""
    rng = random.Random(seed)
    names = _Names(rng)
    stats = {"rows": 0, "ballots": 0, "councils": councils, "wards": 0, "no_year_rows": 0,
             "zero_seat_ballots": 0, "by_elections": 0}
    gss_next = [900000]

    def new_gss() -> str:
        gss_next[0] += 1
        return f"E05{gss_next[0]:06d}"

    council_names: set[str] = set()
    per_council = [wards // councils + (1 if i < wards % councils else 0) for i in range(councils)]
    with out.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        for ci in range(councils):
            while True:
                cname = names.place() if rng.random() < 0.5 else rng.choice(_PLACES)
                if _slug(cname) not in council_names:
                    council_names.add(_slug(cname))
                    break
            cslug = _slug(cname)
            grouped = rng.random() < 0.5
            thirds = rng.random() < 0.2
            local_party = f"{cname} Independents"
            strengths = {p: s * rng.uniform(0.4, 1.8) for p, s, _ in _PARTIES}
            strengths[local_party] = rng.uniform(0, 25)
            ward_list = _wards(names, rng, per_council[ci], thirds, new_gss)
            step = 1 if thirds else 4
            first_year = rng.randint(2006, max(2006, 2024 - step * (elections - 1)))
            years = [min(2024, first_year + step * k) for k in range(elections)]
            years = sorted(set(years))
            while len(years) < elections:
                years.append(years[-1] + 1)
            review = not thirds and rng.random() < 0.2  # new boundaries at the last election
            stats["wards"] += len(ward_list)
            for ei, year in enumerate(years):
                if review and ei == len(years) - 1:
                    ward_list = _redraw(ward_list, names, rng, new_gss)
                    stats["wards"] += len(ward_list)
                when = _may_thursday(year).isoformat()
                for ward in ward_list:
                    seats = 1 if thirds else ward.seats
                    ballot = f"{cslug}.{ward.slug}.{when}"
                    stats["rows"] += _ballot(w, rng, names, cname, ward, str(year), ballot, seats,
                                             strengths, local_party, grouped, stats)
                    stats["ballots"] += 1
                if rng.random() < 0.3:  # a by-election later that year
                    ward = rng.choice(ward_list)
                    when = (_may_thursday(year) + timedelta(weeks=rng.randint(8, 30))).isoformat()
                    ballot = f"{cslug}.{ward.slug}.by.{when}"
                    stats["rows"] += _ballot(w, rng, names, cname, ward, str(year), ballot, 1,
                                             strengths, local_party, grouped, stats)
                    stats["ballots"] += 1
                    stats["by_elections"] += 1
    return stats


def _wards(names: _Names, rng: random.Random, n: int, thirds: bool, new_gss) -> list[_Ward]:
    out: list[_Ward] = []
    slugs: set[str] = set()
    while len(out) < n:
        name = names.place()
        if _slug(name) in slugs:
            continue
        slugs.add(_slug(name))
        seats = 3 if thirds else rng.choices((1, 2, 3), (10, 25, 65))[0]
        out.append(_Ward(name, _slug(name), new_gss(), seats, rng.randint(2500, 4200) * seats))
    return out


def _redraw(old: list[_Ward], names: _Names, rng: random.Random, new_gss) -> list[_Ward]:
    """A boundary review: every ward gets a new code; most keep their names."""
    out, slugs = [], set()
    for ward in old:
        name = ward.name if rng.random() < 0.7 else names.place()
        if _slug(name) in slugs:
            continue
        slugs.add(_slug(name))
        out.append(_Ward(name, _slug(name), new_gss(), ward.seats,
                         int(ward.electorate * rng.uniform(0.9, 1.15))))
    return out


def _ballot(w: csv.writer, rng: random.Random, names: _Names, council: str, ward: _Ward,
            year: str, ballot: str, seats: int, strengths: dict[str, float], local_party: str,
            grouped: bool, stats: dict[str, int]) -> int:
    # Who stands: the big parties with full slates, smaller ones with one or a few.
    slate: list[tuple[str, float]] = []
    for party, _, full in _PARTIES:
        if full and rng.random() < 0.97:
            slate += [(party, strengths[party])] * seats
        elif not full and rng.random() < 0.75:
            slate += [(party, strengths[party])] * rng.randint(1, seats)
    if rng.random() < 0.5:
        slate += [(local_party, strengths[local_party])] * seats
    while len(slate) <= seats:
        slate.append(("Independent", strengths["Independent"]))
    turnout = rng.uniform(18, 48)
    electorate = int(ward.electorate * rng.uniform(0.95, 1.05))
    ballots_cast = int(electorate * turnout / 100)
    total = int(ballots_cast * seats * rng.uniform(0.75, 0.95))
    weights = [s * rng.uniform(0.6, 1.4) for _, s in slate]
    scale = total / sum(weights)
    seen_votes: set[int] = set()
    people: set[str] = set()
    cands = []
    for (party, _), weight in zip(slate, weights, strict=True):
        votes = max(1, int(weight * scale))
        while votes in seen_votes:  # no ties for the last seat
            votes += 1
        seen_votes.add(votes)
        person = names.person()
        while person in people:
            person = names.person()
        people.add(person)
        cands.append((votes, party, person))
    cands.sort(reverse=True)
    valid = sum(c[0] for c in cands)
    top: dict[str, int] = {}
    for votes, party, _ in cands:
        top.setdefault(party, votes)
    top_total = sum(top.values())
    pick = rng.random()
    if pick < 0.55:
        pct = f"{turnout:.2f}"
    elif pick < 0.85:
        pct = f"{100 * valid / electorate:.2f}"  # the naive figure
    else:
        pct = ""
    zero = rng.random() < 0.0002
    no_year = not zero and rng.random() < 0.0002
    stats["zero_seat_ballots"] += zero
    gss = ward.gss
    for i, (votes, party, person) in enumerate(cands):
        is_top = top.get(party) == votes
        share = f"{100 * votes / top_total:.1f}" if is_top else ""
        row_year = "" if no_year and i == len(cands) // 2 else year
        stats["no_year_rows"] += row_year == ""
        w.writerow([council, ward.name, row_year, ballot, gss, "0" if zero else str(seats),
                    _fmt(valid, grouped), _fmt(electorate, grouped), pct, _fmt(votes, grouped),
                    party, share, person, "t" if i < seats and not zero else "f",
                    "DC" if int(year) >= 2016 else "LEAP"])
    return len(cands)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--councils", type=int, default=400)
    p.add_argument("--wards", type=int, default=10_000)
    p.add_argument("--elections", type=int, default=5)
    p.add_argument("--seed", type=int, default=2024)
    args = p.parse_args(argv)
    if args.wards < args.councils:
        p.error("--wards must be at least --councils")
    stats = generate(args.out, args.councils, args.wards, args.elections, args.seed)
    print(", ".join(f"{k}: {v:,}" for k, v in stats.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
