"""Teamleader Focus answers joined with what the API lacks, one department at a time (§6).

The booking numbers come from the overview's export, joined by document
number; invoice numbers repeat across departments, so the export's document
must also be the answer's (its date). A row that names no department among
rows that name theirs belongs to no department the library could read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from api_rows import department_invoice
from booking_reconcile.adapters import read_answers, snapshot_from_payloads
from booking_reconcile.adapters.teamleader import (
    department_of,
    departments_named,
    read_credit_notes,
    read_documents,
    read_invoices,
)
from booking_reconcile.errors import BookingReconcileError, InputFormatError, InvalidTypeError
from booking_reconcile.models import CreditNote, DocumentKind, DocumentRef, Integration, Invoice
from booking_reconcile.readers import DateStyle
from booking_reconcile.readers import read_documents as read_export

OVERVIEW = "tests/data/exports/teamleader-facturen-afdelingen.csv"


def gent_answer() -> dict[str, Any]:
    """Gent's invoices 2026 / 1 (2026-01-05) and 2026 / 2 (2026-01-06), without booking numbers."""
    rows = [department_invoice("dep-gent", 1), department_invoice("dep-gent", 2)]
    rows[1]["invoice_date"] = "2026-01-06"
    for row in rows:
        del row["booking_number"]
    return {"data": rows}


def overview_of(department: str) -> tuple[Invoice | CreditNote, ...]:
    with open(OVERVIEW, encoding="utf-8") as file:
        text = file.read()
    read = read_export(
        text,
        source="facturen.csv",
        kind=DocumentKind.INVOICE,
        department=department,
        date_style=DateStyle.DAY_FIRST,
    )
    return tuple(document for document in read if isinstance(document, (Invoice, CreditNote)))


# --- F12: booking numbers of the export of another department ---------------------------------


def test_rule_6_booking_numbers_of_another_departments_export_are_refused_by_their_dates() -> None:
    # Brugge's overview, Gent's answers: the same numbers, but 2026 / 2 is dated apart.
    brugge = overview_of("Bakkerij Brugge")
    with pytest.raises(InputFormatError) as caught:
        snapshot_from_payloads(
            Integration("70", "71"), invoices=gent_answer(), booking_numbers=brugge
        )
    error = caught.value
    assert isinstance(error, BookingReconcileError)
    assert error.source == "booking_numbers"
    assert error.field == "invoice_date"
    assert error.reason == (
        "invoice '2026 / 2' is dated 2026-01-07 in the export but 2026-01-06 in the answers "
        "(invoices.list[1]): an export of another department (or its dates read with day and "
        "month swapped)? export the invoices overview of the department the answers are of, "
        "with its booking-number column"
    )


def test_rule_6_booking_numbers_of_the_departments_own_export_are_joined() -> None:
    gent = overview_of("Bakkerij Gent")
    snapshot = snapshot_from_payloads(
        Integration("70", "71"), invoices=gent_answer(), booking_numbers=gent
    )
    assert [str(d) for d in snapshot.documents] == [
        "invoice 2026 / 1 of 2026-01-05 #1001",
        "invoice 2026 / 2 of 2026-01-06 #1002",
    ]


def test_rule_6_a_credit_note_dated_apart_from_the_export_is_refused_too() -> None:
    export = (CreditNote("C1", dt.date(2026, 1, 12), 7),)
    row = {"credit_note_number": "C1", "credit_note_date": "2026-01-11", "status": "booked"}
    with pytest.raises(InputFormatError, match="credit note 'C1' is dated 2026-01-12 in the "):
        read_credit_notes({"data": [row]}, booking_numbers=export)


def test_rule_6_an_export_holding_one_document_twice_dated_apart_is_refused() -> None:
    # An overview of two departments without its department column: which date is the
    # answer's document cannot be told.
    export = (
        Invoice("2026 / 2", dt.date(2026, 1, 6), 1002),
        Invoice("2026/2", dt.date(2026, 1, 7), 1002),
    )
    with pytest.raises(InputFormatError) as caught:
        read_invoices(gent_answer(), booking_numbers=export)
    assert caught.value.source == "booking_numbers"
    assert caught.value.reason == (
        "invoice '2026 / 2' is in the export twice, dated 2026-01-06 and 2026-01-07: an "
        "export of several departments? export the invoices overview of one department (the "
        "department column then chooses one: department=)"
    )


def test_rule_6_an_export_holding_one_number_twice_on_one_day_names_departments() -> None:
    # Two departments invoiced 2026 / 2 on the same day (their numbers repeat,
    # API-FACTS), booked under two numbers: not one number written two ways.
    export = (
        Invoice("2026 / 2", dt.date(2026, 1, 6), 1002),
        Invoice("2026 / 2", dt.date(2026, 1, 6), 2002),
    )
    with pytest.raises(InputFormatError) as caught:
        read_invoices(gent_answer(), booking_numbers=export)
    assert caught.value.reason == (
        "invoice '2026 / 2' is in the export twice, with booking numbers 1002 and 2002: an "
        "export of several departments (their numbers repeat)? export the invoices overview "
        "of one department (the department column then chooses one: department=)"
    )
    # Written two ways, with two booking numbers: the older message, "an invoice".
    written = (
        Invoice("2026 / 2", dt.date(2026, 1, 6), 1002),
        Invoice("2026/2", dt.date(2026, 1, 6), 2002),
    )
    with pytest.raises(InputFormatError) as caught:
        read_invoices(gent_answer(), booking_numbers=written)
    assert "so which booking number an invoice of the answer takes" in caught.value.reason
    # Review9 F5: one spelling repeated with two booking numbers, another
    # spelling of it first: the spelling repeated is named, as twice.
    repeated = (
        Invoice("2026 / 2", dt.date(2026, 1, 6), 1002),
        Invoice("2026/2", dt.date(2026, 1, 6), 1002),
        Invoice("2026/2", dt.date(2026, 1, 6), 2002),
    )
    with pytest.raises(InputFormatError) as caught:
        read_invoices(gent_answer(), booking_numbers=repeated)
    assert caught.value.reason.startswith(
        "invoice '2026/2' is in the export twice, with booking numbers 1002 and 2002: an "
        "export of several departments (their numbers repeat)?"
    )


