"""The package's layering: every import runs down, and no import closes a circle.

Read from the source (every ``import`` statement, at module level and inside
functions alike), so that a late import cannot hide a dependency:

- errors and the foundations at the bottom (no records), then the grammar of
  tabular files (column names, rows of CSV text and sheets);
- the records of the input (``models``, ``periods``) and the snapshot;
- the rules of DOMAIN §3, one module each, which may build on each other;
- the plan record, then the proof, then the builder;
- check's verdict above the plan;
- the file formats (strict JSON, the snapshot's and the plan's), then the layouts;
- readers, exports, adapters and the terminal at the edge;
- the command line on top.

A module may import modules of lower layers, and of its own layer as long as
no circle forms. A new module must be given a layer here: the test fails for
a module it does not know.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from importlib.util import resolve_name
from pathlib import Path

import pytest

import booking_reconcile

PACKAGE = Path(booking_reconcile.__file__).resolve().parent

#: Each layer's modules, from the bottom up (names relative to the package).
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "foundations",
        frozenset({"errors", "ordering", "_checks", "_collector", "_parsing", "_presentation"}),
    ),
    # The grammar of tabular files: column names, rows out of CSV text and sheets.
    (
        "tables",
        frozenset(
            {
                "columns",
                "decoding",
                "sheets",
                "reading",
                "_splitting",
                "_problems",
                "_headers",
                "_grammar",
                "_tabular",
            }
        ),
    ),
    ("records", frozenset({"models", "periods", "_groups"})),
    (
        "snapshot",
        frozenset({"_fields", "_index", "_linking", "_pickled", "snapshot", "bulk", "_twice"}),
    ),
    (
        "rules",
        frozenset(
            {
                "_lookups",
                "collisions",
                "double_bookings",
                "stale",
                "cutoff",
                "deletion",
                "next_numbers",
                "reconnect",
                "resend",
                "evidence",
                "plan_facts",
                "evidence_rules",
                "evidence_documents",
                "evidence_kinds",
                "evidence_runs",
                "_per_year_cautions",
                "findings",
                "steps",
            }
        ),
    ),
    ("plan record", frozenset({"repair_plan", "_plan_checks"})),
    ("proof", frozenset({"_sync", "simulate"})),
    ("planning", frozenset({"plan"})),
    (
        "confirmation",
        frozenset(
            {"confirmation", "_confirm_checks", "_confirm_kept", "_confirm_after", "confirm"}
        ),
    ),
    ("verdict", frozenset({"verdict"})),
    ("file formats", frozenset({"_json", "_json_columns", "serialize", "plan_json"})),
    (
        "presentation",
        frozenset(
            {
                "formats",
                "formats._arguments",
                "formats._escape",
                "formats._rows",
                "formats.data",
                "formats.html",
                "formats.markdown",
                "formats.spreadsheet",
                "formats.text",
                "snapshot_display",
            }
        ),
    ),
    (
        "edge",
        frozenset(
            {
                "readers",
                "_row_builders",
                "_entries",
                "_selection",
                "exports",
                "_export_files",
                "_terminal",
                "_files",
                "adapters",
                "adapters._payload",
                "adapters._exact_answers",
                "adapters._exact_entries",
                "adapters._exact_journals",
                "adapters._exact_lines",
                "adapters._teamleader_numbers",
                "adapters.answers",
                "adapters.exact_online",
                "adapters.teamleader",
                "batch",
                "batch_cli",
                "_since",
                "__init__",
            }
        ),
    ),
    ("command line", frozenset({"_cli_parser", "_cli_inputs", "cli", "__main__"})),
)
LAYER_OF = {module: depth for depth, (_, modules) in enumerate(LAYERS) for module in modules}
RULES = dict(LAYERS)["rules"]


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> Iterator[str]:
    """The package modules ``name`` imports, wherever the import statement stands."""
    full = "booking_reconcile" if name == "__init__" else f"booking_reconcile.{name}"
    package = full if path.name == "__init__.py" else full.rpartition(".")[0]
    known = {f"booking_reconcile.{module}" for module in _modules()}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            base = (
                resolve_name("." * node.level + (node.module or ""), package)
                if node.level
                else node.module or ""
            )
            # ``from .package import module`` imports the module, not the package's other names.
            names = [f"{base}.{alias.name}" for alias in node.names]
            modules = [name for name in names if name in known]
            targets = modules if modules and len(modules) == len(names) else [base, *names]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        for target in targets:
            if target in known:
                yield target.removeprefix("booking_reconcile.")


GRAPH = {
    name: sorted(set(_imports(name, path)) - {name, "__init__"})
    for name, path in _modules().items()
}


def test_every_module_has_a_layer() -> None:
    unknown = sorted(set(GRAPH) - set(LAYER_OF))
    assert not unknown, f"give these modules a layer in LAYERS: {unknown}"


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_module_imports_one_above_it(module: str) -> None:
    above = [
        imported
        for imported in GRAPH[module]
        if LAYER_OF.get(imported, -1) > LAYER_OF.get(module, len(LAYERS))
    ]
    layer = LAYERS[LAYER_OF[module]][0] if module in LAYER_OF else "?"
    assert not above, f"{module} ({layer}) imports {above}, which sit above it"


def test_there_is_no_import_circle() -> None:
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        if state.get(module) == "done":
            return
        assert state.get(module) != "open", "import circle: " + " -> ".join([*path, module])
        state[module] = "open"
        for imported in GRAPH.get(module, ()):
            visit(imported, [*path, module])
        state[module] = "done"

    for module in GRAPH:
        visit(module, [])


def test_the_rules_never_reach_the_plan_or_its_presentation() -> None:
    higher = {name for name, depth in LAYER_OF.items() if depth > LAYER_OF["steps"]}
    for rule in RULES:
        assert not set(GRAPH[rule]) & higher, (rule, sorted(set(GRAPH[rule]) & higher))


def test_the_graph_is_read_from_the_source() -> None:
    # The reader of imports itself: what the layering rests on.
    assert "snapshot" in GRAPH["collisions"]
    assert "repair_plan" in GRAPH["plan"]
    assert "adapters.exact_online" in GRAPH["adapters"]
    assert "formats" in GRAPH["__init__"]
    assert "serialize" in GRAPH["formats.data"]
