"""The snapshot's index: what a snapshot derives from its records once (private).

The rules read a :class:`~booking_reconcile.snapshot.Snapshot` through its
index (``index_of(snapshot)``): each document's and booking's place (journal
and numbering period), the booking that books a document, the manual
bookings, and the answers the rules already found on that snapshot. The
snapshot builds it when it is built and checked; nothing here validates.
"""

from __future__ import annotations

__all__ = [
    "SORTED_FROM",
    "NumberTable",
    "Placer",
    "SnapshotIndex",
    "index_of",
    "positions_by_number",
    "sorted_positions",
]

import datetime as dt
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from itertools import compress, islice, repeat
from operator import attrgetter, gt, is_, is_not, lt, not_
from typing import Any, Protocol, TypeVar, cast, overload

from ._linking import Links, unlinked
from .errors import InconsistentInputError, InvalidTypeError
from .models import (
    Booking,
    CreditNote,
    Document,
    DocumentKey,
    DocumentKind,
    DocumentRef,
    Journal,
    Numbering,
)
from .periods import Place, numbering_period

_Answer = TypeVar("_Answer")
_Kind = TypeVar("_Kind")
_Default = TypeVar("_Default")
_DATE = attrgetter("date")
_FINANCIAL_YEAR = attrgetter("financial_year")


class Placer:
    """Gives the place of a (journal, date), sharing one ``Place`` object per place.

    Two equal places it gives are one object, so a snapshot's places compare
    by identity (``is``), in C, without comparing their fields.
    """

    def __init__(self, journals: dict[str, Journal], month: int):
        self._journals = journals
        self._continuous = {
            code: Place(code, None)
            for code, journal in journals.items()
            if journal.numbering is Numbering.CONTINUOUS
        }
        self._yearly: dict[tuple[str, dt.date], Place] = {}
        self._named: dict[tuple[str, int], Place] = {}
        self._shared: dict[Place, Place] = {}
        self._month = month

    def places(self, journals: list[str], days: Iterable[dt.date]) -> tuple[Place, ...]:
        """The place of each (journal, day) pair; ``days`` is read only when needed."""
        try:  # every journal continuous: one pass in C
            return tuple(map(self._continuous.__getitem__, journals))
        except KeyError:
            return tuple(self(code, day) for code, day in zip(journals, days, strict=True))

    def continuous_places(self, codes: Iterable[str]) -> list[Place] | None:
        """The place of each journal of ``codes``, or ``None`` if one is not continuous."""
        continuous = self._continuous
        try:
            return list(map(continuous.__getitem__, codes))
        except KeyError:
            return None

    def places_of_kinds(
        self, count: int, codes: Mapping[DocumentKind, str], credit_notes: Mapping[str, int]
    ) -> tuple[Place, ...] | None:
        """:meth:`places_by_kind` of ``count`` documents from the credit notes' positions.

        When both kinds' journals (``codes``) are continuous and the credit
        notes, in a dictionary, are at most half: the invoices' place, the
        credit notes' put in at their positions (no lookup per document);
        otherwise ``None``.
        """
        continuous = self._continuous
        invoice = continuous.get(codes[DocumentKind.INVOICE])
        credit_note = continuous.get(codes[DocumentKind.CREDIT_NOTE])
        if invoice is None or credit_note is None or credit_notes.__class__ is not dict:
            return None
        if len(credit_notes) * 2 > count:
            return None
        places = [invoice] * count
        for position in credit_notes.values():
            places[position] = credit_note
        return tuple(places)

    def places_by_kind(
        self,
        kinds: list[_Kind],
        journal_of: dict[_Kind, str],
        days: Iterable[dt.date],
    ) -> tuple[Place, ...]:
        """The place of each document of ``kinds`` (its kind or class) in its kind's journal."""
        continuous = self._continuous
        if all(code in continuous for code in journal_of.values()):
            # One place per kind: one pass in C.
            place_of = {kind: continuous[code] for kind, code in journal_of.items()}
            return tuple(map(place_of.__getitem__, kinds))
        return self.places(list(map(journal_of.__getitem__, kinds)), days)

    def booking_places(
        self, bookings: Sequence[Booking], journals: list[str]
    ) -> tuple[tuple[Place, ...], list[int]]:
        """The place of each booking (of ``journals``, its journal each), and those placed by year.

        A booking that names the financial year it is numbered in has that
        year as its place in a journal numbered per financial year
        (:meth:`booking_place`); every other booking (and every booking of a
        continuous journal) is placed by its date.
        """
        places = self.places(journals, map(_DATE, bookings))
        if len(self._yearly) == 0:  # every booking's journal continuous: no year places one
            return places, []
        years = list(map(_FINANCIAL_YEAR, bookings))
        if years.count(None) == len(years):  # in C: no call per booking
            return places, []
        named = list(places)
        by_year = []
        for position in compress(range(len(years)), map(is_not, years, repeat(None))):
            if named[position].financial_year is not None:
                named[position] = self.booking_place(bookings[position])
                by_year.append(position)
        return tuple(named), by_year

    def booking_place(self, booking: Booking) -> Place:
        """The place of ``booking``: its own ``financial_year`` where its journal counts it."""
        place = self(booking.journal, booking.date)
        year = booking.financial_year
        if year is None or place.financial_year is None or year == place.financial_year:
            return place
        named = self._named.get((booking.journal, year))
        if named is None:
            named = self._named[booking.journal, year] = self._share(Place(booking.journal, year))
        return named

    def __call__(self, journal: str, day: dt.date) -> Place:
        place = self._continuous.get(journal)
        if place is None:
            place = self._yearly.get((journal, day))
            if place is None:
                numbering = self._journals[journal].numbering
                place = Place(journal, numbering_period(numbering, day, self._month))
                place = self._yearly[journal, day] = self._share(place)
        return place

    def _share(self, place: Place) -> Place:
        """The one object of the places equal to ``place`` this placer gives."""
        return self._shared.setdefault(place, place)


