"""What every Exact Online answer shares: its envelope, and one division (private).

Every resource answers ``{"d": {"results": [...], "__next": URL}}`` (or one
object in ``d``), an error ``{"error": {"message": {"value": ...}}}``, and a
rate-limit error that asks to wait (:data:`ENVELOPE`). One Exact account
holds several administrations (divisions); the rows of every answer a
snapshot reads must be of one (:func:`one_division`, :func:`read_division`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NoReturn

from ._payload import Envelope, Row, check_options, rows


def error_message(answer: Mapping[str, Any]) -> str | None:
    """Exact's own message of an error answer, or ``None`` for an answer with rows."""
    error = answer.get("error")
    if error is None or "d" in answer:
        return None
    message: Any = error.get("message") if isinstance(error, Mapping) else error
    if isinstance(message, Mapping):
        message = message.get("value")
    return str(message) if message is not None else "(no message)"


#: What to do after a rate-limit answer (HTTP 429).
RATE_LIMIT_ADVICE = (
    "Exact Online allows 60 calls a minute and 5,000 a day per app and division: wait a "
    "minute (past the day's limit, until the next day) and fetch again, pacing the calls"
)

_DIVISION_IN_URL = re.compile(r"/api/v1/([0-9]+)/")


def page_division(page: Mapping[str, Any], items: list[Any]) -> str | None:
    """The division a page is of: its rows' ``Division``, else the one in its URLs; ``None``.

    The URLs are the rows' ``__metadata.uri`` and the page's ``__next``
    (``https://start.exactonline.nl/api/v1/{division}/...``).

    >>> page_division({"d": {"__next": "https://x/api/v1/123456/salesentry/SalesEntries?$skiptoken=1"}}, [{}])
    '123456'
    >>> page_division({"d": {}}, [{"Division": 654321}])
    '654321'
    """
    urls: list[Any] = []
    for item in items:
        if not isinstance(item, Mapping):
            continue
        value = item.get("Division")
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str) and value.strip().isdigit():
            return str(int(value))
        metadata = item.get("__metadata")
        if isinstance(metadata, Mapping):
            urls.append(metadata.get("uri"))
    body = page.get("d")
    if isinstance(body, Mapping):
        urls.append(body.get("__next"))
    for url in urls:
        if isinstance(url, str) and (match := _DIVISION_IN_URL.search(url)):
            return str(int(match[1]))
    return None


ENVELOPE = Envelope(
    ("d", "results"),
    error_message,
    next_key="__next",
    single=True,
    wait=RATE_LIMIT_ADVICE,
    owner=page_division,
)


def division_of(row: Row) -> int | None:
    return row.integer("Division") if "Division" in row.fields else None


def one_division(found: list[Row], division: int | None, *, across: bool = False) -> list[Row]:
    """The rows of one division (administration): refuse two, unless ``division`` chooses one.

    Without ``division``, rows of two divisions are refused. With it, rows of
    other divisions are left out; a row that names no division is then
    refused when another row does (it cannot be placed), and rows that all
    name other divisions are refused (``division`` is then not theirs).
    A row that names no division among rows of one answer that name theirs is
    refused with ``division`` or without; ``across`` (rows of several kinds of
    answer, some of which name no division at all) checks only that they name
    one division.
    """
    named = [(row, value) for row in found if (value := division_of(row)) is not None]
    if not named:
        return found
    if division is None:
        for row, value in named[1:]:
            if value != named[0][1]:
                raise row.error(
                    "Division",
                    f"{value} is another division than {named[0][1]} ({named[0][0].where}): one "
                    "snapshot is one administration; fetch each division's answers apart, or "
                    "choose one with division= (--division)",
                )
        if not across and len(named) < len(found):
            _refuse_unnamed(next(row for row in found if division_of(row) is None), named)
        return found
    if all(value != division for _, value in named):
        row, value = named[0]
        raise row.error(
            "Division",
            f"{value} is another division than {division} (division=), and no row is of "
            f"division {division}: one snapshot is one administration; pass the answers of "
            "that division, or choose one of theirs with division=",
        )
    kept = []
    for row in found:
        value = division_of(row)
        if value is None:
            _refuse_unnamed(row, named)
        if value == division:
            kept.append(row)
    return kept


def _refuse_unnamed(row: Row, named: list[tuple[Row, int]]) -> NoReturn:
    """Refuse ``row``, which names no division among rows that name theirs (§6)."""
    first, value = named[0]
    raise row.error(
        "Division",
        f"is {'missing' if 'Division' not in row.fields else 'null'} while other rows name "
        f"their division ({value}, {first.where}): its administration is unknown, and one "
        "snapshot is one administration; select Division when fetching, so that every row "
        "names its own",
    )


def read_division(answers: Mapping[str, Any], *, division: int | None = None) -> int | None:
    """The one division of the rows of ``answers`` (by name), ``None`` when no row names one.

    Every answer counts: sales entries or lines, journals, journal statuses,
    financial periods. With ``division``, each answer must hold rows of it
    (rows of other divisions are left out by the readers given the same
    ``division=``), and it is returned.

    >>> read_division({"Journals": [{"Division": 12, "Code": "70"}], "SalesEntries": {"d": [{"Division": 12}]}})
    12
    >>> read_division({"Journals": [{"Division": 12}], "JournalStatusList": [{"Division": 13}]})
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: JournalStatusList[0], field 'Division': 13 is another division than 12 (Journals[0]): one snapshot is one administration; fetch each division's answers apart, or choose one with division= (--division)
    >>> read_division({"Journals": [{"Division": 12}], "JournalStatusList": [{"Division": 13}, {"Division": 12}]}, division=12)
    12
    """
    check_options(division=division)
    found: list[Row] = []
    for source, answer in answers.items():
        if answer is not None:
            found += one_division(rows(answer, ENVELOPE, source), division)
    one_division(found, None, across=True)
    if division is not None:
        return division
    for row in found:
        value = division_of(row)
        if value is not None:
            return value
    return None
