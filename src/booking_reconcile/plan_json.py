"""The repair plan's JSON file, both ways, exactly.

A repair is carried out over days: the plan is computed, saved as JSON
(``plan.to_dict()``, the command's ``plan --format json``), followed step by
step, and confirmed afterwards from a fresh export
(:func:`~booking_reconcile.confirm_repair`). So the plan JSON holds
everything the plan record does: :func:`plan_to_dict` writes it and
:func:`plan_from_dict` reads it back into an equal plan:

>>> from datetime import date
>>> from booking_reconcile import Integration, Invoice, RepairPlan, Snapshot, plan_repair
>>> plan = plan_repair(Snapshot(Integration("70", "70"), [
...     Invoice("A", date(2026, 1, 5), 1001),
...     Invoice("B", date(2026, 1, 6), 1002),
...     Invoice("C", date(2026, 1, 10), 1002),
... ]))
>>> data = plan.to_dict()
>>> data["format"], data["version"]
('booking_reconcile.plan', 1)
>>> RepairPlan.from_dict(data) == plan
True
>>> plan_from_dict({**data, "cutoff": "10 January"}, source="plan.json")
Traceback (most recent call last):
...
booking_reconcile.errors.InputFormatError: plan.json, field 'cutoff': '10 January' is not a date; expected YYYY-MM-DD (2026-01-31)

The keys the plan is read from: ``format`` (``"booking_reconcile.plan"``) and
``version`` (``1``), both required; ``policy``; ``integration`` (as in a
snapshot); ``collisions`` (``journal``, ``financial_year``,
``booking_number``, ``documents``, ``holder``: one of the documents or
``null``); ``cutoff`` and ``start_date`` (dates or ``null``); ``to_delete``
(``journal``, ``financial_year``, ``booking_number``, ``document``);
``to_reset`` (documents); ``next_numbers`` (``journal``, ``financial_year``,
``number``, ``configured``); ``sent`` (``journal``, ``financial_year``,
``document``: the document carrying the number it receives); ``warnings``
and ``blockers`` (``rule``, ``message``, ``documents``: references of kind
and number). Documents are written as in a snapshot. Optional, as earlier
versions did not write them: ``double_bookings`` (``journal``,
``financial_year``, ``document``, ``booking``, ``duplicate``, optional
``booking_financial_year``), ``earliest_booked`` and ``labels`` (the
snapshot's, naming the administration).

Every other key the plan JSON holds (``needed``, ``feasible``,
``delink_date``, ``after_sync``, ``steps``, a collision's ``message``, a next
number's ``differs``) is derived from those: it may be left out, and when it
is given it must agree with what the plan derives, so that an edited file
cannot say one thing in its steps and another in its numbers; the error names
the keys it is derived from (for the steps, those their first differing line
is written from). An edit of a key and of its step line alike is caught by
the plan's fields among themselves: every booking deleted is of a reset
document, each reset document is sent again, and the numbers sent into a
journal and period start at the next number set there and run on by one. A file without ``labels``, saved by an earlier version,
keeps that version's wording of the steps, which is not compared. The two keys the command
adds around the plan it saves, ``read`` and ``simulation`` (docs/schemas.md),
are not part of the plan and are not read, so that a plan saved by
``plan --format json`` reads back as it is. Other unknown keys
are errors, as in a snapshot; errors are
:class:`~booking_reconcile.errors.InputFormatError` naming the path of the
value (``to_delete[2].booking_number``), on one line.
"""

from __future__ import annotations

