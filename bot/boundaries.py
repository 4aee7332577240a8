"""Ward boundaries: the compact per-council form in data/boundaries/, and its importer.

One gzip'd JSON file per council, named for its GSS code (E09000003.json.gz). Coordinates
are projected so a map is not stretched (longitude scaled by the cosine of the council's
mid latitude, so one unit east is as long as one unit north), quantised to a whole number
of metres per unit chosen from the council's size, simplified, and delta-encoded.

Simplification keeps shared edges consistent: after quantising, every vertex where three
or more edges meet (a junction: where a boundary between two wards meets a third ward or
the council's edge) is kept, each ring is cut into arcs at its junctions, and each arc is
simplified once (Douglas-Peucker, in one canonical direction) for both wards that share it.
Neighbours therefore keep the same line between them: no gaps, no slivers.

Loaded on demand per council and cached; no SQL, no discord.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from itertools import accumulate, pairwise
from pathlib import Path
from typing import Any

FORMAT = "election-bot/ward-boundaries/1"
# The shipped boundaries are package data (data/ is installed as bot.builtin_data).
DATA = Path(str(files("bot.builtin_data"))) / "boundaries"
ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right 2025",
    "Contains National Statistics data © Crown copyright and database right 2025",
)
LICENCE = "Open Government Licence v3.0"
M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LON = 111_320.0
GRID = 4000  # units across the council's larger side: 0.2 px on an 800 px map
TOLERANCE = 1.5  # units (about 0.3 px at 800 px): what simplification may move a line
KEY = re.compile(r"^WD(\d\d)CD$")

Point = tuple[int, int]
Ring = tuple[Point, ...]


class BoundaryError(ValueError):
    """A boundary file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class WardShape:
    gss: str
    name: str
    name_cy: str | None
    lat: float  # ONS "point inside" the ward
    lon: float
    point: tuple[float, float]  # the same point, projected (units)
    polygons: tuple[tuple[Ring, ...], ...]  # each: outer ring, then holes; units, y north


@dataclass(frozen=True, slots=True)
class CouncilBoundaries:
    gss: str
    name: str
    date: str  # the boundaries are those in force at this date, e.g. "2025-05"
    # ONS file year in which the newest of these ward codes first appears: the boundaries
    # have been in use since that year. None when not known; codes_since_exact is False
    # when the year is only the earliest file held (in use since then or earlier).
    codes_since: int | None
    codes_since_exact: bool
    source: str
    attribution: tuple[str, ...]
    licence: str
    unit_m: float
    lat0: float
    lon0: float
    wards: tuple[WardShape, ...]
    version: str  # a hash of the file: part of a map's cache key

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        return project(lat, lon, self.lat0, self.lon0, self.unit_m)

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        xs = [x for w in self.wards for poly in w.polygons for x, _ in poly[0]]
        ys = [y for w in self.wards for poly in w.polygons for _, y in poly[0]]
        return min(xs), min(ys), max(xs), max(ys)


def project(lat: float, lon: float, lat0: float, lon0: float, unit_m: float) -> tuple[float, float]:
    x = (lon - lon0) * M_PER_DEG_LON * math.cos(math.radians(lat0)) / unit_m
    return x, (lat - lat0) * M_PER_DEG_LAT / unit_m


# -- loading ---------------------------------------------------------------------------------


def path_for(gss: str, directory: Path = DATA) -> Path:
    return Path(directory) / f"{gss}.json.gz"


def available(directory: Path = DATA) -> list[str]:
    """The GSS codes of the councils with boundaries in the directory."""
    return sorted(p.name.removesuffix(".json.gz") for p in Path(directory).glob("*.json.gz"))


def load(gss: str, directory: Path = DATA) -> CouncilBoundaries | None:
    """One council's boundaries, or None if none are held. Cached; a replaced file reloads."""
    path = path_for(gss, directory)
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    return _load(str(path), mtime)


@lru_cache(maxsize=32)
def _load(path: str, _mtime: int) -> CouncilBoundaries:
    raw = Path(path).read_bytes()
    try:
        return decode(raw)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as e:
        raise BoundaryError(f"{path}: not a boundaries file ({e})") from e


