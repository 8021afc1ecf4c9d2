"""Values shown to a person: control characters and line ends as visible escapes (private).

A document number, journal code or reference comes from the input, and the
input may hold anything: an escape sequence that clears the terminal
(``\\x1b[2J``), a line end that forges a whole line of output (``"\\nINJECTED:
no collisions"``), a right-to-left override that reverses what follows. Every
human layout (text, Markdown, HTML, error messages) passes each value through
:func:`visible`, which shows such characters as the escapes Python writes
(``\\x1b``, ``\\n``, ``\\u202e``); printable text, spaces included, stays as
it is. The data for programs (JSON) stays exact.

>>> print(visible("2026/5"))
2026/5
>>> print(visible("\\x1b[2J5\\nINJECTED: no collisions"))
\\x1b[2J5\\nINJECTED: no collisions
>>> print(visible("r\\u00e9f\\u202e"))
réf\\u202e
"""

from __future__ import annotations

__all__ = ["visible"]

from booking_reconcile._checks import argument

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` with every character that is not printable (a space is) shown as its escape."""
    try:
        if text.isprintable():
            return text
    except AttributeError:  # checked only when it fails: every value shown passes here
        argument("text", text, str, "text")
        raise
    return "".join(char if char.isprintable() else _escape(char) for char in text)
