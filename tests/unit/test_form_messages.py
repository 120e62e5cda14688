"""Validation errors in the form's words, whatever the validation library calls them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import BaseModel, Field, ValidationError

from workbench.tui.screens.form import error_message


class _Line(BaseModel):
    quantity: Decimal = Field(gt=0)
    share: Decimal = Field(ge=0, le=1)


def _message(**values: object) -> str:
    with pytest.raises(ValidationError) as raised:
        _Line.model_validate({"quantity": 1, "share": 0, **values})
    return error_message(raised.value.errors()[0])


def test_a_number_left_empty_asks_for_one() -> None:
    assert _message(quantity="") == "give a number"
    assert _message(quantity="twelve") == "twelve is not a number"


def test_bounds_say_what_would_do() -> None:
    assert _message(quantity=0) == "give more than 0"
    assert _message(share="1.5") == "give at most 1"
    assert _message(share="-1") == "give at least 0"
