"""Every public answer of issue 16's list fits about one phone screen (≤ 1.3).

Heights come from tests/discord/phone.py, a model of Discord's layout calibrated against
../shared/tools/discord-preview (within phone.ERROR px on these answers). The figures in the
issue's closing note are the preview tool's own (tools/preview_answers.py).
"""

from __future__ import annotations

import re

import pytest

from bot.answers import Answers
from bot.ask import ask, parse
from bot.discord.embed import CHART_FILENAME
from bot.discord.message import body, question_text
from bot.render.chart import draw
from tests.discord import phone

QUESTIONS = ("/seats barnet", "/seats barnet 2014", "/seats doncaster", "/ward childs-hill",
             "/ward burnt oak", "/councillor zinkin", "/quote rawlings",
             "/party labour barnet", "/history barnet", "/byelections barnet", "/help")
GOAL = 1.3
IDS = re.compile(r"local\.|data [0-9a-f]{12}|person |#")


@pytest.mark.parametrize("question", QUESTIONS)
async def test_the_public_message_fits_one_phone_screen(answers: Answers, question: str) -> None:
    card = await ask(answers, question)
    name, options = parse(question)
    shown = card.chart is not None and card.chart_shown
    message = body(card, CHART_FILENAME if shown else None,
                   question=question_text(name, options) or question)
    image = phone.png_size(draw(card.chart)) if shown and card.chart else None
    px = phone.height(message, image)
    assert px <= GOAL * phone.SCREEN + phone.ERROR, f"{question}: about {px:.0f} px on a phone"
    (embed,) = message["embeds"]
    footer = embed.get("footer", {}).get("text", "")
    assert not IDS.search(footer), footer  # no internal ids in public: they are the detail's
    assert len(footer.split(" + ")[0].split(", ")) <= 2  # at most two sources named


@pytest.mark.parametrize("question", ["/seats barnet", "/ward burnt oak", "/councillor zinkin",
                                      "/history barnet", "/byelections barnet"])
async def test_line_one_says_it_is_not_the_latest_result(answers: Answers,
                                                          question: str) -> None:
    card = await ask(answers, question)
    assert card.warning.startswith("**Not the latest result.**")
    assert body(card)["embeds"][0]["description"].startswith("⚠️ **Not the latest result.**")


def test_the_model_counts_a_long_card_as_long() -> None:
    tall = {"embeds": [{"title": "T", "description": "a line of text\n" * 60}]}
    assert phone.screens(tall) > 1.5 and phone.screens({"embeds": [{"title": "T"}]}) < 0.3
