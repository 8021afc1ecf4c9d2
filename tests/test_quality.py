"""The static checks run with the tests, so one command checks everything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(("mypy", "--strict", "src", "benchmarks"), id="mypy-strict"),
        pytest.param(("ruff", "check"), id="ruff-check"),
        pytest.param(("ruff", "format", "--check"), id="ruff-format"),
    ],
)
def test_static_check_is_clean(command: tuple[str, ...]) -> None:
    result = _run(*command)
    assert result.returncode == 0, result.stdout + result.stderr
