"""B6, whole process: the jobs and disputes files to the dashboard's JSON, each engine and
peer as its own process (imports, reading, validating, evaluating, writing), interleaved.

``python -m benchmarks.whole_process --sizes 200000 --repeat 3`` generates the sample data
(`svcperf.sample.write`), writes it also as Parquet, runs every case once and checks that
all give the same figures (numerators, denominators, statuses of the seven levels,
account-wide and per slice of the three breakdowns); only then are the runs timed, each
case once per round, rounds repeated. Each process is pinned to one core (``taskset``)
when the machine has it; peak memory is the process's own VmHWM (`benchmarks.measure`).

Each case runs under the memory allocator it chooses by default (what a user gets): the
columnar engine chooses the system allocator for its work (`svcperf.engines.memory_pool`),
the pandas script and polars keep their own defaults (pyarrow's is mimalloc). For honesty,
the pandas script runs a second time with pyarrow's system allocator
(``ARROW_DEFAULT_MEMORY_POOL=system``), as the row "pandas script (CSV), system allocator".
The row "pandas script (CSV), read_csv(engine=pyarrow)" is the script issue 11 describes
(pandas reading with pyarrow's CSV reader, which also types the instants); the plain
"pandas script" reads with pandas' own parser.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from svcperf import sample

from .peers import BY, from_json

NIGHT = sample.SAMPLE_NIGHT.isoformat()
TZ = sample.SAMPLE_TZ
#: The interpreter of a virtual environment with ``svcperf[columnar]`` and no pandas
#: (``--lean-python``): pyarrow imports pandas, when it is installed, on its first
#: conversion of a Python value, which costs a columnar process about half a second and
#: 100 MiB that a user of the columnar extra alone never pays.
_LEAN_PYTHON = [sys.executable]
Canonical = dict[tuple[str, str, str | None], tuple[Any, ...]]
#: The cases' environment: this one, but with bytecode caches written and read (an
#: installed package has its modules compiled; with ``PYTHONDONTWRITEBYTECODE`` set, as on
#: some CI machines, a process running svcperf from a source tree would compile every
#: module it imports, about 50 ms at each start, and the checking round warms the caches).
# The allocator choice of the caller's shell (``ARROW_DEFAULT_MEMORY_POOL``) is dropped too:
# each case runs under its own default unless `CASE_ENVIRONMENT` says otherwise.
_CHILD_ENV = {name: value for name, value in os.environ.items()
              if name not in ("PYTHONDONTWRITEBYTECODE", "ARROW_DEFAULT_MEMORY_POOL")}
#: The cases run with more in their environment.
CASE_ENVIRONMENT = {"pandas script (CSV), system allocator":
                    {"ARROW_DEFAULT_MEMORY_POOL": "system"}}


def cases(directory: Path) -> dict[str, list[str]]:
    """Each case's module and arguments."""
    jobs, disputes = str(directory / "jobs.csv"), str(directory / "disputes.csv")
    jobs_pq, disputes_pq = str(directory / "jobs.parquet"), str(directory / "disputes.parquet")
    by = [part for attribute in BY for part in ("--by", attribute)]
    return {
        "svcperf, pure Python (CSV)": ["svcperf", "evaluate", jobs, "--engine", "python",
                                       "--disputes", disputes,
                                       "--as-of", NIGHT, "--tz", TZ, *by, "--format", "json"],
        "svcperf, columnar (CSV)": ["benchmarks.columnar_evaluate", jobs, disputes, NIGHT, TZ,
                                    *BY],
        "svcperf, columnar (CSV), pandas not installed": [
            "WITHOUT_PANDAS", "benchmarks.columnar_evaluate", jobs, disputes, NIGHT, TZ,
            *BY],
        "svcperf evaluate --engine columnar (CSV), pandas not installed": [
            "WITHOUT_PANDAS", "svcperf", "evaluate", jobs, "--engine", "columnar",
            "--disputes", disputes, "--as-of", NIGHT, "--tz", TZ, *by, "--format", "json"],
        "pandas script (CSV)": ["benchmarks.pandas_script", jobs, disputes, NIGHT, TZ],
        "pandas script (CSV), system allocator": ["benchmarks.pandas_script", jobs, disputes,
                                                  NIGHT, TZ],
        "pandas script (CSV), read_csv(engine=pyarrow)": [
            "benchmarks.pandas_script", jobs, disputes, NIGHT, TZ, "pyarrow"],
        "polars script (CSV)": ["benchmarks.polars_script", jobs, disputes, NIGHT, TZ],
        "DuckDB script (CSV)": ["benchmarks.duckdb_script", jobs, disputes, NIGHT, TZ],
        "svcperf, columnar (Parquet)": ["benchmarks.columnar_evaluate", jobs_pq, disputes_pq,
                                        NIGHT, TZ, *BY],
        "svcperf, columnar (Parquet), pandas not installed": [
            "WITHOUT_PANDAS", "benchmarks.columnar_evaluate", jobs_pq, disputes_pq, NIGHT,
            TZ, *BY],
        "svcperf evaluate --engine columnar (Parquet), pandas not installed": [
            "WITHOUT_PANDAS", "svcperf", "evaluate", jobs_pq, "--engine", "columnar",
            "--disputes", disputes_pq, "--as-of", NIGHT, "--tz", TZ, *by, "--format", "json"],
        "read the CSV files into Arrow (every column text)": ["benchmarks.read_csv", jobs,
                                                              disputes],
        "read the CSV files into Arrow (every column text), pandas not installed": [
            "WITHOUT_PANDAS", "benchmarks.read_csv", jobs, disputes],
        "read the Parquet files into Arrow": ["benchmarks.read_parquet", jobs_pq, disputes_pq],
        "read the Parquet files into Arrow, pandas not installed": [
            "WITHOUT_PANDAS", "benchmarks.read_parquet", jobs_pq, disputes_pq],
    }


