"""Democracy Club's candidates site (YNR `next` API and CSV export) and EveryElection.

What each call asks for, and the services' limits and quirks, are in
../shared/design/open-data-apis.md (§1 YNR, §2 EE, §6 gotchas). Responses are read
strictly: a wrong shape is a BadResponse, never a crash or a guessed value; null
stays None (not 0); timestamps keep their offsets (YNR writes London time with `Z`
or `+01:00`, EE writes UTC).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from bot.net.http import BadResponse, HttpClient, RateWindow, Service

NAME = "Democracy Club"
LICENCE = "CC BY 4.0"
ATTRIBUTION = "Democracy Club"
# YNR: DRF AnonRateThrottle "10/minute" (api settings); the edge firewall: 150 requests in
# 5 minutes per IP, counting the API and the CSV export together (cdk/stack/waf.py).
ANON_LIMIT, ANON_PERIOD = 10, 60.0
WAF_LIMIT, WAF_PERIOD = 150, 300.0
# EE documents no limit; we keep to one request a second on average, our own choice.
EE_LIMIT, EE_PERIOD = 60, 60.0
PAGE_SIZE = 100  # YNR ballots and EE both cap a page at 100
CHANGED_CAP = 1000  # YNR caps a `last_updated` query at 1000 rows
_SLUG = re.compile(r"^[a-z0-9-]+$")
_ELECTION_ID = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.\d{4}-\d{2}-\d{2}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# -- what comes back -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Election:
    """An EveryElection election: an organisation group (a council's election) or a ballot."""

    election_id: str
    title: str
    poll_open_date: str
    identifier_type: str  # organisation, ballot, election...
    organisation_slug: str | None
    organisation_name: str | None
    children: tuple[str, ...]  # ballot ids of an organisation group
    cancelled: bool
    cancellation_reason: str | None
    replaced_by: str | None
    by_election: bool  # ".by." in the id
    modified: datetime | None


@dataclass(frozen=True, slots=True)
class Candidacy:
    person_id: int
    name: str
    party_id: str | None  # PP53, joint-party:53-119, ynmp-party:2
    party_name: str
    elected: bool | None  # None: not (yet) said
    votes: int | None  # None: no votes recorded (a real 0 stays 0)


@dataclass(frozen=True, slots=True)
class BallotResults:
    turnout: int | None  # ballot papers issued, as DC records it
    turnout_percentage: float | None
    spoilt: int | None
    electorate: int | None
    source: str | None


@dataclass(frozen=True, slots=True)
class Ballot:
    ballot_paper_id: str
    election_id: str
    election_date: str
    post_id: str  # gss:E05013806, or a legacy / provisional id
    post_label: str
    winner_count: int | None
    cancelled: bool  # YNR: cancelled OR uncontested
    uncontested: bool
    candidates_locked: bool
    by_election: bool
    by_election_reason: str
    replaced_by: str | None
    last_updated: datetime
    candidacies: tuple[Candidacy, ...]
    results: BallotResults | None
    sopn_url: str | None = None  # the statement of persons nominated, where DC has it

    @property
    def gss(self) -> str | None:
        return self.post_id[4:] if self.post_id.startswith("gss:") else None

    @property
    def has_result(self) -> bool:
        return self.results is not None or any(c.votes is not None for c in self.candidacies)


@dataclass(frozen=True, slots=True)
class Changed:
    """Ballots changed since a time, oldest change first."""

    ballots: tuple[Ballot, ...]
    high_water_mark: datetime | None  # the latest `last_updated` seen: ask from here next
    complete: bool  # False: more than the API would give at once; ask again from the mark


@dataclass(frozen=True, slots=True)
class CsvExport:
    election_id: str
    url: str  # the URL it came from, for the source record
    text: str
    fetched_at: datetime


# -- parsing ---------------------------------------------------------------------------


def parse_time(value: Any, what: str = "timestamp") -> datetime:
    """An ISO 8601 time with its offset: `...Z`, `...+01:00`, with or without microseconds."""
    if not isinstance(value, str):
        raise ValueError(f"{what} is {value!r}, not a time")
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what} {value!r} is not an ISO 8601 time") from None
    if when.tzinfo is None:
        raise ValueError(f"{what} {value!r} has no offset")
    return when


