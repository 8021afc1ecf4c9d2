"""Exact Online's journals, closed periods and period table, read into journals (private).

:func:`read_journals` and :func:`read_financial_year_start_month`, which
:mod:`booking_reconcile.adapters.exact_online` exposes and documents:
``financial/Journals`` gives the codes, ``read/financial/JournalStatusList``
the closed periods (a journal's lock date), ``financial/FinancialPeriods``
the periods' end dates and the month the financial year starts in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta

from booking_reconcile._parsing import parse_odata_date as parse_exact_date
from booking_reconcile.errors import InputFormatError, quoted
from booking_reconcile.models import Journal, Numbering
from booking_reconcile.periods import financial_year_start

from ._exact_answers import ENVELOPE, one_division
from ._payload import Row, check_options, rows

#: ``Status`` of an open and of a closed period in ``JournalStatusList``; any other is refused.
OPEN_STATUS, CLOSED_STATUS = 0, 1


def read_journals(
    payload: Any,
    *,
    numbering: Numbering = Numbering.CONTINUOUS,
    statuses: Any = None,
    financial_periods: Any = None,
    financial_year_start_month: int = 1,
    division: int | None = None,
    source: str = "Journals",
) -> tuple[Journal, ...]:
    """The journals of ``financial/Journals`` answers, with their closed periods.

    ``Code`` is the journal code; ``Type`` and ``Description``, when given,
    are checked but not kept. The API has no field for the numbering or the
    next entry number, so every journal gets ``numbering`` (continuous by
    default; unconfirmed) and no next number. ``statuses`` (a
    ``read/financial/JournalStatusList`` answer) gives the closed periods:
    a journal's ``locked_until`` is the last day of its latest closed period
    (``Status`` 1), its end date taken from ``financial_periods`` (a
    ``financial/FinancialPeriods`` answer) or, without it, from calendar
    months with ``financial_year_start_month``. The rows of all three answers
    must be of one division (administration), or ``division`` chooses one.

    >>> read_journals({"d": {"results": [{"Code": "70", "Type": 20, "Description": "Sales"}]}})
    (Journal(code='70', numbering=Numbering.CONTINUOUS, next_booking_number=None, locked_until=None),)
    >>> statuses = {"d": {"results": [{"Journal": "70", "Year": 2025, "Period": 12, "Status": 1},
    ...                               {"Journal": "70", "Year": 2026, "Period": 1, "Status": 0}]}}
    >>> read_journals([{"Code": "70"}], statuses=statuses)[0].locked_until
    datetime.date(2025, 12, 31)
    """
    check_options(
        numbering=numbering,
        financial_year_start_month=financial_year_start_month,
        division=division,
        source=source,
    )
    found = one_division(rows(payload, ENVELOPE, source), division)
    # The other answers named as the Journals are, after the file they come from.
    prefix = source.removesuffix("Journals") if source.endswith("Journals") else ""
    status_rows = _rows_of(statuses, prefix + "JournalStatusList", division)
    period_rows = _rows_of(financial_periods, prefix + "FinancialPeriods", division)
    # One administration over every answer read, not only within each.
    one_division([*found, *status_rows, *period_rows], None, across=True)
    ends = None if financial_periods is None else _period_ends(period_rows)
    locked = _locked(status_rows, ends, financial_year_start_month)
    journals = []
    for row in found:
        if "Type" in row.fields:
            row.integer("Type")
        if "Description" in row.fields:
            row.text("Description")
        code = row.required_text("Code")
        until = locked.get(code)
        journals.append(
            row.build(lambda: Journal(code, numbering, None, until), {"code": "Code"})  # noqa: B023
        )
    return tuple(journals)


def _rows_of(payload: Any, source: str, division: int | None) -> list[Row]:
    """The rows of an answer that may be left out (``None``: no rows), of one division."""
    return [] if payload is None else one_division(rows(payload, ENVELOPE, source), division)


def _period_ends(found: list[Row]) -> dict[tuple[int, int], dt.date]:
    """The end date of each (financial year, period) of a FinancialPeriods answer."""
    ends = {}
    for row in found:
        year, period = _required_integer(row, "FinYear"), _required_integer(row, "FinPeriod")
        ends[(year, period)] = parse_exact_date(
            row.get("EndDate"), where=row.where, field="EndDate"
        )
    return ends


def _required_integer(row: Row, field: str) -> int:
    value = row.integer(field)
    if value is None:
        raise row.error(field, f"is empty ({row.missing(field)}); every row needs it")
    return value


def _locked(
    found: list[Row], ends: dict[tuple[int, int], dt.date] | None, month: int
) -> dict[str, dt.date]:
    """Per journal code, the last day of its latest closed period (rows of JournalStatusList)."""
    locked: dict[str, dt.date] = {}
    for row in found:
        status = _required_integer(row, "Status")
        if status not in (OPEN_STATUS, CLOSED_STATUS):
            # Read as open, a closed period's lock date would be lost: refused loudly.
            raise row.error(
                "Status",
                f"{status} is not a status this adapter knows ({OPEN_STATUS} open, "
                f"{CLOSED_STATUS} closed); check the period in Exact Online, and give the "
                "answer as the API returned it",
            )
        if status != CLOSED_STATUS:
            continue
        code = row.required_text("Journal")
        year, period = _required_integer(row, "Year"), _required_integer(row, "Period")
        end = _period_end(row, year, period, ends, month)
        if code not in locked or end > locked[code]:
            locked[code] = end
    return locked


def _period_end(
    row: Row, year: int, period: int, ends: dict[tuple[int, int], dt.date] | None, month: int
) -> dt.date:
    if ends is not None:
        if (year, period) not in ends:
            raise row.error(
                "Period",
                f"period {period} of {year} is not in FinancialPeriods; pass the whole period "
                "table (every page)",
            )
        return ends[(year, period)]
    if not 1 <= period <= 12 or not 1 <= year <= 9998:
        raise row.error(
            "Period",
            f"period {period} of {year} is not a calendar month of a financial year; pass "
            "financial_periods= (the FinancialPeriods answer; on the command line, in the "
            "--journals file) for the period table",
        )
    start = financial_year_start(year, month) + relativedelta(months=period - 1)
    return start + relativedelta(months=1) - dt.timedelta(days=1)


def read_financial_year_start_month(
    payload: Any, *, division: int | None = None, source: str = "FinancialPeriods"
) -> int:
    """The month the financial year starts in, from a ``financial/FinancialPeriods`` answer.

    The ``StartDate`` of each year's period 1; every year must agree.

    >>> read_financial_year_start_month({"d": {"results": [
    ...     {"FinYear": 2026, "FinPeriod": 1, "StartDate": "/Date(1775001600000)/",
    ...      "EndDate": "/Date(1777507200000)/"}]}})
    4
    """
    first: tuple[int, str] | None = None
    for row in one_division(rows(payload, ENVELOPE, source), division):
        if _required_integer(row, "FinPeriod") != 1:
            continue
        start = parse_exact_date(row.get("StartDate"), where=row.where, field="StartDate")
        if first is None:
            first = (start.month, row.where)
        elif start.month != first[0]:
            raise row.error(
                "StartDate",
                f"{quoted(start.isoformat())} starts a financial year in month {start.month}, but "
                f"{first[1]} starts one in month {first[0]}; read the periods of the years the "
                "snapshot covers only, or give financial_year_start_month yourself",
            )
    if first is None:
        raise InputFormatError(
            source,
            "has no period 1 (FinPeriod 1), so the month the financial year starts in is not "
            "known; fetch the whole period table",
        )
    return first[0]
