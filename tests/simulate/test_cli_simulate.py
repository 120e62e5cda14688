"""``workbench simulate``: exit codes, JSON shape, JUnit XML, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import defusedxml.ElementTree as SafeET
from click.testing import CliRunner

from tests.conftest import REPO_ROOT
from workbench.cli import main


def _copy_reference(tmp_path: Path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(REPO_ROOT / "models", target / "models")
    shutil.copytree(REPO_ROOT / "decisions", target / "decisions")
    return target


def test_all_library_scenarios_pass_with_exit_0() -> None:
    result = CliRunner().invoke(main, ["simulate", str(REPO_ROOT)])
    assert result.exit_code == 0, result.output
    assert "19 of 19 scenario(s) passed." in result.output


def test_json_has_the_documented_shape() -> None:
    scenario = "14-co-termed-amendment-adds-product"
    result = CliRunner().invoke(
        main, ["simulate", str(REPO_ROOT), "--scenario", scenario, "--format", "json"]
    )
    assert result.exit_code == 0
    [entry] = json.loads(result.output)["scenarios"]
    assert {"id", "passed", "documents", "failures", "schedules", "trace"} <= set(entry)
    assert entry["id"] == scenario and entry["passed"] is True
    assert entry["trace"][0]["step"] == "resolve-customer"
    assert entry["schedules"]["billed"] == entry["schedules"]["recognised"] == "68797.45"


def test_a_failing_expectation_exits_1_and_junit_reports_it(tmp_path: Path) -> None:
    ws = _copy_reference(tmp_path)
    path = ws / "models/scenarios/01-baseline-single-line.yaml"
    path.write_text(path.read_text().replace("billed: 9600", "billed: 9700"))
    out = tmp_path / "report.xml"
    result = CliRunner().invoke(
        main, ["simulate", str(ws), "--format", "junit", "--output", str(out)]
    )
    assert result.exit_code == 1
    root = SafeET.fromstring(out.read_bytes())
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "19" and suite.get("failures") == "1"
    failure = root.find(".//testcase[@name='01-baseline-single-line']/failure")
    assert failure is not None and "billed total: expected 9700, got 9600" in (failure.text or "")


def test_an_unknown_scenario_or_broken_model_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["simulate", str(REPO_ROOT), "--scenario", "nope"])
    assert result.exit_code == 2 and "no scenario called nope" in result.output
    ws = _copy_reference(tmp_path)
    path = ws / "models/scenarios/02-two-plants-split.yaml"
    path.write_text(path.read_text().replace("product: CTRL-X100", "product: CTRL-X999", 1))
    result = CliRunner().invoke(main, ["simulate", str(ws)])
    assert result.exit_code == 2
    assert "02-two-plants-split" in result.output and "CTRL-X999" in result.output


def test_exploration_reports_classes_in_text_and_json() -> None:
    result = CliRunner().invoke(main, ["simulate", str(REPO_ROOT), "--explore", "200"])
    assert result.exit_code == 1  # the reference design has gaps the library does not cover
    assert "Explored 200 generated order(s)" in result.output
    result = CliRunner().invoke(
        main, ["simulate", str(REPO_ROOT), "--explore", "50", "--seed", "2", "--format", "json"]
    )
    findings = json.loads(result.output)["exploration"]["findings"]
    assert findings and {"code", "mapping", "example", "route"} <= set(findings[0])


def test_a_workspace_without_scenarios_says_nothing_ran(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    result = CliRunner().invoke(main, ["simulate", str(root)])
    assert result.exit_code == 0
    assert result.output == "No scenario to run: the workspace has none.\n"
