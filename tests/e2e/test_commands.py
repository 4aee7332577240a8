"""Every command of the real bot, through the wire, on its seed question (issue 4, item 4).

One bot process serves the whole module (``shared_bot``, see conftest.py); after each test
the fixture fails it on a contract violation, a duplicate acknowledgement or a traceback in
the bot's log. Tests that change the guild's settings say so: they run in file order.
"""

from __future__ import annotations

import re

import pytest

from fakes.discordapi import payloads
from fakes.discordapi.harness import assert_no_mentions
from fakes.discordapi.records import Answer
from fakes.discordapi.server import FakeDiscordError
from tests.e2e.conftest import SharedBot
from tests.e2e.helpers import (
    STRING_SELECT,
    component,
    delivered_anyway,
    embed_text,
    member,
    select_value,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

BOB = member("1300000000000000290", "bob")
MANAGER = member("1300000000000000291", "manny",
                 permissions=payloads.EVERYONE_PERMISSIONS | payloads.MANAGE_GUILD)


def public_card(answer: Answer) -> dict:
    """The answer is a public embed (not an error reply); returns its first embed."""
    assert answer.type in (4, 5), answer.type
    assert not answer.ephemeral, answer.content
    assert answer.embeds, f"no embed: {answer.content!r}"
    return answer.embeds[0]


def has_chart(answer: Answer) -> bool:
    [embed] = answer.embeds[:1]
    names = [a["filename"] for a in answer.attachments]
    pngs = [f for f in answer.files if f.filename == "chart.png"]
    return (names == ["chart.png"] and embed.get("image", {}).get("url") ==
            "attachment://chart.png" and bool(pngs) and pngs[0].data.startswith(b"\x89PNG"))


def source_links(answer: Answer) -> list[str]:
    """The links an answer cites: embed URLs and markdown links in its fields."""
    import re
    text = embed_text(answer) + "".join(e.get("url", "") for e in answer.embeds)
    return re.findall(r"https?://[^\s)>\]]+", text)


# -- the seed questions -----------------------------------------------------------------------


async def test_seats_barnet(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    answer = await fake.interact(fake.slash("seats", council="barnet"))
    embed = public_card(answer)
    assert "Barnet" in embed["author"]["name"]
    assert embed["title"] == "Labour gain Barnet — majority of 19"
    seats = embed["description"]  # the seats in party colours, under the warning
    assert "🟥 **Labour 41**" in seats and "🟦 **Conservative 22**" in seats
    assert any("wikipedia.org" in link for link in source_links(answer))  # a source link
    assert has_chart(answer)
    assert_no_mentions(fake)


async def test_ward_childs_hill(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    answer = await fake.interact(fake.slash("ward", name="childs-hill"))
    embed = public_card(answer)
    assert embed["author"]["name"].startswith("Childs Hill")
    candidates = embed["description"]  # the coloured candidate list
    assert "Giulia Innocenti" in candidates and "Peter Zinkin" in candidates
    assert "votes not recorded" in candidates.lower()  # never a made-up 0
    assert "0 votes" not in candidates
    assert source_links(answer)


async def test_quote_rawlings_pages_for_the_asker_only(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    answer = await fake.interact(fake.slash("quote", who="rawlings"))
    embed = public_card(answer)
    first = embed["fields"][0]["value"]
    assert "Evening Standard" in first  # the outlet; its link is in Sources & notes
    assert component(answer, label="Sources & notes")
    pages = int(embed["footer"]["text"].rsplit("/", 1)[1])
    assert pages > 1 and embed["footer"]["text"].endswith(f"page 1/{pages}")
    assert component(answer, label="◀")["disabled"]
    next_id = component(answer, label="Next")["custom_id"]

    # Someone else's click gets their own private copy of page 2; the page does not turn.
    theirs = await fake.interact(fake.click(answer, next_id, user=BOB))
    assert theirs.type == 4 and theirs.ephemeral
    assert theirs.embeds[0]["footer"]["text"].endswith(f"page 2/{pages}")
    assert answer.current_message["embeds"][0]["footer"]["text"].endswith(f"page 1/{pages}")

    # The asker's click turns it: the same message, page 2.
    page2 = await fake.interact(fake.click(answer, next_id))
    assert page2.type == 7
    assert page2.message["id"] == answer.message["id"]
    assert page2.embeds[0]["footer"]["text"].endswith(f"page 2/{pages}")
    assert page2.embeds[0]["fields"] != embed["fields"]
    assert component(page2, label="Next")["disabled"] == (pages == 2)
    assert not component(page2, label="◀")["disabled"]

    back = await fake.interact(fake.click(answer, component(page2, label="◀")["custom_id"]))
    assert back.embeds[0]["footer"]["text"].endswith(f"page 1/{pages}")
    assert_no_mentions(fake)


# -- the other commands -----------------------------------------------------------------------


async def test_councillor_zinkin(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    embed = public_card(await fake.interact(fake.slash("councillor", name="zinkin")))
    assert embed["title"] == "Peter Zinkin — Conservative councillor for Golders Green, Barnet"
    assert {"name": "Ward", "value": "Golders Green", "inline": True} in embed["fields"]


async def test_party_labour_in_barnet(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    answer = await fake.interact(fake.slash("party", name="labour", council="barnet"))
    embed = public_card(answer)
    assert "Labour" in embed["title"] and "Barnet" in embed["title"]
    assert {"name": "Seats", "value": "🟥 41 seats of 63 (+16)", "inline": True} in embed["fields"]


async def test_history_barnet_has_a_chart(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    answer = await fake.interact(fake.slash("history", council="barnet"))
    embed = public_card(answer)
    assert "Barnet" in embed["author"]["name"] and embed["title"].startswith("Since 1964")
    assert has_chart(answer)


async def test_byelections_barnet(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    embed = public_card(await fake.interact(fake.slash("byelections", council="barnet")))
    byes = next(f["value"] for f in embed["fields"] if f["name"].startswith("By-elections"))
    assert "Golders Green" in byes and "Zinkin" in byes


async def test_about_help_ping(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    about = public_card(await fake.interact(fake.slash("about")))
    assert "Barnet" in about["fields"][0]["value"]
    help_ = public_card(await fake.interact(fake.slash("help")))
    shown = str(help_["fields"])  # each command a clickable mention, with a real example
    assert re.search(r"</seats:\d+> barnet 2014", shown) and re.search(r"</ward:\d+> \w", shown)
    ping = await fake.interact(fake.slash("ping"))
    assert ping.content.startswith("Pong") and ping.ephemeral


async def test_seats_doncaster(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    answer = await fake.interact(fake.slash("seats", council="doncaster"))
    embed = public_card(answer)
    assert embed["author"]["name"].startswith("Doncaster")
    assert embed["title"] == "Labour win Doncaster — majority of 25"
    assert "🟥 **Labour 40**" in embed["description"]


async def test_ward_in_barnsley(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    answer = await fake.interact(fake.slash("ward", name="darton west", council="barnsley"))
    embed = public_card(answer)
    assert embed["author"]["name"].startswith("Darton West")
    assert "Alice Cave" in embed["description"] and "1,051" in embed["description"]


# -- autocomplete -----------------------------------------------------------------------------


async def test_council_and_election_autocomplete(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    councils = await fake.interact(fake.autocomplete("seats", focused="council", council="bar"))
    assert councils.type == 8
    assert councils.choices[0]["value"] == "barnet"
    assert {c["value"] for c in councils.choices} >= {"barnet", "barnsley"}

    elections = await fake.interact(
        fake.autocomplete("seats", focused="election", council="barnet", election="2022"))
    assert elections.type == 8
    assert "local.barnet.2022-05-05" in [c["value"] for c in elections.choices]

    # The value of a suggestion answers the question exactly.
    pick = elections.choices[[c["value"] for c in elections.choices].index(
        "local.barnet.2022-05-05")]["value"]
    answer = await fake.interact(fake.slash("seats", council="barnet", election=pick))
    assert public_card(answer)["author"]["name"].endswith("5 May 2022")


# -- unclear and unknown names ----------------------------------------------------------------


async def test_an_ambiguous_ward_offers_a_menu_and_the_pick_answers(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    unclear = await fake.interact(fake.slash("ward", name="colindale"))
    assert unclear.type == 4 and unclear.ephemeral and not unclear.embeds
    assert "More than one ward" in unclear.content
    menu_id, north = select_value(unclear, "Colindale North")

    # Anyone else's pick is answered to them alone.
    theirs = await fake.interact(fake.click(unclear, menu_id, values=[north], user=BOB))
    assert theirs.ephemeral and theirs.embeds[0]["author"]["name"].startswith("Colindale North")

    picked = await fake.interact(fake.click(unclear, menu_id, values=[north]))
    embed = public_card(picked)
    assert embed["author"]["name"].startswith("Colindale North")


async def test_an_unknown_name_gets_a_private_did_you_mean(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    answer = await fake.interact(fake.slash("ward", name="zzzzqqq"))
    assert answer.type == 4 and answer.ephemeral and not answer.embeds
    assert answer.content.startswith("No ward matches “zzzzqqq”")
    assert component(answer, type=STRING_SELECT)["options"]

    council = await fake.interact(fake.slash("seats", council="xyzzy"))
    assert council.ephemeral and council.content.startswith("No council matches")
    menu_id, barnet = select_value(council, "London Borough of Barnet")
    picked = await fake.interact(fake.click(council, menu_id, values=[barnet]))
    assert "Barnet" in public_card(picked)["author"]["name"]
    assert_no_mentions(fake)


# -- DMs --------------------------------------------------------------------------------------


async def test_a_dm_works(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    answer = await fake.interact(fake.slash("seats", council="barnet", guild=False))
    assert answer.interaction.payload["context"] == 1  # a DM, through the global registration
    assert "guild_id" not in answer.interaction.payload["data"]
    embed = public_card(answer)
    assert "Barnet" in embed["author"]["name"] and has_chart(answer)

    ward = await fake.interact(fake.slash("ward", name="colindale", guild=False))
    menu_id, north = select_value(ward, "Colindale North")
    picked = await fake.interact(fake.click(ward, menu_id, values=[north]))
    assert public_card(picked)["author"]["name"].startswith("Colindale North")

    quote = await fake.interact(fake.slash("quote", who="rawlings", guild=False))
    page2 = await fake.interact(fake.click(quote, component(quote, label="Next")["custom_id"]))
    assert page2.type == 7 and " page 2/" in page2.embeds[0]["footer"]["text"]

    with pytest.raises(FakeDiscordError, match="not available in DMs"):
        fake.slash("settings council", guild=False, name="barnet")  # guild_only


# -- the owner's commands, and a stale registration --------------------------------------------


async def test_data_reload_is_for_the_owner_only(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    owner = payloads.admin_member()  # the application's owner in the fake
    done = await fake.interact(fake.slash("data reload", user=owner))
    assert done.type == 5 and done.ephemeral  # private "thinking…", then the result
    assert done.message["content"].startswith("Reloaded: data ")
    await shared_bot.process.wait_for_log("election data reloaded")

    refused = await fake.interact(delivered_anyway(fake, "data reload", member_data=MANAGER))
    assert refused.ephemeral and refused.content == "Only the bot's owner can do that."


async def test_sync_here_by_the_owner_registers_the_same_commands(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    before = {c["name"]: c["id"] for c in fake.registered_commands(fake.guild_id)}
    done = await fake.interact(fake.slash("sync", where="here", user=payloads.admin_member()))
    assert done.ephemeral and done.message["content"].startswith(f"Registered {len(before)} ")
    after = {c["name"]: c["id"] for c in fake.registered_commands(fake.guild_id)}
    assert after == before  # a bulk overwrite keeps the ids, so nothing in flight breaks


async def test_a_command_discord_still_has_but_the_bot_dropped(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    stale = payloads.slash_command("results", [payloads.option("council", "barnet")],
                                   command_id=payloads.new_id(), guild_id=fake.guild_id)
    answer = await fake.interact(stale)
    assert answer.ephemeral and "election-bot sync" in answer.content
    await shared_bot.process.wait_for_log(r"Discord's copy of /results is out of date")


# -- settings (these change the guild's default council: keep them last) ----------------------


async def test_settings_are_refused_to_a_member_without_manage_server(
        shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    # Discord does not even offer the command to Alice (default_member_permissions) ...
    with pytest.raises(FakeDiscordError, match="lacks default_member_permissions"):
        fake.slash("settings council", name="barnet")
    # ... but a server may override that in its Integrations settings, and then Discord
    # delivers it: the bot's own check must refuse.
    payload = delivered_anyway(fake, "settings council", member_data=payloads.alice_member(),
                               name="barnet")
    refused = await fake.interact(payload)
    assert refused.type == 4 and refused.ephemeral
    assert refused.content == "You need the Manage Server permission for that."
    shown = await fake.interact(fake.slash("settings show", user=MANAGER))
    assert shown.ephemeral and "None set" in embed_text(shown)  # the refusal saved nothing


async def test_settings_council_then_ward_autocomplete_is_scoped(shared_bot: SharedBot) -> None:
    fake = shared_bot.fake
    saved = await fake.interact(fake.slash("settings council", name="barnet", user=MANAGER))
    assert saved.ephemeral and "Barnet" in embed_text(saved)

    picks = await fake.interact(fake.autocomplete("ward", focused="name", name="chi"))
    assert picks.type == 8
    assert picks.choices[0]["name"].startswith("Childs Hill")
    assert picks.choices[0]["value"] == "barnet-2022:childs-hill"

    # The server's council is the default for questions without one.
    seats = await fake.interact(fake.slash("seats"))
    assert "Barnet" in public_card(seats)["author"]["name"]
    ward = await fake.interact(fake.slash("ward", name=picks.choices[0]["value"]))
    assert public_card(ward)["author"]["name"].startswith("Childs Hill")
    assert_no_mentions(fake)
