"""The mirror codec: a workspace to mirror files and back, with no file system involved.

``render`` gives byte-stable text for every element; ``parse`` reads it back losslessly and reports
every problem with the file and line it sits on. Both work on ``{relative path: bytes}`` so the
caller decides where bytes come from (a folder, a git tree, a test).
"""

from __future__ import annotations

from collections.abc import Mapping as MappingType
from collections.abc import Sized
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from ..domain.base import entity_ref, split_entity_ref
from ..domain.decisions import Decision
from ..domain.elements import ElementKey, elements
from ..domain.error_words import error_message
from ..domain.mappings import Mapping
from ..domain.masterdata import MasterData
from ..domain.reconciliation import ReconciliationMetric
from ..domain.reference import Stakeholder, ValueMap
from ..domain.revenue import ProductClass
from ..domain.scenarios import Scenario
from ..domain.suppressions import Suppression
from ..domain.systems import Entity, System
from ..domain.validation import ElementKind, Issue, Location, Severity, validate_workspace
from ..domain.workspace import Workspace
from ..perf import no_gc_pauses
from . import layout, madr, yamlio
from .plain import plain

FORMAT_VERSION = 1
"""Version of the mirror's file format, written to ``models/workspace.yaml``."""

Files = MappingType[str, bytes]


@dataclass(frozen=True)
class MirrorIssue:
    """A problem with the model, placed in the mirror file that holds it (line 0: unknown)."""

    severity: Severity
    element: str
    message: str
    file: str
    line: int

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity}: {self.element}: {self.message}"


@dataclass(frozen=True)
class ParseResult:
    workspace: Workspace | None
    """The parsed workspace; None when any file had an error."""
    issues: list[MirrorIssue]

    @property
    def errors(self) -> list[MirrorIssue]:
        return [issue for issue in self.issues if issue.severity is Severity.ERROR]


# -- render ----------------------------------------------------------------------------------


_NAME = frozenset({"name"})
_ID = frozenset({"id"})


def _dump_model(model: BaseModel, exclude: frozenset[str]) -> bytes:
    return yamlio.dump(plain(model, exclude)).encode("utf-8")


def render(workspace: Workspace) -> dict[str, bytes]:
    """Every mirror file of the workspace, keyed by relative path, in path order."""
    with no_gc_pauses():
        files = (file_of(key, value) for key, value in elements(workspace).items())
        return dict(sorted(found for found in files if found is not None))


def render_changed(before: Workspace, after: Workspace) -> dict[str, bytes | None]:
    """The mirror files that differ between two workspaces: new content, or None for a file
    that goes away. Elements the edit left untouched (the same objects) are not even rendered,
    so an edit of a large model costs what its own files cost."""
    old, new = elements(before), elements(after)
    changes: dict[str, bytes | None] = {}
    for key in old.keys() | new.keys():
        a, b = old.get(key), new.get(key)
        if a is b:
            continue
        old_file = file_of(key, a) if a is not None else None
        new_file = file_of(key, b) if b is not None else None
        if old_file == new_file:
            continue
        if old_file is not None and (new_file is None or new_file[0] != old_file[0]):
            changes[old_file[0]] = None
        if new_file is not None:
            changes[new_file[0]] = new_file[1]
    return dict(sorted(changes.items()))


