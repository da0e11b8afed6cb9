"""The command line, thin over the public API: ``svcperf evaluate | issues | summary |
explain | history | sample`` (see docs/cli.md): it parses the arguments, calls the API
and renders the result with `svcperf.output`.

Exit codes: 0 success; 1 an account is in Attention (only with ``--fail-on-attention``);
2 bad input or usage (one line per problem on standard error, nothing on standard
output); 3 an internal error (a bug: ``--debug`` shows the traceback); 130 interrupted.
The command line may read the clock (the default ``--as-of``); the library never does.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

from . import (
    Dispute,
    InvalidArgumentError,
    InvalidInputError,
    InvalidRecordError,
    IssueType,
    Job,
    Status,
    SvcperfError,
    Viewer,
    __version__,
    dashboard,
    explain,
    history,
    issue_list,
    output,
    sample,
    summary,
)
from . import io as files
from .views import METRIC_KEYS
from .window import DEFAULT_DAYS
from .zones import zone

__all__ = ["EXIT_ATTENTION", "EXIT_BAD_INPUT", "EXIT_INTERNAL", "EXIT_OK", "main"]

EXIT_OK = 0
EXIT_ATTENTION = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _text(table: output.Table) -> str:
    """`table` as text for standard output (colour only on a terminal)."""
    return output.render_text(table, output.TextStyle.for_stream(sys.stdout))


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
        jobs = _read(args.jobs, files.read_jobs, format=args.input_format)
        ids: set[str] | None = {job.job_id for job in jobs}
    except InvalidInputError as error:
        problems += error.problems
        total += error.total
        ids = None
    disputes: list[Dispute] = []
    if args.disputes is not None:
        try:
            disputes = _read(args.disputes, files.read_disputes,
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
        if not _DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
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


# --- the commands ------------------------------------------------------------------------

def _evaluate(args: argparse.Namespace) -> tuple[str, int]:
    options = _common(args)
    as_of = _as_of(args, options["tz"])
    if args.format == "account-health" and args.by:
        raise InvalidArgumentError("--by: the account-health format is account-wide; use "
                                   "--format json or csv for breakdowns")
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
        return output.json_text(output.evaluation_json(evaluation, parts, accounts)), code
    if args.format == "csv":
        return output.csv_text(output.figure_rows(evaluation, parts, accounts),
                               output.FIGURE_COLUMNS), code
    if args.format == "account-health":
        return output.json_text(output.account_health_json(evaluation, accounts)), code
    return _text(output.evaluation_table(evaluation, parts, accounts)), code


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
    rows = issue_list(jobs, as_of, disputes=disputes, areas=areas or None,
                      issue_types=types or None, account=args.account, **options)
    if args.format == "json":
        return output.json_text(output.issue_json(rows)), EXIT_OK
    if args.format == "csv":
        return output.csv_text(output.issue_rows(rows), output.ISSUE.columns), EXIT_OK
    return _text(output.issue_table(rows)), EXIT_OK


def _summary(args: argparse.Namespace) -> tuple[str, int]:
    options = _common(args)
    as_of = _as_of(args, options["tz"])
    jobs, disputes = _data(args)
    result = summary(jobs, as_of, disputes=disputes, **options)
    accounts = _accounts(list(result), args.account)
    if args.format == "json":
        return output.json_text(output.summary_json(result, accounts)), EXIT_OK
    if args.format == "csv":
        return output.csv_text(output.summary_rows(result, accounts),
                               output.SUMMARY.columns), EXIT_OK
    return _text(output.summary_table(result, accounts)), EXIT_OK


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
    result = explain(jobs, as_of, args.metric, disputes=disputes, account=args.account,
                     where=where or None, **options)
    if args.format == "json":
        return output.json_text(output.explanation_json(result)), EXIT_OK
    if args.format == "csv":
        return output.csv_text(output.explanation_rows(result), output.EXPLAIN.columns), EXIT_OK
    return _text(output.explanation_table(result)), EXIT_OK


def _history(args: argparse.Namespace) -> tuple[str, int]:
    options = _common(args)
    first, last = _night(args.first, "--from"), _night(args.last, "--to")
    jobs, disputes = _data(args)
    result = history(jobs, first, last, disputes=disputes, **options)
    accounts = _accounts(list(result.accounts), args.account)
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
    data.add_argument("--input-format", choices=files.FORMATS,
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

    def formats(command: argparse.ArgumentParser, *more: str) -> None:
        command.add_argument("--format", choices=("table", "json", "csv", *more),
                             default="table", help="the output format (default table)")

    parents = [common, data, as_of]
    command = commands.add_parser("evaluate", parents=parents,
                                  help="the dashboard: seven service levels and the status")
    command.add_argument("--by", action="append", metavar="ATTR",
                         help="a breakdown by this job attribute (repeatable): "
                              "coverage_area, profession, technician_id, an extra column")
    formats(command, "account-health")
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
    command.add_argument("--format", choices=files.FORMATS, default="csv",
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
