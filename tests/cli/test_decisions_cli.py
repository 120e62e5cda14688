"""`workbench decisions list|show|new|sign|verify` on a copy of the reference workspace."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.cli_runner import run_cli


def _files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / "decisions").glob("*.md"))
    }


@pytest.mark.parametrize("command", ["list", "show", "new", "sign", "verify"])
def test_every_decisions_command_has_help(command: str) -> None:
    code, output = run_cli("decisions", command, "--help")
    assert code == 0 and "Usage:" in output


def test_list_shows_the_reference_decisions(reference: Path) -> None:
    code, output = run_cli("decisions", "list", str(reference), "--format", "json")
    assert code == 0, output
    listed = json.loads(output)["decisions"]
    assert [d["number"] for d in listed] == list(range(1, 9))
    states = {d["number"]: d["signoff_state"] for d in listed}
    assert states == {
        1: "accepted",
        2: "accepted",
        3: "accepted",
        4: "unsigned",
        5: "accepted",
        6: "rejected",
        7: "accepted",
        8: "accepted",
    }
    first, fourth = listed[0], listed[3]
    assert first["functions"] == {
        "Finance": "approved",
        "Sales": "approved",
        "IT": "approved",
        "Operations": "approved",
    }
    assert fourth["functions"] == dict.fromkeys(("Sales", "Finance", "IT", "Operations"), "missing")
    assert first["file"].startswith("decisions/0001-") and len(first["content_hash"]) == 64
    code, text = run_cli("decisions", "list", str(reference))
    assert code == 0 and text.splitlines()[0].startswith("0001  accepted   accepted")


def test_show_in_text_and_json(reference: Path) -> None:
    code, output = run_cli("decisions", "show", "5", str(reference), "--format", "json")
    assert code == 0, output
    shown = json.loads(output)
    assert shown["number"] == 5 and shown["context"] and shown["options"]
    code, output = run_cli("decisions", "show", "5", str(reference))
    assert code == 0 and "governs: " in output
    code, output = run_cli("decisions", "show", "99", str(reference))
    assert code == 2 and "there is no decision 0099" in output
    # Signing one that does not exist is the same wrong number, with the same exit code.
    code, output = run_cli("decisions", "sign", "99", "grace-adeyemi", str(reference), "--approve")
    assert code == 2 and "there is no decision 0099" in output


def test_new_then_sign_then_accepted(reference: Path) -> None:
    code, output = run_cli(
        "decisions",
        "new",
        "Revenue is recognised in SAP RAR",
        str(reference),
        "--link",
        "mapping:order-sales-order",
        "--require",
        "Finance",
    )
    assert code == 0 and "decisions/0009-revenue-is-recognised-in-sap-rar.md" in output
    code, output = run_cli(
        "decisions", "sign", "9", "lucas-ferreira", str(reference), "--approve", "-m", "Yes"
    )
    assert code == 0, output
    assert "status accepted" in output
    code, output = run_cli("decisions", "show", "9", str(reference), "--format", "json")
    signoff = json.loads(output)["signoffs"][0]
    assert (signoff["recorded_by"], signoff["comment"], signoff["state"]) == (
        "facilitator",
        "Yes",
        "approved",
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("sign", "1", "elena-petrova", "WS", "--approve"), 1, "is neither of a required function"),
        (("sign", "1", "nobody", "WS", "--approve"), 1, "'nobody' is not a stakeholder"),
        (("sign", "1", "grace-adeyemi", "WS", "--reject"), 1, "a rejection says why"),
        (("new", "Dangling", "WS", "--link", "mapping:nothing-here"), 1, "points at nothing"),
        (("new", "Bad link", "WS", "--link", "bogus"), 1, "'bogus' is not a link (mapping:<id>"),
        (
            ("new", "Bad function", "WS", "--require", "Marketing"),
            1,
            "required_functions.0: Marketing is not one of",
        ),
        (("sign", "1", "grace-adeyemi", "WS"), 2, "say --approve or --reject"),
    ],
)
def test_refusals_name_the_reason_and_change_nothing(
    reference: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    run_cli("decisions", "list", str(reference))  # creates the database
    before = _files(reference)
    found, output = run_cli("decisions", *(str(reference) if a == "WS" else a for a in args))
    assert found == code, output
    assert message in output
    if code == 1:
        assert "nothing was changed" in output
    assert _files(reference) == before


def test_verify_in_json_and_before_any_database(reference: Path) -> None:
    code, output = run_cli("decisions", "verify", str(reference))
    assert code == 0 and "mirror only (no database yet)" in output
    run_cli("decisions", "sign", "4", "lucas-ferreira", str(reference), "--approve")
    code, output = run_cli("decisions", "verify", str(reference), "--format", "json")
    assert code == 0, output
    report = json.loads(output)
    # The reference's own records and the one just added.
    files = (reference / "decisions").glob("*.md")
    recorded = sum(path.read_text("utf-8").count("\n- stakeholder: ") for path in files)
    assert recorded == 45  # 22 first signatures, 22 given again after changes, the new one
    assert report["ok"] is True and report["records"] == recorded and report["findings"] == []


def test_list_filters(reference: Path) -> None:
    run_cli("decisions", "sign", "4", "lucas-ferreira", str(reference), "--approve")
    run_cli("decisions", "sign", "4", "martin-keller", str(reference), "--approve")

    def numbers(*flags: str) -> list[int]:
        code, output = run_cli("decisions", "list", str(reference), "--format", "json", *flags)
        assert code == 0, output
        return [d["number"] for d in json.loads(output)["decisions"]]

    # 0004 now has Finance and IT approvals; Finance rejected 0006; the rest are accepted.
    assert numbers("--unsigned") == []
    assert numbers("--awaiting", "Finance") == [6]
    assert numbers("--awaiting", "Sales") == [4]
    assert numbers("--stale") == [] and numbers("--rejected") == [6]
    code, output = run_cli("decisions", "list", str(reference), "--awaiting", "Marketing")
    assert code == 2 and "'Marketing' is not a function" in output
