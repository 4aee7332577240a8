"""/byelections on the built-in data, then composing without a database."""

from __future__ import annotations

from bot.answers import Answers, byelections
from bot.answers._context import Sources
from bot.answers._since import Since
from bot.answers.byelections import ByelectionsFacts
from bot.composition import Composition
from bot.domain import Ballot, Candidacy, CompositionChange, CompositionSnapshot, Person, Ward
from tests.answers.conftest import LABOUR, PARTIES, TESTSHIRE, election, text


async def test_byelections_barnet(answers: Answers) -> None:
    card = await answers.byelections("barnet")
    out = text(card)
    # the make-up the recorded changes compute comes first, as the title
    assert card.title == "Barnet by December 2025: Lab 40 · Con 19 · Ind/unaffiliated 3 · 1 vacant"
    assert card.author == "London Borough of Barnet · since the election of 5 May 2022"
    assert card.warning.startswith("**Not the latest result.** Barnet voted again on 7 May 2026")
    lines = card.fields[0].value.splitlines()
    assert card.fields[0].name == "By-elections (5)"
    assert lines[0] == "**16 Feb 2023** Golders Green: 🟦 Con hold — Peter Zinkin"  # one name
    assert [line.split("**")[1] for line in lines] == [
        "16 Feb 2023", "13 Feb 2025", "6 Mar 2025", "15 May 2025", "30 Oct 2025"]
    public = "\n".join([card.title, card.description, *(f.value for f in card.fields)])
    assert "Peter John Louis Zinkin" not in public
    assert "likely but not confirmed" not in public  # speculation is for the detail
    assert "likely but not confirmed" in out
    # the undated report that disagrees is a note saying who says what, never "current"
    notes = "\n".join(card.notices)
    assert "Wikipedia, shortly before the 7 May 2026 election (undated): Labour 40, " \
           "Conservative 19, Reform UK 2, Green 1, Independent 1." in notes
    assert "Reform UK 2" not in public
    assert [(a.label, a.question) for a in card.actions] == [
        ("Seats", "/seats barnet"), ("History", "/history barnet")]  # 5 by-elections: no ward


# -- composing the card from facts, without a database ---------------------------------

E2022 = election("2022-05-05", total_seats=9, control="lab")
BY = election("2024-03-07")
WARD = Ward("testshire-2022:north", "testshire", "testshire-2022", "north", "North")


def facts(**kw: object) -> ByelectionsFacts:
    ballot = Ballot("b1", BY.id, WARD.id, "2024-03-07", by_election=True,
                    outcome="Labour gain from Conservative")
    comp = Composition({"lab": 6, "con": 3}, {}, "the 5 May 2022 result", "2022-05-05",
                       "2024-03-07", applied=[])
    base: dict[str, object] = dict(
        council=TESTSHIRE, ballots=(ballot,),
        candidacies={"b1": [Candidacy("b1#1", "b1", "p1", "Patricia Q. Smith", "lab",
                                      elected=True)]},
        wards={WARD.id: WARD},
        changes=(CompositionChange("c1", "testshire", "death", "Death of a councillor.",
                                   "2024-01", from_party="con"),),
        since=Since(comp, None), snapshots=(), data_version="v1", election=E2022,
        people={"p1": Person("p1", "Pat Smith")})
    return ByelectionsFacts(**{**base, **kw})  # type: ignore[arg-type]


def test_compose_leads_with_the_make_up_and_a_line_per_by_election() -> None:
    card = byelections.compose(facts(), PARTIES, Sources())
    assert card.title == "Testshire by 7 March 2024: Lab 6 · Con 3"
    assert not card.warning
    assert card.fields[0].value == "**7 Mar 2024** North: 🟥 Lab gain from Con — Pat Smith"
    assert card.fields[1].value.startswith("1 death")
    assert card.colour == LABOUR.colour  # 6 of 9: a Labour majority
    # few by-elections: a button for each result, by ids
    assert ("North 7 Mar 2024", f"/ward {WARD.id} {BY.id}") in [
        (a.label, a.question) for a in card.actions]
    assert any(f.name == "Seats that changed hands or fell vacant" for f in card.detail)


def test_compose_an_undated_report_is_a_note_with_its_source() -> None:
    snap = CompositionSnapshot("s1", "testshire", None, "undated", (("lab", 5), ("con", 4)))
    card = byelections.compose(facts(snapshots=(snap,)), PARTIES, Sources())
    assert card.title.endswith("Lab 6 · Con 3")  # the computed make-up stays the one shown
    assert card.notices[0] == "Also reported — A source, undated: Labour 5, Conservative 4."
    assert "counted from the dated changes" in card.notices[1]


def test_compose_without_a_make_up_counts_the_by_elections() -> None:
    card = byelections.compose(facts(since=None), PARTIES, Sources())
    assert card.title == "1 by-election in Testshire since 2022"


def test_compose_nothing_recorded_says_so_in_the_title() -> None:
    card = byelections.compose(facts(since=None, ballots=(), changes=()), PARTIES, Sources())
    assert card.title == "No by-elections or seat changes recorded in Testshire since 2022"
    assert card.fields[0].value == "None recorded."
