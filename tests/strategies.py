"""Hypothesis strategies that generate *histories* of an integration.

A history is what really happens between the invoicing tool and the
accounting package, replayed step by step: documents are created (some
backdated), synchronised (the accounting package gives each the highest number
in its journal and numbering period plus one, or the journal's configured next
number when that is higher, and the invoicing tool stores the number), bookings
are deleted in the accounting package (mostly a journal's last, sometimes one
in the middle), manual bookings are entered (some book a document a second
time), and some documents are still waiting to be sent at the end. The result is the :class:`Snapshot` of both
sides at that moment, consistent by construction; a deletion followed by a
synchronisation produces the collisions of DOMAIN.md.

What varies: one journal for both kinds or two ("70" invoices, "71" credit
notes), each continuous or numbered per financial year, sometimes with a
configured next booking number; the month the financial year starts in (1,
sometimes 4 or 7); about two years of dates; document numbers like "2026/7"
and "C12" (sometimes credit notes numbered like invoices); sometimes sync
times and explicit journal codes on documents; a recorded start date (unknown,
right, or too late); rarely a journal closed until a month's end.
``hypothesis.event()`` labels each example (see ``--hypothesis-show-statistics``).

>>> from hypothesis import given, settings
>>> @settings(max_examples=5)
... @given(histories())
... def check(snapshot):
...     assert isinstance(snapshot, Snapshot)
>>> check()

``history_records()`` draws the same histories as :class:`History` records,
which keep the story of what happened (shown by ``note()`` when a test fails)
and render the snapshot as Python code for a bug report.
"""

from __future__ import annotations

__all__ = ["History", "histories", "history_records", "snapshot_code"]

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs
from hypothesis import event, note
from hypothesis import strategies as st

from booking_reconcile import (
    Booking,
    BookingReconcileError,
    CreditNote,
    Document,
    DocumentKind,
    DocumentRef,
    Integration,
    Invoice,
    Journal,
    Numbering,
    Place,
    Snapshot,
    find_collisions,
    sync_order,
)
from booking_reconcile.periods import financial_year, numbering_period

#: At most this many documents per history, so hundreds of examples run in seconds.
MAX_DOCUMENTS = 25

_DAY = dt.timedelta(days=1)
_MINUTE = dt.timedelta(minutes=1)

# Days "today" moves on when a document is created; with up to 25 documents
# a history spans about two years. Zero keeps documents on one date.
_STEPS = (0, 1, 4, 11, 23, 40, 75)
_BACKDATES = ((6, 0), (1, 3), (1, 20), (1, 60))  # (weight, days back)


@attrs.frozen
class History:
    """A generated history: the resulting snapshot and the story that led to it.

    ``deletions`` counts the bookings deleted in the accounting package;
    ``story`` is one line per event, in order.
    """

    snapshot: Snapshot
    story: tuple[str, ...]
    deletions: int
    locked: bool

    def describe(self) -> str:
        """The story, then the snapshot as Python code."""
        lines = ["History:", *(f"  {line}" for line in self.story)]
        return "\n".join([*lines, "Snapshot:", snapshot_code(self.snapshot)])

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.describe())


