"""Teamleader Focus API v2 answers, read into invoices and credit notes.

Teamleader Focus is the invoicing tool of the article: it sends invoices and
credit notes to the accounting package and stores the booking number it gets
back. Its API lists them with ``invoices.list`` and ``creditNotes.list``;
this module takes the decoded answers (``{"data": [...]}``, a list of such
pages, or the bare list of rows) and returns the library's documents. No HTTP
here. Like every invoicing-tool adapter, it exposes :func:`read_documents`.
An ``invoices.info`` or ``creditNotes.info`` answer (one object under
``data``) is read like a list of one.

The API has **no** booking-number field, so the numbers are joined in from
the invoice and credit-note overviews, which a person exports with the
booking-number column (:func:`booking_reconcile.readers.read_documents`
reads them), or from a mapping a connector keeps:

>>> from booking_reconcile.models import DocumentKind
>>> from booking_reconcile.readers import read_documents as read_export
>>> export = read_export(
...     "Invoice number,Invoice date,Booking number\\n2026 / 3,2026-01-10,1002\\n2026 / 4,2026-01-12,\\n",
...     kind=DocumentKind.INVOICE,
... )
>>> invoices = {"data": [
...     {"id": "6fac0bf0", "department": {"type": "department", "id": "d-1"},
...      "invoice_number": "2026 / 3", "invoice_date": "2026-01-10", "status": "outstanding"},
...     {"id": "9a8b7c6d", "department": {"type": "department", "id": "d-1"},
...      "invoice_number": "2026 / 4", "invoice_date": "2026-01-12", "status": "outstanding"},
...     {"id": "a1b2c3d4", "invoice_number": None, "invoice_date": None, "status": "draft"},
... ]}
>>> for document in read_documents(invoices, booking_numbers=export):
...     print(document)
invoice 2026 / 3 of 2026-01-10 #1002
invoice 2026 / 4 of 2026-01-12

The fields read (docs/adapters.md gives the sources):

- ``invoice_number`` / ``credit_note_number``: the document number, kept as
  the API writes it (``"2026 / 5"``; only surrounding spaces are removed).
- ``invoice_date`` / ``credit_note_date``: the document date, ``YYYY-MM-DD``.
- ``status``: rows whose status is in ``skipped_statuses`` (``draft`` by
  default) are not documents yet and are left out.
- ``department.id``: a snapshot is one department (each has its own
  journals in the integration). Rows of two departments are refused unless
  ``department`` (the id) names the one to read; rows of other departments
  are then left out, and an answer none of whose documents is of it is
  refused, naming the ids it holds. A row that names no department among
  rows of its answer that name theirs is refused, chosen or not: its
  department is unknown.
- The booking number: with ``booking_numbers``, each row takes the number
  of its document there, matched by kind and by number as the snapshot
  compares a reference with a number (white space and case aside: ``2026/5``
  finds ``2026 / 5``); an empty number means not booked, and two entries
  written alike with different numbers are refused. Given
  the export's documents (:func:`booking_reconcile.readers.read_documents`),
  a row whose document is not there is refused (the export is incomplete),
  and so is one whose document the export dates otherwise (invoice numbers
  repeat across departments: the overview of another department holds the
  same numbers, booked under others), naming both dates; given a
  connector's mapping (which has no dates) from :class:`~booking_reconcile.DocumentRef`
  to a number, a document absent from it is not booked (the connector never
  sent it). Without it, no document is booked, unless
  ``booking_number_field`` names a key a connector added to each row (a
  dotted path reads a nested key; a row without it is then refused). A row
  with a key that mentions a booking while neither is given is refused, so
  that a connector's key is never silently ignored.
- The journal is not in the answer: every document gets ``journal=None``,
  the integration's journal for its kind.
"""

from __future__ import annotations

__all__ = [
    "CREDIT_NOTE_FIELDS",
    "INVOICE_FIELDS",
    "SKIPPED_STATUSES",
    "BookingNumbers",
    "DocumentFields",
    "department_of",
    "departments_named",
    "last_page_full",
    "read_credit_notes",
    "read_documents",
    "read_invoices",
]

import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any, NoReturn, TypeVar

