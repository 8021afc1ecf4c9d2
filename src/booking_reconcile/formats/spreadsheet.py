"""Spreadsheets: the bookings to delete, for a person to tick off.

:func:`deletions_to_csv` writes the bookings to delete, in deletion order,
as CSV with a header row.
"""

from __future__ import annotations

__all__ = ["DELETION_CSV_COLUMNS", "deletions_to_csv"]

import csv
import io

from booking_reconcile.repair_plan import RepairPlan

#: The columns of :func:`deletions_to_csv`, in order.
DELETION_CSV_COLUMNS = ("journal", "financial_year", "booking_number", "document", "date")


def deletions_to_csv(plan: RepairPlan) -> str:
    """The bookings to delete, in deletion order, as CSV with a header row.

    >>> from datetime import date
    >>> from booking_reconcile import Integration, Invoice, Snapshot, plan_repair
    >>> plan = plan_repair(Snapshot(Integration("70", "71"), [
    ...     Invoice("B", date(2026, 1, 6), 1002), Invoice("C", date(2026, 1, 10), 1002),
    ...     Invoice("D", date(2026, 1, 12), 1003)]))
    >>> print(deletions_to_csv(plan), end="")
    journal,financial_year,booking_number,document,date
    70,,1003,invoice D,2026-01-12
    70,,1002,invoice C,2026-01-10
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(DELETION_CSV_COLUMNS)
    for d in plan.deletions:
        writer.writerow(
            (
                d.journal,
                "" if d.financial_year is None else d.financial_year,
                d.booking_number,
                d.document.record_name(),
                d.document.date.isoformat(),
            )
        )
    return out.getvalue()
