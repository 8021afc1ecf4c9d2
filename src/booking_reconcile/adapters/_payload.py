"""Reading decoded JSON payloads: envelopes, rows and typed fields (private).

An API row is named in errors as ``source[index]`` (``SalesEntries[2]``), the
index counted from 0 as in the payload's list, and the key as the field.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

from booking_reconcile import _checks
from booking_reconcile._parsing import whole_number
from booking_reconcile.errors import InputFormatError, InvalidFieldError, InvalidTypeError, quoted
from booking_reconcile.findings import Finding
from booking_reconcile.models import Integration, Numbering

_Record = TypeVar("_Record")
_DIGITS = re.compile(r"[0-9]+")


class ReadingWarning(UserWarning):
    """A warning found while reading answers, issued by the functions that return records only.

    The functions that return a reading record (``read_booking_answers``,
    ``read_answers``) give the same warnings as
    :class:`~booking_reconcile.findings.Finding` records instead.
    """

    __module__ = "booking_reconcile.adapters"


def warn(findings: Iterable[Finding]) -> None:
    """Issue each finding as a :class:`ReadingWarning`, for the caller's caller to see."""
    for finding in findings:
        warnings.warn(f"{finding.rule}: {finding.message}", ReadingWarning, stacklevel=3)


@attrs.frozen
class Envelope:
    """How one API wraps its rows.

    ``path`` is the path of keys to the list of rows (``("d", "results")``);
    ``next_key`` the key beside the list that links the next page (Exact's
    ``__next``); ``single`` whether one object may stand where the list would
    (Exact's get by key puts one object straight in ``d``); ``error`` reads an
    error answer's message, or gives ``None`` for an answer with rows;
    ``single_in_place`` whether one object may stand where the list itself
    would (Teamleader's ``*.info`` puts one object under ``data``).
    ``wait`` is the advice for an error answer that says the rate limit was
    reached (HTTP 429): the request was right, and the same request succeeds
    later. ``owner``, given a page and its rows, names the administration the
    page is of (Exact's division), or gives ``None`` when nothing tells: a
    page that links a next one must be followed by a page of its own
    administration (DOMAIN §3.8).
    """

    path: tuple[str, ...]
    error: Callable[[Mapping[str, Any]], str | None]
    next_key: str | None = None
    single: bool = False
    single_in_place: bool = False
    wait: str = "wait a minute and fetch again"
    owner: Callable[[Mapping[str, Any], list[Any]], str | None] | None = None

    def shape(self) -> str:
        """The envelope as messages show it: ``{"d": {"results": [...]}}``."""
        shape = "[...]"
        for key in reversed(self.path):
            shape = f'{{"{key}": {shape}}}'
        return shape

    def is_page(self, value: Any) -> bool:
        """Whether ``value`` is a whole answer (a page), not a row."""
        return isinstance(value, Mapping) and (
            self.path[0] in value or self.error(value) is not None
        )


def rows(
    payload: Any,
    envelope: Envelope,
    source: str,
    *,
    named: Callable[[list[Any]], str] | None = None,
) -> list[Row]:
    """The rows of ``payload``: one answer, a list of answers (pages), or the bare list of rows.

    Rows are named ``source[index]`` in errors, and ``source page P[index]``
    when several pages are given; ``named``, given the rows' raw values,
    may name the source from what they hold instead (the resource a row's
    fields show). A last page that still links a next one is refused: the
    rows after it were never fetched. So is a page that links a next one
    when no later page is of its administration (the envelope's ``owner``):
    another administration's page after it does not finish it.
    """
    if isinstance(payload, list) and payload and all(envelope.is_page(item) for item in payload):
        pages = payload
    else:
        pages = [payload]
    read: list[tuple[list[Any], bool]] = []
    for number, page in enumerate(pages, start=1):
        try:
            read.append(
                _page(page, envelope, source if len(pages) == 1 else f"{source} page {number}")
            )
        except InputFormatError:
            if named is None or not read:
                raise
            # An error answer among the pages is named after the resource of the pages before it.
            resource = named([item for items, _ in read for item in items])
            read.append(_page(page, envelope, f"{resource} page {number}"))
    if named is not None:
        source = named([item for items, _ in read for item in items])
    found: list[Row] = []
    for number, (items, _) in enumerate(read, start=1):
        name = source if len(pages) == 1 else f"{source} page {number}"
        for index, row in enumerate(items):
            where = f"{name}[{index}]"
            if not isinstance(row, Mapping):
                raise InputFormatError(
                    where, f"is a {type(row).__name__}, not an object; each row must be an object"
                )
            found.append(Row(where, row))
    _unfinished(pages, read, envelope, source)
    if read[-1][1]:
        count = len(found)
        raise InputFormatError(
            source if len(pages) == 1 else f"{source} page {len(pages)}",
            f"links a next page ({envelope.next_key}): the answer is incomplete, {count} "
            f"row{'' if count == 1 else 's'} read and the rest not fetched; follow "
            f"{envelope.next_key} until an answer has none, and pass every page (a list of "
            "the answers)",
        )
    return found


