"""Rendering: JSON-ready data, a Markdown checklist, plain text, CSV and HTML.

``plan.to_dict()`` gives plain data (ISO dates, no library objects) for
connectors and APIs; ``plan.to_markdown()`` the checklist a person follows,
naming every document, number and date, with a table of the bookings to delete
and one of the next booking numbers. :func:`plan_to_text` is the same
checklist for a terminal (aligned tables and prose wrapped to a width, the
summary first), :func:`deletions_to_csv` the bookings to delete for a
spreadsheet, and :func:`check_to_text` what the command's ``check`` prints.
Every function here is pure: the command line measures the terminal and
passes its width.

A notebook shows the records as HTML with real tables
(``_repr_html_``), or as Markdown where HTML is not shown
(``_repr_markdown_``): :class:`~booking_reconcile.RepairPlan`,
:class:`~booking_reconcile.Collision`, the collisions
:func:`~booking_reconcile.find_collisions` returns, the stale documents
:func:`~booking_reconcile.find_stale_documents` returns and the
:class:`~booking_reconcile.Simulation`. Text that comes from the input
(document numbers, journal codes) is escaped, so a document number such as
``INV*2026*5`` or ``<b>5</b>`` shows as written and never turns into emphasis,
markup or a table border.

>>> from datetime import date
>>> from booking_reconcile import Integration, Invoice, Snapshot, find_collisions
>>> snapshot = Snapshot(Integration("70", "70"), [
...     Invoice("B", date(2026, 1, 6), 1002),
...     Invoice("C", date(2026, 1, 10), 1002),
... ])
>>> print(collision_to_markdown(find_collisions(snapshot)[0]))
**The invoices B and C have the same booking number** (#1002 in journal 70)
<BLANKLINE>
| document | date | booking number | role |
|---|---|---|---|
| invoice B | 2026-01-06 | 1002 | stale |
| invoice C | 2026-01-10 | 1002 | holder |
"""

from __future__ import annotations

__all__ = [
    "DELETION_CSV_COLUMNS",
    "check_summary",
    "check_to_dict",
    "check_to_text",
    "collision_to_dict",
    "collision_to_html",
    "collision_to_markdown",
    "collisions_to_html",
    "collisions_to_markdown",
    "deletions_to_csv",
    "document_to_dict",
    "escape_markdown",
    "plan_to_dict",
    "plan_to_html",
    "plan_to_markdown",
    "plan_to_text",
    "policy_consequences",
    "reading_summary",
    "reading_to_dict",
    "simulation_to_dict",
    "simulation_to_html",
    "simulation_to_markdown",
    "simulation_to_text",
    "stale_line",
    "stale_to_html",
    "stale_to_markdown",
    "text_table",
]

import csv
import datetime as dt
import html
import io
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from . import _presentation
from .collisions import Collision, Collisions, find_collisions
from .cutoff import CutoffPolicy
from .findings import Finding
from .models import Document, DocumentKind, DocumentRef
from .plan import plan_repair
from .repair_plan import RepairPlan
from .resend import Sent
from .serialize import booking_to_dict, document_to_dict, snapshot_to_dict
from .simulate import Simulation
from .snapshot import Snapshot
from .stale import StaleDocuments, find_collision_risks, find_stale_documents
from .steps import DELETE_BOOKINGS, SET_NEXT_NUMBERS

#: The plan JSON's ``format`` and ``version`` keys, as the snapshot's.
PLAN_FORMAT = "booking_reconcile.plan"
PLAN_VERSION = 1
#: The rule of the warning about a stale document the plan leaves as it is.
_STALE_KEPT = "stale-document-kept"


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def collision_to_dict(collision: Collision) -> dict[str, Any]:
    """A collision as plain data."""
    return {
        "journal": collision.journal,
        "financial_year": collision.financial_year,
        "booking_number": collision.booking_number,
        "documents": [document_to_dict(document) for document in collision.documents],
        "holder": None if collision.holder is None else document_to_dict(collision.holder),
        "message": collision.message,
    }


