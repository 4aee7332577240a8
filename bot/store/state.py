"""Per-server settings: the small read-write state database (aiosqlite, WAL).

All of its SQL is here. Every row is also kept in memory, because the default
council is needed on every autocomplete keystroke and a keystroke must not wait
on the disk. Each guild is served by one shard, so one process, which keeps the
cache of the guilds it serves correct.

The file holds what servers chose, so it is never rebuilt: it migrates itself forward.
MIGRATIONS is the schema's history; PRAGMA user_version says how many steps a file has
had, and opening applies the rest, each in its own transaction. A new table or column is
a new step at the end; a step is never edited once released.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from bot.store.reader import StoreError

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: per-server settings (files made before versioning have it already: IF NOT EXISTS)
    ("""CREATE TABLE IF NOT EXISTS guild_settings (
        guild_id        INTEGER PRIMARY KEY,
        default_council TEXT,
        updated_at      TEXT NOT NULL,
        updated_by      INTEGER
    )""",),
    # 2: postcodes.io answers, keyed by a digest of the normalised postcode (issue 17)
    ("""CREATE TABLE postcode_cache (
        key        TEXT PRIMARY KEY,
        answer     TEXT NOT NULL,
        fetched_at TEXT NOT NULL
    )""",),
    # 3: what each Democracy Club fetch brought in, and when (issue 15)
    ("""CREATE TABLE dc_fetches (
        question   TEXT PRIMARY KEY,
        fetched_at TEXT NOT NULL,
        held       TEXT NOT NULL
    )""",),
    # 4: election night, live (bot/store/live.py): follows, poll positions, the posting ledger
    ("""CREATE TABLE live_follows (
        guild_id    INTEGER NOT NULL,
        channel_id  INTEGER NOT NULL,
        council_id  TEXT NOT NULL,
        followed_by INTEGER,
        followed_at TEXT NOT NULL,
        status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
        reason      TEXT,
        changed_at  TEXT,
        PRIMARY KEY (channel_id, council_id)
    )""",
     "CREATE INDEX live_follows_council ON live_follows (council_id, status)",
     "CREATE INDEX live_follows_guild ON live_follows (guild_id)",
     """CREATE TABLE live_positions (
        election_id TEXT PRIMARY KEY,
        mark        TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    )""",
     """CREATE TABLE live_ballots (
        ballot_id    TEXT PRIMARY KEY,
        election_id  TEXT NOT NULL,
        record       TEXT NOT NULL,
        last_updated TEXT NOT NULL
    )""",
     "CREATE INDEX live_ballots_election ON live_ballots (election_id)",
     """CREATE TABLE live_messages (
        id            INTEGER PRIMARY KEY,
        channel_id    INTEGER NOT NULL,
        election_id   TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('results', 'scoreboard', 'final')),
        nonce         TEXT NOT NULL UNIQUE,
        created_at    TEXT NOT NULL,
        version       INTEGER NOT NULL DEFAULT 1,
        shown_version INTEGER NOT NULL DEFAULT 0,
        message_id    INTEGER,
        first_try_at  TEXT,
        lease_owner   TEXT,
        lease_until   TEXT,
        dropped       INTEGER NOT NULL DEFAULT 0
    )""",
     "CREATE INDEX live_messages_todo ON live_messages (shown_version, version)",
     """CREATE TABLE live_cards (
        channel_id  INTEGER NOT NULL,
        election_id TEXT NOT NULL,
        kind        TEXT NOT NULL,
        ballot_id   TEXT NOT NULL,
        message_row INTEGER NOT NULL REFERENCES live_messages (id),
        position    INTEGER NOT NULL,
        card        TEXT NOT NULL,
        hash        TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('posted', 'corrected', 'retracted')),
        PRIMARY KEY (channel_id, election_id, kind, ballot_id)
    )""",
     "CREATE INDEX live_cards_message ON live_cards (message_row, position)",
     "CREATE INDEX live_cards_election ON live_cards (election_id)"),
)


async def migrate(conn: aiosqlite.Connection, path: Path) -> None:
    """Bring the file up to len(MIGRATIONS) steps; refuse a file from a newer version."""
    while True:
        await conn.execute("BEGIN IMMEDIATE")  # one process migrates; another waits, re-reads
        ((done,),) = await conn.execute_fetchall("PRAGMA user_version")
        if done >= len(MIGRATIONS):
            await conn.commit()
            break
        for statement in MIGRATIONS[done]:
            await conn.execute(statement)
        await conn.execute(f"PRAGMA user_version = {done + 1}")
        await conn.commit()
    if done > len(MIGRATIONS):
        raise StoreError(f"{path} was written by a newer election-bot (state schema step "
                         f"{done}; this one knows {len(MIGRATIONS)}). Upgrade election-bot, "
                         "or set STATE_DB to another file.")


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    default_council: str | None
    updated_at: str  # ISO 8601, UTC
    updated_by: int | None  # the user who last changed it


class StateStore:
    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._guilds: dict[int, GuildSettings] = {}

    @classmethod
    async def open(cls, path: Path) -> StateStore:
        """Open (creating it if needed); fail with a StoreError that names the file and the fix."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = await aiosqlite.connect(path)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the state database {path}: {exc}") from exc
        store = cls(conn, path)
        try:
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA busy_timeout=5000")
            await migrate(conn, path)
            rows = await conn.execute_fetchall(
                "SELECT guild_id, default_council, updated_at, updated_by FROM guild_settings")
        except StoreError:
            await conn.close()
            raise
        except sqlite3.Error as exc:
            await conn.close()
            raise StoreError(
                f"{path} is not a usable state database ({exc}). It holds only per-server "
                "settings: move it aside and a new one is made at the next start (servers "
                "then set /settings council again), or set STATE_DB to another file.") from exc
        store._guilds = {r[0]: GuildSettings(*r) for r in rows}
        return store

    async def close(self) -> None:
        await self._conn.close()

    def default_council(self, guild_id: int | None) -> str | None:
        """From memory: cheap enough for every autocomplete keystroke."""
        if guild_id is None:
            return None
        found = self._guilds.get(guild_id)
        return found.default_council if found else None

    def default_councils(self) -> set[str]:
        """Every council some server has as its default (SYNC_INTERVAL refreshes them)."""
        return {g.default_council for g in self._guilds.values() if g.default_council}

    def guild(self, guild_id: int) -> GuildSettings | None:
        return self._guilds.get(guild_id)

    async def set_default_council(self, guild_id: int, council_id: str | None,
                                  user_id: int | None) -> GuildSettings:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        await self._conn.execute(
            "INSERT INTO guild_settings (guild_id, default_council, updated_at, updated_by) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(guild_id) DO UPDATE SET "
            "default_council = excluded.default_council, updated_at = excluded.updated_at, "
            "updated_by = excluded.updated_by",
            (guild_id, council_id, now, user_id))
        await self._conn.commit()
        # Only after the commit: memory never holds a setting the disk does not.
        settings = GuildSettings(guild_id, council_id, now, user_id)
        self._guilds[guild_id] = settings
        return settings

    # -- postcode cache (issue 17), migration step 2 ---------------------------------------
    # Keyed by a digest of the normalised postcode (bot/net/postcodes.py cache_key), never
    # the postcode itself, and nothing records who asked. `answer` is postcodes.py's JSON of
    # the outcome, without the postcode; times are UTC ISO 8601, so they compare as text.

    async def postcode_get(self, key: str, *, newer_than: datetime) -> str | None:
        """The cached answer under KEY if fetched after NEWER_THAN, else None."""
        rows = await self._conn.execute_fetchall(
            "SELECT answer FROM postcode_cache WHERE key = ? AND fetched_at > ?",
            (key, _utc(newer_than)))
        return rows[0][0] if rows else None

    async def postcode_put(self, key: str, answer: str, fetched_at: datetime) -> None:
        await self._conn.execute(
            "INSERT INTO postcode_cache (key, answer, fetched_at) VALUES (?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET answer = excluded.answer, "
            "fetched_at = excluded.fetched_at", (key, answer, _utc(fetched_at)))
        await self._conn.commit()

    async def postcode_forget_older(self, older_than: datetime) -> int:
        """Drop answers fetched before OLDER_THAN; the number dropped."""
        cur = await self._conn.execute("DELETE FROM postcode_cache WHERE fetched_at <= ?",
                                       (_utc(older_than),))
        await self._conn.commit()
        return cur.rowcount

    # -- Democracy Club fetches (issue 15), migration step 3 -------------------------------
    # What each fetch question last brought in and when, so a council fetched a moment ago
    # is not fetched again and a re-fetch that finds the same exports writes nothing.

    async def dc_fetch_get(self, question: str) -> tuple[datetime, str] | None:
        """When QUESTION (bot/dcfetch.py's FetchResult.question) was last fetched, and what
        it brought (dcfetch's Held as JSON)."""
        rows = await self._conn.execute_fetchall(
            "SELECT fetched_at, held FROM dc_fetches WHERE question = ?", (question,))
        return (datetime.fromisoformat(rows[0][0]), rows[0][1]) if rows else None

    async def dc_fetch_put(self, question: str, fetched_at: datetime, held: str) -> None:
        await self._conn.execute(
            "INSERT INTO dc_fetches (question, fetched_at, held) VALUES (?, ?, ?) "
            "ON CONFLICT(question) DO UPDATE SET fetched_at = excluded.fetched_at, "
            "held = excluded.held", (question, _utc(fetched_at), held))
        await self._conn.commit()


def _utc(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="microseconds")
