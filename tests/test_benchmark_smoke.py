"""The benchmark runs and its results are right (timings are not tested here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_smoke_run_checks_its_results_and_prints_every_ratio() -> None:
    # The run itself asserts that the library's plan is sound, that the
    # hand-written baseline (and pandas and polars, when installed) give the
    # same answers, and that the batch pool answers as the serial path does.
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    for figure in (
        "plan_repair first call / hand-written baseline",
        "plan_repair later call / first call",
        "construction / plain attrs",
        "GC share of construction",
        "GC share of plan_repair first call",
        "index bytes per document",
        "plan_repair peak / snapshot memory",
        "documents a plan left a cached value on",
        "library administrations/s (one core)",
        "batch, 2 workers / serial",
        "pickle round trip / construction",
    ):
        assert figure in result.stdout, figure
    # Nothing is cached on the documents by a plan.
    (row,) = [line for line in result.stdout.splitlines() if "left a cached value" in line]
    assert row.split("|")[2].strip() == "0", row
