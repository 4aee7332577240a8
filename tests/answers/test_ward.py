"""/ward on the built-in data and the mini fixture."""

from __future__ import annotations

import pytest

from bot.answers import Answers
from bot.errors import Ambiguous, NotFound
from tests.answers.conftest import field, text


async def test_ward_burnt_oak_full_result(answers: Answers) -> None:
    card = await answers.ward("burnt oak")
    out = text(card)
    for line in ("✅ Sara Conway · Labour · 2,545 votes (69.1%)",
                 "✅ Kamal Gurung · Labour · 2,377 votes (64.5%)",
                 "✅ Ammar Naqvi · Labour · 2,105 votes (57.1%)",
                 "▫️ Ruth Hart · Conservative · 962 votes (26.1%)",
                 "▫️ Rashina Shah · Green · 520 votes (14.1%)"):
        assert line in out
    assert card.description.count("✅") == 3 and field(card, "Candidates").count("✅") == 3
    assert "3,684 ballots of 13,436 electors (27.4%)" in out
    assert "1,143 votes (Ammar Naqvi over Ruth Hart)" in out
    assert "13 February 2025 by-election" in out  # the later by-election is pointed to
    # the public card: the verdict, the coloured list (it is the chart), the numbers
    assert card.author == "Burnt Oak ward · Barnet · 5 May 2022"
    assert card.title == "Labour win all 3 seats — majority 1,143"
    assert card.warning.startswith("**Not the latest result.** Barnet voted again on 7 May")
    assert card.description.splitlines()[:4] == [
        "✅ 🟥 **Sara Conway** (Lab) — 2,545", "✅ 🟥 **Kamal Gurung** (Lab) — 2,377",
        "✅ 🟥 **Ammar Naqvi** (Lab) — 2,105", "🟦 Ruth Hart (Con) — 962"]
    assert [(f.name, f.value, f.inline) for f in card.fields] == [
        ("Turnout", "27.4%", True), ("Ballots", "3,684", True),
        ("Electorate", "13,436", True), ("Since", "13 Feb 2025 by-election: Labour hold", False)]
    assert card.chart is not None and not card.chart_shown  # the Chart button shows it
    assert [(a.label, a.question, a.part) for a in card.actions[:3]] == [
        ("2025 by-election", "/ward barnet-2022:burnt-oak local.barnet.2025-02-13", "answer"),
        ("Chart", "/ward barnet-2022:burnt-oak local.barnet.2022-05-05", "chart"),
        ("Seats", "/seats barnet", "answer")]


async def test_ward_cricklewood_seats_and_not_recorded(answers: Answers) -> None:
    card = await answers.ward("cricklewood")
    out = text(card)
    assert card.title == "Cricklewood: result not recorded"
    assert field(card, "Seats") == "2 seats"
    assert "Result not recorded" in out
    assert "https://en.wikipedia.org/wiki/2022_Barnet_London_Borough_Council_election" in out
    assert "✅" not in out  # no invented winners


@pytest.mark.parametrize("query", ["childs-hill", "Child's Hill", "chids hil", "CHILDS HILL"])
async def test_ward_childs_hill_sloppy_names(answers: Answers, query: str) -> None:
    card = await answers.ward(query)
    out = text(card)
    assert card.title == "Labour win all 3 seats"  # no votes, so no majority
    assert card.author.startswith("Childs Hill ward · Barnet")
    assert "Giulia Innocenti" in out and "Peter Zinkin" in out
    assert "votes not recorded" in out
    assert "inferred from a later source" in out
    # said once for the card, not on every line
    assert card.description.count("not recorded") == 1
    assert card.description.count("inferred from a later source") == 1


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
    assert out.startswith("Hendon ward · Barnet")
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
    assert "Childs Hill" in card.author



async def test_mini_fixture_ward(mini_answers: Answers) -> None:
    """An invented council exercising what Barnet's data lacks: shares computed, hold/gain."""
    out = text(await mini_answers.ward("hendon", election="2023-02-16"))
    assert "Eve East · Conservative · 150 votes (60.0%)" in out  # computed: one seat, all votes
    assert "Shares computed from the recorded votes." in out
    assert "50 votes" in out  # the stated majority