@_presentation.to_data.register(RepairPlan)
def plan_to_dict(plan: RepairPlan) -> dict[str, Any]:
    """The plan as JSON-ready data, which :func:`~booking_reconcile.plan_reading.plan_from_dict` reads back."""
    integration = plan.integration
    return {
        "format": PLAN_FORMAT,
        "version": PLAN_VERSION,
        "kind": plan.kind,
        "policy": plan.policy.value,
        "integration": {
            "invoice_journal": integration.invoice_journal,
            "credit_note_journal": integration.credit_note_journal,
            "start_date": _iso(integration.start_date),
            "financial_year_start_month": integration.financial_year_start_month,
        },
        "needed": plan.needed,
        "feasible": plan.feasible,
        "collisions": [collision_to_dict(collision) for collision in plan.collisions],
        "cutoff": _iso(plan.cutoff),
        "delink_date": _iso(plan.delink_date),
        "start_date": _iso(plan.start_date),
        "to_delete": [
            {
                "journal": deletion.journal,
                "financial_year": deletion.financial_year,
                "booking_number": deletion.booking_number,
                "document": document_to_dict(deletion.document),
            }
            for deletion in plan.deletions
        ],
        "to_reset": [document_to_dict(document) for document in plan.to_reset],
        "next_numbers": [
            {
                "journal": next_number.journal,
                "financial_year": next_number.financial_year,
                "number": next_number.number,
                "configured": next_number.configured,
                "differs": next_number.differs,
            }
            for next_number in plan.next_numbers
        ],
        "after_sync": [document_to_dict(document) for document in plan.after_sync],
        "double_bookings": [
            {
                "journal": double.place.journal,
                "financial_year": double.place.financial_year,
                "document": document_to_dict(double.document),
                "booking": booking_to_dict(double.booking),
                "duplicate": booking_to_dict(double.duplicate),
            }
            for double in plan.double_bookings
        ],
        "sent": [
            {
                "journal": sent.place.journal,
                "financial_year": sent.place.financial_year,
                "document": document_to_dict(sent.document),
            }
            for sent in plan.sent
        ],
        "warnings": [_finding(finding) for finding in plan.warnings],
        "blockers": [_finding(finding) for finding in plan.blockers],
        "steps": [
            {"key": step.key, "title": step.title, "details": list(step.details)}
            for step in plan.steps
        ],
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "message": finding.message,
        "documents": [{"kind": ref.kind.value, "number": ref.number} for ref in finding.documents],
    }


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return lines


def _cell(value: object) -> str:
    if value is None:
        return "—"
    return escape_markdown(str(value)).replace("|", "\\|")


_MARKDOWN_SPECIALS = str.maketrans({char: f"\\{char}" for char in "\\`*_[]<>"})


def escape_markdown(text: str) -> str:
    r"""``text`` with the characters Markdown would interpret escaped.

    Table cells escape ``|`` as well.

    >>> print(escape_markdown("invoice INV*2026*5 <draft>"))
    invoice INV\*2026\*5 \<draft\>
    """
    return text.translate(_MARKDOWN_SPECIALS)


@_presentation.to_markdown.register(Collision)
def collision_to_markdown(collision: Collision) -> str:
    """A collision as Markdown: its message, then a table of its documents.

    Each document's role is ``holder`` (it owns the number in the accounting
    package) or ``stale`` (it carries the number without owning it).
    """
    title = (
        f"**{escape_markdown(collision.message)}** "
        f"(#{collision.booking_number} in {escape_markdown(str(collision.place))})"
    )
    rows = _collision_document_rows(collision)
    return "\n".join([title, "", *_table(("document", "date", "booking number", "role"), rows)])


def _collision_document_rows(collision: Collision) -> list[tuple[object, ...]]:
    """Each document of ``collision``: its name, date, number, and role (holder or stale)."""
    return [
        (
            document.record_name(),
            document.date.isoformat(),
            document.booking_number,
            "holder" if document == collision.holder else "stale",
        )
        for document in collision.documents
    ]


@_presentation.to_markdown.register(Collisions)
def collisions_to_markdown(collisions: Sequence[Collision]) -> str:
    """Collisions as Markdown: a count, then one table row per collision."""
    if not collisions:
        return "No collisions: no two documents share a booking number."
    count = "1 collision" if len(collisions) == 1 else f"{len(collisions)} collisions"
    return "\n".join([f"**{count}**", "", *_collision_table(collisions)])


def _collision_table(collisions: Sequence[Collision]) -> list[str]:
    return _table(
        ("journal", "financial year", "booking number", "message", "holder"),
        (
            (
                c.journal,
                c.financial_year,
                c.booking_number,
                c.message,
                None if c.holder is None else c.holder.record_name(),
            )
            for c in collisions
        ),
    )


