"""Benchmark: the figures of docs/performance.md, each a ratio measured in one run.

Usage (from the repository root, after the README's install)::

    .venv/bin/python benchmarks/run.py                  # 1M documents, 1,000 administrations
    .venv/bin/python benchmarks/run.py --size 100000    # a quicker run
    .venv/bin/python benchmarks/run.py --cli 1000000    # adds the command line on 1M-row CSV files
    .venv/bin/python benchmarks/run.py --smoke          # seconds; checks every result

Every figure is a ratio to a baseline timed in the same run, so it holds on a
noisy machine; every time is CPU time (``time.process_time``, the command
line's from ``getrusage``), the minimum of ``--repeat`` runs. Both sides of a
ratio run on a clean heap: the previous run's result is deleted and a full
collection made before each run. Before timing, every implementation's
answers are checked against the library's. The load average is printed
before and after.

- **construction**: a snapshot's records with every check, then the
  ``Snapshot``, against the same records built by plain attrs classes
  without validators (a reference object like ``DocumentRef`` included);
- **first plan**: ``plan_repair`` on a *fresh* snapshot (built just before,
  never planned), proof included, against a tight hand-written minimum of
  the same answers (``baseline.py``: the same cutoff, deletions in order and
  next numbers, integers keyed per journal, no tuple per item);
- **administrations**: 500-document administrations, one in ten colliding,
  records + snapshot + plan with its proof, per second on one core; plain
  attrs records with the tight minimum for comparison (and pandas and polars
  on one thread, when ``pip install -e '.[bench]'`` added them);
- **batch**: ``batch.check_one`` on a snapshot's JSON text against
  ``json.loads`` of that text;
- **pickling**: unpickling a 500-document snapshot against building it (and,
  for comparison, as many record objects made empty and kept: the least any
  unpickling of those records can cost);
- **memory**: what a snapshot allocates (tracemalloc) per document, against
  plain tuples of the same fields;
- **command line** (``--cli N``): ``booking-reconcile plan`` on N-row CSV
  exports against the streaming floor of ``cli_files.py`` (``csv.reader``
  iterated, records built as rows arrive, the snapshot, the plan): CPU time
  and peak resident memory of each process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import attrs

# polars on one thread, as the issue compares it (its default uses every core).
os.environ.setdefault("POLARS_MAX_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import baseline
import cli_files
import frames
import synthetic

from booking_reconcile import (
    Booking,
    DocumentKind,
    DocumentRef,
    Invoice,
    Snapshot,
    batch,
    plan_repair,
    verify_plan,
)
from booking_reconcile.models import DOCUMENT_FIELDS, _DocumentBase

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent


@attrs.frozen
class PlainDocument:
    """A document record as attrs builds it with no validators (the baseline)."""

    kind: ClassVar[DocumentKind] = DocumentKind.INVOICE
    number: str
    date: dt.date
    booking_number: int | None = None
    journal: str | None = None
    synced_at: dt.datetime | None = None


@attrs.frozen
class PlainCreditNote(PlainDocument):
    """The credit-note twin of :class:`PlainDocument`."""

    kind: ClassVar[DocumentKind] = DocumentKind.CREDIT_NOTE


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
            self._started = time.process_time()
        else:
            self.seconds += time.process_time() - self._started

    def __enter__(self) -> GcClock:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


def best_of(
    repeat: int, function: Callable[[], T], clock: Callable[[], float] = time.process_time
) -> tuple[float, float, T]:
    """The least CPU time of ``repeat`` calls, the GC's time in that call, the last result.

    Each call runs on a clean heap: the previous call's result is deleted
    and a full collection made first. ``clock=time.perf_counter`` measures
    wall time instead (for work done in other processes).
    """
    best = (float("inf"), 0.0)
    result: Any = None
    for _ in range(repeat):
        del result
        gc.collect()
        with GcClock() as collector:
            start = clock()
            result = function()
            elapsed = clock() - start
        best = min(best, (elapsed, collector.seconds))
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


def plain_tuples(raw: synthetic.Scenario) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The same fields as plain tuples (the memory figure's reference)."""
    documents = [(d.is_invoice, d.number, d.date, d.booking_number) for d in raw.documents]
    bookings = [
        (b.journal, b.booking_number, b.date, *(b.document or (None, None))) for b in raw.bookings
    ]
    return documents, bookings


def tight(raw: synthetic.Scenario) -> baseline.Answers:
    """Plain attrs records and the tight hand-written plan: the floor of an administration."""
    documents, bookings = plain_records(raw)
    return baseline.answers(synthetic.INTEGRATION, documents, bookings)


