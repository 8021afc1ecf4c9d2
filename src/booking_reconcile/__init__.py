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

from importlib import metadata as _metadata

from . import formats as _formats  # noqa: F401  (registers the records' presenters)
from . import plan_json as _plan_json  # noqa: F401
from . import snapshot_display as _snapshot_display  # noqa: F401
from ._linking import LinkCounts
from .bulk import bookings_from_rows, documents_from_rows, snapshot_from_rows
from .collisions import Collision, collision_message, find_collisions
from .confirm import Confirmation, Deviation, Unchecked, confirm_repair
from .cutoff import CutoffPolicy, choose_cutoff
from .decoding import Decoded, decode_export
from .deletion import Deletion, documents_to_delete, documents_to_reset
from .double_bookings import DoubleBooking, find_double_bookings
from .errors import (
    BookingReconcileError,
    InconsistentInputError,
    InputFormatError,
    InvalidFieldError,
    InvalidTypeError,
    InvalidValueError,
    MissingBookingsError,
    PlanMismatchError,
    UnsoundPlanError,
    WorkerProcessError,
)
from .findings import Finding
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
from .next_numbers import NextBookingNumber, next_booking_numbers, prevention_numbers
from .ordering import natural_key, sync_order
from .periods import Place, financial_year
from .plan import plan_and_simulate, plan_repair, plan_with_cutoff
from .readers import (
    bookings_reading,
    documents_reading,
    journals_reading,
    read_bookings,
    read_documents,
    read_journals,
)
from .reading import Reading, Skipped
from .repair_plan import RepairPlan
from .resend import Sent
from .serialize import snapshot_from_dict, snapshot_to_dict
from .simulate import Simulation, simulate, simulate_repair, verify_plan
from .snapshot import Snapshot
from .stale import find_collision_risks, find_stale_documents
from .steps import Step

#: The installed distribution's version: pyproject.toml is its one source.
try:
    __version__ = _metadata.version("booking_reconcile")
except _metadata.PackageNotFoundError:  # a source tree on sys.path, never installed
    __version__ = "0+unknown"

__all__ = [
    "Booking",
    "BookingReconcileError",
    "Collision",
    "Confirmation",
    "CreditNote",
    "CutoffPolicy",
    "Decoded",
    "Deletion",
    "Deviation",
    "Document",
    "DocumentKind",
    "DocumentRef",
    "DoubleBooking",
    "Finding",
    "InconsistentInputError",
    "InputFormatError",
    "Integration",
    "InvalidFieldError",
    "InvalidTypeError",
    "InvalidValueError",
    "Invoice",
    "Journal",
    "LinkCounts",
    "MissingBookingsError",
    "NextBookingNumber",
    "Numbering",
    "Place",
    "PlanMismatchError",
    "Reading",
    "RepairPlan",
    "Sent",
    "Simulation",
    "Skipped",
    "Snapshot",
    "Step",
    "Unchecked",
    "UnsoundPlanError",
    "WorkerProcessError",
    "__version__",
    "bookings_from_rows",
    "bookings_reading",
    "choose_cutoff",
    "collision_message",
    "confirm_repair",
    "decode_export",
    "documents_from_rows",
    "documents_reading",
    "documents_to_delete",
    "documents_to_reset",
    "financial_year",
    "find_collision_risks",
    "find_collisions",
    "find_double_bookings",
    "find_stale_documents",
    "journals_reading",
    "natural_key",
    "next_booking_numbers",
    "plan_and_simulate",
    "plan_repair",
    "plan_with_cutoff",
    "prevention_numbers",
    "read_bookings",
    "read_documents",
    "read_journals",
    "simulate",
    "simulate_repair",
    "snapshot_from_dict",
    "snapshot_from_rows",
    "snapshot_to_dict",
    "sync_order",
    "verify_plan",
]
