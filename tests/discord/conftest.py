"""The cogs' real bot (tests/cogs/conftest.py) serves these tests too."""

from tests.cogs.conftest import bot, charts

__all__ = ["bot", "charts"]
