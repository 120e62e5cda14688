"""Editing one element as the text of its mirror file, for what has no form (master data sets,
a scenario's overrides) and for whoever would rather type YAML."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea

from ...services.element_text import ElementText
from ..controller import Controller
from ..pending_keys import after_pending_keys
from .help import DIALOG_HELP
from .message import tell


class TextEditorScreen(ModalScreen[bool]):
    """Dismissed with True once the text was saved as an edit, False when left unchanged."""

    AUTO_FOCUS = "#element-text"
    BINDINGS = [
        DIALOG_HELP,
        Binding(
            "ctrl+s",
            "save",
            "Save",
            id="text.save",
            tooltip="Check the text and save it as one edit (undo takes it back)",
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="text.cancel",
            tooltip="Close without saving (twice when the text was changed)",
            priority=True,  # the text area would take escape to mean "leave the text area"
        ),
    ]

    def __init__(self, controller: Controller, element: ElementText, *, new: bool = False) -> None:
        super().__init__()
        self.controller = controller
        self.element = element
        self.new = new
        """The element is added on save (its text starts from an example or a blank)."""
        self._warned = False
        self.title_text = f"{'New' if new else 'Edit'} {element.path}"

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="form text-editor"):
            yield Label(self.title_text, id="question", markup=False)
            yield Static(
                "The file as the mirror holds it. Its name gives the element's id, so the id is "
                "not in the text. ctrl+s checks and saves; escape leaves everything as it was.",
                classes="hint",
            )
            yield TextArea(
                self.element.text,
                language="yaml",
                id="element-text",
                show_line_numbers=True,
                tab_behavior="indent",
                soft_wrap=False,
            )
            yield Static("", id="text-problems", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    @property
    def text(self) -> str:
        return self.query_one("#element-text", TextArea).text

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def has_unsaved_input(self) -> bool:
        return self.is_mounted and self.text != self.element.text

    def action_cancel(self) -> None:
        # Escape is a priority binding: a change typed just before it counts (it must warn).
        after_pending_keys(self, self._cancel)

    def _cancel(self) -> None:
        if not self.is_current:  # closed by an escape queued before this one
            return
        if self.text != self.element.text and not self._warned:
            self._warned = True
            self.notify(
                "The text was changed: escape again to drop the changes, ctrl+s to save them.",
                severity="warning",
                timeout=4,
            )
            return
        if self._warned:
            # The warning was about this editor: it goes with it, not over the next screen.
            self.app.clear_notifications()
        self.dismiss(False)

    def action_save(self) -> None:
        text = self.text
        if text == self.element.text and not self.new:
            self.dismiss(False)
            return
        outcome = self.controller.apply_text(self.element.path, text, new=self.new)
        if outcome.ok:
            tell(self, self.controller, outcome, at_least=3)
            self.dismiss(True)
            return
        self._show_problems(outcome.message, outcome.problems)

    def _show_problems(self, message: str, problems: tuple[tuple[int, str], ...]) -> None:
        # In the order of the text; problems without a line (elsewhere in the model) last.
        problems = tuple(sorted(problems, key=lambda problem: (problem[0] == 0, problem[0])))
        shown = Text(f"{message}:" if problems else message, style="bold")
        for line, problem in problems[:8]:
            shown.append(f"\n{f'line {line}: ' if line else ''}{problem}")
        if len(problems) > 8:
            shown.append(f"\n… and {len(problems) - 8} more")
        panel = self.query_one("#text-problems", Static)
        panel.update(shown)
        panel.add_class("-shown")
        first = next((line for line, _ in problems if line > 0), 0)
        editor = self.query_one("#element-text", TextArea)
        if first:
            editor.move_cursor((first - 1, 0))
            # Once the problems have taken their room and the editor its new height.
            self.call_after_refresh(editor.scroll_cursor_visible, center=True)
        editor.focus()
