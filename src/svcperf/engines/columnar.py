"""The columnar engine: files or frames to Arrow tables, folded column-wise into the very
same tallies the reference (`svcperf.evaluation.fold`) gives (SPEC §10).

`load_jobs` / `load_disputes` read and validate (see `columnar_input`); `fold` computes
each job's facts as boolean columns, with each service level's own column form
(`columns` beside `assess` in `svcperf.metrics`), and sums them per account and per
slice; `dashboard_from` builds the `Dashboard` with the reference's `evaluation_of` and
`breakdown_of`. No per-row Python runs on the happy path.

pyarrow is imported inside the functions: ``pip install 'svcperf[columnar]'``.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from datetime import date, datetime, timezone
from operator import itemgetter
from typing import Any, cast

import attrs

from ..dataset import Dataset
from ..evaluation import evaluation_of
from ..evaluation import fold as reference_fold
from ..facts import DisputeIndex
from ..metrics import (
    cancellation_rate,
    customer_feedback_rating,
    hg_claim_rate,
    late_completion_rate,
    negative_feedback_rate,
    outside_arrival_window_rate,
    reschedule_rate,
)
from ..records import IssueType, JobStatus
from ..tally import Tally
from ..targets import SEED_TARGETS, TargetSet, target_set_in_force
from ..viewer import OWNER, Viewer, as_viewer
from ..views.breakdown import SliceValue, breakdown_of, slice_reader
from ..views.dashboard import Dashboard
from ..views.scope import Scoped
from ..window import DEFAULT_DAYS, Window, window_for
from ..zones import _next_day_start, local_date
from .columnar_input import (
    INSTANTS,
    DisputeTable,
    JobTable,
    Source,
    _pa,
    dispute_records_of,
    read_dispute_table,
    read_job_table,
    records_of,
)

__all__ = ["ColumnarFolded", "DisputeTable", "JobTable", "coverage_areas", "dashboard_from",
           "dispute_records_of", "fold", "load_disputes", "load_jobs", "records_of"]

# The issue flag of each level with one, by issue type (the order of `Tally`'s fields).
_FLAGGING = (
    (IssueType.NEGATIVE_FEEDBACK, negative_feedback_rate),
    (IssueType.HG_CLAIM, hg_claim_rate),
    (IssueType.CANCELLATION, cancellation_rate),
    (IssueType.RESCHEDULE, reschedule_rate),
    (IssueType.OUTSIDE_ARRIVAL_WINDOW, outside_arrival_window_rate),
    (IssueType.LATE_COMPLETION, late_completion_rate),
)
_Tallies = Mapping[Hashable, Tally]
_COUNTERS = ("jobs", "completed", "rated", "stars", *(issue.value for issue, _ in _FLAGGING),
             "jobs_with_issues", "issues")


def load_jobs(source: Source, *, format: str | None = None) -> JobTable:
    """Read and validate jobs: a CSV, JSON Lines or Parquet path, or a pandas, polars or
    pyarrow table.

    Accepts exactly what `svcperf.read_jobs` accepts and raises exactly its
    `InvalidInputError` (the same lines, order and cap) for a CSV or JSON Lines file;
    a Parquet file or a frame gets the same messages, placed at rows (``row 3``).
    """
    return read_job_table(source, format=format)


def coverage_areas(data: JobTable) -> list[str]:
    """The coverage areas the jobs are in (what a viewer's areas are named from)."""
    _pa()
    import pyarrow.compute as pc

    return [str(area) for area in pc.unique(data.table.column("coverage_area")).to_pylist()
            if area is not None]


def load_disputes(source: Source, *, job_ids: Collection[str] | Any | None = None,
                  format: str | None = None) -> DisputeTable:
    """Read and validate disputes, as `load_jobs`; with `job_ids` (e.g. the ``job_id``
    column of a `JobTable`'s table), a dispute naming another job is an error (as in
    `svcperf.read_disputes`)."""
    return read_dispute_table(source, job_ids=job_ids, format=format)


@attrs.frozen
class ColumnarFolded:
    """What `fold` gives: a tally per account, per entry of `by` a tally per (account,
    slice value), the data warnings per account (in job order), and every account id
    (every account with any job the viewer sees, sorted)."""

    accounts: dict[str, Tally]
    breakdowns: tuple[dict[tuple[str, SliceValue], Tally], ...]
    warnings: dict[str, list[str]]
    account_ids: tuple[str, ...]


def _timestamp(pa: Any, instant: datetime) -> Any:
    return pa.scalar(instant.astimezone(timezone.utc), type=pa.timestamp("us", "UTC"))


def _project(table: Any, expressions: dict[str, Any]) -> Any:
    """The columns `expressions` computed over `table` (one Acero projection)."""
    import pyarrow.acero as acero

    return acero.Declaration.from_sequence([
        acero.Declaration("table_source", acero.TableSourceNodeOptions(table)),
        acero.Declaration("project", acero.ProjectNodeOptions(list(expressions.values()),
                                                              list(expressions))),
    ]).to_table(use_threads=True)


def _in_window(pa: Any, pc: Any, table: Any, window: Window) -> Any:
    """The rows of `table` in `window` (completed or cancelled, start <= closed_at < end)."""
    closed = table.column("closed_at")
    inside = pc.and_(
        pc.and_(pc.greater_equal(closed, _timestamp(pa, window.start)),
                pc.less(closed, _timestamp(pa, window.end))),
        pc.not_equal(table.column("status"), JobStatus.OPEN.value))
    return table.filter(pc.fill_null(inside, False))


def _late_columns(pa: Any, pc: Any, table: Any) -> Any:
    """`table` with `late_completion_rate`'s two input columns: the first instant of the
    local day after the appointment date, once per distinct (zone, date) pair by the zone
    code; where it has none (a midnight that occurs twice), the reference per row."""
    zones = table.column("timezone")
    days = table.column("appointment_date").cast(pa.int32()).cast(pa.int64())
    names = zones.cast(pa.string())
    zone_ids = pc.index_in(names, value_set=pc.unique(names))
    distinct_names = pc.unique(names).to_pylist()
    keys = pc.add(pc.multiply(days, 1 << 16), zone_ids.cast(pa.int64()))
    distinct = pc.unique(keys)
    cut_offs = []
    for key in distinct.to_pylist():
        day = date.fromordinal(date(1970, 1, 1).toordinal() + (key >> 16))
        cut_offs.append(_next_day_start(distinct_names[key & 0xFFFF], day, None))
    cut_off = pc.take(pa.array(cut_offs, pa.timestamp("us", "UTC")),
                      pc.index_in(keys, value_set=distinct))
    after = pa.nulls(table.num_rows, pa.bool_())
    missing = pc.indices_nonzero(pc.and_(pc.is_null(cut_off), pc.and_(
        pc.equal(table.column("status"), JobStatus.COMPLETED.value),
        pc.is_valid(table.column("closed_at"))))).to_pylist()
    if missing:
        rows = table.select(["timezone", "appointment_date", "closed_at"]).take(missing)
        flags = [False] * table.num_rows
        for index, row in zip(missing, rows.to_pylist(), strict=True):
            flags[index] = local_date(row["closed_at"], row["timezone"]) > row["appointment_date"]
        after = pa.array(flags, pa.bool_())
    return (table.append_column(late_completion_rate.NEXT_DAY_START, cut_off)
            .append_column(late_completion_rate.AFTER_BY_LOCAL_DATE, after))


def _granted(pa: Any, pc: Any, disputes: DisputeTable | None, as_of: datetime,
             job_ids: Any) -> dict[IssueType, Any]:
    """Per issue type with a dispute granted before `as_of`: which rows it removes."""
    if disputes is None or disputes.table.num_rows == 0:
        return {}
    table = disputes.table
    decided = table.column("decided_at")
    counted = pc.fill_null(pc.and_(pc.equal(table.column("outcome"), "granted"),
                                   pc.less(decided, _timestamp(pa, as_of))), False)
    table = table.filter(counted)
    found = {}
    for issue in IssueType:
        ids = table.filter(pc.equal(table.column("issue_type"), issue.value)).column("job_id")
        if len(ids):
            found[issue] = pc.is_in(job_ids, value_set=pc.unique(ids))
    return found


def _facts(pa: Any, pc: Any, table: Any, window: Window,
           disputes: DisputeTable | None) -> Any:
    """Per job of the window, its counters (see `_COUNTERS`), disputes applied."""
    as_of = window.end
    flags = {"rated": customer_feedback_rating.columns(as_of)["rated"],
             **{issue.value: level.columns(as_of)["flagged"] for issue, level in _FLAGGING}}
    facts = _project(_late_columns(pa, pc, table), flags)
    granted = _granted(pa, pc, disputes, as_of, table.column("job_id"))
    removed_rating = granted.get(IssueType.NEGATIVE_FEEDBACK)
    rated = facts.column("rated")
    if removed_rating is not None:
        rated = pc.and_(rated, pc.invert(removed_rating))
    counters: dict[str, Any] = {
        "jobs": pa.nulls(table.num_rows, pa.int8()).fill_null(1),
        "completed": pc.equal(table.column("status"), JobStatus.COMPLETED.value),
        "rated": rated,
        "stars": pc.if_else(rated, table.column("rating"), 0).cast(pa.int64()),
    }
    any_issue = None
    issues = None
    for issue, _ in _FLAGGING:
        flag = facts.column(issue.value)
        if issue in granted:
            flag = pc.and_(flag, pc.invert(granted[issue]))
        counters[issue.value] = flag
        any_issue = flag if any_issue is None else pc.or_(any_issue, flag)
        as_int = flag.cast(pa.int8())
        issues = as_int if issues is None else pc.add(issues, as_int)
    counters["jobs_with_issues"] = any_issue
    counters["issues"] = issues
    return pa.table(counters)


def _slice_column(pa: Any, pc: Any, data: JobTable, table: Any, name: str) -> Any:
    """The value `Job.attribute(name)` gives for each row of `table`, as text (or null)."""
    if name not in table.schema.names:  # no job in scope: an empty breakdown
        return pa.nulls(table.num_rows, pa.string())
    column = table.column(name)
    if name in INSTANTS:
        shown = records_of(data.rows(table.column("\0row")))
        return pa.array([job.attribute(name) for job in shown], pa.string())
    if pa.types.is_boolean(column.type):
        return pc.if_else(column, "True", "False")
    return column.cast(pa.string()) if not pa.types.is_dictionary(column.type) else column


def _tallies(rows: Iterable[dict[str, Any]], key: Any) -> dict[Any, Tally]:
    found = {}
    for row in rows:
        counts = {name: int(row[f"{name}_sum"]) for name in _COUNTERS}
        jobs, completed = counts.pop("jobs"), counts.pop("completed")
        found[key(row)] = Tally(jobs=jobs, completed=completed, cancelled=jobs - completed,
                                **counts)
    return found


def _probe_rows(pa: Any, pc: Any, data: JobTable, table: Any,
                by: Sequence[str | Sequence[str]]) -> list[int]:
    """Rows of `table` (scoped jobs) on which the reference's checks of the attribute names
    `by` give what they give on every row: the first, and for an extra attribute some jobs
    lack, the first job lacking it and the first carrying it."""
    rows = table.column("\0row")
    picked = set(rows.slice(0, 1).to_pylist())
    if data.lacking is not None:
        lacking = data.lacking.take(rows)
        names = {name for entry in by for name in ([entry] if isinstance(entry, str) else entry)}
        for name in names & set(lacking.schema.names):
            lacks = lacking.column(name)
            for found in (lacks, pc.invert(lacks)):
                first = pc.indices_nonzero(found).slice(0, 1).to_pylist()
                picked.update(rows.take(first).to_pylist())
    return sorted(picked)


def fold(data: JobTable, window: Window, disputes: DisputeTable | None,
         by: Sequence[str | Sequence[str]] = (),
         areas: Collection[str] = frozenset()) -> ColumnarFolded:
    """The tallies the reference gives for `data` (only the jobs in `areas`, when given:
    a scoped viewer), per account and, for each entry of `by`, per (account, slice).

    Raises `InvalidArgumentError` for an attribute in `by` as `svcperf.breakdown` does.
    """
    pa = _pa()
    import pyarrow.compute as pc

    table = data.table.append_column("\0row", pa.array(range(data.num_rows), pa.int64()))
    if areas:
        table = table.filter(pc.fill_null(pc.is_in(
            table.column("coverage_area").cast(pa.string()),
            value_set=pa.array(sorted(areas), pa.string())), False))
    account_ids = tuple(sorted(pc.unique(table.column("account_id").cast(pa.string()))
                               .to_pylist()))
    probe = records_of(data.rows(_probe_rows(pa, pc, data, table, by)))
    entries = []
    for entry in by:
        slice_reader(entry, probe)  # the reference's checks of the attribute names
        entries.append((entry,) if isinstance(entry, str) else tuple(entry))
    inside = _in_window(pa, pc, table, window)
    counters = _facts(pa, pc, inside, window, disputes)
    keys = {"account_id": inside.column("account_id")}
    for names in entries:
        for name in names:
            keys.setdefault(name, _slice_column(pa, pc, data, inside, name))
    grouped = pa.table({**{f"\0key {name}": values for name, values in keys.items()},
                        **{name: counters.column(name) for name in counters.schema.names}})
    sums = [(name, "sum") for name in _COUNTERS]

    def group(names: Sequence[str]) -> list[dict[str, Any]]:
        result = grouped.group_by([f"\0key {name}" for name in names]).aggregate(sums)
        return list(result.to_pylist())

    account_key = "\0key account_id"
    accounts = _tallies(group(["account_id"]), itemgetter(account_key))
    breakdowns = []
    for entry, names in zip(by, entries, strict=True):
        columns = [f"\0key {name}" for name in names]
        single = isinstance(entry, str)

        def key(row: dict[str, Any], columns: list[str] = columns,
                single: bool = single) -> Hashable:
            values = tuple(row[column] for column in columns)
            return (row[account_key], values[0] if single else values)

        breakdowns.append(_tallies(group(["account_id", *names]), key))
    return ColumnarFolded(accounts, tuple(breakdowns), _warnings(pa, pc, data, inside, window),
                          account_ids)


def _warnings(pa: Any, pc: Any, data: JobTable, inside: Any,
              window: Window) -> dict[str, list[str]]:
    """The reference's data warnings, from the reference on the (rare) rows that get one."""
    ignored = _project(inside, {"ignored": customer_feedback_rating.columns(window.end)[
        "ignored"]}).column("ignored")
    rows = pc.indices_nonzero(ignored)
    if not len(rows):
        return {}
    picked = inside.take(rows)
    jobs = records_of(data.rows(picked.column("\0row")))
    warnings = reference_fold(jobs, window, DisputeIndex(),
                              lambda job: job.account_id).warnings_by()
    return {str(account): found for account, found in warnings.items()}


def dashboard_from(
    data: JobTable,
    as_of: Window | datetime | date,
    by: Sequence[str | Sequence[str]] = (),
    *,
    disputes: DisputeTable | None = None,
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
) -> Dashboard:
    """`svcperf.dashboard` over columns: the same `Dashboard` for the same data.

    Raises what `svcperf.dashboard` raises (a bad argument, disputes naming no job).
    """
    pa = _pa()
    import pyarrow.compute as pc

    window = window_for(as_of, tz, days)
    checked = as_viewer(viewer)
    if disputes is not None and disputes.table.num_rows and not pc.all(pc.is_in(
            disputes.table.column("job_id"), value_set=data.table.column("job_id"))).as_py():
        Dataset(records_of(data), dispute_records_of(disputes))  # raises the reference's error
    target_set = target_set_in_force(targets, window.end)
    folded = fold(data, window, disputes, by, checked.areas)
    shown = Scoped(window, target_set,
                   Dataset(_one_job_per_account(pa, pc, data, folded.account_ids)))
    return Dashboard(
        evaluation=evaluation_of(window, target_set, cast(_Tallies, folded.accounts),
                                 cast(Mapping[Hashable, list[str]], folded.warnings),
                                 folded.account_ids),
        breakdowns=tuple(breakdown_of(shown, entry, cast(_Tallies, tallies))
                         for entry, tallies in zip(by, folded.breakdowns, strict=True)))


def _one_job_per_account(pa: Any, pc: Any, data: JobTable,
                         account_ids: Sequence[str]) -> tuple[Any, ...]:
    """One job of each account: what `breakdown_of` reads from a `Scoped` is its window,
    targets and account ids, and those come from the jobs."""
    if not account_ids:
        return ()
    rows = pa.table({"account": data.table.column("account_id").cast(pa.string()),
                     "row": pa.array(range(data.num_rows), pa.int64())})
    rows = rows.filter(pc.is_in(rows.column("account"), value_set=pa.array(account_ids)))
    rows = rows.group_by("account").aggregate([("row", "min")]).column("row_min").to_pylist()
    return tuple(records_of(data.rows(rows)))
