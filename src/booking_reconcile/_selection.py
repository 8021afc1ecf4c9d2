"""Rows that are no record of the file's administration: drafts, other departments, other divisions.

- A draft in the invoicing tool's overview has no number yet; a row with no
  number whose status says it is a draft is skipped (and counted). A row
  with no number and another status is still an error.
- The invoicing tool's integration is set up per department, and one
  accounting package account holds several divisions (administrations): a
  file whose department (or division) column holds two values is refused
  unless one is chosen; the rows of the others are then left out (and
  counted). A row whose department (division) cell is empty while other
  rows name theirs is refused, chosen or not: it belongs to no value the
  library could choose, and leaving it out as "another division" would drop
  a record of the file's own administration (DOMAIN §6). A column empty on
  every row names nothing, and is read as if it were not there.

The readers decide as a file's rows arrive (:class:`_OneValue`), with the
refusal of :func:`one_value_of`. Across the files of one run,
:class:`Administration` refuses two departments (divisions) and gives the
labels that name the one read (DOMAIN §7): the department or division as the
data writes it, chosen or not compared case and spacing aside.
"""

from __future__ import annotations

__all__ = ["DRAFT_STATUSES", "Administration", "drafts_left_out", "one_value_of"]

from typing import Any

from ._parsing import DateStyle
from ._tabular import FileRows, Row
from .columns import normal_name
from .errors import InputFormatError, quoted
from .reading import DRAFT, Reading

#: The statuses of a draft as the overviews write them (English, Dutch, French).
DRAFT_STATUSES = frozenset(
    normal_name(status) for status in ("draft", "concept", "ontwerp", "brouillon", "in opmaak")
)


def drafts_left_out(rows: list[Row]) -> tuple[list[Row], list[tuple[str, int]]]:
    """The rows that are no draft, and the drafts' lines (no number, a draft's status)."""
    kept: list[Row] = []
    drafts: list[tuple[str, int]] = []
    for row in rows:
        if not row.text("number") and normal_name(row.text("status")) in DRAFT_STATUSES:
            drafts.append((DRAFT, row.line))
        else:
            kept.append(row)
    return kept, drafts


def one_value_of(
    rows: list[Row], field: str, chosen: str | None, option: str, why: str
) -> tuple[list[Row], list[tuple[str, int]]]:
    """The rows of one value of ``field`` (``chosen``, or the only one), and the others' lines.

    ``option`` names the choice (``department``, ``division``): the command's
    ``--department`` and the reader's ``department=``.
    """
    first_line: dict[str, tuple[int, str]] = {}
    for row in rows:
        if field in row.fields:
            first_line.setdefault(normal_name(row.text(field)), (row.line, row.text(field)))
    if chosen is None:
        if len(first_line) > 1:
            line, _ = sorted(first_line.values())[1]
            raise InputFormatError(
                rows[0].source,
                f"holds the rows of {len(first_line)} {field}s ({_listed(first_line)}); "
                f"read one at a time: choose one with --{option} NAME ({option}= in Python)",
                line=line,
                field=field,
            )
        return rows, []
    wanted = normal_name(chosen)
    if first_line and wanted not in first_line:
        raise InputFormatError(
            rows[0].source,
            f"has no row of the {field} {quoted(chosen)} given with --{option}; its {field}s "
            f"are {_listed(first_line)}",
            field=field,
        )
    kept: list[Row] = []
    others: list[tuple[str, int]] = []
    for row in rows:
        if field not in row.fields or normal_name(row.text(field)) == wanted:
            kept.append(row)
        else:
            others.append((why, row.line))
    return kept, others


def _listed(values: dict[str, tuple[int, str]]) -> str:
    shown = [quoted(text) for _, text in sorted(values.values())[:10]]
    more = len(values) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


