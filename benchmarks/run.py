"""Benchmark: the cost of a repair plan against the cost of reading the input once.

Usage (from the repository root, after the README's install)::

    .venv/bin/python benchmarks/run.py                 # 10k, 100k and 1M documents
    .venv/bin/python benchmarks/run.py --sizes 10000   # a quick run
    .venv/bin/python benchmarks/run.py --smoke         # 10k, one repeat, checks results

Each figure is printed as a ratio to a baseline timed in the same run on the
same objects, so the numbers hold on a noisy machine:

- snapshot construction with validation (documents, bookings, ``Snapshot``)
  against plain ``attrs`` construction of the same records without validators;
- ``find_collisions`` and ``plan_repair`` against one bare dict-grouping pass
  over the same document objects by (journal, booking number);
- ``simulate_repair`` against the same bare grouping pass;
- peak memory of ``plan_repair`` (tracemalloc, in a separate run) against the
  memory the snapshot itself takes.

The best of ``--repeat`` runs is kept for every timing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import sys
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic

from booking_reconcile import (
    CreditNote,
    DocumentKind,
    Invoice,
    Snapshot,
    find_collisions,
    find_stale_documents,
    plan_repair,
    simulate_repair,
    verify_plan,
)

T = TypeVar("T")


@attrs.frozen
class PlainDocument:
    """A document record as attrs builds it with no validators (the baseline)."""

    number: str
    date: dt.date
    booking_number: int | None = None
    journal: str | None = None
    synced_at: dt.datetime | None = None


@attrs.frozen
class PlainCreditNote(PlainDocument):
    """The credit-note twin of :class:`PlainDocument`."""


@attrs.frozen
class PlainRef:
    """A document reference as attrs builds it with no validators (the baseline)."""

    kind: DocumentKind
    number: str


@attrs.frozen
class PlainBooking:
    """A booking record as attrs builds it with no validators (the baseline)."""

    journal: str
    booking_number: int
    date: dt.date
    document: Any = None


def best_of(repeat: int, function: Callable[[], T]) -> tuple[float, T]:
    """The best wall time of ``repeat`` calls, and the last result."""
    best = float("inf")
    result: Any = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def plain_records(raw: synthetic.Scenario) -> tuple[list[PlainDocument], list[PlainBooking]]:
    """The baseline: the same records, built the same way by attrs without validation."""
    documents = [
        (PlainDocument if d.is_invoice else PlainCreditNote)(d.number, d.date, d.booking_number)
        for d in raw.documents
    ]
    bookings = [
        PlainBooking(
            b.journal,
            b.booking_number,
            b.date,
            None if b.document is None else PlainRef(synthetic.KIND[b.document[0]], b.document[1]),
        )
        for b in raw.bookings
    ]
    return documents, bookings


def validated_snapshot(raw: synthetic.Scenario) -> Snapshot:
    """The measured path: validated records and a validated snapshot."""
    return synthetic.build(raw)


def bare_grouping(snapshot: Snapshot) -> int:
    """The baseline pass: group the document objects by (journal, booking number)."""
    groups: defaultdict[tuple[str, int], list[Invoice | CreditNote]] = defaultdict(list)
    for document in snapshot.documents:
        if document.booking_number is not None:
            groups[document.journal or "70", document.booking_number].append(document)
    return len(groups)


def check(raw: synthetic.Scenario, snapshot: Snapshot) -> None:
    """The results are right, not only fast: the synthetic answers are known."""
    collisions = find_collisions(snapshot)
    assert len(collisions) == raw.collisions, (len(collisions), raw.collisions)
    assert len(find_stale_documents(snapshot)) == raw.stale
    plan = plan_repair(snapshot)
    assert verify_plan(snapshot, plan) == ()
    assert find_collisions(simulate_repair(snapshot, plan)) == ()


def snapshot_memory(raw: synthetic.Scenario) -> tuple[int, Snapshot]:
    """Bytes held by the snapshot (documents, bookings and indexes) once built."""
    gc.collect()
    tracemalloc.start()
    snapshot = validated_snapshot(raw)
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return size, snapshot


def plan_peak_memory(snapshot: Snapshot) -> int:
    """Peak bytes allocated while planning, beyond the snapshot itself."""
    gc.collect()
    tracemalloc.start()
    plan_repair(snapshot)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def measure(size: int, repeat: int) -> dict[str, float]:
    """Every figure for one size."""
    raw = synthetic.scenario(size)
    plain_time, _ = best_of(repeat, lambda: plain_records(raw))
    build_time, snapshot = best_of(repeat, lambda: validated_snapshot(raw))
    check(raw, snapshot)
    group_time, _ = best_of(repeat, lambda: bare_grouping(snapshot))
    collisions_time, _ = best_of(repeat, lambda: find_collisions(snapshot))
    plan_time, plan = best_of(repeat, lambda: plan_repair(snapshot))
    simulate_time, _ = best_of(repeat, lambda: simulate_repair(snapshot, plan))
    memory, fresh = snapshot_memory(raw)
    peak = plan_peak_memory(fresh)
    return {
        "documents": size,
        "bookings": len(raw.bookings),
        "plain construction s": plain_time,
        "snapshot construction s": build_time,
        "bare grouping s": group_time,
        "find_collisions s": collisions_time,
        "plan_repair s": plan_time,
        "simulate_repair s": simulate_time,
        "snapshot MiB": memory / 2**20,
        "plan_repair peak MiB": peak / 2**20,
    }


TARGETS = (
    ("construction / plain attrs", "snapshot construction s", "plain construction s", 1.5),
    ("find_collisions / grouping", "find_collisions s", "bare grouping s", 2.0),
    ("plan_repair / grouping", "plan_repair s", "bare grouping s", 4.0),
    ("simulate_repair / grouping", "simulate_repair s", "bare grouping s", None),
    ("plan peak / snapshot memory", "plan_repair peak MiB", "snapshot MiB", 1.3),
)


def report(results: list[dict[str, float]]) -> str:
    """The figures and ratios as a Markdown table, with the scaling between sizes."""
    header = ["figure", *(f"{int(r['documents']):,} docs" for r in results), "target"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name in results[0]:
        if name in ("documents",):
            continue
        cells = [
            f"{r[name]:.3f}" if isinstance(r[name], float) else f"{r[name]:,}" for r in results
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " | |")
    for label, measured, baseline, target in TARGETS:
        cells = [f"{r[measured] / r[baseline]:.2f}x" for r in results]
        goal = "—" if target is None else f"≤ {target}x"
        lines.append(f"| **{label}** | " + " | ".join(cells) + f" | {goal} |")
    for before, after in itertools.pairwise(results):
        growth = after["documents"] / before["documents"]
        cost = after["plan_repair s"] / before["plan_repair s"]
        lines.append(
            f"| plan_repair time x for {growth:.0f}x documents "
            f"({int(before['documents']):,} → {int(after['documents']):,}) | "
            + " | ".join("" for _ in results[:-1])
            + f" | {cost:.2f}x | ≤ 12x |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--smoke", action="store_true", help="10k documents, one repeat, results checked"
    )
    options = parser.parse_args(argv)
    if options.smoke:
        options.sizes, options.repeat = [10_000], 1
    results = []
    for size in options.sizes:
        print(f"measuring {size:,} documents ...", file=sys.stderr, flush=True)
        results.append(measure(size, options.repeat))
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
