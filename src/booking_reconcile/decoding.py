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

:func:`export_encoding` decides the same, in the same words, reading the
bytes in pieces from a stream, and :class:`DecodedLines` gives the text's
lines as they are decoded: the command line reads an export of any size so,
never holding it whole.

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

__all__ = ["FALLBACK_ENCODING", "Decoded", "DecodedLines", "decode_export", "export_encoding"]

import codecs
import io
from collections.abc import Callable, Iterator
from typing import BinaryIO

import attrs

from . import _checks
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
    expected = "the file's bytes (open it with 'rb'); text is decoded already: read it as it is"
    _checks.argument("data", data, (bytes, bytearray), expected, problem="is not bytes")
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
    if info.name.startswith(("utf-16", "utf-32")):
        raise InputFormatError(
            source,
            f"the encoding {encoding!r} is not given with --encoding: a UTF-16 or UTF-32 file "
            "is read by its byte order mark; save it with its byte order mark, or as CSV "
            "UTF-8 and try utf-8 or cp1252",
        )
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
        raise _undecodable(source, encoding, data[error.start : error.start + 1], line) from None
    except (UnicodeError, ValueError, LookupError, TypeError) as error:
        raise _unreadable(source, encoding, error) from None


def _undecodable(source: str, encoding: str, bad: bytes, line: int) -> InputFormatError:
    return InputFormatError(
        source,
        f"is neither UTF-8 nor {encoding} text (byte 0x{bad.hex()} cannot be read); pass the "
        "--encoding the file was saved in (encoding= in Python), or save it as UTF-8",
        line=line,
    )


def _unreadable(source: str, encoding: str, error: Exception) -> InputFormatError:
    return InputFormatError(source, f"cannot be read as {encoding} text ({type(error).__name__})")


#: Bytes read at a time when an export is decided and decoded piece by piece.
_PIECE = 1 << 20


def export_encoding(
    open_bytes: Callable[[], BinaryIO], *, source: str, encoding: str | None = None
) -> tuple[str, int]:
    """The encoding an export is read in, and the length of its byte order mark.

    :func:`decode_export`'s decision, and its refusals in its words, made
    from a stream of the bytes (``open_bytes()`` opens one at the start; it
    is closed here) read a piece at a time: the whole file is checked to
    decode, but never held.

    >>> export_encoding(lambda: io.BytesIO("Numéro;Date\\n".encode("cp1252")), source="b.csv")
    ('cp1252', 0)
    >>> export_encoding(lambda: io.BytesIO(b"a\\nb\\n\\x81\\n"), source="f.csv")
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: f.csv, line 3: is neither UTF-8 nor cp1252 text (byte 0x81 cannot be read); pass the --encoding the file was saved in (encoding= in Python), or save it as UTF-8
    """
    fallback = FALLBACK_ENCODING if encoding is None else _checked(encoding, source)
    with open_bytes() as stream:
        start = stream.read(4)
        for mark, marked in _BOMS:
            if start.startswith(mark):
                _check_decodes(stream, len(mark), marked, source)
                return marked, len(mark)
        if len(start) == 4 and (start[1] == start[3] == 0 or start[0] == start[2] == 0):
            # ASCII text in UTF-16 (Excel's "Unicode Text") is valid UTF-8 with NULs.
            raise InputFormatError(
                source,
                "is UTF-16 text without a byte order mark; save it as CSV UTF-8, or as "
                "Unicode text with its byte order mark, which is read as it is",
            )
        try:
            _decode_pieces(stream, 0, "utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "utf-8", 0
        _check_decodes(stream, 0, fallback, source)
        return fallback, 0


def _decode_pieces(stream: BinaryIO, offset: int, encoding: str) -> None:
    """Decode the bytes from ``offset`` to the end, a piece at a time (the text is not kept).

    A byte that cannot be read raises :class:`UnicodeDecodeError` whose
    ``start`` counts from ``offset``.
    """
    stream.seek(offset)
    decoder = codecs.getincrementaldecoder(encoding)()
    done = 0
    while True:
        piece = stream.read(_PIECE)
        held = len(decoder.getstate()[0])  # bytes of the last piece not decoded yet
        try:
            decoder.decode(piece, final=not piece)
        except UnicodeDecodeError as error:
            error.start += done - held
            raise
        if not piece:
            return
        done += len(piece)


def _check_decodes(stream: BinaryIO, offset: int, encoding: str, source: str) -> None:
    """Refuse the bytes from ``offset`` on unless they are ``encoding`` text, as :func:`_decode` does."""
    try:
        _decode_pieces(stream, offset, encoding)
    except UnicodeDecodeError as error:
        # The line of the byte, counted in pieces too.
        stream.seek(offset)
        lines, left = 1, error.start
        while left > 0:
            piece = stream.read(min(left, _PIECE))
            if not piece:
                break
            lines += piece.count(b"\n")
            left -= len(piece)
        raise _undecodable(source, encoding, stream.read(1), lines) from None
    except (UnicodeError, ValueError, LookupError, TypeError) as error:
        raise _unreadable(source, encoding, error) from None


class DecodedLines:
    """The lines of an export's text, decoded as they are read, each time it is iterated.

    ``open_bytes()`` opens a stream of the file's bytes at its start; the
    lines are those of the text :func:`decode_export` gives in ``encoding``
    (decided by :func:`export_encoding`), after the ``skip`` bytes of a byte
    order mark, without a U+FEFF that starts the text, split as ``str``
    splits them for the readers (``\\n``, ``\\r\\n`` or ``\\r``, kept).

    >>> lines = DecodedLines(lambda: io.BytesIO(b"\\xef\\xbb\\xbfNr\\r\\n1\\n"), "utf-8", 3, "a.csv")
    >>> list(lines), list(lines)
    (['Nr\\r\\n', '1\\n'], ['Nr\\r\\n', '1\\n'])
    """

    def __init__(
        self, open_bytes: Callable[[], BinaryIO], encoding: str, skip: int, source: str
    ) -> None:
        self._open = open_bytes
        self.encoding = encoding
        self._skip = skip
        self.source = source

    def __iter__(self) -> Iterator[str]:
        with io.TextIOWrapper(self._open(), encoding=self.encoding, newline="") as text:
            text.buffer.seek(self._skip)  # before anything is read: past the byte order mark
            try:
                first = text.readline().removeprefix("\ufeff")
                if first:
                    yield first
                    yield from text
            except UnicodeDecodeError:
                # export_encoding read the whole file in this encoding: it changed since.
                raise InputFormatError(
                    self.source, "changed while it was read; read it again"
                ) from None
