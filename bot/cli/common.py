"""What every subcommand shares: exit codes (defined once) and printing problems."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine, Sequence
from typing import Any

from bot.store.reader import StoreError

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def err(message: str) -> None:
    print(message, file=sys.stderr)


def print_problems(problems: Sequence[object], label: str = "") -> None:
    for p in problems:
        print(f"  {label}{p}")


def run_async(coro: Coroutine[Any, Any, int]) -> int:
    """Run a command's coroutine; a database that cannot be used is a message, not a traceback."""
    try:
        return asyncio.run(coro)
    except StoreError as exc:
        err(f"election-bot: {exc}")
        return EXIT_FAIL
