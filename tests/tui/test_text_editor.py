"""Editing an element as the YAML of its file, driven by keys: a valid text is one undoable edit
in the store and the mirror; a broken one is shown by line and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static, TextArea

from tests.tui.conftest import run_from_palette, wait_open
from tests.tui.test_workbench import _stored
from workbench.domain import Cardinality
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.main import MainScreen
from workbench.tui.screens.simulation import SimulationScreen
from workbench.tui.screens.text_editor import TextEditorScreen
from workbench.tui.selection import Kind, Selection

MAPPING = "account-customer"
MAPPING_FILE = "models/mappings/account-customer.yaml"


async def _editor_of(pilot, screen: MainScreen, selection: Selection) -> TextEditorScreen:  # type: ignore[no-untyped-def]
    screen.reveal(selection)
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause()
    editor = pilot.app.screen
    assert isinstance(editor, TextEditorScreen)
    return editor


def _problems(editor: TextEditorScreen) -> str:
    return str(editor.query_one("#text-problems", Static).render())


async def test_a_mapping_edited_as_yaml_is_saved_undone_and_redone(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        editor = await _editor_of(pilot, screen, Selection(Kind.MAPPING, MAPPING))
        text_area = editor.query_one(TextArea)
        original = (reference / MAPPING_FILE).read_text("utf-8")
        assert text_area.text == original
        edited = original.replace("cardinality: 1:N", "cardinality: N:M")
        text_area.load_text(edited)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        mapping = _stored(reference).mapping(MAPPING)
        assert mapping.cardinality is Cardinality.MANY_TO_MANY
        assert (reference / MAPPING_FILE).read_text("utf-8") == edited
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert _stored(reference).mapping(MAPPING).cardinality is Cardinality.ONE_TO_MANY
        assert (reference / MAPPING_FILE).read_text("utf-8") == original
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert _stored(reference).mapping(MAPPING).cardinality is Cardinality.MANY_TO_MANY


async def test_a_broken_text_is_shown_by_line_and_changes_nothing(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        before = _stored(reference)
        editor = await _editor_of(pilot, screen, Selection(Kind.MAPPING, MAPPING))
        text_area = editor.query_one(TextArea)
        original = text_area.text
        lines = original.splitlines()
        card_line = next(i for i, line in enumerate(lines) if line.startswith("cardinality:"))

        # A value the model does not know: the line is named and the cursor goes there.
        text_area.load_text(original.replace("cardinality: 1:N", "cardinality: 3:1"))
        text_area.move_cursor((0, 0))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is editor
        assert f"line {card_line + 1}: cardinality" in _problems(editor)
        assert text_area.cursor_location == (card_line, 0)

        # Parses, but the model would break: a target entity that does not exist.
        text_area.load_text(original.replace("target: s4hana:A_Customer", "target: s4hana:Nowhere"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is editor
        problems = _problems(editor)
        target_line = next(i for i, line in enumerate(lines) if line.startswith("target:")) + 1
        assert "The model would have errors" in problems
        assert f"line {target_line}: mapping {MAPPING}: target s4hana:Nowhere" in problems

        await pilot.press("escape")  # changed: the first escape warns
        await pilot.pause()
        assert app.screen is editor
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert _stored(reference) == before
        assert (reference / MAPPING_FILE).read_text("utf-8") == original


async def test_a_text_that_changes_nothing_in_the_model_says_so(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        editor = await _editor_of(pilot, screen, Selection(Kind.MAPPING, MAPPING))
        text_area = editor.query_one(TextArea)
        text_area.load_text("# only a comment\n" + text_area.text)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is editor
        assert "Nothing in the model changed" in _problems(editor)
        assert app.controller.editor.undo_label is None  # type: ignore[union-attr]


async def test_a_field_opens_its_entity_file(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        editor = await _editor_of(pilot, screen, Selection(Kind.FIELD, "salesforce:Account.Name"))
        assert editor.element.path == "models/systems/salesforce/entities/Account.yaml"
        await pilot.press("ctrl+s")  # unchanged: closes without an edit
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.controller.editor.undo_label is None  # type: ignore[union-attr]


async def test_master_data_is_edited_as_yaml_from_the_simulation_and_the_scenario_runs_again(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(140, 44)) as pilot:
        await wait_open(pilot)
        await pilot.press("R")
        await pilot.pause()
        simulation = app.screen
        assert isinstance(simulation, SimulationScreen)
        await pilot.press("Y")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, TextEditorScreen)
        assert editor.element.path == "models/master-data/reference.yaml"
        text_area = editor.query_one(TextArea)
        text_area.load_text(
            text_area.text.replace("name: Acme Manufacturing Corp.", "name: Acme Manufacturing AG")
        )
        earlier = simulation.result
        await pilot.press("ctrl+s")
        for _ in range(200):  # the edited scenario runs again
            if simulation.result is not None and simulation.result is not earlier:
                break
            await pilot.pause(0.05)
        assert simulation.result is not earlier
        assert app.screen is simulation
        accounts = _stored(reference).master_data[0].accounts
        assert next(a for a in accounts if a.id == "ACME").name == "Acme Manufacturing AG"

        await pilot.press("y")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, TextEditorScreen)
        assert editor.element.path.startswith("models/scenarios/")


async def test_a_product_class_is_edited_as_yaml_from_the_palette(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_open(pilot)
        await run_from_palette(pilot, "product class subscription as")
        editor = app.screen
        assert isinstance(editor, TextEditorScreen)
        assert editor.element.path == "models/product-classes/subscription.yaml"
        text_area = editor.query_one(TextArea)
        text_area.load_text(text_area.text.replace("frequency: annual", "frequency: quarterly"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        subscription = next(p for p in _stored(reference).product_classes if p.id == "subscription")
        assert subscription.billing.frequency == "quarterly"


async def test_a_new_product_class_is_added_from_the_palette_as_yaml(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_open(pilot)
        await run_from_palette(pilot, "new product class")
        for key in "usage-based":
            await pilot.press("minus" if key == "-" else key)
        await pilot.press("enter")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, TextEditorScreen) and editor.new
        assert editor.element.path == "models/product-classes/usage-based.yaml"
        text_area = editor.query_one(TextArea)
        lines = text_area.text.splitlines()
        text_area.load_text("\n".join(["title: Usage-based", *lines[1:]]) + "\n")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        added = next(p for p in _stored(reference).product_classes if p.id == "usage-based")
        assert added.title == "Usage-based"
        assert (reference / "models/product-classes/usage-based.yaml").is_file()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert all(p.id != "usage-based" for p in _stored(reference).product_classes)
        assert not (reference / "models/product-classes/usage-based.yaml").exists()


async def test_the_warning_about_changed_text_goes_with_the_editor(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """The first escape warns; the second closes, and the warning went on showing over the next
    screen for its five seconds."""
    app = make_app(reference)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await wait_open(pilot)
        editor = await _editor_of(pilot, screen, Selection(Kind.MAPPING, MAPPING))
        editor.query_one(TextArea).insert("# a note\n")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is editor
        assert any("escape again" in n.message for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert not any("escape again" in n.message for n in app._notifications)
