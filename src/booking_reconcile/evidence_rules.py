"""The evidence rules (DOMAIN §3.8): blockers and warnings where the two sides leave something unexplained.

Is the accounting side complete (a journal without bookings, most documents
stale), is each booking linked to its document (by document, by reference,
by number and date), and is each side complete (bookings filtered by date,
a kind of document left out: :mod:`booking_reconcile.evidence_documents`)?
:mod:`booking_reconcile.evidence` finds the evidence as data; the rules here
word it. :mod:`booking_reconcile.findings`
composes them with the plan's own rules.
"""

from __future__ import annotations

__all__ = [
    "MOSTLY_STALE_AT_LEAST",
    "booking_linked_by_number",
    "booking_of_reset_document",
    "booking_of_unbooked_document",
    "booking_unlinked_by_number",
    "booking_unlinked_kept",
    "bookings_filtered_by_date",
    "bookings_filtered_on_purpose",
    "bookings_filtered_to_date",
    "bookings_filtered_to_date_on_purpose",
    "bookings_look_missing",
    "bookings_may_be_filtered_to_date",
    "bookings_missing_on_purpose",
    "mostly_stale",
    "no_booking_names_a_document",
    "numbers_column_wrong",
]

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from itertools import compress, repeat
from operator import attrgetter, is_not, itemgetter

import attrs

from ._index import index_of
from .evidence import (
    EARLY_STALE_AT_LEAST,
    LATE_STALE_AT_LEAST,
    EarlyStale,
    LateStale,
    bookings_of_stale_documents,
    bookings_of_unbooked_documents,
    entered_after_the_document,
    linked_by_number,
    stale_after_last_booking,
    stale_before_first_booking,
)
from .models import Booking, Document, DocumentKind
from .ordering import date_key
from .periods import Place
from .plan_facts import Finding, PlanFacts
from .snapshot import Snapshot
from .stale import find_stale_documents

# -- §3.8: is the accounting side complete? ------------------------------------


def _booked_counts(facts: PlanFacts) -> dict[Place, Counter[DocumentKind]]:
    """The booked documents of each place, counted by kind (once per snapshot)."""
    index = index_of(facts.snapshot)
    documents = facts.snapshot.documents
    places = map(itemgetter(1), index.placed_documents())
    return index.remember(_booked_counts, lambda: _count_booked(documents, places))


def _count_booked(
    documents: tuple[Document, ...], places: Iterator[Place]
) -> dict[Place, Counter[DocumentKind]]:
    # Counted in C: each booked document's (place, kind), without a Python step each.
    is_booked = map(is_not, map(_BOOKING_NUMBER, documents), repeat(None))
    pairs = Counter(compress(zip(places, map(_KIND, documents), strict=True), is_booked))
    counts: dict[Place, Counter[DocumentKind]] = {}
    for (place, kind), number in pairs.items():
        counts.setdefault(place, Counter())[kind] = number
    return counts


_BOOKING_NUMBER = attrgetter("booking_number")
_KIND = attrgetter("kind")


def _empty_places(facts: PlanFacts) -> list[tuple[Place, Counter[DocumentKind]]]:
    """The places that booked documents are in but no booking is (bookings given)."""
    if not facts.snapshot.has_bookings:
        return []
    index = index_of(facts.snapshot)
    return index.remember(_empty_places, lambda: _places_without_bookings(facts))


def _places_without_bookings(facts: PlanFacts) -> list[tuple[Place, Counter[DocumentKind]]]:
    snapshot = facts.snapshot
    index = index_of(snapshot)
    # A booked document is booked in its own place, or stale: when every
    # stale document's place holds a booking (the usual case), so does every
    # booked document's, and none needs counting.
    places = index.booking_places
    if all(snapshot.place_of(document) in places for document in find_stale_documents(snapshot)):
        return []
    booked = set(places)
    counts = _booked_counts(facts)
    return [
        (place, counts[place]) for place in sorted(counts, key=Place.order) if place not in booked
    ]