def file_of(key: ElementKey, value: Any) -> tuple[str, bytes] | None:
    """The mirror file (path and bytes) that holds one element; None for an empty stakeholder
    list, which has no file."""
    kind = key[0]
    if kind == "workspace":
        name, title, description, rejected = value
        header = {"format": FORMAT_VERSION, "name": name}
        header.update({k: v for k, v in (("title", title), ("description", description)) if v})
        if rejected:
            header["rejected_suggestions"] = list(rejected)
        return layout.WORKSPACE_FILE, yamlio.dump(header).encode("utf-8")
    if kind == "stakeholders":
        if not value:
            return None
        return layout.STAKEHOLDERS_FILE, yamlio.dump([plain(p) for p in value]).encode("utf-8")
    if kind == "checks":
        if not value:
            return None
        document = {"suppressions": [plain(item) for item in value]}
        return layout.CHECKS_FILE, yamlio.dump(document).encode("utf-8")
    if kind == "system":
        return layout.system_file(value.name), _dump_model(value, frozenset({"name", "entities"}))
    if kind == "entity":
        system, name = split_entity_ref(key[1])
        return layout.entity_file(system, name), _dump_model(value, _NAME)
    if kind == "mapping":
        return layout.mapping_file(value.id), _dump_model(value, _ID)
    if kind == "value-map":
        return layout.value_map_file(value.id), _dump_model(value, _ID)
    if kind == "scenario":
        return layout.scenario_file(value.id), _dump_model(value, _ID)
    if kind == "product-class":
        return layout.product_class_file(value.id), _dump_model(value, _ID)
    if kind == "reconciliation":
        return layout.metric_file(value.id), _dump_model(value, _ID)
    if kind == "master-data":
        return layout.master_data_file(value.id), _dump_model(value, _ID)
    if kind == "decision":
        return layout.decision_file(value.number, value.title), madr.render(value).encode("utf-8")
    raise ValueError(f"no mirror file for {key}")


def canonical(workspace: Workspace) -> Workspace:
    """The workspace with its file-backed collections in mirror order (what a parse returns)."""
    systems = tuple(
        system.model_copy(update={"entities": tuple(sorted(system.entities, key=lambda e: e.name))})
        for system in sorted(workspace.systems, key=lambda s: s.name)
    )
    return workspace.model_copy(
        update={
            "systems": systems,
            "mappings": tuple(sorted(workspace.mappings, key=lambda m: m.id)),
            "value_maps": tuple(sorted(workspace.value_maps, key=lambda v: v.id)),
            "scenarios": tuple(sorted(workspace.scenarios, key=lambda s: s.id)),
            "decisions": tuple(sorted(workspace.decisions, key=lambda d: d.number)),
            "product_classes": tuple(sorted(workspace.product_classes, key=lambda p: p.id)),
            "reconciliation": tuple(sorted(workspace.reconciliation, key=lambda r: r.id)),
            "master_data": tuple(sorted(workspace.master_data, key=lambda d: d.id)),
        }
    )


# -- parse -----------------------------------------------------------------------------------


def _element_label(place: layout.Place) -> str:
    match place.kind:
        case ElementKind.WORKSPACE:
            return "workspace"
        case ElementKind.STAKEHOLDER:
            return "stakeholders"
        case ElementKind.CHECKS:
            return "check suppressions"
        case ElementKind.SYSTEM:
            return f"system {place.key[0]}"
        case ElementKind.ENTITY:
            return f"entity {place.key[0]}:{place.key[1]}"
        case ElementKind.DECISION:
            return f"decision {int(place.key[0]):04d}"
        case _:
            return f"{place.kind} {place.key[0]}"


def _errors(exc: ValidationError) -> list[Any]:
    """The errors of a file's content, without pydantic's follow-on ``too_short``."""
    errors = exc.errors(include_url=False)
    return [error for error in errors if not _is_follow_on(error, errors)]


def _is_follow_on(error: Any, errors: list[Any]) -> bool:
    # Pydantic counts only the items that validated, so a list whose one item is wrong is "too
    # short" as well. The list in the file is not when it has enough items, one of them wrong.
    if error["type"] != "too_short":
        return False
    given, loc = error["input"], tuple(error["loc"])
    if not isinstance(given, Sized) or len(given) < error["ctx"]["min_length"]:
        return False
    return any(len(o["loc"]) > len(loc) and tuple(o["loc"])[: len(loc)] == loc for o in errors)


