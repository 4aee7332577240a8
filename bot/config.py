"""Settings from the environment (and a .env file), checked once at start-up.

A value that cannot be used stops the program with a ConfigError naming the variable, the
value and what would be accepted: a typo in LOG_LEVEL must not quietly become INFO.

Where files go: the built-in data is package data (`bot.builtin_data`, the repository's
data/ folder), read with importlib.resources so an installed copy finds it. Databases go
to var/ in a source checkout (as developers expect) and otherwise to the per-user data
directory; never into site-packages.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import platformdirs
from dotenv import load_dotenv

APP_NAME = "election-bot"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = Path(str(files("bot.builtin_data")))
# A source checkout: the data is the checkout's own data/ folder (an editable install).
IN_CHECKOUT = (DEFAULT_DATA_DIR == PROJECT_ROOT / "data"
               and (PROJECT_ROOT / "pyproject.toml").exists())
VAR_DIR = PROJECT_ROOT / "var" if IN_CHECKOUT else Path(platformdirs.user_data_dir(APP_NAME))
DEFAULT_ELECTION_DB = VAR_DIR / "elections.sqlite3"
DEFAULT_STATE_DB = VAR_DIR / "state.sqlite3"
DEFAULT_RELOAD_POLL = 5.0  # seconds between checks that ELECTION_DB was replaced
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
DEFAULT_DC_CANDIDATES_URL = "https://candidates.democracyclub.org.uk"
DEFAULT_DC_ELECTIONS_URL = "https://elections.democracyclub.org.uk"
DEFAULT_POSTCODES_URL = "https://api.postcodes.io"
DEFAULT_FETCH_COOLDOWN = 30  # minutes a council fetched from Democracy Club is not asked again
DEFAULT_SYNC_INTERVAL = 0  # minutes between refreshes of servers' default councils; 0: off


class ConfigError(Exception):
    """A setting that cannot be used; the message names the variable and the fix."""

    def __init__(self, variable: str, value: str, accepted: str) -> None:
        super().__init__(f"{variable}={value!r} cannot be used: {accepted}")
        self.variable = variable


@dataclass(frozen=True)
class Settings:
    election_db: Path
    state_db: Path
    data_dir: Path
    election_db_is_default: bool  # only the default database is built automatically
    dev_guild_id: int | None
    log_level: str
    token: str | None = field(default=None, repr=False)  # never printed, never logged
    # How often `run` checks whether the election database file was replaced (by an
    # import) and reloads it; 0 turns the check off.
    reload_poll_seconds: float = DEFAULT_RELOAD_POLL
    # Open-data services (bot/net/); tests point these at the fakes in fakes/.
    dc_candidates_url: str = DEFAULT_DC_CANDIDATES_URL
    dc_elections_url: str = DEFAULT_DC_ELECTIONS_URL
    dc_api_token: str | None = field(default=None, repr=False)  # lifts the 10/min throttle
    postcodes_url: str = DEFAULT_POSTCODES_URL
    http_contact: str | None = None  # the URL or address our User-Agent names
    # Fetch on a miss (bot/fetching.py): a council fetched this many minutes ago is not
    # fetched again; SYNC_INTERVAL refreshes servers' default councils (0 = off).
    fetch_on_miss: bool = False  # FETCH_ON_MISS (on unless set to off); off in a bare Settings
    fetch_cooldown_minutes: int = DEFAULT_FETCH_COOLDOWN
    sync_interval_minutes: int = DEFAULT_SYNC_INTERVAL


def _env(name: str) -> str:
    return os.environ.get(name, "").strip()


def _guild_id(name: str) -> int | None:
    text = _env(name)
    if not text:
        return None
    if not text.isdigit() or not 0 < int(text) < 2**64:
        raise ConfigError(name, text, "a server id is a number (Discord: right-click the "
                          "server with Developer Mode on, Copy Server ID); or leave it empty")
    return int(text)


def _seconds(name: str, default: float) -> float:
    text = _env(name)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise ConfigError(name, text, "a number of seconds, 0 or more (0 turns it off)")
    return value


def _minutes(name: str, default: int) -> int:
    text = _env(name)
    if not text:
        return default
    if not text.isdigit() or int(text) > 100_000:
        raise ConfigError(name, text, "a whole number of minutes, 0 or more (0 turns it off)")
    return int(text)


def _switch(name: str, default: bool) -> bool:
    text = _env(name).casefold()
    if not text:
        return default
    if text not in ("on", "off", "1", "0", "true", "false", "yes", "no"):
        raise ConfigError(name, text, "on or off")
    return text in ("on", "1", "true", "yes")


def _log_level(name: str) -> str:
    text = _env(name) or "INFO"
    if text.upper() not in LOG_LEVELS:
        raise ConfigError(name, text, "one of " + ", ".join(LOG_LEVELS))
    return text.upper()


def _path(name: str, default: Path, *, directory: bool = False) -> Path:
    text = _env(name)
    if "\x00" in text:
        raise ConfigError(name, text, "a file path without NUL characters")
    path = Path(text).expanduser() if text else default
    if directory and not path.is_dir():
        raise ConfigError(name, text or str(path), "a directory that exists")
    if not directory and path.is_dir():
        raise ConfigError(name, text, "a database file's path, not a directory's")
    return path


def _base_url(name: str, default: str) -> str:
    """A service's base URL without its trailing slash; blank gives DEFAULT."""
    text = _env(name).rstrip("/")
    if not text:
        return default
    scheme, _, rest = text.partition("://")
    if scheme not in ("http", "https") or not rest or any(c.isspace() for c in text):
        raise ConfigError(name, text, "an http:// or https:// address, e.g. " + default)
    return text


def load_settings(env_file: Path | None = None) -> Settings:
    """The settings; raises ConfigError for any value that cannot be used."""
    default_env = PROJECT_ROOT / ".env" if IN_CHECKOUT else Path.cwd() / ".env"
    load_dotenv(env_file or default_env, override=False)
    return Settings(
        election_db=_path("ELECTION_DB", DEFAULT_ELECTION_DB),
        state_db=_path("STATE_DB", DEFAULT_STATE_DB),
        data_dir=_path("ELECTION_DATA_DIR", DEFAULT_DATA_DIR, directory=True),
        election_db_is_default=not _env("ELECTION_DB"),
        dev_guild_id=_guild_id("DEV_GUILD_ID"),
        log_level=_log_level("LOG_LEVEL"),
        token=_env("DISCORD_TOKEN") or None,
        reload_poll_seconds=_seconds("RELOAD_POLL_SECONDS", DEFAULT_RELOAD_POLL),
        dc_candidates_url=_base_url("DC_CANDIDATES_URL", DEFAULT_DC_CANDIDATES_URL),
        dc_elections_url=_base_url("DC_ELECTIONS_URL", DEFAULT_DC_ELECTIONS_URL),
        dc_api_token=_env("DC_API_TOKEN") or None,
        postcodes_url=_base_url("POSTCODES_URL", DEFAULT_POSTCODES_URL),
        http_contact=_env("HTTP_CONTACT") or None,
        fetch_on_miss=_switch("FETCH_ON_MISS", True),
        fetch_cooldown_minutes=_minutes("FETCH_COOLDOWN_MINUTES", DEFAULT_FETCH_COOLDOWN),
        sync_interval_minutes=_minutes("SYNC_INTERVAL", DEFAULT_SYNC_INTERVAL),
    )