def _counted(counts: Counter[DocumentKind]) -> str:
    parts = [
        f"{number} booked {kind.label if number == 1 else kind.plural}"
        for kind, number in sorted(counts.items(), key=lambda item: item[0].value, reverse=True)
    ]
    return " and ".join(parts)


def bookings_look_missing(facts: PlanFacts) -> Iterator[Finding]:
    """A journal and period with booked documents but no booking: its export looks missing."""
    if facts.snapshot.bookings_complete:
        return
    for place, counts in _empty_places(facts):
        yield Finding(
            "bookings-missing",
            f"the bookings of {place} look missing: {_counted(counts)}, no booking; export "
            "them too (a journal, a page or an administration may be left out), or say the "
            "accounting side is complete on purpose (bookings_complete=True, "
            "--bookings-complete)",
        )


def bookings_missing_on_purpose(facts: PlanFacts) -> Iterator[Finding]:
    """The same, when the caller says the accounting side is complete: a warning."""
    if not facts.snapshot.bookings_complete:
        return
    for place, counts in _empty_places(facts):
        yield Finding(
            "bookings-missing",
            f"{place} holds no booking although {_counted(counts)} "
            f"{'carries a number' if sum(counts.values()) == 1 else 'carry numbers'} there; "
            "taken as complete on purpose, so all of them are stale",
        )


#: Fewer booked documents than this in one place are too few to judge a share.
MOSTLY_STALE_AT_LEAST = 5


def mostly_stale(facts: PlanFacts) -> Iterator[Finding]:
    """More than half of a place's booked documents stale (of 5 or more): the wrong export?"""
    # Counted only when a place can hold more than MOSTLY_STALE_AT_LEAST / 2 of them.
    if not facts.snapshot.has_bookings or 2 * len(facts.stale) <= MOSTLY_STALE_AT_LEAST:
        return
    stale: Counter[Place] = Counter(facts.snapshot.place_of(d) for d in facts.stale)
    if not _may_be_mostly_stale(facts, stale):
        return
    empty = {place for place, _ in _empty_places(facts)}
    for place, counts in sorted(_booked_counts(facts).items(), key=lambda item: item[0].order()):
        total = sum(counts.values())
        if place in empty or total < MOSTLY_STALE_AT_LEAST or 2 * stale[place] <= total:
            continue
        kinds = "documents" if len(counts) > 1 else next(iter(counts)).plural
        yield Finding(
            "mostly-stale",
            f"{stale[place]} of {total} booked {kinds} in {place} have no booking: was the "
            "right administration exported?",
        )


def _may_be_mostly_stale(facts: PlanFacts, stale: Counter[Place]) -> bool:
    """Whether a place may be mostly stale, told without reading every document.

    A place's booked documents are the documents its linked bookings book (a
    booking and its document share the place) and its stale documents (the
    booked documents no booking books). More than half of at least
    MOSTLY_STALE_AT_LEAST takes more stale documents than half of it.
    """
    snapshot = facts.snapshot
    index = index_of(snapshot)
    known: Counter[Place] | None = None
    for place, count in stale.items():
        if 2 * count <= MOSTLY_STALE_AT_LEAST:
            continue
        if known is None:
            known = Counter(map(snapshot.place_of, find_stale_documents(snapshot)))
        unlinked = sum(1 for _, where in index.manual if where == place)
        total = index.booking_places.count(place) - unlinked + known[place]
        if total >= MOSTLY_STALE_AT_LEAST and 2 * count > total:
            return True
    return False


# -- §3.8: is each booking linked, and is each side complete? -------------------


def _reference_seen(booking: Booking) -> str:
    if booking.reference is None:
        return "no reference"
    return f"the reference {booking.reference!r}"


def booking_unlinked_by_number(facts: PlanFacts) -> Iterator[Finding]:
    """A booking naming no document with a booked document's place and number, on or after its date.

    On its date (linked with ``link_by_number``); entered later: :func:`_entered_later`.
    """
    snapshot = facts.snapshot
    if not snapshot.link_by_number:
        yield from _unlinked_on_the_date(snapshot)
    yield from _entered_later(facts, blocks=True)


