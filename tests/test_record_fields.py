"""Records own their copies: no field of any record is dropped on the way.

Every record of the input (documents, bookings, journals, the integration,
the snapshot) and of the plan (collisions, deletions, next numbers, sent
documents, double bookings, findings, the plan itself) is built here with
every field set to a value other than its default, from the table
:data:`VALUES`. A field the table does not know fails the first test, so a
new field must be given a value here; the other tests then show that the
simulation, pickling, the snapshot's JSON and the plan's JSON keep it.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import pickle
from typing import Any

import attrs
import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    CutoffPolicy,
    DocumentRef,
    Integration,
    Invoice,
    Journal,
    NextBookingNumber,
    Numbering,
    Place,
    RepairPlan,
    Sent,
    Snapshot,
    plan_repair,
    simulate_repair,
)
from booking_reconcile.collisions import Collision
from booking_reconcile.deletion import Deletion
from booking_reconcile.double_bookings import DoubleBooking
from booking_reconcile.findings import Finding

JANUARY_10 = dt.date(2026, 1, 10)
INVOICE = Invoice("2026/7", JANUARY_10, 7, "70", dt.datetime(2026, 1, 10, 9, 30))
OTHER = Invoice("2026/8", dt.date(2026, 1, 12), 7, "70", dt.datetime(2026, 1, 12, 9, 30))
CREDIT_NOTE = CreditNote("C7", dt.date(2026, 1, 11), 3, "71", dt.datetime(2026, 1, 11, 8, 0))
WAITING = Invoice("2026/9", dt.date(2026, 1, 13), None, "70", dt.datetime(2026, 1, 13, 8, 0))
BOOKING = Booking("70", 7, dt.date(2026, 1, 12), OTHER.ref, "2026/8")
BY_HAND = Booking("70", 9, dt.date(2026, 1, 14), None, "2026/8")
INTEGRATION = Integration("70", "71", dt.date(2025, 6, 1), 4)
JOURNALS = (
    Journal("70", Numbering.PER_FINANCIAL_YEAR, 12, dt.date(2025, 5, 31)),
    Journal("71", Numbering.PER_FINANCIAL_YEAR, 4, dt.date(2025, 5, 31)),
)
SNAPSHOT = Snapshot(
    INTEGRATION,
    [INVOICE, OTHER, CREDIT_NOTE, WAITING],
    JOURNALS,
    [BOOKING, BY_HAND, Booking("71", 3, CREDIT_NOTE.date, CREDIT_NOTE.ref, "C7")],
    bookings_complete=True,
    documents_complete=True,
    link_by_number=True,
    labels={"division": "1234567", "department": "Gent"},
)
PLACE = Place("70", 2025)
FINDING = Finding("a-rule", "a message", (INVOICE.ref,))

#: Each record class, with a value other than the default for each field.
VALUES: dict[type, dict[str, Any]] = {
    Invoice: {
        "number": "2026/7",
        "date": JANUARY_10,
        "booking_number": 7,
        "journal": "70",
        "synced_at": dt.datetime(2026, 1, 10, 9, 30),
    },
    CreditNote: {
        "number": "C7",
        "date": JANUARY_10,
        "booking_number": 3,
        "journal": "71",
        "synced_at": dt.datetime(2026, 1, 10, 9, 30),
    },
    DocumentRef: {"kind": CREDIT_NOTE.kind, "number": "C7"},
    Booking: {
        "journal": "70",
        "booking_number": 7,
        "date": JANUARY_10,
        "document": INVOICE.ref,
        "reference": "2026/7",
        "financial_year": 2025,
    },
    Journal: {
        "code": "70",
        "numbering": Numbering.PER_FINANCIAL_YEAR,
        "next_booking_number": 12,
        "locked_until": dt.date(2025, 5, 31),
    },
    Integration: {
        "invoice_journal": "70",
        "credit_note_journal": "71",
        "start_date": dt.date(2025, 6, 1),
        "financial_year_start_month": 4,
    },
    Snapshot: {
        "integration": INTEGRATION,
        "documents": SNAPSHOT.documents,
        "journals": JOURNALS,
        "bookings": SNAPSHOT.bookings,
        "bookings_complete": True,
        "documents_complete": True,
        "link_by_number": True,
        "labels": {"division": "1234567", "department": "Gent"},
    },
    Collision: {
        "journal": "70",
        "financial_year": 2025,
        "booking_number": 7,
        "documents": (INVOICE, OTHER),
        "holder": OTHER,
    },
    Deletion: {"journal": "70", "financial_year": 2025, "booking_number": 7, "document": OTHER},
    NextBookingNumber: {"journal": "70", "financial_year": 2025, "number": 8, "configured": 12},
    Sent: {"document": attrs.evolve(OTHER, booking_number=8), "place": PLACE},
    DoubleBooking: {
        "document": OTHER,
        "booking": BOOKING,
        "duplicate": BY_HAND,
        "place": PLACE,
        "booked_in": Place("70", 2024),
    },
    Finding: {"rule": "a-rule", "message": "a message", "documents": (INVOICE.ref,)},
    RepairPlan: {
        "policy": CutoffPolicy.REBOOK_DELETED,
        "integration": INTEGRATION,
        "collisions": (Collision("70", 2025, 7, (INVOICE, OTHER), OTHER),),
        "cutoff": JANUARY_10,
        "start_date": dt.date(2025, 6, 1),
        "deletions": (Deletion("70", 2025, 7, OTHER),),
        "to_reset": (INVOICE, OTHER),
        "next_numbers": (NextBookingNumber("70", 2025, 8, 12),),
        "sent": (Sent(attrs.evolve(INVOICE, booking_number=8), PLACE),),
        "double_bookings": (DoubleBooking(OTHER, BOOKING, BY_HAND, PLACE, Place("70", 2024)),),
        "earliest_booked": dt.date(2026, 1, 2),
        "warnings": (FINDING,),
        "blockers": (Finding("another-rule", "another message"),),
        "labels": {"division": "1234567", "department": "Gent"},
    },
}
RECORDS = pytest.mark.parametrize("cls", list(VALUES), ids=lambda cls: cls.__name__)


def build(cls: type) -> Any:
    return cls(**VALUES[cls])


def init_fields(cls: type) -> list[attrs.Attribute[Any]]:
    return [field for field in attrs.fields(cls) if field.init]


@RECORDS
def test_every_field_of_every_record_has_a_value_other_than_its_default(cls: type) -> None:
    assert [field.alias for field in init_fields(cls)] == list(VALUES[cls]), (
        f"give each field of {cls.__name__} a value in VALUES, in field order"
    )
    for field in init_fields(cls):
        assert VALUES[cls][field.alias] != field.default, f"{cls.__name__}.{field.name}"
    record = build(cls)
    for field in init_fields(cls):
        assert getattr(record, field.name) == VALUES[cls][field.alias], field.name


@RECORDS
def test_a_hand_written_init_takes_every_field_in_field_order(cls: type) -> None:
    # Records with a fast hand-written __init__ are rebuilt from their fields
    # in attrs' order (pickling): the signature must follow it.
    parameters = list(inspect.signature(cls).parameters)
    assert parameters == [field.alias for field in init_fields(cls)]


@RECORDS
def test_pickling_keeps_every_field(cls: type) -> None:
    record = build(cls)
    again = pickle.loads(pickle.dumps(record))
    assert again == record
    for field in init_fields(cls):
        assert getattr(again, field.name) == getattr(record, field.name), field.name


@pytest.mark.parametrize("document", [INVOICE, CREDIT_NOTE, WAITING], ids=str)
def test_renumbering_a_document_keeps_every_other_field(document: Invoice | CreditNote) -> None:
    renumbered = document.with_booking_number(99)
    assert renumbered == attrs.evolve(document, booking_number=99)
    assert type(renumbered) is type(document)
    for field in attrs.fields(type(document)):
        if field.name != "booking_number":
            assert getattr(renumbered, field.name) == getattr(document, field.name), field.name


def test_the_simulation_keeps_every_field_of_the_snapshot_and_its_records() -> None:
    plan = plan_repair(SNAPSHOT)
    after = simulate_repair(SNAPSHOT, plan)
    for field in init_fields(Snapshot):
        if field.name not in ("documents", "bookings", "journals"):
            assert getattr(after, field.name) == getattr(SNAPSHOT, field.name), field.name
    sent = after.document(WAITING.ref)
    assert sent.booking_number is not None
    assert sent == WAITING.with_booking_number(sent.booking_number)
    assert [document.with_booking_number(None) for document in after.documents] == [
        document.with_booking_number(None) for document in SNAPSHOT.documents
    ]
    deleted = {deletion.document.ref for deletion in plan.deletions}
    removed = {double.duplicate for double in plan.double_bookings}
    kept = [b for b in SNAPSHOT.bookings or () if b.document not in deleted and b not in removed]
    assert kept
    assert set(kept) <= set(after.bookings or ())
    for journal, before in zip(after.journals, JOURNALS, strict=True):
        assert journal == attrs.evolve(before, next_booking_number=journal.next_booking_number)


def test_the_snapshots_json_keeps_every_field() -> None:
    data = json.loads(json.dumps(SNAPSHOT.to_dict()))
    assert Snapshot.from_dict(data) == SNAPSHOT


def test_the_plans_json_keeps_every_field_of_the_plan_and_its_records() -> None:
    plan = build(RepairPlan)
    again = RepairPlan.from_dict(json.loads(json.dumps(plan.to_dict())))
    for field in init_fields(RepairPlan):
        assert getattr(again, field.name) == getattr(plan, field.name), field.name
    assert again == plan
