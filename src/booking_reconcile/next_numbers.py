"""Next booking numbers (DOMAIN §3.5): what each journal must hand out first after the repair.

For each journal and numbering period the next synchronisation sends
documents into (the reset documents and the documents not booked yet)::

    next = max(lowest deleted number, highest number still in use + 1)

"Still in use" means the numbers carried by documents that are *not* reset
(stale ones included: the invoicing tool keeps their numbers) and the numbers
of bookings that are not deleted (manual entries included). With nothing
deleted there, ``next`` is the highest number still in use + 1; with nothing
in use, the lowest deleted number; with neither, there is no number to set.
A period the accounting package books nothing into, because it refuses every
document the sync sends there (documents not booked yet, each dated on or
before the journal's lock date, §3.4), has no number to set either; a prevention plan (§3.9), which
sets its numbers for the documents still to come, leaves out only a period
closed to its last day (:func:`preventable_collisions`, which the
``rebook-deleted`` cutoff reads too).

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

A journal has one configured next number. For a journal numbered per
financial year it describes the *latest* financial year the synchronisation
sends documents into (the period the accounting package is numbering now),
or that a prevention plan's step sets (§3.9); earlier periods are compared
with nothing (``configured`` is ``None`` there), so the checklist never tells
a person to set a number its own prediction contradicts.
:func:`configured_numbers` is that rule, for the plan, its simulation and the
confirmation alike.
"""

from __future__ import annotations

from . import _checks

__all__ = [
    "NextBookingNumber",
    "closed_for_good",
    "configured_numbers",
    "journal_locks",
    "next_booking_numbers",
    "places_sent_into",
    "preventable_collisions",
    "prevention_numbers",
]

import datetime as dt
from collections.abc import Iterable

import attrs

from ._groups import highest_by_place, place_order
from ._index import index_of
from .deletion import placed_deletions, split_at
from .double_bookings import find_double_bookings
from .models import Document
from .periods import Place, financial_year, latest_places
from .resend import documents_not_booked
from .snapshot import Snapshot
from .stale import predicted_collisions


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
    def differs(self) -> bool | None:
        """Whether the configured next number differs from ``number``; ``None`` when unknown.

        An unknown configured number never reads as "no difference" (DOMAIN §3.5).
        """
        return None if self.configured is None else self.configured != self.number

    def __str__(self) -> str:
        configured = "" if self.configured is None else f" (configured: {self.configured})"
        return f"{self.place}: next booking number {self.number}{configured}"


def next_booking_numbers(
    snapshot: Snapshot, cutoff: dt.date | None
) -> tuple[NextBookingNumber, ...]:
    """The next booking number of every journal and period the repair sends into."""
    _checks.cutoff_argument("next_booking_numbers", cutoff)
    if cutoff is None:
        return ()
    lowest_deleted: dict[Place, int] = {}
    for document, place in placed_deletions(snapshot, cutoff):
        number = document.booking_number or 0
        lowest_deleted[place] = min(lowest_deleted.get(place, number), number)
    # Still in use: the numbers of documents not reset (stale ones included)
    # and of the bookings not deleted, which are the manual ones: a booking of
    # a document not reset carries the document's number, and every reset
    # document's booking is deleted.
    highest_in_use = dict(split_at(snapshot, cutoff).highest_before)
    for manual, place in _manual_in_use(snapshot):
        if manual > highest_in_use.get(place, 0):
            highest_in_use[place] = manual

    numbers = []
    targets = places_sent_into(snapshot, cutoff)
    # §3.5: a period the sync sends only documents the accounting package
    # refuses into (each dated on or before the journal's lock date) is booked
    # nothing: no number to set there (the refused documents' own finding says why).
    for place in targets - _refused_only(snapshot, cutoff):
        candidates = []
        if place in lowest_deleted:
            candidates.append(lowest_deleted[place])
        if place in highest_in_use:
            candidates.append(highest_in_use[place] + 1)
        if candidates:
            numbers.append((place, max(candidates)))
    numbers.sort(key=lambda item: place_order(item[0]))
    configured = configured_numbers(snapshot, targets)
    return tuple(
        NextBookingNumber(place.journal, place.financial_year, number, configured.get(place))
        for place, number in numbers
    )