@_presentation.to_markdown.register(RepairPlan)
def plan_to_markdown(plan: RepairPlan) -> str:
    """The plan as a Markdown checklist."""
    lines = [f"# Repair plan ({plan.policy.value})", ""]
    if not plan.needed:
        lines += ["Nothing collides: no repair is needed.", ""]
        lines += _findings("Warnings", plan.warnings)
        return "\n".join(lines).rstrip() + "\n"
    if plan.cutoff is None:  # a prevention, or double bookings only: nothing is reset
        lines += [
            f"- collisions: {len(plan.collisions)}; documents booked twice: "
            f"{len(plan.double_bookings)}",
            "- nothing collides yet: no cutoff, nothing is reset"
            if plan.kind == "prevent"
            else "- no cutoff: nothing is reset",
            f"- next booking numbers to set: {len(plan.next_numbers)}",
        ]
    else:
        lines += [
            f"- collisions: {len(plan.collisions)}",
            f"- cutoff and delink date: {_iso(plan.cutoff)}",
            f"- start date: {_iso(plan.start_date)}",
            f"- bookings to delete: {len(plan.to_delete)}; documents to reset: "
            f"{len(plan.to_reset)}",
        ]
    lines += [
        "- feasible: " + ("yes" if plan.feasible else "**no** — see the blockers"),
        *(f"- {escape_markdown(line)}" for line in policy_consequences(plan)),
        "",
    ]
    if plan.collisions:  # a prevention plan has none to show
        lines += ["## Collisions", "", *_collision_table(plan.collisions), ""]
    lines += _findings("Blockers", plan.blockers)
    lines += _findings("Warnings", _shown_warnings(plan))
    lines += ["## Steps", ""]
    for number, step in enumerate(plan.steps, start=1):
        lines.append(f"- [ ] **{number}.** {escape_markdown(step.title)}")
        lines.append("")
        if step.key == DELETE_BOOKINGS and plan.deletions:
            lines += _indent(_deletion_table(plan))
        elif step.key == SET_NEXT_NUMBERS and plan.next_numbers and plan.cutoff is not None:
            lines += _indent(_next_number_table(plan))
        else:
            lines += [f"    - {escape_markdown(detail)}" for detail in step.details]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _indent(lines: list[str]) -> list[str]:
    return [f"    {line}" for line in lines]


def _deletion_table(plan: RepairPlan) -> list[str]:
    return _table(*_deletion_rows(plan))


def _next_number_table(plan: RepairPlan) -> list[str]:
    return _table(*_next_number_rows(plan))


def _findings(title: str, findings: Sequence[Finding]) -> list[str]:
    if not findings:
        return []
    return [
        f"## {title}",
        "",
        *(f"- {escape_markdown(finding.message)}" for finding in findings),
        "",
    ]


# -- the simulation -------------------------------------------------------------


def _change_rows(
    changes: Sequence[tuple[Document, Sent]],
) -> tuple[tuple[str, ...], list[tuple[object, ...]]]:
    """Each document the sync sent: its name, date, journal, and number before and after."""
    header = ("document", "date", "journal", "booking number before", "after")
    rows: list[tuple[object, ...]] = [
        (
            old.record_name(),
            old.date.isoformat(),
            sent.place.journal,
            old.booking_number,
            sent.document.booking_number,
        )
        for old, sent in changes
    ]
    return header, rows


@_presentation.to_markdown.register(Simulation)
def simulation_to_markdown(simulation: Simulation) -> str:
    """The simulated result: a table of what the sync changes, the collisions left, the proof."""
    lines = ["## Simulated result", ""]
    changes = list(simulation.changes())
    if changes:
        lines += _table(*_change_rows(changes))
    else:
        lines.append("The synchronisation sends no document.")
    left = simulation.collisions_left
    lines += ["", f"- collisions left: {len(left) if left else 'none'}"]
    if simulation.problems:
        lines += [f"- proof FAILED: {escape_markdown(problem)}" for problem in simulation.problems]
    else:
        lines.append(
            "- proof: sound (no collision, every reset document booked once, "
            "nothing dated before the cutoff changed)"
        )
    return "\n".join(lines) + "\n"


@_presentation.to_data.register(Simulation)
def simulation_to_dict(simulation: Simulation) -> dict[str, Any]:
    """The simulated result as JSON-ready data."""
    return {
        "sound": simulation.sound,
        "problems": list(simulation.problems),
        "collisions_left": [collision.message for collision in find_collisions(simulation.after)],
        "changes": [
            {
                "kind": old.kind.value,
                "number": old.number,
                "date": old.date.isoformat(),
                "journal": sent.place.journal,
                "before": old.booking_number,
                "after": sent.document.booking_number,
            }
            for old, sent in simulation.changes()
        ],
        "snapshot": snapshot_to_dict(simulation.after),
    }


# -- what was read, what is wrong, what to do ---------------------------------


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _kind_count(kind: DocumentKind, number: int) -> str:
    return _count(number, kind.label, kind.plural)


def _per_journal(counts: Counter[str]) -> str:
    if not counts:
        return ""
    if len(counts) == 1:
        (journal,) = counts
        return f" in journal {journal}"
    return " in journals " + ", ".join(f"{code} ({counts[code]})" for code in sorted(counts))


def _counted(snapshot: Snapshot) -> tuple[dict[DocumentKind, Counter[str]], int]:
    """The documents per kind and journal, and how many of them are booked."""
    counts: dict[DocumentKind, Counter[str]] = {kind: Counter() for kind in DocumentKind}
    booked = 0
    for document in snapshot.documents:
        counts[document.kind][snapshot.journal_of(document)] += 1
        booked += document.booking_number is not None
    return counts, booked


