"""Evidence before proof (DOMAIN §3.8): what the two sides leave unexplained.

A plan is proven against the snapshot it is given. A snapshot whose bookings
are not linked to their documents (a reference column missing or written
differently), whose bookings were exported from or up to a date only, whose
documents side lacks a kind or some documents, or whose booking names a
document the invoicing tool shows unbooked, yields a "sound" plan that books
documents twice. The functions here find that evidence, as data; the plan's findings
(:mod:`booking_reconcile.findings`) word it as blockers and warnings.

>>> from datetime import date
>>> from booking_reconcile import Booking, Integration, Invoice, Snapshot
>>> a = Invoice("2026 / 3", date(2026, 1, 5), 1001)
>>> snapshot = Snapshot(Integration("70", "71"), [a], bookings=[
...     Booking("70", 1001, a.date, reference="2026-3"),  # mistyped
... ])
>>> [(booking.booking_number, document.number) for booking, document in linked_by_number(snapshot)]
[(1001, '2026 / 3')]
"""

from __future__ import annotations

__all__ = [
    "EARLY_STALE_AT_LEAST",
    "LATE_STALE_AT_LEAST",
    "EarlyStale",
    "LateStale",
    "bookings_of_stale_documents",
    "bookings_of_unbooked_documents",
    "collisions_across_years",
    "entered_after_the_document",
    "linked_by_number",
    "references_naming_another_journal",
    "references_naming_nothing",
    "stale_after_last_booking",
    "stale_before_first_booking",
    "unexplained_references",
]

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import lru_cache

import attrs

from ._index import index_of
from ._linking import normalized
from ._lookups import manual_positions, unlinked_documents
from .collisions import Collision
from .models import Booking, Document, Numbering
from .ordering import date_key
from .periods import Place, financial_year
from .snapshot import Snapshot


def linked_by_number(snapshot: Snapshot) -> tuple[tuple[Booking, Document], ...]:
    """Each booking naming no document that has a booked document's place, number and date.

    With ``link_by_number=True`` these pairs are linked; otherwise each is a
    booking whose reference looks missing or mistyped.
    """
    index = index_of(snapshot)
    bookings, documents = snapshot.bookings or (), snapshot.documents
    return tuple(
        (bookings[booking], documents[document]) for booking, document in index.links.by_number
    )


def entered_after_the_document(snapshot: Snapshot) -> tuple[tuple[Booking, Document], ...]:
    """Each booking naming no document with a stale document's place and number, entered later.

    Not :func:`linked_by_number`'s (the same date), with no reference or one
    naming no document read, entered on or after the date of a document no
    booking books (§3.4: an entry date may trail it): that document's booking
    with its reference missing, or an entry by hand that took its number. Of
    two such documents, the later. In order of journal, number and date.
    Three rules ask; the snapshot's index remembers the answer.
    """
    return index_of(snapshot).remember(entered_after_the_document, lambda: _entered_after(snapshot))


def _entered_after(snapshot: Snapshot) -> tuple[tuple[Booking, Document], ...]:
    index, bookings = index_of(snapshot), snapshot.bookings or ()
    links = index.links
    paired = dict(links.by_number)
    # By journal and number first: a booking's place is read only for a match.
    wanted: dict[tuple[str, int], list[int]] = {}
    for p in index.manual_positions:  # usually a few
        if p not in paired and p not in links.named:
            booking = bookings[p]
            wanted.setdefault((booking.journal, booking.booking_number), []).append(p)
    taken = {snapshot.documents[document].key for document in paired.values()}
    found: dict[int, Document] = {}
    for document in unlinked_documents(snapshot) if wanted else ():  # remembered, a few
        number = document.booking_number
        if number is None or document.key in taken:
            continue
        place = index.place(document)
        for p in wanted.get((place.journal, number), ()):
            if index.booking_places[p] != place:
                continue
            known = found.get(p)
            if bookings[p].date >= document.date and (
                known is None or date_key(known) < date_key(document)
            ):
                found[p] = document
    pairs = [(bookings[p], document) for p, document in found.items()]
    return tuple(
        sorted(pairs, key=lambda pair: (pair[0].journal, pair[0].booking_number, pair[0].date))
    )


@attrs.frozen
class EarlyStale:
    """Stale documents dated before the first booking of their place: an export filtered by date?"""

    place: Place
    first_booking: dt.date
    documents: tuple[Document, ...]  # in date order

    @property
    def since(self) -> dt.date:
        """The date from which the bookings should be exported."""
        return self.documents[0].date

    def describe(self) -> str:
        """What is missing, in words (the findings add what to do)."""
        return (
            f"the bookings of {self.place} before {self.first_booking.isoformat()} look "
            f"missing: {_booked_span(self.documents)} have no booking"
        )


