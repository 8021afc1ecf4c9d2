"""The catalogue of bad input for files and payloads (issue 7), one table per entry point.

The models and the snapshot have their catalogue in
``tests/test_bad_input_models.py``; this one covers what reads the outside
world: the CSV readers (documents, bookings, journals), the snapshot JSON
reader, and the adapters of Exact Online and Teamleader Focus. Every entry
asserts the exact error class and that the message names the record (the file
and line, or the payload row), the field and the value. The accepted variants
of real exports are tested as such at the end, with the decision on thousands
separators as docs/adapters.md states it (refused).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest

from booking_reconcile import (
    Booking,
    BookingReconcileError,
    CreditNote,
    DocumentKind,
    DocumentRef,
    InconsistentInputError,
    Integration,
    Invoice,
    Journal,
    Numbering,
    Snapshot,
)
from booking_reconcile.adapters import exact_online, snapshot_from_payloads, teamleader
from booking_reconcile.errors import InputFormatError
from booking_reconcile.readers import DateStyle, read_bookings, read_documents, read_journals
from booking_reconcile.serialize import snapshot_from_dict

JAN_10 = dt.date(2026, 1, 10)
BIG = 2**63
TOO_LARGE = f"{BIG} is too large"


def refused(call: Callable[[], object], error: type[BookingReconcileError]) -> str:
    """Call, check the exact class of the error raised (and its builtin); its message."""
    with pytest.raises(BookingReconcileError) as caught:
        call()
    assert type(caught.value) is error, f"{type(caught.value).__name__}: {caught.value}"
    assert isinstance(caught.value, ValueError)
    message = str(caught.value)
    assert "\n" not in message
    return message


def names_all(message: str, *names: str) -> None:
    for name in names:
        assert name in message, f"{name!r} not in {message!r}"


# -- CSV: documents -------------------------------------------------------------------------

DOCS = "kind,number,date,booking_number\n"
DOCS_SYNCED = "kind,number,date,booking_number,synced_at\n"


def doc_line(booking_number: str = "1002", date: str = "2026-01-10", kind: str = "invoice") -> str:
    return DOCS + f"invoice,2026/1,2026-01-05,1001\n{kind},2026/3,{date},{booking_number}\n"


# (text, line, field, what the message must name besides file, line and field)
DOCUMENT_FILES = [
    # booking numbers (DOMAIN.md §6): parsed as digits, then checked by the model
    pytest.param(doc_line("0"), 3, "booking_number", ["invoice 2026/3", "0"], id="number-0"),
    pytest.param(doc_line("-1"), 3, "booking_number", ["'-1'"], id="number--1"),
    pytest.param(doc_line("True"), 3, "booking_number", ["'True'"], id="number-True"),
    pytest.param(doc_line("1.5"), 3, "booking_number", ["'1.5'"], id="number-1.5"),
    pytest.param(doc_line("12a"), 3, "booking_number", ["'12a'"], id="number-12a"),
    pytest.param(
        doc_line(str(BIG)), 3, "booking_number", ["invoice 2026/3", TOO_LARGE], id="number-2**63"
    ),
    pytest.param(doc_line("1.002"), 3, "booking_number", ["'1.002'"], id="thousands-dot"),
    pytest.param(doc_line('"1,002"'), 3, "booking_number", ["'1,002'"], id="thousands-comma"),
    pytest.param(doc_line("1 002"), 3, "booking_number", ["'1 002'"], id="thousands-space"),
    # dates
    pytest.param(doc_line(date="2026-02-30"), 3, "date", ["'2026-02-30'"], id="date-30-feb"),
    pytest.param(
        doc_line(date="2026-01-10T09:30:00"),
        3,
        "date",
        ["'2026-01-10T09:30:00'"],
        id="datetime-for-date",
    ),
    pytest.param(
        doc_line(date="01/02/2026"),
        3,
        None,
        ["'01/02/2026'", "--day-first", "--month-first"],
        id="date-ambiguous",
    ),
    pytest.param(
        doc_line(date="\u0661\u0660-\u0660\u0661-\u0662\u0660\u0662\u0666"),
        3,
        "date",
        ["not a date in a form"],
        id="date-other-digits",  # regression: \d took Arabic-Indic digits as a date
    ),
    pytest.param(doc_line(date=""), 3, "date", ["is empty"], id="date-empty"),
    pytest.param(doc_line(date="   "), 3, "date", ["is empty"], id="date-whitespace"),
    # kinds and numbers
    pytest.param(doc_line(kind="order"), 3, "kind", ["'order'", "invoice, credit_note"], id="kind"),
    pytest.param(doc_line(kind=" "), 3, "kind", ["is empty"], id="kind-whitespace"),
    pytest.param(DOCS + "invoice,,2026-01-10,1\n", 2, "number", ["is empty"], id="number-empty"),
    pytest.param(
        DOCS + "invoice,2026/3,2026-01-10,1002\ncredit_note,2026/3,2026-01-11,7\n"
        "invoice,2026/3,2026-01-12,1003\n",
        4,
        "number",
        ["invoice 2026/3 appears twice", "lines 2 and 4"],
        id="duplicate-document",  # regression: named no line before (the snapshot caught it)
    ),
    # sync times
    pytest.param(
        DOCS_SYNCED + "invoice,A,2026-01-10,1,2026-01-10\n",
        2,
        "synced_at",
        ["'2026-01-10'"],
        id="sync-time-date-only",
    ),
    pytest.param(
        DOCS_SYNCED + "invoice,A,2026-01-10,1,2026-01-10T09:30+25:00\n",
        2,
        "synced_at",
        ["'2026-01-10T09:30+25:00'"],
        id="sync-time-offset-25h",
    ),
    pytest.param(
        DOCS_SYNCED + "invoice,A,2026-01-10,1,2026-01-10T09:30:00\n"
        "invoice,B,2026-01-11,2,\n"
        "invoice,C,2026-01-11,3,2026-01-11T09:30:00+01:00\n",
        4,
        "synced_at",
        ["invoice C", "'2026-01-11T09:30:00+01:00' has a time zone", "'2026-01-10T09:30:00'"],
        id="naive-and-aware-sync-times",  # regression: the snapshot named no line
    ),
    # shape
    pytest.param("kind,number,date\n", 1, None, ["'booking_number'"], id="missing-column"),
    pytest.param(
        DOCS[:-1] + ",Booking nr\n", 1, None, ["'booking_number'", "'Booking nr'"], id="twice"
    ),
    pytest.param(DOCS + "invoice,2026/3,2026-01-10\n", 2, None, ["3 fields"], id="short-line"),
    pytest.param(DOCS + "invoice,2026/3,2026-01-10,1,x\n", 2, None, ["5 fields"], id="long-line"),
    pytest.param("", 1, None, ["no header line"], id="empty-file"),
]


@pytest.mark.parametrize(("text", "line", "field", "names"), DOCUMENT_FILES)
def test_documents_csv_refused(text: str, line: int, field: str | None, names: list[str]) -> None:
    message = refused(lambda: read_documents(text, source="documents.csv"), InputFormatError)
    where = f"documents.csv, line {line}" + ("" if field is None else f", field {field!r}")
    assert message.startswith(where + ": "), message
    names_all(message, *names)


NOT_TEXT = [
    pytest.param(DOCS.encode(), None, "is a bytes, not text", id="bytes"),
    pytest.param(io.BytesIO(DOCS.encode()), 1, "is a bytes, not text", id="binary-file"),
    pytest.param([DOCS.encode()], 1, "is a bytes, not text", id="list-of-bytes"),
    pytest.param(None, None, "is a NoneType, not text", id="none"),
    pytest.param(1002, None, "is a int, not text", id="number"),
]


@pytest.mark.parametrize(("given", "line", "reason"), NOT_TEXT)
def test_readers_refuse_what_is_not_text(given: Any, line: int | None, reason: str) -> None:
    """Regression: bytes and numbers raised AttributeError or TypeError from inside."""
    for read in (read_documents, read_bookings, read_journals):
        if isinstance(given, io.BytesIO):
            given.seek(0)
        message = refused(lambda: read(given, source="f.csv"), InputFormatError)  # noqa: B023
        where = "f.csv" if line is None else f"f.csv, line {line}"
        assert message.startswith(f"{where}: {reason}; pass the text"), message


# -- CSV: bookings ----------------------------------------------------------------------------

BOOKINGS = "journal,booking_number,date,document_kind,document_number\n"


def booking_line(
    number: str = "1002", journal: str = "70", date: str = "2026-01-10", kind: str = "invoice"
) -> str:
    return BOOKINGS + f"70,1001,2026-01-05,,\n{journal},{number},{date},{kind},2026/3\n"


BOOKING_FILES = [
    pytest.param(booking_line("0"), 3, "booking_number", ["booking #0", "0"], id="number-0"),
    pytest.param(booking_line("-1"), 3, "booking_number", ["'-1'"], id="number--1"),
    pytest.param(booking_line("True"), 3, "booking_number", ["'True'"], id="number-True"),
    pytest.param(booking_line("1.5"), 3, "booking_number", ["'1.5'"], id="number-1.5"),
    pytest.param(booking_line("12a"), 3, "booking_number", ["'12a'"], id="number-12a"),
    pytest.param(
        booking_line(str(BIG)), 3, "booking_number", [f"booking #{BIG}", TOO_LARGE], id="2**63"
    ),
    pytest.param(booking_line(""), 3, "booking_number", ["is empty"], id="number-empty"),
    pytest.param(booking_line("  "), 3, "booking_number", ["is empty"], id="number-whitespace"),
    pytest.param(booking_line(journal=" "), 3, "journal", ["is empty"], id="journal-whitespace"),
    pytest.param(
        booking_line(date="2026-02-30"), 3, "date", ["'2026-02-30'"], id="date-impossible"
    ),
    pytest.param(
        booking_line(date="2026-01-10 09:30"), 3, "date", ["'2026-01-10 09:30'"], id="datetime"
    ),
    pytest.param(booking_line(kind="order"), 3, "document_kind", ["'order'"], id="kind"),
    pytest.param(
        BOOKINGS + "70,1,2026-01-10,invoice,\n",
        2,
        "document_number",
        ["is empty while document_kind"],
        id="kind-without-number",
    ),
    pytest.param("journal,date\n", 1, None, ["'booking_number'"], id="missing-column"),
    pytest.param(
        BOOKINGS[:-1] + ",Entry number\n", 1, None, ["'Entry number'", "booking_number"], id="twice"
    ),
    pytest.param(BOOKINGS + "70,1,2026-01-10\n", 2, None, ["3 fields"], id="short-line"),
]


@pytest.mark.parametrize(("text", "line", "field", "names"), BOOKING_FILES)
def test_bookings_csv_refused(text: str, line: int, field: str | None, names: list[str]) -> None:
    message = refused(lambda: read_bookings(text, source="bookings.csv"), InputFormatError)
    where = f"bookings.csv, line {line}" + ("" if field is None else f", field {field!r}")
    assert message.startswith(where + ": "), message
    names_all(message, *names)


# -- CSV: journals ------------------------------------------------------------------------------

JOURNALS = "code,numbering,next_booking_number,locked_until\n"

JOURNAL_FILES = [
    pytest.param(JOURNALS + " ,,,\n70,,,\n", None, None, [], id="blank-line-skipped"),
    pytest.param(JOURNALS + ",continuous,,\n", 2, "code", ["is empty"], id="code-empty"),
    pytest.param(
        JOURNALS + "70,yearly,,\n", 2, "numbering", ["'yearly'", "continuous"], id="numbering"
    ),
    pytest.param(
        JOURNALS + "70,,0,\n", 2, "next_booking_number", ["journal '70'", "0"], id="next-0"
    ),
    pytest.param(JOURNALS + "70,,-1,\n", 2, "next_booking_number", ["'-1'"], id="next--1"),
    pytest.param(JOURNALS + "70,,12a,\n", 2, "next_booking_number", ["'12a'"], id="next-12a"),
    pytest.param(
        JOURNALS + f"70,,{BIG},\n", 2, "next_booking_number", [TOO_LARGE], id="next-2**63"
    ),
    pytest.param(
        JOURNALS + "70,,,2025-02-29\n", 2, "locked_until", ["'2025-02-29'"], id="lock-impossible"
    ),
    pytest.param(
        JOURNALS + "70,,,2025-12-31T23:59:59\n",
        2,
        "locked_until",
        ["'2025-12-31T23:59:59'"],
        id="lock-datetime",
    ),
    pytest.param("numbering\ncontinuous\n", 1, None, ["'code'"], id="missing-column"),
    pytest.param("code,journal\n70,70\n", 1, None, ["'code'", "'journal'"], id="twice"),
]


@pytest.mark.parametrize(("text", "line", "field", "names"), JOURNAL_FILES)
def test_journals_csv_refused(
    text: str, line: int | None, field: str | None, names: list[str]
) -> None:
    if line is None:  # the control: a line of blank fields is no record, and no error
        assert read_journals(text) == (Journal("70"),)
        return
    message = refused(lambda: read_journals(text, source="journals.csv"), InputFormatError)
    where = f"journals.csv, line {line}" + ("" if field is None else f", field {field!r}")
    assert message.startswith(where + ": "), message
    names_all(message, *names)


# -- CSV files that are valid one by one but contradict each other ------------------------------

INTEGRATION = Integration("70", "71")


def csv_snapshot(documents: str, bookings: str | None = None, journals: str = "") -> Snapshot:
    return Snapshot(
        INTEGRATION,
        read_documents(documents),
        read_journals(journals) if journals else (),
        None if bookings is None else read_bookings(bookings),
    )


ACROSS_FILES = [
    pytest.param(
        DOCS + "invoice,A,2026-01-10,1\n",
        BOOKINGS + "70,1,2026-01-10,invoice,Z\n",
        "",
        ["booking #1 in journal 70", "invoice Z", "not among"],
        id="booking-for-unknown-document",
    ),
    pytest.param(
        DOCS + "invoice,A,2026-01-10,1\n",
        BOOKINGS + "70,1,2026-01-10,invoice,A\n70,1,2026-01-12,,\n",
        "",
        ["booking #1 in journal 70", "appears twice", "2026-01-10", "2026-01-12"],
        id="duplicate-bookings",
    ),
    pytest.param(
        DOCS + "invoice,A,2026-01-10,1\n",
        BOOKINGS + "90,5,2026-01-10,,\n",
        "code\n70\n71\n",
        ["booking #5 in journal 90", "journal '90'", "70, 71"],
        id="unknown-journal",
    ),
    pytest.param(
        DOCS + "invoice,A,2026-01-10,1\n",
        None,
        "code\n70\n71\n70\n",
        ["journal '70' appears twice"],
        id="duplicate-journal",
    ),
]


@pytest.mark.parametrize(("documents", "bookings", "journals", "names"), ACROSS_FILES)
def test_csv_files_that_contradict_each_other(
    documents: str, bookings: str | None, journals: str, names: list[str]
) -> None:
    message = refused(lambda: csv_snapshot(documents, bookings, journals), InconsistentInputError)
    names_all(message, *names)


# -- snapshot JSON ---------------------------------------------------------------------------------


def snapshot_data() -> dict[str, Any]:
    return {
        "integration": {"invoice_journal": "70", "credit_note_journal": "71"},
        "journals": [{"code": "70"}, {"code": "71"}],
        "documents": [
            {"kind": "invoice", "number": "2026/3", "date": "2026-01-10", "booking_number": 1002},
            {"kind": "credit_note", "number": "C1", "date": "2026-01-11", "booking_number": 7},
        ],
        "bookings": [
            {
                "journal": "70",
                "booking_number": 1002,
                "date": "2026-01-10",
                "document": {"kind": "invoice", "number": "2026/3"},
            }
        ],
    }


_GONE = object()


def with_value(path: str, value: Any) -> dict[str, Any]:
    """The valid snapshot data with the value at ``path`` (dotted) replaced or removed."""
    data = snapshot_data()
    *parents, last = path.split(".")
    target: Any = data
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is _GONE:
        del target[last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return data


def appended(path: str, item: Any) -> dict[str, Any]:
    data = snapshot_data()
    data[path].append(item)
    return data


# (data, field path or None, names)
JSON_FORMAT = [
    # wrong shape
    pytest.param([snapshot_data()], None, ["is a list, not an object"], id="top-list"),
    pytest.param("snapshot", None, ["is a str, not an object"], id="top-text"),
    pytest.param(with_value("documents", {}), "documents", ["dict, not a list"], id="docs-dict"),
    pytest.param(with_value("documents.0", ["invoice"]), "documents[0]", ["list"], id="doc-list"),
    pytest.param(with_value("integration", None), "integration", ["null"], id="integration-null"),
    pytest.param(with_value("integration", _GONE), "integration", ["is missing"], id="no-integr"),
    pytest.param(with_value("bookings", {"d": []}), "bookings", ["dict, not a list"], id="bk-dict"),
    # wrong types and empty strings
    pytest.param(
        with_value("documents.0.booking_number", "1002"),
        "documents[0].booking_number",
        ["invoice 2026/3", "'1002'", "is not an integer"],
        id="number-as-text",
    ),
    pytest.param(
        with_value("documents.0.booking_number", " "),
        "documents[0].booking_number",
        ["invoice 2026/3", "' '"],
        id="number-whitespace",
    ),
    pytest.param(
        with_value("documents.0.date", 20260110), "documents[0].date", ["20260110"], id="date-int"
    ),
    pytest.param(
        with_value("documents.0.number", ""), "documents[0].number", ["''", "empty"], id="no-num"
    ),
    pytest.param(
        with_value("documents.0.number", 2026), "documents[0].number", ["2026"], id="num-int"
    ),
    pytest.param(
        with_value("bookings.0.journal", ""), "bookings[0].journal", ["''"], id="journal-empty"
    ),
    pytest.param(with_value("journals.0.code", 70), "journals[0].code", ["70"], id="code-int"),
    # booking numbers (DOMAIN.md §6)
    *(
        pytest.param(
            with_value("documents.0.booking_number", value),
            "documents[0].booking_number",
            ["invoice 2026/3", repr(value)],
            id=f"number-{value!r}",
        )
        for value in (0, -1, True, 1.5, "12a", BIG)
    ),
    pytest.param(
        with_value("bookings.0.booking_number", 0),
        "bookings[0].booking_number",
        ["booking #0 in journal 70", "0"],
        id="booking-number-0",
    ),
    pytest.param(
        with_value("journals.0.next_booking_number", -1),
        "journals[0].next_booking_number",
        ["journal '70'", "-1"],
        id="next-number--1",
    ),
    # dates
    pytest.param(
        with_value("documents.0.date", "2026-02-30"),
        "documents[0].date",
        ["'2026-02-30'", "calendar date"],
        id="date-30-feb",
    ),
    pytest.param(
        with_value("documents.0.date", "2026-01-10T09:30:00"),
        "documents[0].date",
        ["'2026-01-10T09:30:00'", "YYYY-MM-DD"],
        id="datetime-for-date",
    ),
    pytest.param(
        with_value("integration.start_date", "2026-01-01T00:00:00"),
        "integration.start_date",
        ["'2026-01-01T00:00:00'"],
        id="start-datetime",
    ),
    pytest.param(
        with_value("documents.0.synced_at", "2026-01-10"),
        "documents[0].synced_at",
        ["'2026-01-10'", "date and time"],
        id="date-for-sync-time",  # regression: read as midnight before
    ),
    pytest.param(
        with_value("documents.0.synced_at", "2026-W02-6T09:30"),
        "documents[0].synced_at",
        ["'2026-W02-6T09:30'"],
        id="week-date-sync-time",  # regression: read as 2026-01-10 before
    ),
    # kinds, numbering, month
    pytest.param(
        with_value("documents.0.kind", "order"), "documents[0].kind", ["'order'"], id="kind"
    ),
    pytest.param(
        with_value("bookings.0.document", {"kind": "receipt", "number": "2026/3"}),
        "bookings[0].document.kind",
        ["'receipt'"],
        id="ref-kind",
    ),
    pytest.param(
        with_value("journals.0.numbering", "yearly"),
        "journals[0].numbering",
        ["'yearly'"],
        id="numbering",
    ),
    *(
        pytest.param(
            with_value("integration.financial_year_start_month", month),
            "integration.financial_year_start_month",
            ["integration", repr(month)],
            id=f"month-{month!r}",
        )
        for month in (0, 13, True, "7", 7.0)
    ),
]


@pytest.mark.parametrize(("data", "field", "names"), JSON_FORMAT)
def test_snapshot_json_refused(data: Any, field: str | None, names: list[str]) -> None:
    given = copy.deepcopy(data)
    message = refused(lambda: snapshot_from_dict(data, source="s.json"), InputFormatError)
    where = "s.json" + ("" if field is None else f", field {field!r}")
    assert message.startswith(where + ": "), message
    names_all(message, *names)
    assert data == given  # the input is left as it was


JSON_INCONSISTENT = [
    pytest.param(
        appended(
            "documents",
            {"kind": "invoice", "number": "2026/3", "date": "2026-01-12", "booking_number": 1003},
        ),
        ["invoice 2026/3 appears twice", "2026-01-10", "2026-01-12"],
        id="duplicate-document",
    ),
    pytest.param(
        appended(
            "bookings",
            {
                "journal": "71",
                "booking_number": 8,
                "date": "2026-01-11",
                "document": {"kind": "credit_note", "number": "C9"},
            },
        ),
        ["booking #8 in journal 71", "credit note C9", "not among"],
        id="booking-for-unknown-document",
    ),
    pytest.param(
        appended("bookings", {"journal": "70", "booking_number": 1002, "date": "2026-01-12"}),
        ["booking #1002 in journal 70", "appears twice"],
        id="duplicate-booking",
    ),
    pytest.param(
        appended("bookings", {"journal": "90", "booking_number": 1, "date": "2026-01-12"}),
        ["booking #1 in journal 90", "'90'", "70, 71"],
        id="unknown-journal",
    ),
    pytest.param(
        {
            **with_value("bookings", None),
            "documents": [
                {
                    "kind": "invoice",
                    "number": "A",
                    "date": "2026-01-10",
                    "synced_at": "2026-01-10T09:00:00",
                },
                {
                    "kind": "invoice",
                    "number": "B",
                    "date": "2026-01-10",
                    "synced_at": "2026-01-10T09:00:00Z",
                },
            ],
        },
        ["invoice A", "invoice B", "time zone"],
        id="naive-and-aware-sync-times",
    ),
]


@pytest.mark.parametrize(("data", "names"), JSON_INCONSISTENT)
def test_snapshot_json_contradicting_records(data: Any, names: list[str]) -> None:
    message = refused(lambda: snapshot_from_dict(data, source="s.json"), InconsistentInputError)
    assert message.startswith("s.json: "), message
    names_all(message, *names)


# -- Exact Online: SalesEntries ------------------------------------------------------------------

JAN_10_MS = 1768003200000


def entry(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "EntryNumber": 1002,
        "Journal": "70",
        "EntryDate": f"/Date({JAN_10_MS})/",
        "Type": 20,
        "Status": 50,
        "Reversal": False,
        "YourRef": "2026/3",
    }
    row.update(changes)
    return row


# (row, field, names)
SALES_ENTRY_ROWS = [
    *(
        pytest.param(entry(EntryNumber=value), "EntryNumber", [repr(value)], id=f"number-{value!r}")
        for value in (0, -1, True, 1.5, "12a", BIG, "1.002", [1002])
    ),
    pytest.param(entry(EntryNumber=None), "EntryNumber", ["empty (null)"], id="number-null"),
    pytest.param(entry(EntryNumber=""), "EntryNumber", ["empty ('')"], id="number-empty"),
    pytest.param(entry(EntryNumber="  "), "EntryNumber", ["empty ('  ')"], id="number-blank"),
    pytest.param(entry(Journal=""), "Journal", ["empty ('')"], id="journal-empty"),
    pytest.param(entry(Journal=" "), "Journal", ["empty (' ')"], id="journal-blank"),
    pytest.param(entry(Journal=70), "Journal", ["70", "not text"], id="journal-number"),
    pytest.param(entry(EntryDate="2026-02-30"), "EntryDate", ["'2026-02-30'"], id="date-30-feb"),
    pytest.param(
        entry(EntryDate="/Date(999999999999999)/"),
        "EntryDate",
        ["'/Date(999999999999999)/'", "outside the calendar"],
        id="date-overflow",
    ),
    pytest.param(entry(EntryDate=JAN_10_MS), "EntryDate", [str(JAN_10_MS)], id="date-bare-ms"),
    pytest.param(entry(Type="20a"), "Type", ["'20a'", "not a whole number"], id="type-text"),
    pytest.param(entry(Type="sales"), "Type", ["'sales'"], id="type-text"),
    pytest.param(entry(Status=30), "Status", ["30", "not a status"], id="status-unknown"),
    pytest.param(entry(Status=True), "Status", ["True"], id="status-bool"),
    pytest.param(entry(Reversal="no"), "Reversal", ["'no'"], id="reversal-text"),
    pytest.param(entry(YourRef=2026), "YourRef", ["2026", "not text"], id="ref-number"),
    pytest.param(
        {key: value for key, value in entry().items() if key != "YourRef"},
        "YourRef",
        ["is missing", "reference_field"],
        id="ref-missing",
    ),
]


@pytest.mark.parametrize(("row", "field", "names"), SALES_ENTRY_ROWS)
def test_sales_entries_refused(row: dict[str, Any], field: str, names: list[str]) -> None:
    payload = {"d": {"results": [entry(EntryNumber=1001, YourRef="2026/1"), row]}}
    message = refused(lambda: exact_online.read_bookings(payload), InputFormatError)
    assert message.startswith(f"SalesEntries[1], field {field!r}: "), message
    names_all(message, *names)
    one = refused(lambda: exact_online.read_booking(row), InputFormatError)
    assert one.startswith(f"SalesEntry, field {field!r}: "), one


EXACT_PAYLOADS = [
    pytest.param(
        {"error": {"message": {"value": "Forbidden"}}},
        ["is an error answer", "'Forbidden'"],
        id="err",
    ),
    pytest.param({"d": {"results": None}}, ["NoneType"], id="results-null"),
    pytest.param({"d": {"results": [[1002]]}}, ["SalesEntries[0]", "list"], id="row-list"),
    pytest.param({"d": "results"}, ["str"], id="d-text"),
    pytest.param(17, ["int"], id="number"),
]


@pytest.mark.parametrize(("payload", "names"), EXACT_PAYLOADS)
def test_sales_entries_of_the_wrong_shape(payload: Any, names: list[str]) -> None:
    message = refused(lambda: exact_online.read_bookings(payload), InputFormatError)
    assert message.startswith("SalesEntries"), message
    names_all(message, *names)


JOURNAL_ROWS = [
    pytest.param({"Code": ""}, "Code", ["empty ('')"], id="code-empty"),
    pytest.param({"Code": "  "}, "Code", ["empty ('  ')"], id="code-blank"),
    pytest.param({"Code": None}, "Code", ["empty (null)"], id="code-null"),
    pytest.param({"Code": 70}, "Code", ["70"], id="code-number"),
    pytest.param({"Code": "70", "Type": "20a"}, "Type", ["'20a'"], id="type"),
    pytest.param({"Code": "70", "Type": True}, "Type", ["True"], id="type-bool"),
    pytest.param({"Code": "70", "Description": ["x"]}, "Description", ["['x']"], id="descr"),
]


@pytest.mark.parametrize(("row", "field", "names"), JOURNAL_ROWS)
def test_exact_journals_refused(row: dict[str, Any], field: str, names: list[str]) -> None:
    message = refused(
        lambda: exact_online.read_journals({"d": {"results": [{"Code": "71"}, row]}}),
        InputFormatError,
    )
    assert message.startswith(f"Journals[1], field {field!r}: "), message
    names_all(message, *names)


# -- Teamleader: invoices.list and creditNotes.list -------------------------------------------------

#: The API has no booking number; these rows carry one under a key a connector
#: added, read with booking_number_field (docs/adapters.md).
FIELD = "booking_number"


def invoice(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": "6fac0bf0",
        "invoice_number": "2026/3",
        "invoice_date": "2026-01-10",
        "status": "outstanding",
        "booking_number": 1002,
    }
    row.update(changes)
    return row


TEAMLEADER_ROWS = [
    *(
        pytest.param(
            invoice(booking_number=value), "booking_number", [repr(value)], id=f"number-{value!r}"
        )
        for value in (-1, True, 1.5, "12a", "1.002", "1,002", {"value": 1002})
    ),
    pytest.param(
        invoice(booking_number=0), "booking_number", ["invoice 2026/3", "0"], id="number-0"
    ),
    pytest.param(
        invoice(booking_number=BIG), "booking_number", ["invoice 2026/3", TOO_LARGE], id="2**63"
    ),
    pytest.param(
        {key: value for key, value in invoice().items() if key != "booking_number"},
        "booking_number",
        ["is missing", "booking_number_field"],
        id="number-missing",
    ),
    pytest.param(invoice(invoice_number=""), "invoice_number", ["empty ('')"], id="no-number"),
    pytest.param(invoice(invoice_number=" "), "invoice_number", ["empty (' ')"], id="blank-num"),
    pytest.param(invoice(invoice_number=3), "invoice_number", ["3", "not text"], id="num-int"),
    pytest.param(
        invoice(invoice_date="2026-02-30"), "invoice_date", ["'2026-02-30'"], id="date-30-feb"
    ),
    pytest.param(
        invoice(invoice_date="2026-01-10T00:00:00+01:00"),
        "invoice_date",
        ["'2026-01-10T00:00:00+01:00'"],
        id="datetime-for-date",
    ),
    pytest.param(
        invoice(invoice_date="10-01-2026"), "invoice_date", ["'10-01-2026'"], id="date-day-first"
    ),
    pytest.param(invoice(invoice_date=None), "invoice_date", ["empty (null)"], id="date-null"),
]


@pytest.mark.parametrize(("row", "field", "names"), TEAMLEADER_ROWS)
def test_teamleader_invoices_refused(row: dict[str, Any], field: str, names: list[str]) -> None:
    payload = {"data": [invoice(invoice_number="2026/1", booking_number=1001), row]}
    message = refused(
        lambda: teamleader.read_invoices(payload, booking_number_field=FIELD), InputFormatError
    )
    assert message.startswith(f"invoices.list[1], field {field!r}: "), message
    names_all(message, *names)


TEAMLEADER_PAYLOADS = [
    pytest.param({"invoices": []}, ["no key 'data'"], id="no-data"),
    pytest.param({"data": "x"}, ["str where a list"], id="data-text"),
    pytest.param({"data": ["2026/3"]}, ["invoices.list[0]", "str"], id="row-text"),
    pytest.param(None, ["NoneType"], id="null"),
]


@pytest.mark.parametrize(("payload", "names"), TEAMLEADER_PAYLOADS)
def test_teamleader_payloads_of_the_wrong_shape(payload: Any, names: list[str]) -> None:
    message = refused(lambda: teamleader.read_invoices(payload), InputFormatError)
    assert message.startswith("invoices.list"), message
    names_all(message, *names)


def test_teamleader_credit_note_rows_are_named_as_such() -> None:
    payload = {"data": [{"credit_note_number": "C1", "credit_note_date": "2026-1-11"}]}
    message = refused(
        lambda: teamleader.read_credit_notes(payload, booking_number_field=None),
        InputFormatError,
    )
    assert message.startswith("creditNotes.list[0], field 'credit_note_date': '2026-1-11'")


# -- both sides at once: records that contradict each other ---------------------------------------

PAYLOADS_INCONSISTENT = [
    pytest.param(
        {"invoices": {"data": [invoice(), invoice(invoice_date="2026-01-12")]}},
        ["invoice 2026/3 appears twice", "2026-01-10", "2026-01-12"],
        id="duplicate-document",
    ),
    pytest.param(
        {
            "invoices": {"data": [invoice()]},
            "sales_entries": [entry(), entry(YourRef=None, EntryDate="2026-01-11")],
        },
        ["booking #1002 in journal 70", "appears twice", "2026-01-11"],
        id="duplicate-booking",
    ),
    pytest.param(
        {
            "invoices": {"data": [invoice()]},
            "sales_entries": [entry(), entry(Journal="90", EntryNumber=1, YourRef=None)],
            "journals": [{"Code": "70"}, {"Code": "71"}],
        },
        ["booking #1 in journal 90", "'90'", "70, 71"],
        id="unknown-journal",
    ),
]


@pytest.mark.parametrize(("payloads", "names"), PAYLOADS_INCONSISTENT)
def test_payloads_that_contradict_each_other(payloads: dict[str, Any], names: list[str]) -> None:
    message = refused(
        lambda: snapshot_from_payloads(INTEGRATION, **payloads, booking_number_field=FIELD),
        InconsistentInputError,
    )
    names_all(message, *names)


# -- what real exports legitimately do, accepted ----------------------------------------------------

INVOICE_3 = Invoice("2026/3", JAN_10, 1002)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "\ufeffkind,number,date,booking_number\ninvoice,2026/3,2026-01-10,1002\n", id="bom"
        ),
        pytest.param(
            "kind;number;date;booking_number\ninvoice;2026/3;2026-01-10;1002\n", id="semicolon"
        ),
        pytest.param(
            "kind,number,date,booking_number\r\ninvoice,2026/3,2026-01-10,1002\r\n", id="crlf"
        ),
        pytest.param(
            "\ufeffKind;Number;Date;Booking_Number\r\ninvoice;2026/3;10-01-2026;1002\r\n;;;\r\n",
            id="bom-semicolon-crlf-day-first-trailing-separators",
        ),
        pytest.param(
            "kind,number,date,booking_number\ninvoice,2026/3,2026-01-10,1002",
            id="no-final-line-end",
        ),
    ],
)
def test_accepted_variants_of_real_exports(text: str) -> None:
    day_first = DateStyle.DAY_FIRST  # 10-01-2026 fits both styles: the style is given
    assert read_documents(text, date_style=day_first) == (INVOICE_3,)
    assert read_documents(text.splitlines(keepends=True), date_style=day_first) == (INVOICE_3,)


def test_accepted_variants_in_bookings_and_journals() -> None:
    bookings = "\ufeffJournal;Booking_Number;Date;Document_Kind;Document_Number\r\n70;1002;10-01-2026;invoice;2026/3\r\n"
    assert read_bookings(bookings, date_style=DateStyle.DAY_FIRST) == (
        Booking("70", 1002, JAN_10, DocumentRef(DocumentKind.INVOICE, "2026/3")),
    )
    journals = "\ufeffCode;Numbering\r\n70;per_financial_year\r\n"
    assert read_journals(journals) == (Journal("70", Numbering.PER_FINANCIAL_YEAR),)


@pytest.mark.parametrize(
    "field",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="whitespace"),
        pytest.param('" "', id="quoted-space"),
    ],
)
def test_a_blank_booking_number_means_not_booked(field: str) -> None:
    """Spaces around a field are removed; an empty booking number is "not booked"."""
    text = f"kind,number,date,booking_number\ncredit_note,C1,2026-01-10,{field}\n"
    assert read_documents(text) == (CreditNote("C1", JAN_10),)


@pytest.mark.parametrize(
    "booking_number",
    [pytest.param(None, id="null"), pytest.param("", id="empty"), pytest.param("  ", id="blank")],
)
def test_teamleader_blank_booking_number_means_not_booked(booking_number: Any) -> None:
    documents = teamleader.read_invoices(
        [invoice(booking_number=booking_number)], booking_number_field=FIELD
    )
    assert documents == (Invoice("2026/3", JAN_10),)


@pytest.mark.parametrize("written", ["1.002", "1,002", "1 002", "1\u00a0002", "1'002"])
def test_thousands_separators_are_refused_not_guessed(written: str) -> None:
    """docs/adapters.md: booking numbers are plain digits; "1.002" may mean 1002 or 1.002."""
    text = f'kind,number,date,booking_number\ninvoice,2026/3,2026-01-10,"{written}"\n'
    message = refused(lambda: read_documents(text, source="d.csv"), InputFormatError)
    assert message.startswith(f"d.csv, line 2, field 'booking_number': {written!r}")
    with pytest.raises(InputFormatError, match="is not a whole number"):
        teamleader.read_invoices([invoice(booking_number=written)], booking_number_field=FIELD)
    with pytest.raises(InputFormatError, match="is not a whole number"):
        exact_online.read_booking(entry(EntryNumber=written))
