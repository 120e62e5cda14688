"""Strict YAML reading and deterministic writing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from workbench.mirror import yamlio


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a'"),
        ("a: &x [1, 2]\nb: *x\n", 1, "anchors (&x) are not allowed"),
        ("a: 1\nnotes: &note text\n", 2, "anchors (&note) are not allowed"),
        ("a: R&D and P&L\nb: *x\n", 2, "aliases (*name) are not allowed"),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", 1, "anchors (&b)"),
        ("other:\n  <<: {x: 1}\n", 2, "merge keys"),
        (
            "a: !!python/object/apply:os.system ['true']\n",
            1,
            "!!python/object/apply:os.system is not allowed",
        ),
        ("a: !custom 1\n", 1, "the tag !custom is not allowed"),
        # The line to look at, not the one where the parser gave up: an unclosed bracket or
        # quote where it opens, a key missing its colon on its own line.
        ("a: [1, 2\nb: 3\n", 1, "flow sequence that starts on line 1"),
        ("a: 1\nb: {x: 1\n\n\nc: 3\n", 2, "flow mapping"),
        ('a: "open\nb: 2\n', 1, "quoted scalar"),
        ("x:\n  a: 1\nb 2\n\nc: 3\n", 3, "expected ':'"),
        ("a: 1\nb: 2\n- c\n", 3, "expected key"),
        ("a:\n  - 1\n - 2\n", 3, "expected key"),
        ("a:\n\tb: 1\n", 2, ""),
        ("? [a, b]\n: 1\n", 1, "plain value"),
    ],
)
def test_hostile_or_broken_yaml_is_refused_with_a_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.load(text)
    assert caught.value.line == line
    assert fragment in caught.value.message


def test_a_billion_laughs_document_fails_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        prev, cur = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{cur}: &{cur} [{','.join('*' + prev for _ in range(9))}]")
    with pytest.raises(yamlio.YamlError, match="anchors") as caught:
        yamlio.load("\n".join(lines))
    assert caught.value.line == 1  # refused at the first anchor, before anything is composed


def test_non_utf8_bytes_name_their_line() -> None:
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.decode(b"a: 1\nb: caf\xe9\n")
    assert caught.value.line == 2 and "UTF-8" in caught.value.message


def test_a_byte_order_mark_is_accepted() -> None:
    assert yamlio.load(yamlio.decode("\ufeffa: 1\n".encode())) == {"a": 1}


def test_oversized_files_are_refused_before_parsing() -> None:
    with pytest.raises(yamlio.YamlError, match="larger than"):
        yamlio.decode(b"#" * (yamlio.MAX_FILE_BYTES + 1))


def test_locate_finds_keys_and_items() -> None:
    text = "a:\n  b:\n    - x\n    - y: 1\n      z: 2\n"
    assert yamlio.locate(text, ["a", "b", 1, "z"]) == 5
    assert yamlio.locate(text, ["a", "b", 0]) == 3
    # A path that goes further than the document stops at the deepest node that exists.
    assert yamlio.locate(text, ["a", "missing", 3]) == 1
    assert yamlio.locate("not: [valid", ["not"]) == 0


@pytest.mark.parametrize(
    "value",
    [
        "1:1",
        "1:N",
        "yes",
        "no",
        "on",
        "null",
        "~",
        "0012",
        "1e3",
        "2026-01-01",
        "- x",
        "a: b",
        "#x",
        " lead",
        "trail ",
    ],
)
def test_ambiguous_strings_survive_a_round_trip(value: str) -> None:
    assert yamlio.load(yamlio.dump({"v": value})) == {"v": value}


def test_dump_is_block_style_with_literal_multiline_text() -> None:
    text = yamlio.dump(
        {
            "title": "Order",
            "notes": "line one\nline two",
            "items": ("a", "b"),
            "date": dt.date(2026, 3, 1),
            "at": dt.datetime(2026, 3, 1, 9, 5, tzinfo=dt.UTC),
            "factor": Decimal("12.50"),
            "count": Decimal(3),
        }
    )
    assert text == (
        "title: Order\n"
        "notes: |-\n  line one\n  line two\n"
        "items:\n- a\n- b\n"
        "date: 2026-03-01\n"
        "at: '2026-03-01T09:05:00Z'\n"
        "factor: 12.5\n"
        "count: 3\n"
    )


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        # No model holds such numbers: written out in full, as the renderer writes them, the
        # first two would take a gigabyte; Python will not convert the third to an int.
        ("a: 1\nb: 1e999999999\n", 2, "the number 1e999999999 is out of range"),
        ("a: 0.1e-401\n", 1, "out of range"),
        ("a: " + "9" * 5000 + "\n", 1, "the number 99999999999999999999... has too many digits"),
    ],
    ids=["huge", "tiny", "long"],
)
def test_numbers_out_of_range_are_refused_with_a_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.load(text)
    assert (caught.value.line, fragment in caught.value.message) == (line, True)


@pytest.mark.parametrize(
    "number",
    [
        "0.12345678901234567891",
        "12345678901234567.89",
        "0.3333333333333333334",
        "8294498075136484.42188783441722474496",
        "0.00000000000000000001",
        "-2.5",
    ],
)
def test_numbers_read_back_exactly_as_written(number: str) -> None:
    text = f"v: {number}\n"
    assert yamlio.load(text) == {"v": Decimal(number)}
    assert yamlio.dump({"v": Decimal(number)}) == text
    assert yamlio.dump(yamlio.load(text)) == text


def test_only_numbers_with_a_fraction_or_exponent_read_as_decimals() -> None:
    loaded = yamlio.load("i: 12\nx: 0x1F\nd: 1.50\ne: 1e3\nb: true\nn: null\ninf: -.inf\n")
    assert loaded == {
        "i": 12,
        "x": 31,
        "d": Decimal("1.50"),
        "e": Decimal(1000),
        "b": True,
        "n": None,
        "inf": Decimal("-Infinity"),  # the model refuses it: "Input should be a finite number"
    }
    assert [type(loaded[k]) for k in ("i", "x", "b")] == [int, int, bool]