def _booked_span(documents: Sequence[Document]) -> str:
    """``documents`` (in date order) in words: how many, of which kinds, from and to which date."""
    kinds = {document.kind for document in documents}
    what = "documents" if len(kinds) > 1 else next(iter(kinds)).plural
    return (
        f"{len(documents)} booked {what} dated {documents[0].date.isoformat()} to "
        f"{documents[-1].date.isoformat()}"
    )


#: Fewer stale documents than this before a place's first booking are no evidence.
EARLY_STALE_AT_LEAST = 2


def stale_before_first_booking(
    snapshot: Snapshot, stale: Iterable[Document], *, at_least: int = EARLY_STALE_AT_LEAST
) -> tuple[EarlyStale, ...]:
    """Per place with bookings, its stale documents dated before its earliest booking.

    Only places with ``at_least`` of them (2: one alone is no evidence of a
    filtered export, but a plan that resets it asks for it, see the findings).
    """
    placed = [(document, snapshot.place_of(document)) for document in stale]
    if not placed:
        return ()
    earliest: dict[Place, dt.date] = {}
    for document, place in placed:
        if place not in earliest or document.date < earliest[place]:
            earliest[place] = document.date
    first = _first_bookings(snapshot, earliest)
    early: dict[Place, list[Document]] = {}
    for document, place in placed:
        if place in first and document.date < first[place]:
            early.setdefault(place, []).append(document)
    return tuple(
        EarlyStale(place, first[place], tuple(sorted(documents, key=lambda d: d.date)))
        for place, documents in sorted(early.items(), key=lambda item: item[0].order())
        if len(documents) >= at_least
    )


def _first_bookings(snapshot: Snapshot, earliest: dict[Place, dt.date]) -> dict[Place, dt.date]:
    """The date of the first booking of each place whose stale documents can be early.

    ``earliest`` gives each place's earliest stale date. A place with a
    booking dated on or before it has no stale document before its first
    booking, so it is left out as soon as such a booking is seen: the scan
    usually ends after the first few (old) bookings. The places left hold
    their first booking's date (a place without bookings is absent).
    """
    waiting = dict(earliest)
    first: dict[Place, dt.date] = {}
    for booking, place in index_of(snapshot).placed_bookings():
        day = waiting.get(place)
        if day is None:
            continue
        date = booking.date
        if date <= day:
            del waiting[place]
            first.pop(place, None)
            if not waiting:
                break
            continue
        known = first.get(place)
        if known is None or date < known:
            first[place] = date
    return first


@attrs.frozen
class LateStale:
    """Stale documents dated after the latest booking of their place: an export filtered to a date?"""

    place: Place
    latest_booking: dt.date
    documents: tuple[Document, ...]  # in date order

    def describe(self) -> str:
        """What is missing, in words (the findings add what to do)."""
        return (
            f"the bookings of {self.place} after {self.latest_booking.isoformat()} look "
            f"missing: {_booked_span(self.documents)} have no booking: was the export "
            "filtered to a date?"
        )


#: Fewer stale documents than this after a place's latest booking are no evidence:
#: one is the usual case of a booking deleted last (a prevention plan, §3.9).
LATE_STALE_AT_LEAST = 2


def stale_after_last_booking(
    snapshot: Snapshot, stale: Iterable[Document], *, at_least: int = LATE_STALE_AT_LEAST
) -> tuple[LateStale, ...]:
    """Per place with bookings, its stale documents dated after its latest booking.

    Only places with ``at_least`` of them: they are the last booked documents
    of their place, and their bookings may have been left out of an export
    that ends at a date. The mirror of :func:`stale_before_first_booking`.

    >>> from datetime import date, timedelta
    >>> from booking_reconcile import Booking, Integration, Invoice, Snapshot
    >>> january = [Invoice(f"2026/{n}", date(2026, 1, n), 1000 + n) for n in range(1, 6)]
    >>> exported = [Booking("70", d.booking_number, d.date, reference=d.number)
    ...             for d in january[:3]]  # exported up to 2026-01-03
    >>> snapshot = Snapshot(Integration("70", "71"), january, bookings=exported)
    >>> (late,) = stale_after_last_booking(snapshot, january[3:])
    >>> late.latest_booking, [document.number for document in late.documents]
    (datetime.date(2026, 1, 3), ['2026/4', '2026/5'])
    """
    placed = [(document, snapshot.place_of(document)) for document in stale]
    if len(placed) < at_least:
        return ()
    latest_stale: dict[Place, dt.date] = {}
    for document, place in placed:
        if place not in latest_stale or document.date > latest_stale[place]:
            latest_stale[place] = document.date
    last = _last_bookings(snapshot, latest_stale)
    late: dict[Place, list[Document]] = {}
    for document, place in placed:
        if place in last and document.date > last[place]:
            late.setdefault(place, []).append(document)
    return tuple(
        LateStale(place, last[place], tuple(sorted(documents, key=lambda d: d.date)))
        for place, documents in sorted(late.items(), key=lambda item: item[0].order())
        if len(documents) >= at_least
    )


