"""Showing a confirmation: JSON-ready data, and a Markdown report.

``confirmation.to_dict()`` gives plain data for programs;
``confirmation.to_markdown()`` the report a person reads after the repair:
whether it is confirmed, then the deviations grouped by the step they
concern, each marked as mattering or harmless.

>>> from booking_reconcile import Confirmation, Deviation
>>> print(confirmation_to_markdown(Confirmation(deviations=[])))
# Confirming the repair
<BLANKLINE>
**Confirmed**: the new snapshot shows the repair the plan describes.
<BLANKLINE>
>>> confirmation_to_dict(Confirmation(deviations=[Deviation("synchronise", "invoice C is not booked")]))
{'ok': False, 'deviations': [{'step': 'synchronise', 'message': 'invoice C is not booked', 'documents': [], 'matters': True}], 'unchecked': []}
"""

from __future__ import annotations

__all__ = ["confirmation_to_dict", "confirmation_to_markdown"]

from typing import Any

from . import _presentation
from .confirm import Confirmation, Deviation
from .render import escape_markdown


@_presentation.to_data.register(Confirmation)
def confirmation_to_dict(confirmation: Confirmation) -> dict[str, Any]:
    """The confirmation as JSON-ready data."""
    return {
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


@_presentation.to_markdown.register(Confirmation)
def confirmation_to_markdown(confirmation: Confirmation) -> str:
    """The confirmation as a Markdown report, deviations grouped by step."""
    lines = ["# Confirming the repair", ""]
    mattering = sum(deviation.matters for deviation in confirmation.deviations)
    if confirmation.ok:
        lines.append("**Confirmed**: the new snapshot shows the repair the plan describes.")
        if confirmation.deviations:
            lines[-1] += " Some numbers differ from the plan's, but nothing collides."
    elif mattering:
        count = "1 deviation matters" if mattering == 1 else f"{mattering} deviations matter"
        lines.append(f"**Not confirmed**: {count}; the steps below say what to do.")
    else:
        lines.append(
            "**Not confirmed**: the new snapshot cannot show every step done; export what "
            "is named under *Not checked* and confirm again."
        )
    lines.append("")
    steps: dict[str, list[Deviation]] = {}
    for deviation in confirmation.deviations:
        steps.setdefault(deviation.step, []).append(deviation)
    for step, deviations in steps.items():
        lines += [f"## Step {escape_markdown(step)}", ""]
        lines += [
            f"- {'**matters**' if deviation.matters else 'harmless'}: "
            f"{escape_markdown(deviation.message)}"
            for deviation in deviations
        ]
        lines.append("")
    if confirmation.unchecked:
        lines += ["## Not checked", ""]
        lines += [
            f"- {'**needed**' if unchecked.matters else 'left out'} (step "
            f"{escape_markdown(unchecked.step)}): {escape_markdown(unchecked.message)}"
            for unchecked in confirmation.unchecked
        ]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