import attrs

from booking_reconcile._collector import pauses_collector
from booking_reconcile._parsing import parse_iso_date
from booking_reconcile.errors import InputFormatError, quoted
from booking_reconcile.findings import Finding
from booking_reconcile.models import CreditNote, Document, Invoice

from ._payload import Envelope, Row, check_options, rows
from ._teamleader_numbers import BookingNumbers, Numbers, booking_number_of, read_once

#: Statuses of rows that are not documents yet.
SKIPPED_STATUSES = frozenset({"draft"})

_Document = TypeVar("_Document", Invoice, CreditNote)


def _error_message(answer: Mapping[str, Any]) -> str | None:
    """The message of a Teamleader error answer (``{"errors": [...]}``), or ``None``."""
    errors = answer.get("errors")
    if errors is None or "data" in answer:
        return None
    first = errors[0] if isinstance(errors, list) and errors else errors
    if isinstance(first, Mapping):
        return str(first.get("detail") or first.get("title") or first)
    return str(first)


#: What to do after a rate-limit answer (HTTP 429).
RATE_LIMIT_ADVICE = (
    "Teamleader Focus allows 200 requests a sliding minute: wait until the time in the "
    "answer's X-RateLimit-Reset header and fetch again"
)

_ENVELOPE = Envelope(("data",), _error_message, single_in_place=True, wait=RATE_LIMIT_ADVICE)


def _source(payload: Any, resource: str, given: str | None) -> str:
    """The name errors give an answer: ``invoices.info`` for one object, else ``invoices.list``."""
    if given is not None:
        return given
    info = isinstance(payload, Mapping) and isinstance(payload.get("data"), Mapping)
    return f"{resource}.{'info' if info else 'list'}"


@attrs.frozen
class DocumentFields:
    """The keys of one kind of document in the answer."""

    number: str
    date: str


INVOICE_FIELDS = DocumentFields("invoice_number", "invoice_date")
CREDIT_NOTE_FIELDS = DocumentFields("credit_note_number", "credit_note_date")


def read_invoices(
    payload: Any,
    *,
    booking_numbers: BookingNumbers | None = None,
    booking_number_field: str | None = None,
    department: str | None = None,
    skipped_statuses: Collection[str] = SKIPPED_STATUSES,
    source: str | None = None,
) -> tuple[Invoice, ...]:
    """The invoices of ``invoices.list`` answers (see the module's docstring)."""
    check_options(
        str,
        booking_number_field=booking_number_field,
        department=department,
        skipped_statuses=skipped_statuses,
        source=source,
    )
    numbers = None if booking_numbers is None else Numbers(booking_numbers)
    return _documents(
        Invoice,
        INVOICE_FIELDS,
        rows(payload, _ENVELOPE, _source(payload, "invoices", source)),
        numbers,
        booking_number_field,
        skipped_statuses,
        department,
    )


def read_credit_notes(
    payload: Any,
    *,
    booking_numbers: BookingNumbers | None = None,
    booking_number_field: str | None = None,
    department: str | None = None,
    skipped_statuses: Collection[str] = SKIPPED_STATUSES,
    source: str | None = None,
) -> tuple[CreditNote, ...]:
    """The credit notes of ``creditNotes.list`` answers.

    >>> from booking_reconcile.models import DocumentKind, DocumentRef
    >>> info = {"data": {"id": "2f0a", "credit_note_number": "C1", "credit_note_date": "2026-01-11",
    ...                  "status": "booked", "invoice": {"type": "invoice", "id": "6fac"}}}
    >>> read_credit_notes(info, booking_numbers={DocumentRef(DocumentKind.CREDIT_NOTE, "C1"): 7})
    (CreditNote(number='C1', date=datetime.date(2026, 1, 11), booking_number=7, journal=None, synced_at=None),)
    >>> read_credit_notes(info)[0].booking_number is None
    True
    >>> read_credit_notes({"data": {**info["data"], "booking_number": 7}})
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: creditNotes.info[0], field 'booking_number': is a key the Teamleader API does not have (value 7): pass booking_number_field='booking_number' to read the booking numbers from it, or booking_numbers= (the overview's export, or a mapping); without either, no document is booked
    """
    check_options(
        str,
        booking_number_field=booking_number_field,
        department=department,
        skipped_statuses=skipped_statuses,
        source=source,
    )
    numbers = None if booking_numbers is None else Numbers(booking_numbers)
    return _documents(
        CreditNote,
        CREDIT_NOTE_FIELDS,
        rows(payload, _ENVELOPE, _source(payload, "creditNotes", source)),
        numbers,
        booking_number_field,
        skipped_statuses,
        department,
    )


