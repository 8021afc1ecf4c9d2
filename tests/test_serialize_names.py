"""DOMAIN §6: each error reading a snapshot's JSON names the document or booking, not a position alone.

The position stays in the field (``documents[0].date``); the message names
the record as the record's own errors name it (``invoice 2026/3: ...``),
whichever key is wrong, whenever its number can be read.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from booking_reconcile.batch import check_one
from booking_reconcile.errors import InputFormatError
from booking_reconcile.models import Booking, CreditNote, Integration, Invoice, Journal
from booking_reconcile.serialize import snapshot_from_dict, snapshot_from_json, snapshot_to_dict
from booking_reconcile.snapshot import Snapshot

DAY = dt.date(2026, 1, 10)
_DELETE = object()


def data() -> dict[str, Any]:
    invoice = Invoice("2026/3", DAY, 1002)
    credit_note = CreditNote("C1", DAY, 7, "72")
    return snapshot_to_dict(
        Snapshot(
            Integration("70", "71"),
            [invoice, credit_note],
            [Journal("70"), Journal("71"), Journal("72")],
            [Booking("70", 1002, DAY, invoice.ref), Booking("72", 7, DAY, credit_note.ref)],
        )
    )


def changed(**edits: Any) -> dict[str, Any]:
    """The data with ``documents__0__date="x"`` (a path of keys and indexes) set or deleted."""
    changed = data()
    for path, value in edits.items():
        *parents, last = path.split("__")
        target: Any = changed
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        if value is _DELETE:
            del target[last]
        else:
            target[last] = value
    return changed


def refusal(data: Any) -> InputFormatError:
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_dict(data, source="s.json")
    return caught.value


@pytest.mark.parametrize(
    ("edits", "field", "message"),
    [
        pytest.param(
            {"documents__0__date": "2026-02-30"},
            "documents[0].date",
            "invoice 2026/3: date '2026-02-30' is not a calendar date (day is out of range",
            id="document-date-impossible",
        ),
        pytest.param(
            {"documents__0__date": "10-01-2026"},
            "documents[0].date",
            "invoice 2026/3: date '10-01-2026' is not a date; expected YYYY-MM-DD",
            id="document-date-form",
        ),
        pytest.param(
            {"documents__0__date": 20260110},
            "documents[0].date",
            "invoice 2026/3: date 20260110 is not a string",
            id="document-date-number",
        ),
        pytest.param(
            {"documents__0__date": _DELETE},
            "documents[0].date",
            "invoice 2026/3: date is missing; a document has",
            id="document-date-missing",
        ),
        pytest.param(
            {"documents__0__kind": "bill"},
            "documents[0].kind",
            "document of kind 'bill' 2026/3: kind 'bill' is not one of invoice, credit_note",
            id="document-kind",
        ),
        pytest.param(
            {"documents__1__synced_at": "yesterday"},
            "documents[1].synced_at",
            "credit note C1: synced_at 'yesterday' is not an ISO 8601 date and time",
            id="document-synced-at",
        ),
        pytest.param(
            {"documents__1__synced_at": "2026-01-10T24:00"},
            "documents[1].synced_at",
            "credit note C1: synced_at '2026-01-10T24:00' is not a moment that exists",
            id="document-synced-at-hour-24",
        ),
        pytest.param(
            {"documents__0__amount": 5},
            "documents[0].amount",
            "invoice 2026/3: amount is not a known key; a document has",
            id="document-unknown-key",
        ),
        pytest.param(
            {"documents__0__booking_number": 0},
            "documents[0].booking_number",
            "invoice 2026/3: booking_number 0 is not a positive integer",
            id="document-booking-number-as-before",
        ),
        pytest.param(
            {"bookings__0__date": "2026-13-01"},
            "bookings[0].date",
            "booking #1002 in journal 70: date '2026-13-01' is not a calendar date (month",
            id="booking-date",
        ),
        pytest.param(
            {"bookings__1__date": _DELETE},
            "bookings[1].date",
            "booking #7 in journal 72: date is missing; a booking has",
            id="booking-date-missing",
        ),
        pytest.param(
            {"bookings__0__document__kind": "bill"},
            "bookings[0].document.kind",
            "booking #1002 in journal 70: document.kind 'bill' is not one of invoice, credit_note",
            id="booking-document-kind",
        ),
        pytest.param(
            {"bookings__0__document__number": _DELETE},
            "bookings[0].document.number",
            "booking #1002 in journal 70: document.number is missing; a document reference",
            id="booking-document-number-missing",
        ),
        pytest.param(
            {"bookings__0__document__number": " "},
            "bookings[0].document.number",
            "booking #1002 in journal 70: document.number ' ' is empty; expected a non-empty str",
            id="booking-document-number-blank",
        ),
        pytest.param(
            {"bookings__0__document": "2026/3"},
            "bookings[0].document",
            "booking #1002 in journal 70: document is a str, not an object",
            id="booking-document-not-an-object",
        ),
        pytest.param(
            {"bookings__0__booking_number": -3},
            "bookings[0].booking_number",
            "booking #-3 in journal 70: booking_number -3 is not a positive integer",
            id="booking-number-as-before",
        ),
        pytest.param(
            {"journals__0__numbering": "yearly"},
            "journals[0].numbering",
            "journal '70': numbering 'yearly' is not one of continuous, per_financial_year",
            id="journal-numbering",
        ),
        pytest.param(
            {"journals__2__locked_until": "2026-02-30"},
            "journals[2].locked_until",
            "journal '72': locked_until '2026-02-30' is not a calendar date",
            id="journal-locked-until",
        ),
    ],
)
def test_rule_6_a_field_error_names_the_document_or_booking(
    edits: dict[str, Any], field: str, message: str
) -> None:
    error = refusal(changed(**edits))
    assert error.field == field
    assert str(error).startswith(f"s.json, field {field!r}: {message}")


@pytest.mark.parametrize(
    ("edits", "field", "message"),
    [
        pytest.param(
            {"documents__0__number": "", "documents__0__date": "2026-02-30"},
            "documents[0].date",
            "'2026-02-30' is not a calendar date",
            id="document-number-empty",
        ),
        pytest.param(
            {"documents__0__number": _DELETE},
            "documents[0].number",
            "is missing; a document has",
            id="document-number-missing",
        ),
        pytest.param(
            {"bookings__0__booking_number": "1002", "bookings__0__date": "x"},
            "bookings[0].date",
            "'x' is not a date",
            id="booking-number-text",
        ),
        pytest.param(
            {"bookings__0__journal": 70, "bookings__0__date": "x"},
            "bookings[0].date",
            "'x' is not a date",
            id="booking-journal-number",
        ),
    ],
)
def test_rule_6_a_record_whose_number_cannot_be_read_is_named_by_its_position(
    edits: dict[str, Any], field: str, message: str
) -> None:
    error = refusal(changed(**edits))
    assert error.field == field
    assert str(error).startswith(f"s.json, field {field!r}: {message}")


def test_rule_6_a_document_number_with_a_line_end_keeps_the_message_on_one_line() -> None:
    message = str(refusal(changed(documents__0__number="A\nB", documents__0__date="x")))
    assert "invoice 'A\\nB': date 'x' is not a date" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("key", "value"),
    [("date", "2026-02-30"), ("kind", "bill"), ("synced_at", "yesterday")],
)
def test_rule_6_the_json_text_and_the_batch_name_the_document_alike(key: str, value: Any) -> None:
    given = changed(**{f"documents__0__{key}": value})
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_json(json.dumps(given), source="s.json")
    assert "2026/3" in str(caught.value)
    answer = check_one(json.dumps(given), source="s.json")
    assert answer["message"] == str(caught.value)
    assert check_one(given, source="s.json")["message"] == str(caught.value)


def test_rule_6_the_booking_date_in_the_batch_names_the_booking() -> None:
    answer = check_one(changed(bookings__0__date="2026-13-01"))
    assert "booking #1002 in journal 70: date '2026-13-01'" in answer["message"]


@pytest.mark.parametrize(
    ("path", "value", "example"),
    [
        pytest.param("documents__0__journal", 70, "such as '70'", id="document-journal"),
        pytest.param("bookings__0__journal", "", "such as '70'", id="booking-journal"),
        pytest.param("journals__0__code", " ", "such as '70'", id="journal-code"),
        pytest.param("integration__invoice_journal", " ", "such as '70'", id="integration"),
        pytest.param("documents__0__number", "", "such as '2026/17'", id="document-number"),
        pytest.param("bookings__0__reference", 5, "such as '2026/17'", id="reference"),
    ],
)
def test_rule_6_a_journal_is_given_a_journal_code_as_example(
    path: str, value: Any, example: str
) -> None:
    message = str(refusal(changed(**{path: value})))
    assert message.endswith(example)
    if example == "such as '70'":
        assert "2026/17" not in message


def test_rule_6_an_unknown_key_that_could_break_a_line_is_quoted() -> None:
    message = str(refusal(changed(**{"documents__0__\n": 1})))
    assert message.startswith(
        "s.json, field 'documents[0].\\n': invoice 2026/3: '\\n' is not a known"
    )
