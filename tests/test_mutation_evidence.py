"""The evidence of §3.8, the closed periods of §3.4 and §3.6's first booked document, pinned.

Each test pins a behaviour the rules promise that no other test of the rule
selection (``[tool.mutmut]`` in ``pyproject.toml``) told apart from a small
change of the code: the survivors of a mutation run (docs/mutation.md).
"""

from __future__ import annotations

import datetime as dt

import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    Integration,
    Invoice,
    Journal,
    Snapshot,
    plan_repair,
)
from booking_reconcile.evidence import stale_before_first_booking
from booking_reconcile.reconnect import first_booked_document
from booking_reconcile.stale import find_stale_documents
from builders import SHARED, TWO_JOURNALS, booked, day

# -- §3.8: stale documents before the first booking of their place ------------

# Journal 70: S1 01-10 #1, S2 01-20 #2 and S3 02-15 #5 lost their bookings;
# X 02-01 #3 and Y 03-01 #4 are booked. Journal 71: K1 01-03 #7 and K3 01-04
# #9 are booked, K2 01-05 #8 lost its booking (after K1's, so no evidence of
# a filtered export there). The bookings list 71's first, then 70's.
S1, S2, S3 = (
    Invoice("S1", day(1, 10), 1),
    Invoice("S2", day(1, 20), 2),
    Invoice("S3", day(2, 15), 5),
)
X, Y = Invoice("X", day(2, 1), 3), Invoice("Y", day(3, 1), 4)
K1, K2, K3 = (
    CreditNote("K1", day(1, 3), 7),
    CreditNote("K2", day(1, 5), 8),
    CreditNote("K3", day(1, 4), 9),
)
EARLY = Snapshot(
    TWO_JOURNALS,
    [S1, S2, S3, X, Y, K1, K2, K3],
    bookings=[*booked(K1, K3, journal="71"), *booked(X, Y)],
)


def _early(snapshot: Snapshot) -> list[tuple[str, dt.date, list[str]]]:
    found = stale_before_first_booking(snapshot, find_stale_documents(snapshot))
    return [
        (str(early.place), early.first_booking, [d.number for d in early.documents])
        for early in found
    ]


@pytest.mark.parametrize("order", [(X, Y), (Y, X)], ids=["in-date-order", "reversed"])
def test_rule_3_8_a_places_first_booking_is_its_earliest_whatever_the_bookings_order(
    order: tuple[Invoice, Invoice],
) -> None:
    # The first booking is X's (02-01), listed first or last: S3 (02-15) is
    # after it and not early; only S1 and S2 are.
    snapshot = Snapshot(TWO_JOURNALS, [S1, S2, S3, X, Y], bookings=booked(*order))
    assert _early(snapshot) == [("journal 70", day(2, 1), ["S1", "S2"])]


def test_rule_3_8_the_bookings_of_other_places_do_not_hide_a_places_first_booking() -> None:
    # Journal 71's bookings come first: K1's (01-03, before K2) settles 71,
    # K3's is then of a place no longer asked about; journal 70's are still read.
    assert [stale.number for stale in find_stale_documents(EARLY)] == ["S1", "S2", "S3", "K2"]
    assert _early(EARLY) == [("journal 70", day(2, 1), ["S1", "S2"])]


# -- §3.8: mostly stale ------------------------------------------------------

INVOICES = [Invoice(f"I{n}", day(2, n), n) for n in range(1, 6)]


def _mostly_stale(snapshot: Snapshot) -> list[str]:
    return [w.message for w in plan_repair(snapshot).warnings if w.rule == "mostly-stale"]


def test_rule_3_8_exactly_half_of_a_places_booked_documents_stale_is_not_mostly_stale() -> None:
    # Journal 70: 3 of 5 invoices stale (more than half). Journal 71: 3 of 6
    # credit notes stale (exactly half, and 6 are enough to judge): no warning.
    notes = [CreditNote(f"K{n}", day(2, n), n) for n in range(1, 7)]
    snapshot = Snapshot(
        TWO_JOURNALS,
        [*INVOICES, *notes],
        bookings=[*booked(*INVOICES[3:]), *booked(*notes[3:], journal="71")],
    )
    assert _mostly_stale(snapshot) == [
        "3 of 5 booked invoices in journal 70 have no booking: was the right administration "
        "exported?"
    ]


def test_rule_3_8_a_manual_booking_is_not_counted_among_a_places_booked_documents() -> None:
    # 3 of the 5 invoices of journal 70 are stale; the manual booking #900 in
    # journal 70 books no document, so the share stays 3 of 5 (not 3 of 6).
    manual = Booking("70", 900, day(2, 20))
    snapshot = Snapshot(TWO_JOURNALS, INVOICES, bookings=[*booked(*INVOICES[3:]), manual])
    assert _mostly_stale(snapshot) == [
        "3 of 5 booked invoices in journal 70 have no booking: was the right administration "
        "exported?"
    ]


