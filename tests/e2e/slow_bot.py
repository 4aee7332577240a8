"""The real bot, made slow on purpose, for the e2e tests of its deferred replies.

    python -m fakes.discordapi.launcher --base URL -- tests.e2e.slow_bot:main run

Answers from the real data take milliseconds, so over the wire the bot never needs
Discord's "thinking…" (a deferred reply, then a follow-up). This entry point delays the
question methods of bot.answers.Answers by E2E_SLOW_ANSWERS seconds and the chart cache by
E2E_SLOW_CHARTS seconds, then runs `election-bot` exactly as bot.cli:main does. Only the
timing changes: the replies go through the bot's real defer/follow-up code.
"""

from __future__ import annotations

import asyncio
import functools
import os
from collections.abc import Awaitable, Callable
from typing import Any

QUESTIONS = ("seats", "ward", "quote", "councillor", "party", "history", "byelections",
             "about")


def _slowed(method: Callable[..., Awaitable[Any]], delay: float) -> Callable[..., Any]:
    @functools.wraps(method)
    async def slow(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(delay)
        return await method(*args, **kwargs)
    return slow


def main() -> int:
    from bot.answers import Answers
    from bot.cli import main as election_bot

    answers_delay = float(os.environ.get("E2E_SLOW_ANSWERS") or 0)
    charts_delay = float(os.environ.get("E2E_SLOW_CHARTS") or 0)
    if answers_delay:
        for name in QUESTIONS:
            setattr(Answers, name, _slowed(getattr(Answers, name), answers_delay))
    if charts_delay:
        from bot.render.chart import ChartCache
        ChartCache.png = _slowed(ChartCache.png, charts_delay)  # type: ignore[method-assign]
    return election_bot()
