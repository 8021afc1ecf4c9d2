"""CSV readers: documents, bookings and journals, and every way a file can be wrong."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from booking_reconcile.errors import BookingReconcileError, InputFormatError
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
    DateStyle,
    parse_booking_number,
    parse_date,
    parse_timestamp,
    read_bookings,
    read_documents,
    read_journals,
)

JAN_10 = dt.date(2026, 1, 10)
HEADER = "kind,number,date,booking_number\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2026-01-10", JAN_10, id="iso"),
        pytest.param("10-01-2026", JAN_10, id="day-first"),
        pytest.param("1-2-2026", dt.date(2026, 2, 1), id="day-first-short"),
        pytest.param("2024-02-29", dt.date(2024, 2, 29), id="leap-day"),
        pytest.param("29-02-2024", dt.date(2024, 2, 29), id="leap-day-day-first"),
        pytest.param("10/01/2026", JAN_10, id="day-first-slashes"),
        pytest.param("10.01.2026", JAN_10, id="day-first-dots"),
        pytest.param("10-01-2026 00:00:00", JAN_10, id="day-first-midnight"),
        pytest.param("2026-01-10 00:00:00", JAN_10, id="iso-midnight"),
        pytest.param("2026-01-10T00:00", JAN_10, id="iso-midnight-t"),
    ],
)
def test_parse_date(text: str, expected: dt.date) -> None:
    assert parse_date(text, source="x", style=DateStyle.DAY_FIRST) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("2026-02-30", "is not a calendar date", id="30-feb"),
        pytest.param("30-02-2026", "is not a calendar date", id="30-feb-day-first"),
        pytest.param("2025-02-29", "is not a calendar date", id="not-leap"),
        pytest.param("2026-13-01", "is not a calendar date", id="month-13"),
        pytest.param("01-02-26", "has a two-digit year", id="two-digit-year"),
        pytest.param("2026/01/10", "not a date in a form", id="iso-slashes"),
        pytest.param("10 Jan 2026", "not a date in a form", id="words"),
        pytest.param("2026-01-10T09:30", "has a time of day", id="timestamp"),
        pytest.param("20260110", "not a date in a form", id="compact"),
        pytest.param("", "not a date in a form", id="empty"),
    ],
)
def test_parse_date_refuses(text: str, reason: str) -> None:
    with pytest.raises(InputFormatError, match=reason) as caught:
        parse_date(text, source="documents.csv", line=3, field="date", style=DateStyle.DAY_FIRST)
    assert (caught.value.source, caught.value.line, caught.value.field) == (
        "documents.csv",
        3,
        "date",
    )


def test_parse_date_iso_only() -> None:
    with pytest.raises(
        InputFormatError,
        match=r"write it as YYYY-MM-DD \(2026-01-31\), or pass --day-first or --month-first",
    ):
        parse_date("10-01-2026", source="x")


@pytest.mark.parametrize(
    ("text", "style", "two_digit_years", "expected"),
    [
        pytest.param("01/10/2026", DateStyle.MONTH_FIRST, False, JAN_10, id="month-first"),
        pytest.param("10-01-26", DateStyle.DAY_FIRST, True, JAN_10, id="two-digit-year"),
    ],
)
def test_parse_date_in_a_style(
    text: str, style: DateStyle, two_digit_years: bool, expected: dt.date
) -> None:
    assert parse_date(text, source="x", style=style, two_digit_years=two_digit_years) == expected


def test_parse_date_two_digit_year_needs_the_option() -> None:
    with pytest.raises(InputFormatError, match=r"two-digit year.*--two-digit-years"):
        parse_date("10-01-26", source="x", style=DateStyle.DAY_FIRST)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2026-01-10T09:30:00", dt.datetime(2026, 1, 10, 9, 30), id="naive"),
        pytest.param("2026-01-10 09:30", dt.datetime(2026, 1, 10, 9, 30), id="space-minutes"),
        pytest.param(
            "2026-01-10T09:30:00Z",
            dt.datetime(2026, 1, 10, 9, 30, tzinfo=dt.timezone.utc),
            id="utc",
        ),
        pytest.param(
            "2026-01-10T09:30:00.250+01:00",
            dt.datetime(2026, 1, 10, 9, 30, 0, 250000, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            id="fraction-offset",
        ),
    ],
)
def test_parse_timestamp(text: str, expected: dt.datetime) -> None:
    assert parse_timestamp(text, source="x") == expected


@pytest.mark.parametrize(
    "text", ["2026-01-10", "10-01-2026 09:30", "2026-01-10T25:00:00", "yesterday"]
)
def test_parse_timestamp_refuses(text: str) -> None:
    with pytest.raises(InputFormatError, match="write it as 2026-01-10T09:30:00"):
        parse_timestamp(text, source="x", line=2, field="synced_at")


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param("1002", 1002, id="plain"), pytest.param("0007", 7, id="leading-zeros")],
)
def test_parse_booking_number(text: str, expected: int) -> None:
    assert parse_booking_number(text, source="x") == expected


@pytest.mark.parametrize("text", ["12a", "-3", "1.5", "1 002", "1.002", "+5", "1e3", "١٢"])
def test_parse_booking_number_refuses(text: str) -> None:
    with pytest.raises(InputFormatError, match="is not a booking number"):
        parse_booking_number(text, source="x")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            HEADER + "invoice,2026/3,2026-01-10,1002\n",
            (Invoice("2026/3", JAN_10, 1002),),
            id="plain",
        ),
        pytest.param(
            HEADER + "credit_note,C1,10-01-2026,\n",
            (CreditNote("C1", JAN_10),),
            id="unbooked-credit-note-day-first",
        ),
        pytest.param(
            "\ufeffkind;number;date;booking_number\r\ninvoice;2026/3;10-01-2026;1002\r\n",
            (Invoice("2026/3", JAN_10, 1002),),
            id="bom-semicolon-crlf",
        ),
        pytest.param(
            " KIND , Number,DATE ,Booking_Number\ninvoice, 2026/3 ,2026-01-10, 1002 \n",
            (Invoice("2026/3", JAN_10, 1002),),
            id="header-case-and-spaces",
        ),
        pytest.param(
            "booking_number,date,number,kind\n1002,2026-01-10,2026/3,Invoice\n",
            (Invoice("2026/3", JAN_10, 1002),),
            id="any-column-order-kind-case",
        ),
        pytest.param(
            'kind,number,date,booking_number\ninvoice,"2026,3",2026-01-10,1002\n',
            (Invoice("2026,3", JAN_10, 1002),),
            id="quoted-comma",
        ),
        pytest.param(
            HEADER + "\ninvoice,2026/3,2026-01-10,1002\n,,,\n\n",
            (Invoice("2026/3", JAN_10, 1002),),
            id="blank-lines-skipped",
        ),
        pytest.param(
            "kind,number,date,booking_number,journal,synced_at\n"
            "invoice,2026/3,2026-01-10,1002,80,2026-01-10T09:30:00\n"
            "invoice,2026/4,2026-01-11,,,\n",
            (
                Invoice("2026/3", JAN_10, 1002, "80", dt.datetime(2026, 1, 10, 9, 30)),
                Invoice("2026/4", dt.date(2026, 1, 11)),
            ),
            id="optional-columns",
        ),
        pytest.param(HEADER, (), id="header-only"),
    ],
)
def test_read_documents(text: str, expected: tuple[Invoice | CreditNote, ...]) -> None:
    # Day first: 10-01-2026 fits both styles, and such a file needs its style given.
    assert read_documents(text, date_style=DateStyle.DAY_FIRST) == expected


def test_read_documents_from_lines_of_an_open_file() -> None:
    lines = io.StringIO("kind;number;date;booking_number\r\ninvoice;2026/3;2026-01-10;1002\r\n")
    assert read_documents(lines) == (Invoice("2026/3", JAN_10, 1002),)
    assert read_documents(["kind,number,date,booking_number\n", "invoice,A,2026-01-10,1\n"]) == (
        Invoice("A", JAN_10, 1),
    )


@pytest.mark.parametrize(
    ("text", "line", "field", "reason"),
    [
        pytest.param("", 1, None, "has no header line", id="empty-file"),
        pytest.param("\n\n", 1, None, "has no header line", id="blank-first-line"),
        pytest.param(
            "kind,number,date\n", 1, None, "missing column 'booking_number'", id="missing-column"
        ),
        pytest.param(
            "kind,number\n", 1, None, "missing columns 'date', 'booking_number'", id="missing-two"
        ),
        pytest.param(
            "kind,number,date,booking_number\ninvoice,A,2026-01-10,1\ninvoice,A,2026-01-11,2\n",
            3,
            "number",
            "appears twice, on lines 2 and 3",
            id="same-document-twice",
        ),
        pytest.param(
            "kind,number,date,booking_number,Kind\n",
            1,
            None,
            "'kind' and 'Kind' both give kind",
            id="twice",
        ),
        pytest.param(
            HEADER + "invoice,2026/3,2026-01-10\n", 2, None, "has 3 fields but", id="short-row"
        ),
        pytest.param(
            HEADER + "invoice,2026/3,2026-01-10,1002,x\n", 2, None, "has 5 fields", id="long-row"
        ),
        pytest.param(
            HEADER + "bill,2026/3,2026-01-10,1\n", 2, "kind", "'bill' is not one", id="kind"
        ),
        pytest.param(HEADER + ",2026/3,2026-01-10,1\n", 2, "kind", "is empty", id="kind-empty"),
        pytest.param(HEADER + "invoice,,2026-01-10,1\n", 2, "number", "is empty", id="no-number"),
        pytest.param(
            HEADER + "invoice,A,2026-01-10,1\ninvoice,B,2026-02-30,2\n",
            3,
            "date",
            "not a calendar date",
            id="impossible-date",
        ),
        pytest.param(
            HEADER + "invoice,A,01/02/2026,1\n",
            2,
            None,
            "may be 1 February or January 2.*--day-first or --month-first",
            id="ambiguous-date",
        ),
        pytest.param(
            HEADER + "invoice,A,2026-01-10,0\n", 2, "booking_number", "not a positive", id="zero"
        ),
        pytest.param(
            HEADER + "invoice,A,2026-01-10,-3\n", 2, "booking_number", "not a booking", id="neg"
        ),
        pytest.param(
            HEADER + "invoice,A,2026-01-10,12a\n", 2, "booking_number", "not a booking", id="12a"
        ),
        pytest.param(
            HEADER + f"invoice,A,2026-01-10,{2**63}\n",
            2,
            "booking_number",
            "is too large",
            id="too-large",
        ),
        pytest.param(
            "kind,number,date,booking_number,synced_at\ninvoice,A,2026-01-10,1,2026-01-10\n",
            2,
            "synced_at",
            "not an ISO 8601 date and time",
            id="synced-at-date-only",
        ),
        pytest.param(
            HEADER + 'invoice,"A,2026-01-10,1\n', 2, None, "is not valid CSV", id="open-quote"
        ),
    ],
)
def test_read_documents_refuses(text: str, line: int, field: str | None, reason: str) -> None:
    with pytest.raises(InputFormatError, match=reason) as caught:
        read_documents(text, source="documents.csv")
    assert (caught.value.source, caught.value.line, caught.value.field) == (
        "documents.csv",
        line,
        field,
    )
    assert str(caught.value).startswith(f"documents.csv, line {line}")
    assert isinstance(caught.value, BookingReconcileError)


BOOKINGS = "journal,booking_number,date,document_kind,document_number\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            BOOKINGS + "70,1002,2026-01-10,invoice,2026/3\n",
            (Booking("70", 1002, JAN_10, DocumentRef(DocumentKind.INVOICE, "2026/3")),),
            id="document",
        ),
        pytest.param(
            BOOKINGS + "71,7,10-01-2026,credit_note,C1\n",
            (Booking("71", 7, JAN_10, DocumentRef(DocumentKind.CREDIT_NOTE, "C1")),),
            id="credit-note",
        ),
        pytest.param(
            BOOKINGS + "70,1005,2026-01-10,,\n", (Booking("70", 1005, JAN_10),), id="manual"
        ),
        pytest.param(
            "journal;booking_number;date\r\n70;1005;2026-01-10\r\n",
            (Booking("70", 1005, JAN_10),),
            id="required-columns-only",
        ),
    ],
)
def test_read_bookings(text: str, expected: tuple[Booking, ...]) -> None:
    # Day first: 10-01-2026 fits both styles, and such a file needs its style given.
    assert read_bookings(text, date_style=DateStyle.DAY_FIRST) == expected


@pytest.mark.parametrize(
    ("text", "field", "reason"),
    [
        pytest.param(BOOKINGS + ",1,2026-01-10,,\n", "journal", "is empty", id="no-journal"),
        pytest.param(BOOKINGS + "70,,2026-01-10,,\n", "booking_number", "is empty", id="no-number"),
        pytest.param(
            BOOKINGS + "70,1,2026-01-10,invoice,\n",
            "document_number",
            "is empty while document_kind",
            id="kind-only",
        ),
        pytest.param(
            BOOKINGS + "70,1,2026-01-10,order,2026/3\n", "document_kind", "not one of", id="kind"
        ),
        pytest.param(BOOKINGS + "70,1,2026-13-10,,\n", "date", "calendar", id="bad-date"),
    ],
)
def test_read_bookings_refuses(text: str, field: str, reason: str) -> None:
    with pytest.raises(InputFormatError, match=reason) as caught:
        read_bookings(text, source="bookings.csv")
    assert (caught.value.line, caught.value.field) == (2, field)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("code\n70\n71\n", (Journal("70"), Journal("71")), id="codes-only"),
        pytest.param(
            "code,numbering,next_booking_number,locked_until\n"
            "70,per_financial_year,1004,2025-12-31\n"
            "71,continuous,,\n",
            (
                Journal("70", Numbering.PER_FINANCIAL_YEAR, 1004, dt.date(2025, 12, 31)),
                Journal("71"),
            ),
            id="all-columns",
        ),
        pytest.param(
            "Code;Numbering\r\n70;Per_Financial_Year\r\n",
            (Journal("70", Numbering.PER_FINANCIAL_YEAR),),
            id="case-insensitive-values",
        ),
    ],
)
def test_read_journals(text: str, expected: tuple[Journal, ...]) -> None:
    assert read_journals(text) == expected


@pytest.mark.parametrize(
    ("text", "line", "field", "reason"),
    [
        pytest.param("number\n70\n", 1, None, "missing column 'code'", id="wrong-header"),
        pytest.param("code,numbering\n70,yearly\n", 2, "numbering", "not one of", id="numbering"),
        pytest.param(
            "code,next_booking_number\n70,0\n",
            2,
            "next_booking_number",
            "not a positive integer",
            id="next-zero",
        ),
        pytest.param(
            "code,locked_until\n70,31/12/25\n",
            2,
            "locked_until",
            "two-digit year",
            id="locked-until",
        ),
    ],
)
def test_read_journals_refuses(text: str, line: int, field: str | None, reason: str) -> None:
    with pytest.raises(InputFormatError, match=reason) as caught:
        read_journals(text, source="journals.csv")
    assert (caught.value.line, caught.value.field) == (line, field)