class _OneValue:
    """The rows of one value of a field (a department, a division), chosen or the only one.

    What :func:`~booking_reconcile._selection.one_value_of` decides for a
    file's rows, decided as they arrive: the first line of each value is
    kept, and the refusal is that function's, given those lines.
    """

    def __init__(
        self, table: FileRows[Any], field: str, chosen: str | None, option: str, why: str
    ) -> None:
        self._grammar = table.grammar
        self._field, self._chosen, self._option, self._why = field, chosen, option, why
        self._present = table.has(field)
        self._column = table.header.names[table.header.positions[field]] if self._present else ""
        #: The lines whose cell is empty (the first few), and how many there are.
        self._blank: list[int] = []
        self._blanks = 0
        self._wanted = None if chosen is None else normal_name(chosen)
        self._first_line: dict[str, tuple[int, str]] = {}
        #: The lines of the other values' rows, left out.
        self.skipped: list[tuple[str, int]] = []

    def keeps(self, line: int, text: str) -> bool:
        """Whether the row of ``line``, whose field holds ``text``, is kept."""
        if not self._present:
            return True
        value = self._grammar.normal(text)
        if not value:
            # Named no value: refused by check() when another row names one.
            self._blanks += 1
            if len(self._blank) < 3:
                self._blank.append(line)
            return self._wanted is None
        if value not in self._first_line:
            self._first_line[value] = (line, text)
        if self._wanted is None or value == self._wanted:
            return True
        self.skipped.append((self._why, line))
        return False

    def named(self) -> tuple[tuple[str, str, int], ...]:
        """The one value the rows kept are of, as :attr:`Reading.named` holds it; ``()``: none."""
        if self._wanted is not None:
            found = self._first_line.get(self._wanted)
        elif len(self._first_line) == 1:
            (found,) = self._first_line.values()
        else:
            found = None
        return () if found is None else ((self._field, found[1], found[0]),)

    def check(self) -> None:
        """Refuse a file of two values when none is chosen, or without the one chosen.

        A row naming no value while others name one is refused first, naming
        the column and what to do.
        """
        if self._blank and self._first_line:
            line, text = min(self._first_line.values())
            others = [str(blank) for blank in self._blank[1:]]
            more = self._blanks - len(self._blank)
            also = (
                f" (also line{'s' if len(others) + more > 1 else ''} {', '.join(others)}"
                + (f" and {more} more)" if more else ")")
                if others
                else ""
            )
            field, option = self._field, self._option
            raise InputFormatError(
                self._grammar.source,
                f"names no {field} while other rows do (line {line}: {quoted(text)}){also}; "
                f"fill in its {self._column} cell: every row must name its own {field} "
                f"(--{option} NAME then chooses one, {option}= in Python), or export one "
                f"{field}'s rows without the column",
                line=self._blank[0],
                field=field,
            )
        rows = [
            Row(self._grammar.source, line, {self._field: text}, DateStyle.ISO, False)
            for line, text in sorted(self._first_line.values())
        ]
        one_value_of(rows, self._field, self._chosen, self._option, self._why)


#: Where the files would name each choice, for the note on a choice none names.
_NAMED_BY = {
    "department": "no department column",
    "division": "no division column, no Exact Online answers",
}


