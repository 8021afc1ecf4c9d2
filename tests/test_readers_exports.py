"""The readers on real exports: the tools' column names, one kind per file, date styles,
references, every bad line at once, and spreadsheets."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest

from booking_reconcile import Integration, Snapshot, find_double_bookings, plan_repair
from booking_reconcile._index import index_of
from booking_reconcile.errors import InconsistentInputError, InputFormatError
from booking_reconcile.models import (
    Booking,
    CreditNote,
    DocumentKind,
    DocumentRef,
    Invoice,
    Journal,
    Numbering,
)
from booking_reconcile.readers import (
    BOOKING_COLUMNS,
    INVOICE_COLUMNS,
    MAX_PROBLEMS,
    DateStyle,
    Sheet,
    ignored_columns,
    read_bookings,
    read_documents,
    read_journals,
    read_sheet,
)

JAN_5 = dt.date(2026, 1, 5)
JAN_10 = dt.date(2026, 1, 10)
INVOICE = DocumentKind.INVOICE
CREDIT_NOTE = DocumentKind.CREDIT_NOTE


def refused(call: Any) -> InputFormatError:
    with pytest.raises(InputFormatError) as caught:
        call()
    first, *rest = str(caught.value).split("\n")
    # One problem a line: only the error of many bad lines has more than one.
    assert not rest or " lines cannot be read; " in first, first
    assert all(line.startswith(("line ", "and ")) for line in rest), rest
    return caught.value


# -- header names -------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("Invoice number,Invoice date,Booking number", id="english"),
        pytest.param("Factuurnummer,Factuurdatum,Boekingsnummer", id="dutch"),
        pytest.param("Numéro de facture,Date de facture,Numéro de pièce", id="french"),
        pytest.param("NUMBER,date,Booking_Number", id="own-names-any-case"),
        pytest.param("number ,  DATE, booking-number", id="spaces-and-dashes"),
        pytest.param("Booking Nr.,Nr,Datum", id="abbreviations-any-order"),
    ],
)
def test_the_tools_column_names_are_known(header: str) -> None:
    names = [name.strip() for name in header.split(",")]
    values = {"number": "2026/3", "date": "2026-01-10", "booking": "1002"}
    row = []
    for name in names:
        lowered = name.lower()
        if "dat" in lowered:
            row.append(values["date"])
        elif "boek" in lowered or "book" in lowered or "pièce" in lowered:
            row.append(values["booking"])
        else:
            row.append(values["number"])
    text = header + "\n" + ",".join(row) + "\n"
    assert read_documents(text, kind=INVOICE) == (Invoice("2026/3", JAN_10, 1002),)


def test_unknown_columns_are_ignored_and_listed() -> None:
    text = "Invoice number;Customer;Invoice date;Amount;Booking number;\n2026/3;Acme;2026-01-10;12,00;1002;\n"
    assert read_documents(text, kind=INVOICE) == (Invoice("2026/3", JAN_10, 1002),)
    assert ignored_columns(text, INVOICE_COLUMNS) == ("Customer", "Amount")


def test_column_map_names_a_column() -> None:
    text = "Nr;Datum;Boekingsnr. Exact\n2026/3;10-01-2026;1002\n"
    documents = read_documents(
        text,
        kind=INVOICE,
        column_map={"booking_number": "Boekingsnr. Exact"},
        date_style=DateStyle.DAY_FIRST,
    )
    assert documents == (Invoice("2026/3", JAN_10, 1002),)
    mapped = {"booking_number": "Boekingsnr. Exact"}
    assert ignored_columns(text, INVOICE_COLUMNS, column_map=mapped) == ()


def test_column_map_wins_over_a_known_name() -> None:
    text = "journal,booking_number,Entry number,date\n70,1,1002,2026-01-10\n"
    (booking,) = read_bookings(text, column_map={"booking_number": "Entry number"})
    assert booking.booking_number == 1002
    assert ignored_columns(
        text, BOOKING_COLUMNS, column_map={"booking_number": "Entry number"}
    ) == ("booking_number",)


@pytest.mark.parametrize(
    ("text", "column_map", "reason"),
    [
        pytest.param(
            "number,date,booking_number\n",
            {"amount": "Amount"},
            "column_map names the field 'amount', which this file does not have",
            id="unknown-field",
        ),
        pytest.param(
            "number,date,booking_number\n",
            {"booking_number": "Booking nr"},
            "has no column 'Booking nr', given for booking_number; the header has 'number', 'date', 'booking_number'",
            id="absent-column",
        ),
        pytest.param(
            "Invoice number,Factuurnummer,date,booking_number\n",
            {},
            "columns 'Invoice number' and 'Factuurnummer' both give number",
            id="two-columns-one-field",
        ),
        pytest.param(
            "Invoice number,Customer,date\n",
            {},
            "missing column 'booking_number' (a column named booking_number, booking number",
            id="missing",
        ),
    ],
)
def test_header_refused(text: str, column_map: dict[str, str], reason: str) -> None:
    error = refused(
        lambda: read_documents(text, kind=INVOICE, column_map=column_map, source="f.csv")
    )
    assert (error.source, error.line) == ("f.csv", 1)
    assert reason in error.reason


# -- one kind per file ---------------------------------------------------------------


def test_invoices_and_credit_notes_from_a_file_each() -> None:
    header = "number,date,booking_number\n"
    invoices = read_documents(header + "2026/3,2026-01-10,1002\n", kind=INVOICE)
    credit_notes = read_documents(header + "2026/3,2026-01-10,7\n", kind=CREDIT_NOTE)
    assert invoices == (Invoice("2026/3", JAN_10, 1002),)
    assert credit_notes == (CreditNote("2026/3", JAN_10, 7),)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("Factuur", DocumentKind.INVOICE, id="dutch-invoice"),
        pytest.param("credit note", DocumentKind.CREDIT_NOTE, id="spaced-credit-note"),
        pytest.param("Note de crédit", DocumentKind.CREDIT_NOTE, id="french-credit-note"),
    ],
)
def test_kind_values_in_the_tools_words(value: str, expected: DocumentKind) -> None:
    (document,) = read_documents(f"Type,number,date,booking_number\n{value},A,2026-01-10,1\n")
    assert document.kind is expected


def test_a_kind_column_must_agree_with_the_files_kind() -> None:
    text = "kind,number,date,booking_number\ncredit_note,A,2026-01-10,1\n"
    error = refused(lambda: read_documents(text, kind=INVOICE, source="invoices.csv"))
    assert (error.line, error.field) == (2, "kind")
    assert "in a file of invoices" in error.reason


# -- date styles -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        pytest.param(["28/01/2026", "05/01/2026"], [dt.date(2026, 1, 28), JAN_5], id="day-first"),
        pytest.param(["01/28/2026", "01/05/2026"], [dt.date(2026, 1, 28), JAN_5], id="month-first"),
        pytest.param(["28.01.2026", "5.1.2026"], [dt.date(2026, 1, 28), JAN_5], id="dots"),
        pytest.param(["05-01-2026", "13-01-2026"], [JAN_5, dt.date(2026, 1, 13)], id="dashes"),
        pytest.param(["01-05-2026", "01-13-2026"], [JAN_5, dt.date(2026, 1, 13)], id="dashes-mf"),
        pytest.param(["2026-01-05 00:00:00", "2026-01-10"], [JAN_5, JAN_10], id="midnight"),
        pytest.param(
            ["05/05/2026", "2026-01-10"], [dt.date(2026, 5, 5), JAN_10], id="same-either-way"
        ),
    ],
)
def test_the_date_style_is_inferred_per_file(dates: list[str], expected: list[dt.date]) -> None:
    text = "number,date,booking_number\n" + "".join(
        f"A{index},{day},\n" for index, day in enumerate(dates)
    )
    assert [d.date for d in read_documents(text, kind=INVOICE)] == expected


@pytest.mark.parametrize(
    ("dates", "style", "line", "reason"),
    [
        pytest.param(
            ["05/01/2026", "06/01/2026"],
            None,
            2,
            "'05/01/2026' may be 5 January or May 1, and no date of the file settles which; pass --day-first or --month-first",
            id="ambiguous",
        ),
        pytest.param(
            # Dashes as slashes: an English export writes 05-01-2026 for May 1 (files F4).
            ["05-01-2026", "06-01-2026"],
            None,
            2,
            "'05-01-2026' may be 5 January or May 1, and no date of the file settles which; pass --day-first or --month-first",
            id="ambiguous-dashes",
        ),
        pytest.param(
            ["28/01/2026", "01/28/2026"],
            None,
            3,
            "writes dates day first ('28/01/2026' on line 2) and month first ('01/28/2026' on line 3)",
            id="both-styles",
        ),
        pytest.param(
            ["01/28/2026"],
            DateStyle.DAY_FIRST,
            2,
            "'01/28/2026' is no date day first, but it is 2026-01-28 month first: --day-first",
            id="given-style-refuses",
        ),
        pytest.param(
            ["05-01-26"],
            DateStyle.DAY_FIRST,
            2,
            "has a two-digit year; write the year in full",
            id="two-digit",
        ),
        pytest.param(
            ["2026-01-05 09:30"], None, 2, "has a time of day; write the date alone", id="time"
        ),
    ],
)
def test_dates_refused(dates: list[str], style: DateStyle | None, line: int, reason: str) -> None:
    text = "number,date,booking_number\n" + "".join(
        f"A{index},{day},\n" for index, day in enumerate(dates)
    )
    error = refused(lambda: read_documents(text, kind=INVOICE, date_style=style, source="f.csv"))
    assert error.line == line
    assert reason in error.reason


def test_the_date_style_can_be_given() -> None:
    text = "number,date,booking_number\nA,05/01/2026,\n"
    (day_first,) = read_documents(text, kind=INVOICE, date_style=DateStyle.DAY_FIRST)
    (month_first,) = read_documents(text, kind=INVOICE, date_style=DateStyle.MONTH_FIRST)
    assert (day_first.date, month_first.date) == (JAN_5, dt.date(2026, 5, 1))


def test_two_digit_years_with_the_option() -> None:
    (document,) = read_documents(
        "number,date,booking_number\nA,05-01-26,\n",
        kind=INVOICE,
        two_digit_years=True,
        date_style=DateStyle.DAY_FIRST,
    )
    assert document.date == JAN_5


def test_journals_lock_dates_in_the_files_style() -> None:
    journals = read_journals("code;locked_until\n70;31.12.2025\n71;\n")
    assert journals == (
        Journal("70", Numbering.CONTINUOUS, None, dt.date(2025, 12, 31)),
        Journal("71"),
    )


# -- every bad line at once --------------------------------------------------------------


def test_every_bad_line_is_reported_at_once() -> None:
    text = (
        "number,date,booking_number\n"
        "A,2026-01-10,12a\n"
        "B,2026-01-10,1\n"
        "C,2026-02-30,2\n"
        "B,2026-01-11,3\n"
        "D,2026-01-11\n"
    )
    error = refused(lambda: read_documents(text, kind=INVOICE, source="invoices.csv"))
    assert error.source == "invoices.csv"
    assert error.line is None
    assert error.reason.startswith("4 lines cannot be read; fix each and read the file again:\n")
    for where in (
        "line 2, field 'booking_number': '12a'",
        "line 4, field 'date': '2026-02-30' is not a calendar date",
        "line 5, field 'number': invoice B appears twice, on lines 3 and 5",
        "line 6: has 2 fields but the header has 3",
    ):
        assert where in error.reason


def test_past_twenty_bad_lines_the_rest_are_counted() -> None:
    bad = MAX_PROBLEMS + 5
    text = "number,date,booking_number\n" + "".join(f"A{n},2026-01-10,x\n" for n in range(bad))
    error = refused(lambda: read_documents(text, kind=INVOICE))
    assert error.reason.startswith(f"{bad} lines cannot be read")
    assert error.reason.count("is not a booking number") == MAX_PROBLEMS
    assert error.reason.endswith("\nand 5 more")


def test_an_error_lists_one_bad_line_a_line() -> None:
    text = "number,date,booking_number\nA,2026-01-10,x\nB,2026-01-11,y\n"
    error = refused(lambda: read_documents(text, kind=INVOICE))
    assert error.reason.splitlines() == [
        "2 lines cannot be read; fix each and read the file again:",
        "line 2, field 'booking_number': 'x' is not a booking number; write a whole number "
        "of 1 or more in plain digits, such as 1002",
        "line 3, field 'booking_number': 'y' is not a booking number; write a whole number "
        "of 1 or more in plain digits, such as 1002",
    ]


def test_the_first_twenty_bad_lines_are_kept_in_line_order() -> None:
    # Bad widths are found while splitting, bad numbers later: the error still
    # lists the first lines of the file, in order.
    lines = [f"A{n},2026-01-10,x\n" if n % 2 else f"A{n},2026-01-10\n" for n in range(60)]
    error = refused(
        lambda: read_documents("number,date,booking_number\n" + "".join(lines), kind=INVOICE)
    )
    listed = [
        int(line.split(",")[0].removeprefix("line ").split(":")[0])
        for line in error.reason.splitlines()[1:-1]
    ]
    assert listed == list(range(2, 2 + MAX_PROBLEMS))
    assert error.reason.endswith(f"\nand {60 - MAX_PROBLEMS} more")


def test_refusing_a_file_of_bad_lines_takes_no_more_memory_than_reading_it() -> None:
    count = 20_000
    good = "number,date,booking_number\n" + "".join(
        f"A{n},2026-01-10,{n + 1}\n" for n in range(count)
    )
    bad = "number,date,booking_number\n" + "".join(f"A{n},2026-01-10,x\n" for n in range(count))

    def peak(read: Callable[[], object]) -> int:
        tracemalloc.start()
        try:
            read()
        except InputFormatError:
            pass
        finally:
            _, top = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        return top

    reading = peak(lambda: read_documents(good, kind=INVOICE))
    refusing = peak(lambda: read_documents(bad, kind=INVOICE))
    assert refusing <= reading


# -- bookings: references and kinds from the journal --------------------------------------


def documents_side(invoice_journal: str = "70", credit_note_journal: str = "71") -> Snapshot:
    return Snapshot(
        Integration(invoice_journal, credit_note_journal),
        [
            Invoice("2026/3", JAN_10, 1002),
            Invoice("2026/4", JAN_10, 1003),
            CreditNote("2026/3", JAN_10, 7),
        ],
    )


def test_the_reference_is_read() -> None:
    (booking,) = read_bookings(
        "Journal;Entry number;Entry date;Your ref.\n70;1002;10-01-2026;2026/3\n",
        date_style=DateStyle.DAY_FIRST,
    )
    assert booking == Booking("70", 1002, JAN_10, None, "2026/3")


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        pytest.param(
            "70,1002,2026-01-10,,,2026/3", DocumentRef(INVOICE, "2026/3"), id="by-reference"
        ),
        pytest.param(
            "70,1002,2026-01-10,,,2026 / 3", DocumentRef(INVOICE, "2026/3"), id="spaces-ignored"
        ),
        pytest.param(
            "71,7,2026-01-10,,,2026/3", DocumentRef(CREDIT_NOTE, "2026/3"), id="kind-from-journal"
        ),
        pytest.param(
            "71,7,2026-01-10,,2026/3,", DocumentRef(CREDIT_NOTE, "2026/3"), id="number-without-kind"
        ),
        pytest.param("70,1009,2026-01-10,,,PO-17", None, id="unknown-reference-is-manual"),
        pytest.param("90,1,2026-01-10,,,2026/3", None, id="other-journal-is-manual"),
    ],
)
def test_a_booking_finds_its_document_by_reference_and_journal(
    row: str, expected: DocumentRef | None
) -> None:
    # The reader keeps the reference; the snapshot's one linking rule links it (§3.8).
    text = "journal,booking_number,date,document_kind,document_number,reference\n" + row + "\n"
    side = documents_side()
    (booking,) = read_bookings(text, documents=side)
    journals = [Journal(code) for code in ("70", "71", "90")]
    snapshot = Snapshot(side.integration, side.documents, journals, [booking])
    (linked,) = [d for _, _, d in index_of(snapshot).linked_bookings()]
    assert (None if linked is None else linked.ref) == expected


def test_a_double_booking_keeps_its_reference_and_stays_manual() -> None:
    text = (
        "journal,booking_number,date,document_kind,document_number,reference\n"
        "70,1002,2026-01-10,invoice,2026/3,2026/3\n"
        "70,1010,2026-01-12,,,2026/3\n"
    )
    synced, manual = read_bookings(text, documents=documents_side())
    assert synced.document == DocumentRef(INVOICE, "2026/3")
    assert (manual.document, manual.reference) == (None, "2026/3")


def test_of_two_bookings_with_one_reference_the_one_under_its_number_is_its_booking() -> None:
    text = "journal,booking_number,date,document_kind,document_number,reference\n"
    text += "70,1010,2026-01-12,,,2026/3\n70,1002,2026-01-10,,,2026/3\n"
    side = documents_side()
    bookings = read_bookings(text, documents=side)
    snapshot = Snapshot(side.integration, side.documents, bookings=bookings)
    (double,) = find_double_bookings(snapshot)
    assert double.duplicate.booking_number == 1010


@pytest.mark.parametrize(
    ("row", "integration", "expected", "finding"),
    [
        pytest.param(
            "70,1002,2026-01-10,,2026/3,",
            Integration("70", "70"),
            DocumentRef(INVOICE, "2026/3"),
            None,
            id="shared-journal-the-one-carrying-its-number",
        ),
        pytest.param(
            "70,1002,2026-01-10,,2026/9,",
            Integration("70", "71"),
            None,
            "no-booking-names-a-document",
            id="number-not-found",
        ),
    ],
)
def test_rule_3_8_a_document_number_without_its_kind_is_linked_by_the_snapshot(
    row: str, integration: Integration, expected: DocumentRef | None, finding: str | None
) -> None:
    # The reader does no matching of its own: the number is the booking's
    # reference, and the snapshot's one linking rule decides (DOMAIN §3.8);
    # what it cannot link, a finding says.
    text = "journal,booking_number,date,document_kind,document_number,reference\n" + row + "\n"
    (booking,) = read_bookings(text, source="b.csv")
    assert (booking.document, booking.reference) == (None, row.split(",")[4])
    side = documents_side(integration.invoice_journal, integration.credit_note_journal)
    snapshot = Snapshot(integration, side.documents, bookings=[booking])
    (linked,) = [d for _, _, d in index_of(snapshot).linked_bookings()]
    assert (None if linked is None else linked.ref) == expected
    plan = plan_repair(snapshot)
    rules = {finding.rule for finding in (*plan.blockers, *plan.warnings)}
    assert finding is None or finding in rules


# -- separators and spreadsheets ---------------------------------------------------------


def test_rule_3_8_a_document_number_of_two_kinds_neither_carrying_it_is_refused() -> None:
    # The snapshot's one linking rule: an input error naming both (DOMAIN §3.8).
    text = "journal,booking_number,date,document_kind,document_number,reference\n"
    (booking,) = read_bookings(text + "70,1009,2026-01-10,,2026/3,\n", source="b.csv")
    side = documents_side("70", "70")
    with pytest.raises(InconsistentInputError, match="neither carries booking number 1009"):
        Snapshot(Integration("70", "70"), side.documents, bookings=[booking])


def test_tab_separated() -> None:
    text = "Invoice number\tInvoice date\tBooking number\n2026/3\t10/01/2026\t1002\n"
    assert read_documents(text, kind=INVOICE, date_style=DateStyle.DAY_FIRST) == (
        Invoice("2026/3", JAN_10, 1002),
    )


def xlsx(rows: list[list[Any]]) -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_export_is_read() -> None:
    data = xlsx(
        [
            ["Invoice number", "Invoice date", "Booking number", "Amount"],
            ["2026/3", dt.datetime(2026, 1, 10), 1002, 12.5],
            ["2026/4", dt.date(2026, 1, 5), None, 3.0],
            [None, None, None, None],
        ]
    )
    sheet = read_sheet(data, source="invoices.xlsx")
    assert sheet.rows[1] == ("2026/3", "2026-01-10", "1002", "12.5")
    assert read_documents(sheet, kind=INVOICE, source="invoices.xlsx") == (
        Invoice("2026/3", JAN_10, 1002),
        Invoice("2026/4", JAN_5),
    )


def test_a_sheets_bad_cell_names_its_row() -> None:
    sheet = Sheet((("number", "date", "booking_number"), ("A", "2026-01-10", "x")))
    error = refused(lambda: read_documents(sheet, kind=INVOICE, source="f.xlsx"))
    assert (error.line, error.field) == (2, "booking_number")


def test_not_a_workbook() -> None:
    pytest.importorskip("openpyxl")
    error = refused(lambda: read_sheet(b"kind,number\n", source="f.xlsx"))
    assert "is not an Excel workbook (.xlsx) that can be read" in error.reason


def test_without_openpyxl_the_message_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = importlib.import_module

    def without_openpyxl(name: str, *args: Any) -> Any:
        if name == "openpyxl":
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", without_openpyxl)
    error = refused(lambda: read_sheet(b"", source="f.xlsx"))
    assert "pip install 'booking_reconcile[excel]'" in error.reason
