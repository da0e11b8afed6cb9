"""The benchmark suite: svcperf against the pandas baseline on the same data, same run.

Every case first computes its figures once with both implementations and checks that
the numerators, denominators and statuses are identical; only then is anything timed.
Times are medians of `repeat` runs (``time.perf_counter``), each run preceded by a full
garbage collection, with the collector left on during the run for both sides alike.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

import svcperf
from svcperf import sample
from svcperf.io import read_disputes, read_jobs, write_disputes, write_jobs
from svcperf.views.history import history
from svcperf.window import DEFAULT_DAYS

from . import baseline

BY = ("coverage_area", "profession", "technician_id")
TZ = sample.SAMPLE_TZ
NIGHT = sample.SAMPLE_NIGHT
SIZES = (10_000, 100_000, 1_000_000)
SMOKE_SIZE = 2_000
HISTORY_NIGHTS = 365
NAIVE_NIGHTS = 5  # evaluated one by one, evenly spread over the 365, to estimate naive
#: B3's data: the jobs spread over the local days of every window of the history (the
#: 365 nights ending on the sample's night and the 60-day window of the first one), so
#: that each night's window holds a realistic share of the jobs. (The bundled sample's
#: span, `sample.SAMPLE_DAYS`, covers one window: most of the 365 nights see no jobs.)
HISTORY_DAYS = HISTORY_NIGHTS + DEFAULT_DAYS - 1
ONE_ACCOUNT_JOBS = 5_000

#: Goals of issue 5: (case, ratio or absolute measure, limit).
GOALS = {
    "B1": "svcperf <= 3x pandas at 1M",
    "B2": "svcperf <= 1.5x pandas at 1M",
    "B3": "history <= 3x one B1 evaluation at 1M; >= 100x faster than naive",
    "B4": "<= 600 bytes per job record; < 1.5 GB peak RSS loading 1M",
    "B5": "<= 10 ms",
}

Row = tuple[Any, ...]
Canonical = dict[tuple[str, str, str | None], Row]


# -- the two implementations ------------------------------------------------------------


def svcperf_dashboard(jobs: Sequence[svcperf.Job], disputes: Sequence[svcperf.Dispute],
                      night: date, tz: str = TZ) -> tuple[Any, dict[str, Any]]:
    """The dashboard as a service calls it: `svcperf.dashboard`, the account-wide
    evaluation and a breakdown per attribute in one pass over the jobs."""
    board = svcperf.dashboard(jobs, night, BY, disputes=disputes, tz=tz)
    return board.evaluation, dict(zip(BY, board.breakdowns, strict=True))


def svcperf_file_dashboard(jobs_path: Path, disputes_path: Path, night: date,
                           tz: str = TZ) -> tuple[Any, dict[str, Any]]:
    """The jobs and disputes files on disk to the dashboard."""
    return svcperf_dashboard(read_jobs(jobs_path), read_disputes(disputes_path), night, tz)


def pandas_file_dashboard(jobs_path: Path, disputes_path: Path, night: date,
                          tz: str = TZ) -> pd.DataFrame:
    """The analyst's notebook from the files on disk: read_csv, parse, compute."""
    jobs, disputes = baseline.load_frames(jobs_path, disputes_path)
    return baseline.dashboard(jobs, disputes, night, tz)


# -- comparing outputs ----------------------------------------------------------------


def _row(performance: Any) -> Row:
    figures = [performance.figures[key] for key in baseline.FIGURES[:-1]]
    figures.append(performance.defect_free)
    pairs = tuple(value for figure in figures for value in (figure.numerator, figure.denominator))
    return (*pairs, str(performance.status))


def canonical_svcperf(result: tuple[Any, Mapping[str, Any]]) -> Canonical:
    """Every figure of an svcperf dashboard, keyed ``(account, attribute, value)``."""
    evaluation, breakdowns = result
    out: Canonical = {(account, "", None): _row(account_result)
                      for account, account_result in evaluation.accounts.items()}
    for attribute, view in breakdowns.items():
        for account, slices in view.accounts.items():
            for value, figures in slices.items():
                out[(account, attribute, value)] = _row(figures)
    return out


