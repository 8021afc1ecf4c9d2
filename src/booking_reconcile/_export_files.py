"""One export file: its name and bytes (or a way to open them), and what it holds as text.

An :class:`ExportFile` is what the command line gives
:func:`~booking_reconcile.exports.snapshot_from_exports` for each file it was
named: the name messages give it, and its bytes or a way to open them. This
module says what such a file holds, without opening anything itself: a CSV
export's lines, decoded as they are read in the encoding decided for the
file (:func:`contents`), a workbook's rows, the strict text of a JSON file
(:func:`json_text`), and whether the file holds JSON API answers rather
than an export (:func:`is_answers`).
"""

from __future__ import annotations

__all__ = ["ExportFile", "contents", "decode", "is_answers", "json_text"]

import codecs
import io
from collections.abc import Callable, Iterable
from typing import BinaryIO

import attrs

from ._json import utf8_text
from .decoding import DecodedLines, export_encoding
from .errors import InputFormatError
from .models import Booking
from .periods import financial_year
from .sheets import Sheet, read_sheet


@attrs.frozen
class ExportFile:
    """One file: the name messages give it, its bytes, and whether it is a workbook.

    ``opener``, when given, opens a stream of the file's bytes at its start
    (each time it is called; the stream is closed after use), and ``data``
    is not used: a CSV export is then read piece by piece, never whole (what
    the command line does with the files it is given).
    """

    name: str
    data: bytes
    sheet: bool = False
    opener: Callable[[], BinaryIO] | None = attrs.field(default=None, kw_only=True)

    def open(self) -> BinaryIO:
        """A stream of the file's bytes, at its start."""
        return io.BytesIO(self.data) if self.opener is None else self.opener()

    def read(self) -> bytes:
        """The file's bytes, whole (JSON answers and workbooks are read so)."""
        if self.opener is None:
            return self.data
        with self.opener() as stream:
            return stream.read()


def decode(data: bytes, name: str, encoding: str | None) -> str:
    """``data`` as text in ``encoding`` (UTF-8 by default), naming the line that is not.

    The strict reading of a file that has one encoding (JSON is UTF-8, RFC
    8259); the exports are read by :func:`contents`, which decides per file.

    >>> decode(b"caf\\xe9", "a.csv", None)
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: a.csv, line 1: is not UTF-8 text (byte 0xe9 cannot be read); pass --encoding cp1252 if the file was saved from Excel on Windows, or save it as UTF-8
    """
    chosen = encoding or "utf-8"
    try:
        return data.decode(chosen)
    except LookupError:
        try:
            codecs.lookup(chosen)
            what = "is a codec of bytes (such as base64 or rot13), not a text encoding"
        except LookupError:
            what = "is not an encoding Python knows"
        raise InputFormatError("--encoding", f"{chosen!r} {what}; try utf-8 or cp1252") from None
    except UnicodeError as error:
        shown = "UTF-8" if encoding is None else repr(chosen)
        hint = (
            "; pass --encoding cp1252 if the file was saved from Excel on Windows, or save it as "
            "UTF-8"
            if encoding is None
            else "; pass the --encoding the file was saved in"
        )
        if isinstance(error, UnicodeDecodeError) and error.object == data:
            line = data.count(b"\n", 0, error.start) + 1
            bad = data[error.start : error.start + 1].hex()
            raise InputFormatError(
                name, f"is not {shown} text (byte 0x{bad} cannot be read){hint}", line=line
            ) from None
        # A codec that fails on its own terms (punycode, idna, undefined): no byte to show.
        raise InputFormatError(name, f"is not {shown} text ({error}){hint}") from None


