"""`workbench import` and `workbench suggest` through the command line: diffs, dry runs, exit
codes, JSON output, and what lands in the database and the model files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.cli_runner import run_cli
from tests.importers.conftest import DESCRIBE
from workbench.services.session import Session

CSV = b"entity,field,type,length,required,description\nInvoice,Number,string,20,yes,Printed\n"


def _state(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    assert run_cli("init", str(root))[0] == 0
    assert run_cli("sync", str(root))[0] == 0
    return root


def test_import_then_reimport_reports_no_changes_and_writes_nothing(
    workspace: Path, tmp_path: Path
) -> None:
    inventory = tmp_path / "billing.csv"
    inventory.write_bytes(CSV)
    code, output = run_cli(
        "import",
        "csv",
        str(inventory),
        "-w",
        str(workspace),
        "--system",
        "billing",
        "--role",
        "billing",
    )
    assert code == 0, output
    assert "+ entity Invoice" in output and "new system billing; 1 entity added" in output
    assert (workspace / "models/systems/billing/entities/Invoice.yaml").is_file()
    session, _ = Session.open(workspace)
    assert session is not None
    try:
        system = session.workspace.system("billing")
        assert system is not None and system.role == "billing"
        invoice = session.workspace.entity("billing:Invoice")
        assert invoice is not None and invoice.field("Number") is not None
    finally:
        session.close()
    before = _state(workspace)
    code, output = run_cli(
        "import", "csv", str(inventory), "-w", str(workspace), "--system", "billing"
    )
    assert code == 0 and "billing: no changes." in output and "Nothing written." in output
    assert _state(workspace) == before


def test_dry_run_shows_the_diff_and_writes_nothing(workspace: Path, tmp_path: Path) -> None:
    before = _state(workspace)
    code, output = run_cli(
        "import",
        "salesforce",
        str(DESCRIBE / "Account.json"),
        "-w",
        str(workspace),
        "--system",
        "salesforce",
        "--dry-run",
    )
    assert code == 0, output
    assert "+ entity Account" in output and "Dry run: nothing written." in output
    assert _state(workspace) == before


def test_a_changed_file_shows_changed_and_removed_fields(workspace: Path, tmp_path: Path) -> None:
    inventory = tmp_path / "billing.csv"
    inventory.write_bytes(CSV + b"Invoice,Total,decimal,,no,\n")
    assert (
        run_cli("import", "csv", str(inventory), "-w", str(workspace), "--system", "billing")[0]
        == 0
    )
    inventory.write_bytes(
        b"entity,field,type,length,required,description\nInvoice,Number,string,30,yes,Printed\n"
    )
    code, output = run_cli(
        "import",
        "csv",
        str(inventory),
        "-w",
        str(workspace),
        "--system",
        "billing",
        "--format",
        "json",
    )
    assert code == 0, output
    diff = json.loads(output)
    assert diff["changed_fields"] == [{"element": "Invoice.Number", "changes": ["length 20 -> 30"]}]
    assert diff["removed_fields"] == ["Invoice.Total"] and diff["written"] is True


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--system", "Bad Name"], 2, "is not a system name"),
        (["--system", "newsys\n"], 2, "is not a system name"),
        (["--system", "crm", "--workspace", "/nonexistent"], 2, ""),
    ],
)
def test_bad_arguments(workspace: Path, args: list[str], code: int, message: str) -> None:
    arguments = [
        "import",
        "salesforce",
        str(DESCRIBE / "Account.json"),
        "-w",
        str(workspace),
        *args,
    ]
    exit_code, output = run_cli(*arguments)
    assert exit_code == code and message in output


def test_a_missing_path_is_a_clear_error(workspace: Path) -> None:
    code, output = run_cli(
        "import", "edmx", "/no/such.edmx", "-w", str(workspace), "--system", "erp"
    )
    assert code == 2 and "/no/such.edmx: no such file or folder" in output


def test_a_folder_without_files_of_the_format(workspace: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, output = run_cli(
        "import", "edmx", str(tmp_path / "empty"), "-w", str(workspace), "--system", "erp"
    )
    assert code == 2 and "no edmx files found" in output


def test_suggest_accept_reject_and_json(workspace: Path) -> None:
    assert (
        run_cli(
            "import", "salesforce", str(DESCRIBE), "-w", str(workspace), "--system", "salesforce"
        )[0]
        == 0
    )
    v4 = Path(__file__).resolve().parents[1] / "fixtures" / "edmx" / "orders-v4.xml"
    assert run_cli("import", "edmx", str(v4), "-w", str(workspace), "--system", "s4hana")[0] == 0
    code, output = run_cli("suggest", str(workspace), "--format", "json")
    assert code == 0
    listed = json.loads(output)["suggestions"]
    by_pair = {(s["source"], s["target"]): s for s in listed if s["kind"] == "entity"}
    order = by_pair[("salesforce:Order", "s4hana:A_SalesOrder")]
    customer = by_pair[("salesforce:Account", "s4hana:A_Customer")]
    assert order["confidence"] >= 0.9 and order["reasons"]
    order_item = by_pair[("salesforce:OrderItem", "s4hana:A_SalesOrderItem")]
    code, output = run_cli(
        "suggest",
        str(workspace),
        "--accept",
        order["id"],
        "--accept",
        customer["id"],
        "--reject",
        order_item["id"],
    )
    assert code == 0, output
    assert f"Accepted {order['id']}" in output and f"Rejected {order_item['id']}" in output
    assert "Field mappings for mapping order-a-salesorder" in output
    assert (workspace / "models/mappings/order-a-salesorder.yaml").is_file()
    assert "rejected_suggestions" in (workspace / "models/workspace.yaml").read_text()
    code, output = run_cli("suggest", str(workspace), "--format", "json")
    ids = {s["id"] for s in json.loads(output)["suggestions"]}
    assert order_item["id"] not in ids and order["id"] not in ids
    assert run_cli("validate", str(workspace))[0] == 0
    before = _state(workspace)
    code, output = run_cli("suggest", str(workspace), "--accept", "e-ffffffff")
    assert code == 2 and "not an open suggestion: e-ffffffff" in output
    assert _state(workspace) == before
    code, output = run_cli("suggest", str(workspace), "--forget-rejections")
    assert code == 0 and "Forgot 1 rejected suggestion(s)." in output


def test_the_sales_order_service_again_keeps_what_odata_cannot_say(
    tmp_path: Path, sap_folder: Path
) -> None:
    """The reference workspace's A_SalesOrder is curated beyond its metadata (a picklist of
    order types, the external id, the customer it points at); importing the service again
    keeps all of that."""
    root = tmp_path / "ref"
    assert run_cli("init", str(root), "--example")[0] == 0
    session, _ = Session.open(root)
    assert session is not None
    before = session.workspace.entity("s4hana:A_SalesOrder")
    session.close()
    assert before is not None
    curated = {
        f.name: (f.type, f.picklist, f.external_id, f.reference_to)
        for f in before.fields
        if f.picklist or f.external_id or f.reference_to
    }
    assert curated, "the reference workspace curates A_SalesOrder"
    code, output = run_cli(
        "import",
        "edmx",
        str(sap_folder / "API_SALES_ORDER_SRV.edmx"),
        "-w",
        str(root),
        "--system",
        "s4hana",
        "--keep-missing",
    )
    assert code == 0, output
    session, _ = Session.open(root)
    assert session is not None
    after = session.workspace.entity("s4hana:A_SalesOrder")
    session.close()
    assert after is not None
    kept = {
        f.name: (f.type, f.picklist, f.external_id, f.reference_to)
        for f in after.fields
        if f.name in curated
    }
    assert kept == curated


def test_a_change_that_makes_sign_offs_stale_says_so(tmp_path: Path) -> None:
    """Accepting a suggestion on the reference workspace put an accepted decision back to
    proposed, and the command said only "Accepted"."""
    root = tmp_path / "q2c"
    assert run_cli("init", str(root), "--example")[0] == 0
    code, output = run_cli("suggest", str(root), "--format", "json")
    listed = json.loads(output)["suggestions"]
    industry = next(s for s in listed if s["proposes"].endswith("s4hana:A_Customer.Industry"))
    code, output = run_cli("suggest", str(root), "--accept", industry["id"])
    assert code == 0, output
    assert "Sign-offs: Decision 0001 has 4 stale sign-offs and is proposed again." in output
    v4 = Path(__file__).resolve().parents[1] / "fixtures" / "edmx" / "orders-v4.xml"
    code, output = run_cli(
        "import",
        "edmx",
        str(v4),
        "-w",
        str(root),
        "--system",
        "s4hana",
        "--keep-missing",
        "--format",
        "json",
    )
    assert code == 0, output
    made_stale = json.loads(output)["signoffs_made_stale"]
    assert made_stale and all(n.startswith("decision ") for n in made_stale)
