"""A card as the message the bot sends: its embeds, its buttons, its attachment.

`compose` is the one builder: send_card sends what it returns, and `body` turns the
same thing into the JSON body Discord receives (`election-bot ask --discord-json`), so
a message can be previewed and checked against Discord's spec without Discord.

Every button and menu carries what it needs in its custom id (at most 100 characters):
"eb:<kind>:<question>", where the question is a text command bot/ask.py understands.
So a click is answered from the data alone, after a restart too (bot/discord/buttons.py
registers the templates). A question too long to carry is remembered in this process
under a short hash; after a restart that one answers "expired".
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import discord

from bot.ask import UsageError, parse
from bot.discord.embed import clean, clip, pages_of, safe_url
from bot.render.card import Card, Menu

PREFIX = "eb:"
CUSTOM_ID_MAX = 100
LABEL_MAX = 80
BUTTONS_MAX = 25  # 5 rows of 5
OPTION_MAX = 100  # a select option's label and value
OPTIONS_MAX = 25
DETAIL_LABEL = "Sources & notes"
SOURCE_BUTTONS = 1  # link buttons for sources; on a phone every button row is a line
# kind letter -> what a next-question button shows of its question's answer
PARTS = {"answer": "a", "chart": "c", "map": "m"}
REMEMBERED = 4096  # long questions carried by hash, most recent first

_long: OrderedDict[str, str] = OrderedDict()


def carry(kind: str, question: str) -> str:
    """The custom id for a component of `kind` about `question`."""
    cid = f"{PREFIX}{kind}:{question}"
    if len(cid) <= CUSTOM_ID_MAX:
        return cid
    key = "#" + hashlib.sha256(question.encode()).hexdigest()[:20]
    _long[key] = question
    _long.move_to_end(key)
    while len(_long) > REMEMBERED:
        _long.popitem(last=False)
    return f"{PREFIX}{kind}:{key}"


def carried(payload: str) -> str | None:
    """The question a custom id's payload carries; None if it was a hash this process
    no longer (or never) knew."""
    if payload.startswith("#"):
        return _long.get(payload)
    return payload or None


def question_text(command: str, options: Mapping[str, str | None]) -> str | None:
    """A slash command's options as a text question that parses back to the same options,
    or None when it would not (an option value that reads as another option)."""
    given = {k: v.strip() for k, v in options.items() if v is not None and v.strip()}
    if any("\n" in v for v in given.values()):
        return None
    text = " ".join([f"/{command}", *(f"{k}:{v}" for k, v in given.items())])
    try:
        name, parsed = parse(text)
    except UsageError:
        return None
    return text if name == command and parsed == given else None


class _Shown(discord.ui.Button[Any]):
    """A button drawn by this message but answered by the registered dynamic items
    (bot/discord/buttons.py): not tracked per message, so nothing accumulates."""

    def is_dispatchable(self) -> bool:
        return False


class _ShownSelect(discord.ui.Select[Any]):
    def is_dispatchable(self) -> bool:
        return False


class Layout(discord.ui.View):
    """The components of one message; never listens itself (see _Shown)."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    def is_dispatchable(self) -> bool:
        return False

    @property
    def offered(self) -> list[str]:
        """The values of its menu, if it has one."""
        return [o.value for c in self.children if isinstance(c, discord.ui.Select)
                for o in c.options]


@dataclass
class Message:
    embeds: list[discord.Embed]
    view: Layout | None
    png_name: str | None  # the attachment the embeds show, if any
    page: int = 0
    pages: int = 1


def _label(text: str) -> str:
    return clip(clean(text).replace("\n", " ").strip(), LABEL_MAX) or "Open"


