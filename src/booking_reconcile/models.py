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
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

import attrs

from . import _checks
from .errors import InputFormatError, quoted
from .ordering import NaturalKey, natural_key


class DocumentKind(enum.Enum, metaclass=_checks.Members):
    """The two kinds of document the invoicing tool sends."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"

    # Members are singletons compared by identity; hashing by identity too (in
    # C, instead of Enum's hash of the name in Python) keeps lookups keyed by
    # (kind, number) fast.
    __hash__ = object.__hash__

    @classmethod
    def _missing_(cls, value: object) -> None:
        _checks.refuse_member(cls, value, "a document kind")

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


class Numbering(enum.Enum, metaclass=_checks.Members):
    """How a journal's booking numbers run: for ever, or anew each financial year."""

    CONTINUOUS = "continuous"
    PER_FINANCIAL_YEAR = "per_financial_year"

    @classmethod
    def _missing_(cls, value: object) -> None:
        _checks.refuse_member(cls, value, "a numbering")

    def __repr__(self) -> str:
        return f"Numbering.{self.name}"


DocumentKey = tuple[DocumentKind, str]
"""A document's kind and number as a plain tuple: what a :class:`DocumentRef` holds.

Lookups inside the library are keyed by these tuples rather than by
``DocumentRef`` objects: they hash in C, which keeps large snapshots fast."""


def _shown(code: object) -> str:
    """A code as messages show it: as it is when it is clean text, else quoted (bounded)."""
    if isinstance(code, str) and code.strip() == code and code and code.isprintable():
        return code
    return quoted(code)


def _kind_record(kind: object, number: object) -> str:
    # Also names a DocumentRef whose kind failed validation (a str, say).
    label = kind.label if isinstance(kind, DocumentKind) else f"document of kind {quoted(kind)}"
    if isinstance(number, str) and number.strip():
        # A line end or other control character inside a number is shown
        # escaped, so that every message stays on one line.
        return f"{label} {number if number.isprintable() else repr(number)}"
    # quoted: repr refuses an int of more than 4,300 digits.
    return f"{label} with number {quoted(number)}"


@attrs.frozen(init=False, weakref_slot=False)
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

    def __init__(self, kind: DocumentKind, number: str) -> None:
        _SET_REF_KIND(self, kind)
        _SET_REF_NUMBER(self, number)
        if not (
            kind.__class__ is DocumentKind
            and number.__class__ is str
            and number
            and number.strip() is number
            and number.isascii()  # other text is checked for lone surrogates, slowly
        ):
            attrs.validate(self)  # the slow path: the fields' validators name what is wrong

    def __reduce__(self) -> tuple[Any, tuple[type, tuple[object, ...]]]:
        return (restored_record, (DocumentRef, _REF_VALUES(self)))

    @property
    def key(self) -> DocumentKey:
        """The reference as a plain ``(kind, number)`` tuple."""
        return (self.kind, self.number)

    def record_name(self) -> str:
        """The reference in words, as error messages name it."""
        return _kind_record(self.kind, self.number)

    def __str__(self) -> str:
        return self.record_name()


_Document = TypeVar("_Document", bound="_DocumentBase")


