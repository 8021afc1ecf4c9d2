"""A plan for a cutoff of one's choosing carries its failed proof as a blocker (DOMAIN §3.7).

``plan_with_cutoff`` does not promise soundness; when the simulation finds
the plan unsound, the plan says so itself: a ``not-proven`` blocker with
``verify_plan``'s reasons, so ``feasible`` is false and the checklist and the
JSON never show an unproven plan as "feasible: yes" (audit F10).
"""

from __future__ import annotations

import json
from pathlib import Path

from booking_reconcile import (
    RepairPlan,
    plan_repair,
    plan_with_cutoff,
    verify_plan,
)
from builders import EXAMPLE_A_INVOICES, day, example_a

A, B, C, D = EXAMPLE_A_INVOICES
#: Worked example A: B's booking was deleted, C holds #1002.
EXAMPLE = example_a()
CONCEPTS = Path(__file__).resolve().parents[1] / "docs" / "concepts.md"


def test_rule_3_7_a_cutoff_past_the_collision_gives_a_plan_that_is_not_feasible() -> None:
    plan = plan_with_cutoff(EXAMPLE, day(1, 13))
    reasons = verify_plan(EXAMPLE, plan)
    assert reasons == (
        "after the repair: The invoices B and C have the same booking number (#1002 in journal 70)",
    )
    assert not plan.feasible
    assert [blocker.rule for blocker in plan.blockers] == ["not-proven"]
    assert plan.blockers[0].message == (
        "not proven: the plan for cutoff 2026-01-13 fails its simulation (after the repair: "
        "The invoices B and C have the same booking number (#1002 in journal 70)): delete "
        "nothing on its strength; use the plan plan_repair makes"
    )
    assert "- feasible: **no** — see the blockers" in plan.to_markdown().splitlines()
    assert plan.to_dict()["feasible"] is False


def test_rule_3_7_no_cutoff_while_something_collides_is_not_proven() -> None:
    plan = plan_with_cutoff(EXAMPLE, None)
    assert [blocker.rule for blocker in plan.blockers] == ["not-proven"]
    assert plan.blockers[0].message.startswith(
        "not proven: the plan without a cutoff fails its simulation (The invoices B and C "
        "have the same booking number, but the plan repairs nothing)"
    )


def test_rule_3_7_a_sound_cutoff_of_ones_choosing_has_no_such_blocker() -> None:
    assert plan_with_cutoff(EXAMPLE, day(1, 10)) == plan_repair(EXAMPLE)
    earlier = plan_with_cutoff(EXAMPLE, day(1, 6))
    assert verify_plan(EXAMPLE, earlier) == ()
    assert earlier.feasible


def test_rule_3_7_the_unproven_plan_round_trips_through_json_with_its_blocker() -> None:
    plan = plan_with_cutoff(EXAMPLE, day(1, 13))
    saved = RepairPlan.from_dict(json.loads(json.dumps(plan.to_dict())))
    assert saved == plan
    assert not saved.feasible


def test_rule_3_7_concepts_list_the_not_proven_blocker() -> None:
    assert "| `not-proven` |" in CONCEPTS.read_text(encoding="utf-8")
