"""The /ward card (bot/answers/ballot.py) composed from hand-built facts, no database."""

from __future__ import annotations

from bot.answers import ballot
from bot.answers._context import Sources
from bot.answers.ballot import BallotFacts
from bot.domain import Ballot, Candidacy, Listing, Person
from bot.render.card import NEUTRAL
from tests.answers.conftest import (
    CONSERVATIVE,
    GREEN,
    LABOUR,
    PARTIES,
    TESTSHIRE,
    cites,
    election,
    field,
    text,
)

E = election(cites=cites("s-election"))
HENDON = "local.testshire.hendon.2022-05-05"


def contest(bid: str = HENDON, date: str = "2022-05-05", **kw: object) -> Ballot:
    return Ballot(bid, E.id, "testshire-2022:hendon", date, **kw)  # type: ignore[arg-type]


def stood(n: int, name: str | None, party: str, votes: int | None, elected: bool | None,
          bid: str = HENDON, **kw: object) -> Candidacy:
    return Candidacy(f"{bid}#{n}", bid, None, name, party, votes=votes, elected=elected,
                     **kw)  # type: ignore[arg-type]


def ballot_facts(b: Ballot, cands: tuple[Candidacy, ...], **kw: object) -> BallotFacts:
    base: dict[str, object] = dict(
        ward_name="Hendon", council=TESTSHIRE, election=E, ballot=b, candidacies=cands,
        others=(), previous=None, previous_candidacies=(), disputes=(), cited={},
        listings=(), people={}, later_no_result=None, data_version="v1")
    return BallotFacts(**{**base, **kw})  # type: ignore[arg-type]


ONE_SEAT = contest(seats=1, cites=cites("s-ballot"))
RESULT = (stood(1, "Bob Brown", "con", 100, False), stood(2, "Eve East", "lab", 150, True),
          stood(3, "Gil Grey", "green", 50, False))


def test_candidates_in_vote_order_with_computed_shares_and_majority() -> None:
    card = ballot.compose(ballot_facts(ONE_SEAT, RESULT), PARTIES, Sources())
    assert field(card, "Candidates") == (
        "✅ **Eve East** · Labour · 150 votes (50.0%)\n"
        "▫️ **Bob Brown** · Conservative · 100 votes (33.3%)\n"
        "▫️ **Gil Grey** · Green · 50 votes (16.7%)")
    assert field(card, "Majority") == "50 votes (Eve East over Bob Brown)"
    assert "Shares computed from the recorded votes." in card.notices
    assert card.colour == LABOUR.colour
    # in public the coloured list is the chart: elected ticked and bold, shares where few
    assert card.title == "Labour win Hendon — majority 50"
    assert card.description == ("✅ 🟥 **Eve East** (Lab) — 150 (50.0%)\n"
                                "🟦 Bob Brown (Con) — 100 (33.3%)\n"
                                "🟩 Gil Grey (Grn) — 50 (16.7%)")
    assert card.chart is not None and not card.chart_shown  # behind the Chart button
    assert ("Chart", "chart") in [(a.label, a.part) for a in card.actions]
    chart = ballot.vote_chart("t", ballot.vote_order(RESULT), {}, PARTIES)
    assert chart is not None and [b.marked for b in chart.bars] == [True, False, False]
    assert card.reference == f"{HENDON} · data v1"


def test_several_seats_shares_are_not_computed_and_stated_ones_explained() -> None:
    two = contest(seats=2)
    plain = ballot.compose(ballot_facts(two, RESULT), PARTIES, Sources())
    assert "(50.0%)" not in field(plain, "Candidates")
    assert "Majority" not in text(plain)  # two seats, one elected: no majority is claimed
    stated = (stood(1, "Eve East", "lab", 150, True, vote_pct=60.0),
              stood(2, "Ann Ash", "lab", 140, True, vote_pct=56.0),
              stood(3, "Bob Brown", "con", 100, False, vote_pct=40.0))
    card = ballot.compose(ballot_facts(two, stated), PARTIES, Sources())
    assert card.notices[0] == ("Shares are of ballots cast; each voter had up to 2 votes, so "
                               "they add up to more than 100%.")
    assert field(card, "Majority") == "40 votes (Ann Ash over Bob Brown)"


