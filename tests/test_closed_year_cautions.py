"""§3.4 with §3.9: a stale document in a financial year closed to its last day.

No document can be booked in such a period again, so nothing can collide
there: neither policy makes a prevention plan for it (``keep-deleted`` sets
no number there, ``rebook-deleted`` resets nothing for it), no
``collision-ahead`` warning tells a person to set a number there, and the
stale document's own warning says that the period is closed.
"""

from __future__ import annotations

import datetime as dt

import pytest

from booking_reconcile import (
    Booking,
    CutoffPolicy,
    Integration,
    Invoice,
    Journal,
    Numbering,
    Snapshot,
    choose_cutoff,
    plan_repair,
    verify_plan,
)
from booking_reconcile.next_numbers import preventable_collisions
from booking_reconcile.stale import predicted_collisions

# The audit's F1: journal 70 per financial year, closed until 2025-12-31;
# invoice 2025/9 (2025-12-10, #1) lost its booking; invoice 2026/1 (#1) is booked.
STALE = Invoice("2025/9", dt.date(2025, 12, 10), 1)
HEALTHY = Invoice("2026/1", dt.date(2026, 1, 5), 1)


def closed_until(day: dt.date, *extra: Invoice, bookings: tuple[Booking, ...] = ()) -> Snapshot:
    return Snapshot(
        Integration("70", "70"),
        [STALE, HEALTHY, *extra],
        journals=[Journal("70", Numbering.PER_FINANCIAL_YEAR, locked_until=day)],
        bookings=[Booking("70", 1, HEALTHY.date, HEALTHY.ref), *bookings],
        bookings_complete=True,
    )


YEAR_END = dt.date(2025, 12, 31)
KEPT_CLOSED = (
    "invoice 2025/9 keeps booking number 1 in journal 70, financial year 2025, but its "
    "booking no longer exists in the accounting package: it stays out of the accounting "
    "package (journal 70 is closed until 2025-12-31: nothing can be booked there again)"
)


@pytest.mark.parametrize("policy", list(CutoffPolicy))
def test_rule_3_9_a_year_closed_to_its_last_day_needs_no_prevention(policy: CutoffPolicy) -> None:
    snapshot = closed_until(YEAR_END)
    assert predicted_collisions(snapshot) == (STALE,)
    assert preventable_collisions(snapshot) == ()
    assert choose_cutoff(snapshot, policy) is None
    plan = plan_repair(snapshot, policy)
    assert (plan.kind, plan.needed, plan.feasible) == ("none", False, True)
    assert plan.to_delete == plan.to_reset == plan.next_numbers == ()
    assert plan.blockers == ()
    assert "collision-ahead" not in [w.rule for w in plan.warnings]
    kept = [w.message for w in plan.warnings if w.rule == "stale-document-kept"]
    assert kept == [KEPT_CLOSED]


@pytest.mark.parametrize("policy", list(CutoffPolicy))
def test_rule_3_9_a_year_closed_but_for_its_last_day_keeps_its_prevention(
    policy: CutoffPolicy,
) -> None:
    # 2025-12-31 can still be booked, and collide: the policies differ as before.
    snapshot = closed_until(dt.date(2025, 12, 30))
    assert preventable_collisions(snapshot) == (STALE,)
    plan = plan_repair(snapshot, policy)
    assert plan.kind == "prevent"
    if policy is CutoffPolicy.KEEP_DELETED:
        assert [(n.financial_year, n.number) for n in plan.next_numbers] == [(2025, 2)]
        assert [w.message for w in plan.warnings if w.rule == "stale-document-kept"] == [
            "invoice 2025/9 keeps booking number 1 in journal 70, financial year 2025, but "
            "its booking no longer exists in the accounting package: it stays out of the "
            "accounting package (the rebook-deleted policy books it again)"
        ]
    else:
        assert plan.cutoff == STALE.date


def test_rule_3_9_a_stale_document_in_an_open_year_is_still_prevented() -> None:
    # A stale document of 2026 (#2 at the top there) beside the closed 2025's.
    open_stale = Invoice("2026/2", dt.date(2026, 1, 6), 2)
    snapshot = closed_until(YEAR_END, open_stale)
    assert preventable_collisions(snapshot) == (open_stale,)
    plan = plan_repair(snapshot)
    assert plan.kind == "prevent"
    assert [(n.financial_year, n.number) for n in plan.next_numbers] == [(2026, 3)]
    assert verify_plan(snapshot, plan) == ()
    assert [w.message for w in plan.warnings if w.rule == "collision-ahead"] == []
    assert KEPT_CLOSED in [w.message for w in plan.warnings if w.rule == "stale-document-kept"]


def test_rule_3_4_a_repair_warns_of_no_collision_ahead_in_a_closed_year() -> None:
    # 2026 holds a collision (2026/1 and 2026/3 #1); 2025/9 stays stale in the closed 2025.
    twin = Invoice("2026/3", dt.date(2026, 1, 8), 1)
    snapshot = Snapshot(
        Integration("70", "70"),
        [STALE, HEALTHY, twin],
        journals=[Journal("70", Numbering.PER_FINANCIAL_YEAR, locked_until=YEAR_END)],
        bookings=[Booking("70", 1, twin.date, twin.ref)],
        bookings_complete=True,
    )
    plan = plan_repair(snapshot)
    assert plan.kind == "repair"
    assert [w.rule for w in plan.warnings if w.rule == "collision-ahead"] == []
    assert KEPT_CLOSED in [w.message for w in plan.warnings]
    # With the period open the same stale document is a collision ahead.
    opened = Snapshot(
        snapshot.integration,
        snapshot.documents,
        [Journal("70", Numbering.PER_FINANCIAL_YEAR)],
        snapshot.bookings,
        bookings_complete=True,
    )
    assert [w.message for w in plan_repair(opened).warnings if w.rule == "collision-ahead"] == [
        "invoice 2025/9 carries booking number 1 in journal 70, financial year 2025, at or "
        "above the highest booking left there: a document sent into it later may get the "
        "same number; set that journal's next booking number to 2 or more"
    ]
