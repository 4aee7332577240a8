"""One polite HTTP client for every open-data service the bot reads (aiohttp).

Polite means: a User-Agent naming the project, its version and a URL (Democracy
Club's edge firewall answers 418 to aiohttp's default one); a timeout on every
request; retries with exponential backoff and jitter on 5xx, connection errors and
timeouts; a 429's Retry-After honoured; bounded concurrency; and a request budget per
service that never exceeds the service's documented limits, so a 429 should not
happen at all. Nothing raises a raw aiohttp error past this module: every failure is
a ServiceError whose message can be shown to a user as it is.

Clock and sleep are injectable, so tests run a minute of rate limiting in no time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib import metadata
from typing import Any

import aiohttp

log = logging.getLogger(__name__)

PROJECT = "election-bot"
# Where a service's operator can read what this client is and who runs it. The project's
# public URL is not recorded anywhere yet: set it here once it is, rather than guess one
# (a guessed address could be someone else's). HTTP_CONTACT overrides it per deployment.
PROJECT_URL: str | None = None

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


def _version() -> str:
    try:
        return metadata.version(PROJECT)
    except metadata.PackageNotFoundError:
        return "0"


def user_agent(contact: str | None = None) -> str:
    """`election-bot/0.1.0 (+URL; UK local elections Discord bot)`: never aiohttp's default."""
    where = contact or PROJECT_URL
    return f"{PROJECT}/{_version()} ({f'+{where}; ' if where else ''}UK local elections " \
        "Discord bot)"


# -- errors ----------------------------------------------------------------------


