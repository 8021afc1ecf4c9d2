"""The evidence rules of the documents side (DOMAIN §3.8): were all documents exported?

A kind of document none of which was read while the bookings show documents
of it (a journal of its own with referenced bookings; in a journal shared by
both kinds, bookings naming the other kind's documents), a shared journal's
double booking whose number may be the other kind's, not read, and
bookings whose reference names no document read: the documents side may be
incomplete. Bookings whose reference names a document read of their date in
another journal: the documents side holds another journal's documents.
:mod:`booking_reconcile.evidence` finds the evidence as data; the rules here
word it, beside those of :mod:`booking_reconcile.evidence_rules`.
"""

from __future__ import annotations

__all__ = [
    "LISTED_AT_MOST",
    "documents_look_missing",
    "documents_may_be_missing",
    "documents_missing_on_purpose",
    "documents_of_another_journal",
    "reference_names_no_document",
    "reference_names_no_document_read",
]

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from operator import attrgetter
from typing import TypeVar

import attrs

from ._index import index_of
from .double_bookings import DoubleBooking
from .errors import shown
from .evidence import (
    references_naming_another_journal,
    references_naming_nothing,
    unexplained_references,
)
from .evidence_kinds import MissingKind, Unread, missing_kinds, unread_number
from .evidence_rules import numbers_column_wrong
from .models import Booking, Document, DocumentKind
from .periods import Place
from .plan_facts import Finding, PlanFacts
from .snapshot import Snapshot

_Item = TypeVar("_Item")


