"""The real bot, with next-question buttons on /seats, for the e2e tests of the buttons.

    python -m fakes.discordapi.launcher --base URL -- tests.e2e.actions_bot:main run

Until every answer carries its own `actions`, this entry point gives /seats's card the
kinds a card can have (an answer, a chart, a map, a link), then runs `election-bot`
exactly as bot.cli:main does: the clicks go through the bot's real code.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

from bot.render.card import Action

ACTIONS = (
    Action("By-elections", "/byelections barnet"),
    Action("Chart", "/seats barnet", part="chart"),
    Action("Map", "/history barnet", part="map"),
    Action("Wikipedia",
           url="https://en.wikipedia.org/wiki/2022_Barnet_London_Borough_Council_election"),
)


def main() -> int:
    from bot.answers import Answers
    from bot.cli import main as election_bot

    seats = Answers.seats

    @functools.wraps(seats)
    async def with_actions(*args: Any, **kwargs: Any) -> Any:
        card = await seats(*args, **kwargs)
        # The card's own stay (the real Map, "By-elections (5)"); only missing kinds are added.
        have = [a.label for a in card.actions]
        return dataclasses.replace(card, actions=[
            *card.actions,
            *(a for a in ACTIONS if not any(h.startswith(a.label) for h in have))])

    Answers.seats = with_actions  # type: ignore[method-assign]
    return election_bot()
