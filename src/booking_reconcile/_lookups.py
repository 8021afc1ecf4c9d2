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
    "unlinked_positions",
]

from array import array
from collections.abc import Iterator, Sequence
from collections.abc import Set as AbstractSet
from itertools import compress, repeat
from operator import lt

from ._index import index_of
from .models import Document
from .snapshot import Snapshot

#: Past this many unlinked records, the rest are picked out in one pass in C.
_FEW = 16


def unlinked_documents(snapshot: Snapshot) -> tuple[Document, ...]:
    """The documents no booking books, in the snapshot's order (found once per snapshot).

    Without the bookings, every document. With them, usually a few: the
    stale documents and those not booked yet.
    """
    index = index_of(snapshot)
    documents = snapshot.documents

    def unlinked() -> tuple[Document, ...]:
        return tuple(map(documents.__getitem__, unlinked_positions(index.links.booking_at)))

    return index.remember(unlinked_documents, unlinked)


def manual_positions(snapshot: Snapshot) -> tuple[int, ...]:
    """The positions of the bookings that book no document (found once per snapshot)."""
    index = index_of(snapshot)
    return index.remember(
        manual_positions, lambda: tuple(unlinked_positions(index.links.document_of))
    )


def unlinked_positions(links: array[int]) -> list[int]:
    """The positions of the ``-1`` entries of one of the links' arrays: the unlinked records.

    Found by searching the array's bytes (in C, making no object per entry):
    the first few one by one, the rest, when there are many, in one pass.

    >>> unlinked_positions(array("i", [3, -1, 255, -1, -1]))
    [1, 3, 4]
    """
    size = links.itemsize
    raw, none = links.tobytes(), array(links.typecode, [-1]).tobytes()
    found: list[int] = []
    at = raw.find(none)
    while at >= 0:
        if at % size:  # the bytes of -1 across two entries (whatever the byte order): read on
            at = raw.find(none, at + 1)
            continue
        position = at // size
        if len(found) == _FEW:  # many (no bookings at all, say): the rest in one pass
            rest = range(position, len(links))
            found += compress(rest, map(lt, links[position:], repeat(0)))
            break
        found.append(position)
        at = raw.find(none, at + size)
    return found


def booking_numbers(snapshot: Snapshot) -> tuple[int, ...]:
    """The number of each booking, in the snapshot's order (read once per snapshot).

    Plain integers, so that a rule asks which bookings carry some numbers by
    searches in C (``set.intersection``, :func:`positions_of`), reading no
    booking again.
    """
    index = index_of(snapshot)
    bookings = snapshot.bookings or ()
    return index.remember(
        booking_numbers, lambda: tuple([booking.booking_number for booking in bookings])
    )


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