def _unfinished(
    pages: list[Any], read: list[tuple[list[Any], bool]], envelope: Envelope, source: str
) -> None:
    """Refuse a page that links a next one when no later page is of its administration."""
    if envelope.owner is None or len(pages) < 2:
        return
    owners = [
        envelope.owner(page, items) if isinstance(page, Mapping) else None
        for page, (items, _) in zip(pages, read, strict=True)
    ]
    for number, ((_, more), owner) in enumerate(zip(read[:-1], owners, strict=False), start=1):
        if not more or owner is None:
            continue
        later = owners[number:]
        if any(other in (owner, None) for other in later):
            continue
        count = sum(len(items) for (items, _), of in zip(read, owners, strict=True) if of == owner)
        raise InputFormatError(
            f"{source} page {number}",
            f"links a next page ({envelope.next_key}) of division {owner}, but no later page "
            f"is of division {owner} (page {number + 1} is of division {later[0]}): division "
            f"{owner}'s answer is incomplete, {count} row{'' if count == 1 else 's'} of it read "
            f"and the rest not fetched; follow {envelope.next_key} until an answer has none, "
            "and pass every page of each division (a list of the answers)",
        )


def _page(page: Any, envelope: Envelope, name: str) -> tuple[list[Any], bool]:
    """The rows of one answer, and whether it links a next page."""
    if isinstance(page, Mapping):
        message = envelope.error(page)
        if message is not None:
            if is_rate_limited(page):
                raise InputFormatError(
                    name,
                    f"is an error answer, not rows: {quoted(message)}: the API's rate limit "
                    f"was reached (HTTP 429 Too Many Requests), not a wrong request; "
                    f"{envelope.wait}",
                )
            raise InputFormatError(
                name,
                f"is an error answer, not rows: {quoted(message)}; correct the request "
                "(the API's own message says how) and fetch again",
            )
    found = page
    more = False
    for depth, key in enumerate(envelope.path):
        if not isinstance(found, Mapping):
            break
        if key in found:
            if envelope.next_key is not None and found.get(envelope.next_key):
                more = True
            found = found[key]
            continue
        if envelope.single and depth > 0 and envelope.next_key not in found:
            return [found], False
        path = ".".join(envelope.path[:depth])
        within = f" in {path!r}" if path else ""
        raise InputFormatError(
            name,
            f"has no key {key!r}{within} (keys: {_keys(found)}); pass the decoded response "
            f"body as the API returns it ({envelope.shape()}), a list of such pages, or the "
            "bare list of rows",
        )
    if envelope.single_in_place and isinstance(found, Mapping):
        return [found], False
    if not isinstance(found, list):
        raise InputFormatError(
            name,
            f"holds a {type(found).__name__} where a list of rows was expected; pass the "
            f"decoded response body ({envelope.shape()}), a list of such pages, or the bare "
            "list of rows",
        )
    return found, more


_RATE_LIMIT_WORDS = re.compile(
    r"too\s*many\s*requests|rate[\s_-]*limit|limit\s*(was\s*)?(reached|exceeded)"
    r"|calls?\s*per\s*(minute|day)",
    re.IGNORECASE,
)


def is_rate_limited(answer: Mapping[str, Any]) -> bool:
    """Whether an error answer says the rate limit was reached (HTTP 429).

    The bodies of these answers are not documented for either API, so both
    signs count: a status or code of 429 anywhere in the answer's error
    objects, or words such as "Too many requests" or "rate limit" in its text.

    >>> is_rate_limited({"errors": [{"status": 429, "title": "Too Many Requests"}]})
    True
    >>> is_rate_limited({"error": {"code": "", "message": {"value": "Forbidden"}}})
    False
    """
    return _mentions_rate_limit(answer, 0)


def _mentions_rate_limit(value: Any, depth: int) -> bool:
    if depth > 4:
        return False
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value == 429
    if isinstance(value, str):
        return value.strip() == "429" or _RATE_LIMIT_WORDS.search(value[:1000]) is not None
    if isinstance(value, Mapping):
        return any(_mentions_rate_limit(item, depth + 1) for item in list(value.values())[:20])
    if isinstance(value, list):
        return any(_mentions_rate_limit(item, depth + 1) for item in value[:20])
    return False


def _keys(mapping: Mapping[Any, Any]) -> str:
    return ", ".join(quoted(key) for key in list(mapping)[:8]) or "none"


