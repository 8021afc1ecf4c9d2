"""Snapshots to JSON-ready data and back: exact round trips, and refused shapes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from booking_reconcile.errors import InconsistentInputError, InputFormatError
from booking_reconcile.models import (
    Booking,
    CreditNote,
    Document,
    DocumentKind,
    DocumentRef,
    Integration,
    Invoice,
    Journal,
    Numbering,
)
from booking_reconcile.readers import parse_timestamp
from booking_reconcile.serialize import snapshot_from_dict, snapshot_from_json, snapshot_to_dict
from booking_reconcile.snapshot import Snapshot

JAN_10 = dt.date(2026, 1, 10)


def full_snapshot() -> Snapshot:
    invoice = Invoice("2026/3", JAN_10, 1002, synced_at=dt.datetime(2026, 1, 10, 9, 30))
    credit_note = CreditNote("C1", dt.date(2026, 1, 11), 7, "72", dt.datetime(2026, 1, 11, 8))
    unbooked = Invoice("2026/4", dt.date(2026, 1, 12))
    return Snapshot(
        Integration("70", "71", dt.date(2025, 7, 1), 7),
        [invoice, credit_note, unbooked],
        [
            Journal("70", Numbering.PER_FINANCIAL_YEAR, 1003, dt.date(2025, 12, 31)),
            Journal("71"),
            Journal("72"),
        ],
        [
            Booking("70", 1002, JAN_10, invoice.ref),
            Booking("72", 7, dt.date(2026, 1, 11), credit_note.ref),
            Booking("70", 1003, JAN_10),
        ],
    )


def test_round_trip_through_json() -> None:
    snapshot = full_snapshot()
    text = json.dumps(snapshot_to_dict(snapshot))
    assert snapshot_from_dict(json.loads(text)) == snapshot


def test_shape() -> None:
    data = snapshot_to_dict(full_snapshot())
    assert data["format"] == "booking_reconcile.snapshot"
    assert data["version"] == 1
    assert data["integration"] == {
        "invoice_journal": "70",
        "credit_note_journal": "71",
        "start_date": "2025-07-01",
        "financial_year_start_month": 7,
    }
    assert data["journals"][0] == {
        "code": "70",
        "numbering": "per_financial_year",
        "next_booking_number": 1003,
        "locked_until": "2025-12-31",
    }
    assert data["documents"][1] == {
        "kind": "credit_note",
        "number": "C1",
        "date": "2026-01-11",
        "booking_number": 7,
        "journal": "72",
        "synced_at": "2026-01-11T08:00:00",
    }
    assert data["bookings"][0] == {
        "journal": "70",
        "booking_number": 1002,
        "date": "2026-01-10",
        "document": {"kind": "invoice", "number": "2026/3"},
        "reference": None,
    }
    assert data["bookings"][2]["document"] is None
    assert data["bookings_complete"] is False


def test_reference_and_bookings_complete_round_trip() -> None:
    snapshot = attrs.evolve(
        full_snapshot(),
        bookings=[
            Booking(
                "70",
                1002,
                dt.date(2026, 1, 10),
                DocumentRef(DocumentKind.INVOICE, "2026/3"),
                "2026/3",
            ),
            Booking("70", 1005, dt.date(2026, 1, 12), None, "2026/3"),
        ],
        bookings_complete=True,
    )
    data = snapshot_to_dict(snapshot)
    assert data["bookings_complete"] is True
    assert [booking["reference"] for booking in data["bookings"]] == ["2026/3", "2026/3"]
    assert snapshot_from_dict(json.loads(json.dumps(data))) == snapshot
    assert snapshot_from_json(json.dumps(data)) == snapshot


def test_reference_and_bookings_complete_are_optional_on_reading() -> None:
    data = snapshot_to_dict(full_snapshot())
    del data["bookings_complete"]
    for booking in data["bookings"]:
        del booking["reference"]
    snapshot = snapshot_from_dict(data)
    assert snapshot == full_snapshot()
    assert snapshot.bookings_complete is False
    assert {booking.reference for booking in snapshot.bookings or ()} == {None}


@pytest.mark.parametrize(
    ("bookings", "expected"),
    [
        pytest.param(None, None, id="unknown"),
        pytest.param([], (), id="none-held"),
    ],
)
def test_unknown_and_empty_bookings_stay_apart(
    bookings: list[Booking] | None, expected: tuple[Booking, ...] | None
) -> None:
    snapshot = Snapshot(Integration("70", "71"), [], bookings=bookings)
    data = snapshot_to_dict(snapshot)
    assert snapshot_from_dict(data).bookings == expected


def test_optional_keys_may_be_left_out() -> None:
    data = {
        "integration": {"invoice_journal": "70", "credit_note_journal": "71"},
        "documents": [{"kind": "invoice", "number": "A", "date": "2026-01-10"}],
    }
    assert snapshot_from_dict(data) == Snapshot(
        Integration("70", "71"), [Invoice("A", JAN_10)], bookings=None
    )


def test_aware_sync_times_round_trip() -> None:
    brussels = dt.timezone(dt.timedelta(hours=1))
    snapshot = Snapshot(
        Integration("70", "71"),
        [Invoice("A", JAN_10, 1, synced_at=dt.datetime(2026, 1, 10, 9, 30, 5, 123, brussels))],
    )
    back = snapshot_from_dict(json.loads(json.dumps(snapshot_to_dict(snapshot))))
    assert back == snapshot
    assert back.documents[0].synced_at == snapshot.documents[0].synced_at


def good() -> dict[str, Any]:
    return snapshot_to_dict(full_snapshot())


def changed(path: str, value: Any) -> dict[str, Any]:
    data = good()
    *parents, last = path.split(".")
    target: Any = data
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is _DELETE:
        del target[last]
    else:
        target[last] = value
    return data


_DELETE = object()


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        pytest.param([], None, "is a list, not an object", id="list"),
        pytest.param(None, None, "is a null, not an object", id="null"),
        pytest.param(changed("documents", _DELETE), "documents", "is missing", id="no-documents"),
        pytest.param(changed("documents", {}), "documents", "is a dict, not a list", id="docs"),
        pytest.param(changed("extra", 1), "extra", "is not a known key", id="unknown-key"),
        pytest.param(changed("format", "plan"), "format", "is not", id="format"),
        pytest.param(changed("version", 2), "version", "is not a version", id="version"),
        pytest.param(changed("version", True), "version", "is not a version", id="version-bool"),
        pytest.param(
            changed("integration", "70"), "integration", "is a str, not an object", id="integration"
        ),
        pytest.param(
            changed("integration.financial_year_start_month", 13),
            "integration.financial_year_start_month",
            "is not a month",
            id="month-13",
        ),
        pytest.param(
            changed("integration.start_date", "01-07-2025"),
            "integration.start_date",
            "expected YYYY-MM-DD",
            id="start-date-form",
        ),
        pytest.param(
            changed("documents.0.kind", "order"), "documents[0].kind", "not one of", id="kind"
        ),
        pytest.param(
            changed("documents.0.date", "2026-02-30"),
            "documents[0].date",
            "is not a calendar date",
            id="impossible-date",
        ),
        pytest.param(
            changed("documents.0.date", 20260110), "documents[0].date", "not a string", id="date"
        ),
        pytest.param(
            changed("documents.0.booking_number", "1002"),
            "documents[0].booking_number",
            "is not an integer",
            id="number-text",
        ),
        pytest.param(
            changed("documents.0.booking_number", 0),
            "documents[0].booking_number",
            "is not a positive integer",
            id="number-zero",
        ),
        pytest.param(
            changed("documents.0.booking_number", True),
            "documents[0].booking_number",
            "is not an integer",
            id="number-bool",
        ),
        pytest.param(
            changed("documents.0.number", " "), "documents[0].number", "is empty", id="blank"
        ),
        pytest.param(
            changed("documents.0.synced_at", "yesterday"),
            "documents[0].synced_at",
            "not an ISO 8601",
            id="synced-at",
        ),
        pytest.param(
            changed("documents.0.amount", 5), "documents[0].amount", "not a known key", id="extra"
        ),
        pytest.param(
            changed("journals.0.numbering", "yearly"),
            "journals[0].numbering",
            "not one of",
            id="numbering",
        ),
        pytest.param(
            changed("bookings.0.document", {"kind": "invoice"}),
            "bookings[0].document.number",
            "is missing",
            id="ref-number-missing",
        ),
        pytest.param(
            changed("bookings.1.journal", 72),
            "bookings[1].journal",
            "is not text",
            id="booking-journal-number",
        ),
    ],
)
def test_refused_shapes(data: Any, field: str | None, reason: str) -> None:
    with pytest.raises(InputFormatError, match=reason) as caught:
        snapshot_from_dict(data, source="snapshot.json")
    assert caught.value.source == "snapshot.json"
    assert caught.value.field == field


def test_contradicting_records_name_the_source() -> None:
    data = good()
    data["documents"].append(data["documents"][0])
    with pytest.raises(InconsistentInputError, match=r"^snapshot.json: invoice 2026/3 appears"):
        snapshot_from_dict(data, source="snapshot.json")


# -- a small hypothesis round trip ---------------------------------------------

_days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
_codes = st.sampled_from(["70", "71", "72"])
_numbers = st.integers(min_value=1, max_value=2**63 - 1)


@st.composite
def snapshots(draw: st.DrawFn) -> Snapshot:
    kinds = draw(st.lists(st.sampled_from([Invoice, CreditNote]), max_size=6))
    naive = draw(st.booleans())
    zone = None if naive else dt.timezone(dt.timedelta(minutes=draw(st.integers(-720, 720))))
    documents: list[Document] = []
    for index, kind in enumerate(kinds):
        synced = draw(st.none() | st.datetimes(timezones=st.just(zone) if zone else st.none()))
        documents.append(
            kind(
                f"{kind.kind.value[0].upper()}{index}",
                draw(_days),
                draw(st.none() | _numbers),
                draw(st.none() | _codes),
                synced,
            )
        )
    journals = [
        Journal(
            code,
            draw(st.sampled_from(list(Numbering))),
            draw(st.none() | _numbers),
            draw(st.none() | _days),
        )
        for code in ("70", "71", "72")
    ]
    integration = Integration(
        draw(_codes), draw(_codes), draw(st.none() | _days), draw(st.integers(1, 12))
    )
    bookings = None
    if draw(st.booleans()):
        manual = draw(
            st.lists(st.tuples(_codes, _numbers, _days), max_size=4, unique_by=lambda x: x[1])
        )
        bookings = [Booking(code, number, day) for code, number, day in manual]
    return Snapshot(integration, documents, journals if draw(st.booleans()) else (), bookings)


@settings(max_examples=75, deadline=None)
@given(snapshots())
def test_round_trip_law(snapshot: Snapshot) -> None:
    data = json.loads(json.dumps(snapshot_to_dict(snapshot)))
    assert snapshot_from_dict(data) == snapshot
    assert snapshot_to_dict(snapshot_from_dict(data)) == data


def one_document_json(**fields: Any) -> str:
    document = {"kind": "invoice", "number": "2026/3", "date": "2026-01-10", **fields}
    data = {
        "integration": {"invoice_journal": "70", "credit_note_journal": "71"},
        "documents": [document],
    }
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "line", "field", "reason"),
    [
        pytest.param(
            one_document_json(booking_number=0).replace(": 0", ": " + "9" * 4300),
            None,  # a text of one line is not placed by its line (as not-json)
            None,
            "holds an integer of 4300 digits",
            id="integer-4300-digits",
        ),
        pytest.param(
            one_document_json(booking_number=0).replace(": 0", ": " + "9" * 25),
            None,
            None,
            "holds an integer of 25 digits",
            id="integer-25-digits",
        ),
        pytest.param(
            one_document_json(booking_number=0)
            .replace('"documents"', '\n"documents"')
            .replace(": 0", ": " + "9" * 25),
            2,
            None,
            "holds an integer of 25 digits",
            id="integer-25-digits-line-2",
        ),
        pytest.param(
            one_document_json(number="\ud800"),
            None,
            "documents[0].number",
            "lone surrogate",
            id="lone-surrogate",
        ),
        pytest.param(
            '{"documents": [], "documents": []}',
            None,
            "documents",
            "is given twice",
            id="key-twice",
        ),
        pytest.param('{"documents": [}', None, None, "is not valid JSON", id="not-json"),
        pytest.param('{\n"documents": [}', 2, None, "is not valid JSON", id="not-json-line-2"),
        pytest.param("[" * 100_000, None, None, "too deeply", id="too-deep"),
        pytest.param(
            one_document_json(synced_at="2026-01-10T24:00"),
            None,
            "documents[0].synced_at",
            "is not a moment that exists",
            id="hour-24",
        ),
    ],
)
def test_snapshot_from_json_refuses(
    text: str, line: int | None, field: str | None, reason: str
) -> None:
    with pytest.raises(InputFormatError, match=reason) as caught:
        snapshot_from_json(text, source="s.json")
    assert (caught.value.source, caught.value.line, caught.value.field) == ("s.json", line, field)
    assert "\n" not in str(caught.value)
    assert len(str(caught.value)) < 400


@pytest.mark.parametrize(
    "synced_at",
    ["2026-01-10T09:30:00+0100", "2026-01-10T09:30:00+01:00", "2026-01-10 09:30Z"],
)
def test_json_and_csv_read_sync_times_alike(synced_at: str) -> None:
    (document,) = snapshot_from_json(one_document_json(synced_at=synced_at)).documents
    assert document.synced_at == parse_timestamp(synced_at, source="x.csv")


@pytest.mark.parametrize("value", [1, "true", [], {}])
def test_bookings_complete_must_be_true_or_false(value: Any) -> None:
    data = snapshot_to_dict(full_snapshot())
    data["bookings_complete"] = value
    with pytest.raises(InputFormatError, match="is not true or false") as caught:
        snapshot_from_dict(data, source="s.json")
    assert caught.value.field == "bookings_complete"
