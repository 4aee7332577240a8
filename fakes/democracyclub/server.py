"""A fake Democracy Club on 127.0.0.1: YNR `next` API, the CSV export and EveryElection.

It behaves as ../shared/design/open-data-apis.md documents the real services (§8):
DRF page-number envelopes with page_size clamped (ballots 100, results 200) and 404
past the end; `last_updated` sorting ascending and capped at 1000; `turnout_percentage`
a string on /results/; the anonymous throttle (10 requests in 60 s, then 429 with
Retry-After; a token is unthrottled); the edge firewall (418 for a User-Agent naming
aiohttp or python-requests; 403 past 150 requests in 5 minutes); EE limit/offset
pagination capped at 100 with presence-activated booleans. EveryElection is served
under /ee, so DC_ELECTIONS_URL is `<url>/ee`.

Tests script failures (`fail`, `slow`, `malformed`) and read `requests` (path, query,
User-Agent, token, time) to check the client's rate and manners. `clock` is
injectable so a test can run minutes of throttling in no time.
"""

from __future__ import annotations

import asyncio
import csv
import io
import math
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from fakes.democracyclub.data import CORE, GROUPS, FakeData, drf_time, load
from fakes.democracyclub.night import Night
from fakes.loopback import serve

BLOCKED_AGENTS = ("aiohttp", "python-requests", "go-http-client", "okhttp", "scrapy",
                  "headlesschrome")


@dataclass
class Seen:
    method: str
    path: str
    query: str
    user_agent: str
    token: str | None
    at: float  # the fake's clock
    status: int = 0  # 0: no answer was sent (the client gave up first)


