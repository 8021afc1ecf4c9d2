"""The batch entry point: many snapshots as data in, plain dicts out (issue 15)."""

from __future__ import annotations

import json
import pickle
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from booking_reconcile import (
    Booking,
    CreditNote,
    Integration,
    Invoice,
    Snapshot,
    find_collisions,
    plan_repair,
)
from booking_reconcile.batch import check_many, check_one
from booking_reconcile.cli import main
from booking_reconcile.errors import InvalidTypeError, InvalidValueError
from messages import one_error

A = Invoice("A", date(2026, 1, 5), 1001)
B = Invoice("B", date(2026, 1, 6), 1002)
C = Invoice("C", date(2026, 1, 10), 1002)
D = Invoice("D", date(2026, 1, 12), 1003)
COLLIDING = Snapshot(
    Integration("70", "70"),
    [A, B, C, D],
    bookings=[Booking("70", x.booking_number or 0, x.date, x.ref) for x in (A, C, D)],
)
CLEAN = Snapshot(
    Integration("70", "71"),
    [A, CreditNote("K", date(2026, 1, 7), 4)],
    bookings=[
        Booking("70", 1001, A.date, A.ref),
        Booking("71", 4, date(2026, 1, 7), CreditNote("K", date(2026, 1, 7)).ref),
    ],
)


def test_one_snapshot_gives_its_collisions_stale_documents_and_plan() -> None:
    answer = check_one(COLLIDING.to_dict())
    assert answer["status"] == "found"
    assert answer["collisions"] == [c.describe() for c in find_collisions(COLLIDING)]
    assert [s["document"] for s in answer["stale"]] == ["invoice B"]
    plan = plan_repair(COLLIDING)
    assert answer["plan"]["cutoff"] == "2026-01-10"
    assert answer["plan"]["to_delete"] == len(plan.deletions) == 2
    assert answer["plan"]["next_numbers"] == [str(n) for n in plan.next_numbers]
    json.dumps(answer)  # plain data


def test_a_clean_snapshot_is_clean_and_has_no_plan() -> None:
    answer = check_one(json.dumps(CLEAN.to_dict()))
    assert answer["status"] == "clean"
    assert "plan" not in answer


@pytest.mark.parametrize(
    ("given", "error"),
    [
        ("{not json", "InputFormatError"),
        ({"integration": {}}, "InputFormatError"),
        ([], "InputFormatError"),
    ],
)
def test_bad_input_is_an_answer_not_an_exception(given: object, error: str) -> None:
    answer = check_one(given, source="x.json")  # type: ignore[arg-type]
    assert answer["status"] == "error"
    assert answer["error"] == error
    assert "x.json" in answer["message"]


def test_rule_6_a_snapshot_object_given_to_check_one_says_to_pass_its_data() -> None:
    answer = check_one(CLEAN)  # type: ignore[arg-type]
    assert answer["status"] == "error"
    assert answer["message"] == (
        "snapshot: is a Snapshot object; check_one reads a snapshot's data: pass "
        "snapshot.to_dict() (or its JSON text)"
    )


def test_many_come_back_in_order_serial_and_pooled_alike() -> None:
    items = [COLLIDING.to_dict(), CLEAN.to_dict(), "{", json.dumps(COLLIDING.to_dict())] * 5
    serial = list(check_many(items, workers=1))
    pooled = list(check_many(items, workers=2, chunk_size=3))
    assert pooled == serial
    assert [a["status"] for a in serial[:4]] == ["found", "clean", "error", "found"]
    assert "snapshot 3" in serial[2]["message"]


def test_sources_name_the_snapshots_in_errors() -> None:
    (answer,) = check_many(["{"], workers=1, sources=["customer-17.json"])
    assert "customer-17.json" in answer["message"]


def test_many_reads_its_input_lazily() -> None:
    def endless():  # type: ignore[no-untyped-def]
        while True:
            yield CLEAN.to_dict()

    answers = check_many(endless(), workers=1)
    assert [next(answers)["status"] for _ in range(3)] == ["clean"] * 3


