"""The simulated synchronisation of a plan (private; the proof is :mod:`booking_reconcile.simulate`).

Carrying out a plan's parts on a snapshot, as DOMAIN.md §3.7 says: the
bookings it deletes removed, the documents it resets cleared, each
journal's next number set, then one synchronisation that sends the reset
documents and every document not booked yet in resend order, the
accounting package giving each ``max(highest number in its journal and
period + 1, configured next)``, refusing what is dated in a closed period
(§3.4) and numbering nothing past its limit.
"""

from __future__ import annotations

__all__ = ["_Sync", "_kept_bookings", "_keys", "_simulate"]

from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet

import attrs

from ._checks import MAX_BOOKING_NUMBER
from ._groups import highest_by_place
from ._index import index_of
from .deletion import Deletion, documents_with_booking
from .double_bookings import DoubleBooking
from .models import Booking, Document, DocumentKey
from .next_numbers import NextBookingNumber, configured_numbers, journal_locks
from .periods import Place
from .resend import Sent, documents_not_booked, resend_order
from .snapshot import Snapshot
from .stale import highest_but


@attrs.frozen
class _Sync:
    """What the simulated synchronisation did.

    ``sent`` holds the documents sent, in resend order, each carrying its new
    number; ``existing`` the documents that had a booking (known or
    presumed), ``deleted`` those whose booking the plan deletes. A document
    whose number would pass the accounting package's limit is not booked: it
    is in ``overflow`` (as it was, with the place), and the plan's blocker says why.
    A document dated on or before its journal's lock date is refused by the
    accounting package: it is in ``refused``, takes no number, and the plan's
    blocker or warning says why (§3.4).
    """

    sent: list[Sent]
    existing: AbstractSet[DocumentKey]
    deleted: set[DocumentKey]
    removed: set[Booking]  # the manual bookings deleted (double bookings), by value
    reset: set[DocumentKey]  # the documents whose numbers the reset cleared
    overflow: list[Sent] = attrs.field(factory=list)  # numbers past the limit, not handed out
    refused: list[Sent] = attrs.field(factory=list)  # dated in a closed period, not booked
    configured: dict[Place, int] = attrs.field(factory=dict)  # each place's next number, set


def _keys(
    to_reset: Sequence[Document], deletions: Sequence[Deletion]
) -> tuple[set[DocumentKey], set[DocumentKey]]:
    """The keys of the documents reset and of those whose bookings are deleted."""
    return (
        {document.key for document in to_reset},
        {deletion.document.key for deletion in deletions},
    )


def _kept_bookings(snapshot: Snapshot, sync: _Sync) -> Iterator[tuple[Booking, Place]]:
    """The bookings left after the deletions (presumed ones when bookings are unknown)."""
    deleted, removed = sync.deleted, sync.removed
    index = index_of(snapshot)
    if snapshot.has_bookings:
        for booking, place, document in index.linked_bookings():
            if document is None:
                # A booking hashes by its fields: asked only when something is removed.
                if not removed or booking not in removed:
                    yield booking, place
            elif document.key not in deleted:
                yield booking, place
        return
    for document, place in index.placed_documents():
        key = document.key
        if key in sync.existing and key not in deleted:
            yield (
                Booking(place.journal, document.booking_number or 0, document.date, document.ref),
                place,
            )


def _simulate(
    snapshot: Snapshot,
    to_reset: Sequence[Document],
    deletions: Sequence[Deletion],
    next_numbers: Sequence[NextBookingNumber],
    double_bookings: Sequence[DoubleBooking],
    keys: tuple[set[DocumentKey], set[DocumentKey]] | None = None,
    *,
    prevention: bool = False,
) -> _Sync:
    """Delete, reset, set next numbers, and send, as DOMAIN.md §3.7 says.

    ``keys`` are the keys of ``to_reset`` and of the documents of ``deletions``
    when the proof has them already; ``prevention``: the plan has no cutoff.
    """
    existing = documents_with_booking(snapshot)
    reset, deleted = _keys(to_reset, deletions) if keys is None else keys
    removed = {double.duplicate for double in double_bookings}
    sync = _Sync([], existing, deleted, removed, reset)
    waiting = _waiting(snapshot, to_reset, reset)
    if not waiting and not next_numbers:
        return sync  # nothing sent, no next number: the accounting package numbers nothing
    # Nothing to send (a clean administration): no highest number is needed.
    highest = _highest_kept(snapshot, sync, deletions) if waiting else {}
    configured = sync.configured
    # A journal's configured number describes the latest period the sync
    # sends into or a next number is set for (§3.5); in a prevention plan, for
    # a journal it sets a number for, the period its step sets (§3.9), as in
    # the plan and the confirmation. A journal without a step reads its own.
    places = [next_number.place for next_number in next_numbers]
    stepped = {place.journal for place in places} if prevention else set()
    places += [place for _, place in waiting.values() if place.journal not in stepped]
    configured.update(configured_numbers(snapshot, places))
    configured.update((next_number.place, next_number.number) for next_number in next_numbers)
    locks = journal_locks(snapshot)
    for document in resend_order(document for document, _ in waiting.values()):
        _, place = waiting[document.key]
        if locks:
            locked_until = locks.get(place.journal)
            if locked_until is not None and document.date <= locked_until:
                # §3.4: the accounting package refuses it and gives its number to the next.
                sync.refused.append(Sent(document, place))
                continue
        number = max(highest.get(place, 0) + 1, configured.get(place, 0))
        if number > MAX_BOOKING_NUMBER:
            sync.overflow.append(Sent(document, place))
            continue
        highest[place] = number
        sync.sent.append(Sent(document.with_booking_number(number), place))
    return sync


def _waiting(
    snapshot: Snapshot, to_reset: Sequence[Document], reset: set[DocumentKey]
) -> dict[DocumentKey, tuple[Document, Place]]:
    """What the sync sends, with the places: the documents not booked yet and the reset ones.

    A reset document is the snapshot's own, dated on or after the earliest
    reset date. (The order does not matter: the sync sends in resend order.)
    """
    waiting = {
        document.key: (document, place) for document, place in documents_not_booked(snapshot)
    }
    if not reset:
        return waiting
    earliest = min(document.date for document in to_reset)
    # Read from the plan's list and the snapshot's own records, not from the
    # planner's split at a cutoff: the proof checks the plan on its own.
    index = index_of(snapshot)
    documents = snapshot.documents
    positions = [index.positions.get(key) for key in reset]
    for position in sorted(position for position in positions if position is not None):
        document = documents[position]
        if document.date >= earliest:
            waiting.setdefault(document.key, (document, index.sent_place(document)))
    return waiting


def _highest_kept(
    snapshot: Snapshot, sync: _Sync, deletions: Sequence[Deletion]
) -> dict[Place, int]:
    """The highest number of the bookings left after the deletions, per place."""
    index = index_of(snapshot)
    if not snapshot.has_bookings:
        return highest_by_place(
            (booking.booking_number, place) for booking, place in _kept_bookings(snapshot, sync)
        )
    gone = {index.booking_position(deletion.document) for deletion in deletions}
    removed = sync.removed
    if not removed:
        return highest_but(snapshot, gone)
    highest: dict[Place, int] = {}
    get = highest.get
    for position, (booking, place) in enumerate(index.placed_bookings()):
        number = booking.booking_number
        # The cheap test first: most bookings are not above their place's highest.
        if (
            number > get(place, 0)
            and position not in gone
            and (not removed or booking not in removed)
        ):
            highest[place] = number
    return highest
