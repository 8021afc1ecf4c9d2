"""Proving a plan: simulate the repair and a synchronisation, then check the result.

The simulation models both sides on a snapshot:

1. remove the bookings the plan deletes;
2. clear the booking numbers of the documents the plan resets;
3. set each journal's next number to the plan's;
4. send the reset documents and every document not booked yet, in sync
   order; the accounting package gives each
   ``max(highest number in its journal and period + 1, configured next)``.

When the snapshot's bookings are not known, the simulation starts from the
bookings the rules infer: every booked document has one, except the stale
documents the collisions reveal.

A plan is **sound** when the simulated result has no collision, every reset
document is booked exactly once, and no booked document dated before the
cutoff changed its number. (Documents not booked yet are booked by the
synchronisation whatever their date: that is the synchronisation's job, not a
change the repair makes.)

>>> from datetime import date
>>> from booking_reconcile import Integration, Invoice, Snapshot, plan_repair
>>> snapshot = Snapshot(Integration("70", "70"), [
...     Invoice("A", date(2026, 1, 5), 1001),
...     Invoice("B", date(2026, 1, 6), 1002),
...     Invoice("C", date(2026, 1, 10), 1002),
... ])
>>> plan = plan_repair(snapshot)
>>> verify_plan(snapshot, plan)
()
>>> [(d.number, d.booking_number) for d in simulate_repair(snapshot, plan).documents]
[('A', 1001), ('B', 1002), ('C', 1003)]
"""

from __future__ import annotations

__all__ = ["sent_documents", "simulate_repair", "verify_plan"]

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from .collisions import find_collisions
from .deletion import documents_to_reset, stale_documents
from .errors import BookingReconcileError, PlanMismatchError
from .models import Booking, Document, DocumentRef
from .ordering import sync_order
from .snapshot import Place, Snapshot

if TYPE_CHECKING:
    from .plan import RepairPlan


def simulate_repair(snapshot: Snapshot, plan: RepairPlan) -> Snapshot:
    """The snapshot after carrying out ``plan`` and synchronising once.

    The result always has bookings (inferred ones when ``snapshot`` had none).
    Raises :class:`~booking_reconcile.errors.PlanMismatchError` when the plan
    names documents the snapshot does not hold.
    """
    _check_plan_matches(snapshot, plan)
    bookings = _bookings_after_deletion(snapshot, plan)
    sent = _send(snapshot, plan, bookings)
    replaced = {document.ref: document for document in sent}
    documents = [replaced.get(document.ref, document) for document in snapshot.documents]
    new_bookings = [
        Booking(
            snapshot.journal_of(document), document.booking_number or 0, document.date, document.ref
        )
        for document in sent
    ]
    return Snapshot(snapshot.integration, documents, snapshot.journals, [*bookings, *new_bookings])


def sent_documents(snapshot: Snapshot, plan: RepairPlan) -> tuple[Document, ...]:
    """The documents the synchronisation sends, in sync order, with their new numbers."""
    _check_plan_matches(snapshot, plan)
    return tuple(_send(snapshot, plan, _bookings_after_deletion(snapshot, plan)))


def verify_plan(snapshot: Snapshot, plan: RepairPlan) -> tuple[str, ...]:
    """The reasons ``plan`` is not sound for ``snapshot``; empty when it is."""
    if plan.cutoff is None:
        return tuple(
            f"{collision.message}, but the plan repairs nothing"
            for collision in find_collisions(snapshot)
        )
    reasons = _plan_reasons(snapshot, plan, plan.cutoff)
    if reasons:
        return tuple(reasons)
    try:
        after = simulate_repair(snapshot, plan)
    except BookingReconcileError as error:
        return (f"the repair cannot be simulated: {error}",)
    reasons += [f"after the repair: {collision}" for collision in find_collisions(after)]
    for document in plan.to_reset:
        if after.booking_of(after.document(document.ref)) is None:
            reasons.append(f"{document.record_name()} is reset but not booked again")
    for before in snapshot.documents:
        if before.date < plan.cutoff and before.is_booked:
            now = after.document(before.ref)
            if now.booking_number != before.booking_number:
                reasons.append(
                    f"{before.record_name()} of {before.date.isoformat()} is dated before the "
                    f"cutoff but changes from #{before.booking_number} to #{now.booking_number}"
                )
    return tuple(reasons)