@pauses_collector
def read_documents(
    invoices: Any = None,
    credit_notes: Any = None,
    *,
    booking_numbers: BookingNumbers | None = None,
    booking_number_field: str | None = None,
    department: str | None = None,
    skipped_statuses: Collection[str] = SKIPPED_STATUSES,
    source: str | None = None,
) -> tuple[Document, ...]:
    """The invoices, then the credit notes, of both answers (either may be ``None``).

    The department is checked over both: their rows must be of one department
    (or are chosen by ``department``). ``source``, when given, names where
    the answers come from (a file) before each answer's own name in errors.
    """
    check_options(
        str,
        booking_number_field=booking_number_field,
        department=department,
        skipped_statuses=skipped_statuses,
        source=source,
    )
    numbers = None if booking_numbers is None else Numbers(booking_numbers)
    prefix = "" if source is None else f"{source}: "
    invoice_rows = (
        []
        if invoices is None
        else rows(invoices, _ENVELOPE, prefix + _source(invoices, "invoices", None))
    )
    credit_note_rows = (
        []
        if credit_notes is None
        else rows(credit_notes, _ENVELOPE, prefix + _source(credit_notes, "creditNotes", None))
    )
    if department is None:
        _one_department([*invoice_rows, *credit_note_rows], skipped_statuses)
    else:
        # Chosen over both: an answer whose rows are all of other departments is left out.
        _one_held(department, [*invoice_rows, *credit_note_rows], skipped_statuses)
    documents: list[Document] = []
    documents += _documents(
        Invoice,
        INVOICE_FIELDS,
        invoice_rows,
        numbers,
        booking_number_field,
        skipped_statuses,
        department,
        held=False,
    )
    documents += _documents(
        CreditNote,
        CREDIT_NOTE_FIELDS,
        credit_note_rows,
        numbers,
        booking_number_field,
        skipped_statuses,
        department,
        held=False,
    )
    return tuple(documents)


def department_of(
    invoices: Any = None,
    credit_notes: Any = None,
    *,
    skipped_statuses: Collection[str] = SKIPPED_STATUSES,
) -> str | None:
    """The one department (its id) of the documents of both answers; ``None``: no row names one.

    Rows of two departments are refused as :func:`read_documents` refuses
    them. A snapshot is one department (DOMAIN §6), across answers given
    apart too: the caller compares the departments of its answers.

    >>> department_of({"data": [{"department": {"type": "department", "id": "d-1"}}]})
    'd-1'
    """
    check_options(str, skipped_statuses=skipped_statuses)
    found: list[Row] = []
    for payload, resource in ((invoices, "invoices"), (credit_notes, "creditNotes")):
        if payload is not None:
            answer = rows(payload, _ENVELOPE, _source(payload, resource, None))
            _every_row_named(answer, skipped_statuses)
            found += answer
    _one_department(found, skipped_statuses)
    return next(
        (
            name
            for row in found
            if not _skipped(row, skipped_statuses) and (name := _department(row)) is not None
        ),
        None,
    )


def departments_named(
    invoices: Any = None,
    credit_notes: Any = None,
    *,
    skipped_statuses: Collection[str] = SKIPPED_STATUSES,
) -> tuple[str, ...]:
    """The departments (ids) the documents of both answers name, each once, first named first.

    Nothing is refused but what cannot be read: for a caller that must know
    what a choice of department can mean before reading (the command, with
    an overview that names departments by their names beside the answers).

    >>> named = [{"department": {"type": "department", "id": name}} for name in ("d-2", "d-1", "d-2")]
    >>> departments_named({"data": named})
    ('d-2', 'd-1')
    """
    check_options(str, skipped_statuses=skipped_statuses)
    found: dict[str, None] = {}
    for payload, resource in ((invoices, "invoices"), (credit_notes, "creditNotes")):
        if payload is not None:
            for row in rows(payload, _ENVELOPE, _source(payload, resource, None)):
                name = None if _skipped(row, skipped_statuses) else _department(row)
                if name is not None:
                    found.setdefault(name, None)
    return tuple(found)


