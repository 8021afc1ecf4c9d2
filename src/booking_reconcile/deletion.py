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

__all__ = ["deletions_among", "documents_to_delete", "documents_to_reset", "stale_documents"]

import datetime as dt
from collections.abc import Iterable

from .collisions import Collision, find_collisions, find_stale_documents
from .models import Document
from .ordering import date_order, natural_key
from .snapshot import Snapshot


def stale_documents(
    snapshot: Snapshot, collisions: Iterable[Collision] | None = None
) -> tuple[Document, ...]:
    """The stale documents: known from the bookings, or inferred from the collisions.

    With bookings this is :func:`find_stale_documents`; without, the documents
    of each collision other than its holder (``collisions`` are found when not
    given).
    """
    if snapshot.has_bookings:
        return find_stale_documents(snapshot)
    if collisions is None:
        collisions = find_collisions(snapshot)
    return tuple(document for collision in collisions for document in collision.stale)


def documents_to_reset(snapshot: Snapshot, cutoff: dt.date | None) -> tuple[Document, ...]:
    """Every booked document dated on or after ``cutoff``, in date order.

    ``cutoff=None`` (nothing collides) resets nothing.
    """
    if cutoff is None:
        return ()
    return tuple(
        date_order(
            document
            for document in snapshot.documents
            if document.booking_number is not None and document.date >= cutoff
        )
    )


def documents_to_delete(
    snapshot: Snapshot,
    cutoff: dt.date | None,
    *,
    stale: Iterable[Document] | None = None,
) -> tuple[Document, ...]:
    """The reset documents whose booking exists, in deletion order.

    Deletion order: per journal (and financial year, latest first), highest
    booking number first. ``stale`` may pass already found stale documents.
    """
    return deletions_among(snapshot, documents_to_reset(snapshot, cutoff), stale=stale)


def deletions_among(
    snapshot: Snapshot, reset: Iterable[Document], *, stale: Iterable[Document] | None = None
) -> tuple[Document, ...]:
    """Of already chosen ``reset`` documents, those to delete, in deletion order."""
    reset = tuple(reset)
    if not reset:
        return ()
    if snapshot.has_bookings:
        deleted = [document for document in reset if snapshot.booking_of(document) is not None]
    else:
        if stale is None:
            stale = stale_documents(snapshot)
        stale_keys = {document.key for document in stale}
        deleted = [document for document in reset if document.key not in stale_keys]
    return tuple(sorted(deleted, key=lambda document: _deletion_key(snapshot, document)))


def _deletion_key(snapshot: Snapshot, document: Document) -> tuple[object, ...]:
    place = snapshot.place_of(document)
    year = place.financial_year or 0
    return (natural_key(place.journal), -year, -(document.booking_number or 0))
