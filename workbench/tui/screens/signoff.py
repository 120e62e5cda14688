"""The sign-off dialog: who signs, approve or reject, what they said. Built to be used live in a
workshop: the people who may sign come first, arrows (or the first letter of a name) pick one,
Enter moves to the comment, Enter records."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from ...domain.decisions import Decision, Verdict
from ...domain.signoffs import required_functions, signoff_states
from ..controller import Controller
from ..widgets.colors import Colors
from ..widgets.signoff_marks import mark
from ..widgets.toggles import MarkedRadioButton
from .help import DIALOG_HELP


class SignOffScreen(ModalScreen[bool]):
    """Dismisses with True once a sign-off was recorded, False when cancelled."""

    CSS_PATH = Path(__file__).with_name("signoff.tcss")

    BINDINGS = [
        DIALOG_HELP,
        Binding("ctrl+s", "record", "Record", id="signoff.record", tooltip="Record the sign-off"),
        Binding("escape", "cancel", "Cancel", id="signoff.cancel", tooltip="Close, record nothing"),
        Binding(
            "ctrl+a",
            "verdict('approved')",
            "Approve",
            show=False,
            priority=True,  # before the comment field's own ctrl+a (start of line)
            id="signoff.approve",
            tooltip="Set the verdict to approve",
        ),
        Binding(
            "ctrl+r",
            "verdict('rejected')",
            "Reject",
            show=False,
            priority=True,
            id="signoff.reject",
            tooltip="Set the verdict to reject (say why in the comment)",
        ),
    ]

    def __init__(self, controller: Controller, decision: Decision) -> None:
        super().__init__()
        self.controller = controller
        self.decision = decision
        self._names = {s.id: s.name for s in controller.workspace.stakeholders}

    def _signers(self) -> list[tuple[str, Table]]:
        """Stakeholders who may sign: of a required function or a decision-maker, in that order."""
        ws = self.controller.workspace
        colors = Colors.of(self.app)
        required = required_functions(ws, self.decision)
        states = signoff_states(ws, self.decision)
        eligible = [
            s
            for s in ws.stakeholders
            if s.function in required or s.id in self.decision.decision_makers
        ]
        eligible.sort(
            key=lambda s: (
                s.function not in required,
                required.index(s.function) if s.function in required else 0,
            )
        )
        # Where each function stands comes from its latest sign-off: marked on its signer's
        # line; the others of the function see it in words, so nobody reads as having signed.
        last = {signoff.function: signoff.stakeholder for signoff in self.decision.signoffs}
        found = []
        for person in eligible:
            line = Text(f"{person.name:<22} ", style="bold")
            line.append(f"{person.function!s:<11}")
            state = states.get(person.function)
            if state is not None and last.get(person.function) == person.id:
                line.append_text(mark(state, colors, after="  "))
            elif state is not None and person.function in last:
                # "approved by Sofia": the function stands so through someone else's record.
                signer = self._names.get(last[person.function], last[person.function])
                first = signer.split(" ")[0]
                said = (
                    f"stale: {first}'s" if state.value == "stale" else f"{state.value} by {first}"
                )
                line.append(f"{said}  ", style="dim")
            elif state is not None:
                line.append_text(mark(state, colors, after="  "))
            # The title takes what the line leaves, cut with … rather than wrapped under it.
            row = Table.grid(expand=True)
            row.add_column(no_wrap=True)
            row.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
            row.add_row(line, Text(person.title, style="dim"))
            found.append((person.id, row))
        return found

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="form"):
            yield Label(
                f"Sign off decision {self.decision.number:04d}: {self.decision.title}",
                id="question",
                markup=False,
            )
            yield OptionList(*[Option(text, id=key) for key, text in self._signers()], id="signers")
            with RadioSet(id="verdict"):
                yield MarkedRadioButton("Approve (ctrl+a)", value=True, id="verdict-approved")
                yield MarkedRadioButton("Reject (ctrl+r)", id="verdict-rejected")
            yield Input(placeholder="comment (a rejection says why); Enter records", id="comment")
            # Beside the comment it is most often about, where a short terminal still shows it.
            yield Static("", id="signoff-error", markup=False)
            yield Static(
                f"Recorded by {self.controller.operator} · bound to the text and the "
                f"{len(self.decision.links)} element(s) it governs",
                classes="hint",
                markup=False,
            )
            with Horizontal(classes="buttons"):
                yield Button("Record (ctrl+s)", variant="primary", id="record")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        signers = self.query_one("#signers", OptionList)
        if signers.option_count:
            signers.highlighted = 0
        signers.focus()

    @property
    def verdict(self) -> Verdict:
        rejected = self.query_one("#verdict-rejected", RadioButton).value
        return Verdict.REJECTED if rejected else Verdict.APPROVED

    def action_verdict(self, verdict: str) -> None:
        self.query_one(f"#verdict-{verdict}", RadioButton).value = True

    def on_key(self, event: Key) -> None:
        """Type a letter in the list of signers to jump to the next person whose name starts
        with it: with a dozen people in the room, two keys find anyone."""
        signers = self.query_one("#signers", OptionList)
        char = event.character or ""
        if self.focused is not signers or len(char) != 1 or not char.isalpha():
            return
        ids = [signers.get_option_at_index(i).id or "" for i in range(signers.option_count)]
        names = [self._names.get(i, "") for i in ids]
        start = (signers.highlighted or 0) + 1
        for offset in range(len(names)):
            index = (start + offset) % len(names)
            if names[index][:1].casefold() == char.casefold():
                signers.highlighted = index
                event.stop()
                return

    @on(OptionList.OptionSelected, "#signers")
    def _to_comment(self) -> None:
        self.query_one("#comment", Input).focus()

    @on(Input.Submitted, "#comment")
    def _submitted(self) -> None:
        self.action_record()

    def action_record(self) -> None:
        signers = self.query_one("#signers", OptionList)
        if signers.highlighted is None:
            self._error("Nobody may sign this decision: add stakeholders of its functions.")
            return
        stakeholder = signers.get_option_at_index(signers.highlighted).id or ""
        comment = self.query_one("#comment", Input).value
        outcome = self.controller.sign(self.decision.number, stakeholder, self.verdict, comment)
        if not outcome.ok:
            self._error(outcome.message)
            return
        self.app.notify(outcome.message, timeout=3)
        self.dismiss(True)

    def _error(self, message: str) -> None:
        error = self.query_one("#signoff-error", Static)
        error.update(message)
        error.display = True
        self.call_after_refresh(error.scroll_visible, animate=False)

    def action_cancel(self) -> None:
        self.dismiss(False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "record":
            self.action_record()
        else:
            self.action_cancel()
