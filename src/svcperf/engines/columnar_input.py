"""Reading jobs and disputes into validated Arrow tables, column-wise (the columnar engine's
edge; see `svcperf.engines.columnar`).

Every column is checked with vectorised masks that accept only values whose meaning is
plain (an instant ``YYYY-MM-DDTHH:MM:SS[.ffffff]`` with ``Z`` or ``±HH:MM`` in the years
1000 to 9998, where no offset can move it out of the calendar; a date ``YYYY-MM-DD``; ...).
Other values (other years, which the reference accepts from 0001 to 9999, included) are not
rejected by a mask: they are flagged. A row that any mask flags is handed to the reference
row function (`Job.from_row` / `Dispute.from_row`) with the row's values: when it accepts
the row (an unusual but valid form, ``2026-09-14 10:30+01``, say), its record is
patched into the table; when it rejects any row, the error is the reference reader's
own (for a file, the reference reader is run over the file, so that lines, order and cap
are exactly its). So a value the reference rejects is never accepted column-wise, and
every value it accepts is read to the same instant, date or number.

pyarrow is imported inside the functions; this module imports nothing heavy.
"""

from __future__ import annotations

import mmap
import os
import re
import struct
from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any, Generic, TypeVar

import attrs

from ..engine_choice import input_kind
from ..errors import InvalidArgumentError, InvalidInputError, InvalidRecordError
from ..io import interchange
from ..parsing import parse_date, parse_instant
from ..records import CORE_FIELDS, Dispute, DisputeOutcome, IssueType, Job, JobStatus
from ..schema import WHITESPACE, duplicate_job_problem, text_problem, unknown_job_problem
from ..zones import fixed_offset, zone
from . import acero
from . import values as av
from .memory_pool import using_engine_pool

__all__ = ["INSTANTS", "DisputeTable", "JobTable", "TableScan", "dictionary_codes",
           "dictionary_indices", "jobs_from_records", "known_ids", "read_dispute_table",
           "read_job_table", "scan_dispute_table", "scan_job_table", "text_equal"]

#: The instant fields of a job, each a ``timestamp[us, UTC]`` column.
INSTANTS = ("arrival_window_start", "arrival_window_end", "started_at", "closed_at",
            "rated_at", "hg_claim_at")
#: The text fields breakdowns slice by (besides the extra columns).
_SLICED = frozenset({"coverage_area", "profession", "technician_id"})
_REQUIRED_TEXT = ("job_id", "account_id", "coverage_area", "profession", "timezone")
#: Low-variety text columns, dictionary-encoded.
_ENCODED = ("account_id", "coverage_area", "profession", "technician_id", "timezone", "status")
_YEAR = r"(?:1[0-9]{3}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])"
_DAY = _YEAR + r"-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_DATE_PATTERN = "^" + _DAY + "$"
# A UTC offset `parsing.parse_instant` accepts: at most 18 hours, never -00:00.
_OFFSET = (r"(?:\+(?:[0-1][0-7]|0[89]):[0-5][0-9]|\+18:00|-00:(?:0[1-9]|[1-5][0-9])"
           r"|-(?:0[1-9]|1[0-7]):[0-5][0-9]|-18:00)")
_INSTANT_PATTERN = ("^" + _DAY + r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?"
                    r"(?:Z|" + _OFFSET + ")$")
_RATING_PATTERN = "^0*[1-5]$"
_EPOCH = datetime(1970, 1, 1)
_MICROSECOND = timedelta(microseconds=1)
#: How many rows `JobTable.rows` and `_rows` take by slices rather than by `take`.
_FEW_ROWS = 64
T = TypeVar("T")
Source = Any  # a path (str or os.PathLike) or a pandas / polars / pyarrow table


def _pa() -> Any:
    try:
        import pyarrow
    except ImportError:
        raise InvalidArgumentError(
            "the columnar engine needs pyarrow: pip install 'svcperf[columnar]'") from None
    return pyarrow


@attrs.frozen(eq=False)
class JobTable:
    """Validated jobs as columns.

    `table` has the core fields typed (instants ``timestamp[us, UTC]``, ``date32``
    appointment dates, ``int8`` ratings, booleans, dictionary-encoded text, one dictionary
    per column) and then the extra columns (text, or dictionary-encoded text when the
    reader found it varies little; null for no value); `offsets` has, per instant field, the UTC
    offset the instant was given in (microseconds east, ``int64``, or dictionary-encoded
    ``int64`` as read from text), so that records rebuilt
    from the table show the wall time given. `extras` names the extra columns. `lacking`,
    when some jobs (from JSON Lines or records) lack an extra attribute others carry, has
    a boolean column per such attribute, true where the job lacks it (else ``None``).
    """

    table: Any
    offsets: Any
    extras: tuple[str, ...]
    lacking: Any = None

    def rows(self, indices: Any) -> JobTable:
        """The jobs at `indices` (0-based row numbers)."""
        if isinstance(indices, list) and len(indices) <= _FEW_ROWS:
            # A few rows by slices: `take` on a table of many chunks combines them first.
            def pick(table: Any) -> Any:
                return _pa().concat_tables([table.slice(index, 1) for index in indices]
                                           or [table.slice(0, 0)])
        else:
            if isinstance(indices, list):
                indices = av.integers(indices)

            def pick(table: Any) -> Any:
                return table.take(indices)
        return JobTable(pick(self.table), pick(self.offsets), self.extras,
                        None if self.lacking is None else pick(self.lacking))

    @property
    def num_rows(self) -> int:
        """How many jobs."""
        return int(self.table.num_rows)


@attrs.frozen(eq=False)
class DisputeTable:
    """Validated disputes as columns: ``job_id``, ``issue_type``, ``outcome``,
    ``decided_at`` (``timestamp[us, UTC]``) and `offsets` (``decided_at``). `among`, when
    read with job ids, is those ids as a ``string`` chunked array (every dispute names one
    of them), else ``None``."""

    table: Any
    offsets: Any
    among: Any = None


@attrs.frozen(eq=False)
class TableScan(Generic[T]):
    """What a lenient read gives: the good rows as a table (a `JobTable` or a
    `DisputeTable`), and every rejected row (`svcperf.io.Rejected`), in row order.

    Every row of the input is in exactly one of the two.
    """

    table: T
    rejected: tuple[interchange.Rejected, ...]
    #: For a folder of files, each file's name, rows and rejected rows (`rejected` is
    #: theirs, in file order: a row's `line` is its number in its own file).
    files: tuple[tuple[str, int, tuple[interchange.Rejected, ...]], ...] = ()


# --- sources -------------------------------------------------------------------------------

def _is_path(source: object) -> bool:
    return isinstance(source, str | os.PathLike)


def _kind(path: Any, format: str | None) -> str:
    """The format of the file (or folder: Parquet files) at `path`: Parquet as
    `engine_choice.input_kind` tells it, any other as the reference reader names it (or
    names the problem)."""
    if input_kind(path, format) == "parquet":
        return "parquet"
    return interchange.file_format(path, format)


def _as_arrow(frame: Any) -> Any:
    """A pyarrow table of a pandas, polars or pyarrow frame."""
    pa = _pa()
    if isinstance(frame, pa.Table):
        return frame
    module, kind = type(frame).__module__.split(".")[0], type(frame).__name__
    if module == "polars" and kind == "DataFrame":
        try:
            return frame.to_arrow()
        except Exception as error:  # (polars raises its own errors, and pyarrow's)
            raise InvalidArgumentError(f"source: cannot read the polars frame as Arrow "
                                       f"columns: {error}") from None
    if module == "pandas" and kind == "DataFrame":
        interchange.check_header([str(name) for name in frame.columns], "table", ())
        try:
            return pa.Table.from_pandas(frame, preserve_index=False)
        except (pa.ArrowTypeError, pa.ArrowInvalid) as error:
            raise InvalidArgumentError(_mixed_column(pa, frame, error)) from None
        except (pa.ArrowException, TypeError, ValueError) as error:  # a complex, a sparse column
            raise InvalidArgumentError(f"source: cannot read the frame as Arrow columns: "
                                       f"{error}") from None
    hint = " (collect() a LazyFrame first)" if kind == "LazyFrame" else ""
    raise InvalidArgumentError(f"source: expected a path or a pandas, polars or pyarrow table, "
                               f"got {kind}{hint}")


def _mixed_column(pa: Any, frame: Any, error: Exception) -> str:
    """Why pyarrow cannot convert the pandas `frame`: the first column whose values it
    cannot hold in one Arrow column (an object column mixing text and numbers, say), at
    the first row whose value has another type than the values before it."""
    for name in frame.columns:
        try:
            pa.array(frame[name], from_pandas=True)
        except (pa.ArrowTypeError, pa.ArrowInvalid):
            pass
        else:
            continue
        first: type | None = None
        for index, value in enumerate(frame[name].tolist()):
            if _missing(value):
                continue
            if first is None:
                first = type(value)
            elif type(value) is not first:
                return (f"source: column {name!r} mixes types no Arrow column holds: row "
                        f"{index + 1}: got {type(value).__name__} {value!r} after "
                        f"{first.__name__} values (give the column one type)")
    return f"source: cannot read the frame as Arrow columns: {error}"


def _missing(value: object) -> bool:
    """Whether a pandas value is no value (``None``, NaN, NaT: unequal to itself)."""
    try:
        return value is None or bool(value != value)
    except (TypeError, ValueError):  # (an array's comparison has no one truth)
        return False


def _read_parquet(path: Any) -> Any:
    """A Parquet file as a table. A file is read by its own reader:
    `pyarrow.parquet.read_table` imports `pyarrow.dataset` (and, with pandas installed,
    pandas) for what one file does not need."""
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path).read()
    except (_pa().ArrowInvalid, OSError) as error:
        if isinstance(error, OSError) and error.errno is not None:
            raise  # the file system's (no such file, no permission): the caller says so
        # Not Parquet, or damaged (pyarrow raises either for a page it cannot decode).
        raise InvalidArgumentError(f"{os.fspath(path)}: cannot read it as Parquet: "
                                   f"{error}") from None


