"""/history on the built-in data, then composing without a database."""

from __future__ import annotations

from bot.answers import Answers, history
from bot.answers._context import Sources
from bot.answers.history import HistoryFacts
from bot.domain import Claim, Dispute, Election, Office, PartyResult, Person
from tests.answers.conftest import CONSERVATIVE, PARTIES, TESTSHIRE, cites, election, text


async def test_history_barnet(answers: Answers) -> None:
    card = await answers.history("barnet")
    out = text(card)
    assert card.author == "London Borough of Barnet"
    # counted from the data: 13 Conservative majorities, 1 Labour, 2 no overall control
    assert card.title == "Since 1964 — Conservative 13 times, Labour once"
    assert card.warning.startswith("**Not the latest result.** Barnet voted again on 7 May 2026")
    lines = card.description.splitlines()
    assert lines[0] == "**1964** 🟦 Con 37 🟥 Lab 13 🟧 LD 6"  # parties named at first sight
    assert "**1986, 1990** 🟦 39 🟥 18 🟧 3" in lines  # the same result twice: one line
    assert "**1994** 🟦 29 🟥 25 🟧 6 — NOC" in lines
    assert lines[-1] == "**2022** 🟥 41 🟦 22 — Lab gain"
    assert "2026" not in card.description  # the warning says it once
    assert "recorded" not in card.description  # no "(60 recorded)" on every row
    assert "Leaders of the council" in out and "Alan Fletcher (Con) 1969 – 1973" in out
    assert card.chart is not None and card.chart.series[0][0] == "1964"
    assert [(a.label, a.question) for a in card.actions] == [
        ("Seats 2022", "/seats barnet"), ("By-elections", "/byelections barnet")]



# -- composing the card from facts, without a database ---------------------------------

E2018 = election("2018-05-03", total_seats=9, control="con", notes=("Boundaries changed.",),
                 cites=cites("s-2018"))
E2022 = election("2022-05-05", total_seats=9, control="noc", notes=("Boundaries changed.",),
                 cites=cites("s-2022"))
E2026 = election("2026-05-07", status="no-result")


def history_facts(results: tuple[PartyResult, ...], **kw: object) -> HistoryFacts:
    base: dict[str, object] = dict(
        council=TESTSHIRE, elections=(E2018, E2022, E2026), results=results, computed={},
        disputes={}, leaders=(), people={}, office_disputes={}, cited={}, data_version="v1")
    return HistoryFacts(**{**base, **kw})  # type: ignore[arg-type]


def total(e: Election, party: str, seats: int | None, **kw: object) -> PartyResult:
    return PartyResult(f"{e.id}#{party}", e.id, party, seats=seats, **kw)  # type: ignore[arg-type]


RESULTS = (total(E2018, "con", 5, cites=cites("s-r2018")), total(E2018, "lab", 4),
           total(E2018, "green", 0),
           total(E2022, "lab", 4), total(E2022, "con", 4), total(E2022, "green", 1))


def test_compose_a_line_per_election_and_a_chart_of_those_with_results() -> None:
    sources = Sources()
    card = history.compose(history_facts(RESULTS), PARTIES, sources)
    assert card.title == "Since 2018 — Conservative once"
    assert card.warning == ("**Not the latest result.** Testshire voted again on 7 May 2026; "
                            "that result isn't in the bot yet.")
    assert card.description.splitlines() == [
        "**2018** 🟦 Con 5 🟥 Lab 4",
        "**2022** 🟥 4 🟦 4 🟩 Grn 1 — NOC"]
    assert card.chart is not None and [year for year, _ in card.chart.series] == ["2018", "2022"]
    assert [b.label for b in card.chart.series[0][1]] == ["Conservative", "Labour"]  # no 0
    assert [b.label for b in card.chart.series[1][1]] == ["Labour", "Conservative", "Green"]
    assert card.notices == ["The council's latest result: https://example.org/testshire",
                            "2018, 2022: Boundaries changed."]  # one line per note
    assert list(sources.ids) == ["s-r2018", "s-2018", "s-2022"]


def test_compose_falls_back_to_ward_totals_only_where_no_seats_are_recorded() -> None:
    seatless = (total(E2018, "con", 5), total(E2022, "lab", None, votes=100))
    summed = [total(E2022, "green", 6), total(E2022, "lab", 3)]
    card = history.compose(history_facts(seatless, computed={E2022.id: summed}),
                           PARTIES, Sources())
    assert card.description.splitlines()[1] == "**2022** 🟩 Grn 6 🟥 Lab 3 — NOC"


def test_compose_flags_only_disputed_seats_and_notes_labels() -> None:
    lab = total(E2022, "lab", 4, label="Labour group")
    seats_dispute = Dispute("d1", "Labour seats", "party_result", lab.id, "seats",
                            (Claim("4", ()), Claim("5", ())))
    votes_dispute = Dispute("d2", "Green votes", "party_result", f"{E2022.id}#green", "votes",
                            (Claim("10", ()), Claim("12", ())))
    card = history.compose(history_facts(
        (lab, total(E2022, "green", 1)),
        disputes={lab.id: [seats_dispute], f"{E2022.id}#green": [votes_dispute]}),
        PARTIES, Sources())
    assert "🟥 Lab 4 (sources differ) 🟩 Grn 1 — NOC" in card.description
    assert "⚠" not in card.description  # ⚠ is for the warning only
    assert "Some years' figures are labelled by the source as “Labour group”." in card.notices
    assert "Sources differ — Labour seats: 4 vs 5" in card.notices
    assert "Sources differ — Green votes: 10 vs 12" in card.notices


def test_compose_the_leaders_of_the_council() -> None:
    leaders = (Office("o1", "testshire", "Leader of the Council", "p1", "lab", "2022-05-24"),
               Office("o2", "testshire", "Leader of the Council", "p9", "con",
                      start_text="by 2010", end_text="by 2010"))
    card = history.compose(history_facts(RESULTS, leaders=leaders,
                                         people={"p1": Person("p1", "Pat Smith")}),
                           PARTIES, Sources())
    leaders = next(f.value for f in card.detail if f.name == "Leaders of the council")
    assert leaders == "Pat Smith (Lab) 24 May 2022 – no end recorded\np9 (Con) by 2010"
    assert card.reference == "data v1" and not card.footer  # finish() writes the footer


def test_compose_gain_and_hold_follow_the_control_going_in() -> None:
    e2014 = election("2014-05-22", total_seats=9, control="lab", control_before="con")
    e2018 = election("2018-05-03", total_seats=9, control="lab")
    e2022 = election("2022-05-05", total_seats=9, control="con")
    results = (total(e2014, "lab", 5), total(e2014, "con", 4), total(e2018, "lab", 6),
               total(e2018, "con", 3), total(e2022, "con", 5), total(e2022, "lab", 4))
    card = history.compose(history_facts(results, elections=(e2014, e2018, e2022)),
                           PARTIES, Sources())
    assert card.description.splitlines() == [
        "**2014** 🟥 Lab 5 🟦 Con 4 — Lab gain",  # control_before recorded: Con
        "**2018** 🟥 6 🟦 3",  # a hold says nothing
        "**2022** 🟦 5 🟥 4 — Con gain"]
    assert card.title == "Since 2014 — Labour twice, Conservative once"
    assert not card.warning  # no later election without a result
    assert card.colour == CONSERVATIVE.colour


def test_compose_one_election_says_what_it_was() -> None:
    card = history.compose(history_facts(RESULTS[3:], elections=(E2022,)), PARTIES, Sources())
    assert card.title == "One election on record — 2022, no overall control"
