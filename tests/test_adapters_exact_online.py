"""Exact Online SalesEntries and Journals rows, read into bookings and journals."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from dateutil import tz

from booking_reconcile.adapters import snapshot_from_payloads
from booking_reconcile.adapters.exact_online import (
    ReadingWarning,
    parse_exact_date,
    read_booking,
    read_booking_answers,
    read_bookings,
    read_financial_year_start_month,
    read_journals,
)
from booking_reconcile.errors import BookingReconcileError, InputFormatError
from booking_reconcile.models import (
    Booking,
    DocumentKind,
    DocumentRef,
    Integration,
    Journal,
    Numbering,
)

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
        pytest.param(
            entry(), Booking("70", 1002, dt.date(2026, 1, 10), reference="2026/3"), id="invoice"
        ),
        pytest.param(
            entry(Type=21, YourRef="C1", Journal="71", EntryNumber=7),
            Booking("71", 7, dt.date(2026, 1, 10), reference="C1"),
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
            Booking("70", 1002, dt.date(2026, 1, 10), reference="2026/3"),
            id="ref-spaces-removed",
        ),
        pytest.param(
            entry(Type=90),
            Booking("70", 1002, dt.date(2026, 1, 10), reference="2026/3"),
            id="other-type-keeps-its-reference",
        ),
        pytest.param(
            # A reversal holds its number but books no document (docs/choices.md).
            entry(Reversal=True),
            Booking("70", 1002, dt.date(2026, 1, 10)),
            id="reversal-links-nothing",
        ),
        pytest.param(
            entry(Type=None),
            Booking("70", 1002, dt.date(2026, 1, 10), reference="2026/3"),
            id="type-null-not-needed",
        ),
        pytest.param(
            entry(Status=20),
            Booking("70", 1002, dt.date(2026, 1, 10), reference="2026/3"),
            id="status-open",
        ),
        pytest.param(
            {k: v for k, v in entry().items() if k not in ("Status", "Reversal")},
            Booking("70", 1002, dt.date(2026, 1, 10), reference="2026/3"),
            id="no-status-no-reversal",
        ),
        pytest.param(
            entry(EntryNumber="1002", EntryDate="2026-01-10T00:00:00"),
            Booking("70", 1002, dt.date(2026, 1, 10), reference="2026/3"),
            id="number-as-text-iso-date",
        ),
        pytest.param(entry(Status=5), None, id="rejected-skipped"),
        pytest.param(entry(Status=5, EntryNumber=None), None, id="rejected-without-number"),
    ],
)
def test_read_booking(row: dict[str, Any], expected: Booking | None) -> None:
    assert read_booking(row) == expected


def test_parameters_choose_the_reference_field_reversals_and_statuses() -> None:
    row = entry(YourRef="PO-17", Description="2026/3", Reversal=True, Status=5)
    booking = read_booking(
        row,
        reference_field="Description",
        reversals_are_manual=False,
        booked_statuses={5, 20, 50},
        skipped_statuses=(),
    )
    assert booking == Booking("70", 1002, dt.date(2026, 1, 10))  # a reversal links nothing
    booked = read_booking({**row, "Reversal": False, "Status": 50}, reference_field="Description")
    assert booked == Booking("70", 1002, dt.date(2026, 1, 10), reference="2026/3")


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
        pytest.param(entry(Type="x"), "Type", "is not a whole number", id="type-text"),
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
def test_read_booking_refuses(row: dict[str, Any], field: str, reason: str) -> None:
    with pytest.raises(InputFormatError, match=reason) as caught:
        read_bookings([entry(EntryNumber=1), row])
    assert caught.value.source == "SalesEntries[1]"
    assert caught.value.field == field
    assert str(caught.value).startswith(f"SalesEntries[1], field {field!r}: ")


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param({"d": {"results": [entry()]}}, id="d-results"),
        pytest.param(
            [{"d": {"results": [entry()], "__next": "https://next"}}, {"d": {"results": []}}],
            id="pages",
        ),
        pytest.param({"d": entry()}, id="one-object-in-d"),
        pytest.param({"d": [entry()]}, id="d-list"),
        pytest.param([entry()], id="bare-list"),
    ],
)
def test_envelopes(payload: Any) -> None:
    assert read_bookings(payload) == (
        Booking("70", 1002, dt.date(2026, 1, 10), reference="2026/3"),
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
            {"error": {"code": "", "message": {"lang": "", "value": "Forbidden"}}},
            "is an error answer, not rows: 'Forbidden'",
            id="odata-error",
        ),
        pytest.param(
            {"d": {"results": [entry()], "__next": "https://next"}},
            r"links a next page \(__next\): the answer is incomplete, 1 row read",
            id="next-alone",
        ),
    ],
)
def test_envelope_refused(payload: Any, reason: str) -> None:
    with pytest.raises(InputFormatError, match=reason) as caught:
        read_bookings(payload)
    assert caught.value.source == "SalesEntries"


def test_row_that_is_not_an_object() -> None:
    with pytest.raises(InputFormatError, match=r"^SalesEntries\[0\]: is a list, not an object"):
        read_bookings([[1002, "70"]])


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
    numbers = [booking.booking_number for booking in read_bookings(payload)]
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
def test_read_journals(payload: Any, expected: tuple[Journal, ...]) -> None:
    assert read_journals(payload) == expected


def test_journals_numbering_is_a_parameter() -> None:
    journals = read_journals([{"Code": "70"}], numbering=Numbering.PER_FINANCIAL_YEAR)
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
        read_journals({"d": {"results": [row]}})
    assert (caught.value.source, caught.value.field) == ("Journals[0]", field)


def test_errors_are_the_librarys_and_value_errors() -> None:
    with pytest.raises(BookingReconcileError):
        read_bookings([entry(EntryNumber=0)])
    with pytest.raises(ValueError, match="EntryNumber"):
        read_bookings([entry(EntryNumber=0)])


def page(*rows: dict[str, Any], more: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {"results": list(rows)}
    if more:
        body["__next"] = (
            "https://start.exactonline.nl/api/v1/1/salesentry/SalesEntries?$skiptoken=x"
        )
    return {"d": body}


def test_pages_are_read_in_order_and_rows_named_by_page() -> None:
    pages = [page(entry(EntryNumber=1001, YourRef="2026/1"), more=True), page(entry())]
    assert [b.booking_number for b in read_bookings(pages)] == [1001, 1002]
    with pytest.raises(InputFormatError) as caught:
        read_bookings([page(entry(), more=True), page(entry(EntryNumber="x"))])
    assert caught.value.source == "SalesEntries page 2[0]"


def test_a_last_page_that_links_a_next_one_is_incomplete() -> None:
    pages = [page(*[entry(EntryNumber=n) for n in range(1, 61)], more=True)]
    pages.append(page(entry(EntryNumber=61), more=True))
    with pytest.raises(InputFormatError, match="incomplete, 61 rows read") as caught:
        read_bookings(pages)
    assert caught.value.source == "SalesEntries page 2"


@pytest.mark.parametrize(
    "integration",
    [
        pytest.param(None, id="no-integration"),
        pytest.param(Integration("70", "71"), id="journals-apart"),
        pytest.param(Integration("70", "70"), id="one-journal"),
    ],
)
@pytest.mark.parametrize(
    "row",
    [
        pytest.param(entry(Journal="71", Type=20, YourRef="C1"), id="type-against-journal"),
        pytest.param({k: v for k, v in entry().items() if k != "Type"}, id="no-type"),
        pytest.param(entry(Journal="90"), id="other-journal"),
        pytest.param(entry(Type=21, YourRef="C1"), id="credit-note-type"),
        pytest.param(entry(Reversal=True), id="reversal"),
    ],
)
def test_rule_3_8_the_adapter_keeps_the_reference_and_leaves_linking_to_the_snapshot(
    integration: Integration | None, row: dict[str, Any]
) -> None:
    # Neither the journal nor Type makes the adapter name a document: the
    # snapshot's one linking rule does (DOMAIN 3.8).
    (booking,) = read_booking_answers([row], integration=integration).bookings
    assert booking.document is None
    # A reversal keeps no reference: it books no document (docs/choices.md).
    assert booking.reference == (None if row.get("Reversal") else row["YourRef"])
    assert booking == read_booking(row)


@pytest.mark.parametrize(
    ("rows", "division", "reason"),
    [
        pytest.param(
            [entry(Division=1), entry(Division=2)], None, "2 is another division than 1", id="two"
        ),
        pytest.param([entry(Division=2)], 1, "2 is another division than 1", id="not-chosen"),
    ],
)
def test_rows_of_two_divisions_are_refused(
    rows: list[dict[str, Any]], division: int | None, reason: str
) -> None:
    with pytest.raises(InputFormatError, match=reason) as caught:
        read_bookings(rows, division=division)
    assert caught.value.field == "Division"
    assert "one snapshot is one administration" in str(caught.value)


def test_one_division_is_read() -> None:
    assert len(read_bookings([entry(Division=7), entry(Division=7, EntryNumber=1003)])) == 2


@pytest.mark.parametrize(
    ("year", "month"),
    [
        pytest.param(2026, 1, id="calendar-year"),
        pytest.param(2025, 4, id="april-year"),
        pytest.param(None, 1, id="null"),
    ],
)
def test_a_reporting_year_that_agrees_with_the_date_gives_no_warning(
    year: int | None, month: int
) -> None:
    rows = [entry(ReportingYear=year, ReportingPeriod=1)]
    answers = read_booking_answers(rows, financial_year_start_month=month)
    assert answers.warnings == ()
    assert answers.bookings == read_bookings(rows, financial_year_start_month=month)


def test_a_reporting_year_that_differs_from_the_date_is_a_warning_naming_the_entry() -> None:
    # Dated 2025-12-31 but numbered in 2026: read, not refused (whether Exact keeps
    # such entries is unconfirmed; ReportingYear is what it numbers by).
    rows = [
        entry(EntryNumber=1001, YourRef="2026/1"),
        entry(EntryDate="2025-12-31", ReportingYear=2026, ReportingPeriod=1),
    ]
    answers = read_booking_answers(rows)
    assert [b.booking_number for b in answers.bookings] == [1001, 1002]
    (warning,) = answers.warnings
    assert warning.rule == "numbering-year-differs"
    for part in (
        "booking #1002 in journal 70 (SalesEntries[1], EntryID 3f0c1c9e-",
        "is dated 2025-12-31, in financial year 2025",
        "numbers it in ReportingYear 2026",
        "Where journal 70 numbers per financial year, the library places it in 2026",
    ):
        assert part in warning.message
    with pytest.warns(ReadingWarning, match="numbering-year-differs: booking #1002"):
        assert read_bookings(rows) == answers.bookings
    with pytest.warns(ReadingWarning, match="ReportingYear 2026"):
        read_booking(rows[1])


def test_a_financial_year_of_lines_that_differs_from_the_date_is_a_warning() -> None:
    lines = [line(Date="2025-12-31"), line(LineNumber=1, Date="2025-12-31")]
    answers = read_booking_answers(lines)
    assert len(answers.bookings) == 1
    (warning,) = answers.warnings
    assert "(TransactionLines[0], EntryID 8e0f6a52-5b3e-4c55-9a6c-000000000002)" in warning.message
    assert "numbers it in FinancialYear 2026" in warning.message


def ms(day: dt.date) -> str:
    epoch = dt.date(1970, 1, 1)
    return f"/Date({(day - epoch).days * 86_400_000})/"


PERIODS = {
    "d": {
        "results": [
            {"FinYear": 2025, "FinPeriod": p, "StartDate": ms(start), "EndDate": ms(end)}
            for p, start, end in [
                (1, dt.date(2025, 4, 1), dt.date(2025, 4, 30)),
                (9, dt.date(2025, 12, 1), dt.date(2025, 12, 31)),
                (10, dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
            ]
        ]
    }
}


def test_closed_periods_give_the_lock_date() -> None:
    statuses = [
        {"Journal": "70", "Year": 2025, "Period": 9, "Status": 1},
        {"Journal": "70", "Year": 2025, "Period": 10, "Status": 0},
        {"Journal": "71", "Year": 2025, "Period": 1, "Status": 1},
    ]
    journals = read_journals(
        [{"Code": "70"}, {"Code": "71"}, {"Code": "72"}],
        statuses=statuses,
        financial_periods=PERIODS,
    )
    assert [j.locked_until for j in journals] == [
        dt.date(2025, 12, 31),
        dt.date(2025, 4, 30),
        None,
    ]
    by_months = read_journals([{"Code": "70"}], statuses=statuses[:1], financial_year_start_month=4)
    assert by_months[0].locked_until == dt.date(2025, 12, 31)


@pytest.mark.parametrize(
    ("statuses", "periods", "reason"),
    [
        pytest.param(
            [{"Journal": "70", "Year": 2025, "Period": 13, "Status": 1}],
            None,
            "period 13 of 2025 is not a calendar month",
            id="period-13-without-table",
        ),
        pytest.param(
            [{"Journal": "70", "Year": 2025, "Period": 11, "Status": 1}],
            PERIODS,
            "period 11 of 2025 is not in FinancialPeriods",
            id="period-not-in-table",
        ),
        pytest.param(
            [{"Journal": "70", "Year": 2025, "Period": 1, "Status": None}],
            None,
            "is empty",
            id="status-null",
        ),
    ],
)
def test_closed_periods_refused(statuses: Any, periods: Any, reason: str) -> None:
    with pytest.raises(InputFormatError, match=reason) as caught:
        read_journals([{"Code": "70"}], statuses=statuses, financial_periods=periods)
    assert caught.value.source == "JournalStatusList[0]"


def test_financial_year_start_month_from_the_period_table() -> None:
    assert read_financial_year_start_month(PERIODS) == 4
    other = {"FinYear": 2026, "FinPeriod": 1, "StartDate": ms(dt.date(2026, 1, 1))}
    with pytest.raises(InputFormatError, match="starts a financial year in month 1"):
        read_financial_year_start_month([*PERIODS["d"]["results"], other])
    with pytest.raises(InputFormatError, match="has no period 1"):
        read_financial_year_start_month(PERIODS["d"]["results"][1:])


def test_the_answers_of_one_snapshot_are_of_one_division() -> None:
    with pytest.raises(InputFormatError, match="13 is another division than 12") as caught:
        snapshot_from_payloads(
            Integration("70", "71"),
            invoices=[],
            sales_entries=[entry(Division=12, YourRef=None)],
            journals=[{"Code": "70", "Division": 13}, {"Code": "71", "Division": 13}],
        )
    assert (caught.value.source, caught.value.field) == ("Journals[0]", "Division")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        pytest.param(10**25, r"has more digits than a booking number has \(at most 20\)", id="int"),
        pytest.param("9" * 25, "has 25 digits, more than a booking number has", id="text"),
        pytest.param(10**5000, "<an integer of more than 80 digits>", id="int-5000-digits"),
    ],
)
def test_entry_numbers_of_too_many_digits(value: object, reason: str) -> None:
    with pytest.raises(InputFormatError, match=reason) as caught:
        read_bookings([entry(EntryNumber=value)])
    assert (caught.value.source, caught.value.field) == ("SalesEntries[0]", "EntryNumber")
    assert len(str(caught.value)) < 300


def test_the_period_table_and_the_integration_must_agree_on_the_start_month() -> None:
    periods = [
        {"FinYear": 2026, "FinPeriod": 1, "StartDate": "2026-04-01", "EndDate": "2026-04-30"}
    ]
    with pytest.raises(InputFormatError, match="starts the financial year in month 4, but the"):
        snapshot_from_payloads(
            Integration("70", "71", None, 7), invoices=[], financial_periods=periods
        )
    snapshot = snapshot_from_payloads(
        Integration("70", "71"), invoices=[], financial_periods=periods
    )
    assert snapshot.integration.financial_year_start_month == 4


API_DATA = Path(__file__).parent / "data" / "api"


def load(name: str) -> Any:
    return json.loads((API_DATA / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(load("exact-online-rate-limited.json"), id="message"),
        pytest.param({"error": {"code": 429, "message": {"value": ""}}}, id="code-429"),
        pytest.param(
            {"error": {"code": "", "message": {"value": "API rate limit exceeded"}}},
            id="words",
        ),
    ],
)
def test_a_rate_limit_answer_says_to_wait_not_to_correct_the_request(answer: Any) -> None:
    for read in (read_bookings, read_journals, read_financial_year_start_month):
        with pytest.raises(InputFormatError, match="rate limit was reached") as caught:
            read(answer)
        message = str(caught.value)
        assert "60 calls a minute" in message
        assert "wait a minute" in message
        assert "correct the request" not in message


def test_another_error_answer_still_says_to_correct_the_request() -> None:
    answer = {"error": {"code": "", "message": {"value": "Forbidden - Insufficient scope"}}}
    with pytest.raises(InputFormatError, match="correct the request") as caught:
        read_bookings(answer)
    assert "rate limit" not in str(caught.value)


SYNC_PAGES = [
    load("exact-online-transaction-lines-sync-page-1.json"),
    load("exact-online-transaction-lines-sync-page-2.json"),
]


def line(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "EntryID": "8e0f6a52-5b3e-4c55-9a6c-000000000002",
        "LineNumber": 0,
        "JournalCode": "70",
        "Date": f"/Date({JAN_10_MS})/",
        "FinancialYear": 2026,
        "FinancialPeriod": 1,
        "EntryNumber": 1002,
        "YourRef": "2026/3",
        "Division": 123456,
        "Type": 20,
        "Status": 50,
    }
    row.update(overrides)
    return row


def test_transaction_lines_are_one_booking_per_entry_id() -> None:
    bookings = read_bookings(SYNC_PAGES, integration=Integration("70", "71"))
    assert bookings == (
        # FinancialYear is kept: the numbering period (API-FACTS, issue 19).
        Booking("70", 1001, dt.date(2026, 1, 5), reference="2026 / 1", financial_year=2026),
        Booking("70", 1002, dt.date(2026, 1, 10), reference="2026 / 3", financial_year=2026),
        Booking("71", 1, dt.date(2026, 1, 12), reference="2026 / 1", financial_year=2026),
    )


def test_transaction_lines_page_with_next_alone_is_incomplete() -> None:
    with pytest.raises(InputFormatError, match=r"links a next page \(__next\)") as caught:
        read_bookings(SYNC_PAGES[0])
    assert caught.value.source == "TransactionLines"


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param([line(), line(LineNumber=1)], id="bare-list"),
        pytest.param(
            {"d": {"results": [line(), line(LineNumber=1)]}}, id="bulk-or-financialtransaction"
        ),
        pytest.param({"d": line()}, id="get-by-key"),
        pytest.param(
            [line(), line(LineNumber=1, EntryID=line()["EntryID"].upper())], id="guid-case"
        ),
    ],
)
def test_transaction_lines_envelopes(payload: Any) -> None:
    assert read_bookings(payload) == (
        Booking("70", 1002, dt.date(2026, 1, 10), reference="2026/3", financial_year=2026),
    )


@pytest.mark.parametrize(
    ("other", "field", "shown"),
    [
        pytest.param({"JournalCode": "71"}, "JournalCode", "JournalCode '71'", id="journal"),
        pytest.param({"EntryNumber": 1003}, "EntryNumber", "EntryNumber 1003", id="number"),
        pytest.param({"Date": "2026-01-11"}, "Date", "Date 2026-01-11", id="date"),
        pytest.param({"YourRef": "2026/4"}, "YourRef", "YourRef '2026/4'", id="reference"),
        pytest.param({"YourRef": None}, "YourRef", "YourRef null", id="reference-missing"),
        pytest.param(
            {"FinancialYear": 2025, "Date": "2025-12-31", "FinancialPeriod": 12},
            "Date",
            "Date 2025-12-31",
            id="year-and-date",
        ),
        pytest.param({"Type": 21}, "Type", "Type 21", id="type"),
        pytest.param({"Status": 5}, "Status", "a skipped status", id="status"),
    ],
)
def test_transaction_lines_of_one_entry_must_agree(
    other: dict[str, Any], field: str, shown: str
) -> None:
    lines = [line(), line(LineNumber=1), line(LineNumber=2, **other)]
    with pytest.raises(InputFormatError) as caught:
        read_bookings({"d": {"results": lines}})
    error = caught.value
    assert (error.source, error.field) == ("TransactionLines[2]", field)
    message = str(error)
    assert shown in message
    assert "disagrees with TransactionLines[0]" in message
    assert "EntryID 8e0f6a52-5b3e-4c55-9a6c-000000000002" in message


def test_transaction_lines_of_a_skipped_status_are_left_out() -> None:
    assert read_bookings([line(Status=5), line(LineNumber=1, Status=5)]) == ()


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        pytest.param(
            {k: v for k, v in line().items() if k != "EntryID"},
            "EntryID",
            "is missing",
            id="no-entry-id",
        ),
        pytest.param(line(EntryID=None), "EntryID", "is empty", id="null-entry-id"),
        pytest.param(
            {k: v for k, v in line().items() if k != "Date"}, "Date", "is missing", id="no-date"
        ),
        pytest.param(
            line(FinancialYear="26a"), "FinancialYear", "is not a whole number", id="year-text"
        ),
    ],
)
def test_transaction_lines_refused(row: dict[str, Any], field: str, reason: str) -> None:
    with pytest.raises(InputFormatError, match=reason) as caught:
        read_bookings([row])
    assert (caught.value.source, caught.value.field) == ("TransactionLines[0]", field)


def test_sales_entries_and_transaction_lines_are_not_mixed() -> None:
    with pytest.raises(InputFormatError, match="the same entries would be read twice") as caught:
        read_bookings([entry(), line()])
    assert caught.value.source == "SalesEntries[1]"


def test_division_chooses_one_of_two_and_leaves_the_others_out() -> None:
    rows = [entry(Division=1), entry(Division=2, EntryNumber=1003)]
    assert [b.booking_number for b in read_bookings(rows, division=2)] == [1003]
    lines = [line(Division=1), line(Division=2, EntryID="other", EntryNumber=7)]
    assert [b.booking_number for b in read_bookings(lines, division=2)] == [7]


def test_with_division_a_row_without_one_is_refused_where_others_name_theirs() -> None:
    rows = [entry(Division=1), {k: v for k, v in entry().items() if k != "Division"}]
    with pytest.raises(InputFormatError, match="so that every row names its own"):
        read_bookings(rows, division=1)
    # No row names a division: nothing to choose by, all are read.
    assert len(read_bookings([entry()], division=1)) == 1


def test_rule_6_a_row_without_a_division_among_rows_of_one_is_refused_without_division_too() -> (
    None
):
    # Kept silently and labelled with the others' division, while the same
    # rows given with division= were refused: one behaviour on both paths.
    rows = [entry(Division=1), {k: v for k, v in entry().items() if k != "Division"}]
    with pytest.raises(InputFormatError) as caught:
        read_bookings(rows)
    message = str(caught.value)
    assert "'Division': is missing while other rows name their division (1, SalesEntries[0])" in (
        message
    )
    assert "division=" not in message  # nobody passed one
    assert caught.value.source == "SalesEntries[1]"


STATUSES_OF_TWO = [
    {"Journal": "70", "Year": 2025, "Period": 12, "Status": 1, "Division": 12},
    {"Journal": "70", "Year": 2026, "Period": 1, "Status": 1, "Division": 13},
]
PERIODS_OF_TWO = [
    {
        "FinYear": 2026,
        "FinPeriod": 1,
        "StartDate": "2026-01-01",
        "EndDate": "2026-01-31",
        "Division": 13,
    },
    {
        "FinYear": 2025,
        "FinPeriod": 1,
        "StartDate": "2025-04-01",
        "EndDate": "2025-04-30",
        "Division": 12,
    },
    {
        "FinYear": 2025,
        "FinPeriod": 12,
        "StartDate": "2025-12-01",
        "EndDate": "2025-12-31",
        "Division": 12,
    },
]


@pytest.mark.parametrize(
    ("answers", "source"),
    [
        pytest.param(
            {"journal_statuses": STATUSES_OF_TWO[1:]}, "JournalStatusList[0]", id="statuses"
        ),
        pytest.param(
            {"financial_periods": PERIODS_OF_TWO[:1]}, "FinancialPeriods[0]", id="periods"
        ),
    ],
)
def test_the_one_division_rule_covers_journal_statuses_and_financial_periods(
    answers: dict[str, Any], source: str
) -> None:
    with pytest.raises(InputFormatError, match="13 is another division than 12") as caught:
        snapshot_from_payloads(
            Integration("70", "71"),
            invoices=[],
            sales_entries=[entry(Division=12, YourRef=None)],
            journals=[{"Code": "70", "Division": 12}, {"Code": "71", "Division": 12}],
            **answers,
        )
    assert (caught.value.source, caught.value.field) == (source, "Division")


def test_the_readers_of_statuses_and_periods_refuse_two_divisions() -> None:
    with pytest.raises(InputFormatError, match="13 is another division than 12"):
        read_journals([{"Code": "70"}], statuses=STATUSES_OF_TWO)
    with pytest.raises(InputFormatError, match="12 is another division than 13"):
        read_financial_year_start_month(PERIODS_OF_TWO)


def test_division_chooses_the_statuses_and_periods_of_one_administration() -> None:
    (journal,) = read_journals(
        [{"Code": "70", "Division": 12}],
        statuses=STATUSES_OF_TWO,
        financial_periods=PERIODS_OF_TWO,
        division=12,
    )
    assert journal.locked_until == dt.date(2025, 12, 31)
    assert read_financial_year_start_month(PERIODS_OF_TWO, division=12) == 4
    assert read_financial_year_start_month(PERIODS_OF_TWO, division=13) == 1
    snapshot = snapshot_from_payloads(
        Integration("70", "71"),
        invoices=[],
        sales_entries=[
            entry(Division=12, YourRef=None),
            entry(Division=13, YourRef=None, EntryNumber=9),
        ],
        journals=[
            {"Code": "70", "Division": 12},
            {"Code": "71", "Division": 12},
            {"Code": "70", "Division": 13},
        ],
        journal_statuses=STATUSES_OF_TWO,
        financial_periods=PERIODS_OF_TWO,
        division=12,
    )
    assert snapshot.integration.financial_year_start_month == 4
    assert [b.booking_number for b in snapshot.bookings or ()] == [1002]
    assert [j.locked_until for j in snapshot.journals] == [dt.date(2025, 12, 31), None]


def test_a_division_no_answer_holds_is_refused() -> None:
    with pytest.raises(InputFormatError, match="no row is of division 5") as caught:
        snapshot_from_payloads(
            Integration("70", "71"),
            invoices=[],
            sales_entries=[entry(Division=12, YourRef=None)],
            division=5,
        )
    assert caught.value.source == "SalesEntries[0]"


def test_snapshot_from_payloads_reads_transaction_lines_and_issues_the_year_warning() -> None:
    lines = [
        line(EntryID="e-1", EntryNumber=1001, YourRef=None, Date="2025-12-31"),
        line(EntryID="e-1", EntryNumber=1001, YourRef=None, Date="2025-12-31", LineNumber=1),
        line(EntryID="e-2", YourRef=None),
    ]
    with pytest.warns(
        ReadingWarning, match=r"booking #1001 in journal 70 \(TransactionLines\[0\], EntryID e-1\)"
    ):
        snapshot = snapshot_from_payloads(
            Integration("70", "71"), invoices=[], sales_entries={"d": {"results": lines}}
        )
    assert [b.booking_number for b in snapshot.bookings or ()] == [1001, 1002]


@pytest.mark.parametrize(
    ("answers", "source"),
    [
        pytest.param(
            {
                "statuses": [
                    {"Journal": "70", "Year": 2025, "Period": 12, "Status": 1, "Division": 13}
                ]
            },
            "JournalStatusList[0]",
            id="statuses",
        ),
        pytest.param(
            {
                "financial_periods": [
                    {
                        "FinYear": 2025,
                        "FinPeriod": 1,
                        "StartDate": "2025-04-01",
                        "EndDate": "2025-04-30",
                        "Division": 13,
                    }
                ]
            },
            "FinancialPeriods[0]",
            id="periods",
        ),
    ],
)
def test_read_journals_refuses_statuses_or_periods_of_another_division_than_the_journals(
    answers: dict[str, Any], source: str
) -> None:
    # Each answer of one division on its own, but not the same one: the closed
    # periods and the period table of another administration would move the
    # lock dates (issue 18: the one-division rule covers every answer read).
    with pytest.raises(InputFormatError, match="13 is another division than 12") as caught:
        read_journals([{"Code": "70", "Division": 12}], **answers)
    assert (caught.value.source, caught.value.field) == (source, "Division")
    # Of the journals' own division, they are read.
    (journal,) = read_journals([{"Code": "70", "Division": 13}], **answers)
    assert journal.code == "70"


def test_a_rate_limit_answer_among_transaction_lines_pages_is_named_after_them() -> None:
    pages = [SYNC_PAGES[0], {"error": {"code": "", "message": {"value": "Too many requests"}}}]
    with pytest.raises(InputFormatError, match="wait a minute") as caught:
        read_bookings(pages)
    assert caught.value.source == "TransactionLines page 2"
