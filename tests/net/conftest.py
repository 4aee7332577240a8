"""Fakes on 127.0.0.1 and a fake clock shared by the client and the fake services."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import pytest

from bot.net.democracyclub import DemocracyClub
from bot.net.http import HttpClient
from fakes.democracyclub import FakeDemocracyClub
from fakes.postcodes import FakePostcodes


class FakeClock:
    """Monotonic seconds that only move when someone sleeps: a minute passes at once."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_http(clock: FakeClock, **kw: object) -> HttpClient:
    kw.setdefault("timeout", 5.0)
    return HttpClient(clock=clock, sleep=clock.sleep, rng=lambda: 0.5, **kw)  # type: ignore[arg-type]


@pytest.fixture
async def http(clock: FakeClock) -> AsyncIterator[HttpClient]:
    client = make_http(clock)
    yield client
    await client.close()


@pytest.fixture
async def fake_dc(clock: FakeClock) -> AsyncIterator[FakeDemocracyClub]:
    async with FakeDemocracyClub(clock=clock) as fake:
        yield fake


@pytest.fixture
def dc(http: HttpClient, fake_dc: FakeDemocracyClub) -> DemocracyClub:
    return DemocracyClub(http, candidates_url=fake_dc.candidates_url,
                         elections_url=fake_dc.elections_url)


@pytest.fixture
async def fake_postcodes() -> AsyncIterator[FakePostcodes]:
    async with FakePostcodes() as fake:
        yield fake


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on: connections to it are refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
