"""Re-import as a diff: added, changed and removed entities and fields; what the model still
uses is kept and flagged; a re-import of the same files changes nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import sample_workspace
from workbench.domain.edits import revise
from workbench.domain.systems import Entity, Field, FieldType, Relationship, SystemRole
from workbench.domain.validation import errors_only, validate_workspace
from workbench.domain.workspace import Workspace
from workbench.importers.model import Catalogue
from workbench.importers.plan import plan_import


def _catalogue(
    *entities: Entity, relationships: tuple[Relationship, ...] | None = None
) -> Catalogue:
    if relationships is None:  # the sample's S/4HANA relationships, as its metadata declares them
        system = sample_workspace().system("s4hana")
        assert system is not None
        names = {e.name for e in entities}
        relationships = tuple(
            r for r in system.relationships if r.parent in names and r.child in names
        )
    return Catalogue(entities=entities, relationships=relationships, vendor="SAP OData v2")


def _erp_from_sample() -> tuple[Workspace, tuple[Entity, ...]]:
    ws = sample_workspace()
    system = ws.system("s4hana")
    assert system is not None
    return ws, system.entities


def test_a_new_system_is_created_with_a_guessed_role() -> None:
    ws = Workspace(name="empty")
    entity = Entity(name="A_Product", fields=(Field(name="Product", key=True),))
    plan = plan_import(ws, "erp", _catalogue(entity))
    system = plan.after.system("erp")
    assert system is not None and system.role is SystemRole.ERP and system.vendor == "SAP"
    assert plan.diff.created_system and plan.diff.added_entities == ("A_Product",)
    assert plan.diff.summary() == "new system erp; 1 entity added"


def test_importing_what_is_there_changes_nothing() -> None:
    ws, entities = _erp_from_sample()
    plan = plan_import(ws, "s4hana", _catalogue(*entities))
    assert not plan.diff.has_changes and plan.diff.summary() == "no changes"
    assert plan.after is ws  # nothing to write


def test_added_changed_and_removed_fields() -> None:
    ws, entities = _erp_from_sample()
    order = next(e for e in entities if e.name == "A_SalesOrder")
    changed = revise(
        order,
        fields=(
            revise(order.fields[0], length=12, label="Sales Order"),
            order.fields[1],
            order.fields[2],
            Field(name="SalesOrderType", length=4),
        ),
    )
    others = [e for e in entities if e.name != "A_SalesOrder"]
    plan = plan_import(ws, "s4hana", _catalogue(changed, *others))
    diff = plan.diff
    assert diff.added_fields == ("A_SalesOrder.SalesOrderType",)
    (change,) = diff.changed_fields
    assert change.element == "A_SalesOrder.SalesOrder"
    assert change.details == ("label (none) -> Sales Order", "length 10 -> 12")
    assert diff.removed_fields == () and diff.kept == ()
    assert "  ~ field A_SalesOrder.SalesOrder: label (none) -> Sales Order; length 10 -> 12" in (
        diff.lines()
    )
    # What needs a look comes before what is only added.
    markers = [line.split()[0] for line in diff.lines()]
    assert markers.index("~") < markers.index("+"), markers


def test_a_removed_field_a_mapping_uses_is_kept_and_flagged() -> None:
    ws, entities = _erp_from_sample()
    customer = next(e for e in entities if e.name == "A_Customer")
    without = revise(customer, fields=(customer.fields[0],))  # CustomerName gone
    others = [e for e in entities if e.name != "A_Customer"]
    plan = plan_import(ws, "s4hana", _catalogue(without, *others))
    (kept,) = plan.diff.kept
    assert kept.element == "A_Customer.CustomerName"
    assert plan.diff.lines()[0].startswith("  ! kept A_Customer.CustomerName")
    assert any("field mapping to CustomerName" in use for use in kept.used_by)
    after = plan.after.entity("s4hana:A_Customer")
    assert after is not None and after.field("CustomerName") is not None
    assert errors_only(validate_workspace(plan.after)) == []


def test_a_removed_key_field_is_kept_and_an_unused_one_goes() -> None:
    ws, entities = _erp_from_sample()
    customer = next(e for e in entities if e.name == "A_Customer")
    only_name = revise(customer, fields=(customer.fields[1],))  # the key Customer is gone
    others = [e for e in entities if e.name != "A_Customer"]
    plan = plan_import(ws, "s4hana", _catalogue(only_name, *others))
    assert [k.element for k in plan.diff.kept] == ["A_Customer.Customer"]
    assert any("(key)" in use for use in plan.diff.kept[0].used_by)


def test_a_removed_entity_a_mapping_uses_is_kept() -> None:
    ws, entities = _erp_from_sample()
    plan = plan_import(ws, "s4hana", _catalogue(*[e for e in entities if e.name != "A_SalesOrder"]))
    assert [k.element for k in plan.diff.kept] == ["A_SalesOrder"]
    assert plan.diff.removed_entities == ()
    assert plan.after.entity("s4hana:A_SalesOrder") is not None


def test_unused_entities_are_removed_unless_kept_missing() -> None:
    ws, entities = _erp_from_sample()
    extra = Entity(name="A_Unused", fields=(Field(name="Id", key=True),))
    ws = plan_import(ws, "s4hana", _catalogue(*entities, extra)).after
    full = plan_import(ws, "s4hana", _catalogue(*entities))
    assert full.diff.removed_entities == ("A_Unused",)
    assert full.after.entity("s4hana:A_Unused") is None
    partial = plan_import(ws, "s4hana", _catalogue(entities[0]), keep_missing=True)
    assert not partial.diff.has_changes


def test_what_the_source_does_not_know_is_kept() -> None:
    ws, entities = _erp_from_sample()
    bare = [revise(e, kind="transaction", label="") for e in entities]
    plan = plan_import(ws, "s4hana", _catalogue(*bare))
    customer = plan.after.entity("s4hana:A_Customer")
    assert customer is not None and customer.kind == "master"  # the architect's correction
    assert not plan.diff.has_changes


def _curated_order() -> tuple[Workspace, Entity, Field]:
    """The sample with A_SalesOrder.SalesOrderType curated as a picklist and an external id,
    and the same field as OData metadata gives it: a plain string."""
    ws, entities = _erp_from_sample()
    order = next(e for e in entities if e.name == "A_SalesOrder")
    plain = Field(name="SalesOrderType", type=FieldType.STRING, length=4, label="Order Type")
    curated = plain.model_copy(
        update={"type": FieldType.PICKLIST, "picklist": ("OR", "CR"), "external_id": True}
    )
    order = revise(order, fields=(*order.fields, curated))
    system = ws.system("s4hana")
    assert system is not None
    entities = tuple(order if e.name == order.name else e for e in system.entities)
    return revise(ws, systems=(revise(system, entities=entities),)), order, plain


def test_what_odata_has_no_place_for_is_kept_on_a_re_import() -> None:
    from workbench.importers.edmx import NOT_IN_ODATA

    ws, order, plain = _curated_order()
    read = revise(order, fields=tuple(plain if f.name == plain.name else f for f in order.fields))
    catalogue = _catalogue(*_others(ws, read), read)
    from dataclasses import replace

    plan = plan_import(ws, "s4hana", replace(catalogue, not_carried=frozenset(NOT_IN_ODATA)))
    kept = plan.after.entity("s4hana:A_SalesOrder")
    assert kept is not None
    field = kept.field("SalesOrderType")
    assert field is not None
    assert (field.type, field.picklist, field.external_id) == (
        FieldType.PICKLIST,
        ("OR", "CR"),
        True,
    )
    assert not plan.diff.has_changes


def test_a_format_that_carries_an_attribute_may_clear_it() -> None:
    ws, order, plain = _curated_order()
    read = revise(order, fields=tuple(plain if f.name == plain.name else f for f in order.fields))
    plan = plan_import(ws, "s4hana", _catalogue(*_others(ws, read), read))  # says it all
    field = plan.after.entity("s4hana:A_SalesOrder")
    assert field is not None and field.field("SalesOrderType") == plain
    assert plan.diff.has_changes


def _others(ws: Workspace, entity: Entity) -> list[Entity]:
    system = ws.system("s4hana")
    assert system is not None
    return [e for e in system.entities if e.name != entity.name]


def test_relationships_to_entities_not_in_the_system_are_skipped_then_linked() -> None:
    quote = Entity(
        name="Quote",
        fields=(
            Field(name="Id", type=FieldType.ID, key=True),
            Field(name="AccountId", type=FieldType.REFERENCE, reference_to="Account"),
        ),
    )
    to_account = Relationship(
        name="Quote_AccountId", parent="Account", child="Quote", via_field="AccountId"
    )
    ws = Workspace(name="w")
    first = plan_import(ws, "crm", _catalogue(quote, relationships=(to_account,)))
    assert [s.element for s in first.diff.skipped_relationships] == ["Quote_AccountId"]
    account = Entity(name="Account", fields=(Field(name="Id", type=FieldType.ID, key=True),))
    second = plan_import(
        first.after, "crm", _catalogue(account, relationships=()), keep_missing=True
    )
    assert second.diff.added_relationships == ("Quote_AccountId",)
    system = second.after.system("crm")
    assert system is not None and system.relationships[0].parent == "Account"
    again = plan_import(
        second.after, "crm", _catalogue(quote, account, relationships=(to_account,))
    )
    assert not again.diff.has_changes


def test_a_relationship_the_model_names_otherwise_is_matched_not_added_again() -> None:
    """The model calls the quote's lines `QuoteLines`; the source generates the name
    `Line_QuoteId` for the same lookup. Re-imports added it a second time under that name."""
    quote = Entity(name="Quote", fields=(Field(name="Id", type=FieldType.ID, key=True),))
    line = Entity(
        name="Line",
        fields=(
            Field(name="Id", type=FieldType.ID, key=True),
            Field(name="QuoteId", type=FieldType.REFERENCE, reference_to="Quote"),
        ),
    )
    generated = Relationship(name="Line_QuoteId", parent="Quote", child="Line", via_field="QuoteId")
    first = plan_import(
        Workspace(name="w"), "crm", _catalogue(quote, line, relationships=(generated,))
    )
    system = first.after.system("crm")
    assert system is not None
    named = system.relationships[0].model_copy(
        update={"name": "QuoteLines", "description": "A quote's lines, in their order"}
    )
    ws = revise(first.after, systems=(revise(system, relationships=(named,)),))
    again = plan_import(ws, "crm", _catalogue(quote, line, relationships=(generated,)))
    assert not again.diff.has_changes, again.diff.lines()
    kept = again.after.system("crm")
    assert kept is not None and kept.relationships == (named,)


def test_the_lookups_of_entities_an_import_does_not_touch_are_left_alone() -> None:
    """Kept entities' reference fields made relationships on an import of other files."""
    account = Entity(name="Account", fields=(Field(name="Id", type=FieldType.ID, key=True),))
    user = Entity(name="User", fields=(Field(name="Id", type=FieldType.ID, key=True),))
    owned = Entity(
        name="Order",
        fields=(
            Field(name="Id", type=FieldType.ID, key=True),
            Field(name="OwnerId", type=FieldType.REFERENCE, reference_to="User"),
        ),
    )
    first = plan_import(Workspace(name="w"), "crm", _catalogue(user, owned, relationships=()))
    system = first.after.system("crm")
    assert system is not None
    ws = revise(first.after, systems=(revise(system, relationships=()),))
    other = plan_import(ws, "crm", _catalogue(account, relationships=()), keep_missing=True)
    assert other.diff.added_relationships == (), other.diff.lines()


