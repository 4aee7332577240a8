"""A fake Democracy Club (YNR `next`, the CSV export, EveryElection) serving real data."""

from fakes.democracyclub.server import FakeDemocracyClub, Seen

__all__ = ["FakeDemocracyClub", "Seen"]
