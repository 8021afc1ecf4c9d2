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
    "Input",
    "Problems",
    "Record",
    "Row",
    "build_record",
    "file_rows",
    "header_names",
    "read_rows",
    "split_records",
]

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TypeVar

import attrs

from ._parsing import DateStyle, infer_date_style, parse_booking_number, parse_date
from .columns import Columns, match_header, normal_name
from .errors import InputFormatError, InvalidFieldError, quoted
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
    header = first.removeprefix("\ufeff")
    reader = csv.reader(_checked(header, lines, source), delimiter=_delimiter(header), strict=True)
    try:
        for fields in reader:
            yield reader.line_num, fields
    except csv.Error as error:
        raise InputFormatError(
            source, f"is not valid CSV ({error})", line=reader.line_num
        ) from None


def _checked(first: str, rest: Iterator[str], source: str) -> Iterator[str]:
    yield first
    for number, line in enumerate(rest, start=2):
        if not isinstance(line, str):
            raise InputFormatError(
                source, f"is a {type(line).__name__}, not text; {_TEXT_EXPECTED}", line=number
            )
        yield line


def _delimiter(header: str) -> str:
    counts = {delimiter: header.count(delimiter) for delimiter in ("\t", ";", ",")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > counts[","] else ","


@attrs.frozen
class Problems:
    """The bad lines of one file, reported together."""

    source: str
    errors: list[InputFormatError] = attrs.field(factory=list)

    def add(self, error: InputFormatError) -> None:
        self.errors.append(error)

    def check(self) -> None:
        """Raise the one error that describes every bad line, if there is any."""
        if not self.errors:
            return
        if len(self.errors) == 1:
            raise self.errors[0]
        errors = sorted(self.errors, key=lambda error: error.line or 0)
        described = [_where(error) for error in errors[:MAX_PROBLEMS]]
        rest = len(self.errors) - len(described)
        if rest:
            described.append(f"and {rest} more")
        raise InputFormatError(
            self.source,
            f"{len(self.errors)} lines cannot be read; fix each and read the file again: "
            + " | ".join(described),
        )


def _where(error: InputFormatError) -> str:
    where = "" if error.line is None else f"line {error.line}"
    if error.field is not None:
        where = f"{where}, field {error.field!r}" if where else f"field {error.field!r}"
    return f"{where}: {error.reason}" if where else error.reason


def file_rows(
    text: Input,
    columns: Columns,
    source: str,
    column_map: Mapping[str, str] | None,
    date_style: DateStyle | None,
    two_digit_years: bool,
    problems: Problems,
) -> list[Row]:
    """The records of a file as rows of fields, its date style settled."""
    records = split_records(text, source)
    first = next(records, None)
    if first is None or not any(name.strip() for name in first[1]):
        raise InputFormatError(
            source,
            f"has no header line; the first line must name the columns {columns.describe()}",
            line=1,
        )
    header = match_header(first[1], columns, column_map or {}, source)
    width = len(first[1])
    raw: list[tuple[int, dict[str, str]]] = []
    for line, fields in records:
        if not any(field.strip() for field in fields):
            continue
        if len(fields) != width:
            problems.add(
                InputFormatError(
                    source,
                    f"has {len(fields)} fields but the header has {width}; quote fields that "
                    "contain the separator",
                    line=line,
                )
            )
            continue
        raw.append(
            (line, {field: fields[index].strip() for field, index in header.positions.items()})
        )
    style = date_style or infer_date_style(
        (
            (line, fields[field])
            for line, fields in raw
            for field in columns.date_fields
            if fields.get(field)
        ),
        source=source,
    )
    return [Row(source, line, fields, style, two_digit_years) for line, fields in raw]


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


def header_names(text: Input) -> list[str]:
    records = split_records(text, "file")
    first = next(records, None)
    return [] if first is None else [name.strip() for name in first[1]]
