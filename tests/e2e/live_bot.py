"""The real bot (`election-bot run`) on a compressed election night, for tests/e2e/test_live.py.

Only two things differ from production, both set from the environment the test passes:
the poller's clock reads the night of 6 May 2021 (LIVE_NIGHT_AT, then real seconds since
LIVE_NIGHT_T0, so a restarted bot carries on from the same moment), and it may ask every
LIVE_POLL_SECONDS instead of once a minute (the fake Democracy Club has no CDN cache to
respect), and a send it claimed lapses after 3 s instead of 30 (still well inside
Discord's nonce window). Everything else, the feed, the ledger, the poster and discord.py,
is the real code.
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta

from bot.cli import main as cli_main
from bot.discord.client import ElectionBot
from bot.live.feed import RateRule


def main() -> int:
    at = datetime.fromisoformat(os.environ["LIVE_NIGHT_AT"])
    t0 = float(os.environ["LIVE_NIGHT_T0"])
    poll = timedelta(seconds=float(os.environ.get("LIVE_POLL_SECONDS", "0.25")))
    ElectionBot.live_clock = staticmethod(  # type: ignore[method-assign]
        lambda: at + timedelta(seconds=time.time() - t0))
    make = ElectionBot._make_poller

    def fast(self: ElectionBot):  # type: ignore[no-untyped-def]
        poller = make(self)
        poller.rule = RateRule(per_minute=6000.0, share=1.0, min_interval=poll)
        poller.lease_s = 3.0  # a killed bot's claims lapse in seconds, not half a minute
        return poller

    ElectionBot._make_poller = fast  # type: ignore[method-assign]
    return cli_main(["run"])
