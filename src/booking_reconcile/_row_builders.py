"""Each reader's row-to-record builders: the values of one row made a document, a booking, a journal.

A reader (:mod:`booking_reconcile.readers`) picks the fields it needs from
each row, in the order its builder takes them (``_DOCUMENT_FIELDS``,
``_BOOKING_FIELDS``, ``_JOURNAL_FIELDS``); the builder reads them with the
file's :class:`~booking_reconcile._grammar.Grammar` and makes the record,
or refuses the row naming its field. The kinds of document and the
numberings are matched in English, Dutch and French, as header names are.
"""

from __future__ import annotations

import attrs

from ._parsing import MAX_DIGITS, parse_moment
from ._tabular import FileRows, Grammar, Texts
from .columns import BOOKING_COLUMNS, normal_name
from .errors import InputFormatError, InvalidTypeError, InvalidValueError, quoted
from .models import (
    DOCUMENT_CLASSES,
    KIND_BY_VALUE,
    Booking,
    Document,
    DocumentKind,
    DocumentRef,
    Journal,
    Numbering,
)

_KINDS = {
    **{normal_name(name): DocumentKind.INVOICE for name in ("invoice", "factuur", "facture")},
    **{
        normal_name(name): DocumentKind.CREDIT_NOTE
        for name in ("credit_note", "creditnota", "note de crédit", "note de credit", "avoir")
    },
}
_KIND_CHOICES = "invoice, credit_note"
_NUMBERINGS = {
    **{
        normal_name(name): Numbering.CONTINUOUS for name in ("continuous", "doorlopend", "continue")
    },
    **{
        normal_name(name): Numbering.PER_FINANCIAL_YEAR
        for name in ("per_financial_year", "per boekjaar", "par exercice")
    },
}
_NUMBERING_CHOICES = "continuous, per_financial_year"


#: The fields of a documents file, in the order :func:`_document` takes them.
_DOCUMENT_FIELDS = (
    "kind",
    "number",
    "date",
    "booking_number",
    "journal",
    "synced_at",
    "status",
    "department",
)
_NUMBER, _SYNCED, _STATUS, _DEPARTMENT = (
    _DOCUMENT_FIELDS.index(field) for field in ("number", "synced_at", "status", "department")
)
_CLASSES = dict(DOCUMENT_CLASSES)


def _document(kind: DocumentKind | None, texts: Texts, line: int, grammar: Grammar) -> Document:
    kind_text, number, date, booking_number, journal, synced_at, _, _ = texts
    if kind is None:
        kind = _KIND_OF.get(kind_text) or _kind(kind_text, line, "kind", grammar)
    elif kind_text and _kind(kind_text, line, "kind", grammar) is not kind:
        raise grammar.refuse(
            f"{quoted(kind_text)} in a file of {kind.plural}; give invoices and credit "
            "notes their own files, or read one file with a kind column (no kind=)",
            line,
            "kind",
        )
    # The common values read by a look-up; the others (and every refusal) by the grammar.
    return _CLASSES[kind](
        number or grammar.required(number, line, "number"),
        grammar.dates.get(date) or grammar.date(date, line, "date"),
        (
            (
                int(booking_number)
                if booking_number.isdigit()
                and booking_number.isascii()
                and len(booking_number) <= MAX_DIGITS
                else grammar.booking_number(booking_number, line, "booking_number")
            )
            if booking_number
            else None
        ),
        journal or None,
        parse_moment(synced_at, source=grammar.source, line=line, field="synced_at")
        if synced_at
        else None,
    )


#: The kinds of document as the files write them (each text once read, within bounds).
_KIND_OF: dict[str, DocumentKind] = {}


def document_kind(kind: object) -> DocumentKind | None:
    """The ``kind=`` option of a documents reader: a :class:`DocumentKind`, its value, or ``None``.

    As :mod:`booking_reconcile.bulk` accepts a kind (``"invoice"``).
    """
    if kind is None or kind.__class__ is DocumentKind:
        return kind
    try:
        return KIND_BY_VALUE[kind]
    except (KeyError, TypeError):  # TypeError: a value that cannot be a key (a list)
        pass
    error = InvalidValueError if isinstance(kind, str) else InvalidTypeError
    raise error(
        "the option",
        "kind",
        kind,
        "is not a document kind",
        "DocumentKind.INVOICE or DocumentKind.CREDIT_NOTE (or its value, 'invoice' or "
        "'credit_note'), or None for a file with a kind column",
    )


def _kind(text: str, line: int, field: str, grammar: Grammar) -> DocumentKind:
    """The kind of document ``text`` names (``invoice``, ``factuur``, ``avoir``, ...)."""
    kind = grammar.choice(text, line, field, _KINDS, _KIND_CHOICES)
    if len(_KIND_OF) < 1024:
        _KIND_OF[text] = kind
    return kind


#: The fields of a bookings file, in the order :func:`_booking` takes them
#: (its columns' fields, required first; ``_booking`` unpacks them in this
#: order, and the readers' tests of each field fail if the two part).
_BOOKING_FIELDS = BOOKING_COLUMNS.fields
_DIVISION = _BOOKING_FIELDS.index("division")


