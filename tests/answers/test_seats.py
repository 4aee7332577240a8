"""/seats on the built-in data and the mini fixture, then composing without a database."""

from __future__ import annotations

import pytest

from bot.answers import Answers, seats
from bot.answers._context import Sources
from bot.answers._since import Since
from bot.answers.seats import SeatsFacts
from bot.domain import Claim, Dispute, PartyResult, Source
from bot.errors import BadOption, UserError
from bot.render.card import NEUTRAL
from tests.answers.conftest import LABOUR, PARTIES, TESTSHIRE, cites, election, field, text


async def test_seats_barnet_2022(answers: Answers) -> None:
    card = await answers.seats("barnet")
    out = text(card)
    assert card.author == "London Borough of Barnet · election of 5 May 2022"
    assert card.title == "Labour gain Barnet — majority of 19"
    assert card.description.startswith(
        "🟥 **Labour 41** (+16) · 🟦 **Conservative 22** (−16, sources differ)\n"
        "63 seats · 32 for a majority\n"
        "Also stood: Liberal Democrats, Green, Women's Equality, Rejoin EU, 4 independents")
    assert field(card, "Vote share") == "Lab 43.0%\nCon 35.1%\n(sources differ)"
    assert field(card, "Turnout") == "37.9% (provisional)"
    assert "Barry Rawlings (Labour, Friern Barnet)" in field(card, "Leaders")  # the detail
    # every figure is still in the detail
    assert "Labour — 41 seats (+16) · 46,070 votes (43.0%)" in out
    assert "Conservative — 22 seats (−16) · 37,608 votes (35.1%)" in out
    assert "Liberal Democrats — 0 seats" in out
    assert "41 of 63 seats (32 needed), a majority of 19" in out
    assert "Labour gain from Conservative" in out
    assert "97,480 ballots (37.9%), provisional" in out
    assert card.colour == answers.store.parties["labour"].colour
    # the disagreement on vote shares is in the notes, with both values
    assert "46.7" in out and "38.3" in out and "Sources differ" in out
    # buttons for the next question; "Sources & notes" is added by the renderer
    assert [(a.label, a.question) for a in card.actions[:2]] == [
        ("By-elections (5)", "/byelections barnet"), ("History", "/history barnet")]
    # sources with links
    assert any(s.url and "hyperlinked.wiki" in s.url for s in card.sources)


async def test_seats_barnet_does_not_pass_2022_off_as_today(answers: Answers) -> None:
    card = await answers.seats("barnet")
    assert card.warning == ("**Not the latest result.** Barnet voted again on 7 May 2026; "
                            "that result isn't in the bot yet.")
    assert "not today's council" in card.notices[0]
    assert "wikipedia.org/wiki/2026_Barnet" in card.notices[0]
    # one public line for the council now, the account of it in the detail
    assert field(card, "Since then (Dec 2025, 7 changes)") == (
        "Lab 40 · Con 19 · Ind 3 · 1 vacant")
    assert not any(f.name == "Since the election" for f in card.fields)
    since = field(card, "Since the election")
    assert "As of December 2025: **Labour 40, Conservative 19, Independent/unaffiliated 3, " \
           "Vacant 1**" in since
    assert "as reported on 14 February 2025" in since


async def test_seats_barnet_2014(answers: Answers) -> None:
    card = await answers.seats("barnet", "2014")
    # the size is not recorded for 2014, but the seats add up to 2006's 63 on the same
    # wards; control going in is 2010's
    assert card.title == "Conservatives hold Barnet by one seat"
    assert card.colour == answers.store.parties["conservative"].colour
    assert card.chart is not None and (card.chart.total, card.chart.line) == (63, 32)
    assert any(n.startswith("Council size 63: the seats recorded here add up") for n in
               card.notices)
    assert not card.warning  # 2026 is not 2014's next election
    out = text(card)
    assert "Conservative — 32 seats (−7)" in out
    assert "Labour — 30 seats (+9)" in out
    assert "Liberal Democrats — 1 seat (−2)" in out
    assert "22 May 2014" in out
    assert "As of" not in out  # a past election has no "since" block


async def test_seats_barnet_2010_shows_the_lib_dem_disagreement(answers: Answers) -> None:
    card = await answers.seats("barnet", "2010")
    out = text(card)
    assert "Liberal Democrats — 2 seats" in out
    assert "Sources differ" in out and "3" in out
    assert "🟧 **Liberal Democrats 2** (−4) (sources differ)" in card.description
    # the seats add up to 62, not the 63 recorded for 2006: no majority is claimed
    assert card.title == "Conservatives hold Barnet" and "majority" not in card.description


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
    assert card.title == "Conservatives hold Hillingdon"
    assert "53 seats · 27 for a majority" in card.description
    assert "Seats per party not recorded." in card.description
    assert "Conservative hold" in field(card, "Control")
    assert "No party figures are recorded." in field(card, "Seats and votes")