def decode(raw: bytes) -> CouncilBoundaries:
    doc = json.loads(gzip.decompress(raw))
    if doc.get("format") != FORMAT:
        raise ValueError(f"format {doc.get('format')!r}, expected {FORMAT!r}")
    p = doc["projection"]
    lat0, lon0, unit = p["lat0"], p["lon0"], p["unit_m"]
    wards = []
    for w in doc["wards"]:
        polygons = tuple(tuple(_undelta(r) for r in poly) for poly in w["polygons"])
        wards.append(WardShape(w["gss"], w["name"], w.get("name_cy"), w["lat"], w["lon"],
                               project(w["lat"], w["lon"], lat0, lon0, unit), polygons))
    c = doc["council"]
    return CouncilBoundaries(
        gss=c["gss"], name=c["name"], date=doc["date"], codes_since=doc.get("codes_since"),
        codes_since_exact=bool(doc.get("codes_since_exact")), source=doc["source"],
        attribution=tuple(doc["attribution"]), licence=doc["licence"], unit_m=unit,
        lat0=lat0, lon0=lon0, wards=tuple(wards),
        version=hashlib.sha1(raw).hexdigest()[:12])


def _undelta(flat: Sequence[int]) -> Ring:
    xs = accumulate(flat[0::2])
    ys = accumulate(flat[1::2])
    return tuple(zip(xs, ys, strict=True))


def _delta(ring: Sequence[Point]) -> list[int]:
    out: list[int] = []
    px = py = 0
    for x, y in ring:
        out += (x - px, y - py)
        px, py = x, y
    return out


# -- building the compact form ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Feature:
    gss: str
    name: str
    name_cy: str | None
    lat: float
    lon: float
    polygons: list[list[list[tuple[float, float]]]]  # lon, lat


