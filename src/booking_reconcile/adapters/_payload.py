"""Reading decoded JSON payloads: envelopes, rows and typed fields (private).

An API row is named in errors as ``source[index]`` (``SalesEntries[2]``), the
index counted from 0 as in the payload's list, and the key as the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

import attrs

from booking_reconcile.errors import InputFormatError, InvalidFieldError

#: Enough digits for any booking number; longer runs are refused, not parsed.
_DIGITS = re.compile(r"[0-9]{1,30}")
_MISSING = object()

_Record = TypeVar("_Record")


def rows(payload: Any, envelope: tuple[str, ...], source: str) -> Iterator[Row]:
    """The rows of ``payload``: a bare list, or a list inside ``envelope`` keys.

    ``envelope`` is the path of keys to the list (``("d", "results")``); each
    level may be missing, so ``{"d": [...]}`` and ``[...]`` are read too.
    """
    found = payload
    for depth, key in enumerate(envelope):
        if isinstance(found, Mapping) and key in found:
            found = found[key]
        elif isinstance(found, Mapping):
            path = ".".join(envelope[:depth])
            within = f" in {path!r}" if path else ""
            raise InputFormatError(
                source,
                f"has no key {key!r}{within} (keys: {_keys(found)}); pass the decoded "
                f"response body as the API returns it ({_shape(envelope)}) or the bare list "
                "of rows",
            )
    if not isinstance(found, list):
        raise InputFormatError(
            source,
            f"holds a {type(found).__name__} where a list of rows was expected; pass the "
            f"decoded response body ({_shape(envelope)}) or the bare list of rows",
        )
    for index, row in enumerate(found):
        where = f"{source}[{index}]"
        if not isinstance(row, Mapping):
            raise InputFormatError(
                where, f"is a {type(row).__name__}, not an object; each row must be an object"
            )
        yield Row(where, row)


def _keys(mapping: Mapping[Any, Any]) -> str:
    return ", ".join(repr(key) for key in list(mapping)[:8]) or "none"


def _shape(envelope: tuple[str, ...]) -> str:
    shape = "[...]"
    for key in reversed(envelope):
        shape = f'{{"{key}": {shape}}}'
    return shape


@attrs.frozen
class Row:
    """One object of a payload, and the name errors give it."""

    where: str
    fields: Mapping[str, Any]

    def error(self, field: str, message: str) -> InputFormatError:
        """An error about ``field`` of this row."""
        return InputFormatError(self.where, message, field=field)

    def get(self, field: str, hint: str = "") -> Any:
        """The value at ``field`` (a dotted path), which must be present."""
        value: Any = self.fields
        for key in field.split("."):
            if not isinstance(value, Mapping) or key not in value:
                raise self.error(field, f"is missing{hint}")
            value = value[key]
        return value

    def text(self, field: str, hint: str = "") -> str | None:
        """Text at ``field``; ``None`` when null or blank."""
        value = self.get(field, hint)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.error(field, f"{value!r} is not text; expected a string or null")
        return value.strip() or None

    def required_text(self, field: str) -> str:
        """Non-blank text at ``field``."""
        value = self.text(field)
        if value is None:
            raise self.error(field, f"is empty ({self.missing(field)}); every row needs it")
        return value

    def missing(self, field: str) -> str:
        """How a present field is empty, for messages: ``null`` or the blank text itself."""
        value = self.get(field)
        return "null" if value is None else repr(value)

    def integer(self, field: str, hint: str = "") -> int | None:
        """A whole number at ``field`` (a JSON number or digits in a string); ``None`` when null."""
        value = self.get(field, hint)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
            return int(value.strip())
        raise self.error(field, f"{value!r} is not a whole number")

    def flag(self, field: str) -> bool:
        """A boolean at ``field``; ``False`` when absent or null."""
        value = self.fields.get(field)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self.error(field, f"{value!r} is not true or false")
        return value

    def build(self, build: Callable[[], _Record], fields: Mapping[str, str]) -> _Record:
        """Build a record, naming this row's key when the models refuse a value.

        ``fields`` maps the model's field names to the payload's keys.
        """
        try:
            return build()
        except InvalidFieldError as error:
            raise self.error(fields.get(error.field, error.field), str(error)) from None