def _bookings_per_journal(snapshot: Snapshot) -> Counter[str] | None:
    if snapshot.bookings is None:
        return None
    return Counter(booking.journal for booking in snapshot.bookings)


def reading_to_dict(snapshot: Snapshot) -> dict[str, Any]:
    """What was read, counted: documents per kind and journal, and bookings per journal.

    ``bookings`` is ``None`` when the accounting side was not given.
    """
    counts, booked = _counted(snapshot)
    bookings = _bookings_per_journal(snapshot)
    return {
        "documents": {kind.value: dict(journals) for kind, journals in counts.items()},
        "booked_documents": booked,
        "bookings": None if bookings is None else dict(bookings),
    }


def reading_summary(snapshot: Snapshot) -> str:
    """One sentence: the documents read per kind and journal, and the bookings.

    >>> from datetime import date
    >>> from booking_reconcile import CreditNote, Integration, Invoice, Snapshot
    >>> print(reading_summary(Snapshot(Integration("70", "71"), [
    ...     Invoice("A", date(2026, 1, 5), 1), CreditNote("K", date(2026, 1, 6))])))
    Read 1 invoice in journal 70 and 1 credit note in journal 71 (1 of them booked); no bookings of the accounting package (the holders of collisions are inferred).
    """
    counts, booked = _counted(snapshot)
    if not snapshot.documents:
        read = "Read no invoice and no credit note: the input holds no document"
    else:
        kinds = " and ".join(
            _kind_count(kind, sum(journals.values())) + _per_journal(journals)
            for kind, journals in counts.items()
        )
        read = f"Read {kinds} ({booked} of them booked)"
    bookings = _bookings_per_journal(snapshot)
    if bookings is None:
        return f"{read}; no bookings of the accounting package (the holders of collisions are inferred)."
    return f"{read}; {_count(sum(bookings.values()), 'booking')}{_per_journal(bookings)}."


def _refs_in_words(refs: Sequence[DocumentRef]) -> str:
    kinds = Counter(ref.kind for ref in refs)
    return " and ".join(_kind_count(kind, kinds[kind]) for kind in DocumentKind if kinds[kind])


def _stale_kept(plan: RepairPlan) -> list[DocumentRef]:
    return [
        ref for finding in plan.warnings if finding.rule == _STALE_KEPT for ref in finding.documents
    ]


def policy_consequences(plan: RepairPlan) -> tuple[str, ...]:
    """What the plan's policy means for the documents whose bookings were deleted.

    Computed from the plan's fields: the stale documents it keeps (its
    ``stale-document-kept`` warnings) stay out of the accounting package; the
    stale documents it resets are booked again. The other policy is offered
    only where it changes something, never when it is the one in use.
    """
    lines = []
    kept = _stale_kept(plan)
    if kept:
        them = "it" if len(kept) == 1 else "them"
        line = (
            f"{_refs_in_words(kept)} {'stays' if len(kept) == 1 else 'stay'} out of the "
            "accounting package (revenue and VAT not booked)"
        )
        if plan.policy is not CutoffPolicy.REBOOK_DELETED:
            line += f": use --policy rebook-deleted to book {them} again"
        lines.append(line + ".")
    deleted = {deletion.document.ref for deletion in plan.deletions}
    rebooked = [document.ref for document in plan.to_reset if document.ref not in deleted]
    if rebooked:
        one = len(rebooked) == 1
        lines.append(
            f"{_refs_in_words(rebooked)} whose {'booking was' if one else 'bookings were'} "
            f"deleted {'is' if one else 'are'} booked again (revenue and VAT booked anew)."
        )
    return tuple(lines)


def _shown_warnings(plan: RepairPlan) -> tuple[Finding, ...]:
    """The warnings, without offering the policy in use as the way out."""
    if plan.policy is not CutoffPolicy.REBOOK_DELETED:
        return plan.warnings
    offer = " (the rebook-deleted policy books it again)"
    return tuple(
        Finding(finding.rule, finding.message.replace(offer, ""), finding.documents)
        for finding in plan.warnings
    )


def _what_to_do(plan: RepairPlan) -> str:
    if not plan.needed:
        return "Nothing to do: no repair is needed."
    nexts = len(plan.next_numbers)
    if plan.cutoff is None:
        # A plan that prevents a collision (contract §3.9) deletes and resets nothing.
        todo = (
            f"To do: the {_count(len(plan.steps), 'step')} below: set "
            f"{_count(nexts, 'next booking number')} before the next synchronisation; "
            "nothing is deleted."
        )
    else:
        todo = (
            f"To do: the {len(plan.steps)} steps below: delete "
            f"{_count(len(plan.deletions), 'booking')}, deactivate the integration with delink "
            f"date {_iso(plan.delink_date)} (it resets "
            f"{_count(len(plan.to_reset), 'document')}), set "
            f"{_count(nexts, 'next booking number')}, reconnect with start date "
            f"{_iso(plan.start_date)} and synchronise."
        )
    if not plan.feasible:
        blockers = "blocker" if len(plan.blockers) == 1 else f"{len(plan.blockers)} blockers"
        todo += f" It cannot be carried out as it is: see the {blockers}."
    return todo


