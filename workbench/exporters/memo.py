"""Remember the last result of an expensive derivation of a workspace value.

One export renders several formats from the same workspace; each needs the validation issues,
the spec rows or the document. Workspaces are immutable, so the result for the same object (by
identity, never by a hash of a 40,000-field model) stays right; one slot per function keeps
memory bounded and lets the previous workspace go.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

_P = ParamSpec("_P")
_R = TypeVar("_R")


def last_result(function: Callable[_P, _R]) -> Callable[_P, _R]:
    slot: list[tuple[tuple[Any, ...], dict[str, Any], Any]] = []
    lock = threading.Lock()

    @wraps(function)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with lock:
            if slot:
                last_args, last_kwargs, result = slot[0]
                if (
                    len(last_args) == len(args)
                    and all(a is b for a, b in zip(last_args, args, strict=True))
                    and last_kwargs.keys() == kwargs.keys()
                    and all(last_kwargs[k] is v for k, v in kwargs.items())
                ):
                    return result  # type: ignore[no-any-return]
        result = function(*args, **kwargs)
        with lock:
            slot[:] = [(args, dict(kwargs), result)]
        return result

    return wrapper
