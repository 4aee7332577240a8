"""Every answer, on the built-in data: the seed questions and the acceptance cases."""

from __future__ import annotations

import asyncio
import re

import pytest

from bot.answers import Answers
from bot.errors import Ambiguous, BadOption, NotFound, UserError
from bot.render.card import Card
from bot.render.text import render_text


def text(card: Card) -> str:
    return render_text(card, width=10_000)  # no wrapping, so phrases can be searched


def field(card: Card, name: str) -> str:
    return next(f.value for f in card.fields if f.name == name)


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


async def test_ward_burnt_oak_full_result(answers: Answers) -> None:
    card = await answers.ward("burnt oak")
    out = text(card)
    for line in ("✅ Sara Conway · Labour · 2,545 votes (69.1%)",
                 "✅ Kamal Gurung · Labour · 2,377 votes (64.5%)",
                 "✅ Ammar Naqvi · Labour · 2,105 votes (57.1%)",
                 "▫️ Ruth Hart · Conservative · 962 votes (26.1%)",
                 "▫️ Rashina Shah · Green · 520 votes (14.1%)"):
        assert line in out
    assert out.count("✅") == 3
    assert "3,684 ballots of 13,436 electors (27.4%)" in out
    assert "1,143 votes (Ammar Naqvi over Ruth Hart)" in out
    assert "13 February 2025 by-election" in out  # the later by-election is pointed to
    assert card.chart is not None and len(card.chart.bars) == 7


async def test_ward_cricklewood_seats_and_not_recorded(answers: Answers) -> None:
    card = await answers.ward("cricklewood")
    out = text(card)
    assert card.description.startswith("2 seats")
    assert "Result not recorded" in out
    assert "https://en.wikipedia.org/wiki/2022_Barnet_London_Borough_Council_election" in out
    assert "✅" not in out  # no invented winners


@pytest.mark.parametrize("query", ["childs-hill", "Child's Hill", "chids hil", "CHILDS HILL"])
async def test_ward_childs_hill_sloppy_names(answers: Answers, query: str) -> None:
    card = await answers.ward(query)
    out = text(card)
    assert card.title.startswith("Childs Hill — Barnet")
    assert "Giulia Innocenti" in out and "Peter Zinkin" in out
    assert "votes not recorded" in out
    assert "inferred from a later source" in out


async def test_ward_colindale_is_ambiguous(answers: Answers) -> None:
    with pytest.raises(Ambiguous) as exc:
        await answers.ward("colindale")
    assert {c.label.split(" — ")[0] for c in exc.value.choices} == {
        "Colindale North", "Colindale South"}


async def test_ward_unknown_gives_suggestions(answers: Answers) -> None:
    with pytest.raises(NotFound) as exc:
        await answers.ward("xyzzy")
    assert 0 < len(exc.value.choices) <= 5


async def test_ward_hendon_not_west_hendon_and_truncated_vote_stays_null(
        answers: Answers) -> None:
    out = text(await answers.ward("hendon"))
    assert out.startswith("Hendon — Barnet")
    assert "Joshua Conway · Conservative · 2,632 votes" in out
    assert "Alex Prager · Conservative · votes not recorded" in out
    prager = next(line for line in out.splitlines() if "Alex Prager ·" in line)
    assert "2,54" not in prager


async def test_ward_by_election_by_date(answers: Answers) -> None:
    out = text(await answers.ward("hendon", election="2025-10-30"))
    assert "by-election of 30 October 2025" in out
    assert "✅ Shimon Ryde · Conservative · 1,656 votes (46.8%)" in out
    assert "Majority" in out and "587 votes (Shimon Ryde over Yosef David)" in out


async def test_ward_whetstone_by_election_stated_majority(answers: Answers) -> None:
    out = text(await answers.ward("whetstone", election="2025-05-15"))
    assert "147 votes" in out
    assert "name not recorded" in out  # unnamed candidates stay unnamed


