"""A snapshot pickled as columns, and unpickled without its checks (private).

:meth:`Snapshot.__reduce__ <booking_reconcile.snapshot.Snapshot.__reduce__>`
writes the records as a list per field (pickle writes and reads them in C,
without a call per record) and the index's state; :func:`unpickled` stores
the values back into the records' slots and restores the index over them,
without checking or indexing again: the snapshot was checked when built, and
pickle data is trusted as it always is (never unpickle data from an untrusted
source; see docs/performance.md, "Pickling is trusted").
"""

from __future__ import annotations

__all__ = ["column", "unpickled"]

from collections import deque
from itertools import compress, repeat
from operator import attrgetter, is_, is_not
from types import MappingProxyType
from typing import Any, TypeVar

from ._collector import pauses_collector
from ._index import SnapshotIndex
from .models import (
    BOOKING_FIELDS,
    DOCUMENT_FIELDS,
    REF_FIELDS,
    Booking,
    CreditNote,
    Document,
    DocumentKind,
    DocumentRef,
    Invoice,
    restored_records,
)

#: The snapshot's class, passed in by its ``__reduce__`` (this module does not import it).
_Snapshot = TypeVar("_Snapshot")
_KIND = attrgetter("kind")


def column(name: str, records: tuple[Any, ...]) -> Any:
    """One field of ``records`` as pickle writes it fast, in C (references as columns too)."""
    values = list(map(attrgetter(name), records))
    if name != "document":
        return values
    # A booking's reference: a mask of the bookings that have one, and its
    # fields a list each (the kind as a byte).
    mask = bytes(map(is_not, values, repeat(None)))
    refs = list(compress(values, mask))
    columns = [
        bytes(map(is_, map(_KIND, refs), repeat(DocumentKind.INVOICE)))
        if field == "kind"
        else list(map(attrgetter(field), refs))
        for field in REF_FIELDS
    ]
    return (mask, columns)


_KINDS = (DocumentKind.CREDIT_NOTE, DocumentKind.INVOICE)


def _field_values(name: str, column: Any) -> list[Any]:
    """The field's values back from :func:`column`'s list (references stored unchecked)."""
    if name != "document":
        return column  # type: ignore[no-any-return]
    mask, columns = column
    values = [
        list(map(_KINDS.__getitem__, values)) if field == "kind" else values
        for field, values in zip(REF_FIELDS, columns, strict=True)
    ]
    refs: list[Any] = restored_records(repeat(DocumentRef, mask.count(1)), DocumentRef, values)
    if len(refs) == len(mask):
        return refs
    linked: list[Any] = [None] * len(mask)
    _drain(map(linked.__setitem__, compress(range(len(mask)), mask), refs))
    return linked


_drain = deque[object](maxlen=0).extend


@pauses_collector
def unpickled(
    record: type[_Snapshot],
    others: dict[str, Any],
    kinds: bytes,
    documents: list[list[Any]],
    bookings: list[list[Any]] | None,
    state: tuple[Any, ...],
) -> _Snapshot:
    """The ``record`` (the Snapshot class) :meth:`Snapshot.__reduce__` pickled, unchecked.

    Without its checks or its indexing made again.

    The records are stored into their slots from a list per field (attrs'
    order), the other fields set as they were, and the index restored from
    its state over the unpickled records. Trusted, as all pickle data is.
    """
    classes = map((CreditNote, Invoice).__getitem__, kinds)
    # Not strict: restored_records names columns that do not match the fields.
    values = [
        _field_values(name, column)
        for name, column in zip(DOCUMENT_FIELDS, documents, strict=False)
    ]
    built: tuple[Document, ...] = tuple(restored_records(classes, Invoice, values))
    records: tuple[Booking, ...] | None = None
    if bookings is not None:
        values = [
            _field_values(name, column)
            for name, column in zip(BOOKING_FIELDS, bookings, strict=False)
        ]
        count = len(values[0])
        records = tuple(restored_records(repeat(Booking, count), Booking, values))
    index = SnapshotIndex.from_state(built, records or (), state)
    labels = MappingProxyType(dict(others["labels"]))
    fields = {**others, "labels": labels, "documents": built, "bookings": records, "_index": index}
    snapshot: _Snapshot = object.__new__(record)
    for name, value in fields.items():
        object.__setattr__(snapshot, name, value)
    return snapshot
