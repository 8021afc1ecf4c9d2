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
...     [Invoice("2026/1", date(2026, 1, 5)), Invoice("2026/1", date(2026, 1, 5))],
... )
Traceback (most recent call last):
...
booking_reconcile.errors.InconsistentInputError: invoice 2026/1 appears twice in the snapshot's documents (dated 2026-01-05 and 2026-01-05); each document must be listed once: remove the extra copy from the input

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
from collections.abc import Callable, Mapping
from itertools import compress, repeat
from operator import attrgetter, is_, not_
from typing import Any

import attrs

from . import _checks
from ._collector import pauses_collector
from ._fields import (
    bookings_tuple,
    documents_tuple,
    each,
    journals_tuple,
    kept_classes,
    labels,
    undescribed,
)
from ._index import (
    SORTED_FROM,
    Placer,
    SnapshotIndex,
    index_of,
    positions_by_number,
    sorted_positions,
)
from ._linking import LinkCounts, Links, link_bookings, refuse_written_two_ways
from ._pickled import column, unpickled
from ._presentation import from_data, to_data, to_html, to_summary
from ._twice import listed_twice
from .errors import (
    InconsistentInputError,
    InvalidValueError,
    MissingBookingsError,
    shown,
)
from .models import (
    BOOKING_FIELDS,
    DOCUMENT_FIELDS,
    Booking,
    CreditNote,
    Document,
    DocumentKey,
    DocumentKind,
    DocumentRef,
    Integration,
    Invoice,
    Journal,
)
from .periods import Place, financial_year

# Field getters for the batch passes over the records (in C). A pass that only
# reads one field is a list comprehension: it reads a slot about twice as fast.
_KIND = attrgetter("kind")
_DATE = attrgetter("date")
_SYNCED_AT = attrgetter("synced_at")


#: Up to this many journal codes of the bookings are ordered by their first use
#: with ``list.index`` (a search each); more, with a dictionary of every code.
_FEW_CODES = 8

#: Below this many bookings, the snapshot keeps their numbers, read to check
#: them, for the plan (which reads them when a document is stale).
_KEEP_NUMBERS = 20_000

# The highest number of each place (``None``: found later) and each place's numbers.
_Highest = dict[Place, int] | None
_ByPlace = list[tuple[Place, list[int]]]


