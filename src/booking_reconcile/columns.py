"""The columns of the exports: which header names give which field, in English, Dutch and French.

The invoicing tool and the accounting package write their column names in the
user's language. Each kind of file (documents, bookings, journals) has a
:class:`Columns`: the fields it needs and may have, and per field the header
names the tools write for it. A header name is matched ignoring case, spaces,
``_``, ``-`` and ``.``:

>>> normal_name("Booking-Nr."), normal_name("booking_nr"), normal_name("Dagboek: Code")
('bookingnr', 'bookingnr', 'dagboekcode')
>>> BOOKING_COLUMNS.names_of("reference")[:3]
('reference', 'your ref', 'your reference')
"""

from __future__ import annotations

__all__ = [
    "BOOKING_COLUMNS",
    "CREDIT_NOTE_COLUMNS",
    "DOCUMENT_COLUMNS",
    "INVOICE_COLUMNS",
    "JOURNAL_COLUMNS",
    "Columns",
    "Header",
    "compared_label",
    "listed_names",
    "match_header",
    "normal_name",
]

import re
from collections.abc import Mapping

import attrs

from .errors import InputFormatError, quoted


def normal_name(name: str) -> str:
    """A header name as matched: no case, spaces, ``_``, ``-``, ``.`` or ``:``."""
    return re.sub(r"[\s_.:\-]+", "", name).casefold()


def compared_label(key: str, value: str) -> str:
    """A label's value as labels are compared: departments and divisions as the readers do.

    The readers compare department and division names as header names are
    (case and spacing aside, :func:`normal_name`); a label of another key, the
    caller's own, is compared as given.

    >>> compared_label("department", "Gent "), compared_label("owner", "Ann")
    ('gent', 'Ann')
    """
    return normal_name(value) if key in ("department", "division") else value


@attrs.frozen
class Columns:
    """The columns of one kind of file: the fields it needs and may have, and their names.

    ``names`` gives, per field, the header names the tools write for it (in
    English, Dutch and French); the field's own name always matches too.
    """

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    names: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    date_fields: tuple[str, ...] = ()
    #: The fields a record always fills in: a line without them may be a totals line.
    identity: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field, required first."""
        return (*self.required, *self.optional)

    def describe(self) -> str:
        """The fields as the error messages list them."""
        listed = ", ".join(self.required)
        if self.optional:
            listed += f"[, {', '.join(self.optional)}]"
        return listed

    def names_of(self, field: str) -> tuple[str, ...]:
        """The header names that give ``field``: its own name, then the tools' names."""
        return (field, *self.names.get(field, ()))

    def without(self, field: str) -> Columns:
        """These columns, ``field`` optional (a file of one kind needs no kind column)."""
        return attrs.evolve(
            self,
            required=tuple(name for name in self.required if name != field),
            optional=(field, *(name for name in self.optional if name != field)),
        )


_NUMBER_NAMES = (
    "document number",
    "invoice number",
    "credit note number",
    "nr",
    "nummer",
    "documentnummer",
    "factuurnummer",
    "factuurnr",
    "creditnotanummer",
    "creditnotanr",
    "numéro",
    "numéro de facture",
    "numéro de note de crédit",
    "numéro de document",
)
_DATE_NAMES = (
    "document date",
    "invoice date",
    "credit note date",
    "datum",
    "documentdatum",
    "factuurdatum",
    "creditnotadatum",
    "date de facture",
    "date de la facture",
    "date de la note de crédit",
    "date du document",
)
#: The number columns named for one kind of document only, by kind: a file given as
#: the other kind with such a column is likely the other overview.
NAMED_FOR_KIND = {
    "invoice": frozenset(("invoice number", "factuurnummer", "factuurnr", "numéro de facture")),
    "credit_note": frozenset(
        ("credit note number", "creditnotanummer", "creditnotanr", "numéro de note de crédit")
    ),
}
_BOOKING_NUMBER_NAMES = (
    "booking number",
    "booking nr",
    "boekingsnummer",
    "boekingsnr",
    "boekstuknummer",
    "boekstuknr",
    "numéro de comptabilisation",
    "numéro de pièce",
    "n° de pièce",
)
_JOURNAL_NAMES = ("journal code", "dagboek", "dagboekcode", "code journal")
_KIND_NAMES = ("type", "document type", "soort", "documentsoort", "type de document")
_SYNCED_NAMES = ("synced at", "sync time", "gesynchroniseerd op", "synchronisé le")
_REFERENCE_NAMES = (
    "your ref",
    "your reference",
    "uw ref",
    "uw referentie",
    "votre réf",
    "votre référence",
)

