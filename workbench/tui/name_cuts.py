"""Entity names in less room than they need, cut so that they can still be told apart.

A name that does not fit is cut at the end (``Integration_Er…``), unless another name of the
model starts with the part that would stay, as S/4HANA's ``A_BusinessPartner…`` entities do:
cropped alike, they would read the same, so those keep the part where they differ
(``A_…Address``, ``A_…Contact``).
Entity and field names are identifiers: one cell per character.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from itertools import groupby

from rich.text import Text

ELLIPSIS = "…"
SHORTEST_NAME = 6
"""Names on a line are not cut below this many cells while another can give way."""


def end_cut(name: str, width: int) -> str:
    """``name`` in at most ``width`` characters, ending in ``…`` when it is longer."""
    if len(name) <= width:
        return name
    if width <= 1:
        return ELLIPSIS[: max(width, 0)]
    return name[: width - 1] + ELLIPSIS


class NameCutter:
    """Cuts names of one model, knowing the others: at the end, or, when other names share the
    part an end cut would keep, so that each reads differently from every other cut name (the
    tail reaching back to where it parts from the others: ``A_…Address`` beside ``A_…Contact``).
    The cuts for a width are worked out for all names at once, the first time it is asked for."""

    def __init__(self, names: Iterable[str]) -> None:
        self.known = frozenset(names)
        """The names it cuts for."""
        self.names = tuple(sorted(self.known))
        self._by_width: dict[int, dict[str, str]] = {}

    def cut(self, name: str, width: int) -> str:
        if len(name) <= width:
            return name
        if width <= 1:
            return ELLIPSIS[: max(width, 0)]
        cuts = self._by_width.get(width)
        if cuts is None:
            cuts = self._by_width[width] = _cuts_at(self.names, width)
        found = cuts.get(name)
        if found is not None:
            return found
        if name in self.known:  # alone with its start: the end cut is unique
            return end_cut(name, width)
        # A name the model does not hold: split when a name of the model starts with what the
        # end cut would keep, else cut at the end.
        prefix = name[: width - 1]
        at = bisect_left(self.names, prefix)
        if at < len(self.names) and self.names[at].startswith(prefix):
            return _split(name, width, _tail_for(name, [self.names[at]], width))
        return end_cut(name, width)


def _cuts_at(names: tuple[str, ...], width: int) -> dict[str, str]:
    """Split cuts, different from one another where the width allows, for the sorted ``names``
    longer than ``width`` whose first ``width - 1`` characters another such name shares. (The
    others are cut at the end: those cuts are unique, and no split reads like one, since a
    split always keeps a character after the …; a name that fits has no … at all.)"""
    keep = width - 1
    taken: set[str] = set()
    cuts: dict[str, str] = {}
    longer = [name for name in names if len(name) > width]  # still sorted: runs share a start
    for _, members in groupby(longer, key=lambda name: name[:keep]):
        run = list(members)
        if len(run) > 1:
            for index, name in enumerate(run):
                # In sorted order the names sharing most of a name's start are its neighbours.
                near = run[max(index - 1, 0) : index + 2]
                cuts[name] = _free_split(name, width, _tail_for(name, near, width), taken)
    return cuts


def _free_split(name: str, width: int, preferred: int, taken: set[str]) -> str:
    """The split with the ``preferred`` tail, or the nearest one no other name took."""
    keep = width - 1
    choice = _split(name, width, preferred)
    step = 1
    while choice in taken and step < keep:
        for tail in (preferred + step, preferred - step):
            if 0 < tail < keep and _split(name, width, tail) not in taken:
                choice = _split(name, width, tail)
                break
        step += 1
    taken.add(choice)
    return choice


def _tail_for(name: str, near: list[str], width: int) -> int:
    """The tail that reaches back to where ``name`` parts from the ``near`` names (those most
    like it), with at least one character of head and two fifths of the room by default."""
    keep = width - 1
    common = max((_shared(name, other) for other in near if other != name), default=0)
    return min(max(keep * 2 // 5, len(name) - common), keep - 1)


def _split(name: str, width: int, tail: int) -> str:
    keep = width - 1
    return name[: keep - tail] + ELLIPSIS + name[len(name) - tail :]


def _shared(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def cut_text(text: Text, keep: int, width: int, cutter: NameCutter) -> Text:
    """``text`` in ``width`` cells: its first ``keep`` characters as they are (a mark), the rest
    (a name) cut by ``cutter``, styles kept."""
    rest = text[keep:]
    if rest.cell_len <= width - keep:
        return text
    cut = cutter.cut(rest.plain, max(width - keep, 0))
    head = cut.find(ELLIPSIS)
    if head < 0:
        return text[: keep + len(cut)]
    tail = len(cut) - head - 1
    out = text[: keep + head]
    ellipsis = rest[head : head + 1]  # the cut character's styles, for the ellipsis
    ellipsis.plain = ELLIPSIS
    out.append_text(ellipsis)
    if tail:
        out.append_text(rest[len(rest) - tail :])
    return out


def fit_names(names: list[str], room: int, cutter: NameCutter) -> list[str]:
    """Cut ``names`` so that together they take at most ``room`` characters: the longest give
    way first, none below ``SHORTEST_NAME`` (or its own length) unless even that does not fit,
    when they share it out evenly."""
    lengths = [len(name) for name in names]
    if sum(lengths) <= room:
        return list(names)
    floors = [min(length, SHORTEST_NAME) for length in lengths]
    if sum(floors) > room:  # not even the shortest forms fit: share out what room there is
        limits = _water_fill(lengths, [0] * len(names), max(room, 0))
    else:
        limits = _water_fill(lengths, floors, room)
    return [cutter.cut(name, limit) for name, limit in zip(names, limits, strict=True)]


def _water_fill(lengths: list[int], floors: list[int], room: int) -> list[int]:
    """Limits within ``room``: every name capped at one level (not below its floor), the
    highest level that fits, and what is left over given to the longest names."""

    def total(cap: int) -> int:
        return sum(
            max(min(length, cap), floor) for length, floor in zip(lengths, floors, strict=True)
        )

    cap = max(lengths)
    while cap > 0 and total(cap) > room:
        cap -= 1
    limits = [max(min(length, cap), floor) for length, floor in zip(lengths, floors, strict=True)]
    spare = room - sum(limits)
    for index in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        grow = min(spare, lengths[index] - limits[index])
        limits[index] += grow
        spare -= grow
    return limits
