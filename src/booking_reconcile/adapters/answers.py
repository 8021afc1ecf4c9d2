"""API answers recognised by their content: one JSON value in, records out.

A connector, or a person with an API client, saves what Exact Online and
Teamleader Focus answered: one answer (a page), or a list of the pages. The
command line accepts such files for ``--invoices``, ``--credit-notes``,
``--bookings`` and ``--journals``; :func:`read_answers` is what it calls. It
takes the decoded JSON value (no file, no HTTP here), recognises which
answers it holds by their envelopes and their rows' fields, reads them with
the system's adapter, and returns the records; what it cannot recognise it
refuses, naming what it saw.

>>> answers = read_answers({"d": {"results": [
...     {"EntryNumber": 1002, "Journal": "70", "EntryDate": "/Date(1768003200000)/",
...      "Type": 20, "Status": 50, "YourRef": "2026/3"}]}}, role="bookings", source="entries.json")
>>> answers.seen
(AnswerKind.SALES_ENTRIES,)
>>> answers.bookings
(Booking(journal='70', booking_number=1002, date=datetime.date(2026, 1, 10), document=None, reference='2026/3', financial_year=None),)
>>> read_answers({"data": [{"credit_note_number": "C1", "credit_note_date": "2026-01-11"}]},
...              role="invoices", source="invoices.json")
Traceback (most recent call last):
...
booking_reconcile.errors.InputFormatError: invoices.json: holds Teamleader Focus creditNotes.list/info answers (credit notes), not invoices: give the file as the credit notes

What is recognised (docs/adapters.md, "Recognising answers"):

- Exact Online (``{"d": {"results": [...]}}``, ``{"d": [...]}``, one
  object in ``d``, or its error answer ``{"error": ...}``):
  ``salesentry/SalesEntries`` (rows with ``EntryNumber`` and ``Journal``),
  ``TransactionLines`` (``JournalCode``), ``financial/Journals``
  (``Code``), ``read/financial/JournalStatusList`` (``Journal``, ``Year``,
  ``Period``), ``financial/FinancialPeriods`` (``FinYear``, ``FinPeriod``);
- Teamleader Focus (``{"data": [...]}``, one object in ``data``, or its
  error answer ``{"errors": [...]}``): ``invoices.list``/``info``
  (``invoice_number`` or ``invoice_date``) and ``creditNotes.list``/``info``
  (``credit_note_number`` or ``credit_note_date``);
- one answer, a list of answers (the pages, in order; answers of several
  resources may share a list, each resource's pages in order), or the bare
  list of one resource's rows.
"""

from __future__ import annotations

__all__ = ["ROLES", "AnswerKind", "Answers", "Recognised", "read_answers", "recognise"]

import datetime as dt
import enum
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any

import attrs

from booking_reconcile.errors import InputFormatError, InvalidValueError, quoted
from booking_reconcile.findings import Finding
from booking_reconcile.models import Booking, Document, Integration, Journal, Numbering

from ._payload import check_options
from .exact_online import (
    read_booking_answers,
    read_division,
    read_financial_year_start_month,
    read_journals,
)
from .teamleader import (
    BookingNumbers,
    department_of,
    last_page_full,
    read_documents,
    read_invoices,
)

EXACT = "Exact Online"
TEAMLEADER = "Teamleader Focus"


class AnswerKind(enum.Enum):
    """Which API resource an answer is from."""

    SALES_ENTRIES = "salesentry/SalesEntries"
    TRANSACTION_LINES = "TransactionLines"
    JOURNALS = "financial/Journals"
    JOURNAL_STATUSES = "read/financial/JournalStatusList"
    FINANCIAL_PERIODS = "financial/FinancialPeriods"
    INVOICES = "invoices.list/info"
    CREDIT_NOTES = "creditNotes.list/info"

    def __repr__(self) -> str:
        return f"AnswerKind.{self.name}"

    @property
    def system(self) -> str:
        """The API that answers it: Exact Online or Teamleader Focus."""
        return TEAMLEADER if self in (AnswerKind.INVOICES, AnswerKind.CREDIT_NOTES) else EXACT

    @property
    def role(self) -> str:
        """What it gives: ``invoices``, ``credit_notes``, ``bookings`` or ``journals``."""
        return _ROLE_OF_KIND[self]

    @property
    def label(self) -> str:
        """The answer in words: ``'Exact Online salesentry/SalesEntries'``."""
        return f"{self.system} {self.value}"


