"""Rich renderables for a simulation result: trace step detail, documents, schedules with a bar
chart of block characters, and failures. Pure functions of the result (no widgets, no I/O)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from ...simulate.results import Failure, RunResult, TraceStep

_EIGHTHS = " ▏▎▍▌▋▊▉█"


def bar(value: Decimal, largest: Decimal, width: int) -> str:
    """A horizontal bar of ``width`` cells for ``value`` out of ``largest`` (eighth-cell steps)."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = max(1, int((value / largest) * width * 8))  # any amount shows
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


def _cells(value: Decimal, largest: Decimal, width: int) -> int:
    """Whole cells for a shaded bar (at least one for any amount)."""
    return max(1, round(value / largest * width)) if largest > 0 and value > 0 else 0


def _plain(value: Any) -> str:
    """A trace value as short lines: one per list entry, a record's fields under its first."""
    if isinstance(value, dict):
        pairs = [f"{k}: {_plain(v)}" for k, v in value.items()]
        return "\n  ".join(pairs)
    if isinstance(value, list | tuple):
        return "\n".join(_plain(v) for v in value)
    return str(value)


def step_detail(step: TraceStep) -> RenderableType:
    rows = [
        ("step", f"{step.number}. {step.step}"),
        ("rule", step.element),
        ("applied to", step.subject),
        *((f"in  {key}", _plain(value)) for key, value in step.input.items()),
        *((f"out {key}", _plain(value)) for key, value in step.output.items()),
    ]
    # As wide as the longest name (sales_organization, company_code_currency), up to a third.
    table = Table(box=None, show_header=False, pad_edge=False, expand=True)
    table.add_column("what", style="bold", no_wrap=True, max_width=32, ratio=None)
    table.add_column("value", overflow="fold", ratio=1)
    for what, value in rows:
        table.add_row(what, Text(value))
    return table


def clip(value: str, width: int) -> str:
    """``value`` cut to ``width`` characters with an ellipsis (list rows stay one line)."""
    return value if len(value) <= width else value[: width - 1] + "…"


def trace_label(step: TraceStep) -> Text:
    text = Text(f"{step.number:>3} ")
    text.append(f"{step.step:<21}", style="bold red" if step.step == "failure" else "")
    # Whole: the list cuts it at its own width (with an ellipsis), which a stacked trace has
    # plenty of.
    text.append(f" {step.subject}")
    return text


def documents(result: RunResult) -> RenderableType:
    if not result.documents:
        return Text("No documents: the order is held until its failures are resolved.")
    parts: list[RenderableType] = []
    for document in result.documents:
        amount = f"  {document.amount} {result.schedules.currency}" if document.amount else ""
        heading = Text(f"{document.type}  {document.key}{amount}", style="bold")
        heading.append(f"  ({document.origin})", style="dim")
        parts.append(heading)
        attributes = "  ".join(f"{k}={v}" for k, v in document.attributes.items() if v)
        if attributes:
            parts.append(Text(f"  {attributes}"))
        if document.items:
            rows = [
                (
                    item.line,
                    item.material,
                    str(item.quantity),
                    item.unit,
                    str(item.net),
                    item.plant,
                    item.channel,
                    item.category,
                )
                for item in document.items
            ]
            # One cell between columns: a 55-cell pane holds every column of a subscription line.
            table = Table(box=None, pad_edge=False, padding=(0, 1, 0, 0), header_style="bold")
            for position, column in enumerate(
                ("line", "material", "qty", "unit", "net", "plant", "channel", "cat.")
            ):
                # Numbers are never cut: the names (material, channel) give way first.
                whole = column in ("qty", "net", "unit", "plant", "cat.")
                table.add_column(
                    column,
                    justify="right" if column in ("qty", "net") else "left",
                    no_wrap=whole,
                    overflow="ellipsis",
                    min_width=max(len(column), *(len(row[position]) for row in rows))
                    if whole
                    else None,
                )
            for row in rows:
                table.add_row(*row)
            parts.append(table)
        parts.append(Text(""))
    return Group(*parts)


