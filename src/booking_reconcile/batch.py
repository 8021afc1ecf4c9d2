"""Many administrations at once: snapshots as data in, plain dicts out, on every core.

A connector vendor checks each customer administration every night. Each
administration is one snapshot as data — the dict :meth:`Snapshot.to_dict`
writes, or the JSON text of one — and its answer is one plain dict, ready
for ``json.dumps``:

>>> import json
>>> from datetime import date
>>> from booking_reconcile import Integration, Invoice, Snapshot
>>> clean = Snapshot(Integration("70", "71"), [Invoice("1", date(2026, 1, 5), 7)], bookings=())
>>> double = Snapshot(Integration("70", "70"), [
...     Invoice("A", date(2026, 1, 5), 1001), Invoice("B", date(2026, 1, 6), 1001)])
>>> for answer in check_many([clean.to_dict(), json.dumps(double.to_dict()), {}], workers=1):
...     print(answer["status"], answer.get("collisions"), answer.get("error"))
found [] None
found ['The invoices A and B have the same booking number (#1001 in journal 70; holder invoice B)'] None
error None InputFormatError

(The clean snapshot's one document is *stale*: its booking is not among the
bookings, so it is ``found`` too.) :func:`check_one` answers one snapshot;
:func:`check_many` answers many, in their order, as they come:
``workers=1`` in this process, otherwise in a pool of processes
(:class:`concurrent.futures.ProcessPoolExecutor`, one per core by default)
that receives the data — never a built snapshot, which costs more to send
than to build — a chunk at a time, with a bounded number of chunks in flight,
so an endless stream of snapshots runs in bounded memory.

Like the rest of the core, this module reads no files: the command line
(``booking-reconcile check --batch``) reads them and hands the data over.
docs/recipes.md shows the same function on Dask and Spark.
"""

from __future__ import annotations

__all__ = ["check_many", "check_one"]

import json
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import count, islice
from typing import Any

from ._collector import pauses_collector
from .collisions import find_collisions
from .errors import BookingReconcileError, InputFormatError, UnsoundPlanError
from .plan import plan_repair
from .serialize import snapshot_from_dict
from .stale import find_collision_risks, find_stale_documents


@pauses_collector
def check_one(snapshot: Mapping[str, Any] | str, *, source: str = "snapshot") -> dict[str, Any]:
    """The answer for one administration: its snapshot as data, or as JSON text.

    ``status`` is ``"clean"`` (no collision, no stale document), ``"found"``
    (then ``collisions`` and ``stale`` list them and ``plan`` sums up the
    repair when something collides) or ``"error"`` (bad input: ``error`` names
    the error's class and ``message`` says what is wrong; ``"defect"`` for a
    plan that failed its own proof, a defect of the library).
    """
    try:
        data = _data(snapshot, source)
        built = snapshot_from_dict(data, source=source)
        collisions = find_collisions(built)
        stale = find_stale_documents(built) if built.has_bookings else ()
        risks = {document.key for document in find_collision_risks(built)} if stale else set()
        answer: dict[str, Any] = {
            "status": "found" if collisions or stale else "clean",
            "documents": len(built.documents),
            "bookings": None if built.bookings is None else len(built.bookings),
            "collisions": [collision.describe() for collision in collisions],
            "stale": [
                {
                    "document": document.record_name(),
                    "booking_number": document.booking_number,
                    "place": str(built.place_of(document)),
                    "risk": document.key in risks,
                }
                for document in stale
            ],
        }
        if collisions:
            plan = plan_repair(built)
            answer["plan"] = {
                "cutoff": None if plan.cutoff is None else plan.cutoff.isoformat(),
                "to_reset": len(plan.to_reset),
                "to_delete": len(plan.deletions),
                "next_numbers": [str(number) for number in plan.next_numbers],
                "warnings": len(plan.warnings),
                "blockers": [str(blocker) for blocker in plan.blockers],
                "feasible": plan.feasible,
            }
        return answer
    except UnsoundPlanError as error:
        return {"status": "defect", "error": type(error).__name__, "message": str(error)}
    except BookingReconcileError as error:
        return {"status": "error", "error": type(error).__name__, "message": str(error)}


def _data(snapshot: Mapping[str, Any] | str, source: str) -> Any:
    if not isinstance(snapshot, str):
        return snapshot
    try:
        return json.loads(snapshot)
    except json.JSONDecodeError as error:
        problem = f"is not valid JSON ({error.msg} at column {error.colno})"
        raise InputFormatError(source, problem, line=error.lineno) from None
    except RecursionError:
        raise InputFormatError(source, "nests lists or objects too deeply") from None


def _check_chunk(chunk: list[tuple[str, Mapping[str, Any] | str]]) -> list[dict[str, Any]]:
    return [check_one(snapshot, source=source) for source, snapshot in chunk]


def check_many(
    snapshots: Iterable[Mapping[str, Any] | str],
    *,
    workers: int | None = None,
    chunk_size: int = 8,
    sources: Iterable[str] | None = None,
) -> Iterator[dict[str, Any]]:
    """The answer of :func:`check_one` for each snapshot, in order, as each is ready.

    ``workers=1`` answers in this process; otherwise a pool of ``workers``
    processes (``None``: one per core) answers ``chunk_size`` snapshots per
    task, with at most four tasks per worker in flight. ``sources`` names
    each snapshot in its error messages (default ``snapshot 1``, ``snapshot
    2``, ...).
    """
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be 1 or more, or None for one per core; got {workers!r}")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be 1 or more; got {chunk_size!r}")
    names = iter(sources) if sources is not None else (f"snapshot {n}" for n in count(1))
    named = zip(names, snapshots, strict=False)  # the default names never end
    if workers == 1:
        for source, snapshot in named:
            yield check_one(snapshot, source=source)
        return
    yield from _pooled(named, workers, chunk_size)


def _pooled(
    named: Iterator[tuple[str, Mapping[str, Any] | str]], workers: int | None, chunk_size: int
) -> Iterator[dict[str, Any]]:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        in_flight: deque[Future[list[dict[str, Any]]]] = deque()
        limit = 4 * workers if workers is not None else 64
        while True:
            while len(in_flight) < limit:
                chunk = list(islice(named, chunk_size))
                if not chunk:
                    break
                in_flight.append(pool.submit(_check_chunk, chunk))
            if not in_flight:
                return
            yield from in_flight.popleft().result()
