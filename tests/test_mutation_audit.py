"""Rules the fifth session's mutation run found unpinned (docs/mutation.md).

Each test is named after the rule of the contract it pins, and each kills a
mutant of the rule modules that survived the other rule tests.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    CutoffPolicy,
    InconsistentInputError,
    Integration,
    Invoice,
    Journal,
    Numbering,
    Snapshot,
    find_collisions,
    plan_repair,
    simulate,
    simulate_repair,
)
from booking_reconcile.evidence import (
    bookings_of_unbooked_documents,
    stale_after_last_booking,
    stale_before_first_booking,
)
from booking_reconcile.next_numbers import NextBookingNumber
from booking_reconcile.simulate import simulation_of
from booking_reconcile.stale import find_collision_risks
from builders import SHARED, TWO_JOURNALS, booked, day, numbers


def _per_year_journal_sending_into_a_later_year(*extra: Invoice) -> Snapshot:
    """Journal 70 per financial year, configured next number 50: A2 2025-12-05 #9 booked,
    B2 2025-12-06 #10 (its booking deleted), U2 2026-01-07 not booked."""
    a2 = Invoice("A2", day(12, 5, 2025), 9)
    b2 = Invoice("B2", day(12, 6, 2025), 10)
    u2 = Invoice("U2", day(1, 7))
    return Snapshot(
        SHARED,
        [a2, b2, *extra, u2],
        [Journal("70", Numbering.PER_FINANCIAL_YEAR, next_booking_number=50)],
        bookings=booked(a2),
    )


# -- §3.5 with §3.9: a prevention's configured number describes its step's period --


def test_rule_3_5_the_simulated_prevention_numbers_a_later_year_from_that_year_alone() -> None:
    # simulate_repair of a prevention plan: U2 in 2026 gets #1 (nothing booked
    # there), not the configured 50 the step for 2025 replaces.
    snapshot = _per_year_journal_sending_into_a_later_year()
    plan = plan_repair(snapshot)
    assert plan.kind == "prevent"
    after = simulate_repair(snapshot, plan)
    assert numbers(after.documents) == [("A2", 9), ("B2", 10), ("U2", 1)]
    assert [s.document.booking_number for s in simulate(snapshot, plan).sent] == [1]


def test_rule_3_5_a_simulation_without_cutoff_that_repairs_nothing_keeps_the_steps_period() -> None:
    # A collision (C2 also carries #9) that the parts without a cutoff do not
    # repair: the proof stops at it, and the simulation shown is made on its
    # own, still a prevention: U2 in 2026 gets #1, not the configured 50.
    snapshot = _per_year_journal_sending_into_a_later_year(Invoice("C2", day(12, 4, 2025), 9))
    simulation, overflow, refused = simulation_of(
        snapshot,
        cutoff=None,
        to_reset=(),
        deletions=(),
        next_numbers=(NextBookingNumber("70", 2025, 11, 50),),
    )
    assert simulation.problems != ()
    assert [(s.document.number, s.document.booking_number) for s in simulation.sent] == [("U2", 1)]
    assert (overflow, refused) == ((), ())


def test_rule_3_5_in_a_repair_the_configured_number_describes_a_later_year_a_step_sets() -> None:
    # §3.5: the configured number describes the latest period the sync sends
    # into *or a next number is set for*: with a step for 2027, the configured
    # 50 is that year's (replaced by the step's 7), so U in 2026 gets #1.
    a = Invoice("A", day(12, 1, 2025), 9)
    b = Invoice("B", day(12, 5, 2025), 10)
    c = Invoice("C", day(12, 10, 2025), 10)
    u = Invoice("U", day(1, 7))
    snapshot = Snapshot(
        SHARED,
        [a, b, c, u],
        [Journal("70", Numbering.PER_FINANCIAL_YEAR, next_booking_number=50)],
        bookings=booked(a, c),
    )
    plan = plan_repair(snapshot)
    assert plan.cutoff is not None
    later = attrs.evolve(plan, next_numbers=(NextBookingNumber("70", 2027, 7),))
    sent = {s.document.number: s.document.booking_number for s in simulate(snapshot, later).sent}
    assert sent["U"] == 1
    assert dict(numbers(simulate_repair(snapshot, later).documents))["U"] == 1


