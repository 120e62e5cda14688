"""Validation errors in the form's words, whatever the validation library calls them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pydantic import BaseModel, Field, ValidationError

from workbench.domain.error_words import error_message


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


class _Dated(BaseModel):
    effective: dt.date


@pytest.mark.parametrize("typed", ["2025-01-01x", "2020", "1 May"])
def test_a_date_that_is_not_one_asks_for_the_form(typed: str) -> None:
    with pytest.raises(ValidationError) as raised:
        _Dated.model_validate({"effective": typed})
    assert error_message(raised.value.errors()[0]) == f"{typed} is not a date: give YYYY-MM-DD"


@pytest.mark.parametrize("typed", ["2025-02-30", "2025-13-45", "2025-00-10"])
def test_a_date_in_the_form_that_names_no_day_says_so(typed: str) -> None:
    """Written YYYY-MM-DD already: asking for YYYY-MM-DD would not help."""
    with pytest.raises(ValidationError) as raised:
        _Dated.model_validate({"effective": typed})
    assert error_message(raised.value.errors()[0]) == f"{typed} is not a day of the calendar"


@pytest.mark.parametrize("typed", ["NaN", "Infinity", "-inf"])
def test_a_number_that_is_not_finite_is_not_a_number(typed: str) -> None:
    assert _message(quantity=typed) == f"{typed} is not a number"


def test_an_amendment_change_line_speaks_the_form_s_words() -> None:
    from workbench.tui.scenario_forms import NotationError, parse_changes

    with pytest.raises(NotationError, match="quantity: abc is not a number"):
        parse_changes("change-quantity 10 quantity=abc")