def _number(value: Any, what: str) -> float | None:
    """A number or a numeric string ("29.63"): YNR's turnout_percentage is either."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"{what} is {value!r}, not a number")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    raise ValueError(f"{what} is {value!r}, not a number")


def _whole(value: Any, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"{what} is {value!r}, not a whole number")


def _flag(value: Any, what: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.casefold() in ("t", "true", "f", "false"):
        return value.casefold() in ("t", "true")
    raise ValueError(f"{what} is {value!r}, not true/false")


def _obj(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{what} is not an object")
    return value


def _str(d: Mapping[str, Any], key: str, what: str) -> str:
    value = d.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what}.{key} is missing")
    return value


def parse_ballot(raw: Any) -> Ballot:
    d = _obj(raw, "ballot")
    bid = _str(d, "ballot_paper_id", "ballot")
    election = _obj(d.get("election"), f"{bid} election")
    post = _obj(d.get("post"), f"{bid} post")
    cands = []
    for i, c in enumerate(d.get("candidacies") or ()):
        c = _obj(c, f"{bid} candidacy {i}")
        person = _obj(c.get("person"), f"{bid} candidacy {i} person")
        party = c.get("party") or {}
        result = c.get("result")
        votes = None
        if result is not None:
            votes = _whole(_obj(result, f"{bid} result").get("num_ballots"),
                           f"{bid} num_ballots")
        cands.append(Candidacy(
            person_id=_whole(person.get("id"), f"{bid} person id") or 0,
            name=_str(person, "name", f"{bid} person"),
            party_id=party.get("ec_id") if isinstance(party, Mapping) else None,
            party_name=c.get("party_name") or (party.get("name") if party else "") or "",
            elected=_flag(c.get("elected"), f"{bid} elected"), votes=votes))
    results = None
    if d.get("results") is not None:
        r = _obj(d["results"], f"{bid} results")
        results = BallotResults(
            turnout=_whole(r.get("num_turnout_reported"), f"{bid} num_turnout_reported"),
            turnout_percentage=_number(r.get("turnout_percentage"), f"{bid} turnout_percentage"),
            spoilt=_whole(r.get("num_spoilt_ballots"), f"{bid} num_spoilt_ballots"),
            electorate=_whole(r.get("total_electorate"), f"{bid} total_electorate"),
            source=r.get("source") or None)
    return Ballot(
        ballot_paper_id=bid, election_id=_str(election, "election_id", f"{bid} election"),
        election_date=_str(election, "election_date", f"{bid} election"),
        post_id=_str(post, "id", f"{bid} post"), post_label=_str(post, "label", f"{bid} post"),
        winner_count=_whole(d.get("winner_count"), f"{bid} winner_count"),
        cancelled=bool(_flag(d.get("cancelled"), f"{bid} cancelled")),
        uncontested=bool(_flag(d.get("uncontested"), f"{bid} uncontested")),
        candidates_locked=bool(_flag(d.get("candidates_locked"), f"{bid} candidates_locked")),
        by_election=".by." in bid, by_election_reason=d.get("by_election_reason") or "",
        replaced_by=d.get("replaced_by") or None,
        last_updated=parse_time(d.get("last_updated"), f"{bid} last_updated"),
        candidacies=tuple(cands), results=results, sopn_url=_sopn(d.get("sopn")))


def _sopn(value: Any) -> str | None:
    if not isinstance(value, Mapping):
        return None
    url = value.get("source_url") or value.get("uploaded_file")
    return url if isinstance(url, str) and url else None


def parse_election(raw: Any) -> Election:
    d = _obj(raw, "election")
    eid = _str(d, "election_id", "election")
    org = d.get("organisation") or {}
    org = org if isinstance(org, Mapping) else {}
    children = d.get("children") or []
    if not isinstance(children, list) or not all(isinstance(c, str) for c in children):
        raise ValueError(f"{eid} children is not a list of ids")
    modified = d.get("modified")
    return Election(
        election_id=eid, title=d.get("election_title") or eid,
        poll_open_date=_str(d, "poll_open_date", eid),
        identifier_type=d.get("identifier_type") or "",
        organisation_slug=org.get("slug"),
        organisation_name=org.get("official_name") or org.get("common_name"),
        children=tuple(children), cancelled=bool(_flag(d.get("cancelled"), f"{eid} cancelled")),
        cancellation_reason=d.get("cancellation_reason") or None,
        replaced_by=d.get("replaced_by") or None, by_election=".by." in eid,
        modified=parse_time(modified, f"{eid} modified") if modified else None)


def _page(service: str, raw: Any, what: str) -> tuple[list[Any], str | None]:
    """A DRF envelope's results and next link; a wrong shape is a BadResponse."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("results"), list):
        raise BadResponse(service, f"{service} sent an answer of the wrong shape ({what})")
    nxt = raw.get("next")
    if nxt is not None and not isinstance(nxt, str):
        raise BadResponse(service, f"{service} sent a bad next link ({what})")
    return raw["results"], nxt


