"""Reading JSON text strictly, and its objects one key at a time (private).

Every JSON file the library reads (a snapshot, a saved plan, a batch of
snapshots) goes through :func:`json_data`, which refuses what
:func:`json.loads` would let through silently or turn into a traceback: a key
given twice in one object (``json`` keeps the last), an integer of more
digits than any value has (Python refuses 4,300 digits and more with a plain
``ValueError``), a lone surrogate (``"\\ud800"``, no character) and nesting
past the recursion limit. :class:`ObjectReader` then reads one object of the
data, naming the path of every value in its errors
(``documents[3].booking_number``).

>>> json_data('{"a": 1, "a": 2}', source="s.json")
Traceback (most recent call last):
...
booking_reconcile.errors.InputFormatError: s.json, field 'a': is given twice in one object (1, then 2); keep the one that is right
"""

from __future__ import annotations

__all__ = ["ObjectReader", "json_data", "plain_json_data", "type_name", "utf8_text"]

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, TypeVar

from ._parsing import MAX_DIGITS, parse_iso_date, parse_moment
from .errors import InputFormatError, InvalidFieldError, quoted


def utf8_text(data: bytes, source: str, what: str) -> str:
    """``data`` as UTF-8 text, or refused naming the line and the byte (``what`` ends the advice).

    >>> utf8_text(b'{"a": "caf\\xe9"}', "s.json", "snapshot JSON is UTF-8")
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: s.json: is not UTF-8 text (byte 0xe9 cannot be read); snapshot JSON is UTF-8: save it as UTF-8
    >>> utf8_text(b'{}\\n{"a": "caf\\xe9"}', "s.json", "snapshot JSON is UTF-8")
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InputFormatError: s.json, line 2: is not UTF-8 text (byte 0xe9 cannot be read); snapshot JSON is UTF-8: save it as UTF-8
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise InputFormatError(
            source,
            f"is not UTF-8 text (byte 0x{bad} cannot be read); {what}: save it as UTF-8",
            line=_line_of(data, data.count(b"\n", 0, error.start) + 1),
        ) from None


def _line_of(text: str | bytes, line: int) -> int | None:
    """``line`` of ``text`` as an error places it: ``None`` for a text of one line.

    A text of one line (a line of a JSON Lines file, whose source names its
    line already) is placed by its source alone.
    """
    if isinstance(text, str):
        return line if "\n" in text.rstrip("\r\n") else None
    return line if b"\n" in text.rstrip(b"\r\n") else None


_SURROGATE = re.compile("[\ud800-\udfff]")
# The escapes ``plain_json_data`` leaves to ``json_data``: one that may be a lone
# surrogate, and a colon (which the text's colons would not count).
_ESCAPES = re.compile(r"\\u(?:[dD][89a-fA-F]|003[aA])")
_Value = TypeVar("_Value")


class _LongInteger(Exception):
    """An integer of more digits than any value of a snapshot has (private signal)."""

    def __init__(self, digits: str) -> None:
        super().__init__(digits)
        self.digits = digits


def _integer(text: str) -> int:
    # Before int(): Python refuses 4,300 digits and more with a plain ValueError.
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _LongInteger(text)
    return int(text)


def json_data(text: str, *, source: str) -> Any:
    """The data of the JSON text ``text``, as strictly as the library reads every file.

    A byte order mark is ignored; a key given twice, an integer of more digits
    than any value has, a lone surrogate and nesting past the recursion limit
    are refused with :class:`~booking_reconcile.errors.InputFormatError`.
    """
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text, object_pairs_hook=partial(_json_object, source), parse_int=_integer)
    except json.JSONDecodeError as error:
        # json's "Unterminated string starting at" already ends in "at".
        problem = f"is not valid JSON ({error.msg.removesuffix(' at')} at column {error.colno})"
        # A text of one line is placed by its column alone.
        raise InputFormatError(source, problem, line=_line_of(text, error.lineno)) from None
    except _LongInteger as error:
        line = text.count("\n", 0, max(text.find(error.digits), 0)) + 1
        raise InputFormatError(
            source,
            f"holds an integer of {len(error.digits.lstrip('-'))} digits; no value of a "
            f"snapshot has more than {MAX_DIGITS}: check the number",
            line=_line_of(text, line),
        ) from None
    except RecursionError:
        problem = "nests lists or objects too deeply to be a snapshot"
        raise InputFormatError(source, problem) from None
    _refuse_surrogates(data, source)
    return data


def plain_json_data(text: str) -> tuple[Any, int] | None:
    """The data of ``text`` read by :func:`json.loads` alone, and the colons the text holds.

    The fast way to :func:`json_data`'s answer, for text as :func:`json.dumps`
    writes it: ``None`` (read the text with :func:`json_data`) when the text
    may hold a lone surrogate, writes a colon as an escape (``\\u003a``), or is
    not JSON. Otherwise its colons are one per key it writes and those inside
    its strings, as they are in the data: the caller, which reads every
    object and string of the data, counts the colons of the data the same way
    and compares. They are fewer in the data when a key is given twice in one
    object (:func:`json.loads` keeps the last). The caller also checks the
    digits of the integers where it reads them.

    >>> plain_json_data('{"a": 1, "a": 2, "time": "09:30"}')
    ({'a': 2, 'time': '09:30'}, 4)
    >>> plain_json_data('{"a": "\\ud800"}') is None
    True
    """
    text = text.removeprefix("\ufeff")
    if not text.isascii() and _SURROGATE.search(text):
        return None
    if "\\" in text and _ESCAPES.search(text):
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return data, text.count(":")


def _json_object(source: str, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (``json`` would keep the last silently)."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise InputFormatError(
                source,
                f"is given twice in one object ({quoted(data[key])}, then {quoted(value)}); keep "
                "the one that is right",
                field=key,
            )
        data[key] = value
    return data


def _refuse_surrogates(data: Any, source: str) -> None:
    """Refuse a lone surrogate anywhere in the decoded data: it is no character.

    JSON's ``\\ud800`` escape decodes to one; it could not be written out as
    UTF-8 again, nor printed.
    """
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            found = _SURROGATE.search(value)
            if found:
                raise InputFormatError(
                    source,
                    f"holds a lone surrogate ({quoted(found[0])}), which is no character; "
                    "write the text as UTF-8 or with a pair of surrogates",
                    field=path or None,
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                at = f"{path}.{key}" if path else str(key)
                if _SURROGATE.search(key):
                    raise InputFormatError(
                        source,
                        f"the key {quoted(key)} holds a lone surrogate, which is no character; "
                        "write the text as UTF-8 or with a pair of surrogates",
                        field=path or None,
                    )
                stack.append((at, item))
        elif isinstance(value, list):
            stack.extend((f"{path}[{index}]", item) for index, item in enumerate(value))


class ObjectReader:
    """Reads one object of the data, naming its path in errors.

    The object of a record (a document, a booking) also names the record in
    the errors about its keys, as the record's own errors name it (DOMAIN
    §6), once :meth:`names` says how: ``field 'documents[3].date': invoice
    2026/7: date '2026-02-30' is not a calendar date ...``.
    """

    _record: Callable[[Mapping[str, Any]], str | None] | None
    _record_value: Any
    _within: str

    def __init__(
        self, source: str, path: str, value: Any, keys: str, *, part_of: ObjectReader | None = None
    ) -> None:
        self.source = source
        self.path = path
        self.keys = keys
        # The record named in errors: this object's (names()), or that of the
        # record it is ``part_of`` (a booking's document reference).
        if part_of is None:
            self._record = None
            self._within = path
        else:
            self._record = part_of._record
            self._record_value = part_of._record_value
            self._within = part_of._within
        if not isinstance(value, Mapping):
            raise self.error(path, f"is a {type_name(value)}, not an object; {keys}")
        self.value: Mapping[str, Any] = value

    def names(self, record: Callable[[Mapping[str, Any]], str | None]) -> None:
        """Name the record this object describes in the errors about its keys (and its parts').

        ``record`` gives the name of the record an object describes
        (``'invoice 2026/7'``), or ``None`` when the object cannot tell it; it
        is called only when a value is refused, so a reading that succeeds
        pays nothing for it.
        """
        self._record = record
        self._record_value = self.value
        self._within = self.path

    def _named(self, path: str) -> str | None:
        """The record's name when ``path`` is inside its object and the name can be read."""
        if self._record is None or not path.startswith(f"{self._within}."):
            return None
        return self._record(self._record_value)

    def error(self, path: str, message: str) -> InputFormatError:
        name = self._named(path)
        if name is not None:
            # The key inside the record, quoted when it could break the line.
            key = path[len(self._within) + 1 :]
            message = f"{name}: {key if key.isprintable() else quoted(key)} {message}"
        return InputFormatError(self.source, message, field=path or None)

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def only(self, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
        """Refuse unknown keys, and missing required ones."""
        for key in self.value:
            if key not in required and key not in optional:
                raise self.error(self._at(str(key)), f"is not a known key; {self.keys}")
        for key in required:
            if key not in self.value:
                raise self.error(self._at(key), f"is missing; {self.keys}")

    def raw(self, key: str) -> Any:
        """The value at ``key`` (``None`` when absent)."""
        return self.value.get(key)

    def text(self, key: str, written: str = "in quotes, as JSON text") -> str:
        """A string at ``key`` (``written`` says how, in the message refusing another value)."""
        value = self.raw(key)
        if not isinstance(value, str):
            raise self.error(self._at(key), f"{quoted(value)} is not a string; write it {written}")
        return value

    def optional_text(self, key: str) -> str | None:
        """A string or ``None`` at ``key``."""
        return None if self.raw(key) is None else self.text(key)

    def date(self, key: str) -> dt.date:
        """A ``YYYY-MM-DD`` date at ``key``."""
        text = self.text(key, 'as a date in quotes, "YYYY-MM-DD"')
        try:
            return parse_iso_date(text, source=self.source, field=self._at(key))
        except InputFormatError as error:
            raise self.error(self._at(key), error.reason) from None

    def optional_date(self, key: str) -> dt.date | None:
        """A date or ``None`` at ``key``."""
        return None if self.raw(key) is None else self.date(key)

    def optional_timestamp(self, key: str) -> dt.datetime | None:
        """An ISO 8601 date and time, or ``None``, at ``key``."""
        if self.raw(key) is None:
            return None
        text = self.text(key, 'as a date and time in quotes, "YYYY-MM-DDTHH:MM:SS+01:00"')
        try:
            return parse_moment(text, source=self.source, field=self._at(key))
        except InputFormatError as error:
            raise self.error(self._at(key), error.reason) from None

    def choice(self, key: str, choices: Callable[[str], _Value], names: str) -> _Value:
        """An enum's value at ``key``."""
        value = self.text(key)
        try:
            return choices(value)
        except ValueError:
            raise self.error(self._at(key), f"{quoted(value)} is not one of {names}") from None

    def items(self, key: str) -> list[Any]:
        """A list at ``key``."""
        value = self.raw(key)
        if not isinstance(value, list):
            raise self.error(
                self._at(key),
                f"is a {type_name(value)}, not a list; write a JSON list of them ([] for none)",
            )
        return value

    def build(self, build: Callable[[], _Value]) -> _Value:
        """Build a record, naming the path of the value the models refuse.

        A record's own error names the record already; the error of a part of
        a record (a booking's document reference) is said of the record.
        """
        try:
            return build()
        except InvalidFieldError as error:
            path = self._at(error.field)
            name = self._named(path) if self._within != self.path else None
            if name is None:
                raise InputFormatError(self.source, str(error), field=path) from None
            problem = f"{quoted(error.value)} {error.problem}; expected {error.expected}"
            raise self.error(path, problem) from None


def type_name(value: Any) -> str:
    """The JSON name of ``value``'s type, for messages (``null`` for ``None``)."""
    return "null" if value is None else type(value).__name__
