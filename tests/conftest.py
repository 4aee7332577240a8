"""Shared fixtures: databases built once per test session from data/ and from a small fixture."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.answers import Answers
from bot.importers.builtin import builtin_datasets
from bot.importers.native import load_native
from bot.store.reader import ReferenceStore
from bot.store.writer import build

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def builtin_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference database built from the project's data/ (read-only: do not modify)."""
    path = tmp_path_factory.mktemp("builtin") / "elections.sqlite3"
    build(path, builtin_datasets(DATA))
    return path


@pytest.fixture(scope="session")
def mini_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny invented council (tests/fixtures/mini.json) with every kind of record."""
    path = tmp_path_factory.mktemp("mini") / "mini.sqlite3"
    build(path, [load_native(FIXTURES / "mini.json")])
    return path


@pytest.fixture
async def store(builtin_db: Path) -> AsyncIterator[ReferenceStore]:
    s = await ReferenceStore.open(builtin_db)
    try:
        yield s
    finally:
        await s.close()


@pytest.fixture
async def answers(store: ReferenceStore) -> Answers:
    return await Answers.load(store)


@pytest.fixture
async def mini_answers(mini_db: Path) -> AsyncIterator[Answers]:
    s = await ReferenceStore.open(mini_db)
    try:
        yield await Answers.load(s)
    finally:
        await s.close()
