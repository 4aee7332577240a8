"""/party."""

from __future__ import annotations

from bot.discord.client import ElectionBot
from tests.cogs.conftest import BARNET_SERVER, PLAIN_SERVER
from tests.discord_mocks import embed_text, run_command, sent, suggest


async def test_party_in_a_council(bot: ElectionBot) -> None:
    inter = await run_command(bot, "party", name="labour", council="barnet")
    msg = sent(inter)
    assert msg["embed"].title == "Labour won 41 of 63 seats in Barnet"
    assert "41 seats of 63" in embed_text([msg["embed"]])
    assert msg["embed"].colour.value == bot.answers.store.parties["labour"].colour


async def test_party_uses_the_server_default(bot: ElectionBot) -> None:
    here = await run_command(bot, "party", name="labour", guild_id=BARNET_SERVER)
    assert "Barnet" in sent(here)["embed"].title
    everywhere = await run_command(bot, "party", name="labour", guild_id=PLAIN_SERVER)
    assert "results on record" in sent(everywhere)["embed"].title


async def test_party_autocomplete(bot: ElectionBot) -> None:
    assert (await suggest(bot, "party", "name", "lib"))[0].value == "liberal-democrats"
    assert (await suggest(bot, "party", "council", "barn"))[0].value == "barnet"
