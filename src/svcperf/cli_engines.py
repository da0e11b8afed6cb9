"""The command line's engines (``--engine``, ``--dask-scheduler``, ``--spark-master``):
which engine reads (and folds) JOBS, and the runs of the scale-out engines, Dask and
Spark, which give ``evaluate`` and ``history`` the single-process engines' very results
(SPEC §10). See docs/cli.md, "Engines".
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from . import engine_choice
from .errors import InvalidArgumentError
from .extras import require
from .viewer import Viewer
from .views.dashboard import Dashboard
from .views.history import History

__all__ = ["CHOICES", "SCALE_OUT", "add_options", "choose", "dashboard", "history"]

#: What ``--engine`` accepts.
CHOICES = ("auto", "python", "columnar", "dask", "spark")
#: The engines that run on a cluster: ``evaluate`` and ``history`` only.
SCALE_OUT = ("dask", "spark")
_COMMANDS = ("evaluate", "history")
#: How long ``--dask-scheduler`` waits for the scheduler, in seconds.
CONNECT_TIMEOUT = 10
ViewerOf = Callable[[Iterable[str]], Viewer]


def add_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--engine``, ``--dask-scheduler`` and ``--spark-master`` to `parser`."""
    parser.add_argument("--engine", choices=CHOICES, default="auto",
                        help="the engine that reads (and for evaluate, folds) the data: "
                             "columnar needs svcperf[columnar]; auto takes it for CSV and "
                             "Parquet files when installed (default auto); dask and spark "
                             "(evaluate and history only) run on a cluster")
    parser.add_argument("--dask-scheduler", metavar="ADDRESS",
                        help="with --engine dask: the scheduler's address (default: a local "
                             "cluster of one worker process per core)")
    parser.add_argument("--spark-master", metavar="URL",
                        help="with --engine spark: the master's URL (default local[*])")


def choose(args: argparse.Namespace) -> str:
    """The engine that reads the data (and, for `evaluate`, folds it): ``--engine``; for
    the single-process engines by `engine_choice.choose` (``auto`` takes the columnar
    engine for a CSV or Parquet file when pyarrow is installed), the sample and standard
    input being read by the reference. Raises `InvalidArgumentError` for a choice the
    input or the command cannot take."""
    wanted = getattr(args, "engine", "python")
    files_given = not args.sample and args.jobs not in (None, "-") and args.disputes != "-"
    for option, engine in (("dask_scheduler", "dask"), ("spark_master", "spark")):
        if getattr(args, option, None) is not None and wanted != engine:
            raise InvalidArgumentError(f"--{option.replace('_', '-')}: only with "
                                       f"--engine {engine}, got --engine {wanted}")
    if wanted in SCALE_OUT:
        if args.command not in _COMMANDS:
            raise InvalidArgumentError(
                f"--engine {wanted}: runs evaluate and history only; {args.command} reads "
                f"every job in one process (use --engine columnar or python)")
        if not files_given:
            raise InvalidArgumentError(f"--engine {wanted}: reads JOBS (and --disputes) from "
                                       f"files, not from --sample or standard input")
        if args.input_format is not None:
            raise InvalidArgumentError(f"--input-format: not with --engine {wanted}, which "
                                       f"reads each file by its extension")
        return str(wanted)
    chosen = engine_choice.choose(wanted, args.jobs if files_given else (), args.input_format,
                                  option="--engine")
    if chosen == "columnar" and not files_given:
        raise InvalidArgumentError("--engine columnar: reads JOBS (and --disputes) from "
                                   "files, not from --sample or standard input")
    return chosen


@contextmanager
def _dask_client(args: argparse.Namespace) -> Iterator[Any]:
    """A client of the scheduler at ``--dask-scheduler``, or of a local cluster (one
    single-threaded worker process per core) for the run, whose workers log only what is
    critical: a task that fails on bad input raises the reference's error here, and the
    workers' own ERROR log of it (with a traceback) would precede those lines."""
    import logging

    distributed = require("distributed", "--engine dask")
    address = args.dask_scheduler
    if address is None:
        with distributed.LocalCluster(processes=True, threads_per_worker=1,
                                      dashboard_address=":0", silence_logs=logging.CRITICAL
                                      ) as cluster, distributed.Client(cluster) as client:
            yield client
        return
    try:
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, ValueError, TypeError) as error:
        raise InvalidArgumentError(f"--dask-scheduler: cannot connect to {address!r}: "
                                   f"{error}") from None
    with client:
        yield client


def _spark() -> Any:
    return importlib.import_module("svcperf.engines.spark")


