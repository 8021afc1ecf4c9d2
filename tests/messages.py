"""What the tests expect of the command's error messages on standard error.

An error is one message: its first line starts with ``booking-reconcile``
(``booking-reconcile: error: ...``), each further problem and each
continuation of a wrapped line is indented, and no line passes the
terminal's width (80 when unknown) except for a single word longer than it.
"""

from __future__ import annotations


def one_error(err: str, width: int = 80) -> str:
    """The one error message in ``err`` (standard error), unwrapped to one line.

    Fails unless ``err`` is exactly one message laid out as the command lays
    errors out.
    """
    lines = err.splitlines()
    assert lines, "nothing on standard error"
    assert err.endswith("\n"), err
    assert lines[0].startswith("booking-reconcile"), err
    assert all(line.startswith("  ") for line in lines[1:]), err
    for line in lines:
        assert len(line) <= width or " " not in line.strip(), (len(line), line)
    return " ".join(line.strip() for line in lines)


def notes(err: str) -> list[str]:
    """The messages on standard error (notes), each unwrapped to one line."""
    messages: list[str] = []
    for line in err.splitlines():
        if line.startswith("  ") and messages:
            messages[-1] += " " + line.strip()
        else:
            messages.append(line)
    return messages