# -- §3.4: a closed period is on *or before* the lock date -------------------------


def test_rule_3_4_a_document_dated_on_the_lock_date_is_refused_by_the_sync() -> None:
    # Journal 70 locked until 2026-01-10: U dated on that day is refused and
    # gives its number to V, the next one sent.
    a = Invoice("A", day(1, 5), 1)
    u, v = Invoice("U", day(1, 10)), Invoice("V", day(1, 12))
    snapshot = Snapshot(
        SHARED, [a, u, v], [Journal("70", locked_until=day(1, 10))], bookings=booked(a)
    )
    simulation, overflow, refused = simulation_of(
        snapshot, cutoff=None, to_reset=(), deletions=(), next_numbers=()
    )
    assert [s.document.number for s in refused] == ["U"]
    assert numbers(s.document for s in simulation.sent) == [("V", 2)]
    assert overflow == ()


# -- §3.5: a repair's step for an earlier year warns of each journal's later year --


def test_rule_3_5_the_later_years_configured_number_is_warned_of_after_a_journal_without_one() -> (
    None
):
    # Two journals per financial year, each with a collision in 2025: 70
    # (invoices) has no configured number, 71 (credit notes) has 50 and the
    # sync sends credit note U into 2026. Nothing of 70 is sent into another
    # year: no warning; 71's 2026, read after it, is warned of
    # (per-year-numbering-assumed, formerly configured-number-of-a-later-year).
    x, y = Invoice("X", day(12, 1, 2025), 9), Invoice("Y", day(12, 5, 2025), 10)
    z = Invoice("Z", day(12, 10, 2025), 10)
    a, b = CreditNote("A", day(12, 1, 2025), 9), CreditNote("B", day(12, 5, 2025), 10)
    c, u = CreditNote("C", day(12, 10, 2025), 10), CreditNote("U", day(1, 7))
    snapshot = Snapshot(
        TWO_JOURNALS,
        [x, y, z, a, b, c, u],
        [
            Journal("70", Numbering.PER_FINANCIAL_YEAR),
            Journal("71", Numbering.PER_FINANCIAL_YEAR, next_booking_number=50),
        ],
        bookings=[*booked(x, z), *booked(a, c, journal="71")],
    )
    plan = plan_repair(snapshot)
    assert [(n.journal, n.financial_year) for n in plan.next_numbers] == [
        ("70", 2025),
        ("71", 2025),
    ]
    warnings = [w.message for w in plan.warnings if w.rule == "per-year-numbering-assumed"]
    assert [message.split(":")[0] for message in warnings] == ["journal 71, financial year 2026"]


# -- §6: one document written two ways is refused, with what to do -----------------


def test_rule_6_one_document_written_two_ways_is_refused_with_the_whole_advice() -> None:
    documents = [
        Invoice("2026/5", day(1, 5), 1001),
        Invoice("2026 / 5", day(1, 5), 1001),
    ]
    with pytest.raises(InconsistentInputError) as refused:
        find_collisions(Snapshot(Integration("70", "71"), documents))
    assert str(refused.value) == (
        "invoice 2026 / 5 appears twice in the snapshot's documents, written '2026/5' and "
        "'2026 / 5' (a document number is compared without white space and case); each "
        "document must be listed once: remove the extra copy from the input (exports merged "
        "from two sources often write one number both ways)"
    )


# -- §3.8: stale documents after a place's latest booking (a filtered export?) ------


