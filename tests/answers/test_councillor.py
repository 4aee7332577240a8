"""/councillor on the built-in data, then composing without a database."""

from __future__ import annotations

from bot.answers import Answers, councillor
from bot.answers._context import Sources
from bot.answers.councillor import CouncillorFacts
from bot.domain import Ballot, Candidacy, CompositionChange, PartyResult, Person, Ward
from tests.answers.conftest import GREEN, LABOUR, PARTIES, TESTSHIRE, cites, election, field, text


async def test_councillor_zinkin(answers: Answers) -> None:
    card = await answers.councillor("zinkin")
    out = text(card)
    assert card.title == "Peter Zinkin — Conservative councillor for Golders Green, Barnet"
    assert "Peter John Louis" not in out  # one name per person
    assert card.warning.startswith("**Not the latest result.** Barnet voted again on 7 May")
    assert "Childs Hill" in out and "not elected" in out
    assert "Golders Green" in out and "16 February 2023 by-election" in out


async def test_councillor_thomas_left_the_council(answers: Answers) -> None:
    card = await answers.councillor("dan thomas")
    out = text(card)
    assert "Finchley Church End" in out
    assert "Left the council" in card.description
    assert "Reform UK" in out



# -- composing the card from facts, without a database ---------------------------------

B2018 = Ballot("local.testshire.hendon.2018-05-03", "local.testshire.2018-05-03",
               "testshire-2018:hendon", "2018-05-03", cites=cites("s-2018"))
B2022 = Ballot("local.testshire.hendon.2022-05-05", "local.testshire.2022-05-05",
               "testshire-2022:hendon", "2022-05-05")
WARDS = {w.id: w for w in (Ward("testshire-2018:hendon", "testshire", "testshire-2018", "hendon",
                                "Hendon (old)"),
                           Ward("testshire-2022:hendon", "testshire", "testshire-2022", "hendon",
                                "Hendon"))}


def councillor_facts(*cands: Candidacy, **kw: object) -> CouncillorFacts:
    base: dict[str, object] = dict(
        person=Person("p1", "Pat Quill Smith"), candidacies=cands,
        ballots={b.id: b for b in (B2018, B2022)}, wards=WARDS, offices=(), changes=(),
        listings=(), led=(), led_elections={}, led_councils={}, statements=0,
        later_no_result=None, data_version="v1")
    return CouncillorFacts(**{**base, **kw})  # type: ignore[arg-type]


def cand(b: Ballot, party: str, elected: bool | None, **kw: object) -> Candidacy:
    return Candidacy(f"{b.id}#1", b.id, "p1", "Pat Smith", party, elected=elected,
                     **kw)  # type: ignore[arg-type]


def change(date: str, to: str | None, kind: str = "defection", **kw: object
           ) -> CompositionChange:
    return CompositionChange(f"ch-{date}", "testshire", kind, f"{kind} on {date}", date,
                             person_id="p1", to_party=to, **kw)  # type: ignore[arg-type]


def test_compose_lists_each_contest_with_its_outcome_and_credits_its_source() -> None:
    sources = Sources()
    card = councillor.compose(councillor_facts(
        cand(B2018, "con", False, votes=900),
        cand(B2022, "lab", True, elected_basis="inferred_later")), PARTIES, sources)
    assert field(card, "Elections") == (
        "3 May 2018 election · Hendon (old) · Conservative · **not elected** · 900 votes\n"
        "5 May 2022 election · Hendon · Labour · **elected (inferred from a later source)** · "
        "votes not recorded")
    assert card.description == "Elected 5 May 2022 (Labour). No later change is recorded."
    assert card.colour == LABOUR.colour
    assert list(sources.ids) == ["s-2018"]  # the candidacy has no cite: its ballot's counts
    assert card.reference == "person p1 · data v1"


