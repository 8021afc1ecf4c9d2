"""Rendering a repair plan: JSON-ready data, and a Markdown checklist.

``plan.to_dict()`` gives plain data (ISO dates, no library objects) for
connectors and APIs; ``plan.to_markdown()`` the checklist a person follows,
naming every document, number and date, with a table of the bookings to delete
and one of the next booking numbers.

The same Markdown is what a notebook shows: :class:`~booking_reconcile.RepairPlan`,
:class:`~booking_reconcile.Collision` and the tuple of collisions that
:func:`~booking_reconcile.find_collisions` returns have a ``_repr_markdown_``
method, which Jupyter calls to display them. Text that comes from the input
(document numbers, journal codes) is escaped, so a document number such as
``INV*2026*5`` shows as written and never turns into emphasis or a table
border.

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
    "collision_to_dict",
    "collision_to_markdown",
    "collisions_to_markdown",
    "document_to_dict",
    "escape_markdown",
    "plan_to_dict",
    "plan_to_markdown",
    "simulation_to_dict",
    "simulation_to_markdown",
]

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from . import _presentation
from .collisions import Collision, Collisions, find_collisions
from .findings import Finding
from .repair_plan import RepairPlan
from .serialize import booking_to_dict, document_to_dict, snapshot_to_dict
from .simulate import Simulation
from .steps import DELETE_BOOKINGS, SET_NEXT_NUMBERS

#: The plan JSON's ``format`` and ``version`` keys, as the snapshot's.
PLAN_FORMAT = "booking_reconcile.plan"
PLAN_VERSION = 1


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
    rows = (
        (
            document.record_name(),
            document.date.isoformat(),
            document.booking_number,
            "holder" if document == collision.holder else "stale",
        )
        for document in collision.documents
    )
    return "\n".join([title, "", *_table(("document", "date", "booking number", "role"), rows)])


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
    lines += [
        f"- collisions: {len(plan.collisions)}",
        f"- cutoff and delink date: {_iso(plan.cutoff)}",
        f"- start date: {_iso(plan.start_date)}",
        f"- bookings to delete: {len(plan.to_delete)}; documents to reset: {len(plan.to_reset)}",
        "- feasible: " + ("yes" if plan.feasible else "**no** — see the blockers"),
        "",
        "## Collisions",
        "",
        *_collision_table(plan.collisions),
        "",
    ]
    lines += _findings("Blockers", plan.blockers)
    lines += _findings("Warnings", plan.warnings)
    lines += ["## Steps", ""]
    for number, step in enumerate(plan.steps, start=1):
        lines.append(f"- [ ] **{number}.** {escape_markdown(step.title)}")
        lines.append("")
        if step.key == DELETE_BOOKINGS and plan.deletions:
            lines += _indent(_deletion_table(plan))
        elif step.key == SET_NEXT_NUMBERS and plan.next_numbers:
            lines += _indent(_next_number_table(plan))
        else:
            lines += [f"    - {escape_markdown(detail)}" for detail in step.details]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _indent(lines: list[str]) -> list[str]:
    return [f"    {line}" for line in lines]


def _deletion_table(plan: RepairPlan) -> list[str]:
    return _table(
        ("order", "journal", "financial year", "booking number", "document", "date"),
        (
            (
                order,
                d.journal,
                d.financial_year,
                d.booking_number,
                d.document.record_name(),
                d.document.date.isoformat(),
            )
            for order, d in enumerate(plan.deletions, start=1)
        ),
    )


def _next_number_table(plan: RepairPlan) -> list[str]:
    return _table(
        ("journal", "financial year", "next", "configured", "differs?"),
        (
            (n.journal, n.financial_year, n.number, n.configured, "yes" if n.differs else "no")
            for n in plan.next_numbers
        ),
    )


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


def _number(value: int | None) -> str:
    return "—" if value is None else str(value)


@_presentation.to_markdown.register(Simulation)
def simulation_to_markdown(simulation: Simulation) -> str:
    """The simulated result: a table of what the sync changes, the collisions left, the proof."""
    lines = ["## Simulated result", ""]
    changes = list(simulation.changes())
    if changes:
        lines += _table(
            ("document", "date", "journal", "booking number before", "after"),
            (
                (
                    old.record_name(),
                    old.date.isoformat(),
                    sent.place.journal,
                    _number(old.booking_number),
                    _number(sent.document.booking_number),
                )
                for old, sent in changes
            ),
        )
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
