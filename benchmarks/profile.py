"""cProfile of svcperf's side of B1, B2 and B3 (top entries by own time).

``python -m benchmarks.profile [N] [--top K]`` generates the sample at N jobs (default
100,000) in a temporary directory and prints, for each case, the K functions (default
15) with the most time spent in their own code. cProfile slows small calls down more
than large ones: read the shares, not the absolute times.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from svcperf.views.history import history

from . import suite


def main(argv: list[str] | None = None) -> int:
    """Print the profiles."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument("n_jobs", type=int, nargs="?", default=100_000)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="svcperf-profile-") as temporary:
        data = suite.Data(Path(temporary), args.n_jobs, args.seed)
        last = data.night
        first = last - timedelta(days=suite.HISTORY_NIGHTS - 1)
        # B3 on data spread over its history, as the suite runs it.
        spread = suite.Data(Path(temporary) / "b3", args.n_jobs, args.seed,
                            days=suite.HISTORY_DAYS)
        cases = {
            "B1 (records -> dashboard: evaluate + 3 breakdowns)":
                lambda: suite.svcperf_dashboard(data.jobs, data.disputes, data.night),
            "B2 (files -> dashboard)":
                lambda: suite.svcperf_file_dashboard(data.jobs_path, data.disputes_path,
                                                     data.night),
            f"B3 (history, 365 nights, data over {suite.HISTORY_DAYS} days)":
                lambda: history(spread.jobs, first, last, disputes=spread.disputes,
                                      tz=suite.TZ),
        }
        for title, function in cases.items():
            profile = cProfile.Profile()
            profile.runcall(function)
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out).strip_dirs().sort_stats("tottime")
            stats.print_stats(args.top)
            lines = [line for line in out.getvalue().splitlines() if line.strip()]
            print(f"## {title}, N={args.n_jobs:,}\n")
            print("\n".join(lines[1:]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