def cached_on_documents(snapshot: Snapshot) -> int:
    """How many documents hold a value in a slot that is none of their fields (a cache)."""
    extra = [
        getattr(cls, name)
        for cls in _DocumentBase.__mro__
        for name in cls.__dict__.get("__slots__", ())
        if name not in DOCUMENT_FIELDS
    ]
    count = 0
    for document in snapshot.documents:
        for slot in extra:
            try:
                slot.__get__(document)
            except AttributeError:
                continue
            count += 1
            break
    return count


def check_answers(raw: synthetic.Scenario, snapshot: Snapshot) -> baseline.Answers:
    """The library's plan is sound, finds the collisions built, and the baselines agree."""
    plan = plan_repair(snapshot)
    assert len(plan.collisions) == raw.collisions, (len(plan.collisions), raw.collisions)
    assert verify_plan(snapshot, plan) == ()
    answers = baseline.answers_of(plan)
    mine = baseline.answers(snapshot.integration, snapshot.documents, snapshot.bookings or ())
    assert mine == answers, "the hand-written baseline disagrees with plan_repair"
    assert tight(raw) == answers, "plain records with the tight plan disagree with plan_repair"
    return answers


def allocated(function: Callable[[], object]) -> tuple[int, object]:
    """The bytes ``function``'s result holds (tracemalloc), and the result."""
    gc.collect()
    tracemalloc.start()
    result = function()
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return size, result


def large(size: int, repeat: int, *, memory: bool) -> dict[str, float]:
    """Construction, a first plan, and memory, for one ``size``-document administration."""
    raw = synthetic.scenario(size)
    check_answers(raw, synthetic.build(raw))
    assert synthetic.build_from_rows(raw) == synthetic.build(raw), "snapshot_from_rows differs"

    plain_s, plain_gc = best_of(repeat, lambda: plain_records(raw))[:2]
    build_s, build_gc = best_of(repeat, lambda: synthetic.build(raw))[:2]
    rows_s = best_of(repeat, lambda: synthetic.build_from_rows(raw))[0]
    plain_paused_s = best_of(repeat, lambda: _paused(plain_records, raw))[0]
    index_s = _index_seconds(raw, repeat)

    first_s, first_gc, later_s, cached = float("inf"), 0.0, float("inf"), 0
    for _ in range(repeat):
        fresh = synthetic.build(raw)
        gc.collect()
        with GcClock() as clock:
            start = time.process_time()
            plan = plan_repair(fresh)
            elapsed = time.process_time() - start
        first_s, first_gc = min((first_s, first_gc), (elapsed, clock.seconds))
        del plan
        gc.collect()
        start = time.process_time()
        plan = plan_repair(fresh)
        later_s = min(later_s, time.process_time() - start)
        cached = max(cached, cached_on_documents(fresh))
        del fresh, plan

    tight_s = _tight_seconds(raw, repeat)

    results: dict[str, float] = {
        "documents": size,
        "bookings": len(raw.bookings),
        "plain attrs records s": plain_s,
        "construction s (records + Snapshot)": build_s,
        "construction s (snapshot_from_rows)": rows_s,
        "plain attrs records, collector paused s": plain_paused_s,
        "  of which Snapshot from records s": index_s,
        "GC share of construction": build_gc / build_s,
        "GC share of plain attrs records": plain_gc / plain_s,
        "plan_repair first call s": first_s,
        "plan_repair later call s": later_s,
        "tight hand-written plan s": tight_s,
        "GC share of plan_repair first call": first_gc / first_s,
        "documents left with a cached value": cached,
    }
    if memory:
        whole, built = allocated(lambda: synthetic.build(raw))
        assert isinstance(built, Snapshot)
        index, _ = allocated(
            lambda: Snapshot(built.integration, built.documents, bookings=built.bookings)
        )
        gc.collect()
        tracemalloc.start()
        plan_repair(built)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del built
        tuples, _ = allocated(lambda: plain_tuples(raw))
        results.update(
            {
                "snapshot bytes per document": whole / size,
                "plain tuples bytes per document": tuples / size,
                "index bytes per document": index / size,
                "plan_repair peak / snapshot memory": peak / whole,
            }
        )
    return results


def _paused(function: Callable[[synthetic.Scenario], T], raw: synthetic.Scenario) -> T:
    """``function(raw)`` with the cyclic garbage collector paused (a figure for comparison)."""
    gc.disable()
    try:
        return function(raw)
    finally:
        gc.enable()


