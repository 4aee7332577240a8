"""`election-bot ask` output: what it prints and writes for a card (issue 13.5, 16.6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import ask as cli_ask
from bot.render.card import Action, Card, Field, SourceLink
from tests.test_cli import _clean_env, run

__all__ = ["_clean_env"]  # its autouse fixture: no developer database or token

def violations(message: dict) -> list[str]:
    """Against Discord's OpenAPI spec as the fake Discord checks every request (integer
    snowflakes allowed, as Discord documents and discord.py sends; the 6,000 total)."""
    from fakes.discordapi.contract import validate_request

    found = validate_request("POST", "/interactions/1/token/callback",
                             {"type": 4, "data": message})
    return [m for v in found for m in v.messages]


EVIL = "Lab\x1b[2J\x1b]0;pwned\x07our\u202e\x9b31m"


@pytest.fixture
def evil_card(monkeypatch: pytest.MonkeyPatch, builtin_db: Path) -> Card:
    monkeypatch.setenv("ELECTION_DB", str(builtin_db))
    card = Card(title=EVIL, description=EVIL, fields=[Field(EVIL, EVIL)], footer=EVIL,
                notices=[EVIL], sources=[SourceLink(EVIL, "https://example.org/")])

    async def ask(*args: object, **kwargs: object) -> Card:
        return card

    monkeypatch.setattr(cli_ask, "ask", ask)
    return card


def test_escape_codes_from_the_data_never_reach_the_terminal(
        evil_card: Card, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "/seats barnet")
    assert code == 0 and "Labour" in out
    assert not any(ch in out for ch in "\x1b\x07\x9b\u202e"), repr(out)


def test_discord_json_is_the_body_the_bot_sends(builtin_db: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ELECTION_DB", str(builtin_db))
    out_file = tmp_path / "seats.json"
    code, out, _ = run(capsys, "ask", "/seats barnet", "--discord-json", str(out_file))
    assert code == 0 and str(out_file) in out
    message = json.loads(out_file.read_text(encoding="utf-8"))
    assert "Barnet" in message["embeds"][0]["author"]["name"]
    assert message["attachments"] == [{"id": 0, "filename": "chart.png"}]
    assert message["embeds"][0]["image"]["url"] == "attachment://chart.png"
    assert message["allowed_mentions"] == {"parse": []}
    assert violations(message) == []


def test_discord_json_carries_the_buttons(evil_card: Card, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    evil_card.actions = [Action("By-elections", "/byelections barnet"),
                         Action("Wikipedia", url="https://en.wikipedia.org/wiki/Barnet")]
    out_file = tmp_path / "m.json"
    assert run(capsys, "ask", "/seats barnet", "--discord-json", str(out_file))[0] == 0
    message = json.loads(out_file.read_text(encoding="utf-8"))
    buttons = [c for row in message["components"] for c in row["components"]]
    assert [b.get("custom_id") or b.get("url") for b in buttons] == [
        "eb:a:/byelections barnet", "https://en.wikipedia.org/wiki/Barnet",
        "eb:d:/seats council:barnet"]
    assert violations(message) == []