def schedules(result: RunResult, width: int = 10) -> RenderableType:
    """The period table (billed, recognised, deferred revenue, unbilled) with one line of bars
    per period, every bar on one scale (the amounts are in one currency: a period billed in
    full and recognised by a twelfth must not draw two bars alike). The bars give way to the
    numbers where the pane is too narrow for both: ``width`` cells each, fewer, or none."""
    rows = result.schedules.periods
    if not rows:
        return Text("No schedules: nothing is billed or recognised.")
    summary = result.schedules.summary
    totals = Text(
        f"{summary[:1].upper()}{summary[1:]}; the balance is billed minus recognised at period end",
        style="bold",
    )
    return Group(totals, Text(""), _FittedSchedule(result, width))


class _FittedSchedule:
    """The period table at the widest bars that fit the width it is given."""

    def __init__(self, result: RunResult, width: int) -> None:
        self.result = result
        self.width = width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        unbounded = options.update_width(10_000)  # a measurement is clamped to the room it gets
        for width in (self.width, self.width // 2, 3, 0):
            table = _schedule_table(self.result, width)
            if (
                width == 0
                or Measurement.get(console, unbounded, table).maximum <= options.max_width
            ):
                yield table
                if width:
                    yield Text("balance: ░ deferred revenue  ▒ unbilled revenue", style="dim")
                return


def _schedule_table(result: RunResult, width: int) -> Table:
    rows = result.schedules.periods
    largest = max(max(row.billed, row.recognised, row.deferred, row.unbilled) for row in rows)
    table = Table(box=None, pad_edge=False, header_style="bold", expand=False)
    table.add_column("period", no_wrap=True)
    for column in ("billed", "recognised", "deferred", "unbilled"):
        table.add_column(column, justify="right", no_wrap=True)
    if width:
        table.add_column("billed", no_wrap=True, style="bold blue", min_width=width)
        table.add_column("recognised", no_wrap=True, style="green", min_width=width)
        table.add_column("balance", no_wrap=True, min_width=width)
    for row in rows:
        cells: list[RenderableType] = [
            row.period,
            str(row.billed),
            str(row.recognised),
            str(row.deferred),
            str(row.unbilled),
        ]
        if width:
            balance = Text()
            if row.deferred:
                balance.append("░" * _cells(row.deferred, largest, width), style="yellow")
            elif row.unbilled:
                balance.append("▒" * _cells(row.unbilled, largest, width), style="red")
            cells += [bar(row.billed, largest, width), bar(row.recognised, largest, width), balance]
        table.add_row(*cells)
    return table


def failure_label(failure: Failure) -> Text:
    text = Text(failure.code, style="bold red" if failure.blocking else "bold yellow")
    text.append(f"  {failure.mapping or 'no mapping'}  {clip(failure.subject, 30)}")
    return text


def failure_detail(failure: Failure) -> RenderableType:
    table = Table(box=None, show_header=False, pad_edge=False, expand=True)
    table.add_column("what", style="bold", no_wrap=True, width=11)
    table.add_column("value", overflow="fold", ratio=1)
    for label, value in (
        ("failure", failure.code),
        ("raised by", failure.mapping or "(no mapping)"),
        ("on", f"{failure.subject} ({failure.origin})"),
        ("message", failure.message),
        ("routed to", failure.route or "(no error policy routes it)"),
        ("notified", ", ".join(failure.notify) or "(nobody)"),
        ("resolution", failure.resolution),
        ("correction", failure.correction),
        ("holds", "yes" if failure.blocking else "no"),
    ):
        table.add_row(label, Text(value))
    return table


def expectations(result: RunResult) -> RenderableType:
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("")
    table.add_column("expectation")
    table.add_column("expected")
    table.add_column("actual")
    for check in result.expectations:
        table.add_row(
            Text("✓", style="green") if check.passed else Text("✗", style="bold red"),
            check.check,
            check.expected,
            check.actual,
        )
    return table
