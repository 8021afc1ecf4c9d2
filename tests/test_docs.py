"""The documentation site builds, its examples run, and the notebook runs.

The Markdown pages' examples are doctests, collected by pytest itself
(``--doctest-glob=*.md``). Here:

- ``mkdocs build --strict`` builds the site into a temporary directory (it
  needs the ``docs`` extra; without it the test is skipped, except in CI,
  where it fails); the built pages are checked: constructor signatures in
  the API reference, the notebook as a page with its tables, no accidental
  heading; where a Chromium is installed, two pages are screenshotted in it
  headless (skipped cleanly without one: the suite installs nothing);
- ``nbconvert --to html --execute`` renders the notebook as nbviewer would,
  and its HTML must hold real tables;
- the example notebook runs without Jupyter: its code cells are executed in
  order in one namespace, the way a kernel would, and what each cell shows
  (printed text, and the value of its last expression with its
  ``_repr_html_`` and ``_repr_markdown_``) must equal the outputs saved in the notebook. A
  notebook runner (nbclient) would need a kernel and a dozen packages for
  the same check. After changing the notebook or the library's output, save
  fresh outputs with ``python tests/test_docs.py``.
"""

from __future__ import annotations

import ast
import contextlib
import html
import importlib.util
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import booking_reconcile
from booking_reconcile.findings import BLOCKER_RULES, WARNING_RULES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
NOTEBOOK = DOCS / "notebook.ipynb"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation site, built once with ``mkdocs build --strict``."""
    if not _has_mkdocs():
        message = (
            "the docs extra (mkdocs, mkdocs-material, mkdocstrings[python], mkdocs-jupyter) "
            "is not installed"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must build the docs: add it to the test extra")
        pytest.skip(message)
    built = tmp_path_factory.mktemp("docs") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(built)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return built


def _text(html_page: str) -> str:
    """The visible text of an HTML page, white space collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", html_page)).replace("¶", " ").split())


def test_mkdocs_build_is_strictly_clean(site: Path) -> None:
    assert (site / "api" / "index.html").is_file()
    assert (site / "contract" / "index.html").is_file()


@pytest.mark.parametrize(
    "signature",
    [
        "Invoice( number: str, date: dt.date, booking_number: int | None = None, "
        "journal: str | None = None, synced_at: dt.datetime | None = None, )",
        "Booking( journal: str, booking_number: int, date: date, "
        "document: DocumentRef | None = None, reference: str | None = None, "
        "financial_year: int | None = None, )",
        "Integration( invoice_journal: str, credit_note_journal: str, "
        "start_date: dt.date | None = None, financial_year_start_month: int = 1, )",
        "Snapshot( integration: Integration, documents: tuple[Document, ...], "
        "journals: tuple[Journal, ...] = (), bookings: tuple[Booking, ...] | None = None, "
        "*, bookings_complete: bool = False, documents_complete: bool = False, "
        "link_by_number: bool = False, labels: Mapping[str, str] = {}, )",
    ],
    ids=lambda signature: signature.partition("(")[0],
)
def test_api_reference_shows_constructor_signatures(site: Path, signature: str) -> None:
    assert signature in _text((site / "api" / "index.html").read_text(encoding="utf-8"))


def test_api_reference_says_document_is_a_type_alias(site: Path) -> None:
    text = _text((site / "api" / "index.html").read_text(encoding="utf-8"))
    assert "Document is a type alias, Invoice | CreditNote, not a class" in text
    assert "Document = Invoice | CreditNote" in text


def test_the_notebook_is_a_page_of_the_site(site: Path) -> None:
    page = (site / "notebook" / "index.html").read_text(encoding="utf-8")
    assert page.count("<table>") >= 5
    assert "<th>booking number before</th>" in page
    links = re.findall(r'href="([^"]*notebook[^"]*)"', (site / "index.html").read_text())
    assert links
    assert [link for link in links if link.endswith(".ipynb")] == [], "a download, not a page"


def test_the_error_page_has_no_giant_heading(site: Path) -> None:
    page = (site / "error-to-repair" / "index.html").read_text(encoding="utf-8")
    headings = [_text(h) for h in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", page, re.DOTALL)]
    assert headings[0] == "From the error message to a repair"
    assert not [h for h in headings if h[:1].isdigit() and "collisions" in h.lower()]
    assert "&lt;BLANKLINE&gt;" not in page


def _chromium() -> str | None:
    names = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    return next((found for found in map(shutil.which, names) if found), None)


@pytest.mark.parametrize("page", ["error-to-repair", "notebook"])
def test_screenshots_of_the_docs_in_a_headless_browser(
    site: Path, tmp_path: Path, page: str
) -> None:
    """The pages render in a real browser: a full-size, non-blank screenshot.

    Only where a Chromium is installed (the test installs nothing).
    """
    browser = _chromium()
    if browser is None:
        pytest.skip("no Chromium here: the screenshots are checked where one is installed")
    shot = tmp_path / f"{page}.png"
    result = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1280,1600",
            f"--screenshot={shot}",
            (site / page / "index.html").as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1280, 1600)
    assert len(data) > 40_000, "the screenshot is (nearly) blank"


