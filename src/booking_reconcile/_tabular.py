"""Rows out of CSV text and sheets: the records of a file, built as its rows are read.

A file is text (a ``str``), an iterable of lines (an open file, a list, the
:class:`~booking_reconcile.decoding.DecodedLines` of an export) or a
:class:`~booking_reconcile.sheets.Sheet`. Its records are split the CSV way
(``,``, or ``;`` or a tab when the header holds more of them than commas:
:mod:`booking_reconcile._splitting`), its header is matched to the fields of a
:class:`~booking_reconcile.columns.Columns` (:mod:`booking_reconcile._headers`),
and :class:`FileRows` gives its records as they are read, each turned into a
record by the reader's builder as it arrives (nothing of the file is held but
what the records keep). Every bad line of a file is collected in
:class:`~booking_reconcile._problems.Problems` and reported in one error.
This module is the reading of the rows; its parts are re-exported here, the
names the readers have always imported.

The date style of a file is one for the whole file, inferred from all its
dates (:func:`~booking_reconcile._parsing.infer_date_style`;
:mod:`booking_reconcile._grammar` reads the values). A row whose
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
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Generic

from ._grammar import Grammar, Record, Row, _StyleWitness, _Unsettled
from ._headers import (
    _header,
    _is_total,
    _only_amounts,
    _refuse_merged,
    find_header,
    header_names,
    totals_word,
)
from ._parsing import DateStyle
from ._problems import MAX_PROBLEMS, Problems
from ._splitting import MAX_TITLE_LINES, Input, _not_csv, _numbered, _reader, split_records
from .columns import Columns
from .errors import InputFormatError, InvalidFieldError, quoted
from .reading import ABOVE_THE_HEADER, TOTALS
from .sheets import Sheet

#: The values of one row: the reader's fields in its order, stripped ("" for a
#: field the file has no column for).
Texts = tuple[str, ...]


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
        try:
            self.header, self._width, above = _header(
                _numbered(self._reader, source), columns, column_map or {}, source
            )
        except InputFormatError as error:
            if isinstance(text, Sheet) and len(text.names) > 1:
                raise _other_sheets(error, text.names) from None
            raise
        if isinstance(text, Sheet):
            _refuse_merged(text, max(above, default=0) + 1, source)
        #: The lines skipped as no record, with why.
        self.skipped: list[tuple[str, int]] = [(ABOVE_THE_HEADER, line) for line in above]
        self.grammar = Grammar(source, date_style, two_digit_years)
        self._witness = None if date_style is not None else _StyleWitness()
        self._fields = fields
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

    def column(self, field: str) -> str:
        """The name of ``field``'s column, as the header writes it."""
        return self.header.names[self.header.positions[field]]

    def leave_out(self, field: str) -> None:
        """Read ``field``'s column no more (before the records are read): its field is empty."""
        self.header.positions.pop(field, None)
        positions, width = self.header.positions, self._width
        self._pick = operator.itemgetter(*(positions.get(name, width) for name in self._fields))

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
                problems.add(
                    _as_totals(_wrong_width(self.source, line, len(fields), width), fields)
                )
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
                problems.add(_as_totals(error, texts))
                continue
            except InvalidFieldError as error:
                problems.add(_as_totals(_model_error(error, self.source, line, renamed), texts))
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
            self.problems.add(_as_totals(error, texts))
        except InvalidFieldError as error:
            self.problems.add(_as_totals(_model_error(error, self.source, line, renamed), texts))
        return None


def _other_sheets(error: InputFormatError, names: tuple[str, ...]) -> InputFormatError:
    """A header not found in a workbook's first sheet, naming its other sheets."""
    others = ", ".join(repr(name) for name in names[1:6])
    return _reworded(
        error,
        f"{error.reason}; the first sheet, {names[0]!r}, was read, and the workbook also has "
        f"{others}: put the overview's sheet first, or save it as CSV",
    )


def _reworded(error: InputFormatError, reason: str) -> InputFormatError:
    """``error`` with another reason, at the same file, line and field."""
    return InputFormatError(error.source, reason, line=error.line, field=error.field)


def _wrong_width(source: str, line: int, given: int, width: int) -> InputFormatError:
    return InputFormatError(
        source,
        f"has {given} fields but the header has {width}; quote fields that contain the separator",
        line=line,
    )


def _as_totals(error: InputFormatError, cells: Iterable[str]) -> InputFormatError:
    """A refused row's error, saying so when the row looks like a totals or count line.

    Such a line is not skipped (it has a number or a date, or its word is not
    in its first cell), and "fill it in" would be the wrong advice for it.
    """
    word = totals_word(cells)
    if word is None:
        return error
    return _reworded(
        error,
        f"the line looks like a totals or count line (it holds {quoted(word)}): remove it "
        f"from the file (if it is a record instead: {error.reason})",
    )


def _model_error(
    error: InvalidFieldError, source: str, line: int, renamed: Mapping[str, str] | None
) -> InputFormatError:
    """A record the models refused, as the file's error naming the line (and the file's field)."""
    field = error.field if renamed is None else renamed.get(error.field, error.field)
    return InputFormatError(source, str(error), line=line, field=field)
