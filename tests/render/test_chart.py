"""The charts, checked from their pixels, and the chart cache."""

from __future__ import annotations

import asyncio
import io
import json
import math
import threading
from collections.abc import Iterable
from pathlib import Path

import pytest
from PIL import Image

from bot.answers import Answers
from bot.ask import ask
from bot.render import chart as charts
from bot.render.canvas import FALLBACK, INDEPENDENT, PAPER, contrast, rgb
from bot.render.card import Bar, Chart
from bot.render.chart import (
    LABEL,
    NAME_X,
    WIDTH,
    ChartCache,
    colours,
    draw,
    history_geometry,
    keys,
    seat_geometry,
    vote_rows,
)

LABOUR, CONSERVATIVE = 0xE4003B, 0x0087DC
INK = charts.INK
PARTIES = Path(__file__).resolve().parents[2] / "data" / "parties.json"


def _image(png: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG"
    img.load()  # decodes the whole file: a truncated PNG fails here
    return img.convert("RGB")


def _blobs(img: Image.Image, colour: tuple[int, int, int]) -> list[tuple[float, float, int]]:
    """Connected areas of exactly `colour`: (centre x, centre y, pixel count) each.

    Anti-aliased edges are blends, so two dots never join through their edges.
    """
    w, h = img.size
    px = img.load()
    seen: set[tuple[int, int]] = set()
    out = []
    for y in range(h):
        for x in range(w):
            if (x, y) in seen or px[x, y] != colour:
                continue
            stack, pts = [(x, y)], []
            seen.add((x, y))
            while stack:
                p = stack.pop()
                pts.append(p)
                for q in ((p[0] + 1, p[1]), (p[0] - 1, p[1]), (p[0], p[1] + 1), (p[0], p[1] - 1)):
                    if (0 <= q[0] < w and 0 <= q[1] < h and q not in seen
                            and px[q] == colour):
                        seen.add(q)
                        stack.append(q)
            out.append((sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts),
                        len(pts)))
    return out


def _runs(values: Iterable[tuple[int, int, int]], colours: set[tuple[int, int, int]]) -> int:
    """How many separate stretches of `colours` a line of pixels crosses."""
    runs, inside = 0, False
    for v in values:
        now = v in colours
        runs += now and not inside
        inside = now
    return runs


def _seat_dots(img: Image.Image, chart: Chart, colour: tuple[int, int, int]
               ) -> list[tuple[float, float, int]]:
    g = seat_geometry(chart)
    seat_area = math.pi * g.dot**2  # legend swatches are smaller, and below the seats
    return [b for b in _blobs(img, colour) if b[2] > 0.6 * seat_area and b[1] < g.legend_y]


def _angle(chart: Chart, x: float, y: float) -> float:
    g = seat_geometry(chart)
    return math.atan2(g.cy - y, x - g.cx)


def _line_pixels(img: Image.Image, chart: Chart) -> list[float]:
    """Angles of the light pixels just outside the outer row (above the legend): where the
    majority line runs."""
    g = seat_geometry(chart)
    band = (g.radius + g.dot + 3, g.radius + g.dot + 10)
    px = img.load()
    return [_angle(chart, x, y) for y in range(int(g.cy)) for x in range(img.width)
            if px[x, y] == INK and band[0] <= math.dist((x, y), (g.cx, g.cy)) <= band[1]]


def _shown_fits_discord(img: Image.Image) -> None:
    # Discord shows an embed image in at most 400x300 (desktop) and ~256 px wide (phone):
    # an image no taller than 3:4 is shown full width, so LABEL text stays >= 12.8 px.
    assert img.width == WIDTH == 800
    assert img.height <= 0.75 * WIDTH, img.size
    assert LABEL * 256 / WIDTH >= 12.8
    assert img.getpixel((2, 2)) == PAPER and contrast(PAPER, (0, 0, 0)) < 2  # dark


