"""A snapshot: both sides of one administration at one moment.

A :class:`Snapshot` holds the integration's settings, the invoicing tool's
documents, the accounting package's journals and, when known, its bookings.
It resolves each document's journal (``journal=None`` means the integration's
journal for the document's kind) and numbering period, and refuses input whose
records contradict each other, so every function that takes a snapshot can
trust it.

>>> from datetime import date
>>> from booking_reconcile import Integration, Invoice, CreditNote, Snapshot
>>> snapshot = Snapshot(
...     Integration(invoice_journal="70", credit_note_journal="71"),
...     [Invoice("2026/1", date(2026, 1, 5), 1001), CreditNote("C1", date(2026, 1, 6), 1)],
... )
>>> [snapshot.journal_of(document) for document in snapshot.documents]
['70', '71']
>>> Snapshot(
...     Integration("70", "70"),
...     [Invoice("2026/1", date(2026, 1, 5)), Invoice("2026/1", date(2026, 1, 6))],
... )
Traceback (most recent call last):
...
booking_reconcile.errors.InconsistentInputError: invoice 2026/1 appears twice in the snapshot's documents (dated 2026-01-05 and 2026-01-06); each document must be listed once: remove the extra copy from the input

Choices where DOMAIN.md is silent, written down here and in the docs:

- ``journals=()`` means the journals are not described: every journal code
  used is taken as continuous, with no configured next number and no lock
  date. Once any journal is described, every journal used by the integration,
  a document or a booking must be described too; an unknown code is an error.
- A booking that refers to a document must sit in the document's journal and
  numbering period under the number the document carries; anything else is
  inconsistent input (the two sides disagree about that document).
- Two bookings may not refer to the same document.
- Sync times must be all naive or all timezone-aware.
"""

from __future__ import annotations

__all__ = ["Place", "Snapshot"]

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from typing import Any, TypeVar

import attrs

from . import _checks
from ._presentation import from_data, to_data
from .errors import (
    InconsistentInputError,
    InvalidTypeError,
    InvalidValueError,
    MissingBookingsError,
    shown,
)
from .models import (
    Booking,
    CreditNote,
    Document,
    DocumentKey,
    DocumentKind,
    DocumentRef,
    Integration,
    Invoice,
    Journal,
    Numbering,
)
from .periods import Place, numbering_period

_Answer = TypeVar("_Answer")


