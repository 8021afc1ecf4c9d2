"""The snapshot's fields: how each is converted and checked (private).

:class:`~booking_reconcile.snapshot.Snapshot`'s converters and validators,
with the journal a snapshot takes for a code it does not describe.
"""

from __future__ import annotations

__all__ = [
    "bookings_tuple",
    "documents_tuple",
    "each",
    "journals_tuple",
    "kept_classes",
    "labels",
    "undescribed",
]

import functools
from collections.abc import Iterable, Mapping
from itertools import repeat
from types import MappingProxyType
from typing import Any, cast

import attrs

from ._checks import is_text, not_text
from .errors import InvalidTypeError, InvalidValueError
from .models import Journal


def undescribed(code: str) -> Journal:
    """The journal ``code`` when the snapshot describes none: continuous, nothing configured.

    One object per code for every snapshot (a journal is immutable): a
    snapshot of a few hundred documents spent about 3 µs making the same
    two journals again. Only a plain ``str`` is looked up: a subclass's
    code is kept as it is.
    """
    if code.__class__ is not str:
        return Journal(code)
    return _shared_journal(code)


@functools.lru_cache(maxsize=256)
def _shared_journal(code: str) -> Journal:
    return Journal(code)


def _as_tuple(field: str, value: Any, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if isinstance(value, tuple):
        return value
    if isinstance(value, (str, bytes, dict)) or not isinstance(value, Iterable):
        expected = "a list or tuple of records"
        if optional:
            expected += ", or None when the accounting side is unknown"
        raise InvalidTypeError("snapshot", field, value, "is not a sequence", expected)
    return tuple(value)


def documents_tuple(value: Any) -> Any:
    return _as_tuple("documents", value)


def journals_tuple(value: Any) -> Any:
    return _as_tuple("journals", value)


def bookings_tuple(value: Any) -> Any:
    return _as_tuple("bookings", value, optional=True)


def labels(value: Any, record: str = "snapshot") -> Mapping[str, str]:
    """``labels`` as a read-only mapping of text to text, or an error naming the entry.

    ``record`` names the record whose field it is (a repair plan carries its
    snapshot's labels).
    """
    if not isinstance(value, Mapping):
        raise InvalidTypeError(
            record, "labels", value, "is not a mapping", "a dict of text keys and values"
        )
    for key, text in value.items():
        if not isinstance(key, str) or not key.strip():
            raise InvalidValueError(
                record,
                "labels",
                key,
                "has a key that is not non-blank text",
                "text keys such as 'division' or 'department'",
            )
        if not isinstance(text, str):
            raise InvalidTypeError(
                record,
                f"labels[{key!r}]",
                text,
                "is not text",
                "a str naming the administration",
            )
        if not (key.isascii() and text.isascii()):  # then a lone surrogate is refused
            for field, shown in (("labels", key), (f"labels[{key!r}]", text)):
                if not is_text(shown):
                    raise not_text(record, field, shown)
    return MappingProxyType(dict(value))


def each(kind: type | tuple[type, ...], expected: str, *, kept_in: str | None = None) -> Any:
    """A validator of each item's type; ``kept_in`` names a slot for the items' classes.

    With ``kept_in``, when every item is of the classes themselves, their
    classes (a list, in the items' order) are stored in that slot of the
    instance, for its ``__attrs_post_init__`` to read instead of reading
    them again (:func:`kept_classes`).
    """
    # The usual items are of the classes themselves, told by identity first.
    first, second = (kind, kind) if isinstance(kind, type) else (kind * 2)[:2]

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        # Each item's class compared by identity with one or two classes (a
        # subclass's item is left to ``isinstance``, in C, over every item).
        # (A set of the items' classes compares classes by their metaclass's
        # hash and equality, which a class of the caller's may define otherwise.)
        if value is None:
            return
        if kept_in is not None:
            classes = list(map(type, value))
            if not [cls for cls in classes if cls is not first and cls is not second]:
                # Only while the instance is built (``attrs.validate`` of a
                # built one leaves what the slot holds alone).
                if getattr(instance, kept_in, None) is None:
                    object.__setattr__(instance, kept_in, classes)
                return
        elif first is second:
            if not [cls for cls in map(type, value) if cls is not first]:
                return
        elif not [cls for cls in map(type, value) if cls is not first and cls is not second]:
            return
        if all(map(isinstance, value, repeat(kind))):
            return
        for position, item in enumerate(value):
            if not isinstance(item, kind):
                raise InvalidTypeError(
                    "snapshot",
                    f"{attribute.name}[{position}]",
                    item,
                    "has the wrong type",
                    expected,
                )

    return check


def kept_classes(instance: Any, slot: str) -> list[type] | None:
    """The classes :func:`each` kept in ``slot``, or ``None`` when it kept none.

    None are kept when an item is of a subclass, or when attrs runs no
    validators (``attrs.validators.set_disabled``).
    """
    classes: Any = getattr(instance, slot, None)
    if classes.__class__ is not list:
        return None
    return cast("list[type]", classes)
