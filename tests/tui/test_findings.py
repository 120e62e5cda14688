"""The findings panel driven by keys: the badge, the list, jumping, and the quick fixes; each
test asserts what the store holds afterwards."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.tui.conftest import wait_open
from workbench.domain import Cardinality
from workbench.mirror import yamlio
from workbench.services.folder import WorkspaceFolder, database_url
from workbench.store import Store
from workbench.tui.app import WorkbenchApp
from workbench.tui.screens.findings import FindingsScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.screens.pick import PickScreen
from workbench.tui.screens.prompt import PromptScreen
from workbench.tui.selection import Kind, Selection
from workbench.tui.widgets.status_line import StatusLine


def _stored(root: Path):  # type: ignore[no-untyped-def]
    store = Store.open(database_url(WorkspaceFolder.at(root)))
    try:
        return store.load().workspace
    finally:
        store.close()


def _break(root: Path) -> None:
    """Two errors with an obvious fix: an entity left unmapped, a mapping without an owner (one
    that no decision governs, so no sign-off goes stale)."""
    (root / "models/mappings/quote-crm-only.yaml").unlink()
    path = root / "models/mappings/order-header-partners.yaml"
    data = yamlio.load(path.read_text())
    del data["system_of_record"]
    path.write_text(yamlio.dump(data))


async def _until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 10) -> None:
    waited = 0.0
    while not condition():
        await pilot.pause(0.05)
        waited += 0.05
        assert waited < timeout, "timed out"


def _finds(main: MainScreen, rule: str, element: str) -> bool:
    found = main.controller.findings
    return found is not None and any(
        (f.rule, f.element) == (rule, element) for f in found[1].findings
    )


async def _highlight(pilot: Pilot[None], screen: FindingsScreen, rule: str) -> None:
    listing = screen.query_one("#findings", OptionList)
    for _ in range(len(listing.options)):
        current = screen.current()
        if current is not None and current.rule == rule:
            return
        await pilot.press("down")
    raise AssertionError(f"no {rule} finding in the list")


async def _type(pilot: Pilot[None], text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)


def _offered(screen: FindingsScreen) -> set[str]:
    """The actions the key bar and the help offer on the highlighted finding."""
    return {active.binding.action for active in screen.active_bindings.values()}


async def test_badge_list_quick_fixes_and_jump(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    _break(reference)
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        main = await wait_open(pilot)
        assert isinstance(main, MainScreen)
        badge = str(main.query_one(StatusLine).render())
        assert " 2E 22W " in badge

        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FindingsScreen)
        assert screen.query_one("#findings-pane").border_title.startswith("2 errors")
        first = screen.current()
        assert first is not None
        assert (first.rule, first.element) == ("Q2C-MODEL-001", "entity:salesforce:SBQQ__Quote__c")
        assert _offered(screen) >= {"no_counterpart", "silence"}
        assert "set_owner" not in _offered(screen)  # no mapping to own here

        # Quick fix: the quote has no counterpart, and the reason is asked for.
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await _type(pilot, "quotes stay in CPQ")
        await pilot.press("enter")
        await pilot.pause()
        stored = _stored(reference)
        created = [m for m in stored.mappings if m.source == "salesforce:SBQQ__Quote__c"]
        assert [(m.cardinality, m.reason) for m in created] == [
            (Cardinality.NONE, "quotes stay in CPQ")
        ]
        await _until(
            pilot, lambda: screen.query_one("#findings-pane").border_title.startswith("1 error ")
        )

        # Quick fix: choose the system of record of order-header-partners.
        await _highlight(pilot, screen, "Q2C-OWN-001")
        assert "set_owner" in _offered(screen) and "no_counterpart" not in _offered(screen)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert _stored(reference).mapping("order-header-partners").system_of_record == "salesforce"  # type: ignore[union-attr]
        await _until(
            pilot, lambda: screen.query_one("#findings-pane").border_title.startswith("0 errors")
        )
        assert " 0E 22W " in str(main.query_one(StatusLine).render())

        # Silence a warning with a reason: it lands in the model.
        await _highlight(pilot, screen, "Q2C-ERR-006")
        silenced = screen.current()
        assert silenced is not None
        await pilot.press("s")
        await pilot.pause()
        await _type(pilot, "named failures only")
        await pilot.press("enter")
        await pilot.pause()
        suppressions = _stored(reference).suppressions
        assert [(s.element, s.rules, s.reason) for s in suppressions] == [
            (silenced.element, ("Q2C-ERR-006",), "named failures only")
        ]
        await _until(pilot, lambda: "1 silenced" in screen.query_one("#findings-pane").border_title)
        assert (reference / "models/checks.yaml").is_file()

        # Enter goes to the element on the main screen.
        await _highlight(pilot, screen, "Q2C-ERR-006")
        target = screen.current()
        assert target is not None
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is main
        assert main.selection == Selection(Kind.MAPPING, target.location.key[0])


async def test_findings_follow_edits_made_on_the_main_screen(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        main = await wait_open(pilot)
        assert isinstance(main, MainScreen)
        assert " 0E 22W " in str(main.query_one(StatusLine).render())
        main.reveal(Selection(Kind.MAPPING, "order-sales-order"))
        await pilot.pause()
        await pilot.press("o")  # cycle the owner: salesforce -> s4hana
        await pilot.press("o")  # s4hana -> none: a mapping without a system of record
        await pilot.pause()
        assert _stored(reference).mapping("order-sales-order").system_of_record is None  # type: ignore[union-attr]
        # The mapping's decisions lose their current approvals too (Q2C-GOV-001).
        await _until(pilot, lambda: _finds(main, "Q2C-OWN-001", "mapping:order-sales-order"))
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FindingsScreen)
        rules = {(f.rule, f.element) for f in screen.shown}
        assert ("Q2C-OWN-001", "mapping:order-sales-order") in rules
        await pilot.press("escape")
        # One undo brings back s4hana, which the contract's amendment mapping contradicts.
        await pilot.press("ctrl+z")
        await pilot.pause()
        await _until(pilot, lambda: _finds(main, "Q2C-OWN-003", "mapping:order-sales-order"))
        await pilot.press("ctrl+z")
        await pilot.pause()
        await _until(pilot, lambda: " 0E " in str(main.query_one(StatusLine).render()))


def test_a_long_finding_wraps_under_its_text_not_under_the_marks() -> None:
    from rich.console import Console

    from workbench.checks import Severity, run_checks
    from workbench.mirror import codec
    from workbench.tui.screens.findings import _MARK, _finding_line

    from ..conftest import REPO_ROOT

    parsed = codec.parse(WorkspaceFolder.at(REPO_ROOT).read_mirror())
    assert parsed.workspace is not None
    finding = run_checks(parsed.workspace).findings[0]
    console = Console(width=40, color_system=None)
    with console.capture() as captured:
        console.print(_finding_line(finding, dict.fromkeys(Severity, "bold")))
    lines = captured.get().rstrip("\n").splitlines()
    assert len(lines) > 2, lines
    assert lines[0].startswith(f" {_MARK[finding.severity]} {finding.rule}")
    assert all(line.startswith("   ") and line[3] != " " for line in lines[1:]), lines


def test_areas_with_errors_come_first_and_say_how_many() -> None:
    from workbench.checks import CheckReport, Finding, Severity
    from workbench.checks.model import AREA_ORDER
    from workbench.domain.validation import ElementKind, Location
    from workbench.tui.screens.findings import _area_heading, ordered

    areas = sorted(AREA_ORDER, key=lambda a: AREA_ORDER[a])
    early, late = areas[0], areas[-1]

    def finding(area: object, severity: Severity, rule: str) -> Finding:
        return Finding(
            rule,
            severity,
            area,  # type: ignore[arg-type]
            "title",
            "mapping:m",
            "message",
            "hint",
            Location(ElementKind.MAPPING, ("m",)),
        )

    report = CheckReport(
        (
            finding(early, Severity.WARNING, "Q2C-A-001"),
            finding(early, Severity.WARNING, "Q2C-A-002"),
            finding(late, Severity.WARNING, "Q2C-B-001"),
            finding(late, Severity.ERROR, "Q2C-B-002"),
        )
    )
    shown = ordered(report)
    # The late area holds an error: it comes first, its error before its warning.
    assert [(f.area, f.severity) for f in shown] == [
        (late, Severity.ERROR),
        (late, Severity.WARNING),
        (early, Severity.WARNING),
        (early, Severity.WARNING),
    ]
    assert _area_heading("Late", shown[:2]) == "Late (1 error, 1 warning)"
    assert _area_heading("Early", shown[2:]) == "Early (2 warnings)"


async def test_enter_on_a_scenario_finding_opens_its_run(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """A scenario is not on the main screen: Enter said so and went nowhere. It opens the
    scenario's run, where the finding is seen and put right."""
    from workbench.domain import edits
    from workbench.tui.screens.simulation import SimulationScreen

    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        main = await wait_open(pilot)
        assert isinstance(main, MainScreen)
        outcome = main.controller.apply(
            "no split",
            lambda ws: edits.put_mapping(
                ws,
                edits.revise(ws.mapping("order-sales-order"), split=None),  # type: ignore[arg-type]
                "order-sales-order",
            ),
        )
        assert outcome.ok, outcome.message
        main.refresh_model()  # as a form closing does: redrawn and checked again
        scenario = "scenario:02-two-plants-split"
        await _until(pilot, lambda: _finds(main, "Q2C-SIM-001", scenario))
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FindingsScreen)
        await _highlight(pilot, screen, "Q2C-SIM-001")
        while screen.current() is not None and screen.current().element != scenario:  # type: ignore[union-attr]
            await pilot.press("down")
        assert "Enter: open its run" in str(screen.query_one("#finding-detail").render())
        await pilot.press("enter")
        await pilot.pause()
        run = app.screen
        assert isinstance(run, SimulationScreen)
        highlighted = run.query_one("#sim-scenarios", OptionList).highlighted
        assert highlighted is not None
        assert run.query_one("#sim-scenarios", OptionList).get_option_at_index(highlighted).id == (
            "02-two-plants-split"
        )