def _parse_all(service: str, items: list[Any], parse: Any, what: str) -> list[Any]:
    try:
        return [parse(i) for i in items]
    except ValueError as exc:
        raise BadResponse(service, f"{service} sent a record we could not read ({what}: "
                          f"{exc})") from None


def _check_slug(slug: str) -> None:
    if not _SLUG.match(slug):
        raise ValueError(f"{slug!r} is not an organisation slug like 'doncaster'")


def _check_day(day: str) -> None:
    if not _DAY.match(day):
        raise ValueError(f"{day!r} is not a date (YYYY-MM-DD)")


def utc_z(when: datetime) -> str:
    """A time as UTC with `Z`: no `+` for a query string to mangle (open-data-apis §6.11)."""
    if when.tzinfo is None:
        raise ValueError("a naive time is ambiguous; give its offset")
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


# -- the client ------------------------------------------------------------------------


class DemocracyClub:
    def __init__(self, http: HttpClient, *, candidates_url: str, elections_url: str,
                 token: str | None = None) -> None:
        self.http = http
        waf = RateWindow(WAF_LIMIT, WAF_PERIOD, "Democracy Club edge firewall")
        api_windows = (waf,) if token else (RateWindow(ANON_LIMIT, ANON_PERIOD, "YNR anon"), waf)
        headers = {"Authorization": f"Token {token}"} if token else {}
        self.api = Service(NAME, candidates_url, api_windows, headers)
        self.export = Service(NAME, candidates_url, (waf,))
        self.ee = Service(f"{NAME} (EveryElection)", elections_url,
                          (RateWindow(EE_LIMIT, EE_PERIOD, "EE"),))

    @classmethod
    def from_settings(cls, settings: Any, http: HttpClient) -> DemocracyClub:
        return cls(http, candidates_url=settings.dc_candidates_url,
                   elections_url=settings.dc_elections_url, token=settings.dc_api_token)

    async def _pages(self, service: Service, path: str, params: list[tuple[str, Any]],
                     what: str) -> list[Any]:
        """Every page, following `next` (its query only, against our base URL)."""
        items: list[Any] = []
        query: list[tuple[str, Any]] | None = params
        page = 1
        while query is not None:
            raw = await self.http.get_json(service, path, params=query,
                                           what=f"{what}, page {page}")
            results, nxt = _page(service.name, raw, what)
            items += results
            query = parse_qsl(urlsplit(nxt).query) if nxt else None
            page += 1
        return items

    # EveryElection

    async def elections(self, organisation: str, date: str | None = None) -> list[Election]:
        """A council's elections (organisation groups, e.g. local.doncaster.2021-05-06)."""
        _check_slug(organisation)
        params: list[tuple[str, Any]] = [
            ("election_id_regex", rf"^local\.{organisation}\.\d{{4}}-\d{{2}}-\d{{2}}$"),
            ("identifier_type", "organisation"), ("limit", PAGE_SIZE)]
        if date:
            _check_day(date)
            params.append(("poll_open_date", date))
        items = await self._pages(self.ee, "/api/elections/", params,
                                  f"elections of {organisation}")
        return _parse_all(self.ee.name, items, parse_election, "elections")

    async def local_elections_on(self, date: str) -> list[Election]:
        """Every council's local election on DATE (organisation groups)."""
        _check_day(date)
        params: list[tuple[str, Any]] = [
            ("election_id_regex", r"^local\."), ("identifier_type", "organisation"),
            ("poll_open_date", date), ("limit", PAGE_SIZE)]
        items = await self._pages(self.ee, "/api/elections/", params,
                                  f"local elections on {date}")
        return _parse_all(self.ee.name, items, parse_election, "elections")

    async def election_ballots(self, organisation: str, date: str) -> list[Election]:
        """EE's ballots of a council on DATE: cancellations, replacements, by-elections."""
        _check_slug(organisation)
        _check_day(date)
        params: list[tuple[str, Any]] = [
            ("election_id_regex", rf"^local\.{organisation}\."), ("identifier_type", "ballot"),
            ("poll_open_date", date), ("limit", PAGE_SIZE)]
        items = await self._pages(self.ee, "/api/elections/", params,
                                  f"ballots of {organisation} on {date}")
        return _parse_all(self.ee.name, items, parse_election, "ballots")

    # YNR next

    async def ballots(self, election_id: str) -> list[Ballot]:
        """Every ballot of an election with its candidacies and results."""
        params: list[tuple[str, Any]] = [("election_id", election_id),
                                         ("page_size", PAGE_SIZE)]
        items = await self._pages(self.api, "/api/next/ballots/", params,
                                  f"ballots of {election_id}")
        return _parse_all(self.api.name, items, parse_ballot, "ballots")

    async def changed_since(self, since: datetime, *, election_date: str | None = None,
                            max_rounds: int = 10) -> Changed:
        """Ballots whose `last_updated` is after SINCE, oldest first.

        YNR sorts these ascending and stops at 1000 rows; the filter is strictly
        "after", so rows sharing the 1000th row's time could be skipped. A full batch
        is followed by another query from just before its last time, and rows already
        seen are dropped; `complete` is False if the rounds run out first.
        """
        seen: dict[str, Ballot] = {}  # by ballot id: its latest version
        mark: datetime | None = None
        query_from = since
        for _ in range(max_rounds):
            params: list[tuple[str, Any]] = [("last_updated", utc_z(query_from)),
                                             ("page_size", PAGE_SIZE)]
            if election_date:
                _check_day(election_date)
                params.append(("election_date", election_date))
            items = await self._pages(self.api, "/api/next/ballots/", params,
                                      "changed ballots")
            batch = _parse_all(self.api.name, items, parse_ballot, "changed ballots")
            for b in batch:
                held = seen.get(b.ballot_paper_id)
                if held is None or b.last_updated >= held.last_updated:
                    seen[b.ballot_paper_id] = b
                if mark is None or b.last_updated > mark:
                    mark = b.last_updated
            if len(batch) < CHANGED_CAP or mark is None:
                return Changed(_oldest_first(seen), mark, True)
            step = mark - timedelta(microseconds=1)  # again from just before the last
            if step <= query_from:  # 1000 rows on one instant: cannot page past them
                break
            query_from = step
        return Changed(_oldest_first(seen), mark, False)

    async def export_csv(self, election_id: str) -> CsvExport:
        """The whole election as the CSV export (results and election columns): one request."""
        if not _ELECTION_ID.match(election_id):
            raise ValueError(f"{election_id!r} is not an election id like "
                             "local.doncaster.2021-05-06")
        # A case-insensitive regex on the server: dots escaped, anchored, so it is exact.
        params = [("election_id", "^" + election_id.replace(".", "\\.") + "$"),
                  ("field_group", "results"), ("field_group", "election")]
        resp = await self.http.request(self.export, "/data/export_csv/", params=params,
                                       what=f"CSV export of {election_id}")
        try:
            text = resp.body.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BadResponse(NAME, f"{NAME} sent a CSV that is not UTF-8 "
                              f"({election_id})") from None
        if not text.startswith("person_id,"):
            raise BadResponse(NAME, f"{NAME} sent something other than its CSV export "
                              f"({election_id})")
        return CsvExport(election_id, resp.url, text, datetime.now(UTC))


def _oldest_first(seen: dict[str, Ballot]) -> tuple[Ballot, ...]:
    return tuple(sorted(seen.values(), key=lambda b: b.last_updated))
