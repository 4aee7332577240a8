"""Cards from real results: Barnet's by-elections (data/barnet.json) against the ward's
2022 winners, Barnet 2022's council totals, and Doncaster 2021 with nothing to compare."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.domain import Dataset
from bot.importers.native import load_native
from bot.live import cards
from bot.live.feed import BallotRecord, Candidate, ElectionInfo
from bot.live.payload import card_from, card_json
from tests.live.fakes import DONCASTER, REPO, party_book, read_results

BARNET = load_native(REPO / "data" / "barnet.json")
REGISTER = {p.id: (p.register_ids[0] if p.register_ids else None) for p in
            load_native(REPO / "data" / "parties.json").parties}


def _record(ds: Dataset, ballot_id: str, at: datetime) -> BallotRecord:
    b = next(b for b in ds.ballots if b.id == ballot_id)
    cands = [c for c in ds.candidacies if c.ballot_id == ballot_id and c.name]
    return BallotRecord(
        ballot_id=b.id, election_id=b.election_id, council_id="barnet",
        ward=b.ward_id.split(":")[1].replace("-", " ").title(), seats=b.seats or 1,
        candidates=tuple(Candidate(c.name or "", REGISTER.get(c.party_id or ""), None, c.votes,
                                   c.elected) for c in cands),
        last_updated=at, post_id=b.ward_id, turnout_pct=b.turnout_pct, electorate=b.electorate)


def _winners_2022(ward: str) -> tuple[str, ...]:
    return tuple(c.party_id or "" for c in BARNET.candidacies
                 if c.ballot_id == f"local.barnet.{ward}.2022-05-05" and c.elected)


AT = datetime(2025, 2, 13, 23, 41, tzinfo=UTC)
BY = ElectionInfo("local.barnet.2025-02-13", "barnet", "Barnet", date(2025, 2, 13))


def test_a_by_election_hold_with_its_majority() -> None:
    record = _record(BARNET, "local.barnet.burnt-oak.by.2025-02-13", AT)
    held = _winners_2022("burnt-oak")
    assert held == ("labour",) * 3  # so the seat filled was Labour's, whoever vacated it
    baseline = cards.Baseline("Barnet 2022", wards={"barnet-2022:burnt-oak": held[:1]})
    card = cards.result_card(record, BY, party_book(), baseline)
    assert card.title == "Labour hold Burnt Oak — majority 563"  # 1,064 − 501
    assert card.author == "Barnet · 13 February 2025"
    assert card.footer == "Source: Democracy Club · as of 23:41"
    assert "✅ **Charlotte Elizabeth Daus** (Labour) 1,064" in card.description
    assert "Next: Kevin Kishar Ghateh (Conservative) 501" in card.description
    assert "Turnout 17.3% of 13,747" in card.description
    assert "Change on the last election: none" in card.description
    whole_ward = cards.Baseline("Barnet 2022", wards={"barnet-2022:burnt-oak": held})
    assert cards.result_card(record, BY, party_book(), whole_ward).title.startswith(
        "Labour win Burnt Oak")  # 3 earlier seats for 1 now: not compared


def test_no_earlier_result_means_no_gain_or_hold_claimed() -> None:
    record = _record(BARNET, "local.barnet.hendon.by.2025-10-30", AT)
    card = cards.result_card(record, BY, party_book(), None)
    assert card.title == "Conservative win Hendon — majority 587"  # 1,656 − 1,069
    assert "no earlier result for this ward is held" in card.description


def test_a_gain_names_who_lost_the_seat() -> None:
    record = _record(BARNET, "local.barnet.hendon.by.2025-10-30", AT)
    baseline = cards.Baseline("test", wards={"barnet-2022:hendon": ("labour",)})
    assert cards.result_card(record, BY, party_book(), baseline).title.startswith(
        "Conservative gain Hendon from Labour")


def test_multi_seat_wards_and_unknown_votes() -> None:
    r = next(r for r in read_results() if r.ward == "Balby South")
    card = cards.result_card(r, DONCASTER, party_book())
    assert card.title.startswith("Labour win both seats in Balby South — majority ")
    assert cards.majority(r) == min(c.votes for c in r.elected) - max(
        c.votes for c in r.candidates if not c.elected)
    novotes = BallotRecord("b", "e", "x", "W", 1, (Candidate("A", "PP53", None, None, True),
                                                  Candidate("B", "PP52", None, 10, False)), AT)
    assert cards.majority(novotes) is None
    assert "Turnout not recorded" in cards.result_card(novotes, DONCASTER, party_book()).description


def test_council_verdict_from_barnet_2022_totals() -> None:
    """Barnet 2022: Labour 41, Conservative 22 of 63; Conservative control before."""
    won = {pr.party_id: pr.seats for pr in BARNET.party_results
           if pr.election_id == "local.barnet.2022-05-05" and pr.seats}
    election = next(e for e in BARNET.elections if e.id == "local.barnet.2022-05-05")
    baseline = cards.Baseline("Barnet 2018", council_size=election.total_seats,
                              control_before=election.control_before)
    title, why = cards.council_verdict(won, baseline, "Barnet", party_book())
    assert title == "Labour gain Barnet"
    assert why == "Labour 41 of 63; 32 needed for a majority."
    held = cards.Baseline("x", council_size=63, control_before="labour")
    assert cards.council_verdict(won, held, "Barnet", party_book())[0] == "Labour hold Barnet"


def test_no_council_size_no_control_verdict() -> None:
    records = read_results()
    t = cards.tally(records, party_book())
    title, why = cards.council_verdict(t.won, None, "Doncaster", party_book())
    assert title == "Doncaster: every ward declared"
    assert "Control: not known here" in why and "Labour won the most seats" in why


def test_thirds_without_continuing_seats_is_not_a_verdict() -> None:
    won = {"labour": 17, "conservative": 4}
    base = cards.Baseline("x", council_size=63, control_before="labour")  # continuing unknown
    assert cards.council_verdict(won, base, "Barnsley", party_book())[0].endswith("declared")


def test_retracted_and_corrected_cards() -> None:
    r = read_results()[0]
    card = cards.result_card(r, DONCASTER, party_book())
    struck = cards.retracted(card, AT)
    assert struck.title == f"~~{card.title}~~" and "Withdrawn" in struck.description
    assert all(line.startswith("~~") for line in struck.description.splitlines()[1:])
    assert cards.corrected(card, AT).description.startswith("✏️ Corrected")
    assert card_from(card_json(card)) == card


def test_card_chars_counts_what_discord_counts() -> None:
    card = cards.result_card(read_results()[0], DONCASTER, party_book())
    assert cards.card_chars(card) == len(card.title) + len(card.description) + \
        len(card.footer) + len(card.author)
