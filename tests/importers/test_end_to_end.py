"""Done when: a new user imports the SAP and Salesforce samples into an empty workspace, accepts
the suggested Account/Customer, Product and Order mappings, and has a model that validates and
opens."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_runner import run_cli
from tests.importers.conftest import DESCRIBE
from workbench.mirror import codec
from workbench.services.folder import WorkspaceFolder
from workbench.services.session import Session


def test_from_empty_workspace_to_accepted_mappings(
    tmp_path: Path, sap_folder: Path, cpq_objects: Path
) -> None:
    root = tmp_path / "q2c"
    assert run_cli("init", str(root))[0] == 0

    code, output = run_cli("import", "edmx", str(sap_folder), "-w", str(root), "--system", "s4hana")
    assert code == 0, output
    assert "new system s4hana; 79 entities added" in output
    code, output = run_cli(
        "import",
        "salesforce",
        str(cpq_objects),
        str(DESCRIBE),
        "-w",
        str(root),
        "--system",
        "salesforce",
    )
    assert code == 0, output
    assert "+ entity SBQQ__Quote__c" in output and "+ entity Account" in output

    # Re-importing the same files is a diff with nothing in it.
    code, output = run_cli("import", "edmx", str(sap_folder), "-w", str(root), "--system", "s4hana")
    assert code == 0 and "s4hana: no changes." in output

    code, output = run_cli("suggest", str(root), "--format", "json")
    assert code == 0
    listed = json.loads(output)["suggestions"]
    wanted = {
        ("salesforce:Account", "s4hana:A_Customer"),
        ("salesforce:Product2", "s4hana:A_Product"),
        ("salesforce:Order", "s4hana:A_SalesOrder"),
    }
    ids = [s["id"] for s in listed if (s["source"], s["target"]) in wanted]
    assert len(ids) == 3
    code, output = run_cli("suggest", str(root), *[arg for i in ids for arg in ("--accept", i)])
    assert code == 0, output

    # The field suggestions of the new mappings, accepted in a second round.
    code, output = run_cli("suggest", str(root), "--format", "json")
    fields = [s for s in json.loads(output)["suggestions"] if s["kind"] == "field"]
    order_fields = [s for s in fields if s["mapping"] == "order-a-salesorder"]
    assert {(s["source_field"], s["target_field"]) for s in order_fields} >= {
        ("AccountId", "SoldToParty"),
        ("CurrencyIsoCode", "TransactionCurrency"),
    }
    code, output = run_cli(
        "suggest", str(root), *[a for s in order_fields for a in ("--accept", s["id"])]
    )
    assert code == 0, output

    code, output = run_cli("validate", str(root))
    assert code == 0, output
    assert "0 error(s)" in output and "in step with the mirror" in output
    result = codec.parse(WorkspaceFolder.at(root).read_mirror())
    assert result.workspace is not None
    mapping = result.workspace.mapping("order-a-salesorder")
    assert mapping is not None and mapping.field_mapping("SoldToParty") is not None
    quote_line = result.workspace.entity("salesforce:SBQQ__QuoteLine__c")
    assert quote_line is not None
    system = result.workspace.system("salesforce")
    assert system is not None
    rels = {r.name: r for r in system.relationships}
    # The CPQ lookup to Product2 resolved once the describe of Product2 came in with it.
    assert rels["SBQQ__QuoteLine__c_SBQQ__Product__c"].parent == "Product2"

    code, output = run_cli("open", str(root), "--summary")
    assert code == 0, output
    assert "mappings 3" in output
    session, report = Session.open(root)
    assert session is not None and report.ok
    session.close()