def booking_unlinked_kept(facts: PlanFacts) -> Iterator[Finding]:
    """A booking entered later whose document the plan keeps, or an entry by hand: a warning."""
    return _entered_later(facts, blocks=False)


def _unlinked_on_the_date(snapshot: Snapshot) -> Iterator[Finding]:
    index = index_of(snapshot)
    for (position, _), (booking, document) in zip(
        index.links.by_number, linked_by_number(snapshot), strict=True
    ):
        named = index.named_by_reference(position)
        if named is not None:
            yield _mistyped_reference(booking, named, document)
            continue
        yield Finding(
            "booking-unlinked",
            f"{booking.record_name()} of {booking.date.isoformat()} names no document "
            f"({_reference_seen(booking)}) but has the journal, period, number and date of "
            f"{document.record_name()}: it is almost certainly that document's booking with "
            "its reference missing or written differently; export the reference column "
            '(Exact Online\'s "Your ref.") as the invoicing tool wrote it, or accept links '
            "by number and date (link_by_number=True, --link-by-number)",
            (document.ref,),
        )


def _entered_later(facts: PlanFacts, *, blocks: bool) -> Iterator[Finding]:
    """Each booking naming no document entered on or after a stale document's date: a blocker
    where the plan resets it (booked twice if its own), unless ``bookings_complete``."""
    complete = facts.snapshot.bookings_complete
    for booking, document in entered_after_the_document(facts.snapshot):
        reset = document.key in facts.reset_keys
        if blocks is (reset and not complete):
            said = _said(booking, document, reset, complete)
            yield Finding("booking-unlinked", said, (document.ref,))


def _said(booking: Booking, document: Document, reset: bool, complete: bool) -> str:
    """What the booking may be, and what to do (or, with ``bookings_complete``, what is done)."""
    seen = _reference_seen(booking)
    if booking.reference is not None:
        seen += ", which names no document read"
    days, name = (booking.date - document.date).days, document.record_name()
    days_after = f"{days} day{'' if days == 1 else 's'} after it"
    fill_in = f'fill in its reference (Exact Online\'s "Your ref.": {document.number!r})'
    head = (
        f"{booking.record_name()} of {booking.date.isoformat()} names no document ({seen}) "
        f"but has the journal, period and number of {name} of {document.date.isoformat()}, "
        f"which no booking books, and was entered {days_after}: "
    )
    if complete:
        then = f"it resets {name} and the synchronisation books it again (if the booking is "
        then += f"{name}'s after all, fill in its reference instead, or it is booked twice)"
        return head + (
            "with the accounting side as exported (bookings_complete), the plan takes it for an "
            f"entry by hand that took the number after {name}'s booking was deleted, and keeps it; "
            + (then if reset else f"{name} stays without a booking")
        )
    head += (
        "it is that document's booking with its reference missing or mistyped, or an entry by "
        f"hand that took the number after {name}'s booking was deleted, which the exports "
        "cannot tell apart; "
    )
    if not reset:
        return head + (
            f"the plan does not reset {name} and keeps the booking, so either way nothing is "
            f"booked twice. If it books {name}, {fill_in}, so that the next export links it"
        )
    return head + (
        f"the plan resets {name} and the synchronisation books it again, so if the booking is "
        "its own, it is booked twice. Look the booking up in the accounting package: if it "
        f"books {name}, {fill_in} and export the bookings again (it is then linked as its "
        "booking, and deleted if the plan resets it); if it is an entry by hand and the "
        "bookings export is whole (the option says so of all of it: no journal, page or row "
        "left out), say so (bookings_complete=True, --bookings-complete), and the plan keeps "
        "it as one. Nothing is linked on a guess (link_by_number=True links only a booking of "
        "the document's own date)"
    )


