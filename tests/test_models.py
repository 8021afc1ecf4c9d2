"""The records: documents, references, bookings, journals, the integration (DOMAIN.md §2, §7)."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    DocumentKind,
    DocumentRef,
    Integration,
    InvalidValueError,
    Invoice,
    Journal,
    Numbering,
)
from booking_reconcile.models import DOCUMENT_CLASSES

DAY = dt.date(2026, 1, 5)


@pytest.mark.parametrize(
    ("cls", "kind", "label", "plural"),
    [
        pytest.param(Invoice, DocumentKind.INVOICE, "invoice", "invoices", id="invoice"),
        pytest.param(
            CreditNote, DocumentKind.CREDIT_NOTE, "credit note", "credit notes", id="credit-note"
        ),
    ],
)
def test_document_kind_names_itself_in_words(
    cls: type[Invoice] | type[CreditNote], kind: DocumentKind, label: str, plural: str
) -> None:
    document = cls("2026/17", DAY, 1002)

    assert document.kind is kind
    assert (kind.label, kind.plural) == (label, plural)
    assert document.ref == DocumentRef(kind, "2026/17")
    assert document.record_name() == f"{label} 2026/17"
    assert DOCUMENT_CLASSES[kind] is cls


def test_document_signature_follows_the_public_api() -> None:
    synced = dt.datetime(2026, 1, 5, 9, 30)
    invoice = Invoice("2026/17", DAY, 1002, "70", synced)

    assert (invoice.number, invoice.date, invoice.booking_number) == ("2026/17", DAY, 1002)
    assert (invoice.journal, invoice.synced_at) == ("70", synced)


def test_document_defaults_to_unbooked_in_the_integrations_journal() -> None:
    invoice = Invoice("2026/17", DAY)

    assert invoice.booking_number is None
    assert invoice.journal is None
    assert invoice.synced_at is None
    assert not invoice.is_booked


def test_invoice_and_credit_note_may_share_a_document_number() -> None:
    invoice = Invoice("17", DAY, 1)
    credit_note = CreditNote("17", DAY, 1)

    assert invoice != credit_note
    assert invoice.ref != credit_note.ref
    assert len({invoice.ref, credit_note.ref}) == 2


def test_documents_compare_and_hash_by_value() -> None:
    assert Invoice("2026/17", DAY, 3) == Invoice("2026/17", DAY, 3)
    assert hash(Invoice("2026/17", DAY, 3)) == hash(Invoice("2026/17", DAY, 3))
    assert Invoice("2026/17", DAY, 3) != Invoice("2026/17", DAY, 4)


@pytest.mark.parametrize(
    "record",
    [
        pytest.param(Invoice("2026/17", DAY), id="invoice"),
        pytest.param(CreditNote("C1", DAY), id="credit-note"),
        pytest.param(DocumentRef(DocumentKind.INVOICE, "2026/17"), id="document-ref"),
        pytest.param(Booking("70", 1, DAY), id="booking"),
        pytest.param(Journal("70"), id="journal"),
        pytest.param(Integration("70", "71"), id="integration"),
    ],
)
def test_records_are_immutable(record: object) -> None:
    field = attrs.fields(type(record))[0].name

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(record, field, "other")


def test_evolving_a_record_validates_the_new_value() -> None:
    invoice = Invoice("2026/17", DAY, 1002)

    assert attrs.evolve(invoice, booking_number=None).booking_number is None
    with pytest.raises(InvalidValueError, match="booking_number 0"):
        attrs.evolve(invoice, booking_number=0)


def test_document_ref_names_the_document() -> None:
    ref = DocumentRef(DocumentKind.CREDIT_NOTE, "C1")

    assert str(ref) == "credit note C1"
    assert ref == CreditNote("C1", DAY).ref


def test_document_describes_itself() -> None:
    assert str(Invoice("2026/17", DAY)) == "invoice 2026/17 of 2026-01-05"
    assert (
        str(CreditNote("C1", DAY, 12, journal="71"))
        == "credit note C1 of 2026-01-05 #12 in journal 71"
    )


@pytest.mark.parametrize(
    "booking_number",
    [
        pytest.param(1, id="one"),
        pytest.param(1002, id="typical"),
        pytest.param(2**63 - 1, id="largest"),
    ],
)
def test_booking_number_is_a_positive_integer_up_to_64_bits(booking_number: int) -> None:
    assert Invoice("2026/17", DAY, booking_number).booking_number == booking_number
    assert Booking("70", booking_number, DAY).booking_number == booking_number
    assert Journal("70", next_booking_number=booking_number).next_booking_number == booking_number


def test_booking_refers_to_its_document_or_is_manual() -> None:
    invoice = Invoice("2026/17", DAY, 1002)

    from_tool = Booking("70", 1002, DAY, invoice.ref)
    manual = Booking("70", 1003, DAY)

    assert from_tool.document == invoice.ref
    assert not from_tool.is_manual
    assert manual.is_manual
    assert str(from_tool) == "booking #1002 in journal 70 of 2026-01-05 (for invoice 2026/17)"
    assert str(manual) == "booking #1003 in journal 70 of 2026-01-05 (manual)"
    # A booking that names its document by reference only says so: which
    # document that is, the snapshot decides (§3.8).
    referenced = Booking("70", 1004, DAY, reference="2026 / 17")
    assert referenced.is_manual
    assert str(referenced) == "booking #1004 in journal 70 of 2026-01-05 (reference '2026 / 17')"


def test_journal_defaults_to_continuous_numbering_with_nothing_configured() -> None:
    journal = Journal("70")

    assert journal.numbering is Numbering.CONTINUOUS
    assert journal.next_booking_number is None
    assert journal.locked_until is None


def test_journal_configuration() -> None:
    journal = Journal("70", Numbering.PER_FINANCIAL_YEAR, 1005, dt.date(2025, 12, 31))

    assert journal.numbering is Numbering.PER_FINANCIAL_YEAR
    assert journal.next_booking_number == 1005
    assert journal.locked_until == dt.date(2025, 12, 31)


def test_integration_books_each_kind_in_its_journal() -> None:
    integration = Integration("70", "71")

    assert integration.journal_for(DocumentKind.INVOICE) == "70"
    assert integration.journal_for(DocumentKind.CREDIT_NOTE) == "71"
    assert integration.start_date is None
    assert integration.financial_year_start_month == 1


def test_integration_keeps_start_date_and_financial_year_start_month() -> None:
    integration = Integration(
        "70", "70", start_date=dt.date(2024, 1, 1), financial_year_start_month=4
    )

    assert integration.start_date == dt.date(2024, 1, 1)
    assert integration.financial_year_start_month == 4


def test_date_subclass_that_is_not_a_datetime_is_a_date() -> None:
    class BusinessDay(dt.date):
        pass

    day = BusinessDay(2026, 1, 5)

    assert Invoice("2026/17", day).date == DAY


def test_sync_time_may_be_naive_or_aware() -> None:
    aware = dt.datetime(2026, 1, 5, 9, tzinfo=dt.timezone.utc)

    assert Invoice("A", DAY, synced_at=aware).synced_at == aware
    assert Invoice("B", DAY, synced_at=aware.replace(tzinfo=None)).synced_at is not None