_ROLE_OF_KIND = {
    AnswerKind.SALES_ENTRIES: "bookings",
    AnswerKind.TRANSACTION_LINES: "bookings",
    AnswerKind.JOURNALS: "journals",
    AnswerKind.JOURNAL_STATUSES: "journals",
    AnswerKind.FINANCIAL_PERIODS: "journals",
    AnswerKind.INVOICES: "invoices",
    AnswerKind.CREDIT_NOTES: "credit_notes",
}

#: The roles a file may be given in (the command's options), and the kinds each accepts.
ROLES: Mapping[str, frozenset[AnswerKind]] = {
    "invoices": frozenset({AnswerKind.INVOICES}),
    "credit_notes": frozenset({AnswerKind.CREDIT_NOTES}),
    "documents": frozenset({AnswerKind.INVOICES, AnswerKind.CREDIT_NOTES}),
    "bookings": frozenset({AnswerKind.SALES_ENTRIES, AnswerKind.TRANSACTION_LINES}),
    "journals": frozenset(
        {AnswerKind.JOURNALS, AnswerKind.JOURNAL_STATUSES, AnswerKind.FINANCIAL_PERIODS}
    ),
}
_ROLE_WORDS = {
    "invoices": "invoices",
    "credit_notes": "credit notes",
    "documents": "invoices or credit notes",
    "bookings": "bookings",
    "journals": "journals",
}
#: What an empty answer is taken for when the role tells.
_EMPTY_KIND = {
    "invoices": AnswerKind.INVOICES,
    "credit_notes": AnswerKind.CREDIT_NOTES,
    "bookings": AnswerKind.SALES_ENTRIES,
    "journals": AnswerKind.JOURNALS,
}


@attrs.frozen
class Recognised:
    """The pages of one resource in a JSON value, in their order.

    ``pages`` holds whole answers (``{"d": ...}``, ``{"data": ...}``), or,
    for a bare list of rows, that one list.
    """

    kind: AnswerKind
    pages: tuple[Any, ...]

    @property
    def answer(self) -> Any:
        """The pages as the adapters take them: the one page, or the list of pages."""
        return self.pages[0] if len(self.pages) == 1 else list(self.pages)


@attrs.frozen
class Answers:
    """What :func:`read_answers` read from one JSON value.

    ``documents``, ``bookings`` and ``journals`` are ``None`` where the value
    held no answer that gives them (``journals`` is also ``None`` for a value
    holding only ``FinancialPeriods``). ``financial_year_start_month`` is
    read from ``FinancialPeriods``; ``division`` is the one division of the
    Exact answers (``None``: no row names one, even when ``division=``
    chose one), ``department`` the one
    department (its id) of the Teamleader documents, chosen or the only one
    (``None``: no row names one); ``warnings`` are what a person should see (:class:`~booking_reconcile.findings.Finding`).
    """

    seen: tuple[AnswerKind, ...]
    documents: tuple[Document, ...] | None = None
    bookings: tuple[Booking, ...] | None = None
    journals: tuple[Journal, ...] | None = None
    financial_year_start_month: int | None = None
    division: int | None = None
    warnings: tuple[Finding, ...] = ()
    department: str | None = None

    def describe(self) -> str:
        """What was read, in words: ``'Exact Online salesentry/SalesEntries'``."""
        return ", ".join(kind.label for kind in self.seen) or "no answer"


