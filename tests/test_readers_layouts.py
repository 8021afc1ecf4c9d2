"""The readers on exports as people save them: title lines, totals lines, what is skipped."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest

from booking_reconcile import readers
from booking_reconcile.columns import INVOICE_COLUMNS
from booking_reconcile.errors import InputFormatError
from booking_reconcile.models import DocumentKind, Invoice
from booking_reconcile.readers import DateStyle, has_column, ignored_columns, journals_reading
from booking_reconcile.reading import ABOVE_THE_HEADER, TOTALS, Reading, Skipped

# The files here write day-first dates with dashes, most in the first twelve days
# of January: they fit both styles, and a file whose dates all fit both is refused
# unless its style is given (docs/exports.md), as a person passes --day-first.
bookings_reading = partial(readers.bookings_reading, date_style=DateStyle.DAY_FIRST)
documents_reading = partial(readers.documents_reading, date_style=DateStyle.DAY_FIRST)
read_documents = partial(readers.read_documents, date_style=DateStyle.DAY_FIRST)

INVOICE = DocumentKind.INVOICE

INVOICES = (
    "Factuuroverzicht - Bakkerij De Molen;;;\n"
    "Geëxporteerd op 05-02-2026;;;\n"
    "\n"
    "Factuurnummer;Factuurdatum;Boekingsnummer;Bedrag\n"
    "2026 / 1;05-01-2026;1001;121,00\n"
    "2026 / 2;06-01-2026;1002;60,50\n"
    "Totaal;;;181,50\n"
)


def test_lines_above_the_header_and_the_totals_line_are_skipped_and_named() -> None:
    reading = documents_reading(INVOICES, kind=INVOICE, source="facturen.csv")
    assert reading.records == (
        Invoice("2026 / 1", dt.date(2026, 1, 5), 1001),
        Invoice("2026 / 2", dt.date(2026, 1, 6), 1002),
    )
    assert reading.skipped == (Skipped(ABOVE_THE_HEADER, (1, 2)), Skipped(TOTALS, (7,)))
    assert reading.describe() == (
        "facturen.csv: skipped lines 1 and 2 (above the header) and line 7 (totals)"
    )


def test_read_documents_gives_the_same_records() -> None:
    assert (
        read_documents(INVOICES, kind=INVOICE) == documents_reading(INVOICES, kind=INVOICE).records
    )


def test_a_title_line_without_a_separator_does_not_decide_the_separator() -> None:
    text = (
        "Verkoopfacturen 2026\nFactuurnummer;Factuurdatum;Boekingsnummer\n2026/1;05-01-2026;1001\n"
    )
    reading = documents_reading(text, kind=INVOICE)
    assert [document.number for document in reading.records] == ["2026/1"]
    assert reading.skipped_lines(ABOVE_THE_HEADER) == (1,)


@pytest.mark.parametrize(
    "totals",
    [
        "Totaal;;;181,50",
        "Total;;;181.50",
        "Totaux;;;181,50",
        "Totaal:;;;181,50",
        "Subtotaal januari;;;181,50",
        ";;;181,50",
        ";;;€ 1.181,50",
        ";;;-181,50",
    ],
)
def test_a_totals_line_below_the_data_is_skipped(totals: str) -> None:
    text = "Factuurnummer;Factuurdatum;Boekingsnummer;Bedrag\n2026/1;05-01-2026;1001;181,50\n"
    reading = documents_reading(text + totals + "\n", kind=INVOICE)
    assert len(reading.records) == 1
    assert reading.skipped_lines(TOTALS) == (3,)


def test_a_subtotal_between_the_records_is_skipped_by_its_word() -> None:
    text = (
        "Factuurnummer;Factuurdatum;Boekingsnummer;Bedrag\n"
        "2026/1;05-01-2026;1001;100,00\n"
        "Subtotaal;;;100,00\n"
        "2026/2;05-02-2026;1002;50,00\n"
    )
    reading = documents_reading(text, kind=INVOICE)
    assert [document.number for document in reading.records] == ["2026/1", "2026/2"]
    assert reading.skipped_lines(TOTALS) == (3,)


def test_a_line_of_amounts_with_records_after_it_is_still_an_error() -> None:
    text = (
        "Factuurnummer;Factuurdatum;Boekingsnummer;Bedrag\n"
        "2026/1;05-01-2026;1001;100,00\n"
        ";;;100,00\n"
        "2026/2;05-02-2026;1002;50,00\n"
    )
    with pytest.raises(InputFormatError) as caught:
        documents_reading(text, kind=INVOICE, source="facturen.csv")
    assert (caught.value.line, caught.value.field) == (3, "number")
    assert caught.value.reason == "is empty; fill it in"


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("Totaal;05-01-2026;12a;181,50", "booking_number"),  # with a date: no totals line
        ("2026/9;;1009;", "date"),  # a record without its date
        (";05-01-2026;1009;", "number"),
    ],
)
def test_any_other_unreadable_line_is_still_an_error(line: str, field: str) -> None:
    text = "Factuurnummer;Factuurdatum;Boekingsnummer;Bedrag\n2026/1;05-01-2026;1001;1\n" + line
    with pytest.raises(InputFormatError) as caught:
        documents_reading(text + "\n", kind=INVOICE)
    assert (caught.value.line, caught.value.field) == (3, field)


def test_a_file_without_a_header_is_refused_at_line_1_as_before() -> None:
    text = "Verkoopfacturen;;\n2026/1;05-01-2026;1001\n"
    with pytest.raises(InputFormatError) as caught:
        documents_reading(text, kind=INVOICE, source="facturen.csv")
    assert caught.value.line == 1
    assert caught.value.reason.startswith("missing columns 'number', 'date', 'booking_number'")


def test_the_header_is_looked_for_only_at_the_top() -> None:
    text = "title\n" * 25 + "Factuurnummer;Factuurdatum;Boekingsnummer\n2026/1;05-01-2026;1001\n"
    with pytest.raises(InputFormatError) as caught:
        documents_reading(text, kind=INVOICE)
    assert caught.value.line == 1


def test_bookings_and_journals_skip_the_same_lines() -> None:
    bookings = bookings_reading(
        "Boekingen verkoopdagboek;;\njournal;booking_number;date\n70;1001;05-01-2026\nTotaal;;\n"
    )
    assert [booking.booking_number for booking in bookings.records] == [1001]
    assert bookings.skipped == (Skipped(ABOVE_THE_HEADER, (1,)), Skipped(TOTALS, (4,)))
    journals = journals_reading("Dagboeken\ncode,next_booking_number\n70,1004\n")
    assert [journal.code for journal in journals.records] == ["70"]
    assert journals.skipped_lines(ABOVE_THE_HEADER) == (1,)


def test_nothing_skipped_is_described_as_nothing() -> None:
    reading = documents_reading("number,date,booking_number\nA,2026-01-05,1\n", kind=INVOICE)
    assert reading.skipped == ()
    assert reading.describe() is None
    assert isinstance(reading, Reading)


def test_columns_are_found_below_a_title_line() -> None:
    assert has_column(INVOICES, "Bedrag")
    assert ignored_columns(INVOICES, INVOICE_COLUMNS) == ("Bedrag",)
