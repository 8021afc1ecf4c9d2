"""The snapshot's quicker ways of indexing, each against the general way (issue 22).

A snapshot finds each document by kind and number from one dictionary of
every number when the records are the library's own classes and no two share
a number, moving the credit notes' numbers out of it (one by one when few, in
one pass when many); otherwise by kind first, refusing a document listed
twice. It checks the records' types by their classes first, then by
``isinstance``. A small snapshot keeps its bookings' numbers for the plan; a
large one reads them again. Each way must give what the general one gives.
"""

from __future__ import annotations

import datetime as dt
import itertools
import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from booking_reconcile import (
    Booking,
    CreditNote,
    DocumentKind,
    InconsistentInputError,
    Integration,
    InvalidTypeError,
    InvalidValueError,
    Invoice,
    Journal,
    Numbering,
    Snapshot,
    plan_repair,
)
from booking_reconcile._index import index_of, positions_by_number
from booking_reconcile._lookups import booking_numbers

DAY = dt.date(2026, 1, 5)
INTEGRATION = Integration(invoice_journal="70", credit_note_journal="71")


def _documents(count: int, every: int) -> list[Invoice | CreditNote]:
    """``count`` documents, every ``every``-th a credit note, each with its own number."""
    return [
        CreditNote(f"C{n}", DAY, n + 1) if n % every == 0 else Invoice(f"F{n}", DAY, n + 1)
        for n in range(count)
    ]


def _positions_one_by_one(snapshot: Snapshot) -> dict[DocumentKind, dict[str, int]]:
    found: dict[DocumentKind, dict[str, int]] = {kind: {} for kind in DocumentKind}
    for position, document in enumerate(snapshot.documents):
        found[document.kind][document.number] = position
    return found


@pytest.mark.parametrize("every", [1, 2, 3, 8, 9, 50, 1000])
def test_positions_by_number_match_the_documents_read_one_by_one(every: int) -> None:
    # every=1: all credit notes; 2 and 3: many (one pass); 9, 50: few (one by one);
    # 8: exactly one in eight (the border, one by one); 1000: none but the first.
    snapshot = Snapshot(INTEGRATION, _documents(80, every))

    assert index_of(snapshot)._by_kind == _positions_one_by_one(snapshot)
    for position, document in enumerate(snapshot.documents):
        assert snapshot.document(document.ref) is document
        assert index_of(snapshot).position(document.kind, document.number) == position


def test_positions_by_number_give_way_when_two_documents_share_a_number() -> None:
    classes: list[type] = [Invoice, CreditNote, Invoice]

    assert positions_by_number(["7", "7", "8"], classes, 1) is None
    assert positions_by_number(["7", "9", "8"], classes, 1) == {
        DocumentKind.INVOICE: {"7": 0, "8": 2},
        DocumentKind.CREDIT_NOTE: {"9": 1},
    }


def test_an_invoice_and_a_credit_note_sharing_a_number_are_both_indexed() -> None:
    documents = [Invoice("7", DAY, 1), CreditNote("7", DAY, 1), Invoice("8", DAY, 2)]
    bookings = [Booking("70", 1, DAY, documents[0].ref), Booking("71", 1, DAY, documents[1].ref)]

    snapshot = Snapshot(INTEGRATION, documents, bookings=bookings)

    assert index_of(snapshot)._by_kind == _positions_one_by_one(snapshot)
    assert snapshot.booking_of(documents[1]) is bookings[1]
    assert snapshot.booking_of(documents[0]) is bookings[0]


@pytest.mark.parametrize("kind", [Invoice, CreditNote])
def test_a_document_listed_twice_is_refused_as_before(kind: type[Invoice | CreditNote]) -> None:
    documents = [*_documents(20, 5), kind("X", DAY), kind("X", DAY + dt.timedelta(days=1))]

    with pytest.raises(InconsistentInputError) as refused:
        Snapshot(INTEGRATION, documents)

    name = "invoice" if kind is Invoice else "credit note"
    assert str(refused.value) == (
        f"{name} X appears twice in the snapshot's documents (dated 2026-01-05 and "
        "2026-01-06); they are no copies: documents of two departments or administrations, "
        "whose numbers repeat (Teamleader numbers each department apart)? read one "
        "department's overview (its department column chooses one: department=, "
        "--department); if they are one document, keep the copy the invoicing tool shows"
    )