def prepare(directory: Path, n_jobs: int, seed: int) -> None:
    """The sample data as CSV and as Parquet (typed columns)."""
    import pyarrow.parquet as pq

    from svcperf.engines import columnar

    sample.write(directory, n_jobs, seed)
    data = columnar.load_jobs(directory / "jobs.csv")
    pq.write_table(data.table, directory / "jobs.parquet")
    pq.write_table(columnar.load_disputes(directory / "disputes.csv").table,
                   directory / "disputes.parquet")


def run(module_args: Sequence[str], out: Path, pin: bool,
        environment: dict[str, str] | None = None) -> tuple[float, float, float, float, int]:
    """Run one case as a fresh process (with `environment` added to its environment); its
    wall time (s), CPU time (user and system, s), user CPU time (s), system CPU time (s)
    and peak RSS (KiB). On a shared machine the CPU time is the steadier of the first two,
    and the user time the steadiest: the system time of the same process was seen to vary
    from 0.1 to 3.5 s on this machine (pyarrow's mimalloc allocator and the kernel's huge
    pages: docs/performance.md, "The allocator")."""
    rss = out.with_suffix(".rss")
    python = sys.executable
    if module_args[0] == "WITHOUT_PANDAS":
        python, module_args = _LEAN_PYTHON[0], module_args[1:]
    command = [python, "-m", "benchmarks.measure", str(rss), *module_args]
    if pin and shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(out, "wb") as stdout:
        subprocess.run(command, stdout=stdout, check=True,
                       env={**_CHILD_ENV, **(environment or {})})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    return wall, user + system, user, system, int(rss.read_text())


