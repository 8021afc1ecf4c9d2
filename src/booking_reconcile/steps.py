"""The repair as steps a person performs, in the article's order.

1. make the booking numbers visible in the invoicing tool and find the
   collisions;
2. delete the bookings in the accounting package, in deletion order;
3. set each journal's next booking number;
4. write down the integration's start date and journals;
5. deactivate the integration with the delink date — contacts and companies
   stay linked;
6. connect it again with the start date and journals — no contact import;
7. synchronise, and check the numbers the documents receive.

Each step is a :class:`Step` record: a ``key`` for programs, a ``title`` that
says what to do, and ``details`` naming every document, number and date.
"""

from __future__ import annotations

__all__ = ["STEP_KEYS", "Step", "steps_of"]

from typing import TYPE_CHECKING

import attrs

from .numbering import NextBookingNumber
from .snapshot import Snapshot

if TYPE_CHECKING:
    from .plan import RepairPlan


@attrs.frozen
class Step:
    """One step of the repair as a person performs it.

    ``key`` names the step for programs (``"delete-bookings"``, ...),
    ``title`` says what to do, ``details`` list what it applies to.
    """

    key: str
    title: str
    details: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.title


STEP_KEYS = (
    "show-booking-numbers",
    "delete-bookings",
    "set-next-numbers",
    "note-settings",
    "deactivate",
    "reconnect",
    "synchronise",
)


def steps_of(snapshot: Snapshot, plan: RepairPlan) -> tuple[Step, ...]:
    """The steps of ``plan``, in order; none when nothing collides."""
    if plan.cutoff is None:
        return ()
    integration = snapshot.integration
    cutoff = plan.cutoff.isoformat()
    start = plan.start_date.isoformat() if plan.start_date else "the first document's date"
    journals = (
        f"invoice journal {integration.invoice_journal}, "
        f"credit-note journal {integration.credit_note_journal}"
    )
    return (
        Step(
            "show-booking-numbers",
            "In the invoicing tool, add the 'booking number' column to the invoice and "
            "credit-note overviews, and find the documents with the same booking number",
            tuple(collision.describe() for collision in plan.collisions),
        ),
        Step(
            "delete-bookings",
            "In the accounting package, delete these bookings, in this order "
            f"(every booked invoice and credit note dated {cutoff} or later)",
            tuple(str(deletion) for deletion in plan.deletions) or ("nothing to delete",),
        ),
        Step(
            "set-next-numbers",
            "In the accounting package, set each journal's next booking number "
            "(master data, journals)",
            tuple(_next_line(next_number) for next_number in plan.next_numbers)
            or ("nothing to set",),
        ),
        Step(
            "note-settings",
            "In the invoicing tool, open the accounting integration's settings and write "
            "down its start date and journals",
            (f"start date {start}", journals),
        ),
        Step(
            "deactivate",
            f"Deactivate the integration with delink date {cutoff}; do NOT delink the "
            "contacts and companies",
            tuple(
                f"resets {document.record_name()} of {document.date.isoformat()} "
                f"(#{document.booking_number})"
                for document in plan.to_reset
            ),
        ),
        Step(
            "reconnect",
            f"Connect the integration again with start date {start} and the same journals; "
            "do NOT import companies or contacts",
            (journals,),
        ),
        Step(
            "synchronise",
            "Synchronise the invoices and credit notes, then check that they received "
            "these booking numbers",
            tuple(
                f"{document.record_name()} of {document.date.isoformat()} → "
                f"#{document.booking_number} in {snapshot.place_of(document)}"
                for document in plan.after_sync
            ),
        ),
    )


def _next_line(next_number: NextBookingNumber) -> str:
    now = "" if next_number.configured is None else f" (now {next_number.configured})"
    return f"{next_number.place}: {next_number.number}{now}"