_CSV_STRUCTURE_BYTES = (b'"', b"\x00")
# The bytes of a CSV file pyarrow reads into one chunk: 4 MiB, not its 1 MiB default.
# Every later kernel and projection runs chunk by chunk, and at 1M jobs 50 chunks instead
# of 200 take about 6 % off the whole file-to-dashboard process, on one core or two (2 and
# 8 MiB were measured too: docs/performance.md, "Sixth version").
_CSV_BLOCK_BYTES = 1 << 22


def _read_csv_text(path: Any, names: Sequence[str] | None) -> Any:
    """The CSV file as a table of text columns, or ``None`` when pyarrow's reading might
    differ from the reference reader's (a bad header, a malformed row, quotes it reads
    more leniently, bytes that are not UTF-8): the caller then uses the reference."""
    pa = _pa()
    import csv
    import io

    import pyarrow.csv as pcsv

    # Mapped, not read: pyarrow parses the page cache's bytes (reading them into a bytes
    # object first costs about a third of the parse again, in page faults).
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return None
        data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    try:
        first = next(csv.reader(io.StringIO(data[:data.find(b"\n")].decode("utf-8-sig"))), [])
    except (csv.Error, UnicodeDecodeError):
        return None
    if data[-1:] not in (b"\n", b"\r"):
        return None  # the reference's warning for a last line without a line ending
    required = names if names is not None else CORE_FIELDS
    if interchange.header_problems(first, os.fspath(path), required):
        return None
    types = dict.fromkeys(first, pa.string())
    for name in _low_variety(pa, pcsv, data, first):
        types[name] = pa.dictionary(pa.int32(), pa.string())
    try:
        table = pcsv.read_csv(
            pa.py_buffer(data),
            # (On one core, pyarrow's threaded reader is about twice as slow as its serial one.)
            read_options=pcsv.ReadOptions(use_threads=pa.cpu_count() > 1,
                                          block_size=_CSV_BLOCK_BYTES),
            parse_options=pcsv.ParseOptions(newlines_in_values=True),
            convert_options=pcsv.ConvertOptions(
                column_types=types, null_values=[""], strings_can_be_null=True,
                quoted_strings_can_be_null=True))
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    if table.schema.names != first:
        return None
    table = table.unify_dictionaries()
    if _holds_any(data, _CSV_STRUCTURE_BYTES) and not _same_csv_rows(data[:], table.num_rows):
        return None
    return table


_PIECE = 1 << 18


def _holds_any(data: mmap.mmap, needles: Sequence[bytes]) -> bool:
    """Whether `data` holds any of the one-byte `needles`: looked for piece by piece, so
    that each piece is read from memory once for all of them (a third less time than a
    whole-file search per needle)."""
    return any(data.find(needle, start, start + _PIECE) >= 0
               for start in range(0, len(data), _PIECE) for needle in needles)


#: Fields read as dictionaries (few distinct values in any data set: accounts, areas, zones,
#: dates, enums); an extra column is when its first rows have few distinct values.
_DICTIONARY_FIELDS = frozenset({"account_id", "coverage_area", "profession", "technician_id",
                                "timezone", "appointment_date", "status", "rating",
                                "cancel_attributed", "reschedule_attributed", "issue_type",
                                "outcome"})
_SNIFFED_BYTES = 1 << 18


def _low_variety(pa: Any, pcsv: Any, data: mmap.mmap, names: Sequence[str]) -> list[str]:
    """The columns of CSV `data` to read as dictionaries: `_DICTIONARY_FIELDS`, and each
    other column (not a core field) whose values in the file's first rows vary little
    (a cheaper reading; the values, and so every check, are the same either way)."""
    chosen = [name for name in names if name in _DICTIONARY_FIELDS]
    others = [name for name in names if name not in CORE_FIELDS and name not in chosen]
    if not others:
        return chosen
    import pyarrow.compute as pc

    head = data[:data.rfind(b"\n", 0, _SNIFFED_BYTES) + 1]
    try:
        sniffed = pcsv.read_csv(pa.py_buffer(head), convert_options=pcsv.ConvertOptions(
            include_columns=others, column_types=dict.fromkeys(others, pa.string())))
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return chosen
    return chosen + [name for name in others
                     if _varies_little(pa, pc, sniffed.column(name))]


def _same_csv_rows(data: bytes, rows: int) -> bool:
    """Whether the reference's CSV reading finds well-formed CSV with `rows` non-blank rows
    (run only for files with quotes or NUL bytes, where pyarrow reads more leniently)."""
    import csv
    import io

    count = 0
    try:
        reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), strict=True)
        next(reader, None)
        for cells in reader:
            count += bool(cells)
    except (csv.Error, UnicodeDecodeError):
        return False
    return count == rows


# --- columns -------------------------------------------------------------------------------

def _without_views(pa: Any, table: Any) -> Any:
    """`table` with each ``string_view`` / ``binary_view`` column (a Parquet file's or a
    frame's) cast to ``large_string`` / ``large_binary``, the same values in the layout
    pyarrow's kernels all take (``take``, for one, has no kernel for views)."""
    views = {"string_view": pa.large_string(), "binary_view": pa.large_binary()}
    for index, field in enumerate(table.schema):
        kind = field.type
        value_kind = kind.value_type if pa.types.is_dictionary(kind) else kind
        plain = views.get(str(value_kind))
        if plain is not None:
            if pa.types.is_dictionary(kind):
                plain = pa.dictionary(kind.index_type, plain)
            table = table.set_column(index, field.name, table.column(index).cast(plain))
    return table


def _parquet_folder(path: Any, any_name: bool) -> Iterator[tuple[str, Any]]:
    """The Parquet files of a folder, each as a table, in order: the files
    `folders.source_files` finds (recursively, in sorted order; with `any_name`, the
    format given, files of any name), each with the text columns of its ``key=value``
    folders (`folders.with_partition_text`). Each file's columns are its own (its header
    is checked as that file's)."""
    from . import folders

    for file, columns in folders.source_files(path, any_name=any_name):
        if not any_name and not file.lower().endswith(".parquet"):
            raise InvalidArgumentError(f"{os.fspath(path)}: a folder read in one process "
                                       f"holds Parquet files only, got {file} (the Dask and "
                                       f"Spark engines read folders of CSV and JSON Lines "
                                       f"files)")
        yield file, folders.with_partition_text(_read_parquet(file), file, columns)


def _folder_scan(path: Any, format: str | None, scan: Callable[[Any, str], TableScan[T]],
                 combine: Callable[[list[tuple[str, TableScan[T]]]], TableScan[T]],
                 ) -> TableScan[T]:
    """A folder of Parquet files (of any name when `format` says Parquet) read file by
    file, as the Dask and Spark engines read one: each file's table scanned as a table
    named by its file (`scan`; strictly, the first bad file raises its own report), then
    the scans joined (`combine`)."""
    return combine([(file, scan(table, file))
                    for file, table in _parquet_folder(path, format == "parquet")])


def _joined(pa: Any, tables: Sequence[Any]) -> Any:
    """`tables` (of the same columns) one after the other, a column dictionary-encoded in
    some and plain in others (text, a CSV-read instant's offsets) made plain, each
    dictionary-encoded column with one dictionary."""
    names = tables[0].schema.names
    mixed = [name for name in names if len({str(table.schema.field(name).type)
                                            for table in tables}) > 1]
    for name in mixed:
        plain = [table.column(name) if not pa.types.is_dictionary(table.schema.field(name).type)
                 else table.column(name).cast(table.schema.field(name).type.value_type)
                 for table in tables]
        tables = [table.set_column(table.schema.get_field_index(name), name, column)
                  for table, column in zip(tables, plain, strict=True)]
    return pa.concat_tables(tables).unify_dictionaries()


def _files_of(parts: Sequence[tuple[str, TableScan[Any]]], rows: Sequence[int],
              more: dict[int, list[interchange.Rejected]] | None = None
              ) -> tuple[tuple[str, int, tuple[interchange.Rejected, ...]], ...]:
    """Each file's name, rows and rejected rows (with the `more` rejected of each part,
    by its position, in row order)."""
    found = []
    for position, ((file, scan), count) in enumerate(zip(parts, rows, strict=True)):
        rejected = sorted([*scan.rejected, *(more or {}).get(position, ())],
                          key=lambda item: item.line)
        found.append((file, count, tuple(rejected)))
    return tuple(found)


def _typed_input(pa: Any, raw: Any, kind: str, name: str | None, required: Sequence[str]
                 ) -> tuple[Any, dict[int, InvalidRecordError]]:
    """A Parquet file's or a frame's table (`kind` not ``"csv"``) as the checks read it:
    its header checked (`required` columns), its view columns plain (`_without_views`),
    its text UTF-8 (`_valid_text`: the rows that were not, with their problems). A CSV
    file's table is returned as it is: its header was checked, and pyarrow's CSV reader
    checks that its text is UTF-8."""
    if kind == "csv":
        return raw, {}
    interchange.check_header(raw.schema.names, name or "table", required)
    _check_plain_types(pa, raw, name or "table")
    return _valid_text(pa, _without_views(pa, raw))


#: Where Arrow keeps the name of a field's extension type its reader does not know.
_EXTENSION_NAME = b"ARROW:extension:name"


def _check_plain_types(pa: Any, raw: Any, name: str) -> None:
    """Raise `InvalidInputError` for the columns of `raw` that hold an Arrow extension type
    (a pandas ``period`` or ``interval`` column, an ``arrow.uuid``), registered or not (a
    Parquet file read without pandas keeps the name in the field's metadata): their values
    are the extension's storage (a period's ordinal, say), which no field's rule reads as
    the user means them; the user converts the column (``.dt.to_timestamp()``, say)."""
    problems = []
    for field in raw.schema:
        if isinstance(field.type, pa.BaseExtensionType):
            extension, storage = field.type.extension_name, field.type.storage_type
        elif field.metadata and _EXTENSION_NAME in field.metadata:
            extension = field.metadata[_EXTENSION_NAME].decode("utf-8", "backslashreplace")
            storage = field.type
        else:
            continue
        problems.append(InvalidRecordError(
            "header", field.name, "a column of plain values (text, numbers, dates, instants "
            "or booleans)", f"a column of the Arrow extension type {extension} ({storage} "
            f"values); convert it to plain values first", source=name, line=1))
    if problems:
        raise InvalidInputError(problems)