def _index_seconds(raw: synthetic.Scenario, repeat: int) -> float:
    """The time a ``Snapshot`` takes over records already built (its index and checks)."""
    built = synthetic.build(raw)
    integration, documents, bookings = built.integration, built.documents, built.bookings
    del built
    seconds, _, _ = best_of(repeat, lambda: Snapshot(integration, documents, bookings=bookings))
    return seconds


def _tight_seconds(raw: synthetic.Scenario, repeat: int) -> float:
    """The tight hand-written plan's time over the library's records."""
    built = synthetic.build(raw)
    documents, bookings = built.documents, built.bookings or ()
    del built
    seconds, _, _ = best_of(
        repeat, lambda: baseline.answers(synthetic.INTEGRATION, documents, bookings)
    )
    return seconds


def small(count: int, repeat: int) -> dict[str, float]:
    """500-document administrations: per second, batch, and pickling."""
    raws = [
        synthetic.scenario(500, collisions=1 if index % 10 == 0 else 0, middle_deletions=1)
        for index in range(count)
    ]
    assert sum(raw.collisions > 0 for raw in raws) == (count + 9) // 10
    for raw in raws[:20]:
        check_answers(raw, synthetic.build(raw))

    def library() -> None:
        for raw in raws:
            plan_repair(synthetic.build(raw))

    def floor() -> None:
        for raw in raws:
            tight(raw)

    library_s = best_of(repeat, library)[0]
    floor_s = best_of(repeat, floor)[0]
    frame_rates = {}
    for name, per_admin in frames.per_administration().items():  # when installed
        for raw in raws[:20]:
            assert per_admin(raw) == tight(raw), name
        seconds = best_of(repeat, lambda per_admin=per_admin: [per_admin(r) for r in raws])[0]  # type: ignore[misc]
        frame_rates[f"{name} (one thread) administrations/s"] = count / seconds

    texts = [json.dumps(synthetic.build(raw).to_dict()) for raw in raws]
    serial = [batch.check_one(text) for text in texts]
    assert sum(bool(result["collisions"]) for result in serial) == (count + 9) // 10
    check_s = best_of(repeat, lambda: [batch.check_one(text) for text in texts])[0]
    loads_s = best_of(repeat, lambda: [json.loads(text) for text in texts])[0]
    load = os.getloadavg()[0]
    # Wall time: the pool's work is done in other processes.
    wall = time.perf_counter
    pool_s, _, pooled = best_of(repeat, lambda: list(batch.check_many(texts, workers=2)), wall)
    serial_s, _, serial_many = best_of(
        repeat, lambda: list(batch.check_many(texts, workers=1)), wall
    )
    assert pooled == serial_many == serial, "the pool's results differ from the serial ones"
    del pooled, serial_many

    snapshots = [synthetic.build(raw) for raw in raws]
    payloads = [pickle.dumps(s, protocol=pickle.HIGHEST_PROTOCOL) for s in snapshots]
    assert [pickle.loads(p) for p in payloads] == snapshots
    del snapshots
    # Only the times are kept: the next measurement starts on a clean heap.
    unpickle_s, unpickle_gc = best_of(repeat, lambda: [pickle.loads(p) for p in payloads])[:2]
    build_s, build_gc = best_of(repeat, lambda: [synthetic.build(raw) for raw in raws])[:2]
    # The least any unpickling of these records can cost: their objects made
    # empty (nothing stored) and kept, as the unpickled snapshots are.
    empty_s, empty_gc = best_of(repeat, lambda: _empty_records(raws))[:2]
    # What a worker does with what it is sent: a pickled snapshot planned, or
    # the snapshot's JSON text checked (``check_one`` plans too).
    shipped_s = best_of(repeat, lambda: [plan_repair(pickle.loads(p)) for p in payloads])[0]

    return {
        "administrations": count,
        "library administrations/s (one core)": count / library_s,
        "plain attrs + tight plan administrations/s": count / floor_s,
        **frame_rates,
        "batch.check_one ms per administration": 1000 * check_s / count,
        "json.loads ms per administration": 1000 * loads_s / count,
        "batch serial administrations/s (wall)": count / serial_s,
        "batch 2 workers administrations/s (wall)": count / pool_s,
        "load average before the pool runs": load,
        "unpickle ms per administration": 1000 * unpickle_s / count,
        "build ms per administration": 1000 * build_s / count,
        "of which the collector, unpickling (ms per administration)": 1000 * unpickle_gc / count,
        "of which the collector, building (ms per administration)": 1000 * build_gc / count,
        "the records' objects made empty and kept (ms per administration)": 1000 * empty_s / count,
        "of which the collector, empty objects (ms per administration)": 1000 * empty_gc / count,
        "empty objects / building": empty_s / build_s,
        "unpickled and planned (ms per administration)": 1000 * shipped_s / count,
        "unpickled and planned / batch.check_one on the JSON text": shipped_s / check_s,
    }


