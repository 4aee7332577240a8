"""/follow, /unfollow and /following: which council a follow names, and what the replies say.

No discord here: the cog (cogs/follow.py) checks permissions and sends; this module decides.
A follow stores Democracy Club's organisation slug ("doncaster"), because that is what the
feed asks Democracy Club about; a council known only from the gazetteer has one when the
gazetteer records it, else it cannot be followed (and the reply says so, not a guess).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from bot.domain import Council, is_place_id
from bot.errors import UserError
from bot.live.ledger import Follow

if TYPE_CHECKING:
    from bot.answers import Answers

# What the bot needs in a channel to post there, as Discord names the permissions:
# see it, post, show the cards as embeds, and read its own recent messages (after a
# restart it looks for a post it may have made: bot/live/poster.py).
NEEDED = ("View Channel", "Send Messages", "Embed Links", "Read Message History")


async def followed_council(answers: Answers, name: str) -> tuple[Council, str]:
    """The council a name means, and its Democracy Club slug (UserError if it has none)."""
    council = await answers.council_named(name)
    slug: str | None = council.id
    if is_place_id(council.id):
        place = await answers.store.place_council(council.id)
        slug = place.dc_slug if place else None
    if not slug:
        raise UserError(f"{council.short_name} cannot be followed: Democracy Club's id for it "
                        "is not known here.")
    return council, slug


async def council_names(answers: Answers, slugs: Iterable[str]) -> dict[str, str]:
    """Short names of the councils held, by slug; a slug not held is shown as itself."""
    wanted = sorted(set(slugs))
    held = await answers.store.councils_by_id(wanted)
    return {s: held[s].short_name if s in held else s for s in wanted}


def cannot_post(channel: str, missing: Sequence[str]) -> str:
    return (f"I can't post election results in {channel}: I need the "
            f"{_and(missing)} permission{'s' if len(missing) > 1 else ''} there. Give the bot "
            "that in the channel's settings, then run /follow again.")


def followed(name: str, channel: str, *, again: bool) -> str:
    lead = f"Following {name} in {channel} again." if again else \
        f"Following {name} in {channel}."
    return (f"{lead} On election night each ward result is posted there once, as Democracy "
            "Club's volunteers enter it, with a running scoreboard; corrections edit the "
            "earlier post. Nothing is posted outside the count.")


def unfollowed(name: str, channel: str, done: bool) -> str:
    if done:
        return f"Stopped following {name} in {channel}. Posts already made stay."
    return f"{name} was not followed in {channel}; nothing changed."


def following(follows: Sequence[Follow], names: Mapping[str, str]) -> str:
    """/following: every follow of the server with its status."""
    if not follows:
        return ("This server follows no council. A server admin can start with "
                "/follow council [channel].")
    lines = ["Election night in this server:"]
    for f in follows:
        where = f"{names.get(f.council_id, f.council_id)} in <#{f.channel_id}>"
        since = (f.changed_at or f.followed_at)[:10]
        if f.status == "active":
            lines.append(f"• {where}: active (since {since})")
        else:
            lines.append(f"• {where}: paused since {since}, {f.reason or 'reason not recorded'}."
                         " Fix that, then /follow it again to resume.")
    return "\n".join(lines)


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
