"""Benchmark: every target of docs/performance.md, each as a ratio measured in one run.

Usage (from the repository root, after the README's install)::

    .venv/bin/python benchmarks/run.py                 # 10k, 100k and 1M documents
    .venv/bin/python benchmarks/run.py --sizes 10000   # a quick run
    .venv/bin/python benchmarks/run.py --smoke         # 10k, one repeat, checks results
    .venv/bin/pip install -e '.[bench]'                # adds pandas and polars to the comparison

Every figure is a ratio to a baseline timed in the same run, so it holds on a
noisy machine; each timing is the minimum of ``--repeat`` runs. Before timing,
every implementation's answers are checked against the library's.

- **plan_repair, first call**: on a *fresh* snapshot (built just before, never
  planned), proof included, against a hand-written pure-Python minimum of the
  same answers with its own index (``baseline.py``); the **later call** on
  the same snapshot against the first;
- **construction**: records with every check, then the ``Snapshot``, against
  plain attrs classes without validators building the same records;
- **memory** (tracemalloc, separate runs): the snapshot index's bytes per
  document, the peak of a first ``plan_repair`` against the snapshot's
  memory, and whether the plan left anything cached on the documents;
- **the GC's share** of construction and of a first plan (``gc.callbacks``);
- **scaling**: a first plan's time for 10x the documents;
- **many administrations**: 500-document snapshots built and planned per
  second on one core; the batch entry point on every core against serial;
- **pickling** a snapshot against building it;
- **pandas and polars** (when installed) on the same answers, from raw rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import json
import os
import pickle
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import attrs

# polars on one thread, as the issue compares it (its default uses every core).
os.environ.setdefault("POLARS_MAX_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import baseline
import frames
import synthetic

from booking_reconcile import DocumentKind, Snapshot, batch, plan_repair, verify_plan
from booking_reconcile.models import _DocumentBase

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
    reference: str | None = None


class GcClock:
    """The time the cyclic garbage collector runs, from ``gc.callbacks``."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started

    def __enter__(self) -> GcClock:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


def timed(function: Callable[[], T]) -> tuple[float, float, T]:
    """Wall time, GC time and result of one call, after a full collection."""
    gc.collect()
    with GcClock() as clock:
        start = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - start
    return elapsed, clock.seconds, result


def best_of(repeat: int, function: Callable[[], T]) -> tuple[float, float, T]:
    """The best of ``repeat`` timed calls: its wall time, its GC time, the last result."""
    best = (float("inf"), 0.0)
    result: Any = None
    for _ in range(repeat):
        elapsed, in_gc, result = timed(function)
        best = min(best, (elapsed, in_gc))
        del _
    return best[0], best[1], result


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


def cached_on_documents(snapshot: Snapshot) -> int:
    """How many documents hold a value their cached property computed (``number_key``)."""
    slots = [_DocumentBase.__dict__["number_key"]]
    count = 0
    for document in snapshot.documents:
        for slot in slots:
            try:
                slot.__get__(document)
            except AttributeError:
                continue
            count += 1
            break
    return count


def check_answers(raw: synthetic.Scenario, snapshot: Snapshot) -> baseline.Answers:
    """The library's plan is sound, finds the collisions built, and the baseline agrees."""
    plan = plan_repair(snapshot)
    assert len(plan.collisions) == raw.collisions, (len(plan.collisions), raw.collisions)
    assert verify_plan(snapshot, plan) == ()
    answers = baseline.answers_of(plan)
    mine = baseline.answers(snapshot.integration, snapshot.documents, snapshot.bookings or ())
    assert mine == answers, "the hand-written baseline disagrees with plan_repair"
    return answers


def measure(size: int, repeat: int, *, memory: bool) -> dict[str, float]:
    """Every per-size figure."""
    raw = synthetic.scenario(size)
    answers = check_answers(raw, synthetic.build(raw))

    plain_s, plain_gc, plain = best_of(repeat, lambda: plain_records(raw))
    del plain
    build_s, build_gc, snapshot = best_of(repeat, lambda: synthetic.build(raw))
    index_s, _, _ = best_of(
        repeat,
        lambda: Snapshot(snapshot.integration, snapshot.documents, bookings=snapshot.bookings),
    )

    first_s, first_gc, later_s = float("inf"), 0.0, float("inf")
    for _ in range(repeat):
        fresh = synthetic.build(raw)
        elapsed, in_gc, _plan = timed(lambda fresh=fresh: plan_repair(fresh))  # type: ignore[misc]
        first_s, first_gc = min((first_s, first_gc), (elapsed, in_gc))
        later, _, _plan = timed(lambda fresh=fresh: plan_repair(fresh))  # type: ignore[misc]
        later_s = min(later_s, later)
        cached = cached_on_documents(fresh)
        del fresh, _plan
    documents, bookings = snapshot.documents, snapshot.bookings or ()
    base_s, _, base = best_of(
        repeat, lambda: baseline.answers(snapshot.integration, documents, bookings)
    )
    assert base == answers

    payload = pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL)
    pickle_s, _, _ = best_of(
        repeat, lambda: pickle.loads(pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL))
    )
    results = {
        "documents": size,
        "bookings": len(raw.bookings),
        "plain attrs records s": plain_s,
        "construction s (records + Snapshot)": build_s,
        "  of which Snapshot from records s": index_s,
        "GC share of construction": build_gc / build_s,
        "GC share of plain attrs records": plain_gc / plain_s,
        "plan_repair first call s": first_s,
        "plan_repair later call s": later_s,
        "hand-written baseline s": base_s,
        "GC share of plan_repair first call": first_gc / first_s,
        "documents left with a cached value": cached,
        "pickle round trip s": pickle_s,
        "pickle MiB": len(payload) / 2**20,
    }
    del payload
    if memory:
        results.update(memory_figures(raw))
    return results


