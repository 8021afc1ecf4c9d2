"""The confirmation of a repair as records: deviations, unchecked steps, the verdict.

:func:`~booking_reconcile.confirm_repair` builds a :class:`Confirmation`; it
is ``ok`` when no :class:`Deviation` matters and no needed step is
:class:`Unchecked` (DOMAIN §3.11).

>>> Confirmation(deviations=[], unchecked=[Unchecked("set-next-numbers", "journal 70: ...")]).ok
False
>>> Confirmation(deviations=[Deviation("synchronise", "...", matters=False)]).ok
True
"""

from __future__ import annotations

__all__ = ["Confirmation", "Deviation", "Unchecked"]

from collections.abc import Mapping
from typing import Any

import attrs

from ._fields import labels as checked_labels
from ._presentation import to_data, to_markdown
from .models import DocumentRef


def _refs(value: Any) -> tuple[DocumentRef, ...]:
    return tuple(value)


@attrs.frozen
class Deviation:
    """One way the repair's result differs from the plan.

    ``step`` is the key of the step it concerns (``"delete-double-bookings"``, ``"delete-bookings"``,
    ``"set-next-numbers"``, ``"deactivate"``, ``"reconnect"``,
    ``"synchronise"``); ``message`` names the documents and numbers and says
    what to do; ``documents`` are the documents it is about; ``matters`` is
    ``False`` when the result is still sound despite it.
    """

    step: str
    message: str
    documents: tuple[DocumentRef, ...] = attrs.field(default=(), converter=_refs)
    matters: bool = True

    def __str__(self) -> str:
        return self.message


@attrs.frozen
class Unchecked:
    """A step the new snapshot cannot show done, or a check that could not run.

    ``step`` is the key of the step it concerns; ``message`` says what could
    not be checked and what to export so that it can be; ``matters`` is
    ``True`` for a needed step that neither the new snapshot's data nor its
    effects show done (the confirmation is not ``ok`` then), ``False`` for a
    check left out because the snapshot before the repair was not given.
    """

    step: str
    message: str
    matters: bool = True

    def __str__(self) -> str:
        return self.message


def _deviations(value: Any) -> tuple[Deviation, ...]:
    return tuple(value)


def _unchecked(value: Any) -> tuple[Unchecked, ...]:
    return tuple(value)


def _labels(value: Any) -> Mapping[str, str]:
    return checked_labels(value, "confirmation")


@attrs.frozen(kw_only=True)
class Confirmation:
    """The confirmation of a repair: every deviation from the plan, by step.

    ``ok`` when no deviation matters and no needed step is unchecked;
    ``unchecked`` lists what could not be checked (see :class:`Unchecked`);
    ``labels`` are the new snapshot's labels, which name the administration
    the confirmation is about (DOMAIN §7; ``{}`` when it has none).
    """

    deviations: tuple[Deviation, ...] = attrs.field(converter=_deviations)
    unchecked: tuple[Unchecked, ...] = attrs.field(default=(), converter=_unchecked)
    labels: Mapping[str, str] = attrs.field(
        factory=dict, converter=_labels, hash=False, repr=lambda labels: repr(dict(labels))
    )

    @property
    def ok(self) -> bool:
        """Whether the repair is confirmed: no deviation that matters, no needed step unchecked."""
        return not any(deviation.matters for deviation in self.deviations) and not any(
            unchecked.matters for unchecked in self.unchecked
        )

    def to_dict(self) -> dict[str, Any]:
        """The confirmation as JSON-ready data."""
        return to_data(self)

    def to_markdown(self) -> str:
        """The confirmation as a Markdown report."""
        return to_markdown(self)

    def _repr_markdown_(self) -> str:
        """The report, for Jupyter to display."""
        return self.to_markdown()

    def __str__(self) -> str:
        if self.ok:
            return f"Confirmation: the repair is confirmed ({len(self.deviations)} harmless deviation(s))"
        mattering = sum(deviation.matters for deviation in self.deviations)
        needed = sum(unchecked.matters for unchecked in self.unchecked)
        unchecked = (
            "" if not needed else f"; {needed} needed step{'' if needed == 1 else 's'} unchecked"
        )
        return f"Confirmation: {mattering} deviation(s) that matter remain{unchecked}"
