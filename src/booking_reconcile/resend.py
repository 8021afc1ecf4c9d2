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

__all__ = ["Sent", "documents_not_booked", "resend_order"]

from collections.abc import Iterable
from operator import attrgetter

import attrs

from ._index import index_of
from ._lookups import unlinked_documents
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
