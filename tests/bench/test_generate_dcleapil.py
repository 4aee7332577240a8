"""The benchmark file generator, at a tiny size: deterministic, DCLEAPIL-shaped, importable."""

from __future__ import annotations

import csv
import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from tests.importers.conftest import answer, run_import

GENERATOR = Path(__file__).resolve().parent.parent.parent / "bench" / "generate_dcleapil.py"
_spec = importlib.util.spec_from_file_location("generate_dcleapil", GENERATOR)
assert _spec and _spec.loader
gen = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = gen  # dataclasses look their module up
_spec.loader.exec_module(gen)


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    stats = gen.generate(a, councils=3, wards=12, elections=2, seed=7)
    assert gen.generate(b, councils=3, wards=12, elections=2, seed=7) == stats
    gen.generate(c, councils=3, wards=12, elections=2, seed=8)
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()
    assert stats["councils"] == 3 and stats["ballots"] >= 24


def test_shape_and_quirks(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    stats = gen.generate(path, councils=6, wards=60, elections=5, seed=1)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == stats["rows"]
    assert {r["elected"] for r in rows} == {"t", "f"}
    assert not any(r["merge_ballot_paper"].startswith("local.") for r in rows)
    assert any("," in r["votes_cast"] for r in rows)  # thousands separators
    assert any(" & " in r["ward"] or " and " in r["ward"] for r in rows)
    by_ballot: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_ballot.setdefault(r["merge_ballot_paper"], []).append(r)
    for ballot_rows in by_ballot.values():
        tops = [r for r in ballot_rows if r["vote_share"]]
        assert len(tops) == len({r["party_name"] for r in ballot_rows})  # one per party
        valid = sum(int(r["votes_cast"].replace(",", "")) for r in ballot_rows)
        assert int(ballot_rows[0]["turnout_valid"].replace(",", "")) == valid
    def naive(r: dict[str, str]) -> bool:  # the summed-votes turnout, in a multi-seat ward
        valid, electorate = (int(r[k].replace(",", "")) for k in ("turnout_valid", "electorate"))
        return r["seats_contested_calc"] in ("2", "3") and bool(r["turnout_percentage"]) and \
            f"{100 * valid / electorate:.2f}" == r["turnout_percentage"]
    assert any(naive(r) for r in rows)


@pytest.fixture
def db(builtin_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "e.sqlite3"
    shutil.copyfile(builtin_db, path)
    return path


async def test_a_generated_file_imports_and_answers(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    stats = gen.generate(path, councils=4, wards=20, elections=3, seed=3)
    report = run_import(db, path)
    assert report.rows == stats["rows"]
    assert report.counts["candidacies"] + report.skipped_rows == stats["rows"]
    with path.open(encoding="utf-8-sig", newline="") as f:
        first = next(csv.DictReader(f))
    ballot = f"local.{first['merge_ballot_paper']}"
    text = await answer(db, f"/ward {first['ward']} council:{first['council']} "
                            f"election:{ballot.rsplit('.', 1)[1]}")
    assert text.startswith(f"{first['ward']} ward · {first['council']}")
    assert first["person_name"] in text and "g.csv" in text
