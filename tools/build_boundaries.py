"""Build data/boundaries/ from the ONS ward GeoJSON in ../shared/data/ons.

    python tools/build_boundaries.py [--ons DIR] [--out DIR]

One file per council (its active GSS code), in the compact form bot/boundaries.py reads.
Only local authority district files are used (E06/E07/E08/E09, W06, S12, N09); the county,
region and combined-authority files repeat the same wards. A file for a district that no
longer exists (la_all_codes.csv Current=FALSE) is skipped when its active council has a
file of its own, and otherwise written under the active code.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import boundaries

ROOT = Path(__file__).resolve().parent.parent
ONS = ROOT.parent / "shared" / "data" / "ons"
DISTRICTS = ("E06", "E07", "E08", "E09", "W06", "S12", "N09")
DATE = "2025-05"
SOURCE = ("ONS Wards (May 2025) generalised clipped boundaries, as collected by "
          "drkane/geo-lookups (commit e20a072)")


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ons", type=Path, default=ONS)
    p.add_argument("--out", type=Path, default=ROOT / "data" / "boundaries")
    args = p.parse_args(argv)
    councils = {r["LADCD"]: r for r in _csv(args.ons / "la_all_codes.csv")}
    first_year: dict[str, int] = {}
    for r in _csv(args.ons / "ward_all_codes.csv"):
        if r["SOURCEFILE"].isdigit():
            year = int(r["SOURCEFILE"])
            first_year[r["WDCD"]] = min(year, first_year.get(r["WDCD"], year))
    earliest = min(first_year.values())

    files = sorted(f for f in (args.ons / "boundaries" / "ward").glob("*.geojson")
                   if f.name[:3] in DISTRICTS)
    have = {f.stem for f in files}
    args.out.mkdir(parents=True, exist_ok=True)
    total, largest, written, skipped = 0, ("", 0), 0, []
    for f in files:
        row = councils.get(f.stem)
        active = row["LADCD_ACTIVE"] if row else f.stem
        if active != f.stem and active in have:
            skipped.append(f"{f.stem} (superseded by {active})")
            continue
        name = (councils.get(active) or row or {}).get("LADNM", active)
        groups = boundaries.features_from_geojson(json.loads(f.read_text()), f.name)
        feats = [x for g in groups.values() for x in g]
        years = [first_year.get(x.gss) for x in feats]
        since = max(years) if all(years) else None  # type: ignore[type-var]
        doc = boundaries.compact(active, name, feats, date=DATE, source=SOURCE,
                                 codes_since=since,
                                 codes_since_exact=since is not None and since > earliest)
        raw = boundaries.encode(doc)
        boundaries.path_for(active, args.out).write_bytes(raw)
        total += len(raw)
        written += 1
        if len(raw) > largest[1]:
            largest = (f"{active} {name}", len(raw))
        print(f"{active} {name}: {len(feats)} wards, {len(raw) / 1024:.0f} KB", file=sys.stderr)
    print(f"{written} councils, {total / 1e6:.2f} MB; largest {largest[0]} "
          f"{largest[1] / 1e3:.0f} KB; skipped {', '.join(skipped) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
