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

__all__ = ["prove", "sent_documents", "simulate_repair", "verify_plan"]

import datetime as dt
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

import attrs

from .collisions import collision_message, find_collisions, shared_keys
from .deletion import documents_to_reset, stale_documents
from .errors import BookingReconcileError, PlanMismatchError
from .models import Booking, Document, DocumentKey, DocumentRef
from .ordering import sync_order
from .snapshot import Place, Snapshot, highest_by_place

if TYPE_CHECKING:
    from .plan import RepairPlan


@attrs.frozen
class _Sync:
    """What the simulated synchronisation did: which documents it sent, with which numbers.

    ``sent`` holds ``(position, document, place)`` in sync order, the position
    being the document's index in the snapshot's documents and the document
    carrying its new number; ``existing`` holds the documents that had a
    booking (known or inferred), ``deleted`` those whose booking the plan
    deletes.
    """

    sent: list[tuple[int, Document, Place]]
    existing: AbstractSet[DocumentKey]
    deleted: set[DocumentKey]
    gone: set[int | None]  # positions in the snapshot's bookings of the deleted ones


def simulate_repair(snapshot: Snapshot, plan: RepairPlan) -> Snapshot:
    """The snapshot after carrying out ``plan`` and synchronising once.

    The result always has bookings (inferred ones when ``snapshot`` had none).
    Raises :class:`~booking_reconcile.errors.PlanMismatchError` when the plan
    names documents the snapshot does not hold.
    """
    _check_plan_matches(snapshot, plan)
    sync = _simulate(snapshot, plan)
    documents = list(snapshot.documents)
    for position, document, _ in sync.sent:
        documents[position] = document
    bookings = [booking for booking, _ in _kept_bookings(snapshot, sync)]
    bookings += [
        Booking(place.journal, document.booking_number or 0, document.date, document.ref)
        for _, document, place in sync.sent
    ]
    return Snapshot(snapshot.integration, documents, snapshot.journals, bookings)


def sent_documents(snapshot: Snapshot, plan: RepairPlan) -> tuple[Document, ...]:
    """The documents the synchronisation sends, in sync order, with their new numbers."""
    _check_plan_matches(snapshot, plan)
    return tuple(document for _, document, _ in _simulate(snapshot, plan).sent)


def verify_plan(snapshot: Snapshot, plan: RepairPlan) -> tuple[str, ...]:
    """The reasons ``plan`` is not sound for ``snapshot``; empty when it is."""
    reasons, _ = prove(snapshot, plan)
    return reasons


def prove(snapshot: Snapshot, plan: RepairPlan) -> tuple[tuple[str, ...], tuple[Document, ...]]:
    """:func:`verify_plan`'s reasons, and the documents the simulated sync sent.

    One simulation serves both, so that planning proves a plan at the cost of
    a single simulated synchronisation.
    """
    if plan.cutoff is None:
        reasons = tuple(
            f"{collision.message}, but the plan repairs nothing"
            for collision in find_collisions(snapshot)
        )
        return reasons, ()
    _check_plan_matches(snapshot, plan)
    existing = _existing_booking_keys(snapshot)
    listed = _plan_reasons(snapshot, plan, plan.cutoff, existing)
    if listed:
        return tuple(listed), ()
    sync = _simulate(snapshot, plan, existing)
    reasons = (
        *_collisions_after(snapshot, sync),
        *_reset_not_booked_once(plan, sync),
        *_changed_before_cutoff(snapshot, plan.cutoff, sync),
    )
    return reasons, tuple(document for _, document, _ in sync.sent)


def _collisions_after(snapshot: Snapshot, sync: _Sync) -> list[str]:
    """Documents that share a number after the sync (the sync's own collisions too)."""
    numbers = [document.booking_number for document in snapshot.documents]
    for position, document, _ in sync.sent:
        numbers[position] = document.booking_number
    shared = shared_keys(
        ((place, number), position)
        for position, ((_, place), number) in enumerate(
            zip(snapshot.placed_documents(), numbers, strict=True)
        )
        if number is not None
    )
    sent = {position: document for position, document, _ in sync.sent}
    reasons = []
    for (place, number), positions in shared.items():
        documents = [sent.get(p, snapshot.documents[p]) for p in positions]
        reasons.append(
            f"after the repair: {collision_message(sync_order(documents))} (#{number} in {place})"
        )
    return reasons


def _reset_not_booked_once(plan: RepairPlan, sync: _Sync) -> list[str]:
    """Each reset document has one booking after the sync: its old one or a new one."""
    sent = {document.key for _, document, _ in sync.sent}
    reasons = []
    for document in plan.to_reset:
        key = document.key
        count = (key in sent) + (key in sync.existing and key not in sync.deleted)
        if count != 1:
            reasons.append(
                f"{document.record_name()} is reset but booked {count} times after the sync"
            )
    return reasons


def _changed_before_cutoff(snapshot: Snapshot, cutoff: dt.date, sync: _Sync) -> list[str]:
    """Only the sent documents change; none of them may be booked and dated before the cutoff."""
    reasons = []
    for position, now, _ in sync.sent:
        before = snapshot.documents[position]
        if before.date < cutoff and before.is_booked:
            reasons.append(
                f"{before.record_name()} of {before.date.isoformat()} is dated before the "
                f"cutoff but changes from #{before.booking_number} to #{now.booking_number}"
            )
    return reasons


