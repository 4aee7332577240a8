"""/councillor on the built-in data, then composing without a database."""

from __future__ import annotations

from bot.answers import Answers
from tests.answers.conftest import text


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

