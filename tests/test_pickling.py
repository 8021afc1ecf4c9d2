"""Records and snapshots pickle without being checked again, and lose no field."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import attrs
import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    DocumentKind,
    DocumentRef,
    Integration,
    Invoice,
    Journal,
    Numbering,
    Snapshot,
    plan_repair,
)
from booking_reconcile._index import index_of

SYNCED = dt.datetime(2026, 1, 6, 9, 30, tzinfo=dt.timezone.utc)
REF = DocumentRef(DocumentKind.CREDIT_NOTE, "C7")
#: One record of each class with every field set (none left at its default).
EVERY_FIELD_SET: tuple[Any, ...] = (
    Invoice("2026/1", dt.date(2026, 1, 5), 12, "72", SYNCED),
    CreditNote("C7", dt.date(2026, 1, 6), 3, "71", SYNCED),
    Booking("71", 3, dt.date(2026, 1, 6), REF, "C7"),
    REF,
)


@pytest.mark.parametrize("record", EVERY_FIELD_SET, ids=lambda r: type(r).__name__)
def test_every_field_of_a_record_survives_pickling(record: Any) -> None:
    # Walks attrs.fields, so a field added to a record is covered here.
    fields = attrs.fields(type(record))
    assert all(getattr(record, field.name) != field.default for field in fields)
    again = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(again) is type(record)
    for field in fields:
        assert getattr(again, field.name) == getattr(record, field.name), field.name
    assert again == record
    assert hash(again) == hash(record)


def _snapshot() -> Snapshot:
    day = dt.date(2026, 1, 5)
    documents = [
        Invoice("2026/1", day, 1),
        Invoice("2026/2", day, 1),
        Invoice("2026/3", day, 12, "72", SYNCED),
        CreditNote("C7", day, 3),
        Invoice("2026/4", day),
    ]
    bookings = [
        Booking("70", 1, day, DocumentRef(DocumentKind.INVOICE, "2026/2"), "2026/2"),
        Booking("70", 2, day),  # manual
        Booking("72", 12, day, DocumentRef(DocumentKind.INVOICE, "2026/3")),
        Booking("71", 3, day, REF),
    ]
    journals = [Journal("70"), Journal("71"), Journal("72", Numbering.PER_FINANCIAL_YEAR)]
    return Snapshot(
        Integration("70", "71", start_date=day),
        documents,
        journals,
        bookings,
        bookings_complete=True,
    )


def test_every_field_of_a_snapshot_survives_pickling_and_its_index_answers_alike() -> None:
    snapshot = _snapshot()
    again = pickle.loads(pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL))
    for field in attrs.fields(Snapshot):
        if field.name != "_index":
            assert getattr(again, field.name) == getattr(snapshot, field.name), field.name
    assert again == snapshot
    for document in again.documents:
        assert again.place_of(document) == snapshot.place_of(document)
        assert again.booking_of(document) == snapshot.booking_of(document)
    # The manual bookings are the unpickled snapshot's own records.
    assert bookings_are_its_own(again)
    assert plan_repair(again).to_dict() == plan_repair(snapshot).to_dict()


def bookings_are_its_own(snapshot: Snapshot) -> bool:
    own = {id(booking) for booking in snapshot.bookings or ()}
    return all(id(booking) in own for booking, _ in index_of(snapshot).manual)


@pytest.mark.parametrize("bookings", [None, (), "manual only"])
def test_a_snapshot_without_bookings_or_without_references_pickles_equal(bookings: Any) -> None:
    documents = [Invoice("1", dt.date(2026, 1, 5), 7)]
    if bookings == "manual only":
        bookings = [Booking("70", 7, dt.date(2026, 1, 5))]
    snapshot = Snapshot(Integration("70", "71"), documents, bookings=bookings)
    again = pickle.loads(pickle.dumps(snapshot))
    assert again == snapshot
    assert again.bookings == snapshot.bookings


@pytest.mark.xfail(
    strict=True,
    reason="issue 22: the trusted unpickling path is not merged yet; a pickled snapshot "
    "is rebuilt with its records' checks and its index",
)
def test_unpickling_does_not_check_the_records_again(monkeypatch: pytest.MonkeyPatch) -> None:
    snapshot = _snapshot()
    payloads = [pickle.dumps(snapshot), *(pickle.dumps(r) for r in EVERY_FIELD_SET)]

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a record was checked again while unpickled")

    for record in (Invoice, CreditNote, Booking, DocumentRef):
        monkeypatch.setattr(record, "__init__", refuse)
    monkeypatch.setattr(attrs, "validate", refuse)
    monkeypatch.setattr(Snapshot, "__attrs_post_init__", refuse)
    again, *records = [pickle.loads(payload) for payload in payloads]
    assert again == snapshot
    assert tuple(records) == EVERY_FIELD_SET