def _plan_reasons(
    snapshot: Snapshot, plan: RepairPlan, cutoff: dt.date, existing: AbstractSet[DocumentKey]
) -> list[str]:
    """What is wrong with the plan's lists before simulating anything."""
    reasons = []
    if plan.delink_date != cutoff:
        reasons.append(
            f"the delink date {plan.delink_date} differs from the cutoff {cutoff}: the "
            "integration resets the documents dated from the delink date on, so both must "
            "be the same day"
        )
    expected = {document.key for document in documents_to_reset(snapshot, cutoff)}
    listed = {document.key for document in plan.to_reset}
    reasons += [
        f"{_name(key)} is dated on or after the cutoff, so the integration resets it, but "
        "the plan does not list it"
        for key in sorted(expected - listed, key=_name)
    ]
    reasons += [
        f"{_name(key)} is listed to reset, but the integration does not reset it"
        for key in sorted(listed - expected, key=_name)
    ]
    deleted = {document.key for document in plan.to_delete}
    reasons += [
        f"{_name(key)} is listed to delete, but it has no booking in the accounting package"
        for key in sorted(deleted - existing, key=_name)
    ]
    reasons += [
        f"{_name(key)} is listed to delete, but it is not reset"
        for key in sorted(deleted - listed, key=_name)
    ]
    reasons += [
        f"{_name(key)} is reset but its booking is not deleted: it would be booked twice"
        for key in sorted((listed & existing) - deleted, key=_name)
    ]
    return reasons


def _name(key: DocumentKey) -> str:
    return DocumentRef(*key).record_name()


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


def _existing_booking_keys(snapshot: Snapshot) -> AbstractSet[DocumentKey]:
    """Documents with a booking: known from the bookings, or inferred."""
    if snapshot.has_bookings:
        return snapshot.booked_keys()
    stale = {document.key for document in stale_documents(snapshot)}
    return {
        document.key
        for document in snapshot.documents
        if document.is_booked and document.key not in stale
    }


def _kept_bookings(snapshot: Snapshot, sync: _Sync) -> Iterator[tuple[Booking, Place]]:
    """The bookings left after the deletions (inferred ones when bookings are unknown)."""
    deleted = sync.deleted
    if snapshot.has_bookings:
        for position, (booking, place) in enumerate(snapshot.placed_bookings()):
            if position not in sync.gone:
                yield booking, place
        return
    for document, place in snapshot.placed_documents():
        key = document.key
        if key in sync.existing and key not in deleted:
            yield (
                Booking(place.journal, document.booking_number or 0, document.date, document.ref),
                place,
            )


def _simulate(
    snapshot: Snapshot, plan: RepairPlan, existing: AbstractSet[DocumentKey] | None = None
) -> _Sync:
    """Delete, reset, set next numbers, and send, as DOMAIN.md §3.7 says.

    ``existing`` may pass the documents with a booking, already found.
    """
    if existing is None:
        existing = _existing_booking_keys(snapshot)
    deleted = {document.key for document in plan.to_delete}
    gone = {snapshot.booking_position(document) for document in plan.to_delete}
    sync = _Sync([], existing, deleted, gone)
    highest = highest_by_place(
        (booking.booking_number, place) for booking, place in _kept_bookings(snapshot, sync)
    )
    reset = {snapshot.position_of(document) for document in plan.to_reset}
    waiting = {
        document.key: (position, place)
        for position, (document, place) in enumerate(snapshot.placed_documents())
        if document.booking_number is None or position in reset
    }
    configured = _configured_next_numbers(snapshot, plan, {place for _, place in waiting.values()})
    documents = snapshot.documents
    for document in sync_order(documents[position] for position, _ in waiting.values()):
        position, place = waiting[document.key]
        number = max(highest.get(place, 0) + 1, configured.get(place, 0))
        highest[place] = number
        sync.sent.append((position, _renumbered(document, number), place))
    return sync


def _configured_next_numbers(
    snapshot: Snapshot, plan: RepairPlan, places: set[Place]
) -> dict[Place, int]:
    """Each place's configured next number once the plan's numbers are set.

    A place the plan sets no number for keeps its journal's configured next
    number, which (as in :mod:`booking_reconcile.numbering`) describes a
    journal's latest numbering period.
    """
    configured = {next_number.place: next_number.number for next_number in plan.next_numbers}
    latest: dict[str, Place] = {}
    for place in places:
        if place.journal not in latest or (place.financial_year or 0) > (
            latest[place.journal].financial_year or 0
        ):
            latest[place.journal] = place
    for place in latest.values():
        journal_next = snapshot.journal(place.journal).next_booking_number
        if place not in configured and journal_next is not None:
            configured[place] = journal_next
    return configured


def _renumbered(document: Document, number: int) -> Document:
    """``document`` with booking number ``number`` (what ``attrs.evolve`` does, faster)."""
    return type(document)(
        document.number, document.date, number, document.journal, document.synced_at
    )