@attrs.define
class _Ledger:
    """Both sides while the history runs (mutable; private to this module)."""

    integration: Integration
    journals: dict[str, Journal]
    start: dt.date
    today: dt.date
    shared_numbers: bool
    explicit_journals: bool
    sync_times: bool
    documents: dict[DocumentRef, Document] = attrs.Factory(dict)
    bookings: dict[tuple[Place, int], Booking] = attrs.Factory(dict)
    counters: dict[tuple[DocumentKind, int | None], int] = attrs.Factory(dict)
    story: list[str] = attrs.Factory(list)
    deletions: int = 0
    backdated: int = 0
    middle_deletions: int = 0
    manual: int = 0
    doubles: int = 0
    sent: int = 0

    def place(self, journal: str, day: dt.date) -> Place:
        numbering = self.journals[journal].numbering
        month = self.integration.financial_year_start_month
        return Place(journal, numbering_period(numbering, day, month))

    def journal_of(self, document: Document) -> str:
        return document.journal or self.integration.journal_for(document.kind)

    def next_number(self, place: Place) -> int:
        """What the accounting package hands out: highest in place + 1, or the configured next."""
        highest = max(
            (number for (where, number) in self.bookings if where == place),
            default=0,
        )
        return max(highest + 1, self.journals[place.journal].next_booking_number or 1)

    # -- events -------------------------------------------------------------

    def create(self, kind: DocumentKind, step: int, backdate: int) -> None:
        if len(self.documents) >= MAX_DOCUMENTS:
            return
        self.today += step * _DAY
        day = max(self.today - backdate * _DAY, self.start)
        if day < self.today:
            self.backdated += 1
        number = self._document_number(kind, day)
        journal = self.integration.journal_for(kind) if self.explicit_journals else None
        cls = Invoice if kind is DocumentKind.INVOICE else CreditNote
        document = cls(number, day, journal=journal)
        self.documents[document.ref] = document
        backdated = f" (backdated; today is {self.today})" if day < self.today else ""
        self.story.append(f"create {document.record_name()} dated {day}{backdated}")

    def _document_number(self, kind: DocumentKind, day: dt.date) -> str:
        if kind is DocumentKind.INVOICE or self.shared_numbers:
            key: tuple[DocumentKind, int | None] = (kind, day.year)
        else:
            key = (kind, None)
        sequence = self.counters.get(key, 0) + 1
        self.counters[key] = sequence
        return f"C{sequence}" if key[1] is None else f"{day.year}/{sequence}"

    def sync(self) -> None:
        waiting = [document for document in self.documents.values() if not document.is_booked]
        if not waiting:
            return
        sent = []
        for document in sync_order(waiting):
            place = self.place(self.journal_of(document), document.date)
            number = self.next_number(place)
            self.sent += 1
            synced_at = None
            if self.sync_times:
                synced_at = dt.datetime.combine(self.today, dt.time(8)) + self.sent * _MINUTE
            booked = attrs.evolve(document, booking_number=number, synced_at=synced_at)
            self.documents[document.ref] = booked
            self.bookings[place, number] = Booking(place.journal, number, document.date, booked.ref)
            sent.append(f"{document.record_name()} -> #{number} in {place}")
        self.story.append(f"sync: {'; '.join(sent)}")

    def delete(self, journal_choice: int, from_end: int) -> None:
        codes = sorted(self.journals)
        code = codes[journal_choice % len(codes)]
        entries = sorted(
            (key for key in self.bookings if key[0].journal == code),
            key=lambda key: (key[0].financial_year or 0, key[1]),
        )
        if not entries:
            return
        key = entries[-1 - min(from_end, len(entries) - 1)]
        if key != entries[-1]:
            self.middle_deletions += 1
        booking = self.bookings.pop(key)
        self.deletions += 1
        source = "manual" if booking.document is None else f"{booking.document} keeps its number"
        self.story.append(f"delete booking #{booking.booking_number} in {key[0]} ({source})")

    def pause(self) -> None:
        """Nothing happens: what events a failure does not need shrink to."""

    def delete_then_send(self, journal_choice: int, kind: DocumentKind, step: int) -> None:
        """The article's story: a journal's last booking deleted, then a new document sent."""
        self.delete(journal_choice, 0)
        self.create(kind, step, 0)
        self.sync()

    def enter_twice(self, choice: int) -> None:
        """A booked document entered again by hand, its number as reference (§3.10).

        Only a document whose booking still exists: one whose booking was
        deleted, entered by hand, is booked again, not twice.
        """
        booked = [
            d
            for d in self.documents.values()
            if d.booking_number is not None
            and self.bookings.get((self.place(self.journal_of(d), d.date), d.booking_number))
            == Booking(self.journal_of(d), d.booking_number, d.date, d.ref)
        ]
        # Not where an invoice and a credit note may share a number (now or
        # later): a reference to it names both, an input error (§3.8), not a
        # double booking.
        if self.shared_numbers:
            return
        if not booked:
            return
        document = booked[choice % len(booked)]
        place = self.place(self.journal_of(document), self.today)
        # Above every number a document carries there too, so that the entry
        # by hand is not read as a stale document's booking (§3.8).
        carried = [
            d.booking_number or 0
            for d in self.documents.values()
            if self.place(self.journal_of(d), d.date) == place
        ]
        number = max(self.next_number(place), max(carried, default=0) + 1)
        self.bookings[place, number] = Booking(
            place.journal, number, self.today, reference=document.number
        )
        self.manual += 1
        self.doubles += 1
        self.story.append(
            f"{document.record_name()} entered again by hand as #{number} in {place} "
            f"dated {self.today}"
        )

    def enter_manual(self, journal_choice: int) -> None:
        codes = sorted(self.journals)
        place = self.place(codes[journal_choice % len(codes)], self.today)
        number = self.next_number(place)
        self.bookings[place, number] = Booking(place.journal, number, self.today)
        self.manual += 1
        self.story.append(f"manual booking #{number} in {place} dated {self.today}")


def _weighted(choices: Iterable[tuple[int, Any]]) -> st.SearchStrategy[Any]:
    """A choice by weight; shrinks towards the first."""
    table = [value for weight, value in choices for _ in range(weight)]
    return st.integers(0, len(table) - 1).map(table.__getitem__)


