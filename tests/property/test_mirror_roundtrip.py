"""Property: any valid workspace survives render -> parse unchanged, and rendering is stable."""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.domain import (
    BillingFrequency,
    BillingRule,
    BillingTiming,
    Decision,
    Entity,
    ErrorRule,
    Field,
    FieldMapping,
    JoinKey,
    KeyXref,
    Layer,
    Mapping,
    Measure,
    MetricKind,
    ProductClass,
    RecognitionMethod,
    RecognitionRule,
    ReconciliationMetric,
    Relationship,
    ResolutionRule,
    SignOff,
    SpreadBasis,
    Stakeholder,
    Sync,
    System,
    ValueMap,
    ValueMapEntry,
    Workspace,
    validate_workspace,
)
from workbench.domain.mappings import BundleComponent
from workbench.domain.masterdata import (
    BundleDefinition,
    CrmAccount,
    CrmProduct,
    ErpCustomer,
    ErpItem,
    Flow,
    MasterData,
    SalesOrganization,
)
from workbench.domain.validation import errors_only
from workbench.mirror import canonical, parse, render

# Any text a person could type or paste: all of Unicode except surrogates (not encodable).
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
words = st.text(string.ascii_letters + string.digits + " -_.:#*'\"!?&<>{}[]|", max_size=30)
identifier = st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_]{0,15}\Z")
slug = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,15}\Z")
system_name = st.from_regex(r"\A[a-z][a-z0-9_-]{0,10}\Z")
# Amounts as people type them, and ones with more digits than a float holds (which must read
# back exactly, not rounded to 17 significant digits), all within the model's bounds (the
# smallest of them, a unit factor's: see workbench.domain.base).
decimal = st.decimals(min_value=Decimal("0.001"), max_value=Decimal(10**6), places=3) | st.decimals(
    min_value=Decimal("1e-20"), max_value=Decimal(10**5), places=20
)
shares = [Decimal("0.5"), Decimal(1), Decimal("0.3333333333333333334"), Decimal("1e-20")]


@st.composite
def fields(draw: Any) -> tuple[Field, ...]:
    names = draw(st.lists(identifier, min_size=1, max_size=5, unique_by=str.casefold))
    return tuple(
        Field(
            name=name,
            label=draw(text),
            type=draw(st.sampled_from(["string", "decimal", "picklist", "date", "id"])),
            length=draw(st.none() | st.integers(0, 5000)),
            required=draw(st.booleans()),
            key=draw(st.booleans()),
            picklist=tuple(draw(st.lists(text, max_size=3))),
            description=draw(text),
        )
        for name in names
    )


@st.composite
def systems(draw: Any) -> tuple[System, ...]:
    names = draw(st.lists(system_name, min_size=2, max_size=3, unique=True))
    result = []
    for index, name in enumerate(names):
        entity_names = draw(st.lists(identifier, min_size=1, max_size=4, unique_by=str.casefold))
        entities = tuple(
            Entity(
                name=e,
                label=draw(text),
                kind=draw(st.sampled_from(["master", "transaction", "reference"])),
                description=draw(text),
                fields=draw(fields()),
            )
            for e in entity_names
        )
        relationships: tuple[Relationship, ...] = ()
        if len(entities) > 1:
            relationships = (
                Relationship(
                    name="rel",
                    parent=entities[0].name,
                    child=entities[1].name,
                    via_field=entities[1].fields[0].name,
                    kind=draw(st.sampled_from(["lookup", "composition"])),
                    description=draw(text),
                ),
            )
        result.append(
            System(
                name=name,
                label=draw(text),
                role="crm" if index == 0 else draw(st.sampled_from(["erp", "billing", "other"])),
                vendor=draw(words),
                description=draw(text),
                entities=entities,
                relationships=relationships,
            )
        )
    return tuple(result)


def _marked_once(entries: Iterable[ValueMapEntry]) -> tuple[ValueMapEntry, ...]:
    """The entries with at most one marked to come back as per target value (a valid map)."""
    marked: set[str] = set()
    kept = []
    for entry in entries:
        again = entry.reverse and entry.target in marked
        kept.append(entry.model_copy(update={"reverse": False}) if again else entry)
        if entry.reverse:
            marked.add(entry.target)
    return tuple(kept)