def _empty_records(raws: list[synthetic.Scenario]) -> list[list[object]]:
    """As many record objects as the snapshots of ``raws`` hold, made empty, kept."""
    new = object.__new__
    kept: list[list[object]] = []
    for raw in raws:
        refs = sum(booking.document is not None for booking in raw.bookings)
        kept.append(
            [
                *map(new, itertools.repeat(Invoice, len(raw.documents))),
                *map(new, itertools.repeat(Booking, len(raw.bookings))),
                *map(new, itertools.repeat(DocumentRef, refs)),
            ]
        )
    return kept


def command_line(size: int, repeat: int) -> dict[str, float]:
    """``booking-reconcile plan`` on ``size``-row CSV files against the streaming floor."""
    command = str(Path(sys.executable).with_name("booking-reconcile"))
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as folder:
        cli_files.write(Path(folder), size)
        documents, bookings = f"{folder}/documents.csv", f"{folder}/bookings.csv"
        plan = [command, "plan", documents, "--bookings", bookings]
        floor = [sys.executable, str(ROOT / "benchmarks" / "cli_files.py"), "floor", folder]
        answers = []
        for argv in ([*plan, "--format", "json"], floor):
            done = subprocess.run(argv, capture_output=True, text=True, check=False)
            assert done.returncode in (0, 1), done.stderr
            answers.append(done.stdout)
        mine = json.loads(answers[0])
        assert cli_files.answers_of_json(mine) == json.loads(answers[1]), "the floor disagrees"
        plan_s, plan_rss = _process(plan, repeat)
        floor_s, floor_rss = _process(floor, repeat)
    return {
        "rows": size,
        "plan CPU s": plan_s,
        "floor CPU s": floor_s,
        "plan peak RSS MiB": plan_rss,
        "floor peak RSS MiB": floor_rss,
    }


def _process(argv: list[str], repeat: int) -> tuple[float, float]:
    """The least CPU time and peak resident memory (MiB) of ``repeat`` runs of ``argv``."""
    best_s, best_rss = float("inf"), float("inf")
    script = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)\n"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(u.ru_utime + u.ru_stime, u.ru_maxrss)\n"
    )
    for _ in range(repeat):
        # A fresh parent per run: RUSAGE_CHILDREN's peak is the largest child's so far.
        out = subprocess.run(
            [sys.executable, "-c", script, *argv], capture_output=True, text=True, check=True
        ).stdout.split()
        best_s = min(best_s, float(out[0]))
        best_rss = min(best_rss, int(out[1]) / 1024)
    return best_s, best_rss


#: (figure, the goal's text, whether the figure meets it), from the measured results.
Figure = tuple[str, float, str, str, bool]


