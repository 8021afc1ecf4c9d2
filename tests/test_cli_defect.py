"""The command's exit status 3: a plan that failed its own proof (a defect, never expected)."""

from __future__ import annotations

from pathlib import Path

import pytest

from booking_reconcile import plan
from booking_reconcile.cli import EXIT_DEFECT, main
from messages import one_error

ARTICLE = Path(__file__).resolve().parent.parent / "examples" / "article" / "snapshot.json"


def test_a_plan_that_fails_its_proof_exits_3_with_one_line_and_no_plan(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing(
        *args: object, **kwargs: object
    ) -> tuple[tuple[str, ...], tuple[()], tuple[()], tuple[()]]:
        return ("the sync would collide",), (), (), ()

    monkeypatch.setattr(plan, "proof_of", failing)
    assert main(["plan", str(ARTICLE)]) == EXIT_DEFECT == 3
    out, err = capsys.readouterr()
    assert out == ""
    message = one_error(err)
    assert message.startswith("booking-reconcile: internal error: ")
    assert "the sync would collide" in message
    assert "delete nothing" in message