def _tallest_text(img: Image.Image, y0: float, y1: float) -> int:
    """The height of the tallest run of rows holding light text between y0 and y1."""
    best = run = 0
    for y in range(int(y0), int(y1)):
        if any(img.getpixel((x, y)) == INK for x in range(0, img.width, 1)):
            run += 1
            best = max(best, run)
        else:
            run = 0
    return best


async def test_barnet_2022_seat_chart_has_41_labour_and_22_conservative_dots(
        answers: Answers) -> None:
    card = await answers.seats("barnet")
    chart = card.chart
    assert chart is not None and chart.kind == "seats"
    assert (chart.total, chart.line) == (63, 32)
    png = draw(chart)
    img = _image(png)
    g = seat_geometry(chart)
    assert img.size == (WIDTH, g.height)
    _shown_fits_discord(img)
    assert len(png) < 40_000

    labour, conservative = (_seat_dots(img, chart, rgb(c)) for c in (LABOUR, CONSERVATIVE))
    assert (len(labour), len(conservative)) == (41, 22)

    # The majority line, found by its pixels just outside the outer row, sits after the
    # 32nd seat from the left: 32 dots (all Labour) on its left, 9 + 22 on its right.
    line = _line_pixels(img, chart)
    assert line, "no majority line drawn"
    at = sum(line) / len(line)
    left_of = [d for d in labour + conservative if _angle(chart, d[0], d[1]) > at]
    assert len(left_of) == 32
    assert all(d in labour for d in left_of)

    # The legend's party names and counts are LABEL-size text: a 40 px font's capitals
    # and digits stand about 29 px tall.
    assert _tallest_text(img, g.legend_y, img.height) >= 0.7 * LABEL


async def test_no_majority_line_when_the_council_size_is_unknown(answers: Answers) -> None:
    card = await ask(answers, "/seats barnsley")  # by thirds: its size is not known
    chart = card.chart
    assert chart is not None and chart.total is None and chart.line is None
    img = _image(draw(chart))
    _shown_fits_discord(img)
    assert _line_pixels(img, chart) == []
    assert "majority" not in (card.description or "").casefold()
    # A line without a size is not drawn either (the chart does not trust it alone)...
    assert _line_pixels(_image(draw(Chart("seats", "", chart.bars, line=28))), chart) == []
    # ...and the same bars with the size known do get the line: the check can fail.
    known = Chart("seats", chart.title, chart.bars, total=55, line=28)
    assert _line_pixels(_image(draw(known)), known)


async def test_doncaster_local_parties_get_distinct_colours_of_their_own(
        answers: Answers) -> None:
    chart = (await ask(answers, "/seats doncaster")).chart
    assert chart is not None
    colour = colours(chart.bars)
    local = [b for b in chart.bars if b.label in ("Mexborough First",
                                                  "Edlington and Warmsworth First")]
    assert len(local) == 2 and all(b.party for b in local)
    fills = [colour(b) for b in local]
    assert len(set(fills)) == 2 and all(f in FALLBACK for f in fills)
    img = _image(draw(chart))
    assert [len(_seat_dots(img, chart, f)) for f in fills] == [b.value for b in local]


async def test_each_party_line_wears_the_square_of_its_colour_in_the_chart(
        answers: Answers) -> None:
    from bot.answers._shared import party_square
    from bot.render.palette import FALLBACK_SQUARES
    card = await ask(answers, "/seats doncaster")
    assert card.chart is not None
    colour = colours(card.chart.bars)
    for bar in card.chart.bars:
        fill = colour(bar)
        square = FALLBACK_SQUARES.get(fill) or party_square(bar.colour)
        assert f"{square} **{bar.label} {bar.value}**" in card.description, bar.label