def _valid_text(pa: Any, raw: Any) -> tuple[Any, dict[int, InvalidRecordError]]:
    """`raw` with each text value that is not UTF-8 made no value, and the rows that held
    one, each with the problem the CSV reader gives for such a byte (its first column of
    them): ``expected UTF-8 text, got 'the byte 0xff'``. pyarrow reads a Parquet file's
    text without checking it; such a row is always rejected, never read without its value."""
    found: dict[int, InvalidRecordError] = {}
    for position, field in enumerate(raw.schema):
        if not _is_text(pa, field.type):
            continue
        column = raw.column(position)
        try:
            _validate_text(pa, column)
            continue
        except pa.ArrowInvalid:
            pass
        kind = field.type.value_type if pa.types.is_dictionary(field.type) else field.type
        values = column.cast(kind).cast(pa.large_binary()).to_pylist()
        for index, value in enumerate(values):
            try:
                if value is not None:
                    value.decode("utf-8")
            except UnicodeDecodeError as error:
                values[index] = None
                found.setdefault(index, InvalidRecordError(
                    "row", field.name, "UTF-8 text", f"the byte 0x{value[error.start]:02x}"))
        raw = raw.set_column(position, field.name,
                             pa.array(values, pa.large_binary()).cast(kind).cast(field.type))
    return raw, found


def _validate_text(pa: Any, column: Any) -> None:
    """Raise `pyarrow.ArrowInvalid` when a value of the text `column` is not UTF-8: its
    values checked, or for a dictionary-encoded column its dictionaries only (a few
    entries, where the whole column's check would read every row's index too)."""
    if not pa.types.is_dictionary(column.type):
        column.validate(full=True)
        return
    for chunk in column.chunks if isinstance(column, pa.ChunkedArray) else [column]:
        chunk.dictionary.validate(full=True)


@attrs.define
class _Checked:
    """The columns read so far, and which rows need the reference (`flagged`)."""

    columns: dict[str, Any]
    flagged: Any


def _is_text(pa: Any, kind: Any) -> bool:
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _text(pa: Any, pc: Any, column: Any) -> Any:
    """A text column as plain ``string`` with null for empty text (no value, as the
    reference reads it), or ``None`` for a column of another type."""
    if not _is_text(pa, column.type):
        return None
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    column = column.cast(pa.string())
    lengths = pc.binary_length(column)
    if pc.min(lengths).as_py() == 0:
        column = pc.if_else(pc.equal(lengths, av.integer(0, lengths.type)),
                            av.null(column.type), column)
    return column


def _per_distinct(pa: Any, pc: Any, column: Any,
                  check: Callable[[Any], tuple[Any, ...]]) -> tuple[Any, ...]:
    """What `check` gives for `column`: columns beside it, the last the rows flagged (never
    null). For a dictionary-encoded text column, `check` runs on its distinct values (and
    on no value) only, and the results are spread to the rows (a text result equal to the
    values keeps the column's encoding)."""
    if not (pa.types.is_dictionary(column.type) and _is_text(pa, column.type)):
        return check(column)
    if not isinstance(column, pa.ChunkedArray):
        column = pa.chunked_array([column])
    column = column.unify_dictionaries()
    dictionary = (column.chunk(0).dictionary.cast(pa.string()) if column.num_chunks
                  else av.texts([]))
    entries = pa.concat_arrays([dictionary, pa.nulls(1, pa.string())])  # last: no value
    indices = pa.chunked_array([chunk.indices for chunk in column.chunks],
                               column.type.index_type)

    def positions() -> Any:
        """Each row's position among the entries (made only for a result to spread)."""
        if not column.null_count:
            return indices
        return pc.fill_null(indices, av.integer(len(dictionary), indices.type))

    *values, flagged = check(entries)
    spread = []
    for result in values:
        if isinstance(result, pa.ChunkedArray):
            result = result.combine_chunks()
        spread.append(column if result.equals(entries) else pc.take(result, positions()))
    # (Without a row lacking a value, the flag of no value is no row's.)
    if pc.any(flagged if column.null_count else flagged.slice(0, len(dictionary))).as_py() in (
            False, None):
        return (*spread, _all_of(pa, len(column), False))
    return (*spread, pc.take(flagged, positions()))


def text_equal(pa: Any, pc: Any, column: Any, value: str) -> Any:
    """Where the text (or dictionary-encoded text) `column` is `value` (never null). A
    dictionary-encoded column is compared on its dictionary (pyarrow's comparison would
    decode every row first).

    >>> import pyarrow as pa, pyarrow.compute as pc
    >>> text_equal(pa, pc, pc.dictionary_encode(pa.array(["a", None, "b", "a"])), "a").to_pylist()
    [True, False, False, True]
    """
    if not pa.types.is_dictionary(column.type):
        return pc.fill_null(pc.equal(column, av.text(value)), av.boolean(False))
    if not isinstance(column, pa.ChunkedArray):
        column = pa.chunked_array([column])
    column = column.unify_dictionaries()
    if not column.num_chunks:
        return pa.chunked_array([], pa.bool_())
    hits = pc.fill_null(pc.equal(column.chunk(0).dictionary, av.text(value)),
                        av.boolean(False))
    indices = pa.chunked_array([chunk.indices for chunk in column.chunks],
                               column.type.index_type)
    codes = pc.indices_nonzero(hits)
    if len(codes) == 1:  # (the usual: comparing the codes is cheaper than a take)
        found = pc.equal(indices, codes[0].cast(column.type.index_type))
    else:
        found = pc.take(hits, indices)
    return pc.fill_null(found, av.boolean(False)) if found.null_count else found


def dictionary_indices(pa: Any, pc: Any, column: Any) -> tuple[Any, list[Any]]:
    """Per row of `column`, the position of its value among its distinct values (a
    dictionary-encoded column's own indices, of its index type; null for no value), and
    those values (its dictionary).

    >>> import pyarrow as pa, pyarrow.compute as pc
    >>> indices, labels = dictionary_indices(pa, pc, pa.array(["b", None, "a", "b"]))
    >>> indices.to_pylist(), labels
    ([0, None, 1, 0], ['b', 'a'])
    """
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    if not isinstance(column, pa.ChunkedArray):
        column = pa.chunked_array([column])
    column = column.unify_dictionaries()
    labels = column.chunk(0).dictionary.to_pylist() if column.num_chunks else []
    return pa.chunked_array([chunk.indices for chunk in column.chunks],
                            column.type.index_type), labels


def dictionary_codes(pa: Any, pc: Any, column: Any) -> tuple[Any, list[Any]]:
    """Per row of `column`, the position (``int64``) of its value among the labels; and
    the labels: the distinct values (a dictionary-encoded column's dictionary), then
    ``None``, the position of no value.

    >>> import pyarrow as pa, pyarrow.compute as pc
    >>> codes, labels = dictionary_codes(pa, pc, pa.array(["b", None, "a", "b"]))
    >>> codes.to_pylist(), labels
    ([0, 2, 1, 0], ['b', 'a', None])
    """
    indices, labels = dictionary_indices(pa, pc, column)
    if indices.null_count:
        indices = pc.fill_null(indices, av.integer(len(labels), indices.type))
    return indices.cast(pa.int64()), [*labels, None]


def known_ids(pa: Any, pc: Any, ids: Any, job_ids: Any) -> Any:
    """Where `ids` (a dispute's job ids) name a job of `job_ids` (never null): the few
    distinct `ids` are hashed and the many `job_ids` looked up in them, not the reverse."""
    distinct = pc.unique(ids)
    if (ids.null_count or job_ids.null_count or not pa.types.is_string(ids.type)
            or not pa.types.is_string(job_ids.type)):
        present = pc.unique(pc.filter(job_ids, pc.fill_null(pc.is_in(
            job_ids, value_set=distinct), av.boolean(False))))
    else:
        # A semi join: Acero's hash join probes the many ids about twice as fast as `is_in`.
        present = acero.right_semi_join(pa.table({"id": job_ids}), pa.table({"id": distinct}),
                                        "id", use_threads=pa.cpu_count() > 1).column("id")
    if len(present) == len(distinct) and not ids.null_count:  # (the usual: every id known)
        return _all_of(pa, len(ids), True)
    return pc.fill_null(pc.is_in(ids, value_set=present), av.boolean(False))


def _one_array(pa: Any, values: Any) -> Any:
    """`values` (an array or chunked array) as one array: a chunked array's only chunk as
    it is (``combine_chunks`` copies even one), else its chunks combined."""
    if not isinstance(values, pa.ChunkedArray):
        return values
    return values.chunk(0) if values.num_chunks == 1 else values.combine_chunks()


