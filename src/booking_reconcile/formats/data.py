"""Data for programs: each record as plain, JSON-ready data.

``plan.to_dict()`` (:mod:`booking_reconcile.plan_json`) and
``snapshot.to_dict()`` (:mod:`booking_reconcile.serialize`) are file formats
that read back; the forms here are answers for programs: the simulation, what
was read, what ``check`` found and the confirmation (ISO dates, no library
objects).

>>> from booking_reconcile import Confirmation, Deviation
>>> confirmation_to_dict(Confirmation(deviations=[Deviation("synchronise", "invoice C is not booked")]))
{'labels': {}, 'ok': False, 'deviations': [{'step': 'synchronise', 'message': 'invoice C is not booked', 'documents': [], 'matters': True}], 'unchecked': []}
"""

from __future__ import annotations

__all__ = [
    "check_to_dict",
    "confirmation_to_dict",
    "reading_to_dict",
    "simulation_to_dict",
]

from typing import Any

from booking_reconcile import _presentation
from booking_reconcile._index import index_of
from booking_reconcile.collisions import find_collisions
from booking_reconcile.confirm import Confirmation, Deviation
from booking_reconcile.plan_json import collision_to_dict, finding_to_dict
from booking_reconcile.serialize import document_to_dict, snapshot_to_dict
from booking_reconcile.simulate import Simulation
from booking_reconcile.snapshot import Snapshot
from booking_reconcile.verdict import CheckVerdict

from . import _rows
from ._arguments import require_confirmation, require_simulation, require_verdict


@_presentation.to_data.register(Simulation)
def simulation_to_dict(simulation: Simulation) -> dict[str, Any]:
    """The simulated result as JSON-ready data."""
    require_simulation(simulation)
    return {
        "sound": simulation.sound,
        "problems": list(simulation.problems),
        "collisions_left": [collision.message for collision in find_collisions(simulation.after)],
        "changes": [
            {
                "kind": old.kind.value,
                "number": old.number,
                "date": old.date.isoformat(),
                "journal": sent.place.journal,
                "before": old.booking_number,
                "after": sent.document.booking_number,
            }
            for old, sent in simulation.changes()
        ],
        "snapshot": snapshot_to_dict(simulation.after),
    }


def reading_to_dict(snapshot: Snapshot) -> dict[str, Any]:
    """What was read, counted: documents per kind and journal, bookings per journal, links.

    ``bookings`` and ``links`` (how the bookings were linked to their
    documents, DOMAIN §3.8) are ``None`` when the accounting side was not
    given; ``labels`` are the snapshot's labels (``{}`` when none).
    """
    index_of(snapshot)
    counts, booked = _rows.counted(snapshot)
    bookings = _rows.bookings_per_journal(snapshot)
    links = snapshot.links
    return {
        "documents": {kind.value: dict(journals) for kind, journals in counts.items()},
        "booked_documents": booked,
        "bookings": None if bookings is None else dict(bookings),
        "links": None
        if links is None
        else {
            "by_document": links.by_document,
            "by_reference": links.by_reference,
            "by_number_and_date": links.by_number_and_date,
            "unlinked": links.unlinked,
        },
        "labels": dict(snapshot.labels),
    }


def check_to_dict(verdict: CheckVerdict) -> dict[str, Any]:
    """What ``check`` finds, as JSON-ready data (``stale`` is ``None`` without bookings).

    ``evidence`` holds every finding of DOMAIN §3.8's evidence (what the two
    sides leave unexplained), blockers first, each with ``blocker`` true or
    false; ``feasible`` is false when the plan has a blocker (then ``check``
    exits 1, as ``plan`` does).
    """
    require_verdict(verdict)
    plan = verdict.plan
    return {
        "read": reading_to_dict(verdict.snapshot),
        "kind": plan.kind,
        "needed": plan.needed,
        "feasible": plan.feasible,
        "collisions": [collision_to_dict(collision) for collision in verdict.collisions],
        "stale": None
        if verdict.stale is None
        else [
            {**document_to_dict(document), "predicts_collision": document.ref in verdict.risks}
            for document in verdict.stale
        ],
        "double_bookings": [str(double) for double in plan.double_bookings],
        "evidence": [
            {**finding_to_dict(finding), "blocker": blocker}
            for blocker, finding in verdict.evidence
        ],
        "summary": _rows.check_summary(verdict),
    }


@_presentation.to_data.register(Confirmation)
def confirmation_to_dict(confirmation: Confirmation) -> dict[str, Any]:
    """The confirmation as JSON-ready data."""
    require_confirmation(confirmation)
    return {
        "labels": dict(confirmation.labels),
        "ok": confirmation.ok,
        "deviations": [_deviation(deviation) for deviation in confirmation.deviations],
        "unchecked": [
            {"step": unchecked.step, "message": unchecked.message, "matters": unchecked.matters}
            for unchecked in confirmation.unchecked
        ],
    }


def _deviation(deviation: Deviation) -> dict[str, Any]:
    return {
        "step": deviation.step,
        "message": deviation.message,
        "documents": [
            {"kind": ref.kind.value, "number": ref.number} for ref in deviation.documents
        ],
        "matters": deviation.matters,
    }
