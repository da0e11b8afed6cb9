"""The nightly job on Spark, for ``spark-submit``: read the jobs (a path, glob or list of
CSV / JSON Lines / Parquet files) and the disputes, evaluate with `svcperf.engines.spark`,
and write to an output folder ``evaluation.json`` (byte for byte what
``svcperf evaluate JOBS ... --format json`` prints) and ``dashboard.parquet``
(``Dashboard.to_arrow()``). See docs/scale.md, "Spark".

spark-submit runs a file, not a module; give it this module's file::

    spark-submit --master local[2] \\
        "$(python -c 'import svcperf.engines.spark_job as m; print(m.__file__)')" \\
        'jobs/*.parquet' --disputes disputes.csv --as-of 2026-09-14 --tz America/Chicago \\
        --by coverage_area --out results/

With ``--lenient``, bad rows are rejected instead of failing the run: the job evaluates the
good rows and writes ``rejected.csv`` (what ``svcperf evaluate --rejected`` writes) too.

Exit codes as the command line's: 0 success, 2 bad input or usage (one line per problem on
standard error, nothing written), 3 an internal error.
"""

import os
import sys

if __name__ == "__main__" and sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(
        os.path.abspath(__file__)):
    del sys.path[0]  # run as a file: this folder's modules (dask.py) must not shadow libraries

import argparse
import tempfile
import warnings
from collections.abc import Sequence

from svcperf import InvalidArgumentError, InvalidInputError, SvcperfError, cli_rejected, output
from svcperf.cli import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    as_of_option,
    breakdowns,
    in_options,
    say,
    say_warnings,
    zone_option,
)
from svcperf.engines import spark
from svcperf.extras import require
from svcperf.views.dashboard import Dashboard
from svcperf.window import DEFAULT_DAYS, window_for

__all__ = ["JSON_NAME", "PARQUET_NAME", "REJECTED_NAME", "main", "write"]

#: What the job writes into the output folder (the last with ``--lenient`` only).
JSON_NAME, PARQUET_NAME, REJECTED_NAME = "evaluation.json", "dashboard.parquet", "rejected.csv"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="svcperf-spark-job",
        description="The nightly svcperf evaluation on Spark: results as JSON and Parquet.")
    parser.add_argument("jobs", nargs="+", metavar="JOBS",
                        help="jobs files: paths or globs (CSV, JSON Lines, Parquet)")
    parser.add_argument("--disputes", metavar="FILE", help="the disputes file")
    parser.add_argument("--as-of", metavar="DATE|INSTANT",
                        help="a night YYYY-MM-DD, or an ISO 8601 instant with an offset "
                             "(default: the last nightly run, the start of today in --tz)")
    parser.add_argument("--tz", metavar="ZONE", help="the evaluation's time zone (default UTC)")
    parser.add_argument("--window-days", type=int, default=DEFAULT_DAYS, metavar="N",
                        help="the window's length in local days (default 60)")
    parser.add_argument("--by", action="append", metavar="ATTR",
                        help="a breakdown attribute (repeatable; A,B: one breakdown "
                             "by both at once)")
    parser.add_argument("--out", required=True, metavar="DIR",
                        help=f"the output folder: {JSON_NAME} and {PARQUET_NAME}")
    parser.add_argument("--master", metavar="URL",
                        help="the Spark master (default: spark-submit's --master)")
    parser.add_argument("--lenient", action="store_true",
                        help=f"read leniently: evaluate the good rows and write every "
                             f"rejected row (file, line, error) to {REJECTED_NAME} in --out")
    return parser


def _evaluate(args: argparse.Namespace) -> None:
    """Evaluate on the session spark-submit configures, then `write` the results."""
    args.sample = False  # what `cli._zone` and `cli._as_of` read
    tz = zone_option(args)
    as_of = as_of_option(args, tz)
    window_for(as_of, tz, args.window_days)  # the arguments checked before any work
    if os.path.exists(args.out) and not os.path.isdir(args.out):
        raise InvalidArgumentError(f"--out: {args.out} is a file, not a folder")
    session = spark.session_builder(args.master, "svcperf-nightly").getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    rejected = None
    try:
        if args.lenient:
            found = spark.dashboard(args.jobs, as_of, breakdowns(args.by), disputes=args.disputes,
                                    tz=tz, days=args.window_days, session=session, lenient=True)
            board = found.result
            rejected = [(item.source, item.rejected, item.rows) for item in found.inputs]
        else:
            board = spark.dashboard(args.jobs, as_of, breakdowns(args.by), disputes=args.disputes,
                                    tz=tz, days=args.window_days, session=session)
    finally:
        session.stop()
    say_warnings(board.evaluation, board.evaluation.accounts)
    write(board, args.out, rejected)
    if rejected is not None:
        for line in cli_rejected.said(os.path.join(args.out, REJECTED_NAME), rejected):
            say(line)


def write(board: Dashboard, folder: str,
          rejected: Sequence[cli_rejected.Read] | None = None) -> None:
    """Write `board` into `folder` (made if missing): `JSON_NAME` (what
    ``svcperf evaluate --format json`` prints for it) and `PARQUET_NAME`
    (``board.to_arrow()``), and with `rejected` (a lenient run's inputs), `REJECTED_NAME`
    (what ``svcperf evaluate --rejected`` writes). Each is written to a temporary name in
    the folder, and all are renamed once complete."""
    texts = {JSON_NAME: output.json_text(output.evaluation_json(board.evaluation,
                                                                board.breakdowns))}
    if rejected is not None:
        texts[REJECTED_NAME] = cli_rejected.text(rejected)
    pq = require("pyarrow.parquet", "svcperf.engines.spark_job")
    os.makedirs(folder, exist_ok=True)
    names = (PARQUET_NAME, *texts)
    done = []
    try:
        for name in names:
            handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
            os.close(handle)
            done.append(temporary)
            if name in texts:
                with open(temporary, "w", encoding="utf-8", newline="") as stream:
                    stream.write(texts[name])
            else:
                pq.write_table(board.to_arrow(), temporary)
        for temporary, name in zip(done, names, strict=True):
            os.replace(temporary, os.path.join(folder, name))
    finally:
        for temporary in done:
            if os.path.exists(temporary):
                os.remove(temporary)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the job with `argv` (default ``sys.argv[1:]``); return the exit code."""
    warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas",
                            FutureWarning)  # (svcperf gives pyspark no pandas objects)
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit:  # --help or a usage error (already written)
        return exit.code if isinstance(exit.code, int) else EXIT_BAD_INPUT
    try:
        _evaluate(args)
    except InvalidInputError as error:
        for line in str(error).splitlines():
            say(line)
        return EXIT_BAD_INPUT
    except SvcperfError as error:
        message = str(error)
        if isinstance(error, InvalidArgumentError):
            message = in_options(message, "evaluate")
        say(f"svcperf: error: {message}")
        return EXIT_BAD_INPUT
    except OSError as error:
        say(f"svcperf: error: cannot write {args.out}: {error.strerror or error}")
        return EXIT_BAD_INPUT
    except Exception as error:  # a bug: one line, as the command line says it
        say(f"svcperf: internal error: {type(error).__name__}: {error}")
        return EXIT_INTERNAL
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