def prevention_numbers(snapshot: Snapshot) -> tuple[NextBookingNumber, ...]:
    """The next numbers that prevent the collisions stale documents predict (DOMAIN §3.9).

    For each journal and period where a stale document's number is at or
    above the highest booking left: the highest number still in use + 1
    (nothing is deleted, so the stale documents' numbers count). Needs the
    bookings; none without them.
    """
    index = index_of(snapshot)  # a Snapshot, or the library's error
    if not snapshot.has_bookings:
        return ()
    risky = {index.place(document) for document in preventable_collisions(snapshot)}
    if not risky:
        return ()
    in_use = [
        (document.booking_number, place)
        for document, place in index.placed_documents()
        if document.booking_number is not None and place in risky
    ]
    in_use += [(number, place) for number, place in _manual_in_use(snapshot) if place in risky]
    highest = highest_by_place(in_use)
    # §3.5: in a prevention plan the configured number describes the period its step sets.
    configured = configured_numbers(snapshot, risky)
    return tuple(
        NextBookingNumber(
            place.journal, place.financial_year, highest[place] + 1, configured.get(place)
        )
        for place in sorted(risky, key=Place.order)
    )


def _manual_in_use(snapshot: Snapshot) -> list[tuple[int, Place]]:
    """The numbers of the manual bookings a plan keeps: all but the double bookings (§3.10)."""
    index = index_of(snapshot)
    doubles = (
        {double.duplicate for double in find_double_bookings(snapshot)}
        if snapshot.has_bookings
        else set()
    )
    return [
        (booking.booking_number, place) for booking, place in index.manual if booking not in doubles
    ]


def places_sent_into(snapshot: Snapshot, cutoff: dt.date | None) -> set[Place]:
    """The places the next synchronisation sends documents into.

    Those of the documents reset at ``cutoff`` and of the documents not booked yet.
    """
    places = {place for _, place in documents_not_booked(snapshot)}
    if cutoff is not None:
        # A reset document is sent by its date, whatever year its deleted booking named.
        sent_place = index_of(snapshot).sent_place
        places.update(sent_place(document) for document, _ in split_at(snapshot, cutoff).reset)
    return places


def _refused_only(snapshot: Snapshot, cutoff: dt.date) -> set[Place]:
    """The places the sync sends only documents not booked yet into, all of which it refuses.

    A document dated on or before its journal's lock date is refused (§3.4),
    as the simulated sync refuses it; the plan's warning about it says so.
    """
    locks = journal_locks(snapshot)
    if not locks:
        return set()
    sent_place = index_of(snapshot).sent_place
    refused, kept = set(), set()
    for document, place in documents_not_booked(snapshot):
        locked_until = locks.get(place.journal)
        if locked_until is not None and document.date <= locked_until:
            refused.add(place)
        else:
            kept.add(place)
    # A period documents are reset into keeps its number: a reset document
    # refused there blocks the plan until the period is reopened, and then
    # the number is needed.
    kept.update(sent_place(document) for document, _ in split_at(snapshot, cutoff).reset)
    return refused - kept


def journal_locks(snapshot: Snapshot) -> dict[str, dt.date]:
    """The lock date of each journal that has one (usually none)."""
    return {
        code: journal.locked_until
        for code, journal in index_of(snapshot).journals.items()
        if journal.locked_until is not None
    }


def preventable_collisions(snapshot: Snapshot) -> tuple[Document, ...]:
    """The stale documents that predict a collision a plan can prevent (§3.9, §3.4).

    Those of :func:`~booking_reconcile.stale.predicted_collisions` outside a
    period closed to its last day: no document can be booked there ever
    again, so nothing can collide there, under either policy (a
    ``keep-deleted`` plan sets no number there, a ``rebook-deleted`` one
    resets nothing for it). Needs the bookings.
    """
    predicted = predicted_collisions(snapshot)
    if not predicted or not journal_locks(snapshot):
        return predicted
    index = index_of(snapshot)
    closed = closed_for_good(snapshot, {index.place(document) for document in predicted})
    return tuple(document for document in predicted if index.place(document) not in closed)


def closed_for_good(snapshot: Snapshot, places: Iterable[Place]) -> set[Place]:
    """The periods of ``places`` closed to their last day: no document can be booked there."""
    closed = set()
    month = snapshot.integration.financial_year_start_month
    for place in places:
        locked_until = snapshot.journal(place.journal).locked_until
        if place.financial_year is None or locked_until is None:
            continue  # a continuous journal takes every later document
        if (
            locked_until == dt.date.max
            or financial_year(locked_until + dt.timedelta(days=1), month) > place.financial_year
        ):
            closed.add(place)
    return closed


def configured_numbers(snapshot: Snapshot, places: Iterable[Place]) -> dict[Place, int]:
    """The journals' configured next numbers, each on the place it describes.

    Of ``places`` (those a synchronisation sends into, and those a plan sets
    a next number for), a journal's configured number describes its latest:
    the period the accounting package numbers now.
    """
    configured = {}
    for journal, place in latest_places(places).items():
        number = snapshot.journal(journal).next_booking_number
        if number is not None:
            configured[place] = number
    return configured
