"""Rows out of CSV text and sheets: the records of a file, its header matched, its bad lines collected.

A file is text (a ``str``), an iterable of lines (an open file, a list) or a
:class:`~booking_reconcile.sheets.Sheet`. Its records are split the CSV way
(``,``, or ``;`` or a tab when the header holds more of them than commas),
its header is matched to the fields of a
:class:`~booking_reconcile.columns.Columns`, and each record becomes a
:class:`Row` of fields by name. Every bad line of a file is collected in
:class:`Problems` and reported in one error.
"""

from __future__ import annotations

__all__ = [
    "MAX_PROBLEMS",
    "MAX_TITLE_LINES",
    "Input",
    "Problems",
    "Record",
    "Row",
    "Table",
    "build_record",
    "file_rows",
    "find_header",
    "header_names",
    "read_rows",
    "split_records",
]

import csv
import datetime as dt
import heapq
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TypeVar

import attrs

from ._parsing import DateStyle, infer_date_style, parse_booking_number, parse_date
from .columns import Columns, Header, match_header, normal_name
from .errors import InputFormatError, InvalidFieldError, quoted
from .reading import ABOVE_THE_HEADER, TOTALS
from .sheets import Sheet

#: At most this many bad lines are described in one error; the rest are counted.
MAX_PROBLEMS = 20

Record = TypeVar("Record")

Input = str | Iterable[str] | Sheet


@attrs.frozen
class Row:
    """One record of a file: its fields by field name, and where it stands."""

    source: str
    line: int
    fields: dict[str, str]
    style: DateStyle
    two_digit_years: bool

    def text(self, field: str) -> str:
        """The value of ``field`` (empty when the file has no such column)."""
        return self.fields.get(field, "")

    def required(self, field: str) -> str:
        """The value of ``field``, which must not be empty."""
        value = self.text(field)
        if not value:
            raise InputFormatError(self.source, "is empty; fill it in", line=self.line, field=field)
        return value

    def date(self, field: str) -> dt.date:
        """The value of ``field`` as a calendar date in the file's style."""
        return parse_date(
            self.required(field),
            source=self.source,
            line=self.line,
            field=field,
            style=self.style,
            two_digit_years=self.two_digit_years,
        )

    def optional_date(self, field: str) -> dt.date | None:
        """The value of ``field`` as a date, or ``None`` when empty."""
        return self.date(field) if self.text(field) else None

    def booking_number(self, field: str) -> int:
        """The value of ``field`` as a booking number."""
        value = self.required(field)
        return parse_booking_number(value, source=self.source, line=self.line, field=field)

    def optional_booking_number(self, field: str) -> int | None:
        """The value of ``field`` as a booking number, or ``None`` when empty."""
        return self.booking_number(field) if self.text(field) else None

    def optional_text(self, field: str) -> str | None:
        """The value of ``field``, or ``None`` when empty."""
        return self.text(field) or None

    def choice(self, field: str, choices: Mapping[str, Record], names: str) -> Record:
        """The value of ``field``, one of ``choices`` (matched as header names are)."""
        text = self.required(field)
        try:
            return choices[normal_name(text)]
        except KeyError:
            raise InputFormatError(
                self.source, f"{quoted(text)} is not one of {names}", line=self.line, field=field
            ) from None


_TEXT_EXPECTED = (
    "pass the text (a str), a file opened in text mode (encoding='utf-8', newline=''), "
    "a list of lines or a Sheet"
)


def split_records(text: Input, source: str) -> Iterator[tuple[int, list[str]]]:
    """The lines of ``text`` as ``(line number, fields)``, the header first."""
    if isinstance(text, Sheet):
        for number, row in enumerate(text.rows, start=1):
            yield number, list(row)
        return
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
    while len(peeked) <= MAX_TITLE_LINES and not any(mark in peeked[-1] for mark in _DELIMITERS):
        following = next(lines, None)
        if following is None:
            break
        peeked.append(following)
    header = next((line for line in peeked if any(m in line for m in _DELIMITERS)), first)
    reader = csv.reader(_checked(peeked, lines, source), delimiter=_delimiter(header), strict=True)
    try:
        for fields in reader:
            yield reader.line_num, fields
    except csv.Error as error:
        raise InputFormatError(
            source, f"is not valid CSV ({error})", line=reader.line_num
        ) from None


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


