"""The lines of a file that are no record: the header, the lines above it, totals.

The header is the first line that names the required fields of a
:class:`~booking_reconcile.columns.Columns` (at most
:data:`~booking_reconcile._splitting.MAX_TITLE_LINES` lines of a title, a
date of export, an empty line above it). A totals line names a total in its
first cell and has no date, or holds only amounts. A sheet's merged cells
over the header or the records are refused: the cells but the first would
read as empty.
"""

from __future__ import annotations

__all__ = ["find_header", "header_names", "totals_word"]

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping

from ._splitting import MAX_TITLE_LINES, Input, split_records
from .columns import Columns, Header, match_header
from .errors import InputFormatError
from .sheets import Sheet

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
#: The first words of a count line ("Aantal boekingen: 9", "Number of invoices: 8").
_COUNT_WORDS = frozenset({"aantal", "count", "number", "nombre"})
#: What a count line counts after its number ("8 facturen"), in English, Dutch and French.
_COUNTED = frozenset(
    {
        "invoices",
        "bookings",
        "entries",
        "lines",
        "documents",
        "facturen",
        "creditnota's",
        "creditnotas",
        "boekingen",
        "regels",
        "documenten",
        "factures",
        "avoirs",
        "écritures",
        "lignes",
        "pièces",
    }
)
_COUNT = re.compile(r"[0-9]+\s+(\S+)")
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
    """Whether a line is a totals line: a word such as Totaal first, no date, no number.

    The word's own cell may be an identity column (``Totaal`` under the
    number); any other identity field filled (a document or booking number)
    makes the line a record: ``Grand Café Central;2026/2;;1002`` is an
    invoice whose date is missing, not a total.
    """
    at = next((index for index, field in enumerate(fields) if field.strip()), None)
    if at is None:
        return False
    word = re.split(r"[\s:]+", fields[at].strip().casefold(), maxsplit=1)[0]
    if word not in _TOTAL_WORDS or _any_filled(fields, header, columns.date_fields):
        return False
    others = [field if index != at else "" for index, field in enumerate(fields)]
    return not _any_filled(others, header, columns.identity)


def totals_word(cells: Iterable[str]) -> str | None:
    """The word that makes a line look like a totals or count line, or ``None``.

    A line a reader refuses may be a subtotal or count that is not skipped
    (it has a number or date filled in, or its word stands in another cell):
    its message says so, and to remove it (the line is still refused).

    >>> totals_word(["70", "", "7", "Totaal", "5.000,00"]), totals_word(["8 facturen", ""])
    ('Totaal', '8 facturen')
    >>> totals_word(["Aantal boekingen: 9"]), totals_word(["70", "Brood", "2026 / 1"])
    ('Aantal', None)
    """
    for cell in cells:
        text = cell.strip()
        first = re.split(r"[\s:]+", text, maxsplit=1)[0]
        if first.casefold() in _TOTAL_WORDS or first.casefold() in _COUNT_WORDS:
            return first
        counted = _COUNT.fullmatch(text)
        if counted is not None and counted.group(1).casefold() in _COUNTED:
            return text
    return None


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
