"""/seats on the built-in data and the mini fixture, then composing without a database."""

from __future__ import annotations

import pytest

from bot.answers import Answers
from bot.errors import BadOption, UserError
from tests.answers.conftest import field, text


async def test_seats_barnet_2022(answers: Answers) -> None:
    card = await answers.seats("barnet")
    out = text(card)
    assert "5 May 2022" in card.title
    assert "Labour — 41 seats (+16) · 46,070 votes (43.0%)" in out
    assert "Conservative — 22 seats (−16) · 37,608 votes (35.1%)" in out
    assert "Liberal Democrats — 0 seats" in out
    assert "41 of 63 seats (32 needed), a majority of 19" in out
    assert "Labour gain from Conservative" in out
    assert "97,480 ballots (37.9%), provisional" in out
    assert card.colour == answers.store.parties["labour"].colour
    # the disagreement on vote shares is shown, with both values
    assert "46.7" in out and "38.3" in out and "Sources disagree" in out
    # sources with links
    assert any(s.url and "hyperlinked.wiki" in s.url for s in card.sources)


async def test_seats_barnet_does_not_pass_2022_off_as_today(answers: Answers) -> None:
    card = await answers.seats("barnet")
    assert "held an election on 7 May 2026" in card.notices[0]
    assert "not today's council" in card.notices[0]
    # composition computed from the Feb 2025 report and the dated changes after it
    since = field(card, "Since the election")
    assert "As of December 2025: **Labour 40, Conservative 19, Independent/unaffiliated 3, " \
           "Vacant 1**" in since
    assert "as reported on 14 February 2025" in since


async def test_seats_barnet_2014(answers: Answers) -> None:
    out = text(await answers.seats("barnet", "2014"))
    assert "Conservative — 32 seats (−7)" in out
    assert "Labour — 30 seats (+9)" in out
    assert "Liberal Democrats — 1 seat (−2)" in out
    assert "22 May 2014" in out
    assert "As of" not in out  # a past election has no "since" block


async def test_seats_barnet_2010_shows_the_lib_dem_disagreement(answers: Answers) -> None:
    out = text(await answers.seats("barnet", "2010"))
    assert "Liberal Democrats — 2 seats" in out
    assert "Sources disagree" in out and "3" in out


async def test_seats_2026_is_held_but_not_recorded(answers: Answers) -> None:
    card = await answers.seats("barnet", "2026")
    assert "not recorded" in card.description
    assert "wikipedia.org/wiki/2026_Barnet" in card.description


async def test_seats_unknown_year_offers_the_elections(answers: Answers) -> None:
    with pytest.raises(BadOption) as exc:
        await answers.seats("barnet", "1999")
    assert any(c.value == "local.barnet.2022-05-05" for c in exc.value.choices)


async def test_seats_other_councils(answers: Answers) -> None:
    out = text(await answers.seats("wandsworth"))
    assert "Labour — 35 seats" in out and "Conservative — 22 seats" in out
    out = text(await answers.seats("westminster"))
    assert "Labour — 31 seats (+12)" in out and "Conservative — 23 seats (−18)" in out


async def test_seats_needs_a_council(answers: Answers) -> None:
    with pytest.raises(UserError):
        await answers.seats(None)
    card = await answers.seats(None, default_council="barnet")
    assert "Barnet" in card.title


async def test_seats_with_only_council_wide_facts(answers: Answers) -> None:
    card = await answers.seats("hillingdon")
    assert "53 seats; 27 needed" in card.description
    assert "Conservative hold" in card.description
    assert "No party figures are recorded." in field(card, "Seats and votes")


async def test_derived_seat_changes_are_marked(answers: Answers) -> None:
    card = await answers.seats("wandsworth")
    assert "35 seats (+9†)" in field(card, "Seats and votes")
    assert any(n.startswith("† change worked out, not stated by a source") for n in card.notices)



async def test_mini_fixture_seats(mini_answers: Answers) -> None:
    """An invented council exercising what Barnet's data lacks: composition since."""
    card = await mini_answers.seats("testshire")
    assert "As of June 2024: **Labour 2, Conservative 2, Independent 1**" in field(
        card, "Since the election")
