"""What a user can get wrong, as exceptions the CLI and the Discord error handler both render.

They carry plain data (no discord objects): the question's kind, what was typed,
and the alternatives to offer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Choice:
    """An alternative to offer: what to show and the value that selects it."""

    label: str
    value: str


class UserError(Exception):
    """A question that cannot be answered as asked; the message says why, politely."""

    def __init__(self, message: str, choices: tuple[Choice, ...] = (), *,
                 kind: str = "", query: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.choices = choices
        self.kind = kind
        self.query = query


class NotFound(UserError):
    """Nothing matches; `choices` are "did you mean" suggestions (maybe none)."""


class Ambiguous(UserError):
    """Several things match equally well; `choices` are the candidates."""


class BadOption(UserError):
    """An option's value cannot be used (e.g. a year with no election); choices list valid ones."""


class Fetchable(Exception):
    """A council no result is held for, which Democracy Club can be asked about.

    Raised by the answers only when the caller can fetch (Answers(fetch_on_miss=True):
    the bot); `held` is the answer from what is held, for when the fetch brings nothing."""

    def __init__(self, dc_slug: str, council: str, held: object) -> None:
        super().__init__(f"{council} ({dc_slug}) is not held; Democracy Club may have it")
        self.dc_slug = dc_slug
        self.council = council
        self.held = held  # a bot.render.card.Card (plain data)
