"""An idiomatic polars script computing svcperf's figures from the files (SPEC §3–§4),
without svcperf: a peer the benchmarks time svcperf against (like `baseline`, pandas).

Run as ``python -m benchmarks.polars_script JOBS DISPUTES NIGHT TZ``: prints the
canonical dashboard (see `peers`) as JSON.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import polars as pl

from .peers import BY, COUNTERS, canonical_row, first_instant, to_json

__all__ = ["dashboard"]

_INSTANTS = ("arrival_window_start", "arrival_window_end", "started_at", "closed_at",
             "rated_at", "hg_claim_at")
_ISSUES = ("negative_feedback", "hg_claim", "cancellation", "reschedule",
           "outside_arrival_window", "late_completion")


def _read(jobs_path: str, disputes_path: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    jobs = pl.read_csv(jobs_path, infer_schema=False).with_columns(
        *(pl.col(name).str.to_datetime("%Y-%m-%dT%H:%M:%S%z", time_unit="us", time_zone="UTC")
          for name in _INSTANTS),
        pl.col("appointment_date").str.to_date("%Y-%m-%d"),
        pl.col("rating").cast(pl.Int64),
        pl.col("cancel_attributed").eq("true").fill_null(False),
        pl.col("reschedule_attributed").eq("true"),
    )
    disputes = pl.read_csv(disputes_path, infer_schema=False).with_columns(
        pl.col("decided_at").str.to_datetime("%Y-%m-%dT%H:%M:%S%z", time_unit="us",
                                             time_zone="UTC"))
    return jobs, disputes


def dashboard(jobs_path: str, disputes_path: str, night: date, tz: str,
              by: Sequence[str] = BY) -> list[tuple[tuple[str, str, str | None], Any]]:
    """Every figure, account-wide and per slice of each attribute of `by`, for the nightly
    60-day window of `night` in `tz`."""
    jobs, disputes = _read(jobs_path, disputes_path)
    start = first_instant(night - timedelta(days=59), tz)
    as_of = first_instant(night + timedelta(days=1), tz)
    granted = disputes.filter((pl.col("outcome") == "granted") & (pl.col("decided_at") < as_of))

    def removed(issue: str) -> pl.Expr:
        ids = granted.filter(pl.col("issue_type") == issue)["job_id"]
        return pl.col("job_id").is_in(ids.implode())

    completed = pl.col("status") == "completed"
    in_window = (pl.col("status").is_in(["completed", "cancelled"])
                 & (pl.col("closed_at") >= start) & (pl.col("closed_at") < as_of))
    zones = jobs["timezone"].unique().to_list()
    local_day = pl.coalesce([pl.when(pl.col("timezone") == zone).then(
        pl.col("closed_at").dt.convert_time_zone(zone).dt.date()) for zone in zones])
    rated = (completed & pl.col("rating").is_not_null() & (pl.col("rated_at") < as_of)
             & ~removed("negative_feedback")).fill_null(False)
    flags = {
        "negative_feedback": rated & (pl.col("rating") <= 2),
        "hg_claim": (pl.col("hg_claim_at") < as_of).fill_null(False) & ~removed("hg_claim"),
        "cancellation": (pl.col("status") == "cancelled") & pl.col("cancel_attributed")
        & ~removed("cancellation"),
        "reschedule": pl.col("reschedule_attributed") & ~removed("reschedule"),
        "outside_arrival_window": ((pl.col("started_at") < pl.col("arrival_window_start"))
                                   | (pl.col("started_at") > pl.col("arrival_window_end")))
        .fill_null(False) & ~removed("outside_arrival_window"),
        "late_completion": completed & (local_day > pl.col("appointment_date")).fill_null(False)
        & ~removed("late_completion"),
    }
    counters = jobs.with_columns(
        jobs=in_window.fill_null(False),
        rated=rated,
        stars=pl.when(rated).then(pl.col("rating")).otherwise(0),
        **flags,
    ).with_columns(with_issues=pl.any_horizontal(*_ISSUES)).with_columns(
        *(pl.col(name).cast(pl.Int64) * pl.col("jobs").cast(pl.Int64) for name in COUNTERS))
    sums = [pl.col(name).sum() for name in COUNTERS]
    rows: list[tuple[tuple[str, str, str | None], Any]] = []
    for row in counters.group_by("account_id").agg(sums).iter_rows(named=True):
        rows.append(((row["account_id"], "", None), canonical_row(row)))
    window = counters.filter(pl.col("jobs") == 1)
    for attribute in by:
        for row in window.group_by(["account_id", attribute]).agg(sums).iter_rows(named=True):
            rows.append(((row["account_id"], attribute, row[attribute]), canonical_row(row)))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Print the canonical dashboard of JOBS DISPUTES NIGHT TZ as JSON."""
    jobs_path, disputes_path, night, tz = argv if argv is not None else sys.argv[1:]
    print(to_json(dashboard(jobs_path, disputes_path, date.fromisoformat(night), tz)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