@st.composite
def workspaces(draw: Any) -> Workspace:
    found = draw(systems())
    source_system, target_system = found[0], found[1]
    value_maps = tuple(
        ValueMap(
            id=vm_id,
            title=draw(text),
            entries=_marked_once(
                ValueMapEntry(
                    source=s,
                    target=draw(text),
                    factor=draw(st.none() | decimal),
                    reverse=draw(st.booleans()),
                )
                for s in draw(st.lists(text, max_size=4, unique=True))
            ),
            default=draw(st.none() | text),
        )
        for vm_id in draw(st.lists(slug, max_size=2, unique=True))
    )
    mappings = []
    for mapping_id in draw(st.lists(slug, max_size=4, unique=True)):
        source = draw(st.sampled_from(source_system.entities))
        target = draw(st.sampled_from(target_system.entities))
        cardinality = draw(st.sampled_from(["1:1", "1:N", "N:1", "N:M", "none"]))
        if cardinality == "none":
            mappings.append(
                Mapping(
                    id=mapping_id,
                    source=f"{source_system.name}:{source.name}",
                    cardinality="none",
                    reason=draw(text),
                )
            )
            continue
        targets = draw(
            st.lists(st.sampled_from(target.fields), max_size=3, unique_by=lambda f: f.name)
        )
        mappings.append(
            Mapping(
                id=mapping_id,
                title=draw(text),
                source=f"{source_system.name}:{source.name}",
                target=f"{target_system.name}:{target.name}",
                cardinality=cardinality,
                system_of_record=draw(
                    st.sampled_from([None, source_system.name, target_system.name])
                ),
                sync=draw(st.none() | st.builds(Sync, schedule=words, event=text)),
                resolution=draw(
                    st.none()
                    | st.builds(
                        ResolutionRule,
                        match_on=st.lists(identifier, max_size=2).map(tuple),
                        description=text,
                    )
                ),
                keys=(
                    KeyXref(source_field=source.fields[0].name, target_field=target.fields[0].name),
                ),
                field_mappings=tuple(
                    FieldMapping(
                        target=t.name,
                        source=draw(st.sampled_from([None, *(f.name for f in source.fields)])),
                        transform=draw(text),
                        value_map=draw(st.sampled_from([None, *(v.id for v in value_maps)])),
                        default=draw(st.none() | text),
                        required=draw(st.booleans()),
                    )
                    for t in targets
                ),
                error_policy=tuple(
                    draw(
                        st.lists(
                            st.builds(
                                ErrorRule,
                                failure=words,
                                route=text,
                                notify=st.lists(text, max_size=2).map(tuple),
                                resolution=text,
                                correction=text,
                            ),
                            max_size=2,
                            unique_by=lambda rule: rule.failure,  # one rule per failure
                        )
                    )
                ),
                status=draw(st.sampled_from(["draft", "proposed", "agreed"])),
                notes=draw(text),
            )
        )
    stakeholders = tuple(
        Stakeholder(
            id=s,
            name=draw(text),
            function=draw(st.sampled_from(["Sales", "IT", "Finance", "Operations"])),
            title=draw(text),
        )
        for s in draw(st.lists(slug, max_size=3, unique=True))
    )
    decisions = []
    for number in draw(st.lists(st.integers(1, 9999), max_size=3, unique=True)):
        bullet = text.filter(lambda t: bool(" ".join(t.split())))
        signoffs = ()
        if stakeholders and draw(st.booleans()):
            signoffs = (
                SignOff(
                    stakeholder=stakeholders[0].id,
                    function=stakeholders[0].function,
                    verdict=draw(st.sampled_from(["approved", "rejected"])),
                    comment=draw(text),
                    recorded_by=draw(words.filter(lambda t: bool(t.strip()))),
                    recorded_at=draw(
                        st.datetimes(
                            min_value=dt.datetime(2000, 1, 1),
                            max_value=dt.datetime(2100, 1, 1),
                            timezones=st.just(dt.UTC),
                        )
                    ),
                    content_hash="c" * 64,
                    hash=draw(st.from_regex(r"\A[0-9a-f]{64}\Z")),
                ),
            )
        decisions.append(
            Decision(
                number=number,
                title=draw(bullet),
                status=draw(st.sampled_from(["proposed", "accepted", "rejected"])),
                date=draw(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1))),
                decision_makers=tuple(s.id for s in stakeholders[:1]),
                consulted=tuple(draw(st.lists(bullet, max_size=2))),
                required_functions=tuple(
                    draw(
                        st.lists(
                            st.sampled_from(["Sales", "IT", "Finance"]), max_size=2, unique=True
                        )
                    )
                ),
                links=tuple(f"mapping:{m.id}" for m in mappings[:1]),
                context=draw(
                    text
                    | st.sampled_from(
                        [
                            "## Decision Drivers",
                            "a\n\\## Considered Options\nb",
                            "### Consequences\n* x",
                        ]
                    )
                ),
                drivers=tuple(draw(st.lists(bullet, max_size=3))),
                options=tuple(draw(st.lists(bullet, max_size=3))),
                outcome=draw(text),
                consequences=tuple(draw(st.lists(bullet, max_size=2))),
                more_information=draw(text),
                signoffs=signoffs,
            )
        )
    return Workspace(
        name=draw(slug),
        title=draw(text),
        description=draw(text),
        systems=found,
        mappings=tuple(mappings),
        value_maps=value_maps,
        stakeholders=stakeholders,
        decisions=tuple(decisions),
        product_classes=tuple(
            ProductClass(
                id=class_id,
                title=draw(text),
                applies_to=draw(text),
                billing=draw(
                    st.none()
                    | st.builds(
                        BillingRule,
                        system=st.sampled_from([None, source_system.name, target_system.name]),
                        timing=st.sampled_from(list(BillingTiming)),
                        frequency=st.none() | st.sampled_from(list(BillingFrequency)),
                        description=text,
                    )
                ),
                recognition=draw(
                    st.none()
                    | st.builds(
                        RecognitionRule,
                        system=st.sampled_from([None, target_system.name]),
                        method=st.just(RecognitionMethod.RATABLE),
                        basis=st.none() | st.sampled_from(list(SpreadBasis)),
                        description=text,
                    )
                ),
            )
            for class_id in draw(st.lists(slug, max_size=3, unique=True))
        ),
        reconciliation=tuple(
            ReconciliationMetric(
                id=metric_id,
                kind=draw(st.sampled_from(list(MetricKind))),
                description=draw(text),
                measures=tuple(
                    Measure(layer=layer, expression=draw(text))
                    for layer in draw(st.lists(st.sampled_from(list(Layer)), max_size=3))
                ),
                join_keys=tuple(
                    JoinKey(integration=draw(words), description=draw(text))
                    for _ in range(draw(st.integers(0, 2)))
                ),
                frequency=draw(words),
                tolerance=draw(words),
                notify=tuple(draw(st.lists(words.filter(str.strip), max_size=2))),
            )
            for metric_id in draw(st.lists(slug, max_size=2, unique=True))
        ),
        rejected_suggestions=tuple(
            dict.fromkeys(
                draw(
                    st.lists(
                        st.builds(lambda a, b: f"crm:{a} -> erp:{b}", identifier, identifier),
                        max_size=3,
                    )
                )
            )
        ),
        master_data=draw(master_data_sets(tuple(m.id for m in mappings))),
    )


