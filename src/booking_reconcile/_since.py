"""What changed since an earlier run of ``check --batch``: each answer paired with its own.

An answer says which administration it is about (contract §7): by its labels
when it has any, else by its source, the file or line it was read from.
:class:`Previous` holds the earlier run's answers and pairs each answer of
this run with one of them, at most once each:

- an answer with labels, with the earlier answer of its labels (a
  department or division case and spacing aside). When several earlier
  answers carry them (labels that name two administrations), with the one of
  its source, else with one whose answer is the same, else with the first;
- an answer with labels and no earlier answer of them, with an earlier
  *error* answer of its source without labels (a file that could not be read
  last night);
- an answer without labels, with the earlier answer of its source: one
  without labels, else, when this answer is an error (its labels could not be
  read), the labelled one.

A labelled answer and one without labels are paired by their source only when
it is a file: a line of a JSON Lines file is not the same administration from
night to night (lines are reordered).

Answers are compared without their source and labels: an error's message
starts with the file or line it names, left out too, so that moving a file
or reordering lines changes nothing. Reads and writes nothing: the command
line's side is :mod:`booking_reconcile.batch_cli`.
"""

from __future__ import annotations

__all__ = ["Previous", "RepeatedLabels"]

import json
import re
from collections import Counter, deque
from collections.abc import Hashable, Iterable, Iterator, Mapping, Set
from typing import Any

from .columns import compared_label

#: The statuses of an answer whose labels may not have been read.
_FAILED = frozenset({"error", "defect"})


class RepeatedLabels:
    """The labels that several answers of one run carry, counted as the answers come.

    >>> repeated = RepeatedLabels()
    >>> for labels in ({"division": "7"}, {"division": "8"}, {"division": " 7"}, {}, {}):
    ...     repeated.add({"labels": labels})
    >>> print(repeated.note("this run"))
    this run: 2 answers carry the labels {"division": "7"}: the labels cannot tell these administrations apart, so --since pairs them by their source (else with an earlier answer that is the same, else in order); give each administration labels of its own
    """

    #: At most this many repeated labels are named in the note.
    SHOWN = 3

    def __init__(self) -> None:
        self._seen: dict[str, tuple[Mapping[str, Any], int]] = {}

    def add(self, answer: Mapping[str, Any]) -> None:
        """Count ``answer``'s labels (an answer without labels counts nothing)."""
        key = _labels_key(answer)
        if key is not None:
            labels, count = self._seen.get(key, (answer["labels"], 0))
            self._seen[key] = labels, count + 1

    def note(self, place: str) -> str | None:
        """The note naming the labels that repeat in ``place``, or ``None`` when none does."""
        repeated = [(labels, count) for labels, count in self._seen.values() if count > 1]
        if not repeated:
            return None
        said = [
            f"{count} answers carry the labels {json.dumps(labels, ensure_ascii=False)}"
            for labels, count in repeated[: self.SHOWN]
        ]
        if len(repeated) > self.SHOWN:
            said.append(f"and {len(repeated) - self.SHOWN} more labels repeat")
        return (
            f"{place}: {', '.join(said)}: the labels cannot tell these administrations apart, "
            "so --since pairs them by their source (else with an earlier answer that is the "
            "same, else in order); give each administration labels of its own"
        )


