"""A plan file edited by hand: the loader names the key that was edited (§3.11, audit F8).

The steps in a plan file are derived from its other keys. When a key they are
written from (``next_numbers``, ``to_delete``, ``to_reset``, ``labels``,
``integration``, ``earliest_booked``) is edited, the saved steps disagree with
it: the loader names that key and shows the first differing line of the step
both ways, rather than two truncated dumps of the steps.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from booking_reconcile import (
    Booking,
    InputFormatError,
    Integration,
    RepairPlan,
    Snapshot,
    plan_repair,
)
from builders import EXAMPLE_A_INVOICES, example_a

A, B, C, D = EXAMPLE_A_INVOICES
#: Worked example A: B's booking was deleted, C holds #1002.
EXAMPLE = example_a(labels={"division": "1234567"})
SAVED = plan_repair(EXAMPLE).to_dict()
ADVICE = "undo the edit, or make the plan again from the snapshot"


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return edit


def _reverse_deletions(data: dict[str, Any]) -> None:
    data["to_delete"].reverse()


def refused(edit: Callable[[dict[str, Any]], None]) -> InputFormatError:
    data = copy.deepcopy(SAVED)
    edit(data)
    with pytest.raises(InputFormatError) as raised:
        RepairPlan.from_dict(data, source="plan.json")
    return raised.value


@pytest.mark.parametrize(
    ("edit", "field", "step"),
    [
        pytest.param(
            _set(("next_numbers", 0, "number"), 1), "next_numbers", "set-next-numbers", id="next-1"
        ),
        pytest.param(
            _set(("next_numbers", 0, "number"), 5000),
            "next_numbers",
            "set-next-numbers",
            id="next-5000",
        ),
        pytest.param(
            _set(("next_numbers",), []), "next_numbers", "set-next-numbers", id="next-none"
        ),
        pytest.param(_set(("to_delete",), []), "to_delete", "delete-bookings", id="delete-none"),
        pytest.param(_reverse_deletions, "to_delete", "delete-bookings", id="delete-reversed"),
        pytest.param(_set(("to_reset",), []), "to_reset", "deactivate", id="reset-none"),
        pytest.param(_set(("labels",), {"division": "999"}), "labels", "reconnect", id="labels"),
        pytest.param(
            _set(("integration", "invoice_journal"), "80"),
            "integration",
            "note-settings",
            id="journal",
        ),
    ],
)
def test_rule_3_11_an_edited_key_the_steps_are_written_from_is_named(
    edit: Callable[[dict[str, Any]], None], field: str, step: str
) -> None:
    error = refused(edit)
    assert error.field == field, str(error)
    assert f"step {step} says " in error.reason
    assert ADVICE in error.reason
    assert "'details': [...]" not in error.reason


def test_rule_3_11_the_first_differing_line_is_shown_both_ways() -> None:
    error = refused(_set(("next_numbers", 0, "number"), 1))
    assert str(error) == (
        "plan.json, field 'next_numbers': does not agree with the steps saved with it: step "
        "set-next-numbers says 'journal 70: 1003 (configured now: unknown: look it up (master "
        "data, journals) and set it to 1003)' where the plan's next_numbers give 'journal 70: "
        "1 (configured now: unknown: look it up (master data, journals) and set it to 1)'; was "
        f"next_numbers edited after the plan was saved? {ADVICE}"
    )


def test_rule_3_11_a_line_written_from_two_keys_names_both() -> None:
    # The start date to write down is the recorded one, else the earliest booked document.
    error = refused(_set(("earliest_booked",), None))
    assert error.field == "steps"
    assert "step note-settings says " in error.reason
    assert "was start_date or earliest_booked edited after the plan was saved?" in error.reason


def test_rule_3_11_a_removed_step_is_named() -> None:
    error = refused(_set(("steps",), []))
    assert error.field == "steps"
    assert error.reason == (
        "does not agree with the rest of the plan: its step 1 is nothing, where the plan "
        f"gives 'show-booking-numbers'; {ADVICE}"
    )


def test_rule_3_11_a_long_line_is_shown_from_where_it_differs() -> None:
    error = refused(_set(("labels",), {"division": "999"}))
    assert "division 1234567" in error.reason
    assert "division 999" in error.reason


def test_rule_3_11_an_edited_step_is_named_by_its_key_and_text() -> None:
    def retitle(data: dict[str, Any]) -> None:
        data["steps"][0]["title"] = "Do nothing"

    error = refused(retitle)
    assert error.field == "steps"
    assert error.reason.startswith(
        "does not agree with the rest of the plan: step show-booking-numbers says 'Do nothing' "
        "where the plan gives \"In the invoicing tool, add the 'booking number' column"
    )


def test_rule_3_11_a_derived_key_names_the_keys_it_is_derived_from() -> None:
    error = refused(_set(("cutoff",), "2026-01-01"))
    assert error.field == "delink_date"
    assert error.reason == (
        "'2026-01-10' does not agree with the rest of the plan, which gives '2026-01-01' from "
        f"its cutoff; was delink_date or one of those edited after the plan was saved? {ADVICE}"
    )


def test_rule_3_11_an_edited_next_number_of_a_prevention_plan_is_named() -> None:
    # §3.9: B's booking deleted, nothing collides yet; the step sets journal 70's number.
    prevention = plan_repair(
        Snapshot(Integration("70", "71"), [A, B], bookings=[Booking("70", 1001, A.date, A.ref)])
    )
    assert prevention.kind == "prevent"
    data = copy.deepcopy(prevention.to_dict())
    data["next_numbers"][0]["number"] = 1002
    with pytest.raises(InputFormatError) as raised:
        RepairPlan.from_dict(data)
    assert raised.value.field == "next_numbers"
    assert "step set-next-numbers says 'journal 70: 1003" in raised.value.reason


def test_every_step_is_written_from_known_keys() -> None:
    from booking_reconcile.plan_json import _STEP_SOURCES
    from booking_reconcile.steps import DELETE_DOUBLE_BOOKINGS, STEP_KEYS

    stepped = {key for key, _ in _STEP_SOURCES}
    assert stepped == {*STEP_KEYS, DELETE_DOUBLE_BOOKINGS}
    assert {key for keys in _STEP_SOURCES.values() for key in keys} <= set(SAVED)


def test_rule_6_a_date_edited_into_no_calendar_date_names_the_document() -> None:
    # As a snapshot's JSON names the record (§6): the document, not only its position.
    edited = copy.deepcopy(SAVED)
    edited["to_reset"][0]["date"] = "2026-02-30"
    with pytest.raises(InputFormatError) as raised:
        RepairPlan.from_dict(edited, source="plan.json")
    assert str(raised.value) == (
        "plan.json, field 'to_reset[0].date': invoice C: date '2026-02-30' is not a calendar "
        "date (day is out of range for month); write a date that exists as YYYY-MM-DD "
        "(2026-01-31)"
    )
