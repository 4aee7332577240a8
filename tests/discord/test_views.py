"""The pager under a long answer, driven through discord.py's own paths."""

from __future__ import annotations

from unittest.mock import MagicMock

import discord
from discord.ui.view import ViewStore

from bot.discord.views import Pager


def pages(n: int) -> list[discord.Embed]:
    return [discord.Embed(title=f"page {i + 1}") for i in range(n)]


async def test_an_edited_message_refreshes_the_pager_through_discord_py() -> None:
    # discord.py calls BaseView._refresh(components) when a tracked message is edited
    # (ViewStore.update_from_message). Pager once had its own _refresh() and raised
    # TypeError here.
    pager = Pager(pages(3), owner_id=1)
    store = ViewStore(MagicMock())
    store.add_view(pager, message_id=5)
    store.update_from_message(5, pager.to_components())
    assert pager.counter.label == "1 / 3"
    assert pager.prev_page.disabled and not pager.next_page.disabled


async def test_the_buttons_follow_the_page() -> None:
    pager = Pager(pages(2), owner_id=1)
    pager.index = 1
    pager._sync_buttons()
    assert pager.counter.label == "2 / 2"
    assert not pager.prev_page.disabled and pager.next_page.disabled
