"""/quote on the built-in data, hostile keywords included."""

from __future__ import annotations

import re

import pytest

from bot.answers import Answers
from bot.errors import UserError
from tests.answers.conftest import text


async def test_quote_rawlings(answers: Answers) -> None:
    card = await answers.quote("rawlings")
    out = text(card)
    assert card.author == "Barry Rawlings · Barnet Labour group leader"
    assert card.title == "What Barry Rawlings said — 15 statements, 2022–2025"
    assert "This is an historic victory." in out
    assert "Ham & High" in out and "hamhigh.co.uk" in out  # the link is in the detail
    # the seed report's quotes are served too
    assert "Working with local people, we will have a safer, brighter, cleaner Barnet." in out
    public = "\n".join(f"{f.name}\n{f.value}" for f in card.fields)
    quotes = [line for line in public.splitlines() if line.startswith(("“", "*"))]
    assert all(" — " in line for line in quotes if line.startswith("“"))  # each names its source
    assert "](http" not in public  # short source names; the links are numbered in the detail
    # the date heading once per group, not a 60-character heading per quote
    assert public.count("6 May 2022") == 1 + public.count("6 May 2022 (cont.)")
    assert "Barry Rawlings —" not in public and "PRE-ELECTION" not in out
    assert card.fields[0].name == "Before the election (April/May 2022)"  # oldest first
    # the undated "results night" quote is placed on results day, not last
    night = public.index("it feels good on the streets")
    assert public.index("6 May 2022") < night < public.index("13 May 2022")
    assert "placed with the 2022 result by its context (“results night”)" in out
    # near-duplicates shown once, with both sources; the other wording in the detail
    assert public.count("cash machines") == 1
    assert "treated like cash machines rather than as partners.” — Ham & High, also local " \
           "news report" in public
    assert "Also reported: 6 May 2022" in out and "not as cash machines" in out
    # fragments of one report on one line
    assert "“make big changes to the borough” · “a great victory” · " in public
    assert [(a.label, a.question) for a in card.actions] == [
        ("Labour in Barnet", "/party labour barnet")]


async def test_quote_thomas_merges_the_remark_two_outlets_carried(answers: Answers) -> None:
    card = await answers.quote("thomas")
    public = "\n".join(f.value for f in card.fields)
    assert public.count("warning shot") == 1
    assert "stayed at home.” — MyLondon, also BBC News" in public  # the fuller wording kept
    assert public.index("warning shot") < public.index("Clearly if Labour")
    # a fragment alone reads as the report's sentence that quotes it
    assert "*Cllr Thomas also claimed that ward boundary changes in Barnet “favour Labour " \
           "more than us”.* — local news report" in public
    # the 2026 recollection names the 2022 report, not the later article that recalls it
    assert "partygate’.” — local news report" in public


@pytest.mark.parametrize(("who", "name"), [("thomas", "Dan Thomas"),
                                           ("rozenberg", "Gabriel Rozenberg")])
async def test_quote_other_leaders(answers: Answers, who: str, name: str) -> None:
    card = await answers.quote(who)
    assert name in card.title and card.fields


async def test_quote_keyword_search(answers: Answers) -> None:
    card = await answers.quote("climate")
    assert "climate emergency" in text(card)
    card = await answers.quote("rawlings", "cash machines")
    assert card.title == ("What Barry Rawlings said about “cash machines” — 2 statements, "
                          "2022")
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
    assert (await answers.quote("rawlings")).title.startswith("What Barry Rawlings said — 15 ")



# -- composing without a database --------------------------------------------------------

def test_near_duplicates_need_a_shared_phrase_not_a_shared_topic() -> None:
    from bot.answers._quotes import near_duplicates
    from bot.domain import Statement

    def said(text: str, person: str = "p1") -> Statement:
        return Statement("s", person, text)

    skip = frozenset({"barnet", "labour"})
    assert near_duplicates(said("treated like cash machines rather than partners"),
                           said("partners, and not as cash machines,"), skip)
    assert near_duplicates(said("a warning shot"), said("I think a warning shot... more"), skip)
    # "election result" is the topic, not the remark
    assert not near_duplicates(said("a historic election result and a mandate"),
                               said("after the election result was announced"), skip)
    assert not near_duplicates(said("a Labour majority now"), said("the Labour majority"),
                               skip)  # party names and election words tie nothing
    assert not near_duplicates(said("cash machines"), said("cash machines", "p2"), skip)
