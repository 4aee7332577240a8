"""A fake Discord (REST + gateway on 127.0.0.1) for end-to-end tests of an unmodified discord.py
bot, with every request validated against Discord's OpenAPI spec. See README.md here.

Kept empty of imports on purpose: ``python -m fakes.discordapi.launcher`` runs inside the bot's
process and should not pull the server in.
"""
