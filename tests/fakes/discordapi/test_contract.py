"""The contract checker: Discord's OpenAPI spec applied to request bodies, without a bot."""

from __future__ import annotations

import hashlib
from pathlib import Path

import discord
from discord.webhook.async_ import interaction_message_response_params
from hypothesis import given, settings
from hypothesis import strategies as st

from fakes.discordapi import contract

CALLBACK = "/interactions/1300000000000000500/tok/callback"
SHARED_SPEC = Path(__file__).resolve().parents[3] / "shared" / "discord-openapi" / "openapi.json"


def message_callback(**data: object) -> dict:
    return {"type": 4, "data": {"allowed_mentions": {"parse": []}, **data}}


def problems(body: object, path: str = CALLBACK, method: str = "POST") -> list[str]:
    return [m for v in contract.validate_request(method, path, body) for m in v.messages]


def test_operations_are_matched_by_method_and_template():
    match = contract.match_operation
    assert match("POST", CALLBACK).operation_id == "create_interaction_response"
    assert match("PATCH", "/api/v10/webhooks/1/t/messages/@original").operation_id == \
        "update_original_webhook_message"
    assert match("PATCH", "/webhooks/1/t/messages/1234").operation_id == "update_webhook_message"
    assert match("POST", "/webhooks/1/t").operation_id == "execute_webhook"
    assert match("PUT", "/applications/1/commands").operation_id == \
        "bulk_set_application_commands"
    assert match("PUT", "/applications/1/guilds/2/commands").operation_id == \
        "bulk_set_guild_application_commands"
    assert match("GET", "/applications/1/guilds/2/commands").operation_id == \
        "list_guild_application_commands"
    assert match("GET", "/gateway/bot").operation_id == "get_bot_gateway"
    assert match("POST", "/no/such/route") is None


def test_the_vendored_spec_is_the_shared_copy():
    if not SHARED_SPEC.exists():  # a clone without shared/ beside it
        return
    ours = hashlib.sha256(contract.SPEC_PATH.read_bytes()).hexdigest()
    assert ours == hashlib.sha256(SHARED_SPEC.read_bytes()).hexdigest()


def test_a_good_message_callback_passes():
    embed = {"title": "Barnet", "description": "x" * 1000,
             "fields": [{"name": "n" * 256, "value": "v" * 1024, "inline": True}] * 3,
             "footer": {"text": "source"}, "color": 0xFFFFFF,
             "timestamp": "2022-05-06T12:00:00+00:00", "url": "https://example.org/x"}
    assert problems(message_callback(content="c" * 2000, embeds=[embed])) == []


def test_over_long_embed_is_rejected():
    """300-char title, 26 fields, a 1,100-char field value: each limit the spec encodes."""
    embed = {"title": "t" * 300,
             "fields": [{"name": f"f{i}", "value": "v"} for i in range(25)]
             + [{"name": "long", "value": "v" * 1100}]}
    found = problems(message_callback(embeds=[embed]))
    assert "data/embeds/0/title: string of 300 characters violates maxLength 256" in found
    assert "data/embeds/0/fields: array of 26 items violates maxItems 25" in found
    assert "data/embeds/0/fields/25/value: string of 1100 characters violates maxLength 1024" \
        in found


def test_seven_thousand_characters_in_total_is_rejected_by_the_docs_rule():
    """Each part within its own limit, 7,000 in total: the spec has no rule for the total,
    so the check from Discord's docs (6,000 over all embeds of a message) catches it."""
    embeds = [{"title": "t" * 250, "description": "d" * 3250},
              {"title": "t" * 250, "description": "d" * 3250}]
    [violation] = contract.validate_request("POST", CALLBACK, message_callback(embeds=embeds))
    assert violation.source == "discord-docs"
    assert violation.messages == [
        "embeds: 7000 characters in total over title, description, fields, footer and author "
        "name; Discord allows 6000"]
    fine = [{"title": "t" * 250, "description": "d" * 2750}] * 2  # exactly 6,000
    assert contract.validate_request("POST", CALLBACK, message_callback(embeds=fine)) == []


def test_embed_limits_the_spec_encodes():
    limits = contract.embed_limits()
    assert {k: limits[k] for k in (
        "embed.title.maxLength", "embed.description.maxLength", "embed.fields.maxItems",
        "embed.fields.name.maxLength", "embed.fields.value.maxLength",
        "embed.footer.text.maxLength", "embed.author.name.maxLength", "embed.url.maxLength",
        "message.embeds.maxItems", "message.content.maxLength")} == {
        "embed.title.maxLength": 256, "embed.description.maxLength": 4096,
        "embed.fields.maxItems": 25, "embed.fields.name.maxLength": 256,
        "embed.fields.value.maxLength": 1024, "embed.footer.text.maxLength": 2048,
        "embed.author.name.maxLength": 256, "embed.url.maxLength": 2048,
        "message.embeds.maxItems": 10, "message.content.maxLength": 2000}
    assert not any("total" in k for k in limits)  # the 6,000 total is not in the spec


