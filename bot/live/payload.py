"""Cards and ballot records as JSON text, for the ledger: what was posted is kept exactly,
so an edit of one card in a message of several re-sends the others unchanged, and a
restart resumes from the records last seen without asking the feed for them again."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

from bot.live.feed import BallotRecord, Candidate
from bot.render.card import Card, Field, SourceLink


def card_json(card: Card) -> str:
    data = asdict(card)
    data.pop("chart")  # live cards have no chart
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def card_from(text: str) -> Card:
    d: dict[str, Any] = json.loads(text)
    return Card(title=d["title"], description=d["description"],
                fields=[Field(**f) for f in d["fields"]], colour=d["colour"], url=d["url"],
                notices=list(d["notices"]), sources=[SourceLink(**s) for s in d["sources"]],
                footer=d["footer"], author=d.get("author", ""))


def digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]


def result_hash(r: BallotRecord) -> str:
    """What a result card says, without the time: a touch that changes nothing posts nothing."""
    return digest(r.ward, r.seats, r.turnout, r.turnout_pct, r.electorate, r.uncontested,
                  [(c.name, c.party_id, c.party_name, c.votes, c.elected) for c in r.candidates])


def record_json(r: BallotRecord) -> str:
    data = asdict(r)
    data["last_updated"] = r.last_updated.isoformat()
    return json.dumps(data, ensure_ascii=False)


def record_from(text: str) -> BallotRecord:
    d: dict[str, Any] = json.loads(text)
    d["candidates"] = tuple(Candidate(**c) for c in d["candidates"])
    d["last_updated"] = datetime.fromisoformat(d["last_updated"])
    return BallotRecord(**d)
