"""/about, /help and /ping: about the bot itself."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.render.card import Card
from bot.views import NO_MENTIONS
from cogs._reply import Options, Question, answer

if TYPE_CHECKING:
    from bot.answers import Answers
    from bot.client import ElectionBot


async def _about(a: Answers, o: Options, default: str | None) -> Card:
    return await a.about()


async def _help(a: Answers, o: Options, default: str | None) -> Card:
    return a.help()


class Meta(commands.Cog):
    def __init__(self, bot: ElectionBot) -> None:
        self.bot = bot

    @app_commands.command(name="about", description="Which councils and elections the bot "
                          "knows, and where its data comes from")
    async def about(self, interaction: discord.Interaction) -> None:
        await answer(interaction, Question("about", {}, _about))

    @app_commands.command(name="help", description="How to ask: every command, with examples")
    async def help(self, interaction: discord.Interaction) -> None:
        await answer(interaction, Question("help", {}, _help))

    @app_commands.command(name="ping", description="Check the bot is up, and its gateway latency")
    async def ping(self, interaction: discord.Interaction) -> None:
        # Deliberately bare (no data, no embed): the baseline the benchmarks compare with.
        latency = self.bot.latency
        text = f"Pong · {latency * 1000:.0f} ms" if math.isfinite(latency) else "Pong"
        await interaction.response.send_message(text, ephemeral=True,
                                                allowed_mentions=NO_MENTIONS)


async def setup(bot: ElectionBot) -> None:
    await bot.add_cog(Meta(bot))
