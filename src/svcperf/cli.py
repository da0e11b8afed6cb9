"""The command line, thin over the public API: ``svcperf evaluate | issues | explain |
history | sample`` (see docs/cli.md).

Exit codes: 0 success; 1 an account is in Attention (only with ``--fail-on-attention``);
2 bad input or usage (one line per problem on standard error, nothing on standard
output); 3 an internal error (a bug: ``--debug`` shows the traceback); 130 interrupted.
The command line may read the clock (the default ``--as-of``); the library never does.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any, TextIO

from . import __version__, sample
from .errors import InvalidArgumentError, InvalidInputError, InvalidRecordError, SvcperfError
from .evaluation import AccountResult, Figure, Performance
from .io import interchange, results
from .metrics import SERVICE_LEVELS
from .parsing import parse_date
from .records import Dispute, IssueType, Job
from .status import Status
from .views import (
    METRIC_KEYS,
    Breakdown,
    Explanation,
    History,
    IssueRow,
    Viewer,
    dashboard,
    explain,
    history,
    issue_list,
    slice_label,
)
from .window import DEFAULT_DAYS, Window, window_for
from .zones import zone

__all__ = ["EXIT_ATTENTION", "EXIT_BAD_INPUT", "EXIT_INTERNAL", "EXIT_OK", "main"]

EXIT_OK = 0
EXIT_ATTENTION = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SHORT_NAMES = {
    "customer_feedback_rating": "Rating",
    "hg_claim_rate": "HG claims",
    "negative_feedback_rate": "Neg. fb",
    "cancellation_rate": "Cancel",
    "reschedule_rate": "Resched",
    "outside_arrival_window_rate": "Arrival",
    "late_completion_rate": "Late",
    "defect_free_rate": "Defect-free",
}


# --- presentation ------------------------------------------------------------------------

class _Style:
    """ANSI colour, only for a terminal and when NO_COLOR is not set (no-color.org)."""

    def __init__(self, stream: TextIO) -> None:
        self.on = stream.isatty() and not os.environ.get("NO_COLOR")

    def _paint(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.on else text

    def good(self, text: str) -> str:
        return self._paint("32", text)

    def bad(self, text: str) -> str:
        return self._paint("31", text)

    def bold(self, text: str) -> str:
        return self._paint("1", text)


def _value(figure: Figure, *, unit: bool = True) -> str:
    """A figure's value for people: a rate in %, the rating in stars, or "no data"."""
    shown = figure.display
    if shown is None:
        return "no data" if unit else "-"
    if figure.unit == "rate":
        return f"{shown * 100:.2f}%"
    return f"{shown:.2f} stars" if unit else f"{shown:.2f}"


def _verdict(figure: Figure, style: _Style) -> str:
    return {True: style.good("met"), False: style.bad("missed"), None: "-"}[figure.meets_target]


def _status(status: Status, style: _Style) -> str:
    if status is Status.ATTENTION:
        return style.bad("Attention")
    return style.good("Good Standing")


def _table(rows: Sequence[Sequence[str]], indent: str = "  ",
           right: frozenset[int] = frozenset()) -> list[str]:
    """Rows aligned in columns; the widths ignore colour codes."""
    def width(cell: str) -> int:
        return len(re.sub(r"\x1b\[[0-9;]*m", "", cell))
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = []
        for index, cell in enumerate(row):
            pad = " " * (widths[index] - width(cell))
            cells.append(pad + cell if index in right else cell + pad)
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines


def _window_lines(window: Window) -> list[str]:
    as_of = results.local_iso(window.end, window)
    start = results.local_iso(window.start, window)
    night = f" (the night of {window.night} in {window.zone})" if window.night else ""
    length = f"{window.days} days" if window.days else "custom"
    return [f"As of {as_of}{night}", f"Window: {length}, from {start} to {as_of}"]


def _dashboard(account: AccountResult, breakdowns: Sequence[Breakdown], style: _Style) -> list[str]:
    tally = account.tally
    missed = sum(figure.meets_target is False for figure in account.figures.values())
    verdict = f" ({missed} of {len(SERVICE_LEVELS)} service levels miss their target)" \
        if missed else ""
    lines = ["", style.bold(f"{account.account_id}: ") + _status(account.status, style)
             + verdict,
             f"  {tally.jobs} jobs in the window: {tally.completed} completed, "
             f"{tally.cancelled} cancelled; {tally.jobs_with_issues} with issues, "
             f"{tally.issues} issues in total"]
    rows = [["Service level", "Value", "Count", "Target", "Result"]]
    for figure in [*account.figures.values(), account.defect_free]:
        rows.append([figure.name, _value(figure), f"{figure.numerator}/{figure.denominator}",
                     "-" if figure.target is None else str(figure.target),
                     _verdict(figure, style)])
    lines += _table(rows)
    for part in breakdowns:
        slices = part.accounts.get(account.account_id, {})
        lines += _slices(part.by, slices, style)
    return lines


