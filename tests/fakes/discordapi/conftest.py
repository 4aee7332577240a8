import pytest

from fakes.discordapi.fixtures import fake_discord, register_markers, start_bot

__all__ = ["fake_discord", "start_bot"]


def pytest_configure(config: pytest.Config) -> None:
    register_markers(config)