@attrs.frozen
class _Problem:
    """One bad line as the error describes it: text only, no exception (and no traceback) kept."""

    line: int | None
    field: str | None
    reason: str


@attrs.define
class Problems:
    """The bad lines of one file, reported together.

    Every bad line is counted, but only the :data:`MAX_PROBLEMS` first (by
    line) are kept, as text: refusing a file of a million bad lines takes no
    more memory than reading it.
    """

    source: str
    count: int = 0
    # A max-heap by line (lines negated) of the first MAX_PROBLEMS problems.
    _kept: list[tuple[int, int, _Problem]] = attrs.field(factory=list)

    def add(self, error: InputFormatError) -> None:
        """Count ``error`` and keep what it says if it is among the first lines."""
        line = error.line or 0
        self.count += 1
        entry = (-line, -self.count, _Problem(error.line, error.field, error.reason))
        if len(self._kept) < MAX_PROBLEMS:
            heapq.heappush(self._kept, entry)
        elif entry > self._kept[0]:
            heapq.heapreplace(self._kept, entry)

    def check(self) -> None:
        """Raise the one error that describes every bad line, if there is any.

        The error lists one problem a line, up to :data:`MAX_PROBLEMS`, then
        counts the rest.
        """
        if not self.count:
            return
        kept = [problem for _, _, problem in sorted(self._kept, reverse=True)]
        if self.count == 1:
            (problem,) = kept
            raise InputFormatError(
                self.source, problem.reason, line=problem.line, field=problem.field
            )
        described = [_where(problem) for problem in kept]
        rest = self.count - len(described)
        if rest:
            described.append(f"and {rest} more")
        raise InputFormatError(
            self.source,
            f"{self.count} lines cannot be read; fix each and read the file again:\n"
            + "\n".join(described),
        )


def _where(problem: _Problem) -> str:
    where = "" if problem.line is None else f"line {problem.line}"
    if problem.field is not None:
        where = f"{where}, field {problem.field!r}" if where else f"field {problem.field!r}"
    return f"{where}: {problem.reason}" if where else problem.reason


#: The header is looked for among this many lines at the top of a file (a
#: title, a date of export, an empty line above it).
MAX_TITLE_LINES = 20

#: The first words of a totals or summary line, in English, Dutch and French.
_TOTAL_WORDS = frozenset(
    {
        "total",
        "totals",
        "totaal",
        "totalen",
        "subtotaal",
        "subtotal",
        "sous-total",
        "eindtotaal",
        "totaux",
        "grand",
        "général",
        "generaal",
    }
)
_AMOUNT = re.compile(r"[-+(]?\s*(?:€|EUR|\$)?\s*\d[\d.,' \u00a0\u202f]*\s*(?:€|EUR)?\)?-?")


@attrs.frozen
class Table:
    """The rows of a file, and the lines skipped as no record (by line, with why)."""

    rows: list[Row]
    skipped: list[tuple[str, int]]


def _header(
    records: Iterator[tuple[int, list[str]]],
    columns: Columns,
    column_map: Mapping[str, str],
    source: str,
) -> tuple[Header, int, list[int]]:
    """The header (the first line naming the required columns), its width, the lines above it."""
    first_error: InputFormatError | None = None
    above: list[int] = []
    for line, fields in records:
        if not any(name.strip() for name in fields):
            if first_error is None:
                first_error = _no_header(columns, source)
            continue
        try:
            return match_header(fields, columns, column_map, source), len(fields), above
        except InputFormatError as error:
            if first_error is None:
                first_error = error
            del error
        above.append(line)
        if len(above) > MAX_TITLE_LINES:
            break
    raise first_error or _no_header(columns, source)


def _no_header(columns: Columns, source: str) -> InputFormatError:
    return InputFormatError(
        source,
        f"has no header line; the first line must name the columns {columns.describe()}",
        line=1,
    )