def test_a_connectors_mapping_has_no_dates_and_is_joined_by_number_alone() -> None:
    numbers = {DocumentRef(DocumentKind.INVOICE, "2026 / 2"): 2002}
    documents = read_documents(gent_answer(), booking_numbers=numbers)
    assert [d.booking_number for d in documents] == [None, 2002]


def test_read_answers_refuses_another_departments_export_too() -> None:
    with pytest.raises(InputFormatError, match="is dated 2026-01-07 in the export"):
        read_answers(gent_answer(), source="i.json", booking_numbers=overview_of("Bakkerij Brugge"))


# --- F10: a row without department among rows that name theirs --------------------------------


def without_department(row: dict[str, Any], null: bool = False) -> dict[str, Any]:
    row = dict(row)
    if null:
        row["department"] = None
    else:
        del row["department"]
    return row


@pytest.mark.parametrize(("null", "said"), [(False, "missing"), (True, "null")])
def test_rule_6_a_row_without_department_among_named_rows_is_refused(null: bool, said: str) -> None:
    rows = [
        department_invoice("gent", 1),
        without_department(department_invoice("gent", 2), null),
    ]
    with pytest.raises(InputFormatError) as caught:
        read_documents({"data": rows}, booking_number_field="booking_number")
    error = caught.value
    assert (error.source, error.field) == ("invoices.list[1]", "department")
    assert error.reason == (
        f"is {said} while other rows name their department ('gent', invoices.list[0]): its "
        "department is unknown, and a snapshot is one department, with its own journals; "
        "keep each row's department as the API gives it (every list row has department: "
        "{type, id}), so that every row names its own"
    )


def test_rule_6_a_row_without_department_is_refused_with_department_chosen_alike() -> None:
    rows = [department_invoice("gent", 1), without_department(department_invoice("gent", 2))]
    with pytest.raises(InputFormatError, match="is missing while other rows name their departm"):
        read_documents({"data": rows}, booking_number_field="booking_number", department="gent")


def test_rule_6_the_first_row_without_department_is_refused_too() -> None:
    rows = [without_department(department_invoice("gent", 1)), department_invoice("gent", 2)]
    with pytest.raises(InputFormatError) as caught:
        read_invoices({"data": rows}, booking_number_field="booking_number")
    assert (caught.value.source, caught.value.field) == ("invoices.list[0]", "department")
    assert "('gent', invoices.list[1])" in caught.value.reason


def test_rule_6_a_draft_without_department_is_no_document_and_no_error() -> None:
    draft = without_department(department_invoice("gent", 2))
    draft.update(status="draft", invoice_number=None, invoice_date=None)
    rows = [department_invoice("gent", 1), draft]
    assert len(read_documents({"data": rows}, booking_number_field="booking_number")) == 1


def test_answers_that_name_no_department_at_all_are_read() -> None:
    rows = [without_department(department_invoice("gent", n)) for n in (1, 2)]
    assert len(read_documents({"data": rows}, booking_number_field="booking_number")) == 2


def test_an_answer_without_departments_beside_one_with_them_is_compared_only() -> None:
    # Each answer is checked on its own (as the Exact Online adapter checks each
    # resource's): credit notes fetched without their department, beside invoices with.
    invoices = {"data": [department_invoice("gent", 1)]}
    credit_notes = {"data": [{"credit_note_number": "C1", "credit_note_date": "2026-01-08"}]}
    numbers = {DocumentRef(DocumentKind.INVOICE, "2026 / 1"): 1001}
    del invoices["data"][0]["booking_number"]
    assert len(read_documents(invoices, credit_notes, booking_numbers=numbers)) == 2
    assert department_of(invoices, credit_notes) == "gent"


def test_rule_6_the_command_path_refuses_the_row_without_department() -> None:
    rows = [department_invoice("gent", 1), without_department(department_invoice("gent", 2))]
    with pytest.raises(InputFormatError, match="is missing while other rows name") as caught:
        read_answers({"data": rows}, source="i.json", booking_number_field="booking_number")
    assert caught.value.source == "i.json: invoices.list[1]"
    with pytest.raises(InputFormatError, match="is missing while other rows name"):
        department_of({"data": rows})


# --- what a choice of department can mean (the command's F14 question) -----------------------


def test_departments_named_lists_each_department_once_refusing_nothing() -> None:
    rows = [department_invoice(name, n) for n, name in enumerate(("gent", "brugge", "gent"))]
    draft = {**department_invoice("kortrijk", 9), "status": "draft"}
    unnamed = without_department(department_invoice("gent", 4))
    credit_notes = {"data": [{"credit_note_number": "C1", "department": {"id": "ieper"}}]}
    assert departments_named({"data": [*rows, draft, unnamed]}, credit_notes) == (
        "gent",
        "brugge",
        "ieper",
    )
    assert departments_named({"data": [unnamed]}) == ()
    assert departments_named() == ()
    with pytest.raises(InvalidTypeError, match="skipped_statuses 'draft' is not a collection"):
        departments_named({"data": rows}, skipped_statuses="draft")