class Administration:
    """The department and division the files of one run are of (DOMAIN §6), and their labels.

    A snapshot is one department and one administration, across files too:
    an overview names a department (compared as header names are), a
    Teamleader Focus answer its id (compared as written), never one with the
    other; a bookings or journals export's division is compared with the
    other export's, and with Exact Online's answers when it is a number.
    """

    def __init__(self) -> None:
        #: The department of the documents read so far, by how files name it
        #: (``name`` in overviews, ``id`` in answers): as written, the file, where.
        self.departments: dict[str, tuple[str, str, str]] = {}
        #: The Exact Online division the answers read so far are of, and the file.
        self.division: tuple[int, str] | None = None
        #: The division the exports name: as written, the file, the line.
        self._written: tuple[str, str, int] | None = None

    @property
    def division_written(self) -> str | None:
        """The division a bookings or journals export names, as written."""
        return None if self._written is None else self._written[0]

    def one_department(self, how: str, value: str, name: str, where: str = "") -> None:
        """Refuse documents of another department than those of the files read before."""
        key = normal_name(value) if how == "name" else value
        first = self.departments.setdefault(how, (value, name, where))
        if (normal_name(first[0]) if how == "name" else first[0]) != key:
            raise InputFormatError(
                name,
                f"holds documents of the department {quoted(value)}{where}, but {first[1]} "
                f"those of {quoted(first[0])}{first[2]}: a snapshot is one department, with "
                "its own journals; give the overviews of one department, or choose one with "
                "--department NAME (department= in Python)",
                field="department" if how == "name" else "department.id",
            )

    def one_division(self, reading: Reading[Any], what: str = "bookings") -> None:
        """Refuse a bookings (journals) export of another division than the files read before.

        An export's division column is compared with another export's as
        header names are, and with the answers' division when it is a
        number, as Exact Online numbers its divisions.
        """
        for field, value, line in reading.named:
            written = self._written
            if written is not None and normal_name(written[0]) != normal_name(value):
                raise InputFormatError(
                    reading.source,
                    f"holds {what} of the {field} {quoted(value)} (line {line}), but "
                    f"{written[1]} those of {quoted(written[0])} (line {written[2]}): a "
                    "snapshot is one administration, with its own journals; give the files "
                    "of one administration, or choose one with --division NAME (division= "
                    "in Python)",
                    field=field,
                )
            self._written = (value, reading.source, line)
            if self.division is None or not (value.isascii() and value.isdigit()):
                continue
            if int(value) != self.division[0]:
                raise InputFormatError(
                    reading.source,
                    f"holds {what} of the {field} {quoted(value)} (line {line}), but "
                    f"{self.division[1]} answers of the division {self.division[0]}: a "
                    "snapshot is one administration; give the files of one administration, "
                    "or choose one with --division NUMBER (division= in Python)",
                    field=field,
                )

    def answers_division(self, division: int, name: str) -> None:
        """Refuse Exact Online answers of another division than the files read before."""
        if self.division is not None and self.division[0] != division:
            raise InputFormatError(
                name,
                f"holds answers of the division {division}, but {self.division[1]} "
                f"those of {self.division[0]}; give the answers of one administration",
                field="Division",
            )
        written = self._written
        numbered = written is not None and written[0].isascii() and written[0].isdigit()
        if written is not None and numbered and int(written[0]) != division:
            raise InputFormatError(
                name,
                f"holds answers of the division {division}, but {written[1]} the rows "
                f"of the division {quoted(written[0])} (line {written[2]}): a snapshot "
                "is one administration; give the files of one administration, or "
                "choose one with --division NUMBER (division= in Python)",
                field="Division",
            )
        self.division = (division, name)

    def labels(
        self, department: str | None, division: str | None
    ) -> tuple[dict[str, str], list[str]]:
        """The labels naming the administration chosen, and a note on each choice no file names.

        A choice (``department``, ``division``) labels the snapshot with the
        value as the data writes it (``--department gent`` reads, and is
        labelled, ``Gent``); the division of Exact Online's answers labels it
        unchosen too. A choice that no file names chose no rows: it labels the
        snapshot as given, and a note says so.
        """
        named = self.departments.get("name") or self.departments.get("id")
        answers = None if self.division is None else str(self.division[0])
        written = {
            "department": None if department is None or named is None else named[0],
            "division": answers or (None if division is None else self.division_written),
        }
        labels: dict[str, str] = {}
        notes: list[str] = []
        for field, chosen in (("department", department), ("division", division)):
            value = written[field]
            if value is None and chosen is not None:
                value = chosen
                notes.append(
                    f"--{field} {quoted(chosen)}: no file names {field}s ({_NAMED_BY[field]}), "
                    f"so it chose no rows and only labels the snapshot; check that these are "
                    f"the exports of that {field}"
                )
            if value is not None:
                labels[field] = value
        return labels, notes
