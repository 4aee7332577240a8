"""The rules of `db check`, each shown to catch what it is for."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.domain import Candidacy, Cite, Claim, Dataset, Dispute
from bot.importers.native import load_native
from bot.store.writer import BuildFailed, build
from tests.conftest import FIXTURES


def _problems(tmp_path: Path, ds: Dataset) -> list[str]:
    with pytest.raises(BuildFailed) as exc:
        build(tmp_path / "x.sqlite3", [ds])
    return [str(p) for p in exc.value.problems]


def mini() -> Dataset:
    return load_native(FIXTURES / "mini.json")


def test_the_fixture_is_clean(tmp_path: Path) -> None:
    build(tmp_path / "ok.sqlite3", [mini()])


def test_bad_ids_and_dates(tmp_path: Path) -> None:
    ds = mini()
    ds.elections[0] = dataclasses.replace(ds.elections[0], date="5 May 2018")
    ds.wards.append(dataclasses.replace(ds.wards[0], id="Bad Ward Id"))
    got = _problems(tmp_path, ds)
    assert "elections local.testshire.2018: date '5 May 2018' is not an ISO date" in got
    assert "ward Bad Ward Id: ward id 'Bad Ward Id' is not well-formed" in got


def test_unknown_references_and_sources(tmp_path: Path) -> None:
    ds = mini()
    ds.candidacies.append(Candidacy("local.testshire.hendon.2022-05-05#7",
                                    "local.testshire.hendon.2022-05-05", person_id="nobody",
                                    name="No Body", party_id="labour", elected=False,
                                    cites=(Cite("no-such-source"),)))
    got = _problems(tmp_path, ds)
    assert any("candidacies local.testshire.hendon.2022-05-05#7: refers to a people record" in g
               for g in got)
    assert any("cites unknown source 'no-such-source'" in g for g in got)


def test_ward_seats_must_add_up_when_all_are_known(tmp_path: Path) -> None:
    ds = mini()
    ds.elections[1] = dataclasses.replace(ds.elections[1], total_seats=7)
    got = _problems(tmp_path, ds)
    assert ("election local.testshire.2022-05-05: ward seats add up to 5 but the council has 7"
            in got)


def test_party_totals_must_agree_with_complete_ward_results(tmp_path: Path) -> None:
    ds = mini()
    # complete every ward's winners so the totals become checkable: Labour 3, Conservative 2
    ds.candidacies.append(Candidacy("local.testshire.colindale-north.2022-05-05#1",
                                    "local.testshire.colindale-north.2022-05-05", name="C N",
                                    party_id="conservative", elected=True))
    ds.candidacies.append(Candidacy("local.testshire.colindale-south.2022-05-05#1",
                                    "local.testshire.colindale-south.2022-05-05", name="C S",
                                    party_id="labour", elected=True))
    build(tmp_path / "agree.sqlite3", [ds])  # Lab 2+1 = 3, Con 1+1 = 2: agrees
    ds.candidacies[-1] = dataclasses.replace(ds.candidacies[-1], party_id="conservative")
    got = _problems(tmp_path, ds)
    assert any("labour has 3 seats in the totals but 2 in the ward results" in g for g in got)


def test_dispute_needs_two_sourced_claims_about_a_real_record(tmp_path: Path) -> None:
    ds = mini()
    ds.disputes.append(Dispute("d2", "x", "ballot", "no-such-ballot", None,
                               (Claim("1", ()),)))
    got = _problems(tmp_path, ds)
    assert "dispute d2: has 1 claim(s); a dispute needs at least two" in got
    assert "dispute d2: claim 0 ('1') cites no source" in got
    assert "dispute d2: subject ballot 'no-such-ballot' does not exist" in got


def test_numbers_in_range_and_duplicates(tmp_path: Path) -> None:
    ds = mini()
    ds.candidacies[0] = dataclasses.replace(ds.candidacies[0], votes=-5, vote_pct=140.0)
    ds.candidacies.append(dataclasses.replace(ds.candidacies[1], id=ds.candidacies[1].id + "0"))
    got = _problems(tmp_path, ds)
    assert any("votes -5 is out of range" in g for g in got)
    assert any("vote_pct 140.0 is out of range" in g for g in got)
    assert any("person 'bob-baker' stands 2 times" in g for g in got)
