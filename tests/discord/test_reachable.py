"""Nothing an answer said before the one-screen cards (issue 16) is out of reach now.

tests/fixtures/reachable-before-16.json lists every figure and source link in the full
answers at ec896c0, before the public cards were shortened (made by rendering each card
whole, its notes and every source included). Each must still be in the public message,
any of its pages, or its private "Sources & notes".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.answers import Answers
from bot.ask import ask
from bot.discord.detail import detail_pages
from bot.discord.embed import card_pages
from tests.discord.test_embed import _strings

BEFORE = json.loads((Path(__file__).resolve().parents[1] / "fixtures"
                     / "reachable-before-16.json").read_text())
NUM = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?%?")


def _shown(card: object) -> str:
    embeds = [*card_pages(card, chart=True), *detail_pages(card)]  # type: ignore[arg-type]
    text = "\n".join(s for e in embeds for s in _strings(e.to_dict()))
    return text.replace("%28", "(").replace("%29", ")")


@pytest.mark.parametrize("question", sorted(BEFORE))
async def test_every_figure_and_source_is_still_reachable(answers: Answers,
                                                          question: str) -> None:
    shown = _shown(await ask(answers, question))
    figures = {n.rstrip(",") for n in NUM.findall(shown)}
    lost = [f for f in BEFORE[question]["figures"] if f not in figures]
    assert not lost, f"{question}: figures no longer shown anywhere: {lost}"
    lost_urls = [u for u in BEFORE[question]["urls"] if u not in shown]
    assert not lost_urls, f"{question}: sources no longer linked: {lost_urls}"


def test_the_fixture_covers_the_seed_questions() -> None:
    assert {"/seats barnet", "/ward childs-hill", "/quote rawlings"} <= set(BEFORE)
