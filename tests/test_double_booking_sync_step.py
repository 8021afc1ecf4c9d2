"""A plan that only deletes double bookings shows the numbers it predicts (audit outputs F5).

DOMAIN §3.7: "The numbers the checklist predicts are this order's"; §3.10: a
double booking's repair needs no cutoff. Such a plan still predicts the
numbers the next synchronisation gives the documents not booked yet
(``plan.sent``, its JSON): its checklists list them under a synchronise step,
as a prevention plan does (§3.9), in every rendering, and its saved JSON and
the confirmation agree.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import json

import pytest
from hypothesis import given, settings

from booking_reconcile import (
    Booking,
    CreditNote,
    DocumentKind,
    DocumentRef,
    InputFormatError,
    Integration,
    Invoice,
    Journal,
    RepairPlan,
    Snapshot,
    confirm_repair,
    plan_repair,
    simulate_repair,
)
from booking_reconcile.formats import plan_to_markdown, plan_to_text
from strategies import histories

FIRST = Invoice("2024/1", dt.date(2024, 7, 3), 1)
#: The reviewer's case: 2024/1 booked twice (#2 by hand); three documents not booked yet.
DOUBLE_AND_WAITING = Snapshot(
    Integration("70", "71", start_date=dt.date(2024, 7, 3)),
    [
        FIRST,
        Invoice("2024/2", dt.date(2024, 7, 27)),
        Invoice("2024/3", dt.date(2024, 7, 11)),
        CreditNote("C1", dt.date(2024, 9, 14)),
    ],
    [Journal("70"), Journal("71", next_booking_number=501)],
    bookings=[
        Booking("70", 1, FIRST.date, DocumentRef(DocumentKind.INVOICE, "2024/1")),
        Booking("70", 2, dt.date(2024, 7, 27), None, reference="2024/1"),
    ],
)
PLAN = plan_repair(DOUBLE_AND_WAITING)
SYNC_TITLE = (
    "Synchronise the invoices and credit notes, then check that they received these booking numbers"
)
#: 2024/3 receives #2, the number of the manual booking just deleted.
PREDICTED = (
    "invoice 2024/3 of 2024-07-11 → #2 in journal 70",
    "invoice 2024/2 of 2024-07-27 → #3 in journal 70",
    "credit note C1 of 2024-09-14 → #501 in journal 71",
)


def test_rule_3_7_a_double_bookings_plan_predicting_numbers_has_a_synchronise_step() -> None:
    assert (PLAN.kind, PLAN.cutoff, PLAN.next_numbers) == ("repair", None, ())
    assert [step.key for step in PLAN.steps] == ["delete-double-bookings", "synchronise"]
    assert PLAN.steps[1].title == SYNC_TITLE
    assert PLAN.steps[1].details == PREDICTED
    assert tuple(str(sent) for sent in PLAN.sent) == PREDICTED


def test_rule_3_10_a_double_bookings_plan_predicting_nothing_has_its_one_step() -> None:
    # Nothing waiting to be sent: nothing to check after the sync.
    alone = Snapshot(
        DOUBLE_AND_WAITING.integration,
        [FIRST],
        DOUBLE_AND_WAITING.journals,
        bookings=DOUBLE_AND_WAITING.bookings,
    )
    plan = plan_repair(alone)
    assert plan.sent == ()
    assert [step.key for step in plan.steps] == ["delete-double-bookings"]


def test_rule_3_7_the_text_checklist_shows_the_predicted_numbers() -> None:
    text = plan_to_text(PLAN, DOUBLE_AND_WAITING, width=400)
    assert (
        "To do: the 2 steps below: delete 1 booking entered by hand (nothing else), then "
        "synchronise and check the booking numbers the documents receive."
    ) in text
    assert f"[ ] 2. {SYNC_TITLE}" in text
    for line in PREDICTED:
        assert f"       - {line}\n" in text


def test_rule_3_7_the_markdown_checklist_shows_the_predicted_numbers() -> None:
    markdown = plan_to_markdown(PLAN)
    assert f"- [ ] **2.** {SYNC_TITLE}\n\n" in markdown
    assert "\n".join(f"    - {line}" for line in PREDICTED) in markdown
    assert markdown == PLAN.to_markdown()


def test_rule_3_7_the_html_checklist_shows_the_predicted_numbers() -> None:
    page = PLAN._repr_html_()
    assert (
        "To do: the 2 steps below: delete 1 booking entered by hand (nothing else), then "
        "synchronise and check the booking numbers the documents receive."
    ) in page
    assert f"<li>&#9744; {html.escape(SYNC_TITLE)}\n" in page
    for line in PREDICTED:
        assert f"<li>{html.escape(line)}</li>" in page


def test_rule_3_11_the_synchronise_step_round_trips_and_is_compared_on_reading() -> None:
    data = json.loads(json.dumps(PLAN.to_dict()))
    assert data["steps"][1] == {
        "key": "synchronise",
        "title": SYNC_TITLE,
        "details": list(PREDICTED),
    }
    assert RepairPlan.from_dict(data) == PLAN
    edited = copy.deepcopy(data)
    edited["steps"][1]["details"][0] = "invoice 2024/3 of 2024-07-11 → #7 in journal 70"
    with pytest.raises(InputFormatError) as raised:
        RepairPlan.from_dict(edited, source="plan.json")
    assert str(raised.value) == (
        "plan.json, field 'steps': does not agree with the steps saved with it: step "
        "synchronise says 'invoice 2024/3 of 2024-07-11 → #7 in journal 70' where the plan's "
        "sent or warnings give 'invoice 2024/3 of 2024-07-11 → #2 in journal 70'; was sent or "
        "warnings edited after the plan was saved? undo the edit, or make the plan again from "
        "the snapshot"
    )


def test_rule_3_11_the_confirmation_names_the_synchronise_step_the_checklist_shows() -> None:
    after = simulate_repair(DOUBLE_AND_WAITING, PLAN)
    assert confirm_repair(DOUBLE_AND_WAITING, PLAN, after).ok
    # Nothing carried out: each deviation names a step of the checklist.
    confirmation = confirm_repair(DOUBLE_AND_WAITING, PLAN, DOUBLE_AND_WAITING)
    assert [deviation.step for deviation in confirmation.deviations] == [
        "delete-double-bookings",
        *["synchronise"] * 3,
    ]
    assert [step.key for step in PLAN.steps] == ["delete-double-bookings", "synchronise"]
    assert confirmation.deviations[1].message == (
        "invoice 2024/3 is not booked (the plan predicted booking number 2 in journal 70): "
        "synchronise the invoices and credit notes (step synchronise)"
    )


@settings(max_examples=80, deadline=None)
@given(snapshot=histories())
def test_rule_3_7_every_plan_that_predicts_numbers_shows_them_in_its_synchronise_step(
    snapshot: Snapshot,
) -> None:
    plan = plan_repair(snapshot)
    synchronise = [step for step in plan.steps if step.key == "synchronise"]
    if not plan.sent:
        assert synchronise == []
        return
    (step,) = synchronise
    assert len(step.details) == len(plan.sent)
    for line, sent in zip(step.details, plan.sent, strict=True):
        assert line.startswith(str(sent))


def test_rule_3_11_numbers_moved_on_by_the_manual_entry_left_name_its_step() -> None:
    # The person synchronised without deleting the manual entry #2: 2024/3
    # receives #3 and 2024/2 #4. The entry left is the cause (its own step),
    # not a next number the plan never sets.
    after = Snapshot(
        DOUBLE_AND_WAITING.integration,
        [
            FIRST,
            Invoice("2024/2", dt.date(2024, 7, 27), 4),
            Invoice("2024/3", dt.date(2024, 7, 11), 3),
            CreditNote("C1", dt.date(2024, 9, 14), 501),
        ],
        [Journal("70"), Journal("71", next_booking_number=502)],
        bookings=[
            *(DOUBLE_AND_WAITING.bookings or ()),
            Booking("70", 3, dt.date(2024, 7, 11), DocumentRef(DocumentKind.INVOICE, "2024/3")),
            Booking("70", 4, dt.date(2024, 7, 27), DocumentRef(DocumentKind.INVOICE, "2024/2")),
            Booking("71", 501, dt.date(2024, 9, 14), DocumentRef(DocumentKind.CREDIT_NOTE, "C1")),
        ],
    )
    confirmation = confirm_repair(DOUBLE_AND_WAITING, PLAN, after)
    assert not confirmation.ok
    assert [deviation.step for deviation in confirmation.deviations] == [
        "delete-double-bookings",
        "delete-double-bookings",
        "delete-double-bookings",
    ]
    assert str(confirmation.deviations[1]) == (
        "invoice 2024/3 received booking number 3 in journal 70, not 2 as the plan predicted: "
        "the booking #2 in journal 70 entered by hand for invoice 2024/1 was not deleted and "
        "moved the numbers on (step delete-double-bookings); nothing collides, so the result "
        "is still sound: note the new number"
    )
