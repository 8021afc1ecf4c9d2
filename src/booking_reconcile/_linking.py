"""Which document each booking books: the one linking rule (DOMAIN §3.8, private).

A booking names its document by ``document`` (when its source says which
document it books) or by its ``reference`` (Exact Online's "Your ref."): a
reference names a document when it equals the document's number compared
without white space and case (``2026/3`` names ``2026 / 3``), among the
documents whose journal is the booking's. Where it names an invoice and a
credit note of one journal (Teamleader numbers them apart), the one carrying
the booking's number is named; when both do, nothing is guessed: an input
error names both and says how to give the kind. When neither does, the
booking books neither (its number is not theirs): it is a manual booking
that names no document, and the plan warns about it (which of the two it
doubles cannot be told, and the model has no way to say the kind of a
booking that is no document's own). When two bookings name one document, the one
naming it by ``document``, else the one under the document's booking number,
is its booking; the other is a manual booking (a double booking, §3.10). A
booking whose reference names a document under another number, while no
booking books that document, is a manual booking too (the document's own
booking may have been deleted, or the document not sent yet).

A booking that names no document but sits in a booked document's journal and
numbering period under its number and on its date is linked to it only when
the caller accepts links by number and date (``link_by_number=True``); the
plan's findings name every such pair either way. A document pairs with one
booking so (the first in input order): another on its journal, number and
date, numbered in another financial year, names no document.

Every reader and adapter leaves the matching to this module: they pass the
``reference`` they read, and ``document`` only when the source says which
document a booking books.

>>> normalized(" 2026 / 3 ")
'2026/3'
>>> normalized("F-12a") == normalized("f-12A")
True
"""

from __future__ import annotations

__all__ = [
    "Link",
    "LinkCounts",
    "Links",
    "link_bookings",
    "normalized",
    "refuse_written_two_ways",
    "unlinked",
    "written_two_ways",
]

import enum
import struct
from array import array
from collections.abc import Iterator, Mapping, Sequence
from itertools import compress, repeat
from operator import itemgetter, lt
from typing import NoReturn

import attrs

from .errors import InconsistentInputError
from .models import Booking, Document, DocumentKind
from .ordering import date_key
from .periods import Place


class Link(enum.Enum):
    """How a booking names the document it books."""

    DOCUMENT = "by document"
    REFERENCE = "by reference"
    NUMBER_AND_DATE = "by number and date"
    NONE = "none"


_ORDER = tuple(Link)
_NONE = _ORDER.index(Link.NONE)
_BY_DOCUMENT = _ORDER.index(Link.DOCUMENT)
_BY_REFERENCE = _ORDER.index(Link.REFERENCE)
_BY_NUMBER = _ORDER.index(Link.NUMBER_AND_DATE)


@attrs.frozen
class LinkCounts:
    """How a snapshot's bookings are linked to its documents (DOMAIN §3.8).

    ``by_document``: the source said which document; ``by_reference``: the
    reference names it; ``by_number_and_date``: linked with
    ``link_by_number=True``; ``unlinked``: bookings that book no document
    (manual entries, double bookings among them).

    >>> from datetime import date
    >>> from booking_reconcile import Booking, Integration, Invoice, Snapshot
    >>> a = Invoice("2026 / 3", date(2026, 1, 5), 1001)
    >>> Snapshot(Integration("70", "71"), [a], bookings=[
    ...     Booking("70", 1001, a.date, reference="2026/3"), Booking("70", 1002, a.date)
    ... ]).links
    LinkCounts(by_document=0, by_reference=1, by_number_and_date=0, unlinked=1)
    """

    by_document: int
    by_reference: int
    by_number_and_date: int
    unlinked: int

    @property
    def linked(self) -> int:
        """The bookings linked to a document, all ways together."""
        return self.by_document + self.by_reference + self.by_number_and_date

    def sentence(self) -> str:
        """The counts in words, as the plan's summary says them."""
        return (
            f"bookings linked to their document: {self.by_document} by document, "
            f"{self.by_reference} by reference, {self.by_number_and_date} by number and date; "
            f"{self.unlinked} name none"
        )


def normalized(text: str) -> str:
    """``text`` without white space and case: how a reference is compared with a number."""
    return "".join(text.split()).casefold()


