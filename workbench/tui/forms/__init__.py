"""The forms of the workbench: which fields each element has, and how a submitted form becomes an
edit. Every edit goes through the controller, so validation, the store and undo apply alike.

One module per family of elements; this package names them all.
"""

from __future__ import annotations

from .common import FieldError, submitter
from .mapping import mapping_form
from .mapping_lists import bundle_component_form, error_rule_form, field_mapping_form, key_form
from .scenarios import order_line_form, scenario_form
from .systems import entity_form, field_form, relationship_form, system_form
from .value_maps import ENTRY_HINT, format_entries, parse_entries, value_map_form

__all__ = [
    "ENTRY_HINT",
    "FieldError",
    "bundle_component_form",
    "entity_form",
    "error_rule_form",
    "field_form",
    "field_mapping_form",
    "format_entries",
    "key_form",
    "mapping_form",
    "order_line_form",
    "parse_entries",
    "relationship_form",
    "scenario_form",
    "submitter",
    "system_form",
    "value_map_form",
]
