"""The benchmark runs and its results are right (timings are not tested here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_smoke_run_checks_its_results_and_prints_every_figure() -> None:
    # The run itself asserts that the library's plan is sound, that the tight
    # hand-written baseline and plain records with it give the same answers,
    # that the batch pool answers as the serial path does, that unpickled
    # snapshots equal the built ones, and that the command line's plan gives
    # the streaming floor's answers.
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    for figure in (
        "load average (1, 5, 15 min) before",
        "snapshot with every check (snapshot_from_rows) / plain attrs records",
        "records built one by one, then Snapshot(...) / plain attrs records",
        "a first plan_repair on a fresh 10,000 snapshot / the tight minimum",
        "500-document administrations, one in ten colliding, per second per core",
        "batch.check_one on a snapshot's JSON text / json.loads of that text",
        "unpickling a 500-document snapshot / building it",
        "snapshot memory per document",
        "CSV exports / the streaming floor: CPU time",
        "CSV exports / the streaming floor: peak memory",
        "GC share of construction",
        "documents a plan left a cached value on",
        "batch, 2 workers / serial",
        "load average (1, 5, 15 min) after",
    ):
        assert figure in result.stdout, figure
    # Nothing is cached on the documents by a plan.
    (row,) = [line for line in result.stdout.splitlines() if "left a cached value" in line]
    assert row.split("|")[2].strip() == "0", row