__all__ = [
    "PLAN_FORMAT",
    "PLAN_VERSION",
    "collision_to_dict",
    "finding_to_dict",
    "plan_from_dict",
    "plan_to_dict",
]

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from . import _presentation
from ._json import ObjectReader
from ._plan_checks import first_inconsistency
from .collisions import Collision
from .cutoff import CutoffPolicy
from .deletion import Deletion
from .double_bookings import DoubleBooking
from .errors import QUOTE_LIMIT, quoted
from .findings import Finding
from .models import DocumentKind, DocumentRef
from .next_numbers import NextBookingNumber
from .periods import Place
from .repair_plan import RepairPlan
from .resend import Sent
from .serialize import (
    BOOKING_KEYS,
    DOCUMENT_KEYS,
    INTEGRATION_KEYS,
    KIND_NAMES,
    PLAN_FORMAT,
    booking_to_dict,
    document_to_dict,
    read_booking,
    read_document,
    read_integration,
    read_labels,
)

#: The plan JSON's ``version`` key, as the snapshot's (its ``format``: ``PLAN_FORMAT``).
PLAN_VERSION = 1


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def collision_to_dict(collision: Collision) -> dict[str, Any]:
    """A collision as plain data."""
    return {
        "journal": collision.journal,
        "financial_year": collision.financial_year,
        "booking_number": collision.booking_number,
        "documents": [document_to_dict(document) for document in collision.documents],
        "holder": None if collision.holder is None else document_to_dict(collision.holder),
        "message": collision.message,
    }


@_presentation.to_data.register(RepairPlan)
def plan_to_dict(plan: RepairPlan) -> dict[str, Any]:
    """The plan as JSON-ready data, which :func:`plan_from_dict` reads back."""
    integration = plan.integration
    return {
        "format": PLAN_FORMAT,
        "version": PLAN_VERSION,
        "labels": dict(plan.labels),
        "kind": plan.kind,
        "policy": plan.policy.value,
        "integration": {
            "invoice_journal": integration.invoice_journal,
            "credit_note_journal": integration.credit_note_journal,
            "start_date": _iso(integration.start_date),
            "financial_year_start_month": integration.financial_year_start_month,
        },
        "needed": plan.needed,
        "feasible": plan.feasible,
        "collisions": [collision_to_dict(collision) for collision in plan.collisions],
        "cutoff": _iso(plan.cutoff),
        "delink_date": _iso(plan.delink_date),
        "start_date": _iso(plan.start_date),
        "earliest_booked": _iso(plan.earliest_booked),
        "to_delete": [
            {
                "journal": deletion.journal,
                "financial_year": deletion.financial_year,
                "booking_number": deletion.booking_number,
                "document": document_to_dict(deletion.document),
            }
            for deletion in plan.deletions
        ],
        "to_reset": [document_to_dict(document) for document in plan.to_reset],
        "next_numbers": [
            {
                "journal": next_number.journal,
                "financial_year": next_number.financial_year,
                "number": next_number.number,
                "configured": next_number.configured,
                "differs": next_number.differs,
            }
            for next_number in plan.next_numbers
        ],
        "after_sync": [document_to_dict(document) for document in plan.after_sync],
        "double_bookings": [
            {
                "journal": double.place.journal,
                "financial_year": double.place.financial_year,
                "document": document_to_dict(double.document),
                "booking": booking_to_dict(double.booking),
                "duplicate": booking_to_dict(double.duplicate),
                "booking_financial_year": double.booked_in.financial_year,
            }
            for double in plan.double_bookings
        ],
        "sent": [
            {
                "journal": sent.place.journal,
                "financial_year": sent.place.financial_year,
                "document": document_to_dict(sent.document),
            }
            for sent in plan.sent
        ],
        "warnings": [finding_to_dict(finding) for finding in plan.warnings],
        "blockers": [finding_to_dict(finding) for finding in plan.blockers],
        "steps": [
            {"key": step.key, "title": step.title, "details": list(step.details)}
            for step in plan.steps
        ],
    }


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """A warning or blocker as plain data: its rule, message and documents."""
    return {
        "rule": finding.rule,
        "message": finding.message,
        "documents": [{"kind": ref.kind.value, "number": ref.number} for ref in finding.documents],
    }


# -- reading ----------------------------------------------------------------

_Value = TypeVar("_Value")

