"""Escaping functions: unit and property tests."""

from __future__ import annotations

import html as html_lib

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from workbench.exporters import escape

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)


@given(TEXT)
def test_html_round_trips(text: str) -> None:
    escaped = escape.html(text)
    assert "<" not in escaped and ">" not in escaped and '"' not in escaped
    assert html_lib.unescape(escaped) == text


@given(TEXT)
def test_cells_never_start_a_formula(text: str) -> None:
    assert not escape.cell(text).startswith(escape.FORMULA_START)
    assert escape.cell(text).removeprefix("'") == text or escape.cell(text) == text


@given(TEXT)
def test_markdown_text_is_literal(text: str) -> None:
    """Whatever the text, CommonMark renders it as one paragraph of the same words: no tags,
    no links, no emphasis, no headings or lists."""
    rendered = MarkdownIt("commonmark").enable("table").render(escape.markdown(text))
    words = " ".join(text.split())
    if not words:
        return
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n"), rendered
    assert html_lib.unescape(rendered[3:-5]) == words


@given(TEXT)
def test_markdown_code_spans_hold_any_text(text: str) -> None:
    rendered = MarkdownIt("commonmark").render(escape.markdown_code(text))
    assert "<script" not in rendered and "<a " not in rendered


@given(TEXT)
def test_mermaid_labels_have_no_syntax(text: str) -> None:
    label = escape.mermaid_label(text)
    inner = label[1:-1]
    assert label.startswith('"') and label.endswith('"')
    assert not set(inner) & set('"[](){}|<>`')


@given(TEXT)
def test_dot_strings_are_closed(text: str) -> None:
    quoted = escape.dot_string(text)
    body = quoted[1:-1]
    # every quote inside is escaped, every backslash doubled
    assert body.replace("\\\\", "").count('"') == body.replace("\\\\", "").count('\\"')


@given(TEXT)
def test_file_names_are_plain(text: str) -> None:
    name = escape.file_name(text)
    assert name and "/" not in name and "\\" not in name and not name.startswith(".")
    assert name.isascii()


@given(st.lists(TEXT, max_size=30))
def test_sheet_names_valid_and_unique(wanted: list[str]) -> None:
    names = escape.sheet_names(wanted)
    assert len(names) == len(wanted)
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert 0 < len(name) <= 31
        assert not set(name) & set("[]:*?/\\")
        assert not name.startswith("'") and not name.endswith("'")


def test_sheet_names_keep_short_names() -> None:
    assert escape.sheet_names(["Overview", "account-customer"]) == ["Overview", "account-customer"]


def test_markdown_keeps_the_spaces_that_join_pieces() -> None:
    assert escape.markdown(" and ") == " and "
    assert escape.markdown(" # not a heading") == " \\# not a heading"


LINES = st.lists(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20), min_size=1, max_size=4
).map("\n".join)


def _words_by_line(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n") if line.split()]


@given(LINES)
def test_markdown_lines_keep_each_line_literal_in_its_list_item(text: str) -> None:
    rendered = MarkdownIt("commonmark").render("- **Notes:** " + escape.markdown_lines(text, "  "))
    assert rendered.startswith("<ul>\n<li><strong>Notes:</strong>"), rendered
    assert rendered.count("<li>") == 1 and rendered.endswith("</li>\n</ul>\n"), rendered
    body = rendered.removeprefix("<ul>\n<li><strong>Notes:</strong>").removesuffix("</li>\n</ul>\n")
    lines = [html_lib.unescape(line).strip() for line in body.split("<br />\n")]
    assert [line for line in lines if line] == _words_by_line(text)


@given(LINES)
def test_html_lines_keep_each_line_and_nothing_else(text: str) -> None:
    escaped = escape.html_lines(text)
    assert "<" not in escaped.replace("<br>", "")
    lines = html_lib.unescape(escaped.replace("<br>", "\n")).split("\n")
    assert [" ".join(line.split()) for line in lines if line.split()] == _words_by_line(text)


def test_a_blank_line_between_paragraphs_stays_a_gap_in_html() -> None:
    assert escape.html_lines("First <one>.\n\n  Second.\nThird") == (
        "First &lt;one&gt;.<br><br>Second.<br>Third"
    )


@given(TEXT)
def test_a_cell_reads_back_by_stripping_one_apostrophe(text: str) -> None:
    written = escape.cell(text)
    read = written[1:] if written.startswith("'") else written
    assert read == text


@given(LINES)
def test_markdown_cells_keep_each_line_in_one_cell(text: str) -> None:
    """A pipe-table cell holds the text's lines joined by <br>, and nothing else becomes markup:
    the table keeps its one row of two cells."""
    cell = escape.markdown_cell(text)
    assert "\n" not in cell
    table = f"| a | b |\n| --- | --- |\n| {cell} | x |\n"
    rendered = MarkdownIt("commonmark").enable("table").render(table)
    body = rendered.partition("<tbody>\n<tr>\n")[2].partition("</tr>\n</tbody>")[0]
    cells = body.split("</td>\n")
    assert len(cells) == 3 and cells[1] == "<td>x" and cells[2] == "", rendered
    inside = cells[0].removeprefix("<td>")
    assert "<" not in inside.replace("<br>", ""), rendered
    lines = [html_lib.unescape(line).strip() for line in inside.split("<br>")]
    assert [line for line in lines if line] == _words_by_line(text)


def test_a_blank_line_between_paragraphs_stays_a_gap_in_a_markdown_cell() -> None:
    assert escape.markdown_cell("First <br>.\n\n  Second |\nThird") == (
        "First \\<br\\>.<br><br>Second \\|<br>Third"
    )


def test_a_markdown_cell_leaves_numbers_and_list_marks_alone() -> None:
    assert escape.markdown_cell("0.00") == "0.00"
    assert escape.markdown_cell("-901.09") == "-901.09"
    assert (
        escape.markdown_cell("# 1. not a heading | nor a list")
        == "# 1. not a heading \\| nor a list"
    )


@given(TEXT)
def test_markdown_headings_keep_every_character(text: str) -> None:
    """A heading renders as the same words, a closing run of ``#`` included."""
    words = " ".join(text.split())
    if not words:
        return
    rendered = MarkdownIt("commonmark").render("#### " + escape.markdown_heading(text))
    assert rendered.startswith("<h4>") and rendered.endswith("</h4>\n"), rendered
    assert html_lib.unescape(rendered[4:-6]) == words


def test_a_heading_ending_in_hashes_keeps_them() -> None:
    rendered = MarkdownIt("commonmark").render("#### " + escape.markdown_heading("Ends with ##"))
    assert rendered == "<h4>Ends with ##</h4>\n"


def test_a_piece_of_several_lines_keeps_the_space_it_is_joined_by() -> None:
    """`` (description)`` after a field's code: the space before it is the piece's own."""
    assert escape.markdown_lines(" (first\nsecond)", "  ") == " (first\\\n  second)"
    assert escape.html_lines(" (first\nsecond)") == " (first<br>second)"