def positions_by_number(
    numbers: list[str], classes: list[type], credit_count: int
) -> dict[DocumentKind, Mapping[str, int]] | None:
    """The position of each document by kind and number, when no two share a number.

    ``classes`` are each document's class, ``Invoice`` or ``CreditNote``
    (``credit_count`` of these). One dictionary of every number first (in C),
    then the credit notes' moved out of it (usually a few); ``None`` when
    two documents share a number (an invoice and a credit note may; the
    same kind twice is refused by the caller's general path).
    """
    invoices = dict(zip(numbers, range(len(numbers)), strict=True))
    if len(invoices) != len(numbers):
        return None
    credit_notes: dict[str, int] = {}
    if credit_count:
        pop = invoices.pop
        if credit_count * 8 <= len(numbers):  # a few: found one by one, in C
            position = -1
            for _ in range(credit_count):
                position = classes.index(CreditNote, position + 1)
                number = numbers[position]
                credit_notes[number] = pop(number)
        else:
            credit_notes = {
                number: pop(number)
                for number in compress(numbers, map(is_, classes, repeat(CreditNote)))
            }
    return {DocumentKind.INVOICE: invoices, DocumentKind.CREDIT_NOTE: credit_notes}


#: From this many documents on, a snapshot whose documents are the library's
#: two classes finds them by number in tables sorted by number
#: (:class:`NumberTable`, 12 bytes a document) rather than in dictionaries
#: (about 72 bytes: an entry, and an integer object per position above 256).
SORTED_FROM = 20_000


