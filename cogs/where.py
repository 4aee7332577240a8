"""/where: the ward a postcode is in, and its latest result (bot/answers/where.py).

The reply is public and names the ward, never the postcode; a postcode that cannot be
placed is answered privately.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.options import Text
from bot.discord.reply import ask
from bot.questions import QUESTIONS

WHERE = QUESTIONS["where"]


class Where(commands.Cog):
    @app_commands.command(name=WHERE.name, description=WHERE.summary)
    @app_commands.describe(**WHERE.descriptions())
    async def where(self, interaction: discord.Interaction, postcode: Text) -> None:
        await ask(interaction, WHERE, postcode=postcode)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Where())