def test_subclassed_records_pass_the_type_check_and_others_are_named() -> None:
    class ImportedBooking(Booking):
        pass

    invoice = Invoice("1", DAY, 1)
    booking = ImportedBooking("70", 1, DAY, invoice.ref)

    assert Snapshot(INTEGRATION, [invoice], bookings=[booking]).booking_of(invoice) is booking
    with pytest.raises(InvalidTypeError, match=r"bookings\[1\]"):
        Snapshot(INTEGRATION, [invoice], bookings=[booking, invoice])  # type: ignore[list-item]
    with pytest.raises(InvalidTypeError, match=r"documents\[0\]"):
        Snapshot(INTEGRATION, [booking])  # type: ignore[list-item]


@pytest.mark.parametrize("count", [3, 20_001])
def test_the_bookings_numbers_are_kept_for_a_small_snapshot_only(count: int) -> None:
    documents = [Invoice(f"F{n}", DAY, n + 1) for n in range(count)]
    bookings = [Booking("70", n + 1, DAY, d.ref) for n, d in enumerate(documents)]

    snapshot = Snapshot(INTEGRATION, documents, bookings=bookings)

    assert (index_of(snapshot).booking_numbers is not None) is (count < 20_000)
    assert booking_numbers(snapshot) == tuple(range(1, count + 1))


def test_a_plan_is_the_same_with_the_bookings_numbers_kept_or_read_again() -> None:
    # A stale document (its booking #3 deleted) and one booked under its number
    # after it: the plan reads the bookings' numbers to find the collision.
    documents = [
        Invoice("1", DAY, 1),
        Invoice("2", DAY, 2),
        Invoice("3", DAY, 3),
        Invoice("4", DAY + dt.timedelta(days=1), 3),
    ]
    bookings = [Booking("70", n, DAY, documents[n - 1].ref) for n in (1, 2)]
    bookings.append(Booking("70", 3, documents[3].date, documents[3].ref))

    kept = Snapshot(INTEGRATION, documents, bookings=bookings)
    read_again = Snapshot(INTEGRATION, documents, bookings=bookings)
    index_of(read_again).booking_numbers = None

    plan = plan_repair(kept)
    assert plan.collisions  # the numbers were read
    assert plan == plan_repair(read_again)


@pytest.mark.parametrize("code", [" 70", "70 ", "", "7\u00e90", "\ud800"])
def test_a_journal_code_seen_valid_does_not_let_another_pass(code: str) -> None:
    from booking_reconcile import models

    Booking("70", 1, DAY)  # "70" is remembered as checked
    assert "70" in models._CODES_SEEN
    if code == "7\u00e90":  # text that is not ASCII, but a code: checked the slow way
        assert Booking(code, 1, DAY).journal == code
        assert code not in models._CODES_SEEN
        return
    with pytest.raises(InvalidValueError, match="journal"):
        Booking(code, 1, DAY)
    assert code not in models._CODES_SEEN


def test_journal_codes_remembered_are_few() -> None:
    from booking_reconcile import models

    for number in range(300):
        Booking(f"J{number}", 1, DAY)

    assert len(models._CODES_SEEN) <= 256
    assert Booking("J299", 1, DAY).journal == "J299"  # checked again, not remembered


class _ImportedInvoice(Invoice):
    pass


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([Invoice, CreditNote, _ImportedInvoice]), st.integers(0, 12)),
        max_size=40,
    )
)
def test_documents_are_indexed_or_refused_as_read_one_by_one(
    drawn: list[tuple[type[Invoice | CreditNote], int]],
) -> None:
    documents = [cls(f"N{number}", DAY) for cls, number in drawn]
    first: dict[tuple[DocumentKind, str], int] = {}
    twice = None
    for position, document in enumerate(documents):
        if first.setdefault(document.key, position) != position and twice is None:
            twice = document

    if twice is not None:
        with pytest.raises(InconsistentInputError, match=f"{twice.record_name()} appears twice"):
            Snapshot(INTEGRATION, documents)
        return
    snapshot = Snapshot(INTEGRATION, documents)
    assert index_of(snapshot)._by_kind == _positions_one_by_one(snapshot)
    assert [snapshot.journal_of(d) for d in documents] == [
        "70" if d.kind is DocumentKind.INVOICE else "71" for d in documents
    ]