class ServiceError(Exception):
    """A request that did not give a usable answer. str() is fit to show a user."""

    def __init__(self, service: str, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.service = service
        self.status = status


class ServiceUnavailable(ServiceError):
    """Down, unreachable, too slow, 5xx or still throttling after every retry."""


class NotFound(ServiceError):
    """404. `payload` is the decoded body when it was JSON (postcodes.io explains why)."""

    def __init__(self, service: str, message: str, *, payload: Any = None) -> None:
        super().__init__(service, message, status=404)
        self.payload = payload


class Refused(ServiceError):
    """The service refused us (418 for the User-Agent, 401/403): retrying will not help."""


class BadResponse(ServiceError):
    """An answer we cannot read (bad JSON, wrong shape) or a 4xx for our request."""


# -- request budget ----------------------------------------------------------------


class RateWindow:
    """At most `limit` requests in any `period` seconds (a sliding log, as DRF's throttle).

    One window may be shared by several services: Democracy Club's edge firewall
    counts the API and the CSV export together.
    """

    def __init__(self, limit: int, period: float, name: str = "") -> None:
        if limit < 1 or period <= 0:
            raise ValueError("a rate window needs limit >= 1 and period > 0")
        self.limit, self.period, self.name = limit, period, name
        self._times: deque[float] = deque()

    def wait(self, now: float) -> float:
        """Seconds until one more request fits (0: now)."""
        while self._times and self._times[0] <= now - self.period:
            self._times.popleft()
        if len(self._times) < self.limit:
            return 0.0
        return self._times[0] + self.period - now

    def record(self, now: float) -> None:
        self._times.append(now)


class Budget:
    """Waits until a request fits every window it counts against, then records it."""

    def __init__(self, windows: Iterable[RateWindow], clock: Clock, sleep: Sleep) -> None:
        self.windows = tuple(windows)
        self._clock, self._sleep = clock, sleep
        self._lock = asyncio.Lock()

    async def acquire(self) -> float:
        """Returns the seconds waited."""
        waited = 0.0
        async with self._lock:
            while True:
                now = self._clock()
                delay = max((w.wait(now) for w in self.windows), default=0.0)
                if delay <= 0:
                    for w in self.windows:
                        w.record(now)
                    return waited
                waited += delay
                await self._sleep(delay)


# -- services ----------------------------------------------------------------------


@dataclass(frozen=True)
class Service:
    """One service: its name for messages, base URL, headers and the windows it counts in."""

    name: str  # "Democracy Club", shown to users
    base_url: str
    windows: tuple[RateWindow, ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)

    def url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    headers: Mapping[str, str]
    url: str

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def decode_json(service: str, body: bytes, what: str) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadResponse(service, f"{service} sent an answer we could not read ({what}: "
                          "not JSON)") from None


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """A Retry-After header in seconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


# -- the client ------------------------------------------------------------------------


class HttpClient:
    """Owns one aiohttp session (made on first use, closed by `close`) and the budgets."""

    def __init__(self, *, contact: str | None = None, timeout: float = 15.0,
                 retries: int = 3, backoff: float = 1.0, max_backoff: float = 30.0,
                 max_retry_after: float = 120.0, concurrency: int = 4,
                 clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep,
                 rng: Callable[[], float] = random.random) -> None:
        self.user_agent = user_agent(contact)
        self.timeout = timeout
        self.retries = retries
        self.backoff, self.max_backoff = backoff, max_backoff
        self.max_retry_after = max_retry_after
        self.clock, self.sleep, self._rng = clock, sleep, rng
        self._concurrency = concurrency
        self._gate = asyncio.Semaphore(concurrency)
        self._session: aiohttp.ClientSession | None = None
        self._budgets: dict[tuple[int, ...], Budget] = {}
        self.requests_made = 0  # requests sent on the wire, retries included

    async def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers={"User-Agent": self.user_agent},
                connector=aiohttp.TCPConnector(limit=self._concurrency),
                timeout=aiohttp.ClientTimeout(total=self.timeout))
        return self._session

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _budget(self, service: Service) -> Budget:
        key = tuple(id(w) for w in service.windows)
        if key not in self._budgets:
            self._budgets[key] = Budget(service.windows, self.clock, self.sleep)
        return self._budgets[key]

    def _backoff(self, attempt: int) -> float:
        """Exponential with equal jitter: half fixed, half random."""
        cap = min(self.max_backoff, self.backoff * 2 ** attempt)
        return cap / 2 + cap / 2 * self._rng()

    async def request(self, service: Service, path: str, *, method: str = "GET",
                      params: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
                      json_body: Any = None, what: str | None = None,
                      accept: tuple[int, ...] = (200,)) -> Response:
        """Send one request (retrying as documented); a Response whose status is in `accept`.

        `what` names the request in logs and messages instead of its URL: a URL may
        hold a postcode, which must never be logged.
        """
        url = service.url(path)
        what = what or path
        name = service.name
        attempts = self.retries + 1
        last: ServiceError | None = None
        for attempt in range(attempts):
            await self._budget(service).acquire()
            try:
                resp = await self._send(service, method, url, params, json_body)
            except TimeoutError:
                last = ServiceUnavailable(name, f"{name} did not answer within "
                                          f"{self.timeout:g} s ({what})")
            except aiohttp.ClientError as exc:
                last = ServiceUnavailable(name, f"{name} could not be reached ({what}: "
                                          f"{type(exc).__name__})")
            else:
                if resp.status in accept:
                    return resp
                wait, last = self._judge(name, resp, what, attempt)
                if wait is None:
                    raise last
                if attempt + 1 < attempts:
                    log.info("%s: %s answered %s; retrying in %.1f s", name, what,
                             resp.status, wait)
                    await self.sleep(wait)
                continue
            if attempt + 1 < attempts:
                wait = self._backoff(attempt)
                log.info("%s: %s; retrying in %.1f s", name, last, wait)
                await self.sleep(wait)
        assert last is not None
        raise last

    async def _send(self, service: Service, method: str, url: str,
                    params: Any, json_body: Any) -> Response:
        session = await self.session()
        async with self._gate:
            self.requests_made += 1
            async with session.request(method, url, params=params, json=json_body,
                                       headers=dict(service.headers)) as resp:
                body = await resp.read()
                return Response(resp.status, body, dict(resp.headers), str(resp.url))

    def _judge(self, name: str, resp: Response, what: str,
               attempt: int) -> tuple[float | None, ServiceError]:
        """(seconds to wait before retrying, or None to stop; the error if we stop here)."""
        status = resp.status
        if status == 429:
            wait = retry_after(resp.headers.get("Retry-After"))
            if wait is None:
                wait = self.backoff * 4
            err = ServiceUnavailable(name, f"{name} asked us to slow down (HTTP 429) and is "
                                     "still busy; try again in a few minutes", status=429)
            return (wait if wait <= self.max_retry_after else None), err
        if status >= 500:
            return self._backoff(attempt), ServiceUnavailable(
                name, f"{name} is having trouble (HTTP {status}); try again later",
                status=status)
        if status == 418:
            return None, Refused(name, f"{name} refused our User-Agent (HTTP 418); the bot's "
                                 "operator must fix its User-Agent", status=418)
        if status in (401, 403):
            return None, Refused(name, f"{name} refused the request (HTTP {status}): the API "
                                 "token is wrong, or this address is blocked for sending too "
                                 "many requests", status=status)
        if status == 404:
            payload = None
            with contextlib.suppress(UnicodeDecodeError, json.JSONDecodeError):
                payload = json.loads(resp.body)
            return None, NotFound(name, f"{name} has no such record ({what})", payload=payload)
        return None, BadResponse(name, f"{name} did not accept the request (HTTP {status}, "
                                 f"{what})", status=status)

    async def get_json(self, service: Service, path: str, *,
                       params: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
                       what: str | None = None) -> Any:
        resp = await self.request(service, path, params=params, what=what)
        return decode_json(service.name, resp.body, what or path)

    async def get_text(self, service: Service, path: str, *,
                       params: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
                       what: str | None = None) -> str:
        resp = await self.request(service, path, params=params, what=what)
        try:
            return resp.body.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BadResponse(service.name, f"{service.name} sent text that is not UTF-8 "
                              f"({what or path})") from None


_shared: HttpClient | None = None


def shared_client(contact: str | None = None) -> HttpClient:
    """The process's one client (and so one session); close it with `close_shared`."""
    global _shared
    if _shared is None:
        _shared = HttpClient(contact=contact)
    return _shared


async def close_shared() -> None:
    global _shared
    if _shared is not None:
        await _shared.close()
        _shared = None
