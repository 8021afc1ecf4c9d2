"""DOMAIN §3.8 linking: which document each booking books, one rule for every source."""

from __future__ import annotations

from array import array
from datetime import date
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from booking_reconcile import (
    Booking,
    CreditNote,
    DocumentKind,
    DocumentRef,
    InconsistentInputError,
    Integration,
    Invoice,
    Journal,
    LinkCounts,
    Numbering,
    Snapshot,
    find_double_bookings,
)
from booking_reconcile._index import index_of
from booking_reconcile._linking import Links, _link_by_document, _link_in_order, unlinked
from builders import shuffled_and_changed
from strategies import histories


def day(month: int, dom: int) -> date:
    return date(2026, month, dom)


SHARED = Integration("70", "70")
APART = Integration("70", "71")
SPACED = Invoice("2026 / 3", day(1, 5), 1001)


def linked(snapshot: Snapshot) -> list[DocumentRef | None]:
    return [None if d is None else d.ref for _, _, d in index_of(snapshot).linked_bookings()]


def test_rule_3_8_a_reference_names_its_document_without_white_space_and_case() -> None:
    snapshot = Snapshot(
        SHARED, [SPACED], bookings=[Booking("70", 1001, day(1, 5), reference="2026/3")]
    )
    assert linked(snapshot) == [SPACED.ref]
    assert snapshot.booking_of(SPACED) is not None


def test_rule_3_8_a_reference_compares_without_case() -> None:
    document = Invoice("F-12a", day(1, 5), 7)
    snapshot = Snapshot(
        SHARED, [document], bookings=[Booking("70", 7, day(1, 5), reference="f-12A")]
    )
    assert linked(snapshot) == [document.ref]


def test_rule_3_8_a_reference_names_only_documents_whose_kind_goes_to_the_journal() -> None:
    # Credit note 5 goes to journal 71: a booking in 70 with reference 5 names no document.
    credit_note = CreditNote("5", day(1, 5), 3)
    snapshot = Snapshot(APART, [credit_note], bookings=[Booking("70", 3, day(1, 5), reference="5")])
    assert linked(snapshot) == [None]
    assert snapshot.booking_of(credit_note) is None


def test_rule_3_8_of_an_invoice_and_a_credit_note_the_one_carrying_the_number_is_named() -> None:
    invoice = Invoice("5", day(1, 5), 11)
    credit_note = CreditNote("5", day(1, 6), 12)
    snapshot = Snapshot(
        SHARED,
        [invoice, credit_note],
        bookings=[
            Booking("70", 12, day(1, 6), reference="5"),
            Booking("70", 11, day(1, 5), reference="5"),
        ],
    )
    assert linked(snapshot) == [credit_note.ref, invoice.ref]


def test_rule_3_8_a_reference_both_documents_carry_is_an_input_error_saying_the_kind() -> None:
    invoice = Invoice("5", day(1, 5), 11)
    credit_note = CreditNote("5", day(1, 6), 11)
    with pytest.raises(InconsistentInputError) as raised:
        Snapshot(
            SHARED,
            [invoice, credit_note],
            bookings=[Booking("70", 11, day(1, 6), reference="5")],
        )
    message = str(raised.value)
    assert "invoice 5 and credit note 5" in message
    assert "DocumentKind.CREDIT_NOTE" in message
    assert "document_kind" in message


def test_rule_3_8_the_booking_naming_by_document_wins_over_one_naming_by_reference() -> None:
    by_reference = Booking("70", 1002, day(1, 6), reference="2026/3")
    by_document = Booking("70", 1001, day(1, 5), SPACED.ref)
    snapshot = Snapshot(SHARED, [SPACED], bookings=[by_reference, by_document])
    assert linked(snapshot) == [None, SPACED.ref]
    (double,) = find_double_bookings(snapshot)
    assert double.duplicate == by_reference


