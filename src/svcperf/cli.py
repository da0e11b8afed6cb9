"""The command line, thin over the public API: ``svcperf evaluate | issues | summary |
explain | history | sample`` (see docs/cli.md): it parses the arguments, calls the API
and renders the result with `svcperf.output`.

Exit codes: 0 success; 1 an account is in Attention (only with ``--fail-on-attention``);
2 bad input or usage (one line per problem on standard error, nothing on standard
output), or a standard output that cannot be written; 3 an internal error (a bug:
``--debug`` shows the traceback); 130 interrupted. A closed standard error never changes
the exit code.
The command line may read the clock (the default ``--as-of``); the library never does.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta, timezone
from functools import partial
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

import attrs

from . import (
    Dispute,
    History,
    InvalidArgumentError,
    InvalidInputError,
    IssueType,
    Job,
    Status,
    SvcperfError,
    Viewer,
    cli_engines,
    dashboard,
    explain,
    history,
    issue_list,
    output,
    summary,
)
from . import io as files
from .engine_choice import Columns, columnar_installed, input_kind
from .evaluation import Evaluation
from .parsing import MAX_OFFSET
from .sample_defaults import SAMPLE_DAYS, SAMPLE_JOBS, SAMPLE_NIGHT, SAMPLE_SEED, SAMPLE_TZ
from .views import METRIC_KEYS, slice_label
from .window import DEFAULT_DAYS
from .zones import zone

if TYPE_CHECKING:
    from .io.targets_file import TargetsFile

# Each command imports what only it runs (the sample, the outlook, the targets file, the
# goals) when it runs: a columnar `evaluate` imports the engine and the JSON output, not the
# rest (tests/test_lazy_imports.py).

__all__ = ["EXIT_ATTENTION", "EXIT_BAD_INPUT", "EXIT_INTERNAL", "EXIT_OK", "main"]

EXIT_OK = 0
EXIT_ATTENTION = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _text(table: output.Table) -> str:
    """`table` as text for standard output (colour only on a terminal)."""
    stdout = sys.stdout  # (None when started with it closed: see `_main`)
    style = output.TextStyle() if stdout is None else output.TextStyle.for_stream(stdout)
    return output.render_text(table, style)


# --- reading the arguments ---------------------------------------------------------------

def say(line: str) -> None:
    """Write one line to standard error, whatever becomes of it: a closed or broken standard
    error never changes the exit code (see `_write`)."""
    _write(sys.stderr, line + "\n")


def _write(stream: TextIO | None, text: str, encoding: str | None = None) -> OSError | None:
    """Write `text` to `stream` (in `encoding`, with backslash escapes for what it cannot
    encode, when given) and flush; return the error if that failed.

    After a failure the stream's descriptor is pointed at /dev/null, so that Python's last
    flush at exit does not fail again (which would turn the exit code into 120).
    """
    if stream is None:  # started with the descriptor closed
        return None
    try:
        buffer: BinaryIO | None = getattr(stream, "buffer", None)
        if encoding is None or buffer is None:
            stream.write(text)
            stream.flush()
        else:
            stream.flush()
            buffer.write(text.encode(encoding, "backslashreplace"))
            buffer.flush()
    except OSError as error:
        with contextlib.suppress(OSError, ValueError):  # not a real descriptor (a capture)
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        return error
    return None


class _Progress:
    """Rows read so far, on standard error when it is a terminal."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.shown = False

    def __call__(self, rows: int) -> None:
        _write(sys.stderr, f"\rreading {self.name}: {rows:,} rows")
        self.shown = True

    def done(self) -> None:
        if self.shown:
            _write(sys.stderr, "\n")


