"""Reading untrusted XML: only through defusedxml, with DTDs, entities and external references
refused, and every failure turned into an ``ImportFailure`` that names the file."""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml import ExternalReferenceForbidden as ExternalForbidden
from defusedxml.ElementTree import fromstring

from .model import ImportFailure, check_size


def parse_xml(source: str, data: bytes) -> Element:
    """The root element of ``data``. Refuses DTDs (so no entity expansion and no external
    entities can happen), oversized input and anything that is not well-formed XML."""
    check_size(source, data)
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DTDForbidden:
        raise ImportFailure(
            source, "the XML declares a DTD, which metadata never needs; refused for safety"
        ) from None
    except EntitiesForbidden:
        raise ImportFailure(
            source, "the XML declares entities (an entity-expansion attack?); refused"
        ) from None
    except ExternalForbidden:
        raise ImportFailure(
            source, "the XML refers to an external entity or file; refused for safety"
        ) from None
    except DefusedXmlException as exc:
        raise ImportFailure(source, f"unsafe XML refused: {exc}") from None
    except ParseError as exc:
        line, column = exc.position
        raise ImportFailure(
            source, f"line {line}, column {column + 1}: not well-formed XML ({_reason(exc)})"
        ) from None


def _reason(exc: ParseError) -> str:
    return str(exc).split(":", 1)[0]


def local(tag: str) -> str:
    """The tag without its namespace (``{http://...}EntityType`` -> ``EntityType``): OData v2 has
    several schema namespaces in the wild and the parsers accept them all."""
    return tag.rsplit("}", 1)[-1]


def children(element: Element, name: str) -> list[Element]:
    return [child for child in element if local(child.tag) == name]


def child(element: Element, name: str) -> Element | None:
    for candidate in element:
        if local(candidate.tag) == name:
            return candidate
    return None


def text_of(element: Element, name: str) -> str:
    found = child(element, name)
    return (found.text or "").strip() if found is not None else ""


def attr(element: Element, name: str) -> str:
    """An attribute by local name, whatever namespace prefix it carries (``sap:label``)."""
    value = element.get(name)
    if value is not None:
        return value
    for key, found in element.attrib.items():
        if key.endswith("}" + name):
            return found
    return ""