def _standard_colours() -> set[tuple[int, int, int]]:
    """data/parties.json's colours, and SNP yellow and Plaid green (not in it yet)."""
    parties = json.loads(PARTIES.read_text())["parties"]
    return {rgb(int(p["colour"].lstrip("#"), 16)) for p in parties} | {
        rgb(0xFDF38E), rgb(0x005B54)}


def test_the_fallback_palette_is_distinct_readable_and_clear_of_party_colours() -> None:
    standard = _standard_colours()
    assert len(set(FALLBACK)) == len(FALLBACK)
    for f in FALLBACK:
        assert contrast(f, PAPER) >= 3, f  # a dot or bar that stands out on the card
        assert f[0] != f[1] or f[1] != f[2]  # not a grey
        for s in standard | {INDEPENDENT}:
            assert math.dist(f, s) > 60, (f, s)


def test_a_grey_party_gets_a_stable_colour_and_independents_stay_grey() -> None:
    grey = 0xA0A0A0
    bars = [Bar(f"Local {i}", 1, grey, party=f"local-{i}") for i in range(len(FALLBACK))]
    ind = Bar("Independent", 2, 0x9E9E9E, party="independent")
    colour = colours([*bars, ind])
    assert len({colour(b) for b in bars}) == len(FALLBACK)  # all different
    assert colour(ind) == INDEPENDENT
    assert colour(Bar("Labour", 1, LABOUR, party="labour")) == rgb(LABOUR)
    # A party alone keeps the colour it has beside others (no clash among these).
    alone = colours([bars[0]])(bars[0])
    assert alone == colour(bars[0]) or alone in {colour(b) for b in bars[1:]}
    # Without a party id, the party in a "Name (Party)" label decides (vote charts).
    a = colours([Bar("Ann (MF)", 1, grey), Bar("Bob (MF)", 1, grey), Bar("Cy (EWF)", 1, grey)])
    assert a(Bar("Ann (MF)", 1, grey)) == a(Bar("Bob (MF)", 1, grey))
    assert a(Bar("Ann (MF)", 1, grey)) != a(Bar("Cy (EWF)", 1, grey))
    assert a(Bar("Dee (Ind)", 1, 0x9E9E9E)) == INDEPENDENT


def test_others_grouped_beyond_four_parties_and_their_seats_still_drawn() -> None:
    grey = 0xA0A0A0
    bars = (Bar("Labour", 20, LABOUR, party="labour"),
            Bar("Conservative", 12, CONSERVATIVE, party="conservative"),
            Bar("Liberal Democrats", 6, 0xFAA61A, party="liberal-democrats"),
            Bar("Green", 3, 0x02A95B, party="green"),
            Bar("Ratepayers", 2, grey, party="ratepayers"),
            Bar("Independent", 2, 0x9E9E9E, party="independent"))
    chart = Chart("seats", "Made up", bars, total=45, line=23)
    entries = charts._seat_keys(chart)
    assert [k.name for k in entries] == ["Labour", "Conservative", "Liberal Democrats",
                                         "Others"]
    assert entries[-1].value == 3 + 2 + 2
    colour = colours(bars)
    assert set(entries[-1].fills) == {colour(b) for b in bars[3:]}
    img = _image(draw(chart))
    _shown_fits_discord(img)
    for b in bars:  # every party's seats, each in its own colour
        assert len(_seat_dots(img, chart, colour(b))) == b.value, b.label
    assert len(keys([("A", 1, (1, 1, 1))] * 4)) == 4  # four: no grouping


