"""Editing with undo and redo, on top of a session.

Every edit is committed at once (nothing waits for a save), so quitting or a killed terminal loses
at most the edit in flight. Undo puts back exactly the elements one edit changed; if someone else
changed one of them since, undo refuses rather than overwrite their work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..domain.elements import ElementKey, changed_keys, elements, patch
from ..domain.validation import ElementKind, Issue, Location, Severity
from ..domain.workspace import Workspace
from ..store import ConflictError
from .session import InvalidEdit, Session

HISTORY_LIMIT = 200


@dataclass(frozen=True)
class Step:
    label: str
    before: Workspace
    after: Workspace
    keys: frozenset[ElementKey]
    """The elements the edit changed: what undoing it puts back."""
    passed_over: tuple[str, ...] = ()
    """Later edits a record took off the history (by label): undoing this step passes over
    them, and says so, since the user would expect them to go first."""


@dataclass
class Editor:
    session: Session
    limit: int = HISTORY_LIMIT
    _done: list[Step] = field(default_factory=list)
    _undone: list[Step] = field(default_factory=list)
    taken_off: tuple[str, ...] = ()
    """The edits the last record (``undoable=False``) took off the undo history, by label."""
    passed_over: tuple[str, ...] = ()
    """The edits the last undo passed over (a record builds on them), by label."""

    @property
    def workspace(self) -> Workspace:
        return self.session.workspace

    def apply(
        self, label: str, change: Callable[[Workspace], Workspace], *, undoable: bool = True
    ) -> list[Issue]:
        """Apply ``change`` to the current workspace and commit it as one undoable step.
        Returns the warnings the model still carries; raises InvalidEdit, EditError or
        ConflictError with nothing written.

        ``undoable=False`` commits without a step: for a record that cannot be taken back (a
        sign-off joins an append-only log). Left on the history, its step could never be
        undone, and nothing before it either. The edits it builds on (the decision it signs
        was created or changed by one) cannot be undone either now: they leave the history
        (``taken_off``), and undo goes on with the edits before them that it left alone."""
        before = self.session.workspace
        after = change(before)
        self.taken_off = ()
        if after == before:
            return []
        warnings = self.session.apply(after)
        # This edit's elements only: when another writer committed since the session last
        # read, the workspace now holds their changes too, and undo must not take those back.
        was, wrote = self.session.written or (before, self.session.workspace)
        keys = frozenset(changed_keys(was, wrote))
        if not undoable:
            self.taken_off = tuple(s.label for s in self._done if s.keys & keys)
            self._done = _without(self._done, keys)
            self._undone = [s for s in self._undone if not s.keys & keys]
            return warnings
        self._done.append(Step(label, before, self.session.workspace, keys))
        del self._done[: -self.limit]
        self._undone.clear()  # a new edit: what was undone is not redone over it
        return warnings

    @property
    def undo_label(self) -> str | None:
        return self._done[-1].label if self._done else None

    @property
    def redo_label(self) -> str | None:
        return self._undone[-1].label if self._undone else None

    def undo(self) -> str | None:
        """Revert the last edit; returns its label (None when there is nothing to undo).
        ``passed_over`` then names the later edits it left in place (a record builds on them)."""
        self.passed_over = ()
        if not self._done:
            return None
        step = self._done[-1]
        self._take(self._done, step, step.after, step.before)
        self._undone.append(step)
        self.passed_over = step.passed_over
        return step.label

    def redo(self) -> str | None:
        """Apply the last undone edit again; returns its label."""
        if not self._undone:
            return None
        step = self._undone[-1]
        self._take(self._undone, step, step.before, step.after)
        self._done.append(step)
        return step.label

    def _take(self, stack: list[Step], step: Step, expected: Workspace, target: Workspace) -> None:
        """Move ``step``'s elements from ``expected`` to ``target`` and take it off ``stack``.
        A step that cannot be taken now cannot be later either: someone else's change is in
        its way, or the model as it is now would not validate with it (a later edit removed
        what it links to). It leaves the stack with the refusal, so the next press goes on
        with the step before it instead of refusing again. (A store that cannot be reached
        keeps the step: that passes.)"""
        try:
            self.session.apply(_move(self.session.workspace, step, expected, target))
        except ConflictError:
            stack.pop()
            raise
        except InvalidEdit as exc:
            stack.pop()
            raise InvalidEdit(
                [*exc.issues[:1], _left_history(step.label), *exc.issues[1:]]
            ) from None
        stack.pop()


def _without(done: list[Step], keys: frozenset[ElementKey]) -> list[Step]:
    """The history without the steps that changed any of ``keys``, each kept step just before
    one taken off noting that its undo passes over it."""
    kept: list[Step] = []
    for step in done:
        if not step.keys & keys:
            kept.append(step)
        elif kept:
            kept[-1] = replace(kept[-1], passed_over=(*kept[-1].passed_over, step.label))
    return kept


def _move(current: Workspace, step: Step, expected: Workspace, target: Workspace) -> Workspace:
    """``current`` with the elements ``step`` changed set to their ``target`` version, provided
    they still look as ``expected`` in ``current``."""
    now, was, goal = elements(current), elements(expected), elements(target)
    for key in step.keys:
        if now.get(key) != was.get(key):
            raise ConflictError(
                " ".join(key),
                f"changed since '{step.label}' (by another edit or another user), so that edit "
                "cannot be taken back and leaves the history",
            )
    return patch(current, {key: goal.get(key) for key in step.keys}, target)


def _left_history(label: str) -> Issue:
    """Said with a refused undo or redo: that the step is gone from the history."""
    return Issue(
        Severity.ERROR,
        f"'{label}'",
        "cannot be taken back with the model as it is now, so it leaves the history",
        Location(ElementKind.WORKSPACE, (), ()),
    )
