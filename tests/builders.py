"""Small builders the rule tests share: integrations, dates, bookings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from booking_reconcile import Booking, Document, Integration

SHARED = Integration(invoice_journal="70", credit_note_journal="70")
TWO_JOURNALS = Integration(invoice_journal="70", credit_note_journal="71")


def day(month: int, number: int, year: int = 2026) -> dt.date:
    """A date, in 2026 unless said otherwise."""
    return dt.date(year, month, number)


def booked(*documents: Document, journal: str = "70") -> list[Booking]:
    """The bookings that book ``documents`` under the numbers they carry."""
    return [Booking(journal, d.booking_number or 0, d.date, d.ref) for d in documents]


def numbers(documents: Iterable[Document]) -> list[tuple[str, int | None]]:
    """Each document's number with its booking number."""
    return [(d.number, d.booking_number) for d in documents]
