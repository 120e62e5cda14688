"""One side of the design (CRM or ERP) as a tree: systems, their entities, entity fields."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...domain.base import Side, entity_ref
from ...domain.systems import Entity, System
from ..controller import Controller
from ..filters import Filter
from ..name_cuts import cut_text
from ..selection import Kind, Selection
from .colors import Colors
from .labels import field_flags, field_summary

MAPPED, UNMAPPED, NO_COUNTERPART = "●", "○", "⊘"


class SideTree(Tree[Selection]):
    """Entities are added up front; their fields only when an entity is first expanded, so a
    side with a thousand entities opens at once. → opens an entity (or goes to its first
    field), ← closes it (or goes up to its parent), as file trees do."""

    BINDINGS = [
        Binding(
            "right",
            "open_or_enter",
            "Open",
            show=False,
            id="tree.open",
            tooltip="Show the entity's fields (on an open one: go to its first)",
        ),
        Binding(
            "left",
            "close_or_leave",
            "Close",
            show=False,
            id="tree.close",
            tooltip="Hide the entity's fields (on a field: go up to its entity)",
        ),
    ]

    # Class-level defaults: Tree's constructor already moves the cursor.
    _at: Selection | None = None
    """What the cursor is on, as last seen (see ``watch_cursor_line``)."""
    _quiet = False
    """Set while the tree moves its own cursor (a rebuild, ``select``)."""

    def __init__(self, side: Side, *, id: str | None = None) -> None:
        # A Text label: a string would be parsed as markup, loading rich's emoji table first.
        super().__init__(Text(f"{side.value.upper()} side"), id=id)
        self.side = side
        self.show_root = False
        self.guide_depth = 2
        self._signature: tuple[object, ...] = ()
        self._controller: Controller | None = None
        self._filter = Filter()
        self._groups: dict[int, str] = {}
        """The "relationships" group nodes (by object id) and their system's name."""
        self._looks: dict[int, tuple[str, str, str, bool]] = {}
        """What each entity node's label was made from (by node id): an edit relabels only the
        nodes whose look changed."""

    def render_label(self, node: TreeNode[Selection], base_style: Style, style: Style) -> Text:
        # An entity's name longer than the pane is cut, keeping its mark, so that names which
        # start alike still differ (A_BusinessPartnerAddress and A_BusinessPartnerContact,
        # which the pane's edge would crop to the same "A_Business"; see name_cuts).
        text = super().render_label(node, base_style, style)
        data = node.data
        if data is None or self._controller is None:
            return text
        room = self.scrollable_content_region.width - self._indent(node)
        if text.cell_len <= room:
            return text
        icon = text.cell_len - node.label.cell_len if isinstance(node.label, Text) else 0
        if data.kind is Kind.SYSTEM:
            return _cut_system(text, icon, room)
        if data.kind is not Kind.ENTITY:
            # A field (or relationship) line: cut at the end with …, the name first to stay.
            cut = text.copy()
            cut.truncate(max(room, 0), overflow="ellipsis")  # by cells, not characters
            return cut
        return cut_text(text, icon + len(MAPPED) + 1, room, self._controller.name_cutter)

    def _indent(self, node: TreeNode[Selection]) -> int:
        """Cells of guides left of ``node``'s label (the root is not shown)."""
        depth, parent = 0, node.parent
        while parent is not None and parent is not self.root:
            depth, parent = depth + 1, parent.parent
        return depth * self.guide_depth

    def get_label_width(self, node: TreeNode[Selection]) -> int:
        # The tree measures every line whenever it changes, to size its scroll area. Textual
        # measures by rendering each label in full; counting cells gives the same width in a
        # fraction of the time, and a large model has a thousand entities per side.
        label = node.label
        width = label.cell_len if isinstance(label, Text) else cell_len(label)
        if not node.allow_expand:
            return width
        return cell_len(self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE) + width

    def show(self, controller: Controller, filter_: Filter) -> None:
        """Show the side of the controller's workspace through ``filter_``; rebuilds only when
        the set of visible elements changed, otherwise relabels in place."""
        self._controller, self._filter = controller, filter_
        systems = [s for s in controller.workspace.systems if s.effective_side is self.side]
        # By name, as the store and the files hold them: an import or a new entity comes in at
        # the end of the model's list, and jumped above the rest until the workspace reopened.
        visible = [
            (
                system,
                sorted(
                    (
                        e
                        for e in system.entities
                        if filter_.entity_visible(controller, system.name, e)
                    ),
                    key=lambda e: e.name,
                ),
            )
            for system in systems
        ]
        signature = (
            filter_,
            tuple((s.name, tuple(e.name for e in es), s.relationships) for s, es in visible),
        )
        with self._moving_quietly():
            if signature != self._signature:
                self._rebuild(controller, visible, filter_)
                self._signature = signature
            else:
                self._relabel(controller, visible)

    @contextmanager
    def _moving_quietly(self) -> Iterator[None]:
        quiet, self._quiet = self._quiet, True
        try:
            yield
            # Lay the lines out now (``last_line`` does), not when the tree is next idle: the
            # layout puts the cursor back on its node, and that must not count as a move.
            _ = self.last_line
        finally:
            self._quiet = quiet

    def _rebuild(
        self, controller: Controller, visible: list[tuple[System, list[Entity]]], filter_: Filter
    ) -> None:
        selected = self.cursor_node.data if self.cursor_node else None
        expanded = {
            node.data.key
            for node in self._walk(self.root)
            if node.is_expanded and node.data is not None and id(node) not in self._groups
        }
        expanded_groups = {
            f"{self._groups[id(node)]} relationships"
            for node in self._walk(self.root)
            if node.is_expanded and id(node) in self._groups
        }
        self.clear()
        self._groups.clear()
        self._looks.clear()
        target_line = None
        for system, entities in visible:
            system_node = self.root.add(
                self._system_label(system, len(entities)),
                Selection(Kind.SYSTEM, system.name),
                expand=True,
            )
            for entity in entities:
                ref = entity_ref(system.name, entity.name)
                look = self._entity_look(controller, ref, entity)
                node = system_node.add(
                    _entity_text(look),
                    Selection(Kind.ENTITY, ref),
                    allow_expand=bool(entity.fields),
                )
                self._looks[node.id] = look
                wanted = filter_.matching_fields(entity)
                if ref in expanded or wanted:
                    self._add_fields(node, system.name, entity, wanted)
                    node.expand()
            if system.relationships and not filter_.active:
                group = system_node.add(
                    Text(f"relationships ({len(system.relationships)})", style="dim italic"),
                    Selection(Kind.RELATIONSHIPS, system.name),
                )
                if f"{system.name} relationships" in expanded_groups:
                    self._add_relationships(group, system)
                    group.expand()
                # Otherwise the lines are added when the group is first expanded: a large
                # model has a thousand of them per side, and nobody reads them at opening.
                group.allow_expand = True
                self._groups[id(group)] = system.name
        for node in self._walk(self.root):
            if selected is not None and node.data == selected:
                target_line = node.line
        if target_line is not None and target_line >= 0:
            self.cursor_line = target_line

    def _relabel(self, controller: Controller, visible: list[tuple[System, list[Entity]]]) -> None:
        by_ref = {entity_ref(s.name, e.name): e for s, es in visible for e in es}
        counts = {s.name: len(es) for s, es in visible}
        systems = {s.name: s for s, _ in visible}
        for node in self._walk(self.root):
            data = node.data
            if data is None:
                continue
            if data.kind is Kind.ENTITY and data.key in by_ref:
                node.allow_expand = bool(by_ref[data.key].fields)  # its first field, or last
                look = self._entity_look(controller, data.key, by_ref[data.key])
                if self._looks.get(node.id) != look:
                    self._looks[node.id] = look
                    _set_label(node, _entity_text(look))
                if node.is_expanded or node.children:
                    node.remove_children()
                    system = data.key.partition(":")[0]
                    self._add_fields(
                        node,
                        system,
                        by_ref[data.key],
                        self._filter.matching_fields(by_ref[data.key]),
                    )
            elif data.kind is Kind.SYSTEM and data.key in systems:
                _set_label(node, self._system_label(systems[data.key], counts[data.key]))

    @staticmethod
    def _add_relationships(group: TreeNode[Selection], system: System) -> None:
        for rel in system.relationships:
            # The name first: a parent's several relationships read alike to the arrow, and a
            # narrow pane cut what told them apart ("AccountX ─1:…" three times).
            label = Text(rel.name)
            label.append(f"  {rel.parent} ─{rel.cardinality}─▶ {rel.child}", style="dim")
            group.add_leaf(label, Selection(Kind.RELATIONSHIP, f"{system.name}:{rel.name}"))

    def _walk(self, node: TreeNode[Selection]) -> list[TreeNode[Selection]]:
        found = []
        for child in node.children:
            found.append(child)
            found.extend(self._walk(child))
        return found

    @staticmethod
    def _system_label(system: System, shown: int) -> Text:
        text = Text(system.display_name, style="bold")
        total = len(system.entities)
        count = f"{shown}/{total}" if shown != total else str(total)
        text.append(f"  {system.role.value} · {count}", style="dim")
        return text

    def _entity_look(
        self, controller: Controller, ref: str, entity: Entity
    ) -> tuple[str, str, str, bool]:
        """What an entity's label shows: its mark, the mark's style, its name, and italics for
        an open question (neither mapped nor marked as having no counterpart)."""
        colors = Colors.of(self.app)
        mapped = controller.is_mapped(ref)
        none = not mapped and bool(controller.workspace.mappings_of(ref))
        if mapped:
            return MAPPED, colors.good, entity.name, False
        if none:
            return NO_COUNTERPART, "dim", entity.name, False
        return UNMAPPED, colors.warn, entity.name, True

    def _add_fields(
        self, node: TreeNode[Selection], system: str, entity: Entity, only: list[str]
    ) -> None:
        for field in entity.fields:
            if only and field.name not in only:
                continue
            label = Text(field.name)
            label.append(f"  {field_summary(field)}", style="dim")
            flags = field_flags(field)
            if flags:
                label.append(f" {flags}", style="dim italic")
            node.add_leaf(
                label, Selection(Kind.FIELD, f"{entity_ref(system, entity.name)}.{field.name}")
            )

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[Selection]) -> None:
        node = event.node
        data = node.data
        if id(node) in self._groups and not node.children and self._controller is not None:
            system = self._controller.workspace.system(self._groups[id(node)])
            if system is not None:
                self._add_relationships(node, system)
            return
        if (
            data is None
            or data.kind is not Kind.ENTITY
            or node.children
            or self._controller is None
        ):
            return
        entity = self._controller.workspace.entity(data.key)
        if entity is not None:
            self._add_fields(node, data.key.partition(":")[0], entity, [])

    on_cursor: Callable[[Selection], None] | None = None
    """Called when the user moves the cursor (any key of the tree, or the mouse), right away,
    so the detail pane is painted in the same frame as the cursor. Cursor changes made by
    rebuilding the tree after an edit do not call it: they must not override what the edit
    selected."""

    def watch_cursor_line(self, previous_line: int, line: int) -> None:
        # Every move goes through here, whichever of Tree's actions made it (arrows, pages,
        # shift+arrows to siblings and parents, a click): the selection cannot drift from the
        # cursor. Tree re-sets the line when it lays its lines out again; only a move to
        # another element counts.
        super().watch_cursor_line(previous_line, line)
        node = self.cursor_node
        data = node.data if node is not None else None
        if data == self._at:
            return
        self._at = data
        if not self._quiet and data is not None and self.on_cursor is not None:
            self.on_cursor(data)

    def on_click(self) -> None:
        # A click on the node the cursor is already on moves nothing, yet it chooses that node
        # (the selection may be elsewhere, say a mapping in the middle list): say so.
        self.call_after_refresh(self._clicked)

    def _clicked(self) -> None:
        node = self.cursor_node
        if node is not None and node.data is not None and self.on_cursor is not None:
            self._at = node.data
            self.on_cursor(node.data)

    @property
    def help_name(self) -> str:
        """What the help screen calls this pane."""
        return f"{self.side.value.upper()} side tree"

    def action_open_or_enter(self) -> None:
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if not node.is_expanded:
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0])

    def action_close_or_leave(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and not node.parent.is_root:
            self.move_cursor(node.parent)

    def on_resize(self) -> None:
        # A smaller pane (presenter mode on a narrower terminal) left the cursor's line below
        # the fold while the detail pane showed it: it is scrolled back into view.
        self.call_after_refresh(self._cursor_in_view)

    def _cursor_in_view(self) -> None:
        if self.cursor_line >= 0 and self.is_mounted:
            self.scroll_to_line(self.cursor_line, animate=False)

    def first_entity(self) -> Selection | None:
        for node in self._walk(self.root):
            if node.data is not None and node.data.kind is Kind.ENTITY:
                return node.data
        return None

    def select(self, selection: Selection) -> bool:
        """Move the cursor to ``selection`` (expanding its entity if it is a field, its group
        if it is a relationship), without calling ``on_cursor``."""
        with self._moving_quietly():
            return self._select(selection)

    def _select(self, selection: Selection) -> bool:
        if selection.kind is Kind.RELATIONSHIP and self._controller is not None:
            system = self._controller.workspace.system(selection.system or "")
            for node in self._walk(self.root):
                if system is not None and self._groups.get(id(node)) == system.name:
                    if not node.children:
                        self._add_relationships(node, system)
                    node.expand()
        for node in self._walk(self.root):
            if node.data == selection:
                self.cursor_line = node.line
                self.scroll_to_node(node)
                return True
            if (
                selection.kind is Kind.FIELD
                and node.data is not None
                and node.data.key == selection.entity_ref
            ):
                node.expand()
        for node in self._walk(self.root):
            if node.data == selection:
                self.cursor_line = node.line
                return True
        return False


def _cut_system(text: Text, icon: int, room: int) -> Text:
    """A system's label made to fit a narrow pane: its role and count (``  crm · 29``) go first
    (the pane's title names the side), then the name ends in an ellipsis."""
    tail = text.plain.rfind("  ")
    name = text[:tail] if tail > icon else text
    if name.cell_len <= room:
        return name
    cut = name[: max(room - 1, icon + 1)]
    cut.append("…", style="bold")
    return cut


def _set_label(node: TreeNode[Selection], label: Text) -> None:
    """Relabel ``node`` only when its text or styles changed: every ``set_label`` queues a
    callback that redraws the line, and an edit on a large model leaves thousands of labels as
    they were (Rich's ``Text.__eq__`` ignores the base style, which holds the mark's colour)."""
    old = node.label
    if (
        not isinstance(old, Text)
        or old.plain != label.plain
        or old.style != label.style
        or old.spans != label.spans
    ):
        node.set_label(label)


def _entity_text(look: tuple[str, str, str, bool]) -> Text:
    mark, style, name, open_question = look
    text = Text(f"{mark} ", style=style)
    text.append(name, style="italic" if open_question else "")
    return text
