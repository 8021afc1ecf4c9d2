"""DOMAIN §3.8's one linking rule, reached through the adapters.

The adapters read what the answers say: a booking keeps Exact Online's
"Your ref." as its ``reference``, and the snapshot links it to the document it
names (white space and case ignored, in the booking's journal; in a journal
shared by invoices and credit notes, the one carrying the booking's number).
No adapter matches on its own, so every path (``snapshot_from_payloads``,
``read_answers`` as the command reads JSON files, SalesEntries and
TransactionLines alike) links the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from booking_reconcile import (
    Booking,
    DocumentKind,
    DocumentRef,
    Integration,
    Snapshot,
    find_double_bookings,
    plan_repair,
)
from booking_reconcile.adapters import read_answers, snapshot_from_payloads
from booking_reconcile.errors import InconsistentInputError

JAN_10 = dt.date(2026, 1, 10)
JAN_11 = dt.date(2026, 1, 11)


def sales_entry(number: int, reference: str | None, day: dt.date = JAN_10, **more: Any) -> Any:
    return {
        "EntryID": f"e-{number}",
        "EntryNumber": number,
        "Journal": "70",
        "EntryDate": day.isoformat(),
        "Type": 20,
        "Status": 50,
        "YourRef": reference,
        **more,
    }


def lines(number: int, reference: str | None, day: dt.date = JAN_10, **more: Any) -> list[Any]:
    """The two lines of one TransactionLines entry."""
    fields = {
        "EntryID": f"e-{number}",
        "JournalCode": "70",
        "Date": day.isoformat(),
        "FinancialYear": day.year,
        "EntryNumber": number,
        "YourRef": reference,
        "Status": 50,
        **more,
    }
    return [{**fields, "LineNumber": 0}, {**fields, "LineNumber": 1}]


def invoices(*rows: tuple[str, dt.date]) -> Any:
    return {"data": [{"invoice_number": n, "invoice_date": d.isoformat()} for n, d in rows]}


def credit_notes(*rows: tuple[str, dt.date]) -> Any:
    return {"data": [{"credit_note_number": n, "credit_note_date": d.isoformat()} for n, d in rows]}


Build = Callable[..., Snapshot]


def by_payloads(integration: Integration, entries: list[Any], **documents: Any) -> Snapshot:
    return snapshot_from_payloads(
        integration, sales_entries={"d": {"results": entries}}, **documents
    )


def by_answer_files(integration: Integration, entries: list[Any], **documents: Any) -> Snapshot:
    """As the command reads JSON files: each file through read_answers, then one snapshot."""
    numbers = documents["booking_numbers"]
    read = [
        read_answers(documents[role], role=role, source=f"{role}.json", booking_numbers=numbers)
        for role in ("invoices", "credit_notes")
        if role in documents
    ]
    bookings = read_answers(
        {"d": {"results": entries}},
        role="bookings",
        source="bookings.json",
        integration=integration,
    )
    found = [document for answers in read for document in answers.documents or ()]
    return Snapshot(integration, found, bookings=bookings.bookings)


PATHS = [
    pytest.param(by_payloads, sales_entry, id="payloads-sales-entries"),
    pytest.param(by_payloads, lines, id="payloads-transaction-lines"),
    pytest.param(by_answer_files, sales_entry, id="answer-files-sales-entries"),
    pytest.param(by_answer_files, lines, id="answer-files-transaction-lines"),
]


def rows(make: Callable[..., Any], *entries: tuple[Any, ...]) -> list[Any]:
    """The answer's rows of ``entries``: one row each, or the lines of each."""
    found: list[Any] = []
    for entry in entries:
        fields = entry[3] if len(entry) > 3 else {}
        made = make(*entry[:3], **fields)
        found += made if isinstance(made, list) else [made]
    return found


@pytest.mark.parametrize(("build", "make"), PATHS)
@pytest.mark.parametrize(
    ("written", "reference"),
    [
        pytest.param("2026 / 3", "2026/3", id="spaces-in-the-document"),
        pytest.param("2026/3", "2026 / 3", id="spaces-in-the-reference"),
        pytest.param("F-2026/3", "f-2026/3", id="case"),
    ],
)
def test_rule_3_8_a_reference_written_otherwise_links_its_document(
    build: Build, make: Callable[..., Any], written: str, reference: str
) -> None:
    numbers = {DocumentRef(DocumentKind.INVOICE, written): 1002}
    snapshot = build(
        Integration("70", "71"),
        rows(make, (1002, reference)),
        invoices=invoices((written, JAN_10)),
        booking_numbers=numbers,
    )
    (invoice,) = snapshot.documents
    booking = snapshot.booking_of(invoice)
    assert booking is not None
    assert (booking.booking_number, booking.reference) == (1002, reference)
    assert snapshot.links is not None
    assert (snapshot.links.by_reference, snapshot.links.unlinked) == (1, 0)
    plan = plan_repair(snapshot)
    assert plan.feasible, [blocker.message for blocker in plan.blockers]


