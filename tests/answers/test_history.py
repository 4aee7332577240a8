"""/history on the built-in data, then composing without a database."""

from __future__ import annotations

from bot.answers import Answers
from tests.answers.conftest import text


async def test_history_barnet(answers: Answers) -> None:
    card = await answers.history("barnet")
    out = text(card)
    assert "**1964**" in card.description and "**2022**" in card.description
    assert "Con 37, Lab 13, LD 6" in out
    assert "2026 — held 7 May 2026; result not recorded" in out
    assert "Leaders of the council" in out
    assert card.chart is not None and card.chart.series[0][0] == "1964"