names = st.from_regex(r"\A[A-Z][A-Za-z0-9]{0,8}\Z")
field_types = st.sampled_from(list(FieldType))


@st.composite
def catalogues(draw: st.DrawFn) -> Catalogue:
    entity_names = draw(st.lists(names, min_size=1, max_size=5, unique_by=str.casefold))
    entities = []
    for name in entity_names:
        field_names = draw(st.lists(names, min_size=1, max_size=6, unique=True))
        entities.append(
            Entity(
                name=name,
                label=draw(st.text(max_size=10)),
                fields=tuple(
                    Field(
                        name=f,
                        type=draw(field_types),
                        length=draw(st.none() | st.integers(0, 300)),
                        required=draw(st.booleans()),
                        key=i == 0,
                    )
                    for i, f in enumerate(field_names)
                ),
            )
        )
    return _catalogue(*entities, relationships=())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues(), catalogues())
def test_reimporting_is_idempotent_and_valid(first: Catalogue, second: Catalogue) -> None:
    ws = plan_import(Workspace(name="w"), "sys", first).after
    assert not plan_import(ws, "sys", first).diff.has_changes
    moved = plan_import(ws, "sys", second)
    assert errors_only(validate_workspace(moved.after)) == []
    assert not plan_import(moved.after, "sys", second).diff.has_changes
    system = moved.after.system("sys")
    assert system is not None
    assert {e.name for e in system.entities} == {e.name for e in second.entities}


def test_merged_files_keep_what_each_file_cannot_say_for_its_own_entities() -> None:
    from workbench.importers.csv_inventory import parse_csv
    from workbench.importers.model import merge

    with_picklist = parse_csv(
        "a.csv", b"entity,field,type,picklist\nInvoice,Status,picklist,open|paid\n"
    )
    without = parse_csv("b.csv", b"entity,field,type\nPayment,Method,string\n")
    merged = merge([with_picklist, without])
    assert "picklist" not in merged.not_carried_for("Invoice")  # its file has the column
    assert "picklist" in merged.not_carried_for("Payment")  # its file does not