async def test_ward_chart_has_a_bar_per_candidate(answers: Answers) -> None:
    # The ward card's coloured candidate list is its chart on a phone (issue 16): the bar
    # chart is drawn from the same candidacies, on demand.
    card = await ask(answers, "/ward burnt oak")
    assert not card.chart_shown and card.description.count("✅") == 3
    chart = card.chart  # the Chart button draws it
    assert chart is not None and chart.kind == "votes"
    assert len(chart.bars) == 7
    assert sum(b.marked for b in chart.bars) == 3
    png = draw(chart)
    img = _image(png)
    _shown_fits_discord(img)
    assert len(png) < 40_000
    column = [img.getpixel((NAME_X + 3, y)) for y in range(img.height)]
    assert _runs(column, {rgb(b.colour) for b in chart.bars}) == 7
    for b, y in zip(chart.bars, vote_rows(chart), strict=True):  # each bar on its row
        assert img.getpixel((NAME_X + 3, int(y))) == rgb(b.colour)
    # Names and counts are LABEL-size text.
    first = vote_rows(chart)[0]
    assert _tallest_text(img, first - 60, first - 8) >= 0.7 * LABEL


async def test_history_chart_covers_1964_to_2022(answers: Answers) -> None:
    card = await ask(answers, "/history barnet")
    chart = card.chart
    assert chart is not None and chart.kind == "history"
    years = [year for year, _ in chart.series]
    assert years[0] == "1964" and years[-1] == "2022" and len(years) == 16
    png = draw(chart)
    img = _image(png)
    _shown_fits_discord(img)
    assert len(png) < 40_000
    # Conservatives (most seats over the years) are the base of every election's column.
    g = history_geometry(chart)
    row = [img.getpixel((x, int(g.bottom) - 3)) for x in range(img.width)]
    assert _runs(row, {rgb(CONSERVATIVE)}) == 16
    # 2022's column: 22 Conservative seats from the base, then 41 Labour.
    left, right = g.column(15, 16)
    x = int((left + right) / 2)
    assert img.getpixel((x, int(g.y(11)))) == rgb(CONSERVATIVE)
    assert img.getpixel((x, int(g.y(22 + 20)))) == rgb(LABOUR)
    assert img.getpixel((x, int(g.y(63)) - 4)) != rgb(LABOUR)


def _ward(n: int, name_length: int) -> Chart:
    name = ("Bartholomew-Featherstonehaugh " * 4)[:name_length]
    assert len(name) == name_length
    bars = tuple(Bar(f"{name} (Lab Co-op)", 4000 - 300 * i, [LABOUR, CONSERVATIVE][i % 2],
                     i < 3, f"{4000 - 300 * i:,} ({50 - 3 * i:.1f}%)") for i in range(n))
    return Chart("votes", "A ward with a long name — a council, election of 5 May 2022", bars)


def test_twelve_long_names_stay_inside_the_picture() -> None:
    img = _image(draw(_ward(12, 60)))
    assert img.width == WIDTH
    assert img.height == _image(draw(_ward(7, 60))).height + 5 * charts.ROW
    # Nothing is drawn in the right-hand margin (counts included)...
    for x in range(WIDTH - charts.PAD + 2, WIDTH):
        for y in range(img.height):
            assert img.getpixel((x, y)) == PAPER, (x, y)
    # ...and each name was cut short of the vote share: a clear gap between them.
    for y in vote_rows(_ward(12, 60)):
        line = [img.getpixel((x, int(y) - 36)) == PAPER for x in range(img.width)]
        gaps = "".join("." if p else "#" for p in line[NAME_X:WIDTH - charts.PAD])
        assert "." * 14 in gaps.strip(".")


def test_fit_cuts_with_an_ellipsis() -> None:
    c = charts.Canvas(10, 10)
    long = "Alexandra Bartholomew-Featherstonehaugh-Montgomery Smythe"
    cut = c.fit(long, 17, 200)
    assert cut.endswith("…") and c.measure(cut, 17) <= 200
    assert c.fit("Short", 17, 200) == "Short"


def test_seat_chart_with_unrecorded_seats_and_many_parties() -> None:
    bars = tuple(Bar(f"Party {i}", 5, 0x101010 * i) for i in range(1, 9))
    chart = Chart("seats", "Made up", bars, total=45, line=23)
    img = _image(draw(chart))
    assert img.size == (WIDTH, seat_geometry(chart).height)
    names = [k.name for k in charts._seat_keys(chart)]
    assert names[-2:] == ["Others", "Not recorded"] and len(names) == 5
    # Three legend rows: the half circle shrinks (to its floor) to stay within 800x450.
    assert charts.MAX_HEIGHT <= img.height <= 450  # the floor of the half circle: ~16:9