def documents_look_missing(facts: PlanFacts) -> Iterator[Finding]:
    """A kind with a journal of its own, none read, whose journal holds referenced bookings.

    Also each double booking in a journal shared by both kinds whose number
    may be a document of the other kind not read (:func:`_doubles_of_another_kind`).
    """
    if facts.snapshot.documents_complete:
        return
    for missing in missing_kinds(facts.snapshot):
        if _blocks(facts, missing):
            yield _documents_missing(missing)
    for double, other, unread in _doubles_of_another_kind(facts):
        yield Finding(
            "documents-missing",
            f"{_double_of_another_kind(double, other, unread)}; "
            f"{_export(double, other, unread)}, which keeps it as "
            f"{double.document.record_name()}'s double booking",
            (double.document.ref,),
        )


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
    First, whatever the cutoff and ``documents_complete``: bookings whose
    reference names a document read of their date placed in another journal
    (:func:`documents_of_another_journal`).
    """
    snapshot = facts.snapshot
    if not snapshot.has_bookings:
        return
    yield from documents_of_another_journal(facts)
    if facts.cutoff is None or snapshot.documents_complete:
        return
    elsewhere = _elsewhere(facts.snapshot)
    reset, wrong_column = facts.reset_keys, None
    for booking, named in unexplained_references(snapshot, facts.cutoff):
        if named is None and booking in elsewhere.said:
            continue  # said above, or explained
        if named is not None and named.key in reset:
            # booking-of-reset-document's, unless every reference names its
            # document under another number (a wrong column: said here).
            if wrong_column is None:
                wrong_column = numbers_column_wrong(facts)
            if not wrong_column:
                continue
        # A named document carries another number and has no booking of its own.
        seen = (
            f"no document read{_number_of(elsewhere.numbers.get(booking), snapshot)}"
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
        # Where it names a document read, exporting again shows nothing new:
        # the question is whether every document was exported.
        do = (
            "export every invoice and credit note, or say the documents are complete on "
            "purpose (documents_complete=True, --documents-complete)"
            if not other
            else "if every invoice and credit note was exported, say so: the documents are "
            "complete on purpose (documents_complete=True, --documents-complete); else export "
            "them all"
        )
        yield Finding(
            "reference-names-no-document",
            f"{booking.record_name()} of {booking.date.isoformat()} has the reference "
            f"{booking.reference!r}, which names {seen}, and is dated on or after the cutoff: "
            "if the invoicing tool sent it for a document not exported, the deactivation "
            f"resets that document and it is booked twice{other}; {do}",
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
    elsewhere = _elsewhere(facts.snapshot)
    by_place: dict[Place, list[Booking]] = {}
    for booking, place in found:
        if (
            (cutoff is None or booking.date < cutoff)
            and place.journal not in missing
            and booking not in elsewhere.said
        ):
            by_place.setdefault(place, []).append(booking)
    for place, bookings in by_place.items():  # in order of place
        kinds = _kinds_of(facts, place)
        one = len(bookings) == 1
        yield Finding(
            "reference-names-no-document",
            f"{len(bookings)} booking{'' if one else 's'} of {place} "
            f"{'has a reference that names' if one else 'have references that name'} no "
            f"document read ({_listed(bookings, elsewhere.numbers, snapshot)}): were all "
            f"{kinds} exported? If the invoicing "
            f"tool sent {'it, its document is' if one else 'them, their documents are'} "
            "missing from the export, and the plan cannot see whether "
            f"{'it collides' if one else 'they collide'}; export all {kinds}, or say the "
            "documents are complete on purpose (documents_complete=True, --documents-complete)",
        )


def documents_of_another_journal(facts: PlanFacts) -> Iterator[Finding]:
    """Bookings whose reference names a document read of their date, placed in another journal.

    Such a booking is that document's in all likelihood, booked where this
    integration does not book its kind: the documents read are not all this
    integration's (another department's, or administration's), or its
    journals are given wrong (credit notes booked in the invoices' journal).
    The plan would act on those documents as documents of their journal
    here, where their numbers may collide for nothing: a blocker, whatever
    ``documents_complete`` says (it answers documents left out, not these).
    One per place of the bookings, kind and journal of the documents. Left
    out: a journal of a kind none of which was read (the documents-missing
    finding's: its own documents of those numbers may be the ones left out),
    and a document booked in its own journal (:func:`_elsewhere`).
    """
    snapshot = facts.snapshot
    groups: dict[tuple[Place, DocumentKind, str], list[tuple[Booking, Document]]] = {}
    for booking, place, document in _elsewhere(facts.snapshot).blocks:
        key = (place, document.kind, snapshot.journal_of(document))
        groups.setdefault(key, []).append((booking, document))
    for (place, kind, journal), named in groups.items():
        refs = tuple(dict.fromkeys(document.ref for _, document in named))
        yield Finding(
            "reference-names-no-document",
            f"{_named_elsewhere(place, kind, journal, named)}: documents of another department "
            "or administration in the export, or the integration's journals given wrong? The "
            f"plan takes those documents for journal {shown(journal)}'s, and their numbers may "
            "collide there for nothing; export the documents of one department only, or give "
            "the journals the integration books in (if the "
            f"{kind.plural} are booked in journal {shown(place.journal)}: "
            f"{_JOURNAL_OPTIONS[kind][0]}={place.journal!r}, "
            f"{_JOURNAL_OPTIONS[kind][1]} {shown(place.journal)})",
            refs,
        )


def _named_elsewhere(
    place: Place, kind: DocumentKind, journal: str, named: Sequence[tuple[Booking, Document]]
) -> str:
    """The bookings of ``place`` naming ``kind``'s documents placed in ``journal``, in words."""
    if len(named) == 1:
        ((booking, document),) = named
        return (
            f"{booking.record_name()} of {booking.date.isoformat()} has the reference "
            f"{booking.reference!r}, which names {document.record_name()} (read, dated "
            f"{document.date.isoformat()}, placed in journal {shown(journal)}), but the "
            f"booking is in journal {shown(place.journal)}"
        )
    listed = _first_few(
        named,
        lambda pair: (
            f"#{pair[0].booking_number} of {pair[0].date.isoformat()} with the "
            f"reference {pair[0].reference!r}: {pair[1].record_name()} of {pair[1].date.isoformat()}"
        ),
        lambda pair: pair[0].date,
    )
    return (
        f"{len(named)} bookings of {place} have references that name {kind.plural} read, "
        f"placed in journal {shown(journal)} ({listed}), but the bookings are in journal "
        f"{shown(place.journal)}"
    )


#: The integration's field and the command's option that give each kind's journal.
_JOURNAL_OPTIONS = {
    DocumentKind.INVOICE: ("invoice_journal", "--invoice-journal"),
    DocumentKind.CREDIT_NOTE: ("credit_note_journal", "--credit-note-journal"),
}


@attrs.frozen
class _Elsewhere:
    """The bookings whose reference is the number of a document read of another journal.

    ``blocks``: dated as that document, which has no booking in its own
    journal (:func:`documents_of_another_journal`'s). ``said``: those, and
    the ones explained: dated as a document booked in its own journal, in a
    journal that books neither kind (an entry made by hand there that names
    it); neither is said to name no document read. ``numbers``: the others'
    documents, which the findings of references naming nothing read name.
    """

    blocks: tuple[tuple[Booking, Place, Document], ...] = ()
    said: frozenset[Booking] = frozenset()
    numbers: Mapping[Booking, Document] = attrs.field(factory=dict)


def _elsewhere(snapshot: Snapshot) -> _Elsewhere:
    """:func:`~booking_reconcile.evidence.references_naming_another_journal`, sorted out.

    Left out: a journal of a kind none of which was read (the
    documents-missing finding's: its own documents of those numbers may be
    the ones left out). Three rules ask; the snapshot's index remembers it.
    """
    found = references_naming_another_journal(snapshot)
    if not found:  # usually
        return _NOWHERE_ELSE
    return index_of(snapshot).remember(_elsewhere, lambda: _sorted_out(snapshot, found))


def _sorted_out(snapshot: Snapshot, found: Sequence[tuple[Booking, Place, Document]]) -> _Elsewhere:
    index = index_of(snapshot)
    integration = snapshot.integration
    ours = {integration.invoice_journal, integration.credit_note_journal}
    missing = {kind.journal for kind in missing_kinds(snapshot)}
    blocks, said, numbers = [], set(), {}
    for booking, place, document in found:
        if place.journal in missing:
            continue
        if document.date != booking.date:
            numbers[booking] = document
        elif index.booking(document) is None:
            blocks.append((booking, place, document))
            said.add(booking)
        elif place.journal not in ours:
            said.add(booking)  # an entry by hand in another journal names a booked document
        else:
            numbers[booking] = document
    return _Elsewhere(tuple(blocks), frozenset(said), numbers)


_NOWHERE_ELSE = _Elsewhere()


def _number_of(document: Document | None, snapshot: Snapshot) -> str:
    """What a reference naming no document read still is: a number read in another journal."""
    if document is None:
        return ""
    return (
        f" (the number of {document.record_name()} of {document.date.isoformat()}, placed in "
        f"journal {shown(snapshot.journal_of(document))})"
    )


#: At most this many bookings are listed in one warning; the others are counted.
LISTED_AT_MOST = 10


def _listed(
    bookings: Sequence[Booking], numbers: Mapping[Booking, Document], snapshot: Snapshot
) -> str:
    """The bookings with their references (the first few, and how many more, with their dates).

    A reference that is the number of a document read of another journal says so.
    """
    return _first_few(
        bookings,
        lambda booking: (
            f"#{booking.booking_number} of {booking.date.isoformat()} with the "
            f"reference {booking.reference!r}{_number_of(numbers.get(booking), snapshot)}"
        ),
        attrgetter("date"),
    )


def _first_few(
    items: Sequence[_Item], describe: Callable[[_Item], str], day: Callable[[_Item], dt.date]
) -> str:
    """The first :data:`LISTED_AT_MOST` items described, and how many more, with their dates."""
    listed = ", ".join(map(describe, items[:LISTED_AT_MOST]))
    more = items[LISTED_AT_MOST:]
    if not more:
        return listed
    days = sorted(map(day, more))
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
    for double, other, unread in _doubles_of_another_kind(facts):
        yield Finding(
            "documents-missing",
            f"{_double_of_another_kind(double, other, unread)}; taken as complete on purpose, "
            f"so it is {double.document.record_name()}'s double booking",
            (double.document.ref,),
        )


def _doubles_of_another_kind(
    facts: PlanFacts,
) -> Iterator[tuple[DoubleBooking, DocumentKind, Unread]]:
    """The double bookings in a shared journal that may be the other kind's own bookings.

    Invoices and credit notes sharing a journal are numbered apart, so their
    numbers repeat (§3.8): an entry naming invoice 2026 / 1, booked too, may
    be credit note 2026 / 1's own booking, when 2026 / 1 may be a credit note
    number not read (:func:`~booking_reconcile.evidence_kinds.unread_number`:
    none read, or below, between or after those read of its shape). Each with
    the other kind and where the number sits among its documents read. Left
    out: a journal whose kind-left-out finding names its double bookings
    (:data:`~booking_reconcile.evidence_kinds.DOUBLES_OF_ANOTHER_KIND`).
    """
    if not facts.double_bookings:  # usually
        return
    snapshot = facts.snapshot
    integration = snapshot.integration
    shared = [
        (double, _OTHER[double.document.kind])
        for double in facts.double_bookings
        if integration.journal_for(_OTHER[double.document.kind]) == double.place.journal
    ]
    if not shared:
        return
    named = {missing.journal for missing in missing_kinds(snapshot) if missing.doubles}
    read: dict[DocumentKind, list[Document]] = {kind: [] for kind in _KINDS}
    for document in snapshot.documents:
        read[document.kind].append(document)
    unlinked = _unexplained(snapshot)
    for double, other in shared:
        if double.place.journal in named:
            continue
        unread = unread_number(
            double.document.number,
            double.duplicate.date,
            read[other],
            unlinked=unlinked.get(double.place.journal, ()),
        )
        if unread is not None:
            yield double, other, unread


def _unexplained(snapshot: Snapshot) -> dict[str, list[dt.date]]:
    """The dates of each journal's bookings with a reference that no document read books.

    Linked to none, or by its reference to a document of another date (the
    sync books a document on its own date): each may be a document's left out.
    """
    links = index_of(snapshot).links
    documents = snapshot.documents
    dates: dict[str, list[dt.date]] = {}
    for position, booking in enumerate(snapshot.bookings or ()):
        document = links.document_of[position]
        if booking.reference is not None and (
            document < 0 or documents[document].date != booking.date
        ):
            dates.setdefault(booking.journal, []).append(booking.date)
    return dates


def _double_of_another_kind(double: DoubleBooking, other: DocumentKind, unread: Unread) -> str:
    """A double booking that may be the other kind's own booking, in words."""
    document, duplicate = double.document, double.duplicate
    article = "an" if other is DocumentKind.INVOICE else "a"
    return (
        f"{duplicate.record_name()} of {duplicate.date.isoformat()} has the reference "
        f"{duplicate.reference!r} of {document.record_name()}, which is booked as "
        f"#{double.booking.booking_number}, so the plan takes it for a double booking entered "
        f"by hand and deletes it (§3.10); but journal {shown(double.place.journal)} books "
        "invoices and credit notes, which the invoicing tool numbers apart, and "
        f"{_unread(document.number, other, unread)}: it may be {other.label} "
        f"{document.number}'s own booking, and then the plan deletes {article} {other.label} "
        "from the books"
    )


def _unread(number: str, other: DocumentKind, unread: Unread) -> str:
    """Why ``number`` may be a document of the ``other`` kind not read, in words."""
    below, above = unread.below, unread.above
    said = f"no {other.label} {number} was read, while "
    if above is not None:
        if below is None:
            return f"{said}the {other.plural} read start at {above.number} (an export filtered by date?)"
        return (
            f"{said}{other.plural} {below.number} and {above.number} were (an overview "
            "filtered by status or customer?)"
        )
    if below is not None:
        return (
            f"{said}the {other.plural} read end at {below.number}, the latest dated "
            f"{unread.latest} (an export up to a date?)"
        )
    return f"no {other.label} was read"


def _export(double: DoubleBooking, other: DocumentKind, unread: Unread) -> str:
    """What to do about a double booking that may be the other kind's, in words."""
    purpose = "(documents_complete=True, --documents-complete)"
    dated = double.duplicate.date.isoformat()
    if unread.below is None and unread.above is None:
        return (
            f"export the {other.plural}, or, if there are none, say the documents are "
            f"complete {purpose}"
        )
    if unread.below is None:
        export = f"export the {other.plural} from {dated} on"
    elif unread.above is None:
        export = f"export the {other.plural} up to {dated}"
    else:
        export = f"export every {other.label} (no filter on status or customer)"
    return f"{export}, or say the documents are complete on purpose {purpose}"


_OTHER = {
    DocumentKind.INVOICE: DocumentKind.CREDIT_NOTE,
    DocumentKind.CREDIT_NOTE: DocumentKind.INVOICE,
}
