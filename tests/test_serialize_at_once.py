"""The snapshot's records read at once: the same snapshot, or the same error, as one by one."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from booking_reconcile import batch, serialize
from booking_reconcile._json import json_data, plain_json_data
from booking_reconcile.errors import BookingReconcileError
from booking_reconcile.models import Booking, DocumentRef, Integration, Invoice
from booking_reconcile.serialize import snapshot_from_dict, snapshot_from_json, snapshot_to_dict
from booking_reconcile.snapshot import Snapshot
from test_serialize import full_snapshot, snapshots


def labelled() -> Snapshot:
    """The full snapshot with labels, a reference, and a colon in several texts."""
    snapshot = full_snapshot()
    documents = [*snapshot.documents, Invoice("A:1", dt.date(2026, 1, 13), 1004)]
    bookings = [
        *(snapshot.bookings or ()),
        Booking("70", 1004, dt.date(2026, 1, 13), DocumentRef(documents[-1].kind, "A:1")),
        Booking("70", 1005, dt.date(2026, 1, 14), reference="ref: 5"),
    ]
    return Snapshot(
        snapshot.integration,
        documents,
        snapshot.journals,
        bookings,
        labels={"division": "12:34", "a:b": "c"},
    )


def one_by_one(data: Any, source: str = "snapshot") -> Snapshot:
    return serialize._snapshot(serialize._records_one_by_one(data, source), source)


def outcome(read: Any, *args: Any) -> Any:
    """What ``read(*args)`` gives: the snapshot, or the error's class and message."""
    try:
        return read(*args)
    except BookingReconcileError as error:
        return (type(error).__name__, str(error))


@settings(max_examples=60, deadline=None)
@given(snapshots())
def test_data_as_written_is_read_at_once(snapshot: Snapshot) -> None:
    text = json.dumps(snapshot_to_dict(snapshot))
    data, records = serialize.read_snapshot_json(text, source="s.json")
    assert records is not None
    assert serialize.snapshot_from_records(data, records, source="s.json") == snapshot
    assert serialize._records_at_once(json.loads(text), "s.json") == records


def test_the_colons_of_a_text_as_written_are_the_datas() -> None:
    text = json.dumps(snapshot_to_dict(labelled()), indent=2)
    plain = plain_json_data(text)
    assert plain is not None
    records = serialize._records_at_once(plain[0], "s.json")
    assert records is not None
    assert records.colons == plain[1]
    assert snapshot_from_json(text) == labelled()


def _paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``value`` (keys and list positions)."""
    found = [at] if at else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*at, index))
    return found


_DATA = snapshot_to_dict(labelled())
_PATHS = _paths(_DATA)
_VALUES = st.sampled_from(
    [
        None,
        0,
        -1,
        True,
        1.5,
        2**70,
        10**25,
        "",
        " 70",
        "70",
        "Ω",
        "invoice",
        "credit_note",
        "2026-01-10",
        "2026-02-30",
        "20260110",
        "2026-W02-6",
        "0000-01-01",
        "2026-01-10T09:30:00",
        [],
        {},
        {"kind": "invoice", "number": "2026/3"},
        {"kind": "invoice"},
    ]
)


@st.composite
def changed_data(draw: st.DrawFn) -> Any:
    """The labelled snapshot's data with a few values replaced, keys dropped or added."""
    data = copy.deepcopy(_DATA)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_PATHS))
        parent = data
        try:
            for step in path[:-1]:
                parent = parent[step]
            action = draw(st.sampled_from(["replace", "drop", "add"]))
            if action == "replace":
                parent[path[-1]] = copy.deepcopy(draw(_VALUES))
            elif action == "drop" and isinstance(parent, dict):
                del parent[path[-1]]
            elif isinstance(parent, dict):
                parent[draw(st.sampled_from(["extra", "kind", "financial_year"]))] = copy.deepcopy(
                    draw(_VALUES)
                )
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the path
    return data


@settings(max_examples=400, deadline=None)
@given(changed_data())
def test_changed_data_reads_as_one_by_one(data: Any) -> None:
    expected = outcome(one_by_one, data, "s.json")
    assert outcome(lambda: snapshot_from_dict(data, source="s.json")) == expected
    text = json.dumps(data)
    strict = outcome(lambda: one_by_one(json_data(text, source="s.json"), "s.json"))
    assert outcome(lambda: snapshot_from_json(text, source="s.json")) == strict


