"""The snapshot's index: places, positions and bookings, as the rules read them."""

from __future__ import annotations

from datetime import date

import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    InconsistentInputError,
    Integration,
    Invoice,
    Journal,
    Numbering,
    Place,
    Snapshot,
)
from booking_reconcile._groups import highest_by_place, shared_keys
from booking_reconcile._index import index_of

A = Invoice("A", date(2026, 3, 31), 5)
B = Invoice("B", date(2026, 4, 1), 1)
K = CreditNote("K", date(2026, 4, 2), 9)
U = Invoice("U", date(2026, 4, 3))
MANUAL = Booking("70", 2, date(2026, 4, 5))
SNAPSHOT = Snapshot(
    Integration("70", "71", financial_year_start_month=4),
    [A, B, K, U],
    [Journal("70", Numbering.PER_FINANCIAL_YEAR), Journal("71")],
    [Booking("70", 5, A.date, A.ref), MANUAL, Booking("71", 9, K.date, K.ref)],
)
INDEX = index_of(SNAPSHOT)


def test_placed_documents_pair_each_document_with_its_journal_and_period() -> None:
    assert list(INDEX.placed_documents()) == [
        (A, Place("70", 2025)),  # 31 March is in the financial year that started in April 2025
        (B, Place("70", 2026)),
        (K, Place("71", None)),
        (U, Place("70", 2026)),
    ]


def test_placed_bookings_pair_each_booking_with_its_journal_and_period() -> None:
    assert [place for _, place in INDEX.placed_bookings()] == [
        Place("70", 2025),
        Place("70", 2026),
        Place("71", None),
    ]


def test_positions_and_bookings_are_found_by_document() -> None:
    assert [INDEX.position(d.kind, d.number) for d in (A, B, K, U)] == [0, 1, 2, 3]
    assert INDEX.booking_position(K) == 2
    assert INDEX.booking_position(B) is None
    assert SNAPSHOT.booking_of(A) == Booking("70", 5, A.date, A.ref)
    assert set(INDEX.booked_keys()) == {A.key, K.key}


def test_manual_bookings_are_kept_aside_with_their_places() -> None:
    assert INDEX.manual == ((MANUAL, Place("70", 2026)),)


def test_position_of_an_unknown_document_is_a_library_error() -> None:
    with pytest.raises(InconsistentInputError, match="invoice Z is not among"):
        SNAPSHOT.place_of(Invoice("Z", date(2026, 1, 1)))


def test_a_snapshot_without_bookings_has_no_placed_or_manual_bookings() -> None:
    snapshot = Snapshot(SNAPSHOT.integration, [A, B], SNAPSHOT.journals)
    assert list(index_of(snapshot).placed_bookings()) == []
    assert index_of(snapshot).manual == ()
    assert snapshot.booking_of(A) is None


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        pytest.param([], {}, id="nothing"),
        pytest.param([("a", 1), ("b", 2)], {}, id="no-key-twice"),
        pytest.param([("a", 1), ("b", 2), ("a", 3), ("a", 4)], {"a": [1, 3, 4]}, id="in-order"),
        pytest.param([("a", 1), ("a", 1)], {"a": [1, 1]}, id="equal-items-still-counted"),
    ],
)
def test_shared_keys_lists_the_items_of_every_key_seen_twice(
    items: list[tuple[str, int]], expected: dict[str, list[int]]
) -> None:
    assert shared_keys(items) == expected


def test_highest_by_place_keeps_the_highest_number_of_each_place() -> None:
    seventy, seventy_one = Place("70", None), Place("71", None)
    pairs = [(3, seventy), (9, seventy_one), (7, seventy), (1, seventy)]
    assert highest_by_place(pairs) == {seventy: 7, seventy_one: 9}