def _mistyped_reference(booking: Booking, named: Document, document: Document) -> Finding:
    """The blocker of a booking whose reference names one document, its number and date another."""
    return Finding(
        "booking-unlinked",
        f"{booking.record_name()} of {booking.date.isoformat()} has {_reference_seen(booking)}, "
        f"which names {named.record_name()}, but has the journal, period, number and date of "
        f"{document.record_name()}, which no booking books: it is almost certainly that "
        "document's booking with its reference mistyped, not a second booking of "
        f"{named.record_name()}; correct the reference in the accounting package (Exact "
        'Online\'s "Your ref.") and export the bookings again; nothing is deleted on a guess',
        (document.ref, named.ref),
    )


def booking_of_unbooked_document(facts: PlanFacts) -> Iterator[Finding]:
    """A booking whose reference names a document the invoicing tool shows unbooked.

    The synchronisation sends every document not booked yet, whatever its
    date and whatever the plan: it would book that document a second time.
    """
    if not facts.snapshot.has_bookings:
        return
    for booking, document in bookings_of_unbooked_documents(facts.snapshot):
        yield Finding(
            "booking-of-unbooked-document",
            f"{document.record_name()} is not booked in the invoicing tool (it carries no "
            f"booking number), but {booking.record_name()} of {booking.date.isoformat()} names "
            f"it by its reference {booking.reference!r}: the next synchronisation sends it and "
            "books it a second time; delete that booking in the accounting package, or put "
            f"its number ({booking.booking_number}) on the document in the invoicing tool, "
            "before the next synchronisation",
            (document.ref,),
        )


def booking_of_reset_document(facts: PlanFacts) -> Iterator[Finding]:
    """A booking by hand whose reference names a stale document the plan resets.

    The document's own booking is gone and it was entered again by hand:
    the plan resets it, the synchronisation books it again, and the entry by
    hand stays (§3.4), so it would be booked twice (§3.7: every reset
    document is booked exactly once), whatever the caller says of the
    documents' completeness: the entry names a document that was read.
    """
    if not facts.snapshot.has_bookings or not facts.to_reset:
        return
    reset = facts.reset_keys
    found = [
        (booking, document)
        for booking, document in bookings_of_stale_documents(facts.snapshot)
        if document.key in reset
    ]
    if not found or numbers_column_wrong(facts):
        return  # none, or every reference names its document under another number
    for booking, document in found:
        name = document.record_name()
        yield Finding(
            "booking-of-reset-document",
            f"{name} carries booking number {document.booking_number}, which no booking has, "
            f"but {booking.record_name()} of {booking.date.isoformat()} names it by its "
            f"reference {booking.reference!r} (entered by hand after its booking was deleted, "
            f"or booked under another number): the plan resets {name} and the synchronisation "
            f"books it again, so it would be booked twice; if that booking is {name}'s, delete "
            "it in the accounting package before you carry out the plan, else correct its "
            "reference",
            (document.ref,),
        )


def numbers_column_wrong(facts: PlanFacts) -> bool:
    """Whether no booking links and the references name documents under other numbers."""
    return next(no_booking_names_a_document(facts), None) is not None


def booking_linked_by_number(facts: PlanFacts) -> Iterator[Finding]:
    """Each link made by number and date, because the caller accepted them."""
    if not facts.snapshot.link_by_number:
        return
    for booking, document in linked_by_number(facts.snapshot):
        yield Finding(
            "linked-by-number",
            f"{booking.record_name()} of {booking.date.isoformat()} "
            f"({_reference_seen(booking)}) is taken as the booking of "
            f"{document.record_name()} by its journal, period, number and date "
            "(link_by_number): check that it books that document",
            (document.ref,),
        )


