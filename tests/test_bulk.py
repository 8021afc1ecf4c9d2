"""A snapshot from rows of plain values (``booking_reconcile.bulk``, issue 22).

The rows build the records their constructors build, with the same checks and
messages; the collector is paused while they are built and runs again after,
also when a row is refused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from booking_reconcile import (
    Booking,
    BookingReconcileError,
    CreditNote,
    DocumentKind,
    DocumentRef,
    InconsistentInputError,
    Integration,
    InvalidTypeError,
    InvalidValueError,
    Invoice,
    Snapshot,
    bookings_from_rows,
    documents_from_rows,
    snapshot_from_rows,
)
from strategies import histories

DAY = dt.date(2026, 1, 5)
SYNCED = dt.datetime(2026, 1, 6, 9, 30, tzinfo=dt.timezone.utc)


def document_row(document: Any) -> tuple[Any, ...]:
    return (
        document.kind,
        document.number,
        document.date,
        document.booking_number,
        document.journal,
        document.synced_at,
    )


def booking_row(booking: Booking) -> tuple[Any, ...]:
    ref = booking.document
    return (
        booking.journal,
        booking.booking_number,
        booking.date,
        None if ref is None else ref.kind,
        None if ref is None else ref.number,
        booking.reference,
        booking.financial_year,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(histories(), histories(with_bookings=False)))
def test_a_snapshot_from_rows_equals_the_snapshot_of_its_records(snapshot: Snapshot) -> None:
    built = snapshot_from_rows(
        snapshot.integration,
        map(document_row, snapshot.documents),
        None if snapshot.bookings is None else map(booking_row, snapshot.bookings),
        snapshot.journals,
        bookings_complete=snapshot.bookings_complete,
        documents_complete=snapshot.documents_complete,
        link_by_number=snapshot.link_by_number,
        labels=snapshot.labels,
    )
    assert built == snapshot
    assert [built.place_of(d) for d in built.documents] == [
        snapshot.place_of(d) for d in snapshot.documents
    ]


def test_rows_of_every_length_build_the_records_their_constructors_build() -> None:
    assert documents_from_rows(
        [
            ("invoice", "A", DAY, 1),
            (DocumentKind.CREDIT_NOTE, "K", DAY, None, "71"),
            ("credit_note", "L", DAY, 2, None, SYNCED),
        ]
    ) == [
        Invoice("A", DAY, 1),
        CreditNote("K", DAY, None, "71"),
        CreditNote("L", DAY, 2, None, SYNCED),
    ]
    assert bookings_from_rows(
        [
            ("70", 1, DAY),
            ("70", 2, DAY, None, None),
            ("70", 3, DAY, "invoice", "A"),
            ("71", 4, DAY, DocumentKind.CREDIT_NOTE, "K", "K"),
            ("70", 5, DAY, None, None, "A", 2026),
        ]
    ) == [
        Booking("70", 1, DAY),
        Booking("70", 2, DAY),
        Booking("70", 3, DAY, DocumentRef(DocumentKind.INVOICE, "A")),
        Booking("71", 4, DAY, DocumentRef(DocumentKind.CREDIT_NOTE, "K"), "K"),
        Booking("70", 5, DAY, None, "A", 2026),
    ]


def test_a_snapshot_from_rows_without_bookings_has_none() -> None:
    snapshot = snapshot_from_rows(Integration("70", "71"), [("invoice", "A", DAY, 1)])
    assert snapshot.bookings is None
    assert snapshot.labels == {}


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        ([("order", "A", DAY, 1)], "document row 0: kind 'order' is not a document kind"),
        ([[], ("invoice", "A", DAY, 1)], "document row 0: kind None is not a document kind"),
        (
            [("invoice", "A", DAY, 1), ("invoice", "B", DAY)],
            "document row 1: row ('invoice', 'B', datetime.date(2026, 1, 5)) has 3 values; "
            "expected 4 to 6 values",
        ),
        ([(["invoice"], "A", DAY, 1)], "document row 0: kind ['invoice'] is not a document kind"),
    ],
)
def test_a_document_row_that_is_no_document_is_refused_naming_the_row(
    rows: list[Any], said: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        documents_from_rows(rows)
    assert said in str(caught.value)


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        ([("70", 1)], "booking row 0: row ('70', 1) has 2 values; expected 3 to 7 values"),
        (
            [("70", 1, DAY, "invoice")],
            "booking row 0: row ('70', 1, datetime.date(2026, 1, 5), 'invoice') has 4 values",
        ),
        ([("70", 1, DAY, "order", "A")], "booking row 0: kind 'order' is not a document kind"),
    ],
)
def test_a_booking_row_that_is_no_booking_is_refused_naming_the_row(
    rows: list[Any], said: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        bookings_from_rows(rows)
    assert said in str(caught.value)


def test_a_bad_value_in_a_row_gets_the_record_constructor_message() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        documents_from_rows([("invoice", "A", "2026-01-05", 1)])
    assert str(caught.value).startswith("invoice A: date '2026-01-05'")
    with pytest.raises(InconsistentInputError, match="appears twice in the snapshot's documents"):
        snapshot_from_rows(
            Integration("70", "71"), [("invoice", "A", DAY, 1), ("invoice", "A", DAY, 2)]
        )


def test_the_collector_runs_again_after_rows_are_built_or_refused() -> None:
    assert gc.isenabled()
    snapshot_from_rows(Integration("70", "71"), [("invoice", "A", DAY, 1)], [("70", 1, DAY)])
    assert gc.isenabled()
    with pytest.raises(InvalidValueError):
        documents_from_rows([("order", "A", DAY, 1)])
    assert gc.isenabled()


@pytest.mark.parametrize(
    ("rows", "error", "said"),
    [
        (5, InvalidTypeError, "documents: rows 5 is not iterable"),
        (["invoice"], InvalidTypeError, "document row 0: row 'invoice' is not a tuple or a list"),
        ([None], InvalidTypeError, "document row 0: row None is not a tuple or a list"),
        ([{"kind": "invoice"}], InvalidTypeError, "is not a tuple or a list"),
    ],
)
def test_documents_that_are_no_rows_are_refused_naming_them(
    rows: Any, error: type[Exception], said: str
) -> None:
    with pytest.raises(error) as caught:
        documents_from_rows(rows)
    assert said in str(caught.value)


def test_bookings_that_are_no_rows_are_refused_naming_them() -> None:
    with pytest.raises(InvalidTypeError, match="bookings: rows None is not iterable"):
        bookings_from_rows(None)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="booking row 1: row '70' is not a tuple or a list"):
        bookings_from_rows([("70", 1, DAY), "70"])


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=8),
    st.sampled_from(["invoice", "credit_note", DocumentKind.INVOICE, "70", DAY]),
    st.dates(),
    st.lists(st.integers(), max_size=2),
)
_ROWS = st.lists(
    st.one_of(
        st.lists(_VALUES, max_size=8), st.tuples(_VALUES, _VALUES, _VALUES, _VALUES), _VALUES
    ),
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(_ROWS, _ROWS)
def test_any_rows_give_records_or_the_librarys_own_error(documents: Any, bookings: Any) -> None:
    # Fuzzing: whatever the rows hold, the answer is records or an error of the
    # library's hierarchy (never a foreign exception), and the collector runs again.
    for build in (documents_from_rows, bookings_from_rows):
        with contextlib.suppress(BookingReconcileError):
            build(documents if build is documents_from_rows else bookings)
        assert gc.isenabled()


def test_rows_as_lists_and_named_tuples_build_what_tuples_build() -> None:
    # A data frame's itertuples() gives named tuples, a cursor may give lists:
    # each is read as the plain tuple of its values, in any mix.
    from collections import namedtuple

    DocumentRow = namedtuple("DocumentRow", "kind number date booking_number")
    BookingRow = namedtuple("BookingRow", "journal number date kind document")
    documents = [
        ("invoice", "A", DAY, 1001),
        ["credit_note", "C1", DAY, 1],
        DocumentRow(DocumentKind.INVOICE, "B", DAY, None),
    ]
    bookings = [
        ("70", 1001, DAY, "invoice", "A"),
        ["71", 1, DAY, "credit_note", "C1"],
        BookingRow("70", 1002, DAY, None, None),
    ]

    assert documents_from_rows(documents) == [
        Invoice("A", DAY, 1001),
        CreditNote("C1", DAY, 1),
        Invoice("B", DAY),
    ]
    assert bookings_from_rows(bookings) == [
        Booking("70", 1001, DAY, DocumentRef(DocumentKind.INVOICE, "A")),
        Booking("71", 1, DAY, DocumentRef(DocumentKind.CREDIT_NOTE, "C1")),
        Booking("70", 1002, DAY),
    ]


def test_a_refused_row_is_named_by_its_position_among_the_rows() -> None:
    # The position is counted from the records made before the row.
    rows: list[Any] = [("invoice", str(number), DAY, number) for number in range(1, 6)]
    rows.insert(3, ("invoice", "X", DAY))

    with pytest.raises(InvalidValueError, match=r"^document row 3: row \('invoice', 'X', "):
        documents_from_rows(rows)
    rows[3] = "invoice"
    with pytest.raises(InvalidTypeError, match=r"^document row 3: row 'invoice' is not a tuple"):
        documents_from_rows(rows)
    with pytest.raises(InvalidValueError, match=r"^booking row 4: row \('70',\) has 1 values"):
        bookings_from_rows([("70", n, DAY) for n in range(1, 5)] + [("70",)])
