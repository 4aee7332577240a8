"""ElectionBot's life: start, cogs, the error handler, live reload, stop; run and sync."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from unittest.mock import AsyncMock

import discord
import pytest
from discord.ext import commands

from bot import cli
from bot.cli import ask as cli_ask
from bot.discord import app
from bot.discord.app import BAD_TOKEN, RedactToken, register, serve
from bot.discord.client import ElectionBot, cog_names
from bot.discord.reply import Options, Question, answer
from bot.discord.tree import ErrorTree
from bot.render.card import Card
from bot.store.reader import StoreError
from tests.discord_mocks import make_interaction, running_bot, sent, settings_for

TOKEN = "MTIzNDU2Nzg5.secret-token-value.never-log-me"


@pytest.fixture
def db_copy(builtin_db: Path, tmp_path: Path) -> Path:
    """A private copy of the built-in database, free to be replaced."""
    path = tmp_path / "elections.sqlite3"
    shutil.copy(builtin_db, path)
    return path


def records_text(caplog: pytest.LogCaptureFixture) -> str:
    out = []
    for r in caplog.records:
        out.append(r.getMessage())
        if r.exc_info:
            out.append(logging.Formatter().formatException(r.exc_info))
    return "\n".join(out)


# -- start and stop ---------------------------------------------------------------------


async def test_setup_loads_every_cog_and_one_error_handler(db_copy: Path, tmp_path: Path) -> None:
    async with running_bot(settings_for(db_copy, tmp_path)) as bot:
        assert bot.failed_cogs == []
        assert sorted(bot.extensions) == cog_names()
        assert type(bot.tree) is ErrorTree  # the one error handler, as tree_cls
        assert bot.intents.value == discord.Intents.default().value
        assert not (bot.intents.members or bot.intents.presences or bot.intents.message_content)
        assert bot.allowed_mentions is not None
        assert bot.allowed_mentions.to_dict() == discord.AllowedMentions.none().to_dict()
        assert bot.answers is not None and bot.state is not None


async def test_a_broken_cog_does_not_stop_the_others(
        db_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    real = ElectionBot.load_extension

    async def flaky(self: ElectionBot, name: str, *, package: str | None = None) -> None:
        if name == "cogs.quotes":
            raise commands.ExtensionFailed(name, RuntimeError("broken on purpose"))
        await real(self, name, package=package)

    monkeypatch.setattr(ElectionBot, "load_extension", flaky)
    async with running_bot(settings_for(db_copy, tmp_path)) as bot:
        assert bot.failed_cogs == ["cogs.quotes"]
        assert bot.tree.get_command("quote") is None
        assert bot.tree.get_command("seats") is not None
    assert "could not load cogs.quotes" in caplog.text


async def test_close_closes_both_databases(db_copy: Path, tmp_path: Path) -> None:
    async with running_bot(settings_for(db_copy, tmp_path)) as bot:
        store, state = bot.answers.store, bot.state
    assert bot.answers is None and bot.state is None
    with pytest.raises(ValueError):
        await store.councils()
    with pytest.raises(ValueError):
        await state.set_default_council(1, "barnet", 1)


async def test_a_close_started_elsewhere_finishes_before_async_with_exits(
        db_copy: Path, tmp_path: Path) -> None:
    # The SIGTERM handler starts bot.close() as a task; serve()'s `async with` must then wait
    # for all of it. discord.py's __aexit__ waits only for its own part, so the databases
    # were left open, and their aiosqlite threads kept the process from ever exiting.
    async with running_bot(settings_for(db_copy, tmp_path)) as bot:
        state = bot.state
        closing = asyncio.get_running_loop().create_task(bot.close())
        while bot._closing_task is None:  # discord.py's own close has begun
            await asyncio.sleep(0)
    assert bot.answers is None and bot.state is None
    with pytest.raises(ValueError):
        await state.set_default_council(1, "barnet", 1)
    await closing


# -- live reload ------------------------------------------------------------------------------


async def replace_database(target: Path, source: Path) -> None:
    """As an import does: a new file beside the old, renamed over it."""
    new = target.with_suffix(".new")
    shutil.copy(source, new)
    os.replace(new, target)


async def test_reload_after_the_file_is_replaced(db_copy: Path, mini_db: Path,
                                                 tmp_path: Path) -> None:
    settings = settings_for(db_copy, tmp_path)
    async with ElectionBot(settings, reload_grace=0.2) as bot:
        await bot.setup_hook()
        old = bot.answers
        started, go = asyncio.Event(), asyncio.Event()

        async def slow(a: object, o: Options, d: str | None) -> Card:
            started.set()
            await go.wait()
            return await a.about()  # type: ignore[attr-defined]

        inter = make_interaction(bot)
        in_flight = asyncio.create_task(answer(inter, Question("about", {}, slow)))
        await started.wait()

        await replace_database(db_copy, mini_db)
        before, after = await bot.reload_data()
        assert before == old.data_version and after != before
        assert bot.answers is not old

        go.set()
        await in_flight  # finished on the old data, whose store is still open
        assert "Barnet" in sent(inter)["embed"].fields[0].value

        await asyncio.sleep(0.3)  # the grace period is over: the old store is closed
        with pytest.raises(ValueError):
            await old.store.councils()
        assert (await bot.answers.about()).fields  # the new one works


async def test_a_failed_reload_keeps_the_old_data(db_copy: Path, tmp_path: Path) -> None:
    async with running_bot(settings_for(db_copy, tmp_path)) as bot:
        old = bot.answers
        corrupt = tmp_path / "corrupt.sqlite3"
        corrupt.write_bytes(b"not a database" * 1000)
        os.replace(corrupt, db_copy)  # as an import swaps files: the old inode lives on
        with pytest.raises(StoreError):
            await bot.reload_data()
        assert bot.answers is old
        assert "Barnet" in (await old.seats("barnet")).author


async def test_sighup_reloads(db_copy: Path, tmp_path: Path) -> None:
    async with running_bot(settings_for(db_copy, tmp_path)) as bot:
        old = bot.answers
        app._handle_signals(bot)
        os.kill(os.getpid(), signal.SIGHUP)
        for _ in range(200):
            if bot.answers is not old:
                break
            await asyncio.sleep(0.01)
        assert bot.answers is not old


async def wait_for(predicate: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.01)


async def test_the_watcher_reloads_a_replaced_file(db_copy: Path, mini_db: Path,
                                                   tmp_path: Path) -> None:
    async with running_bot(settings_for(db_copy, tmp_path)) as bot:
        old = bot.answers
        watcher = bot.watch_data(0.02)
        assert watcher is not None and bot.watch_data(0.02) is watcher  # one watcher
        await asyncio.sleep(0.1)
        assert bot.answers is old  # an unchanged file is left alone
        await replace_database(db_copy, mini_db)
        await wait_for(lambda: bot.answers is not old)
        assert (await bot.answers.council_named("testshire")).id == "testshire"
    assert watcher.cancelled()  # close stops it


async def test_the_watcher_keeps_the_old_data_when_the_new_file_is_broken(
        db_copy: Path, mini_db: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async with running_bot(settings_for(db_copy, tmp_path)) as bot:
        old = bot.answers
        bot.watch_data(0.02)
        corrupt = tmp_path / "corrupt.sqlite3"
        corrupt.write_bytes(b"not a database" * 1000)
        os.replace(corrupt, db_copy)
        await wait_for(lambda: "still serving the old data" in caplog.text)
        await asyncio.sleep(0.2)  # ten more polls of the same broken file
        assert caplog.text.count("still serving the old data") == 1  # logged once
        assert str(db_copy) in caplog.text
        assert bot.answers is old
        assert "Barnet" in (await old.seats("barnet")).author

        await replace_database(db_copy, mini_db)  # a good file next: taken at once
        await wait_for(lambda: bot.answers is not old)


async def test_the_watcher_keeps_serving_when_the_file_goes(
        db_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async with running_bot(settings_for(db_copy, tmp_path)) as bot:
        old = bot.answers
        bot.watch_data(0.02)
        db_copy.unlink()
        await wait_for(lambda: "has gone" in caplog.text)
        await asyncio.sleep(0.1)
        assert caplog.text.count("has gone") == 1
        assert bot.answers is old
        assert "Barnet" in (await old.seats("barnet")).author


async def test_the_watcher_is_off_at_zero(db_copy: Path, tmp_path: Path) -> None:
    async with running_bot(settings_for(db_copy, tmp_path, reload_poll_seconds=0)) as bot:
        assert bot.watch_data() is None


async def test_run_watches_the_database(db_copy: Path, mini_db: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    reloaded: list[bool] = []

    async def connect(self: ElectionBot) -> None:  # the bot is "connected": replace the file
        old = self.answers
        await replace_database(db_copy, mini_db)
        await wait_for(lambda: self.answers is not old)
        reloaded.append(True)

    monkeypatch.setattr(ElectionBot, "login", AsyncMock())
    monkeypatch.setattr(ElectionBot, "connect", connect)
    settings = settings_for(db_copy, tmp_path, token=TOKEN, reload_poll_seconds=0.02)
    assert await serve(settings) == 0
    assert reloaded == [True]


# -- sync ------------------------------------------------------------------------------------


async def test_sync_commands(db_copy: Path, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    async with running_bot(settings_for(db_copy, tmp_path)) as bot:
        fake_sync = AsyncMock(return_value=[])
        monkeypatch.setattr(bot.tree, "sync", fake_sync)
        guild = discord.Object(5)
        await bot.sync_commands()
        fake_sync.assert_awaited_with()
        await bot.sync_commands(guild)
        fake_sync.assert_awaited_with(guild=guild)
        assert {c.name for c in bot.tree.get_commands(guild=guild)} >= {"seats", "ward"}
        await bot.sync_commands(guild, clear=True)
        assert bot.tree.get_commands(guild=guild) == []


async def test_register_logs_in_syncs_and_closes(
        tmp_path: Path, builtin_db: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    async def login(self: ElectionBot, token: str) -> None:
        await self.setup_hook()

    monkeypatch.setattr(ElectionBot, "login", login)
    monkeypatch.setattr(ElectionBot, "sync_commands", AsyncMock(return_value=["seats", "ward"]))
    code = await register(settings_for(builtin_db, tmp_path, token=TOKEN), 123)
    assert code == 0
    ElectionBot.sync_commands.assert_awaited_once()  # type: ignore[attr-defined]
    assert ElectionBot.sync_commands.await_args.args[0].id == 123  # type: ignore[attr-defined]
    assert "Registered 2 commands in server 123" in capsys.readouterr().out


# -- run ------------------------------------------------------------------------------------


def test_run_without_a_token_explains_and_exits_2(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.setattr(cli, "load_settings", lambda: settings_for(Path("x"), Path("y")))
    assert cli.main(["run"]) == 2
    assert cli.main(["sync", "--guild", "1"]) == 2
    err = capsys.readouterr().err
    assert "discord.com/developers/applications" in err and "election-bot ask" in err
    assert "Traceback" not in err


async def test_a_missing_database_fails_fast_naming_it(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    missing = tmp_path / "nowhere.sqlite3"
    code = await asyncio.wait_for(serve(settings_for(missing, tmp_path, token=TOKEN)), 30)
    assert code == 1
    assert str(missing) in caplog.text and "election-bot db build" in caplog.text


async def test_a_corrupt_database_fails_fast_naming_it(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    corrupt = tmp_path / "corrupt.sqlite3"
    corrupt.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    code = await asyncio.wait_for(serve(settings_for(corrupt, tmp_path, token=TOKEN)), 30)
    assert code == 1
    assert str(corrupt) in caplog.text and "rebuild it" in caplog.text


async def test_the_token_never_reaches_the_log(
        builtin_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    async def refused(self: ElectionBot, token: str) -> None:
        assert token == TOKEN
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setattr(ElectionBot, "login", refused)
    with caplog.at_level(logging.DEBUG):
        code = await serve(settings_for(builtin_db, tmp_path, token=TOKEN))
    assert code == 1
    assert BAD_TOKEN in caplog.text
    assert TOKEN not in records_text(caplog)


async def test_start_syncs_only_the_dev_guild(builtin_db: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ElectionBot, "login", AsyncMock())
    monkeypatch.setattr(ElectionBot, "connect", AsyncMock())
    sync = AsyncMock(return_value=[])
    monkeypatch.setattr(ElectionBot, "sync_commands", sync)
    assert await serve(settings_for(builtin_db, tmp_path, token=TOKEN)) == 0
    sync.assert_not_awaited()  # a normal start never registers commands
    assert await serve(settings_for(builtin_db, tmp_path, token=TOKEN, dev_guild_id=77)) == 0
    (guild,) = sync.await_args.args
    assert guild.id == 77


def test_redact_token_filter() -> None:
    redact = RedactToken(TOKEN)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token is %s", (TOKEN,), None)
    assert redact.filter(record) is True
    assert TOKEN not in record.getMessage() and "[token]" in record.getMessage()
    try:
        raise RuntimeError(f"bad {TOKEN}")
    except RuntimeError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "oops", (), sys.exc_info())
    redact.filter(record)
    assert record.exc_text is not None and TOKEN not in record.exc_text


# -- the demo --------------------------------------------------------------------------------


def test_demo_starts_the_bot_only_with_a_token(
        builtin_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    started: list[object] = []
    monkeypatch.setattr(cli_ask, "cmd_run", lambda args, settings: started.append(settings) or 0)
    monkeypatch.setattr(cli_ask, "SEED_QUESTIONS", ("/about",))
    monkeypatch.setattr(cli, "load_settings", lambda: settings_for(builtin_db, tmp_path))
    assert cli.main(["demo"]) == 0
    assert started == [] and "Set DISCORD_TOKEN" in capsys.readouterr().out
    monkeypatch.setattr(cli, "load_settings",
                        lambda: settings_for(builtin_db, tmp_path, token=TOKEN))
    assert cli.main(["demo"]) == 0
    assert len(started) == 1
