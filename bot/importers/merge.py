"""Merging a ballot another source recorded: keep what is held, keep what differs as a dispute.

A curated record stays authoritative: a merging import (Democracy Club fetched into a
database that already holds a curator's ballots) never rewrites it. Where the new source
says something else, or has a figure the held record lacks ("not recorded" here, 1,234
votes there), both are kept as a Dispute whose claims cite each side, and answers show
"Sources disagree". Where it says the same, nothing is written at all.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain import Ballot, Candidacy, Cite, Claim, Dispute
from bot.importers.rows import Row

NOT_RECORDED = "not recorded"
# Ballot-wide figures compared (turnout_pct follows from them, so it is not).
_BALLOT = (("seats", "seats"), ("electorate", "electorate"), ("turnout", "turnout (ballots cast)"),
           ("spoilt", "spoilt ballots"))


def _fold(name: str | None) -> str:
    return " ".join((name or "").casefold().split())


def _shown(value: object) -> str:
    if value is None:
        return NOT_RECORDED
    if isinstance(value, bool):
        return "elected" if value else "not elected"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _held_cites(rec: Ballot | Candidacy, ballot: Ballot) -> tuple[Cite, ...]:
    return rec.cites or ballot.cites


def disagreements(rows: Sequence[Row], held: Ballot, held_cands: Sequence[Candidacy],
                  cite: Cite) -> list[Dispute]:
    """Disputes for every value ROWS (one ballot of the new source, cited by CITE) state
    differently from the HELD ballot, or state where the held one records nothing.

    A value the new source leaves empty is no disagreement: it simply says less."""
    first = rows[0]
    bid = held.id
    out: list[Dispute] = []

    def dispute(kind: str, subject: str, fld: str, topic: str, mine: object, theirs: object,
                held_cites: tuple[Cite, ...]) -> None:
        if theirs is None or mine == theirs:
            return
        out.append(Dispute(
            f"{cite.source_id}:{kind}:{subject}:{fld}", topic, kind, subject, fld,
            (Claim(_shown(mine), held_cites), Claim(_shown(theirs), (cite,))),
            note="kept from a merging import; the held record is unchanged"))

    for fld, words in _BALLOT:
        dispute("ballot", bid, fld, f"{words} in {first.ward_name} on {first.ballot.date}",
                getattr(held, fld), getattr(first, fld), held.cites)

    by_person = {c.person_id: c for c in held_cands if c.person_id}
    by_name = {_fold(c.name): c for c in held_cands if c.name}
    matched: set[str] = set()
    missing: list[str] = []
    for r in rows:
        c = by_person.get(r.person_id) if r.person_id else None
        c = c or by_name.get(_fold(r.name))
        if c is None:
            missing.append(r.name or r.person_id or "?")
            continue
        matched.add(c.id)
        who = c.name or r.name or "a candidate"
        cites = _held_cites(c, held)
        dispute("candidacy", c.id, "votes", f"votes for {who} in {first.ward_name}",
                c.votes, r.votes, cites)
        dispute("candidacy", c.id, "elected", f"whether {who} was elected in {first.ward_name}",
                c.elected, r.elected, cites)
    extra = [c.name or "?" for c in held_cands if c.id not in matched]
    if missing or extra:
        def listed(names: list[str]) -> str:
            return "also " + ", ".join(names) if names else "no others"
        out.append(Dispute(
            f"{cite.source_id}:ballot:{bid}:candidates",
            f"who stood in {first.ward_name} on {first.ballot.date}", "ballot", bid,
            "candidates", (Claim(listed(extra), held.cites), Claim(listed(missing), (cite,))),
            note="candidates one source lists and the other does not"))
    return out
