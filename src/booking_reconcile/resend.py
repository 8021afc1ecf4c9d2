"""What the synchronisation sends, and in which order (DOMAIN §3.7).

After the repair the invoicing tool sends the reset documents and every
document not booked yet; the accounting package gives each, in turn,
``max(highest number in its journal and period + 1, configured next)``.
A :class:`Sent` record is one such document with the number it receives.
"""

from __future__ import annotations

__all__ = ["Sent", "resend_order"]

from collections.abc import Iterable

import attrs

from .models import Document
from .ordering import sync_order
from .periods import Place


@attrs.frozen
class Sent:
    """A document the synchronisation sends, carrying the number it receives, and its place."""

    document: Document
    place: Place

    def __str__(self) -> str:
        return (
            f"{self.document.record_name()} of {self.document.date.isoformat()} → "
            f"#{self.document.booking_number} in {self.place}"
        )


def resend_order(documents: Iterable[Document]) -> list[Document]:
    """The order in which the synchronisation sends ``documents``."""
    return sync_order(documents)
