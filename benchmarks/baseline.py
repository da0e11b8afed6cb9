"""The analyst's pandas notebook: the same figures as svcperf, computed with pandas.

This is the baseline the benchmarks time svcperf against. It is written the way a
careful analyst would write it (vectorised, one pass per step) and follows SPEC §3–§4
on its own, without calling svcperf: the window in local days of the evaluation's
zone, knowledge time, granted disputes, late completion in each job's own zone. It
lives in ``benchmarks/`` only; the svcperf package never imports pandas.

The result is a DataFrame indexed by ``(account_id, attribute, value)``: attribute
``""`` (and value ``None``) is the account-wide row; the other rows are the slices of
each breakdown attribute that hold at least one job of the window. Its columns are
the numerator and denominator of every figure and the status.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["FIGURES", "dashboard", "load_frames"]

#: The seven service levels and the defect-free rate, in the dashboard's order.
FIGURES = (
    "customer_feedback_rating",
    "hg_claim_rate",
    "negative_feedback_rate",
    "cancellation_rate",
    "reschedule_rate",
    "outside_arrival_window_rate",
    "late_completion_rate",
    "defect_free_rate",
)

#: Seed targets as exact integer fractions: (figure, ">=" or "<=", numerator, denominator).
_TARGETS = (
    ("customer_feedback_rating", ">=", 47, 10),
    ("hg_claim_rate", "<=", 1, 100),
    ("negative_feedback_rate", "<=", 1, 100),
    ("cancellation_rate", "<=", 1, 100),
    ("reschedule_rate", "<=", 1, 100),
    ("outside_arrival_window_rate", "<=", 10, 100),
    ("late_completion_rate", "<=", 1, 100),
)

_INSTANTS = ("arrival_window_start", "arrival_window_end", "started_at", "closed_at",
             "rated_at", "hg_claim_at")
_TEXT = ("job_id", "account_id", "coverage_area", "profession", "technician_id", "timezone",
         "status")

# Per-job counters, summed per group: (numerator, denominator) of each figure below.
_COUNTERS = ("jobs", "rated", "stars", "negative_feedback", "hg_claim", "cancellation",
             "reschedule", "outside_arrival_window", "late_completion", "with_issues")
_RATIOS = {
    "customer_feedback_rating": ("stars", "rated"),
    "hg_claim_rate": ("hg_claim", "jobs"),
    "negative_feedback_rate": ("negative_feedback", "rated"),
    "cancellation_rate": ("cancellation", "jobs"),
    "reschedule_rate": ("reschedule", "jobs"),
    "outside_arrival_window_rate": ("outside_arrival_window", "jobs"),
    "late_completion_rate": ("late_completion", "jobs"),
}


def load_frames(jobs_path: Path, disputes_path: Path,
                engine: str = "c") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read the jobs and disputes files as an analyst would: read_csv, then parse the
    instants (ISO 8601 with offsets, to UTC) and the dates. `engine` is read_csv's:
    ``"c"`` (pandas' own parser, the text columns read as text) or ``"pyarrow"``
    (issue 11's pandas script: ``read_csv(engine="pyarrow")``, which types the instants
    itself; pandas 3 cannot combine it with a per-column ``dtype`` here, so the text
    columns are taken as it infers them)."""
    if engine == "pyarrow":
        jobs = pd.read_csv(jobs_path, engine="pyarrow")
        disputes = pd.read_csv(disputes_path, engine="pyarrow")
    else:
        jobs = pd.read_csv(jobs_path, dtype={name: "str" for name in _TEXT})
        disputes = pd.read_csv(disputes_path, dtype="str")
    for name in _INSTANTS:
        jobs[name] = pd.to_datetime(jobs[name], utc=True, format="ISO8601")
    jobs["appointment_date"] = pd.to_datetime(jobs["appointment_date"], format="%Y-%m-%d")
    disputes["decided_at"] = pd.to_datetime(disputes["decided_at"], utc=True, format="ISO8601")
    return jobs, disputes


def _first_instant(day: date, tz: str) -> pd.Timestamp:
    """The first instant of the local `day` in `tz` (the end of a DST gap at midnight)."""
    local = pd.Timestamp(day).tz_localize(tz, ambiguous=True, nonexistent="shift_forward")
    return local.tz_convert("UTC")


def _true(column: pd.Series) -> pd.Series:
    """A boolean column read from ``true``/``false``/empty cells (empty is false)."""
    if column.dtype == bool:
        return column
    return column.astype("str").str.lower().eq("true")


