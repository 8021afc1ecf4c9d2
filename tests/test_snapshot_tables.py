"""A large snapshot finds its documents by number in sorted tables, as a small one in dictionaries.

From ``SORTED_FROM`` documents on (the library's two classes), each kind's
positions are kept sorted by number (:class:`NumberTable`: the documents' own
number texts and a machine integer each) instead of a dictionary holding an
integer object per position (issue 22, snapshot memory per document). Each
answer, refusal and message must be what the dictionaries give.
"""

from __future__ import annotations

import datetime as dt
import pickle
from array import array
from collections.abc import Mapping
from random import Random
from typing import Any

import attrs
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
    Snapshot,
    plan_repair,
)
from booking_reconcile import snapshot as snapshot_module
from booking_reconcile._index import SORTED_FROM, NumberTable, index_of
from booking_reconcile._linking import Links, _link_by_document, _link_in_order
from builders import shuffled_and_changed
from strategies import histories

DAY = dt.date(2026, 1, 5)
INTEGRATION = Integration(invoice_journal="70", credit_note_journal="71")


def _documents(count: int, order: str = "ascending") -> list[Invoice | CreditNote]:
    """``count`` documents, one in seven a credit note; some credit notes share an invoice's number.

    ``order``: the numbers ascending, descending or in no order (shuffled).
    """
    documents: list[Invoice | CreditNote] = []
    for n in range(count):
        day = DAY + dt.timedelta(days=n // 50)
        if n % 7 == 3:
            # The later credit notes are numbered as invoices are (Teamleader numbers apart).
            number = f"F{n - 1:06d}" if n > count // 2 else f"C{n:06d}"
            documents.append(CreditNote(number, day, n + 1))
        else:
            documents.append(Invoice(f"F{n:06d}", day, n + 1))
    if order == "descending":
        documents.reverse()
    elif order == "shuffled":
        Random(7).shuffle(documents)
    return documents


def _bookings(documents: list[Invoice | CreditNote]) -> list[Booking]:
    """A booking for each document but every hundredth (stale), and a manual one."""
    bookings = [
        Booking(
            "70" if d.kind is DocumentKind.INVOICE else "71", d.booking_number or 0, d.date, d.ref
        )
        for n, d in enumerate(documents)
        if n % 100 != 50
    ]
    bookings.append(Booking("70", 10**6, DAY))
    return bookings


def _positions_one_by_one(snapshot: Snapshot) -> dict[DocumentKind, dict[str, int]]:
    found: dict[DocumentKind, dict[str, int]] = {kind: {} for kind in DocumentKind}
    for position, document in enumerate(snapshot.documents):
        found[document.kind][document.number] = position
    return found


def _with_dictionaries(*args: Any, **kwargs: Any) -> Snapshot:
    """The snapshot built as a small one is: with dictionaries."""
    saved = snapshot_module.SORTED_FROM
    snapshot_module.SORTED_FROM = 10**12
    try:
        return Snapshot(*args, **kwargs)
    finally:
        snapshot_module.SORTED_FROM = saved


def _assert_alike(built: Snapshot, small: Snapshot) -> None:
    """``built`` answers every question by number as ``small`` (built with dictionaries) does."""
    index = index_of(built)
    assert built == small
    assert index._by_kind == _positions_one_by_one(built) == index_of(small)._by_kind
    assert index.links.__getstate__() == index_of(small).links.__getstate__()
    positions = index.positions
    booked = index.booked_keys()
    for position, document in enumerate(built.documents):
        assert index.position(document.kind, document.number) == position
        assert positions[document.key] == position
        assert built.document(document.ref) is document
        assert built.place_of(document) == small.place_of(document)
        assert built.booking_of(document) == small.booking_of(document)
        assert (document.key in booked) is (document.key in index_of(small).booked_keys())
    assert plan_repair(built) == plan_repair(small)


@pytest.mark.parametrize("order", ["ascending", "descending"])
def test_a_large_snapshot_finds_its_documents_in_sorted_tables(order: str) -> None:
    documents = _documents(SORTED_FROM + 10, order)
    bookings = _bookings(documents)

    built = Snapshot(INTEGRATION, documents, bookings=bookings)

    tables = index_of(built)._by_kind
    assert all(isinstance(table, NumberTable) for table in tables.values())
    _assert_alike(built, _with_dictionaries(INTEGRATION, documents, bookings=bookings))


def test_numbers_in_no_order_are_found_in_dictionaries() -> None:
    # Sorting numbers that come in no order costs about three times a dictionary.
    documents = _documents(SORTED_FROM + 10, "shuffled")

    built = Snapshot(INTEGRATION, documents, bookings=_bookings(documents))

    assert all(type(table) is dict for table in index_of(built)._by_kind.values())
    assert index_of(built)._by_kind == _positions_one_by_one(built)


def test_a_small_snapshot_keeps_its_dictionaries() -> None:
    documents = _documents(SORTED_FROM - 1)

    built = Snapshot(INTEGRATION, documents)

    assert all(type(table) is dict for table in index_of(built)._by_kind.values())


@pytest.mark.parametrize("kind", [Invoice, CreditNote])
@pytest.mark.parametrize("order", ["ascending", "shuffled"])
def test_a_document_listed_twice_in_a_large_snapshot_is_refused_as_in_a_small_one(
    kind: type[Invoice | CreditNote], order: str
) -> None:
    documents = _documents(SORTED_FROM + 10, order)
    documents[100:100] = [kind("X", DAY), kind("X", DAY + dt.timedelta(days=1))]
    documents.append(kind("F000009" if kind is Invoice else "C000010", DAY))  # later: not named

    with pytest.raises(InconsistentInputError) as large:
        Snapshot(INTEGRATION, documents)
    with pytest.raises(InconsistentInputError) as small:
        _with_dictionaries(INTEGRATION, documents)

    name = "invoice" if kind is Invoice else "credit note"
    assert str(large.value) == str(small.value)
    assert str(large.value).startswith(f"{name} X appears twice in the snapshot's documents")


def test_one_document_written_two_ways_in_a_large_snapshot_is_named_as_in_a_small_one() -> None:
    # The later copy is named, in the documents' order (the table holds the
    # numbers sorted: "F000501" before "f000501").
    documents = _documents(SORTED_FROM + 10)
    documents.insert(10, Invoice("f000501", DAY))

    with pytest.raises(InconsistentInputError) as large:
        Snapshot(INTEGRATION, documents)
    with pytest.raises(InconsistentInputError) as small:
        _with_dictionaries(INTEGRATION, documents)

    assert str(large.value) == str(small.value)
    assert "written 'f000501' and 'F000501'" in str(large.value)


def test_a_missing_document_is_refused_with_the_same_message() -> None:
    documents = _documents(SORTED_FROM + 10)
    built = Snapshot(INTEGRATION, documents)
    small = _with_dictionaries(INTEGRATION, documents)
    missing = DocumentRef(DocumentKind.CREDIT_NOTE, "F000000")  # an invoice's number only

    messages = []
    for one in (built, small):
        with pytest.raises(InconsistentInputError) as refused:
            one.document(missing)
        messages.append(str(refused.value))
        assert (DocumentKind.INVOICE, 5) not in index_of(one).positions  # not text: not there
        assert missing.key not in index_of(one).booked_keys()

    assert messages[0] == messages[1]
    assert "is not among the snapshot's documents" in messages[0]


def test_a_booking_naming_a_missing_document_is_refused_as_in_a_small_snapshot() -> None:
    documents = _documents(SORTED_FROM + 10)
    bookings = _bookings(documents)
    bookings[7] = attrs.evolve(bookings[7], document=DocumentRef(DocumentKind.INVOICE, "absent"))

    with pytest.raises(InconsistentInputError) as large:
        Snapshot(INTEGRATION, documents, bookings=bookings)
    with pytest.raises(InconsistentInputError) as small:
        _with_dictionaries(INTEGRATION, documents, bookings=bookings)

    assert str(large.value) == str(small.value)


@pytest.mark.parametrize("protocol", [0, 2, pickle.HIGHEST_PROTOCOL])
def test_a_large_snapshot_pickles_with_its_tables(protocol: int) -> None:
    documents = _documents(SORTED_FROM + 10)
    built = Snapshot(INTEGRATION, documents, bookings=_bookings(documents))

    again = pickle.loads(pickle.dumps(built, protocol=protocol))

    tables = index_of(again)._by_kind
    assert all(isinstance(table, NumberTable) for table in tables.values())
    # The tables hold the unpickled documents' own number texts.
    invoice = again.documents[0]
    assert tables[DocumentKind.INVOICE]._numbers[0] is invoice.number
    _assert_alike(again, built)


# -- the table itself ----------------------------------------------------------


def _table(positions: Mapping[str, int]) -> NumberTable:
    numbers = sorted(positions)
    return NumberTable(tuple(numbers), array("i", [positions[n] for n in numbers]))


def test_a_table_answers_as_a_dictionary() -> None:
    positions = {"F2": 0, "F10": 3, "A": 1, "F1": 2}
    table = _table(positions)

    assert table == positions
    assert len(table) == 4
    assert list(table) == sorted(positions)
    assert (table.get("F10"), table["A"], "F1" in table) == (3, 1, True)
    assert (table.get("F3"), table.get("F3", -1), "F3" in table) == (None, -1, False)
    assert (table.get(5), 5 in table) == (None, False)  # type: ignore[call-overload]
    with pytest.raises(KeyError):
        table["F3"]
    with pytest.raises(TypeError):  # a key no dictionary takes
        table.get([1])  # type: ignore[call-overload]
    assert pickle.loads(pickle.dumps(table)) == positions
    assert NumberTable((), array("i")).get("A") is None


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.text("ab1", min_size=1, max_size=4), st.integers(0, 10**6), max_size=20),
    st.lists(st.text("ab1", max_size=4), max_size=40),
)
def test_a_table_asked_in_any_order_answers_as_a_dictionary(
    positions: dict[str, int], asked: list[str]
) -> None:
    # The table looks first just after the number it found last.
    table = _table(positions)
    for number in [*asked, *positions, *reversed(list(positions))]:
        assert table.get(number) == positions.get(number)