class NumberTable(Mapping[str, int]):
    """The position of each document of one kind by its number, without an object per document.

    What a dictionary of number to position answers (a large snapshot's
    index, see :func:`sorted_positions`), read from the numbers sorted (the
    documents' own text objects, 8 bytes a document) and their positions
    beside them (a machine integer each): a lookup is a binary search, in C.
    It iterates in the numbers' sorted order.

    >>> table = NumberTable(("A", "C"), array("i", [1, 0]))
    >>> table.get("C"), table.get("B"), table["A"], "B" in table, len(table)
    (0, None, 1, False, 2)
    """

    __slots__ = ("_last", "_numbers", "_positions")

    def __init__(self, numbers: tuple[str, ...], positions: array[int]) -> None:
        self._numbers = numbers
        self._positions = positions
        self._last = -1  # where the last number asked for was found (a hint, not an answer)

    def __reduce__(self) -> tuple[type[NumberTable], tuple[tuple[str, ...], array[int]]]:
        # The numbers are the documents' own text objects, which pickle has
        # written already with the records: each is a reference to it.
        return (NumberTable, (self._numbers, self._positions))

    @overload
    def get(self, number: str, /) -> int | None: ...

    @overload
    def get(self, number: str, /, default: int | _Default) -> int | _Default: ...

    def get(self, number: object, /, default: object = None) -> object:
        """The position of the document numbered ``number``, or ``default``."""
        numbers = self._numbers
        # The number after the one found last first: the rules read documents
        # in order (no search), then a binary search.
        at = self._last + 1
        if at < len(numbers) and numbers[at] == number:
            self._last = at
            return self._positions[at]
        try:
            at = bisect_left(numbers, cast("str", number))
        except TypeError:  # not text: no document's number
            hash(number)  # one that cannot be a key is refused as a dictionary refuses it
            return default
        if at < len(numbers) and numbers[at] == number:
            self._last = at
            return self._positions[at]
        return default

    def __getitem__(self, number: str) -> int:
        position = self.get(number)
        if position is None:
            raise KeyError(number)
        return position

    def __contains__(self, number: object) -> bool:
        return self.get(number) is not None  # type: ignore[call-overload]

    def __iter__(self) -> Iterator[str]:
        return iter(self._numbers)

    def __len__(self) -> int:
        return len(self._numbers)


def sorted_positions(
    numbers: list[str], classes: list[type], credit_count: int
) -> dict[DocumentKind, Mapping[str, int]] | None:
    """:func:`positions_by_number` as tables sorted by number, for a large snapshot.

    ``classes`` are each document's class, ``Invoice`` or ``CreditNote``
    (``credit_count`` of these). Each kind's positions are sorted by their
    numbers (in C; quick when the numbers mostly come in order, as an
    export's do). ``None`` when they do not (a sample of neighbours says:
    sorting would cost more than a dictionary) or when two documents of one
    kind share a number: the caller's dictionaries then decide (and refuse a
    document listed twice).
    """
    if credit_count:
        is_credit_note = list(map(is_, classes, repeat(CreditNote)))
        invoices = list(compress(range(len(numbers)), map(not_, is_credit_note)))
        credit_notes = list(compress(range(len(numbers)), is_credit_note))
    else:
        invoices, credit_notes = list(range(len(numbers))), []
    if not (_mostly_in_order(numbers, invoices) and _mostly_in_order(numbers, credit_notes)):
        return None
    tables: dict[DocumentKind, Mapping[str, int]] = {}
    for kind, order in ((DocumentKind.INVOICE, invoices), (DocumentKind.CREDIT_NOTE, credit_notes)):
        order.sort(key=numbers.__getitem__)
        ordered = tuple(map(numbers.__getitem__, order))
        if not all(map(lt, ordered, islice(ordered, 1, None))):  # a number twice
            return None
        tables[kind] = NumberTable(ordered, array("i" if len(numbers) < 2**31 else "q", order))
    return tables


#: How many neighbours :func:`_mostly_in_order` compares, at most.
_SAMPLE = 256