@pytest.mark.parametrize(
    ("workers", "chunk_size", "error"),
    [
        (0, 1, InvalidValueError),
        (1, 0, InvalidValueError),
        ("2", 1, InvalidTypeError),
        (1, 2.5, InvalidTypeError),
        (True, 1, InvalidTypeError),
    ],
)
def test_rule_6_workers_and_chunk_size_are_checked(
    workers: object, chunk_size: object, error: type[Exception]
) -> None:
    with pytest.raises(error, match=r"check_many: (workers|chunk_size) .* expected"):
        list(check_many([], workers=workers, chunk_size=chunk_size))  # type: ignore[arg-type]


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize(
    ("sources", "given"),
    [
        pytest.param(["admin-1"], 3, id="fewer-names"),
        pytest.param(["admin-1", "admin-2", "admin-3", "admin-4"], 3, id="more-names"),
    ],
)
def test_rule_6_check_many_refuses_sources_of_another_count_than_the_snapshots(
    workers: int, sources: list[str], given: int
) -> None:
    # §6: the library never drops input. Zipped short, the third administration
    # went unanswered without a word.
    snapshots = [CLEAN.to_dict()] * given
    with pytest.raises(InvalidValueError, match=r"names 4 snapshots|names 1 snapshot") as raised:
        list(check_many(snapshots, workers=workers, sources=sources))
    assert "expected one name per snapshot, in the same order" in str(raised.value)


def test_rule_6_check_many_refuses_lazily_given_sources_that_run_out() -> None:
    # Iterators have no length: the shortfall is found when it comes, and said.
    names = iter(["admin-1"])
    answers = check_many(iter([CLEAN.to_dict(), CLEAN.to_dict()]), workers=1, sources=names)
    assert next(answers)["status"] == "clean"
    with pytest.raises(InvalidValueError, match="ran out after 1 name"):
        next(answers)


@pytest.mark.parametrize(
    "given",
    [
        pytest.param(lambda: CLEAN.to_dict(), id="one-snapshot-dict"),
        pytest.param(lambda: json.dumps(CLEAN.to_dict()), id="one-json-text"),
        pytest.param(lambda: json.dumps(CLEAN.to_dict()).encode(), id="one-json-bytes"),
        pytest.param(lambda: CLEAN, id="one-snapshot"),
    ],
)
def test_rule_6_check_many_refuses_one_snapshot_given_for_many(given: Any) -> None:
    # Iterated, one dict gave an error answer per key, one text one per character.
    with pytest.raises(InvalidTypeError, match="for one snapshot, use check_one"):
        list(check_many(given(), workers=1))


def test_a_snapshot_pickles_as_its_records_and_comes_back_equal() -> None:
    again = pickle.loads(pickle.dumps(COLLIDING))
    assert again == COLLIDING
    assert plan_repair(again).to_dict() == plan_repair(COLLIDING).to_dict()
    unknown = Snapshot(COLLIDING.integration, COLLIDING.documents)
    assert pickle.loads(pickle.dumps(unknown)) == unknown


def test_check_batch_over_a_folder_streams_json_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.json").write_text(json.dumps(CLEAN.to_dict()), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(COLLIDING.to_dict()), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a snapshot", encoding="utf-8")
    status = main(["check", "--batch", str(tmp_path)])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(Path(line["source"]).name, line["status"]) for line in lines] == [
        ("a.json", "clean"),
        ("b.json", "found"),
    ]
    assert status == 1


def test_check_batch_over_a_json_lines_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "snapshots.jsonl"
    path.write_text(
        json.dumps(CLEAN.to_dict()) + "\n\n" + "{oops\n" + json.dumps(CLEAN.to_dict()) + "\n",
        encoding="utf-8",
    )
    status = main(["check", "--batch", str(path)])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(line["source"], line["status"]) for line in lines] == [
        (f"{path}, line 1", "clean"),
        (f"{path}, line 3", "error"),
        (f"{path}, line 4", "clean"),
    ]
    assert status == 2


def test_check_batch_refuses_a_path_that_is_not_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--batch", str(tmp_path / "missing")]) == 2
    assert one_error(capsys.readouterr().err).endswith(
        "missing: is not there; give a folder of snapshot .json files or a .jsonl file"
    )


