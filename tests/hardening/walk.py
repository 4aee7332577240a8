"""Asking every question about everything a database holds: nothing may crash.

An answer may be a UserError (not found, ambiguous, no such election): that is a
polite reply. Any other exception is a bug that an import let in.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.answers import Answers
from bot.errors import UserError
from bot.render.card import Card
from bot.render.text import render_text
from bot.store.reader import ReferenceStore


def _names(db: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[str], list[str]]:
    conn = sqlite3.connect(db)
    try:
        elections = conn.execute(
            "SELECT council_id, id FROM elections ORDER BY rowid DESC").fetchall()
        wards = conn.execute("SELECT council_id, name FROM wards ORDER BY rowid DESC").fetchall()
        people = [n for (n,) in conn.execute("SELECT name FROM people ORDER BY rowid DESC")]
        parties = [n for (n,) in conn.execute("SELECT name FROM parties ORDER BY rowid DESC")]
    finally:
        conn.close()
    return elections, wards, people, parties


async def walk(db: Path, limit: int | None = None) -> int:
    """Ask seats/history/byelections of every council and election, ward of every ward,
    councillor of every person and party of every party; return how many were asked.
    `limit` caps the wards and people asked, newest first (the fuzz test's quick walk
    covers what an import just added)."""
    elections, wards, people, parties = _names(db)
    store = await ReferenceStore.open(db)
    asked = 0
    try:
        answers = await Answers.load(store)

        async def ask(what: str, call: Callable[[], Awaitable[Card]]) -> None:
            nonlocal asked
            asked += 1
            try:
                render_text(await call())
            except UserError:
                pass
            except Exception as exc:
                raise AssertionError(f"{what} crashed on {db}: {exc!r}") from exc

        for council in dict.fromkeys(c for c, _ in elections):
            await ask(f"seats {council}", lambda c=council: answers.seats(c))
            await ask(f"history {council}", lambda c=council: answers.history(c))
            await ask(f"byelections {council}", lambda c=council: answers.byelections(c))
        for council, eid in elections:
            await ask(f"seats {eid}", lambda c=council, e=eid: answers.seats(c, e))
        for council, name in wards[:limit]:
            await ask(f"ward {name}", lambda c=council, n=name: answers.ward(n, c))
        for name in people[:limit]:
            await ask(f"councillor {name}", lambda n=name: answers.councillor(n))
        for name in parties:
            await ask(f"party {name}", lambda n=name: answers.party(n))
    finally:
        await store.close()
    return asked
