"""A plan file edited in a key *and* its step line is refused: the plan contradicts itself.

Audit outputs F7. DOMAIN §3.11: a plan round-trips through JSON so that the
confirmation can run days later from the saved plan; §3.5: the checklist never
tells a person to set a number its own prediction of the sync contradicts;
§3.7: the reset documents are sent again, and the numbers predicted are the
sync's. The loader compares each derived key with the saved steps
(tests/test_plan_json_edits.py); an edit made consistently to a key and to
its step line (or with the derived keys left out, as they may be) is caught by
the plan's fields among themselves, with the same error and advice. A plan
whose ``to_delete`` leaves out the booking of a document it resets cannot be
told from the file alone (the document may be stale); ``simulate_repair``
refuses it naming the plan's field, not blaming the document.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from booking_reconcile import (
    CreditNote,
    CutoffPolicy,
    InputFormatError,
    PlanMismatchError,
    RepairPlan,
    Snapshot,
    plan_repair,
    plan_with_cutoff,
    simulate,
    simulate_repair,
    verify_plan,
)
from booking_reconcile._plan_checks import first_inconsistency
from builders import example_a
from strategies import histories

#: Worked example A: to_delete D #1003, C #1002; to_reset C, D; next 1003; C → #1003, D → #1004.
EXAMPLE = example_a()
PLAN = plan_repair(EXAMPLE)
SAVED = PLAN.to_dict()
ADVICE = "undo the edit, or make the plan again from the snapshot"
#: The keys derived from the others, which a file may leave out.
DERIVED = ("kind", "needed", "feasible", "delink_date", "after_sync", "steps")

Edit = Callable[[dict[str, Any]], None]


def edited(edit: Edit, *, derived: bool = False) -> dict[str, Any]:
    """The saved plan with ``edit`` made; the derived keys left out unless ``derived``."""
    data = copy.deepcopy(SAVED)
    edit(data)
    if not derived:
        for key in DERIVED:
            del data[key]
    return data


def refused(data: dict[str, Any]) -> InputFormatError:
    with pytest.raises(InputFormatError) as raised:
        RepairPlan.from_dict(data, source="plan.json")
    return raised.value


def test_the_example_is_worked_example_a() -> None:
    assert [str(deletion) for deletion in PLAN.deletions] == [
        "journal 70: #1003 — invoice D of 2026-01-12",
        "journal 70: #1002 — invoice C of 2026-01-10",
    ]
    assert [document.number for document in PLAN.to_reset] == ["C", "D"]
    assert [str(sent) for sent in PLAN.sent] == [
        "invoice C of 2026-01-10 → #1003 in journal 70",
        "invoice D of 2026-01-12 → #1004 in journal 70",
    ]
    assert RepairPlan.from_dict(edited(lambda data: None)) == PLAN
    assert first_inconsistency(PLAN) is None


# -- §3.5: the next number set is the first number the sync hands out there -----


def _next_number_and_its_step(data: dict[str, Any]) -> None:
    # The reviewer's edit (probe13): the number and its step line alike.
    data["next_numbers"][0]["number"] = 1005
    step = data["steps"][2]
    assert step["key"] == "set-next-numbers"
    step["details"][0] = step["details"][0].replace("1003", "1005")


def test_rule_3_5_a_next_number_edited_with_its_step_line_is_refused() -> None:
    error = refused(edited(_next_number_and_its_step, derived=True))
    assert error.field == "next_numbers[0]"
    assert str(error) == (
        "plan.json, field 'next_numbers[0]': journal 70: the next booking number is 1005, but "
        "the first document sent there receives #1003 (invoice C of 2026-01-10 → #1003 in "
        "journal 70); was next_numbers or sent edited after the plan was saved? " + ADVICE
    )


def test_rule_3_5_a_next_number_edited_without_the_steps_is_refused() -> None:
    error = refused(edited(lambda data: data["next_numbers"][0].update(number=1002)))
    assert error.field == "next_numbers[0]"
    assert error.reason.startswith(
        "journal 70: the next booking number is 1002, but the first document sent there "
        "receives #1003 (invoice C of 2026-01-10 → #1003 in journal 70)"
    )


def test_rule_3_7_the_numbers_sent_edited_with_the_next_number_still_run_on_by_one() -> None:
    # First number and next number edited alike, the second left: it must be one higher.
    def edit(data: dict[str, Any]) -> None:
        data["next_numbers"][0]["number"] = 1010
        data["sent"][0]["document"]["booking_number"] = 1010

    error = refused(edited(edit))
    assert str(error) == (
        "plan.json, field 'sent[1]': invoice D of 2026-01-12 → #1004 in journal 70: the number "
        "sent before it in journal 70 is #1010 (invoice C), and the accounting package numbers "
        "on by one; was sent edited after the plan was saved? " + ADVICE
    )


def test_rule_3_7_a_number_sent_one_too_high_is_refused() -> None:
    error = refused(edited(lambda data: data["sent"][1]["document"].update(booking_number=1005)))
    assert error.field == "sent[1]"
    assert error.reason.startswith(
        "invoice D of 2026-01-12 → #1005 in journal 70: the number sent before it in journal 70 "
        "is #1003 (invoice C)"
    )


def test_rule_3_7_a_document_sent_without_a_number_is_refused() -> None:
    error = refused(edited(lambda data: data["sent"][1]["document"].update(booking_number=None)))
    assert str(error) == (
        "plan.json, field 'sent[1]': invoice D of 2026-01-12 is sent but receives no booking "
        f"number; was sent edited after the plan was saved? {ADVICE}"
    )


# -- §3.7: a booking deleted is of a reset document, which is sent again --------


def test_rule_3_7_a_deleted_booking_of_a_document_not_reset_is_refused() -> None:
    def edit(data: dict[str, Any]) -> None:
        del data["to_reset"][1]  # D, whose booking to_delete[0] deletes
        del data["sent"][1]

    error = refused(edited(edit))
    assert str(error) == (
        "plan.json, field 'to_delete[0]': invoice D is listed to delete, but it is not reset; "
        f"was to_delete or to_reset edited after the plan was saved? {ADVICE}"
    )


def test_rule_3_7_the_loader_and_the_proof_say_it_in_the_same_words() -> None:
    not_reset = attrs.evolve(PLAN, to_reset=PLAN.to_reset[:1], sent=PLAN.sent[:1])
    assert "invoice D is listed to delete, but it is not reset" in verify_plan(EXAMPLE, not_reset)


def test_rule_3_7_a_reset_document_the_plan_does_not_send_again_is_refused() -> None:
    def edit(data: dict[str, Any]) -> None:
        del data["sent"][1]  # D: reset, but no number predicted

    error = refused(edited(edit))
    assert str(error) == (
        "plan.json, field 'to_reset[1]': invoice D is reset, but sent does not send it again: "
        "the plan predicts no booking number for it; was to_reset or sent edited after the plan "
        f"was saved? {ADVICE}"
    )


def test_rule_3_4_a_blocked_plan_may_leave_a_reset_document_unsent() -> None:
    # The accounting package refuses some documents of a blocked plan (a closed
    # period, the number limit): its predictions leave them out, and it says
    # it cannot be carried out as it is.
    def edit(data: dict[str, Any]) -> None:
        del data["sent"][1]
        data["blockers"] = [{"rule": "closed-period-rebooking", "message": "x", "documents": []}]

    plan = RepairPlan.from_dict(edited(edit))
    assert (plan.feasible, len(plan.sent), len(plan.to_reset)) == (False, 1, 2)


# -- what only the snapshot shows: simulate_repair names the plan's field -------


def _deletion_and_its_step(data: dict[str, Any]) -> None:
    # The reviewer's edit (probe14): D's deletion and its step line alike.
    del data["to_delete"][0]
    step = data["steps"][1]
    assert step["key"] == "delete-bookings"
    del step["details"][0]


#: D reset, its booking kept: the file alone cannot tell (D might be stale).
KEPT = RepairPlan.from_dict(edited(_deletion_and_its_step, derived=True))
BOOKED_TWICE = "invoice D is reset but its booking is not deleted: it would be booked twice"


def test_rule_3_7_simulate_repair_names_the_plans_to_delete_not_the_document() -> None:
    assert [str(deletion) for deletion in KEPT.deletions] == [
        "journal 70: #1002 — invoice C of 2026-01-10"
    ]
    with pytest.raises(PlanMismatchError) as raised:
        simulate_repair(EXAMPLE, KEPT)
    assert str(raised.value) == (
        "the plan's to_delete does not delete every booking of a document it resets: "
        f"{BOOKED_TWICE}; was to_delete edited after the plan was made? make the plan again "
        "from the snapshot (verify_plan names every problem of a plan)"
    )
    assert "1005" not in str(raised.value)


def test_rule_3_7_simulate_refuses_it_as_simulate_repair_does() -> None:
    with pytest.raises(PlanMismatchError, match=r"^the plan's to_delete does not delete every"):
        simulate(EXAMPLE, KEPT)


def test_rule_3_7_verify_plan_names_the_same_problem() -> None:
    assert verify_plan(EXAMPLE, KEPT) == (BOOKED_TWICE,)


def test_rule_3_7_a_stale_document_reset_without_a_deletion_is_simulated() -> None:
    # rebook-deleted resets B, whose booking is gone: nothing to delete for it.
    rebook = plan_repair(EXAMPLE, CutoffPolicy.REBOOK_DELETED)
    assert "B" in [document.number for document in rebook.to_reset]
    assert "B" not in [document.number for document in rebook.to_delete]
    after = simulate_repair(EXAMPLE, rebook)
    assert [(d.number, d.booking_number) for d in after.documents] == [
        ("A", 1001),
        ("B", 1002),
        ("C", 1003),
        ("D", 1004),
    ]


# -- every plan the library makes agrees with itself ----------------------------


@settings(max_examples=60, deadline=None)
@given(snapshot=histories(), shift=st.integers(-30, 30), policy=st.sampled_from(CutoffPolicy))
def test_rule_3_11_every_plan_with_a_cutoff_reads_back_from_its_json(
    snapshot: Snapshot, shift: int, policy: CutoffPolicy
) -> None:
    # plan_with_cutoff's plans, proven or not (a not-proven blocker), as plan_repair's.
    days = sorted(document.date for document in snapshot.documents) or [dt.date(2026, 1, 1)]
    made = plan_repair(snapshot, policy)
    cutoff = (made.cutoff or days[len(days) // 2]) + dt.timedelta(days=shift)
    for plan in (made, plan_with_cutoff(snapshot, cutoff, policy)):
        assert first_inconsistency(plan) is None
        assert RepairPlan.from_dict(json.loads(json.dumps(plan.to_dict()))) == plan


def test_rule_3_5_a_place_without_a_step_sent_into_first_does_not_end_the_check() -> None:
    # Credit note K0 (journal 71, which the plan sets no number for) is sent
    # before invoice C: the first number sent into journal 70 is still compared
    # with its next number.
    snapshot = Snapshot(
        EXAMPLE.integration,
        [*EXAMPLE.documents, CreditNote("K0", dt.date(2026, 1, 2))],
        EXAMPLE.journals,
        bookings=EXAMPLE.bookings,
    )
    plan = plan_repair(snapshot)
    assert [str(sent) for sent in plan.sent][:2] == [
        "credit note K0 of 2026-01-02 → #1 in journal 71",
        "invoice C of 2026-01-10 → #1003 in journal 70",
    ]
    assert first_inconsistency(plan) is None
    wrong = attrs.evolve(plan, next_numbers=[attrs.evolve(plan.next_numbers[0], number=1005)])
    assert first_inconsistency(wrong) == (
        "next_numbers[0]",
        "journal 70: the next booking number is 1005, but the first document sent there "
        "receives #1003 (invoice C of 2026-01-10 → #1003 in journal 70)",
        "next_numbers or sent",
    )
