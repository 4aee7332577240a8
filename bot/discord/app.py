"""Starting the bot: `election-bot run` and `election-bot sync`, logging, signals.

run() connects and answers until stopped (SIGTERM closes, SIGHUP reloads the data);
sync() registers the slash commands and exits. The CLI calls these two and nothing else.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

import aiohttp
import discord

from bot import privacy
from bot.config import Settings
from bot.discord.client import ElectionBot
from bot.store.reader import StoreError

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2

NO_TOKEN = """\
election-bot: DISCORD_TOKEN is not set, so the bot cannot connect to Discord.

To run it in Discord:
  1. Open https://discord.com/developers/applications, choose "New Application" and name it.
  2. Open its "Bot" page, choose "Reset Token" and copy the token.
  3. Put it in a file named .env in the project folder (copy .env.example to start):
       DISCORD_TOKEN=paste-the-token-here
     .env is git-ignored: never commit or share a token.
  4. Invite the bot to a server and register its commands: see docs/discord.md, then
       election-bot sync --guild YOUR_SERVER_ID

Without a token, every answer works in the terminal:
  election-bot ask "/seats barnet"
  election-bot demo
"""
BAD_TOKEN = ("Discord refused the token in DISCORD_TOKEN. Copy a fresh one from the Developer "
             "Portal (your application -> Bot -> Reset Token) into .env.")


# -- logging --------------------------------------------------------------------------


class RedactToken(logging.Filter):
    """Belt and braces: no log line may show the token, whoever logs it."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "[token]"), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, "[token]")
        return True


def setup_logging(settings: Settings) -> None:
    level = logging.getLevelName(settings.log_level)
    discord.utils.setup_logging(level=level if isinstance(level, int) else logging.INFO)
    if settings.token:
        for handler in logging.getLogger().handlers:
            handler.addFilter(RedactToken(settings.token))
    # No line may show a postcode, even at DEBUG, where discord.py logs the options users
    # typed and the replies sent, and aiosqlite every query's parameters (bot/privacy.py).
    privacy.guard(logging.getLogger().handlers)


# -- `election-bot run` and `election-bot sync` --------------------------------------------


def _handle_signals(bot: ElectionBot) -> None:
    loop = asyncio.get_running_loop()
    try:
        if hasattr(signal, "SIGHUP"):
            loop.add_signal_handler(signal.SIGHUP, bot.schedule_reload, "SIGHUP")
        loop.add_signal_handler(signal.SIGTERM, lambda: loop.create_task(bot.close()))
    except (NotImplementedError, RuntimeError):  # Windows, or not the main thread
        log.debug("signal handlers not installed")


async def serve(settings: Settings) -> int:
    assert settings.token
    async with ElectionBot(settings) as bot:
        try:
            # Before logging in: a missing or broken database fails fast, offline.
            await bot.open_databases()
        except StoreError as exc:
            log.error("cannot start: %s", exc)
            return EXIT_FAIL
        _handle_signals(bot)
        bot.watch_data()
        try:
            await bot.login(settings.token)
            if settings.dev_guild_id:
                names = await bot.sync_commands(discord.Object(settings.dev_guild_id))
                log.info("registered %d commands in the development server %s (DEV_GUILD_ID)",
                         len(names), settings.dev_guild_id)
            await bot.connect()
        except _START_ERRORS as exc:
            return _start_failed(exc, "Discord refused a request at start-up")
    return EXIT_OK


_START_ERRORS = (discord.LoginFailure, discord.HTTPException, aiohttp.ClientError, OSError)


def _start_failed(exc: BaseException, refused: str) -> int:
    """Log why Discord could not be used (bad token, refused, unreachable); exit code 1."""
    if isinstance(exc, discord.LoginFailure):
        log.error(BAD_TOKEN)
    elif isinstance(exc, discord.HTTPException):
        log.error("%s: %s", refused, exc)
    else:
        log.error("cannot reach Discord: %s", exc)
    return EXIT_FAIL


async def register(settings: Settings, guild_id: int | None) -> int:
    assert settings.token
    async with ElectionBot(settings, needs_data=False) as bot:
        try:
            await bot.login(settings.token)  # runs setup_hook: the cogs are loaded
            guild = discord.Object(guild_id) if guild_id else None
            names = await bot.sync_commands(guild)
        except _START_ERRORS as exc:
            return _start_failed(exc, "Discord refused the commands")
    where = f"in server {guild_id} (at once)" if guild_id else \
        "globally (Discord may take up to an hour to show them everywhere)"
    print(f"Registered {len(names)} commands {where}: " + ", ".join(f"/{n}" for n in names))
    return EXIT_OK


def _can_start(settings: Settings, configure_logging: bool) -> bool:
    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return False
    if configure_logging:
        setup_logging(settings)
    return True


def run(settings: Settings, *, configure_logging: bool = True) -> int:
    """`election-bot run`: connect and answer until stopped."""
    if not _can_start(settings, configure_logging):
        return EXIT_USAGE
    return asyncio.run(serve(settings))


def sync(settings: Settings, guild_id: int | None, *, configure_logging: bool = True) -> int:
    """`election-bot sync [--guild ID]`: register the commands, then exit."""
    if not _can_start(settings, configure_logging):
        return EXIT_USAGE
    return asyncio.run(register(settings, guild_id))
