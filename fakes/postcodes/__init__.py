"""A fake postcodes.io in its documented shapes."""

from fakes.postcodes.server import FakePostcodes, Seen

__all__ = ["FakePostcodes", "Seen"]