def _twice(text: str, key: str, occurrence: int = 0) -> str:
    """``text`` with the ``occurrence``-th ``"key": value`` pair given twice in its object."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(f'"{key}": ', start + 1)
    end = start + len(f'"{key}": ')
    depth = 0
    while True:  # the value's end: a comma or brace at the pair's own depth
        char = text[end]
        if char in "[{":
            depth += 1
        elif char in "]}":
            if depth == 0:
                break
            depth -= 1
        elif char == "," and depth == 0:
            break
        end += 1
    pair = text[start:end]
    return f"{text[:end]}, {pair}{text[end:]}"


@pytest.mark.parametrize(
    ("key", "occurrence"),
    [
        ("format", 0),
        ("invoice_journal", 0),
        ("division", 0),
        ("number", 0),
        ("number", 3),
        ("synced_at", 0),
        ("booking_number", 4),
        ("document", 4),
        ("kind", 4),
        ("reference", 4),
        ("next_booking_number", 0),
        ("bookings", 0),
    ],
)
def test_a_key_given_twice_is_refused_as_strictly(key: str, occurrence: int) -> None:
    text = _twice(json.dumps(snapshot_to_dict(labelled())), key, occurrence)
    with pytest.raises(BookingReconcileError) as strict:
        json_data(text, source="s.json")
    assert outcome(lambda: snapshot_from_json(text, source="s.json")) == (
        "InputFormatError",
        str(strict.value),
    )
    answer = batch.check_one(text, source="s.json")
    assert (answer["status"], answer["message"]) == ("error", str(strict.value))


@pytest.mark.parametrize(
    "text",
    [
        '{"integration": {"invoice_journal": "70", "credit_note_journal": "71"}, '
        '"documents": [{"kind": "invoice", "number": "1", "date": "2026-01-10", '
        '"journal": "70", "journal": "70\\u003a"}]}',
        '{"integration": {"invoice_journal": "70", "credit_note_journal": "71"}, '
        '"documents": [{"kind": "invoice", "number": "1", "date": "2026-01-10"}], '
        '"labels": {"a": "\\ud83d\\ude00", "a" : "b"}}',
    ],
    ids=["escaped-colon", "surrogate-pair-and-space"],
)
def test_escapes_that_hide_a_colon_are_read_strictly(text: str) -> None:
    with pytest.raises(BookingReconcileError) as strict:
        json_data(text, source="s.json")
    assert outcome(lambda: snapshot_from_json(text, source="s.json")) == (
        "InputFormatError",
        str(strict.value),
    )


def test_the_batch_reads_text_and_data_alike() -> None:
    data = snapshot_to_dict(labelled())
    assert batch.check_one(json.dumps(data)) == batch.check_one(data)
    assert batch.check_one(json.dumps(data).encode()) == batch.check_one(data)


def test_irregular_but_valid_records_are_made_by_their_constructors() -> None:
    # Non-ASCII numbers, a journal on a document and spaces in the JSON miss
    # the bulk test; their constructors check them.
    snapshot = Snapshot(
        Integration("70", "71"),
        [Invoice("Ω1", dt.date(2026, 1, 10), 5, "70")],
        bookings=[Booking("70", 5, dt.date(2026, 1, 10), DocumentRef(Invoice.kind, "Ω1"))],
    )
    data = json.loads(json.dumps(snapshot_to_dict(snapshot)))
    records = serialize._records_at_once(data, "s")
    assert records is not None
    assert serialize._snapshot(records, "s") == snapshot
    assert snapshot_from_json(json.dumps(data, ensure_ascii=False, indent=1)) == snapshot


@pytest.mark.parametrize("year", [2026, None, "2026", True, -1, 10**30])
def test_a_booking_financial_year_is_read_at_once_as_one_by_one(year: Any) -> None:
    # The booking's own financial year (issue 19): read by the constructor on the
    # reading at once, so every value gives what the reading one by one gives.
    data = {
        "integration": {"invoice_journal": "70", "credit_note_journal": "71"},
        "documents": [{"kind": "invoice", "number": "A", "date": "2025-12-31"}],
        "bookings": [
            {"journal": "70", "booking_number": 1, "date": "2025-12-31", "financial_year": year}
        ],
    }
    expected = outcome(one_by_one, data, "s.json")
    assert outcome(lambda: snapshot_from_dict(data, source="s.json")) == expected
    if year not in (2026, None):
        assert expected[0] == "InputFormatError"
        assert "field 'bookings[0].financial_year'" in expected[1]
    if year == 2026:
        records = serialize._records_at_once(data, "s.json")
        assert records is not None
        assert records.bookings is not None
        assert records.bookings[0].financial_year == 2026