def test_rule_3_8_late_stale_documents_of_both_kinds_are_called_documents() -> None:
    # One journal for both kinds: an invoice and a credit note after the
    # latest booking are "2 booked documents", not "2 booked invoices".
    a = Invoice("A", day(1, 2), 1)
    b, c = Invoice("B", day(1, 4), 2), CreditNote("C", day(1, 5), 3)
    snapshot = Snapshot(SHARED, [a, b, c], bookings=booked(a))
    (late,) = stale_after_last_booking(snapshot, [b, c])
    assert late.describe() == (
        "the bookings of journal 70 after 2026-01-02 look missing: 2 booked documents dated "
        "2026-01-04 to 2026-01-05 have no booking: was the export filtered to a date?"
    )


def test_rule_3_8_a_stale_document_dated_on_the_latest_booking_is_not_after_it() -> None:
    a = Invoice("A", day(1, 3), 1)
    b, c, d = Invoice("B", day(1, 3), 2), Invoice("C", day(1, 4), 3), Invoice("D", day(1, 5), 4)
    snapshot = Snapshot(SHARED, [a, b, c, d], bookings=booked(a))
    (late,) = stale_after_last_booking(snapshot, [b, c, d])
    assert [document.number for document in late.documents] == ["C", "D"]


def test_rule_3_8_late_stale_documents_of_two_journals_come_in_natural_journal_order() -> None:
    # Journals 9 (invoices) and 10 (credit notes): 9 before 10, as places sort.
    a, b, c = Invoice("A", day(1, 2), 1), Invoice("B", day(1, 4), 2), Invoice("C", day(1, 5), 3)
    x, y = CreditNote("X", day(1, 2), 1), CreditNote("Y", day(1, 4), 2)
    z = CreditNote("Z", day(1, 5), 3)
    snapshot = Snapshot(
        Integration("9", "10"),
        [x, y, z, a, b, c],
        bookings=[*booked(x, journal="10"), *booked(a, journal="9")],
    )
    found = stale_after_last_booking(snapshot, [y, z, b, c])
    assert [(late.place.journal, late.latest_booking) for late in found] == [
        ("9", day(1, 2)),
        ("10", day(1, 2)),
    ]


def test_rule_3_8_a_booking_on_or_after_the_latest_stale_date_settles_its_place() -> None:
    # Read from the last booking back: #1 of 01-01, then #4 of 01-10, which
    # is after every stale document (B, C): none of them is late, whatever
    # booking was read before.
    a, b = Invoice("A", day(1, 1), 1), Invoice("B", day(1, 3), 2)
    c, d = Invoice("C", day(1, 4), 3), Invoice("D", day(1, 10), 4)
    snapshot = Snapshot(SHARED, [a, b, c, d], bookings=booked(d, a))
    assert stale_after_last_booking(snapshot, [b, c]) == ()


def test_rule_3_8_one_place_settled_does_not_end_the_search_of_another() -> None:
    # Journal 71 settles first (its booking of 01-10 is read last-first and is
    # after its stale documents); journal 70's latest booking is read after.
    a, b, c = Invoice("A", day(1, 2), 1), Invoice("B", day(1, 4), 2), Invoice("C", day(1, 5), 3)
    x, y = CreditNote("X", day(1, 3), 1), CreditNote("Y", day(1, 4), 2)
    z = CreditNote("Z", day(1, 10), 3)
    snapshot = Snapshot(
        TWO_JOURNALS, [a, b, c, x, y, z], bookings=[*booked(a), *booked(z, journal="71")]
    )
    (late,) = stale_after_last_booking(snapshot, [b, c, x, y])
    assert (late.place.journal, late.latest_booking) == ("70", day(1, 2))
    assert [document.number for document in late.documents] == ["B", "C"]


# -- §3.8: stale documents before a place's first booking --------------------------


def test_rule_3_8_a_booking_on_or_before_the_earliest_stale_date_settles_its_place() -> None:
    # Bookings read in order: #4 of 01-20 first, then #1 of 01-01, before
    # every stale document: none of them is early, whatever was read before.
    a, b = Invoice("A", day(1, 1), 1), Invoice("B", day(1, 5), 2)
    c, d = Invoice("C", day(1, 6), 3), Invoice("D", day(1, 20), 4)
    snapshot = Snapshot(SHARED, [a, b, c, d], bookings=booked(d, a))
    assert stale_before_first_booking(snapshot, [b, c]) == ()


