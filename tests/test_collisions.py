"""Collisions and stale documents: DOMAIN.md §3.1, §3.2 and worked examples A-C of §4."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from booking_reconcile import (
    Booking,
    BookingReconcileError,
    CreditNote,
    Document,
    InconsistentInputError,
    Integration,
    InvalidValueError,
    Invoice,
    Journal,
    MissingBookingsError,
    Numbering,
    Snapshot,
    collision_message,
    find_collision_risks,
    find_collisions,
    find_stale_documents,
    sync_order,
)

# Bounded and fast; registered by name so a run may also load it with
# --hypothesis-profile=collision-properties.
settings.register_profile("collision-properties", max_examples=150, deadline=None)
PROPERTIES = settings.get_profile("collision-properties")

SHARED_JOURNAL = Integration(invoice_journal="70", credit_note_journal="70")
TWO_JOURNALS = Integration(invoice_journal="70", credit_note_journal="71")


def day(month: int, dom: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, dom)


def booking_for(document: Document, journal: str = "70") -> Booking:
    """The accounting side's booking of ``document`` (it exists there)."""
    assert document.booking_number is not None
    return Booking(journal, document.booking_number, document.date, document.ref)


def numbers(documents: tuple[Document, ...] | list[Document]) -> list[str]:
    return [document.number for document in documents]


# -- worked examples of DOMAIN.md §4 (journal 70, continuous numbering) -------


def example_a(*, with_bookings: bool = True) -> Snapshot:
    a = Invoice("A", day(1, 5), 1001)
    b = Invoice("B", day(1, 6), 1002)
    c = Invoice("C", day(1, 10), 1002)
    d = Invoice("D", day(1, 12), 1003)
    bookings = [booking_for(x) for x in (a, c, d)] if with_bookings else None
    return Snapshot(TWO_JOURNALS, [a, b, c, d], bookings=bookings)


def example_b() -> Snapshot:
    a = Invoice("A", day(1, 5), 1001)
    b = Invoice("B", day(1, 6), 1002)
    d = Invoice("D", day(1, 7), 1003)
    c = Invoice("C", day(1, 10), 1002)
    e = Invoice("E", day(1, 12), 1003)
    f = Invoice("F", day(1, 15), 1004)
    # B and D were deleted in the accounting package.
    bookings = [booking_for(x) for x in (a, c, e, f)]
    return Snapshot(TWO_JOURNALS, [a, b, d, c, e, f], bookings=bookings)


def example_c() -> Snapshot:
    i1 = Invoice("I1", day(1, 3), 501)
    k1 = CreditNote("K1", day(1, 4), 502)
    i2 = Invoice("I2", day(1, 8), 502)
    # K1 was deleted in the accounting package.
    bookings = [booking_for(i1), booking_for(i2)]
    return Snapshot(SHARED_JOURNAL, [i1, k1, i2], bookings=bookings)


def test_example_a_one_collision_holder_c_and_b_stale() -> None:
    snapshot = example_a()

    (collision,) = find_collisions(snapshot)

    assert (collision.journal, collision.financial_year, collision.booking_number) == (
        "70",
        None,
        1002,
    )
    assert numbers(collision.documents) == ["B", "C"]
    assert collision.holder is not None
    assert collision.holder.number == "C"
    assert numbers(collision.stale) == ["B"]
    assert collision.message == "The invoices B and C have the same booking number"
    assert numbers(find_stale_documents(snapshot)) == ["B"]


def test_example_a_without_bookings_infers_the_same_holder() -> None:
    (collision,) = find_collisions(example_a(with_bookings=False))

    assert collision.holder is not None
    assert collision.holder.number == "C"
    assert numbers(collision.stale) == ["B"]
    assert collision.message == "The invoices B and C have the same booking number"


def test_example_b_two_collisions() -> None:
    snapshot = example_b()

    collisions = find_collisions(snapshot)

    assert [c.booking_number for c in collisions] == [1002, 1003]
    assert [numbers(c.documents) for c in collisions] == [["B", "C"], ["D", "E"]]
    assert [c.holder.number for c in collisions if c.holder] == ["C", "E"]
    assert [c.message for c in collisions] == [
        "The invoices B and C have the same booking number",
        "The invoices D and E have the same booking number",
    ]
    assert numbers(find_stale_documents(snapshot)) == ["B", "D"]