@attrs.frozen
class _Event:
    """One thing that happens: the :class:`_Ledger` method ``what`` and its arguments."""

    what: str
    arguments: tuple[Any, ...] = ()

    def happen(self, ledger: _Ledger) -> None:
        getattr(ledger, self.what)(*self.arguments)


def _event_table() -> list[_Event]:
    """Every event, repeated by its weight, simplest first (hypothesis shrinks towards it).

    One draw per event keeps generation fast. Shares: about 45% creations,
    20% synchronisations, 15% deletions followed by a new document sent (the
    article's story), 13% deletions, 7% manual bookings, 2% documents entered
    again by hand (double bookings, §3.10); the first entry
    does nothing, so that events a failure does not need shrink away.
    """
    kinds = ((3, DocumentKind.INVOICE), (1, DocumentKind.CREDIT_NOTE))
    journals = ((3, 0), (1, 1))
    table = [_Event("pause")]
    for kind_weight, kind in kinds:
        for step in _STEPS:
            for backdate_weight, backdate in _BACKDATES:
                table += [_Event("create", (kind, step, backdate))] * (
                    kind_weight * backdate_weight
                )
    table += [_Event("sync")] * 112
    for journal_weight, journal in journals:
        for from_end_weight, from_end in ((6, 0), (1, 1), (1, 2), (1, 5)):
            weight = 2 * journal_weight * from_end_weight
            table += [_Event("delete", (journal, from_end))] * weight
    for journal_weight, journal in journals:
        for kind_weight, kind in kinds:
            for step in _STEPS[:5]:
                weight = journal_weight * kind_weight
                table += [_Event("delete_then_send", (journal, kind, step))] * weight
    for journal_weight, journal in journals:
        table += [_Event("enter_manual", (journal,))] * (10 * journal_weight)
    for choice in range(4):
        table += [_Event("enter_twice", (choice,))] * 3
    return table


_EVENT_TABLE = _event_table()
_EVENTS = st.integers(0, len(_EVENT_TABLE) - 1).map(_EVENT_TABLE.__getitem__)

_NUMBERINGS = _weighted([(3, Numbering.CONTINUOUS), (1, Numbering.PER_FINANCIAL_YEAR)])
_FIRST_NUMBERS = _weighted([(3, None), (1, 1001), (1, 501), (1, 20)])
_JOURNAL_SETTINGS = st.tuples(_NUMBERINGS, _FIRST_NUMBERS)
_MONTHS = _weighted([(4, 1), (1, 4), (1, 7)])
_RARELY = _weighted([(4, False), (1, True)])
_SELDOM = _weighted([(6, False), (1, True)])
_START_DATE_CHOICES = _weighted([(2, "unknown"), (2, "first sent"), (1, "later")])


@st.composite
def _ledger(draw: st.DrawFn) -> _Ledger:
    two_journals = draw(st.booleans())
    invoices = Journal("70", *draw(_JOURNAL_SETTINGS))
    credit_notes = Journal("71", *draw(_JOURNAL_SETTINGS)) if two_journals else invoices
    month = draw(_MONTHS)
    start = dt.date(draw(st.sampled_from((2025, 2024, 2026))), 1, 1)
    start += draw(st.integers(0, 364)) * _DAY
    integration = Integration(invoices.code, credit_notes.code, financial_year_start_month=month)
    journals = {journal.code: journal for journal in (invoices, credit_notes)}
    return _Ledger(
        integration,
        journals,
        start,
        start,
        shared_numbers=draw(_RARELY),
        explicit_journals=draw(_RARELY),
        sync_times=draw(_RARELY),
    )


def _recorded_start(draw: st.DrawFn, ledger: _Ledger) -> dt.date | None:
    """The start date the integration recorded: unknown, the true one, or (rarely) too late."""
    booked = [document.date for document in ledger.documents.values() if document.is_booked]
    if not booked:
        return None
    choice = draw(_START_DATE_CHOICES)
    if choice == "unknown":
        return None
    first = min(booked)
    if choice == "first sent":
        return first
    return first + draw(st.integers(1, 60)) * _DAY


def _lock(draw: st.DrawFn, ledger: _Ledger, journal: Journal) -> Journal:
    """Close the journal until the end of a month before one of its bookings (rarely)."""
    dates = sorted({b.date for b in ledger.bookings.values() if b.journal == journal.code})
    if not dates or not draw(_SELDOM):
        return journal
    day = draw(st.sampled_from(dates))
    locked_until = day.replace(day=1) - _DAY
    ledger.story.append(f"lock {journal.record_name()} until {locked_until}")
    return attrs.evolve(journal, locked_until=locked_until)


