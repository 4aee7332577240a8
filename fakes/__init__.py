"""Fakes of the services the bot talks to, for tests and benchmarks only (never installed).

Each one listens on 127.0.0.1 and behaves as the real service documents: Discord
(discordapi/), Democracy Club (democracyclub/) and postcodes.io (postcodes/).
"""
