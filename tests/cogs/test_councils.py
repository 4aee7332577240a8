"""/seats, /history and /byelections, called as Discord would call them."""

from __future__ import annotations

import discord
import pytest

from bot.discord.client import ElectionBot
from bot.discord.detail import detail_pages
from bot.discord.embed import CHART_FILENAME, CHART_URL, pages_of
from bot.render.card import Card, Field
from tests.cogs.conftest import BARNET_SERVER, PLAIN_SERVER
from tests.discord.clicks import click, custom_id
from tests.discord_mocks import (
    FakeCharts,
    assert_no_pings,
    embed_text,
    make_interaction,
    run_command,
    sent,
    suggest,
)


async def test_seats_barnet(bot: ElectionBot) -> None:
    inter = await run_command(bot, "seats", council="barnet")
    msg = sent(inter)
    assert_no_pings(msg)
    embed: discord.Embed = msg["embed"]
    text = embed_text([embed])
    assert embed.title == "Labour gain Barnet — majority of 19"
    assert "**Labour 41**" in text and "**Conservative 22**" in text
    assert "(sources differ)" in text  # disagreements stay visible, the detail has both
    # notes and sources are the private detail (the "Sources & notes" button), not here
    assert not any(f.name.startswith(("Sources", "Notes")) for f in embed.fields)
    assert embed.footer.text and "more source" in embed.footer.text
    assert embed.colour is not None and embed.colour.value == bot.answers.store.parties[
        "labour"].colour


async def test_seats_attaches_the_chart(bot: ElectionBot, charts: FakeCharts) -> None:
    inter = await run_command(bot, "seats", council="barnet")
    msg = sent(inter)
    assert msg["file"].filename == CHART_FILENAME
    assert msg["embed"].image.url == CHART_URL
    chart, version = charts.calls[0]
    assert chart.kind == "seats" and version == bot.answers.data_version


async def test_seats_uses_the_server_default(bot: ElectionBot) -> None:
    inter = await run_command(bot, "seats", guild_id=BARNET_SERVER)
    assert "Barnet" in sent(inter)["embed"].author.name


async def test_seats_without_council_or_default_is_a_user_error(bot: ElectionBot) -> None:
    cog = bot.get_cog("Councils")
    inter = make_interaction(bot, guild_id=PLAIN_SERVER)
    # answer() replies to the answer layer's UserError itself (it knows the question);
    # nothing reaches the tree.
    await cog.seats.callback(cog, inter)
    msg = sent(inter)
    assert msg["ephemeral"] is True and "Which council" in msg["content"]


async def test_seats_missing_council_reply_is_private(bot: ElectionBot) -> None:
    inter = await run_command(bot, "seats", guild_id=PLAIN_SERVER)
    msg = sent(inter)
    assert msg["ephemeral"] is True and "Which council" in msg["content"]
    # ... with the councils held in a menu: picking one asks /seats again with it.
    offered = msg["view"].offered
    assert "barnet" in offered and "doncaster" in offered


async def test_seats_for_an_older_election(bot: ElectionBot) -> None:
    inter = await run_command(bot, "seats", council="barnet", election="2014")
    assert "2014" in sent(inter)["embed"].author.name


async def test_history_with_chart(bot: ElectionBot) -> None:
    inter = await run_command(bot, "history", council="barnet")
    msg = sent(inter)
    assert "1964" in msg["embed"].description and "2022" in msg["embed"].description
    assert msg["file"].filename == CHART_FILENAME
    pages = pages_of(await bot.answers.history("barnet"), chart=True)
    assert msg["embed"].to_dict() == pages[0].to_dict()
    assert all(p.image.url == CHART_URL for p in pages)
    assert "Sources" not in embed_text(pages)  # the sources are the private detail
    assert "Sources" in embed_text(detail_pages(await bot.answers.history("barnet")))


async def test_byelections(bot: ElectionBot) -> None:
    inter = await run_command(bot, "byelections", council="barnet")
    text = embed_text([sent(inter)["embed"]])
    assert "Golders Green" in text and "Burnt Oak" in text


async def test_council_autocomplete(bot: ElectionBot) -> None:
    choices = await suggest(bot, "seats", "council", "barn")
    assert choices[0].value == "barnet"
    assert len(choices) <= 25


async def test_election_autocomplete_follows_the_council_option(bot: ElectionBot) -> None:
    choices = await suggest(bot, "seats", "election", "", guild_id=PLAIN_SERVER,
                            council="barnet")
    assert choices and all(c.value.startswith("local.barnet.") for c in choices)
    assert len(choices) <= 25
    typed = await suggest(bot, "seats", "election", "2014", guild_id=PLAIN_SERVER,
                          council="barnet")
    assert [c.value for c in typed] == ["local.barnet.2014-05-22"]


async def test_election_autocomplete_uses_the_server_default(bot: ElectionBot) -> None:
    choices = await suggest(bot, "history", "council", "", guild_id=BARNET_SERVER)
    assert choices  # councils are offered even with nothing typed
    elections = await suggest(bot, "seats", "election", "", guild_id=BARNET_SERVER)
    assert elections[0].value.startswith("local.barnet.")
    assert await suggest(bot, "seats", "election", "", guild_id=PLAIN_SERVER) == []


async def test_turning_a_page_sends_the_chart_again(bot: ElectionBot,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    real_history = bot.answers.history

    async def long_history(*args: object, **kwargs: object) -> Card:
        card = await real_history(*args, **kwargs)  # type: ignore[arg-type]
        card.fields += [Field(f"Extra {i}", "words " * 150) for i in range(12)]  # > one page
        return card

    monkeypatch.setattr(bot.answers, "history", long_history)
    inter = await run_command(bot, "history", council="barnet", user_id=42)
    nxt = custom_id(sent(inter)["view"], "Next")
    turn = await click(bot, nxt, user_id=42, asker_id=42, chart=True)
    kwargs = turn.response.edit_message.call_args.kwargs
    assert kwargs["embeds"][0].image.url == CHART_URL
    assert [f.filename for f in kwargs["attachments"]] == [CHART_FILENAME]
    assert_no_pings(kwargs)