def _label(history: History) -> None:
    snapshot = history.snapshot
    journals = [snapshot.journal(code) for code in snapshot.journal_codes]
    collisions = find_collisions(snapshot)
    event(f"journals: {len(journals)}")
    if any(journal.numbering is Numbering.PER_FINANCIAL_YEAR for journal in journals):
        event("per financial year")
    if snapshot.integration.financial_year_start_month != 1:
        event("financial year starts mid-year")
    if any(journal.next_booking_number for journal in journals):
        event("configured next number")
    if history.locked:
        event("locked journal")
    event(f"collisions: {min(len(collisions), 3)}{'+' if len(collisions) >= 3 else ''}")
    if any(len(collision.documents) > 2 for collision in collisions):
        event("collision of three or more documents")
    if any(len({d.kind for d in collision.documents}) > 1 for collision in collisions):
        event("invoice and credit note collide")
    if snapshot.has_bookings and any(collision.holder is None for collision in collisions):
        event("collision without holder")
    if any(not document.is_booked for document in snapshot.documents):
        event("documents waiting at the end")
    if history.deletions == 0:
        event("no deletion")


@st.composite
def history_records(draw: st.DrawFn, *, with_bookings: bool = True, locks: bool = True) -> History:
    """Histories as :class:`History` records (snapshot, story, counts).

    ``with_bookings=False`` gives the snapshot with ``bookings=None`` (the
    accounting side unknown); ``locks=False`` never closes a journal.
    """
    ledger = draw(_ledger())
    for happening in draw(st.lists(_EVENTS, min_size=8, max_size=50)):
        happening.happen(ledger)
    journals = list(ledger.journals.values())
    if locks:
        journals = [_lock(draw, ledger, journal) for journal in journals]
    locked = any(journal.locked_until is not None for journal in journals)
    start_date = _recorded_start(draw, ledger)
    integration = attrs.evolve(ledger.integration, start_date=start_date)
    plain = all(journal == Journal(journal.code) for journal in journals)
    if plain and draw(st.booleans()):
        journals = []
    bookings = list(ledger.bookings.values()) if with_bookings else None
    snapshot = Snapshot(integration, list(ledger.documents.values()), journals, bookings)
    setup = (
        f"setup: {integration!r}, journals {journals!r}, "
        f"{'shared' if ledger.shared_numbers else 'separate'} document numbering"
    )
    history = History(snapshot, (setup, *ledger.story), deletions=ledger.deletions, locked=locked)
    if ledger.backdated:
        event("backdated documents")
    if ledger.middle_deletions:
        event("deleted in the middle")
    if ledger.manual:
        event("manual bookings")
    if ledger.doubles:
        event("documents entered twice")
    if ledger.sync_times:
        event("sync times recorded")
    _label(history)
    note(history)
    return history


def histories(*, with_bookings: bool = True, locks: bool = True) -> st.SearchStrategy[Snapshot]:
    """Snapshots at the end of a generated history (see :func:`history_records`)."""
    return history_records(with_bookings=with_bookings, locks=locks).map(
        lambda history: history.snapshot
    )


def snapshot_code(snapshot: Snapshot) -> str:
    """The snapshot as Python code that builds it again (for bug reports)."""
    lines = [
        "Snapshot(",
        f"    {snapshot.integration!r},",
        "    [",
        *(f"        {_document_code(document)}," for document in snapshot.documents),
        "    ],",
        f"    {list(snapshot.journals)!r},",
    ]
    if snapshot.bookings is None:
        lines.append("    bookings=None,")
    else:
        lines.append("    bookings=[")
        lines += [f"        {booking!r}," for booking in snapshot.bookings]
        lines.append("    ],")
    lines.append(")")
    return "\n".join(lines)


def _document_code(document: Document) -> str:
    arguments = [repr(document.number), repr(document.date)]
    if document.booking_number is not None:
        arguments.append(repr(document.booking_number))
    if document.journal is not None:
        arguments.append(f"journal={document.journal!r}")
    if document.synced_at is not None:
        arguments.append(f"synced_at={document.synced_at!r}")
    return f"{type(document).__name__}({', '.join(arguments)})"


def named_in_neighbouring_years(
    snapshot: Snapshot, data: st.DataObject, offsets: tuple[int, ...]
) -> Snapshot | None:
    """``snapshot`` with each booking naming its financial year, moved by one of ``offsets``.

    A booking numbered in the year before or after its date's (as Exact's
    ``ReportingYear`` may be) places its document there. ``None`` when the
    library refuses the result (one number twice in a year, or a booking its
    document contradicts).
    """
    month = snapshot.integration.financial_year_start_month
    bookings = tuple(
        attrs.evolve(
            booking,
            financial_year=financial_year(booking.date, month)
            + data.draw(st.sampled_from(offsets)),
        )
        for booking in snapshot.bookings or ()
    )
    try:
        return attrs.evolve(snapshot, bookings=bookings)
    except BookingReconcileError:
        return None
