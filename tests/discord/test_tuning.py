"""The benchmark knobs: on by default, all off with the one switch."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import discord
import pytest

from bot.discord import tuning


@pytest.fixture
def gc_state() -> Iterator[None]:
    threshold, nacl, dave = gc.get_threshold(), discord.VoiceClient.warn_nacl, \
        discord.VoiceClient.warn_dave
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)
    discord.VoiceClient.warn_nacl, discord.VoiceClient.warn_dave = nacl, dave


def test_tuned_settles_the_heap(gc_state: None) -> None:
    gc.set_threshold(700, 10, 10)
    tuning.settle_heap(tuning.TUNED)
    assert gc.get_threshold() == (tuning.TUNED.gc_young, 10, 10)
    assert gc.get_freeze_count() > 0


def test_untuned_leaves_the_process_alone(gc_state: None) -> None:
    gc.set_threshold(700, 10, 10)
    discord.VoiceClient.warn_nacl = True
    tuning.settle_heap(tuning.UNTUNED)
    tuning.quiet_voice(tuning.UNTUNED)
    assert gc.get_threshold() == (700, 10, 10)
    assert discord.VoiceClient.warn_nacl is True


async def test_the_http_pool_is_bounded_only_when_tuned() -> None:
    pool = tuning.http_pool(tuning.TUNED)
    assert pool is not None and pool.limit == tuning.TUNED.http_pool
    await pool.close()
    assert tuning.http_pool(tuning.UNTUNED) is None


def test_no_pool_outside_an_event_loop() -> None:
    assert tuning.http_pool(tuning.TUNED) is None
