"""File to dashboard with the columnar engine, as ``svcperf evaluate --format json`` prints it.

``python -m benchmarks.columnar_evaluate JOBS DISPUTES NIGHT TZ [BY...]`` reads the files
(CSV, JSON Lines or Parquet) with `svcperf.engines.columnar`, builds the dashboard and
prints the very JSON text the command line prints (`svcperf.output.evaluation_json`):
what ``svcperf evaluate --engine columnar`` does, without the command line's own imports.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date

from svcperf import InvalidInputError, output
from svcperf.engines import columnar


def main(argv: Sequence[str] | None = None) -> int:
    """Print the dashboard's JSON; bad input: the error lines on stderr, exit 2."""
    jobs_path, disputes_path, night, tz, *by = argv if argv is not None else sys.argv[1:]
    try:
        data = columnar.load_jobs(jobs_path)
        disputes = columnar.load_disputes(disputes_path, job_ids=data.table.column("job_id"))
    except InvalidInputError as error:
        print(error, file=sys.stderr)
        return 2
    board = columnar.dashboard_from(data, date.fromisoformat(night), by, disputes=disputes,
                                    tz=tz)
    sys.stdout.write(output.json_text(output.evaluation_json(board.evaluation,
                                                             list(board.breakdowns))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
