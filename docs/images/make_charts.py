"""Draw the Chart View images of docs/notebooks.md from the bundled sample.

Run from the repository root: ``python docs/images/make_charts.py`` (needs
``svcperf[plot]``). The images are the same on every run for the same svcperf.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import svcperf

HERE = Path(__file__).parent


def main() -> None:
    data = svcperf.sample.load()
    common = {"disputes": data.disputes, "tz": data.tz}
    nightly = svcperf.history(data.jobs, data.night - timedelta(days=89), data.night, **common)
    metadata = {"Software": None}  # no version stamp: the same bytes on every run
    nightly.plot().savefig(HERE / "history.png", dpi=40, metadata=metadata)
    by_technician = svcperf.breakdown(data.jobs, data.night, "technician_id", **common)
    by_technician.plot("outside_arrival_window_rate", account="acct-2002").savefig(
        HERE / "breakdown.png", dpi=60, metadata=metadata)


if __name__ == "__main__":
    main()
