"""Many administrations at once: snapshots as data in, plain dicts out, on every core.

A connector vendor checks each customer administration every night. Each
administration is one snapshot as data — the dict :meth:`Snapshot.to_dict`
writes, or the JSON text of one — and its answer is one plain dict, ready
for ``json.dumps``:

>>> import json
>>> from datetime import date
>>> from booking_reconcile import Integration, Invoice, Snapshot
>>> stale = Snapshot(Integration("70", "71"), [Invoice("1", date(2026, 1, 5), 7)], bookings=())
>>> double = Snapshot(Integration("70", "70"), [
...     Invoice("A", date(2026, 1, 5), 1001), Invoice("B", date(2026, 1, 6), 1001)])
>>> for answer in check_many([stale.to_dict(), json.dumps(double.to_dict()), {}], workers=1):
...     print(answer["status"], answer.get("collisions"), answer.get("error"))
found [] None
found ['The invoices A and B have the same booking number (#1001 in journal 70; holder invoice B)'] None
error None InputFormatError

(The first snapshot's one document is *stale*: its booking is not among the
bookings, and the next invoice sent would receive its number 7 again, so a
prevention plan is needed: ``found`` too.) :func:`check_one` answers one snapshot;
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

__all__ = ["SnapshotData", "check_many", "check_one"]

from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sized
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import count
from typing import Any

from ._collector import pauses_collector
from ._json import utf8_text
from .errors import (
    BookingReconcileError,
    InputFormatError,
    InvalidTypeError,
    InvalidValueError,
    UnsoundPlanError,
    WorkerProcessError,
)
from .serialize import read_snapshot_json, snapshot_from_records
from .snapshot import Snapshot
from .verdict import check_snapshot

#: One administration's snapshot as :func:`check_one` takes it: the data
#: :meth:`Snapshot.to_dict` writes, or its JSON as text or as UTF-8 bytes.
SnapshotData = Mapping[str, Any] | str | bytes


@pauses_collector
def check_one(snapshot: SnapshotData, *, source: str = "snapshot") -> dict[str, Any]:
    """The answer for one administration: its snapshot as data, or as JSON text or bytes.

    ``labels`` echoes the snapshot's labels (the keys and values that name the
    administration, the contract's §7; ``{}`` when it has none), also in an
    error answer when they could be read. ``status`` is ``check``'s one verdict
    (:func:`booking_reconcile.verdict.check_snapshot`): ``"found"`` when
    something is to repair or to prevent (then ``plan`` sums up the plan),
    or when the plan has a blocker (as ``plan`` exits 1 on it), else
    ``"clean"``; ``kind`` is the plan's (``repair``, ``prevent`` or
    ``none``), and ``collisions``, ``stale`` and ``double_bookings`` (DOMAIN
    §3.10, each a sentence as ``check --format json`` writes it) list what
    was found (a stale document whose number no later document receives is
    listed, with ``"risk": false``, in a clean answer). ``plan``'s
    ``to_delete`` counts every booking the plan deletes, the double bookings'
    manual entries among them. ``evidence``, when the two sides
    leave something unexplained (DOMAIN §3.8), lists each finding: its
    ``rule``, ``message`` and whether it is a ``blocker``. ``"error"`` is bad input: ``error``
    names the error's class and ``message`` says what is wrong; ``"defect"`` a
    plan that failed its own proof, or any other failure, a defect of the
    library. Nothing raises: one bad administration is one answer, and the
    others are checked.
    """
    labels: dict[str, str] = {}
    try:
        data, records = _data(snapshot, source)
        labels = _labels(data)
        verdict = check_snapshot(snapshot_from_records(data, records, source=source))
        built, plan = verdict.snapshot, verdict.plan
        answer: dict[str, Any] = {
            "labels": labels,
            "status": verdict.status,
            "kind": verdict.kind,
            "documents": len(built.documents),
            "bookings": None if built.bookings is None else len(built.bookings),
            "collisions": [collision.describe() for collision in verdict.collisions],
            "stale": [
                {
                    "document": document.record_name(),
                    "booking_number": document.booking_number,
                    "place": str(built.place_of(document)),
                    "risk": document.ref in verdict.risks,
                }
                for document in verdict.stale or ()
            ],
            # DOMAIN §3.10, said as check --format json says them
            "double_bookings": [str(double) for double in plan.double_bookings],
        }
        if verdict.evidence:  # DOMAIN §3.8: what the two sides leave unexplained
            answer["evidence"] = [
                {"rule": finding.rule, "message": finding.message, "blocker": blocker}
                for blocker, finding in verdict.evidence
            ]
        if verdict.found:
            answer["plan"] = {
                "cutoff": None if plan.cutoff is None else plan.cutoff.isoformat(),
                "to_reset": len(plan.to_reset),
                "to_delete": len(plan.deletions) + len(plan.double_bookings),
                "next_numbers": [str(number) for number in plan.next_numbers],
                "warnings": len(plan.warnings),
                "blockers": [str(blocker) for blocker in plan.blockers],
                "feasible": plan.feasible,
            }
        return answer
    except UnsoundPlanError as error:
        return _failed("defect", error, labels)
    except BookingReconcileError as error:
        return _failed("error", error, labels)
    except Exception as error:  # a defect of ours must not cost the other answers
        return _failed("defect", error, labels)


def _failed(status: str, error: Exception, labels: dict[str, str]) -> dict[str, Any]:
    return {
        "labels": labels,
        "status": status,
        "error": type(error).__name__,
        "message": str(error),
    }


def _data(snapshot: SnapshotData, source: str) -> tuple[Any, Any]:
    """The snapshot's data (as given, or read from JSON as strictly as every file is).

    With it, its records when the JSON's were read at once (else ``None``:
    :func:`~booking_reconcile.serialize.snapshot_from_records` reads them).
    """
    if isinstance(snapshot, bytes):
        snapshot = _utf8(snapshot, source)
    if isinstance(snapshot, str):
        return read_snapshot_json(snapshot, source=source)
    if isinstance(snapshot, Snapshot):
        raise InputFormatError(
            source,
            "is a Snapshot object; check_one reads a snapshot's data: pass snapshot.to_dict() "
            "(or its JSON text)",
        )
    return snapshot, None


def _utf8(data: bytes, source: str) -> str:
    return utf8_text(data, source, "snapshot JSON is UTF-8")


def _labels(data: Any) -> dict[str, str]:
    """The labels the data gives, when they are readable (text keys and values); else none.

    The snapshot's reader checks them; this only reads them early, so that an
    answer about a snapshot that fails to read still names its administration.
    """
    labels = data.get("labels") if isinstance(data, Mapping) else None
    if not isinstance(labels, Mapping):
        return {}
    if not all(isinstance(key, str) and isinstance(value, str) for key, value in labels.items()):
        return {}
    return dict(labels)


def _check_chunk(chunk: list[tuple[str, SnapshotData]]) -> list[dict[str, Any]]:
    return [check_one(snapshot, source=source) for source, snapshot in chunk]


def check_many(
    snapshots: Iterable[SnapshotData],
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

    The input is read lazily, and checked as it is read: when ``snapshots``
    raises, or ``sources`` names fewer or more snapshots than are given
    (counted at once when both have a length, else when the shorter runs
    out), every snapshot read before is answered first, on both paths alike,
    and then the error is raised.
    """
    if workers is not None:
        _check_count("workers", workers, "1 or more, or None for one per core")
    _check_count("chunk_size", chunk_size, "1 or more")
    if isinstance(snapshots, (Mapping, str, bytes, bytearray)) or not isinstance(
        snapshots, Iterable
    ):
        raise InvalidTypeError(
            "check_many",
            "snapshots",
            type(snapshots).__name__,
            "is not a collection of snapshots",
            "a list (or any iterable) of snapshots; for one snapshot, use check_one",
        )
    if sources is None:
        named: Iterator[tuple[str, SnapshotData]] = zip(
            (f"snapshot {n}" for n in count(1)), snapshots, strict=False
        )  # the default names never end
    else:
        named = _named(sources, snapshots)
    if workers == 1:
        for source, snapshot in named:
            yield check_one(snapshot, source=source)
        return
    yield from _pooled(named, workers, chunk_size)


