"""Small, complete workspaces for tests: every kind of element appears at least once."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from workbench.domain import (
    Amendment,
    AmendmentChange,
    AmendmentRule,
    BillingRule,
    BundleComponent,
    BundleRule,
    Decision,
    Entity,
    ErrorRule,
    Expectations,
    Field,
    FieldMapping,
    JoinKey,
    KeyXref,
    Mapping,
    Measure,
    Order,
    OrderLine,
    ProductClass,
    RecognitionRule,
    ReconciliationMetric,
    Relationship,
    ResolutionRule,
    Scenario,
    SignOff,
    SplitRule,
    Stakeholder,
    Sync,
    System,
    ValueMap,
    ValueMapEntry,
    Workspace,
)
from workbench.domain.masterdata import (
    BundleDefinition,
    CrmAccount,
    CrmProduct,
    ErpCustomer,
    ErpItem,
    Flow,
    MasterData,
    MasterDataOverrides,
    SalesOrganization,
)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def sample_workspace() -> Workspace:
    return _with_chained_signoffs(_sample_workspace())


def _with_chained_signoffs(ws: Workspace) -> Workspace:
    """Sign-off records carry the hash of their own content, as recorded ones do."""
    from workbench.domain.signoffs import record_hash

    decisions = []
    for decision in ws.decisions:
        chained: list[SignOff] = []
        for signoff in decision.signoffs:
            draft = signoff.model_copy(
                update={"previous_hash": chained[-1].hash if chained else ""}
            )
            chained.append(draft.model_copy(update={"hash": record_hash(decision.number, draft)}))
        decisions.append(decision.model_copy(update={"signoffs": tuple(chained)}))
    return Workspace.model_validate({**dict(ws), "decisions": tuple(decisions)})


def _sample_workspace() -> Workspace:
    salesforce = System(
        name="salesforce",
        label="Salesforce CPQ",
        role="crm",
        vendor="Salesforce",
        description="Sales Cloud with CPQ.",
        entities=(
            Entity(
                name="Account",
                label="Account",
                kind="master",
                fields=(
                    Field(name="Id", type="id", key=True, length=18),
                    Field(name="Name", label="Account Name", length=255, required=True),
                    Field(
                        name="SAP_Customer__c", label="SAP customer", length=10, external_id=True
                    ),
                    Field(name="Industry", type="picklist", picklist=("Energy", "Retail")),
                ),
            ),
            Entity(
                name="Order",
                kind="transaction",
                fields=(
                    Field(name="Id", type="id", key=True),
                    Field(name="AccountId", type="reference", reference_to="Account"),
                    Field(name="CurrencyIsoCode", length=3),
                ),
            ),
            Entity(
                name="OrderItem",
                fields=(
                    Field(name="Id", type="id", key=True),
                    Field(name="OrderId", type="reference", reference_to="Order"),
                    Field(name="Quantity", type="decimal", precision=18, scale=2),
                    Field(name="Unit__c", type="picklist", picklist=("Each", "Case")),
                ),
            ),
            Entity(name="Opportunity", fields=(Field(name="Id", type="id", key=True),)),
        ),
        relationships=(
            Relationship(
                name="Account_Orders", parent="Account", child="Order", via_field="AccountId"
            ),
            Relationship(
                name="Order_Items",
                parent="Order",
                child="OrderItem",
                kind="composition",
                via_field="OrderId",
            ),
        ),
    )
    s4hana = System(
        name="s4hana",
        label="SAP S/4HANA",
        role="erp",
        vendor="SAP",
        version="2023",
        entities=(
            Entity(
                name="A_Customer",
                kind="master",
                fields=(
                    Field(name="Customer", key=True, length=10),
                    Field(name="CustomerName", length=80),
                ),
            ),
            Entity(
                name="A_SalesOrder",
                fields=(
                    Field(name="SalesOrder", key=True, length=10),
                    Field(name="SoldToParty", length=10, required=True),
                    Field(name="TransactionCurrency", length=5),
                ),
            ),
            Entity(
                name="A_SalesOrderItem",
                fields=(
                    Field(name="SalesOrder", key=True, length=10),
                    Field(name="SalesOrderItem", key=True, length=6),
                    Field(name="RequestedQuantity", type="decimal", precision=15, scale=3),
                    Field(name="RequestedQuantityUnit", length=3),
                ),
            ),
            Entity(name="A_BillingDocument", fields=(Field(name="BillingDocument", key=True),)),
        ),
        relationships=(
            Relationship(
                name="SalesOrder_Items",
                parent="A_SalesOrder",
                child="A_SalesOrderItem",
                kind="composition",
                via_field="SalesOrder",
            ),
        ),
    )
    return Workspace(
        name="sample",
        title="Sample design",
        description="A small design used by the tests.\n\nIt has two paragraphs.",
        systems=(salesforce, s4hana),
        mappings=(
            Mapping(
                id="account-customer",
                title="Account to customer",
                area="customer",
                source="salesforce:Account",
                target="s4hana:A_Customer",
                cardinality="1:N",
                system_of_record="s4hana",
                sync=Sync(
                    direction="target-to-source", trigger="schedule", schedule="every 15 minutes"
                ),
                resolution=ResolutionRule(match_on=("legal_entity", "bill_to"), when_none="hold"),
                keys=(KeyXref(source_field="SAP_Customer__c", target_field="Customer"),),
                field_mappings=(
                    FieldMapping(
                        target="CustomerName", source="Name", transform="first 80 characters"
                    ),
                ),
                error_policy=(
                    ErrorRule(
                        failure="CUSTOMER_AMBIGUOUS",
                        route="MDM queue",
                        notify=("Master data team",),
                        resolution="Pick the customer and record it on the account.",
                        correction="The chosen number is written back to SAP_Customer__c.",
                    ),
                ),
                status="agreed",
            ),
            Mapping(
                id="order-sales-order",
                area="order",
                source="salesforce:Order",
                target="s4hana:A_SalesOrder",
                cardinality="1:N",
                system_of_record="salesforce",
                resolution=ResolutionRule(match_on=("plant",)),
                split=SplitRule(group_by=("plant", "channel")),
                amendment=AmendmentRule(),
                field_mappings=(
                    FieldMapping(
                        target="TransactionCurrency", source="CurrencyIsoCode", required=True
                    ),
                    FieldMapping(target="SoldToParty", source="AccountId", owner="s4hana"),
                ),
            ),
            Mapping(
                id="order-item",
                area="order",
                source="salesforce:OrderItem",
                target="s4hana:A_SalesOrderItem",
                cardinality="1:N",
                resolution=ResolutionRule(),
                bundle=BundleRule(
                    components=(
                        BundleComponent(
                            product="HW-100", quantity=Decimal(2), share=Decimal("0.6")
                        ),
                        BundleComponent(product="SVC-1", share=Decimal("0.4"), optional=True),
                    )
                ),
                field_mappings=(
                    FieldMapping(target="RequestedQuantity", source="Quantity"),
                    FieldMapping(target="RequestedQuantityUnit", source="Unit__c", value_map="uom"),
                ),
            ),
            Mapping(
                id="opportunity",
                source="salesforce:Opportunity",
                cardinality="none",
                reason="Opportunities stay in the CRM; only orders cross over.",
            ),
        ),
        value_maps=(
            ValueMap(
                id="uom",
                title="Units of measure",
                source_system="salesforce",
                target_system="s4hana",
                entries=(
                    ValueMapEntry(source="Each", target="PC"),
                    ValueMapEntry(
                        source="Case", target="PC", factor=Decimal(12), note="case of 12"
                    ),
                ),
            ),
        ),
        stakeholders=(
            Stakeholder(id="fiona", name="Fiona Hale", function="Finance", title="Controller"),
            Stakeholder(id="ivan", name="Ivan Ortiz", function="IT", title="Integration lead"),
        ),
        decisions=(
            Decision(
                number=1,
                title="SAP owns the customer master",
                status="proposed",
                date=dt.date(2026, 3, 2),
                decision_makers=("fiona", "ivan"),
                consulted=("Sales operations",),
                required_functions=("Finance", "IT"),
                links=("mapping:account-customer", "entity:s4hana:A_Customer"),
                context="Both systems create customers today.\n\nDuplicates pile up.",
                drivers=("One owner per master", "No duplicate customers"),
                options=("SAP owns", "Salesforce owns"),
                outcome="Chosen option: SAP owns, because credit and tax data live there.",
                consequences=("Good, because finance keeps control",),
                more_information="Revisit after go-live.",
                signoffs=(
                    SignOff(
                        stakeholder="fiona",
                        function="Finance",
                        verdict="approved",
                        comment="Agreed in the kickoff.",
                        recorded_by="facilitator",
                        recorded_at=dt.datetime(2026, 3, 2, 10, 30, tzinfo=dt.UTC),
                        content_hash=_hash("content"),
                        hash=_hash("record-1"),
                    ),
                ),
            ),
        ),
        scenarios=(
            Scenario(
                id="two-plants",
                title="Lines from two plants",
                order=Order(
                    account="ACME",
                    currency="EUR",
                    date=dt.date(2026, 4, 1),
                    lines=(
                        OrderLine(
                            id="10",
                            product="HW-100",
                            quantity=Decimal(2),
                            price=Decimal("100.50"),
                            plant="1010",
                        ),
                        OrderLine(id="20", product="HW-200", quantity=Decimal(1), plant="1020"),
                    ),
                ),
                amendments=(
                    Amendment(
                        effective=dt.date(2026, 10, 1),
                        changes=(
                            AmendmentChange(
                                action="change-quantity", line="10", quantity=Decimal(1)
                            ),
                        ),
                    ),
                ),
                expect=Expectations(failures=()),
                overrides=MasterDataOverrides(
                    items=(ErpItem(material="HW-200", base_unit="PC", plants=("1020",)),),
                    remove_customers=("1010-2",),
                ),
            ),
        ),
        master_data=(
            MasterData(
                id="workshop",
                title="Workshop data",
                flow=Flow(customer="account-customer"),
                accounts=(CrmAccount(id="ACME", name="Acme"),),
                products=(
                    CrmProduct(code="HW-100", product_class="hardware", list_price=Decimal(100)),
                    CrmProduct(code="HW-200", product_class="hardware"),
                    CrmProduct(code="KIT", bundle=True),
                ),
                customers=(
                    ErpCustomer(id="1010-1", account="ACME", legal_entity="GmbH", bill_to="Berlin"),
                    ErpCustomer(
                        id="1010-2", account="ACME", legal_entity="GmbH", credit_block=True
                    ),
                ),
                items=(
                    ErpItem(
                        material="HW-100",
                        base_unit="PC",
                        units=("CS",),
                        tax_classification="1",
                        cost_account="7920",
                        plants=("1010", "1020"),
                    ),
                ),
                sales_organizations=(
                    SalesOrganization(
                        id="1010", legal_entity="GmbH", currency="EUR", currencies=("USD",)
                    ),
                ),
                bundles=(
                    BundleDefinition(
                        product="KIT",
                        components=(
                            BundleComponent(
                                product="HW-100", quantity=Decimal(2), share=Decimal("0.5")
                            ),
                            BundleComponent(product="HW-200", share=Decimal("0.5")),
                        ),
                    ),
                ),
            ),
        ),
        product_classes=(
            ProductClass(
                id="subscription",
                title="Subscriptions",
                applies_to="Family = Subscription",
                billing=BillingRule(system="s4hana", timing="in-advance", frequency="annual"),
                recognition=RecognitionRule(system="s4hana", method="ratable", basis="daily"),
            ),
            ProductClass(
                id="hardware",
                billing=BillingRule(system="s4hana", timing="at-order"),
                recognition=RecognitionRule(method="point-in-time", event="shipment"),
            ),
        ),
        reconciliation=(
            ReconciliationMetric(
                id="open-orders",
                title="Open orders",
                kind="open-orders",
                measures=(
                    Measure(layer="crm", entity="salesforce:Order", expression="count activated"),
                    Measure(layer="integration", expression="pending messages"),
                    Measure(layer="erp", entity="s4hana:A_SalesOrder", expression="count open"),
                ),
                join_keys=(
                    JoinKey(
                        crm="salesforce:Order.Id",
                        integration="correlation id",
                        erp="s4hana:A_SalesOrder.SalesOrder",
                    ),
                ),
                frequency="daily",
                tolerance="0",
                notify=("Order management",),
            ),
        ),
    )


VERSION_2_TABLES = (
    "wb_product_class",
    "wb_reconciliation_metric",
    "wb_check_suppression",
    "wb_master_data",
)
"""Tables that schema version 2 added."""
VERSION_2_COLUMNS = (
    ("wb_workspace", "rejected_suggestions"),
    ("wb_decision", "extra_sections"),
    ("wb_decision", "extra_front_matter"),
    ("wb_scenario", "master_data"),
    ("wb_scenario", "overrides"),
)
"""Columns that schema version 2 added to tables of version 1."""


def downgrade_to_version_1(conn: Any) -> None:
    """Turn a current database back into what a version 1 release wrote (its rows kept)."""
    from sqlalchemy import text

    for table in VERSION_2_TABLES:
        conn.execute(text(f"DROP TABLE {table}"))
    for table, column in VERSION_2_COLUMNS:
        conn.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
    conn.execute(text("update wb_meta set value = '1' where key = 'schema_version'"))