_PLAN_KEYS = (
    "a plan has format, version, policy, integration, collisions, cutoff, start_date, "
    "to_delete, to_reset, next_numbers, sent, warnings, blockers[, double_bookings, "
    "earliest_booked, labels] (and "
    "what it derives from them: kind, needed, feasible, delink_date, after_sync, steps)"
)
_COLLISION_KEYS = (
    "a collision has journal, financial_year, booking_number, documents, holder[, message]"
)
_DELETION_KEYS = "a booking to delete has journal, financial_year, booking_number, document"
_NEXT_NUMBER_KEYS = "a next number has journal, financial_year, number, configured[, differs]"
_SENT_KEYS = "a sent document has journal, financial_year, document"
_FINDING_KEYS = "a warning or blocker has rule, message, documents"
_REF_KEYS = "a document reference has kind and number"
_POLICY_NAMES = ", ".join(policy.value for policy in CutoffPolicy)

#: The keys a plan is read from; every other key plan_to_dict writes is derived.
_SOURCE_KEYS = (
    *("format", "version", "policy", "integration", "collisions", "cutoff", "start_date"),
    *("to_delete", "to_reset", "next_numbers", "sent", "warnings", "blockers"),
)


#: The keys the command adds around the plan it saves (``plan --format json``): what
#: was read and, with ``--verify``, the simulation. Not part of the plan: not read.
_COMMAND_KEYS = ("read", "simulation")

#: The keys a plan is read from when given, which earlier versions did not write.
_OPTIONAL_KEYS = ("double_bookings", "earliest_booked", "labels")


class _PlanReader(ObjectReader):
    """The snapshot's reader, quoting values with :func:`~booking_reconcile.errors.quoted`.

    A plan file may be edited by hand; a value pasted wrongly (a whole list
    for a date) still gives a message of one short line.
    """

    def at(self, key: str) -> str:
        """The path of ``key`` inside this object."""
        return self._at(key)

    def child(self, path: str, value: Any, keys: str) -> _PlanReader:
        """A reader of the object ``value`` found at ``path``."""
        return _PlanReader(self.source, path, value, keys)

    def whole(self, key: str) -> int:
        """A positive whole number at ``key``."""
        value = self.raw(key)
        if type(value) is not int or value < 1:
            problem = f"{quoted(value)} is not a whole number of 1 or more"
            raise self.error(self.at(key), problem)
        return value

    def optional_whole(self, key: str) -> int | None:
        """A positive whole number or ``None`` at ``key``."""
        value = self.raw(key)
        if value is None:
            return None
        if type(value) is not int or value < 1:
            problem = f"{quoted(value)} is not a whole number of 1 or more, or null"
            raise self.error(self.at(key), problem)
        return value

    def year(self, key: str) -> int | None:
        """A financial year (a whole number, or ``null`` for continuous numbering)."""
        value = self.raw(key)
        if value is not None and type(value) is not int:
            problem = f"{quoted(value)} is not a financial year (a whole number, or null)"
            raise self.error(self.at(key), problem)
        return value

    def place(self) -> Place:
        """The ``journal`` and ``financial_year`` of this object."""
        return Place(self.text("journal"), self.year("financial_year"))

    def derived(self, key: str, expected: Any) -> None:
        """When ``key`` is given, it must equal ``expected`` (naming what it is derived from)."""
        if key not in self.value or _same(self.value[key], expected):
            return
        given, path = quoted(self.value[key]), self.at(key)
        if isinstance(self.value[key], list) and isinstance(expected, list):
            index = _first_difference(self.value[key], expected)
            path = f"{path}[{index}]"
            given = quoted(self.value[key][index]) if index < len(self.value[key]) else "nothing"
            expected = expected[index] if index < len(expected) else None
        raise self.error(
            path,
            f"{given} does not agree with the rest of the plan, which gives "
            f"{quoted(expected)} from its {_DERIVED_FROM.get(key, 'other keys')}; was {key} "
            f"or one of those edited after the plan was saved? {_UNDO}",
        )


#: What to do about a plan file that disagrees with itself.
_UNDO = "undo the edit, or make the plan again from the snapshot"