def test_example_c_credit_note_and_invoice_share_journal_70() -> None:
    snapshot = example_c()

    (collision,) = find_collisions(snapshot)

    assert collision.journal == "70"
    assert collision.booking_number == 502
    assert [str(document.ref) for document in collision.documents] == [
        "credit note K1",
        "invoice I2",
    ]
    assert collision.holder is not None
    assert str(collision.holder.ref) == "invoice I2"
    assert [str(document.ref) for document in find_stale_documents(snapshot)] == ["credit note K1"]
    assert collision.message == "The credit note K1 and the invoice I2 have the same booking number"


# -- §3.1 collisions ----------------------------------------------------------


def test_documents_sharing_journal_period_and_number_collide() -> None:
    first = Invoice("2026/5", day(1, 5), 7)
    second = Invoice("2026/9", day(1, 9), 7)
    other = Invoice("2026/6", day(1, 6), 8)

    (collision,) = find_collisions(Snapshot(TWO_JOURNALS, [first, other, second]))

    assert collision.documents == (first, second)
    assert collision.booking_number == 7


def test_unbooked_documents_never_collide() -> None:
    documents = [Invoice(f"2026/{n}", day(1, 5)) for n in range(1, 6)]
    documents.append(Invoice("2026/9", day(1, 9), 1))

    snapshot = Snapshot(TWO_JOURNALS, documents, bookings=())

    assert find_collisions(snapshot) == ()
    assert numbers(find_stale_documents(snapshot)) == ["2026/9"]


def test_same_number_in_different_journals_is_no_collision() -> None:
    invoice = Invoice("2026/5", day(1, 5), 12)
    credit_note = CreditNote("C1", day(1, 6), 12)
    in_other_journal = Invoice("2026/6", day(1, 7), 12, journal="72")

    snapshot = Snapshot(TWO_JOURNALS, [invoice, credit_note, in_other_journal])

    assert find_collisions(snapshot) == ()


def test_invoice_and_credit_note_collide_when_they_share_a_journal() -> None:
    invoice = Invoice("2026/5", day(1, 5), 12)
    credit_note = CreditNote("C1", day(1, 6), 12)

    (collision,) = find_collisions(Snapshot(SHARED_JOURNAL, [credit_note, invoice]))

    assert collision.documents == (invoice, credit_note)


def test_document_journal_overrides_the_integration_journal() -> None:
    credit_note = CreditNote("C1", day(1, 6), 12, journal="70")
    invoice = Invoice("2026/5", day(1, 5), 12)

    (collision,) = find_collisions(Snapshot(TWO_JOURNALS, [invoice, credit_note]))

    assert collision.journal == "70"
    assert collision.documents == (invoice, credit_note)


def test_collision_of_three_documents_is_one_collision() -> None:
    documents = [CreditNote(n, day(2, i + 1), 3) for i, n in enumerate(["C7", "C1", "C4"])]

    (collision,) = find_collisions(Snapshot(TWO_JOURNALS, documents))

    assert numbers(collision.documents) == ["C7", "C1", "C4"]  # sync order = date order here
    assert collision.holder is documents[-1]


def test_collisions_ordered_by_journal_financial_year_and_number() -> None:
    integration = Integration("9", "10")
    journals = [Journal("9", Numbering.PER_FINANCIAL_YEAR), Journal("10")]
    documents = [
        CreditNote("C1", day(3, 1), 5),
        CreditNote("C2", day(3, 2), 5),
        Invoice("I1", day(3, 1, 2026), 4),
        Invoice("I2", day(3, 2, 2026), 4),
        Invoice("I3", day(3, 1, 2025), 9),
        Invoice("I4", day(3, 2, 2025), 9),
        Invoice("I5", day(3, 1, 2025), 2),
        Invoice("I6", day(3, 2, 2025), 2),
    ]

    collisions = find_collisions(Snapshot(integration, documents, journals))

    # Journal "9" before "10" (natural order), then year, then number.
    assert [(c.journal, c.financial_year, c.booking_number) for c in collisions] == [
        ("9", 2025, 2),
        ("9", 2025, 9),
        ("9", 2026, 4),
        ("10", None, 5),
    ]


