"""Find and repair duplicate booking numbers between an invoicing tool and an
accounting package.

When a booking is deleted in the accounting package (Exact Online) but the
invoicing tool (Teamleader Focus) keeps its number, the next document sent
gets a number an older document still carries, and the tool reports *"The
invoices X and Y have the same booking number"*. This library finds those
collisions and computes, without any I/O, every number and list of the repair,
and proves the result before anything is deleted.
"""

from __future__ import annotations

from .collisions import (
    Collision,
    collision_message,
    find_collision_risks,
    find_collisions,
    find_stale_documents,
)
from .errors import (
    BookingReconcileError,
    InconsistentInputError,
    InputFormatError,
    InvalidFieldError,
    InvalidTypeError,
    InvalidValueError,
    MissingBookingsError,
    PlanMismatchError,
)
from .models import (
    Booking,
    CreditNote,
    Document,
    DocumentKind,
    DocumentRef,
    Integration,
    Invoice,
    Journal,
    Numbering,
)
from .ordering import natural_key, sync_order
from .periods import financial_year
from .snapshot import Place, Snapshot

__version__ = "0.1.0"

__all__ = [
    "Booking",
    "BookingReconcileError",
    "Collision",
    "CreditNote",
    "Document",
    "DocumentKind",
    "DocumentRef",
    "InconsistentInputError",
    "InputFormatError",
    "Integration",
    "InvalidFieldError",
    "InvalidTypeError",
    "InvalidValueError",
    "Invoice",
    "Journal",
    "MissingBookingsError",
    "Numbering",
    "Place",
    "PlanMismatchError",
    "Snapshot",
    "__version__",
    "collision_message",
    "financial_year",
    "find_collision_risks",
    "find_collisions",
    "find_stale_documents",
    "natural_key",
    "sync_order",
]
