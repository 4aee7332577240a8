"""/party on the built-in data."""

from __future__ import annotations

from bot.answers import Answers
from tests.answers.conftest import text


async def test_party_labour_in_barnet(answers: Answers) -> None:
    out = text(await answers.party("labour", "barnet"))
    assert "41 seats of 63 (+16)" in out
    assert "Barry Rawlings (Friern Barnet)" in out
    assert "Burnt Oak (3)" in out and "Childs Hill (3)" in out
    assert "Winners not recorded for" in out


async def test_party_everywhere(answers: Answers) -> None:
    out = text(await answers.party("conservative"))
    assert "Barnet" in out and "Wandsworth" in out