# -- §3.8: manual bookings of documents not booked, in journal, number, date order ---


def test_rule_3_8_bookings_of_unbooked_documents_come_in_journal_number_and_date_order() -> None:
    # Journal 70 per financial year: #5 of 2026-01-05 and #5 of 2025-12-20
    # (two years), #3 of 2026-01-08; each names a document not booked.
    w, x = Invoice("W", day(12, 1, 2025)), Invoice("X", day(1, 10))
    y, z = Invoice("Y", day(1, 2)), CreditNote("Z", day(12, 2, 2025))
    snapshot = Snapshot(
        TWO_JOURNALS,
        [w, x, y, z],
        [Journal("70", Numbering.PER_FINANCIAL_YEAR), Journal("71")],
        bookings=[
            Booking("71", 2, day(12, 3, 2025), reference="Z"),
            Booking("70", 5, day(1, 5), reference="W"),
            Booking("70", 5, day(12, 20, 2025), reference="X"),
            Booking("70", 3, day(1, 8), reference="Y"),
        ],
    )
    found = bookings_of_unbooked_documents(snapshot)
    assert [(b.journal, b.booking_number, b.date, d.number) for b, d in found] == [
        ("70", 3, day(1, 8), "Y"),
        ("70", 5, day(12, 20, 2025), "X"),
        ("70", 5, day(1, 5), "W"),
        ("71", 2, day(12, 3, 2025), "Z"),
    ]


# -- §3.8: a booking linked by number whose reference names another document --------


def test_rule_3_8_each_mistyped_reference_is_a_blocker_of_its_own() -> None:
    # #1002 has B's number and date but names X, #1003 has C's and names Y
    # (X and Y not booked): two bookings with their references mistyped.
    a, b = Invoice("A", day(1, 5), 1001), Invoice("B", day(1, 6), 1002)
    c = Invoice("C", day(1, 7), 1003)
    x, y = Invoice("X", day(1, 8)), Invoice("Y", day(1, 9))
    snapshot = Snapshot(
        Integration("70", "71"),
        [a, b, c, x, y],
        bookings=[
            Booking("70", 1001, a.date, reference="A"),
            Booking("70", 1002, b.date, reference="X"),
            Booking("70", 1003, c.date, reference="Y"),
        ],
    )
    plan = plan_repair(snapshot)
    unlinked = [f for f in plan.blockers if f.rule == "booking-unlinked"]
    assert [f.documents for f in unlinked] == [(b.ref, x.ref), (c.ref, y.ref)]
    assert unlinked[0].message == (
        "booking #1002 in journal 70 of 2026-01-06 has the reference 'X', which names invoice "
        "X, but has the journal, period, number and date of invoice B, which no booking books: "
        "it is almost certainly that document's booking with its reference mistyped, not a "
        "second booking of invoice X; correct the reference in the accounting package (Exact "
        'Online\'s "Your ref.") and export the bookings again; nothing is deleted on a guess'
    )


# -- §3.8: no booking names a document, while references name documents -------------


def test_rule_3_8_no_booking_names_a_document_when_the_references_name_other_numbers() -> None:
    a, b = Invoice("A", day(1, 5), 1001), Invoice("B", day(1, 6), 1002)
    bookings = [
        Booking("70", 5, day(2, 1), reference="A"),
        Booking("70", 6, day(2, 2), reference="B"),
    ]
    plan = plan_repair(Snapshot(Integration("70", "71"), [a, b], bookings=bookings))
    (finding,) = [f for f in plan.blockers if f.message.startswith("no booking names a document")]
    assert finding.rule == "no-booking-names-a-document"
    assert finding.message.startswith(
        "no booking names a document (2 bookings, none linked), but 2 of their references name "
        "a document read"
    )


