"""What every message the bot sends shares. The buttons and menus themselves are drawn by
bot/discord/message.py and answered by bot/discord/buttons.py."""

from __future__ import annotations

import discord

NO_MENTIONS = discord.AllowedMentions.none()
