"""What importers read from an existing database."""

from __future__ import annotations

from pathlib import Path

from bot.importers.builtin import builtin_datasets
from bot.store.lookup import Existing, read_existing

DATA = Path(__file__).resolve().parent.parent.parent / "data"


def test_read_existing_matches_the_datasets_it_was_built_from(builtin_db: Path) -> None:
    found = read_existing(builtin_db)
    assert found.parties["labour"].register_ids == ("PP53",)
    assert found.parties["labour-co-operative"].rollup_id == "labour"
    assert "barnet" in found.councils and "doncaster" in found.councils
    assert "local.barnet.2022-05-05" in found.elections
    assert found.ballot_wards["local.barnsley.kingstone.2021-05-06"] == \
        "barnsley-e05000985:kingstone"
    ward = found.wards["barnet-2022:childs-hill"]
    assert (ward.council_id, ward.slug, ward.first_used) == ("barnet", "childs-hill", "2022-05-05")
    expected = Existing.from_datasets(builtin_datasets(DATA))
    assert found == expected


def test_no_database_means_nothing_known(tmp_path: Path) -> None:
    assert read_existing(tmp_path / "missing.sqlite3") == Existing()