@contextmanager
def _spark_session(args: argparse.Namespace) -> Iterator[Any]:
    """The active Spark session (under ``spark-submit``, say), else one of
    ``--spark-master`` (``local[*]``) started for the run and stopped after it."""
    pyspark_sql = require("pyspark.sql", "--engine spark")
    active = pyspark_sql.SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    _quiet_spark_logs(os.environ)
    master = args.spark_master or "local[*]"
    failure: Exception | None = None
    with _java_stderr() as java:
        try:
            session = _spark().session_builder(master).getOrCreate()
        except Exception as error:  # (Java's, PySpark's: the master, Java itself)
            failure = error
    if failure is not None:
        raise _start_failure(master, failure, java.discard(5.0) if java else "") from None
    if java is not None:
        java.release()
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()


#: What Java writes first to the standard error of a JVM that loads an incubator module,
#: as Spark 4's launcher has its JVM do (``--add-modules=jdk.incubator.vector``): no
#: option of Java or Spark leaves it out.
JAVA_NOTICE = b"WARNING: Using incubator modules: jdk.incubator.vector\n"


class _JavaStderr:
    """The standard error of the processes started while it is svcperf's (`_java_stderr`:
    the Spark driver's JVM), read from a pipe by a thread: held while the session starts,
    then relayed to svcperf's standard error without `JAVA_NOTICE` (`release`), or, when
    the session cannot start, kept for its words and no more shown (`discard`)."""

    def __init__(self, source: int, target: int) -> None:
        self.source, self.target = source, target
        self.lock = threading.Lock()
        self.closed = threading.Event()
        self.held = b""
        self.mode = "hold"  # "hold", then "relay" or "drop"
        self.noticed = False  # whether the notice was left out

    def run(self) -> None:
        """Read the pipe until it closes (every process holding it ended)."""
        try:
            while chunk := os.read(self.source, 1 << 16):
                with self.lock:
                    if self.mode != "drop":
                        self.held += chunk
                    if self.mode == "relay":
                        self._write()
        except OSError:  # (the pipe cannot be read: nothing more comes)
            pass
        finally:
            os.close(self.source)
            with self.lock:
                if self.mode == "relay":
                    self._write(last=True)
            self.closed.set()

    def _write(self, last: bool = False) -> None:
        """Pass on the lines held (the notice left out, once), and with `last` the rest."""
        shown = b""
        while not self.noticed and b"\n" in self.held:
            line, self.held = self.held.split(b"\n", 1)
            if line + b"\n" == JAVA_NOTICE:
                self.noticed = True
            else:
                shown += line + b"\n"
        if self.noticed or last:
            shown, self.held = shown + self.held, b""
        try:
            if shown:
                os.write(self.target, shown)
        except OSError:  # svcperf's standard error is closed: nothing can be shown
            pass

    def release(self) -> None:
        """Show what was held, and from now on what comes."""
        with self.lock:
            self.mode = "relay"
            self._write()

    def discard(self, wait: float) -> str:
        """What came (waiting up to `wait` seconds for the pipe to close), never shown."""
        self.closed.wait(wait)
        with self.lock:
            self.mode = "drop"
            words, self.held = self.held, b""
        return words.decode("utf-8", "replace")


@contextmanager
def _java_stderr() -> Iterator[_JavaStderr | None]:
    """Inside the block, svcperf's standard error (file descriptor 2) is a pipe that a
    `_JavaStderr` reads, so that what a process started here (a JVM) writes to it goes
    through it for the process's life; after the block, svcperf's own again. ``None``
    where this cannot be done (not POSIX, no standard error)."""
    if os.name != "posix":
        yield None
        return
    sys.stderr.flush()
    try:
        target = os.dup(2)
    except OSError:
        yield None
        return
    source, sink = os.pipe()
    os.dup2(sink, 2)
    os.close(sink)
    relay = _JavaStderr(source, target)
    threading.Thread(target=relay.run, name="svcperf-java-stderr", daemon=True).start()
    try:
        yield relay
    finally:
        sys.stderr.flush()
        os.dup2(target, 2)


def _start_failure(master: str, error: Exception, words: str) -> InvalidArgumentError:
    """The error of a Spark session that could not start on `master`: the reason
    `svcperf.engines.spark.start_failure_reason` finds in `error` and in what the JVM
    wrote (`words`)."""
    return InvalidArgumentError(f"--engine spark: cannot start a Spark session on master "
                                f"{master!r}: {_spark().start_failure_reason(error, words)}")


#: The log configuration of a session the command line starts (errors only).
SPARK_LOG_CONFIG = Path(__file__).with_name("engines") / "spark-log4j2.properties"


