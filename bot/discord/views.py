"""The buttons and menus under an answer: page turning, and picking one of several matches."""

from __future__ import annotations

import io
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import discord

from bot.discord.embed import CHART_FILENAME, clip
from bot.errors import Choice

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
PAGER_TIMEOUT = 600.0  # under the 15 minutes an interaction token lasts, so it can still edit
PICKER_TIMEOUT = 300.0
OPTION_MAX = 100  # select option label and value
OPTIONS_MAX = 25

Picked = Callable[[discord.Interaction, str], Awaitable[None]]
Failed = Callable[[discord.Interaction, Exception], Awaitable[None]]


class _AskersView(discord.ui.View):
    """Controls only the asker may use, removed when they time out."""

    refusal = "use these controls"

    def __init__(self, *, owner_id: int, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.origin: discord.Interaction | None = None  # set once sent: to tidy up at timeout

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            f"Only the person who asked can {self.refusal}. Ask the same question to get "
            "your own.", ephemeral=True, allowed_mentions=NO_MENTIONS)
        return False

    async def on_timeout(self) -> None:
        # Controls that no longer answer would look broken: take them away.
        if self.origin is not None:
            try:
                await self.origin.edit_original_response(view=None)
            except discord.HTTPException:
                log.debug("could not remove timed-out controls")


class Pager(_AskersView):
    """Prev/Next through the pages of one long answer."""

    refusal = "turn these pages"

    def __init__(self, pages: Sequence[discord.Embed], *, owner_id: int,
                 png: bytes | None = None, timeout: float = PAGER_TIMEOUT) -> None:
        super().__init__(owner_id=owner_id, timeout=timeout)
        self.pages = list(pages)
        self.png = png  # the chart every page shows
        self.index = 0
        self._sync_buttons()

    # Not _refresh: discord.py's BaseView._refresh(components) is called when a tracked
    # message is edited, and an override of another shape raised TypeError there.
    def _sync_buttons(self) -> None:
        self.prev_page.disabled = self.index == 0
        self.next_page.disabled = self.index >= len(self.pages) - 1
        self.counter.label = f"{self.index + 1} / {len(self.pages)}"

    async def _show(self, interaction: discord.Interaction, index: int) -> None:
        self.index = max(0, min(index, len(self.pages) - 1))
        self._sync_buttons()
        kwargs: dict[str, Any] = {}
        if self.png is not None:
            # Sent again with each page, so attachment://chart.png always has its file.
            kwargs["attachments"] = [discord.File(io.BytesIO(self.png), filename=CHART_FILENAME)]
        await interaction.response.edit_message(embed=self.pages[self.index], view=self,
                                                allowed_mentions=NO_MENTIONS, **kwargs)

    @discord.ui.button(label="◀ Prev", style=discord.ButtonStyle.secondary)
    async def prev_page(self, interaction: discord.Interaction,
                        button: discord.ui.Button[Pager]) -> None:
        await self._show(interaction, self.index - 1)

    @discord.ui.button(label="1 / 1", style=discord.ButtonStyle.secondary, disabled=True)
    async def counter(self, interaction: discord.Interaction,
                      button: discord.ui.Button[Pager]) -> None:
        pass  # a label, never clickable

    @discord.ui.button(label="Next ▶", style=discord.ButtonStyle.primary)
    async def next_page(self, interaction: discord.Interaction,
                        button: discord.ui.Button[Pager]) -> None:
        await self._show(interaction, self.index + 1)


class ChoicePicker(_AskersView):
    """A menu of the matches for an unclear name; picking one asks the question again with it.

    It stays open after a pick, so "no, the other one" is one more click.
    """

    refusal = "pick from this menu"

    def __init__(self, choices: Sequence[Choice], *, owner_id: int, on_pick: Picked,
                 on_error: Failed, timeout: float = PICKER_TIMEOUT) -> None:
        super().__init__(owner_id=owner_id, timeout=timeout)
        self._on_pick = on_pick
        self._on_error = on_error
        options: dict[str, discord.SelectOption] = {}
        for ch in choices:
            # A value is a stable id; one too long to send back cannot be offered.
            if 0 < len(ch.value) <= OPTION_MAX and ch.value not in options:
                label = clip(ch.label.strip(), OPTION_MAX) or ch.value
                options[ch.value] = discord.SelectOption(label=label, value=ch.value)
        self.menu: discord.ui.Select[ChoicePicker] = discord.ui.Select(
            placeholder="Pick one to see its answer",
            options=list(options.values())[:OPTIONS_MAX])
        self.menu.callback = self._picked  # type: ignore[method-assign]
        self.add_item(self.menu)

    @property
    def offered(self) -> list[str]:
        return [o.value for o in self.menu.options]

    async def _picked(self, interaction: discord.Interaction) -> None:
        await self._on_pick(interaction, self.menu.values[0])

    async def on_error(self, interaction: discord.Interaction, error: Exception,
                       item: discord.ui.Item[ChoicePicker], /) -> None:
        # The re-asked question can fail like any other (still unclear, not found).
        await self._on_error(interaction, error)
