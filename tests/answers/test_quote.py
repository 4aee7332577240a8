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

