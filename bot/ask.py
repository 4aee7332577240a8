"""A slash command typed as text ("/ward childs hill") -> the same answer the bot gives.

Options can be named as in Discord (`/ward name:childs hill council:barnet`) or
given in order (`/seats barnet 2014`); a trailing year, date or election id is
taken as the election. The commands and their options are bot/questions.py's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.questions import Command, askable

if TYPE_CHECKING:
    from bot.answers import Answers
    from bot.render.card import Card

_ELECTION = re.compile(r"^(\d{4}(-\d{2}-\d{2})?|local\.[\w.-]+)$")
_NAMED = re.compile(r"(?:^|\s)(\w+):")
# A first option of these kinds runs on into the next ("/party labour barnet"): it is cut
# after the longest run of words that names a known thing of these index kinds.
_SPLIT = {"who": ("speaker", "party"), "party": ("party",)}


class UsageError(Exception):
    pass


def usage() -> str:
    lines = ["Ask as you would in Discord, for example:"]
    lines += [f'  election-bot ask "/{c.name}' + "".join(f" [{o.name}]" for o in c.options) + '"'
              for c in askable()]
    return "\n".join(lines)


def parse(question: str) -> tuple[str, dict[str, str]]:
    """Split into the command and its options (named or positional)."""
    text = question.strip()
    if not text.startswith("/"):
        text = "/" + text
    name, _, rest = text[1:].partition(" ")
    command = _command(name.casefold())
    options = [o.name for o in command.options]
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
        return command.name, out
    if not rest:
        return command.name, {}
    if not options:
        raise UsageError(f"/{command.name} takes no options")
    words = rest.split()
    out = {}
    if "election" in options and len(words) > 1 and _ELECTION.match(words[-1]):
        out["election"] = words.pop()
    out[options[0]] = " ".join(words)
    return command.name, out


def _command(name: str) -> Command:
    for c in askable():
        if c.name == name:
            return c
    raise UsageError(f"unknown command /{name}")


def _names(answers: Answers, kinds: tuple[str, ...], text: str) -> bool:
    return any(answers.index.resolve(k, text).status in ("match", "ambiguous") for k in kinds)


def _split_known(answers: Answers, kinds: tuple[str, ...], words: list[str],
                 then: str | None = None) -> int:
    """How many leading words name a known thing of one of `kinds` (longest first).

    When the next option names something too (`then`, e.g. a council), a split whose rest
    names one exactly wins: "labour barnet" is Labour in Barnet, though the forgiving
    matcher also reads the whole of it as a party's name.
    """
    if then is not None:
        for n in range(len(words) - 1, 0, -1):
            rest = answers.index.resolve(then, " ".join(words[n:]))
            if rest.status == "match" and _names(answers, kinds, " ".join(words[:n])):
                return n
    for n in range(len(words), 0, -1):
        if _names(answers, kinds, " ".join(words[:n])):
            return n
    return len(words)


async def ask(answers: Answers, question: str, default_council: str | None = None) -> Card:
    name, opts = parse(question)
    command = _command(name)
    first = command.options[0] if command.options else None
    if first is not None and first.kind in _SPLIT and list(opts) == [first.name]:
        words = opts[first.name].split()
        second = command.options[1] if len(command.options) > 1 else None
        then = second.kind if second is not None and second.kind == "council" else None
        n = _split_known(answers, _SPLIT[first.kind], words, then)
        opts = {first.name: " ".join(words[:n])}
        if words[n:]:
            opts[command.options[1].name] = " ".join(words[n:])
    for o in command.options:
        if o.required and o.name not in opts:
            raise UsageError(f"/{command.name} needs {o.name}")
    assert command.call is not None  # askable() holds only commands with a call
    return await command.call(answers, {o.name: opts.get(o.name) for o in command.options},
                              default_council)
