"""Shared building blocks of the domain model: the model base class and the name types.

Every model is frozen: edits produce new objects and untouched parts are shared between versions,
which keeps undo history cheap and lets the store diff by identity.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

SYSTEM_NAME_PATTERN = r"^[a-z][a-z0-9_-]{0,39}$"
"""System names are short lowercase slugs: they appear in file paths and entity references."""

IDENTIFIER_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]{0,127}$"
"""Entity and field API names: Salesforce API names and OData simple identifiers both fit."""

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
"""Ids of mappings, value maps, stakeholders and scenarios: they name the element's file."""

ENTITY_REF_PATTERN = r"^[a-z][a-z0-9_-]{0,39}:[A-Za-z_][A-Za-z0-9_]{0,127}$"
FIELD_REF_PATTERN = (
    r"^[a-z][a-z0-9_-]{0,39}:[A-Za-z_][A-Za-z0-9_]{0,127}\.[A-Za-z_][A-Za-z0-9_]{0,127}$"
)

MAX_PRICE = Decimal(10) ** 12
"""The largest unit price the model takes (a trillion in any currency, far above any real one):
with the largest quantity and unit factor, every amount the simulator works out stays inside
the 28 significant digits of decimal arithmetic, where a larger one would fail to round."""
MAX_QUANTITY = Decimal(10) ** 9
"""The largest quantity of an order line, an amendment or a bundle component per bundle."""
MAX_FACTOR = Decimal(10) ** 6
"""The largest unit conversion factor (a pallet of 48 cases of 12 is 576)."""

SystemName = Annotated[str, StringConstraints(pattern=SYSTEM_NAME_PATTERN)]
Identifier = Annotated[str, StringConstraints(pattern=IDENTIFIER_PATTERN)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
EntityRef = Annotated[str, StringConstraints(pattern=ENTITY_REF_PATTERN)]
"""A reference to an entity across systems, written ``system:ApiName`` (``salesforce:Account``)."""


def normalise_text(value: str) -> str:
    # One canonical form for free text: Unix newlines, no trailing blanks on lines, no surrounding
    # blank lines. Text typed in a form, a YAML file or a Markdown file then reads back identical.
    if "\n" not in value and "\r" not in value:
        return value.strip()
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def _normalise_label(value: str) -> str:
    # Printable text has no whitespace but plain spaces, so the common case needs no rebuilding.
    if value.isprintable() and "  " not in value and value[:1] != " " and value[-1:] != " ":
        return value
    return " ".join(value.split())


Text = Annotated[str, AfterValidator(normalise_text)]
"""Free text (descriptions, notes, rules written in words), stored in a canonical form."""

Label = Annotated[str, AfterValidator(_normalise_label)]
"""A one-line label or title: inner whitespace collapsed to single spaces."""


class Model(BaseModel):
    """Base of every domain model: immutable, strict about unknown keys, documented attributes."""

    # The strings under attributes document them; ``mirror.docstrings`` turns them into the JSON
    # Schema descriptions. (Pydantic's ``use_attribute_docstrings`` would read them on every
    # start, parsing each class's source, for text only the schemas show.)
    # ``defer_build``: a class's validator and serialiser are built when first used, not when
    # the class is made. Opening from the open cache validates nothing, so the first screen
    # does not wait for them; ``build_validators`` makes them all after it.
    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=False, defer_build=True)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        copied = super().model_copy(update=update, deep=deep)
        if update:
            # Lookups cached on the instance (``Workspace.index``, ``Entity.fields_by_name``)
            # describe the original's values: the copy builds its own when first used.
            values = copied.__dict__
            fields = type(self).__pydantic_fields__
            for name in [key for key in values if key not in fields]:
                del values[name]
        return copied

    def __getstate__(self) -> dict[Any, Any]:
        # A pickled model is its fields: lookups cached on the instance (``Workspace.index``)
        # are left out and built again when first used. The copy walks the class's fields, never
        # the instance's dict: a worker thread may cache a lookup on the instance meanwhile, and
        # pickle walking that dict as it grew failed on quitting ("dictionary changed size").
        state = super().__getstate__()
        values = state["__dict__"]
        fields = type(self).__pydantic_fields__
        return {**state, "__dict__": {name: values[name] for name in fields if name in values}}


def build_validators() -> int:
    """Build every domain model's validator and serialiser now (they are deferred, see
    ``Model``), so the first edit does not wait for them; returns how many were built."""
    built = 0
    pending: list[type[Model]] = [Model]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        # A model that cannot be built now is built (and fails) where it is first used.
        complete = cls is Model or cls.__pydantic_complete__
        if not complete and cls.model_rebuild(raise_errors=False):
            built += 1
    return built


class Side(StrEnum):
    """The two sides of the design: where quotes are made and where orders are fulfilled."""

    CRM = "crm"
    ERP = "erp"


def split_entity_ref(ref: str) -> tuple[str, str]:
    """Split ``system:ApiName`` into its two parts."""
    system, _, name = ref.partition(":")
    return system, name


def entity_ref(system: str, name: str) -> str:
    """Build the ``system:ApiName`` reference of an entity."""
    return f"{system}:{name}"


_SLUG_STRIP = re.compile(r"[^a-z0-9]+")
_SPELLED_OUT = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i"}
)
"""Letters that do not decompose into an ASCII letter and marks, as they are written in ASCII."""


def _ascii(text: str) -> str:
    """``text`` in ASCII letters where it has a plain equivalent (é is e, ß is ss, ü is u)."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_SPELLED_OUT))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def slugify(text: str, max_length: int = 60) -> str:
    """A file-name-safe slug of a title: lowercase ASCII letters, digits and single hyphens
    (accented letters as their plain ones, so "Größe der Aufträge" is ``grosse-der-auftrage``)."""
    slug = _SLUG_STRIP.sub("-", _ascii(text)).strip("-")
    if len(slug) > max_length:
        # Cut at a word boundary when there is one in reach, never in the middle of a word.
        cut = slug[: max_length + 1].rfind("-")
        slug = slug[:cut] if cut > 0 else slug[:max_length]
    return slug.rstrip("-") or "untitled"


def counted(count: int, noun: str) -> str:
    """``1 entity``, ``3 entities``: a count with its noun (plurals by -s, -y to -ies)."""
    if count == 1:
        return f"1 {noun}"
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{count} {plural}"


def decimal_text(value: Decimal) -> str:
    """All of a Decimal's digits, without trailing zeros or an exponent (``1E+2`` is ``100``,
    ``100.50`` is ``100.5``): one spelling per amount, for the mirror and for hashes alike."""
    # normalize() alone rounds to the context's 28 digits; with one as long as the number's own
    # digits it only drops trailing zeros.
    if not value.is_finite():
        return str(value)  # Infinity, NaN: the models refuse them, but they are spelt
    digits = len(value.as_tuple().digits)
    return format(value.normalize(Context(prec=digits, Emax=MAX_EMAX, Emin=MIN_EMIN)), "f")
