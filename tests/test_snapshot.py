"""The snapshot: both sides at one moment, resolved and checked once (DOMAIN.md §2, §6, §7)."""

from __future__ import annotations

import datetime as dt

import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    DocumentKind,
    DocumentRef,
    InconsistentInputError,
    Integration,
    Invoice,
    Journal,
    Numbering,
    Place,
    Snapshot,
)

DAY = dt.date(2026, 1, 5)
INTEGRATION = Integration(invoice_journal="70", credit_note_journal="71")


def test_document_without_journal_uses_the_integrations_journal_for_its_kind() -> None:
    invoice = Invoice("2026/1", DAY, 1)
    credit_note = CreditNote("C1", DAY, 1)

    snapshot = Snapshot(INTEGRATION, [invoice, credit_note])

    assert snapshot.journal_of(invoice) == "70"
    assert snapshot.journal_of(credit_note) == "71"


def test_document_with_journal_keeps_it() -> None:
    credit_note = CreditNote("C1", DAY, 1, journal="70")

    snapshot = Snapshot(INTEGRATION, [credit_note])

    assert snapshot.journal_of(credit_note) == "70"
    assert snapshot.place_of(credit_note) == Place("70", None)


def test_document_subclass_is_placed_by_its_kind() -> None:
    class ImportedInvoice(Invoice):
        pass

    invoice = ImportedInvoice("2026/1", DAY, 1)

    assert Snapshot(INTEGRATION, [invoice]).journal_of(invoice) == "70"


def test_subclassed_records_among_others_are_indexed_and_linked_by_their_kind() -> None:
    class ImportedCreditNote(CreditNote):
        pass

    invoice, credit_note = Invoice("7", DAY, 1), ImportedCreditNote("7", DAY, 1)
    bookings = [Booking("70", 1, DAY, invoice.ref), Booking("71", 1, DAY, credit_note.ref)]

    snapshot = Snapshot(INTEGRATION, [invoice, credit_note], bookings=bookings)

    assert [snapshot.place_of(d) for d in (invoice, credit_note)] == [
        Place("70", None),
        Place("71", None),
    ]
    assert snapshot.booking_of(credit_note) == bookings[1]
    assert snapshot.document(credit_note.ref) is credit_note
    with pytest.raises(InconsistentInputError, match="credit note 7 appears twice"):
        Snapshot(INTEGRATION, [invoice, credit_note, CreditNote("7", DAY)])


def test_unbooked_document_is_placed_where_it_would_be_booked() -> None:
    journals = [Journal("70", Numbering.PER_FINANCIAL_YEAR), Journal("71")]
    invoice = Invoice("2026/1", DAY)

    assert Snapshot(INTEGRATION, [invoice], journals).place_of(invoice) == Place("70", 2026)


def test_records_are_kept_as_tuples_in_the_given_order() -> None:
    documents = [Invoice("2026/2", DAY, 2), Invoice("2026/1", DAY, 1)]
    journals = [Journal("71"), Journal("70")]
    bookings = [Booking("70", 2, DAY, documents[0].ref), Booking("70", 1, DAY, documents[1].ref)]

    snapshot = Snapshot(INTEGRATION, documents, journals, bookings)

    assert snapshot.documents == tuple(documents)
    assert snapshot.journals == tuple(journals)
    assert snapshot.bookings == tuple(bookings)


def test_building_a_snapshot_leaves_the_input_lists_untouched() -> None:
    documents = [Invoice("2026/2", DAY, 2), Invoice("2026/1", DAY, 1)]
    bookings = [Booking("70", 1, DAY, documents[1].ref)]
    before = (list(documents), list(bookings))

    snapshot = Snapshot(INTEGRATION, documents, bookings=bookings)
    documents.append(Invoice("2026/3", DAY))

    assert (documents[:2], bookings) == before
    assert len(snapshot.documents) == 2  # the snapshot holds its own copy


def test_records_may_come_from_any_iterable() -> None:
    documents = (document for document in [Invoice("2026/1", DAY, 1)])

    snapshot = Snapshot(INTEGRATION, documents, bookings=iter([]))

    assert [document.number for document in snapshot.documents] == ["2026/1"]
    assert snapshot.bookings == ()


def test_bookings_none_means_the_accounting_side_is_unknown() -> None:
    unknown = Snapshot(INTEGRATION, [])
    empty = Snapshot(INTEGRATION, [], bookings=())

    assert unknown.bookings is None
    assert not unknown.has_bookings
    assert empty.bookings == ()
    assert empty.has_bookings


