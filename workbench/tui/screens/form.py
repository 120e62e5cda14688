"""A form for any element: labelled inputs, inline errors, Save and Cancel.

The caller describes the fields and gives a ``submit`` function that tries the edit and returns
the errors to show (by field name; ``""`` for the form as a whole), or None when it succeeded.
The form stays open until the input is valid or the user cancels: nothing half-valid is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import ValidationError
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea
from textual.widgets.input import Selection

from ...domain.error_words import error_message
from ..widgets.toggles import MarkedCheckbox
from .help import DIALOG_HELP

FieldKind = Literal["text", "area", "select", "check", "list"]


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    kind: FieldKind = "text"
    options: Sequence[tuple[str, str]] = field(default_factory=tuple)
    """For selects: (shown text, value)."""
    optional: bool = True
    """An empty entry means 'no value' (None) rather than an empty text."""
    hint: str = ""


Errors = dict[str, str]
Submit = Callable[[dict[str, Any]], Errors | None]


def errors_from(exc: ValidationError, names: Sequence[str] = ()) -> Errors:
    """Pydantic errors by form field: the first location part that names a field wins."""
    found: Errors = {}
    for error in exc.errors(include_url=False):
        loc = [str(part) for part in error["loc"]]
        target = next((part for part in loc if part in names), "")
        found.setdefault(target, error_message(error))
    return found


class FormInput(Input):
    """A form's text input. The one the form opens on does not have its text selected when it
    gets the focus: one key typed in passing would replace the whole value, a decision's title
    with it. Any field moved to (Tab, a click, a refused save) selects its text, to type over,
    as everywhere else."""

    opening = False
    """The form opens on this input (set by the form before it focuses it)."""

    def on_focus(self) -> None:
        if self.opening:
            self.opening = False
            # After Input's own handler, which selects everything.
            self.call_after_refresh(self._unselect)

    def _unselect(self) -> None:
        self.selection = Selection.cursor(0)  # at the start: a long value reads from it


class FormTextArea(TextArea):
    """A form's text box of several lines. Reached with Tab, the cursor goes to the end of
    its text: at the start, what was typed went in front of the old text ("Xname match"). Its
    text is not selected, as a one-line field's is: a paragraph is added to more often than
    replaced, and one key would take it all."""

    def on_focus(self) -> None:
        if self.cursor_location == (0, 0) and self.text:
            self.move_cursor(self.document.end)


class FormScreen(ModalScreen[bool]):
    """Dismisses with True when ``submit`` accepted the values, False when cancelled."""

    BINDINGS = [
        DIALOG_HELP,
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="form.save",
            tooltip="Save the form (it stays open if something is invalid)",
        ),
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
    ]

    def __init__(
        self, title: str, fields: Sequence[FormField], values: dict[str, Any], submit: Submit
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = list(fields)
        self.values = values
        self.submit = submit
        self._initial: dict[str, Any] = {}
        self._warned = False
        """The first escape over typed input warned (see ``action_cancel``)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="form"):
            yield Label(self.title_text, id="question", markup=False)
            with VerticalScroll(id="form-fields"):
                for spec in self.fields:
                    with Horizontal(classes="form-row"):
                        yield Label(spec.label, classes="form-label", markup=False)
                        with Vertical(classes="form-input"):
                            yield self._widget(spec)
                            if spec.hint:
                                yield Static(spec.hint, classes="hint", markup=False)
                            yield Static(
                                "", id=f"error-{spec.name}", classes="form-error", markup=False
                            )
            yield Static("", id="error-", classes="form-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def _widget(self, spec: FormField) -> Widget:
        value = self.values.get(spec.name)
        wid = f"field-{spec.name}"
        if spec.kind == "area":
            return FormTextArea(
                str(value or ""), id=wid, soft_wrap=True, show_line_numbers=False, compact=True
            )
        if spec.kind == "check":
            return MarkedCheckbox("", bool(value), id=wid, compact=True)
        if spec.kind == "select":
            options = [(text, key) for text, key in spec.options]
            known = {key for _, key in options}
            return Select(
                options,
                value=value if value in known else Select.NULL,
                # Nothing to choose from (an entity without fields): blank, and saving says why,
                # where Select would refuse to be made at all.
                allow_blank=spec.optional or not options,
                id=wid,
                compact=True,
            )
        if spec.kind == "list":
            return FormInput(
                ", ".join(value or ()), id=wid, placeholder="comma-separated", compact=True
            )
        return FormInput("" if value is None else str(value), id=wid, compact=True)

    def on_mount(self) -> None:
        # A long value reads from its start (an input shows its end, where the cursor is, so a
        # scenario's title opened as "…customers, resolved by legal entity and bill-to").
        for entry in self.query("#form-fields Input").results(Input):
            entry.cursor_position = 0
        first = self.query(
            "#form-fields Input, #form-fields TextArea, #form-fields Select, #form-fields Checkbox"
        )
        if first:
            opening = first.first()
            if isinstance(opening, FormInput):
                opening.opening = True
            opening.focus()
        self._initial = self._read()

    @on(events.DescendantFocus)
    def _row_in_view(self, event: events.DescendantFocus) -> None:
        # The focused field's whole row in view: its label above and its hint and message below
        # (the focus alone scrolls to the input, which at 80x24 left the rest under the fold).
        row = next(
            (
                a
                for a in event.widget.ancestors
                if isinstance(a, Widget) and a.has_class("form-row")
            ),
            None,
        )
        if row is not None:
            self.call_after_refresh(row.scroll_visible, animate=False)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _edited(
        self, event: Input.Changed | TextArea.Changed | Select.Changed | Checkbox.Changed
    ) -> None:
        # A field's message goes once the field is changed: it was about the old value. So
        # does the form's own message (a name already taken, a link to nothing): it was about
        # the values as they were, and any change may be the fix; saving says again if not.
        widget = event.control
        if widget is not None and widget.id and widget.id.startswith("field-") and self.is_mounted:
            for message in self.query(f"#error-{widget.id.removeprefix('field-')}, #error-"):
                message.display = False

    def has_unsaved_input(self) -> bool:
        """Whether the form holds values that differ from those it opened with."""
        return self.is_mounted and self._read() != self._initial

    def _read(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, TextArea):
                raw: Any = widget.text
            elif isinstance(widget, Checkbox):
                raw = widget.value
            elif isinstance(widget, Select):
                raw = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, Input):
                raw = widget.value
            else:  # pragma: no cover - every widget kind is handled above
                raw = None
            if spec.kind == "list":
                # An entry typed twice means it once (a role notified twice is notified once).
                parts = (part.strip() for part in str(raw).split(","))
                raw = tuple(dict.fromkeys(part for part in parts if part))
            elif spec.kind in ("text", "area") and spec.optional and not str(raw).strip():
                raw = None
            result[spec.name] = raw
        return result

    def _show_errors(self, errors: Errors) -> None:
        names = {spec.name for spec in self.fields}
        for spec in self.fields:
            self._error_text(f"#error-{spec.name}", errors.get(spec.name, ""))
        general = [message for name, message in errors.items() if name not in names]
        self._error_text("#error-", "\n".join(general))
        for spec in self.fields:
            if spec.name in errors:
                field = self.query_one(f"#field-{spec.name}")
                if isinstance(field, Input) and field.has_focus:
                    # Focused already, it gets no focus event to select its text: what is typed
                    # next replaces the refused value (it was added to it: "BP_REJECTEDbp_x").
                    field.select_all()
                field.focus()
                # The whole row in view: its label, what was typed and the message under it
                # (scrolling to the message alone left the label and the input above the top).
                message = self.query_one(f"#error-{spec.name}")
                row: Widget = next(
                    (
                        ancestor
                        for ancestor in message.ancestors
                        if isinstance(ancestor, Widget) and ancestor.has_class("form-row")
                    ),
                    message,
                )
                self.call_after_refresh(row.scroll_visible)
                break
        else:
            if general:
                self.call_after_refresh(self.query_one("#error-").scroll_visible)

    def _error_text(self, selector: str, message: str) -> None:
        widget = self.query_one(selector, Static)
        widget.update(message)
        widget.display = bool(message)

    def action_save(self) -> None:
        errors = self.submit(self._read())
        if errors:
            self._show_errors(errors)
        else:
            self.dismiss(True)

    def action_cancel(self) -> None:
        # What was typed is not dropped by one key pressed in passing: the first escape says so
        # (as the YAML editor does), the second one closes.
        if self.has_unsaved_input() and not self._warned:
            self._warned = True
            self.notify(
                "The form was changed: escape again to drop what is typed, ctrl+s to save it.",
                severity="warning",
                timeout=4,
            )
            return
        if self._warned:
            # The warning was about this form: it goes with it, not over the next screen.
            self.app.clear_notifications()
        self.dismiss(False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()
