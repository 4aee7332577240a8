"""The fake Discord proven end to end with an unmodified discord.py bot (standin_bot.py) running
as a separate process through the launcher."""

from __future__ import annotations

import asyncio
import sys
import time

import pytest

from fakes.discordapi import payloads
from fakes.discordapi.contract import ContractError
from fakes.discordapi.harness import STANDIN, BotProcess, assert_no_mentions
from fakes.discordapi.launcher import main as launcher_main
from fakes.discordapi.server import FakeDiscord, FakeDiscordError

CALLBACK = "POST /interactions/{interaction_id}/{interaction_token}/callback"


def callbacks(fake: FakeDiscord, interaction_id: str) -> list:
    return [r for r in fake.requests if r.method == "POST"
            and r.path.startswith(f"/interactions/{interaction_id}/")]


async def test_full_flow_over_the_wire(fake_discord, start_bot):
    fake = fake_discord
    await start_bot()

    # Start-up as discord.py does it: login, app info, commands (setup_hook), gateway URL.
    routes = [r.route for r in fake.requests]
    assert routes[:2] == ["GET /users/@me", "GET /oauth2/applications/@me"]
    assert f"PUT /applications/{fake.app_id}/commands" in routes
    assert "GET /gateway/bot" in routes
    assert all(r.headers.get("Authorization") == f"Bot {fake.token}" for r in fake.requests)

    # Gateway: the AutoShardedBot identified as shard 0 of 1 and heartbeats were ACKed.
    identify = fake.identifies[0]
    assert identify["token"] == fake.token and identify["shard"] == [0, 1]
    conn = fake.connections[0]
    assert conn.query["v"] == "10" and conn.query["encoding"] == "json"
    assert [e["t"] for e in conn.sent if e["op"] == 0][:2] == ["READY", "GUILD_CREATE"]
    await fake.wait_until(lambda: conn.heartbeats >= 1, 5, "a heartbeat")
    assert any(e["op"] == 11 for e in conn.sent)

    # Registered commands carry ids and validate; the group keeps its subcommand.
    names = {c["name"] for c in fake.registered_commands(None)}
    assert {"ping", "council", "report", "vote", "election"} <= names
    assert fake.command("election")["options"][0]["name"] == "results"

    # A slash command answered with an embed, with sequence numbers increasing on the wire.
    sent = await fake.send_interaction(fake.slash("ping"))
    answer = await fake.response_for(sent.id)
    assert answer.type == 4
    assert answer.embeds[0]["title"] == "Pong"
    assert answer.embeds[0]["fields"][0]["name"] == "Latency"
    seqs = [e["s"] for e in conn.sent if e["op"] == 0]
    assert seqs == list(range(1, len(seqs) + 1))
    [cb] = callbacks(fake, sent.id)
    assert cb.query == {"with_response": "1"} and cb.status == 200

    # A deferred command: defer, edit @original with an attachment (multipart), follow up.
    report = await fake.interact(fake.slash("report", council="Barnet"))
    assert report.type == 5 and report.deferred
    assert report.embeds[0]["title"] == "Report for Barnet"
    [png] = report.files
    assert png.filename == "chart.png" and png.data.startswith(b"\x89PNG")
    assert report.attachments[0]["filename"] == "chart.png"
    await fake.wait_until(lambda: report.followups, 5, "the follow-up")
    assert report.followups[0]["content"] == "Source: the Barnet results page."
    edit = next(r for r in report.interaction.requests if r.method == "PATCH")
    assert edit.multipart and edit.json["attachments"][0]["filename"] == "chart.png"

    # A command inside a group, in a guild and in a DM.
    grouped = await fake.interact(fake.slash("election results", council="Brent", year=2022))
    assert grouped.content == "Results for Brent 2022."
    in_dm = await fake.interact(fake.slash("election results", council="Brent", guild=False))
    assert in_dm.content == "Results for Brent latest."
    assert in_dm.interaction.payload["context"] == 1 and "member" not in in_dm.interaction.payload

    assert not fake.unknown_routes and not fake.violations and not fake.response_violations


async def test_guild_registered_commands(fake_discord, start_bot):
    fake = fake_discord
    await start_bot(env={"DEV_GUILD_ID": fake.guild_id})
    assert fake.registered_commands(None) == []
    ping = fake.command("ping")
    assert ping["guild_id"] == fake.guild_id
    payload = fake.slash("ping")
    assert payload["data"]["guild_id"] == fake.guild_id  # discord.py looks it up by guild
    answer = await fake.interact(payload)
    assert answer.embeds[0]["title"] == "Pong"


async def test_plain_client_uses_the_default_gateway(fake_discord, start_bot):
    fake = fake_discord
    await start_bot(env={"STANDIN_CLIENT": "plain"})
    assert "GET /gateway/bot" not in [r.route for r in fake.requests]
    assert fake.connections[0].path == "/gateway"  # DiscordWebSocket.DEFAULT_GATEWAY
    assert "shard" not in fake.identifies[0]
    answer = await fake.interact(fake.slash("ping"))
    assert answer.embeds[0]["title"] == "Pong"


