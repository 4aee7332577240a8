"""Helpers for import tests: a private copy of the built-in database to import into."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.answers import Answers
from bot.ask import ask
from bot.importers.pipeline import import_file
from bot.importers.report import ImportReport
from bot.render.text import render_text
from bot.store.checks import table_counts
from bot.store.lookup import read_existing
from bot.store.reader import ReferenceStore
from bot.store.writer import build

IMPORT_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "import"


@pytest.fixture
def db(builtin_db: Path, tmp_path: Path) -> Path:
    """A copy of the built-in database that a test may import into."""
    path = tmp_path / "elections.sqlite3"
    shutil.copyfile(builtin_db, path)
    return path


def run_import(db: Path, path: Path, fmt: str | None = None, council: str | None = None,
               replace: bool = False) -> ImportReport:
    """Import as `election-bot import` does: map onto the database, build, swap in."""
    report, datasets = import_file(path, fmt, council=council, existing=read_existing(db),
                                   replace=replace)
    build(db, datasets, base=db, note=f"import {path.name}")
    return report


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def counts(db: Path) -> dict[str, int]:
    """Rows per table: what an idempotent re-import must leave as it was."""
    conn = sqlite3.connect(db)
    try:
        return table_counts(conn)
    finally:
        conn.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def answer(db: Path, question: str) -> str:
    store = await ReferenceStore.open(db)
    try:
        return render_text(await ask(await Answers.load(store), question))
    finally:
        await store.close()
