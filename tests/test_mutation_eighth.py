"""Behaviour the rule tests did not pin, found by mutation testing (docs/mutation.md).

The eighth session's new rules run by name: ``per-year-numbering-assumed``
(``_per_year_cautions``) in the natural order of journals, and the period a
journal's one configured number describes when the documents fall in
financial years 0 and 1 (the first months of the year 1, §5).
"""

from __future__ import annotations

import datetime as dt

from booking_reconcile import (
    Booking,
    CreditNote,
    Integration,
    Invoice,
    Journal,
    Numbering,
    Snapshot,
    plan_repair,
)

RULE = "per-year-numbering-assumed"


def test_rule_3_5_per_year_cautions_come_in_the_natural_order_of_journals() -> None:
    # Journals 9 (invoices) and 10 (credit notes), each per financial year:
    # a repair in 2025, and a document sent into 2026. Journal 9 before 10.
    def day(month: int, number: int, year: int = 2025) -> dt.date:
        return dt.date(year, month, number)

    i1, i2, i3 = (
        Invoice("2025/1", day(12, 1), 1),
        Invoice("2025/2", day(12, 2), 2),
        Invoice("2025/3", day(12, 5), 2),
    )
    c1, c2, c3 = (
        CreditNote("C1", day(12, 1), 1),
        CreditNote("C2", day(12, 2), 2),
        CreditNote("C3", day(12, 5), 2),
    )
    later = [Invoice("2026/1", day(1, 3, 2026)), CreditNote("C4", day(1, 3, 2026))]
    snapshot = Snapshot(
        Integration("9", "10"),
        [i1, i2, i3, c1, c2, c3, *later],
        [Journal("9", Numbering.PER_FINANCIAL_YEAR), Journal("10", Numbering.PER_FINANCIAL_YEAR)],
        bookings=[
            Booking("9", 1, i1.date, i1.ref),
            Booking("9", 2, i3.date, i3.ref),
            Booking("10", 1, c1.date, c1.ref),
            Booking("10", 2, c3.date, c3.ref),
        ],
    )
    plan = plan_repair(snapshot)
    warned = [warning.message.split(":")[0] for warning in plan.warnings if warning.rule == RULE]
    assert warned == ["journal 9, financial year 2026", "journal 10, financial year 2026"]


def test_rule_5_the_configured_number_is_read_as_financial_year_1_not_0() -> None:
    # Financial years start in April: January 0001 is financial year 0, May
    # 0001 financial year 1. A repair in year 0 sets its number; the document
    # of year 1 is the latest the sync sends into, which the known configured
    # number (50) describes.
    def day(month: int, number: int) -> dt.date:
        return dt.date(1, month, number)

    a, b, c = Invoice("A", day(1, 2), 1), Invoice("B", day(1, 3), 2), Invoice("C", day(1, 5), 2)
    later = Invoice("D", day(5, 1))
    snapshot = Snapshot(
        Integration("70", "71", financial_year_start_month=4),
        [a, b, c, later],
        [Journal("70", Numbering.PER_FINANCIAL_YEAR, next_booking_number=50), Journal("71")],
        bookings=[Booking("70", 1, a.date, a.ref), Booking("70", 2, c.date, c.ref)],
    )
    plan = plan_repair(snapshot)
    (warning,) = [warning for warning in plan.warnings if warning.rule == RULE]
    assert (
        "journal 70's configured next booking number, 50, is read as financial year 1's, the "
        "latest the synchronisation sends into."
    ) in warning.message
