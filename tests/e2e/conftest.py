"""End-to-end tests: the real election bot (``bot.cli:main run``) against the fake Discord.

Fixtures (see fakes/discordapi/README.md and tests/e2e/README.md):

- ``fake_discord``, ``start_bot``: from fakes/discordapi/fixtures.py (one fake per test).
- ``election_bot``: the real bot, started with ``bot.cli:main run`` and ready (READY processed,
  commands registered in the fake's guild), for one test. Skips while bot.cli has no ``run``
  command.
- ``shared_bot``: ONE real bot process and fake for a whole test module, for modules that ask
  many questions (starting a bot costs about half a second; hypothesis asks hundreds). The
  commands are registered globally first (``election-bot sync``, so DMs work as in
  production) and then in the fake's guild (DEV_GUILD_ID). After each test it fails the test
  on what that test caused: a fake problem (contract violation, duplicate acknowledgement...),
  a traceback in the bot's log since the test began, or the bot having exited. A module that
  uses it runs its tests on one event loop: ``pytestmark = pytest.mark.asyncio(
  loop_scope="module")``.
"""

from __future__ import annotations

import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from fakes.discordapi.fixtures import StartBot, fake_discord, register_markers, start_bot
from fakes.discordapi.harness import BotProcess
from fakes.discordapi.server import FakeDiscord
from tests.e2e.helpers import ELECTION_BOT, bot_env, run_cli

__all__ = ["election_bot", "fake_discord", "shared_bot", "start_bot"]


def pytest_configure(config: pytest.Config) -> None:
    register_markers(config)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Everything in this folder starts processes: `-m "not e2e"` leaves it out.
    here = Path(__file__).resolve().parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


def real_bot_missing() -> str | None:
    """Why the real bot cannot run yet, or None."""
    try:
        from bot.cli import build_parser
    except ImportError as exc:
        return f"bot.cli does not import: {exc}"
    parser = build_parser()
    commands = set()
    for action in parser._actions:  # the subcommands of `election-bot`
        commands |= set(getattr(action, "choices", None) or ())
    if "run" not in commands:
        return "bot.cli has no `run` command yet (the Discord client is not merged)"
    return None


@pytest.fixture
async def election_bot(request: pytest.FixtureRequest, fake_discord: FakeDiscord,
                       start_bot: StartBot, tmp_path: Path) -> BotProcess:
    reason = real_bot_missing()
    if reason:
        pytest.skip(reason)
    builtin_db: Path = request.getfixturevalue("builtin_db")  # tests/conftest.py, built once
    return await start_bot(ELECTION_BOT, "run", env=bot_env(fake_discord, tmp_path, builtin_db))


# -- one bot for a whole module ---------------------------------------------------------------


@dataclass
class SharedBot:
    """The fake and the real bot process a module's tests share."""

    fake: FakeDiscord
    process: BotProcess
    log_mark: int = 0  # bot log lines already checked by earlier tests

    def problems(self, *, running: bool = True) -> list[str]:
        """What went wrong since the last call (and forget it: the next test starts clean);
        with RUNNING, the bot having exited is one."""
        out = self.fake.take_problems()
        out += [f"bot log shows an unhandled exception:\n{p}"
                for p in self.process.log_problems(self.log_mark)]
        self.log_mark = len(self.process.lines)
        if running and (self.process.process is None
                        or self.process.process.returncode is not None):
            out.append("the shared bot is no longer running")
        return out


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def _shared_bot_process(request: pytest.FixtureRequest,
                              tmp_path_factory: pytest.TempPathFactory
                              ) -> AsyncIterator[SharedBot]:
    reason = real_bot_missing()
    if reason:
        pytest.skip(reason)
    builtin_db: Path = request.getfixturevalue("builtin_db")
    tmp = tmp_path_factory.mktemp("shared-bot")
    async with FakeDiscord() as fake:
        # As in production: the commands registered globally (so they exist in DMs) ...
        sync = await run_cli(fake, "sync", env=bot_env(fake, tmp, builtin_db, dev_guild=False),
                             log_path=tmp / "sync.log")
        assert sync.returncode == 0, sync.log_tail()
        # ... and the bot run with a development guild, where they are also copied.
        bot = BotProcess(fake, ELECTION_BOT, "run", env=bot_env(fake, tmp, builtin_db),
                         log_path=tmp / "bot.log")
        await bot.start()
        shared = SharedBot(fake, bot)
        try:
            await bot.wait_ready()
            await fake.wait_until(lambda: fake.registered_commands(fake.guild_id), 15,
                                  "the guild registration")
            problems = shared.problems()
            assert not problems, "\n".join(problems)
            yield shared
        finally:
            code = await bot.stop()
        # What the last test left behind (the tests checked their own), and a clean exit.
        problems = shared.problems(running=False)
        if code not in (0, 130, -signal.SIGTERM):
            problems.append(f"the bot exited with {code} after SIGTERM")
        if problems:
            pytest.fail("\n\n".join(problems) + "\n\nbot log tail:\n" + bot.log_tail(),
                        pytrace=False)


@pytest_asyncio.fixture(loop_scope="module")
async def shared_bot(_shared_bot_process: SharedBot) -> AsyncIterator[SharedBot]:
    shared = _shared_bot_process
    between = shared.problems()  # e.g. a view timing out after the previous test ended
    if between:
        pytest.fail("between tests:\n" + "\n\n".join(between), pytrace=False)
    yield shared
    problems = shared.problems()
    if problems:
        pytest.fail("\n\n".join(problems) + "\n\nbot log tail:\n"
                    + shared.process.log_tail(), pytrace=False)
