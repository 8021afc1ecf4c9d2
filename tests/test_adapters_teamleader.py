"""Teamleader Focus invoices.list and creditNotes.list rows, read into documents."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from booking_reconcile.adapters import snapshot_from_payloads
from booking_reconcile.adapters.teamleader import (
    read_credit_notes,
    read_documents,
    read_invoices,
)
from booking_reconcile.errors import InputFormatError
from booking_reconcile.models import (
    Booking,
    CreditNote,
    DocumentKind,
    DocumentRef,
    Integration,
    Invoice,
)


def invoice_row(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": "6fac0bf0-e803-424e-af67-76863a3d7d16",
        "department": {"id": "080aac72-ff1a-4627-bfe3-146b6eee979c", "type": "department"},
        "invoice_number": "2026/3",
        "invoice_date": "2026-01-10",
        "status": "outstanding",
        "paid": False,
    }
    row.update(overrides)
    return row


def credit_note_row(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": "d1b2c3d4-0000-4000-8000-000000000001",
        "credit_note_number": "C1",
        "credit_note_date": "2026-01-11",
        "status": "booked",
        "invoice": {"id": "6fac0bf0-e803-424e-af67-76863a3d7d16", "type": "invoice"},
    }
    row.update(overrides)
    return row


JAN_10 = dt.date(2026, 1, 10)
#: A connector's mapping of booking numbers (the API has none).
NUMBERS = {
    DocumentRef(DocumentKind.INVOICE, "2026/3"): 1002,
    DocumentRef(DocumentKind.CREDIT_NOTE, "C1"): 7,
}


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        pytest.param(invoice_row(), Invoice("2026/3", JAN_10, 1002), id="booked"),
        pytest.param(invoice_row(status="matched"), Invoice("2026/3", JAN_10, 1002), id="paid"),
        pytest.param(
            invoice_row(invoice_number="2026 / 3"), Invoice("2026 / 3", JAN_10, 1002), id="spaced"
        ),
        pytest.param(
            invoice_row(invoice_number=" 2026/3 "), Invoice("2026/3", JAN_10, 1002), id="stripped"
        ),
        pytest.param(
            {k: v for k, v in invoice_row().items() if k != "status"},
            Invoice("2026/3", JAN_10, 1002),
            id="no-status",
        ),
    ],
)
def test_invoice_rows(row: dict[str, Any], expected: Invoice) -> None:
    assert read_invoices({"data": [row]}, booking_numbers=NUMBERS) == (expected,)


@pytest.mark.parametrize(
    ("row", "numbers", "expected"),
    [
        pytest.param(
            credit_note_row(), NUMBERS, CreditNote("C1", dt.date(2026, 1, 11), 7), id="booked"
        ),
        pytest.param(
            credit_note_row(),
            {DocumentRef(DocumentKind.CREDIT_NOTE, "C1"): None},
            CreditNote("C1", dt.date(2026, 1, 11)),
            id="null",
        ),
        pytest.param(
            credit_note_row(), {}, CreditNote("C1", dt.date(2026, 1, 11)), id="absent-unbooked"
        ),
    ],
)
def test_credit_note_rows(row: dict[str, Any], numbers: Any, expected: CreditNote) -> None:
    assert read_credit_notes({"data": [row]}, booking_numbers=numbers) == (expected,)


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param({"data": [invoice_row()]}, id="data-envelope"),
        pytest.param({"data": [invoice_row()], "meta": {"page": {"size": 20}}}, id="data-meta"),
        pytest.param([invoice_row()], id="bare-list"),
        pytest.param({"data": invoice_row()}, id="info"),
        pytest.param([{"data": invoice_row()}], id="info-pages"),
    ],
)
def test_envelopes(payload: Any) -> None:
    assert read_invoices(payload, booking_numbers=NUMBERS) == (Invoice("2026/3", JAN_10, 1002),)


def test_drafts_are_not_documents_yet() -> None:
    draft = invoice_row(invoice_number=None, invoice_date=None, status="draft")
    assert read_invoices({"data": [draft, invoice_row()]}, booking_numbers=NUMBERS) == (
        Invoice("2026/3", JAN_10, 1002),
    )
    assert read_invoices(
        [invoice_row(status="draft")], skipped_statuses=(), booking_numbers=NUMBERS
    ) == (Invoice("2026/3", JAN_10, 1002),)


@pytest.mark.parametrize(
    ("field", "row", "expected"),
    [
        pytest.param(
            "accounting.booking_number",
            invoice_row(accounting={"booking_number": 1002}),
            Invoice("2026/3", JAN_10, 1002),
            id="nested",
        ),
        pytest.param(
            "bookingNumber",
            invoice_row(bookingNumber="1002"),
            Invoice("2026/3", JAN_10, 1002),
            id="other-name",
        ),
        pytest.param(
            "booking_number",
            invoice_row(booking_number=1002),
            Invoice("2026/3", JAN_10, 1002),
            id="flat",
        ),
        pytest.param(
            "booking_number", invoice_row(booking_number=None), Invoice("2026/3", JAN_10), id="null"
        ),
        pytest.param(
            "booking_number", invoice_row(booking_number=""), Invoice("2026/3", JAN_10), id="empty"
        ),
        pytest.param(
            "booking_number",
            invoice_row(booking_number="1002"),
            Invoice("2026/3", JAN_10, 1002),
            id="text",
        ),
        pytest.param(None, invoice_row(), Invoice("2026/3", JAN_10), id="none"),
    ],
)
def test_booking_number_field_is_a_parameter(
    field: str | None, row: dict[str, Any], expected: Invoice
) -> None:
    assert read_invoices([row], booking_number_field=field) == (expected,)


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        pytest.param(
            invoice_row(invoice_number=None), "invoice_number", "is empty", id="no-number"
        ),
        pytest.param(
            invoice_row(invoice_number=5), "invoice_number", "is not text", id="number-int"
        ),
        pytest.param(invoice_row(invoice_date=None), "invoice_date", "is empty", id="no-date"),
        pytest.param(
            invoice_row(invoice_date="10-01-2026"),
            "invoice_date",
            r"expected YYYY-MM-DD \(2026-01-31\)$",
            id="day-first-refused",
        ),
        pytest.param(
            invoice_row(invoice_date="2026-02-30"), "invoice_date", "not a calendar", id="30-feb"
        ),
        pytest.param(
            invoice_row(invoice_date="2026-01-10T00:00:00+00:00"),
            "invoice_date",
            "is not a date",
            id="timestamp",
        ),
        pytest.param(
            invoice_row(booking_number=0), "booking_number", "not a positive integer", id="zero"
        ),
        pytest.param(
            invoice_row(booking_number=True), "booking_number", "not a whole number", id="bool"
        ),
        pytest.param(
            invoice_row(booking_number=1.5), "booking_number", "not a whole number", id="float"
        ),
        pytest.param(
            invoice_row(booking_number="12a"), "booking_number", "not a whole number", id="12a"
        ),
        pytest.param(
            invoice_row(booking_number=2**63), "booking_number", "is too large", id="too-large"
        ),
        pytest.param(
            {k: v for k, v in invoice_row().items() if k != "booking_number"},
            "booking_number",
            "is missing; the API has no booking number: pass booking_numbers=",
            id="missing",
        ),
    ],
)
def test_invoice_rows_refused(row: dict[str, Any], field: str, reason: str) -> None:
    # Read with the key a connector adds (booking_number_field), the one way a
    # row's own booking number is read.
    first = invoice_row(booking_number=1002)
    with pytest.raises(InputFormatError, match=reason) as caught:
        read_invoices({"data": [first, row]}, booking_number_field="booking_number")
    assert (caught.value.source, caught.value.field) == ("invoices.list[1]", field)


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        pytest.param({"invoices": []}, "has no key 'data'", id="no-data"),
        pytest.param({"data": "x"}, "holds a str where a list", id="data-text"),
        pytest.param(
            {"data": ["2026/3"]}, r"invoices.list\[0\]: is a str, not an object", id="row"
        ),
    ],
)
def test_envelope_refused(payload: Any, reason: str) -> None:
    with pytest.raises(InputFormatError, match=reason):
        read_invoices(payload)


def test_documents_from_both_lists() -> None:
    numbers = {**NUMBERS, DocumentRef(DocumentKind.CREDIT_NOTE, "2026/3"): 7}
    documents = read_documents(
        {"data": [invoice_row()]},
        {"data": [credit_note_row(credit_note_number="2026/3")]},
        booking_numbers=numbers,
    )
    assert documents == (
        Invoice("2026/3", JAN_10, 1002),
        CreditNote("2026/3", dt.date(2026, 1, 11), 7),
    )
    assert read_documents() == ()


def test_snapshot_from_payloads_links_both_sides() -> None:
    sales_entries = {
        "d": {
            "results": [
                {
                    "EntryNumber": 1002,
                    "Journal": "70",
                    "EntryDate": "/Date(1768003200000)/",
                    "Type": 20,
                    "Status": 50,
                    "YourRef": "2026/3",
                },
                {
                    "EntryNumber": 7,
                    "Journal": "71",
                    "EntryDate": "/Date(1768089600000)/",
                    "Type": 21,
                    "Status": 20,
                    "YourRef": "C1",
                },
            ]
        }
    }
    journals = {"d": {"results": [{"Code": "70", "Type": 20}, {"Code": "71", "Type": 21}]}}
    snapshot = snapshot_from_payloads(
        Integration("70", "71"),
        invoices={"data": [invoice_row()]},
        credit_notes={"data": [credit_note_row()]},
        booking_numbers=NUMBERS,
        sales_entries=sales_entries,
        journals=journals,
    )
    assert snapshot.bookings == (
        Booking("70", 1002, JAN_10, reference="2026/3"),
        Booking("71", 7, dt.date(2026, 1, 11), reference="C1"),
    )
    invoice, credit_note = snapshot.documents
    assert snapshot.booking_of(invoice) == snapshot.bookings[0]
    assert snapshot.booking_of(credit_note) == snapshot.bookings[1]
    assert snapshot.journal_codes == ("70", "71")
    without_accounting = snapshot_from_payloads(
        Integration("70", "71"), invoices={"data": [invoice_row()]}
    )
    assert without_accounting.bookings is None


def test_rule_3_8_a_reference_spaced_otherwise_links_across_both_adapters() -> None:
    # Exact's "Your ref." holds 2026 / 3 where Teamleader writes 2026/3: the
    # snapshot links them by the one rule (white space and case ignored).
    entry = {
        "EntryNumber": 1002,
        "Journal": "70",
        "EntryDate": "2026-01-10",
        "Type": 20,
        "YourRef": "2026 / 3",
    }
    snapshot = snapshot_from_payloads(
        Integration("70", "71"),
        invoices=[invoice_row()],
        booking_numbers=NUMBERS,
        sales_entries=[entry],
    )
    (invoice,) = snapshot.documents
    assert snapshot.booking_of(invoice) == Booking("70", 1002, JAN_10, reference="2026 / 3")
    assert snapshot.links is not None
    assert snapshot.links.by_reference == 1


def api_row(number: str, department: str = "dep-1", **overrides: Any) -> dict[str, Any]:
    row = invoice_row(invoice_number=number, department={"type": "department", "id": department})
    row.update(overrides)
    return row


EXPORT = (
    Invoice("2026 / 3", JAN_10, 1002),
    Invoice("2026 / 4", JAN_10),
    CreditNote("2026 / 3", dt.date(2026, 1, 11), 7),
)


@pytest.mark.parametrize(
    "booking_numbers",
    [
        pytest.param(EXPORT, id="export"),
        pytest.param({d.ref: d.booking_number for d in EXPORT}, id="mapping"),
    ],
)
def test_booking_numbers_are_joined_from_the_export(booking_numbers: Any) -> None:
    invoices = {"data": [api_row("2026 / 3"), api_row("2026/4")]}
    credit_notes = [credit_note_row(credit_note_number="2026 / 3")]
    documents = read_documents(invoices, credit_notes, booking_numbers=booking_numbers)
    assert documents == (
        Invoice("2026 / 3", JAN_10, 1002),
        Invoice("2026/4", JAN_10),
        CreditNote("2026 / 3", dt.date(2026, 1, 11), 7),
    )


def test_a_row_missing_from_the_export_is_reported() -> None:
    with pytest.raises(InputFormatError, match="invoice '2026 / 9' is not in the export") as caught:
        read_invoices([api_row("2026 / 3"), api_row("2026 / 9")], booking_numbers=EXPORT)
    assert (caught.value.source, caught.value.field) == ("invoices.list[1]", "invoice_number")


def test_one_department_per_snapshot() -> None:
    rows = {"data": [api_row("2026 / 1", "dep-1"), api_row("2026 / 1", "dep-2")]}
    numbers = {DocumentRef(Invoice.kind, "2026 / 1"): 1001}
    with pytest.raises(InputFormatError, match="'dep-2' is another department than 'dep-1'"):
        read_documents(rows, booking_numbers=numbers)
    (chosen,) = read_documents(rows, booking_numbers=numbers, department="dep-2")
    assert chosen == Invoice("2026 / 1", JAN_10, 1001)


def test_pages_of_teamleader_answers() -> None:
    pages = [{"data": [api_row("2026 / 3")]}, {"data": [api_row("2026 / 4")]}]
    assert [d.number for d in read_invoices(pages, booking_numbers=EXPORT)] == [
        "2026 / 3",
        "2026 / 4",
    ]


def test_an_error_answer_is_refused_with_its_message() -> None:
    answer = {"errors": [{"code": 401, "title": "Unauthorized", "detail": "Token expired"}]}
    with pytest.raises(InputFormatError, match="is an error answer, not rows: 'Token expired'"):
        read_invoices(answer)


API_DATA = Path(__file__).parent / "data" / "api"


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(
            json.loads((API_DATA / "teamleader-rate-limited.json").read_text(encoding="utf-8")),
            id="status-429",
        ),
        pytest.param({"errors": [{"title": "Rate limit exceeded"}]}, id="words"),
    ],
)
def test_a_rate_limit_answer_says_to_wait_for_the_reset(answer: Any) -> None:
    with pytest.raises(InputFormatError, match="rate limit was reached") as caught:
        read_invoices(answer, booking_numbers=EXPORT)
    message = str(caught.value)
    assert "200 requests a sliding minute" in message
    assert "X-RateLimit-Reset" in message
    assert "correct the request" not in message


def test_with_department_every_row_names_one() -> None:
    row = api_row("2026 / 3")
    del row["department"]
    with pytest.raises(InputFormatError, match="with department= every row must name") as caught:
        read_invoices([row], booking_numbers=EXPORT, department="dep-1")
    assert (caught.value.source, caught.value.field) == ("invoices.list[0]", "department")


def test_an_info_answer_is_one_document() -> None:
    info = {"data": api_row("2026 / 3")}
    assert read_invoices(info, booking_numbers=EXPORT) == (Invoice("2026 / 3", JAN_10, 1002),)
    credit_note = {"data": credit_note_row(credit_note_number="2026 / 3")}
    assert read_documents(info, credit_note, booking_numbers=EXPORT) == (
        Invoice("2026 / 3", JAN_10, 1002),
        CreditNote("2026 / 3", dt.date(2026, 1, 11), 7),
    )
    with pytest.raises(InputFormatError, match="is empty") as caught:
        read_invoices({"data": api_row("2026 / 3", invoice_date=None)}, booking_numbers=EXPORT)
    assert caught.value.source == "invoices.info[0]"


def test_booking_number_field_defaults_to_none_the_api_has_no_booking_number() -> None:
    assert read_invoices([api_row("2026 / 3")]) == (Invoice("2026 / 3", JAN_10),)


@pytest.mark.parametrize("key", ["booking_number", "bookingNumber", "accounting_booking"])
def test_a_booking_key_nobody_asked_to_read_is_refused(key: str) -> None:
    with pytest.raises(InputFormatError, match=f"pass booking_number_field={key!r}") as caught:
        read_invoices([api_row("2026 / 3", **{key: 1002})])
    assert (caught.value.source, caught.value.field) == ("invoices.list[0]", key)


def test_a_document_absent_from_a_connectors_mapping_is_unbooked() -> None:
    # The connector's database has no row for a document it never sent.
    numbers = {DocumentRef(DocumentKind.INVOICE, "2026/3"): 1002}
    assert read_invoices([api_row("2026 / 3"), api_row("2026 / 9")], booking_numbers=numbers) == (
        Invoice("2026 / 3", JAN_10, 1002),
        Invoice("2026 / 9", JAN_10),
    )
    # An export, though, lists every document of the period: one it lacks is refused.
    with pytest.raises(InputFormatError, match="is not in the export"):
        read_invoices([api_row("2026 / 3"), api_row("2026 / 9")], booking_numbers=EXPORT)


def test_rule_3_8_booking_numbers_join_as_the_snapshot_compares_numbers() -> None:
    # The overview's number and the API's compare as a reference does with a
    # document's number: white space and case aside.
    numbers = {DocumentRef(DocumentKind.INVOICE, "f-2026/3"): 1002}
    (invoice,) = read_invoices([api_row("F-2026 / 3")], booking_numbers=numbers)
    assert invoice == Invoice("F-2026 / 3", JAN_10, 1002)


def test_booking_numbers_written_alike_with_two_numbers_are_refused() -> None:
    export = (Invoice("2026/3", JAN_10, 1002), Invoice("2026 / 3", JAN_10, 1003))
    with pytest.raises(InputFormatError, match="are one number written two ways") as caught:
        read_invoices([api_row("2026/3")], booking_numbers=export)
    assert caught.value.source == "booking_numbers"
    for part in ("invoice '2026/3' (booking number 1002)", "'2026 / 3' (booking number 1003)"):
        assert part in str(caught.value)
    # Written alike with one number: nothing to choose between.
    same = (Invoice("2026/3", JAN_10, 1002), Invoice("2026 / 3", JAN_10, 1002))
    assert read_invoices([api_row("2026/3")], booking_numbers=same)[0].booking_number == 1002


@pytest.mark.parametrize(
    ("booking_numbers", "said"),
    [
        (
            {"2026/1": 1001},
            "booking_numbers: has the key '2026/1' (str); key the mapping by DocumentRef(",
        ),
        (
            {DocumentRef(DocumentKind.INVOICE, "2026/1"): "1001"},
            "booking_numbers: invoice '2026/1': '1001' is not a booking number; give a whole "
            "number of 1 or more (an int), or None for a document never booked",
        ),
        (
            {DocumentRef(DocumentKind.INVOICE, "2026/1"): True},
            "booking_numbers: invoice '2026/1': True is not a booking number",
        ),
        ("2026/1;1001", "booking_numbers: holds '2026/1;1001' (str), not a document"),
        ([("2026/1", 1001)], "booking_numbers: holds ('2026/1', 1001) (tuple), not a document"),
    ],
)
def test_booking_numbers_that_are_no_mapping_of_documents_are_refused_naming_them(
    booking_numbers: Any, said: str
) -> None:
    # A connector's own mapping, or an export's documents: anything else is the
    # library's error naming what was given, never a foreign exception.
    payload = {"data": [{"invoice_number": "2026/1", "invoice_date": "2026-01-05"}]}
    with pytest.raises(InputFormatError) as caught:
        read_documents(payload, booking_numbers=booking_numbers)
    assert said in str(caught.value)


def test_a_document_absent_from_the_connectors_mapping_is_not_booked() -> None:
    payload = {
        "data": [
            {"invoice_number": "2026/1", "invoice_date": "2026-01-05"},
            {"invoice_number": "2026/2", "invoice_date": "2026-01-06"},
        ]
    }
    sent = {DocumentRef(DocumentKind.INVOICE, "2026/1"): 1001}
    assert [d.booking_number for d in read_documents(payload, booking_numbers=sent)] == [1001, None]


def test_rule_6_a_department_no_row_names_is_refused_naming_the_departments() -> None:
    # The evidence reviewer's F9(c): department= matching no row gave no document, silently
    # (a misspelt id, or the department's name where the API gives its id).
    rows = {"data": [api_row("2026 / 3", "dep-gent"), api_row("2026 / 4", "dep-brugge")]}
    with pytest.raises(InputFormatError) as caught:
        read_invoices(rows, booking_numbers=EXPORT, department="Gent")
    assert (caught.value.source, caught.value.field) == ("invoices.list", "department.id")
    assert caught.value.reason == (
        "has no row of the department 'Gent' given with department= (--department); its "
        "departments are 'dep-gent', 'dep-brugge': Teamleader Focus names a department by "
        "its id (department.id), not its name"
    )
    with pytest.raises(InputFormatError, match="no row of the department 'Gent'"):
        read_documents(rows, None, booking_numbers=EXPORT, department="Gent")


def test_a_department_in_an_answer_without_documents_or_only_drafts_is_no_error() -> None:
    assert read_invoices({"data": []}, department="dep-1") == ()
    draft = api_row("2026 / 3", "dep-2", status="draft")
    assert read_invoices([draft], booking_numbers=EXPORT, department="dep-1") == ()


def test_department_chosen_over_both_answers_leaves_out_an_answer_of_another() -> None:
    invoices = {"data": [api_row("2026 / 3", "dep-gent")]}
    credit_notes = {"data": [credit_note_row(department={"type": "department", "id": "dep-x"})]}
    chosen = read_documents(invoices, credit_notes, booking_numbers=EXPORT, department="dep-gent")
    assert chosen == (Invoice("2026 / 3", JAN_10, 1002),)
    with pytest.raises(InputFormatError, match="its departments are 'dep-x'"):
        read_credit_notes(credit_notes, booking_numbers=EXPORT, department="dep-gent")
