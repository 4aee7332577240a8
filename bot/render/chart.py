"""Charts as PNG bytes: a seat hemicycle (/seats), vote bars (/ward), seats over time (/history).

Pillow only, no matplotlib: Pillow is already a dependency (7 MB wheel), draws these
in 20-40 ms and imports in well under 0.1 s; matplotlib would add ~35 MB of wheels
(numpy, fonttools, ...; ~115 MB installed), a ~0.5 s import, and took 35-150 ms for
similar charts. Never imports discord.
"""

from __future__ import annotations

import asyncio
import math
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from bot.render.canvas import (
    BORDER,
    FAINT,
    INK,
    MUTED,
    RGB,
    WHITE,
    ZEBRA,
    Canvas,
    needs_edge,
    rgb,
    text_on,
)
from bot.render.card import Bar, Chart
from bot.render.hemicycle import INNER, layout

WIDTH = 960
PAD = 32
TITLE = 24  # font sizes, px
BODY = 17
SMALL = 14


def draw(chart: Chart) -> bytes:
    """The chart as a PNG, WIDTH pixels wide; its height depends on what it shows."""
    drawers = {"seats": _seats, "votes": _votes, "history": _history}
    if chart.kind not in drawers:
        raise ValueError(f"no drawing for chart kind {chart.kind!r}")
    return drawers[chart.kind](chart)


def _title_lines(chart: Chart) -> list[str]:
    return Canvas(1, 1).wrap(chart.title, TITLE, WIDTH - 2 * PAD, bold=True)


def _header(c: Canvas, lines: list[str], subtitle: str) -> float:
    """Title and subtitle at the top; returns the y below them."""
    y = PAD - 4
    for line in lines:
        c.text(PAD, y, line, TITLE, bold=True)
        y += TITLE + 8
    if subtitle:
        c.text(PAD, y, c.fit(subtitle, BODY - 1, WIDTH - 2 * PAD), BODY - 1, fill=MUTED)
        y += BODY + 6
    return y


def _edge(fill: RGB) -> RGB | None:
    return BORDER if needs_edge(fill) else None


def _legend(c: Canvas | None, items: list[tuple[str, str, RGB | None]], y: float,
            centred: bool) -> float:
    """A row-wrapping legend of (name, count, colour) entries; returns its height.

    With no canvas it only measures, so a chart can size itself before drawing.
    A colour of None is a hollow dot ("not recorded").
    """
    gap, r = 28, 7
    sizes = [2 * r + 8 + Canvas.measure(name + " ", BODY) + Canvas.measure(count, BODY, True)
             for name, count, _ in items]
    rows: list[list[int]] = [[]]
    width = 0.0
    for i, w in enumerate(sizes):
        if rows[-1] and width + gap + w > WIDTH - 2 * PAD:
            rows.append([])
            width = 0.0
        width += (gap if rows[-1] else 0) + min(w, WIDTH - 2 * PAD)
        rows[-1].append(i)
    line_h = BODY + 14
    if c is None:
        return len(rows) * line_h
    for n, row in enumerate(rows):
        total = sum(min(sizes[i], WIDTH - 2 * PAD) for i in row) + gap * (len(row) - 1)
        x = (WIDTH - total) / 2 if centred else PAD
        cy = y + n * line_h + line_h / 2
        for i in row:
            name, count, colour = items[i]
            if colour is None:
                c.dot(x + r, cy, r - 1, None, outline=MUTED, width=1.5)
            else:
                c.dot(x + r, cy, r, colour, outline=_edge(colour))
            tx = x + 2 * r + 8
            room = WIDTH - PAD - tx - Canvas.measure(" " + count, BODY, True)
            shown = c.fit(name, BODY, room)
            c.text(tx, cy, shown, BODY, anchor="lm")
            c.text(tx + Canvas.measure(shown + " ", BODY), cy, count, BODY, bold=True,
                   anchor="lm")
            x += min(sizes[i], WIDTH - 2 * PAD) + gap
    return len(rows) * line_h


# -- /seats: one dot per seat -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SeatGeometry:
    """Where the seat chart puts things, in image pixels (tests measure against it)."""

    cx: float  # centre of the half circle
    cy: float
    radius: float  # outer radius (to dot centres)
    dot: float
    height: int


RADIUS = 330  # px, for a council of 40 or more seats
MIN_RADIUS = 200  # still room in the middle for the seat count
MAX_DOT = 26  # px: a small council gets a smaller half circle, then spaced-out dots


def seat_geometry(chart: Chart) -> SeatGeometry:
    hemi = layout(_seat_count(chart))
    radius = RADIUS
    if hemi.dot:
        radius = min(RADIUS, max(MIN_RADIUS, MAX_DOT / hemi.dot))
    dot = min(hemi.dot * radius, MAX_DOT)
    top = PAD - 4 + len(_title_lines(chart)) * (TITLE + 8) + BODY + 6 + 40  # room for a label
    cy = top + radius + dot
    legend = _legend(None, _seat_legend(chart), 0, True)
    return SeatGeometry(WIDTH / 2, cy, radius, dot, int(cy + dot + 24 + legend + PAD - 8))


