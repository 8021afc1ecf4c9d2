"""Warnings and blockers of a repair plan: one small rule function each.

A *warning* is something a person must know but that does not stop the
repair (a stale document that stays out of the accounting package, a manual
booking that keeps its number, ...). A *blocker* means the plan cannot be
carried out as it is (a booking to delete lies in a closed period).

Each rule is a function ``rule(facts) -> Iterator[Finding]``; the tuples
:data:`WARNING_RULES` and :data:`BLOCKER_RULES` compose them, so a new rule is
one new function added to a tuple.
"""

from __future__ import annotations

__all__ = [
    "BLOCKER_RULES",
    "WARNING_RULES",
    "Finding",
    "PlanFacts",
    "blockers_of",
    "warnings_of",
]

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import compress, repeat
from operator import attrgetter, is_not, itemgetter

import attrs

from ._checks import MAX_BOOKING_NUMBER
from ._index import index_of
from .collisions import Collision
from .cutoff import CutoffPolicy
from .double_bookings import DoubleBooking
from .errors import shown
from .evidence import (
    EARLY_STALE_AT_LEAST,
    EarlyStale,
    ambiguous_references,
    collisions_across_years,
    linked_by_number,
    missing_kinds,
    stale_before_first_booking,
    unexplained_references,
)
from .models import Booking, Document, DocumentKind, DocumentRef
from .next_numbers import NextBookingNumber
from .periods import Place
from .reconnect import first_booked_document
from .resend import Sent
from .snapshot import Snapshot
from .stale import risks_among


@attrs.frozen
class Finding:
    """A warning or a blocker: the rule that found it and what a person should know.

    ``documents`` are the documents it is about, if any.
    """

    rule: str
    message: str
    documents: tuple[DocumentRef, ...] = ()

    def __str__(self) -> str:
        return self.message


@attrs.frozen
class PlanFacts:
    """What the rules look at: the snapshot and the plan's computed parts."""

    snapshot: Snapshot
    policy: CutoffPolicy
    collisions: tuple[Collision, ...]
    stale: tuple[Document, ...]  # known from the bookings, or presumed from the collisions
    cutoff: dt.date | None
    to_reset: tuple[Document, ...]
    to_delete: tuple[Document, ...]
    next_numbers: tuple[NextBookingNumber, ...]
    double_bookings: tuple[DoubleBooking, ...] = ()
    sent: tuple[Sent, ...] = ()  # what the simulated sync sent, with the numbers
    overflow: tuple[Sent, ...] = ()  # what it could not number: past the limit

    @property
    def first_booked(self) -> Document | None:
        """The earliest booked document in date order, found only when a rule asks.

        (It sorts the first day's documents by natural key; only a recorded
        start date needs it. The snapshot's index remembers it.)
        """
        return first_booked_document(self.snapshot)


Rule = Callable[[PlanFacts], Iterator[Finding]]


def stale_document_kept(facts: PlanFacts) -> Iterator[Finding]:
    """Each stale document that is not reset keeps its number without a booking."""
    reset = {document.ref for document in facts.to_reset}
    # Without the bookings, a stale document is only inferred from its collision.
    gone = (
        "no longer exists in the accounting package"
        if facts.snapshot.has_bookings
        else "is presumed deleted in the accounting package (no bookings given: the holder is "
        "inferred)"
    )
    for document in facts.stale:
        if document.ref in reset:
            continue
        yield Finding(
            "stale-document-kept",
            f"{document.record_name()} keeps booking number {document.booking_number} in "
            f"{facts.snapshot.place_of(document)}, but its booking {gone}: it stays out of the "
            "accounting package"
            + (
                " (the rebook-deleted policy books it again)"
                if facts.policy is CutoffPolicy.KEEP_DELETED
                else ""
            ),
            (document.ref,),
        )


def manual_booking_kept(facts: PlanFacts) -> Iterator[Finding]:
    """Manual bookings dated on or after the cutoff are never deleted (double bookings are, §3.10)."""
    if facts.cutoff is None:
        return
    snapshot = facts.snapshot
    deleted = {double.duplicate for double in facts.double_bookings}
    kept = [
        (place, booking)
        for booking, place in index_of(snapshot).manual
        if booking.date >= facts.cutoff and booking not in deleted
    ]
    kept.sort(key=lambda item: (*item[0].order(), item[1].booking_number))
    for _, booking in kept:
        yield Finding(
            "manual-booking-kept",
            f"{booking.record_name()} of {booking.date.isoformat()} did not come from "
            "the invoicing tool: it is not deleted and keeps its number",
        )


