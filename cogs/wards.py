"""/ward: one ward's result, by its name or a postcode in it."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.options import CouncilName, ElectionName, Text, WardName
from bot.discord.reply import ask
from bot.questions import QUESTIONS

WARD = QUESTIONS["ward"]


class Wards(commands.Cog):
    @app_commands.command(name=WARD.name, description=WARD.summary)
    @app_commands.describe(**WARD.descriptions())
    async def ward(self, interaction: discord.Interaction, name: WardName | None = None,
                   council: CouncilName | None = None,
                   election: ElectionName | None = None,
                   postcode: Text | None = None) -> None:
        await ask(interaction, WARD, name=name, council=council, election=election,
                  postcode=postcode)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Wards())
