"""docs/recipes.md's Dask recipe, run as written on Dask's local process scheduler.

The recipe is the script ``examples/many-administrations/check_with_dask.py``
(the page includes it): a few hundred administrations as JSON Lines in, the
answers as JSON Lines out, the input cut into several partitions, each answer
what :func:`~booking_reconcile.batch.check_one` gives for its line.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from booking_reconcile import Booking, Integration, Invoice, Snapshot
from booking_reconcile.batch import check_one

pytest.importorskip("dask.bag")

ROOT = Path(__file__).resolve().parent.parent
RECIPE = ROOT / "examples" / "many-administrations" / "check_with_dask.py"
ADMINISTRATIONS = 300


def administration(number: int) -> str:
    """One administration's snapshot line: every seventh has a collision, every 50th is bad."""
    if number % 50 == 49:
        return '{"integration": {"invoice_journal": "70"'  # cut off: bad JSON
    start = date(2026, 1, 1)
    invoices = [
        Invoice(f"{number}/{index}", start + timedelta(days=index), 1000 + index)
        for index in range(1, 21)
    ]
    if number % 7 == 0:
        invoices.append(Invoice(f"{number}/21", start + timedelta(days=30), 1020))
    bookings = [Booking("70", i.booking_number or 0, i.date, i.ref) for i in invoices[:20]]
    snapshot = Snapshot(Integration("70", "71"), invoices, bookings=bookings)
    return json.dumps(snapshot.to_dict())


@pytest.mark.slow
def test_the_dask_recipe_checks_every_administration_in_order_on_processes(
    tmp_path: Path,
) -> None:
    lines = [administration(number) for number in range(ADMINISTRATIONS)]
    snapshots = tmp_path / "snapshots.jsonl"
    snapshots.write_text("\n".join(lines) + "\n", encoding="utf-8")
    answers = tmp_path / "answers"
    sized = ("--blocksize", "64KiB", "--workers", "2")
    result = subprocess.run(
        [sys.executable, str(RECIPE), str(snapshots), str(answers), *sized],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    parts = sorted(answers.glob("part-*.jsonl"))
    assert len(parts) >= 4, "the blocksize cuts the file into partitions"
    texts = [part.read_text(encoding="utf-8") for part in parts]
    assert all(text.endswith("\n") for text in texts), "each part ends its last line"
    written = [json.loads(line) for line in "".join(texts).splitlines()]
    assert written == [check_one(line) for line in lines]
    statuses = [answer["status"] for answer in written]
    bad = [number for number in range(ADMINISTRATIONS) if number % 50 == 49]
    colliding = [n for n in range(0, ADMINISTRATIONS, 7) if n not in bad]
    assert statuses.count("found") == len(colliding)
    assert statuses.count("error") == len(bad)


def test_the_recipe_guards_its_entry_point_and_the_page_shows_the_script() -> None:
    script = RECIPE.read_text(encoding="utf-8")
    assert '\nif __name__ == "__main__":\n    main()\n' in script
    page = (ROOT / "docs" / "recipes.md").read_text(encoding="utf-8")
    assert "--8<--\nexamples/many-administrations/check_with_dask.py\n--8<--" in page
