"""The terminal and the files the command writes: width, progress, printable text.

The command line's output side, apart from what it computes: how wide the
terminal is (80 columns when there is none), progress on standard error for
what takes longer than a second (only on a terminal), text in what a
stream's encoding can hold (ASCII stand-ins such as ``->`` for ``→`` on a
cp1252, latin-1 or ascii console, never an error), and writing it.
"""

from __future__ import annotations

__all__ = [
    "PROG",
    "Progress",
    "is_terminal",
    "message_lines",
    "printable",
    "terminal_width",
    "write",
]

import codecs
import contextlib
import shutil
import textwrap
import threading
import time
import unicodedata
from collections.abc import Iterator
from typing import TextIO

from .formats import visible

#: The command's name, as its messages begin.
PROG = "booking-reconcile"

#: ASCII stand-ins for the characters the output uses that cp1252, latin-1 or
#: ascii cannot hold; any other character falls back to its letters without
#: accents, or ``?``.
_ASCII = {
    "\u2192": "->",
    "\u2190": "<-",
    "\u2014": "-",
    "\u2013": "-",
    "\u2026": "...",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2265": ">=",
    "\u2264": "<=",
    "\u2260": "!=",
    "\u00a0": " ",
    "\u2610": "[ ]",
}
_FALLBACK = "booking_reconcile.ascii"


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    replaced = "".join(
        _ASCII.get(char)
        or unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
        or "?"
        for char in text
    )
    return replaced, error.end


codecs.register_error(_FALLBACK, _stand_in)


def printable(text: str, encoding: str | None) -> str:
    """``text`` with ASCII stand-ins for what ``encoding`` cannot hold.

    >>> printable("invoice 2026/3 → #1003 — café", "ascii")
    'invoice 2026/3 -> #1003 - cafe'
    >>> printable("→ — é", "cp1252")
    '-> \u2014 \xe9'
    """
    try:
        codec = codecs.lookup(encoding or "utf-8").name
    except LookupError:
        codec = "ascii"
    return text.encode(codec, errors=_FALLBACK).decode(codec)


def write(stream: TextIO, text: str) -> None:
    """Write ``text`` to a terminal or pipe, in what its encoding can hold."""
    stream.write(printable(text, getattr(stream, "encoding", None)))
    stream.flush()


def terminal_width() -> int:
    """The terminal's width (``COLUMNS`` when set; 80 when there is no terminal)."""
    return shutil.get_terminal_size((80, 24)).columns


def message_lines(label: str, message: str, width: int) -> str:
    """``message`` after ``label`` (``booking-reconcile: error``), one problem a line, wrapped.

    A message's first line follows the label; each further line is one more
    problem (a file's bad lines), indented by two; a line too long for the
    terminal continues below, indented by two more. Only a word longer than
    the terminal (a long file name) passes its edge: it stays whole, to be
    copied. A control character inside a problem (a file name holding an
    escape sequence) shows as its escape (``\\x1b``), never acting on the
    terminal.

    >>> print(message_lines(f"{PROG}: error", "a.csv: 2 lines cannot be read:\\nline 2: bad\\nline 3: bad", 40), end="")
    booking-reconcile: error: a.csv: 2 lines
      cannot be read:
      line 2: bad
      line 3: bad
    """
    first, *problems = (visible(line) for line in message.split("\n"))
    width = max(width, 20)
    lines = _wrapped(f"{label}: {first}", width, "", "  ")
    for problem in problems:
        lines += _wrapped(problem, width, "  ", "    ")
    return "".join(line + "\n" for line in lines)


def _wrapped(text: str, width: int, first: str, rest: str) -> list[str]:
    lines = textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        # A file name or value longer than the terminal stays whole, to be copied.
        break_long_words=False,
        break_on_hyphens=False,
    )
    return lines or [first.rstrip()]


def is_terminal(stream: TextIO | None) -> bool:
    """Whether ``stream`` is a terminal (not a file, a pipe, or closed)."""
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """Says on standard error what takes long: only past ``delay`` seconds, only on a terminal."""

    def __init__(self, stream: TextIO, *, enabled: bool, delay: float = 1.0):
        self.stream = stream
        self.enabled = enabled
        self.delay = delay

    @contextlib.contextmanager
    def __call__(self, what: str) -> Iterator[None]:
        if not self.enabled:
            yield
            return
        what = visible(what)  # file names are shown, and a name may hold anything
        started = time.monotonic()
        shown = threading.Event()

        def announce() -> None:
            shown.set()
            write(self.stream, f"{PROG}: {what}...\n")

        timer = threading.Timer(self.delay, announce)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()
            if shown.is_set():
                took = time.monotonic() - started
                write(self.stream, f"{PROG}: {what}: done in {took:.1f} s\n")
