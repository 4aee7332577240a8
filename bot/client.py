"""The Discord bot: ElectionBot, and the `run` and `sync` commands that start it.

The bot holds the answers (bot.answers), the per-server settings (bot.state) and,
if bot/render/chart.py is installed, a chart cache (bot.charts). Cogs read
bot.answers afresh for every question, so a data reload is one attribute swap;
an answer already under way finishes on the old data, whose database is closed
after a grace period. A reload is asked for by /data reload, by SIGHUP, or by the
bot itself when it sees that the database file was replaced (watch_data).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import sqlite3
import sys
from pathlib import Path
from pkgutil import iter_modules
from typing import TYPE_CHECKING

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

import cogs
from bot.answers import Answers
from bot.config import Settings
from bot.store.files import open_store
from bot.store.reader import ReferenceStore, StoreError
from bot.store.state import StateStore

if TYPE_CHECKING:
    from cogs._reply import Charts

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
RELOAD_GRACE = 60.0  # seconds the old database stays open for answers already under way
HTTP_POOL = 32  # connections to Discord kept for answers (see _http_pool)
GC_YOUNG = 20_000  # allocations between young-generation collections (see _settle_heap)

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


def cog_names() -> list[str]:
    """Every module in cogs/ except the shared helpers (named with a leading underscore)."""
    return sorted(f"cogs.{m.name}" for m in iter_modules(cogs.__path__)
                  if not m.name.startswith("_"))


def load_charts() -> Charts | None:
    """The chart cache if bot/render/chart.py is there and works; answers go without charts
    otherwise."""
    try:
        from bot.render.chart import ChartCache  # type: ignore[attr-defined]
    except ImportError as exc:
        log.info("charts are off (%s); answers are sent without them", exc)
        return None
    try:
        return ChartCache()
    except Exception:
        log.warning("charts are off: the chart cache failed to start", exc_info=True)
        return None


FileSignature = tuple[int, int, int, int]


def file_signature(path: Path) -> FileSignature | None:
    """What changes when a file is replaced or rewritten: device, inode, mtime, size.
    None if it cannot be read (missing, no permission)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size