def canonical_pandas(frame: pd.DataFrame) -> Canonical:
    """Every figure of the pandas dashboard, keyed like `canonical_svcperf`."""
    columns = [f"{key}.{part}" for key in baseline.FIGURES
               for part in ("numerator", "denominator")]
    out: Canonical = {}
    for (account, attribute, value), *row in frame[[*columns, "status"]].itertuples(name=None):
        key = (str(account), str(attribute), value if isinstance(value, str) else None)
        out[key] = (*(int(number) for number in row[:-1]), str(row[-1]))
    return out


def differences(left: Canonical, right: Canonical, limit: int = 10) -> list[str]:
    """What differs between two canonical dashboards (empty when identical)."""
    problems = [f"only in svcperf: {key}" for key in sorted(left.keys() - right.keys(), key=str)]
    problems += [f"only in pandas: {key}" for key in sorted(right.keys() - left.keys(), key=str)]
    for key in sorted(left.keys() & right.keys(), key=str):
        if left[key] != right[key]:
            problems.append(f"{key}: svcperf {left[key]} != pandas {right[key]}")
    return problems[:limit] + ([f"... {len(problems) - limit} more"]
                               if len(problems) > limit else [])


class Mismatch(Exception):
    """svcperf and the baseline disagree: no time is reported."""


def check(case: str, left: Canonical, right: Canonical) -> None:
    """Raise `Mismatch` listing the differences, if any."""
    problems = differences(left, right)
    if problems:
        raise Mismatch(f"{case}: figures differ\n  " + "\n  ".join(problems))


# -- timing ------------------------------------------------------------------------------


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    """Seconds per run of `function`, `repeat` runs, each after a full collection."""
    runs = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    return runs


def timed_pair(ours: Callable[[], object], theirs: Callable[[], object],
               repeat: int) -> tuple[list[float], list[float]]:
    """`timed` for two functions, runs alternating, so that both see the same load."""
    mine: list[float] = []
    other: list[float] = []
    for _ in range(repeat):
        mine += timed(ours, 1)
        other += timed(theirs, 1)
    return mine, other


# -- data --------------------------------------------------------------------------------


class Data:
    """One generated data set: the files on disk, the loaded records and frames.

    `days`: the appointments fall on the `days` local days ending on the night (and the
    6 after it), as in `sample.write`."""

    def __init__(self, directory: Path, n_jobs: int, seed: int,
                 days: int = sample.SAMPLE_DAYS) -> None:
        self.n_jobs = n_jobs
        self.days = days
        jobs_path, disputes_path = sample.write(directory, n_jobs, seed, days=days)
        self.jobs_path, self.disputes_path = Path(jobs_path), Path(disputes_path)
        self.load()

    @classmethod
    def one_account(cls, directory: Path, n_jobs: int, seed: int) -> Data:
        """`n_jobs` jobs of the sample's first account (and the disputes on them)."""
        jobs, disputes = sample.generate(n_jobs * 3, seed)
        account = jobs[0].account_id
        kept = [job for job in jobs if job.account_id == account][:n_jobs]
        ids = {job.job_id for job in kept}
        data = cls.__new__(cls)
        data.n_jobs = len(kept)
        data.days = sample.SAMPLE_DAYS
        data.jobs_path, data.disputes_path = directory / "jobs.csv", directory / "disputes.csv"
        write_jobs(data.jobs_path, kept)
        write_disputes(data.disputes_path, [d for d in disputes if d.job_id in ids])
        data.load()
        return data

    def load(self) -> None:
        """Load the files both ways: svcperf records and pandas frames."""
        self.jobs = read_jobs(self.jobs_path)
        self.disputes = read_disputes(self.disputes_path)
        self.frames = baseline.load_frames(self.jobs_path, self.disputes_path)
        #: The night evaluated (the sample's data surrounds it).
        self.night = NIGHT


# -- the cases -------------------------------------------------------------------------