DOCUMENT_COLUMNS = Columns(
    ("kind", "number", "date", "booking_number"),
    ("journal", "synced_at", "status", "department"),
    {
        "kind": _KIND_NAMES,
        "number": _NUMBER_NAMES,
        "date": _DATE_NAMES,
        "booking_number": _BOOKING_NUMBER_NAMES,
        "journal": ("journal code", "dagboek", "dagboekcode", "code journal"),
        "synced_at": _SYNCED_NAMES,
        "status": ("state", "toestand", "statut", "état"),
        "department": ("afdeling", "departement", "département", "business unit"),
    },
    ("date",),
    ("number", "date"),
)
#: The columns of a file of invoices only (or credit notes only): no kind column.
INVOICE_COLUMNS = CREDIT_NOTE_COLUMNS = DOCUMENT_COLUMNS.without("kind")
#: Exact Online's administration (division) column, in bookings and journals exports.
_DIVISION_NAMES = ("administratie", "administration", "divisie", "administratie code")
BOOKING_COLUMNS = Columns(
    ("journal", "booking_number", "date"),
    (
        "document_kind",
        "document_number",
        "reference",
        "financial_year",
        "period",
        "entry_description",
        "division",
        # Exact Online's ``Reversal`` flag, by the API's own name only: the spreadsheet
        # exports' names for it (Dutch, French) are unconfirmed (docs/exports.md).
        "reversal",
    ),
    {
        "journal": _JOURNAL_NAMES,
        "booking_number": (*_BOOKING_NUMBER_NAMES, "entry number", "entry no"),
        "date": (
            "entry date",
            "booking date",
            "boekdatum",
            "datum",
            "date d'écriture",
            # Exact Online's sales entries are dated by their invoice date.
            "factuurdatum",
            "invoice date",
            "date de facture",
            "date facture",
        ),
        "document_kind": ("document type",),
        "document_number": ("invoice number", "factuurnummer", "numéro de facture"),
        "reference": _REFERENCE_NAMES,
        "financial_year": (
            "boekjaar",
            "financial year",
            "reporting year",
            "exercice",
            "exercice comptable",
        ),
        "division": _DIVISION_NAMES,
        "period": ("periode", "période", "reporting period", "financial period"),
        "entry_description": (
            "omschrijving kopregel",
            "description header",
            "description en-tête",
            "libellé en-tête",
        ),
    },
    ("date",),
    ("booking_number", "date"),
)
JOURNAL_COLUMNS = Columns(
    ("code",),
    ("numbering", "next_booking_number", "locked_until", "division"),
    {
        "code": ("journal", "journal code", "dagboek", "dagboekcode", "code journal"),
        "numbering": ("nummering", "numérotation"),
        "next_booking_number": (
            "next number",
            "volgend boekstuknummer",
            "volgend nummer",
            "prochain numéro",
        ),
        "locked_until": ("closed until", "afgesloten tot", "clôturé jusqu'au"),
        "division": _DIVISION_NAMES,
    },
    ("locked_until",),
    ("code",),
)


@attrs.frozen
class Header:
    """Which column gives which field, and the columns no field uses."""

    positions: dict[str, int]
    ignored: tuple[str, ...]
    names: tuple[str, ...]


def match_header(
    names: list[str], columns: Columns, column_map: Mapping[str, str], source: str
) -> Header:
    header = [name.strip() for name in names]
    listed = listed_names(header)
    for field in column_map:
        if field not in columns.fields:
            raise InputFormatError(
                source,
                f"column_map names the field {quoted(field)}, which this file does not have; "
                f"the fields are {columns.describe()}",
                line=1,
            )
    positions: dict[str, int] = {}
    for field, wanted in column_map.items():
        found = [
            index for index, name in enumerate(header) if normal_name(name) == normal_name(wanted)
        ]
        if not found:
            raise InputFormatError(
                source,
                f"has no column {quoted(wanted)}, given for {field}; the header has {listed}",
                line=1,
            )
        if len(found) > 1:
            raise InputFormatError(
                source, f"column {quoted(wanted)} appears twice; keep one", line=1
            )
        positions[field] = found[0]
    lookup = {
        normal_name(name): field for field in columns.fields for name in columns.names_of(field)
    }
    ignored: list[str] = []
    for index, name in enumerate(header):
        if index in positions.values():
            continue
        known = lookup.get(normal_name(name))
        if known is None or known in column_map:
            if name:
                ignored.append(name)
            continue
        field = known
        if field in positions:
            other = header[positions[field]]
            raise InputFormatError(
                source,
                f"columns {quoted(other)} and {quoted(name)} both give {field}; keep one, or "
                f"choose with --column {field}=NAME (column_map= in Python)",
                line=1,
            )
        positions[field] = index
    missing = [field for field in columns.required if field not in positions]
    if missing:
        field = missing[0]
        known = ", ".join(columns.names_of(field)[:4])
        plural = "s" if len(missing) > 1 else ""
        raise InputFormatError(
            source,
            f"missing column{plural} {', '.join(quoted(name) for name in missing)} (a column "
            f"named {known}, ...); the header has {listed}: name the column with "
            f"--column {field}=NAME (column_map= in Python)",
            line=1,
        )
    return Header(positions, tuple(ignored), tuple(header))


def listed_names(header: list[str]) -> str:
    """The header's names as messages list them: quoted, at most ten."""
    if not any(header):
        return "no names"
    shown = ", ".join(quoted(name) for name in header[:10])
    return shown + (f" and {len(header) - 10} more" if len(header) > 10 else "")