def test_collision_documents_are_in_sync_order() -> None:
    early = Invoice("2026/10", day(1, 5), 4)
    late = Invoice("2026/9", day(1, 9), 4)
    same_day_low = Invoice("2026/9a", day(1, 7), 4)
    same_day_high = Invoice("2026/10a", day(1, 7), 4)

    (collision,) = find_collisions(
        Snapshot(TWO_JOURNALS, [late, same_day_high, early, same_day_low])
    )

    assert collision.documents == (early, same_day_low, same_day_high, late)
    assert collision.documents == tuple(sync_order(collision.documents))


def test_collision_documents_follow_sync_time_when_known() -> None:
    utc = dt.timezone.utc
    sent_second = Invoice("A", day(1, 5), 4, synced_at=dt.datetime(2026, 1, 20, tzinfo=utc))
    sent_first = Invoice("B", day(1, 9), 4, synced_at=dt.datetime(2026, 1, 10, tzinfo=utc))

    (collision,) = find_collisions(Snapshot(TWO_JOURNALS, [sent_second, sent_first]))

    assert collision.documents == (sent_first, sent_second)
    assert collision.holder is sent_second  # handed the number out last


def test_holder_is_the_document_whose_booking_exists() -> None:
    # The booking exists for the *earlier* document: sync order does not decide.
    owner = Invoice("2026/5", day(1, 5), 4)
    stale = Invoice("2026/9", day(1, 9), 4)

    (collision,) = find_collisions(
        Snapshot(TWO_JOURNALS, [owner, stale], bookings=[booking_for(owner)])
    )

    assert collision.holder is owner
    assert collision.stale == (stale,)


def test_holder_is_none_when_no_booking_of_the_collision_exists() -> None:
    first = Invoice("2026/5", day(1, 5), 4)
    second = Invoice("2026/9", day(1, 9), 4)
    manual = Booking("70", 3, day(1, 2))

    (collision,) = find_collisions(Snapshot(TWO_JOURNALS, [first, second], bookings=[manual]))

    assert collision.holder is None
    assert collision.stale == (first, second)


def test_holder_is_none_when_a_manual_booking_holds_the_number() -> None:
    first = Invoice("2026/5", day(1, 5), 4)
    second = Invoice("2026/9", day(1, 9), 4)
    manual = Booking("70", 4, day(1, 9))

    (collision,) = find_collisions(Snapshot(TWO_JOURNALS, [first, second], bookings=[manual]))

    assert collision.holder is None


def test_holder_is_never_two_documents_two_bookings_of_one_number_are_refused() -> None:
    first = Invoice("2026/5", day(1, 5), 4)
    second = Invoice("2026/9", day(1, 9), 4)

    with pytest.raises(InconsistentInputError, match="appears twice in journal 70"):
        Snapshot(TWO_JOURNALS, [first, second], bookings=[booking_for(first), booking_for(second)])


def test_holder_without_bookings_is_last_in_sync_order() -> None:
    documents = [Invoice(f"2026/{n}", day(1, n), 4) for n in (9, 5, 12)]

    (collision,) = find_collisions(Snapshot(TWO_JOURNALS, documents))

    assert collision.holder is not None
    assert collision.holder.number == "2026/12"
    # The others are taken to be stale.
    assert numbers(collision.stale) == ["2026/5", "2026/9"]


def test_rule_3_1_on_a_tie_of_date_and_number_the_invoice_was_sent_before_the_credit_note() -> None:
    # Oracle3 F3: invoice 4 and credit note 4 of one day share journal 70 and
    # #3, no sync times, bookings unknown. The invoicing tool sends invoices
    # before credit notes (its own order, §3.7): the credit note got #3 last
    # and holds it; the invoice is taken to be stale.
    invoice, credit = Invoice("4", day(4, 13), 3), CreditNote("4", day(4, 13), 3)
    for documents in ([invoice, credit], [credit, invoice]):
        (collision,) = find_collisions(Snapshot(SHARED_JOURNAL, documents))
        assert collision.documents == (invoice, credit)
        assert collision.holder == credit
        assert collision.message == (
            "The invoice 4 and the credit note 4 have the same booking number"
        )


