"""The repair plan: every number and list of the repair, in the order a person works.

:func:`plan_repair` finds the collisions, chooses the cutoff under a policy,
lists the documents to reset and the bookings to delete (in deletion order),
computes the next booking numbers and the dates to reconnect with, collects
warnings and blockers, and lays it all out as steps. Before returning, it
*proves* the plan: it simulates the repair and a synchronisation on the
snapshot (:func:`~booking_reconcile.simulate_repair`) and checks the result
(:func:`~booking_reconcile.verify_plan`). A plan that fails its proof is never
returned.

Worked example A of DOMAIN.md:

>>> from datetime import date
>>> from booking_reconcile import Booking, Integration, Invoice, Snapshot
>>> a, b, c, d = (
...     Invoice("A", date(2026, 1, 5), 1001),
...     Invoice("B", date(2026, 1, 6), 1002),
...     Invoice("C", date(2026, 1, 10), 1002),
...     Invoice("D", date(2026, 1, 12), 1003),
... )
>>> bookings = [Booking("70", x.booking_number, x.date, x.ref) for x in (a, c, d)]
>>> plan = plan_repair(Snapshot(Integration("70", "70"), [a, b, c, d], bookings=bookings))
>>> plan.cutoff, plan.delink_date, plan.start_date
(datetime.date(2026, 1, 10), datetime.date(2026, 1, 10), datetime.date(2026, 1, 5))
>>> [(x.number, x.booking_number) for x in plan.to_delete]
[('D', 1003), ('C', 1002)]
>>> [str(n) for n in plan.next_numbers]
['journal 70: next booking number 1003']
>>> [(x.number, x.booking_number) for x in plan.after_sync]
[('C', 1003), ('D', 1004)]
>>> print(plan.warnings[0])
invoice B keeps booking number 1002 in journal 70, but its booking no longer exists in the accounting package: it stays out of the accounting package (the rebook-deleted policy books it again)
"""

from __future__ import annotations

__all__ = [
    "Deletion",
    "RepairPlan",
    "plan_repair",
    "plan_with_cutoff",
]

import datetime as dt
from typing import Any

import attrs

from .collisions import Collision, find_collisions
from .cutoff import CutoffPolicy, cutoff_for, policy_of
from .deletion import deletions_among, documents_to_reset, stale_documents
from .errors import UnsoundPlanError
from .findings import Finding, PlanFacts, blockers_of, warnings_of
from .models import Document
from .numbering import NextBookingNumber, next_numbers_for
from .ordering import date_key
from .render import plan_to_dict, plan_to_markdown
from .simulate import prove
from .snapshot import Place, Snapshot
from .steps import Step, steps_of


@attrs.frozen
class Deletion:
    """One booking to delete in the accounting package."""

    journal: str
    financial_year: int | None
    booking_number: int
    document: Document

    @property
    def place(self) -> Place:
        """The journal and numbering period of the booking."""
        return Place(self.journal, self.financial_year)

    def __str__(self) -> str:
        return (
            f"{self.place}: #{self.booking_number} — {self.document.record_name()} "
            f"of {self.document.date.isoformat()}"
        )


@attrs.frozen
class RepairPlan:
    """Everything the repair needs, as data, in the order a person performs it.

    ``to_delete`` is in deletion order; ``deletions`` gives the same bookings
    with their journal and financial year; ``after_sync`` the documents sent
    by the synchronisation with the numbers they will receive.

    When nothing collides there is nothing to repair: ``cutoff``,
    ``delink_date`` and ``start_date`` are ``None`` (the start date only
    matters for reconnecting), the lists and ``steps`` are empty, and
    ``warnings`` may still tell of stale documents.
    """

    policy: CutoffPolicy
    collisions: tuple[Collision, ...]
    cutoff: dt.date | None
    delink_date: dt.date | None
    start_date: dt.date | None
    to_delete: tuple[Document, ...]
    to_reset: tuple[Document, ...]
    next_numbers: tuple[NextBookingNumber, ...]
    warnings: tuple[Finding, ...]
    blockers: tuple[Finding, ...]
    steps: tuple[Step, ...]
    deletions: tuple[Deletion, ...] = ()
    after_sync: tuple[Document, ...] = ()

    @property
    def needed(self) -> bool:
        """Whether anything collides, so that a repair is needed."""
        return bool(self.collisions)

    @property
    def feasible(self) -> bool:
        """Whether the plan can be carried out as it is (it has no blockers)."""
        return not self.blockers

    def to_dict(self) -> dict[str, Any]:
        """The plan as JSON-ready data (ISO dates, plain types)."""
        return plan_to_dict(self)

    def to_markdown(self) -> str:
        """The plan as a Markdown checklist a person follows."""
        return plan_to_markdown(self)

    def _repr_markdown_(self) -> str:
        """The checklist, for Jupyter to display."""
        return plan_to_markdown(self)

    def __repr__(self) -> str:
        # The generated repr would spell out every document several times over.
        return f"<{self}>"

    def __str__(self) -> str:
        if not self.needed:
            return "RepairPlan: nothing collides, no repair needed"
        return (
            f"RepairPlan ({self.policy.value}): {len(self.collisions)} collision(s), "
            f"cutoff {self.cutoff}, {len(self.to_delete)} to delete, "
            f"{len(self.to_reset)} to reset"
            + ("" if self.feasible else f", {len(self.blockers)} blocker(s)")
        )


