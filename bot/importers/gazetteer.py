"""The built-in gazetteer (data/gazetteer.json.gz, built by tools/build_gazetteer.py) as a
Dataset: every current UK council and ward by name and code, and every ward code since 2015.

Councils and wards the curated data already holds are linked, not repeated: a council by its
GSS code, else by a name both records give (only when exactly one gazetteer council has it);
a ward by GSS code, else by name within its council.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.domain import Council, Dataset, PlaceCouncil, PlaceWard, Source, Ward, WardCode
from bot.importers.errors import ImportFailed, ImportProblem
from bot.matching import normalise

GAZETTEER_FILE = "gazetteer.json.gz"
FORMAT = 1


def read_gazetteer(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    except (OSError, ValueError, EOFError) as exc:
        raise ImportFailed([ImportProblem(str(path), None, f"not readable: {exc}")]) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFailed([ImportProblem(str(path), None,
                                          f"not a gazetteer file of format {FORMAT}")])
    return data


def _rows(data: dict[str, Any], part: str) -> list[dict[str, Any]]:
    columns = data["columns"][part]
    return [dict(zip(columns, row, strict=True)) for row in data[part]]


def _council_links(places: list[dict[str, Any]], held: Iterable[Council]) -> dict[str, str]:
    """GSS code -> held council id."""
    by_gss = {p["gss"]: p for p in places}
    by_name: dict[str, set[str]] = defaultdict(set)
    for p in places:
        for n in (p["name"], p["short_name"], *p["names"]):
            by_name[normalise(n)].add(p["gss"])
    out: dict[str, str] = {}
    for c in held:
        if c.gss and c.gss in by_gss:
            out[c.gss] = c.id
            continue
        found = set().union(*(by_name.get(normalise(n), set())
                              for n in (c.name, c.short_name, *c.aliases)))
        if len(found) == 1:  # two councils with the name: leave it unlinked, not guessed
            out.setdefault(found.pop(), c.id)
    return out


def _ward_links(wards: list[dict[str, Any]], held: Iterable[Ward],
                councils: dict[str, str]) -> dict[str, str]:
    """Ward GSS code -> held ward id (of the latest boundaries, when several share a name)."""
    by_gss: dict[str, str] = {}
    by_name: dict[tuple[str, str], str] = {}
    for w in sorted(held, key=lambda w: w.boundary_set_id):  # later sets overwrite earlier
        if w.gss:
            by_gss[w.gss] = w.id
        by_name[(w.council_id, normalise(w.name))] = w.id
    out = {}
    for w in wards:
        council_id = councils.get(w["council_gss"])
        ward_id = by_gss.get(w["gss"]) or (
            by_name.get((council_id, normalise(w["name"]))) if council_id else None)
        if ward_id:
            out[w["gss"]] = ward_id
    return out


def load_gazetteer(data_dir: Path, held: Iterable[Dataset] = ()) -> Dataset | None:
    """The gazetteer as a Dataset linked to the HELD datasets, or None if data/ has none."""
    path = data_dir / GAZETTEER_FILE
    if not path.exists():
        return None
    data = read_gazetteer(path)
    held = list(held)
    src = data["source"]
    source = Source(src["id"], src["title"], src.get("url"), src.get("publisher"),
                    src.get("published"), src.get("licence"),
                    f"{src.get('attribution', '')}. {src.get('note', '')}".strip(". "))
    councils = _rows(data, "councils")
    wards = _rows(data, "wards")
    council_of = _council_links(councils, (c for ds in held for c in ds.councils))
    ward_of = _ward_links(wards, (w for ds in held for w in ds.wards), council_of)
    ds = Dataset(name=str(path), sources=[source])
    ds.place_councils = [
        PlaceCouncil(c["gss"], c["name"], c["short_name"], tuple(c["names"] + c["old_codes"]),
                     c["dc_slug"], c["slug_basis"], c["register_code"], c["country"],
                     council_of.get(c["gss"]), source.id) for c in councils]
    ds.place_wards = [PlaceWard(w["gss"], w["name"], w["council_gss"], w["welsh_name"],
                                ward_of.get(w["gss"])) for w in wards]
    ds.ward_codes = [WardCode(w["gss"], w["name"], w["council_gss"], w["first_listed"])
                     for w in _rows(data, "ward_codes")]
    return ds


def relink(councils: Iterable[PlaceCouncil], wards: Iterable[PlaceWard],
           fetched: Iterable[Dataset]) -> Dataset | None:
    """The gazetteer's unlinked COUNCILS and WARDS that the FETCHED datasets now hold, linked
    (a Democracy Club fetch: its council ids are DC slugs, its wards carry GSS codes), so a
    council fetched is one council to the name index, not a held one and a place."""
    fetched = list(fetched)
    slugs = {c.id for ds in fetched for c in ds.councils}
    by_gss = {w.gss: w.id for ds in fetched for w in ds.wards if w.gss}
    ds = Dataset(name="gazetteer links")
    ds.place_councils = [dataclasses.replace(p, council_id=p.dc_slug) for p in councils
                         if p.dc_slug in slugs]
    ds.place_wards = [dataclasses.replace(w, ward_id=by_gss[w.id]) for w in wards
                      if w.id in by_gss]
    return ds if ds.place_councils or ds.place_wards else None