def _format_error(error: Any, key_name: Any = str) -> tuple[tuple[Any, ...], str]:
    loc = tuple(error["loc"])
    dotted = "".join(f"[{p}]" if isinstance(p, int) else f".{key_name(p)}" for p in loc).lstrip(".")
    kind = error["type"]
    if kind == "extra_forbidden":
        return loc, f"unknown key {key_name(loc[-1])!r}" + (
            f" in {dotted.rsplit('.', 1)[0]}" if len(loc) > 1 else ""
        )
    if kind == "missing":
        return loc, f"missing required key {dotted!r}"
    return loc, f"{dotted}: {error_message(error)}" if dotted else error_message(error)


class _Parser:
    def __init__(self, files: Files) -> None:
        self.files = files
        self.issues: list[MirrorIssue] = []
        self.texts: dict[str, str] = {}

    def error(self, element: str, message: str, file: str, line: int) -> None:
        self.issues.append(MirrorIssue(Severity.ERROR, element, message, file, line))

    def load_yaml(self, path: str, element: str) -> Any:
        try:
            text = yamlio.decode(self.files[path])
            self.texts[path] = text
            return yamlio.load(text)
        except yamlio.YamlError as exc:
            self.error(element, exc.message, path, exc.line)
            return _FAILED

    def validate(
        self,
        model: type[BaseModel],
        data: Any,
        path: str,
        element: str,
        injected: dict[str, Any] | None = None,
    ) -> Any:
        if data is _FAILED:
            return None
        if not isinstance(data, dict):
            self.error(element, "expected a mapping of keys to values", path, 1)
            return None
        for key in injected or {}:
            if key in data:
                self.error(
                    element,
                    f"the {key} comes from the file name; remove the {key!r} key",
                    path,
                    yamlio.locate(self.texts[path], [key]),
                )
                return None
        try:
            return model.model_validate({**data, **(injected or {})})
        except ValidationError as exc:
            for error in _errors(exc):
                loc, message = _format_error(error)
                self.error(element, message, path, yamlio.locate(self.texts[path], loc))
            return None


class _Failed:
    pass


_FAILED = _Failed()


def parse(files: Files) -> ParseResult:
    """Read a workspace from mirror files; every problem comes back with its file and line."""
    with no_gc_pauses():
        return _parse(files)


