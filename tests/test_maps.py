"""What a results map shows, and when it refuses to draw."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from bot import boundaries as B
from bot import maps
from tests import maps_data

# The gazetteer's ward codes since 2015 (from the ONS): Barnet's before its 2022 review.
GAZETTEER = Path(__file__).resolve().parents[1] / "data" / "gazetteer.json.gz"


def _barnet_plan(**kw):
    kw.setdefault("election_date", "2022-05-05")
    return maps.plan(B.load("E09000003"), maps_data.barnet(), maps_data.parties(),
                     election_id=maps_data.BARNET_2022, title="Barnet", **kw)


def test_barnet_2022_wards_take_their_winners_colours():
    p = _barnet_plan()
    assert isinstance(p, maps.MapPlan)
    fills = {f.name: f for f in p.fills}
    assert len(fills) == 24 and not p.unmatched_results
    for name in ("Childs Hill", "Burnt Oak", "West Hendon", "Colindale South"):
        assert (fills[name].kind, fills[name].parties[0][0]) == (maps.WON, "labour"), name
    for name in ("Mill Hill", "Hendon", "Finchley Church End", "Golders Green"):
        assert (fills[name].kind, fills[name].parties[0][0]) == (maps.WON, "conservative")
    assert fills["Childs Hill"].matched_by == "name"
    # Nothing recorded for Barnet Vale; only some winners for Brunswick Park.
    assert fills["Barnet Vale"].kind == maps.NONE
    assert fills["Brunswick Park"].kind == maps.PARTIAL
    keys = [i.key for i in p.legend]
    assert keys[:2] == ["labour", "conservative"] and keys[-1] == maps.NONE


def test_barnet_before_2022_is_refused_from_the_ward_codes_dates():
    r = _barnet_plan(election_date="2018-05-03")
    assert isinstance(r, maps.Refusal)
    assert "older wards" in r.reason and "2022" in r.reason


def test_a_boundary_sets_first_use_also_refuses():
    r = _barnet_plan(election_date="2021-05-06", first_used="2022-05-05")
    assert isinstance(r, maps.Refusal)
    assert isinstance(_barnet_plan(election_date="2022", first_used="2022-05-05"), maps.MapPlan)


def test_results_for_other_wards_are_refused_and_listed():
    # Barnet's wards before 2022, named by the ONS (the codes of 2016), with no date.
    codes = json.loads(gzip.decompress(GAZETTEER.read_bytes()))["ward_codes"]
    rows = [(gss, name) for gss, name, council, first in codes
            if council == "E09000003" and first == "2016"]
    assert len(rows) == 21
    old = [maps.WardResult(name, gss, 3, (("labour", 3),)) for gss, name in rows]
    r = maps.plan(B.load("E09000003"), old, maps_data.parties(), election_id="x", title="x",
                  election_date=None)
    assert isinstance(r, maps.Refusal) and "other wards" in r.reason
    # Childs Hill and 15 other names survived 2022, but their codes (and shapes) did not.
    assert len(r.unmatched_results) == 21 and "Childs Hill" in r.unmatched_results


def test_doncaster_2021_matches_every_ward_by_gss():
    p = maps.plan(B.load("E08000017"), maps_data.doncaster_2021(), maps_data.parties(),
                  election_id="local.doncaster.2021-05-06", title="Doncaster",
                  election_date="2021-05-06")
    assert isinstance(p, maps.MapPlan)
    assert len(p.fills) == 21 and not p.unmatched_results and not p.unmatched_wards
    assert {f.matched_by for f in p.fills} == {"gss"}
    assert all(f.kind in (maps.WON, maps.SPLIT) for f in p.fills)
    seats = {i.key: i.seats for i in p.legend if i.colour is not None}
    assert sum(seats.values()) == 55 and seats["PP53"] == 40  # Labour and Co-op counted in
    colours = [i.colour for i in p.legend if i.colour is not None]
    assert len(set(colours)) == len(colours)  # local parties get colours of their own


def test_split_partial_and_unknown_wards():
    b = B.load("E09000003")
    results = [maps.WardResult("Childs Hill", None, 3, (("labour", 2), ("conservative", 1))),
               maps.WardResult("Hendon", None, 2, (("labour", 1), ("conservative", 1))),
               maps.WardResult("Mill Hill", None, 3, (("conservative", 2),)),
               maps.WardResult("Edgware", None, None, (("labour", 1),)),
               maps.WardResult("Nowhere Ward", None, 3, (("labour", 3),))]
    p = maps.plan(b, results, maps_data.parties(), election_id="x", title="x",
                  election_date=None)
    fills = {f.name: f for f in p.fills}
    assert fills["Childs Hill"].kind == maps.SPLIT
    assert fills["Childs Hill"].parties == (("labour", 2), ("conservative", 1))
    assert fills["Hendon"].kind == maps.SPLIT  # a tie is a split with no majority party
    assert fills["Mill Hill"].kind == maps.WON  # 2 of 3: most seats, whoever won the third
    assert fills["Edgware"].kind == maps.PARTIAL  # seats unknown: 1 may not be most
    assert p.unmatched_results == ("Nowhere Ward",)
    assert "Barnet Vale" in p.unmatched_wards
    assert any("Nowhere Ward" in n for n in p.notes)
    split = next(i for i in p.legend if i.key == maps.SPLIT)
    assert split.wards == 2 and "split" in split.label


def test_names_match_whatever_the_spelling():
    n = maps.normalise
    assert n("Adwick le Street & Carcroft") == n("Adwick Le Street and Carcroft Ward")
    assert n("St. Mary's") == n("St Marys")
    assert n("Ystradgynlais") != n("Ystrad")


def test_the_cache_key_changes_with_data_boundaries_and_highlight():
    p = _barnet_plan()
    assert p.key("v1") != p.key("v2")
    assert p.key("v1") != _barnet_plan(highlight="E05013630").key("v1")
    assert p.boundaries.version in p.key("v1")
