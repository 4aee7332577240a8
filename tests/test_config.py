"""Settings: a value that cannot be used stops the program, naming the variable and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

import bot.config
from bot.cli import main
from bot.config import ConfigError, load_settings

VARIABLES = ("ELECTION_DB", "STATE_DB", "DISCORD_TOKEN", "DEV_GUILD_ID", "ELECTION_DATA_DIR",
             "LOG_LEVEL", "RELOAD_POLL_SECONDS", "DC_CANDIDATES_URL", "DC_ELECTIONS_URL",
             "POSTCODES_URL", "FETCH_COOLDOWN_MINUTES", "SYNC_INTERVAL",
             "FETCH_ON_MISS")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for var in VARIABLES:
        monkeypatch.setenv(var, "")
    env = tmp_path / ".env"
    env.write_text("")
    return env


def test_defaults(tmp_path: Path) -> None:
    s = load_settings(tmp_path / ".env")
    assert s.log_level == "INFO" and s.reload_poll_seconds == 5.0 and s.dev_guild_id is None
    assert s.election_db == bot.config.DEFAULT_ELECTION_DB and s.election_db_is_default
    assert (s.data_dir / "barnet.json").is_file()


def test_reload_poll_seconds(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for text, expected in (("", 5.0), ("2.5", 2.5), ("0", 0.0)):
        monkeypatch.setenv("RELOAD_POLL_SECONDS", text)
        assert load_settings(tmp_path / ".env").reload_poll_seconds == expected, text


def test_fetch_minutes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    s = load_settings(tmp_path / ".env")
    assert (s.fetch_cooldown_minutes, s.sync_interval_minutes) == (30, 0) and s.fetch_on_miss
    monkeypatch.setenv("FETCH_COOLDOWN_MINUTES", "0")
    monkeypatch.setenv("SYNC_INTERVAL", "60")
    s = load_settings(tmp_path / ".env")
    assert (s.fetch_cooldown_minutes, s.sync_interval_minutes) == (0, 60)


@pytest.mark.parametrize(("variable", "value"), [
    ("RELOAD_POLL_SECONDS", "soon"), ("RELOAD_POLL_SECONDS", "-1"),
    ("RELOAD_POLL_SECONDS", "nan"), ("RELOAD_POLL_SECONDS", "inf"),
    ("LOG_LEVEL", "LOUD"), ("LOG_LEVEL", "verbose"),
    ("DEV_GUILD_ID", "abc"), ("DEV_GUILD_ID", "-5"),
    ("ELECTION_DATA_DIR", "/no/such/dir"),
    ("POSTCODES_URL", "ftp://api.postcodes.io"), ("DC_CANDIDATES_URL", "candidates.example"),
    ("DC_ELECTIONS_URL", "https://"),
    ("FETCH_COOLDOWN_MINUTES", "-5"), ("FETCH_COOLDOWN_MINUTES", "half an hour"),
    ("SYNC_INTERVAL", "1.5"), ("SYNC_INTERVAL", "9999999"), ("FETCH_ON_MISS", "maybe"),
])
def test_a_bad_value_names_the_variable_and_the_value(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, variable: str, value: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as exc:
        load_settings(tmp_path / ".env")
    assert exc.value.variable == variable
    assert variable in str(exc.value) and value in str(exc.value)


def test_a_database_path_that_is_a_directory(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    for variable in ("ELECTION_DB", "STATE_DB"):
        monkeypatch.setenv(variable, str(tmp_path))
        with pytest.raises(ConfigError, match=variable):
            load_settings(tmp_path / ".env")
        monkeypatch.setenv(variable, "")


def test_service_urls_lose_a_trailing_slash(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    monkeypatch.setenv("POSTCODES_URL", "http://127.0.0.1:8080/")
    assert load_settings(tmp_path / ".env").postcodes_url == "http://127.0.0.1:8080"


def test_lower_case_log_level_is_fine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LOG_LEVEL", "debug")
    assert load_settings(tmp_path / ".env").log_level == "DEBUG"


@pytest.mark.parametrize("argv", [["ask", "/about"], ["db", "info"], ["run"]])
def test_the_command_exits_2_with_one_line_and_no_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        argv: list[str]) -> None:
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert err.strip() == ("election-bot: LOG_LEVEL='LOUD' cannot be used: one of DEBUG, "
                           "INFO, WARNING, ERROR")
