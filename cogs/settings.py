"""/settings council and /settings show: a server's default council."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.checks import require_server_manager, server_manager
from bot.discord.options import CouncilName
from bot.discord.reply import current_answers, send_card
from bot.questions import QUESTIONS

if TYPE_CHECKING:
    from bot.discord.client import ElectionBot

SETTINGS = QUESTIONS["settings"]


class Settings(commands.Cog):
    # Hidden from members without Manage Server (a server can change that in its
    # Integrations settings); the run-time check below is what actually refuses.
    settings = app_commands.Group(
        name=SETTINGS.name, description=SETTINGS.summary,
        guild_only=True, default_permissions=discord.Permissions(manage_guild=True))

    def __init__(self, bot: ElectionBot) -> None:
        self.bot = bot

    @settings.command(name="council", description="Set the council questions in this server "
                      "are about when none is given")
    @app_commands.describe(**SETTINGS.descriptions())
    @app_commands.checks.cooldown(3, 30.0, key=lambda i: i.guild_id)
    @app_commands.check(server_manager)  # first (checks run bottom-up): a refusal costs no use
    async def council(self, interaction: discord.Interaction, name: CouncilName) -> None:
        require_server_manager(interaction)  # and here, for a caller that skips the checks
        answers = current_answers(interaction)
        chosen = await answers.council_named(name)
        saved = await self.bot.state.set_default_council(
            interaction.guild_id, chosen.id, interaction.user.id)  # type: ignore[arg-type]
        card = await answers.settings(saved.default_council, updated_at=saved.updated_at,
                                      just_set=True)
        await send_card(interaction, card, ephemeral=True)

    @settings.command(name="show", description="Show this server's settings")
    async def show(self, interaction: discord.Interaction) -> None:
        require_server_manager(interaction)  # as docs/discord.md says: checked when it runs
        saved = self.bot.state.guild(interaction.guild_id)  # type: ignore[arg-type]
        card = await current_answers(interaction).settings(
            saved.default_council if saved else None,
            updated_at=saved.updated_at if saved else None)
        await send_card(interaction, card, ephemeral=True)


async def setup(bot: ElectionBot) -> None:
    await bot.add_cog(Settings(bot))
