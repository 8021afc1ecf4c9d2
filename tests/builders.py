"""Small builders the rule tests share: integrations, dates, bookings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from random import Random
from typing import Any

import attrs

from booking_reconcile import (
    Booking,
    Document,
    DocumentRef,
    Integration,
    Invoice,
    RepairPlan,
    Snapshot,
    verify_plan,
)

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


#: The invoices of worked example A (DOMAIN §4): B's booking was deleted, C holds #1002.
EXAMPLE_A_INVOICES = (
    Invoice("A", day(1, 5), booking_number=1001),
    Invoice("B", day(1, 6), booking_number=1002),
    Invoice("C", day(1, 10), booking_number=1002),
    Invoice("D", day(1, 12), booking_number=1003),
)


def example_a(**options: Any) -> Snapshot:
    """Worked example A with its bookings (A, C and D booked); ``options`` for ``Snapshot``."""
    a, _, c, d = EXAMPLE_A_INVOICES
    return Snapshot(TWO_JOURNALS, EXAMPLE_A_INVOICES, bookings=booked(a, c, d), **options)


def shuffled_and_changed(snapshot: Snapshot, random: Random, change: int) -> list[Booking]:
    """``snapshot``'s bookings in another order, with one change of a booking naming a document.

    ``change`` 1: that booking listed twice; 2: it names a document that is
    not there; 3: its number disagrees with its document's; 0: none.
    """
    bookings = list(snapshot.bookings or ())
    random.shuffle(bookings)
    named = [position for position, b in enumerate(bookings) if b.document is not None]
    if named and change:
        at = random.choice(named)
        booking = bookings[at]
        if change == 1:
            bookings.append(booking)
        elif change == 2:
            ref = DocumentRef(booking.document.kind, "absent")  # type: ignore[union-attr]
            bookings[at] = attrs.evolve(booking, document=ref)
        else:
            bookings[at] = attrs.evolve(booking, booking_number=booking.booking_number + 10**6)
    return bookings


def assert_sound_unless_booked_by_hand(snapshot: Snapshot, plan: RepairPlan) -> None:
    """§3.7: ``plan`` is sound, but for documents an entry by hand books a second time.

    Only a plan that cannot be carried out has those (its blockers,
    ``booking-of-reset-document`` and ``booking-of-unbooked-document``, say
    what to do first).
    """
    reasons = verify_plan(snapshot, plan)
    assert all(
        reason.endswith(("booked 2 times after the sync", "books it a second time"))
        for reason in reasons
    ), reasons
    assert not (reasons and plan.feasible), reasons
