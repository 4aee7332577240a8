"""Clicking a component of a sent message the way discord.py does: the registered
dynamic item is built from the custom id alone (as after a restart) and called."""

from __future__ import annotations

from typing import Any
from unittest.mock import MagicMock, create_autospec

import discord

from bot.discord.buttons import DYNAMIC
from tests.discord_mocks import make_interaction


def components(view: discord.ui.View | None) -> list[dict[str, Any]]:
    return [c for row in (view.to_components() if view else []) for c in row["components"]]


def custom_id(view: discord.ui.View | None, label: str) -> str:
    """The custom id of the component whose label (or placeholder) starts with LABEL."""
    for c in components(view):
        if (c.get("label") or c.get("placeholder") or "").startswith(label):
            return str(c["custom_id"])
    raise AssertionError(f"no component {label!r} in {components(view)}")


async def click(client: Any, cid: str, *, user_id: int = 42, asker_id: int = 42,
                values: list[str] | None = None, chart: bool = False,
                guild_id: int | None = 1) -> MagicMock:
    """A click on CID by USER_ID on a message that answered ASKER_ID; returns the
    interaction, whose response/followup mocks hold what was sent."""
    inter = make_interaction(client, user_id=user_id, guild_id=guild_id)
    inter.type = discord.InteractionType.component
    inter.data = {"custom_id": cid, "component_type": 3 if values else 2,
                  **({"values": values} if values else {})}
    message = create_autospec(discord.Message, instance=True)
    message.interaction_metadata = MagicMock()
    message.interaction_metadata.user.id = asker_id
    attachment = MagicMock()
    attachment.filename = "chart.png"
    message.attachments = [attachment] if chart else []
    inter.message = message
    for factory in DYNAMIC:
        match = factory.__discord_ui_compiled_template__.fullmatch(cid)
        if match:
            base = (discord.ui.Select(custom_id=cid) if values
                    else discord.ui.Button(custom_id=cid))
            item = await factory.from_custom_id(inter, base, match)
            await item.callback(inter)
            return inter
    from bot.discord.buttons import catch_all
    await catch_all(inter)
    return inter
