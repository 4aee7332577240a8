"""/councillor."""

from __future__ import annotations

from bot.discord.client import ElectionBot
from tests.discord_mocks import embed_text, run_command, sent, suggest


async def test_councillor_zinkin(bot: ElectionBot) -> None:
    inter = await run_command(bot, "councillor", name="zinkin")
    msg = sent(inter)
    assert msg["embed"].title == "Peter Zinkin — Conservative councillor for Golders Green, Barnet"
    text = embed_text([msg["embed"]])
    assert "Golders Green" in text and "Conservative" in text


async def test_person_autocomplete(bot: ElectionBot) -> None:
    choices = await suggest(bot, "councillor", "name", "zin")
    assert choices[0].value == "peter-zinkin"
    scoped = await suggest(bot, "councillor", "name", "zin", council="camden")
    assert "peter-zinkin" not in [c.value for c in scoped]


async def test_a_near_miss_offers_did_you_mean(bot: ElectionBot) -> None:
    inter = await run_command(bot, "councillor", name="zinkinn")
    msg = sent(inter)
    assert msg["ephemeral"] is True and "Did you mean" in msg["content"]
    assert msg["view"].offered[0] == "peter-zinkin"  # the best suggestion first


async def test_a_shared_surname_is_ambiguous(bot: ElectionBot) -> None:
    msg = sent(await run_command(bot, "councillor", name="smith"))
    assert "More than one person" in msg["content"]
    assert set(msg["view"].offered) >= {"nick-mearing-smith", "tom-smith"}
