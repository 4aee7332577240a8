"""A results map as PNG bytes: wards filled by who won them, a legend, the OS/ONS credit.

Drawn for Discord's dark theme at 800 px wide, with Pillow alone (as the charts: see
chart.py for why not matplotlib; shapely would add nothing a filled polygon needs). A plain
function: callers run it in a thread and cache it under MapPlan.key(data_version).
Drawing happens at SCALE times the final size and is averaged down, for smooth edges.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw

from bot.boundaries import Ring
from bot.maps import NONE, PARTIAL, SPLIT, WON, MapPlan, WardFill
from bot.render.canvas import RGB, displayable, font, rgb

SCALE = 2
WIDTH = 800
PAD = 20
PANEL = 250  # legend width, px
MAP_W = WIDTH - PANEL - 3 * PAD
MAX_MAP_H = 560
MIN_H = 450

BG: RGB = (30, 31, 34)  # Discord's dark chat is #313338; a shade darker frames the map
INK: RGB = (242, 243, 245)
MUTED: RGB = (170, 174, 182)
BORDER: RGB = (24, 25, 28)  # between wards: thin and dark, so same-coloured wards part
NEUTRAL: RGB = (74, 77, 84)  # "no result held"
HATCH: RGB = (112, 116, 125)
HIGHLIGHT: RGB = (255, 255, 255)
NO_COLOUR: RGB = (140, 140, 140)  # a party with no colour recorded
LABEL = 12  # ward names, px
LEGEND = 17
SMALL = 11


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the map sits in the image; final pixels (tests use it to find a ward)."""

    k: float  # pixels per boundary unit
    x0: float  # pixel of the council's minimum x
    y0: float  # pixel of the council's maximum y (north is up)
    minx: int
    maxy: int
    width: int
    height: int

    def pixel(self, x: float, y: float) -> tuple[float, float]:
        return self.x0 + (x - self.minx) * self.k, self.y0 + (self.maxy - y) * self.k


def layout(plan: MapPlan) -> Layout:
    minx, miny, maxx, maxy = plan.boundaries.bbox
    w, h = max(maxx - minx, 1), max(maxy - miny, 1)
    k = min(MAP_W / w, MAX_MAP_H / h)
    map_h = h * k
    height = int(max(MIN_H, map_h + 2 * PAD + 30, PAD + _legend_height(plan) + 30 + PAD))
    top = PAD + (height - 30 - 2 * PAD - map_h) / 2
    left = PAD + (MAP_W - w * k) / 2
    return Layout(k, left, top, minx, maxy, WIDTH, height)


def draw_map(plan: MapPlan, labels: bool = True) -> bytes:
    """The map as PNG bytes, WIDTH wide (a few tens of KB)."""
    g = layout(plan)
    img = Image.new("RGB", (g.width * SCALE, g.height * SCALE), BG)
    d = ImageDraw.Draw(img)
    colours = dict(plan.colours)
    shapes = {w.gss: w for w in plan.boundaries.wards}

    def px(ring: Ring) -> list[tuple[float, float]]:
        return [(SCALE * a, SCALE * b) for a, b in (g.pixel(x, y) for x, y in ring)]

    # A ring of under 3 points (a ward smaller than a boundary unit) has nothing to fill.
    rings = {gss: [[px(r) for r in poly if len(r) >= 3] for poly in w.polygons
                   if len(poly[0]) >= 3] for gss, w in shapes.items()}
    # Larger wards first: an enclave is drawn over the ward around it.
    order = sorted(plan.fills, key=lambda f: -_area(rings[f.gss]))
    for f in order:
        _fill(img, d, rings[f.gss], f, colours)
    for f in order:
        for poly in rings[f.gss]:
            for r in poly:
                d.line([*r, r[0]], fill=BORDER, width=SCALE)
    if plan.highlight in rings:
        for poly in rings[plan.highlight]:
            d.line([*poly[0], poly[0][0], poly[0][1]], fill=BG, width=7 * SCALE, joint="curve")
            d.line([*poly[0], poly[0][0], poly[0][1]], fill=HIGHLIGHT, width=3 * SCALE,
                   joint="curve")
    if labels:
        _labels(d, plan, g, rings, order)
    _legend(img, d, plan, g, colours)
    out = io.BytesIO()
    img.reduce(SCALE).save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue()