def test_holder_with_empty_bookings_is_none() -> None:
    # bookings=() means the accounting package holds no bookings at all.
    documents = [Invoice(f"2026/{n}", day(1, n), 4) for n in (5, 9)]

    (collision,) = find_collisions(Snapshot(TWO_JOURNALS, documents, bookings=()))

    assert collision.holder is None


@pytest.mark.parametrize(
    ("documents", "message"),
    [
        pytest.param(
            [Invoice("2026/9", day(1, 9), 1), Invoice("2026/5", day(1, 5), 1)],
            "The invoices 2026/5 and 2026/9 have the same booking number",
            id="two-invoices",
        ),
        pytest.param(
            [CreditNote(n, day(1, d), 1) for n, d in [("C7", 7), ("C1", 1), ("C4", 4)]],
            "The credit notes C1, C4 and C7 have the same booking number",
            id="several-credit-notes",
        ),
        pytest.param(
            [CreditNote("C3", day(1, 6), 1), Invoice("2026/5", day(1, 5), 1)],
            "The invoice 2026/5 and the credit note C3 have the same booking number",
            id="mixed-invoice-first",
        ),
        pytest.param(
            [Invoice("I2", day(1, 8), 1), CreditNote("K1", day(1, 4), 1)],
            "The credit note K1 and the invoice I2 have the same booking number",
            id="mixed-credit-note-first",
        ),
        pytest.param(
            [
                Invoice("2026/5", day(1, 5), 1),
                CreditNote("C3", day(1, 6), 1),
                Invoice("2026/7", day(1, 7), 1),
            ],
            "The invoice 2026/5, the credit note C3 and the invoice 2026/7 have the same"
            " booking number",
            id="mixed-three",
        ),
    ],
)
def test_collision_message_follows_the_tools_wording(
    documents: list[Document], message: str
) -> None:
    (collision,) = find_collisions(Snapshot(SHARED_JOURNAL, documents))

    assert collision.message == message
    assert collision_message(collision.documents) == message
    assert str(collision) == f"{message} (#1 in journal 70)"


def test_collision_describe_names_the_holder_of_the_number() -> None:
    # §3.1: the holder is the document whose booking with that number exists.
    (collision,) = find_collisions(example_a())

    assert collision.describe() == (
        "The invoices B and C have the same booking number (#1002 in journal 70; holder invoice C)"
    )


def test_collision_describe_says_when_no_booking_holds_the_number() -> None:
    # §3.1: with bookings given and none of them with that number, no holder.
    b, c = Invoice("B", day(1, 6), 1002), Invoice("C", day(1, 10), 1002)
    (collision,) = find_collisions(Snapshot(SHARED_JOURNAL, [b, c], bookings=[]))

    assert collision.holder is None
    assert collision.describe() == (
        "The invoices B and C have the same booking number (#1002 in journal 70; "
        "no holder: no booking with this number exists)"
    )


def test_collisions_display_one_line_each_or_no_collisions() -> None:
    b, c = Invoice("B", day(1, 6), 1002), Invoice("C", day(1, 10), 1002)
    k1, k2 = CreditNote("K1", day(1, 6), 7), CreditNote("K2", day(1, 7), 7)
    collisions = find_collisions(Snapshot(TWO_JOURNALS, [b, c, k1, k2]))

    assert str(collisions) == (
        "The invoices B and C have the same booking number (#1002 in journal 70)\n"
        "The credit notes K1 and K2 have the same booking number (#7 in journal 71)"
    )
    assert str(find_collisions(Snapshot(TWO_JOURNALS, [b]))) == "no collisions"
    assert "The invoices B and C" in collisions._repr_markdown_()
    assert "The invoices B and C" in collisions[0]._repr_markdown_()


def test_collision_message_of_a_single_document_is_refused() -> None:
    # §6: one document collides with nothing; a plural sentence about it would mislead.
    with pytest.raises(InvalidValueError, match="are fewer than two documents"):
        collision_message([Invoice("A", day(1, 5))])


