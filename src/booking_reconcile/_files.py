"""The files the command writes: whole or not at all, and never over one of its inputs.

A file the command writes (``--output``) is written to a temporary file
beside it, flushed to the disk, and moved into place in one step
(:func:`os.replace`): the target then holds either its old content or the
whole new one, never half a checklist or half a deletion list after a full
disk or a quota. A target that is one of the run's input files is refused
before anything is read or written (:func:`refuse_output_among_inputs`).
"""

from __future__ import annotations

__all__ = ["refuse_output_among_inputs", "replacing", "same_file", "write_atomically"]

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import InputFormatError


def write_atomically(path: str, content: str | bytes) -> None:
    """Replace the file at ``path`` with ``content`` (text as UTF-8), whole or not at all.

    Raises :class:`~booking_reconcile.errors.InputFormatError` naming
    ``--output`` and the file when it cannot be written; it then holds what
    it held before.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    with replacing(path) as file:
        file.write(data)


@contextlib.contextmanager
def replacing(path: str) -> Iterator[BinaryIO]:
    """A binary file that replaces ``path`` whole when the block ends well, and never otherwise.

    Written beside the target (a symbolic link's target: the link stays) and
    moved into place with :func:`os.replace`, keeping the old file's
    permissions (a new file gets the usual ones, by the umask). A target that
    is no regular file (``/dev/stdout``, a named pipe) is written directly:
    it holds nothing to keep. An exception inside the block leaves the target
    as it was.
    """
    name = f"--output {path}"
    target = Path(os.path.realpath(path))
    try:
        if target.exists() and not target.is_file():
            with open(target, "wb") as special:
                yield special
            return
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise InputFormatError(name, _cannot(error)) from None
    try:
        with os.fdopen(handle, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        _keep_mode(target, temporary)
        os.replace(temporary, target)
    except OSError as error:
        _remove(temporary)
        raise InputFormatError(name, _cannot(error)) from None
    except BaseException:
        _remove(temporary)
        raise


def _cannot(error: OSError) -> str:
    return f"cannot be written ({error.strerror or error}); it is left as it was"


def _keep_mode(target: Path, temporary: str) -> None:
    """Give the new file the old one's permissions (a new one: the usual, by the umask)."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)


def _remove(temporary: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether ``a`` and ``b`` name one file (by the file itself, else by the resolved path)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def refuse_output_among_inputs(output: str, inputs: Iterable[str | None], stdin: str = "-") -> None:
    """Refuse an ``--output`` that is one of ``inputs`` (``None`` and standard input skipped).

    Called before anything is read or written, so that the command never
    replaces an export with its own output; an output that cannot be
    written at all (a directory, a file in a folder that does not exist) is
    refused here too, not after every input was read.
    """
    for given in inputs:
        if given is not None and given != stdin and same_file(output, given):
            raise InputFormatError(
                f"--output {output}",
                f"is the input file {given}; writing there would replace it: write the output "
                "to another file",
            )
    target = Path(os.path.realpath(output))
    why = None
    if target.is_dir():
        why = os.strerror(errno.EISDIR)
    elif not target.parent.is_dir():
        why = f"its folder {str(Path(output).parent)!r} does not exist"
    if why is not None:
        raise InputFormatError(
            f"--output {output}", f"cannot be written ({why}); it is left as it was"
        )
