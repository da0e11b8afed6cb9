"""Lenient runs of the scale-out engines (Dask, Spark): what the reading of each input
rejected, and the job ids found in two partitions (the first kept, in partition order,
the later ones rejected with the reference's message). See docs/scale.md, "Lenient runs".
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

import attrs

from ..errors import InvalidRecordError
from ..io import interchange
from ..records import CORE_FIELDS
from ..schema import duplicate_job_problem
from .columnar_input import _kind

__all__ = ["InputRejections", "Lenient", "Part", "Repeats", "by_file", "input_name",
           "repeats_of"]

R = TypeVar("R")


@attrs.frozen
class InputRejections:
    """One input of a lenient run: its name (a file, ``partition 3`` of a frame), how many
    rows it had, and its rejected rows (`svcperf.io.Rejected`, in row order):
    ``rows - len(rejected)`` rows were read."""

    source: str
    rows: int
    rejected: tuple[interchange.Rejected, ...]


@attrs.frozen
class Lenient(Generic[R]):
    """What a lenient run gives: its `result`, computed on the good rows, and the
    rejections of every input (the jobs' files or partitions in order, then the disputes):
    good + rejected = every input row."""

    result: R
    inputs: tuple[InputRejections, ...]


@attrs.frozen
class Part:
    """A partition of a lenient run's jobs, as its rows are named: the file (``None``
    for a frame's partition), the format (``csv``, ``jsonl``, ``parquet`` or ``frame``),
    the number of its first row less one (a run of a Parquet file's row groups, a
    frame's partition), and what its scan read: rows, and the rejected ones."""

    path: str | None
    kind: str
    first_row: int
    rows: int
    rejected: tuple[interchange.Rejected, ...]

    @classmethod
    def of(cls, path: str | None, first_row: int, rows: int,
           rejected: Sequence[interchange.Rejected]) -> Part:
        """The part read from `path` (``None``: a frame), its kind found from the path."""
        kind = "frame" if path is None else _kind(path, None)
        return cls(path, kind, first_row, rows, tuple(rejected))

    def good_lines(self) -> list[int]:
        """The line (CSV, JSON Lines) or row number (Parquet, frames) of each good row,
        in order: every row not rejected (each non-blank row is one or the other)."""
        taken = {item.line for item in self.rejected}
        every: Any
        if self.kind in ("csv", "jsonl"):
            assert self.path is not None
            with warnings.catch_warnings():  # (the scan gave them already)
                warnings.simplefilter("ignore", interchange.InputWarning)
                every = [line for line, _ in interchange._Rows(self.path, self.kind,
                                                                CORE_FIELDS)]
        else:
            every = range(self.first_row + 1, self.first_row + self.rows + 1)
        return [line for line in every if line not in taken]

    def place(self, line: int, other: Part | None = None) -> str:
        """Row `line` as a message names it (``line 4``, ``row 4``), with its file when
        `other` (the part naming it) is of another file."""
        unit = "line" if self.kind in ("csv", "jsonl") else "row"
        if other is None or other.path == self.path or self.path is None:
            return f"{unit} {line}"
        return f"{self.path}, {unit} {line}"

    def located(self, problem: InvalidRecordError, line: int) -> InvalidRecordError:
        """`problem` placed at row `line` of this part, as its scan places problems."""
        if self.kind in ("csv", "jsonl"):
            return problem.located(self.path, line)
        where = f"{self.path}, row {line}" if self.path is not None else f"row {line}"
        return problem.located(where, None)


@attrs.frozen
class Repeats:
    """What `repeats_of` finds: by part, the good rows to reject (by index among
    its good rows) and their rejections; and the part's own rejections of a repeat that
    must name the first row elsewhere (by line)."""

    dropped: dict[int, dict[int, interchange.Rejected]]
    renamed: dict[int, dict[int, interchange.Rejected]]

    def rejected(self, index: int, part: Part) -> tuple[interchange.Rejected, ...]:
        """The rejected rows of `part` (the `index`-th), in row order."""
        renamed = self.renamed.get(index, {})
        own = [renamed.get(item.line, item) for item in part.rejected]
        return tuple(sorted([*own, *self.dropped.get(index, {}).values()],
                            key=lambda item: item.line))


def repeats_of(parts: Sequence[Part], occurrences: Sequence[Sequence[tuple[int, str]]],
               lines: Sequence[Sequence[int]] | None = None) -> Repeats:
    """For job ids in several `parts`, the rows to reject: every occurrence after the
    first in part order, with the reference's problem naming the first (a row the part's
    own scan rejected as a repeat of a row now rejected is renamed to name it too).

    `occurrences` holds, per part, (index among its good rows, job id) of the rows of
    possibly repeated ids, in row order (an id found once is kept). `lines`, when given,
    holds the line or row number of each (`Part.good_lines`'), so that no file is read
    here."""
    found = Repeats({}, {})
    first: dict[str, tuple[int, int]] = {}
    known = {} if lines is None else {
        (part, index): line for part, (found_here, lines_here) in enumerate(zip(
            occurrences, lines, strict=True))
        for (index, _), line in zip(found_here, lines_here, strict=True)}
    every: dict[int, list[int]] = {}

    def line_of(part: int, index: int) -> int:
        if (part, index) in known:
            return known[part, index]
        if part not in every:
            every[part] = parts[part].good_lines()
        return every[part][index]

    for part, found_here in enumerate(occurrences):
        own: dict[str, list[interchange.Rejected]] | None = None
        for index, job_id in found_here:
            seen = first.setdefault(job_id, (part, index))
            if seen == (part, index):
                continue
            here, there = parts[part], parts[seen[0]]
            line = line_of(part, index)
            named = there.place(line_of(*seen), here)
            found.dropped.setdefault(part, {})[index] = interchange.Rejected(
                line, here.located(duplicate_job_problem(job_id, named), line))
            if own is None:
                own = {}
                for item in here.rejected:
                    own.setdefault(str(item.error.got), []).append(item)
            was = str(duplicate_job_problem(job_id, here.place(line)).expected)
            for item in own.get(job_id, ()):
                if item.error.field == "job_id" and item.error.expected == was:
                    found.renamed.setdefault(part, {})[item.line] = interchange.Rejected(
                        item.line, here.located(duplicate_job_problem(job_id, named),
                                                item.line))
    return found


def input_name(source: Any) -> str:
    """The name of a disputes source among a lenient run's inputs: its path, or
    ``disputes`` for a frame."""
    return os.fspath(source) if isinstance(source, str | os.PathLike) else "disputes"


def by_file(parts: Sequence[tuple[str, Part, Sequence[interchange.Rejected]]]
            ) -> tuple[InputRejections, ...]:
    """The rejections of parts (each with its input's name and its rejected rows) per
    input, in the order they first come: the runs of row groups of one Parquet file are
    one input."""
    rows: dict[str, int] = {}
    rejected: dict[str, list[interchange.Rejected]] = {}
    for name, part, found in parts:
        rows[name] = rows.get(name, 0) + part.rows
        rejected.setdefault(name, []).extend(found)
    return tuple(InputRejections(name, rows[name], tuple(sorted(
        rejected[name], key=lambda item: item.line))) for name in rows)
