"""The records of both sides: documents, bookings, journals, the integration.

An *invoicing tool* (Teamleader Focus) holds **documents**: invoices and
credit notes, each identified by its kind and document number. When it sends
a document to the *accounting package* (Exact Online), the package books it in
a **journal** under the next **booking number**, and the invoicing tool stores
that number on the document. A **booking** is the accounting side's record.

Every record is immutable and checks itself when built, so a record that
exists is a valid one:

>>> from datetime import date
>>> invoice = Invoice("2026/17", date(2026, 1, 10), booking_number=1002)
>>> invoice.ref
DocumentRef(kind=DocumentKind.INVOICE, number='2026/17')
>>> invoice.is_booked
True
>>> CreditNote("C1", date(2026, 1, 4)).kind.label
'credit note'
>>> Booking("70", 1002, date(2026, 1, 10), invoice.ref).is_manual
False
>>> Invoice("2026/17", date(2026, 1, 10), booking_number="1002")
Traceback (most recent call last):
...
booking_reconcile.errors.InvalidTypeError: invoice 2026/17: booking_number '1002' is not an integer; expected a whole number of 1 or more, or None when the document is not booked (convert text with int() before building the record)
"""

from __future__ import annotations

__all__ = [
    "Booking",
    "CreditNote",
    "Document",
    "DocumentKey",
    "DocumentKind",
    "DocumentRef",
    "Integration",
    "Invoice",
    "Journal",
    "Numbering",
]

import datetime as dt
import enum
from collections.abc import Mapping
from functools import cached_property
from types import MappingProxyType
from typing import ClassVar

import attrs

from . import _checks
from .ordering import NaturalKey, natural_key


class DocumentKind(enum.Enum):
    """The two kinds of document the invoicing tool sends."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"

    # Members are singletons compared by identity; hashing by identity too (in
    # C, instead of Enum's hash of the name in Python) keeps lookups keyed by
    # (kind, number) fast.
    __hash__ = object.__hash__

    @property
    def label(self) -> str:
        """The kind in words, singular: ``'invoice'``, ``'credit note'``."""
        return _LABELS[self][0]

    @property
    def plural(self) -> str:
        """The kind in words, plural: ``'invoices'``, ``'credit notes'``."""
        return _LABELS[self][1]

    def __repr__(self) -> str:
        return f"DocumentKind.{self.name}"


_LABELS = {
    DocumentKind.INVOICE: ("invoice", "invoices"),
    DocumentKind.CREDIT_NOTE: ("credit note", "credit notes"),
}


class Numbering(enum.Enum):
    """How a journal's booking numbers run: for ever, or anew each financial year."""

    CONTINUOUS = "continuous"
    PER_FINANCIAL_YEAR = "per_financial_year"

    def __repr__(self) -> str:
        return f"Numbering.{self.name}"


DocumentKey = tuple[DocumentKind, str]
"""A document's kind and number as a plain tuple: what a :class:`DocumentRef` holds.

Lookups inside the library are keyed by these tuples rather than by
``DocumentRef`` objects: they hash in C, which keeps large snapshots fast."""


def _shown(code: object) -> str:
    """A code as messages show it: as it is when it is clean text, else its repr."""
    if isinstance(code, str) and code.strip() == code and code and code.isprintable():
        return code
    return repr(code)


def _kind_record(kind: object, number: object) -> str:
    # Also names a DocumentRef whose kind failed validation (a str, say).
    label = kind.label if isinstance(kind, DocumentKind) else f"document of kind {kind!r}"
    if isinstance(number, str) and number.strip():
        # A line end or other control character inside a number is shown
        # escaped, so that every message stays on one line.
        return f"{label} {number if number.isprintable() else repr(number)}"
    return f"{label} with number {number!r}"


@attrs.frozen
class DocumentRef:
    """What identifies a document: its kind and its document number.

    An invoice and a credit note may share a document number, so the number
    alone is not enough.

    >>> DocumentRef(DocumentKind.CREDIT_NOTE, "C1")
    DocumentRef(kind=DocumentKind.CREDIT_NOTE, number='C1')
    >>> str(DocumentRef(DocumentKind.CREDIT_NOTE, "C1"))
    'credit note C1'
    """

    kind: DocumentKind = attrs.field(validator=_checks.instance_of(DocumentKind, "a DocumentKind"))
    number: str = attrs.field(validator=_checks.code)

    @property
    def key(self) -> DocumentKey:
        """The reference as a plain ``(kind, number)`` tuple."""
        return (self.kind, self.number)

    def record_name(self) -> str:
        """The reference in words, as error messages name it."""
        return _kind_record(self.kind, self.number)

    def __str__(self) -> str:
        return self.record_name()