def test_compose_a_later_defection_changes_the_status_and_the_colour() -> None:
    card = councillor.compose(councillor_facts(
        cand(B2022, "lab", True),
        changes=(change("2021-01-01", None, "resignation"), change("2024-03-01", "green"))),
        PARTIES, Sources())  # leaving before this election is not leaving since it
    assert card.description == "Elected 5 May 2022 (Labour). Now Green (since 1 March 2024)."
    assert card.colour == GREEN.colour
    assert field(card, "Since elected").splitlines()[1] == "1 March 2024 — defection on 2024-03-01"


def test_compose_the_latest_win_and_leaving_the_council_win_over_a_move() -> None:
    card = councillor.compose(councillor_facts(
        cand(B2018, "con", True), cand(B2022, "lab", True),
        changes=(change("2023-01-01", "green"), change("2024-06-01", None, "resignation"))),
        PARTIES, Sources())
    assert card.description == ("Elected 5 May 2022 (Labour). Left the council: resignation, "
                                "1 June 2024.")
    never = councillor.compose(councillor_facts(cand(B2022, "lab", None)), PARTIES, Sources())
    assert never.description == "Not recorded as elected in this data."
    assert "**outcome not recorded**" in field(never, "Elections")


def test_compose_leadership_statements_and_the_missing_later_result() -> None:
    led = PartyResult("local.testshire.2022-05-05#lab", "local.testshire.2022-05-05", "lab",
                      leader_id="p1", leader_ward="Hendon")
    lost = PartyResult("local.gone.2010#lab", "local.gone.2010", "lab", leader_id="p1")
    card = councillor.compose(councillor_facts(
        cand(B2022, "lab", True), led=(led, lost),
        led_elections={led.election_id: election()}, led_councils={"testshire": TESTSHIRE},
        statements=3, later_no_result=election("2026-05-07", status="no-result")),
        PARTIES, Sources())
    assert field(card, "Party leader at an election") == (
        "Labour · Testshire, 5 May 2022 (own ward: Hendon)\nLabour · local.gone.2010")
    assert ("Statements (3)", "/quote smith") in [(a.label, a.question) for a in card.actions]
    assert card.warning == ("**Not the latest result.** This council voted again on "
                            "7 May 2026; whether Pat Quill Smith kept the seat isn't in the "
                            "bot yet.")
    assert card.notices == ["This council held an election on 7 May 2026; its result is not "
                            "recorded here."]


def test_compose_the_verdict_names_party_ward_and_council_and_one_name() -> None:
    card = councillor.compose(councillor_facts(
        cand(B2018, "con", False, votes=900), cand(B2022, "lab", True), council=TESTSHIRE),
        PARTIES, Sources())
    assert card.title == "Pat Quill Smith — Labour councillor for Hendon, Testshire"
    assert card.author == "Testshire · Hendon ward"
    assert [(f.name, f.value) for f in card.fields[:3]] == [
        ("Party", "Labour"), ("Ward", "Hendon"), ("Since", "5 May 2022")]
    assert field(card, "Stood") == ("2018 · Hendon (old) — not elected, 900 votes\n"
                                    "2022 · Hendon — elected")
    assert card.actions[0].label == "Hendon 2022 result"
    assert card.actions[0].question == "/ward testshire-2022:hendon local.testshire.2022-05-05"
    assert councillor.one_name("Peter John Louis Zinkin (Conservative) elected",
                               "Peter Zinkin") == "Peter Zinkin (Conservative) elected"
    gone = councillor.compose(councillor_facts(
        cand(B2022, "lab", True), council=TESTSHIRE,
        changes=(change("2024-06-01", None, "resignation"),)), PARTIES, Sources())
    assert gone.title == "Pat Quill Smith — former Labour councillor for Hendon, Testshire"
    # leaving before the latest win is not leaving
    back = councillor.compose(councillor_facts(
        cand(B2022, "lab", True), council=TESTSHIRE,
        changes=(change("2021-01-01", None, "resignation"),)), PARTIES, Sources())
    assert "former" not in back.title