def memory_figures(raw: synthetic.Scenario) -> dict[str, float]:
    """The snapshot's memory, its index's share, and the peak of a first plan (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    snapshot = synthetic.build(raw)
    whole, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    documents, bookings = snapshot.documents, snapshot.bookings
    del snapshot
    gc.collect()
    tracemalloc.start()
    snapshot = Snapshot(synthetic.INTEGRATION, documents, bookings=bookings)
    index, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    gc.collect()
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    plan_repair(snapshot)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "snapshot MiB (records + index)": whole / 2**20,
        "index bytes per document": index / len(documents),
        "plan_repair peak MiB": (peak - before) / 2**20,
    }


def administrations(count: int, repeat: int) -> dict[str, float]:
    """500-document administrations, one in ten colliding: built and planned per second."""
    raws = [
        synthetic.scenario(500, collisions=1 if index % 10 == 0 else 0, middle_deletions=1)
        for index in range(count)
    ]
    for raw in raws[:20]:
        check_answers(raw, synthetic.build(raw))

    def library() -> None:
        for raw in raws:
            plan_repair(synthetic.build(raw))

    library_s, _, _ = best_of(repeat, library)
    results = {"administrations": count, "library administrations/s (one core)": count / library_s}
    for name, per_admin in frames.per_administration().items():
        for raw in raws[:20]:
            snapshot = synthetic.build(raw)
            assert per_admin(raw) == baseline.answers_of(plan_repair(snapshot)), name
        seconds, _, _ = best_of(repeat, lambda per_admin=per_admin: [per_admin(r) for r in raws])  # type: ignore[misc]
        results[f"{name} administrations/s (one core)"] = count / seconds
    texts = [json.dumps(synthetic.build(raw).to_dict()) for raw in raws]
    load = os.getloadavg()[0]
    serial_s, _, serial = best_of(repeat, lambda: list(batch.check_many(texts, workers=1)))
    pool_s, _, pooled = best_of(repeat, lambda: list(batch.check_many(texts, workers=2)))
    assert pooled == serial, "the pool's results differ from the serial ones"
    assert sum(result["status"] == "found" for result in serial) >= count // 10
    results.update(
        {
            "batch serial administrations/s": count / serial_s,
            "batch 2 workers administrations/s": count / pool_s,
            "load average before the batch runs": load,
        }
    )
    return results


def frame_figures(size: int, repeat: int) -> dict[str, float]:
    """pandas and polars on the same answers, from raw rows (when they are installed)."""
    raw = synthetic.scenario(size)
    answers = baseline.answers_of(plan_repair(synthetic.build(raw)))
    results: dict[str, float] = {}
    for name, whole in frames.from_raw_rows().items():
        assert whole(raw) == answers, f"{name} disagrees with plan_repair"
        seconds, _, _ = best_of(repeat, lambda whole=whole: whole(raw))  # type: ignore[misc]
        results[f"{name}: rows to answers s"] = seconds

    def library() -> object:
        return plan_repair(synthetic.build(raw))

    seconds, _, _ = best_of(repeat, library)
    results["library: rows to answers s"] = seconds
    return results


def ratio(results: dict[str, float], top: str, bottom: str) -> float:
    return results[top] / results[bottom]


#: (label, measured, baseline, target as text, holds) for each ratio printed per size.
TARGETS: tuple[tuple[str, str, str, str, Callable[[float], bool]], ...] = (
    (
        "plan_repair first call / hand-written baseline",
        "plan_repair first call s",
        "hand-written baseline s",
        "≤ 2x",
        lambda r: r <= 2,
    ),
    (
        "plan_repair later call / first call",
        "plan_repair later call s",
        "plan_repair first call s",
        "≤ 1x",
        lambda r: r <= 1.05,
    ),
    (
        "construction / plain attrs",
        "construction s (records + Snapshot)",
        "plain attrs records s",
        "≤ 1.0x",
        lambda r: r <= 1.0,
    ),
    (
        "pickle round trip / construction",
        "pickle round trip s",
        "construction s (records + Snapshot)",
        "—",
        lambda r: True,
    ),
)


def report(results: list[dict[str, float]], many: dict[str, float] | None) -> str:
    """The figures and ratios as a Markdown table, with the scaling between sizes."""
    lines = _size_report(results) if results else []
    if many:
        lines += _many_report(many)
    return "\n".join(lines)


def _size_report(results: list[dict[str, float]]) -> list[str]:
    header = ["figure", *(f"{int(r['documents']):,} docs" for r in results), "target"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name in results[0]:
        if name == "documents":
            continue
        cells = [_cell(r.get(name)) for r in results]
        lines.append(f"| {name} | " + " | ".join(cells) + " | |")
    for label, measured, base, goal, _ in TARGETS:
        cells = [f"{ratio(r, measured, base):.2f}x" for r in results]
        lines.append(f"| **{label}** | " + " | ".join(cells) + f" | {goal} |")
    if "index bytes per document" in results[0]:
        cells = [f"{r['index bytes per document']:.0f} B" for r in results]
        lines.append("| **index bytes per document** | " + " | ".join(cells) + " | ≤ 120 B |")
        cells = [
            f"{ratio(r, 'plan_repair peak MiB', 'snapshot MiB (records + index)'):.2f}x"
            for r in results
        ]
        lines.append(
            "| **plan_repair peak / snapshot memory** | " + " | ".join(cells) + " | ≤ 0.5x |"
        )
    cells = [f"{int(r['documents left with a cached value'])}" for r in results]
    lines.append("| **documents a plan left a cached value on** | " + " | ".join(cells) + " | 0 |")
    for before, after in itertools.pairwise(results):
        growth = after["documents"] / before["documents"]
        cost = after["plan_repair first call s"] / before["plan_repair first call s"]
        build = (
            after["construction s (records + Snapshot)"]
            / before["construction s (records + Snapshot)"]
        )
        lines.append(
            f"| **time x for {growth:.0f}x documents** ({int(before['documents']):,} → "
            f"{int(after['documents']):,}): first plan {cost:.2f}x, construction {build:.2f}x | "
            + " | ".join("" for _ in results)
            + " ≤ 11x |"
        )
    return lines


def _many_report(many: dict[str, float]) -> list[str]:
    lines = [
        "",
        "| many administrations (500 documents each) | figure | target |",
        "|---|---|---|",
    ]
    for name, value in many.items():
        goal = "≥ 1,000/s" if name.startswith("library administrations") else ""
        lines.append(f"| {name} | {_cell(value)} | {goal} |")
    speedup = many["batch 2 workers administrations/s"] / many["batch serial administrations/s"]
    lines.append(f"| **batch, 2 workers / serial** | {speedup:.2f}x | ≥ 1.8x |")
    for name in list(many):
        if name.endswith("administrations/s (one core)") and not name.startswith("library"):
            share = many["library administrations/s (one core)"] / many[name]
            lines.append(
                f"| **library / {name.split()[0]} (administrations/s)** | {share:.2f}x | > 1x |"
            )
    return lines


def _cell(value: float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int) or (float(value).is_integer() and abs(value) >= 1):
        return f"{int(value):,}"
    if abs(value) < 10:
        return f"{value:.3f}"
    return f"{value:,.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--administrations", type=int, default=1_000)
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    parser.add_argument(
        "--many-only", action="store_true", help="only the many-administrations figures"
    )
    parser.add_argument(
        "--smoke", action="store_true", help="10k documents, one repeat, results checked"
    )
    options = parser.parse_args(argv)
    if options.smoke:
        options.sizes, options.repeat, options.administrations = [10_000], 1, 40
    if options.many_only:
        print(report([], administrations(options.administrations, options.repeat)))
        return 0
    results = []
    for size in options.sizes:
        print(f"measuring {size:,} documents ...", file=sys.stderr, flush=True)
        results.append(measure(size, options.repeat, memory=not options.no_memory))
    print("measuring many administrations ...", file=sys.stderr, flush=True)
    many = administrations(options.administrations, options.repeat)
    print(report(results, many))
    if frames.available():
        size = options.sizes[-1]
        print(f"measuring pandas and polars at {size:,} documents ...", file=sys.stderr, flush=True)
        figures = frame_figures(size, options.repeat)
        print(f"\n| rows to answers, {size:,} documents | s | library / it |\n|---|---|---|")
        for name, seconds in figures.items():
            share = figures["library: rows to answers s"] / seconds
            print(f"| {name} | {seconds:.3f} | {share:.2f}x |")
    else:
        print("\n(pandas and polars not installed: pip install -e '.[bench]' to compare)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
