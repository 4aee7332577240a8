"""The real bot, unmodified, over the wire against the fake Discord (skipped until it exists).

Every request it sends is validated against Discord's OpenAPI spec by the fake; the fixtures
fail a test on any contract violation, unknown route, duplicate acknowledgement, or an
unhandled exception in the bot's log.
"""

from __future__ import annotations

from fakes.discordapi.harness import assert_no_mentions


async def test_starts_registers_commands_and_stops_cleanly(election_bot, fake_discord):
    commands = fake_discord.registered_commands(fake_discord.guild_id)
    assert commands, "the bot registered no commands in DEV_GUILD_ID"
    assert all(c["description"] for c in commands if c["type"] == 1)
    assert fake_discord.violations == []  # the registration matched the spec


async def test_commands_without_required_options_answer(election_bot, fake_discord):
    fake = fake_discord
    simple = [c for c in fake.registered_commands(fake.guild_id)
              if c["type"] == 1 and c.get("default_member_permissions") is None
              and not any(o.get("required") or o["type"] in (1, 2)
                          for o in c.get("options", []))]
    for command in simple:
        answer = await fake.interact(fake.slash(command["name"]), timeout=15)
        assert answer.message is not None, command["name"]
        assert answer.content or answer.embeds, command["name"]
    if simple:
        assert_no_mentions(fake)
