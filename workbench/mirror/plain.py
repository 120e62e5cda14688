"""Domain values as plain data for the mirror files.

Attributes left at an *empty* default (no value, empty text, an empty list, ``false``) are left
out, so files carry only what was said. Defaults that say something (``status: draft``,
``type: string``, ``when_many: error``) are written, so a reader never has to know the defaults.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel


def _is_empty(value: Any) -> bool:
    return (
        value is None
        or value is False
        or (isinstance(value, str | tuple | list | dict) and not value)
    )


@cache
def _omittable(model: type[BaseModel]) -> dict[str, Any]:
    """Attributes whose default is empty, with that default: left out of a file when they hold
    exactly it (an empty text where the default is "no value" is still written)."""
    found: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.default_factory is not None:
            default = info.default_factory()  # type: ignore[call-arg]
        elif info.is_required():
            continue
        else:
            default = info.default
        if _is_empty(default) or (isinstance(default, BaseModel) and not plain(default)):
            found[name] = default
    return found


def plain(model: BaseModel, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The model's attributes in declaration order, nested models as dicts, tuples as lists."""
    omittable = _omittable(type(model))
    result: dict[str, Any] = {}
    for name in type(model).model_fields:
        if name in exclude:
            continue
        value = getattr(model, name)
        if name in omittable and value == omittable[name] and type(value) is type(omittable[name]):
            continue
        if isinstance(value, BaseModel):
            value = plain(value)
        elif isinstance(value, tuple):
            value = [plain(item) if isinstance(item, BaseModel) else item for item in value]
        result[name] = value
    return result