def test_rule_3_8_of_two_references_the_one_under_the_documents_number_is_its_booking() -> None:
    by_hand = Booking("70", 1004, day(1, 8), reference="2026/3")
    own = Booking("70", 1001, day(1, 5), reference="2026 / 3")
    snapshot = Snapshot(SHARED, [SPACED], bookings=[by_hand, own])
    assert linked(snapshot) == [None, SPACED.ref]
    assert [double.duplicate for double in find_double_bookings(snapshot)] == [by_hand]


def test_rule_3_8_a_reference_under_another_number_is_a_manual_booking() -> None:
    # The document's own booking was deleted: the entry by hand is not its booking.
    snapshot = Snapshot(
        SHARED, [SPACED], bookings=[Booking("70", 1004, day(1, 8), reference="2026/3")]
    )
    assert linked(snapshot) == [None]
    assert find_double_bookings(snapshot) == ()


def test_rule_3_8_two_bookings_naming_one_document_by_document_stay_an_input_error() -> None:
    with pytest.raises(InconsistentInputError, match="referred to by two bookings") as raised:
        Snapshot(
            SHARED,
            [SPACED],
            bookings=[
                Booking("70", 1001, day(1, 5), SPACED.ref),
                Booking("70", 1002, day(1, 6), SPACED.ref),
            ],
        )
    assert "remove" not in str(raised.value)


def test_rule_3_8_a_booking_by_number_and_date_links_only_when_accepted() -> None:
    booking = Booking("70", 1001, SPACED.date, reference="2026-3")  # mistyped
    refused = Snapshot(SHARED, [SPACED], bookings=[booking])
    assert linked(refused) == [None]
    accepted = Snapshot(SHARED, [SPACED], bookings=[booking], link_by_number=True)
    assert linked(accepted) == [SPACED.ref]


def test_rule_3_8_another_date_is_no_link_by_number() -> None:
    booking = Booking("70", 1001, day(1, 9))
    snapshot = Snapshot(SHARED, [SPACED], bookings=[booking], link_by_number=True)
    assert linked(snapshot) == [None]


def test_rule_3_8_the_snapshot_counts_how_its_bookings_are_linked() -> None:
    a = Invoice("A", day(1, 5), 1)
    b = Invoice("B", day(1, 6), 2)
    c = Invoice("C", day(1, 7), 3)
    snapshot = Snapshot(
        SHARED,
        [a, b, c],
        bookings=[
            Booking("70", 1, a.date, a.ref),
            Booking("70", 2, b.date, reference="b"),
            Booking("70", 3, c.date),
            Booking("70", 4, day(1, 9)),
        ],
        link_by_number=True,
    )
    links = snapshot.links
    assert (links.by_document, links.by_reference, links.by_number_and_date, links.unlinked) == (
        1,
        1,
        1,
        1,
    )
    assert Snapshot(SHARED, [a]).links is None
    # The booked documents, however linked, as a set the deletion rule reads.
    booked = index_of(snapshot).booked_keys()
    assert len(booked) == 3
    assert set(booked) == {a.key, b.key, c.key}
    d = Invoice("D", day(1, 8), 4)
    two = Snapshot(
        SHARED, [a, d], bookings=[Booking("70", 1, a.date, a.ref), Booking("70", 4, d.date, d.ref)]
    )
    assert len(index_of(two).booked_keys()) == 2


def test_rule_3_8_linking_does_not_change_the_bookings_given() -> None:
    booking = Booking("70", 1001, day(1, 5), reference="2026/3")
    snapshot = Snapshot(SHARED, [SPACED], bookings=[booking])
    assert snapshot.bookings == (booking,)
    assert Snapshot.from_dict(snapshot.to_dict()) == snapshot


