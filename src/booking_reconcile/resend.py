"""What the synchronisation sends, and in which order (DOMAIN §3.7).

After the repair the invoicing tool sends the reset documents and every
document not booked yet; the accounting package gives each, in turn,
``max(highest number in its journal and period + 1, configured next)``.
A :class:`Sent` record is one such document with the number it receives.

The **resend order** is the invoicing tool's own: document date, then
invoices before credit notes, then document number compared naturally. Old
sync times do not count (the documents are sent anew), and the order of one
journal's documents never depends on the documents of another:

>>> from datetime import date, datetime
>>> from booking_reconcile import CreditNote, Invoice
>>> day = date(2026, 1, 8)
>>> documents = [
...     CreditNote("C1", day),
...     Invoice("2026/10", day, synced_at=datetime(2026, 1, 8, 9, 0)),
...     Invoice("2026/9", day, synced_at=datetime(2026, 1, 8, 17, 0)),
...     Invoice("2026/11", date(2026, 1, 7)),
... ]
>>> [document.number for document in resend_order(documents)]
['2026/11', '2026/9', '2026/10', 'C1']
"""

from __future__ import annotations

__all__ = [
    "Sent",
    "booking_numbers",
    "documents_not_booked",
    "manual_positions",
    "positions_of",
    "resend_order",
    "unlinked_documents",
    "unlinked_positions",
]

from array import array
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from itertools import compress, repeat
from operator import attrgetter, lt

import attrs

from ._index import index_of
from .models import Document, DocumentKind
from .ordering import natural_key, settled_order
from .periods import Place
from .snapshot import Snapshot

#: Invoices are sent before credit notes of the same day.
_KIND_RANK = {DocumentKind.INVOICE: 0, DocumentKind.CREDIT_NOTE: 1}


@attrs.frozen
class Sent:
    """A document the synchronisation sends, carrying the number it receives, and its place."""

    document: Document
    place: Place

    def __str__(self) -> str:
        return (
            f"{self.document.record_name()} of {self.document.date.isoformat()} → "
            f"#{self.document.booking_number} in {self.place}"
        )


def resend_order(documents: Iterable[Document]) -> list[Document]:
    """The order in which the synchronisation sends ``documents`` (see above)."""
    return settled_order(documents, _DATE, _resend_key)


_DATE = attrgetter("date")


def _resend_key(document: Document) -> tuple[object, ...]:
    return (document.date, _KIND_RANK[document.kind], natural_key(document.number))


def documents_not_booked(snapshot: Snapshot) -> tuple[tuple[Document, Place], ...]:
    """Every document without a booking number, with its place, in the snapshot's order.

    The synchronisation sends them all. Found once per snapshot (most
    documents are booked: only the few that are not have their places looked
    up). A booking books only a document that carries its number, so with
    the bookings given they are among the few no booking books.
    """
    index = index_of(snapshot)

    def not_booked() -> tuple[tuple[Document, Place], ...]:
        candidates = unlinked_documents(snapshot) if snapshot.has_bookings else snapshot.documents
        waiting = [document for document in candidates if document.booking_number is None]
        return tuple((document, index.place(document)) for document in waiting)

    return index.remember(documents_not_booked, not_booked)


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


def manual_positions(snapshot: Snapshot) -> list[int]:
    """The positions of the bookings that book no document (found once per snapshot)."""
    index = index_of(snapshot)
    return index.remember(manual_positions, lambda: unlinked_positions(index.links.document_of))


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


def booking_numbers(snapshot: Snapshot) -> list[int]:
    """The number of each booking, in the snapshot's order (read once per snapshot).

    A list of plain integers, so that a rule asks which bookings carry some
    numbers by searches in C (``set.intersection``, :func:`positions_of`).
    """
    index = index_of(snapshot)
    bookings = snapshot.bookings or ()
    return index.remember(booking_numbers, lambda: [booking.booking_number for booking in bookings])


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
