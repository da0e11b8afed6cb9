"""Reading the jobs and disputes files: CSV or JSON Lines (SPEC §7); writing them is in
`svcperf.io.writing`.

Reading is strict. The header is checked first (every core column present, no
column named twice); then every row is read with `Job.from_row` / `Dispute.from_row`,
and every bad row is reported with its file, line, field and reason. Cross-row
checks follow: a job id used twice (both lines named), a dispute naming a job that
is not in the jobs given. `read_jobs` / `read_disputes` fail with all the problems
(`InvalidInputError`, the first `ERROR_CAP` shown and a count of the rest);
`scan_jobs` / `scan_disputes` return the good records and every rejected row, so
that a caller can account for each input row: a bad byte is reported on its own line,
and after a malformed CSV record spanning several lines its other lines are read
again, so no problem ends a read early. A CSV file whose last row has no line ending
gives an `InputWarning`. A reader takes a path or an open binary stream.

Blank lines (empty or whitespace only, in either format) are not rows: they are
skipped, and line numbers still count them.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import json
import operator
import os
import re
import warnings
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any, BinaryIO, Generic, TextIO, TypeVar

import attrs

from ..errors import InvalidArgumentError, InvalidInputError, InvalidRecordError
from ..records import CORE_FIELDS, Dispute, Job
from ..schema import duplicate_job_problem, text_problem, unknown_job_problem
from .rows import DISPUTE_VALUES, RowReading, read_dispute_values

__all__ = [
    "DISPUTE_FIELDS",
    "ERROR_CAP",
    "CSV_CELL_LIMIT",
    "Collector",
    "FILE_FORMATS",
    "FORMATS",
    "InputWarning",
    "Rejected",
    "Scan",
    "check_header",
    "file_format",
    "read_disputes",
    "read_jobs",
    "scan_disputes",
    "scan_jobs",
    "source_name",
]

#: The file formats the reference reader reads, by the names a caller may give.
FORMATS = ("csv", "jsonl")
#: Every file format of jobs and disputes svcperf reads and writes: Parquet too, with
#: pyarrow (read by the columnar reader, written by `svcperf.engines.parquet_writing`).
FILE_FORMATS = (*FORMATS, "parquet")
_EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
#: How many problems a failed read shows (the rest are counted).
ERROR_CAP = 50
#: The columns of a disputes file.
DISPUTE_FIELDS = ("job_id", "issue_type", "outcome", "decided_at")
_CORE = frozenset(CORE_FIELDS)
# Fields a JSON Lines object may leave out (JSON's idiom for "no value"); the others
# must be present, so that a misspelt key is not read as a missing value.
_MAY_BE_OMITTED = frozenset({
    "technician_id", "arrival_window_start", "arrival_window_end", "started_at", "closed_at",
    "rating", "rated_at", "hg_claim_at", "cancel_attributed", "decided_at",
})
_INTERNED = ("account_id", "coverage_area", "profession", "technician_id", "timezone")
_PROGRESS_EVERY = 100_000
#: The longest CSV cell read, in characters (in effect no limit, as in JSON Lines; the
#: `csv` module's own default is 131,072).
CSV_CELL_LIMIT = 2**31 - 1
# A byte that is not UTF-8, as ``surrogateescape`` decoding keeps it.
_UNDECODED = re.compile("[\udc80-\udcff]")

R = TypeVar("R", Job, Dispute)
Path = str | os.PathLike[str]
#: What a reader reads: a file's path, or an open binary stream (standard input's
#: ``sys.stdin.buffer``, say), read from where it is and left open; a stream needs `format`.
Source = Path | BinaryIO
Progress = Callable[[int], None]


class InputWarning(UserWarning):
    """A file was read, but something in it deserves a look (a last line cut short)."""


@attrs.frozen
class Rejected:
    """A row that was not read: its line and the error (which names file, line, field)."""

    line: int
    error: InvalidRecordError


@attrs.frozen
class Scan(Generic[R]):
    """What a lenient read returns: the good records, in file order, and every rejected row.

    Every non-blank row of the file is in exactly one of the two.
    """

    records: tuple[R, ...]
    rejected: tuple[Rejected, ...]


def source_name(source: Source) -> str:
    """The name messages give `source`: its path, or a stream's ``name`` (``<stdin>``).

    >>> import io
    >>> source_name("jobs.csv"), source_name(io.BytesIO())
    ('jobs.csv', '<stream>')
    """
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else "<stream>"


def file_format(path: Source, format: str | None = None) -> str:
    """The format of `path` for the reference reader: `format` when given, else from the
    extension. Raises `InvalidArgumentError` for a format or extension it cannot tell, and
    for Parquet (``format="parquet"``, a ``.parquet`` file, a folder), which the columnar
    reader reads.

    >>> file_format("jobs.csv"), file_format("jobs.NDJSON"), file_format("x.txt", "jsonl")
    ('csv', 'jsonl', 'jsonl')
    """
    parquet = format == "parquet"
    if format is not None and not parquet:
        if format not in FORMATS:
            raise InvalidArgumentError(f"format: expected one of {', '.join(FORMATS)}, "
                                       f"got {format!r}")
        return format
    if not isinstance(path, str | os.PathLike):
        if parquet:
            raise InvalidArgumentError(f"{source_name(path)}: Parquet is read from a file "
                                       f"only (by the columnar engine), not from a stream")
        raise InvalidArgumentError(f"{source_name(path)}: a stream has no extension to tell "
                                   f"its format by; give the format ({', '.join(FORMATS)})")
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if parquet or suffix == ".parquet" or os.path.isdir(path):
        what = "folder of Parquet files" if os.path.isdir(path) else "Parquet file"
        raise InvalidArgumentError(f"{os.fspath(path)}: a {what} is read by the columnar "
                                   f"engine (engine 'columnar' or 'auto', which needs pyarrow: "
                                   f"pip install 'svcperf[columnar]'), not by the Python one")
    if suffix not in _EXTENSIONS:
        raise InvalidArgumentError(f"{os.fspath(path)}: cannot tell the format from the "
                                   f"extension {suffix!r}; use .csv, .jsonl or .ndjson (or "
                                   f".parquet, which the columnar engine reads), or give "
                                   f"the format")
    return _EXTENSIONS[suffix]


# --- reading -----------------------------------------------------------------------------

_Row = dict[str, Any]
# A row: the cells of a CSV row (one per header column), a JSON Lines object, or the
# problem found on its line.
_Item = tuple[int, list[str] | _Row | InvalidRecordError]


def _problem(name: str, line: int, record: str, field: str, expected: str,
             got: object) -> InvalidRecordError:
    return InvalidRecordError(record, field, expected, got, source=name, line=line)


def _undecoded(text: str) -> str | None:
    """The first byte of `text` that was not UTF-8 (read with ``surrogateescape``), shown."""
    if text.isascii():
        return None
    found = _UNDECODED.search(text)
    return None if found is None else f"the byte 0x{ord(found.group()) - 0xDC00:02x}"


def _byte_problem(name: str, line: int, record: str, field: str, byte: str) -> InvalidRecordError:
    return _problem(name, line, record, field, "UTF-8 text", byte)


def check_header(header: Sequence[str], name: str, required: Sequence[str]) -> None:
    """Raise the readers' `InvalidInputError` for a header of file `name` (line 1) with
    `header_problems`."""
    problems = header_problems(header, name, required)
    if problems:
        raise InvalidInputError(problems)


def header_problems(header: Sequence[str], name: str,
                    required: Sequence[str]) -> list[InvalidRecordError]:
    """The problems of a header of file `name` (line 1): columns that are not UTF-8, blank,
    not text an extra attribute's name may be (a NUL character, a lone surrogate) or
    repeated, and each `required` column it lacks."""
    problems = []
    for column, count in Counter(header).items():
        byte = _undecoded(column)
        if byte is not None:
            problems.append(_byte_problem(name, 1, "header", column, byte))
        elif not column.strip():
            problems.append(_problem(name, 1, "header", column, "a column name", column))
        elif (wrong := text_problem(column, core=False)) is not None:
            problems.append(_problem(name, 1, "header", column, f"a column name ({wrong})",
                                     column))
        elif count > 1:
            problems.append(_problem(name, 1, "header", column, "each column named once",
                                     f"{count} columns named {column!r}"))
    present = set(header)
    near = {column.strip().lower(): column for column in header}
    for column in required:
        if column not in present:
            got = f"only a column named {near[column]!r}" if column in near else "no such column"
            problems.append(_problem(name, 1, "header", column, "a column of that name", got))
    return problems


class _Lines:
    """The lines of a file as a CSV reader reads them, and again, one record at a time:
    `reader` reads from `lines`, and `taken` gives the lines its last record spanned
    (counted by the reader's ``line_num``; a second iterator, `itertools.tee`'s, lags
    one record behind). `again` reads the given lines again, before the rest."""

    __slots__ = ("_behind", "_read", "reader", "take")

    def __init__(self, lines: Iterator[str]) -> None:
        self._start(lines)

    def _start(self, lines: Iterator[str]) -> None:
        ahead, self._behind = itertools.tee(lines)
        self.reader = csv.reader(ahead, strict=True)
        self.take = self._behind.__next__  # the next line of the record just read
        self._read = 0  # the lines the reader had read before its last record

    def taken(self) -> int:
        """How many lines the reader's last record spanned (each then one `take()`)."""
        read = self.reader.line_num
        count, self._read = read - self._read, read
        return count

    def again(self, lines: list[str]) -> None:
        """Read `lines` again, as the next lines of the file."""
        self._start(itertools.chain(lines, self._behind))


