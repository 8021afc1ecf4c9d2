"""Evidence before proof (DOMAIN §3.8), the documents side: a kind of document that looks missing.

Where invoices and credit notes have journals of their own, a kind of which
no document was read while its journal holds bookings with references; where
they share one journal (Teamleader numbers them separately, so their numbers
repeat), bookings that look like the other kind's; and whether a number
may be a document of the other kind not read (:func:`unread_number`). The
findings (:mod:`booking_reconcile.evidence_documents`) word it as blockers
and warnings.
"""

from __future__ import annotations

__all__ = ["DOUBLES_OF_ANOTHER_KIND", "MissingKind", "Unread", "missing_kinds", "unread_number"]

import datetime as dt
from collections.abc import Iterable
from operator import attrgetter, itemgetter

import attrs

from ._index import index_of
from ._linking import normalized
from .errors import shown
from .models import Booking, Document, DocumentKey, DocumentKind
from .ordering import natural_key
from .snapshot import Snapshot

#: In a journal shared by both kinds with one kind read, this many double bookings at once
#: (each an entry naming a document booked under another number) are taken for the other
#: kind's bookings: one is §3.10's double booking, made by hand.
DOUBLES_OF_ANOTHER_KIND = 2


@attrs.frozen
class MissingKind:
    """A kind with a journal of its own of which no document was read, while bookings reference."""

    kind: DocumentKind
    journal: str
    referenced: int  # bookings of that journal with a reference
    #: In a journal shared by both kinds: the first of the bookings whose reference names
    #: a document of the other kind under another number (one without a booking of its
    #: own) or date (linked to it by the reference).
    naming: Booking | None = None
    #: In a journal shared by both kinds: the double bookings the plan would delete there
    #: (counted when at least :data:`DOUBLES_OF_ANOTHER_KIND`, else 0).
    doubles: int = 0
    #: In a journal shared by both kinds: the documents linked by their reference to a
    #: booking of another date (which may be the missing kind's).
    linked: frozenset[DocumentKey] = frozenset()

    @property
    def blocks(self) -> bool:
        """Whether a plan must wait for the documents: a journal of its own, or deletions at stake.

        In a shared journal the evidence is indirect, so it is a warning,
        unless the plan would delete several bookings as double bookings.
        """
        return self.naming is None or self.doubles > 0

    def describe(self) -> str:
        """What is missing, in words (the findings add what to do)."""
        if self.naming is not None:
            other = (
                DocumentKind.INVOICE
                if self.kind is DocumentKind.CREDIT_NOTE
                else (DocumentKind.CREDIT_NOTE)
            )
            many = self.referenced != 1
            return (
                f"the {self.kind.plural} look missing: journal {shown(self.journal)} books "
                f"invoices and credit notes, no {self.kind.label} was read, and "
                f"{self.referenced} booking{'s' if many else ''} "
                f"{'name' if many else 'names'} {'an' if other is DocumentKind.INVOICE else 'a'} "
                f"{other.label} under another number or date ({self.naming.record_name()} of "
                f"{self.naming.date.isoformat()} with the reference {self.naming.reference!r}): "
                f"the {self.kind.label} of that number? Its booking would be taken for another "
                "document's"
                + (
                    f", and the plan deletes {self.doubles} of them as double bookings"
                    if self.doubles
                    else ""
                )
            )
        return (
            f"the {self.kind.plural} look missing: journal {shown(self.journal)} holds "
            f"{self.referenced} booking{'s' if self.referenced != 1 else ''} with a "
            f"reference and no {self.kind.label} was read"
        )


_KIND = attrgetter("kind")
_LAST = itemgetter(0)
_KINDS = tuple(DocumentKind)


def missing_kinds(snapshot: Snapshot) -> tuple[MissingKind, ...]:
    """Each kind none of which was read, while the bookings show documents of it.

    A kind with a journal of its own: that journal holds bookings with a
    reference. A journal shared by both kinds (their numbers may repeat
    across kinds): a booking there, linked to none, names a document of the
    other kind under another number, which has no booking of its own, or is
    linked by its reference to one dated otherwise (the sync books a document
    on its own date): the missing kind's document of the same number is booked
    there, its booking taken for the other's. A named document that has a
    booking of its own makes a double booking (§3.10).
    """
    integration = snapshot.integration
    if snapshot.bookings is None:
        return ()
    if integration.invoice_journal == integration.credit_note_journal:
        return _missing_in_a_shared_journal(snapshot)
    missing = []
    for kind in _KINDS:
        journal = integration.journal_for(kind)
        if kind in map(_KIND, snapshot.documents):  # stops at the first of its kind
            continue
        referenced = sum(
            1
            for booking in snapshot.bookings
            if booking.journal == journal and booking.reference is not None
        )
        if referenced:
            missing.append(MissingKind(kind, journal, referenced))
    return tuple(missing)


