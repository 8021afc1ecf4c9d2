"""Stale documents (DOMAIN §3.2): numbers whose bookings are gone.

A **stale** document carries a booking number whose booking no longer exists
in the accounting package: it was deleted there, but the invoicing tool kept
the number. With the bookings given, a booked document is stale when no
booking refers to it. A stale document whose number is *at or above* the
highest booking left in its journal and period predicts a collision: the
accounting package's "highest + 1" will hand its number out again.

>>> from datetime import date
>>> from booking_reconcile import Booking, Integration, Invoice, Snapshot
>>> a = Invoice("A", date(2026, 1, 5), 1001)
>>> b = Invoice("B", date(2026, 1, 6), 1002)  # its booking was deleted
>>> snapshot = Snapshot(Integration("70", "71"), [a, b], bookings=[Booking("70", 1001, a.date, a.ref)])
>>> [document.number for document in find_stale_documents(snapshot)]
['B']
>>> [document.number for document in find_collision_risks(snapshot)]
['B']

Without the bookings, the stale documents are *presumed* from the
collisions (§3.1): every document of a collision but its holder.
"""

from __future__ import annotations

__all__ = [
    "StaleDocuments",
    "find_collision_risks",
    "find_stale_documents",
    "highest_booking_numbers",
    "highest_but",
    "presumed_stale",
    "risks_among",
]

from collections.abc import Collection, Iterable
from collections.abc import Set as AbstractSet

from ._groups import place_order
from ._index import index_of
from ._lookups import booking_numbers, unlinked_documents
from ._presentation import to_html, to_markdown
from .collisions import find_collisions
from .double_bookings import find_double_bookings
from .models import Booking, Document, DocumentKey
from .ordering import date_order
from .periods import Place
from .snapshot import Snapshot, require_bookings


class StaleDocuments(tuple[Document, ...]):
    """The stale documents :func:`find_stale_documents` returns: a tuple that displays as a table.

    It is a plain tuple in every other respect (it compares equal to one);
    Jupyter shows a count and a table of the documents.
    """

    __slots__ = ()

    def _repr_markdown_(self) -> str:
        """A count and a table of the stale documents, for Jupyter to display."""
        return to_markdown(self)

    def _repr_html_(self) -> str:
        """A count and an HTML table of the stale documents."""
        return to_html(self)


def find_stale_documents(snapshot: Snapshot) -> tuple[Document, ...]:
    """Booked documents whose booking no longer exists in the accounting package.

    Needs the snapshot's bookings; ordered by journal, period, number, date.
    """
    require_bookings(snapshot, "find_stale_documents")
    return index_of(snapshot).remember(find_stale_documents, lambda: _stale(snapshot))


def _stale(snapshot: Snapshot) -> tuple[Document, ...]:
    index = index_of(snapshot)
    stale = date_order(
        document for document in unlinked_documents(snapshot) if document.booking_number is not None
    )
    if len(stale) > 1:
        stale.sort(
            key=lambda document: (*place_order(index.place(document)), document.booking_number)
        )
    return StaleDocuments(stale)


def presumed_stale(snapshot: Snapshot) -> tuple[Document, ...]:
    """The stale documents: known from the bookings, or presumed from the collisions."""
    if snapshot.has_bookings:
        return find_stale_documents(snapshot)
    return tuple(
        document for collision in find_collisions(snapshot) for document in collision.stale
    )


def find_collision_risks(snapshot: Snapshot) -> tuple[Document, ...]:
    """Stale documents that predict a collision on a coming synchronisation.

    Needs the snapshot's bookings.
    """
    require_bookings(snapshot, "find_collision_risks")
    return risks_among(snapshot, find_stale_documents(snapshot))


def predicted_collisions(snapshot: Snapshot) -> tuple[Document, ...]:
    """The stale documents that predict a collision once a plan is carried out (§3.9).

    As :func:`find_collision_risks`, but the manual bookings a plan deletes
    (double bookings, §3.10) are not left: deleting one can uncover a stale
    number. Found once per snapshot.
    """
    return index_of(snapshot).remember(predicted_collisions, lambda: _predicted(snapshot))


def _predicted(snapshot: Snapshot) -> tuple[Document, ...]:
    doubles = find_double_bookings(snapshot)
    stale = find_stale_documents(snapshot)
    return risks_among(snapshot, stale, removed=[double.duplicate for double in doubles])