def components(card: Card, question: str | None, page: int, pages: int) -> Layout | None:
    """Pager, next-question buttons, "Sources & notes" and link buttons, in that order."""
    view = Layout()
    count = 0

    def add(item: discord.ui.Item[Any]) -> None:
        nonlocal count
        if count < BUTTONS_MAX:
            view.add_item(item)
            count += 1

    if pages > 1 and question is not None:
        add(_Shown(label="◀", style=discord.ButtonStyle.secondary, row=0,
                   custom_id=carry(f"p{max(page - 1, 0)}", question), disabled=page == 0))
        add(_Shown(label=f"Next ▶ {page + 1}/{pages}", style=discord.ButtonStyle.primary,
                   row=0, custom_id=carry(f"p{min(page + 1, pages - 1)}", question),
                   disabled=page >= pages - 1))
    seen: set[str] = set()
    for action in card.actions:
        url = safe_url(action.url) if action.url else None
        if url:
            add(discord.ui.Button(label=_label(action.label), url=url))
            continue
        if not action.question.strip():
            continue
        cid = carry(PARTS.get(action.part, "a"), action.question.strip())
        if cid in seen:  # Discord refuses two components with one custom id
            continue
        seen.add(cid)
        add(_Shown(label=_label(action.label), style=discord.ButtonStyle.secondary,
                   custom_id=cid))
    if question is not None and (card.notices or card.sources or card.warning or card.detail):
        add(_Shown(label=DETAIL_LABEL, style=discord.ButtonStyle.secondary,
                   custom_id=carry("d", question)))
    if card.menu is not None and count <= BUTTONS_MAX - 5 and (select := _menu(card.menu)):
        view.add_item(select)  # a menu fills a row of its own
        count += 5
    linked = {safe_url(a.url) for a in card.actions if a.url}
    # A paged card's pager takes the row a source link would: its sources are one tap
    # away in Sources & notes, and its footer names them.
    for name, url in source_links(card) if pages == 1 else ():
        if url not in linked:
            add(discord.ui.Button(label=_label(name), url=url))
    return view if view.children else None


def _options(options: list[tuple[str, str]]) -> list[discord.SelectOption]:
    offered: dict[str, discord.SelectOption] = {}
    for label, value in options:
        if 0 < len(value) <= OPTION_MAX and value not in offered:
            offered[value] = discord.SelectOption(
                label=clip(label.strip(), OPTION_MAX) or value, value=value)
    return list(offered.values())[:OPTIONS_MAX]


def _menu(menu: Menu) -> _ShownSelect | None:
    options = _options(list(menu.options))
    if not options or not menu.question.strip():
        return None
    return _ShownSelect(placeholder=clip(menu.placeholder, 150) or None, options=options,
                        custom_id=carry(f"s{menu.kind}", menu.question.strip()))


def source_links(card: Card) -> list[tuple[str, str]]:
    """The card's first sources with a link, by publisher, for link buttons: the footer
    names them, the detail lists every one."""
    out: dict[str, str] = {}
    for s in card.sources:
        url = safe_url(s.url)
        if url and s.name and s.name not in out:
            out[s.name] = url
        if len(out) >= SOURCE_BUTTONS:
            break
    return list(out.items())


def compose(card: Card, png_name: str | None = None, *, question: str | None = None,
            page: int = 0) -> Message:
    """The message for page `page` of `card` (clamped); `png_name` is its chart's file."""
    all_pages = pages_of(card, chart=png_name is not None)
    page = max(0, min(page, len(all_pages) - 1))
    return Message([all_pages[page]], components(card, question, page, len(all_pages)),
                   png_name, page, len(all_pages))


def picker(options: list[tuple[str, str]], kind: str, question: str) -> Layout | None:
    """The "did you mean" menu: picking an option asks `question` again with its value as
    the option that `kind` of answer fills. None if no choice can be sent back."""
    offered = _options(options)
    if not offered:
        return None
    view = Layout()
    view.add_item(_ShownSelect(placeholder="Pick one to see its answer",
                               custom_id=carry(f"s{kind}", question), options=offered))
    return view


def body(card: Card, png_name: str | None = None, *, question: str | None = None,
         page: int = 0, ephemeral: bool = False) -> dict[str, Any]:
    """The JSON body of the message the bot sends for `card` (an interaction response's
    `data`, as discord.py serialises it)."""
    message = compose(card, png_name, question=question, page=page)
    out: dict[str, Any] = {
        "embeds": [e.to_dict() for e in message.embeds],
        "allowed_mentions": {"parse": []},
    }
    if message.view is not None:
        out["components"] = message.view.to_components()
    if png_name is not None:
        out["attachments"] = [{"id": 0, "filename": png_name}]
    if ephemeral:
        out["flags"] = 64
    return out