@attrs.frozen
class Snapshot:
    """The integration, the documents, the journals and (maybe) the bookings.

    ``bookings=None`` means the accounting side is unknown and the rules
    infer what they need; ``bookings=()`` means it holds no bookings at all.
    ``bookings_complete=True`` says the bookings are the whole accounting side,
    as it is, on purpose: what looks incomplete there is a warning, not a
    blocker (§3.8); ``documents_complete=True`` says the same of the documents
    (what looks left out there is then no blocker). ``link_by_number=True``
    accepts a booking with no link but a booked document's journal, period,
    number and date as that document's booking (with a warning each).
    ``labels`` are text keys and values that name the administration
    (``{"division": "1234567"}``); no rule looks at them.
    """

    integration: Integration = attrs.field(
        validator=_checks.instance_of(Integration, "an Integration")
    )
    documents: tuple[Document, ...] = attrs.field(
        converter=documents_tuple,
        # Their classes are kept for the index (``_index`` holds them until it is built).
        validator=each((Invoice, CreditNote), "an Invoice or a CreditNote", kept_in="_index"),
    )
    journals: tuple[Journal, ...] = attrs.field(
        default=(), converter=journals_tuple, validator=each(Journal, "a Journal")
    )
    bookings: tuple[Booking, ...] | None = attrs.field(
        default=None,
        converter=bookings_tuple,
        validator=each(Booking, "a Booking"),
    )
    bookings_complete: bool = attrs.field(
        default=False,
        kw_only=True,
        validator=_checks.instance_of(bool, "True or False"),
    )
    documents_complete: bool = attrs.field(
        default=False,
        kw_only=True,
        validator=_checks.instance_of(bool, "True or False"),
    )
    link_by_number: bool = attrs.field(
        default=False,
        kw_only=True,
        validator=_checks.instance_of(bool, "True or False"),
    )
    labels: Mapping[str, str] = attrs.field(
        factory=dict,
        kw_only=True,
        converter=labels,
        hash=False,
        repr=lambda labels: repr(dict(labels)),
    )
    _index: SnapshotIndex = attrs.field(init=False, eq=False, repr=False, hash=False)

    @pauses_collector
    def __attrs_post_init__(self) -> None:
        # Each record's journal is read once (in C): for the journals used and the places.
        bookings = self.bookings or ()
        documents = self.documents
        # Usually no document names its journal or a sync time: one pass finds
        # that out (compared with ``None``, so that no code's own truth value decides).
        named = [
            document
            for document in documents
            if document.journal is not None or document.synced_at is not None
        ]
        document_journals = {document.journal for document in named}
        document_journals.discard(None)
        some_journal = bool(document_journals)
        booking_journals = [booking.journal for booking in bookings]
        # Each once, in the order first used: usually a few, put in that order
        # by where each is first found (many, by a dictionary of every code).
        booking_codes: list[str] = list(set(booking_journals))
        if len(booking_codes) <= _FEW_CODES:
            booking_codes.sort(key=booking_journals.index)
        else:
            booking_codes = list(dict.fromkeys(booking_journals))
        journals = self._resolve_journals(document_journals, booking_codes)
        placer = Placer(journals, self.integration.financial_year_start_month)
        by_kind, places = self._place_documents(placer, some_journal, named)
        del named
        places, booking_places, links, highest, numbers, by_place = self._check_bookings(
            placer, by_kind, places, booking_journals, booking_codes
        )
        index = SnapshotIndex(
            self.documents,
            bookings,
            journals,
            placer,
            by_kind,
            places,
            booking_places,
            links,
            highest,
            # Kept for the plan when few (8 bytes a booking): a large
            # snapshot reads them again when planned.
            tuple(numbers) if highest is None else None,
            by_place,
        )
        object.__setattr__(self, "_index", index)

    def __reduce__(self) -> tuple[Callable[..., Snapshot], tuple[Any, ...]]:
        # Pickled as its records' fields, a list per field (which pickle
        # writes and reads in C, without a call per record), and its index's
        # state: it was checked and indexed when built, so it is unpickled
        # without either (see ``_pickled.unpickled``). Every field is taken from
        # attrs' lists, the snapshot's and its records', so none is dropped.
        documents = self.documents
        kinds = bytes(map(is_, map(_KIND, documents), repeat(DocumentKind.INVOICE)))
        columns = [column(name, documents) for name in DOCUMENT_FIELDS]
        bookings = None
        if self.bookings is not None:
            bookings = [column(name, self.bookings) for name in BOOKING_FIELDS]
        others = {
            field.name: getattr(self, field.name)
            for field in attrs.fields(Snapshot)
            if field.name not in ("documents", "bookings", "_index")
        }
        others["labels"] = dict(self.labels)  # pickle cannot write a read-only view
        return (unpickled, (Snapshot, others, kinds, columns, bookings, self._index.state()))

    def record_name(self) -> str:
        """The snapshot in words, as error messages name it."""
        return "snapshot"

    def __repr__(self) -> str:
        # The generated repr spelled out every record: 1.37 MB for 5,000 invoices.
        return f"<{to_summary(self)}>"

    def _repr_html_(self) -> str:
        """A summary table, one row per journal, for Jupyter and nbconvert."""
        return to_html(self)

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

    def _resolve_journals(
        self, document_journals: set[str | None], booking_journals: list[str]
    ) -> dict[str, Journal]:
        # ``booking_journals``: each journal a booking uses, once.
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
        codes.update(code for code in document_journals if code is not None)
        codes.update(booking_journals)
        unknown = codes - configured.keys()
        if configured and unknown:
            self._refuse_unknown_journal(configured)
        journals = dict(configured)
        journals.update((code, undescribed(code)) for code in unknown)
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

    def _place_documents(
        self, placer: Placer, some_journal: bool, named: list[Document]
    ) -> tuple[dict[DocumentKind, Mapping[str, int]], tuple[Place, ...]]:
        # Batch passes in C (map, compress, zip into dict, sort), so that
        # building the index makes no object per document (a small snapshot's
        # dictionaries: the position integers).
        documents = self.documents
        count = len(documents)
        numbers = [document.number for document in documents]
        invoice = DocumentKind.INVOICE
        # Each document's class says its kind (read in C); a subclass's by its kind.
        integration = self.integration
        default_journal = {
            DocumentKind.INVOICE: integration.invoice_journal,
            DocumentKind.CREDIT_NOTE: integration.credit_note_journal,
        }
        # The classes the validator read (every one the library's own), or read here.
        kept = kept_classes(self, "_index")
        kinds: list[Any] = list(map(type, documents)) if kept is None else kept
        journal_of: dict[Any, str] = {
            Invoice: default_journal[invoice],
            CreditNote: default_journal[DocumentKind.CREDIT_NOTE],
        }
        credit_count = count - kinds.count(Invoice)
        by_kind: dict[DocumentKind, Mapping[str, int]] | None = None
        # The library's two classes only:
        if kept is not None or kinds.count(CreditNote) == credit_count:
            if count >= SORTED_FROM:  # tables sorted by number: no object per document
                by_kind = sorted_positions(numbers, kinds, credit_count)
            if by_kind is None:
                by_kind = positions_by_number(numbers, kinds, credit_count)
            first: Any = Invoice
        else:  # a subclass: its kind says
            kinds = list(map(_KIND, documents))
            journal_of = default_journal
            first = invoice
        if by_kind is None:  # a subclass, or a number shared: by kind, then duplicates refused
            by_kind = self._by_kind_and_number(numbers, list(map(is_, kinds, repeat(first))))
        del numbers
        refuse_written_two_ways(documents, by_kind)
        if some_journal:
            codes = [
                default_journal[document.kind] if document.journal is None else document.journal
                for document in documents
            ]
            places = placer.places(codes, map(_DATE, documents))
        else:  # each in its kind's journal: from the credit notes' positions when few
            places = placer.places_of_kinds(
                count, default_journal, by_kind[DocumentKind.CREDIT_NOTE]
            ) or placer.places_by_kind(kinds, journal_of, map(_DATE, documents))
        synced = [document for document in named if document.synced_at is not None]
        if synced and any(map(_SYNCED_AT, synced)):
            self._check_sync_times(synced)
        return by_kind, places

    def _by_kind_and_number(
        self, numbers: list[str], is_invoice: list[bool]
    ) -> dict[DocumentKind, Mapping[str, int]]:
        """The position of each document by kind and number; a document listed twice refused."""
        count = len(numbers)
        invoices = dict(
            zip(compress(numbers, is_invoice), compress(range(count), is_invoice), strict=True)
        )
        credit_notes: dict[str, int] = {}
        if len(invoices) < count:
            credit_notes = {
                numbers[position]: position
                for position in compress(range(count), map(not_, is_invoice))
            }
        if len(invoices) + len(credit_notes) != count:
            self._refuse_duplicate_documents([(d.kind, d.number) for d in self.documents])
        return {DocumentKind.INVOICE: invoices, DocumentKind.CREDIT_NOTE: credit_notes}

    def _refuse_duplicate_documents(self, keys: list[DocumentKey]) -> None:
        first: dict[DocumentKey, int] = {}
        for position, key in enumerate(keys):
            earlier = first.setdefault(key, position)
            if earlier != position:
                document = self.documents[position]
                raise InconsistentInputError(
                    f"{document.record_name()} appears twice in the snapshot's documents "
                    f"(dated {self.documents[earlier].date.isoformat()} and "
                    f"{document.date.isoformat()}); "
                    + listed_twice(
                        self.documents[earlier], document, " from the input", dates=False
                    )
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
        placer: Placer,
        by_kind: dict[DocumentKind, Mapping[str, int]],
        places: tuple[Place, ...],
        journals: list[str],
        codes: list[str],
    ) -> tuple[tuple[Place, ...], tuple[Place, ...], Links, _Highest, list[int], _ByPlace]:
        bookings = self.bookings or ()
        booking_places, by_year = placer.booking_places(bookings, journals)
        numbers = [booking.booking_number for booking in bookings]
        # The bookings' places, each once, in the order first used: from their
        # journals when every one is numbered continuously (one place each).
        distinct = placer.continuous_places(codes)
        if distinct is None:
            distinct = list(dict.fromkeys(booking_places))
        highest, by_place = self._check_numbers_once(booking_places, numbers, distinct)
        links = link_bookings(
            self.documents,
            by_kind,
            places,
            bookings,
            booking_places,
            link_by_number=self.link_by_number,
        )
        placed = _placed_by_bookings(places, by_year, booking_places, links)
        return placed, booking_places, links, highest, numbers, by_place

    def _check_numbers_once(
        self, places: tuple[Place, ...], numbers: list[int], distinct: list[Place]
    ) -> tuple[_Highest, _ByPlace]:
        """One booking per number and place; the highest number of each place.

        Per distinct place (``distinct``, in the order the bookings first name
        them), a set of its numbers. The placer gives one object per place, so
        a place's bookings are found by identity, in C. A small snapshot (few
        numbers, kept) finds the highest when a plan first asks, from each
        place's numbers (``None`` and those): only a plan that changes numbers
        does (``SnapshotIndex.highest``).
        """
        highest: dict[Place, int] | None = None if len(numbers) < _KEEP_NUMBERS else {}
        by_place: _ByPlace = []
        for place in distinct:
            mine = numbers
            if len(distinct) > 1:
                mine = list(compress(numbers, map(is_, places, repeat(place))))
            if len(set(mine)) != len(mine):
                self._refuse_duplicate_bookings(list(zip(places, numbers, strict=True)))
            if highest is None:
                by_place.append((place, mine))
            else:
                highest[place] = max(mine)
        return highest, by_place

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
                    f"numbering period: {self._duplicate_cause(key[0], other.date, booking.date)}",
                    records=(other, booking),
                )

    def _duplicate_cause(self, place: Place, first: dt.date, second: dt.date) -> str:
        """What likely made one number appear twice, and what to check (never to delete)."""
        month = self.integration.financial_year_start_month
        years = sorted({financial_year(first, month), financial_year(second, month)})
        if len(years) > 1 and place.financial_year is None:
            return (
                f"the two fall in financial years {years[0]} and {years[1]}, so the journal "
                "likely restarts its numbers each financial year: describe it so (--journals "
                "with numbering per_financial_year, Journal(code, "
                "Numbering.PER_FINANCIAL_YEAR)) and keep both bookings"
            )
        return (
            "check the bookings export (one entry listed twice, or entries of two administrations or "
            "two journals under one code) and export it again; keep every booking the "
            "accounting package holds"
        )

    # -- looking up ---------------------------------------------------------

    @property
    def has_bookings(self) -> bool:
        """Whether the accounting side's bookings are known."""
        return self.bookings is not None

    @property
    def links(self) -> LinkCounts | None:
        """How the bookings are linked to the documents (``None`` without bookings), §3.8."""
        if self.bookings is None:
            return None
        return self._index.links.counts()

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
        """The journal and numbering period of ``booking``.

        In a journal numbered per financial year, the booking's own
        ``financial_year`` where it names one, else the year of its date.
        """
        self.journal(booking.journal)
        return self._index.placer.booking_place(booking)

    def place_for(self, journal: str, day: dt.date) -> Place:
        """The journal and numbering period a booking in ``journal`` on ``day`` has."""
        self.journal(journal)
        return self._index.placer(journal, day)

    def booking_of(self, document: Document) -> Booking | None:
        """The booking that refers to ``document``, or ``None`` (or unknown)."""
        return self._index.booking(document)


def _placed_by_bookings(
    places: tuple[Place, ...],
    by_year: list[int],
    booking_places: tuple[Place, ...],
    links: Links,
) -> tuple[Place, ...]:
    """The documents' places, a booked document in its booking's financial year where named.

    A document carries the number its booking was given, in the financial
    year the accounting package numbered that booking in: where a booking
    placed by its own year (``by_year``, positions of bookings whose
    ``financial_year`` places them) books a document placed elsewhere by its
    date, the document is placed there too.
    """
    moved: list[Place] | None = None
    for index in by_year:
        position = links.document_of[index]
        if position < 0 or places[position] == booking_places[index]:
            continue
        if moved is None:
            moved = list(places)
        moved[position] = booking_places[index]
    return places if moved is None else tuple(moved)


def require_bookings(snapshot: Snapshot, needed_by: str) -> None:
    """Refuse a snapshot without bookings for a rule that needs them (``needed_by`` names it)."""
    index_of(snapshot)  # a Snapshot, or the library's error
    if snapshot.bookings is None:
        raise MissingBookingsError(
            f"{needed_by} needs the accounting side's bookings, but the snapshot has "
            "bookings=None; pass the bookings (bookings=() when the accounting package "
            "holds none)"
        )