#: Teamleader Focus's page size when none is asked for (API-FACTS).
DEFAULT_PAGE_SIZE = 20


def last_page_full(
    pages: Iterable[Any], source: str, resource: str, department: str | None = None
) -> Finding | None:
    """A warning when the last page of a list answer is full: the next may not have been fetched.

    The API ends a list with a short page and says nothing else (no next
    link, no count), so a list read up to a full page may lack the pages
    after it. Full is as many rows as the first page of several, or, for
    one page, the default page size (20), 50 or 100. With ``department``,
    only the pages that hold its rows (or rows naming no department) count:
    another department's page saved after them does not end its list
    (DOMAIN §3.8).

    >>> last_page_full([{"data": [{}] * 20}], "i.json", "invoices.list").rule
    'last-page-full'
    >>> last_page_full([{"data": [{}] * 20}, {"data": [{}] * 3}], "i.json", "invoices.list")
    >>> other = {"data": [{"department": {"type": "department", "id": "d-2"}}] * 3}
    >>> last_page_full([{"data": [{}] * 20}, other], "i.json", "invoices.list", "d-1").rule
    'last-page-full'
    """
    sizes = [
        len(page["data"])
        for page in pages
        if isinstance(page, Mapping)
        and isinstance(page.get("data"), list)
        and (department is None or _holds(page["data"], department))
    ]
    if not sizes or not sizes[-1]:
        return None
    last = sizes[-1]
    if len(sizes) > 1:
        if last != sizes[0]:
            return None
        why = "as many as the first page"
    elif last == DEFAULT_PAGE_SIZE:
        why = f"a full page (the default page size is {DEFAULT_PAGE_SIZE})"
    elif last in (50, 100):
        why = f"a full page if {last} was the page size asked for"
    else:
        return None
    return Finding(
        "last-page-full",
        f"{source}: the last page of {resource} holds {last} rows, {why}: a list ends with a "
        "short page; if the next page was not fetched, the documents on it are missing",
    )


def _holds(items: list[Any], department: str) -> bool:
    """Whether a page's rows hold ``department``'s, or name no department (nothing tells)."""
    named = [
        item["department"].get("id")
        for item in items
        if isinstance(item, Mapping) and isinstance(item.get("department"), Mapping)
    ]
    return not named or department in named


def _department(row: Row) -> str | None:
    if "department" not in row.fields or row.fields["department"] is None:
        return None
    return row.text("department.id")


def _one_department(found: list[Row], skipped_statuses: Collection[str]) -> None:
    first: tuple[str, str] | None = None
    for row in found:
        if _skipped(row, skipped_statuses):
            continue
        department = _department(row)
        if department is None:
            continue
        if first is None:
            first = (department, row.where)
        elif department != first[0]:
            raise row.error(
                "department.id",
                f"{quoted(department)} is another department than {quoted(first[0])} "
                f"({first[1]}): a snapshot is one department, with its own journals; pass "
                "department= (--department) with the id of the one to read",
            )


def _every_row_named(found: list[Row], skipped_statuses: Collection[str]) -> None:
    """Refuse a row of one answer that names no department while another names one (§6).

    Its department is unknown: it is no row of another department to leave
    out, nor one of the department read. An answer no row of which names a
    department is read as it is (one answer of two may be so: the
    departments named are compared only).
    """
    documents = [row for row in found if not _skipped(row, skipped_statuses)]
    first = next(((name, row) for row in documents if (name := _department(row))), None)
    unnamed = next((row for row in documents if _department(row) is None), None)
    if first is not None and unnamed is not None:
        _refuse_unnamed(unnamed, first)