def configured_next_number_differs(facts: PlanFacts) -> Iterator[Finding]:
    """Each journal whose configured next number differs from the plan's."""
    for next_number in facts.next_numbers:
        if next_number.differs:
            yield Finding(
                "configured-next-number-differs",
                f"{next_number.place}: the configured next booking number is "
                f"{next_number.configured}; set it to {next_number.number}",
            )


def start_date_too_late(facts: PlanFacts) -> Iterator[Finding]:
    """A recorded start date later than the first booked document loses payment statuses."""
    recorded = facts.snapshot.integration.start_date
    first = facts.first_booked
    if recorded is not None and first is not None and recorded > first.date:
        yield Finding(
            "start-date-too-late",
            f"the integration's recorded start date {recorded.isoformat()} is later than "
            f"the first booked document ({first.record_name()} of {first.date.isoformat()}): "
            "reconnecting with it stops the payment statuses of older documents from being "
            f"fetched; consider {first.date.isoformat()}",
            (first.ref,),
        )


def bookings_unknown(facts: PlanFacts) -> Iterator[Finding]:
    """Without the bookings, holders and stale documents are inferred: say so."""
    if facts.snapshot.has_bookings or not facts.collisions:
        return
    holders = [c for c in facts.collisions if c.holder is not None]
    named = "; ".join(
        f"{c.holder.record_name()} for #{c.booking_number} in {c.place}"
        for c in holders
        if c.holder is not None
    )
    yield Finding(
        "bookings-unknown",
        "the accounting package's bookings were not given, so each collision's holder is "
        f"taken to be its last document in sync order ({named}): before deleting, check in "
        "the accounting package that every booking to delete exists and books the document "
        "named; a backdated document sent later is misread without sync times",
        tuple(c.holder.ref for c in holders if c.holder is not None),
    )


def collision_ahead(facts: PlanFacts) -> Iterator[Finding]:
    """A kept stale document at or above the highest booking left will collide later.

    Journals and periods that get a next number are safe (the number is above
    every number in use); the others are not touched by the repair.
    """
    if not facts.snapshot.has_bookings:
        return
    reset = {document.key for document in facts.to_reset}
    guarded = {next_number.place for next_number in facts.next_numbers}
    place_of = facts.snapshot.place_of
    kept = [
        document
        for document in facts.stale
        if document.key not in reset and place_of(document) not in guarded
    ]
    if not kept:
        return
    deleted = {document.key for document in facts.to_delete}
    removed = [double.duplicate for double in facts.double_bookings]
    for document in risks_among(facts.snapshot, kept, deleted, removed):
        number = document.booking_number or 0
        yield Finding(
            "collision-ahead",
            f"{document.record_name()} carries booking number {number} in {place_of(document)}, "
            "at or above the highest booking left there: a document sent into it later may get "
            f"the same number; set that journal's next booking number to {number + 1} or more",
            (document.ref,),
        )


def _lock(facts: PlanFacts, journal: str) -> dt.date | None:
    return facts.snapshot.journal(journal).locked_until


def closed_period(facts: PlanFacts) -> Iterator[Finding]:
    """A booking to delete whose document's date or entry date is on or before the lock date."""
    snapshot = facts.snapshot
    for document in facts.to_delete:
        journal = snapshot.journal_of(document)
        locked_until = _lock(facts, journal)
        if locked_until is None:
            continue
        booking = snapshot.booking_of(document)
        days = [document.date] + ([] if booking is None else [booking.date])
        day = min(days)
        if day <= locked_until:
            yield Finding(
                "closed-period",
                f"{document.record_name()} (#{document.booking_number} of {day.isoformat()}) "
                f"must be deleted, but journal {shown(journal)} is closed until "
                f"{locked_until.isoformat()}: the plan cannot be carried out as it "
                "is; reopen the period in the accounting package first",
                (document.ref,),
            )


def closed_period_rebooking(facts: PlanFacts) -> Iterator[Finding]:
    """A reset document the sync would book again on or before its journal's lock date."""
    reset = {document.key for document in facts.to_reset}
    deletion_blocked = {ref for finding in closed_period(facts) for ref in finding.documents}
    for sent in facts.sent:
        document, journal = sent.document, sent.place.journal
        locked_until = _lock(facts, journal)
        if document.key not in reset or document.ref in deletion_blocked:
            continue
        if locked_until is not None and document.date <= locked_until:
            yield Finding(
                "closed-period-rebooking",
                f"{document.record_name()} of {document.date.isoformat()} would be booked again "
                f"in journal {shown(journal)}, which is closed until {locked_until.isoformat()}: "
                "the accounting package refuses the booking, so the plan cannot be carried out "
                "as it is; reopen the period first",
                (document.ref,),
            )


