"""Confirming a repair (DOMAIN §3.11): did the person's repair do what the plan says?

A repair is carried out by hand, over several screens of two systems, and a
step is easily missed: a booking left undeleted, a next booking number not
set, the integration not deactivated, the synchronisation not run. Once the
plan has been followed, a fresh export of both sides (the *after* snapshot)
shows whether it worked. :func:`confirm_repair` compares it with the plan and
with the snapshot the plan was made from (the *before* snapshot), and returns
a :class:`Confirmation`: one :class:`Deviation` per thing that differs, each
naming the step it concerns, the documents and the numbers, and saying what
to do. A deviation *matters* unless the result is still sound (a document
received another number than predicted, but nothing collides).

The checks, one small rule function each, composed in :data:`CHECKS`:

- each double booking's manual entry is gone (step
  ``delete-double-bookings``, §3.10);
- each booking to delete is gone (step ``delete-bookings``): a booking left
  undeleted stays in its journal under its number, no longer linked to the
  document that was sent again (an entry with the document's number as its
  ``reference``, or none);
- each journal's configured next number, when the after snapshot knows it,
  is past every number the synchronisation handed out in its latest period
  (step ``set-next-numbers``);
- each document the synchronisation sends carries the number the plan
  predicted; where it differs, whether the result is still collision-free,
  and the step the difference points to: a booking not deleted in that
  journal, documents not reset there, documents the plan does not know sent
  there too (``synchronise``), else the first number handed out there
  (``set-next-numbers`` when it is not the plan's); a reset document not
  booked after points to ``synchronise``, or to ``deactivate`` when it still
  carries its old number;
- no booked document dated before the cutoff changed (step ``deactivate``);
- no collision is left (step ``synchronise``);
- the integration is connected with the plan's start date and journals,
  when the after snapshot knows them (step ``reconnect``).

A step that neither the after snapshot's data nor its effects can show done
(the bookings or the journals were not exported, and nothing was sent since)
is listed in ``unchecked`` as an :class:`Unchecked` record that says what to
export, and the confirmation is not ``ok`` while a needed step is unchecked.

Worked example A, carried out exactly, then with the next booking number
not set:

>>> from datetime import date
>>> from booking_reconcile import Booking, Integration, Invoice, Snapshot
>>> from booking_reconcile import plan_repair, simulate_repair
>>> a, b, c, d = (
...     Invoice("A", date(2026, 1, 5), 1001),
...     Invoice("B", date(2026, 1, 6), 1002),
...     Invoice("C", date(2026, 1, 10), 1002),
...     Invoice("D", date(2026, 1, 12), 1003),
... )
>>> bookings = [Booking("70", x.booking_number, x.date, x.ref) for x in (a, c, d)]
>>> before = Snapshot(Integration("70", "70"), [a, b, c, d], bookings=bookings)
>>> plan = plan_repair(before)
>>> confirm_repair(before, plan, simulate_repair(before, plan)).ok
True
>>> import attrs
>>> skipped = attrs.evolve(plan, next_numbers=())
>>> confirmation = confirm_repair(before, plan, simulate_repair(before, skipped))
>>> confirmation.ok
False
>>> [(deviation.step, deviation.matters) for deviation in confirmation.deviations]
[('set-next-numbers', True), ('set-next-numbers', False)]
>>> print(confirmation.deviations[0].message)
invoice C received booking number 1002 in journal 70, not 1003 as the plan predicted: the next booking number of journal 70 was not set to 1003 (step set-next-numbers), or the repair was not carried out at all (is the new snapshot exported after it?); it now collides (The invoices B and C have the same booking number): plan the repair again from the new snapshot
"""

from __future__ import annotations

__all__ = ["CHECKS", "Confirmation", "Deviation", "Unchecked", "confirm_repair"]

from ._confirm_checks import CHECKS, DEACTIVATE, STEP_ORDER, Facts, unchecked_steps
from .confirmation import Confirmation, Deviation, Unchecked
from .errors import BookingReconcileError, PlanMismatchError
from .repair_plan import RepairPlan
from .snapshot import Snapshot


def confirm_repair(before: Snapshot | None, plan: RepairPlan, after: Snapshot) -> Confirmation:
    """Whether the repair ``after`` shows is the one ``plan`` (made from ``before``) describes.

    ``before`` may be ``None`` when it is not at hand; then the check that no
    document dated before the cutoff changed cannot run, and the confirmation
    says so in ``unchecked`` (a check left out, which does not keep it from
    being ``ok``). A needed step that ``after`` cannot show done (deletions
    without its bookings, a next number without its journals and with
    nothing sent since) is unchecked too, and the confirmation is not ``ok``
    until a new snapshot shows it. Raises
    :class:`~booking_reconcile.errors.PlanMismatchError` when the plan names
    documents ``before`` does not hold as such.
    """
    if before is not None:
        _check_plan_matches(before, plan)
    facts = Facts(before, plan, after)
    unchecked = list(unchecked_steps(facts))
    if before is None:
        unchecked.append(
            Unchecked(
                DEACTIVATE,
                "no document dated before the cutoff changed (give the snapshot the plan was "
                "made from)",
                matters=False,
            )
        )
    deviations = [deviation for check in CHECKS for deviation in check(facts)]
    deviations.sort(key=lambda deviation: STEP_ORDER.get(deviation.step, len(STEP_ORDER)))
    return Confirmation(deviations=deviations, unchecked=unchecked)


def _check_plan_matches(before: Snapshot, plan: RepairPlan) -> None:
    for document in (*plan.to_reset, *plan.to_delete):
        try:
            held = before.document(document.ref)
        except BookingReconcileError:
            held = None
        if held != document:
            raise PlanMismatchError(
                f"the plan names {document}, which the snapshot before the repair does not "
                "hold as such; give the snapshot the plan was computed from"
            )