def test_rule_3_8_a_place_with_few_stale_documents_does_not_stop_the_others_being_judged() -> None:
    # The stale documents are judged place by place in journal order: invoice
    # F1 of journal 70 is stale alone (too few), then journal 71 is mostly
    # stale (3 of 5 credit notes).
    few = [Invoice("F1", day(1, 1), 1), Invoice("F2", day(1, 2), 2)]
    notes = [CreditNote(f"K{n}", day(2, n), n) for n in range(1, 6)]
    snapshot = Snapshot(
        TWO_JOURNALS,
        [*few, *notes],
        bookings=[*booked(few[1]), *booked(*notes[3:], journal="71")],
    )
    assert [stale.number for stale in find_stale_documents(snapshot)] == ["F1", "K1", "K2", "K3"]
    assert _mostly_stale(snapshot) == [
        "3 of 5 booked credit notes in journal 71 have no booking: was the right "
        "administration exported?"
    ]


# -- §3.3: a stale document kept, without the bookings -------------------------


def test_rule_3_3_a_stale_document_kept_without_bookings_is_presumed_deleted_word_for_word() -> (
    None
):
    a, b, c = Invoice("A", day(1, 5), 1), Invoice("B", day(1, 6), 2), Invoice("C", day(1, 10), 2)
    plan = plan_repair(Snapshot(SHARED, [a, b, c]))
    assert [(w.message, w.documents) for w in plan.warnings if w.rule == "stale-document-kept"] == [
        (
            "invoice B keeps booking number 2 in journal 70, but its booking is presumed deleted "
            "in the accounting package (no bookings given: the holder is inferred): it stays out "
            "of the accounting package (the rebook-deleted policy books it again)",
            (b.ref,),
        )
    ]


# -- §3.4: documents not booked yet in closed periods -------------------------


def test_rule_3_4_touched_and_untouched_unbooked_documents_in_closed_periods_each_get_theirs() -> (
    None
):
    # Cutoff 01-10 (C holds #102, B lost its booking); journals 70 and 71 are
    # closed until 01-31. Not booked yet: U 01-01 (before the cutoff:
    # untouched), E 01-10 (on the cutoff, in journal 70 where C is reset:
    # touched), W 01-13 (journal 71, where nothing is reset or numbered:
    # untouched). The sync sends U, E, W in this order.
    u, e, w = Invoice("U", day(1, 1)), Invoice("E", day(1, 10)), CreditNote("W", day(1, 13))
    a, b, c = (
        Invoice("A", day(1, 5), 101),
        Invoice("B", day(1, 6), 102),
        Invoice("C", day(1, 10), 102),
    )
    snapshot = Snapshot(
        TWO_JOURNALS,
        [u, a, b, c, e, w],
        journals=[Journal("70", locked_until=day(1, 31)), Journal("71", locked_until=day(1, 31))],
        bookings=booked(a, c),
    )
    plan = plan_repair(snapshot)
    assert plan.cutoff == day(1, 10)
    assert [(f.rule, f.documents) for f in plan.blockers] == [
        ("closed-period", (c.ref,)),
        ("closed-period-unbooked", (e.ref,)),
    ]
    assert [(f.rule, f.message) for f in plan.warnings if "closed" in f.rule] == [
        (
            "unbooked-in-closed-period",
            "invoice U of 2026-01-01 is not booked yet and journal 70 is closed until "
            "2026-01-31: the synchronisation cannot book it (it fails today too); reopen the "
            "period to book it",
        ),
        (
            "unbooked-in-closed-period",
            "credit note W of 2026-01-13 is not booked yet and journal 71 is closed until "
            "2026-01-31: the synchronisation cannot book it (it fails today too); reopen the "
            "period to book it",
        ),
    ]


# -- §3.6: the first booked document -----------------------------------------


def test_rule_3_6_the_first_booked_document_skips_an_unbooked_one_of_the_same_day() -> None:
    # Invoice 1 is not booked; invoice 2 of the same day is, as #801.
    first = Invoice("2", day(1, 5), 801)
    snapshot = Snapshot(SHARED, [first, Invoice("1", day(1, 5)), Invoice("3", day(1, 6), 802)])
    assert first_booked_document(snapshot) == first


def test_rule_3_6_no_first_booked_document_when_none_is_booked() -> None:
    assert first_booked_document(Snapshot(SHARED, [Invoice("1", day(1, 5))])) is None


# -- §3.8: a collision within one financial year is no sign of per-year numbering


def test_rule_3_8_a_collision_over_the_turn_of_a_calendar_year_inside_one_financial_year() -> None:
    # The financial year runs from April: 2025-12-30 and 2026-01-02 both lie
    # in financial year 2025, so journal 70 restarting each year explains nothing.
    integration = Integration("70", "70", financial_year_start_month=4)
    december, january = Invoice("2025/9", dt.date(2025, 12, 30), 1), Invoice("2026/1", day(1, 2), 1)
    plan = plan_repair(Snapshot(integration, [december, january]))
    assert [collision.documents for collision in plan.collisions] == [(december, january)]
    assert [w.rule for w in plan.warnings if w.rule == "per-year-numbering"] == []