# -- §3.2 stale documents -----------------------------------------------------


def test_stale_document_is_booked_without_a_booking_that_refers_to_it() -> None:
    kept = Invoice("2026/1", day(1, 1), 1)
    deleted = Invoice("2026/2", day(1, 2), 2)
    unbooked = Invoice("2026/3", day(1, 3))

    snapshot = Snapshot(TWO_JOURNALS, [kept, deleted, unbooked], bookings=[booking_for(kept)])

    assert find_stale_documents(snapshot) == (deleted,)


def test_stale_document_when_a_manual_booking_has_its_number() -> None:
    # A booking with its number exists, but it does not refer to the document.
    document = Invoice("2026/2", day(1, 2), 2)
    manual = Booking("70", 2, day(1, 2))

    snapshot = Snapshot(TWO_JOURNALS, [document], bookings=[manual])

    assert find_stale_documents(snapshot) == (document,)


def test_stale_documents_ordered_by_journal_period_number_and_date() -> None:
    documents = [
        CreditNote("C1", day(1, 1), 1),
        Invoice("2026/3", day(1, 9), 5),
        Invoice("2026/2", day(1, 2), 5),
        Invoice("2026/1", day(1, 1), 9),
    ]

    stale = find_stale_documents(Snapshot(TWO_JOURNALS, documents, bookings=()))

    assert [str(document.ref) for document in stale] == [
        "invoice 2026/2",
        "invoice 2026/3",
        "invoice 2026/1",
        "credit note C1",
    ]


def test_two_stale_documents_are_ordered_by_number_not_by_date() -> None:
    # Two are sorted too (a single one needs no sort): #5 before #7, whatever their dates.
    later, earlier = Invoice("2026/2", day(1, 9), 5), Invoice("2026/1", day(1, 2), 7)

    stale = find_stale_documents(Snapshot(TWO_JOURNALS, [earlier, later], bookings=()))

    assert stale == (later, earlier)


def test_find_stale_documents_needs_bookings() -> None:
    with pytest.raises(MissingBookingsError, match="bookings=None") as raised:
        find_stale_documents(example_a(with_bookings=False))

    assert isinstance(raised.value, BookingReconcileError)
    assert isinstance(raised.value, ValueError)


def test_find_stale_documents_without_bookings_says_how_to_pass_them() -> None:
    # §3.2 needs the accounting side: "With bookings given".
    with pytest.raises(MissingBookingsError) as raised:
        find_stale_documents(Snapshot(SHARED_JOURNAL, [Invoice("A", day(1, 5), 1)]))
    assert str(raised.value) == (
        "find_stale_documents needs the accounting side's bookings, but the snapshot has "
        "bookings=None; pass the bookings (bookings=() when the accounting package holds none)"
    )


def test_find_collision_risks_needs_bookings() -> None:
    # The message names the function the caller called, not the one it uses.
    with pytest.raises(MissingBookingsError, match=r"^find_collision_risks needs"):
        find_collision_risks(example_a(with_bookings=False))


@pytest.mark.parametrize(
    ("stale_number", "predicted"),
    [
        pytest.param(1004, True, id="above-highest"),
        pytest.param(1003, True, id="at-highest"),
        pytest.param(1002, False, id="below-highest"),
    ],
)
def test_stale_document_predicts_collision_when_at_or_above_highest_booking(
    stale_number: int, predicted: bool
) -> None:
    kept = [Invoice(f"K{n}", day(1, n - 1000), n) for n in (1001, 1003)]
    stale = Invoice("S", day(1, 20), stale_number)
    bookings = [booking_for(document) for document in kept]

    snapshot = Snapshot(TWO_JOURNALS, [*kept, stale], bookings=bookings)

    assert find_stale_documents(snapshot) == (stale,)
    assert find_collision_risks(snapshot) == ((stale,) if predicted else ())


def test_stale_document_predicts_collision_in_an_emptied_journal() -> None:
    stale = Invoice("2026/1", day(1, 1), 1)
    other_journal = Booking("71", 40, day(1, 1))

    snapshot = Snapshot(TWO_JOURNALS, [stale], bookings=[other_journal])

    assert find_collision_risks(snapshot) == (stale,)


