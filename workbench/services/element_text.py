"""An element as the text of its mirror file, for editing in the workbench, and putting the
edited text back.

This is the workbench's answer for what has no form (master data sets, a scenario's record
overrides) and for the person who would rather type: the text is exactly the file the mirror
holds, it is read by the same parser as the mirror (errors name the line), and putting it back
is one edit like any other, validated with the whole model, undoable, written to the store and
the mirror. An element's name or id comes from its file's name and cannot change here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..domain.base import SLUG_PATTERN
from ..domain.edits import EditError
from ..domain.elements import STAKEHOLDERS, ElementKey, elements, patch
from ..domain.masterdata import MasterData
from ..domain.reconciliation import MetricKind, ReconciliationMetric
from ..domain.revenue import ProductClass
from ..domain.validation import Issue
from ..domain.workspace import Workspace
from ..mirror import layout
from ..mirror.codec import (
    EDITABLE_AS_TEXT,
    MirrorIssue,
    file_of,
    locate_issue,
    parse_element_file,
)


class TextError(Exception):
    """The text cannot be saved; ``problems`` say why, by line of the text (0: no line)."""

    def __init__(
        self,
        message: str,
        problems: list[tuple[int, str]],
        issues: Sequence[MirrorIssue] = (),
    ) -> None:
        super().__init__("; ".join(f"line {line}: {problem}" for line, problem in problems))
        self.message = message
        self.problems = problems
        self.issues = list(issues)
        """The parser's issues, with their file, when the text did not parse."""


class NoChange(EditError):
    """The text describes the element as the model already holds it."""


@dataclass(frozen=True)
class ElementText:
    """An element's file as it is now."""

    key: ElementKey
    path: str
    text: str


def text_of(ws: Workspace, key: ElementKey) -> ElementText | None:
    """The file of element ``key`` (see ``domain.elements``) as text; None when the element is
    not in the workspace or has no file of its own that can be edited as text."""
    value = elements(ws).get(key)
    if value is None:
        return None
    found = file_of(key, value)
    if found is None and key == STAKEHOLDERS:
        found = (layout.STAKEHOLDERS_FILE, b"")  # nobody yet: the file does not exist
    if found is None:
        return None
    path, data = found
    place = layout.classify(path)
    if place is None or place.kind not in EDITABLE_AS_TEXT:
        return None
    return ElementText(key, path, data.decode("utf-8"))


def parse_text(path: str, text: str) -> tuple[ElementKey, Any]:
    """The element that ``text`` describes as the file at ``path``. Raises TextError."""
    key, value, issues = parse_element_file(path, text.encode("utf-8"))
    if value is None:
        raise TextError("The text has errors", [(i.line, i.message) for i in issues], issues)
    return key, value


@dataclass(frozen=True)
class TextEdit:
    """What saving a text does: the edit's label and the change to make."""

    label: str
    change: Callable[[Workspace], Workspace]


def edit_from_text(ws: Workspace, path: str, text: str, *, new: bool = False) -> TextEdit:
    """The edit that puts ``text`` back as the file at ``path`` (adds it, when ``new``).
    Raises TextError when it does not parse, NoChange when the model would stay as it is."""
    key, value = parse_text(path, text)
    if not new and elements(ws).get(key) == value:
        raise NoChange(
            "Nothing in the model changed (the file is written from the model: comments and "
            "layout are not kept)"
        )
    return TextEdit(
        f"{'Add' if new else 'Edit'} {path} as text",
        lambda current: with_element(current, key, value, new=new),
    )


def problems_in_text(issues: Iterable[Issue], path: str, text: str) -> TextError:
    """The model's validation issues after a text edit, placed on the lines of that text
    (line 0 for issues of other elements)."""
    files = {path: text.encode("utf-8")}
    placed = []
    for issue in issues:
        file, line = locate_issue(issue.location, files)
        placed.append((line if file == path else 0, f"{issue.element}: {issue.message}"))
    return TextError("The model would have errors", placed)


def with_element(ws: Workspace, key: ElementKey, value: Any, *, new: bool = False) -> Workspace:
    """``ws`` with the element ``key`` replaced by ``value``, or added when ``new``."""
    present = key in elements(ws)
    if new and present:
        raise EditError(f"{' '.join(key)} exists already")
    if not new and not present:
        raise EditError(f"{key[-1]} is no longer in the model")
    return patch(ws, {key: value})


NEW_AS_TEXT: dict[str, str] = {
    "product-class": "product class",
    "reconciliation": "reconciliation metric",
    "master-data": "master data set",
}
"""The elements that are added as text (they have no form), and what they are called."""

_BLANK: dict[str, Callable[[str], Any]] = {
    "product-class": lambda new_id: ProductClass(id=new_id),
    "reconciliation": lambda new_id: ReconciliationMetric(id=new_id, kind=MetricKind.OTHER),
    "master-data": lambda new_id: MasterData(id=new_id),
}


def text_for_new(ws: Workspace, kind: str, new_id: str) -> ElementText:
    """The text a new element starts from: a copy of the first of its kind (a real example to
    change), or the least its format needs when there is none. Raises EditError for an id that
    cannot name a file or is taken."""
    if kind not in NEW_AS_TEXT:
        raise EditError(f"a {kind} is not added as text")
    if not re.fullmatch(SLUG_PATTERN, new_id):
        raise EditError(
            f"{new_id!r} cannot be an id: lowercase letters, digits and dashes, not a dash first"
        )
    key = (kind, new_id)
    if key in elements(ws):
        raise EditError(f"{NEW_AS_TEXT[kind]} {new_id} exists already")
    example = next((value for k, value in elements(ws).items() if k[0] == kind), None)
    model = (
        example.model_copy(update={"id": new_id}) if example is not None else _BLANK[kind](new_id)
    )
    found = file_of(key, model)
    if found is None:  # cannot happen: each of these kinds has a file of its own
        raise EditError(f"a {NEW_AS_TEXT[kind]} has no file")
    return ElementText(key, found[0], found[1].decode("utf-8"))
