"""/history on the built-in data, then composing without a database."""

from __future__ import annotations

from bot.answers import Answers, history
from bot.answers._context import Sources
from bot.answers.history import HistoryFacts
from bot.domain import Claim, Dispute, Election, Office, PartyResult, Person
from tests.answers.conftest import PARTIES, TESTSHIRE, cites, election, field, text


async def test_history_barnet(answers: Answers) -> None:
    card = await answers.history("barnet")
    out = text(card)
    assert "**1964**" in card.description and "**2022**" in card.description
    assert "Con 37, Lab 13, LD 6" in out
    assert "2026 — held 7 May 2026; result not recorded" in out
    assert "Leaders of the council" in out
    assert card.chart is not None and card.chart.series[0][0] == "1964"



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
    assert card.description.splitlines() == [
        "**2018** — Conservative · Con 5, Lab 4 (9 of 9 recorded)",
        "**2022** — No overall control · Lab 4, Con 4, Grn 1 (9 of 9 recorded)",
        "**2026** — held 7 May 2026; result not recorded"]
    assert card.chart is not None and [year for year, _ in card.chart.series] == ["2018", "2022"]
    assert [b.label for b in card.chart.series[0][1]] == ["Conservative", "Labour"]  # no 0
    assert [b.label for b in card.chart.series[1][1]] == ["Labour", "Conservative", "Green"]
    assert card.notices == ["2018, 2022: Boundaries changed."]  # one line per note
    assert list(sources.ids) == ["s-r2018", "s-2018", "s-2022"]


def test_compose_falls_back_to_ward_totals_only_where_no_seats_are_recorded() -> None:
    seatless = (total(E2018, "con", 5), total(E2022, "lab", None, votes=100))
    summed = [total(E2022, "green", 6), total(E2022, "lab", 3)]
    card = history.compose(history_facts(seatless, computed={E2022.id: summed}),
                           PARTIES, Sources())
    assert card.description.splitlines()[1] == (
        "**2022** — No overall control · Grn 6, Lab 3 (9 of 9 recorded)")


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
    assert "Lab 4⚠, Grn 1 (5 of 9 recorded)" in card.description
    assert "Some years' figures are labelled by the source as “Labour group”." in card.notices
    assert "⚠ Sources disagree — Labour seats: 4 vs 5" in card.notices
    assert "⚠ Sources disagree — Green votes: 10 vs 12" in card.notices


def test_compose_the_leaders_of_the_council() -> None:
    leaders = (Office("o1", "testshire", "Leader of the Council", "p1", "lab", "2022-05-24"),
               Office("o2", "testshire", "Leader of the Council", "p9", "con",
                      start_text="by 2010", end_text="by 2010"))
    card = history.compose(history_facts(RESULTS, leaders=leaders,
                                         people={"p1": Person("p1", "Pat Smith")}),
                           PARTIES, Sources())
    assert field(card, "Leaders of the council") == (
        "Pat Smith (Lab) 24 May 2022 – no end recorded\np9 (Con) by 2010")
    assert card.footer == "data v1"
