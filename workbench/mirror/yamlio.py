"""Safe, strict, deterministic YAML.

Reading refuses what a model file never needs and an attacker might use: aliases and anchors (the
"billion laughs" bomb), duplicate keys (the second silently wins in plain YAML), custom tags and
non-UTF-8 bytes. Writing is byte-stable: key order from the model, block style, literal blocks for
multi-line text.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar

import yaml

from ..domain.base import decimal_text
from ..perf import no_gc_pauses

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


_STR, _MAP, _SEQ, _NULL, _MERGE = (
    f"tag:yaml.org,2002:{name}" for name in ("str", "map", "seq", "null", "merge")
)
_BOOL, _INT, _FLOAT, _TIMESTAMP = (
    f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "timestamp")
)


class _StrictLoader(_Loader):  # type: ignore[valid-type,misc]
    """A safe loader whose plain scalars follow the YAML 1.2 core rules: ``1:1`` and ``0012``
    stay text (YAML 1.1 would read the number 61 and the octal 10), ``yes``/``no``/``on``/``off``
    stay text, and dates stay text for the model to parse. Only composing is used: ``_convert``
    builds the Python values and refuses what model files never need.
    """

    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, re.Pattern[str]]]]] = {
        first: [(tag, rx) for tag, rx in found if tag not in (_BOOL, _INT, _FLOAT, _TIMESTAMP)]
        for first, found in _Loader.yaml_implicit_resolvers.items()
    }


def _fast_resolve(self: Any, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
    # PyYAML's resolver also walks path resolvers, which model files never use; this is the
    # same decision for plain and quoted scalars at a fraction of the cost.
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, pattern in self.yaml_implicit_resolvers.get(value[:1] if value else "", ()):
                if pattern.match(value):
                    return str(tag)
        return _STR
    return _SEQ if kind is yaml.SequenceNode else _MAP


def _no_path(*_: Any) -> None:
    return None


_StrictLoader.resolve = _fast_resolve
_StrictLoader.descend_resolver = _no_path
_StrictLoader.ascend_resolver = _no_path

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
        with no_gc_pauses():
            if "&" in text:  # an anchor needs one; most files have none and skip the extra pass
                _refuse_anchors(text)
            node = yaml.compose(text, Loader=_StrictLoader)
            return None if node is None else _convert(node, set())
    except YamlError:
        raise
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise YamlError(f"character {exc.character!r} is not allowed in YAML text", line) from None
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.problem and exc.context and exc.context_mark:
            problem += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
        raise YamlError(problem, _fault_line(exc, text)) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlError("the YAML is nested too deeply") from None


def _refuse_anchors(text: str) -> None:
    """Anchors (``&name``) and aliases (``*name``) are refused where they are written: the
    composed nodes keep no trace of an anchor, and an alias shows only as the anchored node
    met again, on the anchor's line."""
    for event in yaml.parse(text, Loader=_StrictLoader):
        line = event.start_mark.line + 1 if event.start_mark is not None else 0
        if isinstance(event, yaml.AliasEvent):
            raise YamlError("YAML aliases (*name) are not allowed in model files", line)
        anchor = getattr(event, "anchor", None)
        if anchor:
            raise YamlError(f"YAML anchors (&{anchor}) are not allowed in model files", line)


# Problems the parser notices only at the next token: what was missing belongs to the text
# before it, often on an earlier line (an unclosed bracket, a key without its colon).
_NOTICED_LATE = ("could not find expected", "unexpected end of stream")


