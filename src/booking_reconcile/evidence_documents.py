"""The evidence rules of the documents side (DOMAIN §3.8): were all documents exported?

A kind of document none of which was read while the bookings show documents
of it (a journal of its own with referenced bookings; in a journal shared by
both kinds, bookings naming the other kind's documents), and bookings whose
reference names no document read: the documents side may be incomplete.
:mod:`booking_reconcile.evidence` finds the evidence as data; the rules here
word it, beside those of :mod:`booking_reconcile.evidence_rules`.
"""

from __future__ import annotations

__all__ = [
    "LISTED_AT_MOST",
    "documents_look_missing",
    "documents_may_be_missing",
    "documents_missing_on_purpose",
    "reference_names_no_document",
    "reference_names_no_document_read",
]

from collections.abc import Iterator, Sequence

from .evidence import MissingKind, missing_kinds, references_naming_nothing, unexplained_references
from .evidence_rules import numbers_column_wrong
from .models import Booking, DocumentKind
from .periods import Place
from .plan_facts import Finding, PlanFacts


def documents_look_missing(facts: PlanFacts) -> Iterator[Finding]:
    """A kind with a journal of its own, none read, whose journal holds referenced bookings."""
    if facts.snapshot.documents_complete:
        return
    for missing in missing_kinds(facts.snapshot):
        if _blocks(facts, missing):
            yield _documents_missing(missing)


def documents_may_be_missing(facts: PlanFacts) -> Iterator[Finding]:
    """In a journal shared by both kinds, indirect evidence of a kind left out: a warning."""
    if facts.snapshot.documents_complete:
        return
    for missing in missing_kinds(facts.snapshot):
        if not _blocks(facts, missing):
            yield _documents_missing(missing)


def _blocks(facts: PlanFacts, missing: MissingKind) -> bool:
    """Whether a kind that looks missing blocks the plan: deletions of its bookings at stake.

    In a shared journal, also when the plan deletes a booking linked by its
    reference to a document of another date (the missing kind's, perhaps).
    """
    if missing.blocks:
        return True
    deleted = {document.key for document in facts.to_delete}
    return not deleted.isdisjoint(missing.linked)


def _documents_missing(missing: MissingKind) -> Finding:
    return Finding(
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
    reset, wrong_column = facts.reset_keys, None
    for booking, named in unexplained_references(snapshot, facts.cutoff):
        if named is not None and named.key in reset:
            # booking-of-reset-document's, unless every reference names its
            # document under another number (a wrong column: said here).
            if wrong_column is None:
                wrong_column = numbers_column_wrong(facts)
            if not wrong_column:
                continue
        # A named document carries another number and has no booking of its own.
        seen = (
            "no document read"
            if named is None
            else f"{named.record_name()} (which carries booking number {named.booking_number} "
            "and has no booking)"
        )
        # A document the plan does not reset: the booking may be its own, entered
        # again by hand, which changes nothing; or another document's, not exported.
        other = (
            ""
            if named is None or named.key in reset
            else f" (if it is {named.record_name()}'s, entered again by hand, nothing changes)"
        )
        yield Finding(
            "reference-names-no-document",
            f"{booking.record_name()} of {booking.date.isoformat()} has the reference "
            f"{booking.reference!r}, which names {seen}, and is dated on or after the cutoff: "
            "if the invoicing tool sent it for a document not exported, the deactivation "
            f"resets that document and it is booked twice{other}; export every invoice and "
            "credit note, or say the documents are complete on purpose "
            "(documents_complete=True, --documents-complete)",
        )


def reference_names_no_document_read(facts: PlanFacts) -> Iterator[Finding]:
    """Manual bookings whose reference names no document read, whatever the cutoff: one left out?

    One warning per place, naming each booking and its reference. Left out:
    those the reference-names-no-document blocker names (from the cutoff on),
    and a journal whose kind was not read at all (the documents-missing
    finding's); the caller who says the documents are complete has answered.
    """
    snapshot = facts.snapshot
    if snapshot.documents_complete or not snapshot.has_bookings:
        return
    found = references_naming_nothing(snapshot)
    if not found or numbers_column_wrong(facts):
        return  # none, or every reference looks written differently: that blocker says it
    cutoff = facts.cutoff
    missing = {kind.journal for kind in missing_kinds(snapshot)}
    by_place: dict[Place, list[Booking]] = {}
    for booking, place in found:
        if (cutoff is None or booking.date < cutoff) and place.journal not in missing:
            by_place.setdefault(place, []).append(booking)
    for place, bookings in by_place.items():  # in order of place
        kinds = _kinds_of(facts, place)
        one = len(bookings) == 1
        yield Finding(
            "reference-names-no-document",
            f"{len(bookings)} booking{'' if one else 's'} of {place} "
            f"{'has a reference that names' if one else 'have references that name'} no "
            f"document read ({_listed(bookings)}): were all {kinds} exported? If the invoicing "
            f"tool sent {'it, its document is' if one else 'them, their documents are'} "
            "missing from the export, and the plan cannot see whether "
            f"{'it collides' if one else 'they collide'}; export all {kinds}, or say the "
            "documents are complete on purpose (documents_complete=True, --documents-complete)",
        )


#: At most this many bookings are listed in one warning; the others are counted.
LISTED_AT_MOST = 10


def _listed(bookings: Sequence[Booking]) -> str:
    """The bookings with their references (the first few, and how many more, with their dates)."""
    listed = ", ".join(
        f"#{booking.booking_number} of {booking.date.isoformat()} with the reference "
        f"{booking.reference!r}"
        for booking in bookings[:LISTED_AT_MOST]
    )
    more = bookings[LISTED_AT_MOST:]
    if not more:
        return listed
    days = sorted(booking.date for booking in more)
    return f"{listed} and {len(more)} more, dated {days[0].isoformat()} to {days[-1].isoformat()}"


def _kinds_of(facts: PlanFacts, place: Place) -> str:
    """The kinds whose journal ``place`` is, in words (both when it is neither's)."""
    integration = facts.snapshot.integration
    kinds = [kind for kind in _KINDS if integration.journal_for(kind) == place.journal]
    return " and ".join(kind.plural for kind in kinds or _KINDS)


_KINDS = (DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE)


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