def _parse(files: Files) -> ParseResult:
    parser = _Parser(files)
    header: dict[str, Any] | None = None
    stakeholders: list[Stakeholder] = []
    suppressions: list[Suppression] = []
    systems: dict[str, System] = {}
    entities: dict[str, list[Entity]] = {}
    collected: dict[ElementKind, list[Any]] = {kind: [] for kind in _ID_ELEMENTS}
    mappings: list[Mapping] = collected[ElementKind.MAPPING]
    value_maps: list[ValueMap] = collected[ElementKind.VALUE_MAP]
    scenarios: list[Scenario] = collected[ElementKind.SCENARIO]
    decisions: list[Decision] = []
    product_classes: list[ProductClass] = collected[ElementKind.PRODUCT_CLASS]
    metrics: list[ReconciliationMetric] = collected[ElementKind.RECONCILIATION]
    master_data: list[MasterData] = collected[ElementKind.MASTER_DATA]
    system_files: set[str] = set()

    for path in sorted(files):
        if not layout.is_mirror_candidate(path):
            continue
        place = layout.classify(path)
        if place is None:
            parser.error(
                "mirror",
                "this file is not part of the model layout (see docs/file-formats.md); move or "
                "rename it",
                path,
                0,
            )
            continue
        element = _element_label(place)
        if place.kind is ElementKind.DECISION:
            decision = _parse_decision(parser, path, int(place.key[0]), element)
            if decision is not None:
                decisions.append(decision)
            continue
        data = parser.load_yaml(path, element)
        match place.kind:
            case ElementKind.WORKSPACE:
                header = _parse_header(parser, data, path)
            case ElementKind.STAKEHOLDER:
                stakeholders = _parse_stakeholders(parser, data, path)
            case ElementKind.CHECKS:
                suppressions = _parse_checks(parser, data, path)
            case ElementKind.SYSTEM:
                system_files.add(place.key[0])
                if isinstance(data, dict) and "entities" in data:
                    parser.error(
                        element,
                        "entities belong in their own files under entities/, not in system.yaml",
                        path,
                        yamlio.locate(parser.texts[path], ["entities"]),
                    )
                elif system := parser.validate(System, data, path, element, {"name": place.key[0]}):
                    systems[place.key[0]] = system
            case ElementKind.ENTITY:
                if entity := _validate_element(parser, place, data, path, element):
                    entities.setdefault(place.key[0], []).append(entity)
            case kind if kind in _ID_ELEMENTS:
                if found := _validate_element(parser, place, data, path, element):
                    collected[kind].append(found)

    if header is None and layout.WORKSPACE_FILE not in files:
        parser.error(
            "workspace",
            "missing: every workspace has models/workspace.yaml",
            layout.WORKSPACE_FILE,
            0,
        )
    for system_name in sorted(set(entities) - system_files):
        parser.error(
            f"system {system_name}",
            f"entity files exist but {layout.system_file(system_name)} does not",
            layout.system_file(system_name),
            0,
        )
    if parser.issues or header is None:
        return ParseResult(None, parser.issues)

    workspace = Workspace.model_validate(
        {
            **header,
            "systems": tuple(
                systems[name].model_copy(
                    update={"entities": tuple(sorted(entities.get(name, ()), key=lambda e: e.name))}
                )
                for name in sorted(systems)
            ),
            "mappings": tuple(sorted(mappings, key=lambda m: m.id)),
            "value_maps": tuple(sorted(value_maps, key=lambda v: v.id)),
            "stakeholders": tuple(stakeholders),
            "decisions": tuple(sorted(decisions, key=lambda d: d.number)),
            "scenarios": tuple(sorted(scenarios, key=lambda s: s.id)),
            "product_classes": tuple(sorted(product_classes, key=lambda p: p.id)),
            "reconciliation": tuple(sorted(metrics, key=lambda r: r.id)),
            "master_data": tuple(sorted(master_data, key=lambda d: d.id)),
            "suppressions": tuple(suppressions),
        }
    )
    issues = [place_issue(issue, files) for issue in validate_workspace(workspace)]
    return ParseResult(
        None if any(i.severity is Severity.ERROR for i in issues) else workspace, issues
    )


_ID_ELEMENTS: dict[ElementKind, type[BaseModel]] = {
    ElementKind.MAPPING: Mapping,
    ElementKind.VALUE_MAP: ValueMap,
    ElementKind.SCENARIO: Scenario,
    ElementKind.PRODUCT_CLASS: ProductClass,
    ElementKind.RECONCILIATION: ReconciliationMetric,
    ElementKind.MASTER_DATA: MasterData,
}
"""The elements whose file name is their id (the id is not repeated inside the file)."""


def _validate_element(
    parser: _Parser, place: layout.Place, data: Any, path: str, element: str
) -> Any:
    """An entity or an id-named element from its file's YAML (None, with issues, if invalid)."""
    if place.kind is ElementKind.ENTITY:
        return parser.validate(Entity, data, path, element, {"name": place.key[1]})
    return parser.validate(_ID_ELEMENTS[place.kind], data, path, element, {"id": place.key[0]})


EDITABLE_AS_TEXT = frozenset(
    {ElementKind.STAKEHOLDER, ElementKind.SYSTEM, ElementKind.ENTITY, *_ID_ELEMENTS}
)
"""The elements ``parse_element_file`` reads: those in a YAML file of their own, and the list
of stakeholders (one file for all)."""


def element_key(place: layout.Place) -> ElementKey:
    """The key ``domain.elements`` knows the element of a mirror place by."""
    if place.kind is ElementKind.ENTITY:
        return ("entity", entity_ref(*place.key))
    if place.kind is ElementKind.STAKEHOLDER:
        return ("stakeholders",)
    return (place.kind.value, *place.key)