async def test_derived_seat_changes_are_marked(answers: Answers) -> None:
    card = await answers.seats("wandsworth")
    assert "35 seats (+9†)" in field(card, "Seats and votes")
    assert any(n.startswith("Changes marked † are worked out, not stated by a source")
               for n in card.notices)
    assert "🟥 **Labour 35** (+9)" in card.description



async def test_mini_fixture_seats(mini_answers: Answers) -> None:
    """An invented council exercising what Barnet's data lacks: composition since."""
    card = await mini_answers.seats("testshire")
    assert "As of June 2024: **Labour 2, Conservative 2, Independent 1**" in field(
        card, "Since the election")


# -- composing the card from facts, without a database ---------------------------------


def seats_facts(results: tuple[PartyResult, ...], **kw: object) -> SeatsFacts:
    base: dict[str, object] = dict(
        council=TESTSHIRE, election=election(total_seats=9, cites=cites("s-election")),
        results=results, computed=False, previous={}, leaders={}, ward_seats=(),
        disputes={}, election_disputes=(), cited={}, since=None, data_version="v1")
    return SeatsFacts(**{**base, **kw})  # type: ignore[arg-type]


def result(party: str, seats: int | None, **kw: object) -> PartyResult:
    return PartyResult(f"local.testshire.2022-05-05#{party}", "local.testshire.2022-05-05",
                       party, seats=seats, **kw)  # type: ignore[arg-type]


def test_compose_a_majority_takes_the_winners_colour_and_counts_the_margin() -> None:
    card = seats.compose(seats_facts((result("lab", 6, votes=900, vote_pct=55.0),
                                      result("con", 3))), PARTIES, Sources())
    assert card.title == "Labour win Testshire — majority of 3"  # no control before recorded
    assert card.author == "Testshire District Council · election of 5 May 2022"
    assert card.description == ("🟥 **Labour 6** · 🟦 **Conservative 3**\n"
                                "9 seats · 5 for a majority")
    assert field(card, "Control") == ("Labour majority: 6 of 9 seats (5 needed), a majority "
                                      "of 3 over all others.")
    assert field(card, "Vote share") == "Lab 55.0%"
    assert card.colour == LABOUR.colour
    assert field(card, "Seats and votes") == (
        "**Labour** — 6 seats · 900 votes (55.0%)\n**Conservative** — 3 seats · votes not "
        "recorded")
    assert card.chart is not None and (card.chart.total, card.chart.line) == (9, 5)
    assert card.reference == "local.testshire.2022-05-05 · data v1"
    assert [a.label for a in card.actions] == ["History"]  # no by-elections recorded


def test_compose_no_majority_is_neutral_and_missing_seats_are_said() -> None:
    hung = seats.compose(seats_facts((result("lab", 4), result("con", 4), result("green", 1))),
                         PARTIES, Sources())
    assert hung.title == "No overall control in Testshire — Labour largest with 4"
    assert field(hung, "Control").startswith("No overall control: no party has the 5 seats")
    assert hung.colour == NEUTRAL
    short = seats.compose(seats_facts((result("lab", 4), result("con", 4))), PARTIES, Sources())
    assert "Seats for 1 of 9 councillors are not recorded by party here." in short.notices


def test_compose_marks_computed_and_derived_changes_differently() -> None:
    card = seats.compose(seats_facts(
        (result("lab", 6, seat_change=2, seat_change_basis="derived: from the 2018 total"),
         result("con", 3)), previous={"con": 5}), PARTIES, Sources())
    lines = field(card, "Seats and votes")
    assert "**Labour** — 6 seats (+2†)" in lines and "**Conservative** — 3 seats (−2*)" in lines
    assert card.notices[:2] == [
        "Changes marked * are computed from the previous recorded election.",
        "Changes marked † are worked out, not stated by a source — Labour: from the 2018 total"]
    # in public, the changes without marks (no line starts with "* ")
    assert card.description.startswith("🟥 **Labour 6** (+2) · 🟦 **Conservative 3** (−2)")
    assert not any(line.startswith("* ") for n in card.notices for line in n.split("\n"))


def test_compose_totals_summed_from_wards_say_so_and_size_the_council() -> None:
    e = election(cites=cites("s-election"))  # no total_seats: imports do not give it
    card = seats.compose(seats_facts((result("lab", 4), result("con", 2)), election=e,
                                     computed=True, ward_seats=(3, 3)), PARTIES, Sources())
    assert card.notices[0].startswith("Seat and vote totals computed from the recorded ward")
    assert card.notices[1].startswith("6 seats were contested in the 2 recorded ward results.")
    assert card.colour == NEUTRAL  # no size, so no majority is claimed
    unsized = seats.compose(seats_facts((result("lab", 4),), election=e, computed=True,
                                        ward_seats=(3, None)), PARTIES, Sources())
    assert unsized.notices[1].startswith("The council's total number of seats is not recorded")