def _unbooked_in_closed_periods(facts: PlanFacts) -> Iterator[tuple[Sent, dt.date, bool]]:
    """Each document not booked yet in a closed period, its lock date, and whether it is touched.

    The repair *touches* it (§3.4) when it is dated on or after the cutoff and
    sent into a journal and period where documents are reset or a next number
    is set.
    """
    reset = {document.key for document in facts.to_reset}
    touched = {facts.snapshot.place_of(document) for document in facts.to_reset}
    touched.update(next_number.place for next_number in facts.next_numbers)
    cutoff = facts.cutoff
    for sent in (*facts.sent, *facts.overflow):
        document = sent.document
        locked_until = _lock(facts, sent.place.journal)
        if document.key in reset or locked_until is None or document.date > locked_until:
            continue
        yield (
            sent,
            locked_until,
            cutoff is not None and document.date >= cutoff and sent.place in touched,
        )


def closed_period_unbooked(facts: PlanFacts) -> Iterator[Finding]:
    """A document not booked yet that the repair touches, dated in a closed period (§3.4)."""
    for sent, locked_until, touched in _unbooked_in_closed_periods(facts):
        if not touched:
            continue
        document = sent.document
        yield Finding(
            "closed-period-unbooked",
            f"{document.record_name()} of {document.date.isoformat()} is not booked yet, and "
            f"the synchronisation sends it into journal {shown(sent.place.journal)}, which the "
            "repair touches (documents are reset there or its next booking number is set) and "
            f"which is closed until {locked_until.isoformat()}: the accounting package refuses "
            "it, and every later document of that journal gets another number than the "
            "checklist predicts, so the plan cannot be carried out as it is; reopen the "
            "period first",
            (document.ref,),
        )


def unbooked_in_closed_period(facts: PlanFacts) -> Iterator[Finding]:
    """A document not booked yet in a closed period, untouched by the repair: it fails today too."""
    for sent, locked_until, touched in _unbooked_in_closed_periods(facts):
        if touched:
            continue
        document, journal = sent.document, sent.place.journal
        yield Finding(
            "unbooked-in-closed-period",
            f"{document.record_name()} of {document.date.isoformat()} is not booked yet and "
            f"journal {shown(journal)} is closed until {locked_until.isoformat()}: the "
            "synchronisation cannot book it (it fails today too); reopen the period to book it",
            (document.ref,),
        )


def double_booking_in_closed_period(facts: PlanFacts) -> Iterator[Finding]:
    """A manual duplicate to delete on or before its journal's lock date."""
    for double in facts.double_bookings:
        locked_until = _lock(facts, double.place.journal)
        if locked_until is not None and double.duplicate.date <= locked_until:
            yield Finding(
                "closed-period",
                f"the booking #{double.duplicate.booking_number} of "
                f"{double.duplicate.date.isoformat()} entered by hand for "
                f"{double.document.record_name()} must be deleted, but journal "
                f"{shown(double.place.journal)} is closed until {locked_until.isoformat()}: "
                "reopen the period in the accounting package first",
                (double.document.ref,),
            )


def number_limit(facts: PlanFacts) -> Iterator[Finding]:
    """A number the sync would hand out past the accounting package's limit (§3.5)."""
    places = {n.place: n.number for n in facts.next_numbers if n.number > MAX_BOOKING_NUMBER}
    for sent in facts.overflow:
        places.setdefault(sent.place, MAX_BOOKING_NUMBER + 1)
    for place in sorted(places, key=Place.order):
        yield Finding(
            "number-limit",
            f"{place}: the next booking number would be {places[place]}, past the accounting "
            f"package's limit of {MAX_BOOKING_NUMBER}: the plan cannot be carried out as it "
            "is; renumber the journal in the accounting package, or book into a new journal",
        )


def double_booking(facts: PlanFacts) -> Iterator[Finding]:
    """Each document booked twice, once by hand (§3.10): the manual booking is deleted."""
    for double in facts.double_bookings:
        yield Finding(
            "double-booking",
            f"{double}: delete the booking #{double.duplicate.booking_number} entered by hand, "
            "and nothing else for it",
            (double.document.ref,),
        )


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
    booked = index.remember(_empty_places, lambda: set(index.booking_places))
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
    if not facts.snapshot.has_bookings:
        return
    empty = {place for place, _ in _empty_places(facts)}
    stale: Counter[Place] = Counter(facts.snapshot.place_of(d) for d in facts.stale)
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


# -- §3.8: is each booking linked, and is each side complete? -------------------


def _reference_seen(booking: Booking) -> str:
    if booking.reference is None:
        return "no reference"
    return f"the reference {booking.reference!r}"