def test_manual_booking_counts_as_highest_booking_left() -> None:
    stale = Invoice("2026/1", day(1, 1), 5)
    manual = Booking("70", 6, day(1, 3))

    snapshot = Snapshot(TWO_JOURNALS, [stale], bookings=[manual])

    assert find_stale_documents(snapshot) == (stale,)
    assert find_collision_risks(snapshot) == ()


def test_example_a_stale_document_already_collided_is_no_new_risk() -> None:
    # B #1002 is below D #1003, the highest booking left: the tool already reports it.
    assert find_collision_risks(example_a()) == ()


def test_example_b_stale_documents_below_highest_booking_predict_nothing() -> None:
    # B #1002 and D #1003 are both below F #1004.
    assert find_collision_risks(example_b()) == ()


# -- hypothesis: laws that hold for every input --------------------------------

_JOURNAL_SETUPS = st.sampled_from(
    [
        (SHARED_JOURNAL, ()),
        (TWO_JOURNALS, ()),
        (TWO_JOURNALS, (Journal("70", Numbering.PER_FINANCIAL_YEAR), Journal("71"))),
        (
            Integration("70", "71", financial_year_start_month=4),
            (
                Journal("70", Numbering.PER_FINANCIAL_YEAR),
                Journal("71", Numbering.PER_FINANCIAL_YEAR),
            ),
        ),
    ]
)

_DOCUMENT_ROWS = st.lists(
    st.tuples(
        st.sampled_from([Invoice, CreditNote]),
        st.integers(min_value=1, max_value=30),  # document number
        st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 12, 31)),
        st.one_of(st.none(), st.integers(min_value=1, max_value=5)),  # booking number
        st.booleans(),  # does the booking exist in the accounting package?
    ),
    max_size=14,
    unique_by=lambda row: (row[0], row[1]),
)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Snapshot, frozenset[int]]:
    """A consistent snapshot with bookings, and the ids of documents given a booking."""
    integration, journals = draw(_JOURNAL_SETUPS)
    rows = draw(_DOCUMENT_ROWS)
    documents = [
        kind(f"2026/{number}", date, booking_number)
        for kind, number, date, booking_number, _ in rows
    ]
    flags = [row[4] for row in rows]
    unbooked = Snapshot(integration, documents, journals)
    taken: set[tuple[object, int]] = set()
    bookings = []
    booked_ids = set()
    for document, flag in zip(documents, flags, strict=True):
        if document.booking_number is None or not flag:
            continue
        place = unbooked.place_of(document)
        if (place, document.booking_number) in taken:
            continue
        taken.add((place, document.booking_number))
        bookings.append(
            Booking(place.journal, document.booking_number, document.date, document.ref)
        )
        booked_ids.add(id(document))
    if draw(st.booleans()):
        bookings.append(Booking("70", 6, dt.date(2026, 1, 1)))  # a manual entry
    return Snapshot(integration, documents, journals, bookings), frozenset(booked_ids)


@PROPERTIES
@given(scenarios())
def test_property_no_unbooked_document_ever_collides(
    scenario: tuple[Snapshot, frozenset[int]],
) -> None:
    snapshot, _ = scenario
    booked_only = [document for document in snapshot.documents if document.is_booked]

    collisions = find_collisions(snapshot)

    for collision in collisions:
        assert all(document.booking_number is not None for document in collision.documents)
    # Unbooked documents neither collide nor change any collision.
    without_unbooked = Snapshot(
        snapshot.integration, booked_only, snapshot.journals, snapshot.bookings
    )
    assert find_collisions(without_unbooked) == collisions


@PROPERTIES
@given(scenarios())
def test_property_every_collision_shares_journal_period_and_number(
    scenario: tuple[Snapshot, frozenset[int]],
) -> None:
    snapshot, _ = scenario

    for collision in find_collisions(snapshot):
        assert len(collision.documents) >= 2
        for document in collision.documents:
            assert snapshot.place_of(document) == collision.place
            assert document.booking_number == collision.booking_number


