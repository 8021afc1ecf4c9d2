"""Rows of API answers, as ``tests/data/api`` shows them, for the tests of administrations.

``salesentry/SalesEntries`` rows with their ``Division`` (Exact Online) and
``invoices.list`` rows with their ``department: {type, id}`` (Teamleader
Focus); the values are invented.
"""

from __future__ import annotations

from typing import Any

#: 2026-01-05 in Exact Online's ``/Date(ms)/``.
JAN_5_MS = 1767571200000


def sales_entry(number: int, division: int, reference: str) -> dict[str, Any]:
    """One booked sales entry of journal 70, of ``division``, naming ``reference``."""
    return {
        "EntryNumber": number,
        "Journal": "70",
        "EntryDate": f"/Date({JAN_5_MS})/",
        "Type": 20,
        "Status": 50,
        "YourRef": reference,
        "Division": division,
    }


def department_invoice(department: str, number: int) -> dict[str, Any]:
    """Invoice ``2026 / number`` of ``department``, booked as ``1000 + number``."""
    return {
        "id": f"{department}-{number}",
        "department": {"type": "department", "id": department},
        "invoice_number": f"2026 / {number}",
        "invoice_date": "2026-01-05",
        "status": "matched",
        "booking_number": 1000 + number,
    }
