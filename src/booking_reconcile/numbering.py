"""Next booking numbers: what each journal must hand out first after the repair.

For each journal and numbering period the next synchronisation sends
documents into (the reset documents and the documents not booked yet)::

    next = max(lowest deleted number, highest number still in use + 1)

"Still in use" means the numbers carried by documents that are *not* reset
(stale ones included: the invoicing tool keeps their numbers) and the numbers
of bookings that are not deleted (manual entries included). With nothing
deleted there, ``next`` is the highest number still in use + 1; with nothing
in use, the lowest deleted number; with neither, there is no number to set.

The article's rule — "the booking number of the oldest deleted invoice, one
higher if that was the invoice with the double booking number" — is the
special case of a single collision. Worked example B shows where it fails:
with two collisions it would hand out 1003, which stale document D still
carries.

>>> from datetime import date
>>> from booking_reconcile import Integration, Invoice, Snapshot
>>> documents = [
...     Invoice("A", date(2026, 1, 5), 1001),
...     Invoice("B", date(2026, 1, 6), 1002),
...     Invoice("D", date(2026, 1, 7), 1003),
...     Invoice("C", date(2026, 1, 10), 1002),
...     Invoice("E", date(2026, 1, 12), 1003),
...     Invoice("F", date(2026, 1, 15), 1004),
... ]
>>> snapshot = Snapshot(Integration("70", "70"), documents)
>>> next_booking_numbers(snapshot, date(2026, 1, 10))
(NextBookingNumber(journal='70', financial_year=None, number=1004, configured=None),)

For a journal numbered per financial year, the configured next number is
taken to describe the journal's latest numbering period that the repair sends
documents into; earlier periods are compared with nothing (``configured`` is
``None`` there).
"""

from __future__ import annotations

__all__ = ["NextBookingNumber", "next_booking_numbers", "next_numbers_for"]

import datetime as dt
from collections.abc import Iterable

import attrs

from .deletion import deletions_among, documents_to_reset
from .models import Document
from .ordering import natural_key
from .snapshot import Place, Snapshot, highest_by_place


@attrs.frozen
class NextBookingNumber:
    """The number a journal must give the first document sent in one period.

    ``configured`` is the journal's configured next booking number, when known.
    """

    journal: str
    financial_year: int | None
    number: int
    configured: int | None = None

    @property
    def place(self) -> Place:
        """The journal and numbering period the number is for."""
        return Place(self.journal, self.financial_year)

    @property
    def differs(self) -> bool:
        """Whether a configured next number is known and differs from ``number``."""
        return self.configured is not None and self.configured != self.number

    def __str__(self) -> str:
        configured = "" if self.configured is None else f" (configured: {self.configured})"
        return f"{self.place}: next booking number {self.number}{configured}"


def next_booking_numbers(
    snapshot: Snapshot, cutoff: dt.date | None
) -> tuple[NextBookingNumber, ...]:
    """The next booking number of every journal and period the repair sends into."""
    if cutoff is None:
        return ()
    reset = documents_to_reset(snapshot, cutoff)
    return next_numbers_for(snapshot, reset, deletions_among(snapshot, reset))


def next_numbers_for(
    snapshot: Snapshot, reset: Iterable[Document], deleted: Iterable[Document]
) -> tuple[NextBookingNumber, ...]:
    """The next booking numbers for already chosen reset and deleted documents."""
    place_of = snapshot.place_of
    reset_documents = tuple(reset)
    reset_positions = {snapshot.position_of(document) for document in reset_documents}
    deleted_keys = set()
    lowest_deleted: dict[Place, int] = {}
    for document in deleted:
        deleted_keys.add(document.key)
        place = place_of(document)
        number = document.booking_number or 0
        lowest_deleted[place] = min(lowest_deleted.get(place, number), number)

    targets: set[Place] = set()
    in_use: list[tuple[int, Place]] = []
    for position, (document, place) in enumerate(snapshot.placed_documents()):
        if document.booking_number is None or position in reset_positions:
            targets.add(place)
        else:
            in_use.append((document.booking_number, place))
    # The bookings not deleted: manual ones, those of documents not reset (their
    # numbers are the documents', counted above), and those of reset documents
    # that are not deleted.
    in_use += [(booking.booking_number, place) for booking, place in snapshot.manual_bookings()]
    for document in reset_documents:
        booking = snapshot.booking_of(document)
        if booking is not None and document.key not in deleted_keys:
            in_use.append((booking.booking_number, place_of(document)))
    highest_in_use = highest_by_place(in_use)

    numbers = []
    for place in targets:
        candidates = []
        if place in lowest_deleted:
            candidates.append(lowest_deleted[place])
        if place in highest_in_use:
            candidates.append(highest_in_use[place] + 1)
        if candidates:
            numbers.append((place, max(candidates)))
    return _with_configured(snapshot, numbers)


def _with_configured(
    snapshot: Snapshot, numbers: list[tuple[Place, int]]
) -> tuple[NextBookingNumber, ...]:
    numbers.sort(key=lambda item: (natural_key(item[0].journal), item[0].financial_year or 0))
    latest: dict[str, Place] = {place.journal: place for place, _ in numbers}
    return tuple(
        NextBookingNumber(
            place.journal,
            place.financial_year,
            number,
            snapshot.journal(place.journal).next_booking_number
            if latest[place.journal] == place
            else None,
        )
        for place, number in numbers
    )
