from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.live.poller import Poller
from bot.live.poster import Limiter
from bot.live.window import polls_close
from bot.store.live import SqliteLiveStore
from tests.live.fakes import DONCASTER, FakeFeed, FakePoster, ManualClock, Night, party_book


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteLiveStore]:
    s = await SqliteLiveStore.open(tmp_path / "state.sqlite3")
    yield s
    await s.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(polls_close(DONCASTER.date) - timedelta(minutes=30))


def make_poller(store: SqliteLiveStore, feed: FakeFeed, poster: FakePoster,
                clock: ManualClock, **kw: object) -> Poller:
    return Poller(store, feed, poster, book=party_book(), now=clock.now, sleep=clock.sleep,
                  limiter=Limiter(rate=1e6), **kw)  # type: ignore[arg-type]


__all__ = ["FakeFeed", "FakePoster", "Night", "make_poller"]
