"""A booking's own financial year over generated histories (issue 19).

Hypothesis generates histories (documents sent, bookings deleted in the
accounting package; ``tests/strategies.py``); these tests name each
booking's financial year, its date's or a neighbouring one, and prove the
plans. They live apart from ``test_booking_financial_year.py`` so that the
mutation run, which runs that file for each mutant, stays quick.
"""

from __future__ import annotations

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from booking_reconcile import (
    CutoffPolicy,
    Snapshot,
    financial_year,
    plan_repair,
    verify_plan,
)
from builders import assert_sound_unless_booked_by_hand
from strategies import histories, named_in_neighbouring_years


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_naming_each_booking_date_year_plans_as_naming_none(snapshot: Snapshot) -> None:
    month = snapshot.integration.financial_year_start_month
    named = attrs.evolve(
        snapshot,
        bookings=tuple(
            attrs.evolve(booking, financial_year=financial_year(booking.date, month))
            for booking in snapshot.bookings or ()
        ),
    )
    assert [named.place_of(d) for d in named.documents] == [
        snapshot.place_of(d) for d in snapshot.documents
    ]
    plan, same = plan_repair(snapshot), plan_repair(named)
    assert (same.kind, same.cutoff, same.collisions) == (plan.kind, plan.cutoff, plan.collisions)
    assert same.to_delete == plan.to_delete
    assert same.next_numbers == plan.next_numbers
    assert verify_plan(named, same) == verify_plan(snapshot, plan)
    assert_sound_unless_booked_by_hand(named, same)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories(), st.data())
def test_every_plan_of_bookings_numbered_in_a_neighbouring_year_is_proven(
    snapshot: Snapshot, data: st.DataObject
) -> None:
    # Generated histories whose bookings name their financial year, some the year
    # before or after their date's (as Exact's ReportingYear may): each snapshot the
    # library accepts gets plans that its own simulation proves, under both policies.
    named = named_in_neighbouring_years(snapshot, data, (0, 0, 1, -1))
    if named is None:
        return  # one number twice in a year, or a booking its document contradicts
    for policy in CutoffPolicy:
        assert_sound_unless_booked_by_hand(named, plan_repair(named, policy))
