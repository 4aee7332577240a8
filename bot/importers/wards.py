"""Which ward an imported ballot is in, keeping different boundaries apart.

Neither CSV format says which boundary arrangement a ward belongs to; what they give
is the ward's name, the slug in its ballot id and (usually) its ONS GSS code. ONS
issues a new GSS code when a ward's boundaries change, so the code is the best
evidence of "same boundaries" there is. In order:

1. a ballot already in the database keeps its ward (curated data wins);
2. a ward we made before from the same code and slug is the same ward;
3. a curated ward of the council with the same GSS code is that ward;
4. a curated ward with the same slug and no GSS code, in a boundary set first used
   on or before the ballot's date, is that ward (the latest such set);
5. otherwise a new ward. With a GSS code its boundary set is `<council>-<gss>`,
   one set per code, since the files do not say how codes group into arrangements:
   the same slug with a different code is a different ward. Without a code we cannot
   tell whether boundaries changed, so the set is `<council>-as-of-<year>` and a
   ward of the same name in another year is kept apart rather than guessed the same.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bot.store.lookup import Existing


@dataclass(frozen=True, slots=True)
class WardChoice:
    ward_id: str
    boundary_set_id: str
    new: bool  # a ward (and maybe boundary set) this import must create


def boundary_set_id(council_id: str, gss: str | None, year: int) -> str:
    return f"{council_id}-{gss.lower()}" if gss else f"{council_id}-as-of-{year}"


class WardResolver:
    def __init__(self, existing: Existing) -> None:
        self._existing = existing
        self._by_gss: dict[tuple[str, str], str] = {}
        self._by_slug: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for w in existing.wards.values():
            if w.gss:
                self._by_gss.setdefault((w.council_id, w.gss), w.id)
            elif w.first_used:
                self._by_slug[(w.council_id, w.slug)].append((w.first_used, w.id))
        self._made: set[str] = set()

    def resolve(self, ballot_id: str, council_id: str, slug: str, gss: str | None,
                date: str) -> WardChoice:
        existing = self._existing
        if ballot_id in existing.ballot_wards:
            wid = existing.ballot_wards[ballot_id]
            ref = existing.wards.get(wid)
            return WardChoice(wid, ref.boundary_set_id if ref else wid.partition(":")[0], False)
        bset = boundary_set_id(council_id, gss, int(date[:4]))
        auto = f"{bset}:{slug}"
        if auto in existing.wards or auto in self._made:
            return WardChoice(auto, bset, False)
        if gss and (council_id, gss) in self._by_gss:
            wid = self._by_gss[(council_id, gss)]
            return WardChoice(wid, existing.wards[wid].boundary_set_id, False)
        earlier = [(first, wid) for first, wid in self._by_slug.get((council_id, slug), ())
                   if first <= date]
        if earlier:
            wid = max(earlier)[1]
            return WardChoice(wid, existing.wards[wid].boundary_set_id, False)
        self._made.add(auto)
        return WardChoice(auto, bset, True)
