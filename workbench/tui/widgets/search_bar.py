"""The search bar (``/``): text that matches names on both sides, and a filter."""

from __future__ import annotations

from textual import on
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Select

from ..filters import Filter, Show


class SearchBar(Horizontal):
    DEFAULT_CSS = """
    SearchBar { height: 1; display: none; background: $boost; }
    SearchBar.-open { display: block; }
    SearchBar > Input { width: 1fr; }
    SearchBar > Select { width: 22; }
    """

    class Done(Message):
        """Enter in the search field: the user wants to go to the results."""

    class Changed(Message):
        def __init__(self, filter_: Filter) -> None:
            super().__init__()
            self.filter = filter_

    def _fields(self) -> tuple[Input, Select[Show]]:
        return (
            Input(
                placeholder="Search both sides · Enter: to the results · Esc: close",
                id="search-text",
                compact=True,
            ),
            Select(
                [(show.value, show) for show in Show],
                value=Show.ALL,
                allow_blank=False,
                id="search-show",
                compact=True,
            ),
        )

    @property
    def filter(self) -> Filter:
        if not self.children:  # never opened
            return Filter()
        show = self.query_one("#search-show", Select).value
        return Filter(self.query_one("#search-text", Input).value.strip(), Show(str(show)))

    async def open(self) -> None:
        # The fields are made on first use: the opening screen does not style and lay out
        # five widgets nobody sees yet.
        if not self.children:
            await self.mount(*self._fields())
        self.add_class("-open")
        self.query_one("#search-text", Input).focus()

    def close(self) -> None:
        self.remove_class("-open")
        if not self.children:
            return
        with self.prevent(Input.Changed, Select.Changed):
            self.query_one("#search-text", Input).value = ""
            self.query_one("#search-show", Select).value = Show.ALL

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.post_message(self.Done())

    @on(Input.Changed)
    def _changed(self) -> None:
        self.post_message(self.Changed(self.filter))

    @on(Select.Changed)
    def _show_changed(self) -> None:
        if not self.has_class("-open"):
            return  # the Select announces its initial value when mounted
        self.post_message(self.Changed(self.filter))
        # Back to the text, where Enter goes to the results.
        self.query_one("#search-text", Input).focus()