@attrs.frozen(init=False, weakref_slot=False)
class _DocumentBase:
    """Fields and behaviour shared by :class:`Invoice` and :class:`CreditNote`.

    Every field is checked when the record is built, by one inline test of
    the common case; only a value that fails it runs the fields' validators,
    which raise the error that names it (the same validators, in field order,
    that attrs would run).
    """

    kind: ClassVar[DocumentKind]

    number: str = attrs.field(validator=_checks.code)
    date: dt.date = attrs.field(validator=_checks.calendar_date)
    booking_number: int | None = attrs.field(
        default=None, validator=_checks.optional_booking_number
    )
    journal: str | None = attrs.field(default=None, validator=_checks.optional_code)
    synced_at: dt.datetime | None = attrs.field(default=None, validator=_checks.optional_timestamp)

    def __init__(
        self,
        number: str,
        date: dt.date,
        booking_number: int | None = None,
        journal: str | None = None,
        synced_at: dt.datetime | None = None,
    ) -> None:
        _SET_NUMBER(self, number)
        _SET_DATE(self, date)
        _SET_BOOKING_NUMBER(self, booking_number)
        _SET_JOURNAL(self, journal)
        _SET_SYNCED_AT(self, synced_at)
        if not (
            number.__class__ is str
            and number
            and number.strip() is number  # nothing around it: strip() gives the text itself
            and number.isascii()  # other text is checked for lone surrogates, slowly
            and date.__class__ is _DATE
            and (
                booking_number is None
                or (booking_number.__class__ is int and 0 < booking_number <= _MAX_BOOKING_NUMBER)
            )
            and journal is None
            and synced_at is None
        ):
            self._check_slowly()

    def _check_slowly(self) -> None:
        # Journals and sync times are rare in the input: checked here, after
        # the common case's one inline test.
        journal, synced_at = self.journal, self.synced_at
        if (
            (journal is None or _is_code(journal))
            and (synced_at is None or isinstance(synced_at, dt.datetime))
            and _is_code(self.number)
            and self.date.__class__ is _DATE
            and _is_booking_number_or_none(self.booking_number)
        ):
            return
        attrs.validate(self)

    def __reduce__(self) -> tuple[Any, tuple[type, tuple[object, ...]]]:
        return (restored_record, (type(self), _DOCUMENT_VALUES(self)))

    def with_booking_number(self: _Document, booking_number: int | None) -> _Document:
        """A copy of the document carrying ``booking_number``, every other field kept.

        The one way to renumber a document (what ``attrs.evolve`` does, faster):

        >>> from datetime import date
        >>> Invoice("C", date(2026, 1, 10), 1002, journal="70").with_booking_number(1003)
        Invoice(number='C', date=datetime.date(2026, 1, 10), booking_number=1003, journal='70', synced_at=None)
        """
        values = list(_DOCUMENT_VALUES(self))
        values[_BOOKING_NUMBER_AT] = booking_number
        return type(self)(*values)

    @property
    def ref(self) -> DocumentRef:
        """The document's :class:`DocumentRef` (a new one each time: nothing is cached)."""
        return DocumentRef(self.kind, self.number)

    @property
    def number_key(self) -> NaturalKey:
        """The document number's natural sort key (computed on each call, kept nowhere).

        No slot holds it: a document costs 8 bytes less, and the library's
        sorting computes the key itself (:func:`~booking_reconcile.ordering.date_key`).
        """
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


@attrs.frozen(init=False, weakref_slot=False)
class Invoice(_DocumentBase):
    """An invoice of the invoicing tool.

    ``journal=None`` means the integration's invoice journal.
    """

    kind: ClassVar[DocumentKind] = DocumentKind.INVOICE


@attrs.frozen(init=False, weakref_slot=False)
class CreditNote(_DocumentBase):
    """A credit note of the invoicing tool.

    ``journal=None`` means the integration's credit-note journal.
    """

    kind: ClassVar[DocumentKind] = DocumentKind.CREDIT_NOTE


Document = Invoice | CreditNote
"""An invoice or a credit note."""

#: Each kind by itself and by its value (``"invoice"``), as the bulk rows and the
#: readers' ``kind=`` option take it (read-only).
KIND_BY_VALUE: Mapping[object, DocumentKind] = MappingProxyType(
    {**{kind: kind for kind in DocumentKind}, **{kind.value: kind for kind in DocumentKind}}
)

#: The record class of each kind (read-only: a mapping nobody can change).
DOCUMENT_CLASSES: Mapping[DocumentKind, type[Invoice] | type[CreditNote]] = MappingProxyType(
    {DocumentKind.INVOICE: Invoice, DocumentKind.CREDIT_NOTE: CreditNote}
)