def _fault_line(exc: yaml.MarkedYAMLError, text: str) -> int:
    """The 1-based line a person should look at (0 when unknown). PyYAML marks where it gave
    up; for a missing closer or colon that is the start of the next line, or the end of the
    file, so the last line with text before it (not before the construct's own start) is
    named instead. An unclosed quote or bracket is named where it opens: a plain value in
    brackets runs on over line ends, so the parser stops lines later, at a colon."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return 0
    context = exc.context_mark
    problem = exc.problem or ""
    if context is not None and (
        "quoted scalar" in (exc.context or "") or "did not find expected ',' or" in problem
    ):
        return context.line + 1
    lines = text.split("\n")
    if not any(phrase in problem for phrase in _NOTICED_LATE):
        return mark.line + 1
    before = lines[mark.line][: mark.column] if mark.line < len(lines) else ""
    if before.strip():  # the parser stopped inside a line: the fault is on it
        return mark.line + 1
    floor = context.line if context is not None else 0
    line = mark.line - 1
    while line > floor and not lines[line].strip():
        line -= 1
    return max(line, floor) + 1


def _convert(node: yaml.Node, seen: set[int]) -> Any:
    """Python value of a composed node: text, numbers (int, or Decimal with a fraction or an
    exponent), booleans, null, lists and dicts only."""
    if id(node) in seen:
        # The composer hands out the anchored node again for every alias.
        raise YamlError(
            "YAML aliases (*name) are not allowed in model files", node.start_mark.line + 1
        )
    seen.add(id(node))
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _MAP:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE:
                raise YamlError("YAML merge keys (<<) are not allowed", key_line)
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError("a mapping key must be a plain value", key_line)
            key = _convert(key_node, seen)
            if key in result:
                raise YamlError(f"duplicate key {key!r}", key_line)
            result[key] = _convert(value_node, seen)
        return result
    if tag == _SEQ:
        return [_convert(item, seen) for item in node.value]
    if tag == _INT:
        return _integer(node.value, node.start_mark.line + 1)
    if tag == _FLOAT:
        return _decimal(node.value, node.start_mark.line + 1)
    if tag == _BOOL:
        return node.value in ("true", "True", "TRUE")
    if tag == _NULL:
        return None
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    raise YamlError(f"the tag {shown} is not allowed in model files", node.start_mark.line + 1)


def _integer(text: str, line: int) -> int:
    try:
        return int(text, 16) if text.startswith("0x") else int(text)
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
        raise YamlError(f"the number {text[:20]}... has too many digits", line) from None


_MAX_EXPONENT = 400
"""Wider than a float's range (5e-324 to 1.8e308), which no amount or share comes near; written
out in full, as the renderer writes Decimals, 1e999999999 would take a gigabyte."""


def _decimal(text: str, line: int) -> Decimal:
    """A number with a fraction or exponent, exactly as written: float() would keep only 17
    significant digits, so a share of 0.3333333333333333334 or a long amount would not read back."""
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return Decimal("-Infinity" if text.startswith("-") else "Infinity")
    if lowered == ".nan":
        return Decimal("NaN")  # the model refuses both: "Input should be a finite number"
    number = Decimal(text)
    if number and abs(number.adjusted()) > _MAX_EXPONENT:
        raise YamlError(f"the number {text} is out of range", line)
    return number


_UNREADABLE = yaml.Node("", "", None, None)


@functools.lru_cache(maxsize=64)
def _composed(text: str) -> yaml.Node | None:
    # A report places many findings in the same few files: compose each text once.
    try:
        with no_gc_pauses():
            node: yaml.Node | None = yaml.compose(text, Loader=_StrictLoader)
    except yaml.YAMLError:
        return _UNREADABLE
    return node


def locate(text: str, path: Sequence[str | int]) -> int:
    """1-based line of the node at ``path`` (keys and list indexes), or of its deepest ancestor
    that exists. For a mapping key, the key's own line."""
    node = _composed(text)
    if node is _UNREADABLE:
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
#
# A small emitter for the shapes model files have (mappings, lists, text, numbers, booleans,
# dates). It is several times faster than PyYAML's representer and its output is fixed by this
# code alone: block style, two-space indentation, lists at their key's indentation, literal blocks
# for multi-line text, and quotes only where a reader could take a value for something else.

# Every pattern any reader applies to plain scalars: YAML 1.1 (PyYAML and most tools) and the
# YAML 1.2 rules read back here. A plain value matching any of them is quoted.
_AMBIGUOUS: dict[str, list[re.Pattern[str]]] = {}
for _resolvers in (_Dumper.yaml_implicit_resolvers, _StrictLoader.yaml_implicit_resolvers):
    for _first, _found in _resolvers.items():
        for _, _pattern in _found:
            if _pattern not in _AMBIGUOUS.setdefault(_first, []):
                _AMBIGUOUS[_first].append(_pattern)

