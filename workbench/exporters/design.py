"""The integration design document's content, built from the model (and what other features
hand in through ``DocumentExtras``). Markdown and HTML render the same ``Document``."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ..domain.base import Side, entity_ref
from ..domain.decisions import Decision, DecisionStatus, SignOff, Verdict
from ..domain.mappings import Area, Mapping, MappingStatus, describe_sync
from ..domain.revenue import BillingTiming, ProductClass, RecognitionEvent, RecognitionMethod
from ..domain.signoffs import SignOffState
from ..domain.validation import Severity
from ..domain.workspace import Workspace
from .diagram import incomplete_mappings, model_issues
from .document import Bullets, Cell, Code, Document, Facts, Figure, Inline, Strong, Table, Tag, Tone
from .extras import DocumentExtras, ScenarioRow
from .memo import last_result
from .spec import describe_amendment, open_issues, value_map_users

MAP_FIGURE = "map"
"""Key of the whole cross-system map; area figures are ``area:<section anchor>``."""

AREA_SECTIONS: tuple[tuple[str, str, tuple[Area, ...], str], ...] = (
    (
        "customer-master",
        "Customer-master strategy",
        (Area.CUSTOMER,),
        "Which system owns customers, how a CRM account finds the ERP customer an order lands on, "
        "and what happens when none or several match.",
    ),
    (
        "product-master",
        "Product-master strategy",
        (Area.PRODUCT, Area.PRICING),
        "Which system owns products and prices, and what the CRM may sell.",
    ),
    (
        "order-split",
        "Order split and fulfilment",
        (Area.QUOTE, Area.ORDER, Area.FULFILMENT),
        "How an activated order becomes ERP sales documents: which lines travel together, and "
        "how fulfilment reports back.",
    ),
    (
        "bundles",
        "Bundles",
        (Area.BUNDLE,),
        "How a CPQ bundle becomes ERP lines and how its price is spread over the components.",
    ),
)
AMENDMENT_SECTION = (
    "amendment-flow",
    "Amendment flow",
    (Area.AMENDMENT, Area.CONTRACT),
    "How an amended contract reaches the ERP order without rewriting what was already invoiced.",
)
BILLING_AREAS = (Area.BILLING, Area.RECOGNITION)
_COVERED = {a for s in (*AREA_SECTIONS, AMENDMENT_SECTION) for a in s[2]} | set(BILLING_AREAS)

_SECTION_HEADING = re.compile(r"^#{2,3} (.+)$")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
"""A blank line between two paragraphs of user text."""

_STATUS_TONE = {
    MappingStatus.AGREED: Tone.GOOD,
    MappingStatus.PROPOSED: Tone.WARN,
    MappingStatus.DRAFT: Tone.NEUTRAL,
}
_DECISION_TONE = {
    DecisionStatus.ACCEPTED: Tone.GOOD,
    DecisionStatus.PROPOSED: Tone.WARN,
    DecisionStatus.REJECTED: Tone.BAD,
}
_SIGNOFF_TONE = {
    SignOffState.APPROVED: Tone.GOOD,
    SignOffState.REJECTED: Tone.BAD,
    SignOffState.STALE: Tone.WARN,
    SignOffState.MISSING: Tone.BAD,
}
_STALE_REJECTION = "rejected (stale)"
_TALLY = [
    (SignOffState.APPROVED.value, _SIGNOFF_TONE[SignOffState.APPROVED]),
    (SignOffState.REJECTED.value, _SIGNOFF_TONE[SignOffState.REJECTED]),
    (_STALE_REJECTION, _SIGNOFF_TONE[SignOffState.REJECTED]),  # a "no" on record, if dated
    (SignOffState.STALE.value, _SIGNOFF_TONE[SignOffState.STALE]),
    (SignOffState.MISSING.value, _SIGNOFF_TONE[SignOffState.MISSING]),
]
"""The order and tone of the states a summary counts sign-offs by."""
_RESULT_TONE = {"pass": Tone.GOOD, "passed": Tone.GOOD, "fail": Tone.BAD, "failed": Tone.BAD}


_EVENT_ORDER = {
    BillingTiming.AT_ORDER: 0,
    BillingTiming.AT_SHIPMENT: 1,
    BillingTiming.AT_ACCEPTANCE: 2,
    RecognitionEvent.ORDER: 0,
    RecognitionEvent.SHIPMENT: 1,
    RecognitionEvent.SERVICE_START: 1,
    RecognitionEvent.ACCEPTANCE: 2,
}


def timing_gap(product_class: ProductClass) -> str:
    """What the gap between invoicing and earning means on the balance sheet."""
    billing, recognition = product_class.billing, product_class.recognition
    if billing is None or recognition is None:
        return "not decided"
    timing = billing.timing
    if recognition.method is RecognitionMethod.RATABLE:
        if timing is BillingTiming.IN_ARREARS:
            return "earned before billed: unbilled revenue until each period is invoiced"
        if timing is BillingTiming.MILESTONE:
            return "milestones against a spread: deferred or unbilled, period by period"
        return "billed before earned: deferred revenue released over the term"
    event = recognition.event
    if event is None:
        return "recognition event not set"
    if timing in (BillingTiming.IN_ADVANCE, BillingTiming.IN_ARREARS, BillingTiming.MILESTONE):
        return f"periodic billing of revenue earned on {event.value}: check the contract"
    billed, earned = _EVENT_ORDER[timing], _EVENT_ORDER[event]
    if billed == earned:
        return "same event: no timing difference"
    if billed < earned:
        return f"billed before earned: deferred revenue until {event.value}"
    return f"earned before billed: unbilled revenue until {timing.value.removeprefix('at-')}"


def area_figure(anchor: str) -> str:
    return f"area:{anchor}"


def figure_mappings(workspace: Workspace) -> dict[str, tuple[Mapping, ...] | None]:
    """Every figure the document shows and the mappings it draws (None: the whole design)."""
    figures: dict[str, tuple[Mapping, ...] | None] = {MAP_FIGURE: None}
    for anchor, _title, areas, _intro in (*AREA_SECTIONS, AMENDMENT_SECTION):
        chosen = _in_areas(workspace, areas)
        if any(m.target for m in chosen):
            figures[area_figure(anchor)] = chosen
    return figures


def _in_areas(workspace: Workspace, areas: Iterable[Area]) -> tuple[Mapping, ...]:
    wanted = set(areas)
    return tuple(sorted((m for m in workspace.mappings if m.area in wanted), key=lambda m: m.id))


def _ref(ref: str | None) -> Inline:
    return Code(ref) if ref else "(no counterpart)"


def _system_label(workspace: Workspace, name: str | None) -> str:
    if not name:
        return "(none)"
    system = workspace.system(name)
    return system.display_name if system else name


class _Builder:
    def __init__(self, workspace: Workspace, extras: DocumentExtras) -> None:
        self.ws = workspace
        self.extras = extras
        self.issues = model_issues(workspace)
        self.incomplete = incomplete_mappings(workspace)
        self.open_issues = open_issues(workspace, decisions=False)
        self.decisions_by_link: dict[str, list[Decision]] = {}
        self.outcomes_shown: dict[int, str] = {}
        """The section where each decision's outcome was written out in full."""
        self.linked_rules: dict[tuple[int, str], list[str]] = {}
        """The rules a decision governs by a ``mapping:<id>/<rule>`` link, by the mapping's link."""
        for decision in sorted(workspace.decisions, key=lambda d: d.number):
            for link in decision.links:
                base, _, rule = (
                    link.partition("/") if link.startswith("mapping:") else (link, "", "")
                )
                listed = self.decisions_by_link.setdefault(base, [])
                if decision not in listed:
                    listed.append(decision)
                if rule:
                    self.linked_rules.setdefault((decision.number, base), []).append(rule)
        title = workspace.title or workspace.name
        # The workspace's own title heads the document (it often has a colon of its own, so
        # "Integration design: ..." read "design: Helix: Salesforce ..."); the subtitle says what
        # the document is.
        self.doc = Document(
            title=title,
            subtitle="Integration design document, generated from the workbench model",
        )

    # -- helpers ---------------------------------------------------------------------------

    def _decision_refs(self, link: str) -> tuple[Inline, ...]:
        """The decisions that govern ``link``: each with the rules it names, its status and,
        where some function's approval does not stand, how its sign-offs stand (a stale or
        rejected decision must not read as settled beside the element it governs)."""
        found = self.decisions_by_link.get(link, [])
        parts: list[Inline] = []
        for decision in found:
            if parts:
                parts.append(", ")
            parts.append(f"{decision.number:04d} {decision.title} ")
            rules = self.linked_rules.get((decision.number, link))
            if rules and link not in decision.links:  # a link to the whole says more
                parts.append(f"({', '.join(rules)} {'rules' if len(rules) > 1 else 'rule'}) ")
            parts.append(
                Tag(decision.status.value, _DECISION_TONE.get(decision.status, Tone.NEUTRAL))
            )
            parts += self._signoff_gaps(decision)
        return tuple(parts)

    def _signoff_gaps(self, decision: Decision) -> list[Inline]:
        """The functions whose approval of ``decision`` does not stand, counted by state
        (nothing when every one stands, or when the states were not worked out)."""
        parts: list[Inline] = []
        for tag in self._signoff_tags(decision, approved=False):
            parts += [" ", tag]
        return parts

    def _signoff_tags(self, decision: Decision, *, approved: bool) -> list[Tag]:
        """How the functions' sign-offs of ``decision`` stand, counted by state (the approved
        ones only when ``approved``); nothing when the states were not worked out. A rejection
        that went stale is still a rejection on record and is counted as one, so a function's
        "no" never reads as a mere "stale" in a summary."""
        states = (self.extras.signoff_states or {}).get(decision.number) or {}
        verdicts = {signoff.function.value: signoff.verdict for signoff in decision.signoffs}
        counts: Counter[str] = Counter()
        for function, state in states.items():
            if state is SignOffState.APPROVED and not approved:
                continue
            stale_no = state is SignOffState.STALE and verdicts.get(function) is Verdict.REJECTED
            counts[_STALE_REJECTION if stale_no else state.value] += 1
        return [Tag(f"{counts[label]} {label}", tone) for label, tone in _TALLY if counts[label]]

    def _system_name(self, name: str | None) -> str:
        return _system_label(self.ws, name) if name else "any system"

    def _mapping_owner(self, mapping: Mapping) -> Cell:
        if mapping.is_no_counterpart and mapping.system_of_record is None:
            return "n/a"
        if mapping.system_of_record is None:
            return Tag("no owner", Tone.BAD)
        return _system_label(self.ws, mapping.system_of_record)

    def _mapping_status(self, mapping: Mapping) -> Cell:
        tag = Tag(mapping.status.value, _STATUS_TONE[mapping.status])
        if mapping.id in self.incomplete:
            return (tag, " ", Tag("incomplete", Tone.BAD))
        return tag

    # -- sections -------------------------------------------------------------------------

    def build(self) -> Document:
        self.intro()
        self.scope()
        self.inventory()
        self.cross_system_map()
        for section in AREA_SECTIONS:
            self.area_section(*section)
        self.billing_recognition()
        self.area_section(*AMENDMENT_SECTION)
        self.other_mappings()
        self.error_matrix()
        self.value_maps()
        self.reconciliation()
        self.decision_log()
        self.findings()
        self.scenarios()
        return self.doc

    def intro(self) -> None:
        ws, doc = self.ws, self.doc
        if ws.description:
            doc.para(ws.description)
        cards = Counter(m.cardinality.value for m in ws.mappings)
        status = Counter(m.status.value for m in ws.mappings)
        doc.para(
            f"The design covers {len(ws.systems)} systems, {ws.entity_count} entities and "
            f"{len(ws.mappings)} mappings (",
            ", ".join(f"{card} × {count}" for card, count in sorted(cards.items())) or "none",
            "); status: ",
            ", ".join(f"{count} {name}" for name, count in sorted(status.items())) or "none",
            f". {len(ws.value_maps)} value maps translate codes; {len(ws.decisions)} decisions "
            "record why it is built this way.",
        )
        doc.para(
            "Field-level detail (every field mapping with types, transforms, value maps and "
            "defaults) is in the mapping spec exported beside this document (",
            Code("mapping-spec.xlsx"),
            ", ",
            Code("mapping-spec.json"),
            ").",
        )

    def scope(self) -> None:
        doc, ws = self.doc, self.ws
        doc.heading(2, "Scope and systems", "scope")
        rows: list[tuple[Cell, ...]] = []
        for system in sorted(ws.systems, key=lambda s: (s.effective_side.value, s.name)):
            rows.append(
                (
                    Code(system.name),
                    system.display_name,
                    system.role.value,
                    system.effective_side.value.upper(),
                    " ".join(p for p in (system.vendor, system.version) if p),
                    str(len(system.entities)),
                    system.description,
                )
            )
        doc.add(
            Table(
                (
                    "System",
                    "Name",
                    "Role",
                    "Side",
                    "Vendor and version",
                    "Entities",
                    "Role in the design",
                ),
                tuple(rows),
            )
        )
        people = sorted(ws.stakeholders, key=lambda s: (s.function.value, s.name))
        if people:
            doc.heading(3, "Stakeholders", "stakeholders")
            doc.add(
                Table(
                    ("Name", "Function", "Title"),
                    tuple((p.name, p.function.value, p.title) for p in people),
                )
            )

    def inventory(self) -> None:
        doc, ws = self.doc, self.ws
        doc.heading(2, "Entity inventory", "inventory")
        doc.para(
            "Every entity of each side, with the mappings that carry it across, then the "
            "relationships between the entities of each system. An entity with no mapping and no "
            "no-counterpart record is an open question for the workshop."
        )
        for side in (Side.CRM, Side.ERP):
            systems = sorted(
                (s for s in ws.systems if s.effective_side is side), key=lambda s: s.name
            )
            if not systems:
                continue
            doc.heading(3, f"{side.value.upper()} side", f"inventory-{side.value}")
            for system in systems:
                rows: list[tuple[Cell, ...]] = []
                for entity in sorted(system.entities, key=lambda e: e.name):
                    ref = entity_ref(system.name, entity.name)
                    mappings = sorted(ws.mappings_of(ref), key=lambda m: m.id)
                    if not mappings:
                        mapped: Cell = Tag("unmapped", Tone.BAD)
                    elif all(m.is_no_counterpart for m in mappings):
                        mapped = Tag("no counterpart", Tone.NEUTRAL)
                    else:
                        parts: list[Inline] = []
                        for m in mappings:
                            if parts:
                                parts.append(", ")
                            parts.append(Code(m.id))
                        mapped = tuple(parts)
                    rows.append(
                        (
                            Code(entity.name),
                            entity.label,
                            entity.kind.value,
                            str(len(entity.fields)),
                            mapped,
                        )
                    )
                doc.add(
                    Table(
                        ("Entity", "Label", "Kind", "Fields", "Mappings"),
                        tuple(rows),
                        caption=f"{system.display_name} ({system.name})",
                    )
                )
                if system.relationships:
                    # Which records travel together (a header and its items) and how they
                    # find each other: what an implementer builds the payloads around.
                    doc.add(
                        Table(
                            ("Parent", "Child", "Cardinality", "Kind", "Via field", "Description"),
                            tuple(
                                (
                                    Code(r.parent),
                                    Code(r.child),
                                    r.cardinality.value,
                                    r.kind.value,
                                    Code(r.via_field) if r.via_field else "",
                                    r.description,
                                )
                                for r in sorted(
                                    system.relationships, key=lambda r: (r.parent, r.child, r.name)
                                )
                            ),
                            caption=f"Relationships within {system.display_name}",
                        )
                    )

    def cross_system_map(self) -> None:
        doc, ws = self.doc, self.ws
        doc.heading(2, "Cross-system map", "map")
        doc.para(
            "CRM entities on the left, ERP entities on the right; each arrow is a mapping labelled "
            "with its cardinality and the system of record. Red boxes are unmapped entities, "
            "orange arrows mappings without an owner, dashed red arrows mappings whose rules are "
            "incomplete; dashed grey boxes have deliberately no counterpart."
        )
        doc.add(Figure(MAP_FIGURE, "The two-sided entity graph"))
        rows: list[tuple[Cell, ...]] = []
        for mapping in sorted(ws.mappings, key=lambda m: ((m.area.value if m.area else "~"), m.id)):
            rows.append(
                (
                    Code(mapping.id),
                    mapping.area.value if mapping.area else "",
                    Code(mapping.source),
                    _ref(mapping.target),
                    mapping.cardinality.value,
                    self._mapping_owner(mapping),
                    describe_sync(mapping.sync) or "",
                    self._mapping_status(mapping),
                )
            )
        doc.add(
            Table(
                ("Mapping", "Area", "Source", "Target", "Cardinality", "Owner", "Sync", "Status"),
                tuple(rows),
            )
        )

    def _mapping_detail(self, mapping: Mapping) -> None:
        doc = self.doc
        doc.heading(4, mapping.title or mapping.id, f"mapping-{mapping.id}")
        facts: list[tuple[str, tuple[Inline, ...]]] = [
            ("Mapping", (Code(mapping.id),)),
            ("From / to", (Code(mapping.source), " → ", _ref(mapping.target))),
            ("Cardinality", (mapping.cardinality.value,)),
            ("System of record", (_system_label(self.ws, mapping.system_of_record),)),
            ("Status", (Tag(mapping.status.value, _STATUS_TONE[mapping.status]),)),
        ]
        if mapping.sync:
            facts.append(("Sync", (describe_sync(mapping.sync),)))
        if mapping.reason:
            facts.append(("Why no counterpart", (mapping.reason,)))
        if mapping.keys:
            keys: list[Inline] = []
            for key in mapping.keys:
                if keys:
                    keys.append("; ")
                keys += [Code(key.source_field), " = ", Code(key.target_field)]
                if key.description:
                    keys.append(f" ({key.description})")
            facts.append(("Key cross-reference", tuple(keys)))
        if (rule := mapping.resolution) is not None:
            facts.append(
                (
                    "Resolution",
                    (
                        "match on ",
                        ", ".join(rule.match_on) or "(nothing yet)",
                        f"; none found: {rule.when_none.value}; "
                        f"several found: {rule.when_many.value}. ",
                        rule.description,
                    ),
                )
            )
        if (split := mapping.split) is not None:
            facts.append(
                ("Split", ("one document per ", ", ".join(split.group_by), ". ", split.description))
            )
        if (agg := mapping.aggregation) is not None:
            facts.append(
                ("Aggregation", ("grouped by ", ", ".join(agg.group_by), ". ", agg.description))
            )
        if (bundle := mapping.bundle) is not None:
            how = "one ERP line per component" if bundle.explode_to_lines else "one line with a BOM"
            parts: list[Inline] = [f"{how}; price allocation {bundle.price_allocation.value}"]
            if bundle.components_from:
                parts += ["; components from ", Code(bundle.components_from)]
            parts.append(". " + bundle.description)
            facts.append(("Bundle", tuple(parts)))
        if (amend := mapping.amendment) is not None:
            facts.append(
                (
                    "Amendment",
                    (
                        describe_amendment(
                            amend.strategy.value,
                            amend.proration.value,
                            co_term=amend.co_term,
                            preserve_billing_history=amend.preserve_billing_history,
                        )
                        + ". ",
                        amend.description,
                    ),
                )
            )
        governed = self._decision_refs(f"mapping:{mapping.id}")
        if governed:
            facts.append(("Decisions", governed))
        # What the spec lists as open, but the decisions: their gaps are said beside them.
        problems = [
            problem.removeprefix("incomplete: ")  # the tag says it already
            for problem in self.open_issues.get(mapping.id, ())
        ]
        if problems:
            tag = "incomplete" if mapping.id in self.incomplete else "open"
            facts.append(("Open", (Tag(tag, Tone.BAD), " ", "; ".join(problems))))
        doc.add(Facts(tuple(facts)))
        if mapping.notes:
            doc.para(mapping.notes)
        bundle = mapping.bundle
        if bundle is not None and bundle.components:
            doc.add(
                Table(
                    ("Component", "Quantity per bundle", "Price share", "Optional"),
                    tuple(
                        (
                            Code(c.product),
                            format(c.quantity.normalize(), "f"),
                            format(c.share.normalize(), "f") if c.share is not None else "",
                            "yes" if c.optional else "",
                        )
                        for c in bundle.components
                    ),
                )
            )

    def _linked_decisions(self, mappings: Iterable[Mapping]) -> list[Decision]:
        seen: dict[int, Decision] = {}
        for mapping in mappings:
            for decision in self.decisions_by_link.get(f"mapping:{mapping.id}", []):
                seen[decision.number] = decision
        return [seen[n] for n in sorted(seen)]

    def area_section(self, anchor: str, title: str, areas: tuple[Area, ...], intro: str) -> None:
        doc = self.doc
        doc.heading(2, title, anchor)
        doc.para(intro)
        mappings = _in_areas(self.ws, areas)
        if not mappings:
            doc.note(
                "No mapping of this area (",
                ", ".join(a.value for a in areas),
                ") is in the model yet.",
                tone=Tone.WARN,
            )
            return
        for decision in self._linked_decisions(mappings):
            if decision.outcome:
                # In full where it first governs; a decision spanning areas is named after that.
                shown = self.outcomes_shown.setdefault(decision.number, title)
                doc.para(
                    Strong(f"Decision {decision.number:04d}: {decision.title}"),
                    " ",
                    Tag(decision.status.value, _DECISION_TONE.get(decision.status, Tone.NEUTRAL)),
                    *self._signoff_gaps(decision),
                    " ",
                    decision.outcome if shown == title else f"(its outcome is under {shown})",
                )
        if area_figure(anchor) in figure_mappings(self.ws):
            doc.add(Figure(area_figure(anchor), f"{title}: the mappings involved"))
        doc.heading(3, "The mappings", f"{anchor}-mappings")  # each one a level below
        for mapping in mappings:
            self._mapping_detail(mapping)

    def billing_recognition(self) -> None:
        doc, ws = self.doc, self.ws
        doc.heading(2, "Billing and recognition timing", "billing-recognition")
        doc.para(
            "Invoicing and revenue recognition are different events and are often computed by "
            "different systems. Each product class states when it is invoiced and when its "
            "revenue is earned; the gap between the two is deferred (or unbilled) revenue."
        )
        classes = sorted(ws.product_classes, key=lambda p: p.id)
        if not classes:
            doc.note("No product classes are defined yet.", tone=Tone.WARN)
        else:
            rows: list[tuple[Cell, ...]] = []
            for pc in classes:
                billing = pc.billing
                recognition = pc.recognition
                bill_text = (
                    f"{billing.timing.value}"
                    + (f", {billing.frequency.value}" if billing.frequency else "")
                    if billing
                    else ""
                )
                if recognition is None:
                    rec_text = ""
                elif recognition.event:
                    rec_text = f"{recognition.method.value} on {recognition.event.value}"
                else:
                    basis = recognition.basis.value if recognition.basis else "monthly"
                    rec_text = f"{recognition.method.value}, spread {basis}"
                rows.append(
                    (
                        pc.title or pc.id,
                        pc.applies_to,
                        bill_text or Tag("not set", Tone.BAD),
                        _system_label(ws, billing.system if billing else None),
                        rec_text or Tag("not set", Tone.BAD),
                        _system_label(ws, recognition.system if recognition else None),
                        (Tag("different systems", Tone.WARN), " ", timing_gap(pc))
                        if pc.split_systems
                        else timing_gap(pc),
                    )
                )
            doc.add(
                Table(
                    (
                        "Product class",
                        "Applies to",
                        "Billing",
                        "Billed by",
                        "Recognition",
                        "Recognised by",
                        "Note",
                    ),
                    tuple(rows),
                )
            )
            doc.heading(3, "Product classes", "product-classes")
            for pc in classes:
                facts: list[tuple[str, tuple[Inline, ...]]] = []
                if pc.description:
                    facts.append(("What", (pc.description,)))
                if pc.billing and pc.billing.description:
                    facts.append(("Billing", (pc.billing.description,)))
                if pc.recognition and pc.recognition.description:
                    facts.append(("Recognition", (pc.recognition.description,)))
                governed = self._decision_refs(f"product-class:{pc.id}")
                if governed:
                    facts.append(("Decisions", governed))
                if facts:
                    doc.heading(4, pc.title or pc.id, f"class-{pc.id}")
                    doc.add(Facts(tuple(facts)))
        mappings = tuple(m for m in _in_areas(ws, BILLING_AREAS))
        if mappings:
            doc.heading(3, "Billing and recognition mappings", "billing-mappings")
            for mapping in mappings:
                self._mapping_detail(mapping)
        doc.heading(3, "Schedules from the scenarios", "schedules")
        if self.extras.schedules is None:
            doc.note(
                Tag("not run", Tone.NEUTRAL),
                " The simulator's billing and recognition schedules per scenario appear here "
                "when the scenarios have been run for this export.",
            )
        elif not self.extras.schedules:
            doc.note("The simulation produced no schedules.")
        else:
            doc.para(
                "Recognised amounts follow each line's price on the order, a bundle's components "
                "their fixed shares of it. They show when revenue is earned, not how much: "
                "revenue accounting allocates the contract's price by standalone selling price, "
                "which can move amounts between lines."
            )
        for table in self.extras.schedules or ():
            doc.add(Table(table.header, tuple(tuple(r) for r in table.rows), caption=table.title))

    def other_mappings(self) -> None:
        rest = [m for m in self.ws.mappings if m.area not in _COVERED]
        if not rest:
            return
        self.doc.heading(2, "Reference data and other mappings", "other-mappings")
        self.doc.heading(3, "The mappings", "other-mappings-list")
        for mapping in sorted(rest, key=lambda m: m.id):
            self._mapping_detail(mapping)

    def error_matrix(self) -> None:
        doc, ws = self.doc, self.ws
        doc.heading(2, "Error handling matrix", "errors")
        doc.para(
            "For every failure: where the record goes, who is told, how it is resolved and how "
            "the correction flows back so the CRM shows the truth. ",
            Code("*"),
            " is the catch-all rule of a mapping.",
        )
        rows: list[tuple[Cell, ...]] = []
        uncovered: list[Mapping] = []
        for mapping in sorted(ws.mappings, key=lambda m: m.id):
            if not mapping.error_policy and not mapping.is_no_counterpart:
                uncovered.append(mapping)
            for rule in mapping.error_policy:
                rows.append(
                    (
                        Code(mapping.id),
                        Code(rule.failure),
                        rule.route or Tag("no route", Tone.BAD),
                        ", ".join(rule.notify) or Tag("nobody", Tone.BAD),
                        rule.resolution,
                        rule.correction or Tag("no correction path", Tone.WARN),
                    )
                )
        doc.add(
            Table(
                ("Mapping", "Failure", "Route", "Notified", "Resolution", "Correction back"),
                tuple(rows),
            )
        )
        if uncovered:
            parts: list[Inline] = ["Mappings with no error policy yet: "]
            for index, mapping in enumerate(uncovered):
                parts += [", " if index else "", Code(mapping.id)]
            parts.append(".")
            doc.note(*parts, tone=Tone.WARN)

    def value_maps(self) -> None:
        doc, ws = self.doc, self.ws
        if not ws.value_maps:
            return
        doc.heading(2, "Code translations (value maps)", "value-maps")
        doc.para(
            "Codes that differ between the systems (units of measure, countries, payment terms) "
            "are translated by these tables. A value a table does not list is an error unless "
            "the table gives a default."
        )
        users = value_map_users(sorted(ws.mappings, key=lambda m: m.id))
        for value_map in sorted(ws.value_maps, key=lambda v: v.id):
            title = f"{value_map.id}: {value_map.title}" if value_map.title else value_map.id
            doc.heading(3, title, f"value-map-{value_map.id}")
            used: list[Inline] = []
            for index, mapping_id in enumerate(users.get(value_map.id, [])):
                used += [", " if index else "", Code(mapping_id)]
            facts: list[tuple[str, tuple[Inline, ...]]] = [
                (
                    "Translates",
                    (
                        f"{self._system_name(value_map.source_system)} to "
                        f"{self._system_name(value_map.target_system)}",
                    ),
                ),
                (
                    "Values not listed",
                    (Code(value_map.default), " (the default)")
                    if value_map.default
                    else (Tag("an error", Tone.WARN), " (no default)"),
                ),
                ("Used by", tuple(used) or (Tag("no field mapping", Tone.WARN),)),
            ]
            doc.add(Facts(tuple(facts)))
            if value_map.description:
                doc.para(value_map.description)
            # The reverse lookup is a column only where an entry is marked: most maps have none.
            marked = any(entry.reverse for entry in value_map.entries)
            doc.add(
                Table(
                    ("Source value", "Target value", "Factor", "Note")
                    + (("Reverse lookup",) if marked else ()),
                    tuple(
                        (
                            Code(entry.source),
                            Code(entry.target),
                            # As the spec writes it (12.50 is 12.5 in both).
                            "" if entry.factor is None else format(entry.factor.normalize(), "f"),
                            entry.note,
                        )
                        + (
                            (
                                f"{entry.target} comes back as {entry.source}"
                                if entry.reverse
                                else "",
                            )
                            if marked
                            else ()
                        )
                        for entry in value_map.entries
                    ),
                )
            )

    def reconciliation(self) -> None:
        doc, ws = self.doc, self.ws
        doc.heading(2, "Reconciliation report specification", "reconciliation")
        metrics = sorted(ws.reconciliation, key=lambda r: r.id)
        doc.para(
            "The reconciliation report compares each figure in the CRM, the integration layer and "
            "the ERP, on keys that join the same business record across them. It has one row per "
            "metric, period and currency:"
        )
        doc.add(
            Table(
                ("Column", "Content"),
                (
                    ("Metric", "the metric's title (below)"),
                    ("Period", "the day, or the fiscal period for monthly metrics"),
                    ("Currency", "the document currency; amounts are never converted"),
                    ("CRM", "the figure as the CRM layer counts it"),
                    ("Integration", "records in flight or failed in the integration layer"),
                    ("ERP", "the figure as the ERP layer counts it"),
                    ("Difference", "CRM minus ERP; the integration column explains it or not"),
                    ("Tolerance", "the metric's tolerance"),
                    ("Break", "yes when the difference exceeds the tolerance"),
                    ("Unmatched keys", "join keys found in one layer only, listed per row"),
                    ("Notified", "who is told of a break"),
                ),
                caption="Report layout",
            )
        )
        if not metrics:
            doc.note("No reconciliation metrics are defined yet.", tone=Tone.WARN)
            return
        doc.add(
            Table(
                ("Metric", "Kind", "Frequency", "Tolerance", "Notified on a break"),
                tuple(
                    (r.title or r.id, r.kind.value, r.frequency, r.tolerance, ", ".join(r.notify))
                    for r in metrics
                ),
            )
        )
        for metric in metrics:
            doc.heading(3, metric.title or metric.id, f"metric-{metric.id}")
            if metric.description:
                doc.para(metric.description)
            doc.add(
                Table(
                    ("Layer", "Counted in", "Measure"),
                    tuple(
                        (
                            m.layer.value,
                            _ref(m.entity) if m.entity else "integration log",
                            m.expression,
                        )
                        for m in sorted(
                            metric.measures,
                            key=lambda m: ("crm", "integration", "erp").index(m.layer.value),
                        )
                    ),
                    caption="How each layer counts it",
                )
            )
            if metric.join_keys:
                doc.add(
                    Table(
                        ("CRM key", "Integration key", "ERP key", "Note"),
                        tuple(
                            (
                                _ref(k.crm) if k.crm else "",
                                k.integration,
                                _ref(k.erp) if k.erp else "",
                                k.description,
                            )
                            for k in metric.join_keys
                        ),
                        caption="Join keys",
                    )
                )
            missing = {"crm", "integration", "erp"} - {layer.value for layer in metric.layers()}
            if missing:
                doc.note(
                    "Not measured in: ",
                    ", ".join(sorted(missing)),
                    ". A break there cannot be seen.",
                    tone=Tone.WARN,
                )

    def decision_log(self) -> None:
        doc, ws = self.doc, self.ws
        doc.heading(2, "Decision log", "decisions")
        decisions = sorted(ws.decisions, key=lambda d: d.number)
        if not decisions:
            doc.note("No decisions are recorded yet.", tone=Tone.WARN)
            return
        states = self.extras.signoff_states
        if states is None:
            doc.para(
                "Sign-offs are listed as recorded. Whether each still stands for the current text "
                "(stale when the decision or a linked element changed since) was not computed for "
                "this export."
            )
        people = {s.id: s for s in ws.stakeholders}
        rows: list[tuple[Cell, ...]] = []
        for decision in decisions:
            rows.append(
                (
                    f"{decision.number:04d}",
                    decision.title,
                    Tag(decision.status.value, _DECISION_TONE.get(decision.status, Tone.NEUTRAL)),
                    decision.date.isoformat() if decision.date else "undated",
                    self._signoff_summary(decision),
                )
            )
        doc.add(Table(("No.", "Decision", "Status", "Date", "Sign-off"), tuple(rows)))
        for decision in decisions:
            doc.heading(3, f"{decision.number:04d} {decision.title}", f"decision-{decision.number}")
            facts: list[tuple[str, tuple[Inline, ...]]] = [
                (
                    "Status",
                    (
                        Tag(
                            decision.status.value, _DECISION_TONE.get(decision.status, Tone.NEUTRAL)
                        ),
                        # The record's date is its last update, not when the status came: a
                        # status the sign-offs move (a stale approval) leaves the date alone.
                        f", record dated {decision.date.isoformat()}"
                        if decision.date
                        else " (undated)",
                    ),
                ),
            ]
            if decision.superseded_by:
                facts.append(("Superseded by", (f"{decision.superseded_by:04d}",)))
            # Who decides, who was asked and who is told (RACI): stakeholder ids by name.
            for label, who in (
                ("Decision makers", decision.decision_makers),
                ("Consulted", decision.consulted),
                ("Informed", decision.informed),
            ):
                if who:
                    facts.append(
                        (label, (", ".join(people[p].name if p in people else p for p in who),))
                    )
            if decision.required_functions:
                facts.append(
                    (
                        "Needs approval of",
                        (", ".join(f.value for f in decision.required_functions),),
                    )
                )
            if decision.links:
                links: list[Inline] = []
                for link in decision.links:
                    links += [", " if links else "", Code(link)]
                facts.append(("Governs", tuple(links)))
            doc.add(Facts(tuple(facts)))
            # The record's reasoning in its own order (context, drivers, options, outcome,
            # consequences, more information), each part under a caption: in Markdown two
            # lists in a row would run into one.
            self._prose("Context and problem", decision.context)
            self._points("Decision drivers", decision.drivers)
            self._points("Considered options", decision.options)
            self._prose("Outcome", decision.outcome)
            self._points("Consequences", decision.consequences)
            self._prose("More information", decision.more_information)
            for caption, body in _sections(decision.extra_sections):
                if body.strip():
                    self._prose(caption, body)
                else:  # a heading over the next ones (Pros and Cons, then each option)
                    doc.para(Strong(caption))
            self._signoff_table(decision)

    def _prose(self, caption: str, text: str) -> None:
        """``text`` under ``caption``, a paragraph per blank-line-separated block (its single
        line breaks kept); nothing when empty."""
        blocks = [b for b in _PARAGRAPH_BREAK.split(text.strip()) if b.strip()]
        if not blocks:
            return
        self.doc.para(Strong(caption))
        for block in blocks:
            self.doc.para(block.strip())

    def _points(self, caption: str, items: Iterable[str]) -> None:
        """``items`` as a list under ``caption``; nothing when there are none."""
        points = tuple((item,) for item in items if item.strip())
        if points:
            self.doc.para(Strong(caption))
            self.doc.add(Bullets(points))

    def _signoff_summary(self, decision: Decision) -> Cell:
        tags = self._signoff_tags(decision, approved=True)
        if tags:
            parts: list[Inline] = [tags[0]]
            for tag in tags[1:]:
                parts += [" ", tag]
            return tuple(parts)
        approved = {s.function for s in decision.signoffs if s.verdict is Verdict.APPROVED}
        needed = list(decision.required_functions)
        if not needed:
            return f"{len(decision.signoffs)} recorded" if decision.signoffs else "none required"
        have = sum(1 for f in needed if f in approved)
        tone = Tone.GOOD if have == len(needed) else Tone.BAD if have == 0 else Tone.WARN
        return Tag(f"{have} of {len(needed)} functions approved", tone)

    def _signoff_table(self, decision: Decision) -> None:
        doc = self.doc
        people = {s.id: s for s in self.ws.stakeholders}
        states = (self.extras.signoff_states or {}).get(decision.number)
        current = (self.extras.signoff_current or {}).get(decision.number)
        rows: list[tuple[Cell, ...]] = []
        for position, signoff in enumerate(decision.signoffs):
            person = people.get(signoff.stakeholder)
            state = _record_state(signoff, current[position]) if current else None
            rows.append(
                (
                    person.name if person else signoff.stakeholder,
                    signoff.function.value,
                    Tag(
                        signoff.verdict.value,
                        Tone.GOOD if signoff.verdict is Verdict.APPROVED else Tone.BAD,
                    ),
                    signoff.recorded_at.strftime("%Y-%m-%d %H:%M UTC"),
                    Tag(state.value, _SIGNOFF_TONE[state]) if state else "",
                    signoff.comment,
                )
            )
        signed = {s.function.value for s in decision.signoffs}
        for function in decision.required_functions:
            if function.value in signed:
                continue
            state = states.get(function.value) if states else None
            rows.append(
                (
                    "",
                    function.value,
                    Tag("none recorded", Tone.BAD),
                    "",
                    Tag(
                        (state or SignOffState.MISSING).value,
                        _SIGNOFF_TONE[state or SignOffState.MISSING],
                    ),
                    "",
                )
            )
        if states:
            required = {f.value for f in decision.required_functions}
            for name, other in sorted(states.items()):
                if name not in signed and name not in required:
                    rows.append(("", name, "", "", Tag(other.value, _SIGNOFF_TONE[other]), ""))
        if rows:
            doc.add(
                Table(
                    ("Signed by", "Function", "Verdict", "Recorded", "State", "Comment"),
                    tuple(rows),
                    caption="Sign-offs",
                )
            )

    def findings(self) -> None:
        doc = self.doc
        doc.heading(2, "Open findings", "findings")
        findings = self.extras.findings
        if findings is None:
            doc.note(
                Tag("not run", Tone.NEUTRAL),
                " The design checks were not run for this export; their findings appear here when "
                "they are.",
            )
        elif not findings:
            doc.note(Tag("none", Tone.GOOD), " The design checks found nothing open.")
        else:
            order = {"error": 0, "warning": 1}
            doc.add(
                Table(
                    ("Severity", "Check", "Element", "Finding"),
                    tuple(
                        (
                            Tag(f.severity, Tone.BAD if f.severity == "error" else Tone.WARN),
                            Code(f.check),
                            Code(f.element),
                            f.message,
                        )
                        for f in sorted(
                            findings, key=lambda f: (order.get(f.severity, 2), f.check, f.element)
                        )
                    ),
                )
            )
        warnings = [i for i in self.issues if i.severity is Severity.WARNING]
        doc.heading(3, "Model validation", "validation")
        if not warnings:
            doc.para("The model validates without warnings.")
        else:
            doc.add(
                Table(
                    ("Element", "Warning"),
                    tuple((Code(_issue_element(i)), i.message) for i in warnings),
                )
            )

    def scenarios(self) -> None:
        doc, ws = self.doc, self.ws
        doc.heading(2, "Scenario results", "scenarios")
        results = {r.scenario: r for r in self.extras.scenario_results or ()}
        scenarios = sorted(ws.scenarios, key=lambda s: s.id)
        if self.extras.scenario_results is None:
            doc.note(
                Tag("not run", Tone.NEUTRAL),
                " The scenarios were not simulated for this export; the matrix shows what each "
                "one expects.",
            )
        if not scenarios and not results:
            doc.note("No scenarios are defined yet.", tone=Tone.WARN)
            return
        rows: list[tuple[Cell, ...]] = []
        for scenario in scenarios:
            expected = ", ".join(
                f"{d.count} {d.type}"
                + (
                    f" ({', '.join(f'{k} {v}' for k, v in sorted(d.where.items()))})"
                    if d.where
                    else ""
                )
                for d in scenario.expect.documents
            )
            failures = ", ".join(scenario.expect.failures)
            result = results.get(scenario.id)
            rows.append(
                (
                    Code(scenario.id),
                    scenario.title,
                    expected,
                    failures,
                    Tag(result.result, _RESULT_TONE.get(result.result, Tone.WARN))
                    if result
                    else Tag("not run"),
                    _outcome(result) if result else "",
                )
            )
        for scenario_id in sorted(set(results) - {s.id for s in scenarios}):
            result = results[scenario_id]
            rows.append(
                (
                    Code(scenario_id),
                    "",
                    "",
                    "",
                    Tag(result.result, _RESULT_TONE.get(result.result, Tone.WARN)),
                    result.detail,
                )
            )
        doc.add(
            Table(
                (
                    "Scenario",
                    "Title",
                    "Expected documents",
                    "Expected failures",
                    "Result",
                    "Outcome",
                ),
                tuple(rows),
            )
        )