def recognise(data: Any, *, source: str = "answers") -> tuple[Recognised, ...]:
    """The answers a decoded JSON value holds, by resource, in the order first seen.

    Pages that hold no row are kept with the resource of the other pages;
    a value whose pages all hold no row gives ``()`` (nothing tells what it
    answers). Error answers are refused with the API's message (a rate limit
    says to wait). Anything not recognised is refused, naming what was seen.

    >>> [r.kind for r in recognise([{"d": {"results": [{"Code": "70"}]}},
    ...                             {"d": {"results": [{"FinYear": 2026, "FinPeriod": 1}]}}])]
    [AnswerKind.JOURNALS, AnswerKind.FINANCIAL_PERIODS]
    >>> recognise({"value": []}, source="x.json")
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: x.json: is an object with the keys 'value': not an Exact Online answer ({"d": ...}) nor a Teamleader Focus answer ({"data": ...}); pass the response body as the API returned it, or a list of them (the pages)
    """
    pages = _pages(data, source)
    by_kind: dict[AnswerKind, list[Any]] = {}
    empty: list[tuple[str, Any]] = []
    for name, system, page in pages:
        kind = _kind_of_page(name, system, page)
        if kind is None:
            empty.append((system, page))
        else:
            by_kind.setdefault(kind, []).append(page)
    for system, page in empty:
        # An empty page belongs with the pages of its system, when they are of one resource.
        same = [kind for kind in by_kind if kind.system == system or system == ""]
        if len(same) == 1:
            by_kind[same[0]].append(page)
    return tuple(Recognised(kind, tuple(found)) for kind, found in by_kind.items())


def _pages(data: Any, source: str) -> list[tuple[str, str, Any]]:
    """``(name, system, page)`` for each answer of ``data``; system ``""`` for bare rows."""
    if isinstance(data, Mapping):
        return [(source, _system(source, data), data)]
    if not isinstance(data, list):
        raise InputFormatError(
            source,
            f"holds a {_type(data)}, not API answers; pass the response body as the API "
            "returned it (an object), or a list of them (the pages)",
        )
    if data and all(isinstance(item, Mapping) and _is_envelope(item) for item in data):
        several = len(data) > 1
        return [
            (name := f"{source} page {n}" if several else source, _system(name, item), item)
            for n, item in enumerate(data, start=1)
        ]
    for index, item in enumerate(data):
        if not isinstance(item, Mapping):
            raise InputFormatError(
                f"{source}[{index}]",
                f"is a {_type(item)}: a list of answers holds objects (the pages, or the "
                "rows of one answer)",
            )
        if _is_envelope(item):
            raise InputFormatError(
                f"{source}[{index}]",
                "is an answer in a list that also holds rows; pass a list of answers (the "
                "pages) or the bare list of one answer's rows",
            )
    return [(source, "", data)]


def _is_envelope(item: Mapping[Any, Any]) -> bool:
    return any(key in item for key in ("d", "error", "data", "errors"))


def _system(name: str, page: Mapping[Any, Any]) -> str:
    if "d" in page or "error" in page:
        return EXACT
    if "data" in page or "errors" in page:
        return TEAMLEADER
    keys = ", ".join(quoted(key) for key in list(page)[:8]) or "none"
    raise InputFormatError(
        name,
        f"is an object with the keys {keys}: not an Exact Online answer "
        '({"d": ...}) nor a Teamleader Focus answer ({"data": ...}); pass the response '
        "body as the API returned it, or a list of them (the pages)",
    )


