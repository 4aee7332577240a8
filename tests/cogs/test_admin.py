"""/data reload and /sync: the owner's controls."""

from __future__ import annotations

from unittest.mock import AsyncMock, patch

from bot.discord.client import ElectionBot
from tests.discord_mocks import run_command, sent

OWNER = 7  # running_bot's owner_id


async def test_reload_swaps_the_answers(bot: ElectionBot) -> None:
    old = bot.answers
    inter = await run_command(bot, "data reload", user_id=OWNER)
    inter.response.defer.assert_awaited_once_with(ephemeral=True, thinking=True)
    msg = sent(inter)
    assert msg["ephemeral"] is True and msg["content"].startswith("Reloaded")
    assert bot.answers is not old and bot.answers is not None
    assert bot.answers.data_version == old.data_version


async def test_reload_is_refused_to_others(bot: ElectionBot) -> None:
    old = bot.answers
    msg = sent(await run_command(bot, "data reload", user_id=99))
    assert msg["ephemeral"] is True and "owner" in msg["content"]
    assert bot.answers is old


async def test_sync_here(bot: ElectionBot) -> None:
    with patch.object(bot.tree, "sync", AsyncMock(return_value=[])) as tree_sync, \
            patch.object(ElectionBot, "sync_commands", AsyncMock(return_value=["seats"])) as sc:
        inter = await run_command(bot, "sync", user_id=OWNER, where="here")
    assert sc.await_count == 1 and sc.await_args.kwargs == {"clear": False}
    tree_sync.assert_not_awaited()
    assert "Registered 1 commands in this server: /seats" in sent(inter)["content"]


async def test_sync_is_refused_to_others(bot: ElectionBot) -> None:
    with patch.object(ElectionBot, "sync_commands", AsyncMock()) as sc:
        msg = sent(await run_command(bot, "sync", user_id=99))
    sc.assert_not_awaited()
    assert "owner" in msg["content"]