#: The keys each derived key is derived from, as messages name them.
_DERIVED_FROM = {
    "kind": "collisions, double_bookings, cutoff and next_numbers",
    "needed": "collisions, double_bookings, cutoff and next_numbers",
    "feasible": "blockers",
    "delink_date": "cutoff",
    "after_sync": "sent",
    "message": "documents",
    "differs": "number and configured",
}


def _first_difference(given: list[Any], expected: list[Any]) -> int:
    """The index of the first item of two lists that differs (or the shorter's length)."""
    return next(
        (
            index
            for index, (a, b) in enumerate(zip(given, expected, strict=False))
            if not _same(a, b)
        ),
        min(len(given), len(expected)),
    )


def _same(given: Any, expected: Any) -> bool:
    """Equal as JSON values (``True`` is not ``1``, as ``==`` would have it)."""
    if isinstance(expected, dict):
        return (
            isinstance(given, dict)
            and given.keys() == expected.keys()
            and all(_same(given[key], value) for key, value in expected.items())
        )
    if isinstance(expected, list):
        return (
            isinstance(given, list)
            and len(given) == len(expected)
            and all(_same(a, b) for a, b in zip(given, expected, strict=True))
        )
    return type(given) is type(expected) and given == expected


def plan_from_dict(data: Any, *, source: str = "plan") -> RepairPlan:
    """The plan ``data`` describes, as ``plan.to_dict()`` writes it; exact round trip.

    ``source`` names the data in errors (a file name, say).
    """
    top = _PlanReader(source, "", data, _PLAN_KEYS)
    _check_format(top)
    for key in _SOURCE_KEYS:
        if key not in top.value:
            raise top.error(key, f"is missing; {_PLAN_KEYS}")
    plan = RepairPlan(
        policy=top.choice("policy", CutoffPolicy, _POLICY_NAMES),
        integration=read_integration(
            top.child("integration", top.raw("integration"), INTEGRATION_KEYS)
        ),
        collisions=_each(top, "collisions", _COLLISION_KEYS, _collision),
        cutoff=top.optional_date("cutoff"),
        start_date=top.optional_date("start_date"),
        deletions=_each(top, "to_delete", _DELETION_KEYS, _deletion),
        to_reset=_each(top, "to_reset", DOCUMENT_KEYS, read_document),
        next_numbers=_each(top, "next_numbers", _NEXT_NUMBER_KEYS, _next_number),
        sent=_each(top, "sent", _SENT_KEYS, _sent),
        double_bookings=(
            _each(top, "double_bookings", _DOUBLE_KEYS, _double_booking)
            if "double_bookings" in top.value
            else ()
        ),
        earliest_booked=top.optional_date("earliest_booked"),
        warnings=_each(top, "warnings", _FINDING_KEYS, _finding),
        blockers=_each(top, "blockers", _FINDING_KEYS, _finding),
        labels=read_labels(top),
    )
    written = plan_to_dict(plan)
    for key in top.value:
        if key in _COMMAND_KEYS:
            continue
        if key not in written:
            raise top.error(str(key), f"is not a known key; {_PLAN_KEYS}")
        if key in _SOURCE_KEYS or key in _OPTIONAL_KEYS:
            continue
        if key == "steps" and "labels" not in top.value:
            # Saved before plans had labels: its steps have that version's wording
            # (derived, so never read); the plan's own steps follow its fields.
            continue
        if key == "steps":
            _check_steps(top, written["steps"])
        top.derived(key, written[key])
    problem = first_inconsistency(plan)  # a key edited with its step line shows here
    if problem is not None:
        field, said, keys = problem
        raise top.error(field, f"{said}; was {keys} edited after the plan was saved? {_UNDO}")
    return plan


