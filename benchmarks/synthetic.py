"""Synthetic administrations for the benchmark: realistic shape, known answers.

Documents are sent in date order over about ten years into two journals
("70" invoices, "71" credit notes, continuous numbering). A handful of
bookings are deleted in the accounting package before a later document is
sent: each such deletion of a journal's last booking makes the next document
collide with the stale one. Some bookings deleted in the middle make stale
documents that do not collide, and a few manual bookings take numbers too.
"""

from __future__ import annotations

import datetime as dt

import attrs

from booking_reconcile import (
    Booking,
    CreditNote,
    DocumentKind,
    DocumentRef,
    Integration,
    Invoice,
    Snapshot,
    snapshot_from_rows,
)

INTEGRATION = Integration(invoice_journal="70", credit_note_journal="71")
START = dt.date(2016, 1, 1)


@attrs.frozen
class Raw:
    """One document's fields as plain values, before any model is built."""

    is_invoice: bool
    number: str
    date: dt.date
    booking_number: int
    has_booking: bool


@attrs.frozen
class RawBooking:
    journal: str
    booking_number: int
    date: dt.date
    document: tuple[bool, str] | None


@attrs.frozen
class Scenario:
    """The raw records of one administration and what they must produce."""

    documents: tuple[Raw, ...]
    bookings: tuple[RawBooking, ...]
    collisions: int
    stale: int


def scenario(
    size: int, collisions: int = 5, middle_deletions: int = 5, manual: int = 5
) -> Scenario:
    """``size`` documents (and about as many bookings), with known collisions."""
    days = 3650
    spacing = max(size // (max(collisions, 1) * 200), 3) + 3  # recent; not a multiple of 10
    collide_at = {size - 1 - (index + 1) * spacing for index in range(collisions)}
    delete_middle = {
        (index + 1) * size // (middle_deletions + 2) for index in range(middle_deletions)
    }
    manual_at = {(index + 1) * size // (manual + 1) + 1 for index in range(manual)}
    highest = {"70": 0, "71": 0}
    counts = {"70": 0, "71": 0}
    documents: list[Raw] = []
    bookings: list[RawBooking] = []
    stale = 0
    freed: set[tuple[str, int]] = set()
    collided = 0
    for position in range(size):
        is_invoice = position % 10 != 9
        journal = "70" if is_invoice else "71"
        day = START + dt.timedelta(days=position * days // size)
        if position in manual_at:
            highest[journal] += 1
            bookings.append(RawBooking(journal, highest[journal], day, None))
        counts[journal] += 1
        number = f"{day.year}/{counts[journal]}" if is_invoice else f"C{counts[journal]}"
        highest[journal] += 1
        booking_number = highest[journal]
        if (journal, booking_number) in freed:
            collided += 1
        deleted = position in delete_middle or position in collide_at
        documents.append(Raw(is_invoice, number, day, booking_number, not deleted))
        if deleted:
            stale += 1
        else:
            bookings.append(RawBooking(journal, booking_number, day, (is_invoice, number)))
        if position in collide_at:
            # The deleted booking was the journal's last: the number is handed out again.
            highest[journal] -= 1
            freed.add((journal, booking_number))
    return Scenario(tuple(documents), tuple(bookings), collided, stale)


KIND = {True: DocumentKind.INVOICE, False: DocumentKind.CREDIT_NOTE}


def build(raw: Scenario) -> Snapshot:
    """Build and validate the snapshot of ``raw``: records, then the snapshot.

    ``benchmarks/run.py`` builds the same records the same way, with plain
    attrs classes, as the baseline.
    """
    documents = [
        (Invoice if d.is_invoice else CreditNote)(d.number, d.date, d.booking_number)
        for d in raw.documents
    ]
    bookings = [
        Booking(
            b.journal,
            b.booking_number,
            b.date,
            None if b.document is None else DocumentRef(KIND[b.document[0]], b.document[1]),
        )
        for b in raw.bookings
    ]
    return Snapshot(INTEGRATION, documents, bookings=bookings)


def build_from_rows(raw: Scenario) -> Snapshot:
    """The same snapshot from rows of plain values, by the library's bulk constructor.

    ``snapshot_from_rows`` builds each record by its constructor, with every
    check, while the cyclic garbage collector is paused.
    """
    return snapshot_from_rows(
        INTEGRATION,
        # Generators: each row is made as the constructor reads it, as from a cursor.
        ((KIND[d.is_invoice], d.number, d.date, d.booking_number) for d in raw.documents),
        (
            (b.journal, b.booking_number, b.date)
            if b.document is None
            else (b.journal, b.booking_number, b.date, KIND[b.document[0]], b.document[1])
            for b in raw.bookings
        ),
    )