def test_other_limits_are_enforced():
    assert problems(message_callback(content="c" * 2001)) == [
        "data/content: string of 2001 characters violates maxLength 2000"]
    assert problems(message_callback(embeds=[{"title": "x"}] * 11)) == [
        "data/embeds: array of 11 items violates maxItems 10"]
    assert problems({"type": 8, "data": {"choices": [{"name": "a", "value": "a"}] * 26}}) == [
        "data/choices: array of 26 items violates maxItems 25"]
    assert problems({"type": 8, "data": {"choices": [{"name": "", "value": "a"}]}}) == [
        "data/choices/0/name: string of 0 characters violates minLength 1"]
    assert problems({"type": 3}) != []  # not a callback type
    button = {"type": 2, "style": 1, "custom_id": "c" * 101, "label": "ok"}
    assert problems(message_callback(components=[{"type": 1, "components": [button]}])) == [
        "data/components/0/components/0/custom_id: string of 101 characters violates "
        "maxLength 100"]
    assert problems(message_callback(embeds=[{"url": "not a url",
                                              "timestamp": "yesterday"}])) == [
        "data/embeds/0/url: 'not a url' is not a 'uri'",
        "data/embeds/0/timestamp: 'yesterday' is not a 'date-time'"]


def test_command_registration_is_checked():
    path = "/applications/1300000000000000001/commands"
    good = [{"name": "seats", "description": "Seats won", "type": 1,
             "options": [{"type": 3, "name": "council", "description": "Council",
                          "required": True, "autocomplete": True}]}]
    assert problems(good, path, "PUT") == []
    bad = [{"name": "x" * 33, "description": "d" * 101, "options": [
        {"type": 3, "name": "council", "description": ""}]}]
    assert problems(bad, path, "PUT") == [
        "0/description: string of 101 characters violates maxLength 100",
        "0/name: string of 33 characters violates maxLength 32",
        "0/options/0/description: string of 0 characters violates minLength 1"]


def test_snowflakes_may_be_integers_in_requests_but_not_in_replies():
    body = {"content": "hi", "attachments": [{"id": 0, "filename": "chart.png"}],
            "allowed_mentions": {"parse": [], "users": [1300000000000000200]}}
    assert problems(body, "/webhooks/1/t/messages/@original", "PATCH") == []
    assert problems({**body, "attachments": [{"id": -1}]},
                    "/webhooks/1/t/messages/@original", "PATCH") != []
    reply = contract.validate_response("GET", "/gateway/bot", 200, {
        "url": "ws://x", "shards": 1,
        "session_start_limit": {"total": 1, "remaining": 1, "reset_after": 1,
                                "max_concurrency": 1}})
    assert reply == []
    assert contract.validate_response("GET", "/gateway/bot", 200, {"url": "ws://x"}) != []


def test_what_discordpy_builds_is_checked_as_sent():
    ok = interaction_message_response_params(
        type=4, embed=discord.Embed(title="Seats", description="Barnet"),
        previous_allowed_mentions=discord.AllowedMentions.none())
    assert contract.validate_request("POST", CALLBACK, ok.payload) == []
    bad = interaction_message_response_params(type=4, embed=discord.Embed(title="t" * 257))
    assert problems(bad.payload) == [
        "data/embeds/0/title: string of 257 characters violates maxLength 256"]


@settings(max_examples=60, deadline=None)
@given(title=st.text(max_size=256), description=st.text(max_size=4096),
       fields=st.lists(st.tuples(st.text(min_size=1, max_size=256),
                                 st.text(min_size=1, max_size=1024)), max_size=25))
def test_any_embed_within_the_limits_passes_the_spec(title, description, fields):
    embed = discord.Embed(title=title or None, description=description or None)
    for name, value in fields:
        embed.add_field(name=name, value=value)
    params = interaction_message_response_params(
        type=4, embed=embed, previous_allowed_mentions=discord.AllowedMentions.none())
    openapi = [v for v in contract.validate_request("POST", CALLBACK, params.payload)
               if v.source == "openapi"]
    assert openapi == []


@settings(max_examples=40, deadline=None)
@given(extra=st.integers(min_value=1, max_value=500), where=st.sampled_from(
    ["title", "description", "field name", "field value", "footer", "author"]))
def test_any_part_over_its_limit_is_rejected(extra, where):
    limit = {"title": 256, "description": 4096, "field name": 256, "field value": 1024,
             "footer": 2048, "author": 256}[where]
    text = "x" * (limit + extra)
    embed = discord.Embed()
    if where in ("title", "description"):
        setattr(embed, where, text)
    elif where == "field name":
        embed.add_field(name=text, value="v")
    elif where == "field value":
        embed.add_field(name="n", value=text)
    elif where == "footer":
        embed.set_footer(text=text)
    else:
        embed.set_author(name=text)
    params = interaction_message_response_params(type=4, embed=embed)
    found = problems(params.payload)
    assert any(f"string of {limit + extra} characters violates maxLength {limit}" in m
               for m in found), found
