"""The pandas baseline (`baseline`) as a whole process, printing the canonical dashboard.

``python -m benchmarks.pandas_script JOBS DISPUTES NIGHT TZ [ENGINE]``: see `peers`. ENGINE
is read_csv's (`baseline.load_frames`): ``c`` (the default) or ``pyarrow``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date

from . import baseline
from .peers import canonical_row, to_json


def main(argv: Sequence[str] | None = None) -> int:
    """Print the canonical dashboard of JOBS DISPUTES NIGHT TZ as JSON (read with ENGINE)."""
    jobs_path, disputes_path, night, tz, *engine = argv if argv is not None else sys.argv[1:]
    jobs, disputes = baseline.load_frames(jobs_path, disputes_path,  # type: ignore[arg-type]
                                          *engine)
    frame = baseline.dashboard(jobs, disputes, date.fromisoformat(night), tz)
    counters = {"stars": "customer_feedback_rating.numerator",
                "rated": "customer_feedback_rating.denominator",
                "hg_claim": "hg_claim_rate.numerator", "jobs": "hg_claim_rate.denominator",
                "negative_feedback": "negative_feedback_rate.numerator",
                "cancellation": "cancellation_rate.numerator",
                "reschedule": "reschedule_rate.numerator",
                "outside_arrival_window": "outside_arrival_window_rate.numerator",
                "late_completion": "late_completion_rate.numerator"}
    rows = []
    for key, row in frame.iterrows():
        account, attribute, value = key
        sums = {name: int(row[column]) for name, column in counters.items()}
        sums["with_issues"] = sums["jobs"] - int(row["defect_free_rate.numerator"])
        rows.append(((str(account), str(attribute), value if isinstance(value, str) else None),
                     canonical_row(sums)))
    print(to_json(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
