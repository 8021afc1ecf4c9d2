"""Confirming the reconnection's start date when the plan recorded none (DOMAIN §3.6, §3.11).

§3.6: without a recorded start date the plan invents none; its steps say to
reconnect with the date written down from the integration's settings, "not
later than" the earliest booked document read, and a later start date loses
the payment statuses of older documents. The confirmation holds the new
snapshot's start date against that bound: later is a ``reconnect``
deviation naming both dates and what to do; on or before it, the written
down date cannot be checked further and is accepted.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from booking_reconcile import (
    Deviation,
    Integration,
    Invoice,
    Journal,
    RepairPlan,
    Snapshot,
    confirm_repair,
    plan_repair,
    simulate_repair,
)
from booking_reconcile.plan_json import plan_from_dict
from builders import booked, day

# Worked example A, with the integration's journals exported.
A = Invoice("A", day(1, 5), 1001)
B = Invoice("B", day(1, 6), 1002)
C = Invoice("C", day(1, 10), 1002)
D = Invoice("D", day(1, 12), 1003)


def example(start_date: dt.date | None) -> Snapshot:
    return Snapshot(
        Integration("70", "71", start_date=start_date),
        [A, B, C, D],
        journals=[Journal("70"), Journal("71")],
        bookings=booked(A, C, D),
    )


def reconnected(before: Snapshot, plan: RepairPlan, start_date: dt.date | None) -> Snapshot:
    """The plan carried out exactly, the integration reconnected with ``start_date``."""
    after = simulate_repair(before, plan)
    return attrs.evolve(after, integration=attrs.evolve(after.integration, start_date=start_date))


UNRECORDED = example(None)
PLAN = plan_repair(UNRECORDED)

LATER = Deviation(
    "reconnect",
    "the integration's start date is 2026-01-08, later than 2026-01-05, the earliest booked "
    "document the plan read (the plan recorded no start date: it said not later than "
    "2026-01-05): the payment statuses of older documents are no longer fetched; connect it "
    "again with the start date written down from the integration's settings before the "
    "repair, not later than 2026-01-05 (step reconnect)",
)


def test_rule_3_6_the_plan_records_no_start_date_but_bounds_it() -> None:
    assert (PLAN.start_date, PLAN.earliest_booked) == (None, day(1, 5))


def test_rule_3_11_a_start_date_later_than_the_plans_bound_is_a_reconnect_deviation() -> None:
    # The reviewer's case: the after snapshot's start date is 2026-01-08.
    confirmation = confirm_repair(UNRECORDED, PLAN, reconnected(UNRECORDED, PLAN, day(1, 8)))
    assert confirmation.deviations == (LATER,)
    assert not confirmation.ok


def test_rule_3_11_the_bound_is_checked_from_the_saved_plan_without_the_snapshot_before() -> None:
    after = reconnected(UNRECORDED, PLAN, day(1, 8))
    saved = plan_from_dict(PLAN.to_dict())
    assert confirm_repair(None, saved, after).deviations == (LATER,)


@pytest.mark.parametrize("start_date", [day(1, 5), day(1, 1), day(12, 1, 2025), None])
def test_rule_3_11_a_start_date_within_the_plans_bound_or_not_exported_is_accepted(
    start_date: dt.date | None,
) -> None:
    confirmation = confirm_repair(UNRECORDED, PLAN, reconnected(UNRECORDED, PLAN, start_date))
    assert confirmation.deviations == ()
    assert confirmation.ok


def test_rule_3_11_a_recorded_start_date_is_still_compared_as_before() -> None:
    # The plan's own start date decides; the bound adds no second deviation.
    before = example(day(1, 1))
    plan = plan_repair(before)
    confirmation = confirm_repair(before, plan, reconnected(before, plan, day(1, 8)))
    assert [deviation.message for deviation in confirmation.deviations] == [
        "the integration's start date is 2026-01-08, not 2026-01-01 as the plan says: the "
        "payment statuses of older documents are no longer fetched; connect it again with "
        "start date 2026-01-01 (step reconnect)"
    ]


def test_rule_3_11_a_plan_without_a_bound_checks_no_start_date() -> None:
    # A plan saved by an earlier version has no earliest booked document.
    saved = attrs.evolve(PLAN, earliest_booked=None)
    after = reconnected(UNRECORDED, saved, day(1, 8))
    assert confirm_repair(UNRECORDED, saved, after).deviations == ()