@PROPERTIES
@given(scenarios())
def test_property_every_booked_document_is_in_at_most_one_collision(
    scenario: tuple[Snapshot, frozenset[int]],
) -> None:
    snapshot, _ = scenario
    shared = Counter(
        (snapshot.place_of(document), document.booking_number)
        for document in snapshot.documents
        if document.booking_number is not None
    )

    memberships = Counter(
        document.ref for collision in find_collisions(snapshot) for document in collision.documents
    )

    assert all(count == 1 for count in memberships.values())
    # ... and exactly one when another document carries its number in its place.
    for document in snapshot.documents:
        if document.booking_number is not None:
            colliding = shared[snapshot.place_of(document), document.booking_number] > 1
            assert memberships[document.ref] == int(colliding)


@PROPERTIES
@given(scenarios())
def test_property_holder_is_the_booked_document_or_none(
    scenario: tuple[Snapshot, frozenset[int]],
) -> None:
    snapshot, booked_ids = scenario

    for collision in find_collisions(snapshot):
        owners = [document for document in collision.documents if id(document) in booked_ids]
        assert len(owners) <= 1
        assert collision.holder is (owners[0] if owners else None)
        assert len(collision.stale) == len(collision.documents) - len(owners)


@PROPERTIES
@given(scenarios())
def test_property_stale_documents_are_booked_documents_without_their_booking(
    scenario: tuple[Snapshot, frozenset[int]],
) -> None:
    snapshot, booked_ids = scenario
    expected = {
        document.ref
        for document in snapshot.documents
        if document.booking_number is not None and id(document) not in booked_ids
    }

    stale = find_stale_documents(snapshot)

    assert {document.ref for document in stale} == expected
    assert len(stale) == len(expected)
    risks = find_collision_risks(snapshot)
    assert set(risks) <= set(stale)


@PROPERTIES
@given(scenarios(), st.randoms(use_true_random=False))
def test_property_shuffling_the_input_never_changes_the_result(
    scenario: tuple[Snapshot, frozenset[int]], rng: Random
) -> None:
    snapshot, _ = scenario
    documents = list(snapshot.documents)
    bookings = list(snapshot.bookings or ())
    rng.shuffle(documents)
    rng.shuffle(bookings)

    shuffled = Snapshot(snapshot.integration, documents, snapshot.journals, bookings)

    assert find_collisions(shuffled) == find_collisions(snapshot)
    assert find_stale_documents(shuffled) == find_stale_documents(snapshot)
    assert find_collision_risks(shuffled) == find_collision_risks(snapshot)
    without_bookings = Snapshot(snapshot.integration, documents, snapshot.journals)
    original_without = Snapshot(snapshot.integration, snapshot.documents, snapshot.journals)
    assert find_collisions(without_bookings) == find_collisions(original_without)


@PROPERTIES
@given(scenarios())
def test_property_holder_without_bookings_is_last_in_sync_order(
    scenario: tuple[Snapshot, frozenset[int]],
) -> None:
    snapshot, _ = scenario
    unknown_side = Snapshot(snapshot.integration, snapshot.documents, snapshot.journals)

    for collision in find_collisions(unknown_side):
        assert collision.documents == tuple(sync_order(collision.documents))
        assert collision.holder is collision.documents[-1]


# -- §6: one document written two ways is the same document listed twice --------

_WRITTEN_TWICE = [
    Invoice("2026/4", dt.date(2026, 1, 4), 1000),
    Invoice("2026/5", dt.date(2026, 1, 5), 1001),
    Invoice("2026 / 5", dt.date(2026, 1, 5), 1001),
    Invoice("2026/6", dt.date(2026, 1, 6), 1002),
]
_WRITTEN_TWICE_MESSAGE = (
    "appears twice in the snapshot's documents, written '2026/5' and '2026 / 5' (a document "
    "number is compared without white space and case); each document must be listed once: "
    "remove the extra copy from the input"
)


