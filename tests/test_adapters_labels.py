"""A snapshot built from API answers names its administration (DOMAIN §7 labels).

``snapshot_from_payloads`` labels the snapshot with the division of Exact
Online's answers, chosen or not, and with the department ``department=``
chooses, as the command does with the same answers; ``labels=`` adds the
caller's own. The shapes are those of ``tests/data/api``
(``salesentry/SalesEntries`` rows with ``Division``, ``invoices.list`` rows
with ``department: {type, id}``); the values are invented.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from booking_reconcile import confirm_repair, plan_repair
from booking_reconcile.adapters import snapshot_from_payloads
from booking_reconcile.errors import BookingReconcileError, InvalidValueError
from booking_reconcile.models import DocumentKind, DocumentRef, Integration, Invoice
from booking_reconcile.snapshot import Snapshot

JAN_5_MS = 1767571200000
DAY_MS = 86400000
INTEGRATION = Integration("70", "71")
NUMBERS = {
    DocumentRef(DocumentKind.INVOICE, "A"): 1001,
    DocumentRef(DocumentKind.INVOICE, "B"): 1002,
}


def sales(division: int) -> dict[str, Any]:
    return {
        "d": {
            "results": [
                {
                    "EntryNumber": 1001 + day,
                    "Journal": "70",
                    "EntryDate": f"/Date({JAN_5_MS + day * DAY_MS})/",
                    "Type": 20,
                    "Status": 50,
                    "YourRef": reference,
                    "Division": division,
                }
                for day, reference in enumerate("AB")
            ]
        }
    }


def invoices(department: str = "dep-gent") -> dict[str, Any]:
    return {
        "data": [
            {
                "invoice_number": reference,
                "invoice_date": f"2026-01-0{5 + day}",
                "status": "matched",
                "department": {"type": "department", "id": department},
            }
            for day, reference in enumerate("AB")
        ]
    }


def test_rule_7_labels_name_the_division_of_the_answers() -> None:
    snapshot = snapshot_from_payloads(
        INTEGRATION, invoices=invoices(), sales_entries=sales(123456), booking_numbers=NUMBERS
    )
    assert dict(snapshot.labels) == {"division": "123456"}


def test_rule_7_labels_name_the_division_and_department_chosen() -> None:
    snapshot = snapshot_from_payloads(
        INTEGRATION,
        invoices=invoices(),
        sales_entries=sales(123456),
        booking_numbers=NUMBERS,
        division=123456,
        department="dep-gent",
    )
    assert dict(snapshot.labels) == {"division": "123456", "department": "dep-gent"}


def test_rule_7_labels_given_are_added_to_those_read() -> None:
    snapshot = snapshot_from_payloads(
        INTEGRATION,
        invoices=invoices(),
        sales_entries=sales(123456),
        booking_numbers=NUMBERS,
        labels={"customer": "Acme"},
    )
    assert dict(snapshot.labels) == {"customer": "Acme", "division": "123456"}


def test_rule_7_a_department_label_names_the_department_chosen() -> None:
    snapshot = snapshot_from_payloads(
        INTEGRATION,
        invoices=invoices(),
        booking_numbers=NUMBERS,
        department="dep-gent",
        labels={"department": "Gent"},
    )
    assert dict(snapshot.labels) == {"department": "Gent"}


def test_rule_7_a_label_given_against_the_answers_is_refused() -> None:
    with pytest.raises(
        InvalidValueError, match=r"'division': '111'.*another division than the answers' \(123456\)"
    ):
        snapshot_from_payloads(
            INTEGRATION,
            invoices=invoices(),
            sales_entries=sales(123456),
            booking_numbers=NUMBERS,
            labels={"division": "111"},
        )


def test_rule_7_a_plan_is_not_confirmed_with_another_divisions_answers() -> None:
    before = Snapshot(
        INTEGRATION,
        [Invoice("A", dt.date(2026, 1, 5), 1001), Invoice("B", dt.date(2026, 1, 6), 1001)],
        labels={"division": "111"},
    )
    plan = plan_repair(before)
    after = snapshot_from_payloads(
        INTEGRATION, invoices=invoices(), sales_entries=sales(222), booking_numbers=NUMBERS
    )
    with pytest.raises(BookingReconcileError, match="another administration"):
        confirm_repair(before, plan, after)
