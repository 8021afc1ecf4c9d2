"""The records the layouts are given, checked first, with the library's errors (private).

Each public layout function names its argument and says where a right one
comes from, in the same words wherever that record is laid out (text,
Markdown, HTML, JSON): one check per kind of record, here.
"""

from __future__ import annotations

__all__ = [
    "require_collision",
    "require_collisions",
    "require_confirmation",
    "require_documents",
    "require_simulation",
    "require_verdict",
]

from typing import Any

from booking_reconcile._checks import argument
from booking_reconcile.collisions import Collision
from booking_reconcile.confirmation import Confirmation
from booking_reconcile.simulate import Simulation
from booking_reconcile.verdict import CheckVerdict


def require_collision(value: Any) -> None:
    argument("collision", value, Collision, "a Collision (from find_collisions)")


def require_collisions(value: Any) -> None:
    argument(
        "collisions", value, (tuple, list), "a tuple of Collision records (from find_collisions)"
    )


def require_documents(value: Any) -> None:
    argument("documents", value, (tuple, list), "a tuple of documents (from find_stale_documents)")


def require_simulation(value: Any) -> None:
    argument("simulation", value, Simulation, "a Simulation (from simulate or plan_and_simulate)")


def require_verdict(value: Any) -> None:
    argument("verdict", value, CheckVerdict, "a CheckVerdict (from check_snapshot)")


def require_confirmation(value: Any) -> None:
    argument("confirmation", value, Confirmation, "a Confirmation (from confirm_repair)")