def _has_mkdocs() -> bool:
    try:
        import mkdocs  # noqa: F401
        import mkdocs_jupyter  # noqa: F401
        import mkdocstrings  # noqa: F401
    except ImportError:
        return False
    return True


def test_api_reference_lists_every_public_name() -> None:
    listed = set(re.findall(r"^::: booking_reconcile\.(\w+)$", _read("api.md"), re.MULTILINE))
    modules = {name for name in listed if importlib.util.find_spec(f"booking_reconcile.{name}")}
    public = set(booking_reconcile.__all__) - {"__version__"}
    assert public - listed == set(), "add these names to docs/api.md"
    assert listed - modules - public == set(), "docs/api.md lists names that are not public"


def test_every_page_is_in_the_nav() -> None:
    nav = re.findall(r"^  - [^:]+: (\S+\.md)$", (ROOT / "mkdocs.yml").read_text(), re.MULTILINE)
    pages = {path.name for path in DOCS.glob("*.md")}
    assert set(nav) >= pages, "every page belongs in mkdocs.yml's nav"


def _prose(page: str) -> list[tuple[int, str]]:
    """The numbered lines of ``page`` outside fenced code blocks."""
    lines, fenced = [], False
    for number, line in enumerate(_read(page).splitlines(), start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append((number, line))
    return lines


@pytest.mark.parametrize("page", sorted(path.name for path in DOCS.glob("*.md")))
def test_no_line_becomes_a_heading_by_accident(page: str) -> None:
    # Markdown takes "#1004. Two collisions" at the start of a line for a heading.
    accidental = [(n, line) for n, line in _prose(page) if re.match(r"#+[^#\s]", line)]
    assert accidental == [], f"{page}: rewrap these lines"


@pytest.mark.parametrize("page", sorted(path.name for path in DOCS.glob("*.md")))
def test_docs_cite_the_published_contract(page: str) -> None:
    # DOMAIN.md is not in the repository: docs/contract.md is the contract.
    assert "DOMAIN" not in _read(page), f"{page}: link contract.md instead of DOMAIN.md"


def test_no_blankline_markers_show_in_the_docs() -> None:
    shown = [page.name for page in DOCS.glob("*.md") if "<BLANKLINE>" in page.read_text()]
    assert shown == [], "rewrite these doctests so that the page shows no <BLANKLINE>"


def test_concepts_name_every_warning_and_blocker_rule() -> None:
    concepts = _read("concepts.md")
    rules = [rule.__name__.replace("_", "-") for rule in (*WARNING_RULES, *BLOCKER_RULES)]
    assert [rule for rule in rules if f"`{rule}`" not in concepts] == [], (
        "docs/concepts.md should say what each rule of findings.py finds"
    )


@pytest.mark.parametrize("page", sorted(path.name for path in DOCS.glob("*.md")))
def test_every_python_example_is_a_doctest(page: str) -> None:
    """A ```python block without ``>>>`` would never run, and could drift from the code."""
    blocks = re.findall(r"^```python\n(.*?)^```", _read(page), re.MULTILINE | re.DOTALL)
    for block in blocks:
        if re.fullmatch(r"--8<--\nexamples/\S+\.py\n--8<--\n", block):
            # A whole script, included from examples/; the tests run it
            # (tests/test_dask.py, tests/test_batch.py).
            continue
        assert block.lstrip().startswith(">>>"), (
            f"{page}: write this example as a doctest:\n{block}"
        )


def test_the_notebook_runs_and_shows_its_saved_outputs() -> None:
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    fresh = run_notebook(notebook)
    for number, (cell, outputs) in enumerate(zip(cells, fresh, strict=True), start=1):
        saved = [_comparable(output) for output in cell["outputs"]]
        assert saved == [_comparable(output) for output in outputs], (
            f"code cell {number} of docs/notebook.ipynb shows something else now; "
            "if that is intended, save fresh outputs with `python tests/test_docs.py`"
        )


def test_the_notebook_shows_plans_and_collisions_as_markdown() -> None:
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    shown = [
        "".join(output["data"]["text/markdown"])
        for cell in notebook["cells"]
        for output in cell.get("outputs", ())
        if "text/markdown" in output.get("data", {})
    ]
    assert any(text.startswith("# Repair plan") for text in shown), "a plan's checklist"
    assert any(text.startswith("**2 collisions**") for text in shown), "a table of collisions"
    assert any("| role |" in text for text in shown), "a collision's documents"
    shown_html = [
        "".join(output["data"]["text/html"])
        for cell in notebook["cells"]
        for output in cell.get("outputs", ())
        if "text/html" in output.get("data", {})
    ]
    assert sum("<table>" in text for text in shown_html) >= 5, (
        "plans, collisions, stale, simulation"
    )


def _has_nbconvert() -> bool:
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("nbconvert", "nbclient", "ipykernel")
    )


