"""Run an unmodified discord.py entry point against the fake Discord.

    python -m fakes.discordapi.launcher --base http://127.0.0.1:PORT -- bot.cli:main run

Points ``discord.http.Route.BASE`` (all REST, including interaction callbacks and webhooks) at
``BASE/api/v10`` and ``DiscordWebSocket.DEFAULT_GATEWAY`` (used by a plain ``Client``; an
``AutoShardedClient`` asks ``GET /gateway/bot``, which the fake answers with its own URL) at
``ws://HOST:PORT/gateway``, then calls the entry point the way a console script does:
``sys.argv = [module, *args]`` and ``sys.exit(function())``. The bot's code is not touched; it
reads its token from the environment (e.g. DISCORD_TOKEN) as in production.

SIGTERM (what the harness, systemd or docker send) is turned into SIGINT, i.e. Ctrl-C: under
``asyncio.run`` that cancels the main task, so ``Client.run``/``async with bot`` close the
gateway and the HTTP session cleanly instead of dying mid-request. A bot that installs its own
SIGTERM handler overrides this.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import signal
import sys
from urllib.parse import urlsplit


def redirect(base: str) -> tuple[str, str]:
    """Point discord.py at the fake at BASE (``http://127.0.0.1:PORT``, with or without the
    ``/api/v10`` suffix). Returns (REST base, gateway URL)."""
    import discord.gateway
    import discord.http
    import yarl

    base = base.rstrip("/")
    if base.endswith("/api/v10"):
        base = base[: -len("/api/v10")]
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SystemExit(f"launcher: --base must be an http URL, not {base!r}")
    api = base + "/api/v10"
    gateway = f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}/gateway"
    discord.http.Route.BASE = api
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    return api, gateway


def load(target: str) -> object:
    module_name, sep, attr = target.partition(":")
    if not sep or not module_name or not attr:
        raise SystemExit(f"launcher: the target must be module:function, not {target!r}")
    obj: object = importlib.import_module(module_name)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--" in argv:
        cut = argv.index("--")
        ours, theirs = argv[:cut], argv[cut + 1:]
    else:
        ours, theirs = argv, []
    parser = argparse.ArgumentParser(prog="python -m fakes.discordapi.launcher")
    parser.add_argument("--base", required=True, help="the fake's root URL, http://127.0.0.1:PORT")
    args = parser.parse_args(ours)
    if not theirs:
        parser.error("give the entry point after --, e.g. -- bot.cli:main run")
    target, *target_args = theirs
    api, gateway = redirect(args.base)
    print(f"launcher: REST {api}, gateway {gateway}, running {target} {target_args}",
          file=sys.stderr, flush=True)
    func = load(target)
    if not callable(func):
        raise SystemExit(f"launcher: {target} is not callable")
    sys.argv = [target.partition(":")[0], *target_args]
    signal.signal(signal.SIGTERM, _sigterm_as_sigint)
    try:
        result = func()
        if inspect.isawaitable(result):
            result = asyncio.run(result)  # type: ignore[arg-type]
    except KeyboardInterrupt:
        return 130
    return result if isinstance(result, int) else 0


def _sigterm_as_sigint(signum: int, frame: object) -> None:
    # Call the SIGINT handler directly rather than signal.raise_signal(SIGINT): a signal raised
    # inside a handler is only noticed at the next bytecode, and when the first signal came in
    # during the event loop's select() that retries the select first, so the Ctrl-C would wait
    # for the loop's next timer (up to a heartbeat interval). asyncio.Runner's SIGINT handler
    # cancels the main task and wakes the loop itself.
    handler = signal.getsignal(signal.SIGINT)
    print(f"launcher: SIGTERM, stopping as on Ctrl-C ({getattr(handler, '__name__', handler)})",
          file=sys.stderr, flush=True)
    if callable(handler):
        handler(signal.SIGINT, frame)
    else:
        raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
