"""Griffe extension: the docstrings' reStructuredText habits shown as Markdown, and
the records' constructor signatures.

The library's docstrings are written for ``help()``, editors and doctest:
Sphinx roles (``:func:`~booking_reconcile.verify_plan```), doctest blocks
(``>>>``) and ``::`` before a literal block. Markdown would show the roles as
text and the doctest prompts as nested quotes, so mkdocstrings loads this
extension (see ``mkdocs.yml``), which rewrites each docstring before it is
rendered: a role becomes code, linked to the API reference when it names a
public object of ``booking_reconcile``; a doctest block becomes a ``pycon``
code block; ``::`` becomes ``:``; a reference to the contract
(``DOMAIN §3.6``, ``DOMAIN.md``) names the [contract](contract.md) page of the
docs instead of a file outside the repository.

The records are attrs classes, whose ``__init__`` is generated at run time,
so griffe's reading of the source finds no signature. The extension gives each
one an ``__init__`` made from its attrs fields (name, annotation, default,
keyword-only), which mkdocstrings merges into the class's heading.

>>> sphinx_to_markdown(":func:`~booking_reconcile.verify_plan` and :class:`datetime.date`::")
'[`verify_plan`][booking_reconcile.verify_plan] and `datetime.date`:'
>>> sphinx_to_markdown("Example:\\n\\n>>> 1 + 1\\n2\\n\\nDone.").splitlines()
['Example:', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'Done.']
>>> sphinx_to_markdown("the cutoff (DOMAIN §3.6), as DOMAIN.md §3.7 says")
'the cutoff (contract §3.6), as contract §3.7 says'
>>> init_parameters("booking_reconcile.models", "Booking")[3]
('document', 'DocumentRef | None', False, 'None')
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Collection
from typing import Any

import attrs

try:
    from griffe import Class, Extension, Function, Object, Parameter, ParameterKind, Parameters
except ImportError:  # without the docs extra: the functions above still work
    Extension = object
    Object = Class = Any

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


_CONTRACT = re.compile(r"DOMAIN(?:\.md)?(?= ?§)|DOMAIN\.md")


def sphinx_to_markdown(text: str, public: Collection[str] | None = None) -> str:
    """``text`` (a docstring) with roles, doctest blocks and ``::`` made Markdown."""
    if public is None:
        public = _public_names()
    text = _CONTRACT.sub("contract", _roles(text, public))
    lines = [line[:-1] if line.endswith("::") else line for line in text.splitlines()]
    return "\n".join(_fence_doctests(lines))


def init_parameters(module: str, name: str) -> list[tuple[str, str, bool, str | None]] | None:
    """The ``__init__`` parameters of the attrs class ``module.name``, or ``None``.

    Each is ``(name, annotation, keyword_only, default)``; the annotation is
    the field's own (a field with a converter takes more than it says, as its
    docstring tells).
    """
    try:
        record = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None
    if not isinstance(record, type) or not attrs.has(record):
        return None
    parameters = []
    for field in attrs.fields(record):
        if not field.init:
            continue
        default = field.default
        if default is attrs.NOTHING:
            shown = None
        elif isinstance(default, attrs.Factory) and default.takes_self:
            shown = "(from the other fields)"
        elif isinstance(default, attrs.Factory):
            shown = repr(default.factory())
        else:
            shown = repr(default)
        parameters.append((field.alias or field.name, str(field.type), field.kw_only, shown))
    return parameters


class SphinxDocstrings(Extension):
    """Rewrites every docstring with :func:`sphinx_to_markdown` as it is loaded."""

    def __init__(self) -> None:
        super().__init__()
        self._public = _public_names()

    def on_instance(self, *, obj: Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = sphinx_to_markdown(obj.docstring.value, self._public)

    def on_class_members(self, *, cls: Class, **kwargs: Any) -> None:
        if "__init__" in cls.members:
            return
        found = init_parameters(cls.module.path, cls.name)
        if found is None:
            return
        parameters = [Parameter("self", kind=ParameterKind.positional_or_keyword)]
        parameters += [
            Parameter(
                name,
                annotation=annotation,
                kind=ParameterKind.keyword_only if keyword else ParameterKind.positional_or_keyword,
                default=default,
            )
            for name, annotation, keyword, default in found
        ]
        init = Function("__init__", parameters=Parameters(*parameters), returns="None")
        cls.set_member("__init__", init)
