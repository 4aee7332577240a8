"""The charts, checked from their pixels, and the chart cache."""

from __future__ import annotations

import asyncio
import io
import math
import threading
from collections.abc import Iterable

import pytest
from PIL import Image

from bot.answers import Answers
from bot.ask import ask
from bot.render import chart as charts
from bot.render.canvas import PAPER, ZEBRA, rgb
from bot.render.card import Bar, Chart
from bot.render.chart import HISTORY_X0, VOTE_X0, WIDTH, ChartCache, draw, seat_geometry

LABOUR, CONSERVATIVE = 0xE4003B, 0x0087DC
INK = charts.INK


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


async def test_barnet_2022_seat_chart_has_41_labour_and_22_conservative_dots(
        answers: Answers) -> None:
    card = await answers.seats("barnet")
    chart = card.chart
    assert chart is not None and chart.kind == "seats" and chart.line == 32
    img = _image(draw(chart))
    g = seat_geometry(chart)
    assert img.size == (WIDTH, g.height)

    seat_area = math.pi * g.dot**2
    def dots(colour: int) -> list[tuple[float, float, int]]:  # legend swatches are smaller
        return [b for b in _blobs(img, rgb(colour)) if b[2] > 0.6 * seat_area]

    labour, conservative = dots(LABOUR), dots(CONSERVATIVE)
    assert (len(labour), len(conservative)) == (41, 22)

    # The majority tick, found by its pixels just outside the outer row, sits after the
    # 32nd seat from the left: 32 dots (all Labour) on its left, 9 + 22 on its right.
    def angle(x: float, y: float) -> float:
        return math.atan2(g.cy - y, x - g.cx)

    band = (g.radius + g.dot + 6, g.radius + g.dot + 20)
    px = img.load()
    tick = [angle(x, y) for y in range(img.height) for x in range(img.width)
            if px[x, y] == INK and band[0] <= math.dist((x, y), (g.cx, g.cy)) <= band[1]]
    assert tick, "no majority tick drawn"
    line = sum(tick) / len(tick)
    left_of = [d for d in labour + conservative if angle(d[0], d[1]) > line]
    assert len(left_of) == 32
    assert all(d in labour for d in left_of)


async def test_ward_chart_has_a_bar_per_candidate(answers: Answers) -> None:
    card = await ask(answers, "/ward burnt oak")
    chart = card.chart
    assert chart is not None and chart.kind == "votes"
    assert len(chart.bars) == 7
    assert sum(b.marked for b in chart.bars) == 3
    img = _image(draw(chart))
    assert img.width == WIDTH
    column = [img.getpixel((VOTE_X0 + 3, y)) for y in range(img.height)]
    assert _runs(column, {rgb(b.colour) for b in chart.bars}) == 7


async def test_history_chart_covers_1964_to_2022(answers: Answers) -> None:
    card = await ask(answers, "/history barnet")
    chart = card.chart
    assert chart is not None and chart.kind == "history"
    years = [year for year, _ in chart.series]
    assert years[0] == "1964" and years[-1] == "2022" and len(years) == 16
    img = _image(draw(chart))
    assert img.width == WIDTH and img.height < 800
    # Conservatives (most seats over the years) start every row's bar.
    column = [img.getpixel((HISTORY_X0 + 3, y)) for y in range(img.height)]
    assert _runs(column, {rgb(CONSERVATIVE)}) == 16


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
    # Between the name column and the bars only the card shows (its zebra rows and
    # their soft edges, nothing darker): the names were cut short.
    for x in range(VOTE_X0 - 14, VOTE_X0 - 2):
        for y in range(90, img.height - 20):
            assert min(img.getpixel((x, y))) >= min(ZEBRA), (x, y)
    # Nothing is drawn in the right-hand margin (bar notes included).
    for x in range(WIDTH - 12, WIDTH - 1):
        for y in range(20, img.height - 20):
            assert img.getpixel((x, y)) == PAPER, (x, y)


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


@pytest.mark.parametrize("n", [1, 5, 20, 63, 150])
def test_seat_chart_any_size(n: int) -> None:
    chart = Chart("seats", f"{n} seats", (Bar("A", n, LABOUR),), total=n, line=n // 2 + 1)
    assert _image(draw(chart)).width == WIDTH


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
