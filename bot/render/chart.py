"""Charts as PNG bytes: a seat hemicycle (/seats), vote bars (/ward), seats over time (/history);
the results map (/map) is drawn by map.py.

Drawn for Discord: dark like its embeds, 800 px wide (Discord shows an embed image at most
400x300 on a desktop and about 256 px wide on a phone), no title (the embed has one), and
party names and counts in LABEL-size text, >= 13 px even at phone width.

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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bot.render.canvas import (
    BORDER,
    FAINT,
    INDEPENDENT,
    INK,
    MUTED,
    PAPER,
    RGB,
    Canvas,
    fallback_colours,
    is_uncoloured,
    needs_edge,
    rgb,
)
from bot.render.card import Bar, Chart
from bot.render.hemicycle import INNER, layout
from bot.render.map import draw_map

WIDTH = 800
PAD = 24
LABEL = 40  # font sizes, px: party names and counts, the largest text but the seat total
BIG = 56
SMALL = 30  # axes and notes
MAX_KEYS = 4  # legend entries; beyond that the smallest parties are "Others"
PARTY = re.compile(r"^(?P<name>.*\S)\s+\((?P<party>[^()]*)\)$")


def draw(chart: Chart) -> bytes:
    """The chart as a PNG, WIDTH pixels wide; its height depends on what it shows."""
    drawers = {"seats": _seats, "votes": _votes, "history": _history, "map": _map}
    if chart.kind not in drawers:
        raise ValueError(f"no drawing for chart kind {chart.kind!r}")
    return drawers[chart.kind](chart)


def _map(chart: Chart) -> bytes:
    """A results map (bot/render/map.py): the chart carries its plan."""
    if chart.plan is None:
        raise ValueError("a map chart without a plan")
    return draw_map(chart.plan)


# -- colours and the legend ---------------------------------------------------------------


def _party_key(bar: Bar) -> str:
    """What identifies the bar's party: its id, else the party named in the label."""
    if bar.party:
        return bar.party
    m = PARTY.match(bar.label)
    return m["party"] if m else bar.label


def _independent(bar: Bar) -> bool:
    if bar.party:
        return bar.party == "independent"
    key = _party_key(bar).casefold()  # no id: the label's party, "Independent" or "Ind"
    return key == "ind" or key.startswith("independent")


def colours(bars: Iterable[Bar]) -> Callable[[Bar], RGB]:
    """Each bar's colour: its party's, or for a grey party (an imported local party) a
    fallback colour of its own, distinct within the chart; Independents stay grey."""
    bars = list(bars)
    grey = {_party_key(b) for b in bars
            if is_uncoloured(rgb(b.colour)) and not _independent(b)}
    fallback = fallback_colours(sorted(grey))

    def colour(bar: Bar) -> RGB:
        own = rgb(bar.colour)
        if not is_uncoloured(own):
            return own
        return INDEPENDENT if _independent(bar) else fallback[_party_key(bar)]
    return colour


@dataclass(frozen=True, slots=True)
class Key:
    """One legend entry: a party, or "Others" with the colours of the parties in it."""

    name: str
    value: int
    fills: tuple[RGB, ...]  # empty: a hollow ring ("not recorded")


def keys(totals: Sequence[tuple[str, int, RGB]]) -> list[Key]:
    """(name, seats, colour) as legend entries, most first; past MAX_KEYS the smallest
    are one "Others" entry (their seats are still drawn, each in its own colour)."""
    ranked = sorted(totals, key=lambda t: -t[1])
    if len(ranked) <= MAX_KEYS:
        return [Key(n, v, (c,)) for n, v, c in ranked]
    shown, rest = ranked[:MAX_KEYS - 1], ranked[MAX_KEYS - 1:]
    return [*(Key(n, v, (c,)) for n, v, c in shown),
            Key("Others", sum(v for _, v, _ in rest), tuple(dict.fromkeys(c for *_, c in rest)))]


SWATCH = 14  # radius
ROW_H = 58
GAP = 40


def _key_width(k: Key, with_value: bool) -> float:
    w = 2 * SWATCH + 12 + Canvas.measure(k.name, LABEL)
    if with_value:
        w += Canvas.measure(f" {k.value}", LABEL, True)
    return w