# -- §3.8: two stale documents after the latest booking are evidence -----------------


def _two_after_the_latest_booking(*, complete: bool = False) -> Snapshot:
    """Invoices 2026/1..12 of January 1-12, booked up to 2026-01-10."""
    invoices = [Invoice(f"2026/{n}", day(1, n), 1000 + n) for n in range(1, 13)]
    bookings = [Booking("70", 1000 + n, day(1, n), reference=f"2026/{n}") for n in range(1, 11)]
    return Snapshot(
        Integration("70", "71"), invoices, bookings=bookings, bookings_complete=complete
    )


def test_rule_3_8_two_stale_documents_after_the_latest_booking_block_a_plan_resetting_them() -> (
    None
):
    snapshot = _two_after_the_latest_booking()
    plan = plan_repair(snapshot, CutoffPolicy.REBOOK_DELETED)
    (finding,) = [b for b in plan.blockers if b.rule == "bookings-filtered-to-date"]
    assert finding.message.startswith(
        "the bookings of journal 70 after 2026-01-10 look missing: 2 booked invoices dated "
        "2026-01-11 to 2026-01-12 have no booking"
    )
    assert finding.documents == tuple(d.ref for d in snapshot.documents[10:])


def test_rule_3_8_two_stale_documents_after_the_latest_booking_warn_when_complete() -> None:
    snapshot = _two_after_the_latest_booking(complete=True)
    (finding,) = [
        w for w in plan_repair(snapshot).warnings if w.rule == "bookings-filtered-to-date"
    ]
    assert finding.message.endswith("Taken as complete on purpose, so all of them are stale")
    assert finding.documents == tuple(d.ref for d in snapshot.documents[10:])


# -- §3.8: references naming nothing, the first ten listed and the rest dated --------


def test_rule_3_8_references_naming_nothing_beyond_ten_are_dated_first_to_last() -> None:
    older = [
        Booking("70", n, day(1, 1) + dt.timedelta(days=n), reference=f"2025/{n}")
        for n in range(1, 31)
    ]
    snapshot = Snapshot(
        Integration("70", "71"),
        [Invoice("2026/1", day(3, 1), 31)],
        bookings=[*older, Booking("70", 31, day(3, 1), reference="2026/1")],
    )
    (warning,) = plan_repair(snapshot).warnings
    assert "and 20 more, dated 2026-01-12 to 2026-01-31)" in warning.message


# -- §3.8: "mostly stale" is judged from the bookings, so only when they are given ---


def test_rule_3_8_mostly_stale_is_not_judged_without_the_bookings() -> None:
    # Six collisions and no bookings: six stale documents presumed (§3.1),
    # half of the twelve; without bookings nothing tells how many are booked.
    documents = [
        document
        for n in range(1, 7)
        for document in (Invoice(f"A{n}", day(1, n), n), Invoice(f"B{n}", day(1, n + 10), n))
    ]
    plan = plan_repair(Snapshot(Integration("70", "71"), documents))
    assert plan.kind == "repair"
    assert "mostly-stale" not in [w.rule for w in (*plan.warnings, *plan.blockers)]


# -- §3.2: a stale number is a risk only at or above the highest booking left -------


def test_rule_3_2_a_stale_number_below_the_highest_booking_is_no_risk_whatever_is_read_after() -> (
    None
):
    # Bookings #1 and #3 (in that order, read from the last): stale #2 is
    # below the highest booking (#3), stale #4 above it; only #4 is a risk,
    # though #1 is read after #3.
    a, b = Invoice("A", day(1, 1), 1), Invoice("B", day(1, 2), 2)
    c, d = Invoice("C", day(1, 3), 3), Invoice("D", day(1, 4), 4)
    snapshot = Snapshot(SHARED, [a, b, c, d], bookings=booked(a, c))
    assert find_collision_risks(snapshot) == (d,)