@pytest.mark.parametrize(("build", "make"), PATHS)
@pytest.mark.parametrize(
    "types",
    [
        pytest.param({"invoice": 20, "credit note": 21}, id="types-as-exact-sets-them"),
        pytest.param({"invoice": 21, "credit note": 20}, id="types-swapped-do-not-decide"),
    ],
)
def test_rule_3_8_in_a_shared_journal_the_reference_names_the_document_carrying_the_number(
    build: Build, make: Callable[..., Any], types: dict[str, int]
) -> None:
    # Teamleader numbers invoices and credit notes apart: invoice 5 and credit
    # note 5 both go to journal 70. Each booking with the reference "5" books
    # the one that carries its number; Exact's Type is not what decides.
    numbers = {
        DocumentRef(DocumentKind.INVOICE, "5"): 1002,
        DocumentRef(DocumentKind.CREDIT_NOTE, "5"): 1003,
    }
    snapshot = build(
        Integration("70", "70"),
        rows(
            make,
            (1002, "5", JAN_10, {"Type": types["invoice"]}),
            (1003, "5", JAN_11, {"Type": types["credit note"]}),
        ),
        invoices=invoices(("5", JAN_10)),
        credit_notes=credit_notes(("5", JAN_11)),
        booking_numbers=numbers,
    )
    booked = {document.kind: snapshot.booking_of(document) for document in snapshot.documents}
    assert {kind: b and b.booking_number for kind, b in booked.items()} == {
        DocumentKind.INVOICE: 1002,
        DocumentKind.CREDIT_NOTE: 1003,
    }
    assert find_double_bookings(snapshot) == ()


@pytest.mark.parametrize(("build", "make"), PATHS)
def test_rule_3_8_a_reference_both_documents_of_a_shared_journal_carry_is_an_input_error(
    build: Build, make: Callable[..., Any]
) -> None:
    # Invoice 5 and credit note 5 both carry #1002 in journal 70: the reference
    # "5" cannot tell which #1002 books, so nothing is guessed.
    numbers = {
        DocumentRef(DocumentKind.INVOICE, "5"): 1002,
        DocumentRef(DocumentKind.CREDIT_NOTE, "5"): 1002,
    }
    with pytest.raises(InconsistentInputError) as caught:
        build(
            Integration("70", "70"),
            rows(make, (1002, "5")),
            invoices=invoices(("5", JAN_10)),
            credit_notes=credit_notes(("5", JAN_10)),
            booking_numbers=numbers,
        )
    message = str(caught.value)
    for part in ("booking #1002 in journal 70", "invoice 5", "credit note 5", "say the kind"):
        assert part in message
    assert "document=DocumentRef(DocumentKind." in message


@pytest.mark.parametrize(("build", "make"), PATHS)
def test_rule_3_8_of_two_entries_naming_one_document_the_one_under_its_number_books_it(
    build: Build, make: Callable[..., Any]
) -> None:
    # The document entered by hand (#1003) and synchronised (#1002): the entry
    # under the number Teamleader stored books it; the other is a double booking.
    numbers = {DocumentRef(DocumentKind.INVOICE, "2026 / 3"): 1002}
    snapshot = build(
        Integration("70", "71"),
        rows(make, (1003, "2026/3", JAN_11), (1002, "2026/3")),
        invoices=invoices(("2026 / 3", JAN_10)),
        booking_numbers=numbers,
    )
    (double,) = find_double_bookings(snapshot)
    assert (double.booking.booking_number, double.duplicate.booking_number) == (1002, 1003)


@pytest.mark.parametrize(("build", "make"), PATHS)
def test_rule_3_8_an_entry_whose_reference_names_no_document_books_none(
    build: Build, make: Callable[..., Any]
) -> None:
    # Once refused by the adapter's own matching; now the snapshot's rule: a
    # booking naming no document is unlinked, and the plan says what it saw.
    numbers = {DocumentRef(DocumentKind.INVOICE, "2026 / 3"): 1002}
    snapshot = build(
        Integration("70", "71"),
        rows(make, (1002, "2026/9")),
        invoices=invoices(("2026 / 3", JAN_10)),
        booking_numbers=numbers,
    )
    assert snapshot.links is not None
    assert snapshot.links.unlinked == 1
    plan = plan_repair(snapshot)
    assert not plan.feasible
    assert any("the reference '2026/9'" in blocker.message for blocker in plan.blockers)


def test_rule_3_8_bookings_read_alone_name_no_document() -> None:
    # Without the documents, nothing can be linked: the answer gives references only.
    answers = read_answers(
        {"d": {"results": [sales_entry(1002, "2026/3")]}},
        role="bookings",
        integration=Integration("70", "71"),
    )
    assert answers.bookings == (Booking("70", 1002, JAN_10, reference="2026/3"),)