async def test_a_quick_fix_is_undone_on_the_findings_screen_and_the_cursor_goes_on(
    reference: Path, make_app: Callable[..., WorkbenchApp]
) -> None:
    """ctrl+z on the findings screen did nothing, though the quick fix was made there; and the
    cursor went back to the top after each fix, so walking the list meant scrolling down again."""
    app = make_app(reference)
    async with app.run_test(size=(120, 36)) as pilot:
        main = await wait_open(pilot)
        assert isinstance(main, MainScreen)
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FindingsScreen)
        await _until(pilot, lambda: bool(screen.shown))
        await _highlight(pilot, screen, "Q2C-MODEL-002")  # an entity with no mapping
        await pilot.press("down")  # the next one: not the first finding of the list
        fixed = screen.current()
        assert fixed is not None and fixed.rule == "Q2C-MODEL-002", fixed
        assert fixed is not None
        place = screen.shown.index(fixed)
        assert place > 0
        next_one = screen.shown[place + 1] if place + 1 < len(screen.shown) else None
        before = screen.query_one("#findings-pane").border_title
        await pilot.press("n")
        await pilot.pause()
        await _type(pilot, "kept in the CRM only")
        await pilot.press("enter")
        await _until(pilot, lambda: screen.query_one("#findings-pane").border_title != before)
        after = screen.current()
        assert after is not None and after is not fixed
        assert next_one is not None and (after.rule, after.element) == (
            next_one.rule,
            next_one.element,
        )
        ref = fixed.element.partition(":")[2]
        assert any(m.source == ref for m in _stored(reference).mappings)
        await pilot.press("ctrl+z")
        await _until(pilot, lambda: screen.query_one("#findings-pane").border_title == before)
        assert app.screen is screen
        assert not any(m.source == ref for m in _stored(reference).mappings)
        said = " ".join(n.message for n in app._notifications)
        assert "Undid" in said, said