def _rows(name: str, system: str, page: Any) -> list[Any]:
    """The rows of one page, raising the adapter's own error for an error answer."""
    if system == EXACT:
        if "error" in page and "d" not in page:
            read_division({name: page})  # raises with Exact's message
        found: Any = page.get("d")
        if isinstance(found, Mapping):
            found = found.get("results", [found])
    elif system == TEAMLEADER:
        if "errors" in page and "data" not in page:
            read_invoices(page, source=name)  # raises with Teamleader's message
        found = page.get("data")
        if isinstance(found, Mapping):
            found = [found]
    else:
        found = page
    if not isinstance(found, list):
        raise InputFormatError(
            name, f"holds a {_type(found)} where the rows were expected (a list of objects)"
        )
    return found


def _kind_of_page(name: str, system: str, page: Any) -> AnswerKind | None:
    """The resource a page's rows are of, ``None`` for a page without rows."""
    first: tuple[AnswerKind, int] | None = None
    for index, row in enumerate(_rows(name, system, page)):
        where = f"{name}[{index}]"
        kind = _kind_of_row(where, row)
        if system and kind.system != system:
            raise InputFormatError(
                where,
                f"is a row of {kind.label} in an answer of {system}: the answer's envelope and "
                "its rows do not fit; pass each API's answers as they came",
            )
        if first is None:
            first = (kind, index)
        elif kind != first[0]:
            raise InputFormatError(
                where,
                f"is a row of {kind.label}, but {name}[{first[1]}] is one of "
                f"{first[0].label}: one answer holds the rows of one resource",
            )
    return None if first is None else first[0]


def _kind_of_row(where: str, row: Any) -> AnswerKind:
    if not isinstance(row, Mapping):
        raise InputFormatError(where, f"is a {_type(row)}, not an object; each row is an object")
    keys = set(row)
    if "JournalCode" in keys:
        return AnswerKind.TRANSACTION_LINES
    if {"EntryNumber", "Journal"} <= keys:
        return AnswerKind.SALES_ENTRIES
    if {"FinYear", "FinPeriod"} <= keys:
        return AnswerKind.FINANCIAL_PERIODS
    if {"Journal", "Year", "Period"} <= keys:
        return AnswerKind.JOURNAL_STATUSES
    if "Code" in keys:
        return AnswerKind.JOURNALS
    if keys & {"invoice_number", "invoice_date"}:
        return AnswerKind.INVOICES
    if keys & {"credit_note_number", "credit_note_date"}:
        return AnswerKind.CREDIT_NOTES
    shown = ", ".join(quoted(key) for key in list(row)[:8]) or "none"
    raise InputFormatError(
        where,
        f"is a row with the keys {shown}: not a row of the answers this library reads "
        f"({', '.join(kind.label for kind in AnswerKind)}); fetch one of those",
    )


def _type(value: Any) -> str:
    names = {dict: "object", list: "list", str: "text", type(None): "null", bool: "boolean"}
    names.update({int: "number", float: "number"})
    return names.get(type(value), type(value).__name__)


