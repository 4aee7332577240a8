"""Every cog loaded into a real (not logged-in) bot: the command payloads Discord will get."""

from __future__ import annotations

import importlib
import re
from typing import Any

from discord import app_commands

from bot.discord.client import ElectionBot, cog_names
from bot.questions import COMMANDS, QUESTIONS
from tests.openapi import problems

NAME = re.compile(r"^[-_a-z0-9]{1,32}$")
OWNER_ONLY = {"data", "sync"}  # cogs/admin.py: they control the bot, not questions
EXPECTED = {c.name for c in COMMANDS} | OWNER_ONLY
# Options that name a thing must offer autocomplete.
NAMING = {("ward", "name"), ("councillor", "name"), ("quote", "who"), ("party", "name")}
NAMING_OPTIONS = {"council", "election"}


def walk(options: list[dict[str, Any]], path: str) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for o in options:
        out.append((path, o))
        out += walk(o.get("options", []), f"{path} {o['name']}")
    return out


async def test_every_cog_loads_with_a_setup(bot: ElectionBot) -> None:
    assert bot.failed_cogs == []
    assert set(bot.extensions) == set(cog_names())
    for name in cog_names():
        assert callable(importlib.import_module(name).setup)


async def test_command_payloads(bot: ElectionBot) -> None:
    payloads = [c.to_dict(bot.tree) for c in bot.tree.get_commands()]
    names = [p["name"] for p in payloads]
    assert len(names) == len(set(names)), "command names must be unique"
    assert set(names) == EXPECTED
    for p in payloads:
        assert problems("ApplicationCommandCreateRequest", p) == [], p["name"]
        assert NAME.match(p["name"]) and 1 <= len(p["description"]) <= 100
        assert p["description"] != "…", f"/{p['name']} needs a description"
        seen: set[tuple[str, str]] = set()
        for path, o in walk(p.get("options", []), p["name"]):
            assert NAME.match(o["name"]), o["name"]
            assert 1 <= len(o["description"]) <= 100, f"/{path} {o['name']}"
            assert o["description"] != "…", f"/{path} {o['name']} needs a description"
            assert (path, o["name"]) not in seen
            seen.add((path, o["name"]))
            if o["type"] == 3 and ((path, o["name"]) in NAMING or o["name"] in NAMING_OPTIONS):
                assert o.get("autocomplete") is True, f"/{path} {o['name']} autocompletes"
                assert o.get("max_length", 6000) <= 100


async def test_walk_commands_have_descriptions(bot: ElectionBot) -> None:
    for command in bot.tree.walk_commands():
        assert command.description and command.description != "…", command.qualified_name
        if isinstance(command, app_commands.Command):
            for param in command.parameters:
                assert param.description and param.description != "…", (
                    f"/{command.qualified_name} {param.name}")


async def test_each_question_command_is_as_the_registry_declares(bot: ElectionBot) -> None:
    for p in (c.to_dict(bot.tree) for c in bot.tree.get_commands()):
        declared = QUESTIONS.get(p["name"])
        if declared is None or declared.call is None:
            continue  # the owner's commands, and /settings and /ping (Discord only)
        assert p["description"] == declared.summary
        options = [(o["name"], o.get("required", False), o["description"])
                   for o in p.get("options", [])]
        assert options == [(o.name, o.required, o.description) for o in declared.options]
