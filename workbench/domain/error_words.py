"""Validation errors in words for people: which value is wrong and what would do, without the
validation library's prefixes ("Value error, ...") or its type names ("Tuple should have at
least 1 item"). Forms say them beside a field; the command line and the model files' reports
say them after the attribute's path."""

from __future__ import annotations

import re

from pydantic_core import ErrorDetails

from .base import ENTITY_REF_PATTERN, IDENTIFIER_PATTERN, SLUG_PATTERN, SYSTEM_NAME_PATTERN

_PATTERN_WORDS = {
    IDENTIFIER_PATTERN: ("use letters, digits and _ (start with a letter)", 128),
    SLUG_PATTERN: ("use lowercase letters, digits and - (start with a letter or digit)", 80),
    SYSTEM_NAME_PATTERN: ("use lowercase letters, digits, _ and - (start with a letter)", 40),
    ENTITY_REF_PATTERN: ("write system:Entity (salesforce:Account)", 169),
}
"""What each id pattern of the model asks for, in words, and how long such an id may be."""


_DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")


def error_message(error: ErrorDetails) -> str:
    """A validation error in the form's words: which value is wrong and what would do, without
    the validation library's prefixes."""
    kind, message = error["type"], str(error["msg"])
    if kind == "string_pattern_mismatch":
        pattern = (error.get("ctx") or {}).get("pattern")
        words, longest = _PATTERN_WORDS.get(str(pattern), ("not in the expected form", 0))
        if longest and len(str(error.get("input", ""))) > longest:
            return f"at most {longest} characters"
        return words
    if kind == "enum":
        expected = (error.get("ctx") or {}).get("expected", "")
        return f"{error.get('input')!s} is not one of {expected}" if expected else message
    if kind == "value_error":
        return message.removeprefix("Value error, ")
    if kind in ("decimal_parsing", "decimal_type", "float_parsing", "int_parsing"):
        typed = str(error.get("input") or "").strip()
        return f"{typed} is not a number" if typed else "give a number"
    if kind == "finite_number":  # NaN, Infinity: numbers to the parser, not to a price
        return f"{str(error.get('input') or '').strip()} is not a number"
    if kind.startswith(("date_", "datetime_")):  # date_parsing, date_from_datetime_inexact…
        typed = str(error.get("input") or "").strip()
        if _DATE_SHAPE.fullmatch(typed):  # written right, and still no day: 2025-02-30
            return f"{typed} is not a day of the calendar"
        return f"{typed} is not a date: give YYYY-MM-DD" if typed else "give a date, YYYY-MM-DD"
    bounds = {
        "greater_than": "more than {gt}",
        "greater_than_equal": "at least {ge}",
        "less_than": "less than {lt}",
        "less_than_equal": "at most {le}",
    }
    if kind in bounds:
        return "give " + bounds[kind].format(**(error.get("ctx") or {}))
    if kind == "too_short":  # an empty list where one entry at least is needed
        least = (error.get("ctx") or {}).get("min_length", 1)
        return f"give at least {least}"
    if kind == "too_long":
        most = (error.get("ctx") or {}).get("max_length")
        return f"at most {most} entries"
    return message