def test_a_dm_uses_the_global_registration() -> None:
    # A bot synced globally and copied to a development guild: the guild sees its copy, a DM
    # only the global command (Discord offers no guild command in DMs).
    fake = FakeDiscord()
    body = {"name": "ping", "description": "Ping", "type": 1}
    global_cmd = fake._store_command(dict(body), None)
    guild_cmd = fake._store_command(dict(body), fake.guild_id)
    in_guild = fake.slash("ping")
    assert in_guild["data"]["id"] == guild_cmd["id"]
    assert in_guild["data"]["guild_id"] == fake.guild_id
    in_dm = fake.slash("ping", guild=False)
    assert in_dm["data"]["id"] == global_cmd["id"] and "guild_id" not in in_dm["data"]


async def test_commands_are_offered_only_where_discord_would(fake_discord, start_bot):
    fake = fake_discord
    await start_bot()
    settings = fake.command("settings")
    assert settings["default_member_permissions"] == str(payloads.MANAGE_GUILD)
    with pytest.raises(FakeDiscordError, match="alice lacks default_member_permissions"):
        fake.slash("settings")
    with pytest.raises(FakeDiscordError, match="not available in DMs"):
        fake.slash("settings", guild=False, user=payloads.admin())
    answer = await fake.interact(fake.slash("settings", user=payloads.admin_member()))
    assert answer.content == "Settings saved." and answer.ephemeral


async def test_autocomplete(fake_discord, start_bot):
    fake = fake_discord
    await start_bot()
    payload = fake.autocomplete("council", focused="name", name="Ba")
    assert payload["type"] == 4
    assert payload["data"]["options"] == [
        {"name": "name", "type": 3, "value": "Ba", "focused": True}]
    answer = await fake.interact(payload)
    assert answer.type == 8
    assert [c["value"] for c in answer.choices] == ["Barnet", "Barking and Dagenham"]
    everything = await fake.interact(fake.autocomplete("council", focused="name"))
    assert len(everything.choices) == 6
    picked = await fake.interact(fake.slash("council", name="Barnet"))
    assert picked.content == "You picked Barnet."


async def test_button_click(fake_discord, start_bot):
    fake = fake_discord
    await start_bot()
    vote = await fake.interact(fake.slash("vote"))
    assert vote.custom_ids() == ["vote:yes", "vote:results", "vote:council"]
    assert vote.components[0]["components"][0]["id"] > 0  # Discord numbers components
    with pytest.raises(FakeDiscordError, match="no component 'vote:no'"):
        fake.click(vote, "vote:no")

    select = fake.click(vote, "vote:council", values=["Bexley"])
    assert select["data"] == {"custom_id": "vote:council", "component_type": 3,
                              "values": ["Bexley"]}
    picked = await fake.interact(select)
    assert picked.content == "You picked Bexley." and picked.ephemeral

    click = fake.click(vote, "vote:yes")
    assert click["type"] == 3 and click["message"]["id"] == vote.message["id"]
    assert click["data"] == {"custom_id": "vote:yes", "component_type": 2}
    updated = await fake.interact(click)
    assert updated.type == 7  # UPDATE_MESSAGE: the same message, edited
    assert updated.message["id"] == vote.message["id"]
    assert updated.content == "alice voted."
    button = updated.components[0]["components"][0]
    assert button["disabled"] is True and button["label"] == "Voted"
    assert vote.content == "Cast your vote:"  # as first answered...
    assert vote.current_message["content"] == "alice voted."  # ...and as it is now

    results = await fake.interact(fake.click(updated, "vote:results",
                                             user=payloads.admin_member()))
    assert results.type == 4 and results.ephemeral
    assert results.content == "No results yet."


async def test_429_on_a_callback_is_retried_and_answered(fake_discord, start_bot):
    fake = fake_discord
    bot = await start_bot()
    rule = fake.inject_429(CALLBACK, retry_after=0.3)
    sent = await fake.send_interaction(fake.slash("ping"))
    answer = await fake.response_for(sent.id)
    assert answer.embeds[0]["title"] == "Pong"
    first, second = callbacks(fake, sent.id)
    assert (first.status, second.status) == (429, 200)
    assert second.time - first.time >= 0.3
    assert rule.hits == [first] and rule.remaining == 0
    assert first.json == second.json
    await bot.wait_for_log("rate limited")


@pytest.mark.fake_discord()
async def test_429_on_command_registration_is_retried(fake_discord, start_bot):
    fake = fake_discord
    rule = fake.inject_429("PUT /applications/{application_id}/commands", retry_after=0.2)
    await start_bot()
    puts = [r for r in fake.requests if r.method == "PUT"]
    assert [r.status for r in puts] == [429, 200]
    assert len(rule.hits) == 1