@attrs.frozen(init=False, weakref_slot=False)
class Booking:
    """An entry in a journal of the accounting package.

    ``document`` refers to the document it books, or is ``None`` for an entry
    that did not come from the invoicing tool (a manual booking).
    ``reference`` is the accounting package's own reference field (Exact
    Online's "Your ref."), which holds the invoicing tool's document number
    when the booking was made from a document, by the integration or by hand.
    ``financial_year`` is the financial year the accounting package numbers
    the booking in, when it says so (Exact Online's ``ReportingYear``,
    ``FinancialYear`` on transaction lines, ``Boekjaar`` in its exports);
    ``None`` means the financial year of ``date``. It counts only in a
    journal numbered per financial year, where it places the booking and the
    document it books (see :meth:`Snapshot.booking_place
    <booking_reconcile.snapshot.Snapshot.booking_place>`).
    """

    journal: str = attrs.field(validator=_checks.code)
    booking_number: int = attrs.field(validator=_checks.booking_number)
    date: dt.date = attrs.field(validator=_checks.calendar_date)
    document: DocumentRef | None = attrs.field(
        default=None,
        validator=_checks.optional_instance_of(DocumentRef, "a DocumentRef"),
    )
    reference: str | None = attrs.field(default=None, validator=_checks.optional_code)
    financial_year: int | None = attrs.field(
        default=None, validator=_checks.optional_financial_year
    )

    def __init__(
        self,
        journal: str,
        booking_number: int,
        date: dt.date,
        document: DocumentRef | None = None,
        reference: str | None = None,
        financial_year: int | None = None,
    ) -> None:
        _SET_BOOKING_JOURNAL(self, journal)
        _SET_BOOKING_BOOKING_NUMBER(self, booking_number)
        _SET_BOOKING_DATE(self, date)
        _SET_BOOKING_DOCUMENT(self, document)
        _SET_BOOKING_REFERENCE(self, reference)
        _SET_BOOKING_FINANCIAL_YEAR(self, financial_year)
        if not (
            journal.__class__ is str
            and (journal in _CODES_SEEN or _is_new_code(journal))
            and booking_number.__class__ is int
            and 0 < booking_number <= _MAX_BOOKING_NUMBER
            and date.__class__ is _DATE
            and (document is None or document.__class__ is DocumentRef)
            and (reference is None or _is_code(reference))
            and (
                financial_year is None
                or (financial_year.__class__ is int and 0 <= financial_year <= _MAX_YEAR)
            )
        ):
            attrs.validate(self)  # the slow path: the fields' validators name what is wrong

    def __reduce__(self) -> tuple[Any, tuple[type, tuple[object, ...]]]:
        return (restored_record, (Booking, _BOOKING_VALUES(self)))

    @property
    def is_manual(self) -> bool:
        """Whether the booking names no document by ``document``.

        It may still name one by its ``reference``: the snapshot links it
        then (DOMAIN §3.8), and :meth:`Snapshot.booking_of` says which.
        """
        return self.document is None

    def record_name(self) -> str:
        """The booking in words: ``'booking #1002 in journal 70'``."""
        return f"booking #{quoted(self.booking_number)} in journal {_shown(self.journal)}"

    def __str__(self) -> str:
        if self.document is not None:
            source = f"for {self.document}"
        elif self.reference is not None:
            source = f"reference {self.reference!r}"
        else:
            source = "manual"
        if self.financial_year is not None:
            source += f", financial year {self.financial_year}"
        return f"{self.record_name()} of {self.date.isoformat()} ({source})"


def _setter(record: type, field: str) -> Any:
    """The slot's own setter: it stores a field of a frozen record, as attrs does, faster."""
    return record.__dict__[field].__set__