def _counters(jobs: pd.DataFrame, disputes: pd.DataFrame, start: pd.Timestamp,
              as_of: pd.Timestamp) -> pd.DataFrame:
    """One row per job: 0/1 (or stars) for every counter; all zero outside the window."""
    status = jobs["status"]
    closed = jobs["closed_at"]
    completed = status.eq("completed")
    cancelled = status.eq("cancelled")
    in_window = (completed | cancelled) & (closed >= start) & (closed < as_of)

    known = disputes[disputes["outcome"].eq("granted") & (disputes["decided_at"] < as_of)]

    def removed(issue: str) -> pd.Series:
        return jobs["job_id"].isin(known.loc[known["issue_type"].eq(issue), "job_id"])

    rating = jobs["rating"]
    rated = (in_window & completed & rating.notna() & (jobs["rated_at"] < as_of)
             & ~removed("negative_feedback"))
    negative = rated & rating.le(2)
    hg_claim = in_window & (jobs["hg_claim_at"] < as_of) & ~removed("hg_claim")
    cancellation = (in_window & cancelled & _true(jobs["cancel_attributed"])
                    & ~removed("cancellation"))
    reschedule = in_window & _true(jobs["reschedule_attributed"]) & ~removed("reschedule")
    started = jobs["started_at"]
    outside = (in_window & started.notna() & jobs["arrival_window_start"].notna()
               & ((started < jobs["arrival_window_start"])
                  | (started > jobs["arrival_window_end"]))
               & ~removed("outside_arrival_window"))

    # Late completion: the local date of closed_at in each job's own zone.
    late = pd.Series(False, index=jobs.index)
    done = jobs.loc[in_window & completed, ["timezone", "closed_at", "appointment_date"]]
    for tz, group in done.groupby("timezone", sort=False):
        local_day = group["closed_at"].dt.tz_convert(str(tz)).dt.tz_localize(None).dt.normalize()
        late.loc[group.index[(local_day > group["appointment_date"]).to_numpy()]] = True
    late &= ~removed("late_completion")

    issues = [negative, hg_claim, cancellation, reschedule, outside, late]
    with_issues = np.logical_or.reduce([flag.to_numpy() for flag in issues])
    stars = np.where(rated.to_numpy(), rating.fillna(0).to_numpy(), 0).astype("int64")
    columns = dict(zip(_COUNTERS, [in_window, rated, stars, *issues, with_issues], strict=True))
    return pd.DataFrame({name: np.asarray(value, dtype="int64") for name, value in
                         columns.items()}, index=jobs.index)


def _figures(sums: pd.DataFrame) -> pd.DataFrame:
    """Numerator, denominator and status of every figure from summed counters."""
    out: dict[str, pd.Series[Any]] = {}
    meets = []
    for key, (numerator, denominator) in _RATIOS.items():
        out[f"{key}.numerator"] = sums[numerator]
        out[f"{key}.denominator"] = sums[denominator]
    out["defect_free_rate.numerator"] = sums["jobs"] - sums["with_issues"]
    out["defect_free_rate.denominator"] = sums["jobs"]
    for key, comparison, threshold_num, threshold_den in _TARGETS:
        above, below = out[f"{key}.numerator"], out[f"{key}.denominator"]
        if comparison == ">=":
            ok = above * threshold_den >= threshold_num * below
        else:
            ok = above * threshold_den <= threshold_num * below
        meets.append(ok | below.eq(0))
    frame = pd.DataFrame(out)
    frame["status"] = np.where(np.logical_and.reduce([m.to_numpy() for m in meets]),
                               "good_standing", "attention")
    return frame


def dashboard(jobs: pd.DataFrame, disputes: pd.DataFrame, night: date, tz: str = "UTC",
              days: int = 60, by: Sequence[str] = ("coverage_area", "profession",
                                                   "technician_id")) -> pd.DataFrame:
    """Every figure account-wide and per slice of each attribute in `by`, for the
    nightly window of `night` (the local days ``night - days + 1 ... night`` of `tz`)."""
    start = _first_instant(night - timedelta(days=days - 1), tz)
    as_of = _first_instant(night + timedelta(days=1), tz)
    counters = _counters(jobs, disputes, start, as_of)
    # Account-wide: every account in the input, even one with no job in the window.
    frames = [counters.groupby(jobs["account_id"], sort=False).sum()
              .assign(attribute="", value=None).set_index(["attribute", "value"], append=True)]
    in_window = counters["jobs"].to_numpy() == 1
    window_counters = counters[in_window]
    for attribute in by:
        keys = [jobs["account_id"][in_window], jobs[attribute][in_window]]
        sums = window_counters.groupby(keys, sort=False, dropna=False).sum()
        sums.index = pd.MultiIndex.from_arrays(
            [sums.index.get_level_values(0), [attribute] * len(sums),
             sums.index.get_level_values(1)], names=["account_id", "attribute", "value"])
        frames.append(sums)
    table = pd.concat(frames)
    table.index = table.index.set_names(["account_id", "attribute", "value"])
    return _figures(table)
