"""Bytes to text: which encoding an export was saved in, decided per file.

Exports reach a person in several encodings at once: the invoicing tool's
overviews in UTF-8 (some with a byte order mark), the accounting package's
export saved from Excel on Windows in cp1252 (what Excel writes in Belgium
and the Netherlands). :func:`decode_export` decides per file, in this order:

1. a byte order mark decides (UTF-8, UTF-16 or UTF-32), and is removed;
2. bytes that are valid UTF-8 are UTF-8;
3. otherwise the ``encoding`` given, else cp1252.

A given ``encoding`` never overrides a byte order mark or valid UTF-8. Every
failure is an :class:`~booking_reconcile.errors.InputFormatError`, also for
an ``encoding`` Python does not know or that is no file encoding
(``undefined``, ``punycode``, ``rot13``).

>>> decode_export("Factuurnummer;Datum\\n".encode(), source="a.csv")
Decoded(text='Factuurnummer;Datum\\n', encoding='utf-8')
>>> decode_export("Numéro;Date\\n".encode("cp1252"), source="b.csv")
Decoded(text='Numéro;Date\\n', encoding='cp1252')
>>> decode_export(b"\\xef\\xbb\\xbfNr\\n", source="c.csv", encoding="cp1252")
Decoded(text='Nr\\n', encoding='utf-8')
>>> decode_export(b"Nr\\n", source="d.csv", encoding="rot13")
Traceback (most recent call last):
...
booking_reconcile.errors.InputFormatError: d.csv: the encoding 'rot13' is not one a text file is saved in; try utf-8 or cp1252
"""

from __future__ import annotations

__all__ = ["FALLBACK_ENCODING", "Decoded", "decode_export"]

import codecs

import attrs

from .errors import InputFormatError

#: The encoding of a file that is not UTF-8 when none is given: what Excel
#: writes on Windows in Belgium and the Netherlands.
FALLBACK_ENCODING = "cp1252"

#: Byte order marks and the encodings they decide, longest first (UTF-32's
#: little-endian mark begins with UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Codecs Python knows that no text file is saved in: they transform text
#: (punycode, idna, escapes) or refuse everything (undefined).
_NOT_FILE_ENCODINGS = frozenset(
    {"undefined", "punycode", "idna", "unicode_escape", "raw_unicode_escape", "raw_unicode"}
)
_PROBE = "Kind;Number,Date\t2026-01-06\r\n"


@attrs.frozen
class Decoded:
    """The text of a file (without a byte order mark) and the encoding it was read in."""

    text: str
    encoding: str


def decode_export(data: bytes, *, source: str, encoding: str | None = None) -> Decoded:
    """The text of an export's bytes, and the encoding used (see the module's rules).

    An ``encoding`` that no text file is saved in is refused even when the
    file does not need it: a misspelt option is said at once.
    """
    fallback = FALLBACK_ENCODING if encoding is None else _checked(encoding, source)
    for mark, marked in _BOMS:
        if data.startswith(mark):
            return Decoded(_decode(data[len(mark) :], marked, source), marked)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return Decoded(_decode(data, fallback, source), fallback)


def _checked(encoding: str, source: str) -> str:
    """``encoding``'s canonical name, refused unless text files are saved in it."""
    refusal = InputFormatError(
        source,
        f"the encoding {encoding!r} is not one a text file is saved in; try utf-8 or cp1252",
    )
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):
        raise InputFormatError(
            source, f"{encoding!r} is not an encoding Python knows; try utf-8 or cp1252"
        ) from None
    if info.name in _NOT_FILE_ENCODINGS or not getattr(info, "_is_text_encoding", True):
        raise refusal
    try:
        readable = _PROBE.encode(info.name).decode(info.name) == _PROBE
    except (UnicodeError, ValueError, TypeError, LookupError):
        readable = False
    if not readable or _PROBE.encode(info.name) != _PROBE.encode("ascii"):
        raise refusal
    return info.name


def _decode(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        bad = data[error.start : error.start + 1].hex()
        raise InputFormatError(
            source,
            f"is neither UTF-8 nor {encoding} text (byte 0x{bad} cannot be read); pass the "
            "--encoding the file was saved in (encoding= in Python), or save it as UTF-8",
            line=line,
        ) from None
    except (UnicodeError, ValueError, LookupError, TypeError) as error:
        raise InputFormatError(
            source, f"cannot be read as {encoding} text ({type(error).__name__})"
        ) from None
