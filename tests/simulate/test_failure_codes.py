"""The failure codes and line attributes the forms and checks hold names to are the ones the
simulator really uses, and the ones the simulation guide lists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from workbench.simulate import failures
from workbench.simulate.failures import LINE_ATTRIBUTES, FailureCode, closest, did_you_mean
from workbench.simulate.items import Item

ROOT = Path(__file__).resolve().parents[2]


def _codes_raised_in_the_engine() -> set[str]:
    """Every ``FailureCode.X`` the simulate package names outside the registry itself."""
    found: set[str] = set()
    for path in (ROOT / "workbench" / "simulate").glob("*.py"):
        if path.name == "failures.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "FailureCode"
            ):
                found.add(node.attr)
    return found


def test_every_code_is_raised_somewhere_and_named_as_itself() -> None:
    assert _codes_raised_in_the_engine() == set(FailureCode.__members__)
    assert all(code.value == name for name, code in FailureCode.__members__.items())


def test_the_simulation_guide_lists_exactly_the_codes() -> None:
    text = (ROOT / "docs" / "simulation.md").read_text(encoding="utf-8")
    section = text.split("## Failures", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([A-Z_]+)` \|", section, flags=re.MULTILINE))
    assert listed == set(FailureCode.__members__)


def test_every_line_attribute_is_one_an_item_answers() -> None:
    fields = set(Item.__dataclass_fields__)
    assert set(LINE_ATTRIBUTES) - {"product_class"} <= fields
    assert "product_class" in fields


def test_a_typo_finds_the_name_it_meant() -> None:
    assert closest("CREDIT_BLOK", FailureCode) == "CREDIT_BLOCK"
    assert closest("credit_block", FailureCode) == "CREDIT_BLOCK"
    assert closest("chanel", LINE_ATTRIBUTES) == "channel"
    assert closest("shipping_condition", LINE_ATTRIBUTES) is None
    assert did_you_mean("Plant", LINE_ATTRIBUTES) == " (did you mean plant?)"
    assert did_you_mean("plant", LINE_ATTRIBUTES) == ""
    assert failures.unknown_failures(["CREDIT_BLOCK", "E1", "CREDIT_BLOCK"]) == ["E1"]