def _what_is_wrong(plan: RepairPlan) -> str:
    # DOMAIN §3.8: the evidence that the accounting side is incomplete leads.
    evidence = [
        finding.message for finding in (*plan.blockers, *plan.warnings) if finding.rule in _EVIDENCE
    ]
    first = f"{evidence[0]}{'; and more, below' if len(evidence) > 1 else ''}. " if evidence else ""
    collisions = plan.collisions
    doubles = (
        f" {_count(len(plan.double_bookings), 'document')} booked twice, once by hand."
        if plan.double_bookings
        else ""
    )
    if not collisions:
        if plan.kind == "prevent":
            return (
                f"Wrong: {first}nothing collides yet, but a stale document's number will be "
                f"handed out again.{doubles}"
            )
        but = "; but see the warnings" if plan.warnings and not doubles else ""
        return f"Wrong: {first}no two documents share a booking number{but}.{doubles}"
    shown = "; ".join(str(collision) for collision in collisions[:3])
    more = f"; and {len(collisions) - 3} more" if len(collisions) > 3 else ""
    return f"Wrong: {first}{_count(len(collisions), 'collision')}: {shown}{more}.{doubles}"


# -- plain text for a terminal -------------------------------------------------

_MIN_WIDTH = 40
_GAP = "  "