def contents(file: ExportFile, encoding: str | None) -> tuple[DecodedLines | Sheet, str | None]:
    """What ``file`` holds (its lines of text, or its workbook's rows), and a note on its encoding.

    The encoding is decided per file (:func:`~booking_reconcile.decode_export`:
    a byte order mark, else UTF-8 when the bytes are, else ``encoding``, else
    cp1252), reading the bytes in pieces; the text's lines are decoded as
    they are read. The note names a file read as anything but UTF-8.

    >>> lines, note = contents(ExportFile("b.csv", "Numéro\\n".encode("cp1252")), None)
    >>> list(lines), note
    (['Numéro\\n'], 'b.csv: read as cp1252 (it is not UTF-8); pass --encoding if it was saved in another encoding')
    """
    if file.sheet or _signature(file) == _ZIP:
        # A workbook by its name, or by its bytes (an .xlsx renamed .csv, an .xlsm).
        return read_sheet(file.read(), source=file.name), None
    if _signature(file) == _OLE:
        raise InputFormatError(
            file.name,
            "is an Excel 97-2003 workbook (.xls), which is not read; save it as an Excel "
            "Workbook (.xlsx) or as CSV",
        )
    chosen, skip = export_encoding(file.open, source=file.name, encoding=encoding)
    if chosen == "utf-8":
        note = None
    elif chosen.startswith("utf-"):  # UTF-16 or UTF-32: only a byte order mark says so
        note = f"{file.name}: read as {chosen}, as its byte order mark says"
    elif encoding is None:
        note = (
            f"{file.name}: read as {chosen} (it is not UTF-8); pass --encoding if it "
            "was saved in another encoding"
        )
    else:
        note = f"{file.name}: read as {chosen}, the --encoding given (it is not UTF-8)"
    return DecodedLines(file.open, chosen, skip, file.name), note


#: The first bytes of a zip file (an .xlsx, .xlsm or .ods workbook) and of an OLE file (.xls).
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


def _signature(file: ExportFile) -> bytes:
    """The first four bytes of ``file``."""
    with file.open() as stream:
        return stream.read(4)


def numbering_year_notes(name: str, bookings: Iterable[Booking], month: int) -> list[str]:
    """Notes on the bookings an export numbers in another financial year than their date's.

    The same entry read from Exact Online's answers gives a warning
    (``numbering-year-differs``); read from its export, a note says the same.
    At most three are named, then a count.
    """
    differing = [
        booking
        for booking in bookings
        if booking.financial_year is not None
        and booking.financial_year != financial_year(booking.date, month)
    ]
    notes = [
        f"{name}: {booking.record_name()} of {booking.date.isoformat()} is dated in financial "
        "year "
        f"{financial_year(booking.date, month)} (years starting in month {month}), but the "
        f"export numbers it in {booking.financial_year} (financial_year); where journal "
        f"{booking.journal} numbers per financial year, it is placed in "
        f"{booking.financial_year}, as the accounting package numbers it: check that the "
        "entry belongs there, or pass --fy-start-month if the financial year starts in "
        "another month"
        for booking in differing[:3]
    ]
    if len(differing) > 3:
        notes.append(
            f"{name}: {len(differing) - 3} more bookings are numbered in another financial "
            "year than their date's"
        )
    return notes


def json_text(data: bytes, name: str) -> str:
    """The text of a JSON file: UTF-8 (RFC 8259; a byte order mark is ignored), or refused.

    >>> json_text(b'{"a": "caf\\xe9"}', "s.json")
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: s.json: is not UTF-8 text (byte 0xe9 cannot be read); JSON files are UTF-8 (RFC 8259): save it as UTF-8
    """
    return utf8_text(data, name, "JSON files are UTF-8 (RFC 8259)").removeprefix("\ufeff")


def is_answers(file: ExportFile) -> bool:
    """Whether ``file`` holds JSON (API answers), by its name (``.json``) or its first character.

    >>> is_answers(ExportFile("invoices", b'\\xef\\xbb\\xbf [{"data": []}]'))
    True
    >>> is_answers(ExportFile("invoices.csv", b"number,date,booking_number\\n"))
    False
    """
    if file.sheet:
        return False
    if file.name.lower().endswith(".json"):
        return True
    return _first_byte(file) in (b"{", b"[")


def _first_byte(file: ExportFile) -> bytes:
    """The first byte of ``file`` after a UTF-8 byte order mark and white space (or none)."""
    if file.opener is None:
        return file.data.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n")[:1]
    with file.opener() as stream:
        piece = stream.read(1 << 16).removeprefix(codecs.BOM_UTF8)
        while piece:
            left = piece.lstrip(b" \t\r\n")
            if left:
                return left[:1]
            piece = stream.read(1 << 16)
    return b""