def _slices(by: str | tuple[str, ...], slices: Mapping[Any, Performance],
            style: _Style) -> list[str]:
    label = by if isinstance(by, str) else " × ".join(by)
    if not slices:
        return ["", f"  By {label}: no job in the window"]
    keys = [level.key for level in SERVICE_LEVELS]
    rows = [[f"By {label}", "Jobs", *(_SHORT_NAMES[key] for key in keys), "Status"]]
    for value, part in slices.items():
        cells = []
        for key in keys:
            text = _value(part[key], unit=False)
            cells.append(style.bad(text + "*") if part[key].meets_target is False else text)
        rows.append([slice_label(value), str(part.tally.jobs), *cells,
                     _status(part.status, style)])
    legend = ["  * misses its target (slices are for investigation; they never change the "
              "account status)"] if any(part.status is Status.ATTENTION
                                        for part in slices.values()) else []
    return ["", *_table(rows, right=frozenset(range(1, len(keys) + 2))), *legend]


# --- reading the arguments ---------------------------------------------------------------

class _Progress:
    """Rows read so far, on standard error when it is a terminal."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.shown = False

    def __call__(self, rows: int) -> None:
        sys.stderr.write(f"\rreading {self.name}: {rows:,} rows")
        sys.stderr.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


def _read(path: str, reader: Callable[..., list[Any]], **options: Any) -> list[Any]:
    progress = _Progress(path) if sys.stderr.isatty() else None
    try:
        return reader(path, progress=progress, **options)
    except OSError as error:
        raise InvalidArgumentError(f"cannot read {path}: {error.strerror or error}") from None
    finally:
        if progress is not None:
            progress.done()


def _data(args: argparse.Namespace) -> tuple[list[Job], list[Dispute]]:
    """The jobs and disputes named on the command line, read strictly."""
    if args.sample:
        if args.jobs is not None or args.disputes is not None:
            raise InvalidArgumentError("--sample: give either --sample or a JOBS file "
                                       "(and --disputes), not both")
        return sample.generate()
    if args.jobs is None:
        raise InvalidArgumentError("JOBS: give a jobs file (.csv, .jsonl or .ndjson), or "
                                   "--sample for the bundled sample")
    problems: list[InvalidRecordError] = []
    total = 0
    jobs: list[Job] = []
    try:
        jobs = _read(args.jobs, interchange.read_jobs, format=args.input_format)
        ids: set[str] | None = {job.job_id for job in jobs}
    except InvalidInputError as error:
        problems += error.problems
        total += error.total
        ids = None
    disputes: list[Dispute] = []
    if args.disputes is not None:
        try:
            disputes = _read(args.disputes, interchange.read_disputes,
                             format=args.input_format, job_ids=ids)
        except InvalidInputError as error:
            problems += error.problems
            total += error.total
    if problems:
        raise InvalidInputError(problems, total=total)
    return jobs, disputes


def _zone(args: argparse.Namespace) -> str:
    name: str = args.tz or (sample.SAMPLE_TZ if args.sample else "UTC")
    try:
        zone(name)
    except ValueError as error:
        raise InvalidArgumentError(f"--tz: {error}") from None
    return name


def _night(text: str, option: str) -> date:
    try:
        return parse_date(text)
    except ValueError:
        raise InvalidArgumentError(f"{option}: expected a date YYYY-MM-DD, got {text!r}") from None


def _as_of(args: argparse.Namespace, tz: str) -> date | datetime:
    """The night or instant to evaluate as of; by default the last nightly run in `tz`."""
    text: str | None = args.as_of
    if text is None:
        if args.sample:
            return sample.SAMPLE_NIGHT
        today = datetime.now(timezone.utc).astimezone(zone(tz)).date()
        return today - timedelta(days=1)
    if _DATE.fullmatch(text):
        return _night(text, "--as-of")
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidArgumentError(f"--as-of: expected a date YYYY-MM-DD or an ISO 8601 "
                                   f"instant with a UTC offset, got {text!r}") from None
    if instant.tzinfo is None:
        raise InvalidArgumentError(f"--as-of: the instant {text!r} has no UTC offset; add one "
                                   f"(e.g. {text}Z or {text}-05:00) or give a date")
    return instant


def _viewer(args: argparse.Namespace) -> Viewer:
    if args.viewer_areas is None:
        return Viewer()
    return Viewer(frozenset(area.strip() for area in args.viewer_areas.split(",")
                            if area.strip()))


def _listed(values: Sequence[str] | None) -> list[str]:
    """Values of a repeatable option, each possibly a comma-separated list."""
    return [item.strip() for value in values or () for item in value.split(",")
            if item.strip()]


def _accounts(found: Sequence[str], wanted: str | None) -> list[str]:
    if wanted is None:
        return list(found)
    if wanted not in found:
        shown = ", ".join(found) or "none"
        raise InvalidArgumentError(f"--account: expected an account of the data ({shown}), "
                                   f"got {wanted!r}")
    return [wanted]


def _common(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments every API call takes."""
    return {"tz": _zone(args), "days": args.window_days, "viewer": _viewer(args)}