def _missing_in_a_shared_journal(snapshot: Snapshot) -> tuple[MissingKind, ...]:
    documents = snapshot.documents
    if not documents:
        return ()
    read = documents[0].kind
    if any(document.kind is not read for document in documents):
        return ()  # both kinds read (usually found in the first few)
    index = index_of(snapshot)
    links = index.links
    kind = DocumentKind.CREDIT_NOTE if read is DocumentKind.INVOICE else DocumentKind.INVOICE
    journal = snapshot.integration.invoice_journal
    bookings = snapshot.bookings or ()
    # A named document without a booking of its own (stale); one with its own
    # makes a double booking (§3.10), which the plan deletes: several of them
    # at once are the other kind's bookings rather than entries made twice.
    # A booking linked by number and date (link_by_number) is its document's.
    mistyped = {booking for booking, _ in links.by_number}
    named: list[int] = []
    doubled: list[int] = []
    for position, document in links.named.items():
        if bookings[position].journal != journal or position in mistyped:
            continue
        (doubled if index.booking(documents[document]) is not None else named).append(position)
    doubles = len(doubled) if len(doubled) >= DOUBLES_OF_ANOTHER_KIND else 0
    if doubles:
        named += doubled
    # A booking linked by its reference but dated otherwise than its document:
    # the sync books a document on its own date, so it is another document's.
    dated_otherwise = [
        position
        for position in links.by_reference()
        if bookings[position].journal == journal
        and bookings[position].date != documents[links.document_of[position]].date
    ]
    naming = sorted(
        (bookings[position] for position in (*named, *dated_otherwise)),
        key=lambda booking: (booking.booking_number, booking.date),
    )
    if not naming:
        return ()
    # The documents whose booking is one of these (a link by reference to a
    # document of another date): a plan deleting it deletes another kind's.
    linked = frozenset(documents[links.document_of[position]].key for position in dated_otherwise)
    return (MissingKind(kind, journal, len(naming), naming[0], doubles, linked),)


@attrs.frozen
class Unread:
    """Where a number not read sits among the documents read of one kind and of its shape.

    ``below`` and ``above`` are the documents read nearest to it on either
    side (both ``None``: none of the kind read; ``above`` alone: it lies below
    them all; ``below`` alone: above them all, and ``latest`` is the date of
    the latest of them).
    """

    below: Document | None = None
    above: Document | None = None
    latest: dt.date | None = None


def unread_number(
    number: str, dated: dt.date, read: Iterable[Document], *, unlinked: Iterable[dt.date]
) -> Unread | None:
    """Where ``number`` could be a document not read among ``read`` (one kind's), else ``None``.

    The invoicing tool hands a kind's numbers out in a rising series (per
    department, and often per year): a document numbered ``number``, not
    read, may exist when none of the kind was read, or when ``number`` is of
    the series of numbers read (the same text and digits around its last
    digit run: ``2026 / #``) and lies below the lowest of them (unless that is
    number 1), between the lowest and the highest (a hole), or above the
    highest while the entry naming it, dated ``dated``, is dated after the
    latest of them. Above the highest, the numbers between are not read
    either, and each would have its own booking after the latest: there must
    be as many of the journal's bookings no document read explains (dated
    ``unlinked``) after the latest and up to ``dated``. A number of another
    series is not the kind's.

    >>> from booking_reconcile import CreditNote
    >>> notes = [CreditNote(n, dt.date(2026, 3, d)) for n, d in (("2026/1", 1), ("2026/3", 4))]
    >>> jan20 = dt.date(2026, 1, 20)
    >>> [unread_number(n, jan20, notes, unlinked=[jan20]) is None for n in ("2026/2", "2026/4", "K1")]
    [False, True, True]
    >>> unread_number("2026/4", dt.date(2026, 3, 9), notes, unlinked=[dt.date(2026, 3, 9)])
    Unread(below=CreditNote(number='2026/3', ...), above=None, latest=datetime.date(2026, 3, 4))
    >>> unread_number("2026/5", dt.date(2026, 3, 9), notes, unlinked=[dt.date(2026, 3, 9)]) is None
    True
    """
    documents = tuple(read)
    if not documents:
        return Unread()
    shape, last = _series(number)
    series = sorted(
        (
            (key[1], document)
            for document in documents
            for key in (_series(document.number),)
            if key[0] == shape
        ),
        key=_LAST,
    )
    if last < 0 or not series or any(key == last for key, _ in series):
        return None
    lower = [document for key, document in series if key < last]
    higher = [document for key, document in series if key > last]
    if not lower:
        return Unread(above=higher[0]) if series[0][0] > 1 else None
    if higher:
        return Unread(lower[-1], higher[0])
    latest = max(document.date for _, document in series)
    room = sum(1 for date in unlinked if latest < date <= dated)
    return Unread(lower[-1], latest=latest) if last - series[-1][0] <= room else None


def _series(number: str) -> tuple[tuple[str | int, ...], int]:
    """A number's series and its place there: ``2026 / 7`` is of ``2026/#``, 7 (-1: no digits)."""
    parts = natural_key(normalized(number))[0]
    if len(parts) < 3:
        return parts, -1
    last = parts[-2]
    return (*parts[:-2], parts[-1]), last if isinstance(last, int) else -1
