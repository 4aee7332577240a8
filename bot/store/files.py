"""The database files as services: open the reference database, build it from data/.

The CLI, the Discord client and the import command all need these, so they live here
rather than in any one of them (the CLI imports everything; nothing imports the CLI).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.config import Settings
from bot.importers.builtin import builtin_datasets
from bot.importers.errors import ImportFailed
from bot.store.reader import ReferenceStore, StoreError
from bot.store.writer import BuildFailed, build


def build_builtin(settings: Settings, target: Path | None = None, quiet: bool = False) -> str:
    """Build the reference database from data/; raises ImportFailed or BuildFailed."""
    target = target or settings.election_db
    if not quiet:
        print(f"Building the election database {target} from {settings.data_dir} ...",
              file=sys.stderr)
    return build(target, builtin_datasets(settings.data_dir), note="db build")


async def open_store(settings: Settings) -> ReferenceStore:
    """Open the reference database, building the default one first if it is missing."""
    path = settings.election_db
    if not path.exists():
        if not settings.election_db_is_default:
            raise StoreError(f"no election database at {path} (ELECTION_DB). Build one with "
                             "`election-bot db build`, or unset ELECTION_DB to use the "
                             "built-in data.")
        try:
            await asyncio.to_thread(build_builtin, settings)
        except (ImportFailed, BuildFailed) as exc:
            raise StoreError("the built-in data failed its checks:\n" +
                             "\n".join(f"  {p}" for p in exc.problems)) from exc
    return await ReferenceStore.open(path)
