"""/about, /help and /ping."""

from __future__ import annotations

from bot.discord.client import ElectionBot
from bot.discord.detail import detail_pages
from tests.discord_mocks import assert_no_pings, embed_text, run_command, sent


async def test_about(bot: ElectionBot) -> None:
    msg = sent(await run_command(bot, "about"))
    text = embed_text([msg["embed"]])
    assert "Barnet" in text and "data of " in text
    # the data version is for the detail, never the public card
    assert bot.answers.data_version not in text
    assert bot.answers.data_version in embed_text(detail_pages(await bot.answers.about()))


async def test_help_lists_every_question_command(bot: ElectionBot) -> None:
    text = embed_text([sent(await run_command(bot, "help"))["embed"]])
    for name in ("/seats", "/ward", "/councillor", "/quote", "/party", "/history",
                 "/byelections", "/about"):
        assert name in text


async def test_ping_is_bare_and_private(bot: ElectionBot) -> None:
    inter = await run_command(bot, "ping")
    msg = sent(inter)
    assert_no_pings(msg)
    assert msg["content"].startswith("Pong") and msg["ephemeral"] is True
    assert "embed" not in msg
