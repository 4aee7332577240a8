"""/follow, /unfollow, /following: where a council's results are posted on election night."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.checks import require_server_manager
from bot.discord.live import missing_permissions
from bot.discord.options import CouncilName
from bot.discord.reply import current_answers, send_private
from bot.live import following as text
from bot.questions import QUESTIONS

if TYPE_CHECKING:
    from bot.discord.client import ElectionBot

FOLLOW, UNFOLLOW, FOLLOWING = QUESTIONS["follow"], QUESTIONS["unfollow"], QUESTIONS["following"]
# Each is hidden from members without Manage Server (default_permissions, which a server
# can change); require_server_manager, at run time, is what refuses.


def _target(interaction: discord.Interaction,
            channel: discord.TextChannel | None) -> discord.TextChannel | None:
    here = channel if channel is not None else interaction.channel
    return here if isinstance(here, discord.TextChannel) else None


class Follow(commands.Cog):
    def __init__(self, bot: ElectionBot) -> None:
        self.bot = bot

    @app_commands.command(name=FOLLOW.name, description=FOLLOW.summary)
    @app_commands.describe(**FOLLOW.descriptions())
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.cooldown(5, 30.0, key=lambda i: i.guild_id)
    async def follow(self, interaction: discord.Interaction, council: CouncilName,
                     channel: discord.TextChannel | None = None) -> None:
        require_server_manager(interaction)
        target = _target(interaction, channel)
        if target is None:
            await send_private(interaction, "Pick a text channel for the results.")
            return
        me = target.guild.me
        missing = missing_permissions(target.permissions_for(me)) if me else ["View Channel"]
        if missing:
            await send_private(interaction, text.cannot_post(target.mention, missing))
            return
        chosen, slug = await text.followed_council(current_answers(interaction), council)
        assert self.bot.live is not None
        before = await self.bot.live.follows(guild_id=target.guild.id, council_id=slug)
        await self.bot.live.follow(target.guild.id, target.id, slug, interaction.user.id,
                                   datetime.now(UTC))
        if self.bot.live_runner is not None:
            self.bot.live_runner.wake()
        again = any(f.channel_id == target.id for f in before)
        await send_private(interaction, text.followed(chosen.short_name, target.mention,
                                                      again=again))

    @app_commands.command(name=UNFOLLOW.name, description=UNFOLLOW.summary)
    @app_commands.describe(**UNFOLLOW.descriptions())
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def unfollow(self, interaction: discord.Interaction, council: CouncilName,
                       channel: discord.TextChannel | None = None) -> None:
        require_server_manager(interaction)
        target = _target(interaction, channel)
        if target is None:
            await send_private(interaction, "Pick the text channel it was followed in.")
            return
        chosen, slug = await text.followed_council(current_answers(interaction), council)
        assert self.bot.live is not None
        done = await self.bot.live.unfollow(target.id, slug)
        await send_private(interaction, text.unfollowed(chosen.short_name, target.mention, done))

    @app_commands.command(name=FOLLOWING.name, description=FOLLOWING.summary)
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def following(self, interaction: discord.Interaction) -> None:
        require_server_manager(interaction)
        assert self.bot.live is not None
        follows = await self.bot.live.follows(guild_id=interaction.guild_id)
        names = await text.council_names(current_answers(interaction),
                                         (f.council_id for f in follows))
        await send_private(interaction, text.following(follows, names))


async def setup(bot: ElectionBot) -> None:
    await bot.add_cog(Follow(bot))
