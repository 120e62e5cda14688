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

from rich.text import Text

ELLIPSIS = "…"
SHORTEST_NAME = 6
"""Names on a line are not cut below this many cells while another can give way."""


def middle_cut(name: str, width: int) -> str:
    """``name`` in at most ``width`` characters, its middle replaced by ``…`` when it is longer;
    more of the start stays than of the end (three fifths)."""
    if len(name) <= width:
        return name
    if width <= 1:
        return ELLIPSIS[: max(width, 0)]
    keep = width - 1
    tail = keep * 2 // 5
    head = keep - tail
    return name[:head] + ELLIPSIS + (name[len(name) - tail :] if tail else "")


def end_cut(name: str, width: int) -> str:
    """``name`` in at most ``width`` characters, ending in ``…`` when it is longer."""
    if len(name) <= width:
        return name
    if width <= 1:
        return ELLIPSIS[: max(width, 0)]
    return name[: width - 1] + ELLIPSIS


class NameCutter:
    """Cuts names of one model, knowing the others: at the end, or, when another name shares
    the part an end cut would keep, so that the part where they differ stays in view."""

    def __init__(self, names: Iterable[str]) -> None:
        self._sorted = sorted(set(names))

    def cut(self, name: str, width: int) -> str:
        if len(name) <= width:
            return name
        if width <= 1:
            return ELLIPSIS[: max(width, 0)]
        common = self._common_prefix(name)
        if common < width - 1:  # the end cut keeps a part no other name starts with
            return end_cut(name, width)
        # ``A_…Address`` beside ``A_…Contact``: the tail reaches back to where this name
        # parts from its neighbours, keeping at least a character of the head.
        keep = width - 1
        tail = min(max(keep * 2 // 5, len(name) - common), keep - 1)
        return name[: keep - tail] + ELLIPSIS + name[len(name) - tail :]

    def _common_prefix(self, name: str) -> int:
        """Length of the longest start ``name`` shares with another name (its neighbours in
        sorted order are the ones sharing most)."""
        at = bisect_left(self._sorted, name)
        longest = 0
        for index in (at - 1, at, at + 1):
            if 0 <= index < len(self._sorted) and self._sorted[index] != name:
                longest = max(longest, _shared(name, self._sorted[index]))
        return longest


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
    when each takes an equal share."""
    lengths = [len(name) for name in names]
    if sum(lengths) <= room:
        return list(names)
    floors = [min(length, SHORTEST_NAME) for length in lengths]
    if sum(floors) > room:  # not even the shortest forms fit: share the room out
        share, extra = divmod(max(room, 0), len(names))
        limits = [
            min(share + (1 if index < extra else 0), length) for index, length in enumerate(lengths)
        ]
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