def features_from_geojson(doc: Any, where: str) -> dict[str, list[_Feature]]:
    """An ONS ward FeatureCollection's wards, grouped by council code; BoundaryError if bad."""
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise BoundaryError(f"{where}: not a GeoJSON FeatureCollection")
    feats = doc.get("features")
    if not isinstance(feats, list) or not feats:
        raise BoundaryError(f"{where}: no features")
    out: dict[str, list[_Feature]] = {}
    seen: dict[str, _Feature] = {}
    for i, f in enumerate(feats):
        at = f"{where}: feature {i + 1}"
        props = f.get("properties") if isinstance(f, dict) else None
        if not isinstance(props, dict):
            raise BoundaryError(f"{at}: no properties")
        code_key = next((k for k in props if KEY.match(k)), None)
        if code_key is None:
            raise BoundaryError(f"{at}: no ward code (an ONS WDyyCD property)")
        yy = KEY.match(code_key)[1]  # type: ignore[index]
        gss, name = props.get(code_key), props.get(f"WD{yy}NM")
        lad = props.get("LADCD_ACTIVE") or props.get(f"LAD{yy}CD")
        if not (isinstance(gss, str) and re.fullmatch(r"[ENSW]\d{8}", gss)):
            raise BoundaryError(f"{at}: ward code {gss!r} is not a GSS code")
        if not (isinstance(name, str) and name.strip()):
            raise BoundaryError(f"{at}: ward {gss} has no name (WD{yy}NM)")
        if not (isinstance(lad, str) and re.fullmatch(r"[ENSW]\d{8}", lad)):
            raise BoundaryError(f"{at}: ward {gss} has no council code (LAD{yy}CD)")
        lat, lon = props.get("LAT"), props.get("LONG")
        if not (_number(lat) and _number(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise BoundaryError(f"{at}: ward {gss} has no point inside (LAT/LONG)")
        polygons = _polygons(f.get("geometry"), f"{at} (ward {gss})")
        cy = props.get(f"WD{yy}NMW")
        cy = cy.strip() if isinstance(cy, str) and cy.strip() else None
        if gss in seen:
            # ONS files repeat a few wards verbatim (North Yorkshire's Hunmanby & Sherburn);
            # a repeat with other parts is the same ward in pieces.
            prev = seen[gss]
            if prev.name != name.strip():
                raise BoundaryError(f"{at}: ward {gss} appears twice with different names")
            prev.polygons.extend(p for p in polygons if p not in prev.polygons)
            continue
        feat = _Feature(gss, name.strip(), cy, float(lat), float(lon), polygons)
        seen[gss] = feat
        out.setdefault(lad, []).append(feat)
    return out


def _number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _polygons(geom: Any, at: str) -> list[list[list[tuple[float, float]]]]:
    if not isinstance(geom, dict) or geom.get("type") not in ("Polygon", "MultiPolygon"):
        raise BoundaryError(f"{at}: geometry is not a Polygon or MultiPolygon")
    coords = geom.get("coordinates")
    polys = [coords] if geom["type"] == "Polygon" else coords
    if not isinstance(polys, list) or not polys:
        raise BoundaryError(f"{at}: empty geometry")
    out = []
    for poly in polys:
        if not isinstance(poly, list) or not poly:
            raise BoundaryError(f"{at}: a polygon with no rings")
        rings = []
        for ring in poly:
            if not isinstance(ring, list) or len(ring) < 4:
                raise BoundaryError(f"{at}: a ring with fewer than 4 positions")
            pts = []
            for p in ring:
                if not (isinstance(p, list) and len(p) >= 2 and _number(p[0]) and _number(p[1])
                        and -180 <= p[0] <= 180 and -90 <= p[1] <= 90):
                    raise BoundaryError(f"{at}: a position that is not [longitude, latitude]")
                pts.append((float(p[0]), float(p[1])))
            if pts[0] != pts[-1]:
                raise BoundaryError(f"{at}: a ring that is not closed")
            rings.append(pts)
        out.append(rings)
    return out


def compact(gss: str, name: str, features: Sequence[_Feature], *, date: str, source: str,
            codes_since: int | None = None, codes_since_exact: bool = False) -> dict[str, Any]:
    """The compact document for one council (what encode writes)."""
    lons = [x for f in features for poly in f.polygons for x, _ in poly[0]]
    lats = [y for f in features for poly in f.polygons for _, y in poly[0]]
    lat0, lon0 = (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2
    cos0 = math.cos(math.radians(lat0))
    extent = max((max(lons) - min(lons)) * M_PER_DEG_LON * cos0,
                 (max(lats) - min(lats)) * M_PER_DEG_LAT)
    unit = float(max(1, round(extent / GRID)))

    def q(p: tuple[float, float]) -> Point:
        x, y = project(p[1], p[0], lat0, lon0, unit)
        return round(x), round(y)

    quantised = [[[_dedupe([q(p) for p in ring]) for ring in poly] for poly in f.polygons]
                 for f in features]
    simplified = _simplify_all(quantised, TOLERANCE)
    wards = []
    for f, polys in zip(features, simplified, strict=True):
        wards.append({"gss": f.gss, "name": f.name, "name_cy": f.name_cy,
                      "lat": f.lat, "lon": f.lon,
                      "polygons": [[_delta(r) for r in poly] for poly in polys]})
    wards.sort(key=lambda w: w["gss"])
    return {"format": FORMAT, "council": {"gss": gss, "name": name}, "date": date,
            "codes_since": codes_since, "codes_since_exact": codes_since_exact,
            "source": source, "attribution": list(ATTRIBUTION), "licence": LICENCE,
            "projection": {"lat0": round(lat0, 6), "lon0": round(lon0, 6), "unit_m": unit,
                           "note": "x = (lon-lon0)*111320*cos(lat0)/unit, "
                                   "y = (lat-lat0)*110574/unit; rings delta-encoded"},
            "wards": wards}


def encode(doc: dict[str, Any]) -> bytes:
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode(), compresslevel=9, mtime=0)


def _dedupe(ring: list[Point]) -> list[Point]:
    out = [ring[0]]
    for p in ring[1:]:
        if p != out[-1]:
            out.append(p)
    if out[0] != out[-1]:
        out.append(out[0])
    return out


# -- simplification with shared edges kept consistent ----------------------------------------


def _simplify_all(wards: list[list[list[list[Point]]]], tol: float) -> list[list[list[Ring]]]:
    neighbours: dict[Point, set[Point]] = {}
    for polys in wards:
        for poly in polys:
            for ring in poly:
                for a, b in pairwise(ring):
                    neighbours.setdefault(a, set()).add(b)
                    neighbours.setdefault(b, set()).add(a)
    junction = {p for p, n in neighbours.items() if len(n) >= 3}
    memo: dict[tuple[Point, ...], list[Point]] = {}
    out = []
    for polys in wards:
        new_polys = []
        for poly in polys:
            rings = []
            for i, ring in enumerate(poly):
                r = _simplify_ring(ring, junction, memo, tol)
                if len(r) < 4 and i == 0 and len(ring) >= 4:
                    r = ring  # a small outer ring stays as it was rather than vanish
                if len(r) >= 4:
                    rings.append(tuple(r))
                elif i == 0:
                    break  # an islet smaller than a unit: nothing to draw
            if rings:
                new_polys.append(tuple(rings))
        if not new_polys:  # never lose a ward, however small: keep its first ring as is
            new_polys.append((tuple(polys[0][0]),))
        out.append(new_polys)
    return out


def _simplify_ring(ring: list[Point], junction: set[Point],
                   memo: dict[tuple[Point, ...], list[Point]], tol: float) -> list[Point]:
    body = ring[:-1]
    if len(body) < 3:  # collapsed to a point or a line when quantised
        return ring
    cuts = [i for i, p in enumerate(body) if p in junction]
    if not cuts:
        # A ring touching nothing else (an island, or an enclave's edge shared whole with
        # its neighbour's hole): start it at its smallest point so both copies agree.
        start = body.index(min(body))
        cuts = [start]
    n = len(body)
    out: list[Point] = []
    for k, c in enumerate(cuts):
        end = cuts[k + 1] if k + 1 < len(cuts) else cuts[0] + n
        arc = [body[j % n] for j in range(c, end + 1)]
        out += _simplify_arc(arc, memo, tol)[:-1]
    out.append(out[0])
    return out


def _simplify_arc(arc: list[Point], memo: dict[tuple[Point, ...], list[Point]],
                  tol: float) -> list[Point]:
    key = tuple(arc)
    rev = key[::-1]
    if key <= rev:
        if key not in memo:
            memo[key] = _dp(arc, tol)
        return memo[key]
    if rev not in memo:
        memo[rev] = _dp(list(rev), tol)
    return memo[rev][::-1]


def _dp(pts: list[Point], tol: float) -> list[Point]:
    """Douglas-Peucker; a closed arc (start == end) keeps its farthest point too."""
    n = len(pts)
    if n <= 2:
        return list(pts)
    keep = [False] * n
    keep[0] = keep[-1] = True
    if pts[0] == pts[-1]:
        x0, y0 = pts[0]
        far = max(range(1, n - 1), key=lambda i: (pts[i][0] - x0) ** 2 + (pts[i][1] - y0) ** 2)
        keep[far] = True
        stack = [(0, far), (far, n - 1)]
    else:
        stack = [(0, n - 1)]
    tol2 = tol * tol
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        ax, ay = pts[a]
        bx, by = pts[b]
        dx, dy = bx - ax, by - ay
        seg2 = dx * dx + dy * dy
        best, best_d = -1, tol2
        for i in range(a + 1, b):
            px, py = pts[i]
            if seg2 == 0:
                d = (px - ax) ** 2 + (py - ay) ** 2
            else:
                cross = dx * (py - ay) - dy * (px - ax)
                d = cross * cross / seg2
            if d > best_d:
                best, best_d = i, d
        if best >= 0:
            keep[best] = True
            stack += [(a, best), (best, b)]
    return [p for p, k in zip(pts, keep, strict=True) if k]


# -- the importer ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportResult:
    written: tuple[Path, ...]
    wards: int


def import_geojson(path: Path, directory: Path, *, date: str | None = None,
                   names: dict[str, str] | None = None) -> ImportResult:
    """Validate an ONS ward GeoJSON file and write each council's compact form.

    Every council in the file is validated and encoded before anything is written; each file
    is written to a temporary name and renamed into place, so a bad file writes nothing and
    a good one never leaves a half-written council. `date` defaults to "20yy-05" from the
    ONS WDyyCD property; `names` maps council codes to names (else the LADyyNM property).
    """
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise BoundaryError(f"{path}: cannot read it as JSON ({e})") from e
    groups = features_from_geojson(doc, str(path))
    yy = _code_year(doc)
    when = date or f"20{yy}-05"
    council_names = _council_names(doc, yy)
    encoded = []
    for lad, feats in sorted(groups.items()):
        name = (names or {}).get(lad) or council_names.get(lad) or lad
        body = compact(lad, name, feats, date=when,
                       source=f"ONS ward boundaries (WD{yy}), imported from {path.name}")
        encoded.append((lad, encode(body)))
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    temps: list[tuple[Path, Path]] = []
    try:
        for lad, raw in encoded:
            fd, tmp = tempfile.mkstemp(prefix=f".{lad}.", suffix=".tmp", dir=directory)
            with os.fdopen(fd, "wb") as fh:
                fh.write(raw)
            temps.append((Path(tmp), path_for(lad, directory)))
    except OSError:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, final in temps:
        os.replace(tmp, final)
    return ImportResult(tuple(final for _, final in temps), sum(len(f) for f in groups.values()))


def _code_year(doc: dict[str, Any]) -> str:
    props = doc["features"][0]["properties"]
    return next(KEY.match(k)[1] for k in props if KEY.match(k))  # type: ignore[index]


def _council_names(doc: dict[str, Any], yy: str) -> dict[str, str]:
    out = {}
    for f in doc["features"]:
        p = f["properties"]
        lad = p.get("LADCD_ACTIVE") or p.get(f"LAD{yy}CD")
        if isinstance(p.get(f"LAD{yy}NM"), str):
            out.setdefault(lad, p[f"LAD{yy}NM"])
    return out
