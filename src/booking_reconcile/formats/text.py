"""Plain text for a terminal: aligned tables and prose wrapped to a width.

:func:`plan_to_text` is the checklist for a terminal (the summary first),
:func:`simulation_to_text` the simulated result and :func:`check_to_text`
what the command's ``check`` prints. Every function here is pure: the
command line measures the terminal and passes its width.
"""

from __future__ import annotations

__all__ = [
    "check_report_to_text",
    "check_to_text",
    "confirmation_to_text",
    "plan_to_text",
    "simulation_to_text",
    "text_table",
    "to_text",
]

import textwrap
from collections.abc import Sequence
from functools import singledispatch

from booking_reconcile._index import index_of
from booking_reconcile.confirm import Confirmation
from booking_reconcile.repair_plan import RepairPlan, require_plan
from booking_reconcile.simulate import Simulation
from booking_reconcile.snapshot import Snapshot
from booking_reconcile.verdict import CheckVerdict

from . import _rows
from ._arguments import require_confirmation, require_simulation, require_verdict
from ._escape import visible

_MIN_WIDTH = 40
_GAP = "  "


def _wrap(text: str, width: int, first: str = "", rest: str | None = None) -> list[str]:
    """``text`` wrapped to ``width``; a word (a document number, a date) breaks only if longer than a line."""
    return textwrap.wrap(
        visible(text),
        max(width, _MIN_WIDTH),
        initial_indent=first,
        subsequent_indent=first if rest is None else rest,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _text_cell(value: object) -> str:
    return "-" if value is None else visible(str(value))


def text_table(header: Sequence[str], rows: Sequence[Sequence[object]], width: int) -> list[str]:
    """An aligned table no wider than ``width``: the widest columns wrap first.

    Columns of numbers are aligned right. No number or date is ever broken
    (a booking number split over two lines reads as another number): a table
    that does not fit with its words whole is written a row per paragraph instead,
    ``title: value`` for each cell (:func:`_paragraphs`).

    >>> for line in text_table(("journal", "document"), [("70", "invoice 2026/4")], 40):
    ...     print(line)
    journal  document
    -------  --------------
    70       invoice 2026/4
    """
    body = [[_text_cell(value) for value in row] for row in rows]
    # A column of numbers stays right-aligned where a row has none ("-").
    numeric = [
        any(isinstance(row[i], int) for row in rows)
        and all(row[i] is None or isinstance(row[i], int) for row in rows)
        for i in range(len(header))
    ]
    content = [max([0, *(len(row[i]) for row in body)]) for i in range(len(header))]
    widths = [max(len(title), content[i]) for i, title in enumerate(header)]
    words = [max(len(word) for word in title.split()) for title in header]
    unbreakable = [
        max([words[i], *(len(word) for row in body for word in row[i].split())])
        for i in range(len(header))
    ]
    budget = max(width, _MIN_WIDTH) - len(_GAP) * (len(header) - 1)
    # Headers wrap first (down to their cells' width), then cells between words;
    # a table that still does not fit is written as paragraphs.
    for floors in ([max(w, c) for w, c in zip(words, content, strict=True)], unbreakable):
        _shrink(widths, floors, budget)
    if sum(widths) > budget:
        return _paragraphs(header, body, max(width, _MIN_WIDTH))
    lines = _text_row(header, widths, [False] * len(header))
    lines.append(_GAP.join("-" * w for w in widths))
    for row in body:
        lines += _text_row(row, widths, numeric)
    return lines


def _paragraphs(header: Sequence[str], body: Sequence[Sequence[str]], width: int) -> list[str]:
    """Each row as ``title: value, title: value``, wrapped between words.

    Only a word longer than a whole line is broken (a document number of
    dozens of characters): never a booking number (19 digits at most) nor a
    date, as no line is narrower than 40 columns.
    """
    lines: list[str] = []
    for row in body:
        text = ", ".join(f"{title}: {cell}" for title, cell in zip(header, row, strict=True))
        lines += textwrap.wrap(text, width, subsequent_indent="  ", break_on_hyphens=False)
    return lines


def _shrink(widths: list[int], floors: Sequence[int], budget: int) -> None:
    """Narrow the columns with the most room above their floors until they fit ``budget``."""
    while sum(widths) > budget:
        room = [w - floor for w, floor in zip(widths, floors, strict=True)]
        widest = max(range(len(widths)), key=room.__getitem__)
        if room[widest] <= 0:
            return
        widths[widest] -= 1


def _text_row(cells: Sequence[str], widths: Sequence[int], numeric: Sequence[bool]) -> list[str]:
    parts = [
        [cell] if len(cell) <= w else textwrap.wrap(cell, w, break_on_hyphens=False) or [""]
        for cell, w in zip(cells, widths, strict=True)
    ]
    height = max(len(part) for part in parts)
    padded = [[*part, *[""] * (height - len(part))] for part in parts]
    return [
        _GAP.join(
            part[k].rjust(w) if right else part[k].ljust(w)
            for part, w, right in zip(padded, widths, numeric, strict=True)
        ).rstrip()
        for k in range(height)
    ]


def _heading(title: str, underline: str = "-") -> list[str]:
    return [title, underline * len(title), ""]


def plan_to_text(plan: RepairPlan, snapshot: Snapshot | None = None, *, width: int = 80) -> str:
    """The plan as plain text for a terminal ``width`` columns wide, the summary first.

    The summary names the administration (the plan's labels, when it has
    any), says what was read (when ``snapshot`` is given), what is
    wrong, what to do and what the policy means for the documents whose
    bookings were deleted; then the blockers, warnings and the steps, with
    aligned tables of the bookings to delete and of the next numbers.
    """
    require_plan(plan)
    if snapshot is not None:
        index_of(snapshot)
    lines = _heading(f"Repair plan ({plan.policy.value})", "=")
    named = _rows.administration_line(plan)
    summary = [] if named is None else [named]
    if snapshot is not None:
        summary.append(_rows.reading_summary(snapshot, labels=named is None))
    summary += [_rows.what_is_wrong(plan), _rows.what_to_do(plan)]
    summary += _rows.policy_consequences(plan)
    for sentence in summary:
        lines += _wrap(sentence, width, rest="  ")
    lines.append("")
    for title, findings in (("Blockers", plan.blockers), ("Warnings", _rows.shown_warnings(plan))):
        if findings:
            lines += _heading(title)
            for finding in findings:
                lines += _wrap(finding.message, width, "- ", "  ")
            lines.append("")
    if plan.steps:
        lines += _heading("Steps")
    for number, step in enumerate(plan.steps, start=1):
        box = f"[ ] {number}. "
        indent = " " * len(box)
        lines += _wrap(step.title, width, box, indent)
        rows = _rows.step_table(plan, step)
        if rows is not None:
            table = text_table(*_without_empty(*rows), width - len(indent))
        else:
            table = [
                line
                for detail in step.details
                for line in _wrap(detail, width - len(indent), "- ", "  ")
            ]
        lines += [f"{indent}{line}".rstrip() for line in table]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _without_empty(
    header: Sequence[str], rows: Sequence[Sequence[object]]
) -> tuple[list[str], list[list[object]]]:
    """The columns that hold a value in some row (no financial year column for continuous journals)."""
    kept = [i for i in range(len(header)) if any(row[i] is not None for row in rows)]
    return [header[i] for i in kept], [[row[i] for i in kept] for row in rows]


def simulation_to_text(simulation: Simulation, *, width: int = 80) -> str:
    """The simulated result as plain text: a table of the changes, then the proof."""
    require_simulation(simulation)
    lines = _heading("Simulated result")
    changes = list(simulation.changes())
    if changes:
        lines += text_table(*_rows.change_rows(changes), width)
    else:
        lines.append(_rows.NOTHING_SENT)
    left = simulation.collisions_left
    lines += ["", f"Collisions left: {len(left) if left else 'none'}."]
    if simulation.problems:
        for problem in simulation.problems:
            lines += _wrap(f"Proof FAILED: {problem}", width, rest="  ")
    else:
        lines += _wrap(f"Proof: {_rows.PROOF_SOUND}.", width, rest="  ")
    return "\n".join(lines) + "\n"


def check_to_text(verdict: CheckVerdict) -> str:
    """What ``check`` prints: what was read, one line per collision and stale document, the summary.

    One line each (not wrapped), so that ``grep`` finds every finding whole.
    Every finding of DOMAIN §3.8's evidence (what the two sides leave
    unexplained) comes first, before the collisions and stale documents it
    casts doubt on.
    """
    require_verdict(verdict)
    return "\n".join(visible(line) for line in _rows.check_lines(verdict)) + "\n"


def check_report_to_text(verdict: CheckVerdict, *, width: int = 80) -> str:
    """What ``check`` found, for a terminal ``width`` columns wide: the summary first, then tables.

    The summary says what was read, every finding of DOMAIN §3.8's evidence
    (what the two sides leave unexplained: ``Blocker: …``, ``Warning: …``),
    then what was found and what to run next; the collisions and the stale
    documents follow as aligned tables, the documents booked twice as a
    list. Every line fits ``width`` (at least 40).
    """
    require_verdict(verdict)
    plan, snapshot = verdict.plan, verdict.snapshot
    lines = _heading("Check", "=")
    summary = [_rows.reading_summary(snapshot), *_rows.evidence_lines(verdict)]
    summary.append(_rows.check_summary(verdict))
    for sentence in summary:
        lines += _wrap(sentence, width, rest="  ")
    if verdict.collisions:
        lines += ["", *_heading("Collisions")]
        lines += text_table(*_without_empty(*_rows.collision_rows(verdict.collisions)), width)
    if plan.double_bookings:
        lines += ["", *_heading("Booked twice")]
        for double in plan.double_bookings:
            lines += _wrap(str(double), width, "- ", "  ")
    if verdict.stale:
        lines += ["", *_heading("Stale documents")]
        lines += text_table(*_without_empty(*_rows.stale_check_rows(verdict)), width)
    return "\n".join(lines) + "\n"


def confirmation_to_text(confirmation: Confirmation, *, width: int = 80) -> str:
    """The confirmation for a terminal ``width`` columns wide: the verdict first, then each step's deviations.

    >>> from booking_reconcile import Deviation
    >>> print(confirmation_to_text(Confirmation(deviations=[Deviation("synchronise", "invoice C is not booked")])), end="")
    Confirming the repair
    =====================
    <BLANKLINE>
    Not confirmed: 1 deviation matters; the steps below say what to do.
    <BLANKLINE>
    Step synchronise
    ----------------
    <BLANKLINE>
    - matters: invoice C is not booked
    """
    require_confirmation(confirmation)
    verdict, why = _rows.confirmation_verdict(confirmation)
    lines = _heading("Confirming the repair", "=")
    lines += _wrap(f"{verdict}: {why}", width, rest="  ")
    labelled = _rows.confirmation_administration(confirmation)
    if labelled is not None:
        lines += ["", *_wrap(labelled, width)]
    for step, deviations in _rows.deviations_by_step(confirmation).items():
        lines += ["", *_heading(_wrap(f"Step {step}", width)[0])]
        for deviation in deviations:
            mark = "matters" if deviation.matters else "harmless"
            lines += _wrap(f"{mark}: {deviation.message}", width, "- ", "  ")
    if confirmation.unchecked:
        lines += ["", *_heading("Not checked")]
        for unchecked in confirmation.unchecked:
            lines += _wrap(_rows.unchecked_line(unchecked), width, "- ", "  ")
    return "\n".join(lines) + "\n"


@singledispatch
def to_text(record: object, *, width: int = 80) -> str:
    """``record`` as plain text ``width`` columns wide."""
    raise NotImplementedError(f"no text form is registered for {type(record).__name__}")


@to_text.register(RepairPlan)
def _plan_text(record: RepairPlan, *, width: int = 80) -> str:
    return plan_to_text(record, width=width)


@to_text.register(Simulation)
def _simulation_text(record: Simulation, *, width: int = 80) -> str:
    return simulation_to_text(record, width=width)


@to_text.register(CheckVerdict)
def _check_text(record: CheckVerdict, *, width: int = 80) -> str:
    return check_report_to_text(record, width=width)


@to_text.register(Confirmation)
def _confirmation_text(record: Confirmation, *, width: int = 80) -> str:
    return confirmation_to_text(record, width=width)
