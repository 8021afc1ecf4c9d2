"""Rows out of CSV text and sheets: the records of a file, its header matched, its bad lines collected.

A file is text (a ``str``), an iterable of lines (an open file, a list, the
:class:`~booking_reconcile.decoding.DecodedLines` of an export) or a
:class:`~booking_reconcile.sheets.Sheet`. Its records are split the CSV way
(``,``, or ``;`` or a tab when the header holds more of them than commas),
its header is matched to the fields of a
:class:`~booking_reconcile.columns.Columns`, and :class:`FileRows` gives its
records as they are read, each turned into a record by the reader's builder
as it arrives (nothing of the file is held but what the records keep). Every
bad line of a file is collected in :class:`Problems` and reported in one
error.

The date style of a file is one for the whole file, inferred from all its
dates (:func:`~booking_reconcile._parsing.infer_date_style`). A row whose
dates are ISO reads the same in every style, so it is built at once; a row
whose date needs the style waits (with the rows after it, so that records
stay in file order) until a date of the file settles the style, or the file
ends.
"""

from __future__ import annotations

__all__ = [
    "MAX_PROBLEMS",
    "MAX_TITLE_LINES",
    "FileRows",
    "Grammar",
    "Input",
    "Problems",
    "Record",
    "Row",
    "Texts",
    "find_header",
    "header_names",
    "split_records",
]

import csv
import datetime as dt
import heapq
import io
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Generic, Protocol, TypeVar

import attrs

from ._parsing import (
    _LOCAL_DATE,
    MAX_DIGITS,
    DateStyle,
    _without_midnight,
    infer_date_style,
    parse_booking_number,
    parse_date,
)
from .columns import Columns, Header, match_header, normal_name
from .decoding import DecodedLines
from .errors import InputFormatError, InvalidFieldError, quoted
from .reading import ABOVE_THE_HEADER, TOTALS
from .sheets import Sheet

#: At most this many bad lines are described in one error; the rest are counted.
MAX_PROBLEMS = 20

Record = TypeVar("Record")

Input = str | Iterable[str] | Sheet

#: The values of one row: the reader's fields in its order, stripped ("" for a
#: field the file has no column for).
Texts = tuple[str, ...]


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
    return InputFormatError(source, f"is not valid CSV ({error})", line=reader.line_num)


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

    def count_more(self, count: int) -> None:
        """Count ``count`` bad lines that come after every line kept (nothing of them is shown)."""
        self.count += count

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


def _refuse_merged(sheet: Sheet, header_line: int, source: str) -> None:
    """Refuse a merged range with a value over the header or the records: its other cells read empty."""
    for merged in sheet.merged:
        if merged.last_row >= header_line:
            raise InputFormatError(
                source,
                f"cells {merged.cells} are merged: only the first holds the value and the others "
                "would read as empty; unmerge them and fill in every cell (or export CSV)",
                line=merged.first_row,
            )


#: At most this many distinct values of a file are remembered with what they
#: read as (dates, normalised names): enough for every date of decades.
_KNOWN = 1 << 14


class _Unsettled(Exception):
    """A date that reads differently, or is refused in other words, in another date style.

    ``local``: it is written day-or-month first (``05-01-2026``), so whether it
    reads at all depends on the style; else it is refused in every style.
    """

    def __init__(self, local: bool) -> None:
        super().__init__()
        self.local = local


