"""Checkboxes and radio buttons whose mark says on or off without colour.

Textual draws the same mark (``X``, ``●``) in both states and tells them apart by colour alone,
which a projector or a monochrome terminal washes out: here an off button has a mark of its own
(a dot in an empty checkbox, a ring for a radio button)."""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


class MarkedCheckbox(Checkbox):
    ON_MARK, OFF_MARK = "X", "·"

    def watch_value(self) -> None:
        self.BUTTON_INNER = self.ON_MARK if self.value else self.OFF_MARK
        super().watch_value()

    def on_mount(self) -> None:
        self.BUTTON_INNER = self.ON_MARK if self.value else self.OFF_MARK


class MarkedRadioButton(RadioButton):
    ON_MARK, OFF_MARK = "●", "○"

    def watch_value(self) -> None:
        self.BUTTON_INNER = self.ON_MARK if self.value else self.OFF_MARK
        super().watch_value()

    def on_mount(self) -> None:
        self.BUTTON_INNER = self.ON_MARK if self.value else self.OFF_MARK
