"""The import and suggestions screens driven by keystrokes; each test asserts what the store holds
afterwards."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from tests.conftest import REPO_ROOT
from tests.tui.conftest import run_from_palette, until, wait_open
from workbench.services.example import init_workspace
from workbench.services.folder import WorkspaceFolder, open_database
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.importing import ImportScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.screens.suggestions import SuggestionsScreen

DESCRIBE = REPO_ROOT / "tests" / "fixtures" / "describe"
V4 = REPO_ROOT / "tests" / "fixtures" / "edmx" / "orders-v4.xml"
HOSTILE = REPO_ROOT / "tests" / "fixtures" / "hostile-import" / "billion-laughs.edmx"


def _stored(root: Path):  # type: ignore[no-untyped-def]
    store = open_database(WorkspaceFolder.at(root))
    try:
        return store.load().workspace
    finally:
        store.close()


async def _type(pilot: Pilot[None], text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)


async def _fill(pilot: Pilot[None], widget_id: str, value: str) -> None:
    box = pilot.app.screen.query_one(widget_id, Input)
    box.value = value
    await pilot.pause()


async def _preview(pilot: Pilot[None], screen: ImportScreen) -> str:
    await pilot.press("ctrl+o")
    for _ in range(200):
        await pilot.pause(0.05)
        if screen.plan is not None or "red" in str(screen.query_one("#import-preview").render()):
            break
        text = str(screen.query_one("#import-preview").render())
        if not text.startswith("Reading"):
            break
    await pilot.pause()
    return str(screen.query_one("#import-preview").render())


async def test_import_preview_accept_and_undo(
    tmp_path: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    root = tmp_path / "ws"
    init_workspace(root, example=False)
    app = make_app(root)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await wait_open(pilot)
        assert isinstance(main, MainScreen)
        await pilot.press("I")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        await _fill(pilot, "#import-paths", str(DESCRIBE))
        await _fill(pilot, "#import-system", "salesforce")
        text = await _preview(pilot, screen)
        assert "new system salesforce" in text.lower() and "+ entity Account" in text
        assert screen.plan is not None and screen.plan.diff.has_changes
        assert _stored(root).system("salesforce") is None  # the preview writes nothing
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        stored = _stored(root)
        system = stored.system("salesforce")
        assert system is not None and system.role == "crm"
        assert {e.name for e in system.entities} >= {"Account", "Order", "OrderItem", "Product2"}
        assert (root / "models/systems/salesforce/entities/Account.yaml").is_file()
        await pilot.press("ctrl+z")  # one import, one undo
        await pilot.pause()
        assert _stored(root).system("salesforce") is None


async def test_an_attack_is_reported_and_nothing_is_written(
    tmp_path: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    root = tmp_path / "ws"
    init_workspace(root, example=False)
    app = make_app(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_open(pilot)
        await pilot.press("I")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        await _fill(pilot, "#import-paths", str(HOSTILE))
        await _fill(pilot, "#import-system", "erp")
        text = await _preview(pilot, screen)
        assert "billion-laughs.edmx" in text and "DTD" in text
        assert screen.plan is None
        await pilot.press("ctrl+s")  # nothing previewed: nothing to write
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        await pilot.press("escape")
    assert _stored(root).systems == ()


async def test_a_bad_system_name_is_said_in_the_dialog_s_words(
    tmp_path: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """The refusal named the command line's option: "--system: ... is not a system name"."""
    root = tmp_path / "ws"
    init_workspace(root, example=False)
    app = make_app(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_open(pilot)
        await pilot.press("I")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        await _fill(pilot, "#import-paths", str(HOSTILE))
        await _fill(pilot, "#import-system", "New Sys!")
        text = await _preview(pilot, screen)
        assert text.startswith("System: 'New Sys!' is not a system name"), text
        assert "--system" not in text
        # No system at all: said, and the cursor put where the name goes.
        await _fill(pilot, "#import-system", "")
        screen.query_one("#import-paths", Input).focus()
        text = await _preview(pilot, screen)
        assert text == "Name the system to import into.", text
        assert screen.query_one("#import-system", Input).has_focus


async def test_suggestions_accept_and_reject_with_single_keys(
    tmp_path: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from click.testing import CliRunner

    from workbench.cli import main

    root = tmp_path / "ws"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(root)]).exit_code == 0
    for kind, path, system in (("salesforce", DESCRIBE, "salesforce"), ("edmx", V4, "s4hana")):
        result = runner.invoke(
            main, ["import", kind, str(path), "-w", str(root), "--system", system]
        )
        assert result.exit_code == 0, result.output
    app = make_app(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_open(pilot)
        await pilot.press("M")
        screen = app.screen
        assert isinstance(screen, SuggestionsScreen)
        for _ in range(200):
            await pilot.pause(0.05)
            if screen.items:
                break
        first = screen.items[0]
        second = screen.items[1]
        # What `a` accepts is shown whole under the table, however narrow the table.
        shown = str(screen.query_one("#suggestion-reasons", Static).render())
        assert shown.startswith(f"Proposes: {first.source} -> {first.target}\nWhy: "), shown
        await pilot.press("a")
        for _ in range(200):
            await pilot.pause(0.05)
            if screen.items:
                break
        stored = _stored(root)
        accepted = [
            m for m in stored.mappings if (m.source, m.target) == (first.source, first.target)
        ]
        assert len(accepted) == 1 and accepted[0].status == "proposed"
        row = next(i for i, s in enumerate(screen.items) if s.id == second.id)
        screen.query_one(DataTable).move_cursor(row=row)
        await pilot.pause()
        await pilot.press("r")
        for _ in range(200):
            await pilot.pause(0.05)
            if screen.items:
                break
        assert _stored(root).rejected_suggestions == (second.key,)
        assert second.id not in {s.id for s in screen.items}
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_the_palette_opens_the_import_screen(
    tmp_path: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    root = tmp_path / "ws"
    init_workspace(root, example=False)
    app = make_app(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_open(pilot)
        await run_from_palette(pilot, "Import metadata")
        await until(pilot, lambda: isinstance(app.screen, ImportScreen))


async def test_the_imported_samples_open_in_the_workbench(
    tmp_path: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """The end of the import story: both samples imported, three suggestions accepted, and the
    workbench opens on the result with the mappings in its list."""
    import json

    from click.testing import CliRunner

    from tests.importers.conftest import CPQ_OBJECTS, SAP, require
    from workbench.cli import main
    from workbench.tui.widgets.mapping_list import MappingList

    require(SAP)
    require(CPQ_OBJECTS)
    root = tmp_path / "q2c"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(root)]).exit_code == 0
    for args in (
        ["import", "edmx", str(SAP), "-w", str(root), "--system", "s4hana"],
        [
            "import",
            "salesforce",
            str(CPQ_OBJECTS),
            str(DESCRIBE),
            "-w",
            str(root),
            "--system",
            "salesforce",
        ],
    ):
        assert runner.invoke(main, args).exit_code == 0
    listed = json.loads(runner.invoke(main, ["suggest", str(root), "--format", "json"]).output)
    wanted = {"salesforce:Account", "salesforce:Product2", "salesforce:Order"}
    chosen = [
        s["id"]
        for s in listed["suggestions"]
        if s["source"] in wanted
        and s["target"] in {"s4hana:A_Customer", "s4hana:A_Product", "s4hana:A_SalesOrder"}
    ]
    assert len(chosen) == 3
    accepted = runner.invoke(
        main, ["suggest", str(root), *[a for i in chosen for a in ("--accept", i)]]
    )
    assert accepted.exit_code == 0
    app = make_app(root)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_open(pilot)
        assert isinstance(screen, MainScreen)
        assert screen.query_one(MappingList).count == 3
        assert len(app.controller.workspace.systems) == 2  # type: ignore[union-attr]


async def test_the_folder_tree_leaves_hidden_folders_out(
    tmp_path: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    from workbench.tui.screens.importing import PlainDirectoryTree

    root = tmp_path / "ws"
    init_workspace(root, example=False)
    (tmp_path / "metadata").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".venv").mkdir()
    app = make_app(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_open(pilot)
        app.push_screen(ImportScreen(app.screen.controller, tmp_path))  # type: ignore[attr-defined]
        await pilot.pause()
        tree = app.screen.query_one(PlainDirectoryTree)
        for _ in range(50):
            if tree.root.children:
                break
            await pilot.pause(0.05)
        shown = {node.label.plain.strip() for node in tree.root.children}
        assert {"metadata", "ws"} <= shown
        assert not any(name.startswith(".") for name in shown), shown


async def test_the_preview_names_the_sign_offs_the_import_makes_stale(
    tmp_path: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """Decision 0008 approves the S/4HANA side as a whole: an import into it changes what was
    approved, which the preview says before the import is written, not only after."""
    from textual.widgets import Checkbox

    root = tmp_path / "ws"
    init_workspace(root, example=True)
    app = make_app(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_open(pilot)
        await pilot.press("I")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        await _fill(pilot, "#import-paths", str(V4))
        await _fill(pilot, "#import-system", "s4hana")
        screen.query_one("#import-keep", Checkbox).value = True
        await pilot.pause()
        text = await _preview(pilot, screen)
        assert "Sign-offs it makes stale (what they approved changes): 0008 " in text, text
        # Under the summary, above the changes: a short terminal shows the top of the preview.
        assert text.splitlines()[1].startswith("Sign-offs it makes stale"), text
        assert screen.plan is not None
        assert _stored(root).decision(8).signoffs  # type: ignore[union-attr]  # nothing written


async def test_opening_folders_in_the_tree_adds_nothing_and_a_adds_one(
    tmp_path: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """Enter on a folder opened it and added it to Files too, so every folder opened on the
    way to a file ended up in the import. Enter opens a folder, `a` adds it, Enter on a file
    adds the file, backspace shows the folder above."""
    from textual.widgets import Input

    from workbench.tui.screens.importing import PlainDirectoryTree

    root = tmp_path / "ws"
    init_workspace(root, example=False)
    metadata = tmp_path / "start" / "metadata"
    metadata.mkdir(parents=True)
    (metadata / "Account.object-meta.xml").write_text("<CustomObject/>")
    app = make_app(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_open(pilot)
        app.push_screen(ImportScreen(app.screen.controller, tmp_path / "start"))  # type: ignore[attr-defined]
        await pilot.pause()
        screen = app.screen
        tree = screen.query_one(PlainDirectoryTree)
        files = screen.query_one("#import-paths", Input)

        async def settle() -> None:
            for _ in range(50):
                await pilot.pause(0.02)
                if all(
                    not n.allow_expand or n.children or not n.is_expanded
                    for n in tree.root.children
                ):
                    break

        await settle()
        tree.focus()
        tree.move_cursor(tree.root.children[0])  # metadata
        await pilot.press("enter")  # opens it
        await settle()
        assert files.value == ""
        assert tree.root.children[0].is_expanded
        await pilot.press("a")
        await pilot.pause()
        assert files.value == str(metadata)
        await pilot.press("down", "enter")  # the file in it
        await pilot.pause()
        assert files.value == f"{metadata}; {metadata / 'Account.object-meta.xml'}"
        await pilot.press("backspace")
        await pilot.pause()
        assert Path(tree.path) == tmp_path