def _legend(c: Canvas | None, items: list[Key], y: float, *, centred: bool,
            values: bool = True) -> float:
    """A row-wrapping legend; returns its height. With no canvas it only measures."""
    room = WIDTH - 2 * PAD
    sizes = [min(_key_width(k, values), room) for k in items]
    rows: list[list[int]] = [[]]
    width = 0.0
    for i, w in enumerate(sizes):
        if rows[-1] and width + GAP + w > room:
            rows.append([])
            width = 0.0
        width += (GAP if rows[-1] else 0) + w
        rows[-1].append(i)
    if c is None:
        return len(rows) * ROW_H
    for n, row in enumerate(rows):
        total = sum(sizes[i] for i in row) + GAP * (len(row) - 1)
        x = (WIDTH - total) / 2 if centred else PAD
        cy = y + n * ROW_H + ROW_H / 2
        for i in row:
            k = items[i]
            _swatch(c, x + SWATCH, cy, k.fills)
            tx = x + 2 * SWATCH + 12
            count = f" {k.value}" if values else ""
            shown = c.fit(k.name, LABEL, x + sizes[i] - tx - Canvas.measure(count, LABEL, True))
            c.text(tx, cy, shown, LABEL, anchor="lm")
            if count:
                c.text(tx + Canvas.measure(shown, LABEL), cy, count, LABEL, bold=True,
                       anchor="lm")
            x += sizes[i] + GAP
    return len(rows) * ROW_H


def _swatch(c: Canvas, x: float, y: float, fills: tuple[RGB, ...]) -> None:
    if not fills:
        c.dot(x, y, SWATCH - 1, None, outline=MUTED, width=2)
    elif len(fills) == 1:
        c.dot(x, y, SWATCH, fills[0], outline=_edge(fills[0]))
    else:
        c.wedges(x, y, SWATCH, fills[:4])


def _edge(fill: RGB) -> RGB | None:
    return BORDER if needs_edge(fill) else None


# -- /seats: one dot per seat -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SeatGeometry:
    """Where the seat chart puts things, in image pixels (tests measure against it)."""

    cx: float  # centre of the half circle
    cy: float
    radius: float  # outer radius (to dot centres)
    dot: float
    height: int
    legend_y: float


RADIUS = 290  # px, for a council of 40 or more seats
MIN_RADIUS = 250  # still room in the middle for the seat count
MAX_HEIGHT = 400  # px: a little under 16:9 at WIDTH, so the card keeps to one phone screen
SMALLEST_RADIUS = 180  # below this the seat count no longer fits in the middle
MAX_DOT = 24  # px: a small council gets a smaller half circle, then spaced-out dots
LINE_LABEL = 34  # "32 for a majority"


def majority(chart: Chart) -> int | None:
    """The seats needed for a majority, if the chart knows the council's size."""
    if chart.total is None or chart.line is None:
        return None
    return chart.line if 0 < chart.line <= _seat_count(chart) else None


def seat_geometry(chart: Chart) -> SeatGeometry:
    hemi = layout(_seat_count(chart))
    radius = RADIUS
    if hemi.dot:
        radius = min(RADIUS, max(MIN_RADIUS, MAX_DOT / hemi.dot))
    top = PAD + (LINE_LABEL + 22 if majority(chart) else 0)
    legend = _legend(None, _seat_keys(chart), 0, centred=True)
    while True:  # a smaller half circle where a long legend would make the chart too tall
        dot = min(hemi.dot * radius, MAX_DOT)
        cy = top + radius + dot
        legend_y = cy + dot + 14
        height = int(legend_y + legend + PAD - 10)
        if height <= MAX_HEIGHT or radius <= SMALLEST_RADIUS:
            return SeatGeometry(WIDTH / 2, cy, radius, dot, height, legend_y)
        radius = max(SMALLEST_RADIUS, radius - (height - MAX_HEIGHT))


def _seat_count(chart: Chart) -> int:
    return max(chart.total or 0, sum(max(b.value, 0) for b in chart.bars))


def _seat_keys(chart: Chart) -> list[Key]:
    colour = colours(chart.bars)
    items = keys([(b.label, b.value, colour(b)) for b in chart.bars if b.value > 0])
    missing = _seat_count(chart) - sum(max(b.value, 0) for b in chart.bars)
    if missing > 0:
        items.append(Key("Not recorded", missing, ()))
    return items


