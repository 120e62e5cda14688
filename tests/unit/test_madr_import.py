"""Plain MADR 4 files written by other tools import: unknown front-matter keys and sections are
kept, missing keys take their defaults; our own decision files round-trip to the byte."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import REPO_ROOT
from workbench.cli import main
from workbench.domain.decisions import Decision, FrontMatterEntry, SignOff
from workbench.mirror import codec, madr

PLAIN = REPO_ROOT / "tests" / "fixtures" / "madr"
HEADER = b"format: 1\nname: imported\n"


def _files() -> dict[str, bytes]:
    files = {"models/workspace.yaml": HEADER}
    for path in sorted(PLAIN.glob("*.md")):
        files[f"decisions/{path.name}"] = path.read_bytes()
    return files


def _parsed() -> dict[int, Decision]:
    result = codec.parse(_files())
    assert result.errors == [], result.errors
    assert result.workspace is not None
    return {d.number: d for d in result.workspace.decisions}


def test_plain_madr_files_import_with_defaults() -> None:
    found = _parsed()
    first, bare, full = found[1], found[2], found[3]
    assert (first.status, first.superseded_by) == ("superseded", 3)
    assert first.decision_makers == ("Ann Lee",)  # a name, not a stakeholder: kept
    assert first.options[0].startswith("MADR 4.0.0")
    # No front matter at all: every key defaulted.
    assert (bare.status, bare.date, bare.decision_makers) == ("proposed", None, ())
    assert bare.outcome.startswith("Chosen option")
    assert full.status == "accepted"  # MADR writes it capitalised
    assert full.date == dt.date(2026, 1, 15)
    assert full.consulted == ("Master data team", "Credit management")
    assert full.consequences[1].startswith("Bad, because")


def test_unknown_keys_and_sections_are_kept_in_order() -> None:
    full = _parsed()[3]
    assert [e.key for e in full.extra_front_matter] == ["tags", "jira", "review"]
    assert full.extra_front_matter[2].value == {"due": "2026-07-01", "owner": "Ann Lee"}
    assert full.extra_sections.startswith("### Confirmation\n\nThe reconciliation report")
    assert "## Pros and Cons of the Options\n\n### SAP owns the customer master" in (
        full.extra_sections
    )
    assert full.more_information == "Revisit after three months of operation."
    rendered = madr.render(full)
    assert (
        "tags:\n- customer\n- master-data\njira: Q2C-142\nreview:\n  due: '2026-07-01'" in rendered
    )
    assert rendered.index("### Confirmation") < rendered.index("## More Information")


def test_imported_decisions_render_canonically_and_read_back_the_same() -> None:
    for decision in _parsed().values():
        text = madr.render(decision)
        path = f"decisions/{decision.number:04d}-x.md"
        again, issues = codec.parse_decision_file(path, text.encode())
        assert issues == [] and again == decision
        assert madr.render(again) == text


def test_a_folder_of_plain_madr_files_becomes_a_workspace_with_the_cli(tmp_path: Path) -> None:
    root = tmp_path / "adr"
    (root / "models").mkdir(parents=True)
    (root / "models" / "workspace.yaml").write_bytes(HEADER)
    shutil.copytree(PLAIN, root / "decisions")
    result = CliRunner().invoke(main, ["decisions", "list", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)["decisions"]
    assert [(d["number"], d["status"], d["signoff_state"]) for d in listed] == [
        (1, "superseded", "unsigned"),
        (2, "proposed", "unsigned"),
        (3, "accepted", "unsigned"),
    ]
    kept = (root / "decisions" / "0003-sap-owns-the-customer-master.md").read_text()
    assert "jira: Q2C-142" in kept and "### Confirmation" in kept


def test_broken_front_matter_is_an_error_with_its_line() -> None:
    files = {
        "models/workspace.yaml": HEADER,
        "decisions/0001-open.md": b"---\nstatus: accepted\n\n# Never closed\n",
        "decisions/0002-bad.md": b"---\nstatus: accepted\ndate: [2026\n---\n\n# Bad\n",
    }
    result = codec.parse(files)
    assert result.workspace is None
    where = sorted((i.file, i.line) for i in result.errors)
    assert where[0] == ("decisions/0001-open.md", 1)
    assert where[1][0] == "decisions/0002-bad.md" and where[1][1] >= 3


_KEY = st.from_regex(r"\A[a-z][a-z0-9-]{0,12}\Z").filter(
    lambda k: k not in {madr.front_matter_key(n) for n in madr.FRONT_MATTER_FIELDS}
)
_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 1000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=20),
)
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEY, inner, max_size=3),
    max_leaves=6,
)
_LINE = st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=30)


@settings(max_examples=80, deadline=None)
@given(
    extra=st.dictionaries(_KEY, _VALUE, max_size=4),
    heading=st.sampled_from(["## Confirmation", "### Pros", "## Decision Outcome x"]),
    lines=st.lists(_LINE, max_size=4),
    context=st.sampled_from(["", "## Looks like a heading", "### Consequences", "\\## escaped"]),
)
def test_other_tools_keys_and_sections_round_trip(
    extra: dict[str, object], heading: str, lines: list[str], context: str
) -> None:
    sections = "\n".join([heading, *lines])
    decision = Decision(
        number=7,
        title="Round trip",
        context=context,
        extra_sections=sections,
        extra_front_matter=tuple(
            FrontMatterEntry(key=k, value=v)  # type: ignore[arg-type]
            for k, v in extra.items()
        ),
    )
    text = madr.render(decision)
    again, issues = codec.parse_decision_file("decisions/0007-round-trip.md", text.encode())
    assert issues == [], (text, issues)
    assert again == decision


# Lines that end a YAML document, start a Markdown title or look like a fence once indented.
_TRICKY_LINE = st.sampled_from(["---", "...", "# Not a title", "## Context and Problem Statement"])
_COMMENT_LINE = _TRICKY_LINE | _LINE | _TRICKY_LINE.map(lambda line: f"  {line}")


@settings(max_examples=80, deadline=None)
@given(lines=st.lists(_COMMENT_LINE, min_size=1, max_size=5))
def test_signoff_comments_round_trip_whatever_their_lines(lines: list[str]) -> None:
    comment = "\n".join(lines)
    signoff = SignOff(
        stakeholder="fiona",
        function="Finance",
        verdict="approved",
        comment=comment,
        recorded_by="facilitator",
        recorded_at=dt.datetime(2026, 3, 2, 10, 30, tzinfo=dt.UTC),
        content_hash="a" * 64,
        hash="b" * 64,
    )
    decision = Decision(
        number=7,
        title="Round trip",
        context="Both systems create customers.",
        signoffs=(signoff,),
        extra_front_matter=(FrontMatterEntry(key="review", value=comment),),
    )
    text = madr.render(decision)
    again, issues = codec.parse_decision_file("decisions/0007-round-trip.md", text.encode())
    assert issues == [], (text, issues)
    assert again == decision


def test_an_indented_fence_in_a_signoff_comment_does_not_end_the_front_matter() -> None:
    text = (
        "---\nstatus: accepted\nsign-offs:\n- stakeholder: fiona\n  function: Finance\n"
        "  verdict: approved\n  comment: |-\n    Approved with one caveat:\n    ---\n"
        "    revisit in Q3\n  recorded-by: facilitator\n  recorded-at: '2026-03-02T10:30:00Z'\n"
        f"  content-hash: {'a' * 64}\n  hash: {'b' * 64}\n---\n\n# Caveat\n"
    )
    again, issues = codec.parse_decision_file("decisions/0007-caveat.md", text.encode())
    assert issues == [] and again is not None
    assert again.signoffs[0].comment == "Approved with one caveat:\n---\nrevisit in Q3"
