"""Who may run the admin commands: checked when they run, not only hidden in Discord's menu.

Discord's default_permissions only hides a command, and a server can change it;
these checks are what actually refuses. The tree (bot/discord/tree.py) turns them into a
private reply.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands


def require_server_manager(interaction: discord.Interaction) -> None:
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    if not interaction.permissions.manage_guild:
        raise app_commands.MissingPermissions(["manage_guild"])


def server_manager(interaction: discord.Interaction) -> bool:
    """require_server_manager as an app_commands.check predicate."""
    require_server_manager(interaction)
    return True



async def require_owner(interaction: discord.Interaction) -> None:
    client = interaction.client
    if not isinstance(client, commands.Bot | commands.AutoShardedBot) or not await client.is_owner(
            interaction.user):
        raise app_commands.CheckFailure("Only the bot's owner can do that.")