def canonical(case: str, text: str) -> Canonical:
    """A case's output, as the seven figures and the status per account and slice."""
    if not case.startswith("svcperf"):
        return {key: (*row[:14], row[-1]) for key, row in from_json(text).items()}
    found: Canonical = {}
    for account, shown in json.loads(text)["accounts"].items():
        parts = [((account, "", None), shown)]
        for attribute, slices in shown["breakdowns"].items():
            parts += [((account, attribute, None if value == "(none)" else value), part)
                      for value, part in slices.items()]
        for key, part in parts:
            pairs = [number for figure in part["metrics"].values()
                     for number in (figure["numerator"], figure["denominator"])]
            found[key] = (*pairs, part["status"])
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Check every case agrees, then time them; print a JSON list and a Markdown table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.whole_process")
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--only", nargs="*", help="run only the cases whose names contain these")
    parser.add_argument("--no-pin", action="store_true", help="do not pin to one core")
    parser.add_argument("--data", help="a directory already prepared (jobs and disputes as "
                        "CSV and Parquet) for one size: used instead of generating the data")
    parser.add_argument("--lean-python", help="the python of a virtual environment with "
                        "svcperf[columnar] and without pandas, for the 'pandas not installed' "
                        "cases (without it, those cases are left out)")
    args = parser.parse_args(argv)
    if args.lean_python:
        _LEAN_PYTHON[0] = args.lean_python
    results = []
    for n_jobs in args.sizes:
        with tempfile.TemporaryDirectory() as name:
            directory = Path(args.data or name)
            if not args.data:
                prepare(directory, n_jobs, args.seed)
            scratch = Path(name)
            chosen = {case: module for case, module in cases(directory).items()
                      if (not args.only or any(part in case for part in args.only))
                      and (args.lean_python or module[0] != "WITHOUT_PANDAS")}
            reference = None
            for case, module in chosen.items():
                out = scratch / f"{abs(hash(case))}.out"
                run(module, out, not args.no_pin, CASE_ENVIRONMENT.get(case))
                if case.startswith("read"):
                    continue
                figures = canonical(case, out.read_text(encoding="utf-8"))
                if reference is None:
                    reference = figures
                elif figures != reference:
                    raise SystemExit(f"{case} disagrees with the first case at {n_jobs} jobs")
            times: dict[str, list[float]] = {case: [] for case in chosen}
            cpu: dict[str, list[float]] = {case: [] for case in chosen}
            user: dict[str, list[float]] = {case: [] for case in chosen}
            system: dict[str, list[float]] = {case: [] for case in chosen}
            peaks: dict[str, int] = dict.fromkeys(chosen, 0)
            for _ in range(args.repeat):
                for case, module in chosen.items():
                    seconds, used, own, kernel, peak = run(
                        module, scratch / "timed.out", not args.no_pin,
                        CASE_ENVIRONMENT.get(case))
                    times[case].append(seconds)
                    cpu[case].append(used)
                    user[case].append(own)
                    system[case].append(kernel)
                    peaks[case] = max(peaks[case], peak)
            for case in chosen:
                results.append({"case": case, "jobs": n_jobs, "runs": times[case],
                                "cpu_runs": cpu[case], "user_runs": user[case],
                                "system_runs": system[case],
                                "median_s": statistics.median(times[case]),
                                "median_cpu_s": statistics.median(cpu[case]),
                                "median_user_s": statistics.median(user[case]),
                                "median_system_s": statistics.median(system[case]),
                                "peak_rss_mib": round(peaks[case] / 1024)})
    print(json.dumps(results, indent=2))
    print("\n| case | jobs | median (s) | median CPU (s) | median user CPU (s) | "
          "median system CPU (s) | peak RSS (MiB) |\n|---|---:|---:|---:|---:|---:|---:|")
    for row in results:
        print(f"| {row['case']} | {row['jobs']:,} | {row['median_s']:.2f} | "
              f"{row['median_cpu_s']:.2f} | {row['median_user_s']:.2f} | "
              f"{row['median_system_s']:.2f} | {row['peak_rss_mib']} |")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