def test_compose_disputes_flag_the_line_and_credit_both_sources() -> None:
    lab = result("lab", 6, vote_pct=55.0, cites=cites("s-result"))
    dispute = Dispute("d1", "Labour's vote share", "party_result", lab.id, "vote_pct", (
        Claim("55.0", cites("s-council")), Claim("57.1", cites("s-paper"))))
    sources = Sources()
    card = seats.compose(seats_facts(
        (lab,), disputes={lab.id: [dispute]},
        cited={"s-council": Source("s-council", "Results", publisher="Testshire DC"),
               "s-paper": Source("s-paper", "Count night", publisher="Gazette")}),
        PARTIES, sources)
    assert field(card, "Seats and votes").endswith(" (sources differ)")
    assert field(card, "Vote share").endswith("(sources differ)")
    assert "⚠" not in card.description + "".join(f.value for f in card.fields)
    assert ("Sources differ — Labour's vote share: 55.0 (Testshire DC) vs 57.1 (Gazette)"
            in card.notices)
    assert list(sources.ids) == ["s-election", "s-result", "s-council", "s-paper"]


def test_compose_warns_first_when_a_later_result_is_missing() -> None:
    later = election("2026-05-07", status="no-result")
    card = seats.compose(seats_facts((result("lab", 6),), since=Since(None, later)),
                         PARTIES, Sources())
    assert card.warning == ("**Not the latest result.** Testshire voted again on 7 May 2026; "
                            "that result isn't in the bot yet.")
    assert card.notices[0] == ("Testshire's election of 7 May 2026 is known but its result is "
                               "not recorded here, so this is not today's council. "
                               "https://example.org/testshire")


def test_compose_verdicts_gain_hold_and_one_seat() -> None:
    lab, con = result("lab", 5), result("con", 4)
    gain = seats.compose(seats_facts((lab, con), election=election(
        total_seats=9, control="lab", control_before="con")), PARTIES, Sources())
    assert gain.title == "Labour gain Testshire by one seat"
    hold = seats.compose(seats_facts((result("con", 7), result("lab", 2)),
                                     control_before="con"), PARTIES, Sources())
    assert hold.title == "Conservatives hold Testshire — majority of 5"
    assert hold.colour == PARTIES.of("con").colour


def test_compose_a_whole_council_summed_from_wards_is_sized_and_called_a_majority() -> None:
    e = election(cites=cites("s-election"))
    card = seats.compose(seats_facts((result("lab", 4), result("con", 2)), election=e,
                                     computed=True, ward_seats=(3, 3), size=6,
                                     size_basis="Council size taken as the 6 seats."),
                         PARTIES, Sources())
    assert card.title == "Labour win Testshire — majority of 2"
    assert card.colour == LABOUR.colour
    assert card.chart is not None and (card.chart.total, card.chart.line) == (6, 4)
    assert "Council size taken as the 6 seats." in card.notices


def test_worked_out_size_only_when_every_ward_elected_several_or_the_seats_add_up() -> None:
    e = election()
    rs = (result("lab", 4), result("con", 2))
    assert seats.worked_out_size(e, rs, True, (3, 3), {})[0] == 6
    assert seats.worked_out_size(e, rs, True, (1, 1), {}) == (None, "")  # by thirds?
    assert seats.worked_out_size(e, rs, True, (3, None), {}) == (None, "")
    assert seats.worked_out_size(e, rs, False, (), {"local.testshire.2018": 6})[0] == 6
    assert seats.worked_out_size(e, rs, False, (), {"local.testshire.2018": 7}) == (None, "")


def test_compose_no_size_no_majority_and_also_stood_in_one_line() -> None:
    e = election(cites=cites("s-election"))
    card = seats.compose(seats_facts(
        (result("lab", 4, votes=10, vote_pct=60.0), result("con", 1, votes=5, vote_pct=40.0),
         result("green", 0), PartyResult("x#ind", "x", "ind", label="Independent (4 candidates)",
                                         seats=0)),
        election=e, computed=True, ward_seats=(1, 1, 1, 1, 1)), PARTIES, Sources())
    assert card.title == "Labour win most seats in Testshire — 4 of 5 contested"
    assert "majority" not in card.title + card.description
    assert card.colour == NEUTRAL
    assert card.chart is not None and card.chart.line is None
    assert card.description.endswith("Also stood: Green, 4 independents")


def test_party_squares_follow_the_party_colour() -> None:
    from bot.answers._shared import GREY_SQUARE, party_square
    assert party_square(0xE4003B) == "🟥"  # Labour
    assert party_square(0x0087DC) == "🟦"  # Conservative
    assert party_square(0xFAA61A) == "🟧"  # Liberal Democrats
    assert party_square(0x02A95B) == "🟩"  # Green
    assert party_square(0x64378C) == "🟪"  # Women's Equality
    assert party_square(0x9E9E9E) == party_square(None) == GREY_SQUARE  # independents
