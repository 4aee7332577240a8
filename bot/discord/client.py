"""ElectionBot: the answers, the settings and the charts, the cogs, and live data reload.

The bot holds the answers (bot.answers), the per-server settings (bot.state) and a
chart cache (bot.charts). Its command tree is ErrorTree (bot/discord/tree.py), the one
error handler. The cogs are loaded by name; the bot never imports them. Cogs read
bot.answers afresh for every question, so a data reload is one attribute swap;
an answer already under way finishes on the old data, whose database is closed
after a grace period. A reload is asked for by /data reload, by SIGHUP, or by the
bot itself when it sees that the database file was replaced (watch_data).
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from pkgutil import iter_modules

import discord
from discord.ext import commands

from bot.answers import Answers
from bot.config import Settings
from bot.discord import buttons, tuning
from bot.discord.live import DiscordPoster, LiveRunner, poster_limiter
from bot.discord.mentions import CommandIds
from bot.discord.tree import ErrorTree
from bot.fetching import Fetcher, slug_of
from bot.importers.native import load_native
from bot.live.cards import PartyBook
from bot.live.dcfeed import DemocracyClubFeed
from bot.live.feed import RateRule
from bot.live.poller import Poller
from bot.net.democracyclub import DemocracyClub
from bot.net.http import close_shared, shared_client
from bot.net.postcodes import Postcodes
from bot.render.chart import ChartCache
from bot.store.files import open_store
from bot.store.live import SqliteLiveStore
from bot.store.reader import ReferenceStore, StoreError
from bot.store.state import StateStore

log = logging.getLogger(__name__)

RELOAD_GRACE = 60.0  # seconds the old database stays open for answers already under way
COGS = "cogs"  # the package of slash commands, loaded by name

def cog_names() -> list[str]:
    """Every module in cogs/ except the shared helpers (named with a leading underscore),
    found without importing the package: the core imports nothing from cogs/."""
    spec = importlib.util.find_spec(COGS)
    if spec is None or spec.submodule_search_locations is None:
        return []
    return sorted(f"{COGS}.{m.name}" for m in iter_modules(spec.submodule_search_locations)
                  if not m.name.startswith("_"))


FileSignature = tuple[int, int, int, int]


def file_signature(path: Path) -> FileSignature | None:
    """What changes when a file is replaced or rewritten: device, inode, mtime, size.
    None if it cannot be read (missing, no permission)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size


