"""The shipped ward boundaries and the importer for newer ONS files."""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from pathlib import Path

import pytest

from bot import boundaries as B

ONS = Path(__file__).resolve().parents[2] / "shared" / "data" / "ons" / "boundaries" / "ward"
BARNET = "E09000003"


def test_every_council_is_shipped_small_and_readable():
    codes = B.available()
    assert len(codes) == 361  # 364 district files, less 3 for districts since merged
    assert "E07000246" not in codes and "E06000066" in codes  # Somerset's active code
    sizes = [B.path_for(c).stat().st_size for c in codes]
    assert sum(sizes) <= 15_000_000
    cardiff = B.load("W06000015")
    assert cardiff is not None and any(w.name_cy for w in cardiff.wards)


def test_barnet_has_its_24_wards_with_date_source_and_credit():
    b = B.load(BARNET)
    assert b is not None and b.name == "Barnet" and len(b.wards) == 24
    names = {w.name for w in b.wards}
    assert {"Childs Hill", "Barnet Vale", "Edgware"} <= names
    assert b.date == "2025-05" and b.codes_since == 2022 and b.codes_since_exact
    assert "Contains OS data © Crown copyright and database right 2025" in b.attribution
    assert any("National Statistics" in a for a in b.attribution)
    assert b.licence == "Open Government Licence v3.0"
    assert all(w.gss.startswith("E05") for w in b.wards)


def test_loading_is_cached_and_unknown_councils_are_none():
    assert B.load(BARNET) is B.load(BARNET)
    assert B.load("E09999999") is None


def test_the_point_inside_each_ward_is_inside_its_shape():
    b = B.load(BARNET)
    for w in b.wards:
        assert any(_inside(w.point, poly) for poly in w.polygons), w.name


def _inside(p, poly):
    x, y = p
    hit = False
    for r in poly:
        for (x0, y0), (x1, y1) in itertools.pairwise(r):
            if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
                hit = not hit
    return hit


def _single_edges_length(polygons_per_ward) -> float:
    """Length of the edges used by one ring only: the council's outline, plus any gap."""
    edges = Counter()
    for polys in polygons_per_ward:
        for poly in polys:
            for r in poly:
                for a, b in itertools.pairwise(r):
                    edges[(min(a, b), max(a, b))] += 1
    return sum(math.dist(a, b) for (a, b), n in edges.items() if n == 1)


@pytest.mark.skipif(not ONS.exists(), reason="needs ../shared/data/ons")
def test_neighbours_keep_one_shared_line_after_simplifying(monkeypatch):
    groups = B.features_from_geojson(json.loads((ONS / f"{BARNET}.geojson").read_text()), "x")
    feats = groups[BARNET]
    doc = B.compact(BARNET, "Barnet", feats, date="2025-05", source="test")
    simplified = [[[B._undelta(r) for r in poly] for poly in w["polygons"]] for w in doc["wards"]]
    outline = _single_edges_length(simplified)
    # The same unsimplified: there only the council's outline is used by one ring.
    monkeypatch.setattr(B, "TOLERANCE", 0.0)
    exact = B.compact(BARNET, "Barnet", feats, date="2025-05", source="test")
    exact_polys = [[[B._undelta(r) for r in poly] for poly in w["polygons"]]
                   for w in exact["wards"]]
    assert outline <= _single_edges_length(exact_polys) * 1.02
    perimeter = sum(math.dist(a, b) for polys in simplified for poly in polys
                    for a, b in zip(poly[0], poly[0][1:], strict=False))
    assert outline < perimeter / 3  # most boundary is shared between two wards


# -- the importer ---------------------------------------------------------------------------

def _feature(gss="E05099991", name="Test Ward", ring=None):
    ring = ring or [[-0.2, 51.6], [-0.1, 51.6], [-0.1, 51.65], [-0.2, 51.65], [-0.2, 51.6]]
    return {"type": "Feature",
            "properties": {"WD26CD": gss, "WD26NM": name, "WD26NMW": " ",
                           "LAD26CD": "E09000099", "LAD26NM": "Testborough",
                           "LAT": 51.62, "LONG": -0.15},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def _snapshot(d: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(d.iterdir())}


def test_import_writes_the_compact_form_atomically(tmp_path):
    src = tmp_path / "wards.geojson"
    other = [[-0.1, 51.6], [0.0, 51.6], [0.0, 51.65], [-0.1, 51.65], [-0.1, 51.6]]
    src.write_text(json.dumps({"type": "FeatureCollection", "features": [
        _feature(), _feature("E05099992", "East Ward", other)]}))
    out = tmp_path / "boundaries"
    result = B.import_geojson(src, out)
    assert result.wards == 2 and [p.name for p in result.written] == ["E09000099.json.gz"]
    assert sorted(p.name for p in out.iterdir()) == ["E09000099.json.gz"]  # no temp left
    b = B.load("E09000099", out)
    assert b.name == "Testborough" and b.date == "2026-05" and len(b.wards) == 2
    assert b.codes_since is None


@pytest.mark.parametrize("body, problem", [
    ("{not json", "cannot read it as JSON"),
    (json.dumps({"type": "Feature"}), "not a GeoJSON FeatureCollection"),
    (json.dumps({"type": "FeatureCollection", "features": [
        _feature(ring=[[-0.2, 51.6], [-0.1, 51.6], [-0.1, 51.65], [-0.2, 51.7]])]}),
     "not closed"),
    (json.dumps({"type": "FeatureCollection", "features": [
        _feature(ring=[[-0.2, 51.6], ["x", 51.6], [-0.1, 51.65], [-0.2, 51.6]])]}),
     "not [longitude, latitude]"),
    (json.dumps({"type": "FeatureCollection", "features": [
        _feature(), _feature(gss="E05099991", name="Other")]}), "different names"),
    (json.dumps({"type": "FeatureCollection", "features": [
        {**_feature(), "geometry": {"type": "Point", "coordinates": [0, 51]}}]}),
     "not a Polygon"),
])
def test_a_bad_file_is_rejected_and_nothing_changes(tmp_path, body, problem):
    out = tmp_path / "boundaries"
    out.mkdir()
    (out / "E09000099.json.gz").write_bytes(B.path_for(BARNET).read_bytes())
    before = _snapshot(out)
    src = tmp_path / "newer.geojson"
    src.write_text(body)
    with pytest.raises(B.BoundaryError) as e:
        B.import_geojson(src, out)
    assert problem in str(e.value) and "newer.geojson" in str(e.value)
    assert _snapshot(out) == before
