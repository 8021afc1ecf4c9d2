"""Showing the records: each record's rows built once, laid out by name.

A record is shown in one of a few layouts, chosen by name with
:func:`render`: ``"text"`` for a terminal (aligned tables, prose wrapped to
``width``, the summary first), ``"markdown"`` (the checklist a person
follows, and a notebook's ``_repr_markdown_``), ``"html"`` (a notebook's
``_repr_html_``, with real tables), ``"json"`` (data for programs) and
``"csv"`` (every booking the plan deletes, with its step, for a spreadsheet). The rows and sentences
of every layout come from one place (``formats._rows``); each layout module
only lays them out: :mod:`~booking_reconcile.formats.markdown`,
:mod:`~booking_reconcile.formats.text`, :mod:`~booking_reconcile.formats.html`,
:mod:`~booking_reconcile.formats.spreadsheet` and
:mod:`~booking_reconcile.formats.data`. Every function is pure: the command
line measures the terminal and passes its width.

>>> from datetime import date
>>> from booking_reconcile import Integration, Invoice, Snapshot, plan_repair
>>> plan = plan_repair(Snapshot(Integration("70", "70"), [
...     Invoice("B", date(2026, 1, 6), 1002), Invoice("C", date(2026, 1, 10), 1002)]))
>>> print(render(plan, "csv"), end="")
journal,financial_year,booking_number,document,date,step
70,,1002,invoice C,2026-01-10,delete-bookings
>>> render(plan, "pdf")
Traceback (most recent call last):
...
booking_reconcile.errors.InvalidValueError: render: layout 'pdf' is not a layout; expected one of csv, html, json, markdown, text
"""

from __future__ import annotations

__all__ = [
    "DELETION_CSV_COLUMNS",
    "LAYOUTS",
    "check_report_to_text",
    "check_to_dict",
    "check_to_markdown",
    "check_to_text",
    "collision_to_html",
    "collision_to_markdown",
    "collisions_to_html",
    "collisions_to_markdown",
    "confirmation_to_dict",
    "confirmation_to_markdown",
    "confirmation_to_text",
    "deletions_to_csv",
    "deletions_to_xlsx",
    "escape_markdown",
    "plan_to_html",
    "plan_to_markdown",
    "plan_to_text",
    "policy_consequences",
    "reading_summary",
    "reading_to_dict",
    "render",
    "simulation_to_dict",
    "simulation_to_html",
    "simulation_to_markdown",
    "simulation_to_text",
    "stale_to_html",
    "stale_to_markdown",
    "text_table",
    "visible",
]

import json
from collections.abc import Callable

from booking_reconcile import _presentation
from booking_reconcile.errors import InvalidValueError
from booking_reconcile.repair_plan import RepairPlan
from booking_reconcile.verdict import CheckVerdict

from ._escape import visible
from ._rows import policy_consequences, reading_summary
from .data import check_to_dict, confirmation_to_dict, reading_to_dict, simulation_to_dict
from .html import (
    collision_to_html,
    collisions_to_html,
    plan_to_html,
    simulation_to_html,
    stale_to_html,
)
from .markdown import (
    check_to_markdown,
    collision_to_markdown,
    collisions_to_markdown,
    confirmation_to_markdown,
    escape_markdown,
    plan_to_markdown,
    simulation_to_markdown,
    stale_to_markdown,
)
from .spreadsheet import DELETION_CSV_COLUMNS, deletions_to_csv, deletions_to_xlsx
from .text import (
    check_report_to_text,
    check_to_text,
    confirmation_to_text,
    plan_to_text,
    simulation_to_text,
    text_table,
    to_text,
)

_presentation.to_data.register(CheckVerdict, check_to_dict)


def _json(record: object, width: int) -> str:
    return json.dumps(_presentation.to_data(record), indent=2, ensure_ascii=False) + "\n"


def _csv(record: object, width: int) -> str:
    if not isinstance(record, RepairPlan):
        raise NotImplementedError(f"no CSV form is registered for {type(record).__name__}")
    return deletions_to_csv(record)


#: Each layout's name, and the function that lays a record out in it (given a width).
LAYOUTS: dict[str, Callable[[object, int], str]] = {
    "csv": _csv,
    "html": lambda record, width: _presentation.to_html(record),
    "json": _json,
    "markdown": lambda record, width: _presentation.to_markdown(record),
    "text": lambda record, width: to_text(record, width=width),
}


def render(record: object, layout: str, *, width: int = 80) -> str:
    """``record`` laid out as ``layout`` (one of :data:`LAYOUTS`), ``width`` columns for text."""
    lay_out = LAYOUTS.get(layout)
    if lay_out is None:
        raise InvalidValueError(
            "render", "layout", layout, "is not a layout", f"one of {', '.join(sorted(LAYOUTS))}"
        )
    return lay_out(record, width)