class _Falsy(str):
    """A code whose truth value is False (a caller's ``str`` subclass): it is still a code."""

    def __bool__(self) -> bool:
        return False


def test_a_document_journal_counts_whatever_its_truth_value() -> None:
    documents = [Invoice("1", DAY, 1001, journal=_Falsy("72")), Invoice("2", DAY, 1002)]

    with pytest.raises(InconsistentInputError, match="invoice 1 uses journal '72'"):
        Snapshot(INTEGRATION, documents, [Journal("70"), Journal("71")], bookings=())
    snapshot = Snapshot(INTEGRATION, documents)
    assert "72" in snapshot.journal_codes
    assert snapshot.place_of(documents[0]).journal == "72"


class _Unhashable(type):
    """A metaclass of the caller's whose classes cannot be hashed."""

    def __eq__(cls, other: object) -> bool:
        return cls is other

    __hash__ = None  # type: ignore[assignment]


class _Stranger(metaclass=_Unhashable):
    pass


@pytest.mark.parametrize("field", ["documents", "bookings", "journals"])
def test_an_item_of_a_strange_class_is_named_as_of_the_wrong_type(field: str) -> None:
    invoice = Invoice("1", DAY)
    values: dict[str, Any] = {
        "documents": [invoice],
        "bookings": [Booking("70", 1, DAY)],
        "journals": [Journal("70")],
    }
    values[field] = [*values[field], _Stranger()]

    with pytest.raises(InvalidTypeError, match=rf"{field}\[1\]"):
        Snapshot(INTEGRATION, values["documents"], values["journals"], bookings=values["bookings"])


def test_an_undescribed_journal_keeps_its_code_as_given() -> None:
    class Code(str):
        pass

    code = Code("79")
    snapshot = Snapshot(INTEGRATION, [Invoice("1", DAY, 1, journal=code)])

    assert type(snapshot.journal("79").code) is Code
    assert snapshot.journal("70") is Snapshot(INTEGRATION, []).journal("70")  # shared, immutable


def _built_both_ways(documents: list[Any], bookings: list[Booking]) -> tuple[Snapshot, Snapshot]:
    """The snapshot with the classes the type check kept, and with them read again.

    With attrs' validators off the type check keeps nothing: the snapshot
    reads its documents' classes itself (the way of a subclass's records).
    """
    kept = Snapshot(INTEGRATION, documents, bookings=bookings)
    with attrs.validators.disabled():
        read_again = Snapshot(INTEGRATION, documents, bookings=bookings)
    return kept, read_again


def _indexed(snapshot: Snapshot) -> tuple[object, ...]:
    index = index_of(snapshot)
    return (
        dict(index._by_kind[DocumentKind.INVOICE].items()),
        dict(index._by_kind[DocumentKind.CREDIT_NOTE].items()),
        index._places,
        index.booking_places,
        tuple(index.links.document_of),
        tuple(index.links.booking_at),
        index.highest,
    )


@pytest.mark.parametrize("count", [0, 1, 80, 20_001])
@pytest.mark.parametrize("every", [1, 3, 10])
def test_the_classes_the_type_check_kept_index_as_those_read_again(count: int, every: int) -> None:
    # 20,001 documents: the large snapshot's sorted tables; fewer: dictionaries.
    documents = _documents(count, every)
    bookings = [
        Booking(
            "71" if document.kind is DocumentKind.CREDIT_NOTE else "70", n + 1, DAY, document.ref
        )
        for n, document in enumerate(documents)
        if n % 7
    ]

    kept, read_again = _built_both_ways(documents, bookings)

    assert _indexed(kept) == _indexed(read_again)
    assert plan_repair(kept) == plan_repair(read_again)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([Invoice, CreditNote]), st.integers(0, 30), st.booleans()),
        max_size=40,
        unique_by=lambda drawn: (drawn[0], drawn[1]),
    )
)
def test_the_kept_classes_give_the_snapshot_read_again(
    drawn: list[tuple[type[Invoice | CreditNote], int, bool]],
) -> None:
    documents = [cls(f"N{number}", DAY, number + 1) for cls, number, _ in drawn]
    bookings = [
        Booking("70" if d.kind is DocumentKind.INVOICE else "71", d.booking_number or 0, DAY, d.ref)
        for d, (_, _, booked) in zip(documents, drawn, strict=True)
        if booked
    ]
    # (Each kind numbers its own journal: no two bookings share a number and place.)
    kept, read_again = _built_both_ways(documents, bookings)

    assert _indexed(kept) == _indexed(read_again)
    assert plan_repair(kept) == plan_repair(read_again)