def _seats(chart: Chart) -> bytes:
    g = seat_geometry(chart)
    n = _seat_count(chart)
    hemi = layout(n)
    c = Canvas(WIDTH, g.height)
    colour = colours(chart.bars)
    fills: list[RGB | None] = []
    for b in chart.bars:
        fills += [colour(b)] * max(b.value, 0)
    fills += [None] * (n - len(fills))  # seats not recorded by party

    for seat, fill in zip(hemi.seats, fills, strict=True):
        x, y = g.cx + seat.x * g.radius, g.cy - seat.y * g.radius
        if fill is None:
            c.dot(x, y, g.dot - 1, None, outline=MUTED, width=2)
        else:
            c.dot(x, y, g.dot, fill, outline=_edge(fill))

    line = majority(chart)
    if line:
        # A line from the middle out through the rows, between seat `line` and the next
        # on every row, so it cuts no dot; it runs on past the outer row to its label.
        cut = hemi.cut(line)
        a_in, a_out = cut[0][1], cut[-1][1]
        ends = [(cut[0][0] * g.radius - g.dot - 4, a_in), *((r * g.radius, a) for r, a in cut),
                (g.radius + g.dot + 12, a_out)]
        pts = [(g.cx + r * math.cos(a), g.cy - r * math.sin(a)) for r, a in ends]
        c.line(pts, INK, 3)
        r2 = g.radius + g.dot + 22
        c.text(g.cx + r2 * math.cos(a_out), g.cy - r2 * math.sin(a_out),
               f"{line} for a majority", LINE_LABEL, bold=True, anchor="ms")

    # The seat count in the empty middle, as large as the middle allows; "recorded"
    # when the council's size is not known, so the total claims no more than the data.
    hole = INNER * g.radius - g.dot - 6
    word = "seats" if chart.total is not None else "recorded"
    word_size = next((s for s in range(SMALL, 15, -1)
                      if Canvas.measure(word, s) <= 2 * hole - 12), 16)
    size = int(max(24, min(BIG, (hole - word_size - 10) / 0.75)))
    c.text(g.cx, g.cy - 2, word, word_size, fill=MUTED, anchor="ms")
    c.text(g.cx, g.cy - word_size - 6, f"{n}", size, bold=True, anchor="ms")
    _legend(c, _seat_keys(chart), g.legend_y, centred=True)
    return c.png()


# -- /ward: a bar per candidate -------------------------------------------------------------

ROW = 74
NAME_X = PAD + 44  # after the check mark
BAR_H = 12


def vote_rows(chart: Chart) -> list[float]:
    """The y of each candidate's bar (its middle), top to bottom (tests measure here)."""
    return [PAD + i * ROW + 56 for i in range(len(chart.bars))]


def _votes(chart: Chart) -> bytes:
    c = Canvas(WIDTH, int(PAD + len(chart.bars) * ROW + PAD - 6))
    colour = colours(chart.bars)
    top = max((b.value for b in chart.bars), default=0) or 1
    span = WIDTH - PAD - NAME_X
    for i, (b, bar_y) in enumerate(zip(chart.bars, vote_rows(chart), strict=True)):
        cy = bar_y - 36  # the text line above the bar, clear of its descenders
        if b.marked:
            c.check(PAD + 15, cy, 30, PAPER, disc=INK)
        elif i and chart.bars[i - 1].marked:  # the cut between elected and not
            c.line([(PAD, cy - 30), (WIDTH - PAD, cy - 30)], FAINT, 2)
        count = f"{b.value:,}"
        share = b.note[len(count):].strip(" ()") if b.note.startswith(count) else b.note
        right = WIDTH - PAD
        c.text(right, cy, count, LABEL, bold=True, anchor="rm")
        right -= Canvas.measure(count, LABEL, True)
        if share:
            right -= 10
            c.text(right, cy + 3, share, SMALL, fill=MUTED, anchor="rm")
            right -= Canvas.measure(share, SMALL)
        _name(c, b, NAME_X, cy, right - 20 - NAME_X)
        fill = colour(b)
        c.rect(NAME_X, bar_y - BAR_H / 2, NAME_X + max(span * b.value / top, 4),
               bar_y + BAR_H / 2, fill, radius=BAR_H / 2, outline=_edge(fill))
    return c.png()


def _name(c: Canvas, bar: Bar, x: float, cy: float, room: float) -> None:
    """'Name (Lab)': the name bold if elected, the party muted; the name is what gets cut."""
    m = PARTY.match(bar.label)
    name, party = (m["name"], f" ({m['party']})") if m else (bar.label, "")
    party_w = Canvas.measure(party, LABEL)
    shown = c.fit(name, LABEL, room - party_w, bold=bar.marked)
    c.text(x, cy, shown, LABEL, bold=bar.marked, anchor="lm",
           fill=INK if bar.marked else MUTED)
    if party:
        c.text(x + Canvas.measure(shown, LABEL, bar.marked), cy, party, LABEL, fill=MUTED,
               anchor="lm")


