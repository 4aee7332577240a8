"""Build data/gazetteer.json.gz: every current UK council and ward, and every ward code since
2015 with the council now covering it, from the ONS geography in ../shared/data/ons.

    python tools/build_gazetteer.py [ONS_DIR] [OUT]

Reproducible: the same input gives the same bytes (no timestamps; gzip mtime 0).

What "current" means here (see the ONS README): a ward is current if it is in the May 2025
ward boundaries (boundaries/ward/*.geojson, the WD25 codes), unless its council has ward
codes first published in 2026 in ward_all_codes.csv (new boundaries from May 2026: Bradford,
Barnsley and 15 more), in which case those 2026 wards are its current wards. A council is
current if la_all_codes.csv says Current=TRUE. Welsh names come from the geojson WD25NMW
property only (the boundary polygons are not read: each feature is one line, and the
properties are parsed from the part of the line before its geometry).

Democracy Club organisation slugs (the "barnet" in local.barnet.2022-05-05) are not in the
ONS data: they are derived from the council's short name (lower case, words joined by
hyphens, "&" as "and", apostrophes dropped). Slugs seen in Democracy Club data shipped with
this project are marked "seen"; the rest are "derived" and may differ from Democracy Club's.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ONS_DIR = ROOT.parent / "shared" / "data" / "ons"
OUT = ROOT / "data" / "gazetteer.json.gz"
FORMAT = 1

SOURCE = {
    "id": "ons-geography-2025",
    "title": "ONS ward and local authority codes and names (wards May 2025, codes since 2015)",
    "url": "https://geoportal.statistics.gov.uk/",
    "publisher": "Office for National Statistics (Open Geography Portal), "
                 "collected by drkane/geo-lookups (commit e20a072)",
    "published": "2025",
    "licence": "Open Government Licence v3.0",
    "attribution": "Contains National Statistics data © Crown copyright and database "
                   "right 2025",
    "note": "Names and GSS codes of councils and wards, Welsh ward names (WD25NMW), and "
            "the council now covering each ward code since 2015. No election results.",
}
# Democracy Club organisation slugs that appear in the Democracy Club data and API samples
# this project holds (data/democracyclub/, ../shared/data/api-samples/).
SEEN_SLUGS = {"adur", "amber-valley", "barnet", "barnsley", "cardiff", "doncaster",
              "lewisham", "sheffield", "westminster"}
_PROPS = re.compile(r'"properties": (\{.*?\}), "geometry"')


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [{k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("&", " and ").replace("'", "").replace("’", "")
    return "-".join(re.findall(r"[a-z0-9]+", text))


def _common_name(ons_name: str) -> str:
    """'Bristol, City of' -> 'Bristol'; 'Herefordshire, County of' -> 'Herefordshire'."""
    head, _, tail = ons_name.partition(", ")
    return head if tail in ("City of", "County of") else ons_name


def ward_properties(boundaries: Path) -> list[dict[str, object]]:
    """The properties of every ward feature, without parsing the polygons."""
    out = []
    for path in sorted(boundaries.glob("*.geojson")):
        with path.open(encoding="utf-8") as f:
            for line in f:
                m = _PROPS.search(line)
                if m:
                    out.append(json.loads(m.group(1)))
    return out


def build(ons: Path) -> dict[str, object]:
    las = _csv(ons / "la_all_codes.csv")
    active_of = {r["LADCD"]: r["LADCD_ACTIVE"] or r["LADCD"] for r in las}
    current = {r["LADCD"]: r for r in las if r["Current"].upper() == "TRUE"}
    orgs: dict[str, dict[str, str]] = {}
    for r in _csv(ons / "la_orgid_to_gss.csv"):
        if r["gss_code"] in current and r["active"].upper() == "TRUE":
            orgs.setdefault(r["gss_code"], r)
    old_codes: dict[str, list[str]] = defaultdict(list)
    for code, active in sorted(active_of.items()):
        if code != active and active in current:
            old_codes[active].append(code)

    councils = []
    for gss in sorted(current):
        r = current[gss]
        org = orgs.get(gss, {})
        ons_name = r["LADNM"]
        short = re.sub(r"\s+", " ", org.get("normalised_name", "")) or _common_name(ons_name)
        official = re.sub(r"\s+", " ", org.get("name", "")) or ons_name
        dc = slug(short)
        names = [n for n in dict.fromkeys(
            [ons_name, _common_name(ons_name), f"{short} Council", official,
             *([f"City of {short}"] if ons_name.endswith(", City of") else [])])
            if n not in (short,)]
        register = org.get("org_id", "").rpartition("-")[2] or None
        councils.append([gss, official, short, names, dc,
                         "seen" if dc in SEEN_SLUGS else "derived", register,
                         r["CTRYNM"], old_codes.get(gss, [])])

    codes = _csv(ons / "ward_all_codes.csv")
    by_2026: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in codes:
        if r["SOURCEFILE"] == "2026":
            by_2026[active_of.get(r["LADCD"], r["LADCD"])].append(r)
    wards: dict[str, list[object]] = {}  # a ward can be in two files (an old district's too)
    for p in ward_properties(ons / "boundaries" / "ward"):
        if "WD25CD" not in p:  # a file for a district that no longer exists (older codes)
            continue
        council = active_of.get(str(p["LAD25CD"]), str(p["LAD25CD"]))
        if council not in current or council in by_2026:
            continue
        name = str(p["WD25NM"]).strip()
        welsh = str(p.get("WD25NMW") or "").strip()
        wards[str(p["WD25CD"])] = [p["WD25CD"], name, welsh if welsh and welsh != name else None,
                                   council]
    for council, rows in by_2026.items():
        wards.update((r["WDCD"], [r["WDCD"], r["WDNM"], None, council]) for r in rows)
    ward_rows = [wards[k] for k in sorted(wards)]
    # Every ward code since 2015 with the council now covering it (current ones too).
    ward_codes = sorted([r["WDCD"], r["WDNM"], active_of.get(r["LADCD_ACTIVE"], r["LADCD_ACTIVE"]),
                         r["SOURCEFILE"]] for r in codes if r["WDCD"])
    held = {w[3] for w in ward_rows}
    councils = [c for c in councils if c[0] in held]  # e.g. county councils have no wards
    return {
        "format": FORMAT,
        "source": SOURCE,
        "built_from": "../shared/data/ons: la_all_codes.csv, la_orgid_to_gss.csv, "
                      "ward_all_codes.csv, boundaries/ward/*.geojson (properties only)",
        "slug_note": "dc_slug is derived from the short name unless slug_basis is 'seen' "
                     "(found in Democracy Club data this project holds)",
        "columns": {
            "councils": ["gss", "name", "short_name", "names", "dc_slug", "slug_basis",
                         "register_code", "country", "old_codes"],
            "wards": ["gss", "name", "welsh_name", "council_gss"],
            "ward_codes": ["gss", "name", "council_gss", "first_listed"],
        },
        "councils": councils,
        "wards": ward_rows,
        "ward_codes": ward_codes,
    }


def write(data: dict[str, object], out: Path) -> int:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("],[", "],\n[")
    raw = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
    out.write_bytes(raw)
    return len(raw)


def main(argv: list[str]) -> int:
    ons = Path(argv[1]) if len(argv) > 1 else ONS_DIR
    out = Path(argv[2]) if len(argv) > 2 else OUT
    data = build(ons)
    size = write(data, out)
    print(f"{out}: {len(data['councils'])} councils, {len(data['wards'])} wards, "  # type: ignore[arg-type]
          f"{len(data['ward_codes'])} ward codes, {size / 1024:.0f} KB gzipped")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
