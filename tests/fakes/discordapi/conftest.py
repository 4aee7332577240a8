from pathlib import Path

import pytest

from fakes.discordapi.fixtures import fake_discord, register_markers, start_bot

__all__ = ["fake_discord", "start_bot"]


def pytest_configure(config: pytest.Config) -> None:
    register_markers(config)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Everything in this folder starts processes: `-m "not e2e"` leaves it out.
    here = Path(__file__).resolve().parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)