async def test_socket_dropped_mid_burst_resumes_and_replays(fake_discord, start_bot):
    fake = fake_discord
    await start_bot()
    burst = [fake.slash("ping") for _ in range(50)]
    await fake.drop_socket(after_events=20)  # the 21st event is lost with the socket
    sent = [await fake.send_interaction(p) for p in burst]
    answers = await asyncio.gather(*(fake.response_for(s, timeout=20) for s in sent))
    assert all(a.embeds[0]["title"] == "Pong" for a in answers)

    session = await fake.wait_for_resume()
    [resume] = session.resumes
    lost_seq = next(e["s"] for e in session.log
                    if e.get("d", {}).get("id") == sent[20].id)
    assert lost_seq in resume["replayed"]
    assert resume["path"] == "/gateway/resume"  # the client used resume_gateway_url
    assert len(fake.identifies) == 1  # resumed, not re-identified
    resumed_conn = fake.connections[-1]
    assert next(e for e in resumed_conn.sent if e.get("t") == "RESUMED")["d"] == {}
    assert resumed_conn.path == "/gateway/resume"

    for s in sent:  # every interaction answered exactly once
        oks = [r for r in callbacks(fake, s.id) if r.status == 200]
        assert len(oks) == 1, s.id
        assert not s.duplicate_callbacks


async def test_allowed_mentions_parse_nothing(fake_discord, start_bot):
    fake = fake_discord
    await start_bot()
    await fake.interact(fake.slash("ping"))
    await fake.interact(fake.slash("mention"))
    report = await fake.interact(fake.slash("report", council="Barnet"))
    await fake.wait_until(lambda: report.followups, 5, "the follow-up")
    vote = await fake.interact(fake.slash("vote"))
    await fake.interact(fake.click(vote, "vote:yes"))
    await fake.interact(fake.click(vote, "vote:results"))
    await fake.interact(fake.click(vote, "vote:council", values=["Brent"]))

    bodies = fake.message_bodies()
    kinds = {(r.method, r.operation_id, r.multipart) for r, _ in bodies}
    assert ("POST", "create_interaction_response", False) in kinds
    assert ("PATCH", "update_original_webhook_message", True) in kinds  # payload_json
    assert ("POST", "execute_webhook", False) in kinds
    assert len(bodies) == 8
    assert_no_mentions(fake)
    for _, body in bodies:
        assert body["allowed_mentions"]["parse"] == []


async def test_contract_violation_fails_the_awaitable_and_the_harness(fake_discord):
    fake = fake_discord
    bot = BotProcess(fake, STANDIN)
    async with asyncio.timeout(30):
        await bot.start()
        try:
            await bot.wait_ready()
            with pytest.raises(ContractError) as caught:
                await fake.interact(fake.slash("toolong"))
            assert "embeds/0/title: string of 300 characters violates maxLength 256" in str(
                caught.value)
            [rejected] = [r for r in fake.requests if r.path.endswith("/callback")]
            assert rejected.status == 400 and rejected.response["code"] == 50035
            await bot.wait_for_log("Ignoring exception in command 'toolong'")
        finally:
            await bot.stop()
    with pytest.raises(FakeDiscordError) as failed:
        bot.check()
    assert "Ignoring exception" in str(failed.value)
    assert "maxLength 256" in str(failed.value)
    assert len(fake.take_problems()) == 1  # provoked on purpose


async def test_429_without_via_is_not_retried_and_the_harness_sees_it(fake_discord):
    fake = fake_discord
    bot = BotProcess(fake, STANDIN)
    async with asyncio.timeout(30):
        await bot.start()
        try:
            await bot.wait_ready()
            fake.inject_429(CALLBACK, via=False)
            sent = await fake.send_interaction(fake.slash("ping"))
            await bot.wait_for_log("Ignoring exception in command 'ping'")
            assert [r.status for r in callbacks(fake, sent.id)] == [429]
        finally:
            await bot.stop()
    assert bot.log_problems()


@pytest.mark.fake_discord(heartbeat_interval_ms=150, compress=False)
async def test_heartbeats_and_plain_text_frames(fake_discord, start_bot):
    fake = fake_discord
    await start_bot()
    conn = fake.connections[0]
    await fake.wait_until(lambda: conn.heartbeats >= 3, 5, "three heartbeats")
    answer = await fake.interact(fake.slash("ping"))
    assert answer.embeds


async def test_bot_stops_cleanly_on_sigterm(fake_discord, start_bot):
    fake = fake_discord
    bot = await start_bot()
    started = time.monotonic()
    code = await bot.stop()
    assert code == 0 and time.monotonic() - started < 5
    assert fake.connections[0].close_code == 1000  # discord.py closed the gateway itself
    assert not bot.log_problems()


def _probe() -> int:
    import discord.gateway
    import discord.http

    _probe.seen = (discord.http.Route.BASE,  # type: ignore[attr-defined]
                   str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY), list(sys.argv))
    return 7


def test_launcher_redirects_and_calls_the_entry_point_unchanged(monkeypatch):
    import discord.gateway
    import discord.http

    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    monkeypatch.setattr("signal.signal", lambda *a: None)
    code = launcher_main(["--base", "http://127.0.0.1:5999/", "--",
                          "tests.fakes.discordapi.test_fake:_probe", "run", "--x"])
    assert code == 7
    assert _probe.seen == ("http://127.0.0.1:5999/api/v10", "ws://127.0.0.1:5999/gateway",
                           ["tests.fakes.discordapi.test_fake", "run", "--x"])