def _wrap(text: str, width: int, first: str = "", rest: str | None = None) -> list[str]:
    """``text`` wrapped to ``width``, words (document numbers, dates) never broken."""
    return textwrap.wrap(
        text,
        max(width, _MIN_WIDTH),
        initial_indent=first,
        subsequent_indent=first if rest is None else rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _text_cell(value: object) -> str:
    return "-" if value is None else str(value)


def text_table(header: Sequence[str], rows: Sequence[Sequence[object]], width: int) -> list[str]:
    """An aligned table no wider than ``width``: the widest columns wrap first.

    Columns of numbers are aligned right.

    >>> for line in text_table(("journal", "document"), [("70", "invoice 2026/4")], 40):
    ...     print(line)
    journal  document
    -------  --------------
    70       invoice 2026/4
    """
    body = [[_text_cell(value) for value in row] for row in rows]
    numeric = [
        bool(rows) and all(isinstance(row[i], int) for row in rows) for i in range(len(header))
    ]
    content = [max([0, *(len(row[i]) for row in body)]) for i in range(len(header))]
    widths = [max(len(title), content[i]) for i, title in enumerate(header)]
    words = [max(len(word) for word in title.split()) for title in header]
    unbreakable = [
        max([words[i], *(len(word) for row in body for word in row[i].split())])
        for i in range(len(header))
    ]
    budget = max(width, _MIN_WIDTH) - len(_GAP) * (len(header) - 1)
    # Headers wrap first (down to their cells' width), then cells, never mid-word.
    for floors in ([max(w, c) for w, c in zip(words, content, strict=True)], unbreakable):
        _shrink(widths, floors, budget)
    lines = _text_row(header, widths, [False] * len(header))
    lines.append(_GAP.join("-" * w for w in widths))
    for row in body:
        lines += _text_row(row, widths, numeric)
    return lines


def _shrink(widths: list[int], floors: Sequence[int], budget: int) -> None:
    """Narrow the columns with the most room above their floors until they fit ``budget``."""
    while sum(widths) > budget:
        room = [w - floor for w, floor in zip(widths, floors, strict=True)]
        widest = max(range(len(widths)), key=room.__getitem__)
        if room[widest] <= 0:
            return
        widths[widest] -= 1


def _text_row(cells: Sequence[str], widths: Sequence[int], numeric: Sequence[bool]) -> list[str]:
    parts = [
        [cell] if len(cell) <= w else textwrap.wrap(cell, w, break_on_hyphens=False) or [""]
        for cell, w in zip(cells, widths, strict=True)
    ]
    height = max(len(part) for part in parts)
    padded = [[*part, *[""] * (height - len(part))] for part in parts]
    return [
        _GAP.join(
            part[k].rjust(w) if right else part[k].ljust(w)
            for part, w, right in zip(padded, widths, numeric, strict=True)
        ).rstrip()
        for k in range(height)
    ]


def _heading(title: str, underline: str = "-") -> list[str]:
    return [title, underline * len(title), ""]


def plan_to_text(plan: RepairPlan, snapshot: Snapshot | None = None, *, width: int = 80) -> str:
    """The plan as plain text for a terminal ``width`` columns wide, the summary first.

    The summary says what was read (when ``snapshot`` is given), what is
    wrong, what to do and what the policy means for the documents whose
    bookings were deleted; then the blockers, warnings and the steps, with
    aligned tables of the bookings to delete and of the next numbers.
    """
    lines = _heading(f"Repair plan ({plan.policy.value})", "=")
    summary = [] if snapshot is None else [reading_summary(snapshot)]
    summary += [_what_is_wrong(plan), _what_to_do(plan), *policy_consequences(plan)]
    for sentence in summary:
        lines += _wrap(sentence, width, rest="  ")
    lines.append("")
    for title, findings in (("Blockers", plan.blockers), ("Warnings", _shown_warnings(plan))):
        if findings:
            lines += _heading(title)
            for finding in findings:
                lines += _wrap(finding.message, width, "- ", "  ")
            lines.append("")
    if plan.steps:
        lines += _heading("Steps")
    for number, step in enumerate(plan.steps, start=1):
        box = f"[ ] {number}. "
        indent = " " * len(box)
        lines += _wrap(step.title, width, box, indent)
        if step.key == DELETE_BOOKINGS and plan.deletions:
            table = text_table(*_without_empty(*_deletion_rows(plan)), width - len(indent))
        elif step.key == SET_NEXT_NUMBERS and plan.next_numbers and plan.cutoff is not None:
            table = text_table(*_without_empty(*_next_number_rows(plan)), width - len(indent))
        else:
            table = [
                line
                for detail in step.details
                for line in _wrap(detail, width - len(indent), "- ", "  ")
            ]
        lines += [f"{indent}{line}".rstrip() for line in table]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _without_empty(
    header: Sequence[str], rows: Sequence[Sequence[object]]
) -> tuple[list[str], list[list[object]]]:
    """The columns that hold a value in some row (no financial year column for continuous journals)."""
    kept = [i for i in range(len(header)) if any(row[i] is not None for row in rows)]
    return [header[i] for i in kept], [[row[i] for i in kept] for row in rows]


def _deletion_rows(plan: RepairPlan) -> tuple[tuple[str, ...], list[tuple[object, ...]]]:
    header = ("order", "journal", "financial year", "booking number", "document", "date")
    rows: list[tuple[object, ...]] = [
        (
            order,
            d.journal,
            d.financial_year,
            d.booking_number,
            d.document.record_name(),
            d.document.date.isoformat(),
        )
        for order, d in enumerate(plan.deletions, start=1)
    ]
    return header, rows


def _next_number_rows(plan: RepairPlan) -> tuple[tuple[str, ...], list[tuple[object, ...]]]:
    header = ("journal", "financial year", "next", "configured", "differs?")
    rows: list[tuple[object, ...]] = [
        (n.journal, n.financial_year, n.number, n.configured, "yes" if n.differs else "no")
        for n in plan.next_numbers
    ]
    return header, rows


def simulation_to_text(simulation: Simulation, *, width: int = 80) -> str:
    """The simulated result as plain text: a table of the changes, then the proof."""
    lines = _heading("Simulated result")
    changes = list(simulation.changes())
    if changes:
        lines += text_table(*_change_rows(changes), width)
    else:
        lines.append("The synchronisation sends no document.")
    left = simulation.collisions_left
    lines += ["", f"Collisions left: {len(left) if left else 'none'}."]
    if simulation.problems:
        for problem in simulation.problems:
            lines += _wrap(f"Proof FAILED: {problem}", width, rest="  ")
    else:
        lines += _wrap(
            "Proof: sound (no collision, every reset document booked once, nothing dated "
            "before the cutoff changed).",
            width,
            rest="  ",
        )
    return "\n".join(lines) + "\n"


# -- CSV for a spreadsheet -----------------------------------------------------

#: The columns of :func:`deletions_to_csv`, in order.
DELETION_CSV_COLUMNS = ("journal", "financial_year", "booking_number", "document", "date")


def deletions_to_csv(plan: RepairPlan) -> str:
    """The bookings to delete, in deletion order, as CSV with a header row.

    >>> from datetime import date
    >>> from booking_reconcile import Integration, Invoice, Snapshot, plan_repair
    >>> plan = plan_repair(Snapshot(Integration("70", "71"), [
    ...     Invoice("B", date(2026, 1, 6), 1002), Invoice("C", date(2026, 1, 10), 1002),
    ...     Invoice("D", date(2026, 1, 12), 1003)]))
    >>> print(deletions_to_csv(plan), end="")
    journal,financial_year,booking_number,document,date
    70,,1003,invoice D,2026-01-12
    70,,1002,invoice C,2026-01-10
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(DELETION_CSV_COLUMNS)
    for d in plan.deletions:
        writer.writerow(
            (
                d.journal,
                "" if d.financial_year is None else d.financial_year,
                d.booking_number,
                d.document.record_name(),
                d.document.date.isoformat(),
            )
        )
    return out.getvalue()


# -- HTML for notebooks -------------------------------------------------------


def _html_cell(value: object) -> str:
    return "—" if value is None else html.escape(str(value))


def _html_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    head = "".join(f"<th>{html.escape(title)}</th>" for title in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{_html_cell(value)}</td>" for value in row) + "</tr>" for row in rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody>\n</table>"


def _html_list(items: Iterable[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + f"</{tag}>"


@_presentation.to_html.register(Collision)
def collision_to_html(collision: Collision) -> str:
    """A collision as HTML: its message, then a table of its documents and their roles."""
    rows = _collision_document_rows(collision)
    return (
        f"<p><strong>{html.escape(collision.message)}</strong> "
        f"(#{collision.booking_number} in {html.escape(str(collision.place))})</p>\n"
        + _html_table(("document", "date", "booking number", "role"), rows)
    )


def _collision_rows(collisions: Sequence[Collision]) -> Iterable[Sequence[object]]:
    return (
        (
            c.journal,
            c.financial_year,
            c.booking_number,
            c.message,
            None if c.holder is None else c.holder.record_name(),
        )
        for c in collisions
    )


_COLLISION_HEADER = ("journal", "financial year", "booking number", "message", "holder")


@_presentation.to_html.register(Collisions)
def collisions_to_html(collisions: Sequence[Collision]) -> str:
    """Collisions as HTML: a count, then a table with one row per collision."""
    if not collisions:
        return "<p>No collisions: no two documents share a booking number.</p>"
    count = _count(len(collisions), "collision")
    return f"<p><strong>{count}</strong></p>\n" + _html_table(
        _COLLISION_HEADER, _collision_rows(collisions)
    )


def _stale_rows(documents: Sequence[Document]) -> Iterable[Sequence[object]]:
    return ((d.record_name(), d.date.isoformat(), d.booking_number) for d in documents)


_STALE_HEADER = ("document", "date", "booking number")


@_presentation.to_markdown.register(StaleDocuments)
def stale_to_markdown(documents: Sequence[Document]) -> str:
    """Stale documents as Markdown: a count, then a table of them."""
    if not documents:
        return "No stale documents: every booked document has its booking."
    count = _count(len(documents), "stale document")
    return "\n".join([f"**{count}**", "", *_table(_STALE_HEADER, _stale_rows(documents))])


@_presentation.to_html.register(StaleDocuments)
def stale_to_html(documents: Sequence[Document]) -> str:
    """Stale documents as HTML: a count, then a table of them."""
    if not documents:
        return "<p>No stale documents: every booked document has its booking.</p>"
    count = _count(len(documents), "stale document")
    return f"<p><strong>{count}</strong></p>\n" + _html_table(_STALE_HEADER, _stale_rows(documents))


@_presentation.to_html.register(RepairPlan)
def plan_to_html(plan: RepairPlan) -> str:
    """The plan as HTML: the summary, the collisions, findings and steps, with real tables."""
    parts = [f"<h3>Repair plan ({html.escape(plan.policy.value)})</h3>"]
    parts.append(_html_list([_what_is_wrong(plan), _what_to_do(plan), *policy_consequences(plan)]))
    if not plan.needed:
        parts += _html_findings("Warnings", plan.warnings)
        return "\n".join(parts)
    if plan.collisions:  # a prevention plan has none to show
        parts += [
            "<h4>Collisions</h4>",
            _html_table(_COLLISION_HEADER, _collision_rows(plan.collisions)),
        ]
    parts += _html_findings("Blockers", plan.blockers)
    parts += _html_findings("Warnings", _shown_warnings(plan))
    parts.append("<h4>Steps</h4>\n<ol>")
    for step in plan.steps:
        if step.key == DELETE_BOOKINGS and plan.deletions:
            detail = _html_table(*_deletion_rows(plan))
        elif step.key == SET_NEXT_NUMBERS and plan.next_numbers and plan.cutoff is not None:
            detail = _html_table(*_next_number_rows(plan))
        else:
            detail = _html_list(step.details)
        parts.append(f"<li>&#9744; {html.escape(step.title)}\n{detail}</li>")
    parts.append("</ol>")
    return "\n".join(parts)


def _html_findings(title: str, findings: Sequence[Finding]) -> list[str]:
    if not findings:
        return []
    return [f"<h4>{title}</h4>", _html_list(finding.message for finding in findings)]


@_presentation.to_html.register(Simulation)
def simulation_to_html(simulation: Simulation) -> str:
    """The simulated result as HTML: a table of what the sync changes, then the proof."""
    parts = ["<h4>Simulated result</h4>"]
    changes = list(simulation.changes())
    if changes:
        parts.append(_html_table(*_change_rows(changes)))
    else:
        parts.append("<p>The synchronisation sends no document.</p>")
    left = simulation.collisions_left
    items = [f"collisions left: {len(left) if left else 'none'}"]
    if simulation.problems:
        items += [f"proof FAILED: {problem}" for problem in simulation.problems]
    else:
        items.append(
            "proof: sound (no collision, every reset document booked once, "
            "nothing dated before the cutoff changed)"
        )
    parts.append(_html_list(items))
    return "\n".join(parts)


# -- what the command's check prints -------------------------------------------


def stale_line(snapshot: Snapshot, document: Document, risk: bool) -> str:
    """One line about a stale document; ``risk``: it predicts a collision."""
    line = (
        f"Stale: {document} carries a booking number whose booking no longer exists in "
        f"{snapshot.place_of(document)}"
    )
    if risk:
        line += f"; the next synchronisation hands #{document.booking_number} out again"
    return line


def check_summary(
    snapshot: Snapshot,
    collisions: Sequence[Collision],
    stale: Sequence[Document],
    plan: RepairPlan | None = None,
) -> str:
    """The last line of ``check``: what was found, and what to run next.

    It says what ``plan`` would answer (``plan`` is the plan under the default
    policy), so that the two commands agree: a repair, a prevention, or nothing.
    """
    kind = plan.kind if plan is not None else ("repair" if collisions else "none")
    doubles = len(plan.double_bookings) if plan is not None else 0
    found = [_count(len(collisions), "collision")]
    if snapshot.has_bookings:
        found.append(_count(len(stale), "stale document"))
    if doubles:
        found.append(_count(doubles, "double booking"))
    if kind == "repair":
        return (
            f"{', '.join(found)}; run `booking-reconcile plan` with the same inputs for the repair."
        )
    if kind == "prevent":
        return (
            f"{', '.join(found)}: nothing collides yet, but a stale document's number will be "
            "handed out again; run `booking-reconcile plan` with the same inputs to prevent it "
            "(nothing is deleted)."
        )
    if not snapshot.has_bookings:
        return "No collisions (stale documents are found only with the bookings: --bookings)."
    if not stale:
        return "No collisions and no stale documents."
    return (
        f"{', '.join(found)}: no collision is predicted, so there is nothing to repair; the "
        "stale documents stay out of the accounting package."
    )


def _findings_of_check(
    snapshot: Snapshot,
) -> tuple[Sequence[Collision], Sequence[Document], set[DocumentRef], RepairPlan]:
    collisions = find_collisions(snapshot)
    plan = plan_repair(snapshot)
    if not snapshot.has_bookings:
        return collisions, (), set(), plan
    risks = {document.ref for document in find_collision_risks(snapshot)}
    return collisions, find_stale_documents(snapshot), risks, plan


def check_to_text(snapshot: Snapshot) -> str:
    """What ``check`` prints: what was read, one line per collision and stale document, the summary.

    One line each (not wrapped), so that ``grep`` finds every finding whole. The
    evidence that the accounting side is incomplete (DOMAIN §3.8) comes first.
    """
    collisions, stale, risks, plan = _findings_of_check(snapshot)
    lines = [reading_summary(snapshot)]
    lines += [f"Blocker: {finding}" for finding in plan.blockers if finding.rule in _EVIDENCE]
    lines += [f"Warning: {finding}" for finding in plan.warnings if finding.rule in _EVIDENCE]
    lines += [collision.describe() for collision in collisions]
    lines += [f"Booked twice: {double}" for double in plan.double_bookings]
    lines += [stale_line(snapshot, document, document.ref in risks) for document in stale]
    lines.append(check_summary(snapshot, collisions, stale, plan))
    return "\n".join(lines) + "\n"


#: The rules of DOMAIN §3.8: is the accounting side complete?
_EVIDENCE = frozenset({"bookings-missing", "mostly-stale"})


def check_to_dict(snapshot: Snapshot) -> dict[str, Any]:
    """What ``check`` finds, as JSON-ready data (``stale`` is ``None`` without bookings)."""
    collisions, stale, risks, plan = _findings_of_check(snapshot)
    return {
        "read": reading_to_dict(snapshot),
        "kind": plan.kind,
        "needed": plan.needed,
        "collisions": [collision_to_dict(collision) for collision in collisions],
        "stale": None
        if not snapshot.has_bookings
        else [
            {**document_to_dict(document), "predicts_collision": document.ref in risks}
            for document in stale
        ],
        "double_bookings": [str(double) for double in plan.double_bookings],
        "evidence": [
            _finding(finding)
            for finding in (*plan.blockers, *plan.warnings)
            if finding.rule in _EVIDENCE
        ],
        "summary": check_summary(snapshot, collisions, stale, plan),
    }