def _result(case: str, n: int, svcperf_runs: list[float], other_runs: list[float] | None,
            other: str, goal: str, **extra: object) -> dict[str, object]:
    median = statistics.median(svcperf_runs)
    result: dict[str, object] = {"case": case, "n_jobs": n, "svcperf_runs_s": svcperf_runs,
                                 "svcperf_median_s": median, "goal": goal, **extra}
    if other_runs is not None:
        other_median = statistics.median(other_runs)
        result |= {f"{other}_runs_s": other_runs, f"{other}_median_s": other_median,
                   "compared_with": other, "ratio": median / other_median,
                   "ratio_of_minimums": min(svcperf_runs) / min(other_runs)}
    return result


def case_b1(data: Data, repeat: int) -> dict[str, object]:
    """Records in memory -> the dashboard; pandas from a DataFrame already loaded."""
    jobs, disputes = data.frames

    def ours() -> object:
        return svcperf_dashboard(data.jobs, data.disputes, data.night)

    def theirs() -> object:
        return baseline.dashboard(jobs, disputes, data.night, TZ)

    check("B1", canonical_svcperf(ours()), canonical_pandas(theirs()))  # type: ignore[arg-type]
    return _result("B1", data.n_jobs, *timed_pair(ours, theirs, repeat), "pandas", GOALS["B1"])


def case_b2(data: Data, repeat: int) -> dict[str, object]:
    """The files on disk -> the dashboard; pandas with read_csv and datetime parsing."""

    def ours() -> object:
        return svcperf_file_dashboard(data.jobs_path, data.disputes_path, data.night)

    def theirs() -> object:
        return pandas_file_dashboard(data.jobs_path, data.disputes_path, data.night)

    check("B2", canonical_svcperf(ours()), canonical_pandas(theirs()))  # type: ignore[arg-type]
    return _result("B2", data.n_jobs, *timed_pair(ours, theirs, repeat), "pandas", GOALS["B2"])


def _history_rows(view: Any, nights: Iterable[date]) -> dict[date, Canonical]:
    index = {night: number for number, night in enumerate(view.nights)}
    return {night: {(account, "", None): _row(series[index[night]])
                    for account, series in view.accounts.items()} for night in nights}


#: Where |W|, the number of jobs in the window, is in a `_row` (the denominator of a rate
#: over all the window's jobs).
_JOBS_COLUMN = 2 * baseline.FIGURES.index("cancellation_rate") + 1