def parse_element_file(path: str, data: bytes) -> tuple[ElementKey, Any | None, list[MirrorIssue]]:
    """One element's mirror file on its own, as edited in the workbench's text editor: the
    element's key, the element (None when the file has errors) and the errors, with lines.

    Only the file's own content is checked here; references to other elements are checked by
    validating the workspace the element is put into. A system comes back without entities.
    """
    place = layout.classify(path)
    if place is None or place.kind not in EDITABLE_AS_TEXT:
        issue = MirrorIssue(
            Severity.ERROR, "mirror", "not a file that can be edited as text", path, 0
        )
        return ("mirror", path), None, [issue]
    parser = _Parser({path: data})
    element = _element_label(place)
    loaded = parser.load_yaml(path, element)
    value: Any
    if place.kind is ElementKind.STAKEHOLDER:
        value = tuple(_parse_stakeholders(parser, loaded, path))
    elif place.kind is ElementKind.SYSTEM:
        if isinstance(loaded, dict) and "entities" in loaded:
            parser.error(
                element,
                "entities belong in their own files under entities/, not in system.yaml",
                path,
                yamlio.locate(parser.texts[path], ["entities"]),
            )
            value = None
        else:
            value = parser.validate(System, loaded, path, element, {"name": place.key[0]})
    else:
        value = _validate_element(parser, place, loaded, path, element)
    return element_key(place), value if not parser.issues else None, parser.issues


def _parse_header(parser: _Parser, data: Any, path: str) -> dict[str, Any] | None:
    if data is _FAILED:
        return None
    if not isinstance(data, dict):
        parser.error("workspace", "expected a mapping of keys to values", path, 1)
        return None
    fmt = data.get("format")
    if fmt != FORMAT_VERSION:
        parser.error(
            "workspace",
            f"format {fmt if isinstance(fmt, Decimal) else repr(fmt)} is not supported by this "
            f"release (it reads format {FORMAT_VERSION})",
            path,
            yamlio.locate(parser.texts[path], ["format"]),
        )
        return None
    fields = {k: v for k, v in data.items() if k != "format"}
    bare = parser.validate(Workspace, fields, path, "workspace")
    if bare is None:
        return None
    return bare.model_dump(  # type: ignore[no-any-return]
        include={"name", "title", "description", "rejected_suggestions"}
    )


def _parse_stakeholders(parser: _Parser, data: Any, path: str) -> list[Stakeholder]:
    if data is _FAILED:
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        parser.error("stakeholders", "expected a list of stakeholders", path, 1)
        return []
    people = []
    for position, item in enumerate(data):
        try:
            people.append(Stakeholder.model_validate(item))
        except ValidationError as exc:
            for error in _errors(exc):
                loc, message = _format_error(error)
                parser.error(
                    f"stakeholder {position + 1}",
                    message,
                    path,
                    yamlio.locate(parser.texts[path], (position, *loc)),
                )
    return people


def _parse_checks(parser: _Parser, data: Any, path: str) -> list[Suppression]:
    if data is _FAILED or data is None:
        return []
    if not isinstance(data, dict):
        parser.error("check suppressions", "expected a mapping with a 'suppressions' list", path, 1)
        return []
    unknown = sorted(set(data) - {"suppressions"})
    if unknown:
        parser.error(
            "check suppressions",
            f"unknown key {unknown[0]!r}",
            path,
            yamlio.locate(parser.texts[path], [unknown[0]]),
        )
        return []
    items = data.get("suppressions") or []
    if not isinstance(items, list):
        parser.error(
            "check suppressions",
            "suppressions: expected a list",
            path,
            yamlio.locate(parser.texts[path], ["suppressions"]),
        )
        return []
    found = []
    for position, item in enumerate(items):
        try:
            found.append(Suppression.model_validate(item))
        except ValidationError as exc:
            for error in _errors(exc):
                loc, message = _format_error(error)
                parser.error(
                    f"check suppression {position + 1}",
                    message,
                    path,
                    yamlio.locate(parser.texts[path], ("suppressions", position, *loc)),
                )
    return found


