"""A workspace whose every free-text field tries to break out of its format."""

from __future__ import annotations

import datetime as dt

from tests.factories import sample_workspace
from workbench.domain import Decision, Entity, Field, FieldMapping, Mapping, ValueMap, ValueMapEntry
from workbench.domain.workspace import Workspace

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x")'
SYNTAX = 'He said "quote" {brace} |pipe| `tick` [link](http://x) *star* # \\n'
HOSTILE_STRINGS = (SCRIPT, FORMULA, SYNTAX)


def hostile_workspace() -> Workspace:
    base = sample_workspace()
    crm, erp = base.systems
    crm = crm.model_copy(
        update={
            "label": SYNTAX,
            "entities": (
                *crm.entities,
                Entity(
                    name="Evil__c",
                    label=SCRIPT,
                    description=SYNTAX,
                    fields=(Field(name="Formula__c", label=FORMULA, native_type=SCRIPT),),
                ),
            ),
        }
    )
    erp = erp.model_copy(
        update={
            "entities": (
                *erp.entities,
                Entity(name="A_Evil", label=FORMULA, fields=(Field(name="Target", label=SYNTAX),)),
            )
        }
    )
    evil = Mapping(
        id="evil-mapping",
        title=SCRIPT,
        area="customer",
        source="salesforce:Evil__c",
        target="s4hana:A_Evil",
        cardinality="1:N",  # without a resolution rule: incomplete
        field_mappings=(
            FieldMapping(
                target="Target",
                source="Formula__c",
                transform=FORMULA,
                default="@SUM(A1:A9)",
                notes=SYNTAX,
            ),
            FieldMapping(target="Target", transform="-2+3", notes=SCRIPT),
        ),
        notes=SCRIPT,
    )
    value_map = ValueMap(
        id="evil-values",
        title=SYNTAX,
        entries=(ValueMapEntry(source=FORMULA, target="+1", note=SCRIPT),),
    )
    decision = Decision(
        number=99,
        title=SCRIPT,
        date=dt.date(2026, 1, 5),
        outcome=SYNTAX,
        links=("mapping:evil-mapping",),
        required_functions=("Finance",),
    )
    return base.model_copy(
        update={
            "title": SCRIPT,
            "description": SYNTAX,
            "systems": (crm, erp),
            "mappings": (*base.mappings, evil),
            "value_maps": (*base.value_maps, value_map),
            "decisions": (*base.decisions, decision),
        }
    )
