"""One exception family for everything a user can cause.

Every error a user can act on derives from :class:`ShelfbookError`. The CLI catches that base class
and prints ``str(error)`` as a single line (no traceback) before exiting with ``error.exit_code``.
Messages follow one shape::

    <thing> <name> must be <allowed>; got <received> (in <file>, row <n>)

Anything that is *not* a ShelfbookError is a bug in Shelfbook and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class ShelfbookError(Exception):
    """Base class of all errors a user can act on."""

    exit_code = 1


class ParamsError(ShelfbookError):
    """A params file (or a command-line parameter) is missing, malformed or has a wrong value."""

    exit_code = 2


class InputFileError(ShelfbookError):
    """An export in ``data/<client>/`` cannot be read.

    Carries where the problem is so that messages name the file, the column and the row.
    ``row`` is the 1-based line/row number as a spreadsheet program would show it.
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        column: str | None = None,
        row: int | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.column = column
        self.row = row
        self.detail = message
        where = []
        if self.path is not None:
            where.append(f"in {self.path}")
        if column is not None:
            where.append(f"column {column!r}")
        if row is not None:
            where.append(f"row {row}")
        super().__init__(f"{message} ({', '.join(where)})" if where else message)


class UnknownReportError(InputFileError):
    """The file's headers match no report layout Shelfbook knows."""


class MissingDataError(ShelfbookError):
    """The exports in ``data/<client>/`` do not contain what a playbook needs (e.g. no ad report)."""

    exit_code = 2


class RenderError(ShelfbookError):
    """Executing or exporting a notebook failed; the message says which cell and why."""

    exit_code = 1


class InputInNotebookError(RenderError):
    """A user's input error (a bad export, a missing file) raised inside a notebook: exit 2 like the
    same error raised before the kernel, the message naming the file."""

    exit_code = 2


class SetupError(ShelfbookError):
    """The machine cannot do what the run needs: the disk is full, a scheduler does not answer.

    The message says what failed and that the last good report was kept.
    """

    exit_code = 2


def is_user_error(name: str) -> bool:
    """Whether an exception class named ``name`` (as a kernel reports it) is a ShelfbookError.

    Derived from the class hierarchy, so a new subclass anywhere in ``helpers`` counts without being
    listed; the caller imports the modules whose errors it may see (loaders, playbooks).

    >>> is_user_error("ParamsError"), is_user_error("KeyError")
    (True, False)
    """
    seen: list[type] = [ShelfbookError]
    while seen:
        cls = seen.pop()
        if cls.__name__ == name:
            return True
        seen.extend(cls.__subclasses__())
    return False
