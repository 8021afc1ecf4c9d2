"""``booking-reconcile check --batch``: many administrations from a folder or a JSON Lines file.

The command line's side of :mod:`booking_reconcile.batch`: this module reads
the files and writes the answers; the checking itself is
:func:`booking_reconcile.batch.check_many`, which reads nothing.

A nightly run must never lose the good answers to one bad administration:
a file that cannot be read (gone since the folder was listed, a link to
nothing, a folder named ``b.json``), bytes that are not UTF-8, bad JSON,
an integer of thousands of digits, a key given twice — each is that
administration's ``"error"`` answer, and the others are checked. Only what
concerns the whole run stops it, before anything is written: a path that is
neither a folder nor a file, a folder or file with nothing to check,
options that do not apply, an unreadable ``--since`` file.

``--since PREVIOUS`` compares each answer with the previous run's answers
(the JSON Lines this command wrote) and adds ``"change"``: ``new``,
``unchanged``, ``changed`` (any finding differs, the double bookings too) or
``resolved`` (found then, clean now). An
administration is matched by its labels when it has any, else by its
source (:mod:`booking_reconcile._since`); a note says when labels repeat.
``--only-changes`` keeps only what changed. The exit status and the
summary line on standard error count what was written.
"""

from __future__ import annotations

__all__ = [
    "CHANGES",
    "add_batch_options",
    "batch_requested",
    "check_batch",
    "given_options",
    "run_batch",
]

import argparse
import codecs
import io
import json
import os
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from itertools import tee
from pathlib import Path
from typing import Any, TextIO

from ._files import refuse_output_among_inputs, replacing
from ._json import json_data
from ._since import Previous, RepeatedLabels
from ._terminal import PROG, message_lines, terminal_width, write
from .batch import check_many
from .errors import InputFormatError

#: The exit status of each answer's status; the run exits with the worst it wrote.
_EXIT = {"clean": 0, "found": 1, "error": 2, "defect": 3}

#: The values of an answer's ``"change"`` under ``--since``.
CHANGES = ("new", "changed", "resolved", "unchanged")

#: The options ``check --batch`` takes; every other option given is refused.
_BATCH_OPTIONS = frozenset(
    {"command", "documents", "batch", "since", "only_changes", "output", "quiet", "format"}
)


def add_batch_options(check: argparse.ArgumentParser) -> None:
    """Add ``--batch``, ``--since`` and ``--only-changes`` to the ``check`` command's parser."""
    group = check.add_argument_group("many administrations")
    group.add_argument(
        "--batch",
        action="store_true",
        help="DOCUMENTS is a folder of snapshot .json files or a .jsonl file of snapshots, "
        "one per line: write one JSON line per snapshot, using every core",
    )
    group.add_argument(
        "--since",
        metavar="PREVIOUS",
        help='with --batch: the answers of an earlier run; add "change" to each answer '
        "(new, changed, resolved or unchanged)",
    )
    group.add_argument(
        "--only-changes",
        action="store_true",
        help="with --since: write and count only the answers that changed",
    )


def batch_requested(arguments: argparse.Namespace) -> bool:
    """Whether the parsed ``arguments`` ask for the batch (or one of its options)."""
    return bool(
        getattr(arguments, "batch", False)
        or getattr(arguments, "since", None) is not None
        or getattr(arguments, "only_changes", False)
    )


def given_options(parser: argparse.ArgumentParser, argv: Sequence[str]) -> dict[str, str]:
    """The options ``argv`` gives explicitly (not by default): destination -> option.

    ``parser`` is parsed again with every default suppressed, so that an
    option given with its default value (``--format text``) still counts as
    given. The parser is changed: pass a fresh one.
    """
    flags: dict[str, str] = {}
    parsers = [parser]
    while parsers:
        current = parsers.pop()
        for action in current._actions:
            action.default = argparse.SUPPRESS
            if isinstance(action, argparse._SubParsersAction):
                parsers.extend(action.choices.values())
            elif action.option_strings:
                flags.setdefault(action.dest, max(action.option_strings, key=len))
    given = vars(parser.parse_args(argv))
    return {dest: flags.get(dest, dest) for dest in given}


