"""The fake's REST and gateway behaviour on the wire, driven by a raw aiohttp client (no bot)."""

from __future__ import annotations

import json
import zlib

import aiohttp
import pytest

from fakes.discordapi import payloads
from fakes.discordapi.contract import ContractError
from fakes.discordapi.server import FakeDiscord, FakeDiscordError


@pytest.fixture
async def http(fake_discord: FakeDiscord):
    headers = {"Authorization": f"Bot {fake_discord.token}"}
    async with aiohttp.ClientSession(fake_discord.api_url + "/", headers=headers) as session:
        yield session


async def identify(fake: FakeDiscord, ws: aiohttp.ClientWebSocketResponse) -> list[dict]:
    """HELLO, IDENTIFY, then every frame up to the op 1 probe that follows the guilds."""
    hello = await ws.receive_json()
    assert hello["op"] == 10 and hello["d"]["heartbeat_interval"] == 41250
    await ws.send_json({"op": 2, "d": {"token": fake.token, "intents": 513,
                                       "properties": {"os": "linux"}, "shard": [0, 1]}})
    frames = []
    while True:
        frame = await ws.receive_json()
        frames.append(frame)
        if frame["op"] == 1:
            return frames


async def test_json_replies_are_exactly_application_json(fake_discord, http):
    async with http.get("users/@me") as r:
        assert r.status == 200
        assert r.headers["Content-Type"] == "application/json"  # no charset: discord.py needs it
        assert r.headers["X-RateLimit-Remaining"] == "49" and "X-RateLimit-Bucket" in r.headers
        me = await r.json()
    assert me["id"] == fake_discord.app_id and me["bot"] is True
    async with http.get("gateway/bot") as r:
        assert (await r.json())["url"] == fake_discord.gateway_url
    assert fake_discord.response_violations == []  # replies match the spec's schemas


async def test_auth_and_unknown_routes(fake_discord, http):
    async with aiohttp.ClientSession() as anonymous, \
            anonymous.get(fake_discord.api_url + "/users/@me") as r:
        assert r.status == 401
    async with http.post("channels/1/pins/2", json={}) as r:
        assert r.status == 404 and (await r.json())["message"] == "404: Not Found"
    assert [r.route for r in fake_discord.unknown_routes] == ["POST /channels/1/pins/2"]
    assert fake_discord.take_problems() == ["unknown route POST /channels/1/pins/2 (404)"]
    assert fake_discord.problems() == []


async def test_injected_429_carries_what_discordpy_needs(fake_discord, http):
    rule = fake_discord.inject_429("GET /users/@me", retry_after=1.5, skip=1)
    async with http.get("users/@me") as r:
        assert r.status == 200  # skipped
    async with http.get("users/@me") as r:
        assert r.status == 429
        assert r.headers["Content-Type"] == "application/json"
        assert r.headers["Via"] == "1.1 google"
        assert r.headers["Retry-After"] == "2"
        assert r.headers["X-RateLimit-Remaining"] == "0"
        assert r.headers["X-RateLimit-Reset-After"] == "1.500"
        assert r.headers["X-RateLimit-Scope"] == "user"
        assert await r.json() == {"message": "You are being rate limited.",
                                  "retry_after": 1.5, "global": False, "code": 0}
    async with http.get("users/@me") as r:
        assert r.status == 200
    assert len(rule.hits) == 1


async def test_callbacks_follow_ups_and_edits(fake_discord, http):
    fake = fake_discord
    fake.sessions["s"] = session = _offline_session()
    sent = await fake.send_interaction(payloads.slash_command("report"))
    assert session.log[-1]["t"] == "INTERACTION_CREATE"  # logged for replay, socket down

    # A follow-up before the interaction was acknowledged: Discord's Unknown Webhook.
    webhook = f"webhooks/{fake.app_id}/{sent.token}"
    async with http.post(webhook, json={"content": "too early"}) as r:
        assert r.status == 404 and (await r.json())["code"] == 10015
    with pytest.raises(FakeDiscordError, match="10015"):
        await fake.response_for(sent, timeout=1)
    sent.errors.clear()

    async with http.post(f"interactions/{sent.id}/{sent.token}/callback?with_response=1",
                         json={"type": 5}) as r:
        body = await r.json()
    assert body["interaction"]["response_message_loading"] is True
    assert body["interaction"]["type"] == 2 and "resource" not in body

    form = aiohttp.FormData(quote_fields=False)
    form.add_field("payload_json", json.dumps({
        "content": "chart", "attachments": [{"id": 0, "filename": "c.png"}],
        "allowed_mentions": {"parse": []}}))
    form.add_field("files[0]", b"\x89PNG-bytes", filename="c.png",
                   content_type="application/octet-stream")
    async with http.patch(webhook + "/messages/@original", data=form) as r:
        edited = await r.json()
    assert edited["content"] == "chart" and edited["flags"] == 0  # no longer loading
    answer = await fake.response_for(sent, timeout=1)
    assert answer.content == "chart" and answer.files[0].data == b"\x89PNG-bytes"
    async with http.get(answer.attachments[0]["url"].replace(fake.api_url + "/", "../")) as r:
        assert await r.read() == b"\x89PNG-bytes"

    async with http.post(webhook + "?wait=1", json={"content": "more"}) as r:
        follow_up = await r.json()
    async with http.post(webhook, json={"content": "quiet"}) as r:
        assert r.status == 204  # wait=false: no body, as on Discord
    async with http.delete(webhook + f"/messages/{follow_up['id']}") as r:
        assert r.status == 204
    async with http.get(webhook + f"/messages/{follow_up['id']}") as r:
        assert r.status == 404

    # A second acknowledgement is refused and reported.
    async with http.post(f"interactions/{sent.id}/{sent.token}/callback",
                         json={"type": 4, "data": {"content": "again"}}) as r:
        assert r.status == 400 and (await r.json())["code"] == 40060
    assert fake.take_problems() == [f"interaction {sent.id} acknowledged 2 times"]


