"""Clickable command mentions: "/seats" in a card's text becomes </seats:ID> in Discord.

Discord draws </name:id> as a link that opens the command, but only with the id Discord
gave the command when it was registered. The ids are fetched once (and taken from every
sync), per guild when the commands were copied there; a name with no known id stays
plain text, as it is in the terminal.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

import discord
from discord import app_commands

from bot.render.card import Card

log = logging.getLogger(__name__)

FETCH_TIMEOUT = 1.0  # /help must still answer within Discord's 3 s
# "/name" or "/group sub", not inside a word, a path or a URL
_COMMAND = re.compile(r"(?<![\w/:.<\]\)`])/([a-z][\w-]{0,31})(?: ([a-z][\w-]{0,31}))?")
_CODE = re.compile(r"(`+)(.+?)\1", re.S)


def ids_of(commands: Iterable[app_commands.AppCommand]) -> dict[str, int]:
    """Qualified name ("seats", "settings council") -> the command's id."""
    out: dict[str, int] = {}
    for c in commands:
        out[c.name] = c.id
        for o in c.options:
            if isinstance(o, app_commands.AppCommandGroup):
                out[f"{c.name} {o.name}"] = c.id
                for sub in o.options:
                    if isinstance(sub, app_commands.AppCommandGroup):
                        out[f"{c.name} {o.name} {sub.name}"] = c.id
    return out


def mention_text(text: str, ids: Mapping[str, int]) -> str:
    """TEXT with every known "/name" as a mention; code spans left alone."""
    if not ids or "/" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        name, sub = m.group(1), m.group(2)
        if sub and f"{name} {sub}" in ids:
            return f"</{name} {sub}:{ids[f'{name} {sub}']}>"
        if name in ids:
            return f"</{name}:{ids[name]}>" + (f" {sub}" if sub else "")
        return m.group(0)

    parts: list[str] = []
    last = 0
    for code in _CODE.finditer(text):
        parts.append(_COMMAND.sub(one, text[last:code.start()]))
        parts.append(code.group(0))
        last = code.end()
    parts.append(_COMMAND.sub(one, text[last:]))
    return "".join(parts)


def with_mentions(card: Card, ids: Mapping[str, int]) -> Card:
    """A copy of the card with mentions in its description and field values (Discord
    draws them there, not in titles or field names)."""
    if not ids:
        return card
    return replace(card, description=mention_text(card.description, ids),
                   fields=[replace(f, value=mention_text(f.value, ids)) for f in card.fields])


class CommandIds:
    """The registered commands' ids, fetched once per scope and cached."""

    def __init__(self, tree: app_commands.CommandTree[discord.Client]) -> None:
        self.tree = tree
        self._ids: dict[int | None, dict[str, int]] = {}  # guild id (None: global) -> ids
        self._guilds: set[int] = set()  # guilds the commands were copied to

    def remember(self, commands: Iterable[app_commands.AppCommand],
                 guild_id: int | None = None) -> None:
        self._ids[guild_id] = ids_of(commands)
        if guild_id is not None:
            self._guilds.add(guild_id)

    def watch_guild(self, guild_id: int) -> None:
        """Commands are copied to this guild (DEV_GUILD_ID): mention its copies there."""
        self._guilds.add(guild_id)

    async def _fetch(self, guild_id: int | None) -> dict[str, int]:
        if guild_id not in self._ids:
            try:
                guild = discord.Object(guild_id) if guild_id is not None else None
                fetched = await asyncio.wait_for(self.tree.fetch_commands(guild=guild),
                                                 FETCH_TIMEOUT)
                self.remember(fetched, guild_id)
            except (TimeoutError, discord.DiscordException) as exc:
                log.warning("could not fetch the command ids (%s); /help shows plain names",
                            exc)
                self._ids[guild_id] = {}  # until the next sync: no retry on every /help
        return self._ids[guild_id]

    async def get(self, guild_id: int | None) -> dict[str, int]:
        """The ids to mention in this guild (its copies if it has them, else the global)."""
        out = dict(await self._fetch(None))
        if guild_id is not None and guild_id in self._guilds:
            out.update(await self._fetch(guild_id))
        return out
