"""Exact Online SalesEntries and Journals rows, read into bookings and journals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from dateutil import tz

from booking_reconcile.adapters.exact_online import (
    booking_from_sales_entry,
    bookings_from_sales_entries,
    journals_from_exact,
    parse_exact_date,
)
from booking_reconcile.errors import BookingReconcileError, InputFormatError
from booking_reconcile.models import Booking, DocumentKind, DocumentRef, Journal, Numbering

JAN_10_MS = 1768003200000  # 2026-01-10T00:00:00Z


def entry(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "EntryID": "3f0c1c9e-0000-4000-8000-000000000001",
        "EntryNumber": 1002,
        "Journal": "70",
        "EntryDate": f"/Date({JAN_10_MS})/",
        "Type": 20,
        "Status": 50,
        "Reversal": False,
        "YourRef": "2026/3",
        "Description": "Invoice 2026/3",
    }
    row.update(overrides)
    return row


INVOICE_REF = DocumentRef(DocumentKind.INVOICE, "2026/3")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("/Date(1767225600000)/", dt.date(2026, 1, 1), id="odata-ms"),
        pytest.param("/Date(1767225600000+0100)/", dt.date(2026, 1, 1), id="odata-offset-ignored"),
        pytest.param("/Date(-86400000)/", dt.date(1969, 12, 31), id="odata-before-epoch"),
        pytest.param("/Date(1767311999999)/", dt.date(2026, 1, 1), id="odata-last-ms-of-day"),
        pytest.param("2026-01-01", dt.date(2026, 1, 1), id="iso-date"),
        pytest.param("2026-01-01T00:00:00", dt.date(2026, 1, 1), id="iso-naive"),
        pytest.param("2026-01-01T00:00:00.000", dt.date(2026, 1, 1), id="iso-fraction"),
        pytest.param("2026-01-01T00:00:00Z", dt.date(2026, 1, 1), id="iso-utc"),
        pytest.param("2026-01-01T00:30:00+01:00", dt.date(2025, 12, 31), id="iso-offset-to-utc"),
    ],
)
def test_parse_exact_date(value: str, expected: dt.date) -> None:
    assert parse_exact_date(value) == expected


def test_parse_exact_date_in_a_time_zone() -> None:
    # Local midnight in Brussels sent as an instant is the day before in UTC.
    brussels = tz.gettz("Europe/Brussels")
    assert brussels is not None
    assert parse_exact_date("/Date(1767222000000)/") == dt.date(2025, 12, 31)
    assert parse_exact_date("/Date(1767222000000)/", tz=brussels) == dt.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        pytest.param("01/01/2026", "is not an Exact Online date", id="slashes"),
        pytest.param("/Date(abc)/", "is not an Exact Online date", id="odata-letters"),
        pytest.param("Date(1767225600000)", "is not an Exact Online date", id="odata-no-slashes"),
        pytest.param("2026-02-30", "'2026-02-30' is not a calendar date", id="impossible-iso"),
        pytest.param("/Date(999999999999999)/", "outside the calendar", id="odata-overflow"),
        pytest.param("0001-01-01T00:00:00+01:00", "outside the calendar", id="iso-overflow"),
        pytest.param(1767225600000, "is not an Exact Online date", id="bare-number"),
        pytest.param(None, "is not an Exact Online date", id="null"),
    ],
)
def test_parse_exact_date_refuses(value: object, reason: str) -> None:
    with pytest.raises(InputFormatError, match=reason) as caught:
        parse_exact_date(value, where="SalesEntries[4]", field="EntryDate")
    assert caught.value.source == "SalesEntries[4]"
    assert caught.value.field == "EntryDate"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        pytest.param(entry(), Booking("70", 1002, dt.date(2026, 1, 10), INVOICE_REF), id="invoice"),
        pytest.param(
            entry(Type=21, YourRef="C1", Journal="71", EntryNumber=7),
            Booking("71", 7, dt.date(2026, 1, 10), DocumentRef(DocumentKind.CREDIT_NOTE, "C1")),
            id="credit-note",
        ),
        pytest.param(
            entry(YourRef=None), Booking("70", 1002, dt.date(2026, 1, 10)), id="no-ref-is-manual"
        ),
        pytest.param(
            entry(YourRef="  "), Booking("70", 1002, dt.date(2026, 1, 10)), id="blank-ref-is-manual"
        ),
        pytest.param(
            entry(YourRef=" 2026/3 "),
            Booking("70", 1002, dt.date(2026, 1, 10), INVOICE_REF),
            id="ref-spaces-removed",
        ),
        pytest.param(
            entry(Type=90), Booking("70", 1002, dt.date(2026, 1, 10)), id="other-type-manual"
        ),
        pytest.param(
            entry(Reversal=True), Booking("70", 1002, dt.date(2026, 1, 10)), id="reversal-manual"
        ),
        pytest.param(
            entry(Status=20),
            Booking("70", 1002, dt.date(2026, 1, 10), INVOICE_REF),
            id="status-open",
        ),
        pytest.param(
            {k: v for k, v in entry().items() if k not in ("Status", "Reversal")},
            Booking("70", 1002, dt.date(2026, 1, 10), INVOICE_REF),
            id="no-status-no-reversal",
        ),
        pytest.param(
            entry(EntryNumber="1002", EntryDate="2026-01-10T00:00:00"),
            Booking("70", 1002, dt.date(2026, 1, 10), INVOICE_REF),
            id="number-as-text-iso-date",
        ),
        pytest.param(entry(Status=5), None, id="rejected-skipped"),
        pytest.param(entry(Status=5, EntryNumber=None), None, id="rejected-without-number"),
    ],
)
def test_booking_from_sales_entry(row: dict[str, Any], expected: Booking | None) -> None:
    assert booking_from_sales_entry(row) == expected


def test_parameters_choose_the_reference_field_reversals_and_statuses() -> None:
    row = entry(YourRef="PO-17", Description="2026/3", Reversal=True, Status=5)
    booking = booking_from_sales_entry(
        row,
        document_number_field="Description",
        reversals_are_manual=False,
        booked_statuses={5, 20, 50},
        skipped_statuses=(),
    )
    assert booking == Booking("70", 1002, dt.date(2026, 1, 10), INVOICE_REF)


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        pytest.param(
            entry(EntryNumber=None), "EntryNumber", r"is empty \(null\)", id="number-null"
        ),
        pytest.param(entry(EntryNumber=0), "EntryNumber", "not a positive integer", id="number-0"),
        pytest.param(entry(EntryNumber=-3), "EntryNumber", "not a positive integer", id="negative"),
        pytest.param(entry(EntryNumber=True), "EntryNumber", "is not a whole number", id="bool"),
        pytest.param(entry(EntryNumber=1.5), "EntryNumber", "is not a whole number", id="float"),
        pytest.param(entry(EntryNumber="12a"), "EntryNumber", "is not a whole number", id="12a"),
        pytest.param(entry(EntryNumber=2**63), "EntryNumber", "is too large", id="too-large"),
        pytest.param(entry(Journal=None), "Journal", "is empty", id="journal-null"),
        pytest.param(entry(Journal=70), "Journal", "is not text", id="journal-number"),
        pytest.param(entry(EntryDate="10-01-2026"), "EntryDate", "not an Exact Online", id="date"),
        pytest.param(entry(Type=None), "Type", r"is empty \(null\)", id="type-null"),
        pytest.param(entry(Status=30), "Status", "not a status this adapter knows", id="status"),
        pytest.param(entry(Reversal="yes"), "Reversal", "is not true or false", id="reversal"),
        pytest.param(entry(YourRef=17), "YourRef", "is not text", id="ref-number"),
        pytest.param(
            {k: v for k, v in entry().items() if k != "YourRef"},
            "YourRef",
            "is missing; name the field",
            id="ref-missing",
        ),
        pytest.param(
            {k: v for k, v in entry().items() if k != "EntryDate"},
            "EntryDate",
            "is missing",
            id="date-missing",
        ),
    ],
)
def test_booking_from_sales_entry_refuses(row: dict[str, Any], field: str, reason: str) -> None:
    with pytest.raises(InputFormatError, match=reason) as caught:
        bookings_from_sales_entries([entry(EntryNumber=1), row])
    assert caught.value.source == "SalesEntries[1]"
    assert caught.value.field == field
    assert str(caught.value).startswith(f"SalesEntries[1], field {field!r}: ")


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param({"d": {"results": [entry()]}}, id="d-results"),
        pytest.param({"d": {"results": [entry()], "__next": "https://next"}}, id="d-results-next"),
        pytest.param({"d": [entry()]}, id="d-list"),
        pytest.param([entry()], id="bare-list"),
    ],
)
def test_envelopes(payload: Any) -> None:
    assert bookings_from_sales_entries(payload) == (
        Booking("70", 1002, dt.date(2026, 1, 10), INVOICE_REF),
    )


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        pytest.param({"value": []}, "has no key 'd'", id="no-d"),
        pytest.param({"d": {"__next": "x"}}, "has no key 'results' in 'd'", id="no-results"),
        pytest.param({"d": {"results": {}}}, "holds a dict where a list", id="results-dict"),
        pytest.param("[]", "holds a str where a list", id="text"),
        pytest.param(None, "holds a NoneType where a list", id="null"),
        pytest.param(
            {"error": {"message": {"value": "Forbidden"}}}, "has no key 'd'", id="odata-error"
        ),
    ],
)
def test_envelope_refused(payload: Any, reason: str) -> None:
    with pytest.raises(InputFormatError, match=reason) as caught:
        bookings_from_sales_entries(payload)
    assert caught.value.source == "SalesEntries"


def test_row_that_is_not_an_object() -> None:
    with pytest.raises(InputFormatError, match=r"^SalesEntries\[0\]: is a list, not an object"):
        bookings_from_sales_entries([[1002, "70"]])


def test_rows_keep_their_order_and_skipped_rows_leave_no_gap() -> None:
    payload = {
        "d": {
            "results": [
                entry(EntryNumber=1003, YourRef="2026/4"),
                entry(Status=5, EntryNumber=None),
                entry(),
            ]
        }
    }
    numbers = [booking.booking_number for booking in bookings_from_sales_entries(payload)]
    assert numbers == [1003, 1002]


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        pytest.param(
            {"d": {"results": [{"Code": "70", "Type": 20, "Description": "Sales"}]}},
            (Journal("70"),),
            id="d-results",
        ),
        pytest.param(
            [{"Code": "70"}, {"Code": " 71 ", "Type": 21, "Description": None}],
            (Journal("70"), Journal("71")),
            id="bare-list-code-stripped",
        ),
        pytest.param({"d": []}, (), id="empty"),
    ],
)
def test_journals_from_exact(payload: Any, expected: tuple[Journal, ...]) -> None:
    assert journals_from_exact(payload) == expected


def test_journals_numbering_is_a_parameter() -> None:
    journals = journals_from_exact([{"Code": "70"}], numbering=Numbering.PER_FINANCIAL_YEAR)
    assert journals == (Journal("70", Numbering.PER_FINANCIAL_YEAR),)


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        pytest.param({"Code": None}, "Code", "is empty", id="code-null"),
        pytest.param({"Description": "Sales"}, "Code", "is missing", id="code-missing"),
        pytest.param({"Code": 70}, "Code", "is not text", id="code-number"),
        pytest.param({"Code": "70", "Type": "Sales"}, "Type", "not a whole number", id="type"),
        pytest.param({"Code": "70", "Description": 5}, "Description", "not text", id="descr"),
    ],
)
def test_journals_refused(row: dict[str, Any], field: str, reason: str) -> None:
    with pytest.raises(InputFormatError, match=reason) as caught:
        journals_from_exact({"d": {"results": [row]}})
    assert (caught.value.source, caught.value.field) == ("Journals[0]", field)


def test_errors_are_the_librarys_and_value_errors() -> None:
    with pytest.raises(BookingReconcileError):
        bookings_from_sales_entries([entry(EntryNumber=0)])
    with pytest.raises(ValueError, match="EntryNumber"):
        bookings_from_sales_entries([entry(EntryNumber=0)])