@attrs.frozen
class _DocumentBase:
    """Fields and behaviour shared by :class:`Invoice` and :class:`CreditNote`."""

    kind: ClassVar[DocumentKind]

    number: str = attrs.field(validator=_checks.code)
    date: dt.date = attrs.field(validator=_checks.calendar_date)
    booking_number: int | None = attrs.field(
        default=None, validator=_checks.optional_booking_number
    )
    journal: str | None = attrs.field(default=None, validator=_checks.optional_code)
    synced_at: dt.datetime | None = attrs.field(default=None, validator=_checks.optional_timestamp)

    @cached_property
    def ref(self) -> DocumentRef:
        """The document's :class:`DocumentRef` (computed once)."""
        return DocumentRef(self.kind, self.number)

    @cached_property
    def number_key(self) -> NaturalKey:
        """The document number's natural sort key (computed once)."""
        return natural_key(self.number)

    @property
    def key(self) -> DocumentKey:
        """The document's ``(kind, number)``: its :attr:`ref` as a plain tuple."""
        return (self.kind, self.number)

    @property
    def is_booked(self) -> bool:
        """Whether the document carries a booking number."""
        return self.booking_number is not None

    def record_name(self) -> str:
        """The document in words: ``'invoice 2026/5'``."""
        return _kind_record(self.kind, self.number)

    def __str__(self) -> str:
        booked = "" if self.booking_number is None else f" #{self.booking_number}"
        journal = "" if self.journal is None else f" in journal {self.journal}"
        return f"{self.record_name()} of {self.date.isoformat()}{booked}{journal}"


@attrs.frozen
class Invoice(_DocumentBase):
    """An invoice of the invoicing tool.

    ``journal=None`` means the integration's invoice journal.
    """

    kind: ClassVar[DocumentKind] = DocumentKind.INVOICE


@attrs.frozen
class CreditNote(_DocumentBase):
    """A credit note of the invoicing tool.

    ``journal=None`` means the integration's credit-note journal.
    """

    kind: ClassVar[DocumentKind] = DocumentKind.CREDIT_NOTE


Document = Invoice | CreditNote
"""An invoice or a credit note."""

#: The record class of each kind (read-only: a mapping nobody can change).
DOCUMENT_CLASSES: Mapping[DocumentKind, type[Invoice] | type[CreditNote]] = MappingProxyType(
    {DocumentKind.INVOICE: Invoice, DocumentKind.CREDIT_NOTE: CreditNote}
)


@attrs.frozen
class Booking:
    """An entry in a journal of the accounting package.

    ``document`` refers to the document it books, or is ``None`` for an entry
    that did not come from the invoicing tool (a manual booking).
    ``reference`` is the accounting package's own reference field (Exact
    Online's "Your ref."), which holds the invoicing tool's document number
    when the booking was made from a document, by the integration or by hand.
    """

    journal: str = attrs.field(validator=_checks.code)
    booking_number: int = attrs.field(validator=_checks.booking_number)
    date: dt.date = attrs.field(validator=_checks.calendar_date)
    document: DocumentRef | None = attrs.field(
        default=None,
        validator=_checks.optional_instance_of(DocumentRef, "a DocumentRef"),
    )
    reference: str | None = attrs.field(default=None, validator=_checks.optional_code)

    @property
    def is_manual(self) -> bool:
        """Whether the booking did not come from the invoicing tool."""
        return self.document is None

    def record_name(self) -> str:
        """The booking in words: ``'booking #1002 in journal 70'``."""
        return f"booking #{self.booking_number!r} in journal {_shown(self.journal)}"

    def __str__(self) -> str:
        source = "manual" if self.document is None else f"for {self.document}"
        return f"{self.record_name()} of {self.date.isoformat()} ({source})"


@attrs.frozen
class Journal:
    """A journal of the accounting package, as configured there.

    ``next_booking_number`` is the journal's configured next number when
    known; ``locked_until`` the last day of its closed period, if any.
    """

    code: str = attrs.field(validator=_checks.code)
    numbering: Numbering = attrs.field(
        default=Numbering.CONTINUOUS,
        validator=_checks.instance_of(
            Numbering, "Numbering.CONTINUOUS or Numbering.PER_FINANCIAL_YEAR"
        ),
    )
    next_booking_number: int | None = attrs.field(
        default=None, validator=_checks.optional_booking_number
    )
    locked_until: dt.date | None = attrs.field(
        default=None, validator=_checks.optional_calendar_date
    )

    def record_name(self) -> str:
        """The journal in words: ``'journal 70'``."""
        return f"journal {self.code!r}"


@attrs.frozen
class Integration:
    """The link between the invoicing tool and one administration.

    ``start_date`` is the date recorded when the integration was first
    started, when known; ``financial_year_start_month`` the month in which the
    administration's financial year starts.
    """

    invoice_journal: str = attrs.field(validator=_checks.code)
    credit_note_journal: str = attrs.field(validator=_checks.code)
    start_date: dt.date | None = attrs.field(default=None, validator=_checks.optional_calendar_date)
    financial_year_start_month: int = attrs.field(default=1, validator=_checks.month)

    def record_name(self) -> str:
        """The integration in words."""
        return "integration"

    def journal_for(self, kind: DocumentKind) -> str:
        """The journal the integration books documents of ``kind`` in."""
        if kind is DocumentKind.INVOICE:
            return self.invoice_journal
        return self.credit_note_journal
