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
    Journal,
    Numbering,
    Snapshot,
    plan_repair,
    simulate_repair,
    verify_plan,
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


# -- §3.5: no next number for a period every document sent into is refused ------


def _closed_until(locked_until: dt.date, *waiting: Invoice) -> Snapshot:
    """Journal 70 per calendar year: 2025 A #1 booked, U of 12-20 not booked yet; 2026 B #1 stale."""
    return Snapshot(
        Integration("70", "70"),
        [
            Invoice("A", dt.date(2025, 12, 1), 1),
            Invoice("U", dt.date(2025, 12, 20)),
            *waiting,
            Invoice("B", dt.date(2026, 1, 20), 1),
            Invoice("C", dt.date(2026, 1, 22), 1),
        ],
        [
            Journal(
                "70", Numbering.PER_FINANCIAL_YEAR, next_booking_number=2, locked_until=locked_until
            )
        ],
        [
            Booking("70", 1, dt.date(2025, 12, 1), reference="A"),
            Booking("70", 1, dt.date(2026, 1, 22), reference="C"),
        ],
    )


def test_rule_3_5_a_document_dated_on_the_lock_date_is_refused_so_its_period_gets_no_number() -> (
    None
):
    plan = plan_repair(_closed_until(dt.date(2025, 12, 20)))
    assert [(n.financial_year, n.number) for n in plan.next_numbers] == [(2026, 2)]


def test_rule_3_5_a_period_with_one_document_it_books_keeps_its_number() -> None:
    # U is refused, V (after the lock date) is booked: 2025 is booked into.
    plan = plan_repair(_closed_until(dt.date(2025, 12, 20), Invoice("V", dt.date(2025, 12, 28))))
    assert [(n.financial_year, n.number) for n in plan.next_numbers] == [(2025, 2), (2026, 2)]


# -- §3.9: a prevention sets no number for a period closed to its last day ------


def _stale_at_the_top(locked_until: dt.date) -> Snapshot:
    """2025: A #1 booked, S #2 stale at the top: a collision predicted (§3.9)."""
    return Snapshot(
        Integration("70", "70"),
        [Invoice("A", dt.date(2025, 6, 1), 1), Invoice("S", dt.date(2025, 7, 1), 2)],
        [Journal("70", Numbering.PER_FINANCIAL_YEAR, locked_until=locked_until)],
        [Booking("70", 1, dt.date(2025, 6, 1), reference="A")],
    )


def test_rule_3_9_a_prevention_sets_no_number_for_a_period_locked_to_its_last_day() -> None:
    plan = plan_repair(_stale_at_the_top(dt.date(2025, 12, 31)))
    assert (plan.kind, plan.next_numbers) == ("none", ())


def test_rule_3_9_a_period_locked_to_the_day_before_its_last_keeps_its_prevention() -> None:
    # 2025-12-31 can still be booked, and collide.
    plan = plan_repair(_stale_at_the_top(dt.date(2025, 12, 30)))
    assert plan.kind == "prevent"
    assert [(n.financial_year, n.number) for n in plan.next_numbers] == [(2025, 3)]


# -- §3.5: the journal after the sync shows the number of its latest period -----


def test_rule_3_5_the_journal_after_the_sync_shows_its_latest_periods_number() -> None:
    # Steps set 2025 #3 and 2026 #2; the sync books V #3 in 2025 and B #2 in
    # 2026: the journal's one number is 2026's, 3 (not 2025's, 4).
    snapshot = Snapshot(
        Integration("70", "70"),
        [
            Invoice("A", dt.date(2025, 12, 1), 1),
            Invoice("A2", dt.date(2025, 12, 2), 2),
            Invoice("U", dt.date(2025, 12, 20)),
            Invoice("V", dt.date(2025, 12, 28)),
            Invoice("B", dt.date(2026, 1, 20), 1),
            Invoice("C", dt.date(2026, 1, 22), 1),
        ],
        [
            Journal(
                "70",
                Numbering.PER_FINANCIAL_YEAR,
                next_booking_number=2,
                locked_until=dt.date(2025, 12, 20),
            )
        ],
        [
            Booking("70", 1, dt.date(2025, 12, 1), reference="A"),
            Booking("70", 2, dt.date(2025, 12, 2), reference="A2"),
            Booking("70", 1, dt.date(2026, 1, 22), reference="C"),
        ],
    )
    plan = plan_repair(snapshot)
    assert [(n.financial_year, n.number) for n in plan.next_numbers] == [(2025, 3), (2026, 2)]
    (journal,) = simulate_repair(snapshot, plan).journals
    assert journal.next_booking_number == 3


def test_rule_3_9_a_prevention_whose_sync_sends_into_another_journal_is_proven() -> None:
    # The step sets journal 70's 2025 number; the sync also books credit note K
    # into journal 71 (its number configured, no step there).
    snapshot = Snapshot(
        Integration("70", "71"),
        [
            Invoice("A", dt.date(2025, 6, 1), 1),
            Invoice("S", dt.date(2025, 7, 1), 2),
            CreditNote("K", dt.date(2025, 8, 1)),
        ],
        [Journal("70", Numbering.PER_FINANCIAL_YEAR), Journal("71", next_booking_number=5)],
        [Booking("70", 1, dt.date(2025, 6, 1), reference="A")],
    )
    plan = plan_repair(snapshot)
    assert plan.kind == "prevent"
    assert verify_plan(snapshot, plan) == ()
    after = simulate_repair(snapshot, plan)
    assert [journal.code for journal in after.journals] == ["70", "71"]


def test_rule_3_4_a_journal_the_sync_books_nothing_into_keeps_its_number() -> None:
    # U is dated in journal 70's closed period: the accounting package refuses
    # it (§3.4), takes no number, and the journal still shows 1.
    snapshot = Snapshot(
        Integration("70", "71"),
        [Invoice("U", dt.date(2026, 1, 10))],
        [Journal("70", next_booking_number=1, locked_until=dt.date(2026, 1, 31)), Journal("71")],
        bookings=(),
    )
    plan = plan_repair(snapshot)
    after = simulate_repair(snapshot, plan)
    assert [journal.next_booking_number for journal in after.journals] == [1, None]
    assert after.documents == snapshot.documents
