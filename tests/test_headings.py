"""No line of the docs or the notebook becomes a heading by accident.

Markdown takes a line that starts with ``#`` for a heading, with or without a
space in Python-Markdown (which MkDocs uses): a paragraph rewrapped so that
``#1002), one higher ...`` starts a line renders as a giant heading, and the
page's table of contents stops there. Each page and each Markdown cell of the
notebook is rendered as MkDocs renders it, and its headings must be exactly
the ones its source means: lines of ``#`` marks, a space and a word.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

markdown = pytest.importorskip("markdown")

DOCS = Path(__file__).resolve().parent.parent / "docs"
#: The extensions of mkdocs.yml that change what a heading is (fences hide their lines).
EXTENSIONS = ["admonition", "attr_list", "def_list", "footnotes", "tables", "pymdownx.superfences"]
MEANT = re.compile(r"(#{1,6}) \S")
FENCE = re.compile(r"^\s*(```|~~~)")


def _meant(source: str) -> list[int]:
    """The levels of the headings the source means, in order (fenced code left out)."""
    levels, fenced = [], False
    for line in source.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and (found := MEANT.match(line)):
            levels.append(len(found[1]))
    return levels


def _rendered(source: str) -> list[tuple[int, str]]:
    """The headings Markdown renders: their levels and text."""
    page = markdown.markdown(source, extensions=EXTENSIONS)
    return [
        (int(level), html.unescape(re.sub(r"<[^>]+>", "", text)))
        for level, text in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", page, re.DOTALL)
    ]


def _sources() -> dict[str, str]:
    sources = {page.name: page.read_text(encoding="utf-8") for page in sorted(DOCS.glob("*.md"))}
    notebook = json.loads((DOCS / "notebook.ipynb").read_text(encoding="utf-8"))
    for number, cell in enumerate(notebook["cells"], start=1):
        if cell["cell_type"] == "markdown":
            sources[f"notebook.ipynb, cell {number}"] = "".join(cell["source"])
    return sources


SOURCES = _sources()


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_heading_is_meant(name: str) -> None:
    rendered = _rendered(SOURCES[name])
    assert [level for level, _ in rendered] == _meant(SOURCES[name]), (
        f"{name}: a line renders as a heading it was not meant to be; rewrap it: {rendered}"
    )


def test_the_check_catches_a_line_that_starts_with_a_number_sign() -> None:
    source = "The article says: the oldest deleted invoice (C,\n#1002), one higher.\n"
    assert _rendered(source) != []
    assert _meant(source) == []