def _json(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


# --- the commands ------------------------------------------------------------------------

def _evaluate(args: argparse.Namespace) -> tuple[str, int]:
    options = _common(args)
    as_of = _as_of(args, options["tz"])
    jobs, disputes = _data(args)
    board = dashboard(jobs, as_of, _listed(args.by), disputes=disputes, **options)
    evaluation, parts = board.evaluation, list(board.breakdowns)
    accounts = _accounts(list(evaluation.accounts), args.account)
    attention = any(evaluation[a].status is Status.ATTENTION for a in accounts)
    code = EXIT_ATTENTION if attention and args.fail_on_attention else EXIT_OK
    for account_id in accounts:
        for warning in evaluation[account_id].warnings[:5]:
            print(f"svcperf: warning: {account_id}: {warning}", file=sys.stderr)
        more = len(evaluation[account_id].warnings) - 5
        if more > 0:
            print(f"svcperf: warning: {account_id}: ... and {more} more", file=sys.stderr)
    if args.format == "json":
        return _json(results.evaluation_json(evaluation, parts, accounts)), code
    if args.format == "csv":
        return results.csv_text(results.figure_rows(evaluation, parts, accounts),
                                results.FIGURE_COLUMNS), code
    style = _Style(sys.stdout)
    lines = _window_lines(evaluation.window)
    if not accounts:
        lines.append("No account in the data.")
    for account_id in accounts:
        lines += _dashboard(evaluation[account_id], parts, style)
    return "\n".join(lines) + "\n", code


def _issues(args: argparse.Namespace) -> tuple[str, int]:
    options = _common(args)
    as_of = _as_of(args, options["tz"])
    jobs, disputes = _data(args)
    if args.account is not None:
        _accounts(sorted({job.account_id for job in jobs}), args.account)
    types = _listed(args.issue_type)
    for name in types:
        if name not in IssueType.__members__.values():
            raise InvalidArgumentError(f"--issue-type: expected one of "
                                       f"{', '.join(IssueType)}, got {name!r}")
    areas = _listed(args.area)
    rows: tuple[IssueRow, ...] = issue_list(jobs, as_of, disputes=disputes, areas=areas or None,
                                            issue_types=types or None, account=args.account,
                                            **options)
    window = window_for(as_of, options["tz"], options["days"])
    if args.format == "json":
        return _json(results.issue_json(rows, window)), EXIT_OK
    if args.format == "csv":
        return results.csv_text(results.issue_rows(rows), results.ISSUE_COLUMNS), EXIT_OK
    lines = _window_lines(window)
    table = [["Account", "Job", "Closed at", "Area", "Profession", "Technician", "Status",
              "Issues"]]
    for row in rows:
        table.append([row.account_id, row.job_id, row.closed_at.isoformat(), row.coverage_area,
                      row.profession, row.technician_id or "(none)", row.status.value,
                      ", ".join(row.issues) or "-"])
    with_issues = sum(bool(row.issues) for row in rows)
    lines += ["", *(_table(table) if rows else []),
              f"{len(rows)} jobs listed, {with_issues} with issues"]
    return "\n".join(lines) + "\n", EXIT_OK


def _where(values: Sequence[str] | None) -> dict[str, str | None]:
    where: dict[str, str | None] = {}
    for text in values or ():
        name, equals, value = text.partition("=")
        if not equals or not name.strip():
            raise InvalidArgumentError(f"--slice: expected ATTR=VALUE (VALUE '(none)' or empty "
                                       f"for no value), got {text!r}")
        where[name.strip()] = None if value in ("", "(none)") else value
    return where


def _explain(args: argparse.Namespace) -> tuple[str, int]:
    options = _common(args)
    as_of = _as_of(args, options["tz"])
    if args.metric not in METRIC_KEYS:
        raise InvalidArgumentError(f"--metric: expected one of {', '.join(METRIC_KEYS)}, "
                                   f"got {args.metric!r}")
    where = _where(args.slice)
    jobs, disputes = _data(args)
    result: Explanation = explain(jobs, as_of, args.metric, disputes=disputes,
                                  account=args.account, where=where or None, **options)
    if args.format == "json":
        return _json(results.explanation_json(result)), EXIT_OK
    if args.format == "csv":
        return results.csv_text(results.explanation_rows(result),
                                results.EXPLAIN_COLUMNS), EXIT_OK
    style = _Style(sys.stdout)
    figure = result.figure
    scope = "".join(f", {name} = {slice_label(value)}" for name, value in where.items())
    lines = [*_window_lines(result.window), "",
             style.bold(f"{figure.name} of {result.account_id}{scope}"),
             f"  {figure.numerator}/{figure.denominator} = {_value(figure)}, target "
             f"{figure.target or '-'}: {_verdict(figure, style)}", ""]
    table = [["Job", "Role", "Adds", "Reason", "Issues"]]
    for row in result.rows:
        table.append([row.job_id, row.role.value, str(row.contribution), row.reason.value,
                      ", ".join(row.issues) or "-"])
    lines += _table(table, right=frozenset({2}))
    return "\n".join(lines) + "\n", EXIT_OK


_SPARKS = "▁▂▃▄▅▆▇█"


def _spark(figures: Sequence[Figure], stream: TextIO) -> str:
    marks = _SPARKS
    try:
        marks.encode(stream.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        marks = ".:-=+*#@"
    values = [figure.display for figure in figures]
    known = [value for value in values if value is not None]
    if not known:
        return " " * len(values)
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    return "".join(" " if value is None else marks[int((value - low) / span * (len(marks) - 1))]
                   for value in values)


def _history(args: argparse.Namespace) -> tuple[str, int]:
    options = _common(args)
    first, last = _night(args.first, "--from"), _night(args.last, "--to")
    jobs, disputes = _data(args)
    result: History = history(jobs, first, last, disputes=disputes, **options)
    accounts = _accounts(list(result.accounts), args.account)
    if args.format == "json":
        return _json(results.history_json(result, accounts)), EXIT_OK
    if args.format == "csv":
        return results.csv_text(results.history_rows(result, accounts),
                                results.HISTORY_COLUMNS), EXIT_OK
    style = _Style(sys.stdout)
    lines = [f"Nightly figures from {first} to {last} ({len(result.nights)} nights, "
             f"{result.days}-day window, {result.zone})"]
    for account_id in accounts:
        changes = ", ".join(f"{_status(status, style)} from {night}"
                            for night, status in result.status_changes(account_id))
        lines += ["", style.bold(account_id) + f": {changes}"]
        table = [["Figure", "Trend", "First", "Last", "Nights missed"]]
        for key in METRIC_KEYS:
            series = result.series(account_id, key)
            missed = sum(figure.meets_target is False for figure in series)
            table.append([series[0].name, _spark(series, sys.stdout), _value(series[0]),
                          _value(series[-1]), f"{missed} of {len(series)}"])
        lines += _table(table)
    return "\n".join(lines) + "\n", EXIT_OK


def _sample(args: argparse.Namespace) -> tuple[str, int]:
    if args.days < 1:
        raise InvalidArgumentError(f"--days: expected a whole number of days >= 1, "
                                   f"got {args.days}")
    try:
        jobs_path, disputes_path = sample.write(args.out, args.jobs, args.seed,
                                                format=args.format, days=args.days)
    except OSError as error:
        raise InvalidArgumentError(f"--out: cannot write to {args.out!r}: "
                                   f"{error.strerror or error}") from None
    return (f"wrote {jobs_path} and {disputes_path}\n"
            f"try: svcperf evaluate {jobs_path} --disputes {disputes_path} "
            f"--as-of {sample.SAMPLE_NIGHT} --tz {sample.SAMPLE_TZ}\n"), EXIT_OK


# --- the parser --------------------------------------------------------------------------

def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="svcperf",
        description="A home-service provider's seven service levels over a rolling "
                    "60-day window.",
        epilog="Exit codes: 0 ok, 1 Attention (with --fail-on-attention), 2 bad input or "
               "usage, 3 internal error. See docs/cli.md.")
    parser.add_argument("--version", action="version", version=f"svcperf {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true",
                        help="show the traceback of an error")
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument("jobs", nargs="?", metavar="JOBS",
                      help="the jobs file (.csv, .jsonl or .ndjson)")
    data.add_argument("--disputes", metavar="FILE", help="the disputes file")
    data.add_argument("--input-format", choices=interchange.FORMATS,
                      help="the format of JOBS and --disputes (default: from the extension)")
    data.add_argument("--sample", action="store_true",
                      help=f"use the bundled sample instead of files (as of "
                           f"{sample.SAMPLE_NIGHT} in {sample.SAMPLE_TZ} by default)")
    data.add_argument("--tz", metavar="ZONE",
                      help="the evaluation's IANA time zone (default UTC; the sample's: "
                           f"{sample.SAMPLE_TZ})")
    data.add_argument("--window-days", type=int, default=DEFAULT_DAYS, metavar="N",
                      help="the window's length in local days (default 60, which sets the "
                           "official status)")
    data.add_argument("--account", metavar="ID", help="show only this account")
    data.add_argument("--viewer-areas", metavar="A,B",
                      help="see only the jobs of these coverage areas (a scoped viewer)")
    as_of = argparse.ArgumentParser(add_help=False)
    as_of.add_argument("--as-of", metavar="DATE|INSTANT",
                       help="a night YYYY-MM-DD, or an ISO 8601 instant with an offset "
                            "(default: the last nightly run, i.e. the start of today in --tz)")

    def formats(command: argparse.ArgumentParser, default: str = "table") -> None:
        command.add_argument("--format", choices=("table", "json", "csv"), default=default,
                             help=f"the output format (default {default})")

    parents = [common, data, as_of]
    command = commands.add_parser("evaluate", parents=parents,
                                  help="the dashboard: seven service levels and the status")
    command.add_argument("--by", action="append", metavar="ATTR",
                         help="a breakdown by this job attribute (repeatable): "
                              "coverage_area, profession, technician_id, an extra column")
    formats(command)
    command.add_argument("--fail-on-attention", action="store_true",
                         help="exit with 1 when a shown account is in Attention")
    command.set_defaults(run=_evaluate)

    command = commands.add_parser("issues", parents=parents,
                                  help="the issue list: every job of the window and its issues")
    command.add_argument("--area", action="append", metavar="AREA",
                         help="only jobs of these coverage areas (repeatable, or A,B)")
    command.add_argument("--issue-type", action="append", metavar="TYPE",
                         help=f"only jobs with one of these issue types ({', '.join(IssueType)})")
    formats(command)
    command.set_defaults(run=_issues)

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
    formats(command)
    command.set_defaults(run=_history)

    command = commands.add_parser("sample", parents=[common],
                                  help="write a synthetic data set (deterministic for a seed)")
    command.add_argument("--jobs", type=int, default=sample.SAMPLE_JOBS, metavar="N",
                         help=f"the number of jobs (default {sample.SAMPLE_JOBS})")
    command.add_argument("--seed", type=int, default=sample.SAMPLE_SEED, metavar="S",
                         help=f"the random seed (default {sample.SAMPLE_SEED})")
    command.add_argument("--days", type=int, default=sample.SAMPLE_DAYS, metavar="D",
                         help=f"spread the appointments over the D local days ending on "
                              f"{sample.SAMPLE_NIGHT} (and the 6 after it; default "
                              f"{sample.SAMPLE_DAYS})")
    command.add_argument("--out", default="svcperf-sample", metavar="DIR",
                         help="the directory to write jobs and disputes files to "
                              "(default svcperf-sample)")
    command.add_argument("--format", choices=interchange.FORMATS, default="csv",
                         help="the file format (default csv)")
    command.set_defaults(run=_sample)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: ``sys.argv[1:]``); return the exit code."""
    args = _parser().parse_args(argv)
    try:
        text, code = args.run(args)
    except InvalidInputError as error:
        if args.debug:
            raise
        for line in str(error).splitlines():
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    except SvcperfError as error:
        if args.debug:
            raise
        print(f"svcperf: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("svcperf: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # a bug: say so in one line, unless --debug asks for more
        if args.debug:
            raise
        print(f"svcperf: internal error: {type(error).__name__}: {error} "
              f"(rerun with --debug for the traceback)", file=sys.stderr)
        return EXIT_INTERNAL
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (| head): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return int(code)