@contextlib.contextmanager
def _cell_limit() -> Iterator[None]:
    """`CSV_CELL_LIMIT` set as the `csv` module's cell limit, while reading."""
    limit = csv.field_size_limit(CSV_CELL_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(limit)


def _csv_rows(source: Source, name: str, required: Sequence[str],
             header_read: list[str]) -> Iterator[_Item]:
    """The records of a CSV file, each one accounted for: a row, a problem, or a blank line.

    A record that cannot be read (malformed CSV, or the wrong number of cells) and spans
    several lines is reported at its first line, and reading resumes at the next line, so
    that an unbalanced quote costs one row, not the rest of the file. (One generator
    opens, reads and closes: each row passes through one frame.)
    """
    with _text(source, True) as handle, _cell_limit():
        lines = _Lines(handle)
        try:
            header = next(lines.reader)
        except StopIteration:
            raise InvalidInputError([_problem(name, 1, "header", required[0], "a header row",
                                              "an empty file")]) from None
        except csv.Error as error:
            raise InvalidInputError([_problem(name, 1, "header", "(csv)", "well-formed CSV",
                                              str(error))]) from None
        check_header(header, name, required)
        header_read[:] = header
        width = len(header)
        start = 1 + lines.taken()  # the line number of the record being read
        for _ in range(start - 1):
            lines.take()
        last_line, last_end = "", 0  # the last line of the last record read, and its number
        reader, taken, take = lines.reader, lines.taken, lines.take
        while True:
            try:
                cells: list[str] | None = next(reader)
                malformed = ""
            except StopIteration:
                break
            except csv.Error as error:
                cells, malformed = None, str(error)
            count = taken()
            if count == 1:  # the usual record: one line
                line_text = take()
                if not line_text or line_text.isspace():  # a blank line
                    start += 1
                    continue
                record = [line_text]
                bad = None if line_text.isascii() else _first_undecoded(record)
            else:
                record = [take() for _ in range(count)]
                bad = _first_undecoded(record)
            if cells is not None and len(cells) == width:
                if bad is not None:
                    column = next((column for column, cell in zip(header, cells, strict=True)
                                   if _undecoded(cell) is not None), "(encoding)")
                    yield start + bad[0], _byte_problem(name, start + bad[0], "row", column,
                                                        bad[1])
                else:
                    yield start, cells
                last_line, last_end = record[-1], start + count - 1
                start += count
                continue
            if bad is not None and bad[0] == 0:
                yield start, _byte_problem(name, start, "row", "(encoding)", bad[1])
            elif cells is None:
                yield start, _problem(name, start, "row", "(csv)", "well-formed CSV", malformed)
            else:
                yield start, _problem(name, start, "row", "(cells)",
                                      f"{width} cells, one per header column",
                                      f"{len(cells)} cells")
            last_line, last_end = record[0], start
            if count > 1:  # read the other lines again, as records of their own
                lines.again(record[1:])
                reader, taken, take = lines.reader, lines.taken, lines.take
            start += 1
        if last_line and last_line[-1] not in "\r\n":
            warnings.warn(InputWarning(f"{name}:{last_end}: the last line has no line ending: "
                                       f"the file may have been cut short"), stacklevel=2)


def _first_undecoded(lines: list[str]) -> tuple[int, str] | None:
    """The first of `lines` with a byte that is not UTF-8: its index and the byte shown."""
    return next(((index, byte) for index, byte in enumerate(map(_undecoded, lines))
                 if byte is not None), None)


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return result


# What `json.loads(text, object_pairs_hook=_unique_keys)` uses, made once.
_DECODER = json.JSONDecoder(object_pairs_hook=_unique_keys)


def _undecoded_field(text: str) -> str:
    """The field of the JSON Lines object `text` whose name or text holds a byte that is not
    UTF-8; ``(encoding)`` when `text` is no such object."""
    try:
        value = json.loads(text)
    except ValueError:
        return "(encoding)"
    if isinstance(value, dict):
        for key, item in value.items():
            if _undecoded(key) is not None or (type(item) is str and _undecoded(item)):
                return str(key)
    return "(encoding)"


def _jsonl_rows(source: Source, name: str, required: Sequence[str]) -> Iterator[_Item]:
    number = 0
    required_set = frozenset(required)
    with _text(source, False) as handle:
        for text in handle:
            number += 1
            if not text.strip():
                continue
            byte = _undecoded(text)
            if byte is not None:
                yield number, _byte_problem(name, number, "row", _undecoded_field(text), byte)
                continue
            try:
                value = _DECODER.decode(text)
            except _DuplicateKeyError as error:
                yield number, _problem(name, number, "row", error.key, "each field once",
                                       "the field twice")
                continue
            except (ValueError, RecursionError):
                shown = text.strip()
                yield number, _problem(name, number, "row", "(json)", "a JSON object",
                                       shown if len(shown) <= 60 else shown[:57] + "...")
                continue
            if not isinstance(value, dict):
                yield number, _problem(name, number, "row", "(json)", "a JSON object", value)
                continue
            if value.keys() >= required_set:  # every field given
                yield number, value
                continue
            missing = [field for field in required
                       if field not in value and field not in _MAY_BE_OMITTED]
            if missing:
                more = f" ({len(missing) - 1} more fields missing)" if len(missing) > 1 else ""
                yield number, _problem(name, number, "row", missing[0],
                                       "the field (null for no value)", f"no such field{more}")
                continue
            for field in required:
                value.setdefault(field, None)
            yield number, value


@contextlib.contextmanager
def _text(source: Source, csv_file: bool) -> Iterator[TextIO]:
    """`source` as text. Bytes that are not UTF-8 are kept as lone surrogates
    (``surrogateescape``), so that each is reported on its own line (a decoder reads ahead
    of the lines). A stream is left open."""
    newline = "" if csv_file else None
    if isinstance(source, str | os.PathLike):
        with open(source, encoding="utf-8-sig", errors="surrogateescape",
                  newline=newline) as handle:
            yield handle
        return
    wrapper = io.TextIOWrapper(source, encoding="utf-8-sig", errors="surrogateescape",
                               newline=newline)
    try:
        yield wrapper
    finally:
        wrapper.detach()


class _Rows:
    """The rows of a file, read on iteration as ``(line, row)`` items (see `_Item`).

    `header` is the CSV header once read (checked: every required column, each once).
    """

    def __init__(self, path: Source, format: str | None, required: Sequence[str]) -> None:
        self.kind = file_format(path, format)
        self.path = path
        self.required = required
        self.header: list[str] = []

    def __iter__(self) -> Iterator[_Item]:
        name = source_name(self.path)
        if self.kind == "csv":
            return _csv_rows(self.path, name, self.required, self.header)
        return _jsonl_rows(self.path, name, self.required)

    def as_dict(self, row: list[str] | _Row) -> _Row:
        """`row` as a dict: CSV cells under their header columns."""
        if type(row) is list:
            return dict(zip(self.header, row, strict=True))
        assert type(row) is dict
        return row


def _intern(row: _Row, cache: dict[str, str],
            columns: dict[tuple[str, ...], tuple[str, ...]]) -> _Row:
    """Share one string object between equal values of the low-variety columns (the
    `_INTERNED` ones and the extras)."""
    names = tuple(row)
    keys = columns.get(names)
    if keys is None:
        keys = columns[names] = (*_INTERNED, *(key for key in names if key not in _CORE))
    for key in keys:
        value = row.get(key)
        if type(value) is str:
            row[key] = cache.setdefault(value, value)
    return row


class Collector(Generic[R]):
    """Records and rejected rows; once strict reading has failed, records are dropped.

    The readers' (and the columnar engine's, for tables) one way to a report: `reject`
    each problem in row order, `keep` each record, then `result` raises the capped
    `InvalidInputError` or gives the `Scan` of the records.
    """

    def __init__(self, strict: bool, progress: Progress | None) -> None:
        self.strict = strict
        self.progress = progress
        self.records: list[R] = []
        self.rejected: list[Rejected] = []
        self.total_rejected = 0  # problems (a row may have several)
        self.shown = 0
        self.rows = 0

    def row(self) -> None:
        self.rows += 1
        if self.progress is not None and self.rows % _PROGRESS_EVERY == 0:
            self.progress(self.rows)

    def keep(self, record: R) -> None:
        if not (self.strict and self.total_rejected):
            self.records.append(record)

    def reject(self, line: int, error: InvalidRecordError) -> None:
        self.total_rejected += len(error.problems)
        if not self.strict or self.shown < ERROR_CAP:
            self.rejected.append(Rejected(line, error))
            self.shown += len(error.problems)
        if self.strict:
            self.records.clear()

    def result(self) -> Scan[R]:
        if self.strict and self.total_rejected:
            problems = [problem for item in self.rejected for problem in item.error.problems]
            raise InvalidInputError(problems[:ERROR_CAP], total=self.total_rejected)
        return Scan(tuple(self.records), tuple(self.rejected))


def _jobs(path: Source, format: str | None, strict: bool, progress: Progress | None) -> Scan[Job]:
    name = source_name(path)
    collected: Collector[Job] = Collector(strict, progress)
    shared = RowReading()
    columns: dict[tuple[str, ...], tuple[str, ...]] = {}
    first_line: dict[str, int] = {}
    rows = _Rows(path, format, CORE_FIELDS)
    csv_reader = None
    keep = collected.records.append
    count = 0
    for line, row in rows:
        count += 1  # as `collected.row()`, inlined as `keep` is
        if progress is not None and count % _PROGRESS_EVERY == 0:
            progress(count)
        # Each row is tried on the fast path (`rows.JobRowReader`), which builds the
        # job `Job.from_row` would or leaves the row to it (for its error, say).
        if type(row) is list:
            if csv_reader is None:
                csv_reader = shared.job_reader(tuple(rows.header), positions=True)
            job = csv_reader.read(row, shared) if csv_reader is not None else None
        elif type(row) is dict:
            reader = shared.job_reader(tuple(row))
            job = reader.read(row, shared) if reader is not None else None
        else:
            assert isinstance(row, InvalidRecordError)
            collected.reject(line, row)
            continue
        if job is None:
            try:
                job = Job.from_row(_intern(rows.as_dict(row), shared.interned, columns))
            except InvalidRecordError as error:
                collected.reject(line, error.located(name, line))
                continue
        first = first_line.setdefault(job.job_id, line)
        if first != line:
            collected.reject(line, duplicate_job_problem(job.job_id, f"line {first}")
                             .located(name, line))
            continue
        if not (strict and collected.total_rejected):
            keep(job)
    return collected.result()


def _disputes(path: Source, format: str | None, job_ids: Collection[str] | None, strict: bool,
              progress: Progress | None) -> Scan[Dispute]:
    name = source_name(path)
    collected: Collector[Dispute] = Collector(strict, progress)
    rows = _Rows(path, format, DISPUTE_FIELDS)
    csv_values = None
    shared = RowReading()
    for line, row in rows:
        collected.row()
        # As in `_jobs`: the fast path first, then `Dispute.from_row`'s own reading.
        if type(row) is list:
            if csv_values is None:
                csv_values = operator.itemgetter(
                    *(rows.header.index(field) for field in DISPUTE_FIELDS))
            dispute = read_dispute_values(csv_values(row), shared)
        elif type(row) is dict:
            try:
                dispute = read_dispute_values(DISPUTE_VALUES(row), shared)
            except KeyError:
                dispute = None
        else:
            assert isinstance(row, InvalidRecordError)
            collected.reject(line, row)
            continue
        if dispute is None:
            try:
                dispute = Dispute.from_row(rows.as_dict(row))
            except InvalidRecordError as error:
                collected.reject(line, error.located(name, line))
                continue
        if job_ids is not None and dispute.job_id not in job_ids:
            collected.reject(line, unknown_job_problem(dispute.job_id).located(name, line))
            continue
        collected.keep(dispute)
    return collected.result()


def read_jobs(path: Source, *, format: str | None = None,
              progress: Progress | None = None) -> list[Job]:
    """Read a jobs file strictly.

    Args:
        path: a ``.csv``, ``.jsonl`` or ``.ndjson`` file, or a binary stream (read from
            where it is, left open; `format` is then required).
        format: ``"csv"`` or ``"jsonl"``, overriding the extension.
        progress: called with the number of rows read, every 100,000 rows.

    Raises:
        InvalidInputError: listing every bad row (file, line, field, reason), a column
            missing from the header, a job id used twice, bytes that are not UTF-8.
        InvalidArgumentError: for an unknown format.
        OSError: when the file cannot be opened.
    """
    return list(_jobs(path, format, True, progress).records)


def scan_jobs(path: Source, *, format: str | None = None,
              progress: Progress | None = None) -> Scan[Job]:
    """Read a jobs file leniently: the good jobs and every rejected row.

    A later row reusing a job id is rejected; the first one is kept. A bad header still
    raises `InvalidInputError`: no row can be read.
    """
    return _jobs(path, format, False, progress)


def read_disputes(path: Source, *, format: str | None = None,
                  job_ids: Collection[str] | None = None,
                  progress: Progress | None = None) -> list[Dispute]:
    """Read a disputes file strictly; with `job_ids`, a dispute naming another job is an error.

    Columns beyond `DISPUTE_FIELDS` are ignored. Raises `InvalidInputError` as `read_jobs`.
    """
    return list(_disputes(path, format, job_ids, True, progress).records)


def scan_disputes(path: Source, *, format: str | None = None,
                  job_ids: Collection[str] | None = None,
                  progress: Progress | None = None) -> Scan[Dispute]:
    """Read a disputes file leniently: the good disputes and every rejected row."""
    return _disputes(path, format, job_ids, False, progress)