def _booking(texts: Texts, line: int, grammar: Grammar) -> Booking:
    journal, booking_number, date, kind_text, number, reference, year, _, _, _, _ = texts
    if year and not (year.isascii() and year.isdigit() and len(year) == 4):
        raise grammar.refuse(
            f"{quoted(year)} is not a financial year; write the year it starts in, such as 2026",
            line,
            "financial_year",
        )
    journal = journal or grammar.required(journal, line, "journal")
    document = None
    if kind_text:
        if not number:
            raise grammar.refuse(
                "is empty while document_kind is filled in; give both for a booking of a "
                "document, or neither for a manual booking",
                line,
                "document_number",
            )
        kind = _KIND_OF.get(kind_text) or _kind(kind_text, line, "document_kind", grammar)
        document = DocumentRef(kind, number)
    elif number:
        # A document number without its kind: the snapshot links it as a reference.
        reference = number
    return Booking(
        journal,
        int(booking_number)
        if booking_number.isdigit()
        and booking_number.isascii()
        and len(booking_number) <= MAX_DIGITS
        else grammar.booking_number(booking_number, line, "booking_number"),
        grammar.dates.get(date) or grammar.date(date, line, "date"),
        document,
        reference or None,
        int(year) if year else None,
    )


_REVERSAL = _BOOKING_FIELDS.index("reversal")
#: A reversal column's values: the API's ``true`` and ``false`` as spreadsheets write
#: them (Excel's own TRUE/FALSE, in Dutch WAAR/ONWAAR, in French VRAI/FAUX), 1 and 0,
#: and the words yes and no; compared without case.
_FLAGS = {
    **dict.fromkeys(("true", "waar", "vrai", "1", "yes", "ja", "oui"), True),
    **dict.fromkeys(("false", "onwaar", "faux", "0", "no", "nee", "non"), False),
}
#: Header names that may mark reversals but are no name the library reads them by: what
#: Exact's Dutch and French exports call the ``Reversal`` field is unconfirmed.
_MAYBE_REVERSAL = frozenset(
    ("terugboeking", "tegenboeking", "storno", "extourne", "contrepassation", "reversed")
)


def _reversal_booking(texts: Texts, line: int, grammar: Grammar) -> Booking:
    """The booking of a row of a file with a reversal column: a reversal books no document.

    As the SalesEntries adapter reads ``Reversal: true``: the reversal holds
    its number, but is neither linked to the document its reference names
    nor taken for a second booking of it made by hand, which a plan deletes.
    """
    booking = _booking(texts, line, grammar)
    if not is_reversal(texts[_REVERSAL], line, grammar):
        return booking
    return attrs.evolve(booking, document=None, reference=None)


def is_reversal(text: str, line: int, grammar: Grammar) -> bool:
    """Whether a reversal column's ``text`` says the entry is a reversal; refused if neither."""
    flag = reversal_flag(text)
    if flag is None:
        what = f"{quoted(text)} says neither true nor false" if text else "is empty"
        raise grammar.refuse(
            f"{what}; the column marks Exact Online's reversals: write True on a reversal's "
            "lines and False on the others (TRUE/FALSE, WAAR/ONWAAR, VRAI/FAUX or 1/0 read too)",
            line,
            "reversal",
        )
    return flag


def reversal_flag(text: str) -> bool | None:
    """What a reversal column's ``text`` says: ``True``, ``False``, or ``None`` for neither.

    >>> reversal_flag("WAAR"), reversal_flag("0"), reversal_flag("-1")
    (True, False, None)
    """
    return _FLAGS.get(text.casefold())


def reversal_note(name: str, where: str, flag: str, reference: str | None) -> str:
    """What a person is told of a reversal, read as a booking of no document (every reader).

    What a reversal is in Exact Online is unconfirmed (API-FACTS lists the
    flag only). Its reference names the document it reverses; linked by it,
    the reversal would be a second booking of that document, "made by hand",
    and a plan would delete it, booking the reversed revenue again.
    """
    named = f" with the reference {quoted(reference)}" if reference else ""
    return (
        f"{name} ({where}) is a reversal ({flag}){named}: it is read as a booking that holds "
        "its number but books no document, so it is neither linked to the document its "
        "reference names nor taken for a booking made by hand; do not delete it to repair "
        "the numbering, and check in Exact Online what it reverses"
    )


def refuse_unread_reversals(table: FileRows[Booking]) -> None:
    """Refuse a bookings column whose name may mark reversals, read by no field.

    Ignored, it would let a reversal be read as a second booking of its
    document, which a plan deletes; named with ``--column reversal=``, it is read.
    """
    for name in table.header.ignored:
        if normal_name(name) in _MAYBE_REVERSAL:
            raise InputFormatError(
                table.source,
                f"may mark reversals, but the library reads them only from a column named "
                "Reversal (Exact Online's field; its name in a Dutch or French export is "
                "unconfirmed), and a reversal read as a booking of its document is deleted "
                "as one made by hand: if the column says True or False on each line, read it "
                f"with --column reversal={name} (column_map= in Python); else remove it",
                line=1,
                field=name,
            )


#: The fields of a journals file, in the order :func:`_journal` takes them.
_JOURNAL_FIELDS = ("code", "numbering", "next_booking_number", "locked_until")


def _journal(texts: Texts, line: int, grammar: Grammar) -> Journal:
    code, numbering_text, next_number, locked_until = texts
    numbering = (
        grammar.choice(numbering_text, line, "numbering", _NUMBERINGS, _NUMBERING_CHOICES)
        if numbering_text
        else Numbering.CONTINUOUS
    )
    return Journal(
        grammar.required(code, line, "code"),
        numbering,
        grammar.booking_number(next_number, line, "next_booking_number") if next_number else None,
        grammar.date(locked_until, line, "locked_until") if locked_until else None,
    )