def _plan_reasons(snapshot: Snapshot, plan: RepairPlan, cutoff: dt.date) -> list[str]:
    """What is wrong with the plan's lists before simulating anything."""
    reasons = []
    expected = {document.ref for document in documents_to_reset(snapshot, cutoff)}
    listed = {document.ref for document in plan.to_reset}
    reasons += [
        f"{ref} is dated on or after the cutoff, so the integration resets it, but the plan "
        "does not list it"
        for ref in sorted(expected - listed, key=str)
    ]
    reasons += [
        f"{ref} is listed to reset, but the integration does not reset it"
        for ref in sorted(listed - expected, key=str)
    ]
    existing = _existing_booking_refs(snapshot)
    deleted = {document.ref for document in plan.to_delete}
    reasons += [
        f"{ref} is listed to delete, but it has no booking in the accounting package"
        for ref in sorted(deleted - existing, key=str)
    ]
    reasons += [
        f"{ref} is listed to delete, but it is not reset"
        for ref in sorted(deleted - listed, key=str)
    ]
    reasons += [
        f"{ref} is reset but its booking is not deleted: it would be booked twice"
        for ref in sorted((listed & existing) - deleted, key=str)
    ]
    return reasons


def _check_plan_matches(snapshot: Snapshot, plan: RepairPlan) -> None:
    for document in (*plan.to_reset, *plan.to_delete):
        try:
            held = snapshot.document(document.ref)
        except BookingReconcileError:
            held = None
        if held != document:
            raise PlanMismatchError(
                f"the plan names {document}, which this snapshot does not hold as such; "
                "use the plan with the snapshot it was computed from"
            )


def _existing_booking_refs(snapshot: Snapshot) -> set[DocumentRef]:
    """Documents with a booking: known from the bookings, or inferred."""
    if snapshot.has_bookings:
        return {b.document for b in snapshot.bookings or () if b.document is not None}
    stale = {document.ref for document in stale_documents(snapshot)}
    return {
        document.ref
        for document in snapshot.documents
        if document.is_booked and document.ref not in stale
    }


def _bookings_after_deletion(snapshot: Snapshot, plan: RepairPlan) -> list[Booking]:
    deleted = {document.ref for document in plan.to_delete}
    if snapshot.has_bookings:
        bookings = list(snapshot.bookings or ())
    else:
        existing = _existing_booking_refs(snapshot)
        bookings = [
            Booking(snapshot.journal_of(d), d.booking_number or 0, d.date, d.ref)
            for d in snapshot.documents
            if d.ref in existing
        ]
    return [booking for booking in bookings if booking.document not in deleted]


def _send(snapshot: Snapshot, plan: RepairPlan, bookings: list[Booking]) -> list[Document]:
    highest: dict[Place, int] = {}
    for booking in bookings:
        place = snapshot.booking_place(booking)
        highest[place] = max(highest.get(place, 0), booking.booking_number)
    configured = {next_number.place: next_number.number for next_number in plan.next_numbers}
    reset = {document.ref for document in plan.to_reset}
    waiting = [
        document
        for document in snapshot.documents
        if document.booking_number is None or document.ref in reset
    ]
    sent = []
    for document in sync_order(waiting):
        place = snapshot.place_of(document)
        number = max(highest.get(place, 0) + 1, configured.get(place, 0))
        highest[place] = number
        sent.append(attrs.evolve(document, booking_number=number))
    return sent