def _refuse_unnamed(row: Row, first: tuple[str, Row]) -> NoReturn:
    """Refuse ``row``, which names no department among rows of one answer that do (§6)."""
    raise row.error(
        "department",
        f"is {'missing' if 'department' not in row.fields else 'null'} while other rows name "
        f"their department ({quoted(first[0])}, {first[1].where}): its department is unknown, "
        "and a snapshot is one department, with its own journals; keep each row's department "
        "as the API gives it (every list row has department: {type, id}), so that every row "
        "names its own",
    )


def _skipped(row: Row, skipped_statuses: Collection[str]) -> bool:
    status = row.fields.get("status")
    return isinstance(status, str) and status in skipped_statuses


def _documents(
    cls: type[_Document],
    fields: DocumentFields,
    found: list[Row],
    numbers: Numbers | None,
    booking_number_field: str | None,
    skipped_statuses: Collection[str],
    department: str | None,
    held: bool = True,
) -> tuple[_Document, ...]:
    """The documents of ``found``; ``held``: refuse a ``department`` none of them is of."""
    _every_row_named(found, skipped_statuses)  # chosen or not
    if department is None:
        _one_department(found, skipped_statuses)
    elif held:
        _one_held(department, found, skipped_statuses)
    documents = []
    seen: dict[str, Row] = {}  # the row of each number read
    for row in found:
        if _skipped(row, skipped_statuses):
            continue
        if department is not None and _department(row) != department:
            if _department(row) is None:
                raise row.error(
                    "department",
                    "is missing; with department= every row must name its department",
                )
            continue
        document = _document(cls, fields, row, numbers, booking_number_field)
        read_once(row, cls.kind, document.number, fields.number, seen)
        documents.append(document)
    return tuple(documents)


def _one_held(department: str, found: list[Row], skipped_statuses: Collection[str]) -> None:
    """Refuse answers none of whose documents is of the department chosen.

    A misspelt id, or the department's name where the API gives its id,
    would leave out every row and read no document, silently; the CSV
    readers refuse a department their file does not hold alike.
    """
    others: dict[str, Row] = {}
    for row in found:
        name = None if _skipped(row, skipped_statuses) else _department(row)
        if name == department:
            return
        if name is not None:
            others.setdefault(name, row)
    if not others:
        return
    where = next(iter(others.values())).where.rpartition("[")[0]
    listed = ", ".join(quoted(name) for name in list(others)[:10])
    raise InputFormatError(
        re.sub(r" page \d+$", "", where),
        f"has no row of the department {quoted(department)} given with department= "
        f"(--department); its departments are {listed}: Teamleader Focus names a department "
        "by its id (department.id), not its name",
        field="department.id",
    )


def _refuse_unread_booking_key(row: Row) -> None:
    """Refuse a row with a key that looks like a booking number nobody asked to read.

    The API has no booking number, so such a key was added by a connector; read
    without ``booking_number_field``, every document would silently be unbooked.
    """
    for key in row.fields:
        if isinstance(key, str) and "booking" in key.lower():
            raise row.error(
                key,
                f"is a key the Teamleader API does not have (value {quoted(row.fields[key])}): "
                f"pass booking_number_field={key!r} to read the booking numbers from it, or "
                "booking_numbers= (the overview's export, or a mapping); without either, no "
                "document is booked",
            )


def _document(
    cls: type[_Document],
    fields: DocumentFields,
    row: Row,
    numbers: Numbers | None,
    booking_number_field: str | None,
) -> _Document:
    number = row.required_text(fields.number)
    day = parse_iso_date(row.required_text(fields.date), source=row.where, field=fields.date)
    booking_number = None
    if numbers is not None:
        booking_number = numbers.of(row, cls.kind, number, fields.number, day, fields.date)
    elif booking_number_field is not None:
        hint = (
            "; the API has no booking number: pass booking_numbers= (the overview's export, or "
            "a mapping), or name the key that holds it with booking_number_field"
        )
        booking_number = booking_number_of(row, cls.kind, number, booking_number_field, hint)
    else:
        _refuse_unread_booking_key(row)
    return row.build(
        lambda: cls(number, day, booking_number),
        {"number": fields.number, "date": fields.date, "booking_number": str(booking_number_field)},
    )
