"""Helpers for the hardening tests: a private database and the CLI as a user runs it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture
def db(builtin_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "e.sqlite3"
    shutil.copyfile(builtin_db, path)
    return path


def cli(*argv: str | Path) -> int:
    return main([str(a) for a in argv])
