"""What an import did, for the CLI to print: counts, warnings and problems.

Problems make the import fail (nothing is written); warnings (rows deliberately
left out, each with its line and reason) do not.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bot.domain import Dataset
from bot.importers.errors import ImportProblem


@dataclass(slots=True)
class ImportReport:
    """What an import did, for the CLI to print; problems make it fail, warnings do not."""

    path: str
    format: str
    rows: int = 0
    skipped_rows: int = 0
    other_councils: int = 0  # rows left out by --council
    replaced_ballots: int = 0  # ballots that were in the database and are replaced
    merged_ballots: int = 0  # ballots held from other sources, kept (merge mode)
    disputes: int = 0  # values a merged ballot's rows state differently, kept as disputes
    counts: Counter[str] = field(default_factory=Counter)
    warnings: list[ImportProblem] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)

    def problem(self, line: int | None, reason: str) -> None:
        self.problems.append(ImportProblem(self.path, line, reason))

    def warn(self, line: int | None, reason: str) -> None:
        self.warnings.append(ImportProblem(self.path, line, reason))

    def count(self, ds: Dataset) -> None:
        for key in ("sources", "parties", "councils", "boundary_sets", "wards", "elections",
                    "ballots", "candidacies", "people"):
            self.counts[key] += len(getattr(ds, key))
