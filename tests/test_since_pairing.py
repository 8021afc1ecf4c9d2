"""``check --batch --since``: each administration is paired with its own earlier answer (§7).

An answer says which administration it is about (contract §7), and ``--since``
finds it again by its labels, else by its source. The review's findings:

- an error answer's message names its file or line, so an administration
  whose answer is the same error as last night read ``changed`` when only its
  file or line moved (F2);
- an administration whose file became unreadable (no labels read) read
  ``new``, and its earlier answer, filed under its labels, "not checked now"
  (F3);
- two administrations with equal labels were paired by order: the clean one
  ``resolved``, the found one ``changed``, though nothing changed, and
  nothing said that the labels repeat (F9);
- "1 earlier answers not checked now" (F13c).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from booking_reconcile import Booking, Integration, Invoice, Snapshot
from booking_reconcile._since import Previous
from booking_reconcile.batch_cli import summary
from booking_reconcile.cli import main
from messages import notes

A = Invoice("A", date(2026, 1, 5), 1001)
B = Invoice("B", date(2026, 1, 6), 1001)
CLEAN = Snapshot(
    Integration("70", "71"), [A], bookings=[Booking("70", 1001, A.date, A.ref)]
).to_dict()
FOUND = Snapshot(Integration("70", "70"), [A, B]).to_dict()
#: A snapshot that does not validate: booking number 0.
BROKEN = {**CLEAN, "documents": [{**CLEAN["documents"][0], "booking_number": 0}]}


def _labelled(snapshot: dict[str, object], **labels: str) -> dict[str, object]:
    return {**snapshot, "labels": labels}


def _lines(path: Path, *snapshots: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(snapshot) + "\n" for snapshot in snapshots))
    return path


def _folder(folder: Path, **files: dict[str, object] | str) -> Path:
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.json"):
        old.unlink()
    for name, snapshot in files.items():
        text = snapshot if isinstance(snapshot, str) else json.dumps(snapshot)
        (folder / f"{name}.json").write_text(text)
    return folder


def _first_night(capsys: pytest.CaptureFixture[str], path: Path, previous: Path) -> None:
    main(["check", "--batch", str(path), "--output", str(previous)])
    capsys.readouterr()


def _since(
    capsys: pytest.CaptureFixture[str], path: Path, previous: Path
) -> tuple[list[dict[str, object]], str]:
    main(["check", "--batch", str(path), "--since", str(previous)])
    captured = capsys.readouterr()
    return [json.loads(line) for line in captured.out.splitlines()], captured.err


def _changes(answers: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(answer["labels"], answer["change"]) for answer in answers]


# -- F2: the same error, its file or line moved ------------------------------------


def test_rule_7_the_same_error_is_unchanged_when_its_lines_are_reordered_and_the_file_renamed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = tmp_path / "answers.jsonl"
    before = _lines(
        tmp_path / "2026-12-02.jsonl",
        _labelled(CLEAN, division="555"),
        _labelled(BROKEN, division="444"),
        _labelled(CLEAN, division="111"),
    )
    _first_night(capsys, before, previous)
    tonight = _lines(
        tmp_path / "2026-12-03.jsonl",
        _labelled(BROKEN, division="444"),
        _labelled(CLEAN, division="111"),
        _labelled(CLEAN, division="555"),
    )
    answers, err = _since(capsys, tonight, previous)
    assert _changes(answers) == [
        ({"division": "444"}, "unchanged"),
        ({"division": "111"}, "unchanged"),
        ({"division": "555"}, "unchanged"),
    ]
    assert answers[0]["status"] == "error"
    assert err.endswith("; 3 unchanged\n")


def test_rule_7_the_same_error_is_unchanged_when_only_the_lines_are_reordered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = tmp_path / "answers.jsonl"
    path = tmp_path / "tonight.jsonl"
    _first_night(
        capsys,
        _lines(path, _labelled(CLEAN, division="1"), _labelled(BROKEN, division="4")),
        previous,
    )
    _lines(path, _labelled(BROKEN, division="4"), _labelled(CLEAN, division="1"))
    answers, _ = _since(capsys, path, previous)
    assert _changes(answers) == [({"division": "4"}, "unchanged"), ({"division": "1"}, "unchanged")]


def test_rule_7_the_same_error_is_unchanged_when_its_file_is_renamed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = tmp_path / "answers.jsonl"
    folder = _folder(tmp_path / "night", a=_labelled(BROKEN, division="4"))
    _first_night(capsys, folder, previous)
    _folder(folder, z=_labelled(BROKEN, division="4"))
    answers, err = _since(capsys, folder, previous)
    assert _changes(answers) == [({"division": "4"}, "unchanged")]
    assert "not checked" not in err


def test_another_error_in_a_moved_line_is_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = tmp_path / "answers.jsonl"
    path = tmp_path / "tonight.jsonl"
    _first_night(
        capsys,
        _lines(path, _labelled(CLEAN, division="1"), _labelled(BROKEN, division="4")),
        previous,
    )
    other = {**BROKEN, "documents": [{**CLEAN["documents"][0], "booking_number": -1}]}
    _lines(path, _labelled(other, division="4"), _labelled(CLEAN, division="1"))
    answers, _ = _since(capsys, path, previous)
    assert _changes(answers) == [({"division": "4"}, "changed"), ({"division": "1"}, "unchanged")]


def test_an_unlabelled_error_of_the_same_file_is_unchanged() -> None:
    message = "night/a.json: is not valid JSON (Expecting value at column 17)"
    before = {"source": "night/a.json", "labels": {}, "status": "error", "error": "X"}
    previous = Previous([{**before, "message": message}])
    assert previous.change({**before, "message": message}) == "unchanged"
    odd = "night/a\x1b.json"  # a name that is not printable: the message quotes it
    previous = Previous([{**before, "source": odd, "message": f"{odd!r}: is not valid JSON"}])
    renamed = {**before, "source": odd, "message": f"{odd!r}: is not valid JSON"}
    assert previous.change(renamed) == "unchanged"


# -- F3: a file that became unreadable --------------------------------------------


def test_rule_7_a_file_cut_off_tonight_is_its_administration_changed_not_new(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = tmp_path / "answers.jsonl"
    folder = _folder(
        tmp_path / "night", a=_labelled(CLEAN, division="111"), b=_labelled(FOUND, division="222")
    )
    _first_night(capsys, folder, previous)
    (folder / "a.json").write_text('{"labels": {"division": "111"}, "documents": [')
    answers, err = _since(capsys, folder, previous)
    assert [(Path(str(a["source"])).name, a["status"], a["change"]) for a in answers] == [
        ("a.json", "error", "changed"),
        ("b.json", "found", "unchanged"),
    ]
    assert err == "booking-reconcile: 2 answers: 1 found, 1 error; 1 changed, 1 unchanged\n"


def test_rule_7_a_file_readable_again_is_its_administration_changed_not_new(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = tmp_path / "answers.jsonl"
    folder = _folder(tmp_path / "night", a='{"labels": {"division": "111"}, "documents": [')
    _first_night(capsys, folder, previous)
    _folder(folder, a=_labelled(CLEAN, division="111"))
    answers, err = _since(capsys, folder, previous)
    assert _changes(answers) == [({"division": "111"}, "changed")]
    assert "not checked" not in err


def test_an_answer_without_labels_takes_a_labelled_earlier_answer_only_when_it_is_an_error() -> (
    None
):
    labelled = {"source": "a.json", "labels": {"division": "1"}, "status": "clean", "n": 1}
    # A clean answer without labels had its labels read: there were none. Another administration.
    previous = Previous([labelled])
    assert previous.change({**labelled, "labels": {}}) == "new"
    assert previous.unmatched == 1
    unreadable = {"source": "a.json", "labels": {}, "status": "error", "message": "a.json: bad"}
    assert previous.change(unreadable) == "changed"
    assert previous.unmatched == 0
    # An answer of another source never takes it.
    previous = Previous([labelled])
    assert previous.change({**unreadable, "source": "b.json"}) == "new"
    # Nor one of labels that name another administration than last night's error.
    previous = Previous([unreadable])
    assert previous.change(labelled) == "changed"
    previous = Previous([{**labelled, "labels": {"division": "2"}}])
    assert previous.change(labelled) == "new"


# -- F9: two administrations with equal labels -------------------------------------


def test_rule_7_equal_labels_with_the_lines_swapped_are_paired_by_what_they_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = tmp_path / "answers1.jsonl"
    gent_found, gent_clean = (
        _labelled(FOUND, department="Gent"),
        _labelled(CLEAN, department="Gent"),
    )
    _first_night(capsys, _lines(tmp_path / "night1.jsonl", gent_found, gent_clean), previous)
    answers, err = _since(
        capsys, _lines(tmp_path / "night2.jsonl", gent_clean, gent_found), previous
    )
    assert [(a["status"], a["change"]) for a in answers] == [
        ("clean", "unchanged"),
        ("found", "unchanged"),
    ]
    said = notes(err)
    assert said[-1] == "booking-reconcile: 2 answers: 1 clean, 1 found; 2 unchanged"
    assert len(said) == 3
    for note, place in zip(said[:2], ["this run", str(previous)], strict=True):
        assert note.startswith("booking-reconcile: note: ")
        assert place in note
        assert '2 answers carry the labels {"department": "Gent"}' in note


def test_rule_7_equal_labels_are_paired_by_their_file_when_it_is_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = tmp_path / "answers.jsonl"
    folder = _folder(
        tmp_path / "night",
        a=_labelled(FOUND, department="Gent"),
        b=_labelled(CLEAN, department="gent"),
    )
    _first_night(capsys, folder, previous)
    # Tonight a.json is gone and b.json found what a.json found last night: b.json is
    # still b.json (changed), though a.json's answer is the same and comes first.
    _folder(folder, b=_labelled(FOUND, department="Gent"))
    answers, err = _since(capsys, folder, previous)
    assert [(Path(str(a["source"])).name, a["change"]) for a in answers] == [("b.json", "changed")]
    assert err.endswith("; 1 changed; 1 earlier answer not checked now\n")


def test_equal_labels_of_one_run_are_noted_without_since_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _lines(
        tmp_path / "night.jsonl",
        _labelled(CLEAN, division="7"),
        _labelled(FOUND, division=" 7"),
        _labelled(CLEAN, division="8"),
    )
    assert main(["check", "--batch", str(path)]) == 1
    said = notes(capsys.readouterr().err)
    assert len(said) == 2
    assert said[0].startswith(
        'booking-reconcile: note: this run: 2 answers carry the labels {"division": "7"}'
    )
    assert "give each administration labels of its own" in said[0]


def test_unique_labels_are_noted_nowhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    previous = tmp_path / "answers.jsonl"
    path = _lines(tmp_path / "night.jsonl", _labelled(CLEAN, division="7"), CLEAN, CLEAN)
    _first_night(capsys, path, previous)
    _, err = _since(capsys, path, previous)
    assert err == "booking-reconcile: 3 answers: 3 clean; 3 unchanged\n"


# -- F13c: one earlier answer ------------------------------------------------------


def test_one_earlier_answer_not_checked_now_is_singular() -> None:
    assert summary({"clean": 1, "new": 1, "not checked": 1}, since=True) == (
        "1 answer: 1 clean; 1 new; 1 earlier answer not checked now"
    )
    assert summary({"clean": 1, "unchanged": 1, "not checked": 2}, since=True).endswith(
        "; 2 earlier answers not checked now"
    )


def test_rule_7_an_unreadable_line_does_not_take_another_administrations_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Review8 F5: the lines reordered on the night one becomes unreadable. A
    # line number is not an administration: the unreadable line is new, and
    # division 111, now on line 2, is found again by its labels.
    previous = tmp_path / "answers.jsonl"
    path = _lines(
        tmp_path / "night.jsonl",
        _labelled(CLEAN, division="111"),
        _labelled(FOUND, division="222"),
    )
    _first_night(capsys, path, previous)
    path.write_text(
        '{"labels": {"division": "222"}, "documents": [\n'
        + json.dumps(_labelled(CLEAN, division="111"))
        + "\n"
    )
    answers, err = _since(capsys, path, previous)
    assert [(answer["labels"], answer["status"], answer["change"]) for answer in answers] == [
        ({}, "error", "new"),
        ({"division": "111"}, "clean", "unchanged"),
    ]
    assert err.endswith("1 new, 1 unchanged; 1 earlier answer not checked now\n")
