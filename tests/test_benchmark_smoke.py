"""The benchmark runs and its results are right (timings are not tested here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_smoke_run_checks_its_results_and_prints_every_ratio() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    for figure in (
        "construction / plain attrs",
        "find_collisions / grouping",
        "plan_repair / grouping",
        "plan peak / snapshot memory",
    ):
        assert figure in result.stdout