def test_journals_not_described_are_taken_as_continuous() -> None:
    invoice = Invoice("2026/1", DAY, 1, journal="72")

    snapshot = Snapshot(INTEGRATION, [invoice], bookings=[Booking("73", 1, DAY)])

    assert snapshot.journal_codes == ("70", "71", "72", "73")
    assert snapshot.journal("72") == Journal("72")
    assert snapshot.journal("73").numbering is Numbering.CONTINUOUS


def test_described_journals_are_used_as_given() -> None:
    journals = [Journal("70", Numbering.PER_FINANCIAL_YEAR, 1005), Journal("71"), Journal("99")]

    snapshot = Snapshot(INTEGRATION, [], journals)

    assert snapshot.journal("70").next_booking_number == 1005
    assert snapshot.journal_codes == ("70", "71", "99")


def test_lookups_of_the_snapshot() -> None:
    invoice = Invoice("2026/1", DAY, 1)
    stale = Invoice("2026/2", DAY, 2)
    booking = Booking("70", 1, DAY, invoice.ref)

    snapshot = Snapshot(INTEGRATION, [invoice, stale], bookings=[booking])

    assert snapshot.document(DocumentRef(DocumentKind.INVOICE, "2026/1")) is invoice
    assert snapshot.booking_of(invoice) is booking
    assert snapshot.booking_of(stale) is None
    assert snapshot.booking_place(booking) == Place("70", None)
    assert snapshot.place_for("71", DAY) == Place("71", None)


def test_lookup_of_an_unknown_document_is_a_library_error() -> None:
    snapshot = Snapshot(INTEGRATION, [Invoice("2026/1", DAY, 1)])
    stranger = CreditNote("2026/1", DAY, 1)

    with pytest.raises(InconsistentInputError, match="credit note 2026/1 is not among"):
        snapshot.document(stranger.ref)
    with pytest.raises(InconsistentInputError, match="credit note 2026/1 is not among"):
        snapshot.place_of(stranger)
    with pytest.raises(InconsistentInputError, match="credit note 2026/1 is not among"):
        snapshot.journal_of(stranger)


def test_lookup_of_an_unknown_journal_is_a_library_error() -> None:
    snapshot = Snapshot(INTEGRATION, [])

    with pytest.raises(InconsistentInputError, match="journal '99' is not used"):
        snapshot.journal("99")
    with pytest.raises(InconsistentInputError, match="journal '99' is not used"):
        snapshot.place_for("99", DAY)
    with pytest.raises(InconsistentInputError, match="journal '99' is not used"):
        snapshot.booking_place(Booking("99", 1, DAY))


def test_snapshots_compare_by_their_records() -> None:
    documents = [Invoice("2026/1", DAY, 1)]

    assert Snapshot(INTEGRATION, documents) == Snapshot(INTEGRATION, tuple(documents))
    assert Snapshot(INTEGRATION, documents) != Snapshot(INTEGRATION, documents, bookings=())


def test_invoice_and_credit_note_with_one_number_are_two_documents() -> None:
    invoice = Invoice("17", DAY, 1)
    credit_note = CreditNote("17", DAY, 1)
    bookings = [Booking("70", 1, DAY, invoice.ref), Booking("71", 1, DAY, credit_note.ref)]

    snapshot = Snapshot(INTEGRATION, [invoice, credit_note], bookings=bookings)

    assert snapshot.booking_of(invoice) is bookings[0]
    assert snapshot.booking_of(credit_note) is bookings[1]


def test_manual_bookings_may_share_numbers_with_stale_documents() -> None:
    stale = Invoice("2026/1", DAY, 1)
    manual = Booking("70", 1, DAY)

    snapshot = Snapshot(INTEGRATION, [stale], bookings=[manual])

    assert snapshot.booking_of(stale) is None


def test_sync_times_all_aware_are_accepted() -> None:
    utc = dt.timezone.utc
    cet = dt.timezone(dt.timedelta(hours=1))
    documents = [
        Invoice("A", DAY, synced_at=dt.datetime(2026, 1, 5, 9, tzinfo=utc)),
        Invoice("B", DAY, synced_at=dt.datetime(2026, 1, 5, 9, tzinfo=cet)),
        Invoice("C", DAY),
    ]

    assert len(Snapshot(INTEGRATION, documents).documents) == 3
