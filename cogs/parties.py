"""/party: a party's seats, votes, leader and wards won."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.options import CouncilName, PartyName
from bot.discord.reply import ask
from bot.questions import QUESTIONS

PARTY = QUESTIONS["party"]


class Parties(commands.Cog):
    @app_commands.command(name=PARTY.name, description=PARTY.summary)
    @app_commands.describe(**PARTY.descriptions())
    async def party(self, interaction: discord.Interaction, name: PartyName,
                    council: CouncilName | None = None) -> None:
        await ask(interaction, PARTY, name=name, council=council)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Parties())
