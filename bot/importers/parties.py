"""Mapping the party on an imported row to a party record.

In order: the register id the source gives (Electoral Commission "PP53", Democracy
Club "ynmp-party:2", "joint-party:53-119") against the known parties' register ids;
then the name against their names and aliases; else a new party record is made
from what the row says (slug id, the source's name, a neutral colour, the register
id kept), so later imports of the same party find it by register id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.domain import Party
from bot.importers.values import slugify
from bot.matching import normalise

NEUTRAL_COLOUR = 0xA0A0A0  # a party we know nothing about gets no party colour
_SKIP_WORDS = {"the", "of", "and", "for", "party"}


def _abbr(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z0-9]+", name) if w.casefold() not in _SKIP_WORDS]
    return "".join(w[0] for w in words[:4]).upper() or name[:4] or "?"


class PartyMapper:
    def __init__(self, parties: Iterable[Party]) -> None:
        self._by_register: dict[str, str] = {}
        self._by_name: dict[str, str] = {}
        self._ids: set[str] = set()
        self._cache: dict[tuple[str, str], str | None] = {}
        self.new: list[Party] = []  # made by this import, not yet handed out
        self._names_of: dict[str, tuple[str, str]] = {}  # register id -> (norm name, as given)
        self._conflicts: dict[tuple[str, str], str | None] = {}
        for p in parties:
            self._learn(p)

    def _learn(self, p: Party) -> None:
        self._ids.add(p.id)
        for rid in p.register_ids:
            self._by_register.setdefault(rid, p.id)
        for name in (p.name, p.short_name, *p.aliases):
            key = normalise(name)
            if key:
                self._by_name.setdefault(key, p.id)

    def map(self, register_id: str, name: str) -> str | None:
        """The party id for a row's register id and name (either may be empty)."""
        key = (register_id, name)
        if key in self._cache:
            return self._cache[key]
        pid = self._find(register_id.strip(), name.strip())
        self._cache[key] = pid
        return pid

    def conflict(self, register_id: str, name: str) -> str | None:
        """Why a row's register id and party name cannot both be right, or None.

        A register id names one party: a row pairing it with the name of another known
        party ("PP53", "Conservative and Unionist Party"), or a file giving it two
        different names, would merge two parties silently.
        """
        key = (register_id, name)
        if key not in self._conflicts:  # the answer for a pair never changes once asked
            self._conflicts[key] = self._conflict(register_id.strip(), name.strip())
        return self._conflicts[key]

    def _conflict(self, register_id: str, name: str) -> str | None:
        if not register_id or not name:
            return None
        norm = normalise(name)
        by_reg = self._by_register.get(register_id)
        by_name = self._by_name.get(norm) if norm else None
        if by_reg and by_name and by_reg != by_name:
            return (f"party id {register_id!r} is {by_reg!r} but the party name {name!r} is "
                    f"{by_name!r}; one of them is wrong")
        first = self._names_of.setdefault(register_id, (norm, name))
        if first[0] != norm and not (by_reg and by_name == by_reg):
            return (f"party id {register_id!r} is given the name {name!r} here but "
                    f"{first[1]!r} earlier in the file")
        return None

    def _find(self, register_id: str, name: str) -> str | None:
        if register_id and register_id in self._by_register:
            return self._by_register[register_id]
        norm = normalise(name) if name else ""
        if norm and norm in self._by_name:
            return self._by_name[norm]
        if not name and not register_id:
            return None
        label = name or register_id
        base = slugify(label) or "party"
        pid, n = base, 2
        while pid in self._ids:
            pid, n = f"{base}-{n}", n + 1
        party = Party(pid, label, label, _abbr(label), NEUTRAL_COLOUR,
                      register_ids=(register_id,) if register_id else ())
        self._learn(party)
        self.new.append(party)
        return pid

    def take_new(self) -> list[Party]:
        out, self.new = self.new, []
        return out
