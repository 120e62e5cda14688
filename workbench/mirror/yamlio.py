"""Safe, strict, deterministic YAML.

Reading refuses what a model file never needs and an attacker might use: aliases and anchors (the
"billion laughs" bomb), duplicate keys (the second silently wins in plain YAML), custom tags and
non-UTF-8 bytes. Writing is byte-stable: key order from the model, block style, literal blocks for
multi-line text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar

import yaml

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

MAX_FILE_BYTES = 8 * 1024 * 1024
"""No model file comes close; anything bigger is refused before parsing."""


class YamlError(ValueError):
    """A YAML file could not be read; ``line`` is 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


_BOOL, _INT, _FLOAT, _TIMESTAMP = (
    f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "timestamp")
)


class _StrictLoader(_Loader):  # type: ignore[valid-type,misc]
    """A safe loader that rejects aliases and duplicate keys, and reads plain scalars by the
    YAML 1.2 core rules: ``1:1`` and ``0012`` stay text (YAML 1.1 would read the number 61 and the
    octal 10), ``yes``/``no``/``on``/``off`` stay text, and dates stay text for the model to parse.
    """

    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, re.Pattern[str]]]]] = {
        first: [(tag, rx) for tag, rx in found if tag not in (_BOOL, _INT, _FLOAT, _TIMESTAMP)]
        for first, found in _Loader.yaml_implicit_resolvers.items()
    }

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise YamlError(
                "YAML aliases (*name) are not allowed in model files", node.start_mark.line + 1
            )
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(
                    "YAML merge keys (<<) are not allowed", key_node.start_mark.line + 1
                )
            key = self.construct_object(key_node)
            if isinstance(key, list | dict):
                raise YamlError("a mapping key must be a plain value", key_node.start_mark.line + 1)
            if key in seen:
                raise YamlError(f"duplicate key {key!r}", key_node.start_mark.line + 1)
            seen.add(key)
        # The keys were constructed above; PyYAML constructs them again, so forget them first.
        for key_node, _ in node.value:
            self.constructed_objects.pop(key_node, None)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


_StrictLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_StrictLoader.add_implicit_resolver(
    _INT, re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_StrictLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)


def decode(data: bytes) -> str:
    """UTF-8 text of a file, or a YamlError naming the line of the first bad byte."""
    if len(data) > MAX_FILE_BYTES:
        raise YamlError(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlError(f"not UTF-8 text (byte 0x{data[exc.start]:02x})", line) from None
    return text.removeprefix("\ufeff")


def load(text: str) -> Any:
    """Parse one YAML document strictly; raises YamlError with a line number."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except YamlError:
        raise
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise YamlError(f"character {exc.character!r} is not allowed in YAML text", line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.problem and exc.context and exc.context_mark:
            problem += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
        raise YamlError(problem, mark.line + 1 if mark else 0) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlError("the YAML is nested too deeply") from None


def locate(text: str, path: Sequence[str | int]) -> int:
    """1-based line of the node at ``path`` (keys and list indexes), or of its deepest ancestor
    that exists. For a mapping key, the key's own line."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return 0
    if node is None:
        return 1
    line = node.start_mark.line + 1
    for part in path:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    line = key_node.start_mark.line + 1
                    node = value_node
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


# -- writing ---------------------------------------------------------------------------------


class _Writer(_Dumper):  # type: ignore[valid-type,misc]
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_enum(dumper: yaml.SafeDumper, data: Enum) -> yaml.ScalarNode:
    return _represent_str(dumper, str(data.value))


def _represent_datetime(dumper: yaml.SafeDumper, data: dt.datetime) -> yaml.ScalarNode:
    # ISO 8601 with a Z suffix, quoted as a string: identical on every platform.
    text = data.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="'")


def _represent_decimal(dumper: yaml.SafeDumper, data: Decimal) -> yaml.ScalarNode:
    # Plain, normalised digits: 12.50 -> 12.5, 100.0 -> 100; read back as a number.
    text = format(data.normalize(), "f")
    tag = "tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float"
    return dumper.represent_scalar(tag, text)


def _represent_tuple(dumper: yaml.SafeDumper, data: tuple[Any, ...]) -> yaml.SequenceNode:
    return dumper.represent_list(data)


# Quote every plain scalar that either YAML 1.1 readers or our YAML 1.2 reading would take for
# something other than text, so the files mean the same to every tool that opens them.
_Writer.yaml_implicit_resolvers = {
    first: list(_Dumper.yaml_implicit_resolvers.get(first, []))
    + [
        r
        for r in _StrictLoader.yaml_implicit_resolvers.get(first, [])
        if r not in _Dumper.yaml_implicit_resolvers.get(first, [])
    ]
    for first in set(_Dumper.yaml_implicit_resolvers) | set(_StrictLoader.yaml_implicit_resolvers)
}
_Writer.add_representer(str, _represent_str)
_Writer.add_multi_representer(Enum, _represent_enum)
_Writer.add_representer(dt.datetime, _represent_datetime)
_Writer.add_representer(tuple, _represent_tuple)
_Writer.add_representer(Decimal, _represent_decimal)


def dump(data: Any) -> str:
    """Deterministic block-style YAML of plain data (dicts in insertion order)."""
    text: str = yaml.dump(
        data,
        Dumper=_Writer,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
        indent=2,
    )
    return text
