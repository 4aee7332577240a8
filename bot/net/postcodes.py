"""postcodes.io: a postcode to its ward (GSS code and name) and council.

A postcode locates a person. It is never logged (log `postcode_hash` if anything),
never put in an error message, and cached only under a digest of its normalised
form (`cache_key`), with no word of who asked. Its shape is checked before any
request: a malformed one is answered at once, with an example of the right shape.

The cache (30 days: postcodes change rarely) is any object with the two methods of
`PostcodeCache`; bot/store/state.py's StateStore is one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from bot.net.http import (
    BadResponse,
    HttpClient,
    NotFound,
    RateWindow,
    Service,
    ServiceError,
    decode_json,
)

log = logging.getLogger(__name__)

NAME = "postcodes.io"
BULK_LIMIT = 100  # postcodes.io: "Up to 100 postcodes can be bulk requested at a time"
CACHE_DAYS = 30
NOT_FOUND_CACHE = timedelta(days=1)  # new postcodes appear with each ONSPD release
EXAMPLE = "SW1A 1AA"
# postcodes.io documents no limit; ours, to stay polite: 10 requests a second at most.
LIMIT, PERIOD = 10, 1.0
# The UK postcode shape: outward code (area, district), space, inward code (sector, unit).
_SHAPE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][ABD-HJLNP-UW-Z]{2})$")
NI_NOTE = ("Northern Ireland postcode data comes from Land & Property Services (LPS), not "
           "Ordnance Survey: it is free for non-commercial use only, and commercial use needs "
           "an LPS licence. Northern Ireland councils elect by single transferable vote.")


def normalise(text: str) -> str | None:
    """'sw1a1aa ' -> 'SW1A 1AA'; None when it is not the shape of a UK postcode."""
    compact = re.sub(r"\s+", "", text or "").upper()
    m = _SHAPE.match(compact)
    return f"{m.group(1)} {m.group(2)}" if m else None


def looks_like_postcode(text: str) -> bool:
    return normalise(text) is not None


def postcode_hash(postcode: str) -> str:
    """A short, stable tag for logs: never the postcode itself."""
    return hashlib.sha256((normalise(postcode) or postcode).encode()).hexdigest()[:10]


# -- outcomes ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Malformed:
    """Not the shape of a postcode; no request was made."""

    example: str = EXAMPLE

    @property
    def message(self) -> str:
        return (f"That is not the shape of a UK postcode. Write it like {self.example} "
                "(letters, numbers, a space, a number and two letters).")


@dataclass(frozen=True, slots=True)
class Found:
    postcode: str  # normalised
    ward_gss: str | None
    ward_name: str | None
    council_gss: str | None
    council_name: str | None
    county_gss: str | None  # None in single-tier areas (postcodes.io's E99999999)
    county_name: str | None
    country: str | None

    @property
    def note(self) -> str | None:
        return None


@dataclass(frozen=True, slots=True)
class NorthernIreland(Found):
    """A BT postcode: the ward is given, with what its data licence implies."""

    @property
    def note(self) -> str | None:
        return NI_NOTE


@dataclass(frozen=True, slots=True)
class DoesNotExist:
    postcode: str

    @property
    def message(self) -> str:
        return (f"{self.postcode} is not a postcode in use, as far as postcodes.io (ONS "
                "Postcode Directory) knows. Check it, or look it up on Royal Mail's finder.")


@dataclass(frozen=True, slots=True)
class Terminated:
    postcode: str
    year: int | None
    month: int | None

    @property
    def message(self) -> str:
        when = f" in {self.month:02d}/{self.year}" if self.year and self.month else (
            f" in {self.year}" if self.year else "")
        return (f"{self.postcode} was a postcode but was terminated{when} (postcodes.io); "
                "try the postcode in use now.")


@dataclass(frozen=True, slots=True)
class Unavailable:
    message: str  # fit to show a user; never holds the postcode


Outcome = Malformed | Found | DoesNotExist | Terminated | Unavailable


# -- the cache ------------------------------------------------------------------------


class PostcodeCache(Protocol):
    """Keyed by `cache_key(postcode)`; the answer text never holds the postcode either."""

    async def postcode_get(self, key: str, *, newer_than: datetime) -> str | None: ...

    async def postcode_put(self, key: str, answer: str, fetched_at: datetime) -> None: ...


def cache_key(postcode: str) -> str:
    """The cache's key for a normalised postcode: a digest, so neither the state database
    nor a DEBUG log of its queries (aiosqlite logs every parameter) holds the postcode.
    It keeps casual readers out, not a determined one: there are only ~2 million postcodes."""
    return hashlib.sha256(f"postcode-cache:{postcode}".encode()).hexdigest()


def _dump(outcome: Found | DoesNotExist | Terminated) -> str:
    kind = {Found: "found", NorthernIreland: "ni", DoesNotExist: "none",
            Terminated: "terminated"}[type(outcome)]
    fields = asdict(outcome)
    fields.pop("postcode")
    return json.dumps({"kind": kind, **fields}, separators=(",", ":"))


def _load(postcode: str, text: str) -> Found | DoesNotExist | Terminated | None:
    try:
        d = json.loads(text)
        kind = d.pop("kind")
        cls = {"found": Found, "ni": NorthernIreland, "none": DoesNotExist,
               "terminated": Terminated}[kind]
        return cls(postcode=postcode, **d)
    except (ValueError, KeyError, TypeError):
        return None  # an unreadable cache row is a miss, never an answer


# -- parsing ---------------------------------------------------------------------------


def _code(codes: Mapping[str, Any], key: str) -> str | None:
    value = codes.get(key)
    if not isinstance(value, str) or not value or value.endswith("99999999"):
        return None  # E99999999 etc.: "not applicable"
    return value


def parse_result(postcode: str, raw: Any) -> Found:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("codes"), Mapping):
        raise ValueError("the result has no codes")
    codes = raw["codes"]
    county = _code(codes, "admin_county")
    cls = NorthernIreland if postcode.startswith("BT") else Found
    return cls(postcode=postcode, ward_gss=_code(codes, "admin_ward"),
               ward_name=raw.get("admin_ward") or None,
               council_gss=_code(codes, "admin_district"),
               council_name=raw.get("admin_district") or None, county_gss=county,
               county_name=(raw.get("admin_county") or None) if county else None,
               country=raw.get("country") or None)


def _not_found(postcode: str, payload: Any) -> DoesNotExist | Terminated:
    if isinstance(payload, Mapping) and isinstance(payload.get("terminated"), Mapping):
        t = payload["terminated"]
        year, month = t.get("year_terminated"), t.get("month_terminated")
        return Terminated(postcode, year if isinstance(year, int) else None,
                          month if isinstance(month, int) else None)
    return DoesNotExist(postcode)


# -- the client ------------------------------------------------------------------------


class Postcodes:
    def __init__(self, http: HttpClient, base_url: str, cache: PostcodeCache | None = None,
                 *, max_age: timedelta = timedelta(days=CACHE_DAYS)) -> None:
        self.http = http
        self.service = Service(NAME, base_url, (RateWindow(LIMIT, PERIOD, NAME),))
        self.cache = cache
        self.max_age = max_age

    @classmethod
    def from_settings(cls, settings: Any, http: HttpClient,
                      cache: PostcodeCache | None = None) -> Postcodes:
        return cls(http, settings.postcodes_url, cache)

    async def _cached(self, postcode: str, now: datetime) -> Outcome | None:
        if self.cache is None:
            return None
        key = cache_key(postcode)
        text = await self.cache.postcode_get(key, newer_than=now - self.max_age)
        found = _load(postcode, text) if text else None
        if isinstance(found, DoesNotExist):
            fresh = await self.cache.postcode_get(key, newer_than=now - NOT_FOUND_CACHE)
            return found if fresh else None
        return found

    async def _keep(self, outcome: Outcome, now: datetime) -> None:
        if self.cache is not None and isinstance(outcome, Found | DoesNotExist | Terminated):
            await self.cache.postcode_put(cache_key(outcome.postcode), _dump(outcome), now)

    async def lookup(self, text: str) -> Outcome:
        """One postcode: from the cache when fresh, else one request."""
        postcode = normalise(text)
        if postcode is None:
            return Malformed()
        now = datetime.now(UTC)
        held = await self._cached(postcode, now)
        if held is not None:
            return held
        tag = postcode_hash(postcode)
        what = f"postcode lookup {tag}"
        try:
            raw = await self.http.get_json(self.service,
                                           "/postcodes/" + postcode.replace(" ", ""),
                                           what=what)
            outcome: Outcome = parse_result(postcode, _result(raw, what))
        except NotFound as exc:
            outcome = _not_found(postcode, exc.payload)
        except ValueError as exc:
            log.warning("postcodes.io: %s: unreadable answer (%s)", what, exc)
            return Unavailable("postcodes.io sent an answer we could not read; try again "
                               "later.")
        except ServiceError as exc:
            log.warning("postcodes.io: %s: %s", what, exc)
            return Unavailable(str(exc))
        await self._keep(outcome, now)
        return outcome

    async def lookup_many(self, texts: Iterable[str]) -> dict[str, Outcome]:
        """Several postcodes: the cache, then the bulk endpoint (100 a request).

        Keyed by the text as given. The bulk endpoint says only "not found" (null),
        not whether a postcode was terminated; a single lookup says which.
        """
        out: dict[str, Outcome] = {}
        wanted: dict[str, list[str]] = {}  # normalised -> the texts that gave it
        now = datetime.now(UTC)
        for text in texts:
            postcode = normalise(text)
            if postcode is None:
                out[text] = Malformed()
                continue
            held = await self._cached(postcode, now)
            if held is not None:
                out[text] = held
            else:
                wanted.setdefault(postcode, []).append(text)
        todo = list(wanted)
        for start in range(0, len(todo), BULK_LIMIT):
            chunk = todo[start:start + BULK_LIMIT]
            answers = await self._bulk(chunk, now)
            for postcode in chunk:
                for text in wanted[postcode]:
                    out[text] = answers[postcode]
        return out

    async def _bulk(self, chunk: list[str], now: datetime) -> dict[str, Outcome]:
        what = f"bulk lookup of {len(chunk)} postcode(s)"
        try:
            resp = await self.http.request(self.service, "/postcodes", method="POST",
                                           json_body={"postcodes": chunk}, what=what)
            items = _result(decode_json(NAME, resp.body, what), what)
            if not isinstance(items, list):
                raise ValueError("the bulk result is not a list")
            answers: dict[str, Outcome] = {}
            for item in items:
                if not isinstance(item, Mapping):
                    raise ValueError("a bulk item is not an object")
                postcode = normalise(str(item.get("query", "")))
                if postcode is None or postcode not in chunk:
                    raise ValueError("a bulk item answers a postcode we did not ask about")
                result = item.get("result")
                answers[postcode] = (DoesNotExist(postcode) if result is None
                                     else parse_result(postcode, result))
        except (ValueError, ServiceError) as exc:
            log.warning("postcodes.io: %s: %s", what, exc)
            message = str(exc) if isinstance(exc, ServiceError) else \
                "postcodes.io sent an answer we could not read; try again later."
            return dict.fromkeys(chunk, Unavailable(message))
        for postcode in chunk:
            outcome = answers.get(postcode) or Unavailable("postcodes.io left this postcode "
                                                           "unanswered; try again.")
            answers[postcode] = outcome
            await self._keep(outcome, now)
        return answers


def _result(raw: Any, what: str) -> Any:
    if not isinstance(raw, Mapping) or "result" not in raw:
        raise BadResponse(NAME, f"{NAME} sent an answer of the wrong shape ({what})")
    return raw["result"]