def _last_bookings(snapshot: Snapshot, latest: dict[Place, dt.date]) -> dict[Place, dt.date]:
    """The date of the latest booking of each place whose stale documents can be late.

    ``latest`` gives each place's latest stale date. A place with a booking
    dated on or after it has no stale document after its latest booking, so
    it is left out as soon as such a booking is seen. Bookings are usually
    listed in date order, so the scan runs from the last one and usually
    ends after a few. The places left hold their latest booking's date (a
    place without bookings is absent: the bookings-missing finding's).
    """
    index = index_of(snapshot)
    waiting = dict(latest)
    last: dict[Place, dt.date] = {}
    bookings = snapshot.bookings or ()
    for booking, place in zip(reversed(bookings), reversed(index.booking_places), strict=True):
        day = waiting.get(place)
        if day is None:
            continue
        date = booking.date
        if date >= day:
            del waiting[place]
            last.pop(place, None)
            if not waiting:
                break
            continue
        known = last.get(place)
        if known is None or date > known:
            last[place] = date
    return last


def collisions_across_years(
    snapshot: Snapshot, collisions: Iterable[Collision]
) -> tuple[tuple[Collision, tuple[int, ...]], ...]:
    """Collisions of a continuous journal whose documents fall in different financial years.

    Each with those years: a journal that restarts its numbers every financial
    year, read as continuous, makes such collisions that are none.
    """
    month = snapshot.integration.financial_year_start_month
    found = []
    for collision in collisions:
        if snapshot.journal(collision.place.journal).numbering is not Numbering.CONTINUOUS:
            continue
        months = {(document.date.year, document.date.month) for document in collision.documents}
        if len(months) == 1:
            continue  # one month lies in one financial year
        years = sorted({_financial_year_of_month(*pair, month) for pair in months})
        if len(years) > 1:
            found.append((collision, tuple(years)))
    return tuple(found)


@lru_cache(maxsize=1024)
def _financial_year_of_month(year: int, month: int, start_month: int) -> int:
    """The financial year of the days of one month (they share it): the calendar's, once."""
    return financial_year(dt.date(year, month, 1), start_month)


def bookings_of_unbooked_documents(
    snapshot: Snapshot,
) -> tuple[tuple[Booking, Document], ...]:
    """Each manual booking whose reference names a document not booked in the invoicing tool.

    The invoicing tool shows the document without a booking number, so the
    next synchronisation sends it, whatever its date, and books it a second
    time. (A booking naming such a document by ``document`` is refused when
    the snapshot is built: the two sides disagree on its number.) A booking
    with a booked document's number and date is left out: its reference looks
    mistyped (:func:`linked_by_number`). In order of journal, number and date.

    >>> from datetime import date
    >>> from booking_reconcile import Booking, Integration, Invoice, Snapshot
    >>> x = Invoice("X", date(2026, 1, 7))  # its number cleared, its booking kept
    >>> snapshot = Snapshot(Integration("70", "71"), [x], bookings=[
    ...     Booking("70", 1003, x.date, reference="X")])
    >>> [(b.booking_number, d.number) for b, d in bookings_of_unbooked_documents(snapshot)]
    [(1003, 'X')]
    """
    return _named_by_reference(snapshot, stale=False)


def bookings_of_stale_documents(snapshot: Snapshot) -> tuple[tuple[Booking, Document], ...]:
    """Each manual booking whose reference names a stale document (its own booking gone).

    The document carries a booking number, but no booking of it exists: its
    booking was deleted, and it was entered again by hand. When a plan resets
    the document, the synchronisation books it again, a second time. A
    booking with a booked document's number and date is left out (its
    reference looks mistyped: :func:`linked_by_number`). In order of journal,
    number and date.

    >>> from datetime import date
    >>> from booking_reconcile import Booking, Integration, Invoice, Snapshot
    >>> d = Invoice("D", date(2026, 1, 12), 1003)  # its booking #1003 deleted
    >>> snapshot = Snapshot(Integration("70", "71"), [d], bookings=[
    ...     Booking("70", 1004, date(2026, 1, 14), reference="D")])
    >>> [(b.booking_number, d.number) for b, d in bookings_of_stale_documents(snapshot)]
    [(1004, 'D')]
    """
    return _named_by_reference(snapshot, stale=True)