def _seat_count(chart: Chart) -> int:
    return max(chart.total or 0, sum(b.value for b in chart.bars))


def _seat_legend(chart: Chart) -> list[tuple[str, str, RGB | None]]:
    items: list[tuple[str, str, RGB | None]] = [
        (b.label, str(b.value), rgb(b.colour)) for b in chart.bars if b.value > 0]
    missing = _seat_count(chart) - sum(b.value for b in chart.bars)
    if missing > 0:
        items.append(("Not recorded", str(missing), None))
    return items


def _seats(chart: Chart) -> bytes:
    g = seat_geometry(chart)
    n = _seat_count(chart)
    hemi = layout(n)
    c = Canvas(WIDTH, g.height)
    subtitle = "One dot per seat, largest party on the left"
    _header(c, _title_lines(chart), subtitle)

    colours: list[RGB | None] = []
    for b in chart.bars:
        colours += [rgb(b.colour)] * max(b.value, 0)
    colours += [None] * (n - len(colours))  # seats not recorded by party

    if chart.line and 0 < chart.line <= n:
        # Two ticks on the radius between seat `line` and the next, outside the outer row
        # and inside the inner one: a line across the rows would cut through dots.
        a = hemi.boundary(chart.line)
        cos, sin = math.cos(a), math.sin(a)
        outer, inner = g.radius + g.dot, INNER * g.radius - g.dot
        ticks = [(outer + 4, outer + 22)]
        if inner - 18 > 62:  # only if clear of the seat count written in the middle
            ticks.append((inner - 4, inner - 18))
        for r0, r1 in ticks:
            c.line([(g.cx + r0 * cos, g.cy - r0 * sin), (g.cx + r1 * cos, g.cy - r1 * sin)],
                   INK, 3)
        c.text(g.cx + (outer + 30) * cos, g.cy - (outer + 30) * sin,
               f"{chart.line} for a majority", BODY - 1, bold=True, anchor="ms")
    for seat, colour in zip(hemi.seats, colours, strict=True):
        x, y = g.cx + seat.x * g.radius, g.cy - seat.y * g.radius
        if colour is None:
            c.dot(x, y, g.dot - 1, WHITE, outline=MUTED, width=1.5)
        else:
            c.dot(x, y, g.dot, colour, outline=_edge(colour))

    # The seat count in the empty middle, as large as the middle allows.
    hole = INNER * g.radius - g.dot - 6
    size = int(max(18, min(44, (hole - 22) / 0.75)))
    c.text(g.cx, g.cy - 22, f"{n}", size, bold=True, anchor="ms")
    c.text(g.cx, g.cy - 2, "seats", BODY - 2 if size < 30 else BODY, fill=MUTED, anchor="ms")
    _legend(c, _seat_legend(chart), g.cy + g.dot + 24, centred=True)
    return c.png()


# -- /ward: a bar per candidate -------------------------------------------------------------

ROW = 40
NAME_W = 320
VOTE_X0 = PAD + 30 + NAME_W + 16  # where the bars start: check mark, name, gap
PARTY = re.compile(r"^(?P<name>.*\S)\s+(?P<party>\([^()]*\))$")


def _votes(chart: Chart) -> bytes:
    title = _title_lines(chart)
    head = PAD - 4 + len(title) * (TITLE + 8) + BODY + 6 + 14
    c = Canvas(WIDTH, int(head + len(chart.bars) * ROW + PAD - 8))
    y = _header(c, title, "Votes for each candidate")
    if any(b.marked for b in chart.bars):  # the key to the check marks, after the subtitle
        x = PAD + Canvas.measure("Votes for each candidate", BODY - 1) + 20
        c.check(x + 9, y - BODY / 2 - 4, 18, WHITE, disc=INK)
        c.text(x + 24, y - BODY / 2 - 4, "elected", BODY - 1, fill=MUTED, anchor="lm")

    notes = [b.note or f"{b.value:,}" for b in chart.bars]
    note_w = max((Canvas.measure(n, BODY - 1) for n in notes), default=0)
    x0 = VOTE_X0
    span = WIDTH - PAD - note_w - 10 - x0
    top = max((b.value for b in chart.bars), default=0) or 1
    for i, (b, note) in enumerate(zip(chart.bars, notes, strict=True)):
        cy = head + i * ROW + ROW / 2
        if i % 2 == 0:  # zebra rows guide the eye from a name to its bar
            c.rect(PAD - 10, cy - ROW / 2, WIDTH - PAD + 10, cy + ROW / 2, ZEBRA,
                   radius=6)
        if b.marked:
            c.check(PAD + 11, cy, 22, WHITE, disc=INK)
        _name(c, b, PAD + 30, cy)
        colour = rgb(b.colour)
        end = x0 + max(span * b.value / top, 3)
        c.rect(x0, cy - 12, end, cy + 12, colour, radius=4, outline=_edge(colour))
        c.text(end + 10, cy, note, BODY - 1, bold=b.marked, anchor="lm",
               fill=INK if b.marked else MUTED)
    return c.png()


