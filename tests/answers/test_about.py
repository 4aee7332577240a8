"""/about on the built-in data."""

from __future__ import annotations

from bot.answers import Answers
from tests.answers.conftest import text


async def test_about_lists_councils_and_licences(answers: Answers) -> None:
    out = text(await answers.about())
    assert "Barnet" in out and "Westminster" in out
    assert "CC BY-SA" in out