# -- fills ----------------------------------------------------------------------------------


def _fill(img: Image.Image, d: ImageDraw.ImageDraw, polys: list[list[list[tuple[float, float]]]],
          f: WardFill, colours: dict[str, int]) -> None:
    if not polys:
        return
    if f.kind == WON:
        colour = _colour(colours, f.parties[0][0])
        for poly in polys:
            d.polygon(poly[0], fill=colour)
            for hole in poly[1:]:
                d.polygon(hole, fill=BG)
        return
    xs = [x for poly in polys for x, _ in poly[0]]
    ys = [y for poly in polys for _, y in poly[0]]
    box = (int(min(xs)), int(min(ys)), int(max(xs)) + 2, int(max(ys)) + 2)
    mask = Image.new("L", (box[2] - box[0], box[3] - box[1]), 0)
    md = ImageDraw.Draw(mask)
    for poly in polys:
        md.polygon([(x - box[0], y - box[1]) for x, y in poly[0]], fill=255)
        for hole in poly[1:]:
            md.polygon([(x - box[0], y - box[1]) for x, y in hole], fill=0)
    pattern = _pattern(_stripes(f, colours), img.size).crop(box)
    img.paste(pattern, box[:2], mask)


def _stripes(f: WardFill, colours: dict[str, int]) -> tuple[tuple[RGB, int], ...]:
    """The pattern's stripes: (colour, width) in final pixels."""
    if f.kind == SPLIT:
        return tuple((_colour(colours, p), 5 * n) for p, n in f.parties)
    if f.kind == PARTIAL:  # finer hatch than "no result held": some winners are known
        return ((NEUTRAL, 4), (HATCH, 2))
    assert f.kind == NONE
    return ((NEUTRAL, 7), (HATCH, 2))


@lru_cache(maxsize=16)
def _pattern(stripes: tuple[tuple[RGB, int], ...], size: tuple[int, int]) -> Image.Image:
    """Diagonal stripes over the whole image (cropped per ward).

    A pixel's colour depends only on (x + y) mod the period, so one period-square tile is
    drawn and repeated: a few dozen pastes instead of a thousand polygons.
    """
    # Stripes run up-right at 45°, `width` px thick across: that is width·√2 along a row.
    steps = [(colour, round(width * SCALE * 1.414)) for colour, width in stripes]
    period = sum(t for _, t in steps)
    tile = Image.new("RGB", (period, period), stripes[0][0])
    d = ImageDraw.Draw(tile)
    for start in (-period, 0, period):
        c = start
        for colour, t in steps:
            d.polygon([(c, 0), (c + t, 0), (c + t - period, period), (c - period, period)],
                      fill=colour)
            c += t
    w, h = size
    row = Image.new("RGB", (w + period, period))
    for x in range(0, w + period, period):
        row.paste(tile, (x, 0))
    img = Image.new("RGB", size)
    for y in range(0, h, period):
        img.paste(row, (0, y))
    return img


def _colour(colours: dict[str, int], party: str) -> RGB:
    c = colours.get(party)
    return rgb(c) if c is not None else NO_COLOUR


def _area(polys: list[list[list[tuple[float, float]]]]) -> float:
    total = 0.0
    for poly in polys:
        r = poly[0]
        total += abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1)
                         in zip(r, r[1:] + r[:1], strict=True))) / 2
    return total


# -- ward names -----------------------------------------------------------------------------


def _inside(x: float, y: float, polys: list[list[list[tuple[float, float]]]]) -> bool:
    hit = False
    for poly in polys:
        for r in poly:
            j = len(r) - 1
            for i in range(len(r)):
                xi, yi = r[i]
                xj, yj = r[j]
                if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                    hit = not hit
                j = i
    return hit


