"""A real bot (not logged in) over the built-in data, for calling cog commands directly."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.discord.client import ElectionBot
from tests.discord_mocks import FakeCharts, running_bot, settings_for

BARNET_SERVER = 100  # a guild whose default council is Barnet
PLAIN_SERVER = 200  # a guild with no default


@pytest.fixture
def charts() -> FakeCharts:
    return FakeCharts()


@pytest.fixture
async def bot(builtin_db: Path, tmp_path: Path, charts: FakeCharts) -> AsyncIterator[ElectionBot]:
    async with running_bot(settings_for(builtin_db, tmp_path), charts=charts) as b:
        assert b.state is not None
        await b.state.set_default_council(BARNET_SERVER, "barnet", 1)
        yield b
