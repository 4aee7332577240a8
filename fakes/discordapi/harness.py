"""Run a bot process against an in-process FakeDiscord, for end-to-end tests.

    async with FakeDiscord() as fake:
        async with BotProcess(fake, "bot.cli:main", "run", env={...}) as bot:
            answer = await fake.interact(fake.slash("seats", council="barnet"))

``BotProcess`` spawns ``python -m fakes.discordapi.launcher --base <fake> -- TARGET ARGS`` with
DISCORD_TOKEN set to the fake's token, collects the process's stderr (discord.py logs there),
waits for IDENTIFY, READY/GUILD_CREATE and command registration (not for on_ready, which waits
``guild_ready_timeout``), and on exit sends SIGTERM (then SIGKILL), then fails if the log shows
an unhandled exception or the fake saw a problem (contract violation, unknown route, ...).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from .server import FakeDiscord, FakeDiscordError

REPO = Path(__file__).resolve().parents[2]
STANDIN = "fakes.discordapi.standin_bot:main"

ANSI = re.compile(r"\x1b\[[0-9;]*m")

# Lines that mean the bot hit an exception nobody handled.
FORBIDDEN_LOG = (
    "Traceback (most recent call last)",
    "Ignoring exception",
    "Task exception was never retrieved",
    "Unclosed client session",
    "Unclosed connector",
)

# Variables of the developer's environment that must not reach a bot under test.
SCRUBBED_ENV = ("DISCORD_TOKEN", "DEV_GUILD_ID", "ELECTION_DB", "STATE_DB", "LOG_LEVEL")


class BotProcess:
    """A bot process pointed at FAKE. Use ``async with`` or start()/wait_ready()/stop()."""

    def __init__(self, fake: FakeDiscord, target: str = STANDIN, *args: str,
                 env: Mapping[str, str] | None = None, cwd: Path = REPO,
                 log_path: Path | None = None, expect_commands: bool = True,
                 ready_timeout: float = 30.0, forbidden_log: Sequence[str] = FORBIDDEN_LOG,
                 allowed_log: Sequence[str] = ()) -> None:
        self.fake = fake
        self.target = target
        self.args = list(args)
        self.extra_env = dict(env or {})
        self.cwd = cwd
        self.log_path = log_path
        self.expect_commands = expect_commands
        self.ready_timeout = ready_timeout
        self.forbidden_log = tuple(forbidden_log)
        self.allowed_log = [re.compile(p) for p in allowed_log]
        self.process: asyncio.subprocess.Process | None = None
        self.lines: list[str] = []
        self.returncode: int | None = None
        self.stopped_by_us = False
        self._reader: asyncio.Task[None] | None = None
        self._line_event = asyncio.Event()

    # -- lifecycle ------------------------------------------------------------------------

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
        pythonpath = os.pathsep.join(p for p in (str(self.cwd), env.get("PYTHONPATH")) if p)
        env.update({
            "DISCORD_TOKEN": self.fake.token,
            "PYTHONPATH": pythonpath,
            "PYTHONUNBUFFERED": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONFAULTHANDLER": "1",  # a hung bot dumps its stacks on SIGABRT (see stop)
            # empty, not absent: python-dotenv (override=False) then leaves a developer's
            # .env out of the test for these
            "DEV_GUILD_ID": "",
            "ELECTION_DB": "",
            "STATE_DB": "",
        })
        env.update(self.extra_env)
        return env

    async def start(self) -> BotProcess:
        if self.fake.port is None:
            raise FakeDiscordError("start the FakeDiscord before the bot")
        cmd = [sys.executable, "-m", "fakes.discordapi.launcher", "--base", self.fake.base_url,
               "--", self.target, *self.args]
        self.started_at = time.monotonic()
        self.process = await asyncio.create_subprocess_exec(
            *cmd, cwd=str(self.cwd), env=self.env(), stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
            start_new_session=True)
        self._reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        sink = self.log_path.open("w", encoding="utf-8") if self.log_path else None
        try:
            while True:
                raw = await self.process.stdout.readline()
                if not raw:
                    break
                line = ANSI.sub("", raw.decode(errors="replace").rstrip("\n"))
                self.lines.append(line)
                if sink is not None:
                    sink.write(line + "\n")
                    sink.flush()
                self._line_event.set()
        finally:
            if sink is not None:
                sink.close()

    async def wait_ready(self, timeout: float | None = None) -> None:
        """Wait for IDENTIFY, READY + GUILD_CREATE on the wire and (unless expect_commands is
        False) command registration. Fails early, with the log, if the process dies."""
        timeout = self.ready_timeout if timeout is None else timeout
        steps = [self.fake.wait_for_identify(timeout), self.fake.wait_for_ready_sent(timeout)]
        if self.fake.probe_ready:
            steps.append(self.fake.wait_for_ready_processed(timeout))
        if self.expect_commands:
            steps.append(self.fake.wait_for_commands(timeout=timeout))
        for step in steps:
            await self._race_exit(step)

    async def _race_exit(self, coro: object) -> object:
        assert self.process is not None
        task = asyncio.ensure_future(coro)  # type: ignore[arg-type]
        died = asyncio.ensure_future(self.process.wait())
        try:
            done, _ = await asyncio.wait({task, died}, return_when=asyncio.FIRST_COMPLETED)
            if task in done:
                return task.result()
            task.cancel()
            await self._drain()
            raise FakeDiscordError(
                f"the bot exited with {self.process.returncode} before it was ready:\n"
                + self.log_tail())
        except TimeoutError as exc:
            raise FakeDiscordError(f"{exc}\nbot log:\n{self.log_tail()}") from None
        finally:
            died.cancel()

    async def _drain(self) -> None:
        if self._reader is not None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._reader), 5)

    async def stop(self, timeout: float = 10.0) -> int:
        """SIGTERM (which the launcher turns into a Ctrl-C, so discord.py closes cleanly); a
        second SIGTERM after TIMEOUT/3 (Python 3.11's asyncio.wait_for can swallow the first
        cancellation when it lands just as a gateway connect completes; the second Ctrl-C then
        raises KeyboardInterrupt); SIGABRT (stack dump) and SIGKILL after TIMEOUT. Returns the
        exit code."""
        proc = self.process
        if proc is None:
            return 0
        if proc.returncode is None:
            self.stopped_by_us = True
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
            try:
                try:
                    await asyncio.wait_for(asyncio.shield(proc.wait()), timeout / 3)
                except TimeoutError:
                    self.lines.append("harness: still running after SIGTERM; SIGTERM again")
                    with contextlib.suppress(ProcessLookupError):
                        proc.send_signal(signal.SIGTERM)
                    await asyncio.wait_for(proc.wait(), timeout * 2 / 3)
            except TimeoutError:
                self.lines.append(f"harness: the bot ignored SIGTERM for {timeout}s; its stacks:")
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(signal.SIGABRT)  # faulthandler prints every thread's stack
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(proc.wait(), 2)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                await proc.wait()
        await self._drain()
        self.returncode = proc.returncode
        return proc.returncode

    async def __aenter__(self) -> BotProcess:
        await self.start()
        try:
            await self.wait_ready()
        except BaseException:
            await self.stop()
            raise
        return self

    async def __aexit__(self, exc_type: object, exc: object, tb: object) -> None:
        await self.stop()
        if exc_type is None:
            self.check()

    # -- the log --------------------------------------------------------------------------

    @property
    def log(self) -> str:
        return "\n".join(self.lines)

    def log_tail(self, n: int = 60) -> str:
        return "\n".join(self.lines[-n:])

    def log_problems(self, start: int = 0) -> list[str]:
        """Lines showing an unhandled exception (minus those matching ``allowed_log``), from
        line START on (a bot shared by several tests: each checks the lines of its own)."""
        out = []
        for i, line in enumerate(self.lines[start:], start):
            if any(bad in line for bad in self.forbidden_log) and not any(
                    p.search(line) for p in self.allowed_log):
                out.append("\n".join(self.lines[max(0, i - 2): i + 25]))
        return out

    def check(self, include_fake: bool = True) -> None:
        """Fail if the bot crashed, logged an unhandled exception, or (with INCLUDE_FAKE) the
        fake saw a problem."""
        problems = []
        if self.returncode is not None and not self.stopped_by_us:
            problems.append(f"the bot exited by itself with code {self.returncode}")
        elif self.returncode not in (None, 0, 130, -signal.SIGTERM):
            problems.append(f"the bot exited with code {self.returncode} after SIGTERM")
        problems += [f"bot log shows an unhandled exception:\n{p}" for p in self.log_problems()]
        if include_fake:
            problems += self.fake.problems()
        if problems:
            raise FakeDiscordError("\n\n".join(problems) + f"\n\nbot log tail:\n{self.log_tail()}")

    async def wait_for_log(self, pattern: str, timeout: float = 10.0) -> str:
        """Wait for a log line matching the regex PATTERN; returns the line."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for line in self.lines[seen:]:
                if regex.search(line):
                    return line
            seen = len(self.lines)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no log line matching {pattern!r} within {timeout}s:\n"
                                   + self.log_tail())
            self._line_event.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._line_event.wait(), remaining)


def assert_no_mentions(fake: FakeDiscord) -> None:
    """Every message body the bot sent has allowed_mentions and it allows no pings."""
    bodies = fake.message_bodies()
    if not bodies:
        raise AssertionError("the bot sent no message bodies")
    for request, body in bodies:
        am = body.get("allowed_mentions")
        where = f"{request.route} ({request.operation_id})"
        if not isinstance(am, dict):
            raise AssertionError(f"{where}: no allowed_mentions in {body!r}")
        if am.get("parse") != [] or am.get("users") or am.get("roles") or am.get("replied_user"):
            raise AssertionError(f"{where}: allowed_mentions {am!r} lets something ping")