def _http_pool() -> aiohttp.TCPConnector | None:
    """A bounded pool of HTTP connections to Discord (None outside an event loop: the default).

    discord.py's own pool is unbounded (aiohttp limit=0), so a burst of answers opens a new
    connection for nearly every one: a TCP and TLS handshake each, which the benchmark's
    burst of 1,000 showed as most of the bot's time. Bounded, the answers queue briefly for
    a kept-alive connection instead. The gateway's websocket holds one of them per shard.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return None
    return aiohttp.TCPConnector(limit=HTTP_POOL)


class ElectionBot(commands.AutoShardedBot):
    def __init__(self, settings: Settings, *, needs_data: bool = True,
                 charts: Charts | None = None, reload_grace: float = RELOAD_GRACE) -> None:
        # The bot never joins voice: discord.py's warnings about voice libraries are noise.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,  # unused: the bot has only slash commands
            help_command=None,
            intents=discord.Intents.default(),  # no privileged intents
            allowed_mentions=discord.AllowedMentions.none(),
            connector=_http_pool(),
        )
        self.settings = settings
        self.needs_data = needs_data  # `election-bot sync` registers commands without data
        self.answers: Answers | None = None
        self.state: StateStore | None = None
        self.charts = charts
        self.reload_grace = reload_grace
        self.failed_cogs: list[str] = []
        self._reload_lock = asyncio.Lock()
        self._retiring: set[asyncio.Task[None]] = set()
        self._background: set[asyncio.Task[None]] = set()
        self._closing: asyncio.Future[None] | None = None
        self._data_signature: FileSignature | None = None  # of the file now in service
        self._watcher: asyncio.Task[None] | None = None

    # -- start and stop -----------------------------------------------------------

    async def setup_hook(self) -> None:
        if self.needs_data and self.answers is None:
            await self.open_databases()
        if self.needs_data and self.charts is None:
            self.charts = load_charts()
        await self.load_cogs()
        self.tree.error(self._report_tree_error)

    async def open_databases(self) -> None:
        """Open both databases and build the answers; StoreError names the file and the fix."""
        signature = file_signature(self.settings.election_db)  # before opening: see reload
        store = await open_store(self.settings)
        try:
            answers = await _load_answers(store)
            self.state = await StateStore.open(self.settings.state_db)
        except BaseException:
            await store.close()
            raise
        self.answers = answers
        self._data_signature = signature or file_signature(self.settings.election_db)
        log.info("election data %s loaded from %s", answers.data_version, store.path)

    async def load_cogs(self) -> None:
        for name in cog_names():
            try:
                await self.load_extension(name)
            except commands.ExtensionAlreadyLoaded:
                pass
            except Exception:
                # One broken topic must not take the other commands down with it.
                log.exception("could not load %s; the other commands still work", name)
                self.failed_cogs.append(name)

    async def _report_tree_error(self, interaction: discord.Interaction,
                                 error: app_commands.AppCommandError) -> None:
        from cogs._reply import report_error
        await report_error(interaction, error)

    async def close(self) -> None:
        # One close, run to the end whoever asks first: the SIGTERM handler starts it as a
        # task, and `async with` (discord.py's __aexit__ only awaits its own inner close)
        # must wait for all of it, or asyncio.run cancels the rest at exit. A database left
        # open keeps its aiosqlite thread alive, and the process then never exits. Shielded:
        # a caller cancelled while waiting (Ctrl-C) does not stop it half way.
        if self._closing is None:
            self._closing = asyncio.ensure_future(self._close())
        await asyncio.shield(self._closing)

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _close(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            await asyncio.gather(self._watcher, return_exceptions=True)
        await super().close()
        retiring = list(self._retiring)
        for task in retiring:
            task.cancel()  # closes the old store now
        await asyncio.gather(*retiring, return_exceptions=True)
        if self.answers is not None:
            await self.answers.store.close()
            self.answers = None
        if self.state is not None:
            await self.state.close()
            self.state = None

    # -- live reload ------------------------------------------------------------------

    async def reload_data(self) -> tuple[str, str]:
        """Reopen the reference database (an import may have replaced the file) and swap
        the answers in. Returns the data versions before and after. On a StoreError the
        old data stays in service."""
        async with self._reload_lock:
            # Taken before opening: if the file is replaced again in between, the watcher
            # sees a different signature and reloads once more, rather than missing it.
            signature = file_signature(self.settings.election_db)
            store = await open_store(self.settings)
            try:
                answers = await _load_answers(store)
            except BaseException:
                await store.close()
                raise
            old, self.answers = self.answers, answers  # the swap: one assignment
            self._data_signature = signature or file_signature(self.settings.election_db)
            before = old.data_version if old is not None else "none"
            if old is not None:
                self._retire(old.store)
            log.info("election data reloaded: %s -> %s", before, answers.data_version)
            return before, answers.data_version

    def _retire(self, store: ReferenceStore) -> None:
        async def close_later() -> None:
            try:
                await asyncio.sleep(self.reload_grace)
            finally:
                await store.close()

        task = asyncio.get_running_loop().create_task(close_later())
        self._retiring.add(task)
        task.add_done_callback(self._retiring.discard)

    async def _reload_logged(self, reason: str) -> bool:
        """reload_data, logging a failure instead of raising it; True if it worked."""
        try:
            await self.reload_data()
        except StoreError as exc:
            log.error("data reload (%s) failed; still serving the old data: %s", reason, exc)
        except Exception:
            log.exception("data reload (%s) failed; still serving the old data", reason)
        else:
            return True
        return False

    def schedule_reload(self, reason: str) -> None:
        """Reload in the background (from a signal handler), logging the outcome."""
        task = asyncio.get_running_loop().create_task(self._reload_logged(reason))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def watch_data(self, interval: float | None = None) -> asyncio.Task[None] | None:
        """Reload by itself when the election database file is replaced (as `election-bot
        import` does, by renaming a new file over it) or rewritten: every INTERVAL seconds
        (default: settings.reload_poll_seconds; 0 turns it off) compare the file's inode,
        mtime and size with those of the file in service. A reload that fails is logged
        once and the old data stays in service; the file is tried again when it changes
        again (e.g. a copy that was still being written)."""
        interval = self.settings.reload_poll_seconds if interval is None else interval
        if interval <= 0 or self._watcher is not None:
            return self._watcher
        self._watcher = asyncio.get_running_loop().create_task(self._watch(interval))
        return self._watcher

    async def _watch(self, interval: float) -> None:
        path = self.settings.election_db
        failed: FileSignature | None = None  # a replacement that would not open
        missing_logged = False
        log.info("watching %s for replacement every %g s", path, interval)
        while True:
            await asyncio.sleep(interval)
            signature = file_signature(path)
            if signature is None:
                if not missing_logged:
                    log.warning("%s has gone; still serving the data loaded from it", path)
                    missing_logged = True
                continue
            missing_logged = False
            if signature in (self._data_signature, failed):
                continue
            log.info("%s was replaced; reloading it", path)
            failed = None if await self._reload_logged("the file changed") else signature

    # -- command registration ---------------------------------------------------------

    async def sync_commands(self, guild: discord.abc.Snowflake | None = None, *,
                            clear: bool = False) -> list[str]:
        """Register the slash commands globally, or copy them to one guild (or clear its copies).

        Never called on a normal start: Discord rate-limits registration, and global
        commands persist until changed.
        """
        if guild is None:
            synced = await self.tree.sync()
        else:
            if clear:
                self.tree.clear_commands(guild=guild)
            else:
                self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        return [c.name for c in synced]


async def _load_answers(store: ReferenceStore) -> Answers:
    try:
        answers = await Answers.load(store)
    except sqlite3.Error as exc:
        raise StoreError(f"{store.path} is not a usable election database ({exc}); rebuild it "
                         "with: election-bot db build") from exc
    _settle_heap()
    return answers


def _settle_heap() -> None:
    """Exempt the data just loaded from the cyclic garbage collector's full passes.

    The name index of a UK-scale database is hundreds of thousands of long-lived objects,
    and every full collection walked them all again while a burst of interactions waited:
    freezing them cut the bot's CPU in the benchmark's burst of 1,000 by about a sixth
    (bench/FIXES.md). Unfrozen first, so cycles left by data replaced in a reload are
    still collected; reference counting frees the rest as usual. The young generation is
    collected every GC_YOUNG allocations rather than 700: an answer makes a few thousand
    short-lived objects (discord.py's models of the message) and was collected several
    times over; in the benchmark this took a tenth off every command's time.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])


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
