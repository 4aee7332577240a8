"""/ward, its autocomplete, and picking one of several matching wards."""

from __future__ import annotations

from bot.discord.client import ElectionBot
from tests.cogs.conftest import BARNET_SERVER, PLAIN_SERVER
from tests.discord.clicks import click, components
from tests.discord_mocks import (
    assert_no_pings,
    embed_text,
    run_command,
    sent,
    suggest,
)


async def test_ward_childs_hill(bot: ElectionBot) -> None:
    inter = await run_command(bot, "ward", name="childs-hill")
    msg = sent(inter)
    assert_no_pings(msg)
    text = embed_text([msg["embed"]])
    assert "Childs Hill" in msg["embed"].author.name
    assert "Giulia Innocenti" in text
    assert "votes not recorded" in text.lower()  # shown as such, never as a number


async def test_typing_chi_in_a_barnet_server_offers_childs_hill_first(bot: ElectionBot) -> None:
    choices = await suggest(bot, "ward", "name", "chi", guild_id=BARNET_SERVER)
    assert choices[0].name.startswith("Childs Hill")
    assert choices[0].value == "barnet-2022:childs-hill"
    assert len(choices) <= 25
    assert all(1 <= len(c.name) <= 100 and 1 <= len(c.value) <= 100 for c in choices)


async def test_ward_autocomplete_follows_the_council_option(bot: ElectionBot) -> None:
    in_barnet = await suggest(bot, "ward", "name", "", guild_id=PLAIN_SERVER, council="barnet")
    assert in_barnet and all("Barnet" in c.name for c in in_barnet)
    # The council typed beats the server's default: Camden's wards (the gazetteer's) first,
    # then the rest of the UK.
    got = await suggest(bot, "ward", "name", "ha", guild_id=BARNET_SERVER, council="camden")
    camden = ["Camden" in c.name for c in got]
    assert camden[0] and camden == sorted(camden, reverse=True) and not all(camden)


async def test_a_picked_suggestion_resolves_exactly(bot: ElectionBot) -> None:
    inter = await run_command(bot, "ward", name="barnet-2022:childs-hill", guild_id=PLAIN_SERVER)
    assert "Giulia Innocenti" in embed_text([sent(inter)["embed"]])


async def test_sloppy_typing_still_resolves(bot: ElectionBot) -> None:
    inter = await run_command(bot, "ward", name="chids hil", council="barnet")
    assert sent(inter)["embed"].author.name.startswith("Childs Hill")


async def test_an_ambiguous_ward_offers_a_menu_that_asks_again(bot: ElectionBot) -> None:
    inter = await run_command(bot, "ward", name="colindale", guild_id=PLAIN_SERVER)
    msg = sent(inter)
    assert msg["ephemeral"] is True
    assert "More than one ward" in msg["content"]
    menu = components(msg["view"])[0]
    offered = [o["value"] for o in menu["options"]]
    assert len(offered) >= 2

    # The asker picks the second one: the question is asked again with its id.
    pick = await click(bot, menu["custom_id"], values=[offered[1]], guild_id=PLAIN_SERVER)
    answer = sent(pick)
    assert "Colindale" in answer["embed"].author.name
    assert answer.get("ephemeral") is None  # the answer itself is public


async def test_a_wrong_election_offers_the_ones_on_record(bot: ElectionBot) -> None:
    inter = await run_command(bot, "ward", name="childs hill", council="barnet",
                              election="1066")
    msg = sent(inter)
    assert "no recorded election" in msg["content"]
    assert components(msg["view"])[0]["type"] == 3  # a select menu
