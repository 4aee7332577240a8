"""A slash command typed as text ("/ward childs hill") -> the same answer the bot gives.

Options can be named as in Discord (`/ward name:childs hill council:barnet`) or
given in order (`/seats barnet 2014`); a trailing year, date or election id is
taken as the election.
"""

from __future__ import annotations

import re

from bot.answers import Answers
from bot.render.card import Card

# command -> its options, in Discord's order
COMMANDS: dict[str, tuple[str, ...]] = {
    "seats": ("council", "election"),
    "ward": ("name", "council", "election"),
    "councillor": ("name", "council"),
    "quote": ("who", "keyword"),
    "party": ("name", "council"),
    "history": ("council",),
    "byelections": ("council",),
    "about": (),
    "help": (),
}
_ELECTION = re.compile(r"^(\d{4}(-\d{2}-\d{2})?|local\.[\w.-]+)$")
_NAMED = re.compile(r"(?:^|\s)(\w+):")


class UsageError(Exception):
    pass


def usage() -> str:
    lines = ["Ask as you would in Discord, for example:"]
    lines += [f'  election-bot ask "/{name}' + "".join(f" [{o}]" for o in opts) + '"'
              for name, opts in COMMANDS.items()]
    return "\n".join(lines)


def parse(question: str) -> tuple[str, dict[str, str]]:
    """Split into the command and its options (named or positional)."""
    text = question.strip()
    if not text.startswith("/"):
        text = "/" + text
    command, _, rest = text[1:].partition(" ")
    command = command.casefold()
    if command not in COMMANDS:
        raise UsageError(f"unknown command /{command}")
    options = COMMANDS[command]
    rest = rest.strip()
    named = [m for m in _NAMED.finditer(rest) if m.group(1) in options]
    if named:
        out: dict[str, str] = {}
        head = rest[: named[0].start()].strip()
        if head:  # "/ward hendon election:2023" -> leading words are the first option
            out[options[0]] = head
        for i, m in enumerate(named):
            end = named[i + 1].start() if i + 1 < len(named) else len(rest)
            out[m.group(1)] = rest[m.end():end].strip()
        return command, out
    if not rest:
        return command, {}
    if not options:
        raise UsageError(f"/{command} takes no options")
    words = rest.split()
    out = {}
    if "election" in options and len(words) > 1 and _ELECTION.match(words[-1]):
        out["election"] = words.pop()
    out[options[0]] = " ".join(words)
    return command, out


def _split_known(answers: Answers, kinds: tuple[str, ...], words: list[str]) -> int:
    """How many leading words name a known thing of one of `kinds` (longest first)."""
    for n in range(len(words), 0, -1):
        head = " ".join(words[:n])
        if any(answers.index.resolve(k, head).status in ("match", "ambiguous") for k in kinds):
            return n
    return len(words)


async def ask(answers: Answers, question: str, default_council: str | None = None) -> Card:
    command, opts = parse(question)
    if command in ("quote", "party") and len(opts) == 1:
        # "/quote rawlings climate", "/party labour barnet": the longest known name first.
        words = opts[COMMANDS[command][0]].split()
        kinds = ("speaker", "party") if command == "quote" else ("party",)
        n = _split_known(answers, kinds, words)
        opts = {COMMANDS[command][0]: " ".join(words[:n])}
        if words[n:]:
            opts[COMMANDS[command][1]] = " ".join(words[n:])
    first = COMMANDS[command][0] if COMMANDS[command] else None
    if first and first not in opts and command not in ("seats", "history", "byelections"):
        raise UsageError(f"/{command} needs {first}")
    dc = {"default_council": default_council}
    match command:
        case "seats":
            return await answers.seats(opts.get("council"), opts.get("election"), **dc)
        case "ward":
            return await answers.ward(opts["name"], opts.get("council"), opts.get("election"),
                                      **dc)
        case "councillor":
            return await answers.councillor(opts["name"], opts.get("council"), **dc)
        case "quote":
            return await answers.quote(opts["who"], opts.get("keyword"), **dc)
        case "party":
            return await answers.party(opts["name"], opts.get("council"), **dc)
        case "history":
            return await answers.history(opts.get("council"), **dc)
        case "byelections":
            return await answers.byelections(opts.get("council"), **dc)
        case "about":
            return await answers.about()
        case _:
            return answers.help()
