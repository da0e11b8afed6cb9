"""History column-wise, whole process: ``svcperf history --engine columnar`` over 365 nights
against one columnar file-to-dashboard (``svcperf evaluate --engine columnar``) on the same
files, each its own process, interleaved (issue 11's goal: history ≤ 3 × the dashboard).

``python -m benchmarks.history_columnar --size 1000000 --repeat 1`` writes the sample over
424 local days (`svcperf.sample.write(dir, N, seed=1, days=424)`: every one of the 365
nights has a full window), checks that the last night of the history has the figures of
that night's evaluation (and, with ``--check-python``, that the pure-Python engine's
history is the same), then times each case once per round. ``--data DIR`` reuses files.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from svcperf import sample

from .peers import BY
from .whole_process import NIGHT, TZ, run

FIRST = (sample.SAMPLE_NIGHT - timedelta(days=364)).isoformat()


def cases(directory: Path) -> dict[str, list[str]]:
    """Each case's command (a module and its arguments)."""
    files = [str(directory / "jobs.csv"), "--disputes", str(directory / "disputes.csv"),
             "--tz", TZ, "--format", "json"]
    by = [part for attribute in BY for part in ("--by", attribute)]
    return {
        "dashboard, columnar (CSV)": ["svcperf", "evaluate", *files, "--as-of", NIGHT, *by,
                                      "--engine", "columnar"],
        "history, 365 nights, columnar (CSV)": ["svcperf", "history", *files, "--from", FIRST,
                                                "--to", NIGHT, "--engine", "columnar"],
    }


def _check(directory: Path, out: Path, python_too: bool) -> None:
    """The history's last night is the evaluation of that night; optionally, the
    pure-Python engine's history is the columnar one's."""
    chosen = cases(directory)
    run(chosen["dashboard, columnar (CSV)"], out / "board.json", pin=False)
    run(chosen["history, 365 nights, columnar (CSV)"], out / "history.json", pin=False)
    board = json.loads((out / "board.json").read_text())["accounts"]
    nightly = json.loads((out / "history.json").read_text())["accounts"]
    for account, shown in board.items():
        assert nightly[account][-1]["metrics"] == shown["metrics"], account
    if python_too:
        reference = [*chosen["history, 365 nights, columnar (CSV)"][:-1], "python"]
        run(reference, out / "reference.json", pin=False)
        assert (out / "reference.json").read_text() == (out / "history.json").read_text()


def main(argv: Sequence[str] | None = None) -> int:
    """Check, then time; print each run and the medians."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.history_columnar")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, help="a folder with jobs.csv and disputes.csv")
    parser.add_argument("--check-python", action="store_true",
                        help="also check the pure-Python engine's history (slow)")
    parser.add_argument("--no-pin", action="store_true", help="do not pin to one core")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        directory = args.data or out / "data"
        if args.data is None:
            sample.write(directory, args.size, 1, days=424)
        _check(directory, out, args.check_python)
        times: dict[str, list[float]] = {case: [] for case in cases(directory)}
        users: dict[str, list[float]] = {case: [] for case in cases(directory)}
        peaks: dict[str, int] = {}
        for _ in range(args.repeat):
            for case, command in cases(directory).items():
                seconds, _cpu, user, _system, peak = run(command, out / "run.json",
                                                         pin=not args.no_pin)
                times[case].append(seconds)
                users[case].append(user)
                peaks[case] = max(peaks.get(case, 0), peak)
    board, history = (statistics.median(found) for found in times.values())
    board_user, history_user = (statistics.median(found) for found in users.values())
    print(json.dumps({"runs": times, "user_cpu": users, "peak_rss_kib": peaks}, indent=1))
    for case, found in times.items():
        print(f"| {case} | {statistics.median(found):.2f} s | "
              f"{statistics.median(users[case]):.2f} s | {peaks[case] / 1024:.0f} MiB |")
    print(f"history / dashboard: {history / board:.2f}x wall, "
          f"{history_user / board_user:.2f}x user CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
