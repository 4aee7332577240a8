"""What the benchmarks ran on: CPU, cores, memory, Python and library versions."""

from __future__ import annotations

import os
import platform
import sqlite3
from importlib import metadata

LIBRARIES = ("discord.py", "rapidfuzz", "aiosqlite", "Pillow", "aiohttp")


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory() -> str:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def load() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def describe() -> list[tuple[str, str]]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        ("CPU", _cpu_model()),
        ("cores", f"{os.cpu_count()} ({usable} usable)"),
        ("memory", _memory()),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        *((name, _version(name)) for name in LIBRARIES),
        ("SQLite", sqlite3.sqlite_version),
    ]