def test_validating_a_built_snapshot_again_leaves_its_index() -> None:
    documents = _documents(10, 3)
    snapshot = Snapshot(INTEGRATION, documents)
    before = _indexed(snapshot)

    attrs.validate(snapshot)

    assert _indexed(snapshot) == before
    assert snapshot.document(documents[4].ref) is documents[4]


def _highest_read_one_by_one(snapshot: Snapshot) -> dict[Any, int]:
    highest: dict[Any, int] = {}
    for booking in snapshot.bookings or ():
        place = snapshot.booking_place(booking)
        highest[place] = max(highest.get(place, 0), booking.booking_number)
    return highest


@pytest.mark.parametrize("count", [1, 30, 20_001])
@pytest.mark.parametrize("journals", [("70",), ("70", "71"), ("70", "71", "72")])
def test_the_highest_number_of_each_place_found_now_or_when_asked(
    count: int, journals: tuple[str, ...]
) -> None:
    # A small snapshot finds the highest numbers when first asked; 20,001
    # bookings, when built (it keeps no numbers to find them from later).
    bookings = [Booking(journals[n % len(journals)], count * 2 - n, DAY) for n in range(count)]
    snapshot = Snapshot(INTEGRATION, [], bookings=bookings)
    index = index_of(snapshot)

    assert (index._highest is None) is (count < 20_000)
    assert index.highest == _highest_read_one_by_one(snapshot)
    assert list(index.highest) == list(dict.fromkeys(index.booking_places))  # in order of use
    read_again = Snapshot(INTEGRATION, [], bookings=bookings)
    index_of(read_again).booking_numbers = None  # read from the bookings when asked
    assert index_of(read_again).highest == index.highest


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["70", "71", "72"]), st.integers(1, 40), st.integers(2024, 2026)),
        max_size=30,
        unique_by=lambda drawn: (drawn[0], drawn[1], drawn[2]),
    )
)
def test_the_highest_numbers_when_asked_are_those_of_every_booking(
    drawn: list[tuple[str, int, int]],
) -> None:
    # Journal 72 numbered per financial year: a place per year.
    bookings = [Booking(code, number, dt.date(year, 3, 1)) for code, number, year in drawn]
    journals = [Journal("70"), Journal("71"), Journal("72", Numbering.PER_FINANCIAL_YEAR)]
    try:
        snapshot = Snapshot(INTEGRATION, [], journals, bookings=bookings)
    except InconsistentInputError:  # one number twice in a continuous journal
        assert any(
            a[0] == b[0] != "72" and a[1] == b[1] for a, b in itertools.combinations(drawn, 2)
        )
        return

    unpickled = pickle.loads(pickle.dumps(snapshot))  # its state asks for the highest first
    assert index_of(unpickled).highest == _highest_read_one_by_one(snapshot)
    assert index_of(snapshot).highest == _highest_read_one_by_one(snapshot)


@pytest.mark.parametrize("count", [0, 1, 2, 80, 20_001])
@pytest.mark.parametrize("every", [1, 2, 3, 10])
@pytest.mark.parametrize("yearly", [False, True])
def test_the_places_from_the_credit_notes_positions_are_those_of_each_kind(
    count: int, every: int, yearly: bool
) -> None:
    # every=1: all credit notes, 2: half (the border), 3 and 10: fewer; a
    # journal numbered per financial year places each document by its date.
    documents = _documents(count, every)
    numbering = Numbering.PER_FINANCIAL_YEAR if yearly else Numbering.CONTINUOUS
    snapshot = Snapshot(INTEGRATION, documents, [Journal("70"), Journal("71", numbering)])
    index = index_of(snapshot)
    journal_of = {Invoice: "70", CreditNote: "71"}

    expected = index.placer.places_by_kind(
        list(map(type, documents)), journal_of, (d.date for d in documents)
    )
    assert index._places == expected
    assert list(expected) == [index.placer(journal_of[type(d)], d.date) for d in documents]
