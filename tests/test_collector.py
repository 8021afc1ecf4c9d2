"""Building records and snapshots pauses the cyclic garbage collector, and restores it."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator

import pytest

from booking_reconcile import (
    InputFormatError,
    Integration,
    Invoice,
    Snapshot,
    batch,
    read_documents,
    snapshot_from_dict,
)
from booking_reconcile._collector import collector_paused, pauses_collector


@pytest.fixture
def collections() -> Iterator[list[str]]:
    """The collector's runs while the test runs (from ``gc.callbacks``)."""
    runs: list[str] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            runs.append(phase)

    gc.callbacks.append(seen)
    try:
        yield runs
    finally:
        gc.callbacks.remove(seen)


def _documents(count: int) -> list[dict[str, object]]:
    return [
        {
            "kind": "invoice",
            "number": f"2026/{index}",
            "date": "2026-01-05",
            "booking_number": index,
        }
        for index in range(1, count + 1)
    ]


def test_building_a_snapshot_from_data_runs_no_collection(collections: list[str]) -> None:
    data = {"integration": {"invoice_journal": "70", "credit_note_journal": "71"}}
    data["documents"] = _documents(5_000)
    collections.clear()
    snapshot = snapshot_from_dict(data)
    runs = len(collections)
    assert len(snapshot.documents) == 5_000
    # 5,000 records and their snapshot would take several collections; at
    # most the one due when the collector runs again after building is seen.
    assert runs <= 1
    assert gc.isenabled()


def test_the_collector_runs_again_after_bad_input_is_refused() -> None:
    data = {"integration": {"invoice_journal": "70", "credit_note_journal": "71"}}
    data["documents"] = [*_documents(3), {"kind": "invoice", "number": "", "date": "2026-01-05"}]
    with pytest.raises(InputFormatError):
        snapshot_from_dict(data)
    assert gc.isenabled()
    assert batch.check_one({"documents": 1})["status"] == "error"
    assert gc.isenabled()
    with pytest.raises(InputFormatError):
        read_documents("kind,number\ninvoice,1\n")
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused() -> None:
    gc.disable()
    try:
        Snapshot(Integration("70", "71"), [Invoice("1", dt.date(2026, 1, 5), 7)])
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_paused_function_returns_its_result_and_restores_the_collector() -> None:
    @pauses_collector
    def enabled_inside(value: int) -> tuple[int, bool]:
        return value, gc.isenabled()

    assert enabled_inside(3) == (3, False)
    assert gc.isenabled()