def _is_total(fields: list[str], header: Header, columns: Columns) -> bool:
    """Whether a line is a totals line: a word such as Totaal first, and no date."""
    first = next((field.strip() for field in fields if field.strip()), "")
    word = re.split(r"[\s:]+", first.casefold(), maxsplit=1)[0]
    return word in _TOTAL_WORDS and not _any_filled(fields, header, columns.date_fields)


def _only_amounts(fields: list[str], header: Header, columns: Columns) -> bool:
    """Whether a line holds only amounts: no number, no date, nothing but figures."""
    return not _any_filled(fields, header, columns.identity) and all(
        _AMOUNT.fullmatch(field.strip()) for field in fields if field.strip()
    )


def _any_filled(fields: list[str], header: Header, names: tuple[str, ...]) -> bool:
    positions = (header.positions.get(name) for name in names)
    return any(
        index is not None and index < len(fields) and fields[index].strip() for index in positions
    )


def file_rows(
    text: Input,
    columns: Columns,
    source: str,
    column_map: Mapping[str, str] | None,
    date_style: DateStyle | None,
    two_digit_years: bool,
    problems: Problems,
) -> Table:
    """The records of a file as rows of fields, its date style settled.

    Lines above the header and totals lines are skipped (and listed): a
    totals line names a total in its first cell and has no date, or holds
    only amounts after the last record.
    """
    records = split_records(text, source)
    header, width, above = _header(records, columns, column_map or {}, source)
    skipped = [(ABOVE_THE_HEADER, line) for line in above]
    raw: list[tuple[int, dict[str, str]]] = []
    pending: list[tuple[int, list[str]]] = []  # lines of amounts: totals if no record follows
    for line, fields in records:
        if not any(field.strip() for field in fields):
            continue
        if _is_total(fields, header, columns):
            skipped.append((TOTALS, line))
            continue
        if _only_amounts(fields, header, columns):
            pending.append((line, fields))
            continue
        for earlier, amounts in pending:
            _add(raw, earlier, amounts, header, width, source, problems)
        pending.clear()
        _add(raw, line, fields, header, width, source, problems)
    skipped.extend((TOTALS, line) for line, _ in pending)
    style = date_style or infer_date_style(
        (
            (line, fields[field])
            for line, fields in raw
            for field in columns.date_fields
            if fields.get(field)
        ),
        source=source,
    )
    rows = [Row(source, line, fields, style, two_digit_years) for line, fields in raw]
    return Table(rows, sorted(skipped, key=lambda skip: skip[1]))


def _add(
    raw: list[tuple[int, dict[str, str]]],
    line: int,
    fields: list[str],
    header: Header,
    width: int,
    source: str,
    problems: Problems,
) -> None:
    if len(fields) != width:
        problems.add(
            InputFormatError(
                source,
                f"has {len(fields)} fields but the header has {width}; quote fields that "
                "contain the separator",
                line=line,
            )
        )
        return
    raw.append((line, {field: fields[index].strip() for field, index in header.positions.items()}))


def build_record(row: Row, build: Callable[[Row], Record], renamed: Mapping[str, str]) -> Record:
    """Build a record from ``row``, naming the line when the models refuse it.

    ``renamed`` maps a model's field name to the file's field it came from,
    where the two differ.
    """
    try:
        return build(row)
    except InvalidFieldError as error:
        field = renamed.get(error.field, error.field)
        raise InputFormatError(row.source, str(error), line=row.line, field=field) from None


def read_rows(
    rows: list[Row],
    build: Callable[[Row], Record],
    problems: Problems,
    renamed: Mapping[str, str] | None = None,
) -> list[tuple[Row, Record]]:
    built = []
    for row in rows:
        try:
            built.append((row, build_record(row, build, renamed or {})))
        except InputFormatError as error:
            problems.add(error)
    return built


def find_header(text: Input, columns: Columns, column_map: Mapping[str, str]) -> Header:
    """The header of ``text``: the first line that names ``columns``' required fields."""
    header, _, _ = _header(split_records(text, "file"), columns, column_map, "file")
    return header


def header_names(text: Input) -> list[str]:
    """The names of every line the header is looked for in (the top of the file)."""
    names: list[str] = []
    for _, fields in itertools.islice(split_records(text, "file"), MAX_TITLE_LINES + 1):
        names.extend(name.strip() for name in fields)
    return names