def test_rule_3_8_a_credit_note_kind_is_said_by_document() -> None:
    invoice = Invoice("5", day(1, 5), 11)
    credit_note = CreditNote("5", day(1, 6), 11)
    snapshot = Snapshot(
        Integration("70", "70"),
        [invoice, credit_note],
        bookings=[Booking("70", 11, day(1, 6), DocumentRef(DocumentKind.CREDIT_NOTE, "5"), "5")],
    )
    assert linked(snapshot) == [credit_note.ref]


def test_rule_3_8_a_document_linked_by_document_is_not_matched_again_by_number() -> None:
    # Booking 0 books A in financial year 2026 (its own year, A dated 2025-12-31);
    # booking 1 has A's journal, number and date but is numbered in 2025: a manual
    # booking, never a second booking of A (issue 19).
    a = Invoice("A", date(2025, 12, 31), 1)
    mine = Booking("70", 1, a.date, a.ref, financial_year=2026)
    other = Booking("70", 1, a.date, financial_year=2025)
    snapshot = Snapshot(
        APART,
        [a],
        [Journal("70", Numbering.PER_FINANCIAL_YEAR), Journal("71")],
        bookings=[mine, other],
        link_by_number=True,
    )
    assert snapshot.booking_of(a) == mine
    assert linked(snapshot) == [a.ref, None]


def test_rule_3_8_matching_by_number_looks_past_documents_without_a_number() -> None:
    waiting = Invoice("W", day(1, 4), None)  # not booked yet: no number
    stale = Invoice("S", day(1, 6), 7)
    snapshot = Snapshot(
        SHARED, [waiting, stale], bookings=[Booking("70", 7, stale.date)], link_by_number=True
    )
    assert linked(snapshot) == [stale.ref]


def test_rule_3_8_matching_by_number_looks_past_a_booking_named_by_reference() -> None:
    # Booking 0 names A by reference under another number (unlinked, named); booking 1
    # is B's by number and date.
    a = Invoice("A", day(1, 5), 1)
    b = Invoice("B", day(1, 6), 2)
    snapshot = Snapshot(
        SHARED,
        [a, b],
        bookings=[Booking("70", 9, day(1, 5), reference="A"), Booking("70", 2, b.date)],
        link_by_number=True,
    )
    assert linked(snapshot) == [None, b.ref]
    assert index_of(snapshot).named_by_reference(0) == a


def test_rule_3_8_a_linked_document_is_not_linked_again_by_reference() -> None:
    # Booking 0 books A (in 2026, A dated 2025-12-31); booking 1 names A by reference
    # under A's number but in 2025: another place, so the snapshot takes both, and
    # booking 1 is a manual entry naming A (a double booking, §3.10), never A's booking.
    a = Invoice("A", date(2025, 12, 31), 1)
    mine = Booking("70", 1, a.date, a.ref, financial_year=2026)
    by_hand = Booking("70", 1, a.date, reference="A", financial_year=2025)
    snapshot = Snapshot(
        APART,
        [a],
        [Journal("70", Numbering.PER_FINANCIAL_YEAR), Journal("71")],
        bookings=[mine, by_hand],
    )
    assert snapshot.booking_of(a) == mine
    assert linked(snapshot) == [a.ref, None]
    assert index_of(snapshot).named_by_reference(1) == a


