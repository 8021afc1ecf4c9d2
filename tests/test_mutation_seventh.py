"""Behaviour the mutation run of the seventh session found unpinned (docs/mutation.md).

Each test names the mutant it kills; the rule is §3.5's
``configured-number-unknown`` warning (findings.py).
"""

from __future__ import annotations

import datetime as dt

from tests.builders import booked, day

from booking_reconcile import (
    CreditNote,
    Integration,
    Invoice,
    Journal,
    Numbering,
    Snapshot,
    plan_repair,
)
from booking_reconcile.findings import CONFIGURED_NUMBER_UNKNOWN


def _unknown(snapshot: Snapshot) -> list[str]:
    return [
        str(warning).split(":")[0]
        for warning in plan_repair(snapshot).warnings
        if warning.rule == CONFIGURED_NUMBER_UNKNOWN
    ]


def test_rule_3_5_prevention_configured_number_describes_its_steps_period() -> None:
    # ``_predicted_from_unknown_numbers__mutmut_3``: in a prevention plan the
    # configured number describes the period the step sets (§3.5), so a later
    # period of that journal is predicted from its own highest number, not from
    # the configured one: no warning there.
    stale = Invoice("S", day(12, 6), 1002)  # its booking deleted: 1002 is handed out again
    kept = Invoice("A", day(12, 5), 1001)
    later = Invoice("U", dt.date(2027, 1, 12))
    snapshot = Snapshot(
        Integration("70", "70"),
        [kept, stale, later],
        [Journal("70", Numbering.PER_FINANCIAL_YEAR)],
        bookings=booked(kept),
        bookings_complete=True,
    )
    plan = plan_repair(snapshot)
    assert plan.kind == "prevent"
    assert [str(n.place) for n in plan.next_numbers] == ["journal 70, financial year 2026"]
    assert _unknown(snapshot) == []


def test_rule_3_5_the_latest_period_sent_into_is_described_whatever_comes_last() -> None:
    # ``__mutmut_8`` and ``__mutmut_9``: the period the configured number
    # describes is the latest the sync sends into, not the last one listed (a
    # document refused in 2026 by the lock date is listed after those sent).
    refused = Invoice("X", day(12, 7))  # not booked yet, on the lock date
    a, b = Invoice("A", day(12, 5), 1001), Invoice("B", day(12, 6), 1002)
    c = Invoice("C", day(12, 10), 1002)
    d = Invoice("D", dt.date(2027, 1, 12))
    snapshot = Snapshot(
        Integration("70", "71"),
        [a, b, c, d, refused],
        [
            Journal("70", Numbering.PER_FINANCIAL_YEAR, locked_until=day(12, 7)),
            Journal("71", Numbering.PER_FINANCIAL_YEAR),
        ],
        bookings=booked(a, c),
        bookings_complete=True,
    )
    assert _unknown(snapshot) == ["journal 70, financial year 2027"]


def test_rule_3_5_unknown_configured_numbers_listed_in_natural_journal_order() -> None:
    # ``__mutmut_26`` and ``__mutmut_28``: journals in natural order (9 before
    # 10), as every other list of places, not as text ("10" before "9").
    a, b = Invoice("A", day(12, 5), 1001), Invoice("B", day(12, 6), 1002)
    c = Invoice("C", day(12, 10), 1002)
    d = Invoice("D", dt.date(2027, 1, 12))
    k = CreditNote("K", dt.date(2027, 1, 13))
    snapshot = Snapshot(
        Integration("10", "9"),
        [a, b, c, d, k],
        [Journal("10", Numbering.PER_FINANCIAL_YEAR), Journal("9", Numbering.PER_FINANCIAL_YEAR)],
        bookings=booked(a, c, journal="10"),
        bookings_complete=True,
    )
    assert _unknown(snapshot) == [
        "journal 9, financial year 2027",
        "journal 10, financial year 2027",
    ]
