"""/quote: statements with who, role, date, outlet and link; long answers page."""

from __future__ import annotations

from unittest.mock import MagicMock, create_autospec

from bot.discord.client import ElectionBot
from bot.discord.detail import detail_pages
from bot.discord.embed import pages_of
from tests.discord.clicks import click, custom_id
from tests.discord_mocks import embed_text, run_command, sent, suggest


async def test_quote_rawlings_shows_outlet_and_link(bot: ElectionBot) -> None:
    inter = await run_command(bot, "quote", who="rawlings")
    msg = sent(inter)
    card = await bot.answers.quote("rawlings", None)
    text = embed_text(pages_of(card))
    assert "What Barry Rawlings said" in msg["embed"].title
    assert "Barnet Labour group leader" in msg["embed"].author.name
    assert "” — Ham & High" in text and "6 May 2022" in text  # each quote names its outlet
    assert "https://www.hamhigh.co.uk/" in embed_text(detail_pages(card))  # links: detail


async def test_the_asker_turns_the_page_and_anyone_else_gets_their_own(bot: ElectionBot) -> None:
    inter = await run_command(bot, "quote", who="rawlings", user_id=42)
    first = sent(inter)
    nxt = custom_id(first["view"], "Next")
    assert nxt.startswith("eb:p1:/quote who:rawlings")

    stranger = await click(bot, nxt, user_id=99, asker_id=42)
    copy = sent(stranger)
    assert copy["ephemeral"] is True and copy["embed"].title == first["embed"].title
    assert "page 2/" in copy["embed"].footer.text

    asker = await click(bot, nxt, user_id=42, asker_id=42)
    kwargs = asker.response.edit_message.call_args.kwargs
    assert "page 2/" in kwargs["embeds"][0].footer.text
    back = custom_id(kwargs["view"], "◀")
    assert back.startswith("eb:p0:")


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
