"""pytest fixtures for tests that run a bot against the fake Discord.

Import them into a conftest.py (fakes/discordapi/ and tests/e2e/ do)::

    from fakes.discordapi.fixtures import fake_discord, start_bot  # noqa: F401

- ``fake_discord``: a started ``FakeDiscord`` on the test's event loop; at teardown it fails the
  test if the fake saw a problem (contract violation, unknown route, duplicate acknowledgement,
  an off-spec reply of its own...). Configure it with
  ``@pytest.mark.fake_discord(heartbeat_interval_ms=200, ...)`` (FakeDiscord's keywords).
- ``start_bot``: ``await start_bot(target="fakes.discordapi.standin_bot:main", *args, env={})``
  spawns the bot through the launcher, waits for IDENTIFY/READY/command registration and returns
  the ``BotProcess``; at teardown every bot is stopped (SIGTERM, then SIGKILL) and the test fails
  if a bot crashed or its log shows "Traceback"/"Ignoring exception". Logs are kept in the test's
  tmp_path as bot-N.log.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from .harness import STANDIN, BotProcess
from .server import FakeDiscord


def register_markers(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fake_discord(**kwargs): keyword arguments for the fake_discord fixture")


@pytest.fixture
async def fake_discord(request: pytest.FixtureRequest) -> AsyncIterator[FakeDiscord]:
    marker = request.node.get_closest_marker("fake_discord")
    kwargs: dict[str, Any] = dict(marker.kwargs) if marker else {}
    async with FakeDiscord(**kwargs) as fake:
        yield fake
        problems = fake.problems()
    if problems:
        pytest.fail("fake Discord saw problems:\n" + "\n".join(problems), pytrace=False)


StartBot = Callable[..., Awaitable[BotProcess]]


@pytest.fixture
async def start_bot(fake_discord: FakeDiscord, tmp_path: Path) -> AsyncIterator[StartBot]:
    bots: list[BotProcess] = []

    async def start(target: str = STANDIN, *args: str, env: dict[str, str] | None = None,
                    expect_commands: bool = True, **kwargs: Any) -> BotProcess:
        bot = BotProcess(fake_discord, target, *args, env=env,
                         log_path=tmp_path / f"bot-{len(bots)}.log",
                         expect_commands=expect_commands, **kwargs)
        bots.append(bot)
        await bot.start()
        await bot.wait_ready()
        return bot

    yield start
    failures = []
    for bot in bots:
        await bot.stop()
    for bot in bots:
        try:
            bot.check(include_fake=False)
        except AssertionError as exc:
            failures.append(str(exc))
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)
