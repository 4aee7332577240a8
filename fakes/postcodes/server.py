"""A fake postcodes.io on 127.0.0.1, answering in its documented shapes.

From ideal-postcodes/postcodes.io (docs/postcode/*.mdx, api/app/lib/errors.ts), as
../shared/design/open-data-apis.md §4 records them: `{"status", "result"}` envelopes;
404 "Invalid postcode" for a malformed one (not 400); 404 "Postcode not found", with a
`terminated` object when it was terminated; bulk POST of at most 100 (else 400); bad
JSON 400. It knows the postcodes in samples/ (copies of the docs' examples: BR8 7RE and
the three bulk ones; AB1 0AA terminated in 1996) and any a test maps with `add`.
"""

from __future__ import annotations

import asyncio
import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web

from fakes.loopback import serve

SAMPLES = Path(__file__).resolve().parent / "samples"
_SHAPE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    user_agent: str
    postcodes: int  # how many were asked about


class FakePostcodes:
    def __init__(self) -> None:
        self.known: dict[str, dict[str, Any]] = {}
        self.terminated: dict[str, dict[str, Any]] = {}
        self.requests: list[Seen] = []
        self.down = False  # answer 503 to everything
        self._runner: web.AppRunner | None = None
        self.url = ""
        single = json.loads((SAMPLES / "postcodes.io__docs-postcode-lookup__BR87RE.json")
                            .read_text(encoding="utf-8"))["result"]
        self.template = single
        self.known[_key(single["postcode"])] = single
        bulk = json.loads((SAMPLES / "postcodes.io__docs-postcode-bulk__3-postcodes.json")
                          .read_text(encoding="utf-8"))["result"]
        for item in bulk:
            if item["result"]:
                self.known[_key(item["query"])] = item["result"]
        errors = json.loads((SAMPLES / "postcodes.io__docs-postcode-lookup__errors.json")
                            .read_text(encoding="utf-8"))
        t = errors["terminated_404"]["terminated"]
        self.terminated[_key(t["postcode"])] = t

    def add(self, postcode: str, *, ward_gss: str, ward: str, district_gss: str,
            district: str, country: str = "England", county_gss: str = "E99999999",
            county: str | None = None) -> None:
        """Map POSTCODE to a ward, in the shape of the BR8 7RE example."""
        r = copy.deepcopy(self.template)
        pc = _key(postcode)
        r.update(postcode=f"{pc[:-3]} {pc[-3:]}", outcode=pc[:-3], incode=pc[-3:],
                 admin_ward=ward, admin_district=district, admin_county=county,
                 country=country, parish=None, ced=None)
        r["codes"].update(admin_ward=ward_gss, admin_district=district_gss,
                          admin_county=county_gss, ced="E99999999", parish="E43000000")
        self.known[pc] = r

    async def start(self) -> FakePostcodes:
        app = web.Application(middlewares=[self._middleware])
        app.add_routes([web.get("/postcodes/{postcode}", self._lookup),
                        web.post("/postcodes", self._bulk)])
        self._runner, self.url = await serve(app)
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakePostcodes:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if self.down:
            self.requests.append(Seen(request.method, request.path,
                                      request.headers.get("User-Agent", ""), 0))
            return web.json_response({"status": 503, "error": "Service Unavailable"},
                                     status=503)
        await asyncio.sleep(0)
        return await handler(request)

    def _answer(self, text: str) -> tuple[int, dict[str, Any]]:
        pc = _key(text)
        if not _SHAPE.match(pc):
            return 404, {"status": 404, "error": "Invalid postcode"}
        if pc in self.known:
            return 200, {"status": 200, "result": self.known[pc]}
        body: dict[str, Any] = {"status": 404, "error": "Postcode not found"}
        if pc in self.terminated:
            body["terminated"] = self.terminated[pc]
        return 404, body

    async def _lookup(self, request: web.Request) -> web.Response:
        self.requests.append(Seen("GET", request.path, request.headers.get("User-Agent", ""),
                                  1))
        status, body = self._answer(request.match_info["postcode"])
        return web.json_response(body, status=status)

    async def _bulk(self, request: web.Request) -> web.Response:
        try:
            payload = json.loads(await request.read())
            postcodes = payload["postcodes"]
            if not isinstance(postcodes, list):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            self.requests.append(Seen("POST", request.path,
                                      request.headers.get("User-Agent", ""), 0))
            return web.json_response({"status": 400, "error": "Invalid JSON submitted. You "
                                      "need to submit a JSON object with an array of "
                                      "postcodes or geolocation objects"}, status=400)
        self.requests.append(Seen("POST", request.path, request.headers.get("User-Agent", ""),
                                  len(postcodes)))
        if len(postcodes) > 100:
            return web.json_response({"status": 400, "error": "Too many postcodes submitted. "
                                      "Up to 100 postcodes can be bulk requested at a time"},
                                     status=400)
        result = []
        for pc in postcodes:
            status, body = self._answer(str(pc))
            result.append({"query": pc, "result": body["result"] if status == 200 else None})
        return web.json_response({"status": 200, "result": result})
