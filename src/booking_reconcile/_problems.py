"""The bad lines of one file, collected as they are read and reported in one error.

Every bad line of a file is counted, and the first ones (by line) are kept
as text, so that a file is fixed in one pass; the file is still refused.
"""

from __future__ import annotations

__all__ = ["MAX_PROBLEMS", "Problems"]

import heapq

import attrs

from .errors import InputFormatError

#: At most this many bad lines are described in one error; the rest are counted.
MAX_PROBLEMS = 20


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