#: The plan keys each part of a step is written from (steps.py), in the steps' order; a
#: part with none is the step's own wording. A ``details[i]`` entry names one line.
_STEP_SOURCES: dict[tuple[str, str], tuple[str, ...]] = {
    ("delete-double-bookings", "details"): ("double_bookings",),
    ("show-booking-numbers", "details"): ("collisions",),
    ("delete-bookings", "title"): ("cutoff",),
    ("delete-bookings", "details"): ("to_delete",),
    ("set-next-numbers", "title"): ("to_delete", "next_numbers"),
    ("set-next-numbers", "details"): ("next_numbers",),
    ("note-settings", "details[0]"): ("start_date", "earliest_booked"),
    ("note-settings", "details[1]"): ("integration",),
    ("deactivate", "title"): ("cutoff",),
    ("deactivate", "details"): ("to_reset",),
    ("reconnect", "title"): ("labels", "start_date", "earliest_booked"),
    ("reconnect", "details"): ("integration",),
    ("synchronise", "details"): ("sent", "warnings"),
}


def _parts(step: Any) -> dict[str, Any]:
    """A saved step's parts: each line of its details (its numbers), then its title."""
    step = step if isinstance(step, dict) else {"title": step}
    lines = step.get("details")
    lines = lines if isinstance(lines, list) else [lines]
    return {f"details[{i}]": x for i, x in enumerate(lines)} | {"title": step.get("title")}


def _excerpt(text: Any, start: int) -> str:
    """``text`` quoted from a little before ``start`` (where it differs), on one line."""
    if not isinstance(text, str):
        return "nothing" if text is None else quoted(text)
    begin = max(0, min(start - 20, len(text) - 2 * QUOTE_LIMIT))
    end = begin + 2 * QUOTE_LIMIT
    return ("..." if begin else "") + repr(text[begin:end]) + ("..." if end < len(text) else "")


def _check_steps(top: _PlanReader, expected: list[dict[str, Any]]) -> None:
    """Name the key the first differing line is written from (not one an agreeing line is)."""
    given, agreed = top.value["steps"], set[str]()
    for index in range(max(len(given), len(expected)) if isinstance(given, list) else 0):
        step = given[index] if index < len(given) else None
        found = step.get("key") if isinstance(step, dict) else step
        key = expected[index]["key"] if index < len(expected) else None
        if found != key or key is None:
            raise top.error(
                "steps",
                f"does not agree with the rest of the plan: its step {index + 1} is "
                f"{_excerpt(found, 0)}, where the plan gives {_excerpt(key, 0)}; {_UNDO}",
            )
        mine, theirs = _parts(step), _parts(expected[index])
        for part in mine if len(mine) > len(theirs) else theirs:
            general = "details" if part.startswith("details") else part
            sources = _STEP_SOURCES.get((key, part), _STEP_SOURCES.get((key, general), ()))
            a, b = mine.get(part), theirs.get(part)
            if _same(a, b):
                agreed.update(sources)
                continue
            start = _first_difference(list(str(a)), list(str(b)))
            said = f"step {key} says {_excerpt(a, start)} where the plan"
            suspects = [source for source in sources if source not in agreed] or sources
            if not suspects:
                raise top.error(
                    "steps",
                    f"does not agree with the rest of the plan: {said} gives "
                    f"{_excerpt(b, start)}; the steps are derived: {_UNDO}, or leave them out",
                )
            named = " or ".join(suspects)
            raise top.error(
                suspects[0] if len(suspects) == 1 else "steps",
                f"does not agree with the steps saved with it: {said}'s {named} give "
                f"{_excerpt(b, start)}; was {named} edited after the plan was saved? {_UNDO}",
            )


def _check_format(top: _PlanReader) -> None:
    for key in ("format", "version"):
        if key not in top.value:
            raise top.error(
                key, f"is missing; a plan saved by plan.to_dict() has format {PLAN_FORMAT!r}"
            )
    given = top.raw("format")
    if given != PLAN_FORMAT:
        hint = (
            ": this is a snapshot; give the plan saved with `plan --format json`"
            if given == "booking_reconcile.snapshot"
            else ""
        )
        raise top.error("format", f"{quoted(given)} is not {PLAN_FORMAT!r}{hint}")
    version = top.raw("version")
    if type(version) is not int or version != PLAN_VERSION:
        problem = f"{quoted(version)} is not a version this library reads ({PLAN_VERSION})"
        raise top.error("version", problem)