class _Failed(SvcperfError):
    """Several problems, each already one line (the files' problems, unreadable files)."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = tuple(lines)


#: The first bytes of a Parquet file (its magic number), then a byte of its first page
#: header: a control character, which no CSV header or JSON line has there.
_PARQUET_START = re.compile(rb"PAR1[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _stdin_format(stream: BinaryIO) -> str:
    """The format of standard input, from its first character that is not blank:
    ``{`` for JSON Lines, anything else CSV; ``parquet`` when it starts as a Parquet file
    does (which `_read` refuses: say so, not the bytes' problems as CSV)."""
    peek = getattr(stream, "peek", None)
    head = peek(65536) if peek is not None else b""
    if _PARQUET_START.match(head):
        return "parquet"
    return "jsonl" if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "csv"


def _read(path: str, option: str, reader: Callable[..., Any], format: str | None,
          **options: Any) -> Any:
    """Read `path` (``-``: standard input) with `reader`; print its warnings (a last line
    cut short) as ``svcperf: warning:`` lines."""
    source: str | BinaryIO = path
    if path == "-":
        if sys.stdin is None:
            raise InvalidArgumentError(f"{option}: '-' means standard input, which is closed")
        source = sys.stdin.buffer
        format = format or _stdin_format(source)
        if format == "parquet":  # (its footer, which says where its columns are, is last)
            raise InvalidArgumentError(f"{option}: Parquet is read from a file only, not "
                                       f"from standard input: give its path")
    progress = _Progress(path) if sys.stderr is not None and sys.stderr.isatty() else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", files.InputWarning)
        try:
            return reader(source, progress=progress, format=format, **options)
        except OSError as error:
            raise InvalidArgumentError(f"{option}: cannot read {path}: "
                                       f"{error.strerror or error}") from None
        finally:
            if progress is not None:
                progress.done()
            for warning in caught:  # (a cut last line explains its row's problem too)
                if issubclass(warning.category, files.InputWarning):
                    say(f"svcperf: warning: {warning.message}")
                else:
                    warnings.warn_explicit(warning.message, warning.category,
                                           warning.filename, warning.lineno)


def _data(args: argparse.Namespace) -> tuple[list[Job], list[Dispute]]:
    """The jobs and disputes named on the command line, read strictly; the problems of
    both files (or that one cannot be read) are reported together."""
    if args.sample:
        if args.jobs is not None or args.disputes is not None:
            raise InvalidArgumentError("--sample: give either --sample or a JOBS file "
                                       "(and --disputes), not both")
        if args.rejected is not None:
            raise InvalidArgumentError("--rejected: reads JOBS (and --disputes) leniently; "
                                       "the sample has no rows to reject")
        from . import sample

        return sample.generate()
    if args.jobs is None:
        raise InvalidArgumentError("JOBS: give a jobs file (.csv, .jsonl, .ndjson or "
                                   ".parquet), '-' for standard input, or --sample for the "
                                   "bundled sample")
    if args.jobs == "-" and args.disputes == "-":
        raise InvalidArgumentError("--disputes: standard input ('-') is already JOBS")
    read_jobs, read_disputes, scan_jobs, scan_disputes = _record_readers(args)
    jobs, disputes = _read_both(args, read_jobs, read_disputes,
                                lambda jobs: {job.job_id for job in jobs},
                                (scan_jobs, scan_disputes, _scanned_records))
    return jobs, [] if disputes is None else disputes


def _record_readers(args: argparse.Namespace) -> tuple[Callable[..., Any], ...]:
    """The readers of JOBS and --disputes that give records, strict then lenient: the
    reference reader's, but the columnar reader's for a Parquet file beside standard input
    (the reference reads no Parquet; `_parquet_given` sends two files to the columnar
    reader whole). Its records are those the columnar engine reads."""
    readers: list[Callable[..., Any]] = [files.read_jobs, files.read_disputes,
                                         files.scan_jobs, files.scan_disputes]
    for index, path in enumerate((args.jobs, args.disputes)):
        if (path not in (None, "-") and input_kind(path, args.input_format) == "parquet"
                and columnar_installed()):
            from .engines import columnar

            records = columnar.dispute_records_of if index else columnar.records_of
            readers[index] = _records_by(
                columnar.load_disputes if index else columnar.load_jobs, records)
            readers[index + 2] = _scan_records_by(
                columnar.scan_disputes if index else columnar.scan_jobs, records)
    return tuple(readers)


def _records_by(load: Callable[..., Any], records: Callable[[Any], Any]) -> Callable[..., Any]:
    """A reader giving the `records` of what the columnar `load` reads."""
    read = _without_progress(load)
    return lambda source, **options: records(read(source, **options))


@attrs.frozen
class _RecordScan:
    """A columnar `TableScan` as records: its good rows' records, its rejected rows and,
    for a folder, each file's (as `_read_both` reads a `Scan`)."""

    records: tuple[Any, ...]
    rejected: tuple[files.Rejected, ...]
    files: tuple[tuple[str, int, tuple[files.Rejected, ...]], ...]


def _scan_records_by(scan: Callable[..., Any],
                     records: Callable[[Any], Any]) -> Callable[..., Any]:
    """A lenient reader giving what the columnar `scan` reads as a `_RecordScan`."""
    read = _without_progress(scan)

    def scan_records(source: Any, **options: Any) -> _RecordScan:
        found = read(source, **options)
        return _RecordScan(tuple(records(found.table)), found.rejected, found.files)
    return scan_records


def _as_read(found: Any) -> tuple[Any, int]:
    """What a strict reader read (its rows are not counted)."""
    return found, 0


def _scanned_records(scan: Any) -> tuple[Any, int]:
    """The good records of a `Scan`, and how many rows it read."""
    return list(scan.records), len(scan.records) + len(scan.rejected)


def _scanned_table(scan: Any) -> tuple[Any, int]:
    """The good rows' table of a columnar `TableScan`, and how many rows it read."""
    return scan.table, scan.table.table.num_rows + len(scan.rejected)


#: The lenient readers of JOBS and of --disputes, and what gives the good part of what
#: they return and the number of rows read.
Scans = tuple[Callable[..., Any], Callable[..., Any], Callable[[Any], tuple[Any, int]]]


def _read_both(args: argparse.Namespace, load_jobs: Callable[..., Any],
               load_disputes: Callable[..., Any], ids_of: Callable[[Any], Any],
               scans: Scans) -> tuple[Any, Any]:
    """JOBS and --disputes (when given) read with `load_jobs` and `load_disputes` (the
    disputes against the ids `ids_of` finds in the jobs); the problems of both files, or
    that one cannot be read, are reported together. With ``--rejected``, read with the
    lenient `scans` instead: the good rows are returned and the rejected ones written
    (`cli_rejected.write`)."""
    lenient = args.rejected is not None
    good: Callable[[Any], tuple[Any, int]] = _as_read
    if lenient:
        load_jobs, load_disputes, good = scans
    lines: list[str] = []
    jobs = disputes = None
    read: list[tuple[str, Any, int]] = []
    try:
        scan = _read(args.jobs, "JOBS", load_jobs, args.input_format)
        jobs, rows = good(scan)
        read.append((args.jobs, scan, rows))
    except InvalidInputError as error:
        lines += str(error).splitlines()
    except InvalidArgumentError as error:
        lines.append(f"svcperf: error: {error}")
    if args.disputes is not None:
        try:
            scan = _read(args.disputes, "--disputes", load_disputes, args.input_format,
                         job_ids=None if jobs is None else ids_of(jobs))
            disputes, rows = good(scan)
            read.append((args.disputes, scan, rows))
        except InvalidInputError as error:
            lines += str(error).splitlines()
        except InvalidArgumentError as error:
            lines.append(f"svcperf: error: {error}")
    if lines:
        raise _Failed(lines)
    if lenient:
        from . import cli_rejected

        inputs = [part for name, scan, rows in read for part in (
            getattr(scan, "files", ()) or [(_shown_name(name), rows, scan.rejected)])]
        for line in cli_rejected.write(args.rejected, [(name, rejected, rows)
                                                       for name, rows, rejected in inputs]):
            say(line)
    return jobs, disputes


def _shown_name(path: str) -> str:
    return "<stdin>" if path == "-" else path


def zone_option(args: argparse.Namespace) -> str:
    name: str = args.tz if args.tz is not None else SAMPLE_TZ if args.sample else "UTC"
    try:
        zone(name)
    except ValueError as error:
        raise InvalidArgumentError(f"--tz: {error}") from None
    return name


def _night(text: str, option: str) -> date:
    """The date `text` (``YYYY-MM-DD``) given to `option`."""
    why = ""
    if _DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            why = " (no such day)"
    raise InvalidArgumentError(f"{option}: expected a date YYYY-MM-DD, got {text!r}{why}")


# The end of an instant `--as-of` takes: Z, or an offset of hours and minutes (00-59).
_AS_OF_OFFSET = re.compile(r"(?:Z|[+-][0-9]{2}(?::?[0-5][0-9])?)\Z")
# What parts an instant's date from its time (a text without one is a date, not an instant).
_TIME_SEPARATOR = re.compile(r"[0-9][T ][0-9]")


def as_of_option(args: argparse.Namespace, tz: str) -> date | datetime:
    """The night or instant to evaluate as of; by default the last nightly run in `tz`."""
    text: str | None = args.as_of
    if text is None:
        if args.sample:
            return SAMPLE_NIGHT
        today = datetime.now(timezone.utc).astimezone(zone(tz)).date()
        return today - timedelta(days=1)
    if _DATE.fullmatch(text):
        return _night(text, "--as-of")
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidArgumentError(f"--as-of: expected a date YYYY-MM-DD or an ISO 8601 "
                                   f"instant with a UTC offset, got {text!r}") from None
    if instant.tzinfo is None and not _TIME_SEPARATOR.search(text):  # (20261115: a date)
        raise InvalidArgumentError(f"--as-of: expected a date YYYY-MM-DD or an ISO 8601 "
                                   f"instant with a UTC offset, got {text!r}")
    if instant.tzinfo is None:
        raise InvalidArgumentError(f"--as-of: the instant {text!r} has no UTC offset; add one "
                                   f"(e.g. {text}Z or {text}-05:00) or give a date")
    offset = instant.utcoffset()
    if (not _AS_OF_OFFSET.search(text) or offset is None or abs(offset) > MAX_OFFSET
            or text.endswith("-00:00")):
        # (datetime.fromisoformat rolls -06:60 over to -07:00 and reads +00:00:60 as a
        # minute: the offsets a data file may not hold are not taken here either)
        raise InvalidArgumentError(f"--as-of: expected a UTC offset Z or ±HH:MM (minutes "
                                   f"00-59, at most 18 hours; -00:00 says no offset), as in "
                                   f"the data files, got {text!r}")
    return instant


def _areas(values: Sequence[str] | None, option: str, known: Iterable[str]) -> list[str]:
    """The coverage areas a repeatable option names, one per value (``St. Louis, MO`` is
    one area when the data has it). A value that is not an area of the data but holds
    commas is a list (``A,B``) when one of its parts is an area of the data. Areas no job
    has are named in a warning (the view then has nothing from them). `known` holds the
    data's areas."""
    known = set(known)
    found: list[str] = []
    unknown: list[str] = []
    for value in values or ():
        area = value.strip()
        parts = [part.strip() for part in area.split(",") if part.strip()]
        if area in known or not any(part in known for part in parts):
            chosen = [area] if area else []
        else:
            chosen = parts
        found += chosen
        unknown += [name for name in chosen if name not in known and name not in unknown]
    for name in unknown:
        import difflib

        near = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean {near[0]!r}? " if near else ""
        areas = sorted(known)
        listed = ", ".join(map(repr, areas[:10])) + (f" and {len(areas) - 10} more"
                                                     if len(areas) > 10 else "")
        say(f"svcperf: warning: {option}: no job of the data is in the coverage area "
             f"{name!r} ({hint}the data's areas: {listed or 'none'})")
    return found


def _viewer(args: argparse.Namespace, known_areas: Iterable[str]) -> Viewer:
    if args.viewer_areas is None:
        return Viewer()
    return Viewer(frozenset(_areas(args.viewer_areas, "--viewer-areas", known_areas)))


def listed(values: Sequence[str] | None) -> list[str]:
    """Values of a repeatable option, each possibly a comma-separated list."""
    return [item.strip() for value in values or () for item in value.split(",")
            if item.strip()]


def breakdowns(values: Sequence[str] | None) -> list[str | tuple[str, ...]]:
    """The breakdowns of repeated ``--by`` options: each value one breakdown, by one
    attribute, or by several joined by commas (a combined breakdown, as the API's tuple).
    An empty name, an attribute twice in one value, or a breakdown given twice (it would
    be shown twice, under one key) is an `InvalidArgumentError`.

    >>> breakdowns(["coverage_area", "coverage_area, profession"])
    ['coverage_area', ('coverage_area', 'profession')]
    """
    found: list[str | tuple[str, ...]] = []
    for value in values or ():
        names = tuple(name.strip() for name in value.split(","))
        if "" in names:
            raise InvalidArgumentError(f"--by: expected an attribute name, or names joined by "
                                       f"commas (an empty name is no attribute), got {value!r}")
        if len(set(names)) < len(names):
            raise InvalidArgumentError(f"--by: expected each attribute once in a combined "
                                       f"breakdown, got {value!r}")
        entry = names if len(names) > 1 else names[0]
        if entry in found:
            raise InvalidArgumentError(f"--by: expected each breakdown once (it would be shown "
                                       f"twice), got {value!r} again")
        found.append(entry)
    return found


def _accounts(found: Sequence[str], wanted: str | None) -> list[str]:
    if wanted is None:
        return list(found)
    if wanted not in found:
        shown = ", ".join(found) or "none"
        raise InvalidArgumentError(f"--account: expected an account of the data ({shown}), "
                                   f"got {wanted!r}")
    return [wanted]


def _targets_file(args: argparse.Namespace) -> TargetsFile | None:
    if args.targets is None:
        return None
    from . import read_targets

    return read_targets(args.targets)


def _common(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments every API call takes, but the viewer (see `_with_data`); and
    the marketplace's target sets of ``--targets``, if it names any."""
    options: dict[str, Any] = {"tz": zone_option(args), "days": args.window_days}
    found = _targets_file(args)
    if found is not None and found.marketplace:
        options["targets"] = found.marketplace
    return options


def _with_data(args: argparse.Namespace,
               options: dict[str, Any]) -> tuple[list[Job], list[Dispute]]:
    """The data (`_data`), and the viewer its areas resolve (`_viewer`) put in `options`.
    A Parquet file is read by the columnar reader whatever the engine (the only reader of
    that form, as in the API: `inputs.dataset_of`); the reference engine then evaluates
    its records."""
    if cli_engines.choose(args) == "columnar" or _parquet_given(args):
        from .engines import columnar

        table, dispute_table = _columnar_data(args)
        jobs = columnar.records_of(table)
        disputes = [] if dispute_table is None else columnar.dispute_records_of(dispute_table)
    else:
        jobs, disputes = _data(args)
    options["viewer"] = _viewer(args, {job.coverage_area for job in jobs})
    return jobs, disputes


def _parquet_given(args: argparse.Namespace) -> bool:
    """Whether JOBS or --disputes names a Parquet file, neither is standard input (which
    the columnar reader does not read: `_record_readers` then reads the Parquet file) and
    pyarrow, that reader, is installed; without it, the reference reader names what it
    cannot read."""
    files = (args.jobs, args.disputes)
    return (not args.sample and "-" not in files and args.jobs is not None
            and columnar_installed()
            and any(path is not None and input_kind(path, args.input_format) == "parquet"
                    for path in files))


def _columnar_data(args: argparse.Namespace) -> tuple[Any, Any]:
    """JOBS and --disputes read by the columnar engine (its problems are the reference
    reader's lines)."""
    from .engines import columnar

    return _read_both(args, _without_progress(columnar.load_jobs),
                      _without_progress(columnar.load_disputes),
                      lambda table: table.table.column("job_id"),
                      (_without_progress(columnar.scan_jobs),
                       _without_progress(columnar.scan_disputes), _scanned_table))


def _without_progress(load: Callable[..., Any]) -> Callable[..., Any]:
    """`load` called as `_read` calls a reader (the columnar loaders report no progress)."""
    def read(source: Any, *, progress: Any = None, **options: Any) -> Any:
        return load(source, **options)
    return read


def _goals_json(found: TargetsFile | None, evaluation: Any, parts: Sequence[Any],
                account_id: str) -> dict[str, Any] | None:
    """An account's goal checks (account-wide and per slice), or None without goals."""
    if found is None or not found.goals:
        return None
    from .output.rows import by_label
    from .views.goals import breakdown_goals, goal_checks

    return {"account": output.goals_json(goal_checks(found.goals, account_id,
                                                     evaluation[account_id])),
            "breakdowns": {by_label(part.by): {
                slice_label(value): output.goals_json(checks)
                for value, checks in breakdown_goals(part, found.goals)[account_id].items()}
                for part in parts}}


# --- the commands ------------------------------------------------------------------------

def _evaluate(args: argparse.Namespace) -> tuple[str, int]:
    options = _common(args)
    as_of = as_of_option(args, options["tz"])
    by = breakdowns(args.by)
    if args.format == "account-health" and by:
        raise InvalidArgumentError("--by: the account-health format is account-wide; use "
                                   "--format json or csv for breakdowns")
    engine = cli_engines.choose(args)
    if engine in cli_engines.SCALE_OUT:
        if args.outlook:
            raise InvalidArgumentError(f"--outlook: not with --engine {engine} (the outlook "
                                       f"reads every job: use --engine columnar or python)")
        board = cli_engines.dashboard(args, as_of, by, options,
                                      partial(_viewer, args))
    elif engine == "columnar":
        from .engines import columnar

        columns = _columns(args, options)
        board = columnar.dashboard_from(columns.jobs, as_of, by,
                                        disputes=columns.disputes, **options)
        data: Columns | list[Job] = columns  # (for the outlook)
        disputes: list[Dispute] = []
    else:
        data, disputes = _with_data(args, options)
        board = dashboard(data, as_of, by, disputes=disputes, **options)
    evaluation, parts = board.evaluation, list(board.breakdowns)
    accounts = _accounts(list(evaluation.accounts), args.account)
    attention = any(evaluation[a].status is Status.ATTENTION for a in accounts)
    code = EXIT_ATTENTION if attention and args.fail_on_attention else EXIT_OK
    say_warnings(evaluation, accounts)
    found = _targets_file(args)
    ahead = None
    if args.outlook:
        from . import outlook

        ahead = outlook(data, as_of, disputes=disputes, goals=found.goals if found else (),
                        by=[part.by for part in parts if isinstance(part.by, str)], **options)
    if args.format == "json":
        document = output.evaluation_json(evaluation, parts, accounts)
        for account_id in accounts:
            goals = _goals_json(found, evaluation, parts, account_id)
            if goals is not None:
                document["accounts"][account_id]["goals"] = goals
            if ahead is not None:
                document["accounts"][account_id]["outlook"] = output.account_outlook_json(
                    ahead[account_id])
        return output.json_text(document), code
    if args.format == "csv":
        return output.csv_text(output.figure_rows(evaluation, parts, accounts),
                               output.FIGURE_COLUMNS), code
    if args.format == "account-health":
        return output.json_text(output.account_health_json(evaluation, accounts)), code
    text = _text(output.evaluation_table(evaluation, parts, accounts))
    if found is not None and found.goals:
        from .output.rows import by_label
        from .views.goals import breakdown_goals, goal_checks

        text += "\n" + _text(output.goals_table(
            {a: goal_checks(found.goals, a, evaluation[a]) for a in accounts},
            {a: {by_label(part.by): {slice_label(value): checks for value, checks
                                     in breakdown_goals(part, found.goals)[a].items()}
                 for part in parts} for a in accounts}))
    if ahead is not None:
        text += "\n" + _text(output.forecast_table(ahead, accounts))
    return text, code


def say_warnings(evaluation: Evaluation, accounts: Iterable[str]) -> None:
    """Write the data warnings of `accounts` to standard error as ``svcperf evaluate``
    does: five per account, then how many more."""
    for account_id in accounts:
        for warning in evaluation[account_id].warnings[:5]:
            say(f"svcperf: warning: {account_id}: {warning}")
        more = len(evaluation[account_id].warnings) - 5
        if more > 0:
            say(f"svcperf: warning: {account_id}: ... and {more} more")


def _short_windows(text: str) -> tuple[int, ...]:
    try:
        lengths = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        lengths = ()
    if not lengths or any(length < 1 for length in lengths):
        raise InvalidArgumentError(f"--short-windows: expected window lengths in days such "
                                   f"as 7,30, got {text!r}")
    return lengths


def _forecast(args: argparse.Namespace) -> tuple[str, int]:
    options = _common(args)
    as_of = as_of_option(args, options["tz"])
    short = _short_windows(args.short_windows)
    by = _single_attributes(breakdowns(args.by))
    data, disputes = _columns_or_records(args, options)
    found = _targets_file(args)
    from . import outlook

    result = outlook(data, as_of, disputes=disputes, short_windows=short,
                     horizon=args.horizon, goals=found.goals if found else (),
                     by=by, **options)
    accounts = _accounts(list(result.accounts), args.account)
    if args.format == "json":
        return output.json_text(output.forecast_json(result, accounts)), EXIT_OK
    if args.format == "csv":
        return output.csv_text(output.forecast_rows(result, accounts),
                               output.forecast_columns(result)), EXIT_OK
    return _text(output.forecast_table(result, accounts)), EXIT_OK


def _columns_or_records(args: argparse.Namespace,
                        options: dict[str, Any]) -> tuple[Columns | list[Job], list[Dispute]]:
    """The data as columns when the columnar engine reads (the outlook then works
    column-wise, and `explain` makes only its account's records), else as records
    (`_with_data`)."""
    if cli_engines.choose(args) != "columnar":
        return _with_data(args, options)
    return _columns(args, options), []


def _columns(args: argparse.Namespace, options: dict[str, Any]) -> Columns:
    """JOBS and --disputes read by the columnar engine (`_columnar_data`), and the viewer
    their coverage areas resolve (`_viewer`) put in `options`."""
    from .engines import columnar

    table, dispute_table = _columnar_data(args)
    options["viewer"] = _viewer(args, columnar.coverage_areas(table))
    return Columns(table, dispute_table)


def _single_attributes(by: Sequence[str | tuple[str, ...]]) -> list[str]:
    """`by` when it names no combined breakdown (the forecast's slices are by one
    attribute); else `InvalidArgumentError`."""
    for entry in by:
        if not isinstance(entry, str):
            raise InvalidArgumentError(f"--by: expected one attribute per --by (the forecast "
                                       f"breaks down by one attribute at a time), got "
                                       f"{','.join(entry)!r}")
    return [entry for entry in by if isinstance(entry, str)]


def _targets(args: argparse.Namespace) -> tuple[str, int]:
    from . import SEED_TARGETS, read_targets

    found = read_targets(args.file)
    lines = [f"{found.source}: {len(found.marketplace)} target sets, {len(found.goals)} goals"]
    for target_set in found.marketplace or (SEED_TARGETS,):
        origin = "" if found.marketplace else " (none in the file: the seed's)"
        lines.append(f"target set in force from {target_set.effective_from.isoformat()}"
                     f"{origin}:")
        lines += [f"  {key} {target}" for key, target in target_set.targets.items()]
    for goal in found.goals:
        where = "account-wide" if goal.attribute is None else \
            f"{goal.attribute} = {goal.value or '(none)'}"
        scope = f", account {goal.account_id}" if goal.account_id else ""
        lines.append(f"goal {goal.name!r} ({where}{scope}):")
        lines += [f"  {key} {target}" for key, target in goal.targets.items()]
    return "\n".join(lines) + "\n", EXIT_OK


def _issues(args: argparse.Namespace) -> tuple[str, int]:
    options = _common(args)
    as_of = as_of_option(args, options["tz"])
    jobs, disputes = _with_data(args, options)
    if args.account is not None:
        _accounts(sorted({job.account_id for job in jobs}), args.account)
    types = listed(args.issue_type)
    for name in types:
        if name not in IssueType.__members__.values():
            raise InvalidArgumentError(f"--issue-type: expected one of "
                                       f"{', '.join(IssueType)}, got {name!r}")
    areas = _areas(args.area, "--area", {job.coverage_area for job in jobs})
    rows = issue_list(jobs, as_of, disputes=disputes, areas=areas or None,
                      issue_types=types or None, account=args.account, **options)
    if args.format == "json":
        return output.json_text(output.issue_json(rows)), EXIT_OK
    if args.format == "csv":
        return output.csv_text(output.issue_rows(rows), output.ISSUE.columns), EXIT_OK
    return _text(output.issue_table(rows)), EXIT_OK


def _summary(args: argparse.Namespace) -> tuple[str, int]:
    options = _common(args)
    as_of = as_of_option(args, options["tz"])
    jobs, disputes = _with_data(args, options)
    result = summary(jobs, as_of, disputes=disputes, **options)
    accounts = _accounts(list(result), args.account)
    if args.format == "json":
        return output.json_text(output.summary_json(result, accounts)), EXIT_OK
    if args.format == "csv":
        return output.csv_text(output.summary_rows(result, accounts),
                               output.SUMMARY.columns), EXIT_OK
    return _text(output.summary_table(result, accounts)), EXIT_OK


def _slice_values(values: Sequence[str] | None) -> dict[str, str | None]:
    """The slice of repeated ``--slice ATTR=VALUE`` options: the jobs with every value
    given; an attribute given twice (a job has one value of it) is an error."""
    where: dict[str, str | None] = {}
    for text in values or ():
        name, equals, value = text.partition("=")
        if not equals or not name.strip():
            raise InvalidArgumentError(f"--slice: expected ATTR=VALUE (VALUE '(none)' or empty "
                                       f"for no value), got {text!r}")
        if name.strip() in where:
            raise InvalidArgumentError(f"--slice: expected each attribute once (a job has one "
                                       f"value of it), got {name.strip()!r} again in {text!r}")
        where[name.strip()] = None if value in ("", "(none)") else value
    return where


def _explain(args: argparse.Namespace) -> tuple[str, int]:
    options = _common(args)
    as_of = as_of_option(args, options["tz"])
    if args.metric not in METRIC_KEYS:
        raise InvalidArgumentError(f"--metric: expected one of {', '.join(METRIC_KEYS)}, "
                                   f"got {args.metric!r}")
    where = _slice_values(args.slice)
    data, disputes = _columns_or_records(args, options)
    result = explain(data, as_of, args.metric, disputes=disputes, account=args.account,
                     where=where or None, **options)
    if args.format == "json":
        return output.json_text(output.explanation_json(result)), EXIT_OK
    if args.format == "csv":
        return output.csv_text(output.explanation_rows(result), output.EXPLAIN.columns), EXIT_OK
    return _text(output.explanation_table(result)), EXIT_OK


def _plot_path(path: str | None) -> str | None:
    if path is not None and os.path.splitext(path)[1].lower() not in (".png", ".svg"):
        raise InvalidArgumentError(f"--plot: expected a file name ending in .png or .svg, "
                                   f"got {path!r}")
    return path


def _write_plot(result: History, path: str, account: str | None) -> None:
    """Draw the Chart View of `result` (one account's, or every account's) into `path`."""
    chart = result.plot(account=account)
    try:
        chart.savefig(path)
    except OSError as error:
        raise InvalidArgumentError(f"--plot: cannot write {path!r}: "
                                   f"{error.strerror or error}") from None


def _history(args: argparse.Namespace) -> tuple[str, int]:
    options = _common(args)
    first, last = _night(args.first, "--from"), _night(args.last, "--to")
    plot = _plot_path(args.plot)
    engine = cli_engines.choose(args)
    if engine in cli_engines.SCALE_OUT:
        result = cli_engines.history(args, first, last, options, partial(_viewer, args))
    elif engine == "columnar":  # the column-wise sweep, on the columns read once
        result = history(_columns(args, options), first, last, **options)
    else:
        jobs, disputes = _with_data(args, options)
        result = history(jobs, first, last, disputes=disputes, **options)
    accounts = _accounts(list(result.accounts), args.account)
    if plot is not None:
        _write_plot(result, plot, args.account)
    if args.format == "json":
        return output.json_text(output.history_json(result, accounts)), EXIT_OK
    if args.format == "csv":
        return output.csv_text(output.history_rows(result, accounts),
                               output.HISTORY_COLUMNS), EXIT_OK
    return _text(output.history_table(result, accounts)), EXIT_OK


def _sample(args: argparse.Namespace) -> tuple[str, int]:
    if args.days < 1:
        raise InvalidArgumentError(f"--days: expected a whole number of days >= 1, "
                                   f"got {args.days}")
    from . import sample

    try:
        jobs_path, disputes_path = sample.write(args.out, args.jobs, args.seed,
                                                format=args.format, days=args.days)
    except OSError as error:
        raise InvalidArgumentError(f"--out: cannot write to {args.out!r}: "
                                   f"{error.strerror or error}") from None
    return (f"wrote {jobs_path} and {disputes_path}\n"
            f"try: svcperf evaluate {jobs_path} --disputes {disputes_path} "
            f"--as-of {SAMPLE_NIGHT} --tz {SAMPLE_TZ}\n"), EXIT_OK


# --- the parser --------------------------------------------------------------------------

class _Version(argparse.Action):
    """``--version``, as argparse's own action, with the version (read from the installed
    metadata) looked up only when asked for."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from . import __version__

        if sys.stdout is not None:
            sys.stdout.write(f"svcperf {__version__}\n")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="svcperf",
        description="A home-service provider's seven service levels over a rolling "
                    "60-day window.",
        epilog="Exit codes: 0 ok, 1 Attention (with --fail-on-attention), 2 bad input or "
               "usage (or output that cannot be written), 3 internal error, 130 "
               "interrupted. See docs/cli.md.")
    parser.add_argument("--version", action=_Version, nargs=0, dest=argparse.SUPPRESS,
                        default=argparse.SUPPRESS, help="show program's version number and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true",
                        help="show the traceback of an error")
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument("jobs", nargs="?", metavar="JOBS",
                      help="the jobs file (.csv, .jsonl, .ndjson or .parquet; '-' for "
                           "standard input)")
    data.add_argument("--disputes", metavar="FILE",
                      help="the disputes file ('-' for standard input)")
    data.add_argument("--input-format", choices=files.FILE_FORMATS,
                      help="the format of JOBS and --disputes (default: from the extension; "
                           "for standard input, '{' first means jsonl, else csv; parquet "
                           "needs svcperf[columnar] and files)")
    data.add_argument("--rejected", metavar="PATH",
                      help="read leniently: compute on the good rows, and write every "
                           "rejected row (file, line, error) to PATH as CSV (see "
                           "docs/cli.md)")
    cli_engines.add_options(data)
    data.add_argument("--sample", action="store_true",
                      help=f"use the bundled sample instead of files (as of "
                           f"{SAMPLE_NIGHT} in {SAMPLE_TZ} by default)")
    data.add_argument("--tz", metavar="ZONE",
                      help="the evaluation's IANA time zone (default UTC; the sample's: "
                           f"{SAMPLE_TZ})")
    data.add_argument("--window-days", type=int, default=DEFAULT_DAYS, metavar="N",
                      help="the window's length in local days (default 60, which sets the "
                           "official status)")
    data.add_argument("--account", metavar="ID", help="show only this account")
    data.add_argument("--targets", metavar="FILE",
                      help="a targets file (TOML): the marketplace's target sets and the "
                           "owner's goals (see docs/outlook.md)")
    data.add_argument("--viewer-areas", action="append", metavar="AREA",
                      help="see only the jobs of this coverage area (a scoped viewer; "
                           "repeatable, or A,B)")
    as_of = argparse.ArgumentParser(add_help=False)
    as_of.add_argument("--as-of", metavar="DATE|INSTANT",
                       help="a night YYYY-MM-DD, or an ISO 8601 instant with an offset "
                            "(default: the last nightly run, i.e. the start of today in --tz)")

    def formats(command: argparse.ArgumentParser, *more: str) -> None:
        command.add_argument("--format", choices=("table", "json", "csv", *more),
                             default="table", help="the output format (default table)")

    parents = [common, data, as_of]
    command = commands.add_parser("evaluate", parents=parents,
                                  help="the dashboard: seven service levels and the status")
    command.add_argument("--by", action="append", metavar="ATTR[,ATTR...]",
                         help="a breakdown by this job attribute (repeatable): "
                              "coverage_area, profession, technician_id, an extra column; "
                              "A,B: one breakdown by both at once (a slice per combination)")
    formats(command, "account-health")
    command.add_argument("--fail-on-attention", action="store_true",
                         help="exit with 1 when a shown account is in Attention")
    command.add_argument("--outlook", action="store_true",
                         help="add each account's outlook (headroom, recovery, burn rates; "
                              "see the forecast command)")
    command.set_defaults(run=_evaluate)

    command = commands.add_parser("forecast", parents=parents,
                                  help="what to do next: headroom, recovery nights, burn rates")
    command.add_argument("--by", action="append", metavar="ATTR",
                         help="each slice's headroom, clean jobs needed and issues to remove "
                              "by this job attribute (repeatable; JSON and CSV)")
    command.add_argument("--short-windows", default="7,30", metavar="D,D",
                         help="the early-warning windows in days (default 7,30)")
    command.add_argument("--horizon", type=int, metavar="NIGHTS",
                         help="how many nights to look ahead (default twice the window)")
    formats(command)
    command.set_defaults(run=_forecast)

    command = commands.add_parser("targets", parents=[common],
                                  help="check a targets file and print what it holds")
    command.add_argument("file", metavar="FILE", help="the targets file (TOML)")
    command.set_defaults(run=_targets)

    command = commands.add_parser("issues", parents=parents,
                                  help="the issue list: every job of the window and its issues")
    command.add_argument("--area", action="append", metavar="AREA",
                         help="only jobs of this coverage area (repeatable, or A,B)")
    command.add_argument("--issue-type", action="append", metavar="TYPE",
                         help=f"only jobs with one of these issue types ({', '.join(IssueType)})")
    formats(command)
    command.set_defaults(run=_issues)

    command = commands.add_parser("summary", parents=parents,
                                  help="the summary counts: jobs completed, cancelled, with "
                                       "issues, and issues in total")
    formats(command)
    command.set_defaults(run=_summary)

    command = commands.add_parser("explain", parents=parents,
                                  help="which jobs a figure counts, and why")
    command.add_argument("--metric", required=True, metavar="KEY",
                         help=f"the figure: {', '.join(METRIC_KEYS)}")
    command.add_argument("--slice", action="append", metavar="ATTR=VALUE",
                         help="only the jobs of one slice (repeatable; VALUE '(none)' for no "
                              "value)")
    formats(command)
    command.set_defaults(run=_explain)

    command = commands.add_parser("history", parents=[common, data],
                                  help="the nightly figures and status over a range of nights")
    command.add_argument("--from", dest="first", required=True, metavar="DATE",
                         help="the first night, YYYY-MM-DD")
    command.add_argument("--to", dest="last", required=True, metavar="DATE",
                         help="the last night, YYYY-MM-DD")
    command.add_argument("--plot", metavar="FILE",
                         help="also draw the Chart View (every level night by night against "
                              "its target) into FILE.png or FILE.svg (needs svcperf[plot])")
    formats(command)
    command.set_defaults(run=_history)

    command = commands.add_parser("sample", parents=[common],
                                  help="write a synthetic data set (deterministic for a seed)")
    command.add_argument("--jobs", type=int, default=SAMPLE_JOBS, metavar="N",
                         help=f"the number of jobs (default {SAMPLE_JOBS})")
    command.add_argument("--seed", type=int, default=SAMPLE_SEED, metavar="S",
                         help=f"the random seed (default {SAMPLE_SEED})")
    command.add_argument("--days", type=int, default=SAMPLE_DAYS, metavar="D",
                         help=f"spread the appointments over the D local days ending on "
                              f"{SAMPLE_NIGHT} (and the 6 after it; default "
                              f"{SAMPLE_DAYS})")
    command.add_argument("--out", default="svcperf-sample", metavar="DIR",
                         help="the directory to write jobs and disputes files to "
                              "(default svcperf-sample)")
    command.add_argument("--format", choices=files.FILE_FORMATS, default="csv",
                         help="the file format (default csv; parquet needs "
                              "svcperf[columnar])")
    command.set_defaults(run=_sample)
    return parser


# The library's argument names, as the options that give them (for its error messages).
_OPTIONS = {"as_of": "--as-of", "night": "--as-of", "days": "--window-days", "tz": "--tz",
            "targets": "--targets", "horizon": "--horizon", "short_windows": "--short-windows",
            "attribute": "--by", "by": "--by", "account": "--account",
            "areas": "--viewer-areas", "issue_types": "--issue-type", "metric": "--metric",
            "where": "--slice", "first_night": "--from", "last_night": "--to",
            "source": "JOBS"}
_PER_COMMAND = {"history": {"night": "--from/--to", "as_of": "--from"},
                "evaluate": {"horizon": "--outlook"}}  # (its outlook's horizon is the default)
_NAMES = re.compile(r"[a-z_]+(?:\[[^\]]*\])?(?:, [a-z_]+)*(?=: )")


def in_options(message: str, command: str) -> str:
    """`message` of the library, with the argument names it starts with (``night, days:``)
    and the parameter names in it (``first_night``) given as the options that set them."""
    names = _OPTIONS | _PER_COMMAND.get(command, {})
    found = _NAMES.match(message)
    if found is not None:
        words = [names.get(word.partition("[")[0], word) for word in found.group().split(", ")]
        message = ", ".join(dict.fromkeys(words)) + message[found.end():]
    return re.sub(r"\b(first_night|last_night|as_of)\b",
                  lambda word: names[word.group()], message)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: ``sys.argv[1:]``); return the exit code.

    Never a traceback (unless ``--debug``): an interrupt is exit 130, a standard output
    that cannot be written (a full disk) exit 2, a closed standard error changes nothing.
    """
    try:
        return _main(argv)
    except KeyboardInterrupt:
        say("svcperf: interrupted")
        return EXIT_INTERRUPTED


def _main(argv: Sequence[str] | None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit:  # --help, --version or a usage error (already written)
        return exit.code if isinstance(exit.code, int) else EXIT_BAD_INPUT
    try:
        text, code = args.run(args)
    except (InvalidInputError, _Failed) as error:
        if args.debug:
            raise
        for line in str(error).splitlines():
            say(line)
        return EXIT_BAD_INPUT
    except SvcperfError as error:
        if args.debug:
            raise
        message = str(error)
        if isinstance(error, InvalidArgumentError):
            message = in_options(message, args.command)
        say(f"svcperf: error: {message}")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        raise
    except Exception as error:  # a bug: say so in one line, unless --debug asks for more
        if args.debug:
            raise
        say(f"svcperf: internal error: {type(error).__name__}: {error} "
             f"(rerun with --debug for the traceback)")
        return EXIT_INTERNAL
    # JSON and CSV are data: UTF-8 whatever the locale (as the files are); a table is for
    # people: in the stream's encoding, with backslash escapes for what it cannot show.
    data = args.command != "sample" and getattr(args, "format", None) in ("json", "csv")
    stdout = sys.stdout
    if stdout is None:  # started with standard output closed: the result would be lost
        say("svcperf: error: cannot write standard output: it is closed")
        return EXIT_BAD_INPUT
    encoding = "utf-8" if data else getattr(stdout, "encoding", None) or "utf-8"
    failed = _write(stdout, text, encoding)
    if failed is not None and not isinstance(failed, BrokenPipeError):  # (| head is fine)
        say(f"svcperf: error: cannot write standard output: {failed.strerror or failed}")
        return EXIT_BAD_INPUT
    return int(code)