def no_booking_names_a_document(facts: PlanFacts) -> Iterator[Finding]:
    """Bookings given, booked documents present, and not one booking linked to a document."""
    snapshot = facts.snapshot
    # A document a booking books makes a link: none booked, none linked (the
    # counts by kind of link are made only for the message).
    if not snapshot.bookings or index_of(snapshot).booked_keys():
        return
    if not any(document.booking_number is not None for document in snapshot.documents):
        return
    links = snapshot.links
    assert links is not None  # bookings given
    named = len(index_of(snapshot).links.named)
    if named:  # the references name documents, under other numbers: the numbers are wrong
        yield Finding(
            "no-booking-names-a-document",
            f"no booking names a document ({links.unlinked} bookings, none linked), but "
            f"{named} of their references name a document read, which carries another booking "
            "number: is the documents' booking-number column the right one? Export the "
            "invoices and credit notes with the booking number the accounting package gave "
            "them",
        )
        return
    yield Finding(
        "no-booking-names-a-document",
        f"no booking names a document ({links.unlinked} bookings, none linked): is the "
        "reference column missing or written differently? Export the bookings with the "
        'reference the invoicing tool wrote (Exact Online\'s "Your ref.")',
    )


def _early_stale(facts: PlanFacts) -> tuple[EarlyStale, ...]:
    """Two or more stale documents before a place's first booking; or one the plan resets.

    Resetting a document whose booking is only missing from the export books
    it twice, so one such document is evidence enough when the plan resets it.
    """
    if not facts.snapshot.has_bookings:
        return ()
    reset = facts.reset_keys
    if not reset and len(facts.stale) < EARLY_STALE_AT_LEAST:
        return ()  # too few stale documents to be evidence, and none reset: nothing to read
    return tuple(
        early
        for early in stale_before_first_booking(facts.snapshot, facts.stale, at_least=1)
        if len(early.documents) >= EARLY_STALE_AT_LEAST
        or any(document.key in reset for document in early.documents)
    )


def bookings_filtered_by_date(facts: PlanFacts) -> Iterator[Finding]:
    """Two or more stale documents before the first booking of their place: filtered by date?"""
    if facts.snapshot.bookings_complete:
        return
    for early in _early_stale(facts):
        yield Finding(
            "bookings-filtered-by-date",
            f"{early.describe()}; export the bookings from "
            f"{early.since.isoformat()} on, or say the accounting side is complete on "
            "purpose (bookings_complete=True, --bookings-complete)",
            tuple(document.ref for document in early.documents),
        )


def bookings_filtered_on_purpose(facts: PlanFacts) -> Iterator[Finding]:
    """The same, when the caller says the accounting side is complete: a warning."""
    if not facts.snapshot.bookings_complete:
        return
    for early in _early_stale(facts):
        yield Finding(
            "bookings-filtered-by-date",
            f"{early.describe()}; taken as complete on purpose, so all of them are stale",
            tuple(document.ref for document in early.documents),
        )


@attrs.frozen
class _AfterTheEnd:
    """Stale documents, one a place, after the latest booking of every place: an end date?"""

    end: dt.date  # the latest booking of all
    documents: tuple[Document, ...]  # in date order
    places: tuple[Place, ...]  # each document's
    others: tuple[tuple[Place, int], ...]  # the places found alone, with theirs after ``end``

    def describe(self) -> str:
        """What is missing, in words (the findings add what to do)."""
        listed = [
            f"{document.record_name()} of {document.date.isoformat()} in {place}"
            for document, place in zip(self.documents, self.places, strict=True)
        ]
        one = len(listed) == 1
        text = (
            f"the bookings after {self.end.isoformat()} (the latest booking of every journal) "
            f"look missing: {' and '.join(listed)} {'has' if one else 'have'} no booking"
        )
        if not one:
            text += ", each after the latest booking of its journal and period"
        if self.others:
            alone = " and ".join(f"the {count} of {place}" for place, count in self.others)
            text += f", like {alone} named above"
        return f"{text}: was the export filtered to a date?"