class Links:
    """The links of a snapshot's bookings to its documents, by position (private).

    ``how[b]`` is the position in ``tuple(Link)`` of how booking ``b`` is linked
    (:meth:`by_reference` names the bookings linked by their reference).

    ``booking_at[d]`` is the position of document ``d``'s booking (or -1);
    ``document_of[b]`` the position of the document booking ``b`` books (or -1);
    ``named[b]`` the document an unlinked booking ``b`` names by its reference;
    ``by_number`` each (booking, document) pair of an unlinked booking with a
    booked document's place, number and date (linked only with
    ``link_by_number``).
    """

    __slots__ = ("booked", "booking_at", "by_number", "document_of", "how", "named")

    def __init__(self, documents: int, bookings: int) -> None:
        code = "i" if max(documents, bookings) < 2**31 else "q"
        self.booking_at = array(code, [-1]) * documents
        self.document_of = array(code, [-1]) * bookings
        self.how = bytearray([_NONE]) * bookings
        self.named: dict[int, int] = {}
        self.by_number: list[tuple[int, int]] = []
        self.booked = 0

    def __getstate__(self) -> tuple[object, ...]:
        # Every slot, so that a snapshot's links travel with it when pickled.
        return tuple(getattr(self, name) for name in Links.__slots__)

    def __setstate__(self, state: tuple[object, ...]) -> None:
        for name, value in zip(Links.__slots__, state, strict=True):
            setattr(self, name, value)

    def by_reference(self) -> Iterator[int]:
        """The positions of the bookings linked by their reference."""
        how = self.how
        start = how.find(_BY_REFERENCE)
        while start >= 0:
            yield start
            start = how.find(_BY_REFERENCE, start + 1)

    def link(self, booking: int, document: int, how: int) -> None:
        """Record that booking ``booking`` books document ``document``."""
        self.booking_at[document] = booking
        self.document_of[booking] = document
        self.how[booking] = how
        self.booked += 1

    def how_of(self, booking: int) -> Link:
        """How booking ``booking`` names its document."""
        return _ORDER[self.how[booking]]

    def counts(self) -> LinkCounts:
        """How many bookings are linked each way."""
        how = self.how
        return LinkCounts(
            how.count(_BY_DOCUMENT),
            how.count(_BY_REFERENCE),
            how.count(_BY_NUMBER),
            how.count(_NONE),
        )


#: -1 as each array type of the links stores it (``Links``: "i" or "q").
_MARKS = {code: array(code, [-1]).tobytes() for code in "iq"}