class FakeDemocracyClub:
    def __init__(self, *, clock: Callable[[], float] = time.monotonic, delay: float = 0.0,
                 anon_limit: int = 10, anon_period: float = 60.0,
                 waf_limit: int = 150, waf_period: float = 300.0,
                 page_max: int = 100, changed_cap: int = 1000) -> None:
        self.clock = clock
        self.delay = delay  # seconds added to every response (a realistic network)
        self.anon_limit, self.anon_period = anon_limit, anon_period
        self.waf_limit, self.waf_period = waf_limit, waf_period
        # YNR's ballots page cap and `last_updated` row cap; tests lower them to reach the
        # edges with real data.
        self.page_max, self.changed_cap = page_max, changed_cap
        self.requests: list[Seen] = []
        self.data: FakeData = FakeData()
        self._anon: deque[float] = deque()
        self._waf: deque[float] = deque()
        self._script: list[tuple[str, str, Any]] = []  # (path prefix, kind, value)
        self._runner: web.AppRunner | None = None
        self.url = ""
        self.night: Night | None = None  # a scripted night: results declared over time

    # -- lifecycle ---------------------------------------------------------------

    async def start(self) -> FakeDemocracyClub:
        app = web.Application(middlewares=[self._middleware])
        app.add_routes([
            web.get("/api/next/ballots/", self._ballots),
            web.get("/api/next/ballots/{id}/", self._ballot),
            web.get("/api/next/results/", self._results),
            web.get("/data/export_csv/", self._export_csv),
            web.get("/ee/api/elections/", self._ee_elections),
            web.get("/ee/api/elections/{id}/", self._ee_election),
        ])
        self._runner, self.url = await serve(app)
        self.data = load(self.url)
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDemocracyClub:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def candidates_url(self) -> str:
        return self.url

    @property
    def elections_url(self) -> str:
        return self.url + "/ee"

    # -- scripting -----------------------------------------------------------------

    def fail(self, prefix: str, status: int = 500, times: int = 1) -> None:
        """The next TIMES requests under PREFIX answer STATUS."""
        self._script += [(prefix, "status", float(status))] * times

    def slow(self, prefix: str, seconds: float, times: int = 1) -> None:
        self._script += [(prefix, "slow", seconds)] * times

    def malformed(self, prefix: str, times: int = 1) -> None:
        self._script += [(prefix, "malformed", 0.0)] * times

    def answer(self, prefix: str, payload: Any, times: int = 1) -> None:
        """The next TIMES requests under PREFIX answer 200 with this JSON (a wrong shape)."""
        self._script += [(prefix, "answer", payload)] * times

    def declare_over_time(self, election_id: str, *, delay: float = 0.0, every: float = 0.5,
                          **kw: int | None) -> Night:
        """From now + DELAY on the fake's clock, declare the election one ballot each EVERY
        seconds (fakes/democracyclub/night.py: with one correction and one retraction)."""
        self.night = Night(self.data, election_id, start=self.clock() + delay, every=every,
                           **kw)  # type: ignore[arg-type]
        return self.night

    def seen(self, prefix: str = "") -> list[Seen]:
        return [r for r in self.requests if r.path.startswith(prefix)]

    # -- middleware: firewall, throttle, scripted trouble ---------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        now = self.clock()
        ua = request.headers.get("User-Agent", "")
        token = _token(request)
        seen = Seen(request.method, request.path, request.query_string, ua, token, now)
        self.requests.append(seen)  # on arrival: a request the client abandons still counts
        if self.night is not None:
            self.night.advance(now)
        resp = await self._gate(request, handler, ua, token, now)
        seen.status = resp.status
        if self.delay:
            await asyncio.sleep(self.delay)
        return resp

    async def _gate(self, request: web.Request, handler: Any, ua: str, token: str | None,
                    now: float) -> web.StreamResponse:
        if any(bad in ua.casefold() for bad in BLOCKED_AGENTS):
            return web.Response(status=418, text="I'm a teapot")
        if not request.path.startswith("/ee/"):  # the candidates site's firewall
            while self._waf and self._waf[0] <= now - self.waf_period:
                self._waf.popleft()
            if len(self._waf) >= self.waf_limit:
                return web.Response(status=403, text="Forbidden")
            self._waf.append(now)
        if request.path.startswith("/api/") and token is None:  # DRF AnonRateThrottle
            while self._anon and self._anon[0] <= now - self.anon_period:
                self._anon.popleft()
            if len(self._anon) >= self.anon_limit:
                wait = math.ceil(self._anon[0] + self.anon_period - now)
                return web.json_response(
                    {"detail": f"Request was throttled. Expected available in {wait} "
                               "seconds."}, status=429, headers={"Retry-After": str(wait)})
            self._anon.append(now)
        for i, (prefix, kind, value) in enumerate(self._script):
            if request.path.startswith(prefix):
                del self._script[i]
                if kind == "status":
                    return web.json_response({"detail": "Server Error"}, status=int(value))
                if kind == "answer":
                    return web.json_response(value)
                if kind == "malformed":
                    return web.Response(status=200, text='{"count": 3, "results": [',
                                        content_type="application/json")
                await asyncio.sleep(value)
                break
        return await handler(request)

    # -- YNR ---------------------------------------------------------------------------

    def _page(self, request: web.Request, items: list[Any], max_size: int) -> web.Response:
        q = request.query
        try:
            size = max(1, min(int(q.get("page_size", 10)), max_size))
            page = int(q.get("page", 1))
        except ValueError:
            return web.json_response({"detail": "Invalid page."}, status=404)
        pages = max(1, math.ceil(len(items) / size))
        if page < 1 or page > pages:
            return web.json_response({"detail": "Invalid page."}, status=404)

        def link(n: int) -> str | None:
            if n < 1 or n > pages:
                return None
            params = [(k, v) for k, v in q.items() if k != "page"] + [("page", str(n))]
            return f"{self.url}{request.path}?{urlencode(params)}"

        return web.json_response({"count": len(items), "next": link(page + 1),
                                  "previous": link(page - 1),
                                  "results": items[(page - 1) * size:page * size]})

    def _filtered(self, request: web.Request) -> list[Any] | web.Response:
        q = request.query
        ballots = list(self.data.ballots.values())
        if "election_id" in q:
            ballots = [b for b in ballots if b.election_id == q["election_id"]]
        if "election_date" in q:
            ballots = [b for b in ballots
                       if b.json["election"]["election_date"] == q["election_date"]]
        ballots.sort(key=lambda b: b.id)
        ballots.sort(key=lambda b: b.json["election"]["election_date"], reverse=True)
        if "last_updated" in q:
            try:
                since = datetime.fromisoformat(q["last_updated"])
            except ValueError:
                return web.json_response({"last_updated": ["Enter a valid date/time."]},
                                         status=400)
            if since.tzinfo is None:
                return web.json_response({"last_updated": ["Enter a valid date/time."]},
                                         status=400)
            ballots = sorted((b for b in ballots if b.modified > since),
                             key=lambda b: b.modified)[:self.changed_cap]
        return ballots

    async def _ballots(self, request: web.Request) -> web.Response:
        found = self._filtered(request)
        if isinstance(found, web.Response):
            return found
        return self._page(request, [b.json for b in found], self.page_max)

    async def _ballot(self, request: web.Request) -> web.Response:
        b = self.data.ballots.get(request.match_info["id"])
        if b is None:
            return web.json_response({"detail": "Not found."}, status=404)
        return web.json_response(b.json)

    async def _results(self, request: web.Request) -> web.Response:
        found = self._filtered(request)
        if isinstance(found, web.Response):
            return found
        items = []
        for b in found:
            res = b.json.get("results")
            if not res:
                continue
            pct = res.get("turnout_percentage")
            items.append({
                "url": f"{self.url}/api/next/results/{b.id}/",
                "num_turnout_reported": res.get("num_turnout_reported"),
                # a DecimalField outside the ballot serializer: a string (open-data-apis §1.4)
                "turnout_percentage": None if pct is None else f"{float(pct):.2f}",
                "num_spoilt_ballots": res.get("num_spoilt_ballots"), "source": res["source"],
                "ballot": {"url": b.json["url"], "ballot_paper_id": b.id},
                "candidate_results": [
                    {"person": c["person"], "party": c["party"],
                     "num_ballots": c["result"]["num_ballots"], "elected": c["elected"]}
                    for c in b.json["candidacies"] if c.get("result")],
                "total_electorate": res.get("total_electorate")})
        return self._page(request, items, 200)

    async def _export_csv(self, request: web.Request) -> web.Response:
        q = request.query
        columns = list(CORE)
        for group in q.getall("field_group", []):
            columns += [c for c in GROUPS.get(group, ()) if c not in columns]
        pattern = re.compile(q.get("election_id", ""), re.IGNORECASE)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        for b in sorted(self.data.ballots.values(), key=lambda b: (
                b.json["election"]["election_date"], b.id)):
            if not pattern.search(b.election_id):
                continue
            for r in b.rows:
                writer.writerow([r.get(c, "") for c in columns])
        stamp = drf_time(datetime.now().astimezone())[:19].replace(":", "-")
        return web.Response(text=out.getvalue(), content_type="text/csv", headers={
            "Content-Disposition": f'attachment; filename="dc-candidates-{stamp}.csv"'})

    # -- EveryElection -------------------------------------------------------------------

    async def _ee_elections(self, request: web.Request) -> web.Response:
        q = request.query
        items = sorted(self.data.ee.values(), key=lambda e: (e["poll_open_date"],
                                                             e["election_id"]))
        if "election_id_regex" in q:
            if len(q["election_id_regex"]) > 200:
                return web.json_response({"election_id_regex": ["Too long."]}, status=400)
            rx = re.compile(q["election_id_regex"])
            items = [e for e in items if rx.search(e["election_id"])]
        for key in ("poll_open_date", "identifier_type"):
            if key in q:
                items = [e for e in items if e.get(key) == q[key]]
        for key in ("current", "deleted"):  # activated by presence, whatever the value
            if key in q:
                items = [e for e in items if e.get(key)]
        try:
            limit = max(1, min(int(q.get("limit", 100)), 100))
            offset = max(0, int(q.get("offset", 0)))
        except ValueError:
            return web.json_response({"detail": "Invalid limit."}, status=400)

        def link(off: int) -> str | None:
            if off < 0 or off >= len(items):
                return None
            params = [(k, v) for k, v in q.items() if k not in ("limit", "offset")]
            return (f"{self.url}{request.path}?"
                    f"{urlencode([*params, ('limit', limit), ('offset', off)])}")

        prev = None if offset == 0 else link(max(0, offset - limit))
        return web.json_response({"count": len(items), "next": link(offset + limit),
                                  "previous": prev, "results": items[offset:offset + limit]})

    async def _ee_election(self, request: web.Request) -> web.Response:
        found = self.data.ee.get(request.match_info["id"])
        if found is None:
            return web.json_response({"detail": "Not found."}, status=404)
        return web.json_response(found)


def _token(request: web.Request) -> str | None:
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Token "):
        return auth[6:].strip() or None
    return request.query.get("auth_token") or None