def _each(
    top: _PlanReader, key: str, keys: str, read: Callable[[_PlanReader], _Value]
) -> list[_Value]:
    return [
        read(top.child(f"{top.at(key)}[{index}]", item, keys))
        for index, item in enumerate(top.items(key))
    ]


def _collision(reader: _PlanReader) -> Collision:
    reader.only(
        ("journal", "financial_year", "booking_number", "documents", "holder"), ("message",)
    )
    place = reader.place()
    documents = tuple(_each(reader, "documents", DOCUMENT_KEYS, read_document))
    holder = None
    if reader.raw("holder") is not None:
        given = read_document(
            reader.child(reader.at("holder"), reader.raw("holder"), DOCUMENT_KEYS)
        )
        # The holder is one of the collision's documents, the very object.
        holder = next((document for document in documents if document == given), None)
        if holder is None:
            raise reader.error(
                reader.at("holder"),
                f"{given} is not among the collision's documents; the holder is one of them",
            )
    number = reader.whole("booking_number")
    collision = Collision(place.journal, place.financial_year, number, documents, holder)
    reader.derived("message", collision.message)
    return collision


def _deletion(reader: _PlanReader) -> Deletion:
    reader.only(("journal", "financial_year", "booking_number", "document"))
    place = reader.place()
    number = reader.whole("booking_number")
    document = read_document(
        reader.child(reader.at("document"), reader.raw("document"), DOCUMENT_KEYS)
    )
    return Deletion(place.journal, place.financial_year, number, document)


def _next_number(reader: _PlanReader) -> NextBookingNumber:
    reader.only(("journal", "financial_year", "number", "configured"), ("differs",))
    place = reader.place()
    next_number = NextBookingNumber(
        place.journal,
        place.financial_year,
        reader.whole("number"),
        reader.optional_whole("configured"),
    )
    reader.derived("differs", next_number.differs)
    return next_number


def _sent(reader: _PlanReader) -> Sent:
    reader.only(("journal", "financial_year", "document"))
    place = reader.place()
    document = read_document(
        reader.child(reader.at("document"), reader.raw("document"), DOCUMENT_KEYS)
    )
    return Sent(document, place)


_DOUBLE_KEYS = "a double booking has journal, financial_year, document, booking, duplicate"
_OWN_YEAR = ("booking_financial_year",)


def _double_booking(reader: _PlanReader) -> DoubleBooking:
    # booking_financial_year: not written before 2026-12-04 (the same period then).
    reader.only(("journal", "financial_year", "document", "booking", "duplicate"), _OWN_YEAR)
    place = reader.place()
    own = Place(place.journal, reader.year(_OWN_YEAR[0])) if _OWN_YEAR[0] in reader.value else place
    document = read_document(
        reader.child(reader.at("document"), reader.raw("document"), DOCUMENT_KEYS)
    )
    booking, duplicate = (
        read_booking(reader.child(reader.at(key), reader.raw(key), BOOKING_KEYS))
        for key in ("booking", "duplicate")
    )
    return DoubleBooking(document, booking, duplicate, place, own)


def _finding(reader: _PlanReader) -> Finding:
    reader.only(("rule", "message", "documents"))
    refs = tuple(_each(reader, "documents", _REF_KEYS, _ref))
    return Finding(reader.text("rule"), reader.text("message"), refs)


def _ref(reader: _PlanReader) -> DocumentRef:
    reader.only(("kind", "number"))
    kind = reader.choice("kind", DocumentKind, KIND_NAMES)
    return reader.build(lambda: DocumentRef(kind, reader.raw("number")))


@_presentation.loader(RepairPlan)
def _load_plan(data: Any, source: str) -> RepairPlan:
    return plan_from_dict(data, source=source)
