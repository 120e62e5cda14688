"""`workbench check` end to end: formats, exit codes, rule selection, suppressions, SARIF schema."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import jsonschema
import pytest

from tests.cli_runner import run_cli
from tests.conftest import REPO_ROOT
from workbench.checks import rules
from workbench.domain.suppressions import Suppression
from workbench.mirror import codec, yamlio
from workbench.services.folder import WorkspaceFolder

SARIF_SCHEMA = REPO_ROOT / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0-essentials.json"
OFFICIAL_SARIF_SCHEMA = REPO_ROOT / ".cache" / "sarif" / "sarif-2.1.0.json"
"""The OASIS SARIF 2.1.0 schema as an npm package ships it; `make test` fetches it."""


@pytest.fixture
def reference_copy(tmp_path: Path) -> Path:
    root = tmp_path / "ref"
    for top in ("models", "decisions"):
        shutil.copytree(REPO_ROOT / top, root / top)
    return root


def _rewrite_mapping(root: Path, mapping_id: str, **changes: object) -> None:
    path = root / "models" / "mappings" / f"{mapping_id}.yaml"
    data = yamlio.load(path.read_text())
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    path.write_text(yamlio.dump(data))


def _validate_sarif(document: object) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())


def test_sarif_validates_against_the_official_schema(reference_copy: Path, tmp_path: Path) -> None:
    if not OFFICIAL_SARIF_SCHEMA.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{OFFICIAL_SARIF_SCHEMA} is missing: `make test` fetches it with npm")
        pytest.skip("the official SARIF schema is not fetched (make test does it with npm)")
    _rewrite_mapping(reference_copy, "account-customer", resolution=None)
    out = tmp_path / "report.sarif"
    code, _ = run_cli("check", str(reference_copy), "--format", "sarif", "--output", str(out))
    assert code == 1
    document = json.loads(out.read_text())
    schema = json.loads(OFFICIAL_SARIF_SCHEMA.read_text())
    jsonschema.Draft4Validator.check_schema(schema)
    errors = [e.message for e in jsonschema.Draft4Validator(schema).iter_errors(document)]
    assert errors == []
    assert document["runs"][0]["results"], "the broken copy has findings to annotate"


def test_the_reference_passes_with_warnings(reference_copy: Path) -> None:
    code, output = run_cli("check", str(reference_copy))
    assert code == 0
    assert output.rstrip().endswith("0 error(s), 22 warning(s), 0 info")
    assert "Error handling (" in output and "Q2C-ERR-006" in output
    assert "\x1b[" not in output  # no colour off a terminal


def test_text_groups_findings_by_area_in_catalogue_order(reference_copy: Path) -> None:
    _rewrite_mapping(reference_copy, "order-sales-order", split=None)
    code, output = run_cli("check", str(reference_copy))
    assert code == 1
    headings = [line for line in output.splitlines() if line and not line.startswith(" ")]
    assert headings[0].startswith("Model coverage")
    assert headings.index(next(h for h in headings if h.startswith("Cardinality"))) < (
        headings.index(next(h for h in headings if h.startswith("Error handling")))
    )
    assert "models/mappings/order-sales-order.yaml:5" in output
    # The split rule's removal also fails the split scenarios and makes the sign-offs of the
    # decisions linking the mapping stale: the summary counts every error listed.
    listed = sum(1 for line in output.splitlines() if line.lstrip().startswith("error "))
    assert f"{listed} error(s)" in output.splitlines()[-1]
    assert "Q2C-SIM-001" in output and "Q2C-GOV-001" in output


def test_json_report(reference_copy: Path) -> None:
    _rewrite_mapping(reference_copy, "account-customer", resolution=None)
    code, output = run_cli("check", str(reference_copy), "--format", "json")
    assert code == 1
    document = json.loads(output)
    assert set(document) == {"findings", "suppressed", "summary"}
    # Without the rule, the scenarios fail and the sign-offs of the customer-master decisions go
    # stale too; the cardinality finding is the one that says why.
    errors = [f for f in document["findings"] if f["rule"] == "Q2C-CARD-001"]
    assert {f["rule"] for f in document["findings"] if f["severity"] == "error"} == {
        "Q2C-CARD-001",
        "Q2C-GOV-001",
        "Q2C-SIM-001",
    }
    assert errors == [
        {
            "rule": "Q2C-CARD-001",
            "severity": "error",
            "area": "cardinality",
            "element": "mapping:account-customer",
            "message": errors[0]["message"],
            "hint": rules()["Q2C-CARD-001"].hint,
            "file": "models/mappings/account-customer.yaml",
            "line": 5,
        }
    ]
    assert document["summary"] == {
        "error": len(document["findings"]) - 22,
        "warning": 22,
        "info": 0,
    }


def test_sarif_validates_and_points_at_the_file_and_line(reference_copy: Path) -> None:
    _rewrite_mapping(reference_copy, "account-customer", resolution=None)
    code, output = run_cli("check", str(reference_copy), "--format", "sarif")
    assert code == 1
    document = json.loads(output)
    _validate_sarif(document)
    run = document["runs"][0]
    assert len(run["tool"]["driver"]["rules"]) == len(rules())
    result = next(r for r in run["results"] if r["ruleId"] == "Q2C-CARD-001")
    location = result["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {
            "uri": "models/mappings/account-customer.yaml",
            "uriBaseId": "SRCROOT",
        },
        "region": {"startLine": 5},
    }
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "Q2C-CARD-001"
    assert result["level"] == "error"


def test_the_sarif_schema_rejects_what_the_specification_forbids() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text())
    bad = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "x"}},
                "results": [{"message": {"text": "m"}, "level": "fatal"}],
            }
        ],
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    bad["runs"][0]["results"][0]["level"] = "error"  # type: ignore[index]
    bad["runs"][0]["results"][0]["locations"] = [  # type: ignore[index]
        {"physicalLocation": {"artifactLocation": {"uri": "a"}, "region": {"startLine": 0}}}
    ]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_sarif_is_byte_identical_between_runs(reference_copy: Path) -> None:
    first = run_cli("check", str(reference_copy), "--format", "sarif")
    assert first == run_cli("check", str(reference_copy), "--format", "sarif")


def test_rule_selection(reference_copy: Path) -> None:
    _rewrite_mapping(reference_copy, "account-customer", resolution=None)
    code, output = run_cli(
        "check", str(reference_copy), "--rule", "Q2C-ERR-006", "--format", "json"
    )
    assert code == 0  # the error is not among the selected rules
    assert {f["rule"] for f in json.loads(output)["findings"]} == {"Q2C-ERR-006"}
    code, output = run_cli(
        "check", str(reference_copy), "--rule", "Q2C-CARD-001", "--rule", "Q2C-ERR-001"
    )
    assert code == 1 and "Q2C-CARD-001" in output and "Q2C-ERR-006" not in output


def test_an_unknown_rule_cannot_run(reference_copy: Path) -> None:
    code, output = run_cli("check", str(reference_copy), "--rule", "Q2C-NOPE-001")
    assert code == 2 and "unknown rule id(s): Q2C-NOPE-001" in output


def test_a_model_that_does_not_parse_cannot_be_checked(reference_copy: Path) -> None:
    (reference_copy / "models" / "mappings" / "quote-crm-only.yaml").write_text("cardinality: [\n")
    code, output = run_cli("check", str(reference_copy))
    assert code == 2
    assert "models/mappings/quote-crm-only.yaml" in output and "workbench validate" in output


def test_a_folder_that_is_not_a_workspace(tmp_path: Path) -> None:
    code, output = run_cli("check", str(tmp_path))
    assert code == 2 and "is not a workspace" in output


def test_output_file(reference_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    code, output = run_cli(
        "check", str(reference_copy), "--format", "sarif", "--output", str(target)
    )
    assert code == 0 and output == ""
    _validate_sarif(json.loads(target.read_text()))


def test_list_rules(tmp_path: Path) -> None:
    code, output = run_cli("check", "--list-rules")
    assert code == 0
    lines = output.splitlines()
    assert len(lines) == len(rules())
    assert lines[0].split()[:3] == ["Q2C-AMND-001", "error", "amendment"]
    code, output = run_cli("check", "--list-rules", "--format", "json")
    listed = json.loads(output)["rules"]
    assert [r["id"] for r in listed] == sorted(rules())
    assert set(listed[0]) == {"id", "severity", "area", "title", "hint"}
    assert run_cli("check", "--list-rules", "--format", "sarif")[0] == 2


def test_a_suppression_silences_one_element_and_shows_its_reason(reference_copy: Path) -> None:
    files = WorkspaceFolder.at(reference_copy).read_mirror()
    ws = codec.parse(files).workspace
    assert ws is not None
    reason = "Price elements fail only with named SAP messages; anything else is a bug."
    silenced = ws.model_copy(
        update={
            "suppressions": (
                Suppression(
                    element="mapping:order-item-price-elements",
                    rules=("Q2C-ERR-006",),
                    reason=reason,
                ),
            )
        }
    )
    checks_file = codec.render(silenced)["models/checks.yaml"]
    (reference_copy / "models" / "checks.yaml").write_bytes(checks_file)
    code, output = run_cli("check", str(reference_copy))
    assert code == 0
    assert output.rstrip().endswith("0 error(s), 21 warning(s), 0 info (1 suppressed)")
    assert f"reason: {reason}" in output
    document = json.loads(run_cli("check", str(reference_copy), "--format", "json")[1])
    assert [(s["element"], s["reason"]) for s in document["suppressed"]] == [
        ("mapping:order-item-price-elements", reason)
    ]
    sarif = json.loads(run_cli("check", str(reference_copy), "--format", "sarif")[1])
    _validate_sarif(sarif)
    suppressed = [r for r in sarif["runs"][0]["results"] if "suppressions" in r]
    assert [r["suppressions"] for r in suppressed] == [
        [{"kind": "external", "justification": reason}]
    ]


def test_text_is_coloured_for_a_terminal(reference_copy: Path) -> None:
    import click

    from workbench.checks import output
    from workbench.services.checks import check_files

    _rewrite_mapping(reference_copy, "account-customer", resolution=None)
    run = check_files(WorkspaceFolder.at(reference_copy).read_mirror())
    coloured = output.to_text(run.placed, run.suppressed, click.style)
    plain = output.to_text(run.placed, run.suppressed)
    assert "\x1b[31m\x1b[1merror  \x1b[0m" in coloured  # errors in bold red
    assert click.unstyle(coloured) == plain