code = st.from_regex(r"[A-Z][A-Z0-9-]{0,8}", fullmatch=True)


@st.composite
def master_data_sets(draw: Any, mapping_ids: tuple[str, ...]) -> tuple[MasterData, ...]:
    """Master data sets whose references hold (accounts of customers, bundle components)."""
    found = []
    for set_id in draw(st.lists(slug, max_size=2, unique=True)):
        accounts = tuple(
            CrmAccount(id=name, name=draw(text))
            for name in draw(st.lists(code, min_size=1, max_size=3, unique=True))
        )
        codes = draw(st.lists(code, min_size=1, max_size=4, unique=True))
        products = tuple(
            CrmProduct(
                code=product,
                name=draw(text),
                bundle=index == 0 and draw(st.booleans()),
                unit=draw(words.filter(str.strip)),
                list_price=draw(st.none() | decimal),
            )
            for index, product in enumerate(codes)
        )
        bundles = (
            (
                BundleDefinition(
                    product=products[0].code,
                    components=tuple(
                        BundleComponent(
                            product=component,
                            quantity=draw(decimal.filter(lambda d: d > 0)),
                            share=draw(st.none() | st.sampled_from(shares)),
                            optional=draw(st.booleans()),
                        )
                        for component in codes[1:] or codes
                    ),
                ),
            )
            if products[0].bundle
            else ()
        )
        found.append(
            MasterData(
                id=set_id,
                title=draw(text),
                description=draw(text),
                flow=Flow(order=draw(st.none() | st.sampled_from(mapping_ids or (None,)))),
                accounts=accounts,
                products=products,
                customers=tuple(
                    ErpCustomer(
                        id=customer,
                        account=draw(st.sampled_from(accounts)).id,
                        legal_entity=draw(words),
                        bill_to=draw(text),
                        order_block=draw(st.booleans()),
                    )
                    for customer in draw(st.lists(code, max_size=3, unique=True))
                ),
                items=tuple(
                    ErpItem(
                        material=material,
                        base_unit=draw(words),
                        units=tuple(draw(st.lists(words.filter(str.strip), max_size=2))),
                        tax_classification=draw(words),
                        plants=tuple(draw(st.lists(code, max_size=2))),
                    )
                    for material in draw(st.lists(st.sampled_from(codes), unique=True))
                ),
                sales_organizations=tuple(
                    SalesOrganization(
                        id=org, legal_entity=draw(text), currency="EUR", currencies=("JPY",)
                    )
                    for org in draw(st.lists(code, max_size=2, unique=True))
                ),
                bundles=bundles,
            )
        )
    return tuple(found)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(workspaces())
def test_render_parse_round_trip(workspace: Workspace) -> None:
    assert errors_only(validate_workspace(workspace)) == []
    files = render(workspace)
    result = parse(files)
    assert [str(i) for i in result.errors] == []
    assert result.workspace == canonical(workspace)
    assert render(result.workspace) == files
