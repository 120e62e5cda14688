"""Comparing a run with what the scenario expects."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ..domain.scenarios import Expectations
from .results import Document, ExpectationResult, RunResult


def evaluate(expect: Expectations, result: RunResult) -> RunResult:
    """The run with its expectation results filled in."""
    return replace(result, expectations=tuple(check(expect, result)))


def check(expect: Expectations, result: RunResult) -> list[ExpectationResult]:
    found: list[ExpectationResult] = []
    for wanted in expect.documents:
        count = sum(1 for doc in result.documents if _matches(doc, wanted.type, wanted.where))
        label = wanted.type + "".join(f" {k}={v}" for k, v in sorted(wanted.where.items()))
        found.append(
            ExpectationResult(
                f"documents {label}", str(wanted.count), str(count), count == wanted.count
            )
        )
    expected_codes = sorted(set(expect.failures))
    actual_codes = sorted({failure.code for failure in result.failures})
    found.append(
        ExpectationResult(
            "failures",
            ", ".join(expected_codes) or "none",
            ", ".join(actual_codes) or "none",
            expected_codes == actual_codes,
        )
    )
    for name, wanted_total, actual in (
        ("billed", expect.billed, result.schedules.billed_total),
        ("recognised", expect.recognised, result.schedules.recognised_total),
    ):
        if wanted_total is not None:
            found.append(
                ExpectationResult(
                    f"{name} total",
                    *_money_pair(Decimal(wanted_total), actual),
                    Decimal(wanted_total) == actual,
                )
            )
    return found


def _matches(document: Document, kind: str, where: dict[str, str]) -> bool:
    return document.type == kind and all(
        document.attributes.get(key) == value for key, value in where.items()
    )


def _money(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def _money_pair(wanted: Decimal, actual: Decimal) -> tuple[str, str]:
    """Both amounts to the same places, so they read as one column: ``0.00`` against
    ``68797.45``, not ``0``; whole amounts stay whole (``9600`` against ``9600``)."""
    shown = _money(wanted), _money(actual)
    places = max(len(text.partition(".")[2]) for text in shown)
    if not places:
        return shown
    step = Decimal(1).scaleb(-places)
    return format(wanted.quantize(step), "f"), format(actual.quantize(step), "f")
