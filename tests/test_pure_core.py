"""The core reads no files, no clock, no environment and no network.

Two complementary proofs: a run of the whole pipeline under an audit hook
(every file, socket, process and environment access raises) with the clock
functions of ``time`` patched to fail; and a scan of the core's source for
the names through which a clock or the environment could be read without an
audit event (``date.today()``, ``datetime.now()``, ``os.environ``).
"""

from __future__ import annotations

import ast
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import booking_reconcile
from booking_reconcile import (
    Booking,
    CreditNote,
    CutoffPolicy,
    Integration,
    Invoice,
    Journal,
    Numbering,
    Snapshot,
    find_collision_risks,
    find_collisions,
    find_stale_documents,
    plan_repair,
    simulate_repair,
    verify_plan,
)
from booking_reconcile.readers import read_bookings, read_documents
from booking_reconcile.serialize import snapshot_from_dict, snapshot_to_dict

PACKAGE = Path(booking_reconcile.__file__).resolve().parent
#: The modules allowed to do I/O: the command line, its batch, its terminal and its files.
IO_MODULES = {
    "cli.py",
    "_cli_parser.py",
    "_cli_inputs.py",
    "batch_cli.py",
    "_terminal.py",
    "__main__.py",
    "_files.py",
}

_FORBIDDEN_EVENTS = (
    "open",
    "socket.",
    "subprocess.",
    "os.system",
    "os.exec",
    "os.spawn",
    "os.listdir",
    "os.scandir",
    "os.putenv",
    "os.unsetenv",
    "shutil.",
    "urllib.",
    "http.",
    "sqlite3.",
    "ctypes.",
)
_guard = {"on": False}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _guard["on"] and event.startswith(_FORBIDDEN_EVENTS):
        _guard["on"] = False
        raise AssertionError(f"the core performed I/O: audit event {event} {args!r}")


sys.addaudithook(_audit)


def _pipeline() -> str:
    """Everything a connector does, from raw text to a proven plan as JSON and Markdown."""
    documents = read_documents(
        "kind,number,date,booking_number\n"
        "invoice,A,2026-01-05,1001\n"
        "invoice,B,2026-01-06,1002\n"
        "invoice,C,2026-01-10,1002\n"
        "credit_note,K,2026-01-11,7\n"
        "invoice,D,2026-01-12,1003\n"
    )
    bookings = read_bookings(
        "journal,booking_number,date,document_kind,document_number\n"
        "70,1001,2026-01-05,invoice,A\n"
        "70,1002,2026-01-10,invoice,C\n"
        "70,1003,2026-01-12,invoice,D\n"
        "71,7,2026-01-11,credit_note,K\n"
        "70,1004,2026-01-13,,\n"
    )
    snapshot = Snapshot(
        Integration("70", "71", financial_year_start_month=4),
        documents,
        [
            Journal("70", locked_until=date(2025, 12, 31)),
            Journal("71", Numbering.PER_FINANCIAL_YEAR, next_booking_number=9),
        ],
        bookings,
    )
    snapshot = snapshot_from_dict(json.loads(json.dumps(snapshot_to_dict(snapshot))))
    find_collisions(snapshot)
    find_stale_documents(snapshot)
    find_collision_risks(snapshot)
    out = []
    for policy in CutoffPolicy:
        plan = plan_repair(snapshot, policy)
        assert verify_plan(snapshot, plan) == ()
        assert find_collisions(simulate_repair(snapshot, plan)) == ()
        out += [json.dumps(plan.to_dict()), plan.to_markdown(), str(plan)]
    extra = [CreditNote("K2", date(2026, 1, 20)), Invoice("E", date(2026, 1, 21))]
    plan_repair(Snapshot(snapshot.integration, snapshot.documents + tuple(extra)))
    assert Booking("70", 1, date(2026, 1, 1)).is_manual
    return "\n".join(out)


@pytest.fixture
def no_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> float:
        raise AssertionError("the core read the clock")

    for name in (
        "time",
        "time_ns",
        "monotonic",
        "monotonic_ns",
        "localtime",
        "gmtime",
        "perf_counter",
        "process_time",
    ):
        monkeypatch.setattr(time, name, refuse)


def test_core_pipeline_performs_no_io_and_reads_no_clock(no_clock: None) -> None:
    # A first run imports what the pipeline imports lazily (importing opens files).
    unguarded = _pipeline()
    _guard["on"] = True
    try:
        result = _pipeline()
    finally:
        _guard["on"] = False
    assert result == unguarded
    assert "Repair plan (keep-deleted)" in result
    assert "Repair plan (rebook-deleted)" in result


def test_the_audit_guard_does_catch_io() -> None:
    _guard["on"] = True
    with pytest.raises(AssertionError, match="audit event open"):
        open(__file__, encoding="utf-8").close()
    assert _guard["on"] is False


_CLOCK_AND_ENVIRONMENT = {"today", "now", "utcnow", "environ", "getenv", "time", "sleep"}


def _core_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name not in IO_MODULES)


@pytest.mark.parametrize("path", _core_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_source_names_no_clock_environment_or_file_access(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    offending = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in _CLOCK_AND_ENVIRONMENT:
            offending.append(f"line {node.lineno}: .{node.attr}")
        if isinstance(node, ast.Name) and node.id in {"open", "input", "print"}:
            offending.append(f"line {node.lineno}: {node.id}")
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [alias.name for alias in node.names]
            module = getattr(node, "module", None) or ""
            for name in [module, *names]:
                if name.split(".")[0] in {
                    "os",
                    "socket",
                    "subprocess",
                    "urllib",
                    "http",
                    "pathlib",
                    "shutil",
                    "time",
                    "sys",
                }:
                    offending.append(f"line {node.lineno}: import {name}")
    assert offending == []