def read_answers(
    data: Any,
    *,
    role: str | None = None,
    source: str = "answers",
    integration: Integration | None = None,
    booking_numbers: BookingNumbers | None = None,
    booking_number_field: str | None = None,
    department: str | None = None,
    division: int | None = None,
    reference_field: str = "YourRef",
    numbering: Numbering = Numbering.CONTINUOUS,
    financial_year_start_month: int | None = None,
    tz: dt.tzinfo = dt.timezone.utc,
) -> Answers:
    """The records of the Exact Online or Teamleader Focus answers in ``data``.

    ``data`` is a decoded JSON value (see the module's docstring); ``source``
    names it in errors (the file's name). ``role`` says what it must give:
    ``"invoices"``, ``"credit_notes"``, ``"documents"`` (either),
    ``"bookings"`` or ``"journals"`` (``Journals``, with
    ``JournalStatusList`` and ``FinancialPeriods`` in the same list); an
    answer of another resource is refused, naming it. ``None`` reads
    whatever is recognised. A value without a row is the role's empty answer
    (refused without a role: nothing tells what it is).

    The other options go to the adapters: ``booking_numbers``,
    ``booking_number_field`` and ``department`` to
    :func:`teamleader.read_documents
    <booking_reconcile.adapters.teamleader.read_documents>`;
    ``integration`` (its financial year's start month), ``reference_field``,
    ``division`` and ``tz`` to :func:`exact_online.read_booking_answers
    <booking_reconcile.adapters.exact_online.read_booking_answers>`;
    ``numbering`` to :func:`exact_online.read_journals
    <booking_reconcile.adapters.exact_online.read_journals>`. The month the
    financial year starts in is ``financial_year_start_month``, else the one
    ``FinancialPeriods`` gives, else the integration's. Every Exact answer of
    ``data`` must be of one division, or ``division`` chooses one.
    """
    check_options(
        role=role,
        source=source,
        integration=integration,
        booking_number_field=booking_number_field,
        department=department,
        division=division,
        reference_field=reference_field,
        numbering=numbering,
        financial_year_start_month=financial_year_start_month,
        tz=tz,
    )
    if role is not None and role not in ROLES:
        expected = ", ".join(map(repr, ROLES))
        raise InvalidValueError("the option", "role", role, "is not one of the roles", expected)
    found = {r.kind: r for r in recognise(data, source=source)}
    if not found:
        if role is None or role not in _EMPTY_KIND:
            if role == "documents":
                return Answers((), documents=())
            raise InputFormatError(
                source,
                "holds no rows, so nothing tells which API answer it is; give it as the "
                "invoices, credit notes, bookings or journals it answers",
            )
        kind = _EMPTY_KIND[role]
        found = {kind: Recognised(kind, ([],))}
    _check_role(found, role, source)
    prefix = f"{source}: "
    exact = {
        prefix + kind.value.rpartition("/")[2]: r.answer
        for kind, r in found.items()
        if kind.system == EXACT
    }
    the_division = read_division(exact, division=division) if exact else None
    if division is not None and not _names_a_division(found, source):
        the_division = None  # A choice the answers do not name: the caller notes it.
    documents = None
    the_department = None
    if AnswerKind.INVOICES in found or AnswerKind.CREDIT_NOTES in found:
        invoices, credit_notes = (
            _answer(found, AnswerKind.INVOICES),
            _answer(found, AnswerKind.CREDIT_NOTES),
        )
        documents = read_documents(
            invoices,
            credit_notes,
            booking_numbers=booking_numbers,
            booking_number_field=booking_number_field,
            department=department,
            source=source,
        )
        the_department = department
        if department is None and documents:
            the_department = department_of(invoices, credit_notes)
        full = (
            last_page_full(
                found[kind].pages, source, kind.value.replace("/info", ""), the_department
            )
            for kind in (AnswerKind.INVOICES, AnswerKind.CREDIT_NOTES)
            if kind in found
        )
        page_warnings = tuple(warning for warning in full if warning is not None)
    else:
        page_warnings = ()
    periods = _answer(found, AnswerKind.FINANCIAL_PERIODS)
    month = financial_year_start_month
    if periods is not None:
        read_month = read_financial_year_start_month(
            periods, division=division, source=prefix + "FinancialPeriods"
        )
        if month is not None and month != read_month:
            raise InputFormatError(
                prefix + "FinancialPeriods",
                f"starts the financial year in month {read_month}, but "
                f"financial_year_start_month is {month}; leave it out, or correct it",
            )
        month = read_month
    if month is None and integration is not None:
        month = integration.financial_year_start_month
    bookings: tuple[Booking, ...] | None = None
    warnings: tuple[Finding, ...] = ()
    for kind in (AnswerKind.SALES_ENTRIES, AnswerKind.TRANSACTION_LINES):
        if kind in found:
            read = read_booking_answers(
                found[kind].answer,
                reference_field=reference_field,
                integration=integration,
                tz=tz,
                division=division,
                financial_year_start_month=month,
                source=prefix + kind.value.rpartition("/")[2],
            )
            bookings, warnings = read.bookings, read.warnings
    journals = None
    if AnswerKind.JOURNALS in found:
        journals = read_journals(
            found[AnswerKind.JOURNALS].answer,
            numbering=numbering,
            statuses=_answer(found, AnswerKind.JOURNAL_STATUSES),
            financial_periods=periods,
            financial_year_start_month=month or 1,
            division=division,
            source=prefix + "Journals",
        )
    left_out = _left_out(found, source, division, department)
    return Answers(
        tuple(found),
        documents=documents,
        bookings=bookings,
        journals=journals,
        financial_year_start_month=None if periods is None else month,
        division=the_division,
        warnings=(*page_warnings, *left_out, *warnings),
        department=the_department,
    )