def highest_booking_numbers(snapshot: Snapshot) -> dict[Place, int]:
    """The highest number of every booking, per place (needs the bookings; found once)."""
    index = index_of(snapshot)
    return index.remember(highest_booking_numbers, lambda: _highest_of_all(snapshot))


def highest_but(snapshot: Snapshot, gone: AbstractSet[int | None]) -> dict[Place, int]:
    """The highest number per place of every booking but the ``gone`` ones (by position).

    From the highest of every booking (found once per snapshot). A place
    whose highest is gone can hold no booking left above the largest number
    below it that is not gone; numbers are unique in a place, so the search
    for it, reading the bookings from the last, ends when it is found
    (deletions take the latest bookings, usually listed last).
    """
    highest = dict(highest_booking_numbers(snapshot))
    if not gone:
        return highest
    numbers_of = booking_numbers(snapshot)  # read once per snapshot, no booking read again
    places = index_of(snapshot).booking_places
    taken: dict[Place, set[int]] = {}
    for position in gone:
        if position is not None:
            taken.setdefault(places[position], set()).add(numbers_of[position])
    bound: dict[Place, int] = {}
    for place, numbers in taken.items():
        top = highest.pop(place)
        if top not in numbers:
            highest[place] = top
            continue
        while top in numbers:
            top -= 1
        bound[place] = top
    for position in range(len(numbers_of) - 1, -1, -1):
        place = places[position]
        limit = bound.get(place)
        if limit is None or position in gone:
            continue
        number = numbers_of[position]
        if number > highest.get(place, 0):
            highest[place] = number
            if number == limit:
                del bound[place]
                if not bound:
                    break
    return highest


def _highest_of_all(snapshot: Snapshot) -> dict[Place, int]:
    """The highest booking number of each place, of every booking.

    Found when the snapshot was built (its numbers are checked once per
    place); a copy, so that no caller changes the snapshot's own.
    """
    return dict(index_of(snapshot).highest)


def risks_among(
    snapshot: Snapshot,
    stale: Iterable[Document],
    deleted: Collection[DocumentKey] = (),
    removed: Collection[Booking] = (),
) -> tuple[Document, ...]:
    """Of ``stale`` documents, those *at or above* the highest booking left in their place.

    ``deleted`` names documents whose bookings a plan deletes, ``removed`` the
    manual bookings it deletes (double bookings): neither is left.
    """
    index = index_of(snapshot)
    placed = [(document, index.place(document)) for document in stale]
    if not placed:
        return ()
    # The largest stale number of each place: a booking left above it clears them all.
    largest: dict[Place, int] = {}
    for document, place in placed:
        number = document.booking_number or 0
        if number > largest.get(place, -1):
            largest[place] = number
    highest = _highest_left(snapshot, largest, deleted, set(removed))
    return tuple(
        document
        for document, place in placed
        if (document.booking_number or 0) >= highest.get(place, 0)
    )


def _highest_left(
    snapshot: Snapshot,
    largest: dict[Place, int],
    deleted: Collection[DocumentKey],
    removed: AbstractSet[Booking],
) -> dict[Place, int]:
    """For each place of ``largest``, the highest booking left, or one left above ``largest``.

    Either answers the question "is this stale number at or above the highest
    booking left": a booking left above the largest stale number of a place
    clears every stale document there. The bookings are read from the last
    (usually the highest numbers), so the scan ends early unless a stale
    number is at the top of its place; then it is the exact highest.
    """
    index = index_of(snapshot)
    bookings = snapshot.bookings or ()
    places = index.booking_places
    document_of = index.links.document_of
    gone = set()
    for key in deleted:
        document = index.positions.get(key)
        linked = -1 if document is None else index.links.booking_at[document]
        if linked >= 0:
            gone.add(linked)
    waiting = dict(largest)
    highest: dict[Place, int] = {}
    for position in range(len(bookings) - 1, -1, -1):
        place = places[position]
        above = waiting.get(place)
        if above is None:
            continue
        booking = bookings[position]
        number = booking.booking_number
        if (
            number <= highest.get(place, 0)
            or position in gone
            or (removed and document_of[position] < 0 and booking in removed)
        ):
            continue
        highest[place] = number
        if number > above:
            del waiting[place]
            if not waiting:
                break
    return highest
