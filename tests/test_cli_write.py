"""``--output FILE``: the whole new content or the old one, and never over an input file.

The command writes a temporary file beside the target, flushes it to the
disk and moves it into place (``booking_reconcile._files``), so a write that
fails midway (a full disk, a quota) leaves the target as it was; a target
that is one of the run's inputs is refused, exit 2, before anything is read
or written.
"""

from __future__ import annotations

import errno
import importlib
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from booking_reconcile.cli import main
from messages import one_error

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "article"
FILES = importlib.import_module("booking_reconcile._files")


@pytest.fixture
def article(tmp_path: Path) -> Path:
    for name in ("documents.csv", "bookings.csv", "journals.csv", "snapshot.json"):
        shutil.copy(ARTICLE / name, tmp_path / name)
    return tmp_path


def _plan(folder: Path, *more: str) -> list[str]:
    return [
        "plan",
        str(folder / "documents.csv"),
        "--bookings",
        str(folder / "bookings.csv"),
        "--journals",
        str(folder / "journals.csv"),
        *more,
    ]


def _left_over(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


def test_output_replaces_the_file_whole(article: Path) -> None:
    target = article / "plan.md"
    target.write_text("yesterday's plan\n", encoding="utf-8")
    assert main(_plan(article, "--format", "markdown", "--output", str(target))) == 0
    assert target.read_text(encoding="utf-8").startswith("# Repair plan")
    assert _left_over(article) == []


class _DiskFull:
    """A file that takes the first 100 bytes and then fails as a full disk does."""

    def __init__(self, file: Any) -> None:
        self.file = file

    def write(self, data: bytes) -> int:
        self.file.write(data[:100])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self) -> _DiskFull:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.file, name)


@pytest.mark.parametrize("output_format", ["text", "markdown", "json", "csv", "xlsx"])
def test_a_write_that_fails_midway_leaves_the_old_file(
    article: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    output_format: str,
) -> None:
    if output_format == "xlsx":
        pytest.importorskip("openpyxl")
    target = article / "plan.out"
    target.write_text("yesterday's plan, whole\n", encoding="utf-8")
    real_fdopen = os.fdopen
    monkeypatch.setattr(FILES.os, "fdopen", lambda *a, **k: _DiskFull(real_fdopen(*a, **k)))
    status = main(_plan(article, "--format", output_format, "--output", str(target)))
    assert status == 2
    assert target.read_text(encoding="utf-8") == "yesterday's plan, whole\n"
    assert _left_over(article) == []
    err = one_error(capsys.readouterr().err)
    assert f"--output {target}" in err
    assert "No space left on device" in err
    assert "left as it was" in err


@pytest.mark.parametrize(
    "command",
    [
        ["check", "{d}/snapshot.json"],
        ["check", "{d}/snapshot.json", "--format", "markdown"],
        ["snapshot", "{d}/documents.csv", "--bookings", "{d}/bookings.csv"],
        ["confirm", "{d}/plan.json", "{d}/snapshot.json"],
    ],
    ids=["check", "check-markdown", "snapshot", "confirm"],
)
def test_every_command_writes_whole_or_leaves_the_old_file(
    article: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    plan = str(article / "plan.json")
    assert main(["plan", str(article / "snapshot.json"), "--format", "json", "--output", plan]) == 0
    target = article / "answer.out"
    target.write_text("yesterday's answer, whole\n", encoding="utf-8")
    real_fdopen = os.fdopen
    monkeypatch.setattr(FILES.os, "fdopen", lambda *a, **k: _DiskFull(real_fdopen(*a, **k)))
    argv = [argument.format(d=article) for argument in command]
    assert main([*argv, "--output", str(target)]) == 2
    assert target.read_text(encoding="utf-8") == "yesterday's answer, whole\n"
    assert _left_over(article) == []
    assert "No space left on device" in one_error(capsys.readouterr().err)


def test_a_new_file_gets_the_usual_permissions_and_an_old_one_keeps_its_own(
    article: Path,
) -> None:
    umask = os.umask(0o022)
    try:
        new = article / "new.md"
        assert main(_plan(article, "--output", str(new))) == 0
        assert new.stat().st_mode & 0o777 == 0o644
        old = article / "old.md"
        old.write_text("x", encoding="utf-8")
        old.chmod(0o600)
        assert main(_plan(article, "--output", str(old))) == 0
        assert old.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(umask)


def test_output_through_a_symbolic_link_replaces_the_file_it_points_to(article: Path) -> None:
    real = article / "real.md"
    real.write_text("old\n", encoding="utf-8")
    link = article / "link.md"
    link.symlink_to(real)
    assert main(_plan(article, "--output", str(link))) == 0
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("Repair plan")


@pytest.mark.parametrize(
    ("arguments", "target"),
    [
        pytest.param(["--output", "{d}/documents.csv"], "documents.csv", id="documents"),
        pytest.param(["--output", "{d}/./bookings.csv"], "bookings.csv", id="bookings-spelt-apart"),
        pytest.param(["--output", "{d}/journals.csv"], "journals.csv", id="journals"),
    ],
)
def test_output_that_is_an_input_is_refused_before_anything_is_written(
    article: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], target: str
) -> None:
    before = (article / target).read_bytes()
    argv = _plan(article, *(argument.format(d=article) for argument in arguments))
    assert main(argv) == 2
    assert (article / target).read_bytes() == before
    out, err = capsys.readouterr()
    assert out == ""
    assert "writing there would replace it" in one_error(err)


def test_output_over_an_input_is_refused_before_anything_is_read(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The bookings file does not exist: the --output is refused first.
    argv = [
        "check",
        str(article / "documents.csv"),
        "--bookings",
        str(article / "missing.csv"),
        "--output",
        str(article / "documents.csv"),
    ]
    assert main(argv) == 2
    assert "--output" in capsys.readouterr().err


def test_output_through_a_link_to_an_input_is_refused(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = article / "alias.json"
    link.symlink_to(article / "snapshot.json")
    before = (article / "snapshot.json").read_bytes()
    assert main(["check", str(article / "snapshot.json"), "--output", str(link)]) == 2
    assert (article / "snapshot.json").read_bytes() == before


def test_confirm_refuses_an_output_over_its_plan(
    article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = article / "plan.json"
    assert (
        main(["plan", str(article / "snapshot.json"), "--format", "json", "--output", str(plan)])
        == 0
    )
    saved = plan.read_bytes()
    after = str(article / "snapshot.json")
    assert main(["confirm", str(plan), after, "--output", str(plan)]) == 2
    assert plan.read_bytes() == saved


def test_output_to_a_device_is_written_directly(article: Path) -> None:
    # /dev/null is no regular file: there is no old content to keep, and no
    # temporary file can stand beside it.
    assert main(_plan(article, "--output", os.devnull)) == 0
    assert _left_over(article) == []
