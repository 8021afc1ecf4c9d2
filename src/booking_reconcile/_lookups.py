"""What the rules read of a snapshot's records in bulk, once per snapshot (private).

The snapshot's index links each booking to the document it books, by
position, in two arrays (:mod:`booking_reconcile._linking`). Most documents
are booked and most bookings book one, so the rules' questions are usually
about the few records no link names: the stale documents, those not booked
yet, the manual bookings. They are found here by searching those arrays in
C, and the bookings' numbers are read once into plain integers, so that a
rule asks which bookings carry a number without reading every booking again.
Each answer is remembered by the snapshot's index.

>>> from datetime import date
>>> from booking_reconcile import Booking, Integration, Invoice, Snapshot
>>> a, b = Invoice("A", date(2026, 1, 5), 1001), Invoice("B", date(2026, 1, 6), 1002)
>>> snapshot = Snapshot(Integration("70", "71"), [a, b], bookings=[
...     Booking("70", 1001, a.date, a.ref), Booking("70", 1003, b.date),
... ])
>>> [document.number for document in unlinked_documents(snapshot)], manual_positions(snapshot)
(['B'], (1,))
>>> booking_numbers(snapshot)
(1001, 1003)
"""

from __future__ import annotations

__all__ = [
    "booking_numbers",
    "manual_positions",
    "positions_of",
    "unlinked_documents",
]

from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from operator import attrgetter

from ._index import index_of
from ._linking import unlinked
from .models import Document
from .snapshot import Snapshot

_BOOKING_NUMBER = attrgetter("booking_number")


def unlinked_documents(snapshot: Snapshot) -> tuple[Document, ...]:
    """The documents no booking books, in the snapshot's order (found once per snapshot).

    Without the bookings, every document. With them, usually a few: the
    stale documents and those not booked yet.
    """
    index = index_of(snapshot)
    documents = snapshot.documents

    return index.remember(
        unlinked_documents,
        lambda: tuple(map(documents.__getitem__, unlinked(index.links.booking_at))),
    )


def manual_positions(snapshot: Snapshot) -> tuple[int, ...]:
    """The positions of the bookings that book no document (found with the snapshot's index)."""
    return index_of(snapshot).manual_positions


def booking_numbers(snapshot: Snapshot) -> tuple[int, ...]:
    """The number of each booking, in the snapshot's order (read once per snapshot).

    Plain integers, so that a rule asks which bookings carry some numbers by
    searches in C (``set.intersection``, :func:`positions_of`), reading no
    booking again.
    """
    index = index_of(snapshot)
    if index.booking_numbers is not None:  # kept when the snapshot was built (a small one)
        return index.booking_numbers
    bookings = snapshot.bookings or ()
    return index.remember(booking_numbers, lambda: tuple(map(_BOOKING_NUMBER, bookings)))


def positions_of(numbers: Sequence[int], wanted: AbstractSet[int]) -> Iterator[int]:
    """The positions in ``numbers`` of the ``wanted`` numbers, each searched for in C.

    >>> sorted(positions_of([5, 7, 5, 9], {5, 9}))
    [0, 2, 3]
    """
    for number in wanted:
        position = -1
        while True:
            try:
                position = numbers.index(number, position + 1)
            except ValueError:
                break
            yield position
