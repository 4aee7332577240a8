"""/quote: what party leaders said, with who, role, date, outlet and link."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.options import Text, Who
from bot.discord.reply import ask
from bot.questions import QUESTIONS

QUOTE = QUESTIONS["quote"]


class Quotes(commands.Cog):
    @app_commands.command(name=QUOTE.name, description=QUOTE.summary)
    @app_commands.describe(**QUOTE.descriptions())
    async def quote(self, interaction: discord.Interaction, who: Who,
                    keyword: Text | None = None) -> None:
        await ask(interaction, QUOTE, who=who, keyword=keyword)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Quotes())
