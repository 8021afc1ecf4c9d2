"""Rules the sixth session's mutation run found unpinned (docs/mutation.md).

Each test is named after the rule of the contract (or the behaviour) it pins,
and each kills a mutant of the rule modules that survived the other rule tests.
"""

from __future__ import annotations

import datetime as dt

import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    CutoffPolicy,
    InconsistentInputError,
    Integration,
    InvalidTypeError,
    InvalidValueError,
    Invoice,
    Snapshot,
)
from booking_reconcile.collisions import collision_message
from booking_reconcile.deletion import split_at
from booking_reconcile.evidence_rules import bookings_filtered_by_date
from booking_reconcile.findings import not_proven
from booking_reconcile.periods import financial_year
from booking_reconcile.plan_facts import PlanFacts

_EXPECTED = "expected a list or tuple of two or more Invoice and CreditNote records"


# -- collision_message: its argument's checks say what it expects ----------------


def test_collision_message_refuses_what_is_not_a_list_saying_what_it_expects() -> None:
    with pytest.raises(InvalidTypeError) as refused:
        collision_message("C1")  # type: ignore[arg-type]
    assert str(refused.value) == f"the argument: documents 'C1' has the wrong type; {_EXPECTED}"


def test_collision_message_refuses_an_entry_that_is_not_a_document() -> None:
    with pytest.raises(InvalidTypeError) as refused:
        collision_message([Invoice("1", dt.date(2026, 1, 5)), 3])  # type: ignore[list-item]
    assert str(refused.value) == f"the argument: documents[1] 3 is not a document; {_EXPECTED}"


def test_collision_message_refuses_fewer_than_two_documents() -> None:
    with pytest.raises(InvalidValueError) as refused:
        collision_message(())
    assert str(refused.value) == (
        f"the argument: documents () are fewer than two documents; {_EXPECTED}"
    )


# -- periods.financial_year: a start month outside 1 to 12 is refused by name ---


def test_financial_year_names_itself_when_refusing_a_start_month() -> None:
    with pytest.raises(InvalidValueError) as refused:
        financial_year(dt.date(2026, 3, 1), 13)
    assert str(refused.value) == (
        "financial_year: start_month 13 is not a month; expected a month from 1 to 12"
    )


# -- the not-proven blocker names every reason of the simulation ----------------


def test_not_proven_joins_the_simulations_reasons_with_semicolons() -> None:
    finding = not_proven(dt.date(2026, 1, 5), ["first reason", "second reason"])
    assert finding.message == (
        "not proven: the plan for cutoff 2026-01-05 fails its simulation (first reason; "
        "second reason): delete nothing on its strength; use the plan plan_repair makes"
    )


# -- §6: one document written two ways, whatever the other kind's numbers -------


@pytest.mark.parametrize(
    "invoices",
    [
        pytest.param(["2026/1"], id="one-invoice"),
        pytest.param(["2026/1", "2026/2"], id="invoices-unchanged-by-folding"),
        pytest.param(["F1", "F2"], id="invoices-changed-by-folding-but-apart"),
    ],
)
def test_rule_6_a_credit_note_written_two_ways_is_refused_whatever_the_invoices(
    invoices: list[str],
) -> None:
    # The invoices are checked first; what they are must not end the check of
    # the credit notes.
    documents = [Invoice(number, dt.date(2026, 1, 5)) for number in invoices]
    documents += [CreditNote("C1", dt.date(2026, 1, 6)), CreditNote("c 1", dt.date(2026, 1, 7))]
    with pytest.raises(InconsistentInputError) as refused:
        Snapshot(Integration("70", "71"), documents)
    assert "appears twice in the snapshot's documents, written 'C1' and 'c 1'" in str(refused.value)


# -- the earliest booked document before a cutoff, documents in any order -------


def test_the_earliest_booked_document_before_a_cutoff_is_found_in_any_order() -> None:
    snapshot = Snapshot(
        Integration("70", "71"),
        [Invoice("2", dt.date(2026, 3, 1), 1002), Invoice("1", dt.date(2026, 1, 5), 1001)],
        bookings=(),
    )
    assert split_at(snapshot, dt.date(2026, 2, 1)).earliest_before == dt.date(2026, 1, 5)


# -- §3.8: one stale document before the first booking is evidence when reset ---


def test_rule_3_8_one_stale_document_before_the_first_booking_is_evidence_when_reset() -> None:
    # "Resetting a document whose booking is only missing from the export books
    # it twice, so one such document is evidence enough when the plan resets it."
    stale = Invoice("1", dt.date(2026, 1, 5), 1001)
    snapshot = Snapshot(
        Integration("70", "71"),
        [stale, Invoice("2", dt.date(2026, 1, 10), 1002)],
        bookings=[Booking("70", 1002, dt.date(2026, 1, 10), reference="2")],
    )
    facts = PlanFacts(
        snapshot=snapshot,
        policy=CutoffPolicy.REBOOK_DELETED,
        collisions=(),
        stale=(stale,),
        cutoff=stale.date,
        to_reset=(stale,),
        to_delete=(),
        next_numbers=(),
    )
    assert [finding.message for finding in bookings_filtered_by_date(facts)] == [
        "the bookings of journal 70 before 2026-01-10 look missing: 1 booked invoices "
        "dated 2026-01-05 to 2026-01-05 have no booking; export the bookings from "
        "2026-01-05 on, or say the accounting side is complete on purpose "
        "(bookings_complete=True, --bookings-complete)"
    ]
