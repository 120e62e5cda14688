"""An element as the text of its mirror file, for editing in the workbench, and putting the
edited text back.

This is the workbench's answer for what has no form (master data sets, a scenario's record
overrides) and for the person who would rather type: the text is exactly the file the mirror
holds, it is read by the same parser as the mirror (errors name the line), and putting it back
is one edit like any other, validated with the whole model, undoable, written to the store and
the mirror. An element's name or id comes from its file's name and cannot change here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..domain.edits import EditError
from ..domain.elements import STAKEHOLDERS, ElementKey, elements, patch
from ..domain.workspace import Workspace
from ..mirror import layout
from ..mirror.codec import EDITABLE_AS_TEXT, MirrorIssue, file_of, parse_element_file


class TextError(Exception):
    """The text does not parse as the element's file; ``issues`` say where."""

    def __init__(self, issues: list[MirrorIssue]) -> None:
        super().__init__("; ".join(f"line {i.line}: {i.message}" for i in issues))
        self.issues = issues


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
        raise TextError(issues)
    return key, value


def with_element(ws: Workspace, key: ElementKey, value: Any) -> Workspace:
    """``ws`` with the element ``key`` replaced by ``value`` (which must exist already: the
    text editor changes elements, it does not add them)."""
    if key not in elements(ws):
        raise EditError(f"{key[-1]} is no longer in the model")
    return patch(ws, {key: value})
