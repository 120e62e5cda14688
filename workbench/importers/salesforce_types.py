"""Salesforce field types (Metadata API and REST describe spellings) to the domain's FieldType."""

from __future__ import annotations

from ..domain.systems import FieldType

METADATA_TYPES: dict[str, FieldType] = {
    "AutoNumber": FieldType.STRING,
    "Checkbox": FieldType.BOOLEAN,
    "Currency": FieldType.DECIMAL,
    "Date": FieldType.DATE,
    "DateTime": FieldType.DATETIME,
    "Time": FieldType.TIME,
    "Email": FieldType.STRING,
    "EncryptedText": FieldType.STRING,
    "ExternalLookup": FieldType.REFERENCE,
    "Hierarchy": FieldType.REFERENCE,
    "Html": FieldType.TEXT,
    "IndirectLookup": FieldType.REFERENCE,
    "Location": FieldType.OTHER,
    "LongTextArea": FieldType.TEXT,
    "Lookup": FieldType.REFERENCE,
    "MasterDetail": FieldType.REFERENCE,
    "MetadataRelationship": FieldType.REFERENCE,
    "MultiselectPicklist": FieldType.MULTIPICKLIST,
    "Number": FieldType.DECIMAL,
    "Percent": FieldType.DECIMAL,
    "Phone": FieldType.STRING,
    "Picklist": FieldType.PICKLIST,
    "Summary": FieldType.DECIMAL,
    "Text": FieldType.STRING,
    "TextArea": FieldType.TEXT,
    "Url": FieldType.STRING,
}
"""``<type>`` of a CustomField in SFDX source."""

RELATIONSHIP_TYPES = frozenset(
    {"Lookup", "MasterDetail", "Hierarchy", "ExternalLookup", "IndirectLookup"}
)

DESCRIBE_TYPES: dict[str, FieldType] = {
    "id": FieldType.ID,
    "string": FieldType.STRING,
    "encryptedstring": FieldType.STRING,
    "email": FieldType.STRING,
    "phone": FieldType.STRING,
    "url": FieldType.STRING,
    "textarea": FieldType.TEXT,
    "boolean": FieldType.BOOLEAN,
    "int": FieldType.INTEGER,
    "long": FieldType.INTEGER,
    "double": FieldType.DECIMAL,
    "currency": FieldType.DECIMAL,
    "percent": FieldType.DECIMAL,
    "date": FieldType.DATE,
    "datetime": FieldType.DATETIME,
    "time": FieldType.TIME,
    "picklist": FieldType.PICKLIST,
    "combobox": FieldType.PICKLIST,
    "multipicklist": FieldType.MULTIPICKLIST,
    "reference": FieldType.REFERENCE,
    "base64": FieldType.BINARY,
    "address": FieldType.OTHER,
    "location": FieldType.OTHER,
    "anyType": FieldType.OTHER,
    "complexvalue": FieldType.OTHER,
}
"""``type`` of a field in REST describe output."""


def metadata_type(native: str, scale: int | None) -> FieldType:
    """A Number without decimals holds whole numbers."""
    found = METADATA_TYPES.get(native, FieldType.OTHER)
    if native == "Number" and scale == 0:
        return FieldType.INTEGER
    return found
