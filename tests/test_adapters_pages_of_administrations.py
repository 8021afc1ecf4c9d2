"""Pages of several administrations saved in one list: each one's pages must be complete.

DOMAIN §3.8: an accounting side with a page of an API answer missing yields a
"sound" plan that books documents twice. One Exact account holds several
divisions, and Teamleader's lists repeat across departments (API-FACTS), so a
connector may save the pages of two administrations in one list: the pages
of the one read must be complete, whatever page of another follows them.

The shapes are those of ``tests/data/api`` (``salesentry/SalesEntries``
``{"d": {"results": [...], "__next": URL}}`` with ``Division``, the URL's
``/api/v1/{division}/``; ``invoices.list`` ``{"data": [...]}`` with
``department: {type, id}``); the values are invented.
"""

from __future__ import annotations

from typing import Any

import pytest

from api_rows import department_invoice, sales_entry
from booking_reconcile.adapters import read_answers, snapshot_from_payloads
from booking_reconcile.errors import InputFormatError
from booking_reconcile.models import DocumentKind, DocumentRef, Integration

URL = "https://start.exactonline.nl/api/v1/{division}/salesentry/SalesEntries?$skiptoken=guid'1'"
INVOICES = {
    "data": [
        {"invoice_number": "2026/1", "invoice_date": "2026-01-05", "status": "matched"},
        {"invoice_number": "2026/2", "invoice_date": "2026-01-06", "status": "matched"},
    ]
}
NUMBERS = {
    DocumentRef(DocumentKind.INVOICE, "2026/1"): 1001,
    DocumentRef(DocumentKind.INVOICE, "2026/2"): 1002,
}


def page(*rows: dict[str, Any], more: int | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"results": list(rows)}
    if more is not None:
        body["__next"] = URL.format(division=more)
    return {"d": body}


A_FIRST = page(sales_entry(1001, 123456, "2026/1"), more=123456)
A_SECOND = page(sales_entry(1002, 123456, "2026/2"))
B_ONLY = page(sales_entry(5001, 654321, "X1"))


def test_rule_3_8_a_page_linking_a_next_one_is_not_finished_by_another_divisions_page() -> None:
    with pytest.raises(InputFormatError, match="division 123456's answer is incomplete") as caught:
        snapshot_from_payloads(
            Integration("70", "71"),
            invoices=INVOICES,
            booking_numbers=NUMBERS,
            sales_entries=[A_FIRST, B_ONLY],
            division=123456,
        )
    assert caught.value.source == "SalesEntries page 1"
    assert "page 2 is of division 654321" in str(caught.value)


def test_rule_3_8_an_unfinished_division_is_refused_in_an_answers_file_too() -> None:
    with pytest.raises(InputFormatError, match="division 123456's answer is incomplete, 1 row"):
        read_answers([A_FIRST, B_ONLY], role="bookings", source="e.json", division=123456)


def test_rule_3_8_the_division_of_a_page_is_read_from_its_urls_when_rows_name_none() -> None:
    first = page({**sales_entry(1001, 1, "2026/1"), "Division": None}, more=123456)
    second = page({**sales_entry(5001, 1, "X1"), "Division": None})
    second["d"]["results"][0]["__metadata"] = {
        "uri": "https://start.exactonline.nl/api/v1/654321/salesentry/SalesEntries(guid'x')"
    }
    with pytest.raises(InputFormatError, match="division 123456's answer is incomplete"):
        read_answers([first, second], role="bookings", source="e.json")


@pytest.mark.parametrize(
    "pages",
    [
        pytest.param([A_FIRST, A_SECOND, B_ONLY], id="in-order"),
        pytest.param([A_FIRST, B_ONLY, A_SECOND], id="interleaved"),
        pytest.param([B_ONLY, A_FIRST, A_SECOND], id="other-first"),
    ],
)
def test_rule_3_8_every_page_of_each_division_read(pages: list[Any]) -> None:
    snapshot = snapshot_from_payloads(
        Integration("70", "71"),
        invoices=INVOICES,
        booking_numbers=NUMBERS,
        sales_entries=pages,
        division=123456,
    )
    assert snapshot.bookings is not None
    assert [b.booking_number for b in snapshot.bookings] == [1001, 1002]


GENT_FULL = {"data": [department_invoice("gent", n) for n in range(1, 21)]}
GENT_SHORT = {"data": [department_invoice("gent", n) for n in range(21, 24)]}
BRUGGE_SHORT = {"data": [department_invoice("brugge", n) for n in range(1, 4)]}


def test_rule_3_8_a_departments_full_last_page_warns_when_another_departments_page_follows() -> (
    None
):
    read = read_answers(
        [GENT_FULL, BRUGGE_SHORT],
        role="invoices",
        source="i.json",
        department="gent",
        booking_number_field="booking_number",
    )
    assert read.documents is not None
    assert len(read.documents) == 20
    (full,) = [w for w in read.warnings if w.rule == "last-page-full"]
    assert "holds 20 rows" in full.message


def test_rule_3_8_a_departments_short_last_page_ends_its_list() -> None:
    read = read_answers(
        [GENT_FULL, GENT_SHORT, BRUGGE_SHORT],
        role="invoices",
        source="i.json",
        department="gent",
        booking_number_field="booking_number",
    )
    assert [w.rule for w in read.warnings] == ["left-out-other-departments"]