def _raw_rows(
    found: Mapping[AnswerKind, Recognised],
    source: str,
    systems: Collection[str] = (EXACT, TEAMLEADER),
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Each row (an object) of the pages found of ``systems``, with the system of its answer."""
    for kind, recognised in found.items():
        if kind.system not in systems:
            continue
        for page in recognised.pages:
            for row in page if isinstance(page, list) else _rows(source, kind.system, page):
                if isinstance(row, Mapping):
                    yield kind.system, row


def _names_a_division(found: Mapping[AnswerKind, Recognised], source: str) -> bool:
    """Whether a row of the Exact answers names its division."""
    return any(row.get("Division") is not None for _, row in _raw_rows(found, source, (EXACT,)))


def _left_out(
    found: Mapping[AnswerKind, Recognised],
    source: str,
    division: int | None,
    department: str | None,
) -> tuple[Finding, ...]:
    """A note counting the rows of other divisions (departments) the choice left out (§6)."""
    others: dict[str, list[str]] = {"division": [], "department": []}
    for system, row in _raw_rows(found, source):
        if system == EXACT and division is not None:
            value = row.get("Division")
            if value is not None and str(value).strip() != str(division):
                others["division"].append(str(value).strip())
        elif system == TEAMLEADER and department is not None:
            held = row.get("department")
            value = held.get("id") if isinstance(held, Mapping) else None
            if value is not None and value != department:
                others["department"].append(str(value))
    return tuple(
        Finding(
            f"left-out-other-{field}s",
            f"{source}: left out {len(values)} row{'' if len(values) == 1 else 's'} of other "
            f"{field}s ({', '.join(map(quoted, sorted(set(values))))}): {field}= "
            f"(--{field}) chose {quoted(str(chosen))}",
        )
        for field, values, chosen in (
            ("division", others["division"], division),
            ("department", others["department"], department),
        )
        if values
    )


def _answer(found: Mapping[AnswerKind, Recognised], kind: AnswerKind) -> Any:
    return found[kind].answer if kind in found else None


def _check_role(found: Mapping[AnswerKind, Recognised], role: str | None, source: str) -> None:
    kinds: Sequence[AnswerKind] = list(found)
    if role is not None:
        for kind in kinds:
            if kind not in ROLES[role]:
                raise InputFormatError(
                    source,
                    f"holds {kind.label} answers ({_ROLE_WORDS[kind.role]}), not "
                    f"{_ROLE_WORDS[role]}: give the file as the {_ROLE_WORDS[kind.role]}",
                )
    if AnswerKind.SALES_ENTRIES in found and AnswerKind.TRANSACTION_LINES in found:
        raise InputFormatError(
            source,
            "holds both SalesEntries and TransactionLines answers: the same entries would be "
            "read twice; give the answers of one of them",
        )
    if AnswerKind.JOURNAL_STATUSES in found and AnswerKind.JOURNALS not in found:
        raise InputFormatError(
            source,
            "holds a JournalStatusList answer but no Journals answer: the closed periods "
            "belong to journals; put the Journals answer in the same list (the pages of "
            "both, each in order)",
        )