class ElectionBot(commands.AutoShardedBot):
    def __init__(self, settings: Settings, *, needs_data: bool = True,
                 charts: ChartCache | None = None, reload_grace: float = RELOAD_GRACE,
                 tuned: tuning.Tuning = tuning.TUNED) -> None:
        tuning.quiet_voice(tuned)
        super().__init__(
            tree_cls=ErrorTree,
            command_prefix=commands.when_mentioned,  # unused: the bot has only slash commands
            help_command=None,
            intents=discord.Intents.default(),  # no privileged intents
            allowed_mentions=discord.AllowedMentions.none(),
            connector=tuning.http_pool(tuned),
        )
        self.settings = settings
        self.needs_data = needs_data  # `election-bot sync` registers commands without data
        self.answers: Answers | None = None
        self.state: StateStore | None = None
        # postcodes.io for /where: the process's one HTTP client, cached in the state DB
        self.postcodes: Postcodes | None = None
        self.charts = charts if charts is not None else ChartCache()
        self.tuning = tuned
        self.reload_grace = reload_grace
        self.failed_cogs: list[str] = []
        self._reload_lock = asyncio.Lock()
        self._retiring: set[asyncio.Task[None]] = set()
        self._background: set[asyncio.Task[None]] = set()
        self._closing: asyncio.Future[None] | None = None
        self._data_signature: FileSignature | None = None  # of the file now in service
        self._watcher: asyncio.Task[None] | None = None
        self.command_ids = CommandIds(self.tree)  # for </name:id> mentions in /help
        self.fetcher: Fetcher | None = None  # fetch on a miss (bot/fetching.py), if on
        self._syncer: asyncio.Task[None] | None = None
        self.live: SqliteLiveStore | None = None  # election night's follows and ledger
        self.live_runner: LiveRunner | None = None

    # -- start and stop -----------------------------------------------------------

    async def setup_hook(self) -> None:
        if self.needs_data and self.answers is None:
            await self.open_databases()
        await self.load_cogs()
        # Every button and menu the bot ever sent, answered from its custom id alone.
        self.add_dynamic_items(*buttons.DYNAMIC)
        self.add_listener(buttons.catch_all, "on_interaction")
        if self.live is not None:
            self.start_live()

    async def open_databases(self) -> None:
        """Open both databases and build the answers; StoreError names the file and the fix."""
        signature = file_signature(self.settings.election_db)  # before opening: see reload
        store = await open_store(self.settings)
        try:
            if self.state is None:  # first: the postcode client caches in it
                self.state = await StateStore.open(self.settings.state_db)
            if self.postcodes is None:
                self.postcodes = Postcodes.from_settings(
                    self.settings, shared_client(self.settings.http_contact), self.state)
            answers = await self._load_answers(store)
            if self.live is None:
                self.live = await SqliteLiveStore.open(self.settings.state_db)
        except BaseException:
            await store.close()
            raise
        self.answers = answers
        self._data_signature = signature or file_signature(self.settings.election_db)
        log.info("election data %s loaded from %s", answers.data_version, store.path)
        self._start_fetching()

    def _start_fetching(self) -> None:
        """The fetch-on-a-miss service (FETCH_ON_MISS), and SYNC_INTERVAL's refreshes."""
        s = self.settings
        if not s.fetch_on_miss or self.state is None or self.fetcher is not None:
            return
        # The process's one HTTP client: one session, one request budget per service.
        self.fetcher = Fetcher(DemocracyClub.from_settings(s, shared_client(s.http_contact)),
                               self.state,
                               s.election_db,
                               cooldown=timedelta(minutes=s.fetch_cooldown_minutes),
                               on_change=lambda: self._reload_logged("a Democracy Club fetch"))
        if s.sync_interval_minutes > 0:
            self._syncer = asyncio.get_running_loop().create_task(
                self._sync_defaults(s.sync_interval_minutes * 60.0))

    async def _sync_defaults(self, interval: float) -> None:
        """Every INTERVAL seconds, fetch the councils servers use as their default."""
        while True:
            await asyncio.sleep(interval)
            if self.fetcher is None or self.state is None or self.answers is None:
                continue
            store = self.answers.store
            slugs = [slug for c in sorted(self.state.default_councils())
                     if (slug := await slug_of(store, c))]
            try:
                for outcome in await self.fetcher.refresh(slugs):
                    if not outcome.ok:
                        log.warning("refreshing %s: %s", outcome.slug, outcome.message)
            except Exception:
                log.exception("refreshing the servers' default councils failed")

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
        if self.live_runner is not None:
            await self.live_runner.stop()
        for task in (self._watcher, self._syncer):
            if task is not None:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
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
        if self.live is not None:
            await self.live.close()
            self.live = None
        # The process's one HTTP client (postcodes.io, Democracy Club, election night).
        await close_shared()
        self.postcodes = None

    # -- election night (bot/discord/live.py) -------------------------------------------

    def start_live(self) -> LiveRunner:
        """The poller, started once READY and only while a follow is active."""
        if self.live_runner is None:
            self.live_runner = LiveRunner(self._make_poller, self._has_follows,
                                          ready=self.wait_until_ready)
            self.live_runner.start()
        return self.live_runner

    async def _has_follows(self) -> bool:
        return self.live is not None and bool(await self.live.follows(active=True))

    def _make_poller(self) -> Poller:
        s = self.settings
        dc = DemocracyClub.from_settings(s, shared_client(s.http_contact))
        parties = load_native(s.data_dir / "parties.json").parties
        assert self.live is not None
        return Poller(self.live, DemocracyClubFeed(dc, s.dc_candidates_url),
                      DiscordPoster(self), book=PartyBook.of(parties),
                      rule=RateRule.for_token(bool(s.dc_api_token)), limiter=poster_limiter(),
                      now=self.live_clock)

    live_clock = staticmethod(lambda: datetime.now(UTC))  # election night's "now"

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
                answers = await self._load_answers(store)
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

    async def _load_answers(self, store: ReferenceStore) -> Answers:
        try:
            answers = await Answers.load(store, self.postcodes,
                                         fetch_on_miss=self.settings.fetch_on_miss)
        except sqlite3.Error as exc:
            raise StoreError(f"{store.path} is not a usable election database ({exc}); "
                             "rebuild it with: election-bot db build") from exc
        tuning.settle_heap(self.tuning)
        return answers

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
        self.command_ids.remember([] if clear else synced,
                                  guild.id if guild is not None else None)
        return [c.name for c in synced]