def test_nbconvert_renders_the_notebook_with_real_tables(tmp_path: Path) -> None:
    """What nbviewer and ``jupyter nbconvert`` show: HTML tables, not lines of pipes."""
    if not _has_nbconvert():
        message = "nbconvert, nbclient and ipykernel (the test extra) are not installed"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must render the notebook")
        pytest.skip(message)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "nbconvert",
            "--to",
            "html",
            "--execute",
            "--ExecutePreprocessor.timeout=120",
            "--output-dir",
            str(tmp_path),
            str(NOTEBOOK),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "JUPYTER_PLATFORM_DIRS": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    page = (tmp_path / "notebook.html").read_text(encoding="utf-8")
    headers = re.findall(r"<thead><tr>(.*?)</tr></thead>", page)
    titles = [re.findall(r"<th>(.*?)</th>", row) for row in headers]
    # the plan's deletions and next numbers, which sit inside the steps
    assert ["order", "journal", "financial year", "booking number", "document", "date"] in titles
    assert ["journal", "financial year", "next", "configured", "differs?"] in titles
    # a collision's documents, the stale documents, the simulation
    assert ["document", "date", "booking number", "role"] in titles
    assert ["document", "date", "booking number"] in titles
    assert ["document", "date", "journal", "booking number before", "after"] in titles
    assert "<td>invoice D</td>" in page
    assert "| order |" not in page, "a Markdown table left as pipes"


# -- running a notebook without Jupyter ---------------------------------------


def run_notebook(notebook: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """Run the code cells in order; each cell's outputs in the notebook format.

    Like a kernel: one namespace, the working directory is the notebook's,
    and a cell whose last statement is an expression displays its value.
    """
    namespace: dict[str, Any] = {"__name__": "__main__"}
    results = []
    count = 0
    with _chdir(DOCS):
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code":
                continue
            count += 1
            results.append(_run_cell("".join(cell["source"]), namespace, count))
    return results


@contextlib.contextmanager
def _chdir(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def _run_cell(source: str, namespace: dict[str, Any], count: int) -> list[dict[str, Any]]:
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    printed = io.StringIO()
    value = None
    with contextlib.redirect_stdout(printed):
        exec(compile(tree, f"<notebook cell {count}>", "exec"), namespace)
        if last is not None:
            expression = ast.Expression(last.value)
            value = eval(compile(expression, f"<notebook cell {count}>", "eval"), namespace)
    outputs: list[dict[str, Any]] = []
    if printed.getvalue():
        outputs.append({"name": "stdout", "output_type": "stream", "text": printed.getvalue()})
    if value is not None:
        data = {"text/plain": repr(value)}
        if hasattr(value, "_repr_html_"):
            data["text/html"] = value._repr_html_()
        if hasattr(value, "_repr_markdown_"):
            data["text/markdown"] = value._repr_markdown_()
        outputs.append(
            {
                "data": data,
                "execution_count": count,
                "metadata": {},
                "output_type": "execute_result",
            }
        )
    return outputs


def _comparable(output: dict[str, Any]) -> dict[str, Any]:
    # Saved notebooks split text into lines; compare the joined text.
    def joined(text: str | list[str]) -> str:
        return text if isinstance(text, str) else "".join(text)

    if output["output_type"] == "stream":
        return {"stream": output["name"], "text": joined(output["text"])}
    return {"data": {kind: joined(text) for kind, text in output.get("data", {}).items()}}


def _as_lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def save_fresh_outputs() -> None:
    """Run the notebook and write its outputs into it, as Jupyter would."""
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    fresh = iter(run_notebook(notebook))
    count = 0
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        count += 1
        cell["execution_count"] = count
        cell["outputs"] = []
        for output in next(fresh):
            if output["output_type"] == "stream":
                output["text"] = _as_lines(output["text"])
            else:
                output["data"] = {kind: _as_lines(text) for kind, text in output["data"].items()}
            cell["outputs"].append(output)
    NOTEBOOK.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _read(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


if __name__ == "__main__":
    save_fresh_outputs()