def run_batch(
    arguments: argparse.Namespace, given: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    """``check --batch`` as the command runs it: refuse what does not apply, write, sum up.

    ``given`` is :func:`given_options` of the command line. The answers go
    to ``out``, or with ``--output`` to that file, replaced whole only when
    the run ends well; the summary line goes to ``err``. Returns the exit
    status; a problem of the whole run raises
    :class:`~booking_reconcile.errors.InputFormatError` (exit 2).
    """
    _refuse_what_does_not_apply(arguments, given)
    if arguments.output is not None:
        refuse_output_among_inputs(arguments.output, _inputs(arguments.documents))
    previous = None if arguments.since is None else read_previous(arguments.since)
    counts: Counter[str] = Counter()
    notes: list[str] = []
    if arguments.output is None:
        status = check_batch(
            arguments.documents,
            out,
            previous=previous,
            only_changes=arguments.only_changes,
            counts=counts,
            notes=notes,
        )
    else:
        with replacing(arguments.output) as binary:
            file = io.TextIOWrapper(binary, encoding="utf-8", newline="", write_through=True)
            try:
                status = check_batch(
                    arguments.documents,
                    file,
                    previous=previous,
                    only_changes=arguments.only_changes,
                    counts=counts,
                    notes=notes,
                )
            finally:
                file.detach()  # the binary file is replacing's to close
    for note in notes:
        write(err, message_lines(f"{PROG}: note", note, terminal_width()))
    write(err, f"{PROG}: {summary(counts, since=previous is not None)}\n")
    return status


def _refuse_what_does_not_apply(arguments: argparse.Namespace, given: Mapping[str, str]) -> None:
    if not arguments.batch:
        flag = given.get("since") or given.get("only_changes") or "--since"
        raise InputFormatError(
            flag,
            "applies only to check --batch, which compares many administrations with an "
            "earlier run; add --batch",
        )
    if arguments.only_changes and arguments.since is None:
        raise InputFormatError(
            "--only-changes",
            "needs --since PREVIOUS: without an earlier run's answers nothing is a change",
        )
    for dest, flag in given.items():
        if dest == "format" and arguments.format == "json":
            continue
        if dest not in _BATCH_OPTIONS or dest == "format":
            shown = f"{flag} {arguments.format}" if dest == "format" else flag
            raise InputFormatError(
                shown,
                "does not apply to check --batch, which reads snapshot JSON (each holds its "
                "integration, journals and bookings) and writes one JSON answer a line; "
                "leave it out",
            )


def _inputs(documents: str) -> list[str]:
    """The files a run reads: a folder's snapshot files, or the JSON Lines file itself."""
    source = Path(documents)
    if source.is_dir():
        return [str(item) for item in _listing(source) if _is_snapshot_name(item)]
    return [documents]


# -- the run --------------------------------------------------------------------


def check_batch(
    path: str,
    out: TextIO,
    *,
    workers: int | None = None,
    previous: Previous | None = None,
    only_changes: bool = False,
    counts: Counter[str] | None = None,
    notes: list[str] | None = None,
) -> int:
    """One JSON line per snapshot of a folder or a JSON Lines file; the exit status.

    A folder's ``*.json`` files are read in name order, a file's lines in
    order (blank lines skipped), lazily, so the answers stream out as they
    are computed (:func:`booking_reconcile.batch.check_many`). Each line is
    the answer with ``"source"`` first: the file name, or the file and line.
    With ``previous`` (:func:`read_previous`) each answer gets its
    ``"change"``; with ``only_changes`` the unchanged ones are left out.
    The exit status is the worst of the answers written: 0 when all are
    clean, 1 when any has findings, 2 when any is bad input, 3 for a defect
    of the library. ``counts`` (when given) receives the number of answers
    written per status and per change; ``notes`` (when given) a note when
    several answers of this run, or of ``previous``, carry equal labels,
    which cannot tell those administrations apart.
    """
    counts = Counter() if counts is None else counts
    repeated = RepeatedLabels()
    answers = _answers(_items(path), workers)
    if previous is not None:
        answers = previous.compare(answers)
    ascii_only = codecs.lookup(getattr(out, "encoding", None) or "utf-8").name != "utf-8"
    worst = 0
    read = 0
    for answer in answers:
        read += 1
        repeated.add(answer)
        if only_changes and answer.get("change") == "unchanged":
            continue
        out.write(json.dumps(answer, ensure_ascii=ascii_only) + "\n")
        counts[answer["status"]] += 1
        if "change" in answer:
            counts[answer["change"]] += 1
        worst = max(worst, _EXIT.get(answer["status"], _EXIT["defect"]))
    out.flush()
    if not read:
        raise InputFormatError(path, f"{_nothing(Path(path))}: nothing to check")
    if previous is not None:
        counts["not checked"] = previous.unmatched
    if notes is not None:
        places: list[tuple[RepeatedLabels, str]] = [(repeated, "this run")]
        if previous is not None:
            places.append((previous.repeated, previous.name))
        notes.extend(note for labels, place in places if (note := labels.note(place)))
    return worst


def summary(counts: Mapping[str, int], *, since: bool = False) -> str:
    """The summary line: the answers written, per status (and per change with ``since``).

    >>> summary({"clean": 7, "found": 2, "error": 1})
    '10 answers: 7 clean, 2 found, 1 error'
    >>> summary({"found": 1, "resolved": 1, "clean": 1, "new": 1, "not checked": 2}, since=True)
    '2 answers: 1 clean, 1 found; 1 new, 1 resolved; 2 earlier answers not checked now'
    >>> summary({"clean": 1, "unchanged": 1, "not checked": 1}, since=True)
    '1 answer: 1 clean; 1 unchanged; 1 earlier answer not checked now'
    """
    total = sum(counts.get(status, 0) for status in _EXIT)
    line = f"{total} answer{'' if total == 1 else 's'}"
    statuses = [f"{counts[status]} {status}" for status in _EXIT if counts.get(status)]
    if statuses:
        line += ": " + ", ".join(statuses)
    if since:
        changes = [f"{counts[change]} {change}" for change in CHANGES if counts.get(change)]
        line += "; " + (", ".join(changes) if changes else "no changes")
        unchecked = counts.get("not checked", 0)
        if unchecked:
            line += f"; {unchecked} earlier answer{'' if unchecked == 1 else 's'} not checked now"
    return line


def _answers(
    items: Iterator[tuple[str, bytes | dict[str, Any]]], workers: int | None
) -> Iterator[dict[str, Any]]:
    """Each item's answer with its ``source`` first, in order; unreadable items answered as read."""
    for_check, for_output = tee(items)
    names, texts = tee((source, data) for source, data in for_check if isinstance(data, bytes))
    checked = check_many(
        (data for _, data in texts), workers=workers, sources=(source for source, _ in names)
    )
    for source, data in for_output:
        answer = data if isinstance(data, dict) else next(checked)
        yield {"source": source, **answer}


def _items(path: str) -> Iterator[tuple[str, bytes | dict[str, Any]]]:
    """Each snapshot's source and bytes, or the error answer of one that cannot be read."""
    location = Path(path)
    if location.is_dir():
        return ((str(item), _read(item)) for item in _listing(location) if _is_snapshot_name(item))
    if location.is_file():
        if _is_snapshot_name(location):
            raise InputFormatError(
                path,
                "is one snapshot file, not a folder or a .jsonl file; give the folder that "
                "holds it, or check it without --batch",
            )
        return _lines(location, path)
    if not location.exists():
        raise InputFormatError(
            path, "is not there; give a folder of snapshot .json files or a .jsonl file"
        )
    raise InputFormatError(path, "is neither a folder of .json files nor a .jsonl file")


def _listing(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError as error:
        raise InputFormatError(
            str(folder), f"cannot be listed ({error.strerror or error})"
        ) from None


def _is_snapshot_name(item: Path) -> bool:
    return item.name.lower().endswith(".json")


def _read(item: Path) -> bytes | dict[str, Any]:
    try:
        return item.read_bytes()
    except IsADirectoryError:
        problem = "is a folder, not a snapshot file; only snapshot files may end in .json"
    except OSError as error:
        problem = f"cannot be read ({error.strerror or error})"
        if item.is_symlink() and not item.exists():
            problem = f"is a link to {os.readlink(item)!r}, which is not there"
    refused = InputFormatError(str(item), problem)
    return {
        "labels": {},
        "status": "error",
        "error": type(refused).__name__,
        "message": str(refused),
    }


def _lines(location: Path, path: str) -> Iterator[tuple[str, bytes | dict[str, Any]]]:
    try:
        with location.open("rb") as lines:
            for number, data in enumerate(lines, 1):
                if data.strip():
                    # Without its line end: a JSON error is placed by its column.
                    yield f"{path}, line {number}", data.rstrip(b"\r\n")
    except OSError as error:
        raise InputFormatError(path, f"cannot be read ({error.strerror or error})") from None


def _nothing(location: Path) -> str:
    if location.is_dir():
        return "holds no .json files"
    return "holds no snapshot (every line is blank)"


# -- since ----------------------------------------------------------------------


def read_previous(path: str) -> Previous:
    """The answers an earlier ``check --batch`` wrote to ``path`` (JSON Lines)."""
    name = f"--since {path}"
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputFormatError(name, f"cannot be read ({error.strerror or error})") from None
    answers = []
    for number, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        source = f"{name}, line {number}"
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            raise InputFormatError(source, "is not UTF-8 text") from None
        try:
            answer = json_data(text, source=name)
        except InputFormatError as error:  # one line of JSON: the file's line, said once
            raise InputFormatError(name, error.reason, line=number) from None
        if not (isinstance(answer, dict) and isinstance(answer.get("source"), str)):
            raise InputFormatError(
                source,
                'is not an answer of check --batch (an object with "source" and "status"); '
                "give the file an earlier run wrote",
            )
        answers.append(answer)
    return Previous(answers, name=name)