def test_rule_6_one_document_written_two_ways_is_refused_not_a_collision_with_itself() -> None:
    # §6: "the same document twice in one snapshot"; §3.8: a number is compared
    # without white space and case (merged exports write "2017 / 5" and "2017/5").
    with pytest.raises(
        InconsistentInputError, match=_WRITTEN_TWICE_MESSAGE.replace("(", r"\(").replace(")", r"\)")
    ):
        Snapshot(Integration("70", "71"), _WRITTEN_TWICE)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("2026/5", "2026 / 5", id="white-space"),
        pytest.param("F2026/5", "f2026/5", id="case"),
        pytest.param("F 2026/5", "f2026/5", id="both"),
        pytest.param("2026/5", "2026/\t5", id="a-tab"),
    ],
)
@pytest.mark.parametrize(
    "numbers",
    [
        pytest.param((1001, 1003), id="two-booking-numbers"),
        pytest.param((1001, None), id="one-booked"),
        pytest.param((None, None), id="neither-booked"),
    ],
)
@pytest.mark.parametrize("bookings", [None, ()], ids=["bookings-unknown", "no-bookings"])
def test_rule_6_one_document_written_two_ways_is_refused_whatever_its_booking_numbers(
    first: str, second: str, numbers: tuple[int | None, int | None], bookings: tuple[()] | None
) -> None:
    # §6: the same document twice is bad input, whether or not its two copies
    # collide. Accepted, one copy "holding" #1001 made a feasible plan delete
    # the booking of invoice 2026/9, which also carries #1001.
    documents = [
        Invoice(first, dt.date(2026, 1, 5), numbers[0]),
        Invoice(second, dt.date(2026, 1, 6), numbers[1]),
        Invoice("2026/9", dt.date(2026, 1, 9), 1001),
    ]
    with pytest.raises(InconsistentInputError) as refused:
        Snapshot(Integration("70", "71"), documents, bookings=bookings)
    assert str(refused.value).startswith(
        f"{documents[1].record_name()} appears twice in the snapshot's documents, written "
        f"{first!r} and {second!r} (a document number is compared without white space and case)"
    )


def test_rule_6_one_document_written_two_ways_is_refused_in_a_large_snapshot() -> None:
    # The check runs over every number at once; the pair is still named.
    documents = [Invoice(f"F{n}", dt.date(2026, 1, 5), n) for n in range(1, 2001)]
    documents.append(Invoice("f 1500", dt.date(2026, 1, 6)))
    with pytest.raises(InconsistentInputError, match="written 'F1500' and 'f 1500'"):
        Snapshot(Integration("70", "71"), documents)


def test_rule_6_numbers_of_one_kind_that_only_look_alike_are_accepted() -> None:
    # Differences other than white space and case are other documents; a
    # separator character inside a number does not confuse the check.
    documents = [
        Invoice("2026/5", dt.date(2026, 1, 5), 1),
        Invoice("2026-5", dt.date(2026, 1, 5), 2),
        Invoice("F5", dt.date(2026, 1, 5), 3),
        Invoice("F5\x00", dt.date(2026, 1, 5), 4),
        Invoice("F\x005", dt.date(2026, 1, 5), 5),
        CreditNote("f 5", dt.date(2026, 1, 5), 6),
    ]
    snapshot = Snapshot(Integration("70", "71"), documents)
    assert len(snapshot.documents) == 6


def test_rule_6_one_document_written_two_ways_is_refused_when_a_reference_names_it() -> None:
    bookings = [
        Booking("70", 1000, dt.date(2026, 1, 4), reference="2026/4"),
        Booking("70", 1001, dt.date(2026, 1, 5), reference="2026/5"),
    ]
    with pytest.raises(InconsistentInputError) as refused:
        Snapshot(Integration("70", "71"), _WRITTEN_TWICE, bookings=bookings)
    assert _WRITTEN_TWICE_MESSAGE in str(refused.value)
    assert "say the kind" not in str(refused.value)


def test_an_invoice_and_a_credit_note_of_one_number_written_two_ways_may_still_collide() -> None:
    shared = Snapshot(
        Integration("70", "70"),
        [
            Invoice("5", dt.date(2026, 1, 5), 7),
            CreditNote(" 5".strip() + " ", dt.date(2026, 1, 6), 7),
        ]
        if False
        else [Invoice("5 A", dt.date(2026, 1, 5), 7), CreditNote("5a", dt.date(2026, 1, 6), 7)],
    )
    (collision,) = find_collisions(shared)
    assert [d.number for d in collision.documents] == ["5 A", "5a"]
