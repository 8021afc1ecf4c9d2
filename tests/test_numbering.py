"""Next booking numbers: DOMAIN.md §3.5 (and §5 for financial years), rule by rule.

Every expected number is worked out by hand in a comment:
``next = max(lowest deleted, highest still in use + 1)``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    CutoffPolicy,
    Integration,
    Invoice,
    Journal,
    NextBookingNumber,
    Numbering,
    Place,
    Snapshot,
    next_booking_numbers,
    plan_repair,
    simulate_repair,
    verify_plan,
)
from booking_reconcile.next_numbers import configured_numbers
from builders import SHARED, TWO_JOURNALS, booked, day, numbers

KEEP = CutoffPolicy.KEEP_DELETED
REBOOK = CutoffPolicy.REBOOK_DELETED


def table(numbers: tuple[NextBookingNumber, ...]) -> dict[tuple[str, int | None], int]:
    return {(n.journal, n.financial_year): n.number for n in numbers}


def test_next_number_is_max_of_lowest_deleted_and_highest_in_use_plus_one() -> None:
    # A #301 booked; S 01-06 #302 and B 01-07 #303 lost their bookings; C 01-10
    # took #303; D 01-12 #304. rebook-deleted: cutoff 01-06 (S is stale);
    # reset S, B, C, D; delete D #304, C #303. Lowest deleted 303; in use: A
    # 301 only. next = max(303, 301 + 1) = 303: the deleted number wins.
    a, s = Invoice("A", day(1, 5), 301), Invoice("S", day(1, 6), 302)
    b, c = Invoice("B", day(1, 7), 303), Invoice("C", day(1, 10), 303)
    d = Invoice("D", day(1, 12), 304)
    snapshot = Snapshot(SHARED, [a, s, b, c, d], bookings=booked(a, c, d))
    plan = plan_repair(snapshot, REBOOK)
    assert plan.cutoff == day(1, 6)
    assert table(plan.next_numbers) == {("70", None): 303}


def test_next_number_highest_in_use_wins_over_lowest_deleted() -> None:
    # keep-deleted on the same story: cutoff 01-10 (C, second of {B, C});
    # delete D #304, C #303; lowest deleted 303; in use A 301, S 302, B 303
    # (stale documents keep their numbers): next = max(303, 303 + 1) = 304.
    a, s = Invoice("A", day(1, 5), 301), Invoice("S", day(1, 6), 302)
    b, c = Invoice("B", day(1, 7), 303), Invoice("C", day(1, 10), 303)
    d = Invoice("D", day(1, 12), 304)
    snapshot = Snapshot(SHARED, [a, s, b, c, d], bookings=booked(a, c, d))
    assert table(next_booking_numbers(snapshot, day(1, 10))) == {("70", None): 304}


def test_next_number_with_nothing_deleted_is_highest_in_use_plus_one() -> None:
    # H 01-05 holds #7 (backdated, sent after S); S 01-10 #7 lost its booking;
    # G 01-02 #6. keep-deleted cutoff 01-10 resets S only, which has no
    # booking: nothing deleted. In use: G 6, H 7: next = 7 + 1 = 8.
    g, h, s = Invoice("G", day(1, 2), 6), Invoice("H", day(1, 5), 7), Invoice("S", day(1, 10), 7)
    snapshot = Snapshot(SHARED, [g, h, s], bookings=booked(g, h))
    plan = plan_repair(snapshot)
    assert plan.to_delete == ()
    assert plan.to_reset == (s,)
    assert table(plan.next_numbers) == {("70", None): 8}
    assert [(d.number, d.booking_number) for d in plan.after_sync] == [("S", 8)]


def test_next_number_with_nothing_in_use_is_lowest_deleted() -> None:
    # S 01-10 #5 lost its booking, H 01-12 took #5, J 01-14 #6; nothing else.
    # rebook-deleted: cutoff 01-10 resets all three; delete J #6, H #5.
    # Nothing in use: next = lowest deleted = 5.
    s, h, j = Invoice("S", day(1, 10), 5), Invoice("H", day(1, 12), 5), Invoice("J", day(1, 14), 6)
    snapshot = Snapshot(SHARED, [s, h, j], bookings=booked(h, j))
    plan = plan_repair(snapshot, REBOOK)
    assert table(plan.next_numbers) == {("70", None): 5}
    assert [(d.number, d.booking_number) for d in plan.after_sync] == [
        ("S", 5),
        ("H", 6),
        ("J", 7),
    ]


def test_no_next_number_when_nothing_deleted_and_nothing_in_use() -> None:
    # Journal 71 has one credit note, not booked yet, and no booking: the sync
    # sends into it, but there is no number to set for it.
    b, c = Invoice("B", day(1, 6), 2), Invoice("C", day(1, 10), 2)
    k = CreditNote("K", day(1, 11))
    snapshot = Snapshot(TWO_JOURNALS, [b, c, k], bookings=booked(c))
    plan = plan_repair(snapshot)
    # 70: lowest deleted 2 (C), in use B 2: max(2, 3) = 3; 71: none.
    assert table(plan.next_numbers) == {("70", None): 3}


def test_next_number_counts_stale_documents_as_in_use() -> None:
    # X 01-07 #405 lost its booking and collides with nothing; C 01-10 took
    # B's #402. keep-deleted cutoff 01-10; delete E #403, C #402. In use:
    # A 401, B 402, X 405 (stale, kept by the invoicing tool): max(402, 406) = 406.
    a, b, x = (
        Invoice("A", day(1, 5), 401),
        Invoice("B", day(1, 6), 402),
        Invoice("X", day(1, 7), 405),
    )
    c, e = Invoice("C", day(1, 10), 402), Invoice("E", day(1, 12), 403)
    snapshot = Snapshot(SHARED, [a, b, x, c, e], bookings=booked(a, c, e))
    assert table(next_booking_numbers(snapshot, day(1, 10))) == {("70", None): 406}
    plan = plan_repair(snapshot)
    assert table(plan.next_numbers) == {("70", None): 406}
    assert verify_plan(snapshot, plan) == ()


def test_next_number_ignores_the_numbers_of_reset_documents() -> None:
    # Same story, rebook-deleted: cutoff 01-06 (B) resets B, X, C, E; X's 405
    # is no longer in use. Delete E #403, C #402; in use A 401:
    # max(402, 401 + 1) = 402.
    a, b, x = (
        Invoice("A", day(1, 5), 401),
        Invoice("B", day(1, 6), 402),
        Invoice("X", day(1, 7), 405),
    )
    c, e = Invoice("C", day(1, 10), 402), Invoice("E", day(1, 12), 403)
    snapshot = Snapshot(SHARED, [a, b, x, c, e], bookings=booked(a, c, e))
    plan = plan_repair(snapshot, REBOOK)
    assert plan.cutoff == day(1, 6)
    assert table(plan.next_numbers) == {("70", None): 402}


def test_next_number_counts_manual_bookings_as_in_use() -> None:
    # A manual booking #510 of 01-11 stays: in use A 501, B 502, manual 510;
    # lowest deleted 502 (C): max(502, 511) = 511.
    a, b, c = (
        Invoice("A", day(1, 5), 501),
        Invoice("B", day(1, 6), 502),
        Invoice("C", day(1, 10), 502),
    )
    manual = Booking("70", 510, day(1, 11))
    snapshot = Snapshot(SHARED, [a, b, c], bookings=[*booked(a, c), manual])
    plan = plan_repair(snapshot)
    assert table(plan.next_numbers) == {("70", None): 511}
    assert [(d.number, d.booking_number) for d in plan.after_sync] == [("C", 511)]


def test_next_number_counts_documents_booked_before_the_cutoff() -> None:
    # Z 01-06 #620 is booked before the cutoff 01-10 and stays: its booking
    # is not deleted. In use: A 601, Z 620, B 602; lowest deleted 602 (C):
    # max(602, 620 + 1) = 621.
    a, z = Invoice("A", day(1, 5), 601), Invoice("Z", day(1, 6), 620)
    b, c = Invoice("B", day(1, 7), 602), Invoice("C", day(1, 10), 602)
    snapshot = Snapshot(SHARED, [a, z, b, c], bookings=booked(a, z, c))
    assert table(next_booking_numbers(snapshot, day(1, 10))) == {("70", None): 621}


def test_next_numbers_only_for_journals_the_sync_sends_into() -> None:
    # Journal 71's credit notes are all booked and dated before the cutoff
    # 01-10: the sync sends nothing into 71, so no number is set for it.
    b, c = Invoice("B", day(1, 6), 2), Invoice("C", day(1, 10), 2)
    k = CreditNote("K", day(1, 4), 9)
    snapshot = Snapshot(TWO_JOURNALS, [b, c, k], bookings=[*booked(c), *booked(k, journal="71")])
    assert set(table(plan_repair(snapshot).next_numbers)) == {("70", None)}


def test_next_number_for_a_journal_with_documents_not_booked_yet() -> None:
    # Journal 71: K1 01-04 #9 booked, K2 01-05 not booked yet. The sync sends
    # K2 into 71: nothing deleted there, in use 9: next = 10.
    b, c = Invoice("B", day(1, 6), 2), Invoice("C", day(1, 10), 2)
    k1, k2 = CreditNote("K1", day(1, 4), 9), CreditNote("K2", day(1, 5))
    snapshot = Snapshot(
        TWO_JOURNALS, [b, c, k1, k2], bookings=[*booked(c), *booked(k1, journal="71")]
    )
    plan = plan_repair(snapshot)
    # 70: lowest deleted 2, in use B 2: max(2, 3) = 3.
    assert table(plan.next_numbers) == {("70", None): 3, ("71", None): 10}


def test_next_numbers_without_bookings_come_from_the_documents() -> None:
    # No bookings: holder of {B, C} on #2 is C (last in sync order), B stale.
    # keep-deleted cutoff 01-10: delete D #3, C #2; in use A 1, B 2:
    # max(2, 2 + 1) = 3.
    a, b = Invoice("A", day(1, 5), 1), Invoice("B", day(1, 6), 2)
    c, d = Invoice("C", day(1, 10), 2), Invoice("D", day(1, 12), 3)
    snapshot = Snapshot(SHARED, [a, b, c, d])
    assert table(next_booking_numbers(snapshot, day(1, 10))) == {("70", None): 3}


def test_next_booking_numbers_without_cutoff_is_empty() -> None:
    snapshot = Snapshot(SHARED, [Invoice("A", day(1, 5), 1), Invoice("B", day(1, 6))])
    assert next_booking_numbers(snapshot, None) == ()


# -- financial years ---------------------------------------------------------

PER_YEAR = [Journal("70", Numbering.PER_FINANCIAL_YEAR)]


def test_reset_across_financial_year_boundary_gives_one_next_number_per_year() -> None:
    # Journal 70 numbered per financial year (January). 2025: A 12-20 #1,
    # B 12-22 #2 (lost its booking), C 12-29 #2 (took it); 2026: D 01-03 #1,
    # E 01-05 #2. Cutoff 2025-12-29: reset C, D, E.
    # 2025: lowest deleted 2 (C), in use A 1, B 2: max(2, 3) = 3.
    # 2026: lowest deleted 1 (D), nothing in use: 1.
    a, b = Invoice("A", day(12, 20, 2025), 1), Invoice("B", day(12, 22, 2025), 2)
    c = Invoice("C", day(12, 29, 2025), 2)
    d, e = Invoice("D", day(1, 3), 1), Invoice("E", day(1, 5), 2)
    snapshot = Snapshot(SHARED, [a, b, c, d, e], journals=PER_YEAR, bookings=booked(a, c, d, e))
    plan = plan_repair(snapshot)
    assert plan.cutoff == day(12, 29, 2025)
    assert table(plan.next_numbers) == {("70", 2025): 3, ("70", 2026): 1}
    assert [(x.number, x.booking_number) for x in plan.after_sync] == [
        ("C", 3),
        ("D", 1),
        ("E", 2),
    ]
    assert verify_plan(snapshot, plan) == ()


def test_next_number_financial_year_follows_the_start_month() -> None:
    # Financial year starts in April: 2026-03-31 lies in financial year 2025,
    # 2026-04-01 in 2026. B 03-20 #2 lost its booking, C 03-31 #2 took it, D
    # 04-01 #1 (the new year's first). Cutoff 03-31: reset C, D.
    # 2025: lowest deleted 2, in use A 1, B 2: max(2, 3) = 3. 2026: 1.
    integration = Integration("70", "70", financial_year_start_month=4)
    a, b = Invoice("A", day(3, 10), 1), Invoice("B", day(3, 20), 2)
    c, d = Invoice("C", day(3, 31), 2), Invoice("D", day(4, 1), 1)
    snapshot = Snapshot(integration, [a, b, c, d], journals=PER_YEAR, bookings=booked(a, c, d))
    assert table(plan_repair(snapshot).next_numbers) == {("70", 2025): 3, ("70", 2026): 1}


def test_reset_across_new_year_within_one_financial_year_gives_one_next_number() -> None:
    # Financial year starts in April: 2025-12-28 and 2026-01-05 both lie in
    # financial year 2025. B 12-20 #2 lost its booking, C 12-28 took it, E
    # 01-05 #3. Cutoff 12-28: reset C, E; delete E #3, C #2. One period:
    # lowest deleted 2, in use A 1, B 2: max(2, 3) = 3.
    integration = Integration("70", "70", financial_year_start_month=4)
    a, b = Invoice("A", day(11, 5, 2025), 1), Invoice("B", day(12, 20, 2025), 2)
    c, e = Invoice("C", day(12, 28, 2025), 2), Invoice("E", day(1, 5), 3)
    snapshot = Snapshot(integration, [a, b, c, e], journals=PER_YEAR, bookings=booked(a, c, e))
    plan = plan_repair(snapshot)
    assert table(plan.next_numbers) == {("70", 2025): 3}
    assert [(x.number, x.booking_number) for x in plan.after_sync] == [("C", 3), ("E", 4)]


def test_next_numbers_are_computed_within_one_numbering_period() -> None:
    # 2025 holds #1..#9 (Z #9 the highest); in 2026, B 01-06 #2 lost its
    # booking and C 01-10 took it. 2025's numbers are not in use in 2026:
    # 2026: lowest deleted 2, in use A 1, B 2: max(2, 3) = 3 (not 10).
    z = Invoice("Z", day(11, 30, 2025), 9)
    a, b, c = Invoice("A", day(1, 5), 1), Invoice("B", day(1, 6), 2), Invoice("C", day(1, 10), 2)
    snapshot = Snapshot(SHARED, [z, a, b, c], journals=PER_YEAR, bookings=booked(z, a, c))
    assert table(plan_repair(snapshot).next_numbers) == {("70", 2026): 3}


# -- configured next numbers -------------------------------------------------

A1, B1 = Invoice("A", day(1, 5), 1001), Invoice("B", day(1, 6), 1002)
C1, D1 = Invoice("C", day(1, 10), 1002), Invoice("D", day(1, 12), 1003)


def _configured(next_number: int | None) -> Snapshot:
    return Snapshot(
        SHARED,
        [A1, B1, C1, D1],
        journals=[Journal("70", next_booking_number=next_number)],
        bookings=booked(A1, C1, D1),
    )


@pytest.mark.parametrize(
    ("configured", "reported"),
    [
        # the plan's number: max(1002, 1002 + 1) = 1003
        pytest.param(1004, True, id="configured-higher"),
        pytest.param(1002, True, id="configured-lower"),
        pytest.param(1003, False, id="configured-equal"),
        pytest.param(None, False, id="configured-unknown"),
    ],
)
def test_configured_next_number_difference_is_reported(
    configured: int | None, reported: bool
) -> None:
    plan = plan_repair(_configured(configured))
    (next_number,) = plan.next_numbers
    assert (next_number.number, next_number.configured) == (1003, configured)
    assert next_number.differs is reported
    differs = [w for w in plan.warnings if w.rule == "configured-next-number-differs"]
    assert len(differs) == (1 if reported else 0)
    if reported:
        assert str(configured) in differs[0].message
        assert "1003" in differs[0].message
        assert "journal 70" in differs[0].message


def test_configured_next_number_is_reported_for_each_journal() -> None:
    # 70: max(2, 2 + 1) = 3, configured 50; 71: K1 #9 in use, K2 waiting:
    # 10, configured 40. Two differences, two warnings.
    b, c = Invoice("B", day(1, 6), 2), Invoice("C", day(1, 10), 2)
    k1, k2 = CreditNote("K1", day(1, 4), 9), CreditNote("K2", day(1, 5))
    snapshot = Snapshot(
        TWO_JOURNALS,
        [b, c, k1, k2],
        journals=[Journal("70", next_booking_number=50), Journal("71", next_booking_number=40)],
        bookings=[*booked(c), *booked(k1, journal="71")],
    )
    plan = plan_repair(snapshot)
    assert {(n.journal, n.number, n.configured) for n in plan.next_numbers} == {
        ("70", 3, 50),
        ("71", 10, 40),
    }
    differs = [w for w in plan.warnings if w.rule == "configured-next-number-differs"]
    assert len(differs) == 2


def test_configured_next_number_is_compared_with_the_latest_period_only() -> None:
    # Documented choice (numbering.py): for a journal numbered per financial
    # year the configured number describes the latest period the repair sends
    # into. Story of the year-boundary test, configured 7: 2026 compares
    # (1 vs 7), 2025 compares with nothing.
    a, b = Invoice("A", day(12, 20, 2025), 1), Invoice("B", day(12, 22, 2025), 2)
    c = Invoice("C", day(12, 29, 2025), 2)
    d, e = Invoice("D", day(1, 3), 1), Invoice("E", day(1, 5), 2)
    snapshot = Snapshot(
        SHARED,
        [a, b, c, d, e],
        journals=[Journal("70", Numbering.PER_FINANCIAL_YEAR, next_booking_number=7)],
        bookings=booked(a, c, d, e),
    )
    numbers = {n.financial_year: n for n in plan_repair(snapshot).next_numbers}
    assert (numbers[2025].number, numbers[2025].configured) == (3, None)
    assert (numbers[2026].number, numbers[2026].configured) == (1, 7)


# -- §3.5: the configured number of a journal numbered per financial year -----

PER_YEAR = [Journal("70", Numbering.PER_FINANCIAL_YEAR, next_booking_number=10)]


def test_configured_number_describes_the_latest_year_the_sync_sends_into() -> None:
    # The case: A 2025-12-01 #1, B 2025-12-02 #2 (deleted), C
    # 2025-12-03 #2, U 2026-01-05 not booked. The sync sends into 2025 (C)
    # and 2026 (U): the configured 10 describes 2026, so 2025 is compared
    # with nothing, and no line tells the person to change 10 for 2025.
    a, b = Invoice("A", day(12, 1, 2025), 1), Invoice("B", day(12, 2, 2025), 2)
    c, u = Invoice("C", day(12, 3, 2025), 2), Invoice("U", day(1, 5))
    snapshot = Snapshot(SHARED, [a, b, c, u], PER_YEAR, bookings=booked(a, c))
    plan = plan_repair(snapshot)
    assert plan.next_numbers == (NextBookingNumber("70", 2025, 3, None),)
    assert not any(w.rule == "configured-next-number-differs" for w in plan.warnings)
    # The prediction follows the same rule: U is numbered from the configured 10.
    assert [(d.number, d.booking_number) for d in plan.after_sync] == [("C", 3), ("U", 10)]
    assert verify_plan(snapshot, plan) == ()


def test_configured_number_is_compared_with_the_latest_year_when_it_has_a_next_number() -> None:
    # Both years get a number: 2026 (the latest) inherits the configured 10.
    a, b = Invoice("A", day(12, 1, 2025), 1), Invoice("B", day(12, 2, 2025), 2)
    c = Invoice("C", day(12, 3, 2025), 2)
    p, q = Invoice("P", day(1, 5), 1), Invoice("Q", day(1, 6), 2)
    snapshot = Snapshot(SHARED, [a, b, c, p, q], PER_YEAR, bookings=booked(a, c, p, q))
    numbers = next_booking_numbers(snapshot, day(12, 3, 2025))
    # 2025: max(deleted 2, B 2 + 1) = 3; 2026: P, Q reset: max(deleted 1, none) = 1.
    assert numbers == (
        NextBookingNumber("70", 2025, 3, None),
        NextBookingNumber("70", 2026, 1, 10),
    )


def test_next_numbers_come_in_journal_then_year_order() -> None:
    a, b = Invoice("A", day(12, 1, 2025), 1), Invoice("B", day(12, 2, 2025), 2)
    c = Invoice("C", day(12, 3, 2025), 2)
    p = Invoice("P", day(1, 5), 1)
    snapshot = Snapshot(
        SHARED, [p, c, b, a], [Journal("70", Numbering.PER_FINANCIAL_YEAR)], booked(a, c, p)
    )
    assert [n.financial_year for n in next_booking_numbers(snapshot, day(12, 3, 2025))] == [
        2025,
        2026,
    ]


def test_a_fresh_period_gets_number_one_after_the_sync() -> None:
    # U opens financial year 2026: nothing in use there, nothing deleted, no
    # configured number: the accounting package starts at 1.
    a, b = Invoice("A", day(12, 1, 2025), 1), Invoice("B", day(12, 2, 2025), 2)
    c, u = Invoice("C", day(12, 3, 2025), 2), Invoice("U", day(1, 5))
    snapshot = Snapshot(
        SHARED, [a, b, c, u], [Journal("70", Numbering.PER_FINANCIAL_YEAR)], booked(a, c)
    )
    plan = plan_repair(snapshot)
    assert [(d.number, d.booking_number) for d in plan.after_sync] == [("C", 3), ("U", 1)]


def test_a_next_number_past_the_limit_is_a_blocker_naming_the_journal() -> None:
    # The case: a collision at 2**63 - 1, the limit itself. Valid input:
    # no error is raised, the plan says it cannot be carried out.
    top = 2**63 - 1
    a, b = Invoice("A", day(1, 5), top - 1), Invoice("B", day(1, 6), top)
    c = Invoice("C", day(1, 10), top)
    snapshot = Snapshot(SHARED, [a, b, c], bookings=booked(a, c))
    plan = plan_repair(snapshot)
    (blocker,) = [b for b in plan.blockers if b.rule == "number-limit"]
    assert blocker.message.startswith(
        f"journal 70: the next booking number would be {top + 1}, past the accounting "
        f"package's limit of {top}"
    )
    assert not plan.feasible


def test_next_numbers_one_per_journal_in_natural_journal_order() -> None:
    # §3.5: per journal and numbering period the sync sends into; journal
    # codes compare naturally, so journal 9 comes before journal 10.
    a, b, c = Invoice("A", day(1, 5), 1), Invoice("B", day(1, 6), 2), Invoice("C", day(1, 10), 2)
    k1, k2 = CreditNote("K1", day(1, 2), 1), CreditNote("K2", day(1, 3), 2)
    k3 = CreditNote("K3", day(1, 11), 1)
    snapshot = Snapshot(
        Integration("9", "10"),
        [a, b, c, k1, k2, k3],
        bookings=[*booked(a, c, journal="9"), *booked(k2, k3, journal="10")],
    )
    assert [(n.journal, n.number) for n in next_booking_numbers(snapshot, day(1, 10))] == [
        ("9", 3),
        ("10", 3),
    ]


def test_a_double_booking_deleted_by_the_plan_is_not_still_in_use() -> None:
    # §3.5 "still in use": numbers of bookings that are not deleted; §3.10 the
    # repair deletes the manual double booking, so its number 3 is free.
    a, b, c = Invoice("A", day(1, 5), 1), Invoice("B", day(1, 6), 2), Invoice("C", day(1, 10), 2)
    by_hand = Booking("70", 3, day(1, 7), reference="A")  # A entered again by hand
    plan = plan_repair(Snapshot(SHARED, [a, b, c], bookings=[*booked(a, c), by_hand]))
    assert [d.duplicate for d in plan.double_bookings] == [by_hand]
    assert [(n.journal, n.number) for n in plan.next_numbers] == [("70", 3)]
    assert [(d.number, d.booking_number) for d in plan.after_sync] == [("C", 3)]


def test_next_booking_numbers_refuses_a_cutoff_that_is_not_a_date_by_name() -> None:
    from booking_reconcile import InvalidTypeError

    snapshot = Snapshot(SHARED, [Invoice("A", day(1, 5), 1)])
    with pytest.raises(InvalidTypeError) as raised:
        next_booking_numbers(snapshot, "2026-01-10")  # type: ignore[arg-type]
    assert str(raised.value) == (
        "next_booking_numbers: cutoff '2026-01-10' is not a date; expected a datetime.date or "
        "None (parse text with datetime.date.fromisoformat first)"
    )


TOP = 2**63 - 1  # the accounting package's limit


def _limit_blocker(journal: str) -> str:
    return (
        f"journal {journal}: the next booking number would be {TOP + 1}, past the accounting "
        f"package's limit of {TOP}: the plan cannot be carried out as it is; renumber the "
        "journal in the accounting package, or book into a new journal"
    )


def test_a_next_number_at_the_limit_itself_is_still_feasible() -> None:
    # §3.5: numbers are bounded by 2**63 - 1; that number itself can be handed out.
    a, b = Invoice("A", day(1, 5), TOP - 2), Invoice("B", day(1, 6), TOP - 1)
    c = Invoice("C", day(1, 10), TOP - 1)
    plan = plan_repair(Snapshot(SHARED, [a, b, c], bookings=booked(a, c)))
    assert [(n.journal, n.number) for n in plan.next_numbers] == [("70", TOP)]
    assert plan.blockers == ()
    assert [(d.number, d.booking_number) for d in plan.after_sync] == [("C", TOP)]


def test_a_document_not_booked_yet_past_the_limit_is_a_blocker_naming_the_journal() -> None:
    # §3.5: nothing collides, but the sync would hand U the number after the
    # limit: a blocker naming the journal, never an input error.
    k, u = Invoice("K", day(1, 2), TOP), Invoice("U", day(1, 12))
    plan = plan_repair(Snapshot(SHARED, [k, u], bookings=booked(k)))
    assert plan.next_numbers == ()
    assert [(b.rule, b.message) for b in plan.blockers] == [("number-limit", _limit_blocker("70"))]
    assert not plan.feasible


def test_number_limit_blockers_in_natural_journal_order() -> None:
    a, b, c = (
        Invoice("A", day(1, 5), TOP - 1),
        Invoice("B", day(1, 6), TOP),
        Invoice("C", day(1, 10), TOP),
    )
    k, u = CreditNote("K", day(1, 2), TOP), CreditNote("U", day(1, 12))
    snapshot = Snapshot(
        Integration("9", "10"),
        [a, b, c, k, u],
        bookings=[*booked(a, c, journal="9"), *booked(k, journal="10")],
    )
    plan = plan_repair(snapshot)
    assert [b.message for b in plan.blockers if b.rule == "number-limit"] == [
        _limit_blocker("9"),
        _limit_blocker("10"),
    ]


def test_a_per_year_journals_configured_number_describes_its_latest_year_in_any_order() -> None:
    # §3.5: for a journal numbered per financial year the configured number
    # describes the latest financial year the sync sends into, whatever the
    # order the places come in; a continuous journal's describes its one place.
    from booking_reconcile.next_numbers import configured_numbers
    from booking_reconcile.periods import Place

    snapshot = Snapshot(
        TWO_JOURNALS,
        [Invoice("A", day(1, 5), 1)],
        journals=[
            Journal("70", Numbering.PER_FINANCIAL_YEAR, next_booking_number=10),
            Journal("71", next_booking_number=7),
        ],
    )
    places = [Place("70", 2026), Place("70", 2025), Place("71", None)]
    for ordered in (places, places[::-1]):
        assert configured_numbers(snapshot, ordered) == {
            Place("70", 2026): 10,
            Place("71", None): 7,
        }


def test_a_next_number_without_a_configured_one_displays_alone() -> None:
    assert str(NextBookingNumber("70", None, 1003)) == "journal 70: next booking number 1003"
    assert str(NextBookingNumber("70", 2026, 4, 9)) == (
        "journal 70, financial year 2026: next booking number 4 (configured: 9)"
    )


def test_the_sync_goes_on_after_a_document_past_the_limit() -> None:
    # §3.5/§3.7: U cannot be numbered in journal 70; W, sent after it into
    # journal 71, still gets its number.
    k, u = Invoice("K", day(1, 2), TOP), Invoice("U", day(1, 12))
    w = CreditNote("W", day(1, 13))
    snapshot = Snapshot(TWO_JOURNALS, [k, u, w], bookings=booked(k))
    plan = plan_repair(snapshot)
    assert [b.rule for b in plan.blockers] == ["number-limit"]
    after = simulate_repair(snapshot, plan)
    assert [(d.number, d.booking_number) for d in after.documents] == [
        ("K", TOP),
        ("U", None),
        ("W", 1),
    ]


def test_rule_3_5_the_configured_number_describes_financial_year_1_not_year_0() -> None:
    # §5 and §3.5: with the financial year starting in April, a document of
    # February of the year 1 falls in financial year 0 (the only year numbered
    # 0), one of May in financial year 1. The configured 50 describes the
    # latest, year 1, whichever is read first: the February document gets #1.
    integration = Integration("70", "70", financial_year_start_month=4)
    february = Invoice("F", dt.date(1, 2, 1))
    may = Invoice("M", dt.date(1, 5, 1))
    snapshot = Snapshot(
        integration,
        [february, may],
        journals=[Journal("70", Numbering.PER_FINANCIAL_YEAR, next_booking_number=50)],
        bookings=(),
    )
    assert configured_numbers(snapshot, [Place("70", 0), Place("70", 1)]) == {Place("70", 1): 50}
    after = simulate_repair(snapshot, plan_repair(snapshot))
    assert numbers(after.documents) == [("F", 1), ("M", 50)]