def _name(c: Canvas, bar: Bar, x: float, cy: float) -> None:
    """'Name (Lab)': the name bold if elected, the party muted; the name is what gets cut."""
    m = PARTY.match(bar.label)
    name, party = (m["name"], " " + m["party"]) if m else (bar.label, "")
    party_w = Canvas.measure(party, BODY)
    shown = c.fit(name, BODY, NAME_W - party_w, bold=bar.marked)
    c.text(x, cy, shown, BODY, bold=bar.marked, anchor="lm")
    if party:
        c.text(x + Canvas.measure(shown, BODY, bar.marked), cy, party, BODY, fill=MUTED,
               anchor="lm")


# -- /history: stacked seats per election ---------------------------------------------------

HROW = 30
YEAR_W = 56
HISTORY_X0 = PAD + YEAR_W


def _parties(chart: Chart) -> list[tuple[str, int]]:
    """Every (party, colour) in the series, most seats over all elections first."""
    seats: dict[tuple[str, int], int] = {}
    for _, bars in chart.series:
        for b in bars:
            seats[(b.label, b.colour)] = seats.get((b.label, b.colour), 0) + b.value
    return sorted(seats, key=lambda k: -seats[k])


def _step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100):
        if top / step <= 8:
            return step
    return 10 ** len(str(top))


def _history(chart: Chart) -> bytes:
    title = _title_lines(chart)
    parties = _parties(chart)
    items = [(label, "", rgb(colour)) for label, colour in parties]
    head = PAD - 4 + len(title) * (TITLE + 8) + BODY + 6
    legend_h = _legend(None, items, 0, False)
    top_y = head + legend_h + 12
    height = int(top_y + len(chart.series) * HROW + 34 + PAD - 8)
    c = Canvas(WIDTH, height)
    first, last = (chart.series[0][0], chart.series[-1][0]) if chart.series else ("", "")
    span_text = f"{first}–{last}" if first != last else first
    _header(c, title, f"Seats won at each election with a recorded result, {span_text}")
    _legend(c, items, head, centred=False)

    order = {p: i for i, p in enumerate(parties)}
    top = max((sum(b.value for b in bars) for _, bars in chart.series), default=0) or 1
    x0 = HISTORY_X0
    span = WIDTH - PAD - 40 - x0
    step = _step(top)
    bottom = top_y + len(chart.series) * HROW
    for v in range(0, top + 1, step):  # grid lines behind the bars
        x = x0 + span * v / top
        c.line([(x, top_y - 4), (x, bottom + 4)], FAINT, 1)
        c.text(x, bottom + 10, str(v), SMALL - 1, fill=MUTED, anchor="mt")
    c.text(WIDTH - PAD, bottom + 10, "seats", SMALL - 1, fill=MUTED, anchor="rt")

    for i, (year, bars) in enumerate(chart.series):
        cy = top_y + i * HROW + HROW / 2
        c.text(PAD, cy, c.fit(year, BODY - 1, YEAR_W - 6), BODY - 1, bold=True, anchor="lm")
        x = x0
        for b in sorted(bars, key=lambda b: order[(b.label, b.colour)]):
            w = span * b.value / top
            colour = rgb(b.colour)
            c.rect(x, cy - 10, x + w, cy + 10, colour, outline=_edge(colour))
            label = str(b.value)
            if Canvas.measure(label, SMALL, True) + 8 <= w:
                c.text(x + w / 2, cy, label, SMALL, bold=True, fill=text_on(colour),
                       anchor="mm")
            x += w
            c.line([(x, cy - 10), (x, cy + 10)], WHITE, 1.5)  # splits same-coloured parties
        total = sum(b.value for b in bars)
        c.text(x + 8, cy, str(total), SMALL, fill=MUTED, anchor="lm")
    return c.png()


# -- the cache --------------------------------------------------------------------------------


class ChartCache:
    """PNG bytes per (chart, data version): drawn once, off the event loop.

    Bounded LRU; a chart being drawn is shared by everyone who asks for it meanwhile
    (single flight), so a burst of the same /seats question draws one picture.
    """

    def __init__(self, size: int = 256, drawer: Callable[[Chart], bytes] = draw) -> None:
        self.size = size
        self._draw = drawer
        self._done: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._pending: dict[tuple[str, str], asyncio.Task[bytes]] = {}

    async def png(self, chart: Chart, data_version: str) -> bytes:
        key = (chart.key, data_version)
        if key in self._done:
            self._done.move_to_end(key)
            return self._done[key]
        task = self._pending.get(key)
        if task is None:
            task = asyncio.create_task(self._render(key, chart))
            # If every asker gave up, nobody reads a failure: mark it read, don't log it.
            task.add_done_callback(lambda t: t.cancelled() or t.exception())
            self._pending[key] = task
        # shield: one impatient caller giving up must not cancel the others' picture
        return await asyncio.shield(task)

    async def _render(self, key: tuple[str, str], chart: Chart) -> bytes:
        try:
            data = await asyncio.to_thread(self._draw, chart)
        finally:
            self._pending.pop(key, None)
        self._done[key] = data
        while len(self._done) > self.size:
            self._done.popitem(last=False)
        return data