def booking_unlinked_by_number(facts: PlanFacts) -> Iterator[Finding]:
    """A booking naming no document with a booked document's place, number and date."""
    if facts.snapshot.link_by_number:
        return
    for booking, document in linked_by_number(facts.snapshot):
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
    links = snapshot.links
    if links is None or not snapshot.bookings or links.linked:
        return
    if not any(document.booking_number is not None for document in snapshot.documents):
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
    reset = {document.key for document in facts.to_reset}
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


def documents_look_missing(facts: PlanFacts) -> Iterator[Finding]:
    """A kind with a journal of its own, none read, whose journal holds referenced bookings."""
    if facts.snapshot.documents_complete:
        return
    for missing in missing_kinds(facts.snapshot):
        yield Finding(
            "documents-missing",
            f"{missing.describe()}; export the {missing.kind.plural} too, or say "
            "the documents are complete on purpose (documents_complete=True, "
            "--documents-complete)",
        )


def reference_names_no_document(facts: PlanFacts) -> Iterator[Finding]:
    """A manual booking from the cutoff on whose reference books no document read: one left out?

    A double booking (its reference names a document booked too) is explained.
    """
    snapshot = facts.snapshot
    if facts.cutoff is None or snapshot.documents_complete or not snapshot.has_bookings:
        return
    for booking, named in unexplained_references(snapshot, facts.cutoff):
        seen = "no document read" if named is None else f"{named.record_name()} (unbooked there)"
        yield Finding(
            "reference-names-no-document",
            f"{booking.record_name()} of {booking.date.isoformat()} has the reference "
            f"{booking.reference!r}, which names {seen}, and is dated on or after the cutoff: "
            "if the invoicing tool sent it, the deactivation resets its document and it is "
            "booked twice; export every invoice and credit note, or say the documents are "
            "complete on purpose (documents_complete=True, --documents-complete)",
        )


def documents_missing_on_purpose(facts: PlanFacts) -> Iterator[Finding]:
    """The same, when the caller says the documents side is complete: a warning."""
    if not facts.snapshot.documents_complete:
        return
    for missing in missing_kinds(facts.snapshot):
        yield Finding(
            "documents-missing",
            f"{missing.describe()}; taken as complete on purpose, so those "
            "bookings are manual ones",
        )


def reference_names_two_documents(facts: PlanFacts) -> Iterator[Finding]:
    """A manual booking whose reference names two documents, neither under its number."""
    if not facts.snapshot.has_bookings:
        return
    for booking, documents in ambiguous_references(facts.snapshot):
        named = " and ".join(document.record_name() for document in documents)
        yield Finding(
            "ambiguous-reference",
            f"{booking.record_name()} of {booking.date.isoformat()} has the reference "
            f"{booking.reference!r}, which names {named}, and neither carries its number: "
            "it is taken as a manual booking; if it books one of them by hand, that document "
            "is booked twice, so check it in the accounting package",
            tuple(document.ref for document in documents),
        )


def per_year_numbering_likely(facts: PlanFacts) -> Iterator[Finding]:
    """A collision across financial years of a continuous journal: per-year numbering?"""
    for collision, years in collisions_across_years(facts.snapshot, facts.collisions):
        listed = ", ".join(map(str, years))
        yield Finding(
            "per-year-numbering",
            f"{collision.message}, but they fall in financial years {listed} of "
            f"{collision.place}, which is read as numbered continuously: if the journal "
            "restarts its numbers each financial year (a likely cause), describe it so "
            "(--journals with numbering per_financial_year, Numbering.PER_FINANCIAL_YEAR) "
            "and there is no collision to repair",
            tuple(document.ref for document in collision.documents),
        )


WARNING_RULES: tuple[Rule, ...] = (
    per_year_numbering_likely,
    booking_linked_by_number,
    bookings_filtered_on_purpose,
    documents_missing_on_purpose,
    reference_names_two_documents,
    bookings_missing_on_purpose,
    mostly_stale,
    bookings_unknown,
    double_booking,
    stale_document_kept,
    manual_booking_kept,
    configured_next_number_differs,
    start_date_too_late,
    collision_ahead,
    unbooked_in_closed_period,
)
BLOCKER_RULES: tuple[Rule, ...] = (
    no_booking_names_a_document,
    booking_unlinked_by_number,
    bookings_filtered_by_date,
    documents_look_missing,
    reference_names_no_document,
    bookings_look_missing,
    closed_period,
    closed_period_rebooking,
    closed_period_unbooked,
    double_booking_in_closed_period,
    number_limit,
)


def warnings_of(facts: PlanFacts) -> tuple[Finding, ...]:
    """Every warning the rules find, rule by rule."""
    return tuple(finding for rule in WARNING_RULES for finding in rule(facts))


def blockers_of(facts: PlanFacts) -> tuple[Finding, ...]:
    """Every blocker the rules find, rule by rule."""
    return tuple(finding for rule in BLOCKER_RULES for finding in rule(facts))
