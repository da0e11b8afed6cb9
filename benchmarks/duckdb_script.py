"""An idiomatic DuckDB script computing svcperf's figures from the files (SPEC §3–§4),
without svcperf: a peer the benchmarks time svcperf against (like `baseline`, pandas).

Run as ``python -m benchmarks.duckdb_script JOBS DISPUTES NIGHT TZ``: prints the
canonical dashboard (see `peers`) as JSON.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import duckdb

from .peers import BY, COUNTERS, canonical_row, first_instant, to_json

__all__ = ["dashboard"]

_JOB_COLUMNS = {
    "job_id": "VARCHAR", "account_id": "VARCHAR", "coverage_area": "VARCHAR",
    "profession": "VARCHAR", "technician_id": "VARCHAR", "timezone": "VARCHAR",
    "appointment_date": "DATE", "arrival_window_start": "TIMESTAMPTZ",
    "arrival_window_end": "TIMESTAMPTZ", "started_at": "TIMESTAMPTZ", "status": "VARCHAR",
    "closed_at": "TIMESTAMPTZ", "rating": "INTEGER", "rated_at": "TIMESTAMPTZ",
    "hg_claim_at": "TIMESTAMPTZ", "cancel_attributed": "BOOLEAN",
    "reschedule_attributed": "BOOLEAN",
}

_COUNTERS_SQL = """
WITH granted AS (
    SELECT job_id, issue_type FROM disputes
    WHERE outcome = 'granted' AND decided_at < $as_of
),
facts AS (
    SELECT j.*,
        status IN ('completed', 'cancelled') AND closed_at >= $start AND closed_at < $as_of
            AS in_window,
        status = 'completed' AND rating IS NOT NULL AND rated_at < $as_of
            AND job_id NOT IN (SELECT job_id FROM granted
                               WHERE issue_type = 'negative_feedback') AS counted
    FROM jobs j
),
flags AS (
    SELECT account_id, {by}, in_window, counted,
        CASE WHEN counted THEN rating ELSE 0 END AS stars,
        counted AND rating <= 2 AS negative_feedback,
        coalesce(hg_claim_at < $as_of, false)
            AND job_id NOT IN (SELECT job_id FROM granted WHERE issue_type = 'hg_claim')
            AS hg_claim,
        status = 'cancelled' AND coalesce(cancel_attributed, false)
            AND job_id NOT IN (SELECT job_id FROM granted WHERE issue_type = 'cancellation')
            AS cancellation,
        reschedule_attributed
            AND job_id NOT IN (SELECT job_id FROM granted WHERE issue_type = 'reschedule')
            AS reschedule,
        coalesce(started_at < arrival_window_start OR started_at > arrival_window_end, false)
            AND job_id NOT IN (SELECT job_id FROM granted
                               WHERE issue_type = 'outside_arrival_window')
            AS outside_arrival_window,
        status = 'completed'
            AND CAST(timezone(timezone, closed_at) AS DATE) > appointment_date
            AND job_id NOT IN (SELECT job_id FROM granted WHERE issue_type = 'late_completion')
            AS late_completion
    FROM facts
)
SELECT account_id, {by},
    in_window::INTEGER AS jobs,
    (in_window AND counted)::INTEGER AS rated,
    CASE WHEN in_window THEN stars ELSE 0 END AS stars,
    {issues},
    (in_window AND (negative_feedback OR hg_claim OR cancellation OR reschedule
                    OR outside_arrival_window OR late_completion))::INTEGER AS with_issues
FROM flags
"""
_ISSUES = ("negative_feedback", "hg_claim", "cancellation", "reschedule",
           "outside_arrival_window", "late_completion")


def dashboard(jobs_path: str, disputes_path: str, night: date, tz: str,
              by: Sequence[str] = BY) -> list[tuple[tuple[str, str, str | None], Any]]:
    """Every figure, account-wide and per slice of each attribute of `by`, for the nightly
    60-day window of `night` in `tz`."""
    start = first_instant(night - timedelta(days=59), tz)
    as_of = first_instant(night + timedelta(days=1), tz)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in _JOB_COLUMNS.items())
    con.execute(f"CREATE TEMP TABLE jobs AS SELECT * FROM read_csv(?, header = true, "
                f"types = {{{columns}}})", [jobs_path])
    con.execute("CREATE TEMP TABLE disputes AS SELECT * FROM read_csv(?, header = true, "
                "types = {'job_id': 'VARCHAR', 'issue_type': 'VARCHAR', "
                "'outcome': 'VARCHAR', 'decided_at': 'TIMESTAMPTZ'})", [disputes_path])
    issues = ", ".join(f"(in_window AND {name})::INTEGER AS {name}" for name in _ISSUES)
    con.execute("CREATE TEMP TABLE counters AS " + _COUNTERS_SQL.format(
        by=", ".join(by), issues=issues), {"start": start, "as_of": as_of})
    sums = ", ".join(f"sum({name})::BIGINT AS {name}" for name in COUNTERS)
    rows: list[tuple[tuple[str, str, str | None], Any]] = []
    for account, *values in con.execute(
            f"SELECT account_id, {sums} FROM counters GROUP BY account_id").fetchall():
        rows.append(((account, "", None), canonical_row(dict(zip(COUNTERS, values,
                                                                 strict=True)))))
    for attribute in by:
        for account, value, *values in con.execute(
                f"SELECT account_id, {attribute}, {sums} FROM counters WHERE jobs = 1 "
                f"GROUP BY account_id, {attribute}").fetchall():
            rows.append(((account, attribute, value), canonical_row(dict(zip(
                COUNTERS, values, strict=True)))))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Print the canonical dashboard of JOBS DISPUTES NIGHT TZ as JSON."""
    jobs_path, disputes_path, night, tz = argv if argv is not None else sys.argv[1:]
    print(to_json(dashboard(jobs_path, disputes_path, date.fromisoformat(night), tz)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
