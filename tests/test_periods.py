"""Numbering periods and financial years (DOMAIN.md §5)."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

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
    choose_cutoff,
    financial_year,
    find_collision_risks,
    find_collisions,
    next_booking_numbers,
)
from booking_reconcile.periods import financial_year_start, numbering_period

settings.register_profile("period-properties", max_examples=200, deadline=None)
PROPERTIES = settings.get_profile("period-properties")

PER_YEAR = (Journal("70", Numbering.PER_FINANCIAL_YEAR), Journal("71"))


@pytest.mark.parametrize(
    ("day", "start_month", "year"),
    [
        pytest.param(dt.date(2026, 1, 1), 1, 2026, id="january-first-day"),
        pytest.param(dt.date(2026, 12, 31), 1, 2026, id="january-last-day"),
        pytest.param(dt.date(2026, 3, 31), 4, 2025, id="april-before-start"),
        pytest.param(dt.date(2026, 4, 1), 4, 2026, id="april-on-start"),
        pytest.param(dt.date(2026, 6, 30), 7, 2025, id="july-before-start"),
        pytest.param(dt.date(2027, 6, 30), 7, 2026, id="july-last-day"),
        pytest.param(dt.date(2026, 11, 30), 12, 2025, id="december-before-start"),
        pytest.param(dt.date(2026, 12, 1), 12, 2026, id="december-on-start"),
        pytest.param(dt.date(2024, 2, 29), 3, 2023, id="leap-day"),
        pytest.param(dt.date(2026, 5, 31), 4, 2026, id="month-end"),
    ],
)
def test_financial_year_is_the_calendar_year_it_starts_in(
    day: dt.date, start_month: int, year: int
) -> None:
    assert financial_year(day, start_month) == year


def test_financial_year_starts_in_january_by_default() -> None:
    assert financial_year(dt.date(2026, 1, 1)) == 2026
    assert financial_year(dt.date(2025, 12, 31)) == 2025
    assert Integration("70", "71").financial_year_start_month == 1


def test_financial_year_start_is_the_first_day_of_the_start_month() -> None:
    assert financial_year_start(2025, 4) == dt.date(2025, 4, 1)
    assert financial_year_start(2026) == dt.date(2026, 1, 1)
    assert financial_year_start(2026, 12) == dt.date(2026, 12, 1)


def test_continuous_numbering_has_no_numbering_period() -> None:
    assert numbering_period(Numbering.CONTINUOUS, dt.date(2026, 5, 1), 4) is None
    assert numbering_period(Numbering.PER_FINANCIAL_YEAR, dt.date(2026, 5, 1), 4) == 2026


def test_booking_numbers_restart_each_financial_year() -> None:
    last_year = Invoice("2025/1", dt.date(2025, 12, 31), 1)
    this_year = Invoice("2026/1", dt.date(2026, 1, 1), 1)
    same_year = Invoice("2026/2", dt.date(2026, 6, 1), 1)

    snapshot = Snapshot(Integration("70", "71"), [last_year, this_year, same_year], PER_YEAR)

    (collision,) = find_collisions(snapshot)
    assert collision.documents == (this_year, same_year)
    assert collision.financial_year == 2026
    assert snapshot.place_of(last_year).financial_year == 2025


def test_continuous_numbering_collides_across_financial_years() -> None:
    last_year = Invoice("2025/1", dt.date(2025, 12, 31), 1)
    this_year = Invoice("2026/1", dt.date(2026, 1, 1), 1)

    (collision,) = find_collisions(Snapshot(Integration("70", "71"), [last_year, this_year]))

    assert collision.financial_year is None
    assert collision.documents == (last_year, this_year)


def test_numbering_is_per_journal() -> None:
    # Journal 70 restarts each year, journal 71 runs on.
    invoices = [Invoice("I1", dt.date(2025, 6, 1), 3), Invoice("I2", dt.date(2026, 6, 1), 3)]
    credit_notes = [
        CreditNote("C1", dt.date(2025, 6, 1), 3),
        CreditNote("C2", dt.date(2026, 6, 1), 3),
    ]

    (collision,) = find_collisions(
        Snapshot(Integration("70", "71"), invoices + credit_notes, PER_YEAR)
    )

    assert (collision.journal, collision.financial_year) == ("71", None)


def test_financial_year_start_month_from_integration() -> None:
    integration = Integration("70", "71", financial_year_start_month=4)
    march = Invoice("2026/1", dt.date(2026, 3, 31), 1)
    april = Invoice("2026/2", dt.date(2026, 4, 1), 1)
    next_march = Invoice("2026/3", dt.date(2027, 3, 31), 1)

    snapshot = Snapshot(integration, [march, april, next_march], PER_YEAR)

    assert [snapshot.place_of(d).financial_year for d in (march, april, next_march)] == [
        2025,
        2026,
        2026,
    ]
    (collision,) = find_collisions(snapshot)
    assert collision.documents == (april, next_march)
    assert collision.financial_year == 2026


def test_financial_year_start_month_changes_which_documents_collide() -> None:
    documents = [Invoice("A", dt.date(2026, 3, 31), 1), Invoice("B", dt.date(2026, 4, 1), 1)]

    january = Snapshot(Integration("70", "71"), documents, PER_YEAR)
    april = Snapshot(Integration("70", "71", financial_year_start_month=4), documents, PER_YEAR)

    assert len(find_collisions(january)) == 1
    assert find_collisions(april) == ()


def test_bookings_are_placed_in_their_own_financial_year() -> None:
    integration = Integration("70", "71", financial_year_start_month=7)
    # Two bookings #1 in one journal, in two financial years: not a duplicate.
    bookings = [Booking("70", 1, dt.date(2026, 6, 30)), Booking("70", 1, dt.date(2026, 7, 1))]

    snapshot = Snapshot(integration, [], PER_YEAR, bookings)

    assert [snapshot.booking_place(b).financial_year for b in bookings] == [2025, 2026]
    assert snapshot.place_for("70", dt.date(2026, 7, 1)).financial_year == 2026
    assert snapshot.place_for("71", dt.date(2026, 7, 1)).financial_year is None


def test_two_bookings_with_one_number_in_one_financial_year_are_refused() -> None:
    bookings = [Booking("70", 1, dt.date(2026, 1, 2)), Booking("70", 1, dt.date(2026, 12, 30))]

    with pytest.raises(InconsistentInputError, match="financial year 2026"):
        Snapshot(Integration("70", "71"), [], PER_YEAR, bookings)


def test_booking_in_another_financial_year_than_its_document_is_inconsistent() -> None:
    invoice = Invoice("2026/1", dt.date(2026, 1, 2), 1)
    booking = Booking("70", 1, dt.date(2025, 12, 31), invoice.ref)

    with pytest.raises(InconsistentInputError, match="financial year 2025") as raised:
        Snapshot(Integration("70", "71"), [invoice], PER_YEAR, [booking])

    assert "financial year 2026" in str(raised.value)


def test_stale_document_risk_is_judged_within_its_financial_year() -> None:
    # The highest booking of 2025 does not shield a stale document of 2026.
    stale = Invoice("2026/1", dt.date(2026, 2, 1), 2)
    old = Booking("70", 50, dt.date(2025, 6, 1))

    snapshot = Snapshot(Integration("70", "71"), [stale], PER_YEAR, [old])

    assert find_collision_risks(snapshot) == (stale,)


@PROPERTIES
@given(
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(9998, 12, 31)),
    st.integers(min_value=1, max_value=12),
)
def test_property_a_day_falls_inside_its_financial_year(day: dt.date, start_month: int) -> None:
    year = financial_year(day, start_month)

    assert (
        financial_year_start(year, start_month) <= day < financial_year_start(year + 1, start_month)
    )
    assert year in (day.year - 1, day.year)


@PROPERTIES
@given(
    st.dates(min_value=dt.date(2, 1, 1)),
    st.integers(min_value=1, max_value=12),
)
def test_property_financial_year_agrees_with_stepping_back_to_the_start_month(
    day: dt.date, start_month: int
) -> None:
    # The financial year of a day is the calendar year of the day
    # (start_month - 1) months earlier.
    assert financial_year(day, start_month) == (day - relativedelta(months=start_month - 1)).year


@pytest.mark.parametrize(
    ("day", "start_month", "year"),
    [
        pytest.param(dt.date.min, 1, 1, id="first-day-january"),
        pytest.param(dt.date(1, 2, 1), 4, 0, id="first-year-before-start-month"),
        pytest.param(dt.date.max, 12, 9999, id="last-day"),
        pytest.param(dt.date.max, 1, 9999, id="last-day-january"),
    ],
)
def test_financial_year_of_extreme_dates_does_not_overflow(
    day: dt.date, start_month: int, year: int
) -> None:
    assert financial_year(day, start_month) == year


def test_snapshot_with_a_document_of_year_one_is_placed_in_financial_year_zero() -> None:
    integration = Integration("70", "71", financial_year_start_month=4)
    ancient = Invoice("1", dt.date(1, 2, 1), 1)

    snapshot = Snapshot(integration, [ancient], PER_YEAR)

    assert snapshot.place_of(ancient).financial_year == 0


def test_reset_across_a_year_boundary_yields_one_next_number_per_financial_year() -> None:
    # Journal 70 restarts each year. In 2025, B's booking #2 was deleted and
    # C was given #2 again; in 2026 numbering started anew at #1.
    a = Invoice("A", dt.date(2025, 12, 1), 1)
    b = Invoice("B", dt.date(2025, 12, 20), 2)
    c = Invoice("C", dt.date(2025, 12, 28), 2)
    d = Invoice("D", dt.date(2026, 1, 5), 1)
    e = Invoice("E", dt.date(2026, 1, 10), 2)
    bookings = [Booking("70", x.booking_number or 0, x.date, x.ref) for x in (a, c, d, e)]
    snapshot = Snapshot(Integration("70", "71"), [a, b, c, d, e], PER_YEAR, bookings)

    (collision,) = find_collisions(snapshot)
    cutoff = choose_cutoff(snapshot)
    numbers = next_booking_numbers(snapshot, cutoff)

    assert (collision.financial_year, collision.booking_number) == (2025, 2)
    assert cutoff == c.date
    # 2025: max(lowest deleted 2, highest still in use (B's 2) + 1) = 3;
    # 2026: nothing still in use, so the lowest deleted number, 1.
    assert [(n.journal, n.financial_year, n.number) for n in numbers] == [
        ("70", 2025, 3),
        ("70", 2026, 1),
    ]


def test_a_place_numbered_per_financial_year_names_journal_and_year() -> None:
    from booking_reconcile.periods import Place

    assert str(Place("70", 2026)) == "journal 70, financial year 2026"
    assert str(Place("70", None)) == "journal 70"


def test_a_financial_year_starts_in_january_by_default() -> None:
    # §5: the administration's financial year starts in January by default.
    from booking_reconcile.periods import numbering_period

    assert numbering_period(Numbering.PER_FINANCIAL_YEAR, dt.date(2026, 1, 15)) == 2026
    assert numbering_period(Numbering.CONTINUOUS, dt.date(2026, 1, 15)) is None


def test_places_sort_by_journal_code_naturally_then_by_financial_year() -> None:
    # Listed latest year first: the years themselves must order them.
    places = [Place("70", 2026), Place("8", None), Place("70", 2025), Place("70", 2024)]

    assert sorted(places, key=Place.order) == [
        Place("8", None),
        Place("70", 2024),
        Place("70", 2025),
        Place("70", 2026),
    ]
