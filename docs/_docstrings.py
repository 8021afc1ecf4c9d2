"""Griffe extension: the docstrings' reStructuredText habits, shown as Markdown.

The library's docstrings are written for ``help()``, editors and doctest:
Sphinx roles (``:func:`~booking_reconcile.verify_plan```), doctest blocks
(``>>>``) and ``::`` before a literal block. Markdown would show the roles as
text and the doctest prompts as nested quotes, so mkdocstrings loads this
extension (see ``mkdocs.yml``), which rewrites each docstring before it is
rendered: a role becomes code, linked to the API reference when it names a
public object of ``booking_reconcile``; a doctest block becomes a ``pycon``
code block; ``::`` becomes ``:``.

>>> sphinx_to_markdown(":func:`~booking_reconcile.verify_plan` and :class:`datetime.date`::")
'[`verify_plan`][booking_reconcile.verify_plan] and `datetime.date`:'
>>> sphinx_to_markdown("Example:\\n\\n>>> 1 + 1\\n2\\n\\nDone.").splitlines()
['Example:', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'Done.']
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

try:
    from griffe import Extension, Object
except ImportError:  # without the docs extra: the functions above still work
    Extension = object
    Object = Any

_ROLE = re.compile(r":(?:func|class|mod|data|attr|meth|exc|obj):`(~?)([\w.]+)`")


def _public_names() -> frozenset[str]:
    import booking_reconcile

    return frozenset(booking_reconcile.__all__)


def _roles(text: str, public: Collection[str]) -> str:
    def replace(match: re.Match[str]) -> str:
        short, path = match.group(1), match.group(2)
        name = path.rsplit(".", 1)[-1]
        shown = name if short else path
        ours = path == name or path.startswith("booking_reconcile.")
        if ours and name in public:
            return f"[`{shown}`][booking_reconcile.{name}]"
        return f"`{shown}`"

    return _ROLE.sub(replace, text)


def _fence_doctests(lines: list[str]) -> list[str]:
    # A doctest block runs from a ">>>" line to the next blank line.
    fenced: list[str] = []
    indent: str | None = None
    for line in lines:
        if indent is not None and not line.strip():
            fenced.append(f"{indent}```")
            indent = None
        elif indent is None and line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            fenced.append(f"{indent}```pycon")
        fenced.append(line)
    if indent is not None:
        fenced.append(f"{indent}```")
    return fenced


def sphinx_to_markdown(text: str, public: Collection[str] | None = None) -> str:
    """``text`` (a docstring) with roles, doctest blocks and ``::`` made Markdown."""
    if public is None:
        public = _public_names()
    text = _roles(text, public)
    lines = [line[:-1] if line.endswith("::") else line for line in text.splitlines()]
    return "\n".join(_fence_doctests(lines))


class SphinxDocstrings(Extension):
    """Rewrites every docstring with :func:`sphinx_to_markdown` as it is loaded."""

    def __init__(self) -> None:
        super().__init__()
        self._public = _public_names()

    def on_instance(self, *, obj: Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = sphinx_to_markdown(obj.docstring.value, self._public)
