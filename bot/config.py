"""Settings from the environment (and a .env file beside the project, if present)."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ELECTION_DB = PROJECT_ROOT / "var" / "elections.sqlite3"
DEFAULT_STATE_DB = PROJECT_ROOT / "var" / "state.sqlite3"
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_RELOAD_POLL = 5.0  # seconds between checks that ELECTION_DB was replaced
DEFAULT_DC_CANDIDATES_URL = "https://candidates.democracyclub.org.uk"
DEFAULT_DC_ELECTIONS_URL = "https://elections.democracyclub.org.uk"
DEFAULT_POSTCODES_URL = "https://api.postcodes.io"


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


def _int_or_none(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


def _seconds(text: str | None, default: float) -> float:
    """A non-negative number of seconds; blank or unreadable text gives DEFAULT."""
    try:
        value = float((text or "").strip())
    except ValueError:
        return default
    return value if math.isfinite(value) and value >= 0 else default


def _base_url(text: str | None, default: str) -> str:
    """A service's base URL without its trailing slash; blank gives DEFAULT."""
    return (text or "").strip().rstrip("/") or default


def load_settings(env_file: Path | None = None) -> Settings:
    load_dotenv(env_file or PROJECT_ROOT / ".env", override=False)
    db = os.environ.get("ELECTION_DB", "").strip()
    return Settings(
        election_db=Path(db) if db else DEFAULT_ELECTION_DB,
        state_db=Path(os.environ.get("STATE_DB", "").strip() or DEFAULT_STATE_DB),
        data_dir=Path(os.environ.get("ELECTION_DATA_DIR", "").strip() or DEFAULT_DATA_DIR),
        election_db_is_default=not db,
        dev_guild_id=_int_or_none(os.environ.get("DEV_GUILD_ID")),
        log_level=(os.environ.get("LOG_LEVEL", "").strip() or "INFO").upper(),
        token=os.environ.get("DISCORD_TOKEN", "").strip() or None,
        reload_poll_seconds=_seconds(os.environ.get("RELOAD_POLL_SECONDS"),
                                     DEFAULT_RELOAD_POLL),
        dc_candidates_url=_base_url(os.environ.get("DC_CANDIDATES_URL"),
                                    DEFAULT_DC_CANDIDATES_URL),
        dc_elections_url=_base_url(os.environ.get("DC_ELECTIONS_URL"), DEFAULT_DC_ELECTIONS_URL),
        dc_api_token=os.environ.get("DC_API_TOKEN", "").strip() or None,
        postcodes_url=_base_url(os.environ.get("POSTCODES_URL"), DEFAULT_POSTCODES_URL),
        http_contact=os.environ.get("HTTP_CONTACT", "").strip() or None,
    )
