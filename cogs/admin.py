"""/data reload, /data fetch and /sync: the bot owner's controls."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.checks import require_owner
from bot.discord.options import CouncilName
from bot.discord.views import NO_MENTIONS
from bot.errors import UserError
from bot.fetching import fetch_report, slug_of
from bot.store.reader import StoreError

if TYPE_CHECKING:
    from bot.discord.client import ElectionBot

# Hidden from everyone but server admins; require_owner is what refuses everyone else.
ADMINS_ONLY = discord.Permissions(administrator=True)
WHERE = ("global", "here", "clear-here")


async def _done(interaction: discord.Interaction, text: str) -> None:
    # After a private defer, the first follow-up replaces its "thinking…".
    await interaction.followup.send(text[:2000], ephemeral=True, allowed_mentions=NO_MENTIONS)


class Admin(commands.Cog):
    data = app_commands.Group(name="data", description="The bot's election data (owner only)",
                              default_permissions=ADMINS_ONLY)

    def __init__(self, bot: ElectionBot) -> None:
        self.bot = bot

    @data.command(name="reload", description="Reopen the election database after an import "
                  "(owner only)")
    @app_commands.checks.cooldown(1, 10.0)
    async def reload(self, interaction: discord.Interaction) -> None:
        await require_owner(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            before, after = await self.bot.reload_data()
        except StoreError as exc:
            await _done(interaction, f"Reload failed; still serving the old data.\n{exc}")
            return
        await _done(interaction, f"Reloaded: data {before} → {after}.")

    @data.command(name="fetch", description="Fetch a council's elections from Democracy Club "
                  "now (owner only)")
    @app_commands.describe(council="the council, by any name or code")
    @app_commands.checks.cooldown(1, 10.0)
    async def fetch_council(self, interaction: discord.Interaction, council: CouncilName) -> None:
        await require_owner(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        fetcher, answers = self.bot.fetcher, self.bot.answers
        if fetcher is None or answers is None:
            await _done(interaction, "Fetching from Democracy Club is off (FETCH_ON_MISS=off) "
                        "or the data is not loaded.")
            return
        try:
            found = await answers.council_named(council)
        except UserError as exc:
            await _done(interaction, exc.message)
            return
        slug = await slug_of(answers.store, found.id)
        if not slug:
            await _done(interaction, f"{found.short_name} has no Democracy Club id known here.")
            return
        outcome = await fetcher.fetch(slug, force=True)
        await _done(interaction, fetch_report(found.short_name, outcome))

    @app_commands.command(name="sync", description="Register the slash commands with Discord "
                          "(owner only)")
    @app_commands.describe(where="global: every server (may take up to an hour); here: this "
                           "server at once; clear-here: remove this server's copies")
    @app_commands.default_permissions(administrator=True)
    @app_commands.checks.cooldown(1, 30.0)
    async def sync(self, interaction: discord.Interaction,
                   where: Literal["global", "here", "clear-here"] = "global") -> None:
        await require_owner(interaction)
        if where not in WHERE:  # Discord offers only these; anything else is refused
            raise app_commands.CheckFailure("`where` must be one of: " + ", ".join(WHERE) + ".")
        if where != "global" and interaction.guild is None:
            raise app_commands.NoPrivateMessage()
        await interaction.response.defer(ephemeral=True, thinking=True)
        names = await self.bot.sync_commands(None if where == "global" else interaction.guild,
                                             clear=where == "clear-here")
        place = "globally" if where == "global" else "in this server"
        await _done(interaction, f"Registered {len(names)} commands {place}: "
                           + (", ".join(f"/{n}" for n in names) or "none") + ".")


async def setup(bot: ElectionBot) -> None:
    await bot.add_cog(Admin(bot))