def check_options(statuses: type = int, **options: Any) -> None:
    """The keyword options of an adapter's entry point, each checked by its name (DOMAIN §6).

    A wrong value is refused with the library's error naming the option, not
    met later as an ``AttributeError``, nor silently read: statuses are a
    collection of ``statuses`` (a lone text ``"draft"`` would match ``"a"``),
    flags are ``True`` or ``False``.

    >>> check_options(str, skipped_statuses="draft")
    Traceback (most recent call last):
    ...
    booking_reconcile.errors.InvalidTypeError: the option: skipped_statuses 'draft' is not a collection of text; expected a set, tuple or list such as {'draft'} (one value too goes in a collection)
    """
    for name, value in options.items():
        if name in ("booked_statuses", "skipped_statuses"):
            _checks.members_option(name, value, statuses, "{'draft'}" if statuses is str else "{5}")
        elif name == "reference_field":
            _checks.argument(
                name, value, str, "the name of a field, such as 'YourRef'", record="the option"
            )
        elif name == "tz":
            expected = (
                "a datetime.tzinfo, such as datetime.timezone.utc or ZoneInfo('Europe/Brussels')"
            )
            _checks.argument(name, value, dt.tzinfo, expected, record="the option")
        elif name == "integration":
            _checks.option(name, value, Integration, "a booking_reconcile.Integration, or None")
        elif name == "numbering":
            expected = "Numbering.CONTINUOUS or Numbering.PER_FINANCIAL_YEAR"
            _checks.argument(name, value, Numbering, expected, record="the option")
        elif name == "division" and value is not None and (value.__class__ is not int):
            expected = "the division's number as an int, such as 1234567, or None"
            raise InvalidTypeError("the option", name, value, "is not an integer", expected)
        elif name == "financial_year_start_month" and value is not None:
            _checks.month_argument("the option", name, value)
        elif name == "reversals_are_manual":
            _checks.flag_option(name, value)
        elif name not in ("division", "financial_year_start_month"):
            _checks.text_option(name, value)


@attrs.frozen
class Row:
    """One object of a payload, and the name errors give it."""

    where: str
    fields: Mapping[str, Any]

    def error(self, field: str, message: str) -> InputFormatError:
        """An error about ``field`` of this row."""
        return InputFormatError(self.where, message, field=field)

    def read_twice(self, first: Row, field: str, what: str, fetch: str) -> InputFormatError:
        """The error for this row, ``what`` read at ``first`` before: a page saved twice.

        Perhaps in place of the next page, whose rows are then missing;
        ``fetch`` says how that API's missing page is found.
        """
        return self.error(
            field,
            f"{what} was read twice, at {first.where} and here: a page of the answer saved "
            "twice (in place of the next one, perhaps, whose rows are then missing); save "
            f"each page once, and fetch the page that is missing ({fetch})",
        )

    def get(self, field: str, hint: str = "") -> Any:
        """The value at ``field`` (a dotted path), which must be present."""
        value: Any = self.fields
        for key in field.split("."):
            if not isinstance(value, Mapping) or key not in value:
                raise self.error(field, f"is missing{hint}")
            value = value[key]
        return value

    def text(self, field: str, hint: str = "") -> str | None:
        """Text at ``field``; ``None`` when null or blank."""
        value = self.get(field, hint)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.error(field, f"{quoted(value)} is not text; expected a string or null")
        return value.strip() or None

    def required_text(self, field: str) -> str:
        """Non-blank text at ``field``."""
        value = self.text(field)
        if value is None:
            raise self.error(field, f"is empty ({self.missing(field)}); every row needs it")
        return value

    def missing(self, field: str) -> str:
        """How a present field is empty, for messages: ``null`` or the blank text itself."""
        value = self.get(field)
        return "null" if value is None else quoted(value)

    def integer(self, field: str, hint: str = "") -> int | None:
        """A whole number at ``field`` (a JSON number or digits in a string); ``None`` when null."""
        value = self.get(field, hint)
        if isinstance(value, str) and value.strip() and not _DIGITS.fullmatch(value.strip()):
            raise self.error(field, f"{quoted(value)} is not a whole number")
        return whole_number(value, source=self.where, field=field)

    def flag(self, field: str) -> bool:
        """A boolean at ``field``; ``False`` when absent or null."""
        value = self.fields.get(field)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self.error(field, f"{quoted(value)} is not true or false")
        return value

    def build(self, build: Callable[[], _Record], fields: Mapping[str, str]) -> _Record:
        """Build a record, naming this row's key when the models refuse a value.

        ``fields`` maps the model's field names to the payload's keys.
        """
        try:
            return build()
        except InvalidFieldError as error:
            raise self.error(fields.get(error.field, error.field), str(error)) from None
