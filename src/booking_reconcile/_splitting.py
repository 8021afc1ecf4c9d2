"""A file's records: its lines split the CSV way, or its sheet's rows, numbered.

A file is text (a ``str``), an iterable of lines (an open file, a list, the
:class:`~booking_reconcile.decoding.DecodedLines` of an export) or a
:class:`~booking_reconcile.sheets.Sheet`. Its records are split the CSV way
(``,``, or ``;`` or a tab when the header holds more of them than commas),
each given the number of the line it ends on; a sheet's rows are its
records as they are. Anything else (bytes, numbers) is refused, naming the
line.
"""

from __future__ import annotations

__all__ = ["MAX_TITLE_LINES", "Input", "split_records"]

import csv
import io
import itertools
from collections.abc import Iterable, Iterator
from typing import Protocol

from .decoding import DecodedLines
from .errors import InputFormatError
from .sheets import Sheet

Input = str | Iterable[str] | Sheet

#: The header is looked for among this many lines at the top of a file (a
#: title, a date of export, an empty line above it).
MAX_TITLE_LINES = 20

_TEXT_EXPECTED = (
    "pass the text (a str), a file opened in text mode (encoding='utf-8', newline=''), "
    "a list of lines or a Sheet"
)


def split_records(text: Input, source: str) -> Iterator[tuple[int, list[str]]]:
    """The lines of ``text`` as ``(line number, fields)``, the header first."""
    yield from _numbered(_reader(text, source), source)


class _Reader(Protocol):
    """What a csv reader is: an iterator of records' fields, that knows the line it is at."""

    @property
    def line_num(self) -> int: ...

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


class _SheetRows:
    """A sheet's rows as a csv reader gives a file's: lists of fields, and the line of the last."""

    def __init__(self, sheet: Sheet) -> None:
        self._rows = iter(sheet.rows)
        self.line_num = 0

    def __iter__(self) -> Iterator[list[str]]:
        return self

    def __next__(self) -> list[str]:
        row = next(self._rows)
        self.line_num += 1
        return list(row)


def _numbered(reader: _Reader, source: str) -> Iterator[tuple[int, list[str]]]:
    try:
        for fields in reader:
            yield reader.line_num, fields
    except csv.Error as error:
        raise _not_csv(source, error, reader) from None


def _not_csv(source: str, error: csv.Error, reader: _Reader) -> InputFormatError:
    hint = ""
    if "unexpected end of data" in str(error):
        hint = (
            ': a quote (") is not closed, or the file was cut short; close the quote, or '
            "export the file again"
        )
    return InputFormatError(source, f"is not valid CSV ({error}){hint}", line=reader.line_num)


def _reader(text: Input, source: str) -> _Reader:
    """The records of ``text``: a csv reader of its lines, or its sheet's rows."""
    if isinstance(text, Sheet):
        return _SheetRows(text)
    # Text and decoded exports are lines of text by construction; other iterables are checked.
    trusted = isinstance(text, (str, DecodedLines))
    if isinstance(text, str):
        lines: Iterator[str] = iter(io.StringIO(text, newline=""))
    elif isinstance(text, (bytes, bytearray, memoryview)) or not isinstance(text, Iterable):
        # Bytes are iterable too, but of numbers: refuse them rather than read them.
        raise InputFormatError(source, f"is a {type(text).__name__}, not text; {_TEXT_EXPECTED}")
    else:
        lines = iter(text)
    first = next(lines, "")
    if not isinstance(first, str):
        raise InputFormatError(
            source, f"is a {type(first).__name__}, not text; {_TEXT_EXPECTED}", line=1
        )
    first = first.removeprefix("\ufeff")
    # A title line above the header may hold no separator: the separator is
    # that of the first of the first lines that holds one.
    peeked = [first]
    while (
        len(peeked) <= MAX_TITLE_LINES
        and isinstance(peeked[-1], str)
        and not any(mark in peeked[-1] for mark in _DELIMITERS)
    ):
        following = next(lines, None)
        if following is None:
            break
        peeked.append(following)
    header = next(
        (
            line
            for line in peeked
            if isinstance(line, str) and any(mark in line for mark in _DELIMITERS)
        ),
        first,
    )
    if isinstance(header, str) and "," in header and ";" not in header and "\t" not in header:
        # A title with a comma ("Bakkerij De Molen, Gent") above a `;` or tab header: the
        # next line decides when it holds `;` or tabs and no comma at all.
        following = next(lines, None)
        while (
            isinstance(following, str) and not following.strip() and len(peeked) <= MAX_TITLE_LINES
        ):
            peeked.append(following)
            following = next(lines, None)
        if following is not None:
            peeked.append(following)
            if (
                isinstance(following, str)
                and "," not in following
                and (";" in following or "\t" in following)
            ):
                header = following
    checked = itertools.chain(peeked, lines) if trusted else _checked(peeked, lines, source)
    return csv.reader(checked, delimiter=_delimiter(header), strict=True)


def _checked(first: list[str], rest: Iterator[str], source: str) -> Iterator[str]:
    for number, line in enumerate(first, start=1):
        if not isinstance(line, str):
            raise InputFormatError(
                source, f"is a {type(line).__name__}, not text; {_TEXT_EXPECTED}", line=number
            )
        yield line
    for number, line in enumerate(rest, start=len(first) + 1):
        if not isinstance(line, str):
            raise InputFormatError(
                source, f"is a {type(line).__name__}, not text; {_TEXT_EXPECTED}", line=number
            )
        yield line


_DELIMITERS = ("\t", ";", ",")


def _delimiter(header: str) -> str:
    counts = {delimiter: header.count(delimiter) for delimiter in _DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > counts[","] else ","
