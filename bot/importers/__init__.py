"""Turning files into Datasets: the native JSON format and the open formats we import.

Importers read and validate; they never write a database (bot/store/writer.py does).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from bot.domain import Dataset
from bot.importers.native import load_native


def builtin_files(data_dir: Path) -> list[Path]:
    """The built-in data, parties first so every other file can refer to them."""
    files = sorted(data_dir.glob("*.json"), key=lambda p: (p.name != "parties.json", p.name))
    return files


def builtin_datasets(data_dir: Path) -> Iterator[Dataset]:
    for path in builtin_files(data_dir):
        yield load_native(path)
