"""/quote: statements with who, role, date, outlet and link; long answers page."""

from __future__ import annotations

from unittest.mock import MagicMock, create_autospec

from bot.discord.client import ElectionBot
from bot.discord.views import Pager
from tests.discord_mocks import embed_text, make_interaction, run_command, sent, suggest


async def test_quote_rawlings_shows_outlet_and_link(bot: ElectionBot) -> None:
    inter = await run_command(bot, "quote", who="rawlings")
    msg = sent(inter)
    pager: Pager = msg["view"]
    assert msg["embed"] is pager.pages[0]
    text = embed_text(pager.pages)
    assert "What Barry Rawlings said" in msg["embed"].title
    assert "[Ham & High](https://www.hamhigh.co.uk/" in text
    assert "Barnet Labour group leader" in text and "6 May 2022" in text


async def test_only_the_asker_turns_the_pages(bot: ElectionBot) -> None:
    inter = await run_command(bot, "quote", who="rawlings", user_id=42)
    pager: Pager = sent(inter)["view"]
    assert pager.origin is inter and len(pager.pages) >= 2
    assert pager.prev_page.disabled and not pager.next_page.disabled

    stranger = make_interaction(bot, user_id=99)
    assert await pager.interaction_check(stranger) is False
    assert sent(stranger)["ephemeral"] is True

    asker = make_interaction(bot, user_id=42)
    assert await pager.interaction_check(asker) is True
    await pager.next_page.callback(asker)
    kwargs = asker.response.edit_message.call_args.kwargs
    assert kwargs["embed"] is pager.pages[1] and kwargs["view"] is pager
    assert pager.prev_page.disabled is False


async def test_pager_timeout_removes_the_buttons(bot: ElectionBot) -> None:
    inter = await run_command(bot, "quote", who="rawlings")
    pager: Pager = sent(inter)["view"]
    await pager.on_timeout()
    inter.edit_original_response.assert_awaited_once_with(view=None)


async def test_quote_with_a_keyword(bot: ElectionBot) -> None:
    inter = await run_command(bot, "quote", who="rawlings", keyword="cash machines")
    text = embed_text([sent(inter)["embed"]])
    assert "cash machines" in text


async def test_quote_a_party(bot: ElectionBot) -> None:
    inter = await run_command(bot, "quote", who="labour")
    assert "Labour" in sent(inter)["embed"].title


async def test_who_autocomplete_mixes_speakers_and_parties(bot: ElectionBot) -> None:
    assert (await suggest(bot, "quote", "who", "raw"))[0].value == "barry-rawlings"
    assert (await suggest(bot, "quote", "who", "labour"))[0].value == "labour"


async def test_autocomplete_never_raises(bot: ElectionBot) -> None:
    broken: MagicMock = create_autospec(bot.answers.complete_who)
    broken.side_effect = RuntimeError("index broken")
    bot.answers.complete_who = broken  # type: ignore[method-assign]
    assert await suggest(bot, "quote", "who", "raw") == []
