"""/party on the built-in data."""

from __future__ import annotations

from bot.answers import Answers
from tests.answers.conftest import text


async def test_party_labour_in_barnet(answers: Answers) -> None:
    card = await answers.party("labour", "barnet")
    out = text(card)
    assert card.title == "Labour won 41 of 63 seats in Barnet"
    assert card.author == "London Borough of Barnet · election of 5 May 2022"
    assert card.warning.startswith("**Not the latest result.** Barnet voted again on 7 May")
    assert [(f.name, f.inline) for f in card.fields[:3]] == [
        ("Seats", True), ("Votes", True), ("Leader", True)]
    assert "(sources differ)" in card.fields[1].value
    assert [(a.label, a.question) for a in card.actions] == [
        ("Seats", "/seats barnet"), ("History", "/history barnet")]
    assert "41 seats of 63 (+16)" in out
    assert "Barry Rawlings (Friern Barnet)" in out
    assert "Burnt Oak (3)" in out and "Childs Hill (3)" in out
    assert "Winners not recorded for" in out


async def test_party_everywhere(answers: Answers) -> None:
    out = text(await answers.party("conservative"))
    assert "Barnet" in out and "Wandsworth" in out

