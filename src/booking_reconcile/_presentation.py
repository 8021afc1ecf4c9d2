"""How records show themselves, without importing what shows them (private).

The records offer ``to_dict()``, ``to_markdown()`` and the notebook's
``_repr_markdown_`` and ``_repr_html_`` (the contract fixes some of them), but how a record is
written belongs to the presentation modules (:mod:`booking_reconcile.formats`,
:mod:`booking_reconcile.serialize`, :mod:`booking_reconcile.plan_json`), which sit above the records and import
them. So a record calls one of the generic functions below, and the
presentation modules register the implementation for its type
(:func:`functools.singledispatch`). The package imports the presentation
modules when it is imported, so no record is ever without its presenter, and
no record module imports a module above it.
"""

from __future__ import annotations

__all__ = ["from_data", "loader", "to_data", "to_html", "to_markdown", "to_notebook_markdown"]

from collections.abc import Callable
from functools import singledispatch
from typing import Any, TypeVar

_Record = TypeVar("_Record")


@singledispatch
def to_data(record: object) -> dict[str, Any]:
    """``record`` as JSON-ready data."""
    raise NotImplementedError(f"no JSON form is registered for {type(record).__name__}")


@singledispatch
def to_markdown(record: object) -> str:
    """``record`` as Markdown."""
    raise NotImplementedError(f"no Markdown form is registered for {type(record).__name__}")


@singledispatch
def to_notebook_markdown(record: object) -> str:
    """``record`` as Markdown in a notebook (``_repr_markdown_``): its Markdown, said for Python.

    A plan names the other policy as a Python call does
    (``policy=CutoffPolicy.REBOOK_DELETED``) where its checklist for the
    command line names the option; every other record shows its Markdown.
    """
    return to_markdown(record)


@singledispatch
def to_html(record: object) -> str:
    """``record`` as an HTML fragment (what a notebook's ``_repr_html_`` shows).

    Every record with a ``_repr_html_`` registers here, the coming ones too
    (a repair's confirmation): HTML shows real tables where a notebook
    converter renders Markdown tables nested in list items as lines of pipes.
    """
    raise NotImplementedError(f"no HTML form is registered for {type(record).__name__}")


_LOADERS: dict[type, Callable[[Any, str], Any]] = {}


def loader(
    kind: type[_Record],
) -> Callable[[Callable[[Any, str], _Record]], Callable[[Any, str], _Record]]:
    """Register the function that reads records of ``kind`` back from their JSON data."""

    def register(read: Callable[[Any, str], _Record]) -> Callable[[Any, str], _Record]:
        _LOADERS[kind] = read
        return read

    return register


def from_data(kind: type[_Record], data: Any, source: str) -> _Record:
    """The record of ``kind`` that ``data`` describes (``source`` names it in errors)."""
    read = _LOADERS.get(kind)
    if read is None:
        raise NotImplementedError(f"no reader of JSON data is registered for {kind.__name__}")
    record: _Record = read(data, source)
    return record