def _mostly_in_order(numbers: list[str], order: list[int]) -> bool:
    """Whether ``numbers`` read in ``order`` mostly go one way (runs of 32 and more).

    A sample of neighbours (at most 256 pairs, in C): the numbers of an
    export come in order (a sort then reads runs), those in no order would
    cost a sort about three times a dictionary's time.
    """
    step = max(len(order) // _SAMPLE, 1)
    firsts = list(map(numbers.__getitem__, islice(order, 0, max(len(order) - 1, 0), step)))
    seconds = map(numbers.__getitem__, islice(order, 1, None, step))
    down: int = sum(map(gt, firsts, seconds))
    return min(down, len(firsts) - down) * 32 <= len(firsts)


class _BookedKeys(AbstractSet[DocumentKey]):
    """The ``(kind, number)`` of every document a booking refers to: a view, no copy."""

    __slots__ = ("_index",)

    def __init__(self, index: SnapshotIndex) -> None:
        self._index = index

    @classmethod
    def _from_iterable(cls, keys: Iterable[Any]) -> set[Any]:
        return set(keys)

    def __contains__(self, key: object) -> bool:
        index = self._index
        pair: Any = key
        try:
            kind, number = pair
            position = index._by_kind[kind][number]
        except (KeyError, TypeError, ValueError):
            return False
        return bool(index.links.booking_at[position] >= 0)

    def __iter__(self) -> Iterator[DocumentKey]:
        documents = self._index._documents
        for position in self._index.links.document_of:
            if position >= 0:
                yield documents[position].key

    def __len__(self) -> int:
        return self._index.links.booked


class _Positions(Mapping[DocumentKey, int]):
    """Each document's index in the snapshot's documents, by ``(kind, number)``: a view."""

    __slots__ = ("_by_kind", "_documents")

    def __init__(self, by_kind: dict[DocumentKind, Mapping[str, int]], documents: Any) -> None:
        self._by_kind = by_kind
        self._documents = documents

    def __getitem__(self, key: DocumentKey) -> int:
        try:
            kind, number = key
            return self._by_kind[kind][number]
        except (KeyError, TypeError, ValueError):
            raise KeyError(key) from None

    def __iter__(self) -> Iterator[DocumentKey]:
        return ((document.kind, document.number) for document in self._documents)

    def __len__(self) -> int:
        return len(self._documents)


_NO_NUMBERS: Mapping[str, int] = {}
_UNASKED = object()  # what ``remember`` has no answer to yet


class SnapshotIndex:
    """What a snapshot derives from its records once, when built (private).

    The rules read the snapshot through it: each document's and booking's
    place, the booking that books a document (linked by the one rule of
    :mod:`booking_reconcile._linking`), the manual bookings. It
    also remembers what a rule found on this snapshot (``remember``), so that
    a plan asks each question of a snapshot once, however many rules need
    the answer; a snapshot is immutable, so an answer never goes stale.

    It is small (about 37 bytes a document at 100,000, see
    ``docs/performance.md``): per kind, the documents' numbers sorted with
    their positions (:class:`NumberTable`, 12 bytes a document; a small
    snapshot's, a dict from number to position), a tuple of shared ``Place``
    objects per side, and machine integers for the links (the position of
    the booking that refers to each document, and the other way).
    """

    __slots__ = (
        "_bookings",
        "_by_kind",
        "_by_place",
        "_documents",
        "_found",
        "_highest",
        "_places",
        "booking_numbers",
        "booking_places",
        "journals",
        "links",
        "manual",
        "manual_positions",
        "placer",
        "positions",
    )

    def __init__(
        self,
        documents: tuple[Document, ...],
        bookings: tuple[Booking, ...],
        journals: dict[str, Journal],
        placer: Placer,
        by_kind: dict[DocumentKind, Mapping[str, int]],
        places: tuple[Place, ...],
        booking_places: tuple[Place, ...],
        links: Links,
        highest: dict[Place, int] | None,
        booking_numbers: tuple[int, ...] | None = None,
        by_place: Sequence[tuple[Place, Sequence[int]]] = (),
    ) -> None:
        self._documents = documents
        self._bookings = bookings
        self.journals = journals
        self.placer = placer
        self._by_kind = by_kind
        self.positions: Mapping[DocumentKey, int] = _Positions(by_kind, documents)
        self._places = places
        self.booking_places = booking_places
        self.links = links
        # The highest booking number of each place: found when the snapshot's
        # numbers were checked once per place, or (``None``: a small snapshot)
        # when first asked, from each place's numbers (``by_place``).
        self._highest = highest
        self._by_place = by_place
        # Each booking's number, when the snapshot kept them (a small one).
        self.booking_numbers = booking_numbers
        # The bookings that book no document (found in C: usually a few), by
        # position and with their places.
        self.manual_positions: tuple[int, ...] = tuple(unlinked(links.document_of))
        self.manual: tuple[tuple[Booking, Place], ...] = tuple(
            (bookings[position], booking_places[position]) for position in self.manual_positions
        )
        self._found: dict[object, Any] = {}

    @property
    def highest(self) -> dict[Place, int]:
        """The highest booking number of each place, in the order the bookings first use them."""
        highest = self._highest
        if highest is None:
            highest = self._highest = {place: max(mine) for place, mine in self._by_place}
            self._by_place = ()  # no longer needed
        return highest

    def state(self) -> tuple[object, ...]:
        """What the index holds beyond the records, for pickling (not its answers).

        The links refer to the records by position, so the unpickled index
        (:meth:`from_state`) refers to the unpickled records.
        """
        return (
            self.journals,
            self.placer,
            self._by_kind,
            self._places,
            self.booking_places,
            self.links,
            self.highest,
        )

    @classmethod
    def from_state(
        cls, documents: tuple[Document, ...], bookings: tuple[Booking, ...], state: Any
    ) -> SnapshotIndex:
        """The index :meth:`state` describes, over these records (for unpickling; no checks)."""
        journals, placer, by_kind, places, booking_places, links, highest = state
        return cls(
            documents, bookings, journals, placer, by_kind, places, booking_places, links, highest
        )

    def placed_documents(self) -> Iterator[tuple[Document, Place]]:
        """Each document with its place, in the order of the snapshot's documents."""
        return zip(self._documents, self._places, strict=True)

    def placed_bookings(self) -> Iterator[tuple[Booking, Place]]:
        """Each booking with its place, in the order of the snapshot's bookings."""
        return zip(self._bookings, self.booking_places, strict=True)

    def position(self, kind: DocumentKind, number: str) -> int:
        """The index of the document ``(kind, number)`` in the snapshot's documents."""
        position = self._by_kind.get(kind, _NO_NUMBERS).get(number)
        if position is None:
            raise InconsistentInputError(
                f"{DocumentRef(kind, number)} is not among the snapshot's documents"
            )
        return position

    def place(self, document: Document) -> Place:
        """The place of ``document``."""
        return self._places[self.position(document.kind, document.number)]

    def sent_place(self, document: Document) -> Place:
        """The place the synchronisation sends ``document`` into: its journal's, by its date.

        A booked document is placed where its booking was numbered, which may
        be the booking's own financial year (:meth:`place`); sent again, it
        is numbered by its date, the only year the library can know (docs/
        concepts.md, "A booking's own financial year").
        """
        place = self.place(document)
        if place.financial_year is None:  # a continuous journal: one place
            return place
        return self.placer(place.journal, document.date)

    def booked_keys(self) -> AbstractSet[DocumentKey]:
        """The ``(kind, number)`` of every document a booking refers to (a live view)."""
        return _BookedKeys(self)

    def unbooked_documents(self) -> Iterator[Document]:
        """The documents no booking refers to, in the snapshot's order (one pass in C)."""
        return compress(self._documents, map(lt, self.links.booking_at, repeat(0)))

    def booking_position(self, document: Document) -> int | None:
        """The index in the snapshot's bookings of the booking that refers to ``document``."""
        position = self._by_kind.get(document.kind, _NO_NUMBERS).get(document.number)
        if position is None:
            return None
        booking = self.links.booking_at[position]
        return None if booking < 0 else booking

    def booking(self, document: Document) -> Booking | None:
        """The booking that refers to ``document``, or ``None``."""
        position = self.booking_position(document)
        return None if position is None else self._bookings[position]

    def linked_bookings(self) -> Iterator[tuple[Booking, Place, Document | None]]:
        """Each booking with its place and the document it books (``None``: a manual one)."""
        documents = self._documents
        for booking, place, position in zip(
            self._bookings, self.booking_places, self.links.document_of, strict=True
        ):
            yield booking, place, (documents[position] if position >= 0 else None)

    def named_by_reference(self, booking: int) -> Document | None:
        """The document unlinked booking ``booking`` names by its reference (§3.10), if any."""
        position = self.links.named.get(booking)
        return None if position is None else self._documents[position]

    def remember(self, question: object, answer: Callable[[], _Answer]) -> _Answer:
        """The answer to ``question`` about this snapshot, computed the first time."""
        # (Typed by annotation, not ``cast``: a plan asks about twenty questions.)
        found: _Answer = self._found.get(question, _UNASKED)
        if found is _UNASKED:
            found = self._found[question] = answer()
        return found


class _Indexed(Protocol):
    """A record that carries its index (the snapshot)."""

    @property
    def _index(self) -> SnapshotIndex: ...


def index_of(snapshot: _Indexed) -> SnapshotIndex:
    """The index ``snapshot`` built of itself (for the rule modules; private).

    Anything else given where a snapshot belongs is refused with the
    library's error (every rule asks for the index first).
    """
    try:
        return snapshot._index
    except AttributeError:
        raise InvalidTypeError(
            "the argument",
            "snapshot",
            snapshot,
            "is not a Snapshot",
            "a booking_reconcile.Snapshot (build one with Snapshot(...), snapshot_from_dict or "
            "the readers)",
        ) from None