_PLAIN_FIRST_FORBIDDEN = frozenset("-?:,[]{}#&*!|>'\"%@` ")


_SAFE_PLAIN = re.compile(r"[^\W\d][\w .,/()+-]*[\w.)]\Z|[^\W\d]\Z")
"""Text that starts with a letter and holds only word characters and harmless punctuation."""
_WORDS = frozenset(
    w
    for base in ("yes", "no", "true", "false", "on", "off", "null")
    for w in (base, base.capitalize(), base.upper())
)
"""Letter-first words some YAML reader takes for a boolean or null."""


def _plain_ok(text: str) -> bool:
    if _SAFE_PLAIN.match(text):
        return text not in _WORDS
    if not text or text[0] in _PLAIN_FIRST_FORBIDDEN or text[-1] in " :":
        return False
    if ": " in text or " #" in text or not text.isprintable():
        return False
    return not any(pattern.match(text) for pattern in _AMBIGUOUS.get(text[0], ()))


def _double_quoted(text: str) -> str:
    out = ['"']
    for char in text:
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char.isprintable() or char == " ":
            out.append(char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        else:
            code = ord(char)
            if code <= 0xFF:
                out.append(f"\\x{code:02X}")
            elif code <= 0xFFFF:
                out.append(f"\\u{code:04X}")
            else:
                out.append(f"\\U{code:08X}")
    out.append('"')
    return "".join(out)


def _literal_ok(text: str) -> bool:
    """Multi-line text that a literal block keeps exactly: printable lines, no trailing blanks,
    no leading blank on the first line, no line breaks other than newline at the end."""
    if "\n" not in text or text.endswith("\n") or text[:1] in (" ", "\n"):
        return False
    return all(line.isprintable() and not line.endswith(" ") for line in text.split("\n"))


def _scalar(value: Any) -> str:
    """One-line representation of a scalar (multi-line text is handled by the caller)."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str):
        if _plain_ok(value):
            return value
        if value.isprintable():
            return "'" + value.replace("'", "''") + "'"
        return _double_quoted(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:  # noqa: PLR0124 - NaN is the one value unequal to itself
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if isinstance(value, dt.datetime):
        return "'" + value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") + "'"
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to a model file")


def _value(item: Any, head: str, col: int, out: list[str]) -> None:
    """Append ``item`` as the value after ``head`` (``key:`` or ``-`` at column ``col``)."""
    if isinstance(item, dict) and item:
        out.append(head)
        _mapping(item, col + 2, out)
    elif isinstance(item, list | tuple) and item:
        out.append(head)
        _sequence(item, col, out)
    elif isinstance(item, dict):
        out.append(f"{head} {{}}")
    elif isinstance(item, list | tuple):
        out.append(f"{head} []")
    elif isinstance(item, str) and _literal_ok(item):
        out.append(f"{head} |-")
        pad = " " * (col + 2)
        out.extend(f"{pad}{line}" if line else "" for line in item.split("\n"))
    else:
        out.append(f"{head} {_scalar(item)}")


def _mapping(data: dict[Any, Any], col: int, out: list[str]) -> None:
    pad = " " * col
    for key, item in data.items():
        _value(item, f"{pad}{_scalar(str(key))}:", col, out)


def _sequence(items: Sequence[Any], col: int, out: list[str]) -> None:
    pad = " " * col
    for item in items:
        if isinstance(item, dict | list | tuple) and item:
            nested: list[str] = []
            if isinstance(item, dict):
                _mapping(item, col + 2, nested)
            else:
                _sequence(item, col + 2, nested)
            nested[0] = f"{pad}- {nested[0][col + 2 :]}"  # the first line shares the dash's line
            out.extend(nested)
        else:
            _value(item, f"{pad}-", col, out)


def dump(data: Any) -> str:
    """Deterministic block-style YAML of plain data (dicts in insertion order)."""
    out: list[str] = []
    if isinstance(data, dict) and data:
        _mapping(data, 0, out)
    elif isinstance(data, list | tuple) and data:
        _sequence(data, 0, out)
    else:
        out.append(
            "{}"
            if isinstance(data, dict)
            else "[]"
            if isinstance(data, list | tuple)
            else _scalar(data)
        )
    return "\n".join(out) + "\n"
