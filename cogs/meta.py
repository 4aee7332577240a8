"""/about, /help and /ping: about the bot itself."""

from __future__ import annotations

import math

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.mentions import with_mentions
from bot.discord.reply import ask, current_answers, send_card
from bot.discord.views import NO_MENTIONS
from bot.questions import QUESTIONS

ABOUT, HELP, PING = QUESTIONS["about"], QUESTIONS["help"], QUESTIONS["ping"]


class Meta(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot  # for /ping's latency

    @app_commands.command(name=ABOUT.name, description=ABOUT.summary)
    async def about(self, interaction: discord.Interaction) -> None:
        await ask(interaction, ABOUT)

    @app_commands.command(name=HELP.name, description=HELP.summary)
    async def help(self, interaction: discord.Interaction) -> None:
        # /help as in the terminal, with each "/command" a link that opens it.
        ids = await self.bot.command_ids.get(interaction.guild_id)  # type: ignore[attr-defined]
        card = with_mentions(current_answers(interaction).help(), ids)
        await send_card(interaction, card, question="/help")

    @app_commands.command(name=PING.name, description=PING.summary)
    async def ping(self, interaction: discord.Interaction) -> None:
        # Deliberately bare (no data, no embed): the baseline the benchmarks compare with.
        latency = self.bot.latency
        text = f"Pong · {latency * 1000:.0f} ms" if math.isfinite(latency) else "Pong"
        await interaction.response.send_message(text, ephemeral=True,
                                                allowed_mentions=NO_MENTIONS)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Meta(bot))
