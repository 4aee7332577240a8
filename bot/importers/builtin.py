"""The built-in data: which files in data/ make the reference database, in what order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.domain import Dataset
from bot.importers.errors import ImportFailed, ImportProblem
from bot.importers.gazetteer import load_gazetteer
from bot.importers.native import load_native
from bot.importers.pipeline import import_file
from bot.store.lookup import Existing

DEMOCRACY_CLUB_DIR = "democracyclub"  # Democracy Club CSV files shipped as built-in data


def builtin_files(data_dir: Path) -> list[Path]:
    """The built-in data, parties first so every other file can refer to them."""
    files = sorted(data_dir.glob("*.json"), key=lambda p: (p.name != "parties.json", p.name))
    return files


def builtin_csv_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / DEMOCRACY_CLUB_DIR).glob("*.csv"))


def _csv_sources(data_dir: Path) -> dict[str, dict[str, Any]]:
    """Per-file source records for the built-in CSV files (sources.json beside them)."""
    path = data_dir / DEMOCRACY_CLUB_DIR / "sources.json"
    if not path.exists():
        return {}
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise ImportFailed([ImportProblem(str(path), None, f"not readable: {exc}")]) from exc


def builtin_datasets(data_dir: Path) -> Iterator[Dataset]:
    """The native files, then the Democracy Club CSV files through their importer.

    The CSV rows map onto the parties (and any councils or wards) the native files
    define, as an import into a built database would.
    """
    existing = Existing()
    held: list[Dataset] = []
    for path in builtin_files(data_dir):
        ds = load_native(path)
        existing.add(ds)
        held.append(ds)
        yield ds
    sources = _csv_sources(data_dir)
    for path in builtin_csv_files(data_dir):
        _, datasets = import_file(path, "dc-csv", existing=existing,
                                  source=sources.get(path.name))
        for ds in datasets:
            existing.add(ds)
            held.append(ds)
            yield ds
    gazetteer = load_gazetteer(data_dir, held)  # last: it links to the councils held
    if gazetteer is not None:
        yield gazetteer
