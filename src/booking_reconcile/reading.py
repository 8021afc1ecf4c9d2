"""What reading an export gave: its records, and the lines skipped as no record.

An export a person saves holds more than records: a title line above the
header, a totals line below the data, drafts without a number, rows of
another department. The readers skip those (and only those) and say which
lines they skipped and why, so that the summary can show it:

>>> reading = Reading("boekingen.csv", ("a", "b"), (Skipped(TOTALS, (9,)), Skipped(DRAFT, (4, 6))))
>>> reading.describe()
'boekingen.csv: skipped line 9 (totals) and lines 4 and 6 (drafts)'
>>> reading.skipped_lines(DRAFT)
(4, 6)
"""

from __future__ import annotations

__all__ = [
    "ABOVE_THE_HEADER",
    "DRAFT",
    "OTHER_DEPARTMENT",
    "OTHER_DIVISION",
    "TOTALS",
    "Reading",
    "Skipped",
]

from collections.abc import Iterable
from typing import Generic, TypeVar

import attrs

#: Why lines were skipped: above the header (a title line, the export's date).
ABOVE_THE_HEADER = "above the header"
#: A totals or summary line below (or between) the records.
TOTALS = "totals"
#: A draft: a document without a number whose status says it is a draft.
DRAFT = "drafts"
#: A row of another department than the one chosen (``department=``).
OTHER_DEPARTMENT = "other departments"
#: A row of another division (administration) than the one chosen (``division=``).
OTHER_DIVISION = "other divisions"

_Record = TypeVar("_Record")


@attrs.frozen
class Skipped:
    """Lines of a file skipped for one reason, in file order."""

    why: str
    lines: tuple[int, ...] = attrs.field(converter=tuple[int, ...])

    def describe(self) -> str:
        """The lines in words: ``'lines 4 and 6 (drafts)'``."""
        shown = [str(line) for line in self.lines[:10]]
        if len(self.lines) > 10:
            shown.append(f"{len(self.lines) - 10} more")
        listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
        return f"line{'s' if len(self.lines) > 1 else ''} {listed} ({self.why})"


def _records(records: Iterable[_Record]) -> tuple[_Record, ...]:
    return tuple(records)


def _skipped(skipped: Iterable[Skipped]) -> tuple[Skipped, ...]:
    return tuple(skipped)


@attrs.frozen
class Reading(Generic[_Record]):
    """The records read from one file, and the lines skipped as no record.

    ``named`` is the department or division the records are of, when the
    file has such a column: ``(field, value as written, its first line)``
    (DOMAIN §6: a snapshot is one department and one administration, across
    files too). ``notes`` are what a person should know of records read
    (a reversal read as a booking of no document), each naming its line.
    """

    source: str
    records: tuple[_Record, ...] = attrs.field(converter=_records)
    skipped: tuple[Skipped, ...] = attrs.field(default=(), converter=_skipped)
    named: tuple[tuple[str, str, int], ...] = ()
    notes: tuple[str, ...] = attrs.field(default=(), converter=tuple[str, ...])

    def skipped_lines(self, why: str) -> tuple[int, ...]:
        """The lines skipped for ``why`` (one of this module's reasons)."""
        return next((skip.lines for skip in self.skipped if skip.why == why), ())

    def describe(self) -> str | None:
        """What was skipped, in one sentence naming the file; ``None`` when nothing was."""
        if not self.skipped:
            return None
        parts = [skip.describe() for skip in self.skipped]
        listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
        return f"{self.source}: skipped {listed}"


def grouped(skipped: Iterable[tuple[str, int]]) -> tuple[Skipped, ...]:
    """``(why, line)`` pairs as one :class:`Skipped` per reason, in order of first line."""
    lines: dict[str, list[int]] = {}
    for why, line in sorted(skipped, key=lambda pair: pair[1]):
        lines.setdefault(why, []).append(line)
    return tuple(Skipped(why, tuple(numbers)) for why, numbers in lines.items())
