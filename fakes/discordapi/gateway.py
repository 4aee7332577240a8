"""The fake's gateway: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats, sequenced
dispatches logged for RESUME replay, REQUEST_GUILD_MEMBERS, and dropping the socket on demand.

``GatewayMixin`` is half of ``FakeDiscord`` (server.py); it uses the fake's identity (token,
application, bot user, guilds) and problem lists.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import secrets
import time
import traceback
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from .records import FakeDiscordError, copy_json

# Gateway opcodes
DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, VOICE_STATE = 0, 1, 2, 3, 4
RESUME, RECONNECT, REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 6, 7, 8, 9, 10, 11


class Connection:
    _ids = itertools.count(1)

    def __init__(self, ws: web.WebSocketResponse, request: web.Request, compress: bool):
        self.number = next(self._ids)
        self.ws = ws
        self.request = request
        self.path = request.path
        self.query = dict(request.query)
        self.opened_at = time.monotonic()
        self.closed_at: float | None = None
        self.close_code: int | None = None
        self.session: Session | None = None
        self.heartbeats = 0
        self.heartbeat_seqs: list[int | None] = []  # the d of each heartbeat: last seq seen
        self.received: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []
        self._zlib = zlib.compressobj() if compress else None

    @property
    def open(self) -> bool:
        return not self.ws.closed

    async def send(self, payload: dict[str, Any]) -> None:
        text = json.dumps(payload, separators=(",", ":"))
        self.sent.append(payload)
        if self._zlib is not None:
            await self.ws.send_bytes(self._zlib.compress(text.encode()) +
                                     self._zlib.flush(zlib.Z_SYNC_FLUSH))
        else:
            await self.ws.send_str(text)

    def __repr__(self) -> str:
        session = getattr(self.session, "id", None)
        return f"<Connection #{self.number} {self.path} session={session}>"


class Session:
    def __init__(self, session_id: str, shard: list[int], identify: dict[str, Any]):
        self.id = session_id
        self.shard = shard
        self.identify = identify
        self.seq = 0
        self.log: list[dict[str, Any]] = []  # every dispatch, for RESUME replay
        self.conn: Connection | None = None
        self.lock = asyncio.Lock()
        self.drop_after: int | None = None
        self.drop_code = 4000
        self.ready_seq: int | None = None  # seq of the last GUILD_CREATE after READY
        self.resumes: list[dict[str, Any]] = []


class GatewayMixin:
    """The gateway half of FakeDiscord."""

    if TYPE_CHECKING:
        token: str
        app_id: str
        bot_user: dict[str, Any]
        guilds: list[dict[str, Any]]
        compress: bool
        heartbeat_interval_ms: int
        probe_ready: bool
        connections: list[Connection]
        sessions: dict[str, Session]
        identifies: list[dict[str, Any]]
        dispatched: list[tuple[str, dict[str, Any]]]
        server_errors: list[str]
        gateway_problems: list[str]
        _poke: Callable[[], None]

        @property
        def resume_gateway_url(self) -> str: ...

    def _guilds_for(self, shard: list[int]) -> list[dict[str, Any]]:
        shard_id, count = shard
        return [g for g in self.guilds if (int(g["id"]) >> 22) % count == shard_id]

    def _session_for(self, guild_id: str | None) -> Session:
        candidates = [s for s in self.sessions.values()
                      if (guild_id is None and s.shard[0] == 0)
                      or (guild_id is not None
                      and (int(guild_id) >> 22) % s.shard[1] == s.shard[0])]
        if not candidates:
            raise FakeDiscordError("no bot session: the bot has not IDENTIFYed yet")
        return candidates[-1]

    async def dispatch(self, event: str, data: dict[str, Any], *, guild_id: str | None = None,
                       session: Session | None = None) -> int:
        """Send a DISPATCH (op 0) with the session's next sequence number; returns it. While the
        socket is down the event is only logged, and replayed on RESUME."""
        session = session or self._session_for(guild_id)
        async with session.lock:
            return await self._dispatch_locked(session, event, data)

    async def _dispatch_locked(self, session: Session, event: str, data: dict[str, Any]) -> int:
        session.seq += 1
        payload = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.log.append(payload)
        self.dispatched.append((session.id, payload))
        if session.drop_after is not None:
            if session.drop_after <= 0:
                session.drop_after = None
                await self._drop(session, session.drop_code)  # this event is "lost in transit"
                return session.seq
            session.drop_after -= 1
        conn = session.conn
        if conn is not None and conn.open:
            try:
                await conn.send(payload)
            except (ConnectionError, RuntimeError):
                session.conn = None
        return session.seq

    async def drop_socket(self, *, code: int = 4000, after_events: int | None = None,
                          guild_id: str | None = None) -> None:
        """Close the bot's gateway socket with CODE: now, or after AFTER_EVENTS more dispatches
        go out (the next one is then lost in transit and must come back by RESUME replay).
        4000 is "unknown error": discord.py RESUMEs at once."""
        session = self._session_for(guild_id)
        if after_events is None:
            await self._drop(session, code)
        else:
            session.drop_after, session.drop_code = after_events, code

    async def _drop(self, session: Session, code: int) -> None:
        conn, session.conn = session.conn, None
        if conn is not None and conn.open:
            await conn.ws.close(code=code, message=b"fake Discord dropped the socket")

    async def _handle_ws(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        compress = self.compress and request.query.get("compress") == "zlib-stream"
        conn = Connection(ws, request, compress)
        self.connections.append(conn)
        try:
            await conn.send({"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms,
                                                "_trace": ["fake-discord"]},
                             "s": None, "t": None})
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    if msg.type is WSMsgType.BINARY:
                        await self._gateway_error(conn, 4002, "binary frame from the client")
                    continue
                try:
                    frame = json.loads(msg.data)
                except ValueError:
                    await self._gateway_error(conn, 4002, f"undecodable frame {msg.data[:80]!r}")
                    continue
                conn.received.append(frame)
                await self._on_frame(conn, frame)
                self._poke()
        except Exception:
            self.server_errors.append(f"gateway:\n{traceback.format_exc()}")
        finally:
            conn.closed_at = time.monotonic()
            conn.close_code = ws.close_code
            if conn.session is not None and conn.session.conn is conn:
                conn.session.conn = None
            self._poke()
        return ws

    async def _gateway_error(self, conn: Connection, code: int, problem: str) -> None:
        self.gateway_problems.append(f"connection #{conn.number}: {problem} (closed {code})")
        await conn.ws.close(code=code)

    async def _on_frame(self, conn: Connection, frame: dict[str, Any]) -> None:
        op, d = frame.get("op"), frame.get("d")
        if op == HEARTBEAT:
            conn.heartbeats += 1
            conn.heartbeat_seqs.append(d if isinstance(d, int) else None)
            await conn.send({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == IDENTIFY:
            await self._identify(conn, d or {})
        elif op == RESUME:
            await self._resume(conn, d or {})
        elif op == REQUEST_MEMBERS:
            await self._request_members(conn, d or {})
        elif op in (PRESENCE, VOICE_STATE):
            pass  # recorded in conn.received
        else:
            await self._gateway_error(conn, 4001, f"unknown opcode {op}")

    async def _identify(self, conn: Connection, d: dict[str, Any]) -> None:
        if conn.session is not None:
            await self._gateway_error(conn, 4005, "IDENTIFY on an identified connection")
            return
        if d.get("token") != self.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        shard = list(d.get("shard") or [0, 1])
        session = Session(secrets.token_hex(16), shard, d)
        self.sessions[session.id] = session
        self.identifies.append(d)
        async with session.lock:
            conn.session, session.conn = session, conn
            guilds = self._guilds_for(shard)
            await self._dispatch_locked(session, "READY", {
                "v": 10,
                "user": {**self.bot_user, "mfa_enabled": False, "verified": True,
                         "email": None},
                "user_settings": {},
                "guilds": [{"id": g["id"], "unavailable": True} for g in guilds],
                "session_id": session.id,
                "session_type": "normal",
                "resume_gateway_url": self.resume_gateway_url,
                "shard": shard,
                "application": {"id": self.app_id, "flags": 1 << 23},
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "guild_join_requests": [],
                "geo_ordered_rtc_regions": ["london", "rotterdam"],
                "auth": {},
                "_trace": ["fake-discord"],
            })
            for g in guilds:
                await self._dispatch_locked(session, "GUILD_CREATE", copy_json(g))
            session.ready_seq = session.seq
            if self.probe_ready:
                # Ask for a heartbeat (op 1, as Discord may): the client answers at once with
                # d = the last sequence number it processed, which tells when READY and the
                # guilds have been handled (see wait_for_ready_processed).
                await conn.send({"op": HEARTBEAT, "d": None, "s": None, "t": None})

    async def _resume(self, conn: Connection, d: dict[str, Any]) -> None:
        if d.get("token") != self.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        session = self.sessions.get(str(d.get("session_id")))
        if session is None:
            await conn.send({"op": INVALID_SESSION, "d": False, "s": None, "t": None})
            return
        async with session.lock:
            old = session.conn
            if old is not None and old is not conn and old.open:
                await old.ws.close(code=4000)
            conn.session, session.conn = session, conn
            seq = int(d.get("seq") or 0)
            missed = [e for e in session.log if e["s"] > seq and e["t"] != "RESUMED"]
            session.resumes.append({"seq": seq, "connection": conn.number, "path": conn.path,
                                    "replayed": [e["s"] for e in missed]})
            for event in missed:
                await conn.send(event)
            session.seq += 1
            resumed = {"op": DISPATCH, "t": "RESUMED", "s": session.seq,
                       "d": {}}  # a dict: discord.py writes __shard_id__ into it
            session.log.append(resumed)
            await conn.send(resumed)

    async def _request_members(self, conn: Connection, d: dict[str, Any]) -> None:
        if conn.session is None:
            await self._gateway_error(conn, 4003, "REQUEST_GUILD_MEMBERS before IDENTIFY")
            return
        guild_ids = d.get("guild_id")
        for gid in guild_ids if isinstance(guild_ids, list) else [guild_ids]:
            g = next((g for g in self.guilds if g["id"] == str(gid)), None)
            members = g["members"] if g else []
            if d.get("user_ids"):
                wanted = {str(u) for u in d["user_ids"]}
                members = [m for m in members if m["user"]["id"] in wanted]
            elif d.get("query"):
                members = [m for m in members
                           if m["user"]["username"].startswith(str(d["query"]).lower())]
            chunk = {"guild_id": str(gid), "members": members, "chunk_index": 0,
                     "chunk_count": 1, "not_found": []}
            if d.get("nonce") is not None:
                chunk["nonce"] = d["nonce"]
            await self.dispatch("GUILD_MEMBERS_CHUNK", chunk, session=conn.session)