def _as_tuple(field: str, value: Any, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if isinstance(value, tuple):
        return value
    if isinstance(value, (str, bytes, dict)) or not isinstance(value, Iterable):
        expected = "a list or tuple of records"
        if optional:
            expected += ", or None when the accounting side is unknown"
        raise InvalidTypeError("snapshot", field, value, "is not a sequence", expected)
    return tuple(value)


def _documents_tuple(value: Any) -> Any:
    return _as_tuple("documents", value)


def _journals_tuple(value: Any) -> Any:
    return _as_tuple("journals", value)


def _bookings_tuple(value: Any) -> Any:
    return _as_tuple("bookings", value, optional=True)


def _each(kind: type | tuple[type, ...], expected: str) -> Any:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        for position, item in enumerate(value):
            if not isinstance(item, kind):
                raise InvalidTypeError(
                    "snapshot",
                    f"{attribute.name}[{position}]",
                    item,
                    "has the wrong type",
                    expected,
                )

    return check


class _Placer:
    """Gives the place of a (journal, date), sharing one ``Place`` object per place."""

    def __init__(self, journals: dict[str, Journal], month: int):
        self._journals = journals
        self._continuous = {
            code: Place(code, None)
            for code, journal in journals.items()
            if journal.numbering is Numbering.CONTINUOUS
        }
        self._yearly: dict[tuple[str, dt.date], Place] = {}
        self._month = month

    def places(self, journals: list[str], days: Iterable[dt.date]) -> tuple[Place, ...]:
        """The place of each (journal, day) pair; ``days`` is read only when needed."""
        continuous = self._continuous
        if continuous.keys() >= set(journals):
            return tuple([continuous[code] for code in journals])
        return tuple(self(code, day) for code, day in zip(journals, days, strict=True))

    def __call__(self, journal: str, day: dt.date) -> Place:
        place = self._continuous.get(journal)
        if place is None:
            place = self._yearly.get((journal, day))
            if place is None:
                numbering = self._journals[journal].numbering
                place = Place(journal, numbering_period(numbering, day, self._month))
                self._yearly[journal, day] = place
        return place


class SnapshotIndex:
    """What a snapshot derives from its records once, when built (private).

    The rules read the snapshot through it: each document's and booking's
    place, the booking that refers to a document, the manual bookings. It
    also remembers what a rule found on this snapshot (``remember``), so that
    a plan asks each question of a snapshot once, however many rules need
    the answer; a snapshot is immutable, so an answer never goes stale.
    """

    __slots__ = (
        "_booking_positions",
        "_bookings",
        "_documents",
        "_found",
        "_places",
        "booking_places",
        "journals",
        "manual",
        "placer",
        "positions",
    )

    def __init__(
        self,
        documents: tuple[Document, ...],
        bookings: tuple[Booking, ...],
        journals: dict[str, Journal],
        placer: _Placer,
        positions: dict[DocumentKey, int],
        places: tuple[Place, ...],
        booking_places: tuple[Place, ...],
        booking_positions: dict[DocumentKey, int],
        manual: tuple[tuple[Booking, Place], ...],
    ) -> None:
        self._documents = documents
        self._bookings = bookings
        self.journals = journals
        self.placer = placer
        self.positions = positions
        self._places = places
        self.booking_places = booking_places
        self._booking_positions = booking_positions
        self.manual = manual
        self._found: dict[object, Any] = {}

    def placed_documents(self) -> Iterator[tuple[Document, Place]]:
        """Each document with its place, in the order of the snapshot's documents."""
        return zip(self._documents, self._places, strict=True)

    def placed_bookings(self) -> Iterator[tuple[Booking, Place]]:
        """Each booking with its place, in the order of the snapshot's bookings."""
        return zip(self._bookings, self.booking_places, strict=True)

    def position(self, kind: DocumentKind, number: str) -> int:
        """The index of the document ``(kind, number)`` in the snapshot's documents."""
        position = self.positions.get((kind, number))
        if position is None:
            raise InconsistentInputError(
                f"{DocumentRef(kind, number)} is not among the snapshot's documents"
            )
        return position

    def place(self, document: Document) -> Place:
        """The place of ``document``."""
        return self._places[self.position(document.kind, document.number)]

    def booked_keys(self) -> AbstractSet[DocumentKey]:
        """The ``(kind, number)`` of every document a booking refers to (a live view)."""
        return self._booking_positions.keys()

    def booking_position(self, document: Document) -> int | None:
        """The index in the snapshot's bookings of the booking that refers to ``document``."""
        return self._booking_positions.get((document.kind, document.number))

    def booking(self, document: Document) -> Booking | None:
        """The booking that refers to ``document``, or ``None``."""
        position = self._booking_positions.get((document.kind, document.number))
        return None if position is None else self._bookings[position]

    def remember(self, question: object, answer: Callable[[], _Answer]) -> _Answer:
        """The answer to ``question`` about this snapshot, computed the first time."""
        try:
            found: _Answer = self._found[question]
        except KeyError:
            found = self._found[question] = answer()
        return found


@attrs.frozen
class Snapshot:
    """The integration, the documents, the journals and (maybe) the bookings.

    ``bookings=None`` means the accounting side is unknown and the rules
    infer what they need; ``bookings=()`` means it holds no bookings at all.
    ``bookings_complete=True`` says the bookings are the whole accounting side
    on purpose, so a journal without bookings is a warning, not a blocker
    (DOMAIN §3.8).
    """

    integration: Integration = attrs.field(
        validator=_checks.instance_of(Integration, "an Integration")
    )
    documents: tuple[Document, ...] = attrs.field(
        converter=_documents_tuple,
        validator=_each((Invoice, CreditNote), "an Invoice or a CreditNote"),
    )
    journals: tuple[Journal, ...] = attrs.field(
        default=(), converter=_journals_tuple, validator=_each(Journal, "a Journal")
    )
    bookings: tuple[Booking, ...] | None = attrs.field(
        default=None,
        converter=_bookings_tuple,
        validator=_each(Booking, "a Booking"),
    )
    bookings_complete: bool = attrs.field(
        default=False,
        kw_only=True,
        validator=_checks.instance_of(bool, "True or False"),
    )
    _index: SnapshotIndex = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        journals = self._resolve_journals()
        placer = _Placer(journals, self.integration.financial_year_start_month)
        positions, places = self._place_documents(placer)
        booking_places, booking_positions, manual = self._check_bookings(placer, positions, places)
        index = SnapshotIndex(
            self.documents,
            self.bookings or (),
            journals,
            placer,
            positions,
            places,
            booking_places,
            booking_positions,
            manual,
        )
        object.__setattr__(self, "_index", index)

    def record_name(self) -> str:
        """The snapshot in words, as error messages name it."""
        return "snapshot"

    def to_dict(self) -> dict[str, Any]:
        """The snapshot as JSON-ready data (see :mod:`booking_reconcile.serialize`)."""
        return to_data(self)

    @classmethod
    def from_dict(cls, data: Any, *, source: str = "snapshot") -> Snapshot:
        """The snapshot ``data`` describes, as :meth:`to_dict` writes it; exact round trip.

        >>> from datetime import date
        >>> from booking_reconcile import Integration, Invoice
        >>> snapshot = Snapshot(Integration("70", "71"), [Invoice("1", date(2026, 1, 5), 7)])
        >>> Snapshot.from_dict(snapshot.to_dict()) == snapshot
        True
        """
        return from_data(cls, data, source)

    # -- building -----------------------------------------------------------

    def _resolve_journals(self) -> dict[str, Journal]:
        configured: dict[str, Journal] = {}
        for journal in self.journals:
            if journal.code in configured:
                raise InconsistentInputError(
                    f"journal {journal.code!r} appears twice in the snapshot's journals; "
                    "describe each journal once"
                )
            configured[journal.code] = journal
        integration = self.integration
        codes = {integration.invoice_journal, integration.credit_note_journal}
        codes.update(document.journal for document in self.documents if document.journal)
        codes.update(booking.journal for booking in self.bookings or ())
        unknown = codes - configured.keys()
        if configured and unknown:
            self._refuse_unknown_journal(configured)
        journals = dict(configured)
        journals.update((code, Journal(code)) for code in unknown)
        return journals

    def _refuse_unknown_journal(self, configured: dict[str, Journal]) -> None:
        """Name the first record, in input order, whose journal is not described."""
        users: list[tuple[str, str | None]] = [
            ("the integration's invoice_journal", self.integration.invoice_journal),
            ("the integration's credit_note_journal", self.integration.credit_note_journal),
        ]
        users += [(document.record_name(), document.journal) for document in self.documents]
        users += [(booking.record_name(), booking.journal) for booking in self.bookings or ()]
        for user, code in users:
            if code is not None and code not in configured:
                raise InconsistentInputError(
                    f"{user} uses journal {code!r}, which is not among the snapshot's "
                    f"journals ({', '.join(shown(code) for code in sorted(configured))}); add Journal({code!r}) "
                    "or correct the journal code"
                )

    def _place_documents(self, placer: _Placer) -> tuple[dict[DocumentKey, int], tuple[Place, ...]]:
        documents = self.documents
        keys = [(document.kind, document.number) for document in documents]
        positions = dict(zip(keys, range(len(keys)), strict=True))
        if len(positions) != len(keys):
            self._refuse_duplicate_documents(keys)
        default_journal = {kind: self.integration.journal_for(kind) for kind in DocumentKind}
        codes = [document.journal or default_journal[document.kind] for document in documents]
        places = placer.places(codes, (document.date for document in documents))
        self._check_sync_times([d for d in documents if d.synced_at is not None])
        return positions, places

    def _refuse_duplicate_documents(self, keys: list[DocumentKey]) -> None:
        first: dict[DocumentKey, int] = {}
        for position, key in enumerate(keys):
            earlier = first.setdefault(key, position)
            if earlier != position:
                document = self.documents[position]
                raise InconsistentInputError(
                    f"{document.record_name()} appears twice in the snapshot's documents "
                    f"(dated {self.documents[earlier].date.isoformat()} and "
                    f"{document.date.isoformat()}); each document must be listed once: "
                    "remove the extra copy from the input"
                )

    @staticmethod
    def _check_sync_times(synced: list[Document]) -> None:
        # Aware means an offset is known: a tzinfo whose utcoffset() is None
        # is naive by Python's own definition, and compares as naive.
        aware: dict[bool, Document] = {}
        for document in synced:
            try:
                offset = document.synced_at.utcoffset() if document.synced_at else None
            except Exception as error:  # a tzinfo of the caller's that fails
                raise InvalidValueError(
                    document.record_name(),
                    "synced_at",
                    document.synced_at,
                    f"has a time zone that cannot give its offset ({type(error).__name__})",
                    "a datetime with a working tzinfo (datetime.timezone, zoneinfo), or none",
                ) from None
            aware.setdefault(offset is not None, document)
        if len(aware) == 2:
            naive, known = aware[False], aware[True]
            raise InconsistentInputError(
                f"{naive.record_name()} has a sync time without a time zone "
                f"({naive.synced_at}) but {known.record_name()} has one with a time zone "
                f"({known.synced_at}); give every synced_at a time zone, or none"
            )

    def _check_bookings(
        self,
        placer: _Placer,
        positions: dict[DocumentKey, int],
        places: tuple[Place, ...],
    ) -> tuple[tuple[Place, ...], dict[DocumentKey, int], tuple[tuple[Booking, Place], ...]]:
        bookings = self.bookings or ()
        booking_places = placer.places(
            [booking.journal for booking in bookings], (booking.date for booking in bookings)
        )
        numbered = list(
            zip(booking_places, [booking.booking_number for booking in bookings], strict=True)
        )
        if len(set(numbered)) != len(numbered):
            self._refuse_duplicate_bookings(numbered)
        booking_of: dict[DocumentKey, int] = {}
        manual: list[tuple[Booking, Place]] = []
        documents = self.documents
        for index, (booking, place) in enumerate(zip(bookings, booking_places, strict=True)):
            ref = booking.document
            if ref is None:
                manual.append((booking, place))
                continue
            key = (ref.kind, ref.number)
            position = positions.get(key)
            if position is None:
                raise InconsistentInputError(
                    f"{booking.record_name()} refers to {ref}, which is not "
                    "among the snapshot's documents; add the document, or give the "
                    "booking document=None if it did not come from the invoicing tool"
                )
            if key in booking_of:
                raise InconsistentInputError(
                    f"{ref} is referred to by two bookings "
                    f"({bookings[booking_of[key]].record_name()} and "
                    f"{booking.record_name()}); a document is booked once: remove "
                    "the wrong booking or its reference"
                )
            document = documents[position]
            if document.booking_number != booking.booking_number or places[position] != place:
                carries = (
                    "no booking number"
                    if document.booking_number is None
                    else f"booking number {document.booking_number} in {places[position]}"
                )
                raise InconsistentInputError(
                    f"{booking.record_name()} (in {place}) refers to "
                    f"{document.record_name()}, which carries {carries}; the two sides "
                    "must agree on the number of a document booked in both: correct "
                    "the document's booking_number or the booking"
                )
            booking_of[key] = index
        return booking_places, booking_of, tuple(manual)

    def _refuse_duplicate_bookings(self, numbered: list[tuple[Place, int]]) -> None:
        first: dict[tuple[Place, int], int] = {}
        bookings = self.bookings or ()
        for position, key in enumerate(numbered):
            earlier = first.setdefault(key, position)
            if earlier != position:
                booking, other = bookings[position], bookings[earlier]
                raise InconsistentInputError(
                    f"{booking.record_name()} appears twice in {key[0]} (dated "
                    f"{other.date.isoformat()} and {booking.date.isoformat()}); an "
                    "accounting package gives each number once per journal and "
                    "numbering period: remove the duplicate from the bookings"
                )

    # -- looking up ---------------------------------------------------------

    @property
    def has_bookings(self) -> bool:
        """Whether the accounting side's bookings are known."""
        return self.bookings is not None

    @property
    def journal_codes(self) -> tuple[str, ...]:
        """Every journal code the snapshot uses or describes, sorted."""
        return tuple(sorted(self._index.journals))

    def journal(self, code: str) -> Journal:
        """The journal with ``code`` (as described, or the implied default)."""
        try:
            return self._index.journals[code]
        except KeyError:
            raise InconsistentInputError(
                f"journal {code!r} is not used by this snapshot; known journals: "
                f"{', '.join(shown(code) for code in self.journal_codes)}"
            ) from None

    def document(self, ref: DocumentRef) -> Document:
        """The document ``ref`` refers to."""
        return self.documents[self._index.position(ref.kind, ref.number)]

    def place_of(self, document: Document) -> Place:
        """The journal and numbering period ``document`` is (or would be) booked in."""
        return self._index.place(document)

    def journal_of(self, document: Document) -> str:
        """The journal code ``document`` is (or would be) booked in."""
        return self._index.place(document).journal

    def booking_place(self, booking: Booking) -> Place:
        """The journal and numbering period of ``booking``."""
        return self.place_for(booking.journal, booking.date)

    def place_for(self, journal: str, day: dt.date) -> Place:
        """The journal and numbering period a booking in ``journal`` on ``day`` has."""
        self.journal(journal)
        return self._index.placer(journal, day)

    def booking_of(self, document: Document) -> Booking | None:
        """The booking that refers to ``document``, or ``None`` (or unknown)."""
        return self._index.booking(document)


def require_bookings(snapshot: Snapshot, needed_by: str) -> None:
    """Refuse a snapshot without bookings for a rule that needs them (``needed_by`` names it)."""
    if snapshot.bookings is None:
        raise MissingBookingsError(
            f"{needed_by} needs the accounting side's bookings, but the snapshot has "
            "bookings=None; pass the bookings (bookings=() when the accounting package "
            "holds none)"
        )


def index_of(snapshot: Snapshot) -> SnapshotIndex:
    """The index ``snapshot`` built of itself (for the rule modules; private)."""
    return snapshot._index
