"""The command line's ``--rejected PATH``: the rows a lenient reading rejected, written
as CSV beside the result (see docs/cli.md, "Lenient reading: --rejected")."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .errors import InvalidArgumentError
from .io import Rejected
from .output import csv_text

__all__ = ["COLUMNS", "Read", "said", "text", "write"]

#: The columns of the file: the input file, the line (a Parquet file's or a frame's row
#: number, from 1) and the problems as the strict run prints them, one line each.
COLUMNS = ("source", "line", "error")
#: A file read leniently: its name, its rejected rows, and how many rows it had.
Read = tuple[str, Sequence[Rejected], int]


def _rows(found: Sequence[Read]) -> Iterator[dict[str, object]]:
    for name, rejected, _ in found:
        for item in rejected:
            yield {"source": name, "line": item.line,
                   "error": "\n".join(problem.message for problem in item.error.problems)}


def write(path: str, found: Sequence[Read]) -> list[str]:
    """Write the rejected rows of the files `found` to `path` (CSV, `COLUMNS`; a header
    only when none is rejected, so that no stale file is left), and return the lines to
    say on standard error: per file, how many rows it had, read and rejected.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "rejected.csv")
    >>> [line.replace(path, "PATH") for line in write(path, [("jobs.csv", [], 9998)])]
    ['svcperf: jobs.csv: 9,998 rows, 9,998 read, 0 rejected (written to PATH)']
    >>> with open(path, encoding="utf-8", newline="") as handle:
    ...     handle.read() == "source,line,error\\r\\n"
    True

    Raises `InvalidArgumentError` when `path` cannot be written.
    """
    try:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text(found))
    except OSError as error:
        raise InvalidArgumentError(f"--rejected: cannot write {path!r}: "
                                   f"{error.strerror or error}") from None
    return said(path, found)


def text(found: Sequence[Read]) -> str:
    """The rejected rows of the files `found`, as the file `write` writes them."""
    return csv_text(_rows(found), COLUMNS)


def said(path: str, found: Sequence[Read]) -> list[str]:
    """The lines `write` returns: per file, how many rows it had, read and rejected."""
    return [f"svcperf: {name}: {rows:,} rows, {rows - len(rejected):,} read, "
            f"{len(rejected):,} rejected (written to {path})" for name, rejected, rows in found]
