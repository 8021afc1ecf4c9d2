"""Which documents are reset, and which bookings are deleted, in which order.

From the cutoff on, the integration resets *every* booked document — invoices
and credit notes alike, whatever the kind of the collision — because it
resets by date only. Of those, the ones whose booking exists in the
accounting package must be deleted there first: per journal, highest booking
number first, so that each deletion removes the journal's last entry.

When the bookings are not known, every reset document is taken to have a
booking, except the stale documents that the collisions reveal (the
documents of a collision other than its holder).

Worked example A: cutoff 2026-01-10; C and D are reset and deleted, D first.

>>> from datetime import date
>>> from booking_reconcile import Integration, Invoice, Snapshot
>>> documents = [
...     Invoice("A", date(2026, 1, 5), 1001),
...     Invoice("B", date(2026, 1, 6), 1002),
...     Invoice("C", date(2026, 1, 10), 1002),
...     Invoice("D", date(2026, 1, 12), 1003),
... ]
>>> snapshot = Snapshot(Integration("70", "70"), documents)
>>> [d.number for d in documents_to_reset(snapshot, date(2026, 1, 10))]
['C', 'D']
>>> [(d.number, d.booking_number) for d in documents_to_delete(snapshot, date(2026, 1, 10))]
[('D', 1003), ('C', 1002)]
"""

from __future__ import annotations

from . import _checks

__all__ = [
    "Deletion",
    "Split",
    "documents_to_delete",
    "documents_to_reset",
    "documents_with_booking",
    "placed_deletions",
    "split_at",
]

import datetime as dt
from bisect import bisect_left
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import NamedTuple

import attrs

from ._groups import place_order
from ._index import index_of
from ._lookups import manual_positions
from .models import Document, DocumentKey
from .ordering import date_order
from .periods import Place
from .resend import documents_not_booked
from .snapshot import Snapshot
from .stale import find_stale_documents, highest_but, presumed_stale


@attrs.frozen
class Deletion:
    """One booking to delete in the accounting package: its place, number and document."""

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


def documents_to_reset(snapshot: Snapshot, cutoff: dt.date | None) -> tuple[Document, ...]:
    """Every booked document dated on or after ``cutoff``, in date order.

    ``cutoff=None`` (nothing collides) resets nothing.
    """
    _checks.cutoff_argument("documents_to_reset", cutoff)
    if cutoff is None:
        return ()
    return index_of(snapshot).remember(
        (documents_to_reset, cutoff),
        lambda: tuple(date_order(document for document, _ in split_at(snapshot, cutoff).reset)),
    )


class Split(NamedTuple):
    """The booked documents on either side of a cutoff (see :func:`split_at`)."""

    reset: tuple[tuple[Document, Place], ...]  # dated on or after it, in the snapshot's order
    highest_before: dict[Place, int]  # the highest number carried before it, per place
    earliest_before: dt.date | None  # the date of the earliest booked document before it

    @property
    def earliest(self) -> dt.date | None:
        """The date of the earliest booked document, on either side."""
        if self.earliest_before is not None:
            return self.earliest_before
        return min((document.date for document, _ in self.reset), default=None)


def split_at(snapshot: Snapshot, cutoff: dt.date) -> Split:
    """The booked documents ``cutoff`` resets, and the highest number of those it keeps.

    One split serves the documents to reset, the places the sync sends into
    and the numbers still in use; found once per cutoff.
    """
    return index_of(snapshot).remember((split_at, cutoff), lambda: _split(snapshot, cutoff))


def _split(snapshot: Snapshot, cutoff: dt.date) -> Split:
    # With the bookings given, each booked document has at most one booking
    # linked to it (the links are one to one), which carries its number in
    # its place: the bookings tell the numbers still carried.
    if snapshot.has_bookings:
        return _split_by_bookings(snapshot, cutoff)
    return _split_each(snapshot, cutoff)


def _split_each(snapshot: Snapshot, cutoff: dt.date) -> Split:
    """The split read document by document (the bookings unknown)."""
    reset = []
    highest: dict[Place, int] = {}
    get = highest.get
    earliest = cutoff
    for document, place in index_of(snapshot).placed_documents():
        number = document.booking_number
        if number is None:
            continue
        date = document.date
        if date >= cutoff:
            reset.append((document, place))
            continue
        if number > get(place, 0):
            highest[place] = number
        if date < earliest:
            earliest = date
    return Split(tuple(reset), highest, earliest if earliest < cutoff else None)


