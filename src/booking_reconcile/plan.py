"""Planning the repair: every number and list of it, proven before it is returned.

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
>>> plan.cutoff, plan.delink_date, plan.start_date, plan.earliest_booked
(datetime.date(2026, 1, 10), datetime.date(2026, 1, 10), None, datetime.date(2026, 1, 5))
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

__all__ = ["plan_and_simulate", "plan_repair", "plan_with_cutoff"]

import datetime as dt

import attrs

from . import _checks
from .collisions import find_collisions
from .cutoff import CutoffPolicy, choose_cutoff, policy_of
from .deletion import Deletion, documents_to_reset, placed_deletions, split_at
from .double_bookings import find_double_bookings
from .errors import UnsoundPlanError
from .findings import PlanFacts, blockers_of, not_proven, warnings_of
from .next_numbers import next_booking_numbers, prevention_numbers
from .reconnect import start_date_for
from .repair_plan import RepairPlan
from .simulate import Simulation, proof_of, simulation_of
from .snapshot import Snapshot
from .stale import presumed_stale


def plan_repair(
    snapshot: Snapshot, policy: CutoffPolicy | str = CutoffPolicy.KEEP_DELETED
) -> RepairPlan:
    """The proven repair plan for ``snapshot`` under ``policy``.

    Raises :class:`~booking_reconcile.errors.UnsoundPlanError` (a defect of
    this library, never expected) rather than return a plan its simulation
    does not prove.
    """
    policy = policy_of(policy)
    plan, reasons, _ = _build(snapshot, policy, choose_cutoff(snapshot, policy))
    _refuse_unsound(reasons)
    return plan


def plan_and_simulate(
    snapshot: Snapshot, policy: CutoffPolicy | str = CutoffPolicy.KEEP_DELETED
) -> tuple[RepairPlan, Simulation]:
    """:func:`plan_repair`'s plan and its :func:`~booking_reconcile.simulate`, from one simulation.

    The simulated sync that proves the plan is the simulation returned, so
    showing the proof costs no second simulation (the command's ``plan
    --verify``). Raises :class:`~booking_reconcile.errors.UnsoundPlanError`
    as :func:`plan_repair` does.

    >>> from datetime import date
    >>> from booking_reconcile import Integration, Invoice, Snapshot
    >>> twins = [Invoice("A", date(2026, 1, 5), 1001), Invoice("B", date(2026, 1, 6), 1001)]
    >>> plan, simulation = plan_and_simulate(Snapshot(Integration("70", "70"), twins))
    >>> simulation.sound, [(sent.document.number, sent.document.booking_number) for sent in simulation.sent]
    (True, [('B', 1002)])
    """
    policy = policy_of(policy)
    plan, reasons, simulation = _build(
        snapshot, policy, choose_cutoff(snapshot, policy), simulated=True
    )
    _refuse_unsound(reasons)
    assert simulation is not None  # simulated=True
    return plan, simulation


def _refuse_unsound(reasons: tuple[str, ...]) -> None:
    if reasons:
        raise UnsoundPlanError(
            "the computed plan failed its proof (a defect of booking_reconcile; "
            "delete nothing on its strength): " + "; ".join(reasons)
        )


def plan_with_cutoff(
    snapshot: Snapshot,
    cutoff: dt.date | None,
    policy: CutoffPolicy | str = CutoffPolicy.KEEP_DELETED,
) -> RepairPlan:
    """The plan for a cutoff of your choosing, *not* proven.

    For exploring ("what if we went back to the first of the month?"). When
    its simulation finds the plan unsound, the plan says so itself: a
    ``not-proven`` blocker carries :func:`~booking_reconcile.verify_plan`'s
    reasons, so it is not ``feasible`` and its checklist never reads
    "feasible: yes" (worked example A, a cutoff after the collision):

    >>> from datetime import date
    >>> from booking_reconcile import Integration, Invoice, Snapshot
    >>> twins = [Invoice("B", date(2026, 1, 6), 1002), Invoice("C", date(2026, 1, 10), 1002)]
    >>> snapshot = Snapshot(Integration("70", "70"), twins)
    >>> late = plan_with_cutoff(snapshot, date(2026, 1, 13))
    >>> late.feasible, [blocker.rule for blocker in late.blockers]
    (False, ['not-proven'])
    >>> print(late.blockers[0])
    not proven: the plan for cutoff 2026-01-13 fails its simulation (after the repair: The invoices B and C have the same booking number (#1002 in journal 70)): delete nothing on its strength; use the plan plan_repair makes
    >>> plan_with_cutoff(snapshot, date(2026, 1, 10)) == plan_repair(snapshot)
    True
    """
    _checks.cutoff_argument("plan_with_cutoff", cutoff)
    plan, reasons, _ = _build(snapshot, policy_of(policy), cutoff)
    if not reasons:
        return plan
    return attrs.evolve(plan, blockers=(*plan.blockers, not_proven(cutoff, reasons)))


def _build(
    snapshot: Snapshot, policy: CutoffPolicy, cutoff: dt.date | None, *, simulated: bool = False
) -> tuple[RepairPlan, tuple[str, ...], Simulation | None]:
    """The plan for ``cutoff``, the reasons its proof finds (none when sound), its simulation.

    The simulation (``simulated``) is the proof's own simulated sync, kept.
    """
    collisions = find_collisions(snapshot)
    double_bookings = find_double_bookings(snapshot) if snapshot.has_bookings else ()
    to_reset = documents_to_reset(snapshot, cutoff)
    placed = placed_deletions(snapshot, cutoff)
    to_delete = tuple(document for document, _ in placed)
    if cutoff is not None:
        next_numbers = next_booking_numbers(snapshot, cutoff)
    elif not collisions:
        next_numbers = prevention_numbers(snapshot)  # §3.9: () when nothing is predicted
    else:
        next_numbers = ()
    deletions = tuple(
        Deletion(*place, document.booking_number or 0, document) for document, place in placed
    )
    simulation = None
    if simulated:
        simulation, overflow, refused = simulation_of(
            snapshot,
            cutoff=cutoff,
            to_reset=to_reset,
            deletions=deletions,
            next_numbers=next_numbers,
            double_bookings=double_bookings,
        )
        reasons, sent = simulation.problems, simulation.sent
    else:
        reasons, sent, overflow, refused = proof_of(
            snapshot,
            cutoff=cutoff,
            to_reset=to_reset,
            deletions=deletions,
            next_numbers=next_numbers,
            double_bookings=double_bookings,
        )
    facts = PlanFacts(
        snapshot=snapshot,
        policy=policy,
        collisions=collisions,
        stale=presumed_stale(snapshot),
        cutoff=cutoff,
        to_reset=to_reset,
        to_delete=to_delete,
        next_numbers=next_numbers,
        double_bookings=double_bookings,
        sent=sent,
        overflow=overflow,
        refused=refused,
    )
    needed = facts.needed
    plan = RepairPlan(
        policy=policy,
        integration=snapshot.integration,
        collisions=collisions,
        cutoff=cutoff,
        # §3.6: only a repair reconnects, so only a repair has a start date; an
        # unrecorded one is not invented (the steps give the earliest booked
        # document read as a check instead).
        start_date=start_date_for(snapshot) if cutoff is not None else None,
        earliest_booked=split_at(snapshot, cutoff).earliest if cutoff is not None else None,
        deletions=deletions,
        to_reset=to_reset,
        next_numbers=next_numbers,
        # A plan with nothing to do predicts nothing: the sync is not its doing.
        sent=sent if needed else (),
        double_bookings=double_bookings,
        warnings=warnings_of(facts),
        blockers=blockers_of(facts),
        labels=snapshot.labels,
    )
    return plan, reasons, simulation