def _parse_decision(parser: _Parser, path: str, number: int, element: str) -> Decision | None:
    try:
        text = yamlio.decode(parser.files[path])
        parser.texts[path] = text
        front, offset, body = madr.split(text)
    except (yamlio.YamlError, madr.MadrError) as exc:
        parser.error(element, exc.message, path, exc.line)
        return None
    unknown_body = {key for key in body if key in front}
    if unknown_body:
        key = sorted(unknown_body)[0]
        parser.error(
            element,
            f"{madr.front_matter_key(key)!r} belongs in the body, not the front matter",
            path,
            offset,
        )
        return None
    front_text = madr.front_matter_text(text)
    try:
        return Decision.model_validate({**front, **body, "number": number})
    except ValidationError as exc:
        for error in _errors(exc):
            loc, message = _format_error(error, madr.front_matter_key)
            if loc and loc[0] in body:
                line = 0
            else:
                key_path = [madr.front_matter_key(p) if isinstance(p, str) else p for p in loc]
                line = yamlio.locate(front_text, key_path) + 1
            parser.error(element, message, path, line)
        return None


def parse_decision_file(path: str, data: bytes) -> tuple[Decision | None, list[MirrorIssue]]:
    """One decision file on its own (no cross-references checked): what ``decisions verify``
    reads to compare a file's sign-off log with the database's."""
    place = layout.classify(path)
    if place is None or place.kind is not ElementKind.DECISION:
        issue = MirrorIssue(Severity.ERROR, "mirror", "not a decision file", path, 0)
        return None, [issue]
    parser = _Parser({path: data})
    decision = _parse_decision(parser, path, int(place.key[0]), _element_label(place))
    return decision, parser.issues


def place_issues(workspace: Workspace) -> list[MirrorIssue]:
    """What validation finds in ``workspace``, each in the file (and line) its rendering puts the
    element in."""
    files = render(workspace)
    return [place_issue(issue, files) for issue in validate_workspace(workspace)]


def place_issue(issue: Issue, files: Files) -> MirrorIssue:
    """Put a domain issue in the mirror file (and line) holding its element."""
    file, line = locate_issue(issue.location, files)
    return MirrorIssue(issue.severity, issue.element, issue.message, file, line)


def locate_issue(location: Location, files: Files) -> tuple[str, int]:
    kind, key, path = location.kind, location.key, list(location.path)
    match kind:
        case ElementKind.WORKSPACE:
            file = layout.WORKSPACE_FILE
        case ElementKind.STAKEHOLDER:
            file, path = layout.STAKEHOLDERS_FILE, [int(key[0]), *path]
        case ElementKind.CHECKS:
            file = layout.CHECKS_FILE
        case ElementKind.SYSTEM:
            file = layout.system_file(key[0])
        case ElementKind.ENTITY:
            file = layout.entity_file(key[0], key[1])
        case ElementKind.MAPPING:
            file = layout.mapping_file(key[0])
        case ElementKind.VALUE_MAP:
            file = layout.value_map_file(key[0])
        case ElementKind.SCENARIO:
            file = layout.scenario_file(key[0])
        case ElementKind.PRODUCT_CLASS:
            file = layout.product_class_file(key[0])
        case ElementKind.RECONCILIATION:
            file = layout.metric_file(key[0])
        case ElementKind.MASTER_DATA:
            file = layout.master_data_file(key[0])
        case ElementKind.DECISION:
            prefix = f"{layout.DECISIONS_DIR}/{int(key[0]):04d}-"
            file = next((p for p in sorted(files) if p.startswith(prefix)), f"{prefix}.md")
            if file not in files:
                return file, 0
            front = madr.front_matter_text(files[file].decode("utf-8", errors="replace"))
            key_path = [madr.front_matter_key(p) if isinstance(p, str) else p for p in path]
            return file, yamlio.locate(front, key_path) + 1
    if file not in files:
        return file, 0
    text = files[file].decode("utf-8", errors="replace")
    return file, yamlio.locate(text, path)