def case_b3(data: Data, repeat: int) -> dict[str, object]:
    """Nightly figures for 365 nights, against one B1 evaluation (timed alternately with
    it) and the naive way (one `evaluate` per night: a few nights timed, scaled to 365).

    Meant for data spread over the history (`HISTORY_DAYS`, see `run`): on a shorter span
    most nights' windows are nearly empty and the naive loop looks cheap."""
    last = data.night
    first = last - timedelta(days=HISTORY_NIGHTS - 1)

    def ours() -> Any:
        return history(data.jobs, first, last, disputes=data.disputes, tz=TZ)

    def naive(night: date) -> Any:
        return svcperf.evaluate(data.jobs, night, disputes=data.disputes, tz=TZ)

    sampled = [first, first + (last - first) // 2, last]
    view = ours()
    jobs, disputes = data.frames
    in_window = {}  # jobs in each sampled night's window: how realistic the spread is
    for night, rows in _history_rows(view, sampled).items():
        in_window[str(night)] = sum(row[_JOBS_COLUMN] for row in rows.values())
        expected = {key: row for key, row in canonical_pandas(
            baseline.dashboard(jobs, disputes, night, TZ, by=())).items()}
        check(f"B3 night {night}", rows, expected)
        check(f"B3 night {night} (evaluate)", rows, canonical_svcperf((naive(night), {})))
    runs, b1_runs = timed_pair(
        ours, lambda: svcperf_dashboard(data.jobs, data.disputes, data.night), repeat)
    step = (HISTORY_NIGHTS - 1) // (NAIVE_NIGHTS - 1)
    naive_nights = [last - timedelta(days=k * step) for k in range(NAIVE_NIGHTS)]
    naive_runs = timed(lambda: [naive(night) for night in naive_nights], max(1, repeat // 2))
    naive_total = statistics.median(naive_runs) / NAIVE_NIGHTS * HISTORY_NIGHTS
    evaluate_runs = timed(lambda: naive(last), repeat)
    median = statistics.median(runs)
    b1_median = statistics.median(b1_runs)
    return _result("B3", data.n_jobs, runs, None, "", GOALS["B3"], nights=HISTORY_NIGHTS,
                   data_days=data.days, jobs_in_window=in_window,
                   b1_svcperf_runs_s=b1_runs, b1_svcperf_median_s=b1_median,
                   ratio_to_b1=median / b1_median,
                   evaluate_median_s=statistics.median(evaluate_runs),
                   ratio_to_evaluate=median / statistics.median(evaluate_runs),
                   naive_nights=[str(night) for night in naive_nights],
                   naive_estimate_s=naive_total, speedup_over_naive=naive_total / median)


def case_b4(data: Data) -> dict[str, object]:
    """Bytes per loaded job record (tracemalloc) and peak RSS loading the jobs file,
    each measured in a fresh interpreter; pandas' peak RSS for comparison."""
    measures = {}
    for mode in ("tracemalloc", "rss", "pandas-rss"):
        command = [sys.executable, "-m", "benchmarks.memory", mode, str(data.jobs_path)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        measures.update(json.loads(output))
    return {"case": "B4", "n_jobs": data.n_jobs, "goal": GOALS["B4"], **measures}


def case_b5(directory: Path, seed: int, repeat: int) -> dict[str, object]:
    """One account of 5,000 jobs, the full dashboard, as a service would call it."""
    data = Data.one_account(directory, ONE_ACCOUNT_JOBS, seed)
    accounts = {job.account_id for job in data.jobs}
    jobs, disputes = data.frames

    def ours() -> tuple[Any, Mapping[str, Any]]:
        return svcperf_dashboard(data.jobs, data.disputes, data.night)

    check("B5", canonical_svcperf(ours()),
          canonical_pandas(baseline.dashboard(jobs, disputes, data.night, TZ)))
    return _result("B5", data.n_jobs, *timed_pair(
        ours, lambda: baseline.dashboard(jobs, disputes, data.night, TZ), repeat),
        "pandas", GOALS["B5"], accounts=len(accounts))


# -- output ------------------------------------------------------------------------------


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    return {"python": platform.python_version(),
            "implementation": platform.python_implementation(),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(), "pandas": pd.__version__, "svcperf": svcperf.__version__,
            "load_average_at_end": os.getloadavg()}


def _ms(seconds: object) -> str:
    return "-" if seconds is None else f"{float(seconds) * 1000:,.1f} ms"  # type: ignore[arg-type]


def table(results: Sequence[Mapping[str, object]]) -> str:
    """The results as a plain-text table of medians and ratios."""
    lines = [f"{'case':<8} {'N':>9}  {'svcperf':>12}  {'baseline':>12}  {'ratio':>8}  notes",
             "-" * 78]
    for result in results:
        case, n = result["case"], f"{result['n_jobs']:,}"
        if case == "B4":
            note = (f"{result['bytes_per_job']:.0f} B/job (tracemalloc), peak RSS "
                    f"{result['peak_rss_mb']:,.0f} MB; pandas peak RSS "
                    f"{result['pandas_peak_rss_mb']:,.0f} MB")
            lines.append(f"{case:<8} {n:>9}  {'':>12}  {'':>12}  {'':>8}  {note}")
            continue
        if case == "B3":
            other = _ms(result["b1_svcperf_median_s"])
            ratio = f"{result['ratio_to_b1']:.2f}x"
            note = (f"vs one B1 (same data: {result['data_days']}+6 days); "
                    f"{result['nights']} nights; naive est. "
                    f"{float(result['naive_estimate_s']):,.1f} s "  # type: ignore[arg-type]
                    f"({result['speedup_over_naive']:,.0f}x faster); one evaluate "
                    f"{_ms(result['evaluate_median_s'])}")
        else:
            other = _ms(result.get("pandas_median_s"))
            ratio = f"{result['ratio']:.2f}x"
            note = "vs pandas"
        lines.append(f"{case:<8} {n:>9}  {_ms(result['svcperf_median_s']):>12}  {other:>12}  "
                     f"{ratio:>8}  {note}")
    return "\n".join(lines)


# -- command line ----------------------------------------------------------------------------


def run(sizes: Sequence[int], repeat: int, seed: int, cases: Sequence[str],
        workdir: Path, b5_repeat: int | None = None,
        b3_days: int = HISTORY_DAYS) -> list[dict[str, object]]:
    """Run `cases` at every size in `sizes`; raise `Mismatch` on the first disagreement.

    B1, B2 and B4 use the sample's own span of days; B3 uses data of the same size spread
    over `b3_days` days (default `HISTORY_DAYS`). B5 runs `b5_repeat` times (default: at
    least 20, it is short)."""
    results: list[dict[str, object]] = []
    for n in sizes:
        directory = workdir / f"n{n}"
        directory.mkdir(parents=True, exist_ok=True)
        data: Data | None = None
        if {"B1", "B2", "B4"} & set(cases) or ("B3" in cases
                                               and b3_days == sample.SAMPLE_DAYS):
            data = Data(directory, n, seed)
        if "B1" in cases and data is not None:
            results.append(case_b1(data, repeat))
        if "B2" in cases and data is not None:
            results.append(case_b2(data, repeat))
        b4 = case_b4(data) if "B4" in cases and data is not None else None
        if "B3" in cases:
            if data is None or data.days != b3_days:
                data = None  # one data set loaded at a time
                history_directory = workdir / f"n{n}-{b3_days}days"
                history_directory.mkdir(parents=True, exist_ok=True)
                data = Data(history_directory, n, seed, days=b3_days)
            results.append(case_b3(data, repeat))
        if b4 is not None:
            results.append(b4)
        data = None
        print(table(results), file=sys.stderr, flush=True)
    if "B5" in cases:
        directory = workdir / "one-account"
        directory.mkdir(parents=True, exist_ok=True)
        results.append(case_b5(directory, seed, b5_repeat or max(repeat, 20)))
    return results


def _days(text: str) -> int:
    days = int(text)
    if days < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of days >= 1, got {text}")
    return days


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m benchmarks``: run the suite, print the table, write the JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES),
                        help="numbers of jobs (default: 10000 100000 1000000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case (default 5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cases", default="B1,B2,B3,B4,B5", help="comma-separated cases")
    parser.add_argument("--json", type=Path, default=Path("benchmarks/results.json"),
                        help="where to write the results (default benchmarks/results.json)")
    parser.add_argument("--workdir", type=Path, help="where to write the data (default: temp)")
    parser.add_argument("--b3-days", type=_days, default=HISTORY_DAYS, metavar="D",
                        help=f"B3's data: the jobs spread over the D local days ending on the "
                             f"night, like `svcperf sample --days` (default {HISTORY_DAYS}: "
                             f"every window of the {HISTORY_NIGHTS} nights; "
                             f"{sample.SAMPLE_DAYS}: the sample's own span, as before)")
    parser.add_argument("--smoke", action="store_true",
                        help=f"correctness smoke test: N={SMOKE_SIZE}, one run, B1-B3 and B5, "
                             "no JSON; exit 1 if the figures differ")
    args = parser.parse_args(argv)
    cases = [case.strip().upper() for case in args.cases.split(",")]
    sizes, repeat = args.sizes, args.repeat
    if args.smoke:
        sizes, repeat, cases = [SMOKE_SIZE], 1, ["B1", "B2", "B3", "B5"]
    with tempfile.TemporaryDirectory(prefix="svcperf-bench-") as temporary:
        workdir = args.workdir or Path(temporary)
        try:
            results = run(sizes, repeat, args.seed, cases, workdir,
                          b5_repeat=1 if args.smoke else None, b3_days=args.b3_days)
        except Mismatch as error:
            print(error, file=sys.stderr)
            return 1
    print(table(results))
    if not args.smoke:
        command = "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])
        report = {"command": command.strip(), "machine": machine(), "results": results}
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")
        print(f"\nwritten: {args.json}")
    return 0