def _labels(d: ImageDraw.ImageDraw, plan: MapPlan, g: Layout,
            rings: dict[str, list[list[list[tuple[float, float]]]]],
            order: Sequence[WardFill]) -> None:
    """Each ward's name at its ONS point inside, where the whole label fits in the ward."""
    placed: list[tuple[float, float, float, float]] = []
    f = font(LABEL, True)
    shapes = {w.gss: w for w in plan.boundaries.wards}
    for fill in order:
        w = shapes[fill.gss]
        text = displayable(w.name)
        tw = f.getlength(text) / SCALE
        cx, cy = g.pixel(*w.point)
        box = (cx - tw / 2 - 2, cy - LABEL / 2 - 2, cx + tw / 2 + 2, cy + LABEL / 2 + 2)
        probes = [(x, y) for x in (box[0], cx, box[2]) for y in (box[1], box[3])]
        if not all(_inside(x * SCALE, y * SCALE, rings[fill.gss]) for x, y in probes):
            continue
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
               for b in placed):
            continue
        placed.append(box)
        d.text((cx * SCALE, cy * SCALE), text, font=f, fill=INK, anchor="mm",
               stroke_width=2 * SCALE // 2 + 1, stroke_fill=BORDER)


# -- legend ---------------------------------------------------------------------------------

ROW = 30


def _legend_height(plan: MapPlan) -> float:
    return 56 + ROW * len(plan.legend) + 40


def _fit(text: str, size: int, width: float, bold: bool = False) -> str:
    text = displayable(text)
    f = font(size, bold)
    if f.getlength(text) / SCALE <= width:
        return text
    while text and f.getlength(text + "…") / SCALE > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _legend(img: Image.Image, d: ImageDraw.ImageDraw, plan: MapPlan, g: Layout,
            colours: dict[str, int]) -> None:
    x = WIDTH - PANEL - PAD
    y = PAD

    def text(tx: float, ty: float, s: str, size: int, fill: RGB = INK, bold: bool = False,
             anchor: str = "la") -> None:
        d.text((tx * SCALE, ty * SCALE), s, font=font(size, bold), fill=fill, anchor=anchor)

    text(x, y, _fit(plan.title, LEGEND, PANEL, True), LEGEND, bold=True)
    text(x, y + 24, _fit(f"Wards of {_month(plan.boundaries.date)}", SMALL + 2, PANEL),
         SMALL + 2, MUTED)
    y += 56
    for item in plan.legend:
        cy = y + ROW / 2
        sw = (x * SCALE, (cy - 9) * SCALE, (x + 18) * SCALE, (cy + 9) * SCALE)
        if item.key not in (SPLIT, PARTIAL, NONE):
            d.rounded_rectangle(sw, 3 * SCALE, fill=_colour(colours, item.key))
            count = f"{item.seats}"
            sub = f" seat{'s' if item.seats != 1 else ''}"
        else:
            kind = {SPLIT: WardFill("", "", SPLIT, _split_key(plan)),
                    PARTIAL: WardFill("", "", PARTIAL), NONE: WardFill("", "", NONE)}[item.key]
            patt = _pattern(_stripes(kind, colours), img.size).crop(tuple(int(v) for v in sw))
            img.paste(patt, (int(sw[0]), int(sw[1])))
            count = f"{item.wards}"
            sub = f" ward{'s' if item.wards != 1 else ''}"
        count_w = (font(LEGEND, True).getlength(count) + font(SMALL + 2).getlength(sub)) / SCALE
        size = SMALL + 2 if item.key in (SPLIT, PARTIAL, NONE) else LEGEND
        text(x + 28, cy, _fit(item.label, size, PANEL - 28 - count_w - 8), size, anchor="lm")
        text(WIDTH - PAD - font(SMALL + 2).getlength(sub) / SCALE, cy, count, LEGEND,
             bold=True, anchor="rm")
        text(WIDTH - PAD, cy, sub, SMALL + 2, MUTED, anchor="rm")
        y += ROW
    # The credit the licence asks for, on every image.
    lines = list(plan.boundaries.attribution)
    fy = g.height - PAD / 2 - 2
    text(PAD, fy, _fit(" · ".join(lines), SMALL - 1, WIDTH - 2 * PAD), SMALL - 1, MUTED,
         anchor="ls")


def _split_key(plan: MapPlan) -> tuple[tuple[str, int], ...]:
    """The legend's split swatch shows the most common split's parties."""
    for f in plan.fills:
        if f.kind == SPLIT:
            return f.parties
    return ()


def _month(date: str) -> str:
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    parts = date.split("-")
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{months[int(parts[1]) - 1]} {parts[0]}"
    return date