async def test_an_invalid_body_gets_invalid_form_body_and_fails_the_awaitable(fake_discord,
                                                                               http):
    fake = fake_discord
    fake.sessions["s"] = _offline_session()
    sent = await fake.send_interaction(payloads.slash_command("ping"))
    async with http.post(f"interactions/{sent.id}/{sent.token}/callback", json={
            "type": 4, "data": {"embeds": [{"title": "t" * 300}]}}) as r:
        assert r.status == 400
        error = await r.json()
    assert error["code"] == 50035 and error["message"] == "Invalid Form Body"
    assert error["errors"]["data"]["embeds"]["0"]["title"]["_errors"][0]["message"] == \
        "string of 300 characters violates maxLength 256"
    with pytest.raises(ContractError, match="maxLength 256"):
        await fake.response_for(sent, timeout=1)
    assert len(fake.take_problems()) == 1


async def test_command_registration_round_trip(fake_discord, http):
    path = f"applications/{fake_discord.app_id}/guilds/{fake_discord.guild_id}/commands"
    body = [{"name": "seats", "description": "Seats", "type": 1,
             "options": [{"type": 3, "name": "council", "description": "Council"}]}]
    async with http.put(path, json=body) as r:
        [stored] = await r.json()
    assert stored["guild_id"] == fake_discord.guild_id and stored["id"].isdigit()
    async with http.get(path) as r:
        assert await r.json() == [stored]
    async with http.put(path, json=body) as r:
        assert (await r.json())[0]["id"] == stored["id"]  # same name keeps its id
    slash = fake_discord.slash("seats", council="barnet")
    assert slash["data"]["id"] == stored["id"]
    assert slash["data"]["options"] == [{"name": "council", "type": 3, "value": "barnet"}]
    with pytest.raises(FakeDiscordError, match="no option 'ward'"):
        fake_discord.slash("seats", ward="x")
    assert fake_discord.response_violations == []


async def test_gateway_identify_ready_heartbeat_resume(fake_discord):
    fake = fake_discord
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(fake.gateway_url + "?v=10&encoding=json")
        frames = await identify(fake, ws)
        ready, guild, probe = frames
        assert ready["t"] == "READY" and ready["s"] == 1
        assert ready["d"]["resume_gateway_url"] == fake.resume_gateway_url
        assert ready["d"]["shard"] == [0, 1]
        assert ready["d"]["application"]["id"] == fake.app_id
        assert ready["d"]["guilds"] == [{"id": fake.guild_id, "unavailable": True}]
        assert guild["t"] == "GUILD_CREATE" and guild["s"] == 2
        assert guild["d"]["members"][0]["user"]["id"] == fake.app_id
        assert probe == {"op": 1, "d": None, "s": None, "t": None}
        await ws.send_json({"op": 1, "d": 2})
        assert (await ws.receive_json())["op"] == 11
        await fake.wait_for_ready_processed(timeout=1)

        await ws.send_json({"op": 8, "d": {"guild_id": fake.guild_id, "query": "al",
                                           "limit": 0, "nonce": "n1"}})
        chunk = await ws.receive_json()
        assert chunk["t"] == "GUILD_MEMBERS_CHUNK" and chunk["d"]["nonce"] == "n1"
        assert [m["user"]["username"] for m in chunk["d"]["members"]] == ["alice"]

        session_id = ready["d"]["session_id"]
        await fake.drop_socket(code=4000)
        assert (await ws.receive()).data == 4000
        await fake.dispatch("TYPING_START", {"channel_id": "1"})  # missed while down

        ws = await session.ws_connect(ready["d"]["resume_gateway_url"] + "?v=10")
        await ws.receive_json()  # HELLO
        await ws.send_json({"op": 6, "d": {"token": fake.token, "session_id": session_id,
                                           "seq": 1}})
        replayed = [await ws.receive_json() for _ in range(4)]
        assert [f["s"] for f in replayed] == [2, 3, 4, 5]
        assert [f["t"] for f in replayed] == ["GUILD_CREATE", "GUILD_MEMBERS_CHUNK",
                                              "TYPING_START", "RESUMED"]
        assert isinstance(replayed[-1]["d"], dict)  # RESUMED's d is {} (never null)
        assert fake.sessions[session_id].resumes[0]["path"] == "/gateway/resume"

        ws2 = await session.ws_connect(fake.gateway_url)
        await ws2.receive_json()
        await ws2.send_json({"op": 6, "d": {"token": fake.token, "session_id": "nope",
                                            "seq": 1}})
        assert await ws2.receive_json() == {"op": 9, "d": False, "s": None, "t": None}
        await ws2.close()

        await ws.send_json({"op": 99, "d": None})
        await ws.receive()
        assert ws.close_code == 4001
    number = fake.connections[1].number
    assert fake.take_problems() == [
        f"gateway: connection #{number}: unknown opcode 99 (closed 4001)"]


async def test_gateway_zlib_stream_and_bad_token(fake_discord):
    fake = fake_discord
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(fake.gateway_url + "?v=10&compress=zlib-stream")
        inflate = zlib.decompressobj()
        first = await ws.receive_bytes()
        assert first.endswith(b"\x00\x00\xff\xff")
        assert json.loads(inflate.decompress(first))["op"] == 10
        await ws.send_json({"op": 2, "d": {"token": "wrong"}})
        await ws.receive()
        assert ws.close_code == 4004


def _offline_session():
    """A gateway session with no socket: dispatches are only logged (for REST-only tests)."""
    from fakes.discordapi.server import Session

    return Session("s", [0, 1], {})
