"""HTML fragments: what a notebook shows (``_repr_html_``), with real tables.

A notebook converter renders Markdown tables nested in list items as lines of
pipes, so every record a notebook shows has an HTML form too:
:class:`~booking_reconcile.RepairPlan`, :class:`~booking_reconcile.Collision`,
the collisions :func:`~booking_reconcile.find_collisions` returns, the stale
documents :func:`~booking_reconcile.find_stale_documents` returns and the
:class:`~booking_reconcile.Simulation`. Text that comes from the input is
escaped (:func:`html.escape`).
"""

from __future__ import annotations

__all__ = [
    "collision_to_html",
    "collisions_to_html",
    "plan_to_html",
    "simulation_to_html",
    "stale_to_html",
]

import html
from collections.abc import Iterable, Sequence

from booking_reconcile import _presentation
from booking_reconcile.collisions import Collision, Collisions
from booking_reconcile.findings import Finding
from booking_reconcile.models import Document
from booking_reconcile.repair_plan import RepairPlan, require_plan
from booking_reconcile.simulate import Simulation
from booking_reconcile.stale import StaleDocuments

from . import _rows
from ._arguments import require_collision, require_collisions, require_documents, require_simulation
from ._escape import visible


def _escaped(text: str) -> str:
    """``text`` as HTML: markup escaped, control characters and line ends as visible escapes."""
    return html.escape(visible(text))


def _html_cell(value: object) -> str:
    return "—" if value is None else _escaped(str(value))


def _html_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    head = "".join(f"<th>{html.escape(title)}</th>" for title in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{_html_cell(value)}</td>" for value in row) + "</tr>" for row in rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody>\n</table>"


def _html_list(items: Iterable[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{_escaped(item)}</li>" for item in items) + f"</{tag}>"


def _html_findings(title: str, findings: Sequence[Finding]) -> list[str]:
    if not findings:
        return []
    return [f"<h4>{title}</h4>", _html_list(finding.message for finding in findings)]


@_presentation.to_html.register(Collision)
def collision_to_html(collision: Collision) -> str:
    """A collision as HTML: its message, then a table of its documents and their roles."""
    require_collision(collision)
    return (
        f"<p><strong>{_escaped(collision.message)}</strong> "
        f"(#{collision.booking_number} in {_escaped(str(collision.place))})</p>\n"
        + _html_table(*_rows.collision_document_rows(collision))
    )


@_presentation.to_html.register(Collisions)
def collisions_to_html(collisions: Sequence[Collision]) -> str:
    """Collisions as HTML: a count, then a table with one row per collision."""
    require_collisions(collisions)
    if not collisions:
        return f"<p>{_rows.NO_COLLISIONS}</p>"
    count = _rows.count(len(collisions), "collision")
    return f"<p><strong>{count}</strong></p>\n" + _html_table(*_rows.collision_rows(collisions))


@_presentation.to_html.register(StaleDocuments)
def stale_to_html(documents: Sequence[Document]) -> str:
    """Stale documents as HTML: a count, then a table of them."""
    require_documents(documents)
    if not documents:
        return f"<p>{_rows.NO_STALE}</p>"
    count = _rows.count(len(documents), "stale document")
    return f"<p><strong>{count}</strong></p>\n" + _html_table(*_rows.stale_rows(documents))


@_presentation.to_html.register(RepairPlan)
def plan_to_html(plan: RepairPlan) -> str:
    """The plan as HTML: its administration, the summary, the collisions, findings and steps.

    Its tables are real tables; HTML is what a notebook shows, so the other
    policy is named the Python way.
    """
    require_plan(plan)
    parts = [f"<h3>Repair plan ({html.escape(plan.policy.value)})</h3>"]
    named = _rows.administration_line(plan)
    if named is not None:
        parts.append(f"<p>{_escaped(named)}</p>")
    parts.append(
        _html_list(
            [
                _rows.what_is_wrong(plan),
                _rows.what_to_do(plan),
                *_rows.policy_consequences(plan, python=True),
            ]
        )
    )
    if not plan.needed:
        parts += _html_findings("Blockers", plan.blockers)
        parts += _html_findings("Warnings", plan.warnings)
        return "\n".join(parts)
    if plan.collisions:  # a prevention plan has none to show
        parts += ["<h4>Collisions</h4>", _html_table(*_rows.collision_rows(plan.collisions))]
    parts += _html_findings("Blockers", plan.blockers)
    parts += _html_findings("Warnings", _rows.shown_warnings(plan))
    parts.append("<h4>Steps</h4>\n<ol>")
    for step in plan.steps:
        table = _rows.step_table(plan, step)
        detail = _html_list(step.details) if table is None else _html_table(*table)
        parts.append(f"<li>&#9744; {_escaped(step.title)}\n{detail}</li>")
    parts.append("</ol>")
    return "\n".join(parts)


@_presentation.to_html.register(Simulation)
def simulation_to_html(simulation: Simulation) -> str:
    """The simulated result as HTML: a table of what the sync changes, then the proof."""
    require_simulation(simulation)
    parts = ["<h4>Simulated result</h4>"]
    changes = list(simulation.changes())
    if changes:
        parts.append(_html_table(*_rows.change_rows(changes)))
    else:
        parts.append(f"<p>{_rows.NOTHING_SENT}</p>")
    left = simulation.collisions_left
    items = [f"collisions left: {len(left) if left else 'none'}"]
    if simulation.problems:
        items += [f"proof FAILED: {problem}" for problem in simulation.problems]
    else:
        items.append(f"proof: {_rows.PROOF_SOUND}")
    parts.append(_html_list(items))
    return "\n".join(parts)