def _quiet_spark_logs(environment: MutableMapping[str, str]) -> None:
    """Have the Spark driver that is about to start log errors only
    (`SPARK_LOG_CONFIG`, through ``SPARK_SUBMIT_OPTS``, which spark-submit passes to its
    JVM), so that the standard error holds svcperf's lines and not Spark's start-up
    notices; left alone when the user configures Spark's logging (a ``log4j2.properties``
    in ``SPARK_CONF_DIR`` or ``SPARK_HOME/conf``, or ``log4j2.configurationFile`` in
    ``SPARK_SUBMIT_OPTS``)."""
    options = environment.get("SPARK_SUBMIT_OPTS", "")
    folders = [environment.get("SPARK_CONF_DIR")]
    if environment.get("SPARK_HOME"):
        folders.append(os.path.join(environment["SPARK_HOME"], "conf"))
    if "log4j2.configurationFile" in options or any(
            folder and os.path.isfile(os.path.join(folder, "log4j2.properties"))
            for folder in folders):
        return
    given = f"-Dlog4j2.configurationFile={SPARK_LOG_CONFIG.as_uri()}"
    environment["SPARK_SUBMIT_OPTS"] = f"{options} {given}".strip()


@contextmanager
def _without_pandas_version_warning() -> Iterator[None]:
    """PySpark's ``FutureWarning`` that it does not yet fully support pandas 3, which it
    gives on importing its pandas functions, left out of the standard error (it says
    nothing of this run, whose results the tests hold equal to the reference's)."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas",
                                FutureWarning)
        yield


def _spark_areas(spark: Any, source: str, session: Any, lenient: bool) -> Iterator[str]:
    """The data's coverage areas, asked of Spark only when a viewer needs them."""
    yield from spark.coverage_areas(source, session=session, lenient=lenient)


def _on_cluster(args: argparse.Namespace, options: dict[str, Any], viewer_of: ViewerOf,
                call: Callable[[Any, Any, dict[str, Any]], Any]) -> Any:
    """What `call(engine, source, options)` gives on ``--engine dask`` or ``spark``: the
    engine module, JOBS as it takes them (for Dask, loaded once on the workers) and
    `options` with the viewer `viewer_of` makes of the data's coverage areas."""
    if args.engine == "dask":
        from .engines import dask

        with _dask_client(args) as client:
            data = dask.load(args.jobs, disputes=args.disputes, client=client,
                             lenient=args.rejected is not None)
            if args.rejected is not None:
                _write_rejected(args.rejected, data.rejected)
            options["viewer"] = viewer_of(data.coverage_areas)
            return call(dask, data, options)
    with _without_pandas_version_warning():
        spark = _spark()
    lenient = args.rejected is not None
    areas: list[str] | None = None  # the run's areas, when the viewer's warnings wait for them
    with _without_pandas_version_warning(), _spark_session(args) as session:
        given = {**options, "disputes": args.disputes, "session": session, "lenient": lenient}
        values = args.viewer_areas or ()
        if any("," in value for value in values):  # "A,B": one area or two, as the data says
            options["viewer"] = viewer_of(_spark_areas(spark, args.jobs, session, lenient))
            found = call(spark, args.jobs, {**given, "viewer": options["viewer"]})
        else:
            # Each value names one area whatever the data holds (known to be all of them,
            # they give the viewer); the warnings on areas no job has wait for the run's
            # own areas.
            options["viewer"] = viewer_of(value.strip() for value in values)
            areas = [] if values else None
            found = call(spark, args.jobs, {**given, "viewer": options["viewer"],
                                            "areas_to": None if areas is None else areas.extend})
    if lenient:
        _write_rejected(args.rejected, found.inputs)
    if areas is not None:  # the warnings on areas no job has, after the rejected rows' lines
        viewer_of(areas)
    return found.result if lenient else found


def _write_rejected(path: str, inputs: Sequence[Any]) -> None:
    """``--rejected``: the rejections of a lenient run (`engines.lenient.InputRejections`)
    written to `path`, as the single-process engines write them."""
    from . import cli_rejected
    from .cli import say

    for line in cli_rejected.write(path, [(found.source, found.rejected, found.rows)
                                          for found in inputs]):
        say(line)


def dashboard(args: argparse.Namespace, as_of: date | datetime,
              by: Sequence[str | Sequence[str]],
              options: dict[str, Any], viewer_of: ViewerOf) -> Dashboard:
    """The dashboard of JOBS on ``--engine dask`` or ``spark``; `viewer_of` turns the
    data's coverage areas into the viewer (put in `options`)."""
    board: Dashboard = _on_cluster(args, options, viewer_of, lambda engine, source, given:
                                   engine.dashboard(source, as_of, by, **given))
    return board


def history(args: argparse.Namespace, first: date, last: date, options: dict[str, Any],
            viewer_of: ViewerOf) -> History:
    """The history of JOBS on ``--engine dask`` or ``spark`` (as `dashboard`)."""
    result: History = _on_cluster(args, options, viewer_of, lambda engine, source, given:
                                  engine.history(source, first, last, **given))
    return result
