"""What ``check`` found: the one verdict every command, batch and output format asks.

``check`` answers one question: is there something to do? Its answer is the
plan's (DOMAIN §3.9): something collides or is booked twice (a *repair*), or
a stale document's number will be handed out again (a *prevention*), or the
plan has a blocker (the evidence of DOMAIN §3.8 that the two sides leave
something unexplained: ``plan`` exits 1 on it too), or nothing is to do. A
stale document whose number no later document will receive is reported, but
it is no finding: nothing collides, now or at the next synchronisation, so
``check`` and ``plan`` agree that nothing needs doing. :func:`check_snapshot`
computes the findings once; the text, the JSON and the exit status all read
them from the :class:`CheckVerdict`.

>>> from datetime import date
>>> from booking_reconcile import Booking, Integration, Invoice, Journal, Snapshot
>>> harmless = Snapshot(Integration("70", "70"), [
...     Invoice("A", date(2026, 1, 5), 1), Invoice("B", date(2026, 1, 6), 2)],
...     [Journal("70", next_booking_number=3)],
...     bookings=[Booking("70", 2, date(2026, 1, 6), Invoice("B", date(2026, 1, 6)).ref)])
>>> verdict = check_snapshot(harmless)
>>> [document.record_name() for document in verdict.stale], verdict.found, verdict.status
(['invoice A'], False, 'clean')
"""

from __future__ import annotations

__all__ = ["EVIDENCE", "CheckVerdict", "check_snapshot", "evidence_of"]

import attrs

from .collisions import Collision, find_collisions
from .models import Document, DocumentRef
from .plan import plan_repair
from .plan_facts import Finding
from .repair_plan import RepairPlan, require_plan
from .snapshot import Snapshot
from .stale import find_collision_risks, find_stale_documents

#: The rules of DOMAIN §3.8's evidence (:mod:`booking_reconcile.evidence_rules`, the
#: documents side's and the numbering runs'):
#: is each booking linked, and is each side complete? ``check`` shows each of
#: their findings, and the plan's summary leads with them.
EVIDENCE = frozenset(
    {
        "no-booking-names-a-document",
        "booking-unlinked",
        "booking-of-unbooked-document",
        "booking-of-reset-document",
        "linked-by-number",
        "bookings-missing",
        "bookings-filtered-by-date",
        "bookings-filtered-to-date",
        "mostly-stale",
        "documents-missing",
        "reference-names-no-document",
        "per-year-numbering",
        "another-administration",
    }
)


def evidence_of(plan: RepairPlan) -> tuple[tuple[bool, Finding], ...]:
    """The plan's findings of DOMAIN §3.8's evidence, blockers first: (is it a blocker, finding).

    >>> from datetime import date
    >>> from booking_reconcile import Integration, Invoice, Snapshot, plan_repair
    >>> plan = plan_repair(Snapshot(Integration("70", "71"), [
    ...     Invoice("1", date(2026, 1, 5), 1001)], bookings=()))
    >>> [(blocker, finding.rule) for blocker, finding in evidence_of(plan)]
    [(True, 'bookings-missing')]
    """
    require_plan(plan)
    return (
        *((True, finding) for finding in plan.blockers if finding.rule in EVIDENCE),
        *((False, finding) for finding in plan.warnings if finding.rule in EVIDENCE),
    )


@attrs.frozen
class CheckVerdict:
    """What ``check`` found in one snapshot, computed once.

    ``stale`` is ``None`` when the snapshot has no bookings (then no document
    can be known to be stale); ``risks`` are the stale documents whose number
    the next synchronisation hands out again; ``plan`` is the plan under the
    default policy, whose ``needed`` and ``feasible`` are the verdict.
    """

    snapshot: Snapshot
    collisions: tuple[Collision, ...]
    stale: tuple[Document, ...] | None
    risks: frozenset[DocumentRef]
    plan: RepairPlan

    @property
    def found(self) -> bool:
        """Something to repair or to prevent, or a blocker: ``check`` exits 1, as ``plan`` does.

        A plan with nothing to do but a blocker (bookings that look missing,
        DOMAIN §3.8) is no "clean": ``plan`` exits 1 on it, and so does ``check``.
        """
        return self.plan.needed or not self.plan.feasible

    @property
    def evidence(self) -> tuple[tuple[bool, Finding], ...]:
        """The findings of DOMAIN §3.8's evidence, blockers first (:func:`evidence_of`)."""
        return evidence_of(self.plan)

    @property
    def kind(self) -> str:
        """The plan's kind: ``"repair"``, ``"prevent"`` or ``"none"``."""
        return self.plan.kind

    @property
    def status(self) -> str:
        """``"found"`` or ``"clean"``, as a batch's answer says it."""
        return "found" if self.found else "clean"


def check_snapshot(snapshot: Snapshot) -> CheckVerdict:
    """The findings of ``check`` for ``snapshot``: collisions, stale documents, the plan."""
    collisions = tuple(find_collisions(snapshot))
    plan = plan_repair(snapshot)
    if not snapshot.has_bookings:
        return CheckVerdict(snapshot, collisions, None, frozenset(), plan)
    risks = frozenset(document.ref for document in find_collision_risks(snapshot))
    stale = tuple(find_stale_documents(snapshot))
    return CheckVerdict(snapshot, collisions, stale, risks, plan)
