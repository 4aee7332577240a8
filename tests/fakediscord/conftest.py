from tests.fakediscord.fixtures import fake_discord, register_markers, start_bot

__all__ = ["fake_discord", "start_bot"]


def pytest_configure(config):
    register_markers(config)