async def test_ward_in_a_default_council(answers: Answers) -> None:
    card = await answers.ward("childs hill", default_council="barnet")
    assert "Childs Hill" in card.title


async def test_councillor_zinkin(answers: Answers) -> None:
    out = text(await answers.councillor("zinkin"))
    assert "Childs Hill" in out and "not elected" in out
    assert "Golders Green" in out and "16 February 2023 by-election" in out


async def test_councillor_thomas_left_the_council(answers: Answers) -> None:
    card = await answers.councillor("dan thomas")
    out = text(card)
    assert "Finchley Church End" in out
    assert "Left the council" in card.description
    assert "Reform UK" in out


async def test_quote_rawlings(answers: Answers) -> None:
    card = await answers.quote("rawlings")
    out = text(card)
    assert "What Barry Rawlings said" in card.title
    assert "This is an historic victory." in out
    assert "Ham & High" in out and "hamhigh.co.uk" in out
    assert "6 May 2022" in out
    # the seed report's quotes are served too
    assert "Working with local people, we will have a safer, brighter, cleaner Barnet." in out
    for f in card.fields:
        assert "—" in f.value  # every statement names where it was published


@pytest.mark.parametrize(("who", "name"), [("thomas", "Dan Thomas"),
                                           ("rozenberg", "Gabriel Rozenberg")])
async def test_quote_other_leaders(answers: Answers, who: str, name: str) -> None:
    card = await answers.quote(who)
    assert name in card.title and card.fields


async def test_quote_keyword_search(answers: Answers) -> None:
    card = await answers.quote("climate")
    assert "climate emergency" in text(card)
    card = await answers.quote("rawlings", "cash machines")
    assert all("cash machines" in f.value for f in card.fields)


async def test_quote_by_party(answers: Answers) -> None:
    card = await answers.quote("liberal democrats")
    assert "Rozenberg" in text(card)


@pytest.mark.parametrize("hostile", ['"; DROP TABLE statements; --', "NEAR(a b)", "*", "a OR",
                                     "@everyone", "\x00\x1b[31m", "x" * 6000])
async def test_quote_hostile_keywords(answers: Answers, hostile: str) -> None:
    try:
        await answers.quote("rawlings", hostile)
    except UserError as exc:
        assert not re.search(r"(?<!\\)@everyone", exc.message)  # echoed text is escaped
    # the statements are all still there
    assert len((await answers.quote("rawlings")).fields) >= 10


async def test_party_labour_in_barnet(answers: Answers) -> None:
    out = text(await answers.party("labour", "barnet"))
    assert "41 seats of 63 (+16)" in out
    assert "Barry Rawlings (Friern Barnet)" in out
    assert "Burnt Oak (3)" in out and "Childs Hill (3)" in out
    assert "Winners not recorded for" in out


async def test_party_everywhere(answers: Answers) -> None:
    out = text(await answers.party("conservative"))
    assert "Barnet" in out and "Wandsworth" in out


async def test_history_barnet(answers: Answers) -> None:
    card = await answers.history("barnet")
    out = text(card)
    assert "**1964**" in card.description and "**2022**" in card.description
    assert "Con 37, Lab 13, LD 6" in out
    assert "2026 — held 7 May 2026; result not recorded" in out
    assert "Leaders of the council" in out
    assert card.chart is not None and card.chart.series[0][0] == "1964"


async def test_byelections_barnet(answers: Answers) -> None:
    out = text(await answers.byelections("barnet"))
    for when in ("16 February 2023", "13 February 2025", "6 March 2025", "15 May 2025",
                 "30 October 2025"):
        assert when in out
    assert "Also reported (shortly before the 7 May 2026 election (undated))" in out


async def test_about_lists_councils_and_licences(answers: Answers) -> None:
    out = text(await answers.about())
    assert "Barnet" in out and "Westminster" in out
    assert "CC BY-SA" in out


