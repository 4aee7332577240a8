"""The map as a picture: fill colours where ONS says each ward is, legend, size."""

from __future__ import annotations

import io
from collections import Counter

from PIL import Image

from bot import boundaries as B
from bot import maps
from bot.render import map as render
from bot.render.canvas import rgb
from tests import maps_data

LABOUR, CONSERVATIVE = rgb(0xE4003B), rgb(0x0087DC)


def _barnet(**kw) -> maps.MapPlan:
    p = maps.plan(B.load("E09000003"), maps_data.barnet(), maps_data.parties(),
                  election_id=maps_data.BARNET_2022, title="Barnet · 5 May 2022",
                  election_date="2022-05-05", **kw)
    assert isinstance(p, maps.MapPlan)
    return p


def _image(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def _at(plan: maps.MapPlan, img: Image.Image, ward: str) -> tuple[int, int, int]:
    w = next(w for w in plan.boundaries.wards if w.name == ward)
    x, y = render.layout(plan).pixel(*plan.boundaries.project(w.lat, w.lon))
    return img.getpixel((int(x), int(y)))


def test_barnet_2022_wards_are_filled_with_their_winners_colour():
    plan = _barnet()
    img = _image(render.draw_map(plan, labels=False))
    for ward in ("Childs Hill", "Burnt Oak", "West Hendon", "Colindale South"):
        assert _at(plan, img, ward) == LABOUR, ward
    for ward in ("Mill Hill", "Hendon", "Finchley Church End", "Golders Green",
                 "Garden Suburb"):
        assert _at(plan, img, ward) == CONSERVATIVE, ward
    # No result held: the neutral pattern, never a party's colour.
    assert _at(plan, img, "Barnet Vale") in (render.NEUTRAL, render.HATCH)


def test_names_are_written_only_where_they_fit_and_leave_the_fill_visible():
    plan = _barnet()
    plain = _image(render.draw_map(plan, labels=False))
    named = _image(render.draw_map(plan))
    assert plain.tobytes() != named.tobytes()
    w = next(w for w in plan.boundaries.wards if w.name == "Mill Hill")
    x, y = (int(v) for v in render.layout(plan).pixel(*w.point))
    around = Counter(named.getpixel((x + dx, y + dy)) for dx in range(-20, 21, 4)
                     for dy in range(-14, 15, 4))
    assert around.most_common(1)[0][0] == CONSERVATIVE


def test_every_doncaster_ward_shows_the_party_that_won_most_of_its_seats():
    plan = maps.plan(B.load("E08000017"), maps_data.doncaster_2021(),
                     maps_data.doncaster_parties(), election_id="local.doncaster.2021-05-06",
                     title="Doncaster", election_date="2021-05-06")
    img = _image(render.draw_map(plan, labels=False))
    colours = dict(plan.colours)
    for f in plan.fills:
        got = _at(plan, img, f.name)
        if f.kind == maps.WON:
            assert got == rgb(colours[f.parties[0][0]]), f.name
        else:  # split: one of its parties' stripes
            assert got in {rgb(colours[p]) for p, _ in f.parties}, f.name


def test_a_split_ward_shows_each_partys_stripes_in_proportion():
    b = B.load("E09000003")
    plan = maps.plan(b, [maps.WardResult("Edgwarebury", None, 3,
                                         (("labour", 2), ("conservative", 1)))],
                     maps_data.parties(), election_id="x", title="x", election_date=None)
    img = _image(render.draw_map(plan, labels=False))
    w = next(w for w in b.wards if w.name == "Edgwarebury")
    x, y = (int(v) for v in render.layout(plan).pixel(*w.point))
    seen = Counter(img.getpixel((x + dx, y)) for dx in range(-15, 15))
    assert seen[LABOUR] > seen[CONSERVATIVE] > 0


def test_the_highlighted_ward_is_outlined():
    plan = _barnet(highlight="E05013630")
    plain = _image(render.draw_map(_barnet(), labels=False))
    lit = _image(render.draw_map(plan, labels=False))
    w = next(w for w in plan.boundaries.wards if w.gss == "E05013630")
    g = render.layout(plan)
    xs = [g.pixel(x, y) for x, y in w.polygons[0][0]]
    white = sum(1 for x, y in xs if lit.getpixel((int(x), int(y))) == render.HIGHLIGHT)
    assert white > len(xs) / 2
    assert sum(1 for x, y in xs if plain.getpixel((int(x), int(y))) == render.HIGHLIGHT) == 0


def test_a_png_far_within_discords_limits_with_the_credit():
    png = render.draw_map(_barnet())
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(png) < 300_000  # Discord allows 8 MB (25 MB for some servers)
    img = _image(png)
    assert img.width == 800 and 450 <= img.height <= 700
    # The credit's row is drawn (not background) along the bottom of the image.
    row = [img.getpixel((x, img.height - 14)) for x in range(20, 700)]
    assert sum(1 for p in row if p != render.BG) > 50


def test_the_largest_council_draws_too():
    b = B.load("S12000017")  # Highland
    plan = maps.plan(b, [], maps_data.parties(), election_id="x", title="Highland",
                     election_date=None)
    png = render.draw_map(plan)
    assert len(png) < 300_000
