"""What the benchmarks asked for, in one place: settings of the process, not of the design.

Each knob is justified, with its figures, in bench/FIXES.md. TUNED is what the bot runs
with; UNTUNED is the one switch that puts every knob back to the library defaults, for a
side-by-side measurement (ElectionBot(settings, tuning=UNTUNED)).
"""

from __future__ import annotations

import asyncio
import gc
from dataclasses import dataclass

import aiohttp
import discord


@dataclass(frozen=True)
class Tuning:
    # Connections to Discord kept open for answers. discord.py's own pool is unbounded,
    # so a burst of answers opened one (TCP + TLS) for nearly every answer. None: its default.
    http_pool: int | None = 32
    # After a data load: freeze the loaded data out of the cyclic collector's full passes,
    # and collect the young generation every gc_young allocations, not 700. None: leave gc be.
    gc_young: int | None = 20_000
    # The bot never joins voice: discord.py's warnings about voice libraries are noise.
    quiet_voice: bool = True


TUNED = Tuning()
UNTUNED = Tuning(http_pool=None, gc_young=None, quiet_voice=False)


def http_pool(tuning: Tuning) -> aiohttp.TCPConnector | None:
    """The bounded pool, or None (discord.py's default) if off or outside an event loop."""
    if tuning.http_pool is None:
        return None
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return None
    return aiohttp.TCPConnector(limit=tuning.http_pool)


def settle_heap(tuning: Tuning) -> None:
    """Exempt the data just loaded from full collections. Unfrozen first, so cycles left by
    data replaced in a reload are still collected; reference counting frees the rest."""
    if tuning.gc_young is None:
        return
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    gc.set_threshold(tuning.gc_young, *gc.get_threshold()[1:])


def quiet_voice(tuning: Tuning) -> None:
    if tuning.quiet_voice:
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