def figures(
    big: dict[str, float] | None, many: dict[str, float] | None, cli: dict[str, float] | None
) -> list[Figure]:
    """The issue's table: each figure as measured, its goal, and whether it holds."""
    rows: list[Figure] = []
    if big is not None:
        n = f"{int(big['documents']):,}"
        construction = big["construction s (records + Snapshot)"] / big["plain attrs records s"]
        from_rows = big["construction s (snapshot_from_rows)"] / big["plain attrs records s"]
        first = big["plan_repair first call s"] / big["tight hand-written plan s"]
        rows.append(
            (
                f"building a {n}-document snapshot with every check (snapshot_from_rows) "
                "/ plain attrs records",
                from_rows,
                "x",
                "≤ 1.3x",
                from_rows <= 1.3,
            )
        )
        rows.append(
            (
                "the same, records built one by one, then Snapshot(...) / plain attrs records",
                construction,
                "x",
                "≤ 1.3x",
                construction <= 1.3,
            )
        )
        rows.append(
            (
                f"a first plan_repair on a fresh {n} snapshot / the tight minimum",
                first,
                "x",
                "≤ 1.5x",
                first <= 1.5,
            )
        )
    if many is not None:
        rate = many["library administrations/s (one core)"]
        check = many["batch.check_one ms per administration"]
        check /= many["json.loads ms per administration"]
        unpickle = many["unpickle ms per administration"] / many["build ms per administration"]
        rows.append(
            (
                "500-document administrations, one in ten colliding, per second per core",
                rate,
                "/s",
                "≥ 1,000/s",
                rate >= 1000,
            )
        )
        rows.append(
            (
                "batch.check_one on a snapshot's JSON text / json.loads of that text",
                check,
                "x",
                "≤ 2.2x",
                check <= 2.2,
            )
        )
        rows.append(
            (
                "unpickling a 500-document snapshot / building it",
                unpickle,
                "x",
                "≤ 0.25x",
                unpickle <= 0.25,
            )
        )
    if big is not None and "snapshot bytes per document" in big:
        per = big["snapshot bytes per document"]
        rows.append(("snapshot memory per document", per, " B", "≤ 270 B", per <= 270))
    if cli is not None:
        n = f"{int(cli['rows']):,}"
        cpu = cli["plan CPU s"] / cli["floor CPU s"]
        rss = cli["plan peak RSS MiB"] / cli["floor peak RSS MiB"]
        rows.append(
            (
                f"booking-reconcile plan on {n}-row CSV exports / the streaming floor: CPU time",
                cpu,
                "x",
                "≤ 1.5x",
                cpu <= 1.5,
            )
        )
        rows.append(
            (
                f"booking-reconcile plan on {n}-row CSV exports / the streaming floor: peak memory",
                rss,
                "x",
                "≤ 1.2x",
                rss <= 1.2,
            )
        )
    return rows


def report(
    big: dict[str, float] | None, many: dict[str, float] | None, cli: dict[str, float] | None
) -> str:
    """The issue's figures, then every measurement behind them, as Markdown tables."""
    lines = ["| figure | measured | goal | holds |", "|---|---|---|---|"]
    for name, value, unit, goal, holds in figures(big, many, cli):
        shown = f"{value:,.0f}{unit}" if unit != "x" else f"{value:.2f}x"
        lines.append(f"| **{name}** | {shown} | {goal} | {'yes' if holds else 'no'} |")
    if big is not None:
        lines.append(
            "| **documents a plan left a cached value on** | "
            f"{int(big['documents left with a cached value'])} | 0 | |"
        )
    lines += ["", "| measurement | value |", "|---|---|"]
    for results in (big, many, cli):
        for name, value in (results or {}).items():
            lines.append(f"| {name} | {_cell(value)} |")
    if big is not None:
        later = big["plan_repair later call s"] / big["plan_repair first call s"]
        lines.append(f"| plan_repair later call / first call | {later:.2f}x |")
    if many is not None:
        speedup = (
            many["batch 2 workers administrations/s (wall)"]
            / many["batch serial administrations/s (wall)"]
        )
        lines.append(f"| batch, 2 workers / serial | {speedup:.2f}x |")
    return "\n".join(lines)


def _cell(value: float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int) or (float(value).is_integer() and abs(value) >= 1):
        return f"{int(value):,}"
    if abs(value) < 10:
        return f"{value:.3f}"
    return f"{value:,.1f}"


def _load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--administrations", type=int, default=1_000)
    parser.add_argument("--cli", type=int, default=0, metavar="ROWS", help="command-line rows")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    parser.add_argument("--only", choices=("large", "small", "cli"), help="one group of figures")
    parser.add_argument(
        "--smoke", action="store_true", help="small sizes, one repeat, every result checked"
    )
    options = parser.parse_args(argv)
    if options.smoke:
        options.size, options.repeat, options.administrations = 10_000, 1, 40
        options.cli = options.cli or 2_000
    print(f"load average (1, 5, 15 min) before: {_load()}; {os.cpu_count()} cores", flush=True)
    big = many = cli = None
    if options.only in (None, "large"):
        print(f"measuring {options.size:,} documents ...", file=sys.stderr, flush=True)
        big = large(options.size, options.repeat, memory=not options.no_memory)
    if options.only in (None, "small"):
        print("measuring 500-document administrations ...", file=sys.stderr, flush=True)
        many = small(options.administrations, options.repeat)
    if options.cli and options.only in (None, "cli"):
        print(f"measuring the command line on {options.cli:,} rows ...", file=sys.stderr)
        cli = command_line(options.cli, options.repeat)
    print(report(big, many, cli))
    print(f"\nload average (1, 5, 15 min) after: {_load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
