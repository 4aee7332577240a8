"""Small helpers for the e2e tests: the bot's environment, running the CLI against the fake,
finding components by what the user sees, and interactions Discord delivers only when a
server changed a command's permissions."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fakes.discordapi import payloads
from fakes.discordapi.harness import BotProcess
from fakes.discordapi.records import Answer, walk_components
from fakes.discordapi.server import FakeDiscord

ELECTION_BOT = "bot.cli:main"
BUTTON, STRING_SELECT = payloads.BUTTON, payloads.STRING_SELECT


def bot_env(fake: FakeDiscord, tmp: Path, election_db: Path, *, dev_guild: bool = True,
            **extra: str) -> dict[str, str]:
    """The bot's environment: ELECTION_DB, a fresh STATE_DB under TMP, DEV_GUILD_ID = the
    fake's guild (unless DEV_GUILD=False), plus EXTRA (e.g. RELOAD_POLL_SECONDS="0.2")."""
    env = {
        "ELECTION_DB": str(election_db),
        "STATE_DB": str(tmp / "state.sqlite3"),
        "DEV_GUILD_ID": fake.guild_id if dev_guild else "",
        "LOG_LEVEL": "INFO",
        "POSTCODES_URL": "http://127.0.0.1:9",  # nothing listens: never the real postcodes.io
    }
    env.update(extra)
    return env


async def run_cli(fake: FakeDiscord, *args: str, env: Mapping[str, str],
                  log_path: Path | None = None, timeout: float = 30.0) -> BotProcess:
    """Run `election-bot ARGS` through the launcher (so it talks to FAKE) until it exits by
    itself; returns the finished BotProcess (returncode, lines). Fails after TIMEOUT."""
    proc = BotProcess(fake, ELECTION_BOT, *args, env=env, log_path=log_path)
    await proc.start()
    assert proc.process is not None
    try:
        await asyncio.wait_for(proc.process.wait(), timeout)
    except TimeoutError:
        await proc.stop()
        raise AssertionError(f"`election-bot {' '.join(args)}` still running after {timeout}s:"
                             f"\n{proc.log_tail()}") from None
    await proc.stop()  # only drains the log: the process has exited
    return proc


def component(answer: Answer | Mapping[str, Any], *, label: str | None = None,
              type: int | None = None) -> dict[str, Any]:
    """The one component of the answer's message whose label starts with LABEL (a button
    as the user reads it) and/or of TYPE. Uses the message as it is now."""
    message = answer.current_message if isinstance(answer, Answer) else answer
    assert message is not None, "no message"
    found = [c for c in walk_components(message.get("components") or [])
             if c.get("custom_id")
             and (label is None or str(c.get("label", "")).startswith(label))
             and (type is None or c.get("type") == type)]
    assert len(found) == 1, f"components matching label={label!r} type={type!r}: {found}"
    return found[0]


def select_value(answer: Answer | Mapping[str, Any], option_label: str) -> tuple[str, str]:
    """(custom_id, value) of the select menu option whose label starts with OPTION_LABEL."""
    menu = component(answer, type=STRING_SELECT)
    values = [o["value"] for o in menu["options"] if o["label"].startswith(option_label)]
    assert len(values) == 1, f"options: {[o['label'] for o in menu['options']]}"
    return menu["custom_id"], values[0]


def member(user_id: str, name: str, permissions: int = payloads.EVERYONE_PERMISSIONS
           ) -> dict[str, Any]:
    """Another member of the fake's guild (with PERMISSIONS in the channel)."""
    return payloads.member(payloads.user(user_id, name), permissions=permissions)


def delivered_anyway(fake: FakeDiscord, command: str, *, member_data: Mapping[str, Any],
                     focused: str | None = None, **values: Any) -> dict[str, Any]:
    """An interaction for COMMAND ("settings council") from MEMBER_DATA although the command's
    default_member_permissions exclude them: what Discord delivers when a server overrides the
    command's permissions in its Integrations settings. ``fake.slash`` refuses to build it, so
    it is built from the registration with the payload builders. With FOCUSED, an
    autocomplete request for that option."""
    name, *path = command.split()
    cmd = fake.command(name)
    options = [payloads.option(k, v, focused=k == focused) for k, v in values.items()]
    for sub in reversed(path):
        options = [payloads.subcommand(sub, *options)]
    build = payloads.slash_command if focused is None else payloads.autocomplete
    return build(name, options, command_id=cmd["id"], command_guild_id=cmd.get("guild_id"),
                 guild_id=fake.guild_id, member_data=member_data)


def embed_text(answer: Answer) -> str:
    """Everything the embeds of the answer say, as one string."""
    parts: list[str] = []
    for e in answer.embeds:
        parts += [e.get("title", ""), e.get("description", ""),
                  (e.get("footer") or {}).get("text", ""),
                  (e.get("author") or {}).get("name", "")]
        for f in e.get("fields") or []:
            parts += [f["name"], f["value"]]
    return "\n".join(p for p in parts if p)
