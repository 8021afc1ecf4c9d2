"""``check --batch``: one bad administration is one error answer, and the run is trustworthy.

Issue 21: an unreadable or vanished file, a link to nothing, a folder named
``b.json``, bad JSON, bytes that are not UTF-8, an integer of thousands of
digits and a key given twice each become that administration's answer; the
good ones around it are still answered. ``--output`` replaces its file whole
or not at all; a run with nothing to check exits 2; options that do not apply
are refused; a summary line on standard error counts the answers.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from booking_reconcile import Booking, Integration, Invoice, Snapshot
from booking_reconcile import batch_cli as batch_cli_module
from booking_reconcile.batch import check_many
from booking_reconcile.cli import main
from messages import one_error
from strategies import histories

A = Invoice("A", date(2026, 1, 5), 1001)
B = Invoice("B", date(2026, 1, 6), 1001)
CLEAN = Snapshot(
    Integration("70", "71"), [A], bookings=[Booking("70", 1001, A.date, A.ref)]
).to_dict()
FOUND = Snapshot(Integration("70", "70"), [A, B]).to_dict()
CLEAN_TEXT = json.dumps(CLEAN)

#: Each bad administration as the bytes of its file or line, and what its error message says.
BAD_CONTENT = {
    "bad JSON": (b'{"integration": ', "is not valid JSON"),
    "not UTF-8": (CLEAN_TEXT.replace('"A"', '"\xe9"').encode("cp1252"), "is not UTF-8 text"),
    "5,000-digit integer": (
        CLEAN_TEXT.replace("1001", "9" * 5000, 1).encode(),
        "holds an integer of 5000 digits",
    ),
    "key given twice": (
        b'{"documents": [], "documents": [], "integration": {}}',
        "is given twice in one object",
    ),
}


def _answers(out: str) -> list[dict[str, object]]:
    assert out.endswith("\n")
    return [json.loads(line) for line in out.splitlines()]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["check", "--batch", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("case", sorted(BAD_CONTENT))
def test_a_bad_file_of_a_folder_is_its_own_error_answer_and_the_others_are_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    data, message = BAD_CONTENT[case]
    (tmp_path / "a.json").write_text(CLEAN_TEXT, encoding="utf-8")
    (tmp_path / "b.json").write_bytes(data)
    (tmp_path / "c.json").write_text(json.dumps(FOUND), encoding="utf-8")
    status, out, err = _run(capsys, str(tmp_path))
    answers = _answers(out)
    assert [(Path(str(a["source"])).name, a["status"]) for a in answers] == [
        ("a.json", "clean"),
        ("b.json", "error"),
        ("c.json", "found"),
    ]
    assert message in str(answers[1]["message"])
    assert str(tmp_path / "b.json") in str(answers[1]["message"])
    assert status == 2
    assert "Traceback" not in err


@pytest.mark.parametrize("case", sorted(BAD_CONTENT))
def test_a_bad_line_of_a_json_lines_file_is_its_own_error_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    data, message = BAD_CONTENT[case]
    path = tmp_path / "snapshots.jsonl"
    path.write_bytes(b"\n".join([CLEAN_TEXT.encode(), data, json.dumps(FOUND).encode()]) + b"\n")
    status, out, _ = _run(capsys, str(path))
    answers = _answers(out)
    assert [(a["source"], a["status"]) for a in answers] == [
        (f"{path}, line 1", "clean"),
        (f"{path}, line 2", "error"),
        (f"{path}, line 3", "found"),
    ]
    assert message in str(answers[1]["message"])
    # The line is named once: by the source, not again by the reader of its text.
    assert str(answers[1]["message"]).startswith((f"{path}, line 2: ", f"{path}, line 2, field"))
    assert status == 2


def test_a_huge_integer_in_a_pool_worker_is_an_answer_and_the_line_before_it_is_kept() -> None:
    big = BAD_CONTENT["5,000-digit integer"][0]
    answers = list(check_many([CLEAN_TEXT, big, CLEAN_TEXT], workers=2, chunk_size=3))
    assert [a["status"] for a in answers] == ["clean", "error", "clean"]
    assert answers[1]["error"] == "InputFormatError"


def test_a_folder_named_like_a_snapshot_is_its_own_error_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.json").write_text(CLEAN_TEXT, encoding="utf-8")
    (tmp_path / "b.json").mkdir()
    status, out, _ = _run(capsys, str(tmp_path))
    answers = _answers(out)
    assert [a["status"] for a in answers] == ["clean", "error"]
    assert "is a folder, not a snapshot file" in str(answers[1]["message"])
    assert status == 2


def test_a_link_to_nothing_is_its_own_error_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.json").symlink_to(tmp_path / "gone.json")
    (tmp_path / "b.json").write_text(CLEAN_TEXT, encoding="utf-8")
    status, out, _ = _run(capsys, str(tmp_path))
    answers = _answers(out)
    assert [a["status"] for a in answers] == ["error", "clean"]
    assert "is a link to" in str(answers[0]["message"])
    assert "which is not there" in str(answers[0]["message"])
    assert status == 2


def test_a_file_that_vanished_after_the_listing_is_its_own_error_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "b.json").write_text(CLEAN_TEXT, encoding="utf-8")
    listed = [tmp_path / "a.json", tmp_path / "b.json"]  # a.json was removed since
    monkeypatch.setattr(Path, "iterdir", lambda self: iter(listed))
    status, out, _ = _run(capsys, str(tmp_path))
    answers = _answers(out)
    assert [a["status"] for a in answers] == ["error", "clean"]
    assert "cannot be read (No such file or directory)" in str(answers[0]["message"])
    assert status == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file of mode 000")
def test_a_file_without_read_permission_is_its_own_error_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "a.json"
    locked.write_text(CLEAN_TEXT, encoding="utf-8")
    locked.chmod(0)
    (tmp_path / "b.json").write_text(CLEAN_TEXT, encoding="utf-8")
    status, out, _ = _run(capsys, str(tmp_path))
    assert [a["status"] for a in _answers(out)] == ["error", "clean"]
    assert "Permission denied" in out
    assert status == 2


# -- the summary, and nothing to check -------------------------------------------


def test_a_summary_line_on_standard_error_counts_the_answers_per_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "snapshots.jsonl"
    path.write_text("\n".join([CLEAN_TEXT, CLEAN_TEXT, json.dumps(FOUND), "{"]) + "\n")
    status, out, err = _run(capsys, str(path))
    assert len(_answers(out)) == 4
    assert err == "booking-reconcile: 4 answers: 2 clean, 1 found, 1 error\n"
    assert status == 2


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda path: path.mkdir(), "holds no .json files: nothing to check"),
        (lambda path: path.write_text("\n  \n"), "every line is blank): nothing to check"),
    ],
    ids=["empty folder", "blank json lines"],
)
def test_a_run_with_nothing_to_check_exits_2_saying_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, says: str
) -> None:
    path = tmp_path / "in"
    make(path)  # type: ignore[operator]
    (tmp_path / "answers.jsonl").write_text("yesterday\n")
    status, out, err = _run(capsys, str(path), "--output", str(tmp_path / "answers.jsonl"))
    assert status == 2
    assert out == ""
    assert says in one_error(err)
    assert (tmp_path / "answers.jsonl").read_text() == "yesterday\n"


# -- options ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "option",
    [
        ["--format", "text"],
        ["--format", "markdown"],
        ["--invoice-journal", "70"],
        ["--encoding", "cp1252"],
        ["--day-first"],
        ["--bookings-complete"],
    ],
    ids=lambda option: option[0],
)
def test_options_that_do_not_apply_to_the_batch_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str]
) -> None:
    (tmp_path / "a.json").write_text(CLEAN_TEXT, encoding="utf-8")
    status, out, err = _run(capsys, str(tmp_path), *option)
    assert status == 2
    assert out == ""
    shown = " ".join(option) if option[0] == "--format" else option[0]
    assert f"{shown}: does not apply to check --batch" in one_error(err)


def test_format_json_is_what_the_batch_writes_anyway(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.json").write_text(CLEAN_TEXT, encoding="utf-8")
    status, out, _ = _run(capsys, str(tmp_path), "--format", "json")
    assert status == 0
    assert [a["status"] for a in _answers(out)] == ["clean"]


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["check", "x.json", "--since", "y.jsonl"], "--since: applies only to check --batch"),
        (["check", "x.json", "--only-changes"], "--only-changes: applies only to check --batch"),
        (["check", "--batch", "x", "--only-changes"], "--only-changes: needs --since PREVIOUS"),
    ],
)
def test_the_batch_options_are_refused_where_they_mean_nothing(
    capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    assert main(argv) == 2
    assert says in one_error(capsys.readouterr().err)


# -- --output --------------------------------------------------------------------


def test_output_receives_the_answers_and_keeps_the_file_s_permissions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_text(CLEAN_TEXT, encoding="utf-8")
    target = tmp_path / "answers.jsonl"
    target.write_text("yesterday\n")
    target.chmod(0o640)
    status, out, err = _run(capsys, str(folder), "--output", str(target))
    assert (status, out) == (0, "")
    assert [a["status"] for a in _answers(target.read_text(encoding="utf-8"))] == ["clean"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert "1 answer: 1 clean" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.jsonl", "in"]


def test_output_keeps_its_old_content_when_the_run_fails_midway(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "snapshots.jsonl"
    path.write_text(CLEAN_TEXT + "\n" + CLEAN_TEXT + "\n")
    target = tmp_path / "answers.jsonl"
    target.write_text("yesterday\n")

    def failing(texts: object, **_: object) -> object:
        yield {"labels": {}, "status": "clean"}
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(batch_cli_module, "check_many", failing)
    status, _, err = _run(capsys, str(path), "--output", str(target))
    assert status == 2
    assert "--output" in err
    assert "No space left on device" in one_error(err)
    assert target.read_text() == "yesterday\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.jsonl", "snapshots.jsonl"]


@pytest.mark.parametrize("as_lines", [False, True], ids=["folder", "json-lines"])
def test_output_that_is_one_of_the_inputs_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], as_lines: bool
) -> None:
    if as_lines:
        source = target = tmp_path / "snapshots.jsonl"
        source.write_text(CLEAN_TEXT + "\n")
    else:
        source, target = tmp_path, tmp_path / "a.json"
        target.write_text(CLEAN_TEXT)
    before = target.read_bytes()
    status, out, err = _run(capsys, str(source), "--output", str(target))
    assert (status, out) == (2, "")
    assert "is the input file" in one_error(err)
    assert target.read_bytes() == before


# -- --since: what changed since the last run -------------------------------------


def _folder(tmp_path: Path, name: str, snapshots: dict[str, object]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for file, snapshot in snapshots.items():
        (folder / file).write_text(
            snapshot if isinstance(snapshot, str) else json.dumps(snapshot), encoding="utf-8"
        )
    return folder


def _nights(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, list[dict[str, object]], str]:
    """Last night: a clean, b found, c found, d clean. Tonight: a found, b clean, c found, e new."""
    folder = _folder(tmp_path, "admin", {"a.json": CLEAN, "b.json": FOUND, "c.json": FOUND})
    (folder / "d.json").write_text(CLEAN_TEXT)
    previous = tmp_path / "last-night.jsonl"
    assert main(["check", "--batch", str(folder), "--output", str(previous)]) == 1
    capsys.readouterr()
    (folder / "a.json").write_text(json.dumps(FOUND))
    (folder / "b.json").write_text(CLEAN_TEXT)
    (folder / "d.json").unlink()
    (folder / "e.json").write_text(CLEAN_TEXT)
    status, out, err = _run(capsys, str(folder), "--since", str(previous), *extra)
    return status, _answers(out) if out else [], err


def test_since_says_for_each_administration_what_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, answers, err = _nights(tmp_path, capsys)
    assert [(Path(str(a["source"])).name, a["status"], a["change"]) for a in answers] == [
        ("a.json", "found", "changed"),
        ("b.json", "clean", "resolved"),
        ("c.json", "found", "unchanged"),
        ("e.json", "clean", "new"),
    ]
    assert list(answers[0])[:2] == ["source", "change"]
    assert status == 1
    assert err == (
        "booking-reconcile: 4 answers: 2 clean, 2 found; 1 new, 1 changed, 1 resolved, "
        "1 unchanged; 1 earlier answer not checked now\n"
    )


def test_only_changes_prints_and_counts_what_changed_and_exits_by_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, answers, err = _nights(tmp_path, capsys, "--only-changes")
    assert [a["change"] for a in answers] == ["changed", "resolved", "new"]
    assert "3 answers: 2 clean, 1 found; 1 new, 1 changed, 1 resolved;" in err
    assert status == 1


def test_only_changes_exits_0_when_what_is_still_found_is_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path, "admin", {"a.json": FOUND, "b.json": CLEAN})
    previous = tmp_path / "last-night.jsonl"
    assert main(["check", "--batch", str(folder), "--output", str(previous)]) == 1
    capsys.readouterr()
    status, out, err = _run(capsys, str(folder), "--since", str(previous), "--only-changes")
    assert (status, out) == (0, "")
    assert err == "booking-reconcile: 0 answers; no changes\n"
    status, out, _ = _run(capsys, str(folder), "--since", str(previous))
    assert status == 1
    assert [a["change"] for a in _answers(out)] == ["unchanged", "unchanged"]


def test_since_may_name_the_file_the_answers_replace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path, "admin", {"a.json": FOUND})
    answers = tmp_path / "answers.jsonl"
    assert main(["check", "--batch", str(folder), "--output", str(answers)]) == 1
    (folder / "a.json").write_text(CLEAN_TEXT)
    status, _, _ = _run(capsys, str(folder), "--since", str(answers), "--output", str(answers))
    assert status == 0
    assert [a["change"] for a in _answers(answers.read_text())] == ["resolved"]


def test_administrations_are_matched_by_labels_before_their_source() -> None:
    from booking_reconcile.batch_cli import Previous

    before = [
        {"source": "x.jsonl, line 1", "labels": {"division": "1"}, "status": "found", "n": 1},
        {"source": "x.jsonl, line 2", "labels": {"division": "2"}, "status": "clean", "n": 2},
        {"source": "x.jsonl, line 3", "labels": {}, "status": "clean", "n": 3},
    ]
    previous = Previous(before)
    moved = {"source": "x.jsonl, line 9", "labels": {"division": "2"}, "status": "clean", "n": 2}
    assert previous.change(moved) == "unchanged"
    same_line_other_labels = {**before[0], "labels": {"division": "3"}}
    assert previous.change(same_line_other_labels) == "new"
    assert previous.change({**before[2], "n": 4}) == "changed"
    assert previous.change({**before[0], "status": "clean"}) == "resolved"
    assert previous.unmatched == 0


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "cannot be read"),
        (b"{", "line 1: is not valid JSON"),
        # A cut-off last line: the file's line, said once; json's words without "at at".
        (
            b'{"source": "a"}\n{"source": "b"}\n{"source": "c", "status": "fou',
            "line 3: is not valid JSON (Unterminated string starting at column 27)",
        ),
        (b'\n["clean"]\n', 'line 2: is not an answer of check --batch (an object with "source"'),
        (b'{"source": "a", "source": "b"}', "is given twice in one object"),
    ],
    ids=["missing", "bad JSON", "cut off", "not an answer", "key twice"],
)
def test_a_since_file_that_is_not_earlier_answers_stops_the_run_before_it_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, says: str
) -> None:
    folder = _folder(tmp_path, "admin", {"a.json": CLEAN})
    previous = tmp_path / "last-night.jsonl"
    if content is not None:
        previous.write_bytes(content)
    status, out, err = _run(capsys, str(folder), "--since", str(previous))
    assert (status, out) == (2, "")
    assert f"--since {previous}" in one_error(err)
    assert says in one_error(err)


# -- one verdict: check FILE and check --batch agree -------------------------------


def _agree(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each file's ``check FILE`` exit status and kind are its batch answer's."""
    single = {}
    for path in sorted(folder.glob("*.json")):
        status = main(["check", str(path), "--format", "json"])
        single[str(path)] = (status, json.loads(capsys.readouterr().out)["kind"])
    main(["check", "--batch", str(folder)])
    exits = {"clean": 0, "found": 1}
    batch = {
        str(answer["source"]): (exits[str(answer["status"])], answer["kind"])
        for answer in _answers(capsys.readouterr().out)
    }
    assert batch == single