def _check_count(field: str, value: object, expected: str) -> None:
    """Refuse a count option that is not a whole number of at least 1."""
    if value.__class__ is not int:
        raise InvalidTypeError("check_many", field, value, "is not a whole number", expected)
    if value < 1:
        raise InvalidValueError("check_many", field, value, "is below 1", expected)


def _named(
    sources: Iterable[str], snapshots: Iterable[SnapshotData]
) -> Iterator[tuple[str, SnapshotData]]:
    """Each snapshot with its name; names and snapshots of other counts refused (§6).

    Zipped short, the snapshots past the last name would go unanswered
    without a word. Counted at once when both have a length, else when the
    shorter runs out.
    """
    if (
        isinstance(sources, Sized)
        and isinstance(snapshots, Sized)
        and len(sources) != len(snapshots)
    ):
        raise _other_count(len(sources), f"names {_snapshots(len(sources))}", snapshots)
    names = iter(sources)
    given = 0
    for snapshot in snapshots:
        name = next(names, None)
        if name is None:
            raise _other_count(
                given, f"ran out after {given} name{'s' * (given != 1)}, before the snapshots", None
            )
        given += 1
        yield name, snapshot
    if next(names, None) is not None:
        raise _other_count(given, f"names more snapshots than the {given} given", None)


