"""The built-in gazetteer: built reproducibly from the ONS data, loaded at db build, linked
to the councils and wards already held, and read back by code."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from bot.domain import Council, Dataset, Ward
from bot.importers.gazetteer import GAZETTEER_FILE, load_gazetteer
from bot.store.reader import ReferenceStore

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
ONS = ROOT.parent / "shared" / "data" / "ons"


def _data() -> dict:
    return json.loads(gzip.decompress((DATA / GAZETTEER_FILE).read_bytes()))


def test_the_file_is_small_and_credits_the_ons() -> None:
    assert (DATA / GAZETTEER_FILE).stat().st_size < 400_000
    data = _data()
    assert data["source"]["licence"] == "Open Government Licence v3.0"
    assert "Crown copyright" in data["source"]["attribution"]
    assert len(data["councils"]) > 350 and len(data["wards"]) > 8000


@pytest.mark.skipif(not ONS.is_dir(), reason="the ONS geography is not beside the project")
def test_the_tool_rebuilds_the_committed_file_byte_for_byte(tmp_path: Path) -> None:
    import importlib.util
    spec = importlib.util.spec_from_file_location("build_gazetteer",
                                                  ROOT / "tools" / "build_gazetteer.py")
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    out = tmp_path / "g.json.gz"
    tool.write(tool.build(ONS), out)
    assert out.read_bytes() == (DATA / GAZETTEER_FILE).read_bytes()


def test_welsh_names_and_councils_are_kept() -> None:
    ds = load_gazetteer(DATA)
    assert ds is not None
    wards = {w.id: w for w in ds.place_wards}
    assert wards["W05001274"].name == "Cathays" and wards["W05001274"].welsh_name is None
    assert wards["W05001404"].welsh_name == "Betws-y-coed a Threfriw"
    councils = {c.id: c for c in ds.place_councils}
    assert councils["W06000015"].short_name == "Cardiff"
    assert councils["W06000015"].register_code == "CRF"
    assert councils["E06000066"].short_name == "Somerset"
    assert "E07000246" in councils["E06000066"].aliases  # Somerset West and Taunton, gone


def test_held_councils_link_by_code_else_by_a_name_only_one_council_has() -> None:
    held = Dataset("held", councils=[
        Council("barnet", "LB Barnet", "Barnet", gss="E09000003"),
        Council("leeds-x", "Leeds City Council", "Leeds"),
        Council("newport-x", "Newport", "Newport"),  # only one current council is Newport
        Council("richmond-x", "Richmond", "Richmond")],  # Richmond upon Thames? shire? neither
        wards=[Ward("leeds-x:2023:headingley", "leeds-x", "leeds-x:2023", "headingley",
                    "Headingley & Hyde Park")])
    ds = load_gazetteer(DATA, [held])
    assert ds is not None
    linked = {c.id: c.council_id for c in ds.place_councils if c.council_id}
    assert linked == {"E09000003": "barnet", "E08000035": "leeds-x", "W06000022": "newport-x"}
    ward_links = {w.ward_id for w in ds.place_wards if w.ward_id}
    assert ward_links == {"leeds-x:2023:headingley"}


def test_no_gazetteer_file_means_no_dataset(tmp_path: Path) -> None:
    assert load_gazetteer(tmp_path) is None


async def test_the_built_database_places_old_ward_codes_and_links_held_councils(
        builtin_db: Path) -> None:
    store = await ReferenceStore.open(builtin_db)
    try:
        old = await store.council_for_ward_code("E05000048")  # East Barnet, before 2022
        assert old is not None and old.id == "E09000003" and old.council_id == "barnet"
        somerset = await store.council_for_ward_code("e05006760")  # Ammerdown, 2016
        assert somerset is not None and somerset.short_name == "Somerset"
        assert await store.council_for_ward_code("E05999999") is None
        assert (await store.place_council("E07000246")).id == "E06000066"  # type: ignore[union-attr]
        rows = await store.place_index_rows()
        ids = {r.id for r in rows}
        assert "gss:W05001274" in ids and "gss:W06000015" in ids
        assert "gss:E09000003" not in ids  # Barnet is held: one record, not two
        names = (await store.place_aliases())[("council", "doncaster")]
        assert "E08000017" in names
        councils, wards, source = await store.place_counts()
        assert councils > 350 and wards > 8000 and source and source.licence
    finally:
        await store.close()