@pytest.mark.parametrize("n", [1, 5, 20, 63, 150])
def test_seat_chart_any_size(n: int) -> None:
    chart = Chart("seats", f"{n} seats", (Bar("A", n, LABOUR),), total=n, line=n // 2 + 1)
    img = _image(draw(chart))
    assert img.width == WIDTH and img.height <= 0.75 * WIDTH


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        draw(Chart("pie", "no"))


# -- the cache ---------------------------------------------------------------------------------


class Counting:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, chart: Chart) -> bytes:
        self.calls += 1
        return f"{chart.title}#{self.calls}".encode()


SMALL = Chart("seats", "Small", (Bar("A", 3, LABOUR),), total=5, line=3)


async def test_cache_returns_the_same_bytes_without_redrawing() -> None:
    drawer = Counting()
    cache = ChartCache(drawer=drawer)
    first = await cache.png(SMALL, "v1")
    again = await cache.png(Chart("seats", "Small", (Bar("A", 3, LABOUR),), total=5, line=3),
                            "v1")
    assert again == first and drawer.calls == 1


async def test_cache_keys_on_the_data_version() -> None:
    drawer = Counting()
    cache = ChartCache(drawer=drawer)
    await cache.png(SMALL, "v1")
    await cache.png(SMALL, "v2")
    assert drawer.calls == 2


async def test_concurrent_requests_share_one_drawing() -> None:
    drawer = Counting()
    cache = ChartCache(drawer=drawer)
    results = await asyncio.gather(*(cache.png(SMALL, "v1") for _ in range(5)))
    assert len(set(results)) == 1 and drawer.calls == 1


async def test_cache_is_bounded() -> None:
    drawer = Counting()
    cache = ChartCache(size=2, drawer=drawer)
    a, b, c = (Chart("seats", t, (Bar("A", 1, LABOUR),), total=1, line=1) for t in "abc")
    for ch in (a, b, a, c):  # a was used after b, so b is the one evicted
        await cache.png(ch, "v1")
    assert drawer.calls == 3
    await cache.png(a, "v1")
    assert drawer.calls == 3
    await cache.png(b, "v1")
    assert drawer.calls == 4


async def test_a_failed_drawing_is_not_cached() -> None:
    calls = 0

    def broken(chart: Chart) -> bytes:
        nonlocal calls
        calls += 1
        raise RuntimeError("boom")

    cache = ChartCache(drawer=broken)
    for _ in range(2):
        with pytest.raises(RuntimeError):
            await cache.png(SMALL, "v1")
    assert calls == 2


async def test_the_real_drawing_through_the_cache(answers: Answers) -> None:
    chart = (await answers.seats("barnet")).chart
    assert chart is not None
    png = await ChartCache().png(chart, answers.data_version)
    assert png == draw(chart)  # drawing is deterministic, so cached bytes are the same


async def test_one_asker_giving_up_does_not_cancel_the_drawing_for_others() -> None:
    release = threading.Event()
    drawer = Counting()

    def slow(chart: Chart) -> bytes:
        release.wait(timeout=10)
        return drawer(chart)

    cache = ChartCache(drawer=slow)
    impatient = asyncio.create_task(cache.png(SMALL, "v1"))
    patient = asyncio.create_task(cache.png(SMALL, "v1"))
    await asyncio.sleep(0)  # both are now waiting on the one drawing
    impatient.cancel()
    release.set()
    assert await patient == b"Small#1"
    assert impatient.cancelled() and drawer.calls == 1
    assert await cache.png(SMALL, "v1") == b"Small#1"  # and it was kept
