"""The mappings between the two sides, one line each: ``Account ─1:N─▶ A_Customer  SoR ERP``."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..controller import Controller
from ..filters import Filter
from .colors import Colors
from .labels import mapping_line


class MappingList(OptionList):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[object, ...] = ()

    def show(self, controller: Controller, filter_: Filter) -> None:
        workspace = controller.workspace
        incomplete = controller.incomplete_mappings
        colors = Colors.of(self.app)
        visible = [m for m in workspace.mappings if filter_.mapping_visible(controller, m)]
        visible.sort(key=lambda m: (m.source, m.target or "", m.id))
        if self.scrollable_content_region.width <= 0:
            return  # not laid out yet: on_resize shows the lines at the real width
        width = max(20, self.scrollable_content_region.width)
        signature = (*tuple((m, m.id in incomplete) for m in visible), colors, width)
        if signature == self._shown:
            return
        keep = self.highlighted_option.id if self.highlighted_option is not None else None
        self._shown = signature
        self.set_options(
            Option(mapping_line(workspace, m, m.id in incomplete, colors, width), id=m.id)
            for m in visible
        )
        if keep is not None:
            self.select_mapping(keep)

    def on_resize(self) -> None:
        # Lines are cut to the list's width: show them again at the new width.
        screen = self.screen
        controller = getattr(screen, "controller", None)
        if controller is not None:
            self.show(controller, getattr(screen, "filter"))  # noqa: B009 - set by the main screen

    on_cursor: Callable[[str], None] | None = None
    """Called when the user moves the highlight (see SideTree.on_cursor)."""

    def _moved(self) -> None:
        if self.on_cursor is not None and self.highlighted is not None:
            option_id = self.get_option_at_index(self.highlighted).id
            if option_id:
                self.on_cursor(option_id)

    def action_cursor_up(self) -> None:
        super().action_cursor_up()
        self._moved()

    def action_cursor_down(self) -> None:
        super().action_cursor_down()
        self._moved()

    def action_first(self) -> None:
        super().action_first()
        self._moved()

    def action_last(self) -> None:
        super().action_last()
        self._moved()

    def action_page_up(self) -> None:
        super().action_page_up()  # type: ignore[no-untyped-call]
        self._moved()

    def action_page_down(self) -> None:
        super().action_page_down()  # type: ignore[no-untyped-call]
        self._moved()

    def on_click(self) -> None:
        self.call_after_refresh(self._moved)

    def select_mapping(self, mapping_id: str) -> bool:
        try:
            self.highlighted = self.get_option_index(mapping_id)
        except Exception:
            return False
        return True
