"""Records and snapshots pickle without being checked again, and lose no field."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
from booking_reconcile import snapshot as snapshot_module
from booking_reconcile._index import index_of
from booking_reconcile.errors import InputFormatError
from booking_reconcile.evidence import linked_by_number
from booking_reconcile.evidence_kinds import missing_kinds
from booking_reconcile.serialize import snapshot_from_dict
from strategies import histories

SYNCED = dt.datetime(2026, 1, 6, 9, 30, tzinfo=dt.timezone.utc)
REF = DocumentRef(DocumentKind.CREDIT_NOTE, "C7")
#: One record of each class with every field set (none left at its default).
EVERY_FIELD_SET: tuple[Any, ...] = (
    Invoice("2026/1", dt.date(2026, 1, 5), 12, "72", SYNCED),
    CreditNote("C7", dt.date(2026, 1, 6), 3, "71", SYNCED),
    Booking("71", 3, dt.date(2026, 1, 6), REF, "C7", 2025),
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


def test_unpickling_does_not_check_the_records_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pickle data is trusted (unpickling runs code): what the library built and
    # checked travels as it was, without its checks, its index or its links made again.
    snapshot = _snapshot()
    others = (Journal("72", Numbering.PER_FINANCIAL_YEAR, 13, dt.date(2025, 12, 31)),)
    others += (Integration("70", "71", dt.date(2026, 1, 5), 4),)
    payloads = [pickle.dumps(snapshot), *(pickle.dumps(r) for r in EVERY_FIELD_SET + others)]

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a record was checked again while unpickled")

    for record in (Invoice, CreditNote, Booking, DocumentRef, Journal, Integration):
        monkeypatch.setattr(record, "__init__", refuse)
    monkeypatch.setattr(attrs, "validate", refuse)
    monkeypatch.setattr(Snapshot, "__attrs_post_init__", refuse)
    monkeypatch.setattr(snapshot_module, "link_bookings", refuse)
    again, *records = [pickle.loads(payload) for payload in payloads]
    assert again == snapshot
    assert tuple(records) == EVERY_FIELD_SET + others


# -- the unpickled snapshot behaves as the one built ---------------------------

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE_SNAPSHOTS = sorted(
    [*EXAMPLES.glob("*/snapshot.json"), *EXAMPLES.glob("nightly/administrations/*.json")]
)
PROTOCOLS = range(pickle.HIGHEST_PROTOCOL + 1)


def assert_behaves_alike(again: Snapshot, snapshot: Snapshot) -> None:
    """``again`` equals ``snapshot``, field by field, and every rule answers alike."""
    assert type(again) is Snapshot
    assert again == snapshot
    assert hash(again) == hash(snapshot)
    for field in attrs.fields(Snapshot):
        if field.name != "_index":
            assert getattr(again, field.name) == getattr(snapshot, field.name), field.name
    assert isinstance(again.labels, MappingProxyType)
    with pytest.raises(TypeError):
        again.labels["division"] = "changed"  # type: ignore[index]
    assert again.links == snapshot.links
    assert again.journal_codes == snapshot.journal_codes
    for document in snapshot.documents:
        assert again.place_of(document) == snapshot.place_of(document)
        assert again.booking_of(document) == snapshot.booking_of(document)
    index, built = index_of(again), index_of(snapshot)
    assert index.links.__getstate__() == built.links.__getstate__()
    assert index.manual == built.manual
    assert list(index.linked_bookings()) == list(built.linked_bookings())
    assert bookings_are_its_own(again)
    assert linked_by_number(again) == linked_by_number(snapshot)
    assert missing_kinds(again) == missing_kinds(snapshot)
    assert plan_repair(again).to_dict() == plan_repair(snapshot).to_dict()


@pytest.mark.parametrize(
    "path", EXAMPLE_SNAPSHOTS, ids=lambda path: path.parent.name + "/" + path.stem
)
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_an_example_snapshot_unpickles_equal_and_plans_alike(path: Path, protocol: int) -> None:
    snapshot = snapshot_from_dict(json.loads(path.read_text(encoding="utf-8")), source=str(path))
    assert_behaves_alike(pickle.loads(pickle.dumps(snapshot, protocol=protocol)), snapshot)


def _evidence_snapshot(*, link_by_number: bool) -> Snapshot:
    """Bookings linked every way (§3.8): by document, by reference, by number and date,
    named by a reference under another number, naming an unbooked document, and manual;
    with labels."""
    day = dt.date(2026, 1, 5)
    documents = [
        Invoice("2026 / 1", day, 1001),
        Invoice("2026/2", day, 1002),
        Invoice("2026/3", day, 1003),
        Invoice("2026/4", day, 1004),
        Invoice("2026/9", day, 1005),
        CreditNote("2026/9", day, 1006),
        Invoice("2026/10", day),
    ]
    bookings = [
        Booking("70", 1001, day, reference="2026-1"),  # mistyped: by number and date
        Booking("70", 1002, day, DocumentRef(DocumentKind.INVOICE, "2026/2")),
        Booking("70", 1003, day, reference="2026 / 3"),  # by reference
        Booking("70", 1009, day, reference="2026/4"),  # names 2026/4 under another number
        Booking("70", 1007, day, reference="2026/10"),  # names a document not booked
        Booking("70", 1008, day),  # manual
        Booking("70", 1006, day, DocumentRef(DocumentKind.CREDIT_NOTE, "2026/9")),
    ]
    return Snapshot(
        Integration("70", "70"),
        documents,
        [Journal("70", next_booking_number=1010)],
        bookings,
        bookings_complete=True,
        documents_complete=True,
        link_by_number=link_by_number,
        labels={"division": "1234567", "department": "Noord"},
    )


@pytest.mark.parametrize("link_by_number", [False, True])
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_links_and_evidence_of_an_unpickled_snapshot_are_the_built_ones(
    link_by_number: bool, protocol: int
) -> None:
    snapshot = _evidence_snapshot(link_by_number=link_by_number)
    links = index_of(snapshot).links
    # Every kind of link is here.
    assert links.named
    assert links.by_number
    again = pickle.loads(pickle.dumps(snapshot, protocol=protocol))
    assert_behaves_alike(again, snapshot)
    assert dict(again.labels) == {"division": "1234567", "department": "Noord"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(histories(), histories(with_bookings=False)),
    st.sampled_from(PROTOCOLS),
)
def test_a_generated_snapshot_unpickles_equal_and_plans_alike(
    snapshot: Snapshot, protocol: int
) -> None:
    assert_behaves_alike(pickle.loads(pickle.dumps(snapshot, protocol=protocol)), snapshot)


def test_the_unpickled_snapshot_is_pickled_again_alike() -> None:
    snapshot = _evidence_snapshot(link_by_number=True)
    once = pickle.loads(pickle.dumps(snapshot))
    assert_behaves_alike(pickle.loads(pickle.dumps(once)), snapshot)


def test_the_json_path_still_checks_what_pickle_trusts() -> None:
    # Untrusted input comes as JSON: snapshot_from_dict checks every record.
    data = _snapshot().to_dict()
    data["documents"][0]["number"] = " 2026/1"
    with pytest.raises(InputFormatError, match=r"documents\[0\]\.number"):
        snapshot_from_dict(data)


def test_a_snapshot_pickled_with_other_fields_is_refused_by_name() -> None:
    unpickle, args = _snapshot().__reduce__()
    args[3].pop()  # a document field fewer, as another version might have
    with pytest.raises(InputFormatError, match="Invoice records do not have 5 fields"):
        unpickle(*args)