@given(
    st.sampled_from("iq"),
    st.lists(st.one_of(st.just(-1), st.integers(0, 2**31 - 1)), max_size=60),
    st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_unlinked_finds_exactly_the_entries_holding_minus_one(
    typecode: str, values: list[int], many: bool
) -> None:
    # Whatever the bytes of neighbouring entries (255, 65535, 2**31 - 1 end or
    # start in 0xFF bytes), only whole entries of -1 are found, in order; with
    # ``many`` linked entries of 0xFF bytes around them, by the search in bytes.
    if many:
        values = values + [0x00FFFFFF, 0x7FFFFFFF, 0xFFFF, 255] * 120
    positions = array(typecode, values)

    found = unlinked(positions)
    assert list(found) == [at for at, value in enumerate(values) if value == -1]
    assert all(type(at) is int for at in found)


def test_unlinked_among_many_entries_of_0xff_bytes() -> None:
    # Mostly linked entries whose bytes hold 0xFF runs: the search by bytes.
    values = [0x00FFFFFF, 0x7FFFFFFF, 0xFFFF, 255] * 40 + [-1] + [0x7FFFFF00] * 30 + [-1]
    positions = array("i", values)

    assert list(unlinked(positions)) == [160, 191]


def test_rule_3_8_among_many_bookings_the_few_unlinked_are_matched_by_number_and_date() -> None:
    # 200 documents booked by document, two stale ones whose bookings lost
    # their link, and a manual booking: the few unlinked bookings and
    # documents are found among many (by a search in the links' bytes).
    documents = [Invoice(f"2026/{n}", day(1 + n % 12, 1 + n % 28), n) for n in range(1, 201)]
    bookings = [Booking("70", d.booking_number or 0, d.date, d.ref) for d in documents]
    for n in (70, 150):
        bookings[n - 1] = Booking("70", n, documents[n - 1].date)
    bookings.append(Booking("70", 201, day(12, 31)))

    snapshot = Snapshot(SHARED, documents, bookings=bookings, link_by_number=True)

    assert linked(snapshot) == [d.ref for d in documents] + [None]
    assert snapshot.links == LinkCounts(198, 0, 2, 1)
    assert [booking.booking_number for booking, _ in index_of(snapshot).manual] == [201]


def test_rule_3_8_a_document_is_matched_by_number_and_date_to_one_booking_only() -> None:
    # Two bookings of journal 70 under number 7 on the document's date, one
    # numbered in financial year 2025 (another place): the document is the
    # first one's; the second books nothing, however the link is accepted.
    journals = [Journal("70", Numbering.PER_FINANCIAL_YEAR)]
    document = Invoice("A", day(1, 5), 7)
    bookings = [Booking("70", 7, day(1, 5)), Booking("70", 7, day(1, 5), financial_year=2025)]

    for link_by_number in (False, True):
        snapshot = Snapshot(SHARED, [document], journals, bookings, link_by_number=link_by_number)
        assert index_of(snapshot).links.by_number == [(0, 0)]
        assert snapshot.links == LinkCounts(0, 0, int(link_by_number), 2 - link_by_number)
    assert linked(snapshot) == [document.ref, None]
    assert snapshot.booking_of(document) == bookings[0]


def _links_of(snapshot: Snapshot, link: object, bookings: list[Booking]) -> object:
    index = index_of(snapshot)
    places = [snapshot.booking_place(booking) for booking in bookings]
    # The documents placed by their dates, as linking places them (before a
    # booking that names its financial year places its document there).
    by_date = [
        index.placer(place.journal, document.date) for document, place in index.placed_documents()
    ]
    links = Links(len(snapshot.documents), len(bookings))
    try:
        referenced = link(  # type: ignore[operator]
            snapshot.documents, index._by_kind, by_date, bookings, places, links
        )
    except InconsistentInputError as error:
        return str(error)
    return (
        list(links.booking_at),
        list(links.document_of),
        bytes(links.how),
        links.booked,
        referenced,
    )


@settings(max_examples=300, deadline=None)
@given(histories(), st.randoms(use_true_random=False), st.integers(0, 3))
def test_both_loops_link_and_refuse_alike(snapshot: Snapshot, random: Random, change: int) -> None:
    # The loop for many bookings (each document looked for just after the
    # previous one's) and the dictionary's loop give the same links and the
    # same refusals, in the given order or any other, with a booking that
    # names a document twice, one missing, or one that disagrees.
    bookings = shuffled_and_changed(snapshot, random, change)

    assert _links_of(snapshot, _link_in_order, bookings) == _links_of(
        snapshot, _link_by_document, bookings
    )


def test_a_snapshot_of_many_bookings_is_linked_in_order_as_by_the_dictionary() -> None:
    # 20,000 bookings and more take the loop in order: each is linked to the
    # document it names, also out of order and past a stale document.
    invoices = [Invoice(f"F{n}", day(1 + n % 12, 1 + n % 28), n) for n in range(1, 20_003)]
    credit_notes = [CreditNote(f"F{n}", day(3, 3), n) for n in range(1, 4)]
    bookings = [Booking("70", n, d.date, d.ref) for n, d in enumerate(invoices, start=1)]
    bookings += [Booking("71", n, d.date, d.ref) for n, d in enumerate(credit_notes, start=1)]
    bookings[5], bookings[9000] = bookings[9000], bookings[5]
    del bookings[400]  # a stale invoice: the search goes on past it

    snapshot = Snapshot(APART, [*invoices, *credit_notes], bookings=bookings)

    assert index_of(snapshot).links.booked == len(bookings) == 20_004
    for booking in bookings:
        assert booking.document is not None
        assert snapshot.booking_of(snapshot.document(booking.document)) == booking
    assert snapshot.booking_of(invoices[400]) is None


def test_both_loops_link_a_booking_numbered_in_another_financial_year() -> None:
    # The booking names financial year 2025 for a document dated in 2026: its
    # place is not the document's, and only their journals must agree; a
    # manual booking and one naming a missing document are counted apart.
    journals = [Journal("70", Numbering.PER_FINANCIAL_YEAR)]
    documents = [Invoice("A", day(1, 5), 7), Invoice("B", day(1, 6), 8)]
    bookings = [
        Booking("70", 7, day(1, 5), documents[0].ref, financial_year=2025),
        Booking("70", 9, day(1, 7)),
        Booking("70", 8, day(1, 6), documents[1].ref),
    ]
    snapshot = Snapshot(SHARED, documents, journals, bookings)

    expected = ([0, 2], [0, -1, 1], bytes([0, 3, 0]), 2, [])
    assert _links_of(snapshot, _link_in_order, bookings) == expected
    assert _links_of(snapshot, _link_by_document, bookings) == expected


def test_both_loops_refuse_a_booking_in_another_journal_under_the_documents_number() -> None:
    # Invoice A carries #7 in journal 70; a booking in journal 71 under #7 names it.
    document = Invoice("A", day(1, 5), 7)
    bookings = [Booking("71", 7, day(1, 5), document.ref)]
    snapshot = Snapshot(APART, [document])

    refused = _links_of(snapshot, _link_in_order, bookings)
    assert refused == _links_of(snapshot, _link_by_document, bookings)
    assert isinstance(refused, str)
    assert "booking #7 in journal 71 refers to invoice A, which carries booking number 7" in refused


@pytest.mark.parametrize("count", [3, 25_000], ids=["dictionaries", "tables"])
def test_rule_6_a_booking_naming_a_document_written_otherwise_names_the_document(
    count: int,
) -> None:
    # `document=` names a document exactly; §3.8's comparison (white space and
    # case aside) is the reference's. Refused, the message said only that
    # invoice 2026 / 1 is not there, though invoice 2026/1 is.
    documents = [Invoice(f"2026/{n}", date(2026, 1, 5), n) for n in range(1, count + 1)]
    booking = Booking("70", 1, date(2026, 1, 5), DocumentRef(DocumentKind.INVOICE, "2026 / 1"))
    with pytest.raises(InconsistentInputError) as refused:
        Snapshot(Integration("70", "71"), documents, bookings=[booking])
    assert str(refused.value) == (
        "booking #1 in journal 70 refers to invoice 2026 / 1, which is not among the "
        "snapshot's documents; invoice 2026/1 is, its number written otherwise: name it as "
        "the document writes it (document=DocumentRef(DocumentKind.INVOICE, '2026/1')), or "
        "give the booking the reference '2026 / 1' and no document"
    )