def test_check_and_the_batch_agree_on_every_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    examples = Path(__file__).resolve().parent.parent / "examples"
    for path in sorted(examples.glob("*/snapshot.json")):
        (tmp_path / f"{path.parent.name}.json").write_bytes(path.read_bytes())
    (tmp_path / "found.json").write_text(json.dumps(FOUND))
    (tmp_path / "clean.json").write_text(CLEAN_TEXT)
    _agree(tmp_path, capsys)


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    snapshots=st.lists(
        st.one_of(histories(), histories(with_bookings=False)), min_size=4, max_size=4
    )
)
def test_check_and_the_batch_agree_on_generated_snapshots(
    snapshots: list[Snapshot], capsys: pytest.CaptureFixture[str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for number, snapshot in enumerate(snapshots):
            Path(folder, f"{number}.json").write_text(json.dumps(snapshot.to_dict()))
        _agree(Path(folder), capsys)


def test_rule_7_since_finds_a_department_again_whatever_its_spelling(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Department and division names are compared as the readers and confirm
    # compare them, case and spacing aside: last night's answer written with a
    # typed 'gent' is tonight's 'Gent'. Other label keys are compared exactly.
    def line(labels: dict[str, str]) -> str:
        return json.dumps({**FOUND, "labels": labels})

    path = tmp_path / "snapshots.jsonl"
    path.write_text(line({"department": "gent", "owner": "ann"}) + "\n")
    previous = tmp_path / "last-night.jsonl"
    assert main(["check", "--batch", str(path), "--output", str(previous)]) == 1
    path.write_text(
        line({"department": "Gent", "owner": "ann"})
        + "\n"
        + line({"department": "Gent", "owner": "Ann"})
        + "\n"
    )
    capsys.readouterr()
    _, out, _ = _run(capsys, str(path), "--since", str(previous))
    assert [answer["change"] for answer in _answers(out)] == ["unchanged", "new"]


def test_since_finds_an_administration_again_by_its_labels_wherever_its_line_moved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def line(division: str, snapshot: dict[str, object]) -> str:
        return json.dumps({**snapshot, "labels": {"division": division}})

    path = tmp_path / "snapshots.jsonl"
    path.write_text("\n".join([line("1", FOUND), line("2", CLEAN), line("3", FOUND)]) + "\n")
    previous = tmp_path / "last-night.jsonl"
    assert main(["check", "--batch", str(path), "--output", str(previous)]) == 1
    path.write_text("\n".join([line("3", FOUND), line("2", FOUND), line("1", CLEAN)]) + "\n")
    capsys.readouterr()
    status, out, _ = _run(capsys, str(path), "--since", str(previous))
    assert [(a["labels"], a["change"]) for a in _answers(out)] == [
        ({"division": "3"}, "unchanged"),
        ({"division": "2"}, "changed"),
        ({"division": "1"}, "resolved"),
    ]
    assert status == 1
