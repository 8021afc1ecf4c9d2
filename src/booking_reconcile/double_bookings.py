"""Double bookings (DOMAIN §3.10): a document booked twice, once by hand.

The sibling failure of the duplicate booking number: a document was entered
by hand in the accounting package *and* synchronised, so it is booked twice
under two numbers. A booking may carry a ``reference`` (Exact Online's "Your
ref.", which holds the invoicing tool's document number). A manual booking
(linked to no document) in a document's journal whose reference names that
document (its number compared without white space and case), while another booking of that document exists, is a
double booking. Its repair deletes the manual booking, and nothing else.

>>> from datetime import date
>>> from booking_reconcile import Booking, Integration, Invoice, Snapshot
>>> a = Invoice("2026/1", date(2026, 1, 5), 1001)
>>> snapshot = Snapshot(Integration("70", "71"), [a], bookings=[
...     Booking("70", 1001, a.date, a.ref),
...     Booking("70", 1002, date(2026, 1, 6), reference="2026/1"),  # entered by hand
... ])
>>> [str(double) for double in find_double_bookings(snapshot)]
['invoice 2026/1 is booked twice in journal 70: #1001 by the integration and #1002 by hand']
"""

from __future__ import annotations

__all__ = ["DoubleBooking", "find_double_bookings"]

import attrs

from ._index import index_of
from .errors import shown
from .models import Booking, Document
from .periods import Place
from .snapshot import Snapshot, require_bookings


@attrs.frozen
class DoubleBooking:
    """A document booked twice: by the integration (``booking``) and by hand (``duplicate``).

    ``place`` is the duplicate's journal and numbering period; the sentence
    names both, as collisions and deletions do (``journal 70, financial year
    2026`` where the journal numbers per financial year). ``booked_in`` is the
    document's own booking's (the same, but where the entry by hand fell in
    another financial year: the sentence then gives each number its year).
    """

    document: Document
    booking: Booking
    duplicate: Booking
    place: Place
    booked_in: Place = attrs.field(default=attrs.Factory(lambda self: self.place, takes_self=True))

    def __str__(self) -> str:
        if self.booked_in == self.place:
            return (
                f"{self.document.record_name()} is booked twice in {self.place}: "
                f"#{self.booking.booking_number} by the integration and "
                f"#{self.duplicate.booking_number} by hand"
            )
        return (
            f"{self.document.record_name()} is booked twice in journal "
            f"{shown(self.place.journal)}: #{self.booking.booking_number}"
            f"{self.own_year()} by the integration and #{self.duplicate.booking_number} "
            f"of financial year {self.place.financial_year} by hand"
        )

    def own_year(self) -> str:
        """`` of financial year 2025`` where the own booking is in another period, else nothing."""
        if self.booked_in == self.place:
            return ""
        return f" of financial year {self.booked_in.financial_year}"


def find_double_bookings(snapshot: Snapshot) -> tuple[DoubleBooking, ...]:
    """Every manual booking that books a document a second time (needs the bookings).

    Ordered by the duplicate's journal, period and number. Which document a
    reference names is the snapshot's one linking rule (DOMAIN §3.8): its
    number compared without white space and case, in the booking's journal.
    """
    require_bookings(snapshot, "find_double_bookings")
    return index_of(snapshot).remember(find_double_bookings, lambda: _double(snapshot))


def _double(snapshot: Snapshot) -> tuple[DoubleBooking, ...]:
    index = index_of(snapshot)
    bookings = snapshot.bookings or ()
    doubles = []
    # Only an unlinked booking whose reference names a document can double it:
    # the few the linking noted, in the order of the bookings. One with the
    # journal, number and date of a booked document no booking books is that
    # document's, its reference mistyped (§3.8's blocker), never deleted as a double.
    matched = {booking for booking, _ in index.links.by_number}
    for position in sorted(index.links.named):
        document = index.named_by_reference(position)
        if document is None or index.links.document_of[position] >= 0 or position in matched:
            continue
        booking = index.booking(document)
        if booking is not None:
            place = index.booking_places[position]
            own = snapshot.place_of(document)
            doubles.append(DoubleBooking(document, booking, bookings[position], place, own))
    doubles.sort(key=lambda double: (*double.place.order(), double.duplicate.booking_number))
    return tuple(doubles)
