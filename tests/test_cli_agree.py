"""``check`` and ``plan`` agree (issue 13): the same verdict, from the same plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from booking_reconcile.cli import main

DOCUMENTS = "kind,number,date,booking_number\ninvoice,A,2026-01-05,1001\ninvoice,B,2026-01-06,1002\ninvoice,U,2026-01-08,\n"


@pytest.mark.parametrize(
    ("bookings", "kind", "status"),
    [
        # B's booking was deleted and B carries the highest number: the next
        # sync hands 1002 out again (§3.9), so both commands say "prevent".
        pytest.param(
            "journal,booking_number,date,document_kind,document_number\n70,1001,2026-01-05,invoice,A\n",
            "prevent",
            1,
            id="prevention",
        ),
        # A's booking was deleted but B's 1002 stays above it: nothing predicted.
        pytest.param(
            "journal,booking_number,date,document_kind,document_number\n70,1002,2026-01-06,invoice,B\n",
            "none",
            0,
            id="stale-below",
        ),
    ],
)
def test_check_and_plan_give_the_same_verdict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bookings: str, kind: str, status: int
) -> None:
    (tmp_path / "d.csv").write_text(DOCUMENTS, encoding="utf-8")
    (tmp_path / "b.csv").write_text(bookings, encoding="utf-8")
    inputs = [str(tmp_path / "d.csv"), "--bookings", str(tmp_path / "b.csv"), "--format", "json"]
    assert main(["check", *inputs]) == status
    checked = json.loads(capsys.readouterr().out)
    assert main(["plan", *inputs]) == 0
    planned = json.loads(capsys.readouterr().out)
    assert checked["kind"] == planned["kind"] == kind
    assert checked["needed"] == planned["needed"] == (kind != "none")
    if kind == "prevent":
        assert "prevent" in checked["summary"]
        assert "nothing is deleted" in checked["summary"]
    else:
        assert "nothing to repair" in checked["summary"]
