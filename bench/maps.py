"""Benchmark 5 (maps): drawing a council's results map, beside drawing the unsimplified GeoJSON.

The council is Powys (W06000023, 60 wards), the brief's "council of ~60 wards"; Barnet (24)
and Highland (the largest file) are measured too. The fills are a fixed workload, not real
results: ward i is won by one of three parties, every fifth ward is split 2-1 (a striped
pattern, the slowest fill) and every tenth has no result (the hatch).

- cold: the boundaries read from data/boundaries/ (file cache warm, our caches cleared),
  the plan made and the map drawn: what the first /map of a council costs.
- warm: the boundaries already loaded (cached), plan and draw: every other election,
  highlight or data version of that council.
- alternative: the same from the source ONS GeoJSON (../shared/data/ons), parsed each time
  and drawn at full detail (quantised only), cold and warm.
A cached PNG costs a dict lookup and is not measured.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from bench.common import REPO, Report, median, percentile
from bot import boundaries as B
from bot import maps
from bot.render import map as render

ONS = REPO.parent / "shared" / "data" / "ons" / "boundaries" / "ward"
COUNCILS = {"W06000023": "Powys, 60 wards", "E09000003": "Barnet, 24 wards",
            "S12000017": "Highland, 21 wards, the largest file"}
GOAL = 0.150  # s, p99, for the 60-ward council
PARTIES = {"a": maps.PartyStyle("a", "Labour", 0xE4003B),
           "b": maps.PartyStyle("b", "Conservative", 0x0087DC),
           "c": maps.PartyStyle("c", "Liberal Democrats", 0xFAA61A)}


def _results(b: B.CouncilBoundaries) -> list[maps.WardResult]:
    out = []
    for i, w in enumerate(b.wards):
        if i % 10 == 9:
            continue  # no result held
        first, second = "abc"[i % 3], "abc"[(i + 1) % 3]
        won = ((first, 2), (second, 1)) if i % 5 == 4 else ((first, 3),)
        out.append(maps.WardResult(w.name, w.gss, 3, won))
    return out


def _draw(b: B.CouncilBoundaries) -> bytes:
    plan = maps.plan(b, _results(b), PARTIES, election_id="bench", title=b.name,
                     election_date=None)
    assert isinstance(plan, maps.MapPlan)
    return render.draw_map(plan)


def _from_geojson(path: Path) -> B.CouncilBoundaries:
    """The source file at full detail, in the same form (so the same drawing code)."""
    groups = B.features_from_geojson(json.loads(path.read_text()), path.name)
    feats = [f for g in groups.values() for f in g]
    saved = B.TOLERANCE
    B.TOLERANCE = 0.0  # quantised to the same grid, not simplified
    try:
        doc = B.compact(path.stem, path.stem, feats, date="2025-05", source="bench")
    finally:
        B.TOLERANCE = saved
    return B.decode(B.encode(doc))


def _time(fn, reps: int) -> list[float]:  # type: ignore[no-untyped-def]
    fn()  # one unmeasured run: fonts loaded, file cache warm
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def _cold(gss: str) -> bytes:
    B._load.cache_clear()
    render._pattern.cache_clear()
    b = B.load(gss)
    assert b is not None
    return _draw(b)


def _alt_cold(gss: str) -> bytes:
    render._pattern.cache_clear()
    return _draw(_from_geojson(ONS / f"{gss}.geojson"))


def run(report: Report, *, reps: int = 50) -> None:
    for gss, label in COUNCILS.items():
        b = B.load(gss)
        assert b is not None
        points = sum(len(r) for w in b.wards for p in w.polygons for r in p)
        size = len(_draw(b))
        cold = _time(lambda g=gss: _cold(g), reps)
        warm = _time(lambda b=b: _draw(b), reps)
        have_source = (ONS / f"{gss}.geojson").exists()
        if have_source:
            full = _from_geojson(ONS / f"{gss}.geojson")
            full_points = sum(len(r) for w in full.wards for p in w.polygons for r in p)
            alt_cold = _time(lambda g=gss: _alt_cold(g), max(reps // 5, 3))
            alt_warm = _time(lambda f=full: _draw(f), reps)
            side = (f"source GeoJSON ({full_points:,} points, "
                    f"{(ONS / f'{gss}.geojson').stat().st_size / 1e3:,.0f} KB): cold "
                    f"p50 {median(alt_cold) * 1e3:.0f} / p99 {percentile(alt_cold, 99) * 1e3:.0f}"
                    f" ms, warm p50 {median(alt_warm) * 1e3:.0f} / p99 "
                    f"{percentile(alt_warm, 99) * 1e3:.0f} ms")
        else:
            side = "source GeoJSON not found: no side by side"
        shipped = f"{points:,} points, {B.path_for(gss).stat().st_size / 1e3:.0f} KB file"
        goal = gss == "W06000023"
        for kind, times in (("cold: load + plan + draw", cold), ("warm: plan + draw", warm)):
            worst = percentile(times, 99)
            report.add("5 maps", f"results map, {label} — {kind} (n={reps})",
                       f"{median(times) * 1e3:.1f} ms", f"{worst * 1e3:.1f} ms",
                       f"{shipped}; PNG {size / 1e3:.0f} KB; {side}",
                       f"p99 ≤ {GOAL * 1e3:.0f} ms" if goal else "",
                       worst <= GOAL if goal else None)