def _split_by_bookings(snapshot: Snapshot, cutoff: dt.date) -> Split:
    """The split with the bookings given: only the documents' dates are read of every document.

    A booked document is booked by a booking that carries its number in its
    place, or it is stale. So the highest number carried before the cutoff
    in a place is the highest of its bookings but the manual ones and those
    of documents dated from the cutoff on (found from the highest of every
    booking, which the proof's simulation needs too), or a stale document's.
    """
    index = index_of(snapshot)
    documents = snapshot.documents
    dates = [document.date for document in documents]
    in_order = dates == sorted(dates)  # in C: documents listed by date are usual
    if in_order:
        late: Sequence[int] = range(bisect_left(dates, cutoff), len(dates))
    else:
        late = [position for position, date in enumerate(dates) if date >= cutoff]
    reset = tuple(
        (document, index.place(document))
        for document in map(documents.__getitem__, late)
        if document.booking_number is not None
    )
    if documents_not_booked(snapshot):
        dates = [document.date for document in documents if document.booking_number is not None]
        earliest = min(dates, default=None)
    else:
        earliest = (dates[0] if in_order else min(dates)) if dates else None
    gone = set(map(index.links.booking_at.__getitem__, late))
    gone.update(manual_positions(snapshot))
    gone.discard(-1)
    highest = highest_but(snapshot, gone)
    get = highest.get
    for document in find_stale_documents(snapshot):
        number = document.booking_number or 0
        if document.date < cutoff:
            place = index.place(document)
            if number > get(place, 0):
                highest[place] = number
    return Split(reset, highest, earliest if earliest is not None and earliest < cutoff else None)


def documents_to_delete(snapshot: Snapshot, cutoff: dt.date | None) -> tuple[Document, ...]:
    """The reset documents whose booking exists, in deletion order.

    Deletion order: per journal (and financial year, latest first), highest
    booking number first.
    """
    _checks.cutoff_argument("documents_to_delete", cutoff)
    return tuple(document for document, _ in placed_deletions(snapshot, cutoff))


def placed_deletions(
    snapshot: Snapshot, cutoff: dt.date | None
) -> tuple[tuple[Document, Place], ...]:
    """:func:`documents_to_delete` with the place of each (found once per cutoff)."""
    if cutoff is None:
        return ()
    return index_of(snapshot).remember(
        (placed_deletions, cutoff), lambda: _to_delete(snapshot, cutoff)
    )


def _to_delete(snapshot: Snapshot, cutoff: dt.date) -> tuple[tuple[Document, Place], ...]:
    with_booking = documents_with_booking(snapshot)
    # The places the split found (its documents are the snapshot's own, kept alive by it).
    places = {id(document): place for document, place in split_at(snapshot, cutoff).reset}
    deleted = [
        (document, places[id(document)])
        for document in documents_to_reset(snapshot, cutoff)
        if (document.kind, document.number) in with_booking
    ]

    def deletion_key(placed: tuple[Document, Place]) -> tuple[object, ...]:
        document, place = placed
        journal, year = place_order(place)
        return (journal, -year, -(document.booking_number or 0))

    return tuple(sorted(deleted, key=deletion_key))


def documents_with_booking(snapshot: Snapshot) -> AbstractSet[DocumentKey]:
    """The ``(kind, number)`` of every document whose booking exists.

    Known from the bookings; without them, every booked document but the
    stale ones the collisions reveal (the documents of a collision other than
    its holder).
    """
    index = index_of(snapshot)
    if snapshot.has_bookings:
        return index.booked_keys()
    return index.remember(documents_with_booking, lambda: _presumed_booked(snapshot))


def _presumed_booked(snapshot: Snapshot) -> frozenset[DocumentKey]:
    stale = {document.key for document in presumed_stale(snapshot)}
    return frozenset(
        document.key
        for document in snapshot.documents
        if document.is_booked and document.key not in stale
    )