def _snapshots(count: int) -> str:
    return f"{count} snapshot{'s' * (count != 1)}"


def _other_count(names: int, problem: str, snapshots: Sized | None) -> InvalidValueError:
    if snapshots is not None:
        given = len(snapshots)
        problem += f", but {_snapshots(given)} {'was' if given == 1 else 'were'} given"
    return InvalidValueError(
        "check_many",
        "sources",
        f"<{names} name{'s' * (names != 1)}>",
        problem,
        "one name per snapshot, in the same order (or no sources: snapshot 1, snapshot 2, ...)",
    )


def _chunks(
    named: Iterator[tuple[str, SnapshotData]], chunk_size: int
) -> Iterator[list[tuple[str, SnapshotData]]]:
    """The named snapshots ``chunk_size`` at a time.

    When the input fails (its iterator raises, its names run out), the
    snapshots read before are a last chunk, and the error comes after it.
    """
    chunk: list[tuple[str, SnapshotData]] = []
    try:
        for item in named:
            chunk.append(item)
            if len(chunk) == chunk_size:
                yield chunk
                chunk = []
    except Exception:
        if chunk:
            yield chunk
        raise
    if chunk:
        yield chunk


def _pooled(
    named: Iterator[tuple[str, SnapshotData]], workers: int | None, chunk_size: int
) -> Iterator[dict[str, Any]]:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        in_flight: deque[tuple[Future[list[dict[str, Any]]], list[Any]]] = deque()
        limit = 4 * workers if workers is not None else 64
        chunks = _chunks(named, chunk_size)
        # The input's failure, raised once every snapshot read before it is
        # answered: the pool reads ahead, and workers=1 answers them first.
        failure: Exception | None = None
        while True:
            while failure is None and len(in_flight) < limit:
                try:
                    chunk = next(chunks, None)
                except Exception as error:
                    failure = error
                    break
                if chunk is None:
                    break
                in_flight.append((pool.submit(_check_chunk, chunk), chunk))
            if not in_flight:
                if failure is not None:
                    raise failure
                return
            future, chunk = in_flight.popleft()
            try:
                answers = future.result()
            except BrokenProcessPool:
                raise WorkerProcessError(_BROKEN_POOL) from None
            except Exception:  # check_one raises nothing: the chunk did not pickle
                # Its data cannot travel to a worker (a read-only mapping, a
                # generator): answered here, as workers=1 answers it.
                answers = _check_chunk(chunk)
            yield from answers


_BROKEN_POOL = (
    "a worker process of check_many ended before it answered. Where processes start by "
    "spawn or forkserver (Windows, macOS, and Linux from Python 3.14), each worker imports "
    'the main script again: call check_many under `if __name__ == "__main__":` in the '
    "script (or pass workers=1). Otherwise the worker was stopped from outside (out of memory?)"
)
