"""Strict stand-ins for discord.py objects: mocks spec'd on the real classes, so a
misspelt attribute or argument fails the test instead of passing silently."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any
from unittest.mock import MagicMock, create_autospec

import discord
from discord import app_commands

from bot.config import Settings
from bot.discord.client import ElectionBot
from bot.render.card import Chart

PNG = b"\x89PNG\r\n\x1a\n fake chart"


def make_interaction(client: Any, *, guild_id: int | None = 1, user_id: int = 42,
                     options: dict[str, str] | None = None, manage_guild: bool = False,
                     command: app_commands.Command | None = None) -> MagicMock:
    """An application-command interaction as discord.py would hand it to a callback."""
    inter = create_autospec(discord.Interaction, instance=True)
    inter.client = client
    inter.guild_id = guild_id
    if guild_id is None:
        inter.guild = None
    else:
        inter.guild = create_autospec(discord.Guild, instance=True)
        inter.guild.id = guild_id
    inter.user = create_autospec(discord.Member, instance=True)
    inter.user.id = user_id
    inter.permissions = discord.Permissions(manage_guild=manage_guild)
    inter.extras = {}
    inter.type = discord.InteractionType.application_command
    inter.command = command
    inter.namespace = app_commands.Namespace(
        inter, {}, [{"type": 3, "name": k, "value": v} for k, v in (options or {}).items()])

    response = create_autospec(discord.InteractionResponse, instance=True)
    done = {"value": False}

    def answered(*args: Any, **kwargs: Any) -> None:
        if done["value"]:
            raise discord.InteractionResponded(inter)
        done["value"] = True

    for name in ("send_message", "defer", "edit_message"):
        getattr(response, name).side_effect = answered
    response.is_done.side_effect = lambda: done["value"]
    inter.response = response
    inter.followup = create_autospec(discord.Webhook, instance=True)
    return inter


def sent(inter: MagicMock) -> dict[str, Any]:
    """The keyword arguments of the one message sent, by response or follow-up."""
    calls = [*inter.response.send_message.call_args_list, *inter.followup.send.call_args_list]
    assert len(calls) == 1, f"expected one message, got {len(calls)}"
    args, kwargs = calls[0]
    if args:
        kwargs = {**kwargs, "content": args[0]}
    return kwargs


def assert_no_pings(kwargs: dict[str, Any]) -> None:
    mentions = kwargs.get("allowed_mentions")
    assert mentions is not None, "every send must pass allowed_mentions"
    assert mentions.to_dict() == discord.AllowedMentions.none().to_dict()


def embed_text(embeds: Iterable[discord.Embed]) -> str:
    parts: list[str] = []
    for e in embeds:
        parts += [e.title or "", e.description or "", e.footer.text or ""]
        for f in e.fields:
            parts += [f.name or "", f.value or ""]
    return "\n".join(parts)


class FakeCharts:
    """Stands in for bot/render/chart.py's ChartCache."""

    def __init__(self, png: bytes = PNG, delay: float = 0.0, fail: bool = False) -> None:
        self.png_bytes = png
        self.delay = delay
        self.fail = fail
        self.calls: list[tuple[Chart, str]] = []

    async def png(self, chart: Chart, data_version: str) -> bytes:
        self.calls.append((chart, data_version))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fail:
            raise RuntimeError("the chart broke")
        return self.png_bytes


def settings_for(election_db: Path, tmp: Path, **changes: Any) -> Settings:
    base = Settings(election_db=election_db, state_db=tmp / "state.sqlite3",
                    data_dir=Path(__file__).resolve().parent.parent / "data",
                    election_db_is_default=False, dev_guild_id=None, log_level="INFO",
                    token=None)
    return replace(base, **changes)


@asynccontextmanager
async def running_bot(settings: Settings, *, charts: Any = None,
                      owner_id: int = 7) -> AsyncIterator[ElectionBot]:
    """A real ElectionBot with its data, cogs and error handler, never logged in."""
    async with ElectionBot(settings, charts=charts or FakeCharts()) as bot:
        bot.owner_id = owner_id
        await bot.setup_hook()
        yield bot


def find_command(bot: ElectionBot, qualified: str) -> app_commands.Command:
    """'seats' or 'settings council'."""
    first, *rest = qualified.split()
    found = bot.tree.get_command(first)
    for name in rest:
        assert isinstance(found, app_commands.Group)
        found = found.get_command(name)
    assert isinstance(found, app_commands.Command), qualified
    return found


async def run_command(bot: ElectionBot, qualified: str, *, guild_id: int | None = 1,
                      user_id: int = 42, manage_guild: bool = False,
                      **options: str) -> MagicMock:
    """Call a command as the tree would: its callback, then the tree's error handler."""
    command = find_command(bot, qualified)
    inter = make_interaction(bot, guild_id=guild_id, user_id=user_id, options=options,
                             manage_guild=manage_guild, command=command)
    try:
        await command.callback(command.binding, inter, **options)  # type: ignore[arg-type]
    except app_commands.AppCommandError as exc:
        await bot.tree.on_error(inter, exc)
    except Exception as exc:
        await bot.tree.on_error(inter, app_commands.CommandInvokeError(command, exc))
    return inter


async def suggest(bot: ElectionBot, qualified: str, option: str, current: str, *,
                  guild_id: int | None = 1, **typed: str) -> list[app_commands.Choice[str]]:
    """What an option's autocomplete offers while `current` is typed (and `typed` elsewhere)."""
    command = find_command(bot, qualified)
    callback = command._params[option].autocomplete  # the function the tree would call
    assert callback is not None, f"/{qualified} {option} has no autocomplete"
    inter = make_interaction(bot, guild_id=guild_id, options={**typed, option: current},
                             command=command)
    return await callback(inter, current)  # type: ignore[misc]
