"""``booking-reconcile check --batch``: many administrations from a folder or a JSON Lines file.

The command line's side of :mod:`booking_reconcile.batch`: this module reads
the files and writes the answers; the checking itself is
:func:`booking_reconcile.batch.check_many`, which reads nothing.
"""

from __future__ import annotations

__all__ = ["check_batch"]

import json
from collections.abc import Iterator
from itertools import tee
from pathlib import Path
from typing import TextIO

from .batch import check_many
from .errors import InputFormatError

#: The exit status of each answer's status; the run exits with the worst.
_EXIT = {"clean": 0, "found": 1, "error": 2, "defect": 3}


def check_batch(path: str, out: TextIO, *, workers: int | None = None) -> int:
    """``check --batch``: one JSON line per snapshot of a folder or a JSON Lines file.

    A folder's ``*.json`` files are read in name order, a file's lines in
    order (blank lines skipped), lazily, so the answers stream out as they
    are computed (:func:`booking_reconcile.batch.check_many`). Each line is
    the answer with ``"source"`` first: the file name, or the file and line.
    The exit status: 0 when all are clean, 1 when any has findings, 2 when
    any is bad input (3 for a defect of the library).
    """
    location = Path(path)

    def named() -> Iterator[tuple[str, str]]:
        if location.is_dir():
            for item in sorted(location.iterdir()):
                if item.suffix.lower() == ".json":
                    text = _utf8(item.read_bytes(), str(item))
                    yield str(item), text.removeprefix("\ufeff")
            return
        with location.open("rb") as lines:
            for number, data in enumerate(lines, 1):
                line = _utf8(data, f"{path}, line {number}").removeprefix("\ufeff")
                if line.strip():
                    yield f"{path}, line {number}", line

    if not location.is_dir() and not location.is_file():
        raise InputFormatError(path, "is neither a folder of .json files nor a .jsonl file")
    for_names, for_texts, for_output = tee(named(), 3)
    answers = check_many(
        (text for _, text in for_texts), workers=workers, sources=(s for s, _ in for_names)
    )
    worst = 0
    for (source, _), answer in zip(for_output, answers, strict=True):
        print(json.dumps({"source": source, **answer}, ensure_ascii=False), file=out)
        worst = max(worst, _EXIT.get(answer["status"], _EXIT["defect"]))
    return worst


def _utf8(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        bad = data[error.start : error.start + 1].hex()
        raise InputFormatError(
            name,
            f"is not UTF-8 text (byte 0x{bad} cannot be read); pass --encoding cp1252 if the "
            "file was saved from Excel on Windows, or save it as UTF-8",
            line=line,
        ) from None
