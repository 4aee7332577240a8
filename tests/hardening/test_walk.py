"""Item 6: after any import that succeeds, every question about everything answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hardening.conftest import cli
from tests.hardening.walk import walk
from tests.importers.conftest import IMPORT_FIXTURES


async def test_every_question_on_the_builtin_database(builtin_db: Path) -> None:
    assert await walk(builtin_db) > 400


async def test_every_question_on_the_mini_database(mini_db: Path) -> None:
    assert await walk(mini_db) > 5


@pytest.mark.parametrize("fixture", ["dcleapil-quirks.csv", "dc-two-ballots.csv",
                                     "dc-cancelled.csv"])
async def test_every_question_after_an_import(db: Path, fixture: str) -> None:
    assert cli("import", IMPORT_FIXTURES / fixture, "--db", db) == 0
    assert await walk(db) > 400