# -- linking with tables ---------------------------------------------------------


def _links_of(built: Snapshot, by_kind: Any, bookings: list[Booking], link: Any) -> object:
    """What ``link`` makes of ``bookings`` over ``built``'s documents found in ``by_kind``."""
    index = index_of(built)
    places = [built.booking_place(booking) for booking in bookings]
    by_date = [
        index.placer(place.journal, document.date) for document, place in index.placed_documents()
    ]
    links = Links(len(built.documents), len(bookings))
    try:
        referenced = link(built.documents, by_kind, by_date, bookings, places, links)
    except InconsistentInputError as error:
        return str(error)
    return (list(links.booking_at), list(links.document_of), bytes(links.how), referenced)


@settings(max_examples=200, deadline=None)
@given(histories(), st.randoms(use_true_random=False), st.integers(0, 3))
def test_both_loops_link_alike_from_tables_and_dictionaries(
    built: Snapshot, random: Random, change: int
) -> None:
    bookings = shuffled_and_changed(built, random, change)
    dictionaries = index_of(built)._by_kind
    tables = {kind: _table(positions) for kind, positions in dictionaries.items()}

    expected = _links_of(built, dictionaries, bookings, _link_by_document)
    for link in (_link_by_document, _link_in_order):
        assert _links_of(built, tables, bookings, link) == expected