def test_gain_or_hold_from_the_contest_before_unless_a_source_words_it() -> None:
    before = contest("local.testshire.hendon.2018-05-03", "2018-05-03", seats=1)
    held_by_con = (stood(1, "Old Oak", "con", 90, True, bid=before.id),)
    gain = ballot.compose(ballot_facts(ONE_SEAT, RESULT, previous=before,
                                       previous_candidacies=held_by_con), PARTIES, Sources())
    assert gain.title == "Labour gain Hendon from Conservative — majority 50"
    assert field(gain, "Seats") == "1 seat · Labour gain from Conservative"
    held_by_lab = (stood(1, "Old Oak", "lab-coop", 90, True, bid=before.id),)  # rolls up
    hold = ballot.compose(ballot_facts(ONE_SEAT, RESULT, previous=before,
                                       previous_candidacies=held_by_lab), PARTIES, Sources())
    assert hold.title == "Labour hold Hendon — majority 50"
    assert field(hold, "Seats") == "1 seat · Labour hold"
    worded = contest(seats=1, outcome="Labour gain from Green", cause="Resignation")
    said = ballot.compose(ballot_facts(worded, RESULT), PARTIES, Sources())
    assert field(said, "Seats") == ("1 seat · Labour gain from Green\n"
                                    "Called because of: Resignation")
    # the source's words, when they are just "gain from", make the title (said once)
    assert said.title == "Labour gain Hendon from Green — majority 50"
    assert said.description.endswith("(16.7%)\nCalled because of: Resignation")
    wordy = contest(seats=1, outcome="Labour gain: Labour won the seat on a recount")
    kept = ballot.compose(ballot_facts(wordy, RESULT), PARTIES, Sources())
    assert kept.title == "Labour win Hendon — majority 50"
    assert "Labour won the seat on a recount" in kept.description


def test_nothing_recorded_is_said_with_where_to_look_and_no_winner_invented() -> None:
    card = ballot.compose(ballot_facts(contest(seats=3), ()), PARTIES, Sources())
    assert card.notices == ["Result not recorded: who stood and the votes are not in this "
                            "data. The result may be found at https://example.org/testshire"]
    assert card.fields == [] and card.chart is None and card.colour == NEUTRAL
    partial = (stood(1, None, "green", None, True),)
    some = ballot.compose(ballot_facts(contest(seats=1), partial), PARTIES, Sources())
    assert some.notices[0].startswith("Only part of this result is recorded")
    assert "*name not recorded* · Green · votes not recorded" in field(some, "Candidates")
    assert some.colour == GREEN.colour


def test_other_contests_listings_and_the_missing_later_result() -> None:
    by = contest("local.testshire.hendon.by.2024-02-01", "2024-02-01", by_election=True)
    listing = Listing("l1", "p1", "testshire", "testshire-2022:hendon", "con", "2025-01",
                      cites=cites("s-listing"))
    later = election("2026-05-07", status="no-result")
    sources = Sources()
    card = ballot.compose(ballot_facts(
        ONE_SEAT, RESULT, others=(by,), listings=(listing,),
        people={"p1": Person("p1", "Pat Pine")}, later_no_result=later), PARTIES, sources)
    assert field(card, "Other contests here") == (
        "1 February 2024 by-election — /ward hendon election:2024-02-01")
    assert field(card, "Later listed as councillors (not election results)") == (
        "Pat Pine (Conservative) — January 2025")
    assert card.warning == ("**Not the latest result.** Testshire voted again on 7 May 2026; "
                            "that result isn't in the bot yet.")
    assert card.notices[0].startswith("Testshire's election of 7 May 2026 is known but")
    assert list(sources.ids) == ["s-ballot", "s-listing"]
    on_by = ballot.compose(ballot_facts(by, (), later_no_result=later), PARTIES, Sources())
    assert not on_by.warning
    assert not any(n.startswith("Testshire's election") for n in on_by.notices)
    assert field(card, "Since") == "1 Feb 2024 by-election"  # no outcome recorded for it
    # the later by-election is a button that asks for it by ids
    assert ballot.next_contests(ballot_facts(ONE_SEAT, RESULT, others=(by,)))[0].label == (
        "2024 by-election")


def test_seats_won_by_party_colour_the_card_when_no_winner_is_named() -> None:
    b = contest(seats=3, party_seats=(("lab", 1), ("con", 2)))
    card = ballot.compose(ballot_facts(b, ()), PARTIES, Sources())
    assert field(card, "Seats won") == "Labour 1, Conservative 2"
    assert card.colour == CONSERVATIVE.colour
    assert card.notices[0].startswith("Only part of this result is recorded")
