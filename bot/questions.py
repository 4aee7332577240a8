"""Every command, declared once: its options, help line, an example, and the call that answers it.

This one table drives `election-bot ask` (bot/ask.py), the slash commands (cogs/ take
names, descriptions and the call from here), /help (help_lines) and the tests' list of
expected commands. Adding a question: a module in bot/answers, an entry here, a small cog.

bot/answers imports this module (for /help), so it must not import bot.answers at run time:
each call is a lambda on the Answers it is handed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from bot.answers import Answers
    from bot.render.card import Card

Options = Mapping[str, str | None]
# (answers, options by name, this server's default council id) -> the card
Call = Callable[["Answers", Options, str | None], Awaitable["Card"]]
# What an option names. "text" is free text; the rest are resolved by the answers.
Kind = Literal["council", "ward", "person", "who", "party", "election", "text"]

# An option's kind -> the kinds of UserError whose picked choice goes into it
_PICKED_INTO: dict[str, tuple[str, ...]] = {
    "council": ("council",), "ward": ("ward",), "person": ("person",),
    "who": ("speaker", "party"), "party": ("party",), "election": ("election",), "text": ()}

COUNCIL = "The council, e.g. Barnet (default: this server's council)"
ELECTION = "Which election, e.g. 2018 (default: the latest with a result)"


@dataclass(frozen=True)
class Option:
    name: str
    kind: Kind
    description: str
    required: bool = False


@dataclass(frozen=True)
class Command:
    """One command as the user meets it. `call` is None for the Discord-only ones."""

    name: str
    summary: str  # Discord's one-line description of the command
    options: tuple[Option, ...]
    help: str | None  # what it answers in a few words, after its example in /help
    #                   (None: not listed)
    example: str  # a real question, as typed
    call: Call | None = None
    usage: str | None = None  # /help's left column, when not "/name option [optional]"

    def help_usage(self) -> str:
        if self.usage is not None:
            return self.usage
        return " ".join([f"/{self.name}", *(o.name if o.required else f"[{o.name}]"
                                            for o in self.options)])

    def option(self, name: str) -> Option:
        return next(o for o in self.options if o.name == name)

    @property
    def picks(self) -> dict[str, str]:
        """A UserError's kind -> the option that a choice picked from it replaces."""
        return {kind: o.name for o in self.options for kind in _PICKED_INTO[o.kind]}

    def descriptions(self) -> dict[str, str]:
        return {o.name: o.description for o in self.options}


async def _now(card: Card) -> Card:
    return card


_council = Option("council", "council", COUNCIL)
_election = Option("election", "election", ELECTION)
_postcode = Option("postcode", "text", "A postcode, e.g. SW1A 1AA: the ward it is in")

COMMANDS: tuple[Command, ...] = (
    Command("seats", "Seats, votes, control and majority at a council election, and changes "
            "since", (_council, _election),
            "a council's result", "/seats barnet 2014",
            lambda a, o, d: a.seats(o["council"], o["election"], default_council=d),
            usage="/seats council [election]"),
    Command("ward", "One ward's result: every candidate, votes, who was elected, turnout and "
            "majority", (Option("name", "ward", "The ward, e.g. Childs Hill (or a postcode)"),
                         _council, _election, _postcode),
            "a ward's result", "/ward burnt oak",
            lambda a, o, d: a.ward(o["name"], o["council"], o["election"],
                                   default_council=d, postcode=o.get("postcode")),
            usage="/ward name [council] [election] · /ward postcode"),
    Command("councillor", "A councillor or candidate: party, ward, elections stood and changes "
            "since", (Option("name", "person", "The person, e.g. Zinkin or Peter Zinkin", True),
                      Option("council", "council", "Only look in this council, e.g. Barnet")),
            "a councillor", "/councillor zinkin",
            lambda a, o, d: a.councillor(o["name"] or "", o["council"], default_council=d)),
    Command("quote", "What party leaders said: who, role, date, outlet and link",
            (Option("who", "who", "A person or a party, e.g. Rawlings or Labour", True),
             Option("keyword", "text", "Only statements with these words, e.g. housing")),
            "quotes", "/quote rawlings climate",
            lambda a, o, d: a.quote(o["who"] or "", o["keyword"], default_council=d)),
    Command("party", "A party in a council: seats, votes, leader and wards won",
            (Option("name", "party", "The party, e.g. Labour or Lib Dem", True), _council),
            "a party's result", "/party labour barnet",
            lambda a, o, d: a.party(o["name"] or "", o["council"], default_council=d)),
    Command("history", "A council's make-up at every election on record", (_council,),
            "every election", "/history barnet",
            lambda a, o, d: a.history(o["council"], default_council=d),
            usage="/history council"),
    Command("byelections", "By-elections, defections and other changes since a council's last "
            "election", (_council,),
            "changes since", "/byelections barnet",
            lambda a, o, d: a.byelections(o["council"], default_council=d),
            usage="/byelections council"),
    Command("map", "A map of a council's wards, each coloured by the party that won it",
            (_council, _election, Option("ward", "ward", "Outline this ward, e.g. Childs Hill")),
            "the ward map", "/map barnet",
            lambda a, o, d: a.map(o["council"], o["election"], o["ward"], default_council=d),
            usage="/map council [election] [ward]"),
    Command("about", "Which councils and elections the bot knows, and where its data comes from",
            (), "what the bot knows", "/about",
            lambda a, o, d: a.about()),
    Command("help", "How to ask: every command, with examples", (), None, "/help",
            lambda a, o, d: _now(a.help())),
    Command("where", "The ward a postcode is in, and the latest result held for it",
            (Option("postcode", "text", "A postcode, e.g. SW1A 1AA", True),),
            "a postcode's ward", "/where BR8 7RE",
            lambda a, o, d: a.where(o["postcode"] or "", default_council=d)),
    # Discord only: they change or report on the bot, not the data.
    Command("settings", "This server's settings for the election bot",
            (Option("name", "council", "The council, e.g. Barnet", True),),
            "server default", "/settings council barnet",
            usage="/settings council name · /settings show"),
    Command("ping", "Check the bot is up, and its gateway latency", (),
            "is the bot up?", "/ping"),
    # Election night (Discord only): server admins choose where results are posted live.
    Command("follow", "Post a council's results in a channel as they are declared",
            (Option("council", "council", "The council, e.g. Doncaster", True),
             Option("channel", "text", "Where to post (default: this channel)")),
            "live results", "/follow doncaster"),
    Command("unfollow", "Stop posting a council's results in a channel",
            (Option("council", "council", "The council, e.g. Doncaster", True),
             Option("channel", "text", "Which channel (default: this channel)")),
            "stop live results", "/unfollow doncaster"),
    Command("following", "Which councils this server follows, where, and whether posting works",
            (), "councils followed here", "/following"),
)
QUESTIONS: dict[str, Command] = {c.name: c for c in COMMANDS}


def askable() -> list[Command]:
    """The commands that answer from the data, in the terminal as in Discord."""
    return [c for c in COMMANDS if c.call is not None]


def help_lines() -> tuple[tuple[str, str, str], ...]:
    """/help's rows: (name, a real example, what it answers in a few words), in the
    registry's order."""
    return tuple((c.name, c.example, c.help) for c in COMMANDS if c.help is not None)