def plan_repair(
    snapshot: Snapshot, policy: CutoffPolicy | str = CutoffPolicy.KEEP_DELETED
) -> RepairPlan:
    """The proven repair plan for ``snapshot`` under ``policy``.

    Raises :class:`~booking_reconcile.errors.UnsoundPlanError` (a defect of
    this library, never expected) rather than return a plan its simulation
    does not prove.
    """
    policy = policy_of(policy)
    collisions = find_collisions(snapshot)
    stale = stale_documents(snapshot, collisions)
    cutoff = cutoff_for(collisions, stale, policy)
    plan, reasons = _build(snapshot, policy, collisions, stale, cutoff)
    if reasons:
        raise UnsoundPlanError(
            "the computed plan failed its proof (a defect of booking_reconcile; "
            "delete nothing on its strength): " + "; ".join(reasons)
        )
    return plan


def plan_with_cutoff(
    snapshot: Snapshot,
    cutoff: dt.date | None,
    policy: CutoffPolicy | str = CutoffPolicy.KEEP_DELETED,
) -> RepairPlan:
    """The plan for a cutoff of your choosing, *not* proven.

    For exploring ("what if we went back to the first of the month?"): check
    the result with :func:`~booking_reconcile.verify_plan` before using it.
    """
    policy = policy_of(policy)
    collisions = find_collisions(snapshot)
    plan, _ = _build(snapshot, policy, collisions, stale_documents(snapshot, collisions), cutoff)
    return plan


def _build(
    snapshot: Snapshot,
    policy: CutoffPolicy,
    collisions: tuple[Collision, ...],
    stale: tuple[Document, ...],
    cutoff: dt.date | None,
) -> tuple[RepairPlan, tuple[str, ...]]:
    """The plan for ``cutoff``, and the reasons its proof finds (none when sound)."""
    to_reset = documents_to_reset(snapshot, cutoff)
    to_delete = deletions_among(snapshot, to_reset, stale=stale)
    next_numbers = next_numbers_for(snapshot, to_reset, to_delete) if cutoff is not None else ()
    first_booked = min(
        (document for document in snapshot.documents if document.is_booked),
        key=date_key,
        default=None,
    )
    # §3.6: the recorded start date, else the date of the earliest booked document.
    start_date = snapshot.integration.start_date
    if start_date is None and first_booked is not None:
        start_date = first_booked.date
    facts = PlanFacts(
        snapshot=snapshot,
        policy=policy,
        collisions=collisions,
        stale=stale,
        cutoff=cutoff,
        start_date=start_date,
        first_booked=first_booked,
        to_reset=to_reset,
        to_delete=to_delete,
        next_numbers=next_numbers,
    )
    deletions = tuple(
        Deletion(*snapshot.place_of(document), document.booking_number or 0, document)
        for document in to_delete
    )
    plan = RepairPlan(
        policy=policy,
        collisions=collisions,
        cutoff=cutoff,
        delink_date=cutoff,
        start_date=start_date if cutoff is not None else None,
        to_delete=to_delete,
        to_reset=to_reset,
        next_numbers=next_numbers,
        warnings=warnings_of(facts),
        blockers=blockers_of(facts),
        steps=(),
        deletions=deletions,
    )
    reasons, sent = prove(snapshot, plan)
    if cutoff is not None:
        plan = attrs.evolve(plan, after_sync=sent)
        plan = attrs.evolve(plan, steps=steps_of(snapshot, plan))
    return plan, reasons