# -- /history: stacked seats per election ---------------------------------------------------

HEIGHT = 450
AXIS_W = 44  # the seat scale on the left
GUTTER = 72  # the last election's counts, right of its column


def _step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100):
        if top / step <= 5:
            return step
    return 10 ** len(str(top))


@dataclass(frozen=True, slots=True)
class HistoryGeometry:
    x0: float  # the plot: columns from x0 to x1, seats 0 at `bottom`, `top` seats at y0
    x1: float
    y0: float
    bottom: float
    top: int

    def column(self, i: int, n: int) -> tuple[float, float]:
        slot = (self.x1 - self.x0) / max(n, 1)
        return self.x0 + i * slot + slot * 0.14, self.x0 + (i + 1) * slot - slot * 0.14

    def y(self, seats: float) -> float:
        return self.bottom - (self.bottom - self.y0) * seats / self.top


def _history_keys(chart: Chart) -> list[Key]:
    colour = colours(b for _, bars in chart.series for b in bars)
    seats: dict[str, int] = {}
    fill: dict[str, RGB] = {}
    for _, bars in chart.series:
        for b in bars:
            seats[b.label] = seats.get(b.label, 0) + b.value
            fill.setdefault(b.label, colour(b))
    return keys([(name, v, fill[name]) for name, v in seats.items()])


def history_geometry(chart: Chart) -> HistoryGeometry:
    legend = _legend(None, _history_keys(chart), 0, centred=False, values=False)
    top = max((sum(b.value for b in bars) for _, bars in chart.series), default=0) or 1
    return HistoryGeometry(PAD + AXIS_W, WIDTH - PAD - GUTTER, PAD + legend + 24,
                           HEIGHT - PAD - SMALL - 10, top)


def _history(chart: Chart) -> bytes:
    g = history_geometry(chart)
    c = Canvas(WIDTH, HEIGHT)
    legend = _history_keys(chart)
    _legend(c, legend, PAD - 6, centred=False, values=False)
    colour = colours(b for _, bars in chart.series for b in bars)
    rank = {k.name: i for i, k in enumerate(legend)}

    step = _step(g.top)
    for v in range(0, g.top + 1, step):  # grid lines behind the columns
        y = g.y(v)
        c.line([(g.x0 - 6, y), (g.x1 + 6, y)], FAINT, 1)
        if v:  # 0 is the base the columns stand on; its label would crowd the first year
            c.text(g.x0 - 12, y, str(v), SMALL, fill=MUTED, anchor="rm")

    n = len(chart.series)
    slot = (g.x1 - g.x0) / max(n, 1)
    every = max(1, math.ceil((Canvas.measure("2022", SMALL) + 10) / slot))
    for i, (year, bars) in enumerate(chart.series):
        left, right = g.column(i, n)
        base = 0
        # The largest parties at the bottom, in the same order every year.
        ordered = sorted(bars, key=lambda b: rank.get(b.label, len(rank)))
        for b in ordered:
            fill = colour(b)
            c.rect(left, g.y(base + b.value), right, g.y(base), fill, outline=_edge(fill))
            base += b.value
            c.line([(left, g.y(base)), (right, g.y(base))], PAPER, 1.5)  # splits parties
        if (n - 1 - i) % every == 0:  # always the latest year
            c.text((left + right) / 2, g.bottom + 8, c.fit(year, SMALL, slot * every),
                   SMALL, fill=MUTED, anchor="mt")
        if i == n - 1:
            _column_counts(c, ordered, right + 10, g)
    return c.png()


def _column_counts(c: Canvas, bars: list[Bar], x: float, g: HistoryGeometry) -> None:
    """The latest election's seats beside its column, each at its party's band; a band too
    thin for its label gives way to the one below."""
    last = g.bottom + LABEL
    base = 0
    for b in bars:
        y = g.y(base + b.value / 2)
        base += b.value
        if last - y >= LABEL * 0.9 and y - g.y0 >= -LABEL / 2:
            c.text(x, y, str(b.value), LABEL, bold=True, anchor="lm")
            last = y


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
