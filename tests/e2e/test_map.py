"""/map through the wire: the picture arrives as a PNG within Discord's limits, a refusal as
text alone, and the Map buttons of /seats and /ward answer.

The Map button is clicked where the answer carries one (a button's custom id is the Discord
layer's business); until then its question, read from the card the bot builds, is asked as
the slash command a user would type.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from bot.answers import Answers
from bot.ask import ask, parse
from bot.store.reader import ReferenceStore
from fakes.discordapi import payloads
from fakes.discordapi.harness import assert_no_mentions
from fakes.discordapi.records import Answer, walk_components
from tests.e2e.conftest import SharedBot
from tests.e2e.helpers import embed_text

pytestmark = pytest.mark.asyncio(loop_scope="module")


def _map_png(answer: Answer) -> bytes:
    """The answer is a public embed showing one attached PNG; returns its bytes."""
    assert answer.type in (4, 5) and not answer.ephemeral, answer.content
    [embed] = answer.embeds[:1]
    [png] = [f for f in answer.files if f.filename == "chart.png"]
    assert [a["filename"] for a in answer.attachments] == ["chart.png"]
    assert embed.get("image", {}).get("url") == "attachment://chart.png"
    assert png.data.startswith(b"\x89PNG\r\n\x1a\n")
    # Discord's limit for an upload, as the interaction states it (10 MiB without boosts).
    assert len(png.data) <= payloads.ATTACHMENT_SIZE_LIMIT
    return png.data


async def _question_of(db: Path, question: str) -> str:
    """The question the answer's "Map" button carries."""
    store = await ReferenceStore.open(db)
    try:
        card = await ask(await Answers.load(store), question)
    finally:
        await store.close()
    [action] = [a for a in card.actions if a.label == "Map"]
    assert action.part == "map"
    return action.question


async def _press_map(shared_bot: SharedBot, answer: Answer, question: str) -> Answer:
    fake = shared_bot.fake
    buttons = [c for c in walk_components((answer.current_message or {}).get("components")
                                          or []) if c.get("label") == "Map"]
    if buttons:
        return await fake.interact(fake.click(answer, buttons[0]["custom_id"]))
    name, options = parse(question)
    return await fake.interact(fake.slash(name, **options))


async def test_map_barnet_is_a_png_within_discords_limits(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    answer = await fake.interact(fake.slash("map", council="barnet"))
    img = Image.open(io.BytesIO(_map_png(answer)))
    assert img.width == 800
    text = embed_text(answer)
    assert "Barnet 2022 — results by ward" in text
    assert "Contains OS data © Crown copyright" in text
    assert_no_mentions(fake)


async def test_map_barnet_2018_draws_nothing(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    answer = await fake.interact(fake.slash("map", council="barnet", election="2018"))
    assert answer.type in (4, 5) and not answer.ephemeral
    assert not answer.files and not answer.attachments
    assert "older wards" in embed_text(answer)


async def test_the_seats_map_button_answers(shared_bot: SharedBot, builtin_db: Path) -> None:
    fake = shared_bot.fake
    seats = await fake.interact(fake.slash("seats", council="doncaster"))
    question = await _question_of(builtin_db, "/seats doncaster")
    shown = await _press_map(shared_bot, seats, question)
    assert shown.files and shown.files[0].data.startswith(b"\x89PNG")
    assert len(shown.files[0].data) <= payloads.ATTACHMENT_SIZE_LIMIT


async def test_the_ward_map_button_answers(shared_bot: SharedBot, builtin_db: Path) -> None:
    fake = shared_bot.fake
    ward = await fake.interact(fake.slash("ward", name="childs-hill"))
    question = await _question_of(builtin_db, "/ward childs-hill")
    assert "ward:" in question
    shown = await _press_map(shared_bot, ward, question)
    assert shown.files and shown.files[0].data.startswith(b"\x89PNG")
    if shown.embeds:  # the whole answer (a picture-only reply may carry no embed)
        assert "Outlined: **Childs Hill**" in embed_text(shown)