def unlinked(positions: array[int]) -> Sequence[int]:
    """The indexes at which ``positions`` (``Links.booking_at`` or ``document_of``) holds -1.

    Usually a few among many: found with ``bytes.find`` (in C, no object per
    entry); when more than one in eight are -1, in one pass of ``compress``
    (the search stops as soon as it has found that many).

    >>> unlinked(array("i", [3, -1, 0, -1, 256]))
    [1, 3]
    """
    count = len(positions)
    if count >= 64:
        data = positions.tobytes()
        mark = _MARKS[positions.typecode]
        size, most = len(mark), count // 8
        found: list[int] = []
        at = data.find(mark)
        while at >= 0:
            if at % size:  # not where an entry starts: the bytes of two entries
                at = data.find(mark, at + 1)
                continue
            if len(found) == most:
                break  # many: one pass instead
            found.append(at // size)
            at = data.find(mark, at + size)
        else:
            return found
    return list(compress(range(count), map(lt, positions, repeat(0))))


def link_bookings(
    documents: Sequence[Document],
    by_kind: dict[DocumentKind, Mapping[str, int]],
    places: Sequence[Place],
    bookings: Sequence[Booking],
    booking_places: Sequence[Place],
    *,
    link_by_number: bool,
) -> Links:
    """Link each booking to the document it books, or refuse what contradicts itself."""
    links = Links(len(documents), len(bookings))
    # A large snapshot's documents are found by number in sorted tables (a
    # binary search each): linked in order, most are found without one.
    in_order = len(bookings) >= _IN_ORDER or not isinstance(by_kind[DocumentKind.INVOICE], dict)
    link = _link_in_order if in_order else _link_by_document
    referenced = link(documents, by_kind, places, bookings, booking_places, links)
    if referenced:
        _link_references(documents, places, bookings, booking_places, referenced, links)
    if links.booked < len(bookings):
        _match_numbers(documents, places, bookings, booking_places, links, link_by_number)
    return links


def _link_by_document(
    documents: Sequence[Document],
    by_kind: dict[DocumentKind, Mapping[str, int]],
    places: Sequence[Place],
    bookings: Sequence[Booking],
    booking_places: Sequence[Place],
    links: Links,
) -> list[int]:
    """Link each booking that names its document, one by one, refusing what contradicts itself.

    Returns the bookings that name a document by reference only.
    """
    referenced: list[int] = []
    # The loop runs once per booking of every snapshot built: its names are
    # local, and a link is stored in place (what ``Links.link`` does) in
    # lists, which the loop reads and writes faster than arrays (made into
    # the links' arrays after it; the documents' array is kept when there
    # are many more documents than bookings: packing it would cost more than
    # the loop saves); each booking is taken as linked by document, and
    # those that name none are marked so (usually a few).
    listed = len(documents) <= 2 * len(bookings)
    booking_at: list[int] | array[int] = [-1] * len(documents) if listed else links.booking_at
    document_of = [-1] * len(bookings)
    how = links.how = bytearray([_BY_DOCUMENT]) * len(bookings)
    by_invoice, by_credit_note = by_kind[DocumentKind.INVOICE], by_kind[DocumentKind.CREDIT_NOTE]
    invoice = DocumentKind.INVOICE
    unnamed = 0
    for index, booking in enumerate(bookings):
        ref = booking.document
        if ref is None:
            how[index] = _NONE
            unnamed += 1
            if booking.reference is not None:
                referenced.append(index)
            continue
        try:
            position = (by_invoice if ref.kind is invoice else by_credit_note)[ref.number]
        except KeyError:
            _refuse_reference(documents, bookings, index, None, booking_at)
        if booking_at[position] >= 0:
            _refuse_reference(documents, bookings, index, position, booking_at)
        place, booking_place = places[position], booking_places[index]
        document = documents[position]
        # The common case of ``_agree`` first, inline: one place object shared.
        if not (
            document.booking_number == booking.booking_number and place is booking_place
        ) and not _agree(document, place, booking, booking_place):
            _refuse_disagreement(booking, booking_place, document, place)
        booking_at[position] = index
        document_of[index] = position
    code = links.booking_at.typecode
    if listed:
        links.booking_at = _packed(code, booking_at)
    links.document_of = _packed(code, document_of)
    links.booked = len(bookings) - unnamed  # the first links made
    return referenced


#: From this many bookings on, :func:`_link_in_order` links them (measured:
#: at 5,000 both loops take the same time, at 50,000 it is 8 % faster, at a
#: million twice as fast; at 500 the dictionary alone is 7 % faster).
_IN_ORDER = 20_000


def _link_in_order(
    documents: Sequence[Document],
    by_kind: dict[DocumentKind, Mapping[str, int]],
    places: Sequence[Place],
    bookings: Sequence[Booking],
    booking_places: Sequence[Place],
    links: Links,
) -> list[int]:
    """:func:`_link_by_document` for many bookings, listed (usually) as their documents are.

    Each booking's document is first looked for just after the previous
    booking's: where it is there (the same kind and number, which one
    document has), no dictionary is read, whose table a large snapshot reads
    all over memory; elsewhere the dictionary says, as in
    :func:`_link_by_document`. The links, refusals and messages are the same.
    """
    referenced: list[int] = []
    booking_at, document_of = links.booking_at, links.document_of
    how = links.how = bytearray([_BY_DOCUMENT]) * len(bookings)
    by_invoice, by_credit_note = by_kind[DocumentKind.INVOICE], by_kind[DocumentKind.CREDIT_NOTE]
    invoice = DocumentKind.INVOICE
    count = len(documents)
    unnamed = 0
    position = -1
    for index, booking in enumerate(bookings):
        ref = booking.document
        if ref is None:
            how[index] = _NONE
            unnamed += 1
            if booking.reference is not None:
                referenced.append(index)
            continue
        number = ref.number
        guess = position + 1
        document = documents[guess] if guess < count else None
        if document is not None and document.number == number and document.kind is ref.kind:
            position = guess
        else:
            found = (by_invoice if ref.kind is invoice else by_credit_note).get(number)
            if found is None:
                _refuse_reference(documents, bookings, index, found, booking_at)
            position = found
            document = documents[position]
        if booking_at[position] >= 0:
            _refuse_reference(documents, bookings, index, position, booking_at)
        place, booking_place = places[position], booking_places[index]
        if not (
            document.booking_number == booking.booking_number and place is booking_place
        ) and not _agree(document, place, booking, booking_place):
            _refuse_disagreement(booking, booking_place, document, place)
        booking_at[position] = index
        document_of[index] = position
    links.booked = len(bookings) - unnamed  # the first links made
    return referenced


def _packed(code: str, values: Sequence[int]) -> array[int]:
    """``array(code, values)``, made from the values packed by ``struct`` (in C, 3x faster).

    >>> _packed("i", [3, -1, 0]) == array("i", [3, -1, 0])
    True
    """
    return array(code, struct.pack(f"{len(values)}{code}", *values))


def _agree(document: Document, place: Place, booking: Booking, booking_place: Place) -> bool:
    """Whether ``document`` carries ``booking``'s number in its place.

    A booking that names its financial year (the accounting package's own,
    which may differ from its date's) places the document it books there, so
    only their journals must agree.
    """
    return document.booking_number == booking.booking_number and (
        place is booking_place
        or place == booking_place
        or (booking.financial_year is not None and place.journal == booking_place.journal)
    )


def _link_references(
    documents: Sequence[Document],
    places: Sequence[Place],
    bookings: Sequence[Booking],
    booking_places: Sequence[Place],
    referenced: list[int],
    links: Links,
) -> None:
    """Link the bookings that name their document by reference; the rest are manual."""
    by_number: dict[tuple[str, str], list[int]] = {}
    for position, (document, place) in enumerate(zip(documents, places, strict=True)):
        by_number.setdefault((place.journal, normalized(document.number)), []).append(position)
    for index in referenced:
        booking, place = bookings[index], booking_places[index]
        reference = booking.reference or ""
        candidates = by_number.get((place.journal, normalized(reference)), [])
        if len(candidates) > 1:
            carrying = [p for p in candidates if _agree(documents[p], places[p], booking, place)]
            if len(carrying) != 1:  # neither or both: ambiguous, an input error (§3.8)
                named = carrying or candidates
                _refuse_ambiguous(booking, [documents[p] for p in named], carrying=bool(carrying))
            candidates = carrying
        if not candidates:
            continue
        (position,) = candidates
        if links.booking_at[position] < 0 and _agree(
            documents[position], places[position], booking, place
        ):
            links.link(index, position, _BY_REFERENCE)
        else:
            links.named[index] = position


def _match_numbers(
    documents: Sequence[Document],
    places: Sequence[Place],
    bookings: Sequence[Booking],
    booking_places: Sequence[Place],
    links: Links,
    link_by_number: bool,
) -> None:
    """Pair each unlinked booking with the unlinked booked document of its place, number, date."""
    # Keyed by journal, not place: one date is in one financial year, so the
    # journal, number and date say the place, and a booking that names its
    # own financial year (another than its date's) still finds its document.
    waiting: dict[tuple[str, int, object], int] = {}
    # The documents no booking books (found in C), of which those that carry a number.
    for position in unlinked(links.booking_at):
        document = documents[position]
        number = document.booking_number
        if number is None:
            continue
        key = (places[position].journal, number, document.date)
        # Two waiting documents of one place, number and date (a collision): the
        # first in date order, whatever the input's order.
        other = waiting.get(key)
        if other is None or date_key(document) < date_key(documents[other]):
            waiting[key] = position
    if not waiting:
        return
    # A booking whose reference names another document is matched too: with a
    # booked document's journal, number and date (no booking books it), its
    # reference is mistyped rather than a second booking of the one it names.
    for index in unlinked(links.document_of):
        booking = bookings[index]
        # A document is one booking's: the first in input order (another one
        # on its journal, number and date, numbered in another financial
        # year, is left a booking that names no document).
        found = waiting.pop(
            (booking_places[index].journal, booking.booking_number, booking.date), None
        )
        if found is None:
            continue
        links.by_number.append((index, found))
        if link_by_number:
            links.link(index, found, _BY_NUMBER)


def _refuse_reference(
    documents: Sequence[Document],
    bookings: Sequence[Booking],
    index: int,
    position: int | None,
    booking_at: Sequence[int],
) -> NoReturn:
    booking = bookings[index]
    ref = booking.document
    assert ref is not None  # only a booking naming a document is refused here
    if position is None:
        # A document of that kind whose number is the same, white space and case
        # aside (§3.8's comparison: the reference's, not document='s), is named.
        wanted = normalized(ref.number)
        near = next(
            (d for d in documents if d.kind is ref.kind and normalized(d.number) == wanted), None
        )
        if near is not None:
            raise InconsistentInputError(
                f"{booking.record_name()} refers to {ref}, which is not among the snapshot's "
                f"documents; {near.record_name()} is, its number written otherwise: name it as "
                f"the document writes it (document=DocumentRef(DocumentKind.{ref.kind.name}, "
                f"{near.number!r})), or give the booking the reference {ref.number!r} and no "
                "document"
            )
        raise InconsistentInputError(
            f"{booking.record_name()} refers to {ref}, which is not "
            "among the snapshot's documents; add the document, or give the "
            "booking document=None if it did not come from the invoicing tool"
        )
    other = bookings[booking_at[position]]
    raise InconsistentInputError(
        f"{ref} is referred to by two bookings ({other.record_name()} and "
        f"{booking.record_name()}); a document is booked once by the integration: give the "
        "one entered by hand document=None (with its reference it is then found as a "
        "double booking)"
    )


def _refuse_disagreement(
    booking: Booking, place: Place, document: Document, document_place: Place
) -> NoReturn:
    carries = "no booking number"
    if document.booking_number is not None:
        carries = f"booking number {document.booking_number} in {document_place}"
    # The booking's name says its journal; its financial year only when it is numbered by one.
    year = "" if place.financial_year is None else f" (financial year {place.financial_year})"
    raise InconsistentInputError(
        f"{booking.record_name()}{year} refers to {document.record_name()}, which carries "
        f"{carries}; the two sides must agree on the number of a document booked in both: "
        "correct the document's booking_number or the booking"
    )


def written_two_ways(document: Document, first: str, second: str) -> InconsistentInputError:
    """The refusal of ``document`` listed twice, its number written ``first`` and ``second``.

    A document number is compared without white space and case (§3.8), so
    two documents of one kind written so are one document listed twice (§6).
    """
    return InconsistentInputError(
        f"{document.record_name()} appears twice in the snapshot's documents, written "
        f"{first!r} and {second!r} (a document number is compared without white space and "
        "case); each document must be listed once: remove the extra copy from the input "
        "(exports merged from two sources often write one number both ways)"
    )


def refuse_written_two_ways(
    documents: Sequence[Document], positions: dict[DocumentKind, Mapping[str, int]]
) -> None:
    """Refuse one document listed twice, its number written two ways (§6, §3.8).

    ``positions`` holds the position of each document by kind and number
    (exact numbers, each once). Two numbers of one kind equal without white
    space and case name one document. The common case is decided over every
    number at once, in C: one text of all the numbers, white space removed and
    case folded; when nothing changes, no two numbers can meet.
    """
    for numbers in positions.values():
        if len(numbers) < 2:
            continue
        joined = "\x00".join(numbers)
        folded = "".join(joined.split()).casefold()
        if folded == joined:
            continue
        parts = folded.split("\x00")
        if len(parts) == len(numbers) and len(set(parts)) == len(parts):
            continue
        # Some numbers meet (or hold the separator): found one by one, in the
        # documents' order (a large snapshot's table holds them sorted).
        seen: dict[str, str] = {}
        for number, position in sorted(numbers.items(), key=itemgetter(1)):
            first = seen.setdefault(normalized(number), number)
            if first != number:
                raise written_two_ways(documents[position], first, number)


def _refuse_ambiguous(booking: Booking, documents: list[Document], *, carrying: bool) -> NoReturn:
    """Refuse a reference that names two documents of a journal, ``carrying`` its number or not.

    §3.8: the one carrying the booking's number is named; when neither or
    both do, it is ambiguous: an input error naming both, and how to say the
    kind. Two of one kind cannot be named: the snapshot refused them as one
    document written two ways (§6, :func:`refuse_written_two_ways`).
    """
    # An invoice and a credit note (neither: named in one order
    # whatever the input's, as the warning that preceded this refusal did).
    if not carrying:
        documents = sorted(documents, key=lambda document: document.kind.value)
    named = " and ".join(document.record_name() for document in documents)
    example = documents[-1]
    kind = (
        f"DocumentKind.{example.kind.name}, {example.number!r}) (in a bookings export, a "
        "document_kind and document_number column)"
    )
    if carrying:
        raise InconsistentInputError(
            f"{booking.record_name()} has the reference {booking.reference!r}, which names "
            f"{named} of journal {booking.journal}, and both carry booking number "
            f"{booking.booking_number}, so which it books cannot be told; say the kind: give "
            f"the booking document=DocumentRef({kind}"
        )
    raise InconsistentInputError(
        f"{booking.record_name()} has the reference {booking.reference!r}, which names "
        f"{named} of journal {booking.journal}, and neither carries booking number "
        f"{booking.booking_number}, so which it books cannot be told; say the kind: give the "
        f"booking document=DocumentRef({kind} if it is that document's booking, or, if it was "
        "entered by hand, a reference that names no document (a second booking of one of "
        "them is then yours to delete)"
    )