def _issue_element(issue: object) -> str:
    location = getattr(issue, "location", None)
    if location is None:
        return ""
    return f"{location.kind}:" + ":".join(str(k) for k in location.key)


@last_result
def _sections(text: str) -> list[tuple[str, str]]:
    """A decision's other sections (MADR's Confirmation, Pros and Cons of the Options, a team's
    own) as (heading, body), the way the record keeps them: each starts with a ``##`` or ``###``
    heading."""
    found: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        heading = _SECTION_HEADING.match(line)
        if heading:
            found.append((heading.group(1).strip(), []))
        elif found:
            found[-1][1].append(line)
    return [(caption, "\n".join(body)) for caption, body in found]


def build_document(workspace: Workspace, extras: DocumentExtras | None = None) -> Document:
    return _Builder(workspace, extras or DocumentExtras()).build()


__all__ = ["MAP_FIGURE", "build_document", "figure_mappings"]


def _outcome(result: ScenarioRow) -> str:
    """What a run produced, in words: documents, failures raised, unmet expectations."""
    parts = [result.documents] if result.documents else []
    if result.failures:
        parts.append(f"raised {result.failures}")
    if result.detail:
        parts.append(result.detail)
    return "; ".join(parts)


def _record_state(signoff: SignOff, current: bool) -> SignOffState:
    """Where one record of a log stands: its verdict while it holds for the content as it is
    now, stale once that changed (a later record of its function does not make it current)."""
    if not current:
        return SignOffState.STALE
    return SignOffState.APPROVED if signoff.verdict is Verdict.APPROVED else SignOffState.REJECTED
