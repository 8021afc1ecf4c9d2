"""Confirming a repair with the snapshot before it: the plan must be that snapshot's plan (§3.11).

A saved plan is JSON a person can edit: blockers or warnings removed, the
policy relabelled (audit F7). ``confirm_repair(before, plan, after)`` has the
snapshot the plan was made from, so it makes that snapshot's plan again (for
the plan's policy, and for its cutoff when it is one of the person's choosing,
``plan_with_cutoff``) and refuses, with ``PlanMismatchError``, a plan whose
meaning differs: the first field that differs is named, and what to do. The
wording of the steps and findings is not compared, so a plan saved by an
earlier version confirms when its content agrees.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest

from booking_reconcile import (
    Booking,
    Integration,
    PlanMismatchError,
    RepairPlan,
    Snapshot,
    confirm_repair,
    plan_repair,
    plan_with_cutoff,
    simulate_repair,
)
from booking_reconcile.double_bookings import DoubleBooking
from booking_reconcile.findings import Finding
from booking_reconcile.periods import Place
from builders import EXAMPLE_A_INVOICES, day, example_a

A, B, C, D = EXAMPLE_A_INVOICES
#: Worked example A: B's booking was deleted, C holds #1002.
EXAMPLE = example_a()
PLAN = plan_repair(EXAMPLE)
#: The reviewer's blocked case: journal 70's bookings missing, credit notes missing.
BLOCKED = Snapshot(
    Integration("70", "71"), [A, B, C], (), [Booking("71", 5, day(1, 5), reference="K")]
)
ADVICE = "make the plan again from the exports before the repair"
#: A double booking of another snapshot (D entered again by hand).
DOUBLE = DoubleBooking(
    D,
    Booking("70", 1003, D.date, D.ref),
    Booking("70", 1004, D.date, reference="D"),
    Place("70", None),
)


def edited(plan: RepairPlan, **changes: Any) -> RepairPlan:
    """``plan`` saved, edited by hand as ``changes`` say, and read back."""
    data = json.loads(json.dumps(plan.to_dict()))
    data.update(changes)
    for derived in ("feasible", "kind", "needed", "steps"):
        data.pop(derived)
    return RepairPlan.from_dict(data)


def test_rule_3_11_a_saved_plan_with_its_blockers_removed_is_refused() -> None:
    plan = plan_repair(BLOCKED)
    assert [b.rule for b in plan.blockers] == [
        "no-booking-names-a-document",
        "documents-missing",
        "bookings-missing",
    ]
    unblocked = edited(plan, blockers=[])
    assert unblocked.feasible  # the file alone cannot tell
    with pytest.raises(PlanMismatchError) as raised:
        confirm_repair(BLOCKED, unblocked, simulate_repair(BLOCKED, unblocked))
    message = str(raised.value)
    assert message.startswith(
        "the plan is not the one the snapshot before the repair gives: blockers: the plan has "
        "no blocker no-booking-names-a-document ("
    )
    assert ADVICE in message


def test_rule_3_11_a_saved_plan_with_its_warnings_removed_is_refused() -> None:
    quiet = edited(PLAN, warnings=[])
    with pytest.raises(
        PlanMismatchError, match="warnings: the plan has no warning stale-document-kept"
    ):
        confirm_repair(EXAMPLE, quiet, simulate_repair(EXAMPLE, PLAN))


def test_rule_3_11_a_plan_relabelled_rebook_deleted_without_its_warnings_is_refused() -> None:
    relabelled = edited(PLAN, policy="rebook-deleted", warnings=[])
    with pytest.raises(PlanMismatchError) as raised:
        confirm_repair(EXAMPLE, relabelled, simulate_repair(EXAMPLE, PLAN))
    message = str(raised.value)
    # Its cutoff is not the one rebook-deleted chooses: compared with the plan for it.
    assert "its cutoff 2026-01-10 is not the one rebook-deleted chooses (2026-01-06)" in message
    assert "warnings: the plan has no warning stale-document-kept" in message
    assert ADVICE in message


def test_rule_3_11_an_edited_plan_names_the_first_field_that_differs() -> None:
    after = simulate_repair(EXAMPLE, PLAN)
    cases = {
        "to_delete": attrs.evolve(PLAN, deletions=PLAN.deletions[::-1]),
        "to_reset": attrs.evolve(PLAN, to_reset=PLAN.to_reset[:1]),
        "next_numbers": attrs.evolve(
            PLAN, next_numbers=[attrs.evolve(PLAN.next_numbers[0], number=1)]
        ),
        "collisions": attrs.evolve(PLAN, collisions=()),
        "blockers": attrs.evolve(PLAN, blockers=[Finding("closed-period", "made up")]),
        "sent": attrs.evolve(PLAN, sent=PLAN.sent[:1]),
        "start_date": attrs.evolve(PLAN, start_date=day(1, 1)),
        "earliest_booked": attrs.evolve(PLAN, earliest_booked=day(1, 1)),
        "integration": attrs.evolve(PLAN, integration=Integration("70", "72")),
        "double_bookings": attrs.evolve(PLAN, double_bookings=[DOUBLE]),
        "warnings": attrs.evolve(PLAN, warnings=[*PLAN.warnings, *PLAN.warnings]),
    }
    for field, plan in cases.items():
        with pytest.raises(PlanMismatchError) as raised:
            confirm_repair(EXAMPLE, plan, after)
        assert f"gives: {field}: " in str(raised.value), (field, str(raised.value))


def test_rule_3_11_the_first_differing_item_is_shown_both_ways() -> None:
    plan = attrs.evolve(PLAN, next_numbers=[attrs.evolve(PLAN.next_numbers[0], number=1)])
    with pytest.raises(PlanMismatchError) as raised:
        confirm_repair(EXAMPLE, plan, simulate_repair(EXAMPLE, PLAN))
    assert str(raised.value) == (
        "the plan is not the one the snapshot before the repair gives: next_numbers: the plan "
        "has journal 70: next booking number 1, the snapshot's plan has journal 70: next booking "
        f"number 1003; was the plan edited, or made from other exports? {ADVICE} (plan_repair, "
        "or the plan command) and confirm with that plan"
    )


def test_rule_3_11_a_plan_with_another_cutoff_says_so() -> None:
    moved = attrs.evolve(PLAN, cutoff=day(1, 12))
    with pytest.raises(PlanMismatchError) as raised:
        confirm_repair(EXAMPLE, moved, simulate_repair(EXAMPLE, PLAN))
    assert str(raised.value).startswith(
        "the plan is not the one the snapshot before the repair gives: its cutoff 2026-01-12 "
        "is not the one keep-deleted chooses (2026-01-10), and it is not the plan for its "
        "cutoff either: to_delete: the plan has journal 70: #1002 — invoice C of 2026-01-10, "
        "the snapshot's plan has nothing more; "
    )


def test_rule_3_11_a_shorter_list_shows_where_it_ends() -> None:
    plan = attrs.evolve(PLAN, sent=PLAN.sent[:1])
    with pytest.raises(
        PlanMismatchError,
        match="sent: the plan has nothing more, the snapshot's plan has invoice D",
    ):
        confirm_repair(EXAMPLE, plan, simulate_repair(EXAMPLE, PLAN))


def test_rule_3_11_the_plan_of_a_cutoff_of_ones_choosing_is_confirmed() -> None:
    earlier = plan_with_cutoff(EXAMPLE, day(1, 6))
    assert earlier != PLAN
    saved = RepairPlan.from_dict(json.loads(json.dumps(earlier.to_dict())))
    assert confirm_repair(EXAMPLE, saved, simulate_repair(EXAMPLE, saved)).ok


def test_rule_3_11_the_wording_of_steps_and_findings_is_not_compared() -> None:
    # A plan saved by an earlier version: other words, the same meaning.
    worded = attrs.evolve(
        PLAN, warnings=[Finding(w.rule, "said otherwise", w.documents) for w in PLAN.warnings]
    )
    data = worded.to_dict()
    del data["labels"], data["steps"], data["earliest_booked"]
    older = RepairPlan.from_dict(data)
    assert confirm_repair(EXAMPLE, older, simulate_repair(EXAMPLE, PLAN)).ok


def test_rule_3_11_a_plan_with_blockers_is_confirmed_on_its_steps() -> None:
    # docs/choices.md: the blockers were the plan's verdict (feasible: no), shown
    # before the repair; the confirmation checks what the new snapshot shows, and
    # refuses only a plan whose blockers are not its snapshot's.
    plan = plan_repair(BLOCKED)
    assert not plan.feasible
    confirmation = confirm_repair(BLOCKED, plan, simulate_repair(BLOCKED, plan))
    assert confirmation.deviations == ()
