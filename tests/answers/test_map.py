"""/map: the council's wards in their winners' colours, refused on other wards; the Map button."""

from __future__ import annotations

import asyncio
import io
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

import bot.config
from bot import boundaries as B
from bot import maps
from bot.answers import Answers
from bot.answers import map as answer_map
from bot.answers._context import Sources
from bot.ask import ask
from bot.cli import main
from bot.render import map as render
from bot.render.canvas import rgb
from bot.render.chart import ChartCache, draw
from bot.render.text import render_text
from bot.store.reader import ReferenceStore
from tests.answers.conftest import TESTSHIRE, election, field, text

LABOUR, CONSERVATIVE = rgb(0xE4003B), rgb(0x0087DC)
BARNET_LABOUR = ("Childs Hill", "Burnt Oak", "West Hendon", "Colindale South")
BARNET_CONSERVATIVE = ("Mill Hill", "Hendon", "Finchley Church End", "Golders Green")


def _image(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def _at(plan: maps.MapPlan, img: Image.Image, ward: str) -> set[tuple[int, int, int]]:
    """The fill at the ward's ONS point inside it. Where the ward's name is written over
    that point, the fill just above and below the name: the renderer writes a name only
    where its box (LABEL / 2 + 2 px above and below the point) is inside the ward."""
    w = next(w for w in plan.boundaries.wards if w.name == ward)
    x, y = (int(v) for v in render.layout(plan).pixel(*plan.boundaries.project(w.lat, w.lon)))
    fills = {rgb(c) for _, c in plan.colours} | {render.NEUTRAL, render.HATCH}
    here = img.getpixel((x, y))
    if here in fills:
        return {here}
    gap = render.LABEL // 2 + 2
    return {img.getpixel((x, y - gap)), img.getpixel((x, y + gap))}


def _plan(card) -> maps.MapPlan:
    assert card.chart is not None and card.chart.kind == "map"
    assert isinstance(card.chart.plan, maps.MapPlan)
    return card.chart.plan


# -- the acceptance questions ------------------------------------------------------------------


def test_the_cli_draws_barnet_2022_in_its_winners_colours(
        builtin_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ELECTION_DB", str(builtin_db))
    monkeypatch.setattr(bot.config, "DEFAULT_ELECTION_DB", tmp_path / "default.sqlite3")
    png = tmp_path / "map.png"
    assert main(["ask", "/map barnet", "--chart", str(png)]) == 0
    out = capsys.readouterr().out
    assert "Barnet 2022 — results by ward" in out and "Chart written to" in out
    assert "Contains OS data © Crown copyright" in out  # the credit, in the text too
    img = _image(png.read_bytes())
    plan = asyncio.run(_map_plan(builtin_db, "/map barnet"))  # where each ward is drawn
    for ward in BARNET_LABOUR:
        assert _at(plan, img, ward) == {LABOUR}, ward
    for ward in BARNET_CONSERVATIVE:
        assert _at(plan, img, ward) == {CONSERVATIVE}, ward


async def _map_plan(db: Path, question: str) -> maps.MapPlan:
    store = await ReferenceStore.open(db)
    try:
        return _plan(await ask(await Answers.load(store), question))
    finally:
        await store.close()


async def test_barnet_2022_labour_wards_red_conservative_wards_blue(answers: Answers) -> None:
    card = await ask(answers, "/map barnet")
    plan = _plan(card)
    assert plan.election_id == "local.barnet.2022-05-05" and len(plan.fills) == 24
    img = _image(draw(card.chart))
    for ward in BARNET_LABOUR:
        assert _at(plan, img, ward) == {LABOUR}, ward
    for ward in BARNET_CONSERVATIVE:
        assert _at(plan, img, ward) == {CONSERVATIVE}, ward
    # Nothing is recorded for Barnet Vale: the neutral pattern, not a party's colour.
    assert _at(plan, img, "Barnet Vale") <= {render.NEUTRAL, render.HATCH}


async def test_the_barnet_card_says_what_the_picture_shows(answers: Answers) -> None:
    card = await ask(answers, "/map barnet")
    assert card.author == "London Borough of Barnet · election of 5 May 2022"
    assert card.title == "Barnet 2022 — results by ward"
    key = field(card, "Key")
    assert "**Labour** — 21 seats" in key and "**Conservative** — 13 seats" in key
    assert "No result held — 9 wards: Barnet Vale" in key
    # The key is of the wards whose winners are recorded, not the council's 41 and 22.
    assert any("34 seats whose winners are recorded" in n for n in card.notices)
    assert "/seats barnet 2022" in text(card)
    assert field(card, "Results matched to wards") == "24 by name"
    assert card.footer.startswith("Contains OS data © Crown copyright and database right 2025")
    assert any("ONS Wards" in s.title and "Open Government Licence" in s.title
               for s in card.sources)
    assert "2026" in card.warning  # a later election is held whose result is not recorded


async def test_barnet_2018_is_refused_and_draws_nothing(answers: Answers) -> None:
    card = await ask(answers, "/map barnet 2018")
    assert card.chart is None
    assert card.title == "Barnet 2018 — no map drawn"
    assert "older wards" in card.description and "in use since 2022" in card.description
    assert "May 2025" in field(card, "Boundaries held")


async def test_doncaster_2021_matches_every_ward_by_code(answers: Answers) -> None:
    card = await ask(answers, "/map doncaster")
    plan = _plan(card)
    assert plan.election_id == "local.doncaster.2021-05-06"
    assert len(plan.fills) == 21 and not plan.unmatched_results and not plan.unmatched_wards
    assert field(card, "Results matched to wards") == "21 by GSS code"
    assert not card.notices  # no result without a ward, no later election unrecorded
    img = _image(draw(card.chart))
    colours = dict(plan.colours)
    for f in plan.fills:
        allowed = {rgb(colours[p]) for p, _ in
                   (f.parties if f.kind == maps.SPLIT else f.parties[:1])}
        assert _at(plan, img, f.name) <= allowed, f.name
    # Labour and Co-operative councillors are counted as Labour, as /seats counts them.
    assert "**Labour** — 40 seats" in field(card, "Key")


async def test_a_ward_is_outlined(answers: Answers) -> None:
    plain = await ask(answers, "/map barnet")
    lit = await ask(answers, "/map barnet ward:childs hill")
    plan = _plan(lit)
    childs_hill = next(w.gss for w in plan.boundaries.wards if w.name == "Childs Hill")
    assert plan.highlight == childs_hill and _plan(plain).highlight is None
    assert "Outlined: **Childs Hill**" in lit.description
    assert lit.chart.key != plain.chart.key  # another picture in the cache


async def test_a_ward_alone_names_its_council(answers: Answers) -> None:
    plan = _plan(await ask(answers, "/map ward:adwick le street"))
    assert plan.election_id == "local.doncaster.2021-05-06"
    assert plan.highlight == "E05010728"  # Adwick le Street & Carcroft, by its code


async def test_a_place_council_without_results_gets_the_place_card(answers: Answers) -> None:
    card = await ask(answers, "/map cardiff")
    assert card.chart is None and "No election result" in card.description


async def test_no_ward_results_no_map(answers: Answers) -> None:
    card = await ask(answers, "/map camden")  # only council-wide figures are held
    assert card.chart is None and "No ward results are recorded" in card.description


# -- the picture path ---------------------------------------------------------------------------


async def test_the_map_is_cached_by_the_plans_key(answers: Answers) -> None:
    card = await ask(answers, "/map barnet")
    assert card.chart.key == _plan(card).key(answers.data_version)
    assert answers.data_version in card.chart.key
    drawn: list[str] = []

    def counting(chart):
        drawn.append(chart.key)
        return draw(chart)

    cache = ChartCache(drawer=counting)
    first = await cache.png(card.chart, answers.data_version)
    again = await cache.png((await ask(answers, "/map barnet 2022")).chart, answers.data_version)
    assert first == again and first[:8] == b"\x89PNG\r\n\x1a\n" and len(drawn) == 1


def test_a_map_chart_without_a_plan_is_an_error() -> None:
    from bot.render.card import Chart
    with pytest.raises(ValueError, match="without a plan"):
        draw(Chart("map", "x"))


# -- compose, without the database ------------------------------------------------------------


def _facts(**kw) -> answer_map.MapFacts:
    base = answer_map.MapFacts(
        council=TESTSHIRE, election=election(), gss="E09000003",
        boundaries=B.load("E09000003"), boundary_problem="",
        results=(maps.WardResult("Childs Hill", None, 3, (("lab", 3),)),), cites=(),
        parties={"lab": maps.PartyStyle("lab", "Labour", 0xE4003B)}, highlight=None,
        later_no_result=None, data_version="v1")
    return replace(base, **kw)


def test_no_boundaries_held_says_so() -> None:
    card = answer_map.compose(_facts(boundaries=None, gss=None), Sources())
    assert card.chart is None and "No ward boundaries for Testshire: none are held" in \
        card.description
    broken = answer_map.compose(_facts(boundaries=None, boundary_problem="bad gzip"), Sources())
    assert "could not be read (bad gzip)" in broken.description


def test_a_ward_not_on_the_map_is_not_outlined() -> None:
    card = answer_map.compose(_facts(highlight=answer_map.Highlight("Nowhere", None)), Sources())
    assert _plan(card).highlight is None
    assert "Nowhere is not one of the wards on this map" in card.description
    # A ward code not held here is another ward, even with a held ward's name.
    other = answer_map.compose(_facts(highlight=answer_map.Highlight("Childs Hill",
                                                                     "E05000045")), Sources())
    assert _plan(other).highlight is None


def test_results_for_other_wards_are_listed() -> None:
    old = tuple(maps.WardResult(n, f"E0500004{i}", 3, (("lab", 3),))
                for i, n in enumerate(("Childs Hill", "Hendon", "Mill Hill")))
    card = answer_map.compose(_facts(results=old), Sources())
    assert card.chart is None and "other wards" in card.description
    assert field(card, "Wards in the results with no shape here") == \
        "Childs Hill, Hendon, Mill Hill"


def test_a_result_with_no_ward_here_is_reported() -> None:
    results = (maps.WardResult("Childs Hill", None, 3, (("lab", 3),)),
               maps.WardResult("Hendon", None, 3, (("lab", 3),)),
               maps.WardResult("Nowhere Ward", None, 3, (("lab", 3),)))
    card = answer_map.compose(_facts(results=results), Sources())
    assert _plan(card).unmatched_results == ("Nowhere Ward",)
    assert card.notices == ["No ward on this map matches these results by code or name: "
                            "Nowhere Ward."]
    assert field(card, "Results matched to wards") == "2 by name"
    assert "No result held — 22 wards: Barnet Vale" in field(card, "Key")


def test_the_text_is_safe_to_show() -> None:
    card = answer_map.compose(_facts(highlight=answer_map.Highlight("@everyone *x*", None)),
                              Sources())
    assert "@everyone" not in card.description.replace("\\@everyone", "")
    assert render_text(card)


# -- the Map button -----------------------------------------------------------------------------


async def test_seats_offers_the_map_and_its_question_answers(answers: Answers) -> None:
    card = await ask(answers, "/seats barnet")
    [action] = [a for a in card.actions if a.label == "Map"]
    assert action.part == "map"
    assert action.question == "/map council:barnet election:local.barnet.2022-05-05"
    target = await ask(answers, action.question)
    assert _plan(target).election_id == "local.barnet.2022-05-05"


async def test_ward_offers_the_map_with_the_ward_outlined(answers: Answers) -> None:
    card = await ask(answers, "/ward childs hill")
    [action] = [a for a in card.actions if a.label == "Map"]
    assert action.question.endswith("ward:barnet-2022:childs-hill")
    plan = _plan(await ask(answers, action.question))
    assert next(w.name for w in plan.boundaries.wards if w.gss == plan.highlight) == \
        "Childs Hill"


async def test_the_longest_ward_id_still_fits_a_button(answers: Answers) -> None:
    card = await ask(answers, "/ward adwick le street council:doncaster")
    [action] = [a for a in card.actions if a.label == "Map"]
    assert "doncaster-e05010728:adwick-le-street-carcroft" in action.question
    assert len(action.question) <= 100  # Discord's limit for a button's custom id
    assert _plan(await ask(answers, action.question)).highlight == "E05010728"


@pytest.mark.parametrize("question", ["/seats barnet 2018", "/seats camden", "/seats barnsley",
                                      "/ward darton west"])
async def test_no_map_button_where_no_map_can_be_drawn(answers: Answers, question: str) -> None:
    card = await ask(answers, question)
    assert not [a for a in card.actions if a.label == "Map"]


async def test_doncaster_seats_offers_the_map(answers: Answers) -> None:
    card = await ask(answers, "/seats doncaster")
    assert [a.question for a in card.actions if a.label == "Map"] == [
        "/map council:doncaster election:local.doncaster.2021-05-06"]


async def test_about_credits_the_boundaries(answers: Answers) -> None:
    card = await ask(answers, "/about")
    # the full credit is in the detail; the public card says where to find it
    value = next(f.value for f in card.detail if f.name == "Ward boundaries (/map)")
    assert value.startswith(f"{len(B.available())} councils' wards")
    assert all(line in value for line in B.ATTRIBUTION) and B.LICENCE in value
