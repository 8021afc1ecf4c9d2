"""The planning's quick paths agree with the plain reading of each rule.

Planning a fresh snapshot asks each question once and, with the bookings
given, reads the few records a question can be about: the documents no
booking books are found in the links' array, the documents that may collide
or carry a number through the bookings' numbers, the numbers still carried
before a cutoff through the highest bookings, and the orders compute natural
keys only for documents that share a date. Here each quick path is checked
against the rule read document by document, on generated histories.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from booking_reconcile import (
    Booking,
    BookingReconcileError,
    CreditNote,
    CutoffPolicy,
    Document,
    Invoice,
    Journal,
    Numbering,
    Place,
    Snapshot,
    find_collisions,
    find_stale_documents,
    plan_repair,
)
from booking_reconcile._lookups import manual_positions, unlinked_documents
from booking_reconcile.deletion import _split_by_bookings, _split_each, split_at
from booking_reconcile.evidence import _financial_year_of_month, collisions_across_years
from booking_reconcile.findings import PlanFacts, collision_ahead
from booking_reconcile.models import DocumentKey
from booking_reconcile.next_numbers import closed_for_good
from booking_reconcile.ordering import date_key, date_order, natural_key, sync_order
from booking_reconcile.periods import financial_year
from booking_reconcile.resend import documents_not_booked, resend_order
from booking_reconcile.simulate import _carrying
from booking_reconcile.stale import (
    highest_booking_numbers,
    highest_but,
    presumed_stale,
    risks_among,
)
from builders import SHARED
from strategies import histories, named_in_neighbouring_years

PATHS = settings(max_examples=300, deadline=None)


# -- the records no link names ---------------------------------------------------


@PATHS
@given(histories())
def test_the_unlinked_documents_and_bookings_are_those_no_link_names(snapshot: Snapshot) -> None:
    assert unlinked_documents(snapshot) == tuple(
        document for document in snapshot.documents if snapshot.booking_of(document) is None
    )
    linked = {snapshot.booking_of(document) for document in snapshot.documents} - {None}
    bookings = snapshot.bookings or ()
    assert [bookings[position] for position in manual_positions(snapshot)] == [
        booking for booking in bookings if booking not in linked
    ]


@PATHS
@given(st.one_of(histories(), histories(with_bookings=False)))
def test_the_documents_not_booked_are_every_document_without_a_number(snapshot: Snapshot) -> None:
    assert documents_not_booked(snapshot) == tuple(
        (document, snapshot.place_of(document))
        for document in snapshot.documents
        if document.booking_number is None
    )


# -- collisions and the documents carrying a number ------------------------------


def _shared(snapshot: Snapshot) -> dict[tuple[Place, int], set[DocumentKey]]:
    """Every document grouped by place and number, the groups of two or more."""
    groups: dict[tuple[Place, int], set[DocumentKey]] = defaultdict(set)
    for document in snapshot.documents:
        if document.booking_number is not None:
            groups[snapshot.place_of(document), document.booking_number].add(document.key)
    return {key: group for key, group in groups.items() if len(group) > 1}


@PATHS
@given(st.one_of(histories(), histories(with_bookings=False)))
def test_the_collisions_are_every_group_of_documents_sharing_a_number(snapshot: Snapshot) -> None:
    found = {
        (collision.place, collision.booking_number): {d.key for d in collision.documents}
        for collision in find_collisions(snapshot)
    }
    assert found == _shared(snapshot)
    for collision in find_collisions(snapshot):
        assert list(collision.documents) == _sync_order(list(collision.documents))


def _sync_order(documents: list[Document]) -> list[Document]:
    """The sync order as DOMAIN §3.1 says it: by sync time when every document has one."""
    if all(document.synced_at is not None for document in documents):
        return sorted(documents, key=lambda d: (d.synced_at, *date_key(d)))
    return sorted(documents, key=date_key)


@PATHS
@given(st.one_of(histories(), histories(with_bookings=False)), st.data())
def test_the_documents_carrying_numbers_are_found_through_the_bookings(
    snapshot: Snapshot, data: st.DataObject
) -> None:
    carried = sorted({d.booking_number for d in snapshot.documents if d.booking_number} | {1})
    numbers = set(data.draw(st.lists(st.sampled_from(carried), max_size=4)))
    expected = {
        (document.key, snapshot.place_of(document))
        for document in snapshot.documents
        if document.booking_number in numbers
    }
    found = [(d.key, snapshot.place_of(d)) for d in _carrying(snapshot, numbers)]
    assert sorted(found, key=repr) == sorted(expected, key=repr)


# -- the split at a cutoff and the highest bookings ------------------------------


@PATHS
@given(histories(), st.data())
def test_the_split_by_the_bookings_is_the_split_document_by_document(
    snapshot: Snapshot, data: st.DataObject
) -> None:
    days = sorted({document.date for document in snapshot.documents}) or [dt.date(2026, 1, 1)]
    choices = [days[0] - dt.timedelta(days=1), *days, days[-1] + dt.timedelta(days=1)]
    # Listed by date (usual, bisected) and not.
    backwards = attrs.evolve(snapshot, documents=snapshot.documents[::-1])
    for cutoff in data.draw(st.lists(st.sampled_from(choices), min_size=1, max_size=3)):
        assert _split_by_bookings(snapshot, cutoff) == _split_each(snapshot, cutoff)
        assert split_at(snapshot, cutoff) == _split_each(snapshot, cutoff)
        assert _split_by_bookings(backwards, cutoff) == _split_each(backwards, cutoff)


@PATHS
@given(histories(), st.data())
def test_the_quick_paths_agree_when_bookings_name_a_neighbouring_financial_year(
    snapshot: Snapshot, data: st.DataObject
) -> None:
    # A booking numbered in the year before or after its date's places its
    # document there (issue 19): the bookings' places are the documents'.
    named = named_in_neighbouring_years(snapshot, data, (0, 1, -1))
    if named is None:
        return  # one number twice in a year, or a booking its document contradicts
    found = {
        (collision.place, collision.booking_number): {d.key for d in collision.documents}
        for collision in find_collisions(named)
    }
    assert found == _shared(named)
    for cutoff in sorted({document.date for document in named.documents}):
        assert split_at(named, cutoff) == _split_each(named, cutoff)
    carried = {d.booking_number for d in named.documents if d.booking_number}
    expected = [d.key for d in named.documents if d.booking_number in carried]
    found_keys = [d.key for d in _carrying(named, carried)]
    assert len(found_keys) == len(expected)
    assert set(found_keys) == set(expected)


def test_the_split_of_a_document_two_bookings_match_by_number_and_date() -> None:
    # Two bookings match document A by number and date, in two financial
    # years: A is the first one's only (the second names no document), so
    # the bookings tell the numbers still carried as A's split does.
    journal = Journal("70", Numbering.PER_FINANCIAL_YEAR)
    a, b = Invoice("A", dt.date(2026, 1, 5), 5), Invoice("B", dt.date(2026, 1, 9), 6)
    bookings = [
        Booking("70", 5, a.date, financial_year=2026),
        Booking("70", 5, a.date, financial_year=2025),
        Booking("70", 6, b.date, b.ref),
    ]
    try:
        snapshot = Snapshot(SHARED, [a, b], [journal], bookings, link_by_number=True)
    except BookingReconcileError:
        return  # refused as input: the case cannot arise
    for cutoff in (dt.date(2026, 1, 1), dt.date(2026, 1, 6)):
        assert split_at(snapshot, cutoff) == _split_each(snapshot, cutoff)


@PATHS
@given(histories(), st.data())
def test_the_highest_booking_but_some_is_the_highest_of_the_others(
    snapshot: Snapshot, data: st.DataObject
) -> None:
    bookings = snapshot.bookings or ()
    positions = range(len(bookings))
    gone = set(data.draw(st.lists(st.sampled_from(positions), max_size=8))) if bookings else set()
    expected: dict[Place, int] = {}
    for position, booking in enumerate(bookings):
        place = snapshot.booking_place(booking)
        if position not in gone and booking.booking_number > expected.get(place, 0):
            expected[place] = booking.booking_number
    assert highest_but(snapshot, gone) == expected
    assert highest_booking_numbers(snapshot) == highest_but(snapshot, set())
    # Found when the snapshot was built, its places in the order the bookings name them.
    places = [snapshot.booking_place(booking) for booking in bookings]
    assert list(highest_booking_numbers(snapshot)) == list(dict.fromkeys(places))


@PATHS
@given(histories())
def test_the_stale_documents_are_the_booked_ones_no_booking_books(snapshot: Snapshot) -> None:
    stale = [
        document
        for document in snapshot.documents
        if document.booking_number is not None and snapshot.booking_of(document) is None
    ]
    assert sorted(find_stale_documents(snapshot), key=date_key) == sorted(stale, key=date_key)


@PATHS
@given(histories(), st.sampled_from(list(CutoffPolicy)))
def test_the_collisions_ahead_are_the_risks_among_the_stale_documents_kept(
    snapshot: Snapshot, policy: CutoffPolicy
) -> None:
    plan = plan_repair(snapshot, policy)
    facts = PlanFacts(
        snapshot=snapshot,
        policy=policy,
        collisions=plan.collisions,
        stale=presumed_stale(snapshot),
        cutoff=plan.cutoff,
        to_reset=plan.to_reset,
        to_delete=plan.to_delete,
        next_numbers=plan.next_numbers,
        double_bookings=plan.double_bookings,
        sent=plan.sent,
    )
    reset = {document.key for document in plan.to_reset}
    guarded = {next_number.place for next_number in plan.next_numbers}
    kept = [
        document
        for document in facts.stale
        if document.key not in reset and snapshot.place_of(document) not in guarded
    ]
    deleted = {document.key for document in plan.to_delete}
    removed = [double.duplicate for double in plan.double_bookings]
    # §3.9: in a period closed to its last day nothing can be booked, or collide, again.
    closed = closed_for_good(snapshot, {snapshot.place_of(document) for document in kept})
    expected = [
        document
        for document in risks_among(snapshot, kept, deleted, removed)
        if snapshot.place_of(document) not in closed
    ]
    found = [finding.documents for finding in collision_ahead(facts)]
    assert found == [(document.ref,) for document in expected]


# -- orders and financial years --------------------------------------------------

DAYS = st.dates(dt.date(2025, 12, 28), dt.date(2026, 1, 3))
NUMBERS = st.sampled_from(["1", "2", "9", "10", "C1", "C07", "C7", "2026/9", "2026/10"])


@st.composite
def _documents(draw: st.DrawFn) -> list[Document]:
    kinds = draw(st.lists(st.tuples(st.booleans(), NUMBERS, DAYS), max_size=12))
    unique = {(invoice, number): day for invoice, number, day in kinds}
    synced = draw(st.sampled_from(["all", "some", "none"]))
    moments = st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 1, 0, 0, 3))
    return [
        (Invoice if invoice else CreditNote)(
            number,
            day,
            synced_at=draw(moments)
            if synced == "all" or (synced == "some" and draw(st.booleans()))
            else None,
        )
        for (invoice, number), day in unique.items()
    ]


@PATHS
@given(_documents())
def test_orders_computing_keys_for_ties_only_are_the_orders_by_the_whole_key(
    documents: list[Document],
) -> None:
    assert date_order(documents) == sorted(documents, key=date_key)
    assert sync_order(documents) == _sync_order(documents)
    rank = {"invoice": 0, "credit_note": 1}
    assert resend_order(documents) == sorted(
        documents, key=lambda d: (d.date, rank[d.kind.value], natural_key(d.number))
    )


@PATHS
@given(histories())
def test_a_collisions_financial_years_are_those_of_its_documents_dates(
    snapshot: Snapshot,
) -> None:
    month = snapshot.integration.financial_year_start_month
    for collision, years in collisions_across_years(snapshot, find_collisions(snapshot)):
        dates = [document.date for document in collision.documents]
        assert years == tuple(sorted({financial_year(day, month) for day in dates}))


@given(st.dates(), st.integers(1, 12))
def test_the_days_of_a_month_share_its_financial_year(day: dt.date, month: int) -> None:
    assert _financial_year_of_month(day.year, day.month, month) == financial_year(day, month)