def _all_of(pa: Any, rows: int, value: bool) -> Any:
    """`value` on each of `rows` rows (a boolean column without nulls): its bitmap made at
    once, no kernel."""
    bits = (b"\xff" if value else b"\x00") * ((rows + 7) // 8)
    return pa.chunked_array([pa.Array.from_buffers(pa.bool_(), rows, [None, pa.py_buffer(bits)])])


def _checked_cast(pa: Any, pc: Any, text: Any, pattern: str, kind: Any,
                  valid: Callable[[str], bool]) -> tuple[Any, Any]:
    """`text` (null: no value) cast to `kind` where it matches `pattern`; and the rows
    given but not matching, or not valid (`valid` of each distinct value, asked only when
    the cast fails: a day the calendar lacks)."""
    flagged = pc.invert(pc.fill_null(pc.match_substring_regex(text, pattern), av.boolean(True)))
    kept = pc.if_else(flagged, av.null(text.type), text) if pc.any(flagged).as_py() else text
    try:
        return kept.cast(kind), flagged
    except pa.ArrowInvalid:
        distinct = pc.unique(kept)
        bad = [value for value in distinct.to_pylist() if value is not None and not valid(value)]
        wrong = pc.fill_null(pc.is_in(kept, value_set=av.texts(bad)), av.boolean(False))
        return pc.if_else(wrong, av.null(kept.type), kept).cast(kind), pc.or_(flagged, wrong)


def _valid_instant(text: str) -> bool:
    try:
        parse_instant(text)
    except ValueError:
        return False
    return True


def _valid_date(text: str) -> bool:
    try:
        parse_date(text)
    except ValueError:
        return False
    return True


def _instant_column(pa: Any, pc: Any, column: Any) -> tuple[Any, Any, Any]:
    """An instant column: (UTC timestamps, offsets in microseconds, rows flagged)."""
    utc = pa.timestamp("us", "UTC")
    if pa.types.is_string(column.type):  # (an empty text is no plain form: read below)
        fast = _plain_instants(pa, pc, column)
        if fast is not None:
            return fast
    text = _text(pa, pc, column)
    if text is None:
        if pa.types.is_timestamp(column.type) and column.type.tz is not None:
            values = column.cast(pa.timestamp(column.type.unit, "UTC"))
            flagged = (_below_microseconds(pa, pc, values) if column.type.unit == "ns"
                       else _outside(pa, pc, values, av.PER_MICROSECOND[column.type.unit],
                                     av.EARLIEST_MICROSECOND, av.LATEST_MICROSECOND))
            values = values.cast(utc, safe=False)
            return values, _zero_offsets(pa, values), flagged
        return (pa.nulls(len(column), utc), pa.nulls(len(column), pa.int64()),
                pc.is_valid(column))
    if not pa.types.is_string(column.type) or text.null_count != column.null_count:
        fast = _plain_instants(pa, pc, text)
        if fast is not None:
            return fast
    values, flagged = _checked_cast(pa, pc, text, _INSTANT_PATTERN, utc, _valid_instant)
    # The offset: the wall time (the text's first 19 characters, YYYY-MM-DDTHH:MM:SS, as
    # the pattern has it) less the instant, which is the offset less the fraction of a
    # second; offsets of the pattern are whole minutes, so rounding up to the minute
    # (shifted by a day to keep the division on positive numbers) gives it exactly.
    kept = pc.if_else(pc.is_valid(values), text, av.null(text.type))
    wall = pc.utf8_slice_codeunits(kept, 0, 19).cast(pa.timestamp("us"))
    behind = pc.subtract(wall.cast(pa.int64()), values.cast(pa.int64()))
    minute, day = 60_000_000, 86_400_000_000
    offsets = pc.subtract(pc.multiply(pc.divide(pc.add(behind, av.integer(day + minute - 1)),
                                                av.integer(minute)), av.integer(minute)),
                          av.integer(day))
    return values, offsets, flagged


def _outside(pa: Any, pc: Any, values: Any, per: int, low: int, high: int) -> Any:
    """Which values of the timestamp or date column `values` are outside `low` to `high`
    (counted in units of which `per` make one of its values, rounded inward): the
    instants or dates no datetime or date holds (`_given_within`'s passes when none is)."""
    numbers = values.cast(pa.int32() if pa.types.is_date32(values.type) else pa.int64())
    low, high = -(-low // per), high // per
    if _given_within(pa, pc, numbers, low, high):
        return _all_of(pa, len(values), False)
    return pc.fill_null(pc.or_(pc.less(numbers, av.integer(low)),
                               pc.greater(numbers, av.integer(high))), av.boolean(False))


def _below_microseconds(pa: Any, pc: Any, values: Any) -> Any:
    """Which instants of the nanosecond timestamp column `values` have a part below the
    microsecond (the reference reads six fractional digits at most: never truncated)."""
    nanoseconds = values.cast(pa.int64())
    whole = pc.multiply(pc.divide(nanoseconds, av.integer(1000)), av.integer(1000))
    return pc.fill_null(pc.not_equal(whole, nanoseconds), av.boolean(False))


def _zero_offsets(pa: Any, values: Any) -> Any:
    """Offset 0 where `values` (a timestamp column) has a value, else null: each chunk's
    validity over zeros (no kernel; ``pc.if_else`` would write every row)."""
    if not isinstance(values, pa.ChunkedArray):
        values = pa.chunked_array([values])
    return pa.chunked_array([pa.Array.from_buffers(
        pa.int64(), len(chunk), [chunk.buffers()[0],
                                 pa.py_buffer(bytes(8 * (chunk.offset + len(chunk))))],
        null_count=chunk.null_count, offset=chunk.offset) for chunk in values.chunks],
        pa.int64())


_OFFSET_SUFFIX = re.compile(_OFFSET)
_MINUTE = 60_000_000
_MS_PER_DAY = 86_400_000
# The instants of the plain forms' years, 1000 to 9998, in microseconds since the epoch
# (UTC; a day inside, so that any offset keeps the wall time's year inside too).
_EARLIEST = (datetime(1000, 1, 2) - _EPOCH) // timedelta(microseconds=1)
_LATEST = (datetime(9998, 12, 31) - _EPOCH) // timedelta(microseconds=1)


def _suffix_form(suffix: bytes) -> tuple[int, int]:
    """What a plain instant's last six bytes say: its length and offset (microseconds), or
    ``(-1, 0)`` when they are not a plain instant's."""
    if suffix.endswith(b"Z"):
        return (20, 0) if suffix[:5].replace(b":", b"").isdigit() else (-1, 0)
    text = suffix.decode("ascii", "replace")
    if not _OFFSET_SUFFIX.fullmatch(text):
        return -1, 0
    minutes = int(text[1:3]) * 60 + int(text[4:6])
    return 25, (-minutes if text[0] == "-" else minutes) * _MINUTE


def _plain_instants(pa: Any, pc: Any, text: Any) -> tuple[Any, Any, Any] | None:
    """An instant column all of whose values have one of the two plain forms,
    ``YYYY-MM-DDTHH:MM:SSZ`` and ``YYYY-MM-DDTHH:MM:SS±HH:MM`` (years 1000 to 9998; a space
    may stand for the ``T``, as in `parsing.parse_instant`), read without a regular
    expression: (values, offsets, no row flagged); ``None`` when any value has another
    form (`_checked_cast` then looks at each value).

    The form is checked by the length its last six bytes call for (each distinct suffix
    once, in Python). With it, pyarrow's ISO 8601 cast accepts exactly the two forms: it
    checks every digit, the calendar and the clock, takes only ``T`` or a space at the
    eleventh byte, and fails on anything else; the years are checked on the instants.
    The offsets are dictionary-encoded ``int64`` (the suffixes' own dictionary).
    """
    if text.null_count == len(text):
        return None
    if not isinstance(text, pa.ChunkedArray):
        text = pa.chunked_array([text])
    if text.null_count * 4 > len(text) * 3:  # mostly no value: read the values apart
        return _spread_instants(pa, pc, text)
    data = text.cast(pa.binary())
    found = pc.binary_length(data)
    extremes = pc.min_max(found).as_py()
    if extremes["min"] not in (20, 25) or extremes["max"] not in (20, 25):
        return None
    suffixes = pc.dictionary_encode(pc.binary_slice(data, -6)).unify_dictionaries()
    forms = [_suffix_form(suffix) for suffix in (
        suffixes.chunk(0).dictionary.to_pylist() if suffixes.num_chunks else [])]
    lengths = {form[0] for form in forms}
    if -1 in lengths:
        return None
    # (Null indices where there is no value: a `take` by them, or a dictionary of them,
    # gives no value there.)
    indices = [chunk.indices for chunk in suffixes.chunks]
    if len(lengths) > 1 or extremes["min"] != extremes["max"]:
        wanted = pc.take(av.integers([form[0] for form in forms], pa.int32()),
                         pa.chunked_array(indices, pa.int32()))
        if pc.all(pc.equal(found, wanted)).as_py() is not True:
            return None
    elif extremes["min"] != min(lengths):
        return None
    try:
        values = text.cast(pa.timestamp("us", "UTC"))
    except pa.ArrowInvalid:
        return None
    extremes = pc.min_max(values.cast(pa.int64())).as_py()
    if extremes["min"] < _EARLIEST or extremes["max"] > _LATEST:
        return None
    dictionary = av.integers([form[1] for form in forms])
    shown = pa.chunked_array([pa.DictionaryArray.from_arrays(chunk, dictionary)
                              for chunk in indices], pa.dictionary(pa.int32(), pa.int64()))
    return values, shown, _all_of(pa, len(text), False)


def _spread_instants(pa: Any, pc: Any, text: Any) -> tuple[Any, Any, Any] | None:
    """`_plain_instants` of a column that mostly has no value: of its values only, then
    put back in their rows."""
    found = _plain_instants(pa, pc, text.drop_null())
    if found is None:
        return None
    given = pc.is_valid(_one_array(pa, text))

    def spread(values: Any, kind: Any) -> Any:
        values = _one_array(pa, values)
        if pa.types.is_dictionary(values.type):
            values = values.cast(values.type.value_type)
        return pc.replace_with_mask(pa.nulls(len(text), kind), given, values)

    return (spread(found[0], pa.timestamp("us", "UTC")), spread(found[1], pa.int64()),
            _all_of(pa, len(text), False))


def _date_column(pa: Any, pc: Any, column: Any) -> tuple[Any, Any]:
    text = _text(pa, pc, column)
    if text is None:
        if pa.types.is_date32(column.type):
            return column, pc.or_(pc.is_null(column), _outside(
                pa, pc, column, 1, av.EARLIEST_DAY, av.LATEST_DAY))
        if pa.types.is_date64(column.type):
            # (A value that is not a whole day is no date: shown as its instant, never
            # truncated; see `arrow_values.pylist`.)
            numbers = column.cast(pa.int64())
            whole = pc.multiply(pc.divide(numbers, av.integer(_MS_PER_DAY)),
                                av.integer(_MS_PER_DAY))
            return column.cast(pa.date32(), safe=False), pc.or_(pc.or_(
                pc.is_null(column), pc.fill_null(pc.not_equal(whole, numbers),
                                                 av.boolean(False))), _outside(
                pa, pc, column, _MS_PER_DAY, av.EARLIEST_DAY * _MS_PER_DAY,
                av.LATEST_DAY * _MS_PER_DAY))
        return pa.nulls(len(column), pa.date32()), _all_of(pa, len(column), True)
    values, flagged = _checked_cast(pa, pc, text, _DATE_PATTERN, pa.date32(), _valid_date)
    return values, pc.or_(flagged, pc.is_null(values))


def _rating_column(pa: Any, pc: Any, column: Any) -> tuple[Any, Any]:
    text = _text(pa, pc, column)
    if text is None:
        if pa.types.is_integer(column.type):
            if _given_within(pa, pc, column, 1, 5):
                # Every rating given is 1 to 5 (or none is given): no row to look at.
                return column.cast(pa.int8()), _all_of(pa, len(column), False)
            inside = pc.and_(pc.greater_equal(column, av.integer(1, column.type)),
                             pc.less_equal(column, av.integer(5, column.type)))
            return (pc.if_else(inside, column, av.null(column.type)).cast(pa.int8()),
                    pc.fill_null(pc.invert(inside), av.boolean(False)))
        return pa.nulls(len(column), pa.int8()), pc.is_valid(column)
    values, flagged = _checked_cast(pa, pc, text, _RATING_PATTERN, pa.int8(), lambda _: True)
    return values, flagged


def _given_within(pa: Any, pc: Any, column: Any, low: int, high: int) -> bool:
    """Whether every value given in the integer `column` is from `low` to `high`. Each
    chunk's values are looked at with the slots that have none (which hold whatever the
    writer left there, often 0): the extremes of all slots, and only when those fall
    outside, which slots outside have a value (a null-aware minimum and maximum costs
    several times more)."""
    if not isinstance(column, pa.ChunkedArray):
        column = pa.chunked_array([column])
    for chunk in column.chunks:
        validity, data = chunk.buffers()
        slots = pa.Array.from_buffers(chunk.type, len(chunk), [None, data], offset=chunk.offset)
        extremes = pc.min_max(slots).as_py()
        if extremes["min"] is None or low <= extremes["min"] <= extremes["max"] <= high:
            continue
        if validity is None:
            return False
        given = pa.Array.from_buffers(pa.bool_(), len(chunk), [None, validity],
                                      offset=chunk.offset)
        outside = pc.or_(pc.less(slots, av.integer(low, chunk.type)),
                         pc.greater(slots, av.integer(high, chunk.type)))
        if pc.any(pc.and_(outside, given)).as_py():
            return False
    return True


def _boolean_column(pa: Any, pc: Any, column: Any, *, required: bool) -> tuple[Any, Any]:
    text = _text(pa, pc, column)
    if text is None:
        if pa.types.is_boolean(column.type):
            return column, pc.is_null(column) if required else _all_of(pa, len(column), False)
        return pa.nulls(len(column), pa.bool_()), pc.is_valid(column) if not required else (
            _all_of(pa, len(column), True))
    true = pc.fill_null(pc.equal(text, av.text("true")), av.boolean(False))
    false = pc.fill_null(pc.equal(text, av.text("false")), av.boolean(False))
    values = pc.if_else(true, av.boolean(True), pc.if_else(false, av.boolean(False),
                                                           av.null(pa.bool_())))
    empty = pc.is_null(text)
    ok = pc.or_(pc.or_(true, false), av.boolean(False) if required else empty)
    return values, pc.invert(pc.fill_null(ok, av.boolean(False)))


# Texts that may break `schema.text_problem`'s rules (a NUL anywhere, whitespace at either
# end, the reserved "(none)"): a superset, each found text then asked to the rule itself.
_SUSPECT_TEXT = "\x00|^[{0}]|[{0}]$|^\\(none\\)$".format(
    "".join(f"\\x{{{ord(char):x}}}" for char in sorted(WHITESPACE)))


def _varies_little(pa: Any, pc: Any, text: Any) -> bool:
    """Whether a text column is worth checking by its distinct values: judged on its first
    thousand values (an id column has as many distinct values as rows)."""
    head = text.slice(0, 1000)
    return bool(len(head)) and len(pc.unique(head)) * 4 < len(head)


def _text_column(pa: Any, pc: Any, column: Any, *, required: bool, core: bool = True,
                 sliced: bool = False) -> tuple[Any, Any]:
    """A text column: `required` (else empty for no value), checked by
    `schema.text_problem` (`core`, `sliced`) on every text that may break it."""
    text = _text(pa, pc, column)
    if text is None:
        return pa.nulls(len(column), pa.string()), (
            _all_of(pa, len(column), True) if required else pc.is_valid(column))
    flagged = pc.is_null(text) if required else _all_of(pa, len(column), False)
    if _letters_and_digits(pa, pc, text):
        return text, flagged
    # A low-variety column (an area, a profession) is checked on its distinct values.
    distinct = pc.unique(text) if sliced or _varies_little(pa, pc, text) else text
    # Only a text with a character other than an ASCII letter or digit may break a rule
    # (ids are often all letters and digits: one cheap pass instead of the expression).
    others = distinct.filter(pc.invert(pc.fill_null(pc.ascii_is_alnum(distinct),
                                                    av.boolean(True))))
    suspect = pc.fill_null(pc.match_substring_regex(others, _SUSPECT_TEXT), av.boolean(False))
    if pc.any(suspect).as_py():
        found = pc.unique(others.filter(suspect)).to_pylist()
        bad = [value for value in found if text_problem(value, core=core, sliced=sliced)]
        if bad:
            flagged = pc.or_(flagged, pc.fill_null(pc.is_in(
                text, value_set=av.texts(bad)), av.boolean(False)))
    return text, flagged


def _letters_and_digits(pa: Any, pc: Any, text: Any) -> bool:
    """Whether every byte of the `text` column's values is an ASCII letter or digit (then
    no value breaks a text rule): each chunk's bytes checked as one value, not value by
    value."""
    if not isinstance(text, pa.ChunkedArray):
        text = pa.chunked_array([text])
    for chunk in text.chunks:
        if not len(chunk):
            continue
        _, offsets, data = chunk.buffers()
        first, = struct.unpack_from("<i", offsets, 4 * chunk.offset)
        last, = struct.unpack_from("<i", offsets, 4 * (chunk.offset + len(chunk)))
        if last == first:
            continue
        size = last - first
        whole = pa.Array.from_buffers(pa.string(), 1, [
            None, pa.py_buffer(struct.pack("<ii", 0, size)), data.slice(first, size)])
        if not pc.all(pc.ascii_is_alnum(whole)).as_py():
            return False
    return True


def _choice_column(pa: Any, pc: Any, column: Any, kind: Any) -> tuple[Any, Any]:
    text = _text(pa, pc, column)
    if text is None:
        return pa.nulls(len(column), pa.string()), _all_of(pa, len(column), True)
    known = pc.is_in(text, value_set=av.texts([member.value for member in kind]))
    return (pc.if_else(known, text, av.null(text.type)),
            pc.invert(pc.fill_null(known, av.boolean(False))))


def _zone_column(pa: Any, pc: Any, column: Any) -> tuple[Any, Any]:
    values, flagged = _text_column(pa, pc, column, required=True)
    unknown = []
    for name in pc.unique(values).to_pylist():
        if name is None:
            continue
        try:
            zone(name)
        except ValueError:
            unknown.append(name)
    if unknown:
        flagged = pc.or_(flagged, pc.fill_null(
            pc.is_in(values, value_set=av.texts(unknown)), av.boolean(False)))
    return values, flagged


def _job_columns(pa: Any, pc: Any, raw: Any, extras: Sequence[str]) -> _Checked:
    columns: dict[str, Any] = {}
    offsets: dict[str, Any] = {}
    flags = []

    def read(name: str, check: Callable[[Any], tuple[Any, ...]]) -> tuple[Any, ...]:
        *values, flagged = _per_distinct(pa, pc, raw.column(name), check)
        flags.append(flagged)
        return tuple(values)

    for name in _REQUIRED_TEXT:
        if name == "timezone":
            columns[name], = read(name, lambda text: _zone_column(pa, pc, text))
        else:
            columns[name], = read(name, partial(_text_column, pa, pc, required=True,
                                                sliced=name in _SLICED))
    columns["technician_id"], = read("technician_id", lambda text: _text_column(
        pa, pc, text, required=False, sliced=True))
    columns["appointment_date"], = read("appointment_date",
                                        lambda text: _date_column(pa, pc, text))
    for name in INSTANTS:
        columns[name], offsets[name] = read(name, lambda text: _instant_column(pa, pc, text))
    columns["status"], = read("status", lambda text: _choice_column(pa, pc, text, JobStatus))
    columns["rating"], = read("rating", lambda text: _rating_column(pa, pc, text))
    columns["cancel_attributed"], = read("cancel_attributed", lambda text: _boolean_column(
        pa, pc, text, required=False))
    columns["reschedule_attributed"], = read("reschedule_attributed",
                                             lambda text: _boolean_column(pa, pc, text,
                                                                          required=True))
    for name in extras:
        columns[name], = read(name, lambda text: _text_column(
            pa, pc, text, required=False, core=False, sliced=True))
    flags.append(_invariants_broken(pa, pc, columns))
    flagged = flags[0]
    for more in flags[1:]:
        flagged = pc.or_(flagged, more)
    columns.update({f"\0offset {name}": offsets[name] for name in INSTANTS})
    return _Checked(columns, flagged)


def _invariants_broken(pa: Any, pc: Any, columns: dict[str, Any]) -> Any:
    """The rows breaking an invariant `Job` checks across fields (never null)."""
    start, end = columns["arrival_window_start"], columns["arrival_window_end"]
    status = columns["status"]
    broken = [  # (`xor` compares the bitmaps whole; `not_equal` compares bit by bit)
        pc.xor(pc.is_null(start), pc.is_null(end)),
        pc.fill_null(pc.less(end, start), av.boolean(False)),
        pc.and_(pc.invert(text_equal(pa, pc, status, JobStatus.OPEN.value)),
                pc.is_null(columns["closed_at"])),
        pc.xor(pc.is_null(columns["rating"]), pc.is_null(columns["rated_at"])),
        pc.and_(text_equal(pa, pc, status, JobStatus.CANCELLED.value),
                pc.is_null(columns["cancel_attributed"])),
    ]
    result = broken[0]
    for more in broken[1:]:
        result = pc.or_(result, more)
    return result


# --- rows for the reference ----------------------------------------------------------------

# The core fields that hold text, of jobs and of disputes.
_JOB_TEXT = frozenset({"job_id", "account_id", "coverage_area", "profession", "technician_id",
                       "timezone", "status"})
_DISPUTE_TEXT = frozenset({"job_id", "issue_type", "outcome"})


def _cell(value: object, text: bool) -> object:
    """A value of a typed column as the reference row functions read it (JSON's values): a
    date or an instant as its ISO text, except in a core text field (`text`), where it
    stays what it is and is rejected as any other value that is not text."""
    if isinstance(value, datetime | date) and not text:
        return value.isoformat()
    return value


def _in_utc(raw: Any) -> Any:
    """`raw` with its zoned timestamp columns in UTC: a typed instant is shown in UTC, on
    every row, whatever zone its column names (one the zone database lacks too)."""
    pa = _pa()
    for index, field in enumerate(raw.schema):
        if pa.types.is_timestamp(field.type) and field.type.tz not in (None, "UTC"):
            raw = raw.set_column(index, field.name, raw.column(index).cast(
                pa.timestamp(field.type.unit, "UTC")))
    return raw


def _rows(raw: Any, indices: Sequence[int], text: Collection[str] = _JOB_TEXT
          ) -> Iterator[tuple[int, dict[str, object]]]:
    """The rows at `indices` (0-based) of `raw`, as the reference row functions read them
    (`text`: the core fields that hold text)."""
    raw = _in_utc(raw)
    names = raw.schema.names
    if len(indices) <= _FEW_ROWS:  # (a take from a large dictionary-encoded table costs more)
        taken = [row for index in indices for row in av.pyrows(raw.slice(index, 1))]
    else:
        taken = av.pyrows(raw.take(av.integers(list(indices))))
    for index, row in zip(indices, taken, strict=True):
        yield index, {name: _cell(row[name], name in text) for name in names}


def _all_rows(raw: Any, text: Collection[str] = _JOB_TEXT
              ) -> Iterator[tuple[int, dict[str, object]]]:
    """Every row of `raw`, as `_rows` gives them."""
    raw = _in_utc(raw)
    names = raw.schema.names
    for start in range(0, raw.num_rows, 65536):
        for offset, row in enumerate(av.pyrows(raw.slice(start, 65536))):
            yield start + offset, {name: _cell(row[name], name in text) for name in names}


def _place(name: str | None, index: int) -> str:
    """Where a row of a table is, in messages: ``jobs.parquet, row 3`` or ``row 3``."""
    return f"{name}, row {index + 1}" if name else f"row {index + 1}"


def _frame_jobs_error(raw: Any, name: str | None,
                      undecodable: dict[int, InvalidRecordError]) -> InvalidInputError:
    """The reference's report on a table's jobs: every problem in row order, then the cap
    (as `svcperf.read_jobs` gives for a file, rows numbered instead of lines); a row of
    `undecodable` (`_valid_text`) has its problem."""
    collected: interchange.Collector[Job] = interchange.Collector(True, None)
    first: dict[str, int] = {}
    for index, row in _all_rows(raw):
        try:
            if index in undecodable:
                raise undecodable[index]
            job = Job.from_row(row)
        except InvalidRecordError as error:
            collected.reject(index, error.located(_place(name, index), None))
            continue
        seen = first.setdefault(job.job_id, index)
        if seen != index:
            collected.reject(index, duplicate_job_problem(job.job_id, _place(None, seen))
                             .located(_place(name, index), None))
    try:
        collected.result()
    except InvalidInputError as error:
        return error
    raise AssertionError("a flagged table without a problem")  # pragma: no cover


# --- jobs ----------------------------------------------------------------------------------

def read_job_table(source: Source, *, format: str | None = None) -> JobTable:
    """Read and validate jobs from a file (CSV, JSON Lines, Parquet) or a frame.

    Raises exactly what `svcperf.read_jobs` raises for a CSV or JSON Lines file; for a
    Parquet file or a frame, the same messages, each placed at its row.
    """
    return _job_table(source, format, strict=True).table


def scan_job_table(source: Source, *, format: str | None = None, first_row: int = 0,
                   name: str | None = None) -> TableScan[JobTable]:
    """Read jobs leniently (as `read_job_table` reads them): the good jobs as a table and
    every rejected row, as `svcperf.scan_jobs` gives them for a CSV or JSON Lines file
    (the same lines, messages and order); for a Parquet file or a frame, the same
    messages placed at rows, `Rejected.line` the row number (from ``first_row + 1``:
    a frame that is a part of a larger one numbers its rows in the whole). A later row
    reusing a job id is rejected, the first kept. A bad header still raises. `name` is
    the file a frame's messages name (row groups of a Parquet file, say)."""
    return _job_table(source, format, strict=False, first_row=first_row, named=name)


def _job_table(source: Source, format: str | None, *, strict: bool, first_row: int = 0,
               named: str | None = None) -> TableScan[JobTable]:
    """The jobs of `source`: strictly (the first problem raises the reference's report)
    or leniently (every rejected row returned beside the good ones)."""
    pa = _pa()
    import pyarrow.compute as pc

    name: str | None = None
    kind = "frame"
    if _is_path(source) and os.path.isdir(source) and _kind(source, format) == "parquet":
        return _folder_scan(source, format, lambda table, file: _job_table(
            table, None, strict=strict, named=file), partial(_folder_jobs, pa, pc, strict))
    if _is_path(source):
        name = os.fspath(source)
        kind = _kind(source, format)
        if kind == "jsonl":
            return _reference_jobs(source, kind, strict)
        if kind == "csv":
            raw = _read_csv_text(source, None)
            if raw is None:
                return _reference_jobs(source, kind, strict)
        else:
            raw = _read_parquet(source)
    else:
        raw = _as_arrow(source)
        name = named
    raw, undecodable = _typed_input(pa, raw, kind, name, CORE_FIELDS)
    extras = tuple(column for column in raw.schema.names if column not in CORE_FIELDS)
    checked = _job_columns(pa, pc, raw, extras)
    indices = pc.indices_nonzero(checked.flagged).to_pylist()
    if undecodable:
        indices = sorted({*indices, *undecodable})

    def fail() -> InvalidInputError:
        if kind == "csv":
            interchange.read_jobs(source, format=kind)  # raises the reference's report
        return _frame_jobs_error(raw, name, undecodable)

    places = _Places(name, False, first_row)
    patched: list[Job] = []
    accepted: list[int] = []
    rejected: dict[int, InvalidRecordError] = {}
    for index, row in _rows(raw, indices):
        try:
            if index in undecodable:
                raise undecodable[index]
            patched.append(Job.from_row(row))
            accepted.append(index)
        except InvalidRecordError as error:
            if strict:
                raise fail() from None
            rejected[index] = error
    if rejected and kind == "csv":  # the reference's reading of those lines, or of the file
        places = _Places(name, True)
        found = _csv_problems(raw, sorted(rejected)) if _one_line_rows(source) else None
        if found is None:
            return _reference_jobs(source, kind, strict)
        rejected = found
    rejected = {index: places.located(error, index) for index, error in rejected.items()}
    table = _assemble(pa, pc, checked.columns, extras, accepted, patched)
    ids = table.column("job_id")
    if rejected:
        ids = ids.filter(_kept(pa, table.num_rows, rejected))
    if _repeats(pa, pc, ids):
        if strict:
            raise fail()
        if kind == "csv" and not (places.lines or _one_line_rows(source)):
            return _reference_jobs(source, kind, strict)
        places = _Places(name, kind == "csv", first_row)
        rejected.update(_later_repeats(pa, pc, table.column("job_id"), rejected, places))
    if rejected:
        kept = _kept(pa, table.num_rows, rejected)
        table, offsets = table.filter(kept), _offsets_of(table).filter(kept)
    else:
        offsets = _offsets_of(table)
    return TableScan(JobTable(table.select([*CORE_FIELDS, *extras]), offsets, extras),
                     tuple(interchange.Rejected(places.number(index), rejected[index])
                           for index in sorted(rejected)))


def _folder_jobs(pa: Any, pc: Any, strict: bool,
                 parts: list[tuple[str, TableScan[JobTable]]]) -> TableScan[JobTable]:
    """The jobs of a folder's files (each file's scan, in order) as one `TableScan`: a job
    id an earlier file has is a problem at each later row that has it (strictly, the
    report of every such row), in the Dask and Spark engines' words (`(also on
    jobs/part-0.parquet, row 4)`); the first row of an id is kept. A row a file's own scan
    rejected as a repeat of a row now rejected names the earlier file's row instead (as
    `lenient.repeats_of` renames it). The files' ids are looked at row by row only when
    some id is in two files."""
    rows = [scan.table.num_rows + len(scan.rejected) for _, scan in parts]
    ids = [scan.table.table.column("job_id").cast(pa.string()) for _, scan in parts]
    across = _repeats(pa, pc, pa.chunked_array(
        [chunk for found in ids for chunk in found.chunks], pa.string()))
    first: dict[str, tuple[str, int]] = {}  # each id's first file and row (0-based)
    more: dict[int, list[interchange.Rejected]] = {}
    tables: list[JobTable] = []
    for position, (file, scan) in enumerate(parts):
        if not across:
            tables.append(scan.table)
            continue
        own = {item.line: item for item in scan.rejected}
        lines = [line for line in range(1, rows[position] + 1) if line not in own]
        kept = [True] * scan.table.num_rows
        for index, job_id in enumerate(ids[position].to_pylist()):
            there = first.setdefault(job_id, (file, lines[index] - 1))
            if there[0] == file:
                continue  # (a repeat in the file is the file's own scan's)
            seen = _place(*there)
            kept[index] = False
            more.setdefault(position, []).append(interchange.Rejected(
                lines[index], duplicate_job_problem(job_id, seen).located(
                    _place(file, lines[index] - 1), None)))
            was = duplicate_job_problem(job_id, _place(None, lines[index] - 1)).expected
            for line, item in own.items():
                if (item.error.field, item.error.got, item.error.expected) == (
                        "job_id", job_id, was):
                    own[line] = interchange.Rejected(line, duplicate_job_problem(
                        job_id, seen).located(_place(file, line - 1), None))
        keep = av.booleans(kept)
        tables.append(scan.table if all(kept) else JobTable(
            scan.table.table.filter(keep), scan.table.offsets.filter(keep), scan.table.extras))
        parts[position] = (file, TableScan(scan.table, tuple(own.values())))
    files = _files_of(parts, rows, more)
    if strict and more:
        found = [problem for items in more.values() for item in items
                 for problem in item.error.problems]
        raise InvalidInputError(found[:interchange.ERROR_CAP], total=len(found))
    return TableScan(_joined_jobs(pa, tables),
                     tuple(item for _, _, rejected in files for item in rejected), files)


def _joined_jobs(pa: Any, tables: Sequence[JobTable]) -> JobTable:
    """The jobs of `tables` one after the other. An extra column some tables lack is an
    attribute their jobs lack (`JobTable.lacking`), as a JSON Lines job lacks a key
    others have."""
    extras = tuple(dict.fromkeys(name for table in tables for name in table.extras))
    lacking: dict[str, list[Any]] = {name: [] for name in extras
                                     if any(name not in table.extras for table in tables)}
    padded = []
    for table in tables:
        rows = table.num_rows
        for name, flags in lacking.items():
            flags.append(_all_of(pa, rows, name not in table.extras))
        found = table.table
        for name in extras:
            if name not in table.extras:
                found = found.append_column(name, pa.nulls(rows, pa.string()))
        padded.append(found.select([*CORE_FIELDS, *extras]))
    return JobTable(_joined(pa, padded), _joined(pa, [table.offsets for table in tables]),
                    extras, pa.table({name: pa.chunked_array(
                        [chunk for flag in flags for chunk in flag.chunks], pa.bool_())
                        for name, flags in lacking.items()}) if lacking else None)


_LONE_CR = re.compile(b"\r(?!\n)")


@attrs.frozen
class _Places:
    """How a lenient scan names the rows of its table: by their lines in the CSV file
    `name` (`lines`: every record is one line, the header line 1), else by row number
    (from ``first_row + 1``), in the file `name` if any."""

    name: str | None
    lines: bool
    first_row: int = 0

    def number(self, index: int) -> int:
        """The line (or row number) of the row at `index` (0-based)."""
        return index + 2 if self.lines else self.first_row + index + 1

    def named(self, index: int) -> str:
        """The row at `index` as a message names another row: ``line 4``, ``row 3``."""
        return f"line {self.number(index)}" if self.lines else _place(None, self.number(index) - 1)

    def located(self, error: InvalidRecordError, index: int) -> InvalidRecordError:
        """`error` placed at the row at `index`, as the reference places it."""
        if self.lines:
            return error.located(self.name, self.number(index))
        return error.located(_place(self.name, self.number(index) - 1), None)


def _one_line_rows(path: Any) -> bool:
    """Whether every record of the CSV file at `path` is one line and no line is empty
    (no quote, no NUL, no empty line, no line ending but CRLF or LF): then the record
    of row i (0-based, after the header) is line i + 2, as the reference counts lines."""
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0,
                                               access=mmap.ACCESS_READ) as data:
        return (data.find(b'"') < 0 and data.find(b"\0") < 0 and data.find(b"\n\n") < 0
                and data.find(b"\n\r\n") < 0 and _LONE_CR.search(data) is None)


def _csv_problems(raw: Any, indices: Sequence[int]) -> dict[int, InvalidRecordError] | None:
    """The reference's problems of the CSV rows at `indices` (its rows read from one line
    each: the cells as text, empty for no value), or ``None`` when it accepts one of
    them (only the reference's scan of the file can then tell)."""
    found: dict[int, InvalidRecordError] = {}
    for index, row in _rows(raw, indices):
        try:
            Job.from_row({key: "" if value is None else value for key, value in row.items()})
        except InvalidRecordError as error:
            found[index] = error
            continue
        return None
    return found


def _offsets_of(table: Any) -> Any:
    """The offsets of an assembled table (`_assemble`): its offset columns."""
    return _pa().table({field: table.column(f"\0offset {field}") for field in INSTANTS})


def _reference_jobs(source: Source, kind: str, strict: bool) -> TableScan[JobTable]:
    """The reference reader's jobs of a CSV or JSON Lines file, as a table."""
    if strict:
        return TableScan(jobs_from_records(interchange.read_jobs(source, format=kind)), ())
    found = interchange.scan_jobs(source, format=kind)
    return TableScan(jobs_from_records(found.records), found.rejected)


def _kept(pa: Any, rows: int, rejected: Collection[int]) -> Any:
    """A mask of the `rows` rows, false at the `rejected` ones."""
    flags = [True] * rows
    for index in rejected:
        flags[index] = False
    return av.booleans(flags)


def _later_repeats(pa: Any, pc: Any, ids: Any, rejected: Collection[int],
                   places: _Places) -> dict[int, InvalidRecordError]:
    """The reference's problem for each row (not `rejected`) whose job id an earlier such
    row has, by row: the first row of an id is kept, as `svcperf.scan_jobs` keeps it."""
    ids = _one_array(pa, ids)
    if pa.types.is_dictionary(ids.type):  # (value_counts gives the values, not the encoding)
        ids = ids.cast(ids.type.value_type)
    counts = pc.value_counts(ids)
    repeated = counts.filter(pc.greater(counts.field("counts"), av.integer(1))).field("values")
    found: dict[int, InvalidRecordError] = {}
    first: dict[str, int] = {}
    rows = pc.indices_nonzero(pc.is_in(ids, value_set=repeated)).to_pylist()
    for index, job_id in zip(rows, ids.take(av.integers(rows)).to_pylist(), strict=True):
        if index in rejected:
            continue
        seen = first.setdefault(job_id, index)
        if seen != index:
            found[index] = places.located(duplicate_job_problem(job_id, places.named(seen)),
                                          index)
    return found


def _repeats(pa: Any, pc: Any, ids: Any) -> bool:
    """Whether a value of `ids` (no nulls) occurs twice. Ids in increasing order (the usual
    export) are checked by comparing neighbours; others by counting distinct values."""
    ids = _one_array(pa, ids)
    if pa.types.is_dictionary(ids.type):
        ids = ids.cast(ids.type.value_type)
    if len(ids) < 2 or pc.all(pc.less(ids.slice(0, len(ids) - 1), ids.slice(1))).as_py():
        return False
    return bool(pc.count_distinct(ids).as_py() != len(ids))


def _assemble(pa: Any, pc: Any, columns: dict[str, Any], extras: Sequence[str],
              indices: Sequence[int], patched: Sequence[Job]) -> Any:
    """The table of the checked columns, with the rows at `indices` replaced by the
    columns of the `patched` records (the reference's reading of those rows)."""
    if indices:
        patch = _record_columns(pa, patched, extras)
        rows = len(next(iter(columns.values())))
        flags = [False] * rows
        for index in indices:
            flags[index] = True
        mask = av.booleans(flags)
        for name, values in columns.items():
            values = _one_array(pa, values)
            if pa.types.is_dictionary(values.type):
                values = values.cast(values.type.value_type)
            columns[name] = pc.replace_with_mask(values, mask, patch[name].cast(values.type))
    table = pa.table(columns)
    for name in _ENCODED:
        if not pa.types.is_dictionary(table.schema.field(name).type):
            table = table.set_column(table.schema.get_field_index(name), name,
                                     pc.dictionary_encode(table.column(name)))
    return table.unify_dictionaries()


def _utc_microseconds(instant: datetime | None) -> tuple[int | None, int | None]:
    """An instant as microseconds since the epoch (UTC) and its offset (microseconds), found
    without `astimezone` (which overflows near datetime.min/max)."""
    if instant is None:
        return None, None
    offset = instant.utcoffset()
    assert offset is not None
    wall = (instant.replace(tzinfo=None) - _EPOCH) // _MICROSECOND
    return wall - offset // _MICROSECOND, offset // _MICROSECOND


def _record_columns(pa: Any, jobs: Sequence[Job], extras: Sequence[str]) -> dict[str, Any]:
    """The columns of `jobs` as the checks leave them (text, ``date32`` days,
    ``timestamp[us, UTC]`` instants, ``int8`` ratings, booleans; `extras` as text, null
    where a job has no value), and each instant's UTC offset (microseconds) in a column
    named ``"\\0offset <field>"``."""
    columns: dict[str, Any] = {}
    for name in ("job_id", "account_id", "coverage_area", "profession", "technician_id",
                 "timezone"):
        columns[name] = av.texts([getattr(job, name) for job in jobs])
    columns["status"] = av.texts([job.status.value for job in jobs])
    columns["appointment_date"] = av.days([job.appointment_date for job in jobs])
    for name in INSTANTS:
        pairs = [_utc_microseconds(getattr(job, name)) for job in jobs]
        columns[name] = av.integers([us for us, _ in pairs]).cast(pa.timestamp("us", "UTC"))
        columns[f"\0offset {name}"] = av.integers([offset for _, offset in pairs])
    columns["rating"] = av.integers([job.rating for job in jobs], pa.int8())
    columns["cancel_attributed"] = av.booleans([job.cancel_attributed for job in jobs])
    columns["reschedule_attributed"] = av.booleans([job.reschedule_attributed for job in jobs])
    for name in extras:
        columns[name] = av.texts([dict(job.extras).get(name) for job in jobs])
    return columns


@using_engine_pool
def jobs_from_records(jobs: Sequence[Job], extras: Sequence[str] | None = None) -> JobTable:
    """A `JobTable` of records (read by the reference reader, say).

    Every extra attribute any job carries becomes a column (or those of `extras`, in that
    order, when given: no job may carry another); a job lacking one has no value there (as
    `svcperf.write_jobs` writes it to CSV).
    """
    pa = _pa()
    import pyarrow.compute as pc

    extras = tuple(sorted({name for job in jobs for name, _ in job.extras})
                   if extras is None else extras)
    columns = _record_columns(pa, jobs, extras)
    table = _assemble(pa, pc, columns, extras, (), ())
    carried = [frozenset(name for name, _ in job.extras) for job in jobs]
    partial = [name for name in extras if not all(name in names for names in carried)]
    lacking = pa.table({name: av.booleans([name not in names for names in carried])
                        for name in partial}) if partial else None
    return JobTable(table.select([*CORE_FIELDS, *extras]), _offsets_of(table), extras, lacking)


def _instant_of(microseconds: int | None, offset: int | None) -> datetime | None:
    """The instant `_utc_microseconds` gave, with its wall time in its offset."""
    if microseconds is None or offset is None:
        return None
    shift = timedelta(microseconds=offset)
    wall = _EPOCH + (timedelta(microseconds=microseconds) + shift)
    return wall.replace(tzinfo=fixed_offset(shift))


# --- disputes ------------------------------------------------------------------------------

_DISPUTE_FIELDS = interchange.DISPUTE_FIELDS


def read_dispute_table(source: Source, *, job_ids: Collection[str] | Any | None = None,
                       format: str | None = None) -> DisputeTable:
    """Read and validate disputes (as `read_job_table` reads jobs); with `job_ids` (a
    collection or an Arrow array of ids), a dispute naming another job is an error."""
    return _dispute_table(source, job_ids, format, strict=True).table


def scan_dispute_table(source: Source, *, job_ids: Collection[str] | Any | None = None,
                       format: str | None = None) -> TableScan[DisputeTable]:
    """Read disputes leniently (as `scan_job_table` reads jobs): with `job_ids`, a dispute
    naming another job is rejected."""
    return _dispute_table(source, job_ids, format, strict=False)


def _dispute_table(source: Source, job_ids: Collection[str] | Any | None, format: str | None,
                   *, strict: bool, named: str | None = None) -> TableScan[DisputeTable]:
    pa = _pa()
    import pyarrow.compute as pc

    name: str | None = None
    kind = "frame"
    if _is_path(source) and os.path.isdir(source) and _kind(source, format) == "parquet":
        return _folder_scan(source, format, lambda table, file: _dispute_table(
            table, job_ids, None, strict=strict, named=file), partial(_folder_disputes, pa))
    if _is_path(source):
        name = os.fspath(source)
        kind = _kind(source, format)
        if kind == "parquet":
            raw = _read_parquet(source)
        else:
            raw = _read_csv_text(source, _DISPUTE_FIELDS) if kind == "csv" else None
            if raw is None:
                return _reference_disputes(source, kind, _id_set(pa, job_ids), strict)
    else:
        raw = _as_arrow(source)
        name = named
    raw, undecodable = _typed_input(pa, raw, kind, name, _DISPUTE_FIELDS)
    columns: dict[str, Any] = {}
    flags = []
    columns["job_id"], flagged = _per_distinct(pa, pc, raw.column("job_id"), lambda text: (
        _text_column(pa, pc, text, required=True)))
    flags.append(flagged)
    columns["issue_type"], flagged = _per_distinct(pa, pc, raw.column("issue_type"), lambda text: (
        _choice_column(pa, pc, text, IssueType)))
    flags.append(flagged)
    columns["outcome"], flagged = _per_distinct(pa, pc, raw.column("outcome"), lambda text: (
        _choice_column(pa, pc, text, DisputeOutcome)))
    flags.append(flagged)
    columns["decided_at"], offsets, flagged = _instant_column(pa, pc, raw.column("decided_at"))
    if pa.types.is_dictionary(offsets.type):  # (a dispute table's offsets are plain int64)
        offsets = offsets.cast(pa.int64())
    flags.append(flagged)
    flags.append(pc.and_(pc.fill_null(pc.not_equal(columns["outcome"],
                                                   av.text(DisputeOutcome.PENDING.value)),
                                      av.boolean(True)),
                         pc.is_null(columns["decided_at"])))
    if job_ids is not None:
        flags.append(pc.invert(known_ids(pa, pc, columns["job_id"], _id_array(pa, job_ids))))
    flagged = flags[0]
    for more in flags[1:]:
        flagged = pc.or_(flagged, more)
    indices = pc.indices_nonzero(flagged).to_pylist()
    if indices or undecodable:
        # Every flagged row is read by the reference (a patch would be rare: an unusual
        # instant form); its report, or its records, decide.
        if name is not None and kind == "csv":
            return _reference_disputes(source, kind, _id_set(pa, job_ids), strict)
        found = _frame_disputes(raw, name, _id_set(pa, job_ids), strict, undecodable)
        return TableScan(disputes_from_records(found.records), found.rejected)
    table = pa.table({"job_id": columns["job_id"],
                      "issue_type": pc.dictionary_encode(columns["issue_type"]),
                      "outcome": pc.dictionary_encode(columns["outcome"]),
                      "decided_at": columns["decided_at"]})
    among = None if job_ids is None else _id_array(pa, job_ids)
    return TableScan(DisputeTable(table, pa.table({"decided_at": offsets}),
                                  pa.chunked_array([among]) if isinstance(among, pa.Array)
                                  else among), ())



def _folder_disputes(pa: Any, parts: list[tuple[str, TableScan[DisputeTable]]]
                     ) -> TableScan[DisputeTable]:
    """The disputes of a folder's files (each file's scan, in order) as one `TableScan`."""
    tables = [scan.table for _, scan in parts]
    among = tables[0].among if all(table.among is not None for table in tables) else None
    files = _files_of(parts, [scan.table.table.num_rows + len(scan.rejected)
                              for _, scan in parts])
    return TableScan(DisputeTable(_joined(pa, [table.table for table in tables]),
                                  _joined(pa, [table.offsets for table in tables]), among),
                     tuple(item for _, _, rejected in files for item in rejected), files)


def _reference_disputes(source: Source, kind: str, job_ids: Collection[str] | None,
                        strict: bool) -> TableScan[DisputeTable]:
    """The reference reader's disputes of a CSV or JSON Lines file, as a table."""
    if strict:
        return TableScan(disputes_from_records(interchange.read_disputes(
            source, format=kind, job_ids=job_ids)), ())
    found = interchange.scan_disputes(source, format=kind, job_ids=job_ids)
    return TableScan(disputes_from_records(found.records), found.rejected)


def _id_array(pa: Any, job_ids: Any) -> Any:
    if isinstance(job_ids, pa.ChunkedArray | pa.Array):
        return job_ids.cast(pa.string())
    return av.texts(sorted(job_ids))


def _id_set(pa: Any, job_ids: Any) -> Collection[str] | None:
    if job_ids is None:
        return None
    if isinstance(job_ids, pa.ChunkedArray | pa.Array):
        return set(job_ids.to_pylist())
    return set(job_ids)


def _frame_disputes(raw: Any, name: str | None, job_ids: Collection[str] | None,
                    strict: bool, undecodable: dict[int, InvalidRecordError]
                    ) -> interchange.Scan[Dispute]:
    """The reference's reading of a table's disputes: the records and rejected rows (each
    at its row number, from 1), or (`strict`) its report; a row of `undecodable`
    (`_valid_text`) has its problem."""
    collected: interchange.Collector[Dispute] = interchange.Collector(strict, None)
    for index, row in _all_rows(raw, _DISPUTE_TEXT):
        try:
            if index in undecodable:
                raise undecodable[index]
            dispute = Dispute.from_row(row)
        except InvalidRecordError as error:
            collected.reject(index + 1, error.located(_place(name, index), None))
            continue
        if job_ids is not None and dispute.job_id not in job_ids:
            collected.reject(index + 1, unknown_job_problem(dispute.job_id).located(
                _place(name, index), None))
            continue
        collected.keep(dispute)
    return collected.result()


@using_engine_pool
def disputes_from_records(disputes: Sequence[Dispute]) -> DisputeTable:
    """A `DisputeTable` of records."""
    pa = _pa()
    import pyarrow.compute as pc

    pairs = [_utc_microseconds(dispute.decided_at) for dispute in disputes]
    table = pa.table({
        "job_id": av.texts([dispute.job_id for dispute in disputes]),
        "issue_type": pc.dictionary_encode(av.texts(
            [dispute.issue_type.value for dispute in disputes])),
        "outcome": pc.dictionary_encode(av.texts(
            [dispute.outcome.value for dispute in disputes])),
        "decided_at": av.integers([us for us, _ in pairs]).cast(pa.timestamp("us", "UTC")),
    })
    return DisputeTable(table, pa.table({"decided_at": av.integers(
        [offset for _, offset in pairs])}))


@using_engine_pool
def dispute_records_of(data: DisputeTable) -> list[Dispute]:
    """The records of a `DisputeTable`."""
    pa = _pa()
    offsets = data.offsets.column("decided_at").to_pylist()
    decisions = data.table.column("decided_at").cast(pa.int64()).to_pylist()
    result = []
    for row, microseconds, offset in zip(data.table.drop_columns(["decided_at"]).to_pylist(),
                                         decisions, offsets, strict=True):
        decided = _instant_of(microseconds, offset)
        result.append(Dispute(job_id=row["job_id"], issue_type=IssueType(row["issue_type"]),
                              outcome=DisputeOutcome(row["outcome"]), decided_at=decided))
    return result