def _named_by_reference(snapshot: Snapshot, *, stale: bool) -> tuple[tuple[Booking, Document], ...]:
    """The unlinked bookings naming a document without a booking: stale, or not booked at all.

    A booking with a booked document's number and date is left out (its
    reference looks mistyped). In order of journal, number and date.
    """
    index = index_of(snapshot)
    links = index.links
    if not links.named:  # usually
        return ()
    bookings, documents = snapshot.bookings or (), snapshot.documents
    mistyped = {booking for booking, _ in links.by_number}
    found = [
        (bookings[booking], documents[document])
        for booking, document in links.named.items()
        if booking not in mistyped
        and (documents[document].booking_number is not None) is stale
        and (not stale or index.booking(documents[document]) is None)
    ]
    found.sort(key=lambda pair: (pair[0].journal, pair[0].booking_number, pair[0].date))
    return tuple(found)


def references_naming_nothing(snapshot: Snapshot) -> tuple[tuple[Booking, Place], ...]:
    """Each manual booking whose reference names no document read, with its place.

    Left out: a booking with a booked document's number and date
    (:func:`linked_by_number`: its reference looks mistyped).
    In order of place, number and date.
    """
    index = index_of(snapshot)
    bookings = snapshot.bookings or ()
    # The manual bookings are usually a few, and few of them have a reference.
    positions = [p for p in index.manual_positions if bookings[p].reference is not None]
    if not positions:
        return ()
    links = index.links
    if links.named or links.by_number:
        explained = {booking for booking, _ in links.by_number}
        explained.update(links.named)
        positions = [position for position in positions if position not in explained]
    places = index.booking_places
    found = [(bookings[position], places[position]) for position in positions]
    found.sort(key=lambda pair: (*pair[1].order(), pair[0].booking_number, pair[0].date))
    return tuple(found)


def references_naming_another_journal(
    snapshot: Snapshot,
) -> tuple[tuple[Booking, Place, Document], ...]:
    """Each manual booking whose reference is the number of a document read of another journal.

    A reference names a document only in the journal its kind goes to (§3.8),
    so a booking of :func:`references_naming_nothing` may still carry the
    number of a document read, placed in another journal. Dated as the
    booking (the synchronisation books a document on its own date), it is
    that document's booking in all likelihood: the documents read are not all
    this integration's (another department's), or its journals are given
    wrong. Each with the booking's place and that document (one of the
    booking's date first, else the first read). In order of place, number
    and date.

    >>> from datetime import date
    >>> from booking_reconcile import Booking, Integration, Invoice, Snapshot
    >>> b = Invoice("B1", date(2026, 1, 7), 3)  # another department's, booked in its 72
    >>> snapshot = Snapshot(Integration("70", "71"), [b], bookings=[
    ...     Booking("72", 3, b.date, reference="b1")])
    >>> [(str(p), x.booking_number, d.number) for x, p, d in references_naming_another_journal(snapshot)]
    [('journal 72', 3, 'B1')]
    """
    found = references_naming_nothing(snapshot)
    if not found:  # usually
        return ()
    index = index_of(snapshot)
    return index.remember(
        references_naming_another_journal, lambda: _of_another_journal(snapshot, found)
    )


def _of_another_journal(
    snapshot: Snapshot, found: Sequence[tuple[Booking, Place]]
) -> tuple[tuple[Booking, Place, Document], ...]:
    wanted = {normalized(booking.reference or "") for booking, _ in found}
    by_number: dict[str, list[tuple[Document, Place]]] = {}
    for document, place in index_of(snapshot).placed_documents():
        number = normalized(document.number)
        if number in wanted:
            by_number.setdefault(number, []).append((document, place))
    named = []
    for booking, place in found:
        others = [
            document
            for document, where in by_number.get(normalized(booking.reference or ""), ())
            if where.journal != booking.journal
        ]
        if others:
            dated = [document for document in others if document.date == booking.date]
            named.append((booking, place, (dated or others)[0]))
    return tuple(named)


def unexplained_references(
    snapshot: Snapshot, since: dt.date
) -> tuple[tuple[Booking, Document | None], ...]:
    """Manual bookings from ``since`` on with a reference that books no document read.

    Each with the document its reference names (booked under another number,
    with no booking of its own) or ``None``; a double booking (the named
    document is booked too) is explained and left out, and so is a reference
    that names a document not booked in the invoicing tool (:func:`bookings_of_unbooked_documents`,
    whatever the date). In order of journal, number and date.
    """
    index = index_of(snapshot)
    bookings = snapshot.bookings or ()
    found = []
    for position in manual_positions(snapshot):  # most bookings are linked
        booking = bookings[position]
        if booking.reference is None or booking.date < since:
            continue
        named = index.named_by_reference(position)
        if named is None or (named.booking_number is not None and index.booking(named) is None):
            found.append((booking, named))
    # In order of journal, number and date, whatever the order of the input.
    found.sort(key=lambda pair: (pair[0].journal, pair[0].booking_number, pair[0].date))
    return tuple(found)