def _late_stale(facts: PlanFacts) -> tuple[LateStale | _AfterTheEnd, ...]:
    """Two or more stale documents after a place's latest booking, or after every place's.

    Stale documents one a place, each after its place's latest booking and
    all after the latest booking of every place (an export's end date), are
    counted together. Two rules ask; the snapshot's index remembers the
    answer for its own stale documents (the plan's, with the bookings given).
    """
    snapshot, stale = facts.snapshot, facts.stale
    if not snapshot.has_bookings or len(stale) < LATE_STALE_AT_LEAST:
        return ()
    if stale is not find_stale_documents(snapshot):
        return _find_late(snapshot, stale)
    return index_of(snapshot).remember(_late_stale, lambda: _find_late(snapshot, stale))


def _find_late(
    snapshot: Snapshot, stale: tuple[Document, ...]
) -> tuple[LateStale | _AfterTheEnd, ...]:
    """The places with two or more late stale documents, then those one a place after the end."""
    found = stale_after_last_booking(snapshot, stale, at_least=1)
    alone = tuple(late for late in found if len(late.documents) >= LATE_STALE_AT_LEAST)
    if len(alone) == len(found) or sum(map(len, map(_DOCUMENTS, found))) < LATE_STALE_AT_LEAST:
        return alone  # no place with one, or too few documents in all
    end = max(map(_DATE, snapshot.bookings or ()))
    ones = sorted(
        (
            (late.documents[0], late.place)
            for late in found
            if len(late.documents) < LATE_STALE_AT_LEAST
        ),
        key=lambda pair: date_key(pair[0]),
    )
    ones = [(document, place) for document, place in ones if document.date > end]
    others = tuple(
        (late.place, count)
        for late in alone
        if (count := sum(document.date > end for document in late.documents))
    )
    if not ones or len(ones) + sum(count for _, count in others) < LATE_STALE_AT_LEAST:
        return alone
    documents, places = zip(*ones, strict=True)
    return (*alone, _AfterTheEnd(end, documents, places, others))


_DATE = attrgetter("date")
_DOCUMENTS = attrgetter("documents")


def _resets(facts: PlanFacts, late: LateStale | _AfterTheEnd) -> bool:
    reset = facts.reset_keys
    return any(document.key in reset for document in late.documents)


_EXPORT_UP_TO_TODAY = (
    "export the bookings up to today (no end date), or say the accounting side is complete "
    "on purpose (bookings_complete=True, --bookings-complete)"
)


def bookings_filtered_to_date(facts: PlanFacts) -> Iterator[Finding]:
    """Stale documents after the latest booking of their place, which the plan resets."""
    if facts.snapshot.bookings_complete:
        return
    for late in _late_stale(facts):
        if _resets(facts, late):
            reset = [d.record_name() for d in late.documents if d.key in facts.reset_keys]
            them = "them" if len(reset) == len(late.documents) else " and ".join(reset)
            yield Finding(
                "bookings-filtered-to-date",
                f"{late.describe()} The plan resets {them}: if their bookings exist, the "
                f"synchronisation books them a second time; {_EXPORT_UP_TO_TODAY}",
                tuple(document.ref for document in late.documents),
            )


def bookings_may_be_filtered_to_date(facts: PlanFacts) -> Iterator[Finding]:
    """Two or more stale documents after the latest booking of their place: filtered to a date?"""
    if facts.snapshot.bookings_complete:
        return
    for late in _late_stale(facts):
        if not _resets(facts, late):
            yield Finding(
                "bookings-filtered-to-date",
                f"{late.describe()} If so, {_EXPORT_UP_TO_TODAY}",
                tuple(document.ref for document in late.documents),
            )


def bookings_filtered_to_date_on_purpose(facts: PlanFacts) -> Iterator[Finding]:
    """The same, when the caller says the accounting side is complete: a warning."""
    if not facts.snapshot.bookings_complete:
        return
    for late in _late_stale(facts):
        yield Finding(
            "bookings-filtered-to-date",
            f"{late.describe()} Taken as complete on purpose, so all of them are stale",
            tuple(document.ref for document in late.documents),
        )