class Grammar:
    """How the values of one file read: its source, its date style, what it read already.

    The style is ``None`` while the file has not settled it: a date is then
    read only when it is ISO (it reads the same in every style), else
    :class:`_Unsettled` says the row must wait. A value's reading is
    remembered (a file repeats its dates), within :data:`_KNOWN` values.
    """

    __slots__ = ("_normal", "dates", "source", "style", "two_digit_years")

    def __init__(self, source: str, style: DateStyle | None, two_digit_years: bool) -> None:
        self.source = source
        self.style = style
        self.two_digit_years = two_digit_years
        #: Each date's text and the date it reads as (in the file's style).
        self.dates: dict[str, dt.date] = {}
        self._normal: dict[str, str] = {}

    def refuse(self, reason: str, line: int, field: str) -> InputFormatError:
        """The error naming ``field`` of ``line``."""
        return InputFormatError(self.source, reason, line=line, field=field)

    def required(self, text: str, line: int, field: str) -> str:
        """``text``, which must not be empty."""
        if not text:
            raise InputFormatError(self.source, "is empty; fill it in", line=line, field=field)
        return text

    def date(self, text: str, line: int, field: str) -> dt.date:
        """``text`` as a calendar date in the file's style."""
        known = self.dates.get(text)
        return self._date(text, line, field) if known is None else known

    def _date(self, text: str, line: int, field: str) -> dt.date:
        value = self.required(text, line, field)
        style = self.style
        try:
            date = parse_date(
                value,
                source=self.source,
                line=line,
                field=field,
                style=DateStyle.ISO if style is None else style,
                two_digit_years=self.two_digit_years,
            )
        except InputFormatError:
            if style is None:
                raise _Unsettled(_is_local(value)) from None
            raise
        if len(self.dates) < _KNOWN:
            self.dates[text] = date
        return date

    def booking_number(self, text: str, line: int, field: str) -> int:
        """``text`` as a booking number."""
        if text.isdigit() and text.isascii() and len(text) <= MAX_DIGITS:
            return int(text)
        return parse_booking_number(
            self.required(text, line, field), source=self.source, line=line, field=field
        )

    def normal(self, text: str) -> str:
        """``text`` as header names are matched (:func:`~booking_reconcile.columns.normal_name`)."""
        found = self._normal.get(text)
        if found is None:
            found = normal_name(text)
            if len(self._normal) < _KNOWN:
                self._normal[text] = found
        return found

    def choice(
        self, text: str, line: int, field: str, choices: Mapping[str, Record], names: str
    ) -> Record:
        """``text``, one of ``choices`` (matched as header names are)."""
        value = self.required(text, line, field)
        try:
            return choices[self.normal(value)]
        except KeyError:
            raise InputFormatError(
                self.source, f"{quoted(value)} is not one of {names}", line=line, field=field
            ) from None


def _is_local(text: str) -> bool:
    """Whether ``text`` is a date written day-or-month first."""
    return _LOCAL_DATE.fullmatch(_without_midnight(text)) is not None


class _StyleWitness:
    """The dates of a file that decide its style, as they are read.

    :func:`~booking_reconcile._parsing.infer_date_style` decides from the
    first date that says day first, the first that says month first, the
    first ambiguous one, the first with dashes and the first local one: this
    keeps those (their line and text), and gives the style as soon as one
    date settles it (a contradiction is the inference's error, at the end).
    """

    __slots__ = ("_first", "settled")

    def __init__(self) -> None:
        self._first: dict[str, tuple[int, str]] = {}
        #: The style a date of the file settled (the inference's, unless a date contradicts it).
        self.settled: DateStyle | None = None

    def see(self, line: int, text: str) -> None:
        matched = _LOCAL_DATE.fullmatch(_without_midnight(text))
        if matched is None:
            return
        first, second = int(matched[1]), int(matched[3])
        self._first.setdefault("local", (line, text))
        # The inference's cases, in its order.
        if first > 12 >= second:
            self._first.setdefault("day first", (line, text))
            self.settled = self.settled or DateStyle.DAY_FIRST
        elif second > 12 >= first:
            self._first.setdefault("month first", (line, text))
            self.settled = self.settled or DateStyle.MONTH_FIRST
        elif first != second and matched[2] == "-":
            self._first.setdefault("dashes", (line, text))
        elif first != second:
            self._first.setdefault("ambiguous", (line, text))

    def style(self, source: str) -> DateStyle:
        """The file's style, as the inference gives it from every date of the file."""
        first = sorted(dict.fromkeys(self._first.values()), key=operator.itemgetter(0))
        return infer_date_style(first, source=source)