async def test_autocomplete(answers: Answers) -> None:
    wards = answers.complete("ward", "chi", "barnet")
    assert wards[0].value == "barnet-2022:childs-hill"
    assert all(len(c.label) <= 100 and len(c.value) <= 100 for c in wards)
    assert answers.complete("council", "barn")[0].value == "barnet"
    elections = await answers.complete_election("barnet", "")
    assert elections[0].value == "local.barnet.2026-05-07" and len(elections) <= 25


async def test_mini_fixture_answers(mini_answers: Answers) -> None:
    """An invented council exercising what Barnet's data lacks: shares computed, hold/gain."""
    card = await mini_answers.seats("testshire")
    assert "As of June 2024: **Labour 2, Conservative 2, Independent 1**" in field(
        card, "Since the election")
    out = text(await mini_answers.ward("hendon", election="2023-02-16"))
    assert "Eve East · Conservative · 150 votes (60.0%)" in out  # computed: one seat, all votes
    assert "Shares computed from the recorded votes." in out
    assert "50 votes" in out  # the stated majority


async def test_seats_with_only_council_wide_facts(answers: Answers) -> None:
    card = await answers.seats("hillingdon")
    assert "53 seats; 27 needed" in card.description
    assert "Conservative hold" in card.description
    assert "No party figures are recorded." in field(card, "Seats and votes")


async def test_derived_seat_changes_are_marked(answers: Answers) -> None:
    card = await answers.seats("wandsworth")
    assert "35 seats (+9†)" in field(card, "Seats and votes")
    assert any(n.startswith("† change worked out, not stated by a source") for n in card.notices)


# -- the same question twice: answered from memory (bot/answers.py, _remembered) --------


class _Counting:
    """A store that counts the calls that reach it, and otherwise is the real one."""

    def __init__(self, real: object) -> None:
        self._real = real
        self.calls = 0

    def __getattr__(self, name: str) -> object:
        attr = getattr(self._real, name)
        if not callable(attr):
            return attr

        async def counted(*args: object, **kwargs: object) -> object:
            self.calls += 1
            return await attr(*args, **kwargs)
        return counted


async def test_a_question_asked_again_is_answered_from_memory(answers: Answers) -> None:
    fresh = Answers(_Counting(answers.store), answers.index)  # type: ignore[arg-type]
    first = await fresh.seats("barnet")
    asked = fresh.store.calls  # type: ignore[attr-defined]
    assert asked > 0
    assert await fresh.seats("barnet") is first
    assert await fresh.seats("Barnet") is not first  # another question, asked afresh
    assert await fresh.seats("barnet", "2022") is not first
    assert fresh.store.calls > asked  # type: ignore[attr-defined]


async def test_askers_of_one_question_share_one_computation(answers: Answers) -> None:
    fresh = Answers(_Counting(answers.store), answers.index)  # type: ignore[arg-type]
    cards = await asyncio.gather(*(fresh.ward("burnt oak") for _ in range(5)))
    assert all(c is cards[0] for c in cards)
    once = fresh.store.calls  # type: ignore[attr-defined]
    await Answers(_Counting(answers.store), answers.index).ward("burnt oak")
    assert once == fresh.store.calls  # type: ignore[attr-defined]


async def test_a_failed_question_is_not_remembered(answers: Answers) -> None:
    fresh = Answers(_Counting(answers.store), answers.index)  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        await fresh.ward("xyzzy")
    with pytest.raises(NotFound):
        await fresh.ward("xyzzy")
    assert not fresh._cards


async def test_memory_is_bounded(answers: Answers, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.answers.CARDS_KEPT", 3)
    fresh = Answers(answers.store, answers.index)
    first = await fresh.seats("barnet")
    for year in ("2018", "2014", "2010"):
        await fresh.seats("barnet", year)
    assert len(fresh._cards) == 3
    assert await fresh.seats("barnet") is not first  # the oldest was forgotten