def test_check_batch_refuses_one_snapshot_file_rather_than_read_it_as_json_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Read line by line, a pretty-printed snapshot gave one error answer per line.
    single = tmp_path / "adm.json"
    single.write_text(json.dumps(CLEAN.to_dict(), indent=2), encoding="utf-8")
    assert main(["check", "--batch", str(single)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert one_error(captured.err).endswith(
        "adm.json: is one snapshot file, not a folder or a .jsonl file; give the folder that "
        "holds it, or check it without --batch"
    )


def test_check_batch_names_a_json_lines_line_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = tmp_path / "all.jsonl"
    lines.write_text(json.dumps(CLEAN.to_dict()) + "\n" + '{"integration":\n', encoding="utf-8")
    assert main(["check", "--batch", str(lines)]) == 2
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [answer["status"] for answer in answers] == ["clean", "error"]
    assert answers[1]["message"] == (
        f"{lines}, line 2: is not valid JSON (Expecting value at column 16)"
    )


def test_the_index_lists_the_documents_no_booking_refers_to() -> None:
    from booking_reconcile._index import index_of

    assert list(index_of(COLLIDING).unbooked_documents()) == [B]
    assert list(index_of(Snapshot(COLLIDING.integration, [A, B])).unbooked_documents()) == [A, B]


def test_check_batch_refuses_the_options_a_snapshot_holds_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--batch", str(tmp_path), "--invoice-journal", "70"]) == 2
    assert "--invoice-journal" in one_error(capsys.readouterr().err)


def test_a_failure_of_the_library_is_a_defect_answer_not_an_exception(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import booking_reconcile.batch as batch_module

    def broken(snapshot: Snapshot) -> tuple[()]:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(batch_module, "check_snapshot", broken)
    answer = check_one(CLEAN.to_dict())
    assert answer["status"] == "defect"
    assert (answer["error"], answer["message"]) == ("ZeroDivisionError", "a bug")


def test_an_error_answer_names_the_labels_when_they_could_be_read() -> None:
    labels = {"division": "1234567", "department": "Gent"}
    answer = check_one(json.dumps({"labels": labels, "integration": {}, "documents": []}))
    assert answer["status"] == "error"
    assert answer["labels"] == labels
    unreadable = check_one({"labels": {"division": 1234567}, "integration": {}})
    assert (unreadable["status"], unreadable["labels"]) == ("error", {})


#: docs/recipes.md's script for check_many, which the test runs guarded and not.
SCRIPT = (
    Path(__file__).resolve().parent.parent / "examples/many-administrations/check_on_every_core.py"
)
GUARD = 'if __name__ == "__main__":'


@pytest.mark.parametrize("guarded", [False, True], ids=["unguarded", "guarded"])
def test_check_many_from_a_script_under_spawn_needs_the_guard_and_says_so(
    tmp_path: Path, guarded: bool
) -> None:
    import subprocess
    import sys

    text = SCRIPT.read_text(encoding="utf-8")
    assert f"\n{GUARD}\n    main()\n" in text
    script = tmp_path / "nightly.py"
    # Spawn, as on Windows and macOS; without the guard, main() runs on import.
    start = 'import multiprocessing\nmultiprocessing.set_start_method("spawn", force=True)\n'
    script.write_text(start + (text if guarded else text.replace(GUARD, "if True:")))
    snapshots = tmp_path / "snapshots.jsonl"
    snapshots.write_text(json.dumps(CLEAN.to_dict()) + "\n\n" + json.dumps(CLEAN.to_dict()) + "\n")
    result = subprocess.run(
        [sys.executable, str(script), str(snapshots)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    if guarded:
        assert result.returncode == 0, result.stderr
        assert [json.loads(line)["status"] for line in result.stdout.splitlines()] == ["clean"] * 2
        return
    assert result.returncode == 1
    assert result.stdout == ""
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("booking_reconcile.errors.WorkerProcessError: ")
    assert 'if __name__ == "__main__":' in last


def test_every_answer_echoes_the_labels_that_name_the_administration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gent = {"division": "1234567", "department": "Gent"}
    labelled = Snapshot(
        COLLIDING.integration, COLLIDING.documents, bookings=COLLIDING.bookings, labels=gent
    )
    assert check_one(labelled.to_dict())["labels"] == gent
    assert check_one(json.dumps(labelled.to_dict()))["status"] == "found"
    pooled = list(check_many([labelled.to_dict(), CLEAN.to_dict()], workers=2))
    assert [(a["labels"], a["status"]) for a in pooled] == [(gent, "found"), ({}, "clean")]
    (tmp_path / "a.json").write_text(json.dumps(labelled.to_dict()), encoding="utf-8")
    main(["check", "--batch", str(tmp_path)])
    (answer,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert list(answer)[:3] == ["source", "labels", "status"]
    assert answer["labels"] == gent


def test_rule_6_a_snapshot_whose_data_does_not_pickle_is_answered_as_workers_1_answers_it() -> None:
    # A read-only mapping or a generator cannot travel to a worker: the pool
    # raised pickle's TypeError and the later administrations got no answer.
    integration = Integration("70", "71")
    good = Snapshot(
        integration, [Invoice("1", date(2026, 1, 5), 1001)], bookings=(), labels={"n": "1"}
    )
    proxy = MappingProxyType(
        Snapshot(integration, [Invoice("2", date(2026, 1, 5))], labels={"n": "2"}).to_dict()
    )
    with_view = {**good.to_dict(), "labels": good.labels}  # a read-only view of labels
    items = [good.to_dict(), proxy, with_view, good.to_dict()]
    serial = list(check_many(items, workers=1))
    assert [answer["status"] for answer in serial] == ["found", "clean", "error", "found"]
    assert list(check_many(items, workers=2, chunk_size=1)) == serial
    assert list(check_many(items, workers=2, chunk_size=3)) == serial


def _yielded_then_raised(answers: Any) -> tuple[list[str], str]:
    """The statuses yielded before ``answers`` raised, and the error."""
    got: list[str] = []
    try:
        for answer in answers:
            got.append(answer["labels"]["n"])
    except Exception as error:  # each path's error is compared
        return got, f"{type(error).__name__}: {error}"
    raise AssertionError(f"no error after {got}")


@pytest.mark.parametrize("chunk_size", [1, 2, 8])
def test_rule_6_sources_that_run_out_get_the_answers_before_on_both_paths(chunk_size: int) -> None:
    # The pool read ahead and raised the shortfall with no answer yielded, where
    # workers=1 answered the five snapshots that had a name first.
    data = [
        Snapshot(Integration("70", "71"), [Invoice(str(n), date(2026, 1, 5))], labels={"n": str(n)})
        for n in range(6)
    ]
    results = [
        _yielded_then_raised(
            check_many(
                iter(snapshot.to_dict() for snapshot in data),
                workers=workers,
                chunk_size=chunk_size,
                sources=(f"admin {n}" for n in range(5)),
            )
        )
        for workers in (1, 2)
    ]
    assert results[0] == results[1]
    assert results[0][0] == ["0", "1", "2", "3", "4"]
    assert "ran out after 5 names" in results[0][1]


def test_snapshots_whose_iterator_fails_get_the_answers_before_on_both_paths() -> None:
    def failing():  # type: ignore[no-untyped-def]
        for n in range(3):
            yield Snapshot(Integration("70", "71"), [], labels={"n": str(n)}).to_dict()
        raise OSError("the connection to the database was lost")

    serial = _yielded_then_raised(check_many(failing(), workers=1))
    assert serial == (["0", "1", "2"], "OSError: the connection to the database was lost")
    assert _yielded_then_raised(check_many(failing(), workers=2, chunk_size=2)) == serial


@pytest.mark.parametrize("as_text", [False, True], ids=["data", "json"])
def test_rule_6_a_plan_given_for_a_snapshot_is_said_to_be_a_plan(as_text: bool) -> None:
    # check FILE said so; check --batch and check_one said "field 'kind': is not a known key".
    plan = plan_repair(COLLIDING).to_dict()
    answer = check_one(json.dumps(plan) if as_text else plan, source="plan.json")
    assert answer["status"] == "error"
    assert answer["message"].startswith(
        "plan.json: is a plan (format 'booking_reconcile.plan'), not a snapshot; give the "
        "snapshot or the exports it was made from"
    )


def test_rule_6_a_batch_line_holding_a_plan_is_said_to_be_a_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [json.dumps(plan_repair(COLLIDING).to_dict()), json.dumps(CLEAN.to_dict())]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines) + "\n")
    main(["check", "--batch", str(tmp_path / "mixed.jsonl")])
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert "line 1: is a plan (format 'booking_reconcile.plan'), not a snapshot" in first["message"]
    assert second["status"] == "clean"


def test_rule_6_data_of_another_format_is_refused_by_its_format_before_its_keys() -> None:
    answer = check_one({"format": "booking_reconcile.confirmation", "ok": True})
    assert answer["message"] == (
        "snapshot, field 'format': 'booking_reconcile.confirmation' is not "
        "'booking_reconcile.snapshot'"
    )