#: The records' fields in attrs' order, which their ``__init__`` takes (a
#: test checks it): copies and pickles are made of all of them, so a new
#: field is never dropped.
DOCUMENT_FIELDS = tuple(field.name for field in attrs.fields(_DocumentBase))
BOOKING_FIELDS = tuple(field.name for field in attrs.fields(Booking))
REF_FIELDS = tuple(field.name for field in attrs.fields(DocumentRef))
_REF_VALUES = attrgetter(*REF_FIELDS)
_DOCUMENT_VALUES = attrgetter(*DOCUMENT_FIELDS)
_BOOKING_VALUES = attrgetter(*BOOKING_FIELDS)
_BOOKING_NUMBER_AT = DOCUMENT_FIELDS.index("booking_number")
_DATE = dt.date
_MAX_BOOKING_NUMBER = _checks.MAX_BOOKING_NUMBER
_MAX_YEAR = _checks.MAX_FINANCIAL_YEAR
_SET_REF_KIND = _setter(DocumentRef, "kind")
_SET_REF_NUMBER = _setter(DocumentRef, "number")
_SET_NUMBER = _setter(_DocumentBase, "number")
_SET_DATE = _setter(_DocumentBase, "date")
_SET_BOOKING_NUMBER = _setter(_DocumentBase, "booking_number")
_SET_JOURNAL = _setter(_DocumentBase, "journal")
_SET_SYNCED_AT = _setter(_DocumentBase, "synced_at")
_SET_BOOKING_JOURNAL = _setter(Booking, "journal")
_SET_BOOKING_BOOKING_NUMBER = _setter(Booking, "booking_number")
_SET_BOOKING_DATE = _setter(Booking, "date")
_SET_BOOKING_DOCUMENT = _setter(Booking, "document")
_SET_BOOKING_REFERENCE = _setter(Booking, "reference")
_SET_BOOKING_FINANCIAL_YEAR = _setter(Booking, "financial_year")


# -- pickling: a record the library built travels without being checked again --
#
# A record pickles as its class and every field's value, in attrs' order (the
# lists above, taken from ``attrs.fields``, so a field added to a record
# travels too), and unpickles by storing the values in its slots, without its
# ``__init__`` or validators: it was checked when it was built. Unpickling is
# as trusted as pickle always is (it can run any code: never unpickle data
# from an untrusted source); untrusted input comes as JSON through
# ``snapshot_from_dict``, which checks everything.


def _stores(record: type) -> tuple[Any, ...]:
    """The slot setters of ``record``'s fields, in attrs' order (found once per class)."""
    stores = _STORES.get(record)
    if stores is None:
        names = [field.name for field in attrs.fields(record)]
        stores = _STORES[record] = tuple(getattr(record, name).__set__ for name in names)
    return stores


_STORES: dict[type, tuple[Any, ...]] = {}
_Record = TypeVar("_Record")


def restored_record(record: type[_Record], values: Sequence[object]) -> _Record:
    """The ``record`` with these fields' values, stored without checks (for unpickling)."""
    restored: _Record = object.__new__(record)
    for store, value in zip(_stores(record), values, strict=True):
        store(restored, value)
    return restored


def restored_records(
    classes: Iterable[type[_Record]], record: type, columns: Sequence[Sequence[object]]
) -> list[_Record]:
    """Records of ``classes`` (``record`` or its subclasses) from a list per field, unchecked.

    Each column holds one field's values, in attrs' order; they are stored in
    the slots in C (``map`` over the slot's setter), without a Python call per
    record (for unpickling a snapshot).
    """
    restored: list[_Record] = list(map(object.__new__, classes))
    stores = _stores(record)
    if len(columns) != len(stores) or any(len(column) != len(restored) for column in columns):
        raise InputFormatError(
            "pickled snapshot",
            f"its {record.__name__} records do not have {len(stores)} fields of "
            f"{len(restored)} values each, as this version's {record.__name__} has; "
            "unpickle with the version of booking_reconcile that pickled it",
        )
    for store, column in zip(stores, columns, strict=True):
        _drain(map(store, restored, column))
    return restored


_drain = deque[object](maxlen=0).extend


#: Journal codes a booking was built with, checked once: a journal has many
#: bookings (a plain ``str`` equal to one of these is a code too). At most a
#: few hundred are remembered.
_CODES_SEEN: set[str] = set()


def _is_new_code(text: str) -> bool:
    """Whether ``text`` (a ``str``) is non-blank ASCII with nothing around it; remembered if so."""
    if text and text.strip() is text and text.isascii():
        if len(_CODES_SEEN) < 256:
            _CODES_SEEN.add(text)
        return True
    return False


def _is_code(value: object) -> bool:
    return (
        value.__class__ is str
        and bool(value)
        and value.strip() is value
        and (value.isascii() or _checks.is_code_text(value))
    )


def _is_booking_number_or_none(value: object) -> bool:
    return value is None or (value.__class__ is int and 0 < value <= _MAX_BOOKING_NUMBER)


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
        return f"journal {quoted(self.code)}"


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