class Previous:
    """The answers of an earlier run, each paired at most once with an answer of this run."""

    def __init__(self, answers: Iterable[Mapping[str, Any]], *, name: str = "PREVIOUS") -> None:
        self.name = name
        """Where the answers were read (``--since FILE``), as notes name it."""
        self.repeated = RepeatedLabels()
        """The labels that several earlier answers carry."""
        self._answers = list(answers)
        self._taken: set[int] = set()
        keys = [_labels_key(answer) for answer in self._answers]
        self._repeats = {key for key, n in Counter(keys).items() if key is not None and n > 1}
        self._labels = _Queues()  # by labels
        self._labels_source = _Queues()  # by labels and source, of labels that repeat
        self._labels_same = _Queues()  # by labels and answer, of labels that repeat
        self._unlabelled = _Queues()  # by source, without labels
        self._unread = _Queues()  # by source, error answers without labels
        self._labelled = _Queues()  # by source, with labels
        for index, (answer, key) in enumerate(zip(self._answers, keys, strict=True)):
            source = str(answer.get("source"))
            self.repeated.add(answer)
            if key is None:
                self._unlabelled.add(source, index)
                if answer.get("status") in _FAILED:
                    self._unread.add(source, index)
                continue
            self._labels.add(key, index)
            self._labelled.add(source, index)
            if key in self._repeats:
                self._labels_source.add((key, source), index)
                self._labels_same.add((key, _same(answer)), index)

    @property
    def unmatched(self) -> int:
        """How many earlier answers no answer of this run has matched (so far)."""
        return len(self._answers) - len(self._taken)

    def change(self, answer: Mapping[str, Any]) -> str:
        """``answer``'s change since the earlier run (each earlier answer matches once)."""
        index = self._pair(answer)
        if index is None:
            return "new"
        self._taken.add(index)
        before = self._answers[index]
        if before.get("status") == "found" and answer.get("status") == "clean":
            return "resolved"
        return "unchanged" if _findings(before) == _findings(answer) else "changed"

    def compare(self, answers: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Each answer with its ``"change"`` after its source and labels."""
        for answer in answers:
            change = self.change(answer)
            yield {"source": answer["source"], "change": change, **answer}

    def _pair(self, answer: Mapping[str, Any]) -> int | None:
        key, source, taken = _labels_key(answer), str(answer.get("source")), self._taken
        if key is None:
            index = self._unlabelled.first(source, taken)
            if index is None and answer.get("status") in _FAILED and _a_file(source):
                index = self._labelled.first(source, taken)  # its labels were not read
            return index
        if key in self._repeats:  # of several: its source's, else the same answer
            index = self._labels_source.first((key, source), taken)
            if index is None:
                index = self._labels_same.first((key, _same(answer)), taken)
            if index is not None:
                return index
        index = self._labels.first(key, taken)
        if index is None and _a_file(source):  # its labels were not read last night
            index = self._unread.first(source, taken)
        return index


class _Queues:
    """Earlier answers (their indexes) under each key, in order; those taken are passed over."""

    def __init__(self) -> None:
        self._queues: dict[Hashable, deque[int]] = {}

    def add(self, key: Hashable, index: int) -> None:
        self._queues.setdefault(key, deque()).append(index)

    def first(self, key: Hashable, taken: Set[int]) -> int | None:
        queue = self._queues.get(key)
        while queue and queue[0] in taken:
            queue.popleft()
        return queue[0] if queue else None


#: The end of the source of a line of a JSON Lines file.
_LINE = re.compile(r", line \d+\Z")


def _a_file(source: str) -> bool:
    """Whether ``source`` is a file, which stays itself from night to night.

    A line of a JSON Lines file is not: lines are reordered, so an answer
    without labels is not paired by its line number with a labelled one.

    >>> _a_file("night/a.json"), _a_file("night.jsonl, line 3")
    (True, False)
    """
    return _LINE.search(source) is None


def _same(answer: Mapping[str, Any]) -> str:
    """What two answers have in common when they are the same (:func:`_findings`), as a key."""
    return json.dumps(_findings(answer), sort_keys=True, default=repr)


def _labels_key(answer: Mapping[str, Any]) -> str | None:
    labels = answer.get("labels")
    if not (isinstance(labels, Mapping) and labels):
        return None
    # A department or division as the readers compare it (case and spacing aside).
    compared = {
        key: compared_label(key, value) if isinstance(value, str) else value
        for key, value in labels.items()
    }
    return json.dumps(compared, sort_keys=True)


def _findings(answer: Mapping[str, Any]) -> dict[str, Any]:
    # The labels found the answer (compared as _labels_key compares them): not a finding.
    findings = {
        key: value for key, value in answer.items() if key not in {"source", "change", "labels"}
    }
    if "error" not in findings:  # an answer written before answers named double bookings had none
        findings.setdefault("double_bookings", [])
    message, source = findings.get("message"), answer.get("source")
    if isinstance(message, str) and isinstance(source, str) and source:
        findings["message"] = _unplaced(message, source)
    return findings


def _unplaced(message: str, source: str) -> str:
    """An error's message without the source it starts with (quoted when not printable).

    >>> _unplaced("a.jsonl, line 3, field 'x': is missing", "a.jsonl, line 3")
    ", field 'x': is missing"
    """
    for named in (source, repr(source)):
        if message.startswith(named):
            return message[len(named) :]
    return message