#: What a reader gives :meth:`FileRows.records`: a row's values, its line and
#: the file's grammar, to its record.
Build = Callable[[Texts, int, Grammar], Record]


class FileRows(Generic[Record]):
    """The records of one file as its rows arrive, each built as it is read.

    ``fields`` are the reader's fields in the order its builder takes them
    (:data:`Texts`). The lines above the header and totals lines are skipped
    (and listed in :attr:`skipped`): a totals line names a total in its
    first cell and has no date, or holds only amounts after the last record.
    """

    def __init__(
        self,
        text: Input,
        columns: Columns,
        source: str,
        column_map: Mapping[str, str] | None,
        date_style: DateStyle | None,
        two_digit_years: bool,
        problems: Problems,
        fields: tuple[str, ...],
    ) -> None:
        self.source = source
        self.problems = problems
        self._columns = columns
        self._reader = _reader(text, source)
        self.header, self._width, above = _header(
            _numbered(self._reader, source), columns, column_map or {}, source
        )
        if isinstance(text, Sheet):
            _refuse_merged(text, max(above, default=0) + 1, source)
        #: The lines skipped as no record, with why.
        self.skipped: list[tuple[str, int]] = [(ABOVE_THE_HEADER, line) for line in above]
        self.grammar = Grammar(source, date_style, two_digit_years)
        self._witness = None if date_style is not None else _StyleWitness()
        positions = self.header.positions
        # A field without a column reads the empty value added after the row's last.
        self._pick = operator.itemgetter(*(positions.get(field, self._width) for field in fields))
        self._dates = tuple(
            at
            for at, field in enumerate(fields)
            if field in columns.date_fields and field in positions
        )
        date_fields = [field for field in columns.date_fields if field in positions]
        # A filled date marks a record at once: no totals line has one, and it is an identity field.
        self._quick = (
            positions[date_fields[0]]
            if len(columns.date_fields) == 1 and date_fields and date_fields[0] in columns.identity
            else None
        )
        # Rows waiting for the date style (line, values, the record if built already).
        self._waiting: list[tuple[int, Texts, Record | None]] = []
        # Rows refused in every date style, in words of the style (line, values), and how many more.
        self._refused: list[tuple[int, Texts]] = []
        self._refused_more = 0

    def has(self, field: str) -> bool:
        """Whether the file has a column for ``field``."""
        return field in self.header.positions

    def records(
        self,
        build: Build[Record],
        keep: Callable[[int, Texts], bool] | None = None,
        renamed: Mapping[str, str] | None = None,
    ) -> Iterator[tuple[int, Texts, Record]]:
        """The records of the rows that ``keep``, in file order, as ``(line, values, record)``.

        A row ``build`` refuses is a problem (a record the models refuse
        gives the model's message, naming the field, ``renamed`` from the
        model's name to the file's where they differ). At the end the file's
        date style is settled (or refused) and the rows that waited for it
        are built.
        """
        grammar, witness, waiting, problems = (
            self.grammar,
            self._witness,
            self._waiting,
            self.problems,
        )
        header, columns, reader = self.header, self._columns, self._reader
        quick, width, pick, known = self._quick, self._width, self._pick, grammar.dates
        # The one date of a row, where the witness needs to see it.
        date = self._dates[0] if witness is not None and len(self._dates) == 1 else None
        seeing = _StyleWitness() if witness is None else witness  # (unused without a witness)
        strip, next_fields = str.strip, reader.__next__
        amounts: list[tuple[int, list[str]]] = []  # lines of amounts: totals if no record follows
        held: list[tuple[int, list[str]]] = []  # rows to read before the next line
        while True:
            if held:
                line, fields = held.pop(0)
            else:
                try:
                    fields = next_fields()
                except StopIteration:
                    break
                except csv.Error as error:
                    raise _not_csv(self.source, error, reader) from None
                line = reader.line_num
                if quick is None or quick >= len(fields) or not fields[quick].strip():
                    if not any(field.strip() for field in fields):
                        continue
                    if _is_total(fields, header, columns):
                        self.skipped.append((TOTALS, line))
                        continue
                    if _only_amounts(fields, header, columns):
                        amounts.append((line, fields))
                        continue
                if amounts:
                    # Lines of amounts with a record after them are records: read them first.
                    held = [*amounts, (line, fields)]
                    amounts.clear()
                    continue
            if len(fields) != width:
                problems.add(_wrong_width(self.source, line, len(fields), width))
                continue
            fields.append("")
            texts = tuple(map(strip, pick(fields)))
            if date is not None:
                value = texts[date]
                if value and value not in known:
                    seeing.see(line, value)
                    if grammar.style is None and seeing.settled is not None:
                        grammar.style = seeing.settled
                        yield from self._built_waiting(build, renamed)
            elif witness is not None:
                self._show_dates(line, texts)
                if grammar.style is None and witness.settled is not None:
                    grammar.style = witness.settled
                    yield from self._built_waiting(build, renamed)
            if keep is not None and not keep(line, texts):
                continue
            try:
                record = build(texts, line, grammar)
            except _Unsettled as unsettled:
                if unsettled.local:
                    waiting.append((line, texts, None))
                elif len(self._refused) < MAX_PROBLEMS:
                    self._refused.append((line, texts))
                else:
                    self._refused_more += 1
                continue
            except InputFormatError as error:
                problems.add(error)
                continue
            except InvalidFieldError as error:
                problems.add(_model_error(error, self.source, line, renamed))
                continue
            if waiting:
                waiting.append((line, texts, record))
            else:
                yield line, texts, record
        self.skipped.extend((TOTALS, line) for line, _ in amounts)
        if witness is not None:
            # Every date seen: the inference's style (one that settled it early is
            # kept unless a date contradicts it, which the inference refuses).
            grammar.style = witness.style(self.source)
        yield from self._built_waiting(build, renamed)
        for line, texts in self._refused:
            refused = self._build(build, line, texts, renamed)
            assert refused is None, "a date refused in ISO reads in no style"
        problems.count_more(self._refused_more)

    def _show_dates(self, line: int, texts: Texts) -> None:
        """Show the style's witness the dates of a row it has not seen."""
        assert self._witness is not None
        known = self.grammar.dates
        for at in self._dates:
            value = texts[at]
            if value and value not in known:
                self._witness.see(line, value)

    def _built_waiting(
        self, build: Build[Record], renamed: Mapping[str, str] | None
    ) -> Iterator[tuple[int, Texts, Record]]:
        """The rows that waited for the date style, built now that it is settled."""
        waiting = self._waiting[:]
        self._waiting.clear()
        for line, texts, built in waiting:
            record = self._build(build, line, texts, renamed) if built is None else built
            if record is not None:
                yield line, texts, record

    def _build(
        self, build: Build[Record], line: int, texts: Texts, renamed: Mapping[str, str] | None
    ) -> Record | None:
        try:
            return build(texts, line, self.grammar)
        except InputFormatError as error:
            self.problems.add(error)
        except InvalidFieldError as error:
            self.problems.add(_model_error(error, self.source, line, renamed))
        return None


def _wrong_width(source: str, line: int, given: int, width: int) -> InputFormatError:
    return InputFormatError(
        source,
        f"has {given} fields but the header has {width}; quote fields that contain the separator",
        line=line,
    )


def _model_error(
    error: InvalidFieldError, source: str, line: int, renamed: Mapping[str, str] | None
) -> InputFormatError:
    """A record the models refused, as the file's error naming the line (and the file's field)."""
    field = error.field if renamed is None else renamed.get(error.field, error.field)
    return InputFormatError(source, str(error), line=line, field=field)


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
