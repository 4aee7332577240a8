"""Answers for places the gazetteer names with no result held: what is known, never a figure."""

from __future__ import annotations

import re

from bot.domain import PlaceCouncil, PlaceWard, Source
from bot.places import DC_ELECTIONS, HeldCouncil, about_text, as_council, place_card
from bot.render.text import render_text

CARDIFF = PlaceCouncil("W06000015", "City of Cardiff Council", "Cardiff", ("Cardiff Council",),
                       "cardiff", "seen", "CRF", "Wales", None, "ons")
CATHAYS = PlaceWard("W05001274", "Cathays", "W06000015")
CONWY = PlaceCouncil("W06000003", "Conwy", "Conwy", (), "conwy", "derived", None, "Wales")
BETWS = PlaceWard("W05001404", "Betws-y-Coed and Trefriw", "W06000003",
                  "Betws-y-coed a Threfriw")
ONS = Source("ons", "ONS codes", "https://geoportal.statistics.gov.uk/",
             "Office for National Statistics", None, "Open Government Licence v3.0",
             "Contains National Statistics data © Crown copyright")


def _figures(text: str) -> list[str]:
    """Numbers in the text that are not part of a code, an id pattern or a URL."""
    text = re.sub(r"https?://\S+|\b[EWSN]\d{8}\b|local\.\S+|\[\d+\]|data v\d", "", text)
    return re.findall(r"\d+", text)


def test_a_ward_says_what_it_is_that_nothing_is_held_and_where_to_look() -> None:
    card = place_card(CARDIFF, ward=CATHAYS, wards=28, source=ONS, data_version="v1")
    text = render_text(card)
    assert "Cathays is a ward of Cardiff (W05001274)." in card.description
    assert "No election result" in card.description
    assert card.url == DC_ELECTIONS
    assert "https://elections.democracyclub.org.uk/api/organisations/local-authority/CRF/" \
           "elections/" in card.fields[0].value
    assert "as Democracy Club's data here shows" in card.notices[0]
    assert _figures(text) == ["2025", "2026"]  # only the dates of the ONS boundaries
    assert card.sources[0].url == ONS.url and card.footer == "data v1"


def test_a_welsh_ward_shows_its_welsh_name_and_an_unchecked_slug_says_so() -> None:
    card = place_card(CONWY, ward=BETWS)
    assert "(in Welsh: Betws-y-coed a Threfriw)" in card.description
    assert "not checked with Democracy Club" in card.notices[0]
    assert "Every Election" not in render_text(card)  # no register code: no link made up


def test_a_council_counts_only_its_wards_and_holds_no_result() -> None:
    card = place_card(CARDIFF, wards=28)
    assert card.description.startswith("City of Cardiff Council is a council in Wales "
                                       "(W06000015).")
    assert "28 current wards" in card.description and "No election result" in card.description


def test_a_ward_of_a_held_council_points_to_its_results() -> None:
    card = place_card(CARDIFF, ward=CATHAYS,
                      held=HeldCouncil("Cardiff", "https://example.org/cardiff"))
    assert "No result for this ward is held here" in card.description
    assert card.url == "https://example.org/cardiff"


def test_as_council_and_about() -> None:
    c = as_council(CARDIFF)
    assert (c.id, c.short_name, c.gss) == ("gss:W06000015", "Cardiff", "W06000015")
    text = about_text(361, 8413, ONS)
    assert "361 councils and 8,413 wards" in text and "Open Government Licence v3.0" in text
    assert about_text(0, 0, None) == ""


# -- the hook in bot/answers.py: gazetteer-only places answered with these cards ---------

async def _ask(db, question: str, default: str | None = None) -> str:  # type: ignore[no-untyped-def]
    from bot.answers import Answers
    from bot.ask import ask
    from bot.store.reader import ReferenceStore
    store = await ReferenceStore.open(db)
    try:
        return render_text(await ask(await Answers.load(store), question,
                                     default_council=default))
    finally:
        await store.close()


async def test_unheld_places_are_answered_truthfully(builtin_db) -> None:  # type: ignore[no-untyped-def]
    text = await _ask(builtin_db, "/ward cathays")
    assert "Cathays is a ward of Cardiff (W05001274)." in text and "No election result" in text
    text = await _ask(builtin_db, "/ward betws-y-coed a threfriw")
    assert "a ward of Conwy (W05001404)" in text
    text = await _ask(builtin_db, "/ward st marys council:oxford")
    assert "St Mary's is a ward of Oxford" in text
    text = await _ask(builtin_db, "/seats leeds")
    assert "Leeds City Council is a council in England (E08000035)" in text
    assert "No election result for this council is held here." in text
    text = await _ask(builtin_db, "/seats", default="gss:W06000015")  # a server's default
    assert "City of Cardiff Council is a council in Wales" in text


async def test_held_councils_are_answered_as_before(builtin_db) -> None:  # type: ignore[no-untyped-def]
    text = await _ask(builtin_db, "/seats london borough of barnet")
    assert "Labour majority" in text
    text = await _ask(builtin_db, "/seats E08000017")  # Doncaster by its GSS code
    assert "Doncaster" in text and "held here" not in text
