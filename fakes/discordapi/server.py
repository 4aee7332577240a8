"""A fake Discord (REST under /api/v10 and the gateway websocket) on one 127.0.0.1 port.

An unmodified discord.py bot talks to it as to Discord once ``discord.http.Route.BASE`` points at
``fake.api_url`` and the gateway at ``fake.gateway_url`` (see launcher.py). The fake records every
request, validates every request body against Discord's OpenAPI spec (contract.py), plays the
gateway (HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats, dispatches with sequence numbers,
RESUME with replay), and lets a test send interactions and await their answers::

    async with FakeDiscord() as fake:
        ...  # start the bot (harness.py), then:
        sent = await fake.send_interaction(fake.slash("ping"))
        answer = await fake.response_for(sent.id)
        assert answer.embeds[0]["title"] == "Pong"

Pitfalls of discord.py 2.7.1 this fake is built around (each one killed a client once):
JSON replies must carry ``Content-Type: application/json`` exactly (no charset); READY needs
``resume_gateway_url``; RESUMED needs ``d: {}``; INTERACTION_CREATE needs ``version``,
``attachment_size_limit`` and ``member.flags``; callbacks are sent with ``?with_response=1`` and
answered 200 with ``{"interaction": {...}}``; a 429 is retried only when it has a ``Via`` header.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import secrets
import time
import traceback
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

from . import contract, payloads
from .contract import ContractError, ContractViolation
from .gateway import Connection, GatewayMixin, Session
from .records import (
    EPHEMERAL,
    LOADING,
    Answer,
    FakeDiscordError,
    InteractionRecord,
    RateLimitRule,
    RecordedFile,
    RecordedRequest,
    copy_json,
    custom_ids,
    find_component,
)

__all__ = ["Answer", "Connection", "FakeDiscord", "FakeDiscordError", "InteractionRecord",
           "RateLimitRule", "RecordedFile", "RecordedRequest", "Session"]

FAKE_TOKEN = "ZmFrZS1ib3Q.fake-discord.token-for-tests-only"
API_PREFIX = "/api/v10"
JSON = "application/json"


# -- the fake -------------------------------------------------------------------------------


Handler = Callable[..., Awaitable[tuple[int, Any]]]
# Discord keeps a nonce for enforce_nonce "in the past few minutes" (not documented more
# exactly); the fake keeps it for three, longer than the poller trusts it (two).
NONCE_WINDOW_S = 180.0


class FakeDiscord(GatewayMixin):
    """The fake Discord. ``await fake.start()`` (or ``async with``) binds 127.0.0.1:0."""

    def __init__(self, *, token: str = FAKE_TOKEN, app_id: str = payloads.APP_ID,
                 app_name: str = "Election Bot", guilds: list[dict[str, Any]] | None = None,
                 heartbeat_interval_ms: int = 41250, compress: bool = True,
                 reject_invalid: bool = True, check_responses: bool = True,
                 probe_ready: bool = True) -> None:
        self.token = token
        self.app_id = app_id
        self.bot_user = payloads.bot_user(app_id, app_name)
        self.owner = payloads.admin()
        self.app_name = app_name
        self.guilds: list[dict[str, Any]] = guilds if guilds is not None else [
            payloads.guild(app_id=app_id, bot=self.bot_user)]
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.compress = compress
        self.reject_invalid = reject_invalid
        self.check_responses = check_responses
        self.probe_ready = probe_ready

        self.requests: list[RecordedRequest] = []
        self.unknown_routes: list[RecordedRequest] = []
        self.violations: list[ContractViolation] = []
        self.response_violations: list[ContractViolation] = []
        self.server_errors: list[str] = []  # exceptions inside the fake's own handlers
        self.gateway_problems: list[str] = []
        self.rate_limits: list[RateLimitRule] = []

        self.commands: dict[str | None, dict[str, dict[str, Any]]] = {}  # guild -> name -> cmd
        self.command_puts: list[RecordedRequest] = []
        self.interactions: dict[str, InteractionRecord] = {}
        self._by_token: dict[str, InteractionRecord] = {}
        self.messages: dict[str, dict[str, Any]] = {}
        self.files: dict[str, RecordedFile] = {}  # attachment id -> file
        # Create Message with enforce_nonce: (channel, nonce) -> (message id, when created)
        self.nonces: dict[tuple[str, str], tuple[str, float]] = {}
        self.nonce_window = NONCE_WINDOW_S
        self.nonce_hits = 0  # sends answered with the message an earlier one made

        self.connections: list[Connection] = []
        self.sessions: dict[str, Session] = {}
        self.identifies: list[dict[str, Any]] = []
        self.dispatched: list[tuple[str, dict[str, Any]]] = []  # (session id, event)

        self._waiters: list[tuple[Callable[[], Any], asyncio.Future[Any]]] = []
        self._runner: web.AppRunner | None = None
        self.port: int | None = None
        self._routes = self._build_routes()

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> FakeDiscord:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._handle_api)
        app.router.add_get("/gateway", self._handle_ws)
        app.router.add_get("/gateway/resume", self._handle_ws)
        app.router.add_get("/attachments/{channel}/{id}/{filename}", self._handle_attachment)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def close(self) -> None:
        for conn in self.connections:
            if conn.open:
                with contextlib.suppress(Exception):
                    await conn.ws.close(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        for _, fut in self._waiters:
            if not fut.done():
                fut.cancel()

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def resume_gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway/resume"

    @property
    def guild_id(self) -> str:
        return self.guilds[0]["id"]

    # -- waiting ----------------------------------------------------------------------------

    def _poke(self) -> None:
        keep = []
        for predicate, fut in self._waiters:
            if fut.done():
                continue
            try:
                result = predicate()
            except BaseException as exc:
                fut.set_exception(exc)
                continue
            if result:
                fut.set_result(result)
            else:
                keep.append((predicate, fut))
        self._waiters = keep

    async def wait_until(self, predicate: Callable[[], Any], timeout: float = 10.0,
                         what: str = "condition") -> Any:
        """Wait until PREDICATE() is truthy (re-checked whenever the fake's state changes)."""
        result = predicate()
        if result:
            return result
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiters.append((predicate, fut))
        try:
            return await asyncio.wait_for(fut, timeout)
        except TimeoutError:
            raise TimeoutError(f"fake Discord: timed out after {timeout}s waiting for {what}"
                               ) from None

    async def wait_for_identify(self, timeout: float = 15.0) -> dict[str, Any]:
        return await self.wait_until(lambda: self.identifies and self.identifies[-1], timeout,
                                     "the bot to IDENTIFY on the gateway")

    async def wait_for_ready_sent(self, timeout: float = 15.0) -> Session:
        """Wait until READY and every GUILD_CREATE were written to an open connection."""
        def ready() -> Session | None:
            for s in self.sessions.values():
                if s.conn is not None and sum(
                        1 for e in s.conn.sent if e.get("t") == "GUILD_CREATE"
                ) >= len(self._guilds_for(s.shard)):
                    return s
            return None
        return await self.wait_until(ready, timeout, "READY and GUILD_CREATE to be sent")

    async def wait_for_ready_processed(self, timeout: float = 15.0) -> Session:
        """Wait until the client has *processed* READY and every GUILD_CREATE: one of its
        heartbeats carries a sequence number at least that of the last GUILD_CREATE. (After
        them the fake sends op 1, so this does not wait for the heartbeat interval.)"""
        def processed() -> Session | None:
            for s in self.sessions.values():
                conn = s.conn
                if conn is not None and s.ready_seq is not None and any(
                        d is not None and d >= s.ready_seq for d in conn.heartbeat_seqs):
                    return s
            return None
        return await self.wait_until(processed, timeout,
                                     "the bot to process READY and GUILD_CREATE")

    async def wait_for_commands(self, names: list[str] | None = None, *,
                                timeout: float = 15.0) -> list[dict[str, Any]]:
        """Wait until the bot registered commands (all of NAMES, if given); returns them all."""
        def done() -> list[dict[str, Any]] | None:
            if not self.command_puts:
                return None
            registered = self.registered_commands()
            have = {c["name"] for c in registered}
            if names is not None and not set(names) <= have:
                return None
            return registered or None
        return await self.wait_until(done, timeout, f"command registration {names or ''}")

    async def wait_for_resume(self, count: int = 1, timeout: float = 15.0) -> Session:
        def resumed() -> Session | None:
            for s in self.sessions.values():
                if len(s.resumes) >= count:
                    return s
            return None
        return await self.wait_until(resumed, timeout, f"{count} RESUME(s)")

    # -- commands ---------------------------------------------------------------------------

    def registered_commands(self, guild_id: str | type[Ellipsis] | None = ...
                            ) -> list[dict[str, Any]]:
        """Registered commands: all of them (default), global ones (None) or one guild's."""
        if guild_id is ...:
            return [c for cmds in self.commands.values() for c in cmds.values()]
        return list(self.commands.get(guild_id, {}).values())

    def command(self, name: str, guild_id: str | None = None) -> dict[str, Any]:
        """The registered command NAME: the guild's registration first, then the global one."""
        for scope in (guild_id or self.guild_id, None):
            cmd = self.commands.get(scope, {}).get(name)
            if cmd is not None:
                return cmd
        known = sorted({c["name"] for c in self.registered_commands()})
        raise FakeDiscordError(f"no command /{name} was registered (registered: {known})")

    # -- interactions: building ---------------------------------------------------------

    def _options_for(self, cmd: dict[str, Any], path: list[str], values: Mapping[str, Any],
                     focused: str | None) -> list[dict[str, Any]]:
        """Typed options for the subcommand PATH of CMD, from VALUES by option name."""
        schema = cmd.get("options") or []
        nest: list[str] = []
        for part in path:
            sub = next((o for o in schema if o["name"] == part and o["type"] in (1, 2)), None)
            if sub is None:
                raise FakeDiscordError(f"/{cmd['name']} has no subcommand {part!r}")
            nest.append(part)
            schema = sub.get("options") or []
        options = []
        for name, value in values.items():
            spec = next((o for o in schema if o["name"] == name), None)
            if spec is None:
                raise FakeDiscordError(
                    f"/{' '.join([cmd['name'], *path])} has no option {name!r} "
                    f"(options: {[o['name'] for o in schema]})")
            t = spec["type"]
            if name == focused:
                value = str(value)  # what the user has typed so far
            options.append(payloads.option(name, value, type=t, focused=name == focused))
        for part in reversed(nest):
            sub_type = payloads.SUB_COMMAND if part == nest[-1] else payloads.SUB_COMMAND_GROUP
            options = [{"name": part, "type": sub_type, "options": options}]
        return options

    def slash(self, command: str, /, *, guild: bool = True, focused: str | None = None,
              user: Mapping[str, Any] | None = None, **values: Any) -> dict[str, Any]:
        """A chat-input interaction for a REGISTERED command: ``fake.slash("seats",
        council="barnet")`` or ``fake.slash("results ward", ward="x")`` for a subcommand.

        Types, the command id and (for guild-registered commands) data.guild_id come from the
        bot's own registration (in a DM the global one). ``guild=False`` makes it a DM (the
        invoker is ``user`` or Dora);
        in a guild the invoker is ``user`` as a member dict, or Alice. As on Discord, a command
        the invoker could not see is refused (FakeDiscordError): a guild command or one whose
        contexts/dm_permission exclude DMs used in a DM, or one whose
        default_member_permissions the member lacks.
        """
        name, *path = command.split()
        # A DM offers only global commands: with both registrations (a bot synced globally
        # and copied to a development guild) a DM uses the global one.
        cmd = self.command(name) if guild else (self.commands.get(None, {}).get(name)
                                                or self.command(name))
        self._check_visible(cmd, guild, user)
        options = self._options_for(cmd, path, values, focused)
        kwargs: dict[str, Any] = {"app_id": self.app_id, "command_id": cmd["id"],
                                  "command_guild_id": cmd.get("guild_id"),
                                  **_asked_from(guild, self.guild_id, user)}
        if focused is not None:
            return payloads.autocomplete(name, options, **kwargs)
        return payloads.slash_command(name, options, **kwargs)

    def _check_visible(self, cmd: dict[str, Any], guild: bool,
                       user: Mapping[str, Any] | None) -> None:
        name = cmd["name"]
        if not guild:
            if cmd.get("guild_id"):
                raise FakeDiscordError(f"/{name} is registered in guild {cmd['guild_id']} "
                                       "only: Discord does not offer it in DMs")
            contexts = cmd.get("contexts")
            if (contexts is not None and 1 not in contexts) or cmd.get("dm_permission") is False:
                raise FakeDiscordError(f"/{name} is not available in DMs with the bot")
            return
        contexts = cmd.get("contexts")
        if contexts is not None and 0 not in contexts:
            raise FakeDiscordError(f"/{name} is not available in guilds")
        needed = cmd.get("default_member_permissions")
        if needed is not None:
            member = user if user is not None else payloads.alice_member()
            has = int(member.get("permissions", 0))
            if not has & payloads.ADMINISTRATOR and int(needed) & ~has:
                who = member.get("user", {}).get("username", "the member")
                raise FakeDiscordError(f"{who} lacks default_member_permissions {needed} of "
                                       f"/{name}: Discord would not show them the command")

    def autocomplete(self, command: str, /, *, focused: str, **values: Any) -> dict[str, Any]:
        """An autocomplete interaction for a registered command; FOCUSED names the option."""
        if focused not in values:
            values[focused] = ""
        return self.slash(command, focused=focused, **values)

    def click(self, message: Mapping[str, Any] | Answer, custom_id: str, *,
              user: Mapping[str, Any] | None = None, values: list[str] | None = None,
              component_type: int | None = None) -> dict[str, Any]:
        """A component interaction on a message the bot sent (an Answer or a message dict)."""
        msg = message.message if isinstance(message, Answer) else message
        if msg is None:
            raise FakeDiscordError("that answer has no message to click on")
        msg = self.messages.get(msg["id"], msg)
        found = find_component(msg.get("components") or [], custom_id)
        if found is None:
            raise FakeDiscordError(f"message {msg['id']} has no component {custom_id!r} "
                                   f"(has: {custom_ids(msg.get('components') or [])})")
        ctype = component_type or found.get("type", payloads.BUTTON)
        if ctype != payloads.BUTTON and values is None:
            raise FakeDiscordError(f"{custom_id!r} is a select: pass values=[...]")
        in_guild = msg.get("guild_id") or msg["channel_id"] != payloads.DM_CHANNEL_ID
        kwargs: dict[str, Any] = {
            "app_id": self.app_id,
            **_asked_from(bool(in_guild), msg.get("guild_id", self.guild_id), user)}
        return payloads.component(custom_id, msg, component_type=ctype, values=values, **kwargs)

    # -- interactions: sending and answers ------------------------------------------------

    async def send_interaction(self, payload: dict[str, Any]) -> InteractionRecord:
        """Dispatch INTERACTION_CREATE to the bot; returns the record to await answers on."""
        record = InteractionRecord(id=str(payload["id"]), token=payload["token"],
                                   type=payload["type"], payload=payload,
                                   sent_at=time.monotonic())
        self.interactions[record.id] = record
        self._by_token[record.token] = record
        await self.dispatch("INTERACTION_CREATE", payload, guild_id=payload.get("guild_id"))
        return record

    async def response_for(self, interaction: str | int | InteractionRecord | Mapping[str, Any],
                           timeout: float = 10.0) -> Answer:
        """Resolve when the interaction is answered: at its callback, or for a deferred one
        (type 5/6) at the first follow-up or edit of @original. Raises ContractError if a
        request for it broke the contract, FakeDiscordError if the fake refused one."""
        if isinstance(interaction, InteractionRecord):
            iid = interaction.id
        elif isinstance(interaction, Mapping):
            iid = str(interaction["id"])
        else:
            iid = str(interaction)
        record = self.interactions.get(iid)
        if record is None:
            raise FakeDiscordError(f"no interaction {iid} was sent")

        def check() -> InteractionRecord | None:
            if record.violations:
                raise ContractError(record.violations)
            if record.errors:
                raise FakeDiscordError(f"interaction {iid}: " + "; ".join(record.errors))
            if record.duplicate_callbacks:
                raise FakeDiscordError(f"interaction {iid} was acknowledged "
                                       f"{1 + len(record.duplicate_callbacks)} times")
            return record if record.is_answered() else None

        try:
            await self.wait_until(check, timeout, f"an answer to interaction {iid}")
        except TimeoutError as exc:
            state = (f"callback={record.callback_type}, follow-ups={len(record.followups)}, "
                     f"edits={len(record.edits)}, requests="
                     f"{[r.route for r in record.requests]}")
            raise TimeoutError(f"{exc} ({state})") from None
        assert record.callback is not None
        return Answer(interaction=record, type=record.callback["type"],
                      message=record.answer_snapshot, callback=record.callback,
                      _messages=self.messages)

    async def interact(self, payload: dict[str, Any], timeout: float = 10.0) -> Answer:
        """send_interaction + response_for."""
        return await self.response_for(await self.send_interaction(payload), timeout)

    # -- rate limits ------------------------------------------------------------------------

    def inject_429(self, route: str, *, method: str | None = None, count: int = 1,
                   retry_after: float = 0.2, is_global: bool = False, skip: int = 0,
                   via: bool = True) -> RateLimitRule:
        """Answer the next COUNT requests matching ROUTE (after SKIP matching ones) with 429.

        ROUTE is a path under /api/v10, either a spec-style template
        (``/interactions/{interaction_id}/{interaction_token}/callback``) or a regex; a leading
        ``"POST "`` sets METHOD. Replies carry Retry-After, X-RateLimit-* and Via (discord.py
        retries a 429 only when Via is present; ``via=False`` imitates a Cloudflare ban, which
        discord.py raises as HTTPException instead).
        """
        if " " in route and method is None:
            method, route = route.split(" ", 1)
        regex = (re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(route)) if "{" in route
                 else route)
        rule = RateLimitRule(method=method.upper() if method else None,
                             pattern=re.compile(regex), remaining=count,
                             retry_after=retry_after, is_global=is_global, skip=skip,
                             via=via)
        self.rate_limits.append(rule)
        return rule

    def _rate_limited(self, method: str, path: str) -> RateLimitRule | None:
        for rule in self.rate_limits:
            if rule.remaining > 0 and rule.matches(method, path):
                if rule.skip > 0:
                    rule.skip -= 1
                    continue
                rule.remaining -= 1
                return rule
        return None

    # -- problems ---------------------------------------------------------------------------

    def problems(self) -> list[str]:
        """Everything that should fail a test: contract violations, unknown routes, duplicate
        acknowledgements, errors inside the fake, gateway protocol errors."""
        out = [str(v) for v in self.violations]
        out += [f"unknown route {r.route} (404)" for r in self.unknown_routes]
        for it in self.interactions.values():
            if it.duplicate_callbacks:
                out.append(f"interaction {it.id} acknowledged "
                           f"{1 + len(it.duplicate_callbacks)} times")
        out += [f"fake Discord internal error: {e}" for e in self.server_errors]
        out += [f"gateway: {p}" for p in self.gateway_problems]
        out += [f"fake reply off-spec: {v}" for v in self.response_violations]
        return out

    def take_problems(self) -> list[str]:
        """Return problems() and forget them: for a test that provoked them on purpose."""
        out = self.problems()
        self.violations.clear()
        self.unknown_routes.clear()
        self.server_errors.clear()
        self.gateway_problems.clear()
        self.response_violations.clear()
        for it in self.interactions.values():
            it.duplicate_callbacks.clear()
        return out

    def assert_clean(self) -> None:
        problems = self.problems()
        if problems:
            raise FakeDiscordError("fake Discord saw problems:\n" + "\n".join(problems))

    def message_bodies(self) -> list[tuple[RecordedRequest, dict[str, Any]]]:
        """Every message-shaped body the bot sent: callback data of types 4/7, follow-ups,
        edits, channel messages (for checks such as allowed_mentions)."""
        out = []
        for r in self.requests:
            if not isinstance(r.json, dict):
                continue
            if r.method == "POST" and r.path.endswith("/callback"):
                if r.json.get("type") in (4, 7) and isinstance(r.json.get("data"), dict):
                    out.append((r, r.json["data"]))
            elif (r.path.startswith("/webhooks/") and r.method in ("POST", "PATCH")) or (
                    r.method == "POST" and re.fullmatch(r"/channels/\d+/messages", r.path)):
                out.append((r, r.json))
        return out

    # -- REST plumbing ----------------------------------------------------------------------

    def _build_routes(self) -> list[tuple[str, re.Pattern[str], Handler, bool]]:
        table: list[tuple[str, str, Handler, bool]] = [
            ("GET", "/users/@me", self._get_me, True),
            ("GET", "/oauth2/applications/@me", self._get_application, True),
            ("GET", "/applications/@me", self._get_application, True),
            ("GET", "/gateway", self._get_gateway, False),
            ("GET", "/gateway/bot", self._get_gateway_bot, True),
            ("GET", "/applications/{app}/commands", self._list_commands, True),
            ("PUT", "/applications/{app}/commands", self._put_commands, True),
            ("POST", "/applications/{app}/commands", self._post_command, True),
            ("GET", "/applications/{app}/commands/{cmd}", self._get_command, True),
            ("PATCH", "/applications/{app}/commands/{cmd}", self._patch_command, True),
            ("DELETE", "/applications/{app}/commands/{cmd}", self._delete_command, True),
            ("GET", "/applications/{app}/guilds/{guild}/commands", self._list_commands, True),
            ("PUT", "/applications/{app}/guilds/{guild}/commands", self._put_commands, True),
            ("POST", "/applications/{app}/guilds/{guild}/commands", self._post_command, True),
            ("GET", "/applications/{app}/guilds/{guild}/commands/{cmd}", self._get_command, True),
            ("PATCH", "/applications/{app}/guilds/{guild}/commands/{cmd}", self._patch_command,
             True),
            ("DELETE", "/applications/{app}/guilds/{guild}/commands/{cmd}",
             self._delete_command, True),
            ("POST", "/interactions/{iid}/{token}/callback", self._callback, False),
            ("POST", "/webhooks/{app}/{token}", self._execute_webhook, False),
            ("GET", "/webhooks/{app}/{token}/messages/@original", self._get_original, False),
            ("PATCH", "/webhooks/{app}/{token}/messages/@original", self._edit_original, False),
            ("DELETE", "/webhooks/{app}/{token}/messages/@original", self._delete_original,
             False),
            ("GET", "/webhooks/{app}/{token}/messages/{mid}", self._get_webhook_message, False),
            ("PATCH", "/webhooks/{app}/{token}/messages/{mid}", self._edit_webhook_message,
             False),
            ("DELETE", "/webhooks/{app}/{token}/messages/{mid}", self._delete_webhook_message,
             False),
            ("POST", "/channels/{channel}/messages", self._create_channel_message, True),
            ("GET", "/channels/{channel}/messages", self._list_channel_messages, True),
            ("PATCH", "/channels/{channel}/messages/{mid}", self._edit_channel_message, True),
        ]
        out = []
        for method, template, handler, auth in table:
            regex = "^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template)) + "/?$"
            out.append((method, re.compile(regex), handler, auth))
        return out

    def _route(self, method: str, path: str) -> tuple[Handler, dict[str, str], bool] | None:
        for m, regex, handler, auth in self._routes:
            if m == method:
                match = regex.match(path)
                if match:
                    return handler, match.groupdict(), auth
        return None

    @staticmethod
    def _json_response(status: int, body: Any, headers: Mapping[str, str] | None = None
                       ) -> web.Response:
        hdrs = {"Content-Type": JSON, **(headers or {})}
        if status == 204 or body is None:
            hdrs.pop("Content-Type")
            return web.Response(status=204 if body is None else status, headers=hdrs)
        # bytes + an explicit header: aiohttp's json_response/text= would add "; charset=utf-8",
        # and discord.py parses JSON only when the content type is exactly application/json.
        return web.Response(status=status, body=json.dumps(body).encode(), headers=hdrs)

    @staticmethod
    def _ratelimit_headers(path: str, remaining: int = 49, reset_after: float = 1.0
                           ) -> dict[str, str]:
        bucket = format(abs(hash(re.sub(r"\d{15,}", "_", path))) % (1 << 64), "016x")
        return {
            "X-RateLimit-Limit": "50",
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket,
        }

    async def _read_body(self, request: web.Request, rec: RecordedRequest) -> None:
        if request.content_type.startswith("multipart/"):
            rec.multipart = rec.has_body = True
            rec.content_type = "multipart/form-data"
            reader = await request.multipart()
            async for part in reader:
                if part is None:
                    break
                name = part.name or ""  # type: ignore[union-attr]
                data = await part.read(decode=False)  # type: ignore[union-attr]
                if name == "payload_json":
                    try:
                        rec.json = json.loads(bytes(data).decode())
                    except ValueError as exc:
                        rec.violations.append(ContractViolation(
                            rec.method, rec.path, None, [f"payload_json is not JSON: {exc}"]))
                else:
                    rec.files.append(RecordedFile(
                        field=name, filename=part.filename or "",  # type: ignore[union-attr]
                        content_type=part.headers.get("Content-Type", ""),  # type: ignore
                        data=bytes(data)))
            return
        raw = await request.read()
        rec.content_type = request.content_type if raw else ""
        if not raw:
            return
        rec.has_body = True
        if request.content_type == JSON:
            try:
                rec.json = json.loads(raw)
            except ValueError as exc:
                rec.violations.append(ContractViolation(rec.method, rec.path, None,
                                                        [f"body is not JSON: {exc}"]))
        else:
            rec.json = raw.decode(errors="replace")

    def _interaction_of(self, path: str) -> InteractionRecord | None:
        m = re.match(r"^/interactions/(\d+)/([^/]+)/callback/?$", path)
        if m:
            return self.interactions.get(m.group(1))
        m = re.match(r"^/webhooks/\d+/([^/]+)", path)
        if m:
            return self._by_token.get(m.group(1))
        return None

    async def _handle_api(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        method = request.method
        rec = RecordedRequest(method=method, path=path, query=dict(request.query),
                              content_type="", json=None, time=time.monotonic(),
                              headers=dict(request.headers))
        self.requests.append(rec)
        it = self._interaction_of(path)
        if it is not None:
            it.requests.append(rec)
        try:
            await self._read_body(request, rec)
            op = contract.match_operation(method, path)
            rec.operation_id = op.operation_id if op else None
            if op is not None and (rec.has_body or op.has_body):
                rec.violations += contract.validate_request(
                    method, path, rec.json, content_type=rec.content_type or JSON,
                    has_body=rec.has_body)
            if rec.violations:
                self.violations.extend(rec.violations)
                if it is not None:
                    it.violations.extend(rec.violations)
            return await self._serve(request, rec, it)
        except Exception:  # a bug in the fake: record it, and fail the test at teardown
            self.server_errors.append(f"{method} {path}:\n{traceback.format_exc()}")
            rec.status = 500
            return self._json_response(500, {"code": 0, "message": "fake Discord crashed"})
        finally:
            self._poke()

    async def _serve(self, request: web.Request, rec: RecordedRequest,
                     it: InteractionRecord | None) -> web.Response:
        method, path = rec.method, rec.path
        found = self._route(method, path)
        if found is None:
            self.unknown_routes.append(rec)
            return self._reply(rec, it, 404, {"code": 0, "message": "404: Not Found"})
        handler, params, needs_auth = found
        if needs_auth and request.headers.get("Authorization") != f"Bot {self.token}":
            return self._reply(rec, it, 401, {"code": 0, "message": "401: Unauthorized"})
        rule = self._rate_limited(method, path)
        if rule is not None:
            rule.hits.append(rec)
            body = {"message": "You are being rate limited.", "retry_after": rule.retry_after,
                    "global": rule.is_global, "code": 0}
            headers = {
                **self._ratelimit_headers(path, remaining=0, reset_after=rule.retry_after),
                "Retry-After": str(max(1, round(rule.retry_after))),
                "X-RateLimit-Scope": "global" if rule.is_global else "user",
            }
            if rule.via:
                headers["Via"] = "1.1 google"
            if rule.is_global:
                headers["X-RateLimit-Global"] = "true"
            rec.status, rec.response = 429, body
            return self._json_response(429, body, headers)
        if rec.violations and self.reject_invalid:
            return self._reply(rec, it, 400, self._invalid_form_body(rec.violations),
                               record_error=False)
        status, body = await handler(rec, **params)
        return self._reply(rec, it, status, body)

    def _reply(self, rec: RecordedRequest, it: InteractionRecord | None, status: int, body: Any,
               record_error: bool = True) -> web.Response:
        rec.status, rec.response = status, body
        if it is not None and record_error and 400 <= status < 500:
            it.errors.append(f"{rec.route} -> {status} {body}")
        if self.check_responses and rec.operation_id is not None and status < 300:
            self.response_violations += contract.validate_response(rec.method, rec.path, status,
                                                                   body)
        return self._json_response(status, body, self._ratelimit_headers(rec.path))

    @staticmethod
    def _invalid_form_body(violations: list[ContractViolation]) -> dict[str, Any]:
        """A 400 shaped like Discord's "Invalid Form Body" (error code 50035)."""
        errors: dict[str, Any] = {}
        for v in violations:
            for message in v.messages:
                where, _, text = message.partition(": ")
                node = errors
                if where not in ("(body)", ""):
                    for part in where.split("/"):
                        node = node.setdefault(part, {})
                node.setdefault("_errors", []).append({"code": "CONTRACT", "message": text})
        return {"code": 50035, "message": "Invalid Form Body", "errors": errors}

    # -- REST: identity -------------------------------------------------------------------

    async def _get_me(self, rec: RecordedRequest) -> tuple[int, Any]:
        return 200, {**self.bot_user, "mfa_enabled": False, "locale": "en-GB",
                     "verified": True, "email": None, "premium_type": 0}

    async def _get_application(self, rec: RecordedRequest) -> tuple[int, Any]:
        return 200, {
            "id": self.app_id, "name": self.app_name, "icon": None,
            "description": "A bot that answers questions about UK local council elections.",
            "summary": "", "type": None, "bot": self.bot_user, "bot_public": True,
            "bot_require_code_grant": False, "verify_key": secrets.token_hex(32),
            "flags": 1 << 23, "flags_new": str(1 << 23), "hook": True, "tags": [],
            "redirect_uris": [], "interactions_endpoint_url": None,
            "role_connections_verification_url": None, "owner": self.owner,
            "approximate_guild_count": len(self.guilds), "approximate_user_install_count": 0,
            "approximate_user_authorization_count": 0, "explicit_content_filter": 0,
            "team": None, "eligible_oauth2_scopes": [], "rpc_origins": [],
            "install_params": {"scopes": ["bot", "applications.commands"],
                               "permissions": "2048"},
            "integration_types_config": {"0": {}},
        }

    async def _get_gateway(self, rec: RecordedRequest) -> tuple[int, Any]:
        return 200, {"url": self.gateway_url}

    async def _get_gateway_bot(self, rec: RecordedRequest) -> tuple[int, Any]:
        return 200, {"url": self.gateway_url, "shards": 1,
                     "session_start_limit": {"total": 1000, "remaining": 999,
                                             "reset_after": 14400000, "max_concurrency": 1}}

    # -- REST: commands -------------------------------------------------------------------

    def _unknown_app(self, app: str) -> tuple[int, Any] | None:
        if app != self.app_id:
            return 403, {"code": 50001, "message": "Missing Access"}
        return None

    def _store_command(self, body: dict[str, Any], guild: str | None,
                       previous: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
        scope = self.commands.setdefault(guild, {})
        old = (previous if previous is not None else scope).get(body["name"])
        cmd: dict[str, Any] = {
            "id": old["id"] if old else payloads.new_id(),
            "application_id": self.app_id,
            "version": payloads.new_id(),
            "type": body.get("type") or 1,
            "name": body["name"],
            "description": body.get("description") or "",
            "default_member_permissions": (
                None if body.get("default_member_permissions") is None
                else str(body["default_member_permissions"])),
            "nsfw": bool(body.get("nsfw", False)),
        }
        for key in ("name_localizations", "description_localizations", "options", "contexts",
                    "integration_types"):
            if body.get(key) is not None:
                cmd[key] = body[key]
        if guild is not None:
            cmd["guild_id"] = guild
        else:
            cmd["dm_permission"] = body.get("dm_permission", True) is not False
            cmd.setdefault("integration_types", [0])
        scope[cmd["name"]] = cmd
        return cmd

    async def _list_commands(self, rec: RecordedRequest, app: str, guild: str | None = None
                             ) -> tuple[int, Any]:
        return self._unknown_app(app) or (200, self.registered_commands(guild))

    async def _put_commands(self, rec: RecordedRequest, app: str, guild: str | None = None
                            ) -> tuple[int, Any]:
        if (err := self._unknown_app(app)) is not None:
            return err
        previous = self.commands.get(guild, {})  # a bulk overwrite keeps ids by name
        self.commands[guild] = {}
        stored = [self._store_command(c, guild, previous) for c in rec.json or []]
        self.command_puts.append(rec)
        return 200, stored

    async def _post_command(self, rec: RecordedRequest, app: str, guild: str | None = None
                            ) -> tuple[int, Any]:
        if (err := self._unknown_app(app)) is not None:
            return err
        existed = rec.json["name"] in self.commands.get(guild, {})
        cmd = self._store_command(rec.json, guild)
        self.command_puts.append(rec)
        return (200 if existed else 201), cmd

    def _find_command(self, guild: str | None, cmd_id: str) -> dict[str, Any] | None:
        return next((c for c in self.commands.get(guild, {}).values() if c["id"] == cmd_id),
                    None)

    async def _get_command(self, rec: RecordedRequest, app: str, cmd: str,
                           guild: str | None = None) -> tuple[int, Any]:
        found = self._find_command(guild, cmd)
        if found is None:
            return 404, {"code": 10063, "message": "Unknown application command"}
        return 200, found

    async def _patch_command(self, rec: RecordedRequest, app: str, cmd: str,
                             guild: str | None = None) -> tuple[int, Any]:
        found = self._find_command(guild, cmd)
        if found is None:
            return 404, {"code": 10063, "message": "Unknown application command"}
        merged = {**found, **(rec.json or {})}
        self.commands[guild].pop(found["name"])
        return 200, self._store_command(merged, guild)

    async def _delete_command(self, rec: RecordedRequest, app: str, cmd: str,
                              guild: str | None = None) -> tuple[int, Any]:
        found = self._find_command(guild, cmd)
        if found is None:
            return 404, {"code": 10063, "message": "Unknown application command"}
        self.commands[guild].pop(found["name"])
        return 204, None

    # -- messages -------------------------------------------------------------------------

    def _components_out(self, components: list[Any] | None) -> list[Any]:
        """Request components as Discord echoes them: each gets a numeric ``id``."""
        counter = itertools.count(1)

        def walk(items: list[Any]) -> list[Any]:
            out = []
            for c in items:
                if not isinstance(c, dict):
                    continue
                c = {k: v for k, v in c.items() if v is not None}
                c.setdefault("id", next(counter))
                if isinstance(c.get("components"), list):
                    c["components"] = walk(c["components"])
                if isinstance(c.get("accessory"), dict):
                    c["accessory"] = walk([c["accessory"]])[0]
                if c.get("type") == 3:  # string select: defaults Discord fills in
                    c.setdefault("min_values", 1)
                    c.setdefault("max_values", 1)
                out.append(c)
            return out

        return walk(components or [])

    @staticmethod
    def _embeds_out(embeds: list[Any] | None) -> list[Any]:
        out = []
        for e in embeds or []:
            if not isinstance(e, dict):
                continue
            e = {k: v for k, v in e.items() if v is not None}
            e.setdefault("type", "rich")
            if isinstance(e.get("fields"), list):
                e["fields"] = [{"inline": False, **f} for f in e["fields"]]
            out.append(e)
        return out

    def _attachments_out(self, rec: RecordedRequest, channel_id: str, body: dict[str, Any],
                         existing: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Attachments after a create/edit: kept ones (by id) plus the uploaded files."""
        by_field = {f.field: f for f in rec.files}
        out = []
        for a in body.get("attachments") or []:
            if not isinstance(a, dict):
                continue
            kept = next((x for x in existing if x["id"] == str(a.get("id"))), None)
            if kept is not None:
                out.append(kept)
                continue
            f = by_field.get(f"files[{a.get('id')}]")
            if f is None:
                continue
            out.append(self._attachment(f, channel_id, a))
        listed = {f"files[{a.get('id')}]" for a in body.get("attachments") or []
                  if isinstance(a, dict)}
        out += [self._attachment(f, channel_id, {}) for f in rec.files if f.field not in listed]
        return out

    def _attachment(self, f: RecordedFile, channel_id: str, meta: dict[str, Any]
                    ) -> dict[str, Any]:
        att_id = payloads.new_id()
        filename = meta.get("filename") or f.filename
        self.files[att_id] = f
        url = f"{self.base_url}/attachments/{channel_id}/{att_id}/{filename}"
        data = {"id": att_id, "filename": filename, "size": len(f.data), "url": url,
                "proxy_url": url, "content_type": _guess_type(filename, f.content_type)}
        if meta.get("description"):
            data["description"] = meta["description"]
        return data

    def _new_message(self, rec: RecordedRequest, body: dict[str, Any], *, channel_id: str,
                     guild_id: str | None, it: InteractionRecord | None, type: int = 0,
                     extra_flags: int = 0) -> dict[str, Any]:
        msg_id = payloads.new_id()
        metadata = None
        if it is not None:
            invoker = (it.payload.get("member") or {}).get("user") or it.payload.get("user")
            metadata = {"id": it.id, "type": it.type, "user": invoker,
                        "authorizing_integration_owners":
                            it.payload.get("authorizing_integration_owners", {})}
            if it.original_id is not None:
                metadata["original_response_message_id"] = it.original_id
            if it.type == payloads.MESSAGE_COMPONENT and it.payload.get("message"):
                metadata["interacted_message_id"] = it.payload["message"]["id"]
        msg = payloads.message(
            msg_id, channel_id, self.bot_user,
            content=body.get("content") or "",
            embeds=self._embeds_out(body.get("embeds")),
            components=self._components_out(body.get("components")),
            attachments=self._attachments_out(rec, channel_id, body, []),
            flags=int(body.get("flags") or 0) | extra_flags, type=type,
            guild_id=guild_id,
            webhook_id=self.app_id if it is not None else None,
            application_id=self.app_id if it is not None else None,
            interaction_metadata=metadata,
        )
        msg["tts"] = bool(body.get("tts", False))
        self.messages[msg_id] = msg
        return msg

    def _edit_message(self, rec: RecordedRequest, msg: dict[str, Any], body: dict[str, Any]
                      ) -> dict[str, Any]:
        was_loading = bool(msg.get("flags", 0) & LOADING)
        if "content" in body:
            msg["content"] = body["content"] or ""
        if "embeds" in body:
            msg["embeds"] = self._embeds_out(body["embeds"])
        if "components" in body:
            msg["components"] = self._components_out(body["components"])
        if "attachments" in body or rec.files:
            msg["attachments"] = self._attachments_out(rec, msg["channel_id"], body,
                                                       msg.get("attachments", []))
        flags = int(msg.get("flags", 0)) & ~LOADING
        if body.get("flags") is not None:
            flags = (flags & EPHEMERAL) | int(body["flags"])
        msg["flags"] = flags
        if not was_loading:
            msg["edited_timestamp"] = payloads.iso_now()
        return msg

    def _channel_of(self, it: InteractionRecord) -> tuple[str, str | None]:
        return str(it.payload["channel"]["id"]), it.payload.get("guild_id")

    # -- REST: interaction callbacks and webhooks -------------------------------------------

    async def _callback(self, rec: RecordedRequest, iid: str, token: str) -> tuple[int, Any]:
        it = self.interactions.get(iid)
        if it is None or it.token != token:
            return 404, {"code": 10062, "message": "Unknown interaction"}
        if it.callback is not None:
            it.duplicate_callbacks.append(rec)
            return 400, {"code": 40060, "message": "Interaction has already been acknowledged."}
        body = rec.json if isinstance(rec.json, dict) else {}
        t = body.get("type")
        data = body.get("data") if isinstance(body.get("data"), dict) else {}
        channel_id, guild_id = self._channel_of(it)
        it.callback, it.callback_request = body, rec
        flags = int((data or {}).get("flags") or 0)
        out: dict[str, Any] = {"interaction": {
            "id": it.id, "type": it.type, "channel_id": channel_id,
            "response_message_loading": t == 5,
            "response_message_ephemeral": bool(flags & EPHEMERAL)}}
        if guild_id is not None:
            out["interaction"]["guild_id"] = guild_id
        if t == 4:
            msg = self._new_message(rec, data, channel_id=channel_id, guild_id=guild_id, it=it,
                                    type=20 if it.type == payloads.APPLICATION_COMMAND else 0)
            it.original_id = msg["id"]
            it.message_ids.append(msg["id"])
            out["interaction"]["response_message_id"] = msg["id"]
            out["resource"] = {"type": 4, "message": msg}
            it.answer_snapshot = copy_json(msg)
        elif t == 5:
            msg = self._new_message(rec, {"flags": flags}, channel_id=channel_id,
                                    guild_id=guild_id, it=it, extra_flags=LOADING,
                                    type=20 if it.type == payloads.APPLICATION_COMMAND else 0)
            it.original_id = msg["id"]
            it.message_ids.append(msg["id"])
            out["interaction"]["response_message_id"] = msg["id"]
        elif t in (6, 7):
            target = (it.payload.get("message") or {}).get("id")
            if target is None:
                return 400, {"code": 40004, "message": "Interaction has no message to update"}
            msg = self.messages.setdefault(target, copy_json(it.payload["message"]))
            it.original_id = target
            if target not in it.message_ids:
                it.message_ids.append(target)
            out["interaction"]["response_message_id"] = target
            if t == 7:
                self._edit_message(rec, msg, data)
                out["resource"] = {"type": 7, "message": msg}
                it.answer_snapshot = copy_json(msg)
        if it.is_answered():
            it.answered_at = time.monotonic()
        return 200, out

    def _webhook_interaction(self, app: str, token: str) -> InteractionRecord | None:
        if app != self.app_id:
            return None
        it = self._by_token.get(token)
        if it is None or it.callback is None:
            return None  # Discord: follow-ups only after the initial response
        return it

    UNKNOWN_WEBHOOK = (404, {"code": 10015, "message": "Unknown Webhook"})
    UNKNOWN_MESSAGE = (404, {"code": 10008, "message": "Unknown Message"})

    def _mark_answer(self, it: InteractionRecord, msg: dict[str, Any]) -> None:
        if it.answer_snapshot is None or (it.answered_at is None and it.is_answered()):
            it.answer_snapshot = copy_json(msg)
        if it.answered_at is None and it.is_answered():
            it.answered_at = time.monotonic()

    async def _execute_webhook(self, rec: RecordedRequest, app: str, token: str
                               ) -> tuple[int, Any]:
        it = self._webhook_interaction(app, token)
        if it is None:
            return self.UNKNOWN_WEBHOOK
        channel_id, guild_id = self._channel_of(it)
        msg = self._new_message(rec, rec.json or {}, channel_id=channel_id, guild_id=guild_id,
                                it=it, type=0)
        it.followups.append(msg)
        it.message_ids.append(msg["id"])
        self._mark_answer(it, msg)
        if rec.query.get("wait", "").lower() in ("1", "true"):
            return 200, msg
        return 204, None

    def _webhook_message(self, it: InteractionRecord, mid: str) -> dict[str, Any] | None:
        if mid not in it.message_ids:
            return None
        return self.messages.get(mid)

    async def _get_original(self, rec: RecordedRequest, app: str, token: str
                            ) -> tuple[int, Any]:
        it = self._webhook_interaction(app, token)
        if it is None:
            return self.UNKNOWN_WEBHOOK
        msg = self._webhook_message(it, it.original_id or "")
        return (200, msg) if msg is not None else self.UNKNOWN_MESSAGE

    async def _edit_original(self, rec: RecordedRequest, app: str, token: str
                             ) -> tuple[int, Any]:
        it = self._webhook_interaction(app, token)
        if it is None:
            return self.UNKNOWN_WEBHOOK
        return self._edit(rec, it, it.original_id or "")

    def _edit(self, rec: RecordedRequest, it: InteractionRecord, mid: str) -> tuple[int, Any]:
        msg = self._webhook_message(it, mid)
        if msg is None:
            return self.UNKNOWN_MESSAGE
        self._edit_message(rec, msg, rec.json or {})
        it.edits.append(rec)
        if mid == it.original_id:
            self._mark_answer(it, msg)
        return 200, msg

    async def _delete_original(self, rec: RecordedRequest, app: str, token: str
                               ) -> tuple[int, Any]:
        it = self._webhook_interaction(app, token)
        if it is None:
            return self.UNKNOWN_WEBHOOK
        if self.messages.pop(it.original_id or "", None) is None:
            return self.UNKNOWN_MESSAGE
        return 204, None

    async def _get_webhook_message(self, rec: RecordedRequest, app: str, token: str, mid: str
                                   ) -> tuple[int, Any]:
        it = self._webhook_interaction(app, token)
        if it is None:
            return self.UNKNOWN_WEBHOOK
        msg = self._webhook_message(it, mid)
        return (200, msg) if msg is not None else self.UNKNOWN_MESSAGE

    async def _edit_webhook_message(self, rec: RecordedRequest, app: str, token: str, mid: str
                                    ) -> tuple[int, Any]:
        it = self._webhook_interaction(app, token)
        if it is None:
            return self.UNKNOWN_WEBHOOK
        return self._edit(rec, it, mid)

    async def _delete_webhook_message(self, rec: RecordedRequest, app: str, token: str,
                                      mid: str) -> tuple[int, Any]:
        it = self._webhook_interaction(app, token)
        if it is None:
            return self.UNKNOWN_WEBHOOK
        if self._webhook_message(it, mid) is None:
            return self.UNKNOWN_MESSAGE
        self.messages.pop(mid, None)
        return 204, None

    def _guild_of_channel(self, channel: str) -> str | None:
        return next((g["id"] for g in self.guilds
                     if any(c["id"] == channel for c in g["channels"])), None)

    async def _create_channel_message(self, rec: RecordedRequest, channel: str
                                      ) -> tuple[int, Any]:
        guild_id = self._guild_of_channel(channel)
        if guild_id is None:
            return 404, {"code": 10003, "message": "Unknown Channel"}
        body = rec.json or {}
        nonce = body.get("nonce")
        key = (channel, str(nonce))
        if nonce is not None and body.get("enforce_nonce"):
            # Discord: "If enforce_nonce is set to true and a message was created by the same
            # author using the same nonce in the past few minutes, that message will be
            # returned and no new message will be created."
            made = self.nonces.get(key)
            if made is not None and rec.time - made[1] < self.nonce_window \
                    and made[0] in self.messages:
                self.nonce_hits += 1
                return 200, self.messages[made[0]]
        msg = self._new_message(rec, body, channel_id=channel, guild_id=guild_id, it=None)
        if nonce is not None:
            msg["nonce"] = nonce
            if body.get("enforce_nonce"):
                self.nonces[key] = (msg["id"], rec.time)
        return 200, msg

    def channel_messages(self, channel: str) -> list[dict[str, Any]]:
        """The messages in a channel, oldest first (as they are now, edits included)."""
        return sorted((m for m in self.messages.values() if m["channel_id"] == channel
                       and not m.get("interaction_metadata")), key=lambda m: int(m["id"]))

    async def _list_channel_messages(self, rec: RecordedRequest, channel: str
                                     ) -> tuple[int, Any]:
        if self._guild_of_channel(channel) is None:
            return 404, {"code": 10003, "message": "Unknown Channel"}
        try:
            limit = max(1, min(int(rec.query.get("limit", 50)), 100))
        except ValueError:
            return 400, {"code": 50035, "message": "Invalid Form Body"}
        msgs = [m for m in self.messages.values() if m["channel_id"] == channel]
        msgs.sort(key=lambda m: int(m["id"]))
        if "after" in rec.query:
            after = int(rec.query["after"])
            msgs = [m for m in msgs if int(m["id"]) > after][:limit]
        else:
            if "before" in rec.query:
                before = int(rec.query["before"])
                msgs = [m for m in msgs if int(m["id"]) < before]
            msgs = msgs[-limit:]
        out = []
        for m in reversed(msgs):  # newest first, as Discord returns them
            m = dict(m)
            m.pop("nonce", None)  # returned on create only, not kept for reading back
            out.append(m)
        return 200, out

    async def _edit_channel_message(self, rec: RecordedRequest, channel: str, mid: str
                                    ) -> tuple[int, Any]:
        if self._guild_of_channel(channel) is None:
            return 404, {"code": 10003, "message": "Unknown Channel"}
        msg = self.messages.get(mid)
        if msg is None or msg["channel_id"] != channel:
            return 404, {"code": 10008, "message": "Unknown Message"}
        return 200, self._edit_message(rec, msg, rec.json or {})

    async def _handle_attachment(self, request: web.Request) -> web.Response:
        f = self.files.get(request.match_info["id"])
        if f is None:
            return web.Response(status=404)
        return web.Response(body=f.data, content_type=_guess_type(f.filename, f.content_type))


def _guess_type(filename: str, fallback: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
            "txt": "text/plain; charset=utf-8", "csv": "text/csv; charset=utf-8",
            "json": "application/json"}.get(ext, fallback or "application/octet-stream")


def _asked_from(in_guild: bool, guild_id: str | None,
                user: Mapping[str, Any] | None) -> dict[str, Any]:
    """The payload builders' arguments for where an interaction comes from: a guild (the
    user as a member) or a DM (no guild; the user as a plain user)."""
    if not in_guild:
        return {"guild_id": None} if user is None else {"guild_id": None, "user_data": user}
    return {"guild_id": guild_id} if user is None else {"guild_id": guild_id,
                                                        "member_data": user}
