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

import math
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from functools import cache, partial
from typing import Any, cast

import attrs

from ..dataset import Dataset
from ..evaluation import Evaluation, evaluation_of
from ..evaluation import fold as reference_fold
from ..facts import GRANTED_BITS, DisputeIndex, assessment_columns
from ..metrics import customer_feedback_rating, late_completion_rate
from ..records import CORE_FIELDS, IssueType, Job, JobStatus
from ..tally import ISSUE_BITS, Tally, TallyCounter
from ..targets import SEED_TARGETS, TargetSet, target_set_in_force
from ..viewer import OWNER, Viewer, as_viewer
from ..views.breakdown import SliceValue, breakdown_of, slice_reader
from ..views.dashboard import Dashboard
from ..views.scope import Scoped
from ..window import DEFAULT_DAYS, Window, window_for
from ..zones import local_date, next_day_start
from . import values as av
from .acero import acero, group_by
from .columnar_input import (
    INSTANTS,
    DisputeTable,
    JobTable,
    Source,
    TableScan,
    _pa,
    dictionary_codes,
    dictionary_indices,
    dispute_records_of,
    known_ids,
    read_dispute_table,
    read_job_table,
    scan_dispute_table,
    scan_job_table,
    text_equal,
)
from .columnar_records import records_of
from .memory_pool import using_engine_pool

__all__ = ["ColumnarFolded", "DisputeTable", "JobTable", "TableScan", "account_dataset",
           "check_disputes", "check_names", "coverage_areas", "dashboard_from",
           "dispute_records_of", "fold", "folded_evaluation", "load_disputes", "load_jobs",
           "pattern_columns", "pattern_facts", "probe_jobs", "records_of", "scan_disputes",
           "scan_jobs"]

_Tallies = Mapping[Hashable, Tally]
# A job's facts packed in one integer: completed (bit 0), in R (bit 1), counted stars
# (bits 2-4), the issue mask (`ISSUE_BITS`, from bit 5).
_STARS_SHIFT, _MASK_SHIFT = 2, 5
_PATTERN_BITS = _MASK_SHIFT + len(ISSUE_BITS)
_EPOCH_DAY = date(1970, 1, 1)


@using_engine_pool
def load_jobs(source: Source, *, format: str | None = None) -> JobTable:
    """Read and validate jobs: a CSV, JSON Lines or Parquet path, or a pandas, polars or
    pyarrow table.

    Accepts exactly what `svcperf.read_jobs` accepts and raises exactly its
    `InvalidInputError` (the same lines, order and cap) for a CSV or JSON Lines file;
    a Parquet file or a frame gets the same messages, placed at rows (``row 3``).
    """
    return read_job_table(source, format=format)


@using_engine_pool
def coverage_areas(data: JobTable) -> list[str]:
    """The coverage areas the jobs are in (what a viewer's areas are named from)."""
    _pa()
    import pyarrow.compute as pc

    return [str(area) for area in pc.unique(data.table.column("coverage_area")).to_pylist()
            if area is not None]


@using_engine_pool
def load_disputes(source: Source, *, job_ids: Collection[str] | Any | None = None,
                  format: str | None = None) -> DisputeTable:
    """Read and validate disputes, as `load_jobs`; with `job_ids` (e.g. the ``job_id``
    column of a `JobTable`'s table), a dispute naming another job is an error (as in
    `svcperf.read_disputes`)."""
    return read_dispute_table(source, job_ids=job_ids, format=format)


@using_engine_pool
def scan_jobs(source: Source, *, format: str | None = None, first_row: int = 0,
              name: str | None = None) -> TableScan[JobTable]:
    """Read jobs leniently: a `TableScan` of the good jobs' `JobTable` and every rejected
    row (`svcperf.io.Rejected`), in row order.

    For a CSV or JSON Lines file the rejected rows are exactly `svcperf.scan_jobs`' (the
    same lines, messages and order) and the good jobs its records; for a Parquet file or
    a frame, `Rejected.line` is the row number (from 1) and the messages are those
    `load_jobs` gives. A later row reusing a job id is rejected, the first kept; no cap.
    A bad header still raises `InvalidInputError`: no row can be read. A frame that is
    part of a larger one (a partition, row groups of a Parquet file) numbers its rows
    from ``first_row + 1``, and its messages name the file `name` when given.
    """
    return scan_job_table(source, format=format, first_row=first_row, name=name)


@using_engine_pool
def scan_disputes(source: Source, *, job_ids: Collection[str] | Any | None = None,
                  format: str | None = None) -> TableScan[DisputeTable]:
    """Read disputes leniently (as `scan_jobs`; `svcperf.scan_disputes` for files): with
    `job_ids` (the good jobs' ids, say), a dispute naming another job is rejected."""
    return scan_dispute_table(source, job_ids=job_ids, format=format)


@attrs.frozen
class ColumnarFolded:
    """What `fold` gives: a tally per account, per entry of `by` a tally per (account,
    slice value), the data warnings per account (in job order), every account id
    (every account with any job the viewer sees, sorted), and the star counts of R
    (how many ratings have each star value) per account and per (account, slice value)
    of each entry of `by`. With ``jobs=True``, `jobs` has the window's jobs: their
    ``account_id``, ``closed_at`` and packed facts (``pattern``, see `pattern_facts`)."""

    accounts: dict[str, Tally]
    breakdowns: tuple[dict[tuple[str, SliceValue], Tally], ...]
    warnings: dict[str, list[str]]
    account_ids: tuple[str, ...]
    account_stars: dict[str, dict[int, int]] = attrs.field(factory=dict)
    breakdown_stars: tuple[dict[tuple[str, SliceValue], dict[int, int]], ...] = ()
    jobs: Any = None


def _project(table: Any, expressions: dict[str, Any]) -> Any:
    """The columns `expressions` computed over `table` (one Acero projection)."""
    import pyarrow as pa

    plans = acero()
    return plans.Declaration.from_sequence([
        plans.Declaration("table_source", plans.TableSourceNodeOptions(table)),
        plans.Declaration("project", plans.ProjectNodeOptions(list(expressions.values()),
                                                              list(expressions))),
    ]).to_table(use_threads=pa.cpu_count() > 1)


def _key_codes(pa: Any, pc: Any, parts: Sequence[tuple[Any, list[Any]]],
               room: int = 62 - _PATTERN_BITS) -> tuple[Any, Callable[[int], tuple[Any, ...]]]:
    """Per row, one code for the tuple of its values in `parts` (each as `dictionary_codes` gives),
    and the tuple of a code. The codes are mixed-radix numbers of the parts' positions while
    they stay below ``2**room`` (leaving room for the packed facts in an ``int64``; no
    hashing), else renumbered."""
    codes, labels = parts[0]
    widths = [len(labels)]
    keys: list[tuple[Any, ...]] | None = None
    for more, more_labels in parts[1:]:
        width = len(more_labels)
        if keys is None and math.prod(widths) * width < 1 << room:
            codes = pc.add(pc.multiply(codes, av.integer(width)), more)
            widths.append(width)
            continue
        if keys is None:  # renumbered from here on: the tuples found so far, by code
            codes, found = dictionary_codes(pa, pc, codes)
            keys = [_mixed_radix(parts, widths, code) for code in found[:-1]]
        codes, found = dictionary_codes(pa, pc, pc.add(pc.multiply(codes, av.integer(width)), more))
        keys = [(*keys[code // width], more_labels[code % width]) for code in found[:-1]]
    if keys is not None:
        return codes, keys.__getitem__
    return codes, partial(_mixed_radix, parts, widths)


def _mixed_radix(parts: Sequence[tuple[Any, list[Any]]], widths: Sequence[int],
                 code: int) -> tuple[Any, ...]:
    """The tuple of labels of `parts` whose positions `code` has (as digits of `widths`)."""
    found = []
    for (_, labels), width in zip(reversed(parts[:len(widths)]), reversed(widths),
                                  strict=True):
        code, position = divmod(code, width)
        found.append(labels[position])
    return tuple(reversed(found))


def _sliced_key(key_of: Callable[[int], tuple[Any, ...]], single: bool,
                code: int) -> tuple[Any, Any]:
    """The (account, slice value) of a code: the value, or a tuple for several attributes."""
    key = key_of(code)
    return key[0], key[1] if single else key[1:]


@cache
def _increments(pattern: int) -> tuple[int, ...]:
    """What one job with the packed facts `pattern` adds to each of `Tally`'s fields (kept:
    a few hundred patterns at most, met again in every breakdown)."""
    counter = TallyCounter()
    counter.add(*pattern_facts(pattern))
    return tuple(counter.counts)


def pattern_facts(pattern: int) -> tuple[bool, int | None, int]:
    """The facts a packed `pattern` holds: whether the job is completed, its counted stars
    (``None``: not in R) and its issue mask (as `facts.assessment` gives them)."""
    return (bool(pattern & 1), pattern >> _STARS_SHIFT & 7 if pattern >> 1 & 1 else None,
            pattern >> _MASK_SHIFT)


def pattern_columns(pc: Any, pattern: Any) -> tuple[Any, Any, Any]:
    """`pattern_facts` over a column of packed facts: per job, whether it is in R, its
    counted stars (0 when it is not) and its issue mask."""
    rated = pc.equal(pc.bit_wise_and(pattern, av.integer(2)), av.integer(2))
    stars = pc.bit_wise_and(pc.shift_right(pattern, av.integer(_STARS_SHIFT)), av.integer(7))
    return rated, stars, pc.shift_right(pattern, av.integer(_MASK_SHIFT))


def _counted(pc: Any, codes: Any, pattern: Any) -> list[tuple[int, int]]:
    """How many jobs have each pair of a code (`codes` per job) and packed facts
    (`pattern`): the pair packed in one integer, and the count."""
    counted = pc.value_counts(pc.add(pc.multiply(codes, av.integer(1 << _PATTERN_BITS)), pattern))
    return list(zip(counted.field("values").to_pylist(), counted.field("counts").to_pylist(),
                    strict=True))


def _stars(counted: list[tuple[int, int]],
           key_of: Callable[[int], Hashable]) -> dict[Hashable, dict[int, int]]:
    """How many ratings of R have each star value, per key (as `_tallies`' keys; a key
    with no rating has none)."""
    found: dict[Hashable, dict[int, int]] = {}
    for value, count in counted:
        code, (_, stars, _) = value >> _PATTERN_BITS, pattern_facts(
            value & ((1 << _PATTERN_BITS) - 1))
        if stars is not None:
            counts = found.setdefault(key_of(code), {})
            counts[stars] = counts.get(stars, 0) + count
    return found


def _tallies(counted: list[tuple[int, int]],
             key_of: Callable[[int], Hashable]) -> dict[Hashable, Tally]:
    """The `Tally` of each key's jobs (`counted` as `_counted` gives it, `key_of` the key
    of a code; codes of one key are summed)."""
    sums: dict[Hashable, list[int]] = {}
    keys: dict[int, Hashable] = {}
    for value, count in counted:
        code, facts = value >> _PATTERN_BITS, value & ((1 << _PATTERN_BITS) - 1)
        if code not in keys:
            keys[code] = key_of(code)
        increments = _increments(facts)
        found = sums.setdefault(keys[code], [0] * len(increments))
        for index, amount in enumerate(increments):
            found[index] += amount * count
    return {key: Tally(*found) for key, found in sums.items()}


def _in_window(pa: Any, pc: Any, table: Any, window: Window) -> Any:
    """Which rows of `table` are in `window` (completed or cancelled, start <= closed_at <
    end), never null."""
    closed = table.column("closed_at")
    inside = pc.and_(
        pc.and_(pc.greater_equal(closed, av.instant(window.start)),
                pc.less(closed, av.instant(window.end))),
        pc.invert(text_equal(pa, pc, table.column("status"), JobStatus.OPEN.value)))
    return pc.fill_null(inside, av.boolean(False))


def _late_columns(pa: Any, pc: Any, table: Any) -> Any:
    """`table` with `late_completion_rate`'s two input columns: the first instant of the
    local day after the appointment date, once per distinct (zone, date) pair by the zone
    code; where it has none (a midnight that occurs twice), the reference per row."""
    zone_codes, zone_names = dictionary_codes(pa, pc, table.column("timezone"))
    days = table.column("appointment_date").cast(pa.int32()).cast(pa.int64())
    width = len(zone_names)
    keys, distinct = dictionary_codes(pa, pc, pc.add(pc.multiply(days, av.integer(width)),
                                                     zone_codes))
    cut_offs = [None if key is None else next_day_start(
        zone_names[key % width], _EPOCH_DAY + timedelta(days=key // width), None)
        for key in distinct]
    cut_off = pc.take(av.instants(cut_offs), keys)
    after = pa.nulls(table.num_rows, pa.bool_())
    missing = pc.indices_nonzero(pc.and_(pc.is_null(cut_off), pc.and_(
        text_equal(pa, pc, table.column("status"), JobStatus.COMPLETED.value),
        pc.is_valid(table.column("closed_at"))))).to_pylist()
    if missing:
        rows = table.select(["timezone", "appointment_date", "closed_at"]).take(
            av.integers(missing))
        flags = [False] * table.num_rows
        for index, row in zip(missing, av.pyrows(rows), strict=True):
            flags[index] = local_date(row["closed_at"], row["timezone"]) > row["appointment_date"]
        after = av.booleans(flags)
    return (table.append_column(late_completion_rate.NEXT_DAY_START, cut_off)
            .append_column(late_completion_rate.AFTER_BY_LOCAL_DATE, after))


def _grants(pa: Any, pc: Any, disputes: DisputeTable | None) -> tuple[Any, Any] | None:
    """The jobs with a granted dispute (their ids, distinct), and for each of them and each
    issue type with a granted dispute, the instant the first granted dispute on that issue
    was decided (null: none; a column per issue type, named by it); ``None``: no granted
    dispute. An issue of a job is removed as of an instant iff a dispute on it was granted
    before that instant (`DisputeIndex.granted`): iff its first grant was."""
    if disputes is None or disputes.table.num_rows == 0:
        return None
    table = disputes.table
    granted = pc.fill_null(pc.and_(text_equal(pa, pc, table.column("outcome"), "granted"),
                                   pc.is_valid(table.column("decided_at"))), av.boolean(False))
    table = table.filter(granted).select(["job_id", "issue_type", "decided_at"])
    if not table.num_rows:
        return None
    firsts = group_by(table, ["job_id", "issue_type"], [("decided_at", "min")],
                      use_threads=False)
    jobs = pc.unique(firsts.column("job_id"))
    found = pa.table({"job_id": jobs}).select([])  # a row per job, no column yet
    issues, names = dictionary_codes(pa, pc, firsts.column("issue_type"))
    for code, name in enumerate(names[:-1]):
        chosen = firsts.filter(pc.equal(issues, av.integer(code)))
        found = found.append_column(str(name), pc.take(
            chosen.column("decided_at_min"), pc.index_in(jobs, value_set=chosen.column("job_id"))))
    return jobs, found


def _first_grants(pa: Any, pc: Any, disputes: DisputeTable | None, job_ids: Any) -> Any:
    """Per job of `job_ids`, `_grants`' first grant of each issue type (a column per issue
    type with a granted dispute; no column: none)."""
    grants = _grants(pa, pc, disputes)
    if grants is None:
        return pa.table({"job_id": job_ids}).select([])  # a row per job, no column
    jobs, firsts = grants
    return firsts.take(pc.index_in(job_ids, value_set=jobs))


def _granted_bits_at(pa: Any, pc: Any, disputes: DisputeTable | None, job_ids: Any,
                     as_of: Any) -> Any:
    """`_granted_bits` of `_first_grants` of `job_ids` as of the one instant `as_of` (a
    scalar): worked out for the few jobs with a granted dispute, then looked up once per
    job (not a column per issue type for every job)."""
    grants = _grants(pa, pc, disputes)
    if grants is None:
        return pa.nulls(len(job_ids), pa.int64()).fill_null(av.integer(0))
    jobs, firsts = grants
    bits = _granted_bits(pa, pc, firsts, as_of)
    return pc.fill_null(pc.take(bits, pc.index_in(job_ids, value_set=jobs)), av.integer(0))


def _granted_bits(pa: Any, pc: Any, first_grants: Any, as_of: Any) -> Any:
    """Per row of `first_grants` (`_first_grants`), the `ISSUE_BITS` of the issue types its
    disputes granted before `as_of` remove (`as_of` an instant scalar, or a column of each
    row's own as-of)."""
    bits = pa.nulls(first_grants.num_rows, pa.int64()).fill_null(av.integer(0))
    for name in first_grants.schema.names:
        before = pc.fill_null(pc.less(first_grants.column(name), as_of), av.boolean(False))
        bits = pc.add(bits, pc.if_else(before, av.integer(ISSUE_BITS[IssueType(name)]),
                                       av.integer(0)))
    return bits


#: The prefix of `_fact_inputs`' first-grant columns.
_GRANTED = "granted:"
#: The columns the facts read.
_FACT_FIELDS = ("status", "timezone", "appointment_date", "closed_at", "rating", "rated_at",
                "hg_claim_at", "cancel_attributed", "reschedule_attributed", "started_at",
                "arrival_window_start", "arrival_window_end")


def _fact_inputs(pa: Any, pc: Any, table: Any, granted: Any) -> Any:
    """What the facts of the jobs of `table` are computed from: the columns they read
    (`_FACT_FIELDS`), the late-completion cut-offs (`_late_columns`), and the disputes:
    at any as-of, each issue type's first grant (`granted` a table, `_first_grants` of the
    jobs: as columns named ``granted:<issue>``); at one as-of, the bits they remove
    (`granted` an array, `_granted_bits_at` of the jobs: as `GRANTED_BITS`)."""
    inputs = _late_columns(pa, pc, table.select(list(_FACT_FIELDS)))
    # The status as plain text: the levels compare it in several places, and pyarrow
    # decodes a dictionary-encoded column for each comparison.
    status = inputs.column("status")
    if pa.types.is_dictionary(status.type):
        inputs = inputs.set_column(inputs.schema.get_field_index("status"), "status",
                                   status.cast(status.type.value_type))
    if isinstance(granted, pa.Array | pa.ChunkedArray):
        return inputs.append_column(GRANTED_BITS, granted)
    for name in granted.schema.names:
        inputs = inputs.append_column(_GRANTED + name, granted.column(name))
    return inputs


def _facts(pa: Any, pc: Any, inputs: Any, as_of: datetime | str) -> Any:
    """Per job of `inputs` (`_fact_inputs` of jobs of the window), its facts packed in one
    integer (``pattern``, see `_PATTERN_BITS`) and whether its rating is ignored
    (``ignored``: a data warning), with `facts.assessment_columns` (the levels' column
    forms, disputes applied), as of `as_of`: an instant, or the name of a column of
    `inputs` holding each row's own as-of (the history's; the first grants then give the
    bits they remove as of each row's own)."""
    if isinstance(as_of, str):
        at, bound = pc.field(as_of), inputs.column(as_of)
    else:
        at, bound = as_of, av.instant(as_of)
    if GRANTED_BITS not in inputs.schema.names:
        grants = [name for name in inputs.schema.names if name.startswith(_GRANTED)]
        inputs = inputs.append_column(GRANTED_BITS, _granted_bits(
            pa, pc, inputs.select(grants).rename_columns(
                [name.removeprefix(_GRANTED) for name in grants]), bound))
    facts = assessment_columns(at)
    completed = pc.field("status") == av.text(JobStatus.COMPLETED.value)
    one, two, zero = av.integer(1), av.integer(2), av.integer(0)
    pattern = pc.add(pc.add(pc.if_else(completed, one, zero),
                            pc.if_else(facts["rated"], two, zero)),
                     pc.add(pc.multiply(facts["stars"].cast(pa.int64()),
                                        av.integer(1 << _STARS_SHIFT)),
                            pc.multiply(facts["issue_mask"], av.integer(1 << _MASK_SHIFT))))
    return _project(inputs, {
        "pattern": pattern,
        "ignored": customer_feedback_rating.columns(at)["ignored"]})


def _slice_column(pa: Any, pc: Any, data: JobTable, table: Any, name: str,
                  inside: Any) -> Any:
    """The value `Job.attribute(name)` gives for each row of `table` (the jobs of `data`
    where `inside` is true), as text (or null)."""
    if name not in table.schema.names:  # no job in scope: an empty breakdown
        return pa.nulls(table.num_rows, pa.string())
    column = table.column(name)
    if name in INSTANTS:
        shown = records_of(data.rows(pc.indices_nonzero(inside)))
        return av.texts([job.attribute(name) for job in shown])
    if pa.types.is_boolean(column.type):
        return pc.if_else(column, av.text("True"), av.text("False"))
    return column.cast(pa.string()) if not pa.types.is_dictionary(column.type) else column


def _probe_rows(pa: Any, pc: Any, data: JobTable, scope: Any, names: set[str]) -> list[int]:
    """Rows of `data` in `scope` (the scoped jobs; ``None``: all) on which the reference's
    checks of the extra attribute `names` give what they give on every row: the first, and
    for an extra attribute some jobs lack, the first job lacking it and the first carrying
    it."""
    if scope is None:
        picked = {0} if data.num_rows else set()
    else:
        picked = set(pc.indices_nonzero(scope).slice(0, 1).to_pylist())
    if data.lacking is not None:
        rows = _all_rows(pa, pc, data.num_rows)
        rows = rows if scope is None else rows.filter(scope)
        lacking = data.lacking.take(rows)
        for name in names & set(lacking.schema.names):
            lacks = lacking.column(name)
            for found in (lacks, pc.invert(lacks)):
                first = pc.indices_nonzero(found).slice(0, 1).to_pylist()
                picked.update(rows.take(av.integers(first)).to_pylist())
    return sorted(picked)


def _scope(pc: Any, table: Any, areas: Collection[str]) -> Any:
    """Per row of `table`, whether its coverage area is among `areas`; ``None`` (every row)
    when no areas are given."""
    if not areas:
        return None
    return pc.fill_null(pc.is_in(table.column("coverage_area"), value_set=av.texts(
        sorted(areas))), av.boolean(False))


def _probe(pa: Any, pc: Any, data: JobTable, scope: Any,
           by: Sequence[str | Sequence[str]]) -> list[Job]:
    given = [[entry] if isinstance(entry, str) else entry if isinstance(entry, Sequence)
             else [] for entry in by]  # (`check_names` says what a bad entry is)
    names = {name for entry in given for name in entry
             if isinstance(name, str) and name not in CORE_FIELDS}
    if not names:  # (the checks of core field names look at no job)
        return []
    return records_of(data.rows(_probe_rows(pa, pc, data, scope, names)))


def probe_jobs(data: JobTable, by: Sequence[str | Sequence[str]],
               areas: Collection[str] = frozenset()) -> list[Job]:
    """The few jobs of `data` (those in `areas`, when given) on which `check_names(by, ...)`
    gives what it gives on all of them. The probes of several tables, joined in their
    order, serve for all their jobs: how the Dask and Spark engines check `by` across
    partitions."""
    pa = _pa()
    import pyarrow.compute as pc

    return _probe(pa, pc, data, _scope(pc, data.table, areas), by)


def account_dataset(data: JobTable, disputes: DisputeTable | None, account_id: str,
                    areas: Collection[str] = frozenset()) -> tuple[tuple[str, ...], Dataset]:
    """Every account with a job in `areas` (all jobs, when none are given), sorted, and
    the records of `account_id`'s jobs there with the disputes on them: what a view of
    one account reads, without making the other accounts' records."""
    pa = _pa()
    import pyarrow.compute as pc

    table = data.table
    scope = _scope(pc, table, areas)
    accounts = table.column("account_id")
    account_ids = _account_ids(pa, pc, accounts, scope)
    chosen = text_equal(pa, pc, accounts, account_id)
    if scope is not None:
        chosen = pc.and_(chosen, scope)
    jobs = data.rows(pc.indices_nonzero(pc.fill_null(chosen, av.boolean(False))))
    found: list[Any] = []
    if disputes is not None and disputes.table.num_rows and jobs.num_rows:
        on = known_ids(pa, pc, disputes.table.column("job_id"), jobs.table.column("job_id"))
        found = dispute_records_of(DisputeTable(disputes.table.filter(on),
                                                disputes.offsets.filter(on)))
    return account_ids, Dataset(records_of(jobs), found)


def check_names(by: Sequence[str | Sequence[str]], jobs: Sequence[Job]) -> None:
    """The reference's checks of the attribute names `by` over `jobs` (`probe_jobs` of
    the data): raises `InvalidArgumentError` as `svcperf.breakdown` does."""
    for entry in by:
        slice_reader(entry, jobs)


#: How many distinct values `_distinct_texts` looks for one by one, at most.
_FEW_LABELS = 16


def _distinct_texts(pa: Any, pc: Any, column: Any) -> tuple[str, ...]:
    """The distinct values of the dictionary-encoded text `column`, sorted: those of a
    small dictionary found by looking for each (its first row is usually among the first:
    a fraction of a millisecond, against several for hashing every row); a larger one's by
    hashing."""
    indices, labels = dictionary_indices(pa, pc, column)
    if len(labels) > _FEW_LABELS:
        found = pc.unique(column).to_pylist()
    else:
        found = [label for code, label in enumerate(labels)
                 if pc.index(indices, av.integer(code, indices.type)).as_py() >= 0]
    return tuple(sorted(str(value) for value in found))


def _account_ids(pa: Any, pc: Any, accounts: Any, scope: Any) -> tuple[str, ...]:
    """The account ids of `accounts` where `scope` (`_scope`: every row when ``None``),
    distinct and sorted: every account the viewer sees."""
    return _distinct_texts(pa, pc, accounts if scope is None else accounts.filter(scope))


def _all_rows(pa: Any, pc: Any, count: int) -> Any:
    """The row numbers 0 to `count` - 1 (``int64``)."""
    one = av.integer(1)
    return pc.subtract(pc.cumulative_sum(pa.nulls(count, pa.int64()).fill_null(one)), one)


@using_engine_pool
def fold(data: JobTable, window: Window, disputes: DisputeTable | None,
         by: Sequence[str | Sequence[str]] = (),
         areas: Collection[str] = frozenset(), *, jobs: bool = False) -> ColumnarFolded:
    """The tallies the reference gives for `data` (only the jobs in `areas`, when given:
    a scoped viewer), per account and, for each entry of `by`, per (account, slice); with
    `jobs`, the window's jobs and their facts too.

    Raises `InvalidArgumentError` for an attribute in `by` as `svcperf.breakdown` does.
    """
    pa = _pa()
    import pyarrow.compute as pc

    table = data.table
    scope = _scope(pc, table, areas)
    accounts = table.column("account_id")
    account_ids = _account_ids(pa, pc, accounts, scope)
    check_names(by, _probe(pa, pc, data, scope, by))
    entries = [(entry,) if isinstance(entry, str) else tuple(entry) for entry in by]
    inside = _in_window(pa, pc, table, window)
    if scope is not None:
        inside = pc.and_(inside, scope)
    names = {name for names in entries for name in names if name in table.schema.names}
    taken = table.select(sorted({*_FACT_FIELDS, "job_id", "account_id", *names})).filter(inside)
    granted = _granted_bits_at(pa, pc, disputes, taken.column("job_id"),
                               av.instant(window.end))
    facts = _facts(pa, pc, _fact_inputs(pa, pc, taken, granted), window.end)
    pattern = facts.column("pattern")
    account_codes = dictionary_codes(pa, pc, taken.column("account_id"))
    keyed: list[tuple[list[tuple[int, int]], Callable[[int], tuple[Any, Any]]]] = []
    columns: dict[str, tuple[Any, list[Any]]] = {}
    for entry, names_of in zip(by, entries, strict=True):
        for name in names_of:
            if name not in columns:
                columns[name] = dictionary_codes(pa, pc, _slice_column(pa, pc, data, taken,
                                                                       name, inside))
        codes, key_of = _key_codes(pa, pc, [account_codes,
                                            *(columns[name] for name in names_of)])
        keyed.append((_counted(pc, codes, pattern),
                      partial(_sliced_key, key_of, isinstance(entry, str))))
    # An account's tally is the sum of its slices' in any breakdown: the first breakdown's
    # counts serve, when there is one.
    if keyed:
        counted, first_key_of = keyed[0]
    else:
        codes, first_key_of = _key_codes(pa, pc, [account_codes])
        counted = _counted(pc, codes, pattern)

    def account_of(code: int) -> Hashable:
        return cast(Hashable, first_key_of(code)[0])
    return ColumnarFolded(
        cast(dict[str, Tally], _tallies(counted, account_of)),
        cast(tuple[dict[tuple[str, SliceValue], Tally], ...],
             tuple(_tallies(counted, key_of) for counted, key_of in keyed)),
        _warnings(pa, pc, data, facts.column("ignored"), inside, window), account_ids,
        cast(dict[str, dict[int, int]], _stars(counted, account_of)),
        cast(tuple[dict[tuple[str, SliceValue], dict[int, int]], ...],
             tuple(_stars(counted, key_of) for counted, key_of in keyed)),
        pa.table({"account_id": taken.column("account_id"),
                  "closed_at": taken.column("closed_at"), "pattern": pattern})
        if jobs else None)


def _warnings(pa: Any, pc: Any, data: JobTable, ignored: Any, inside: Any,
              window: Window) -> dict[str, list[str]]:
    """The reference's data warnings (`ignored`: per job where `inside` is true, whether
    it gets one), from the reference on the (rare) rows that get one."""
    found = pc.indices_nonzero(ignored)
    if not len(found):
        return {}
    jobs = records_of(data.rows(pc.indices_nonzero(inside).take(found)))
    warnings = reference_fold(jobs, window, DisputeIndex(),
                              lambda job: job.account_id).warnings_by()
    return {str(account): found for account, found in warnings.items()}


@using_engine_pool
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
    check_disputes(data, disputes)
    target_set = target_set_in_force(targets, window.end)
    folded = fold(data, window, disputes, by, checked.areas)
    shown = Scoped(window, target_set,
                   Dataset(_one_job_per_account(pa, pc, data, folded.account_ids)))
    return Dashboard(
        evaluation=folded_evaluation(window, target_set, folded),
        breakdowns=tuple(breakdown_of(shown, entry, cast(_Tallies, tallies))
                         for entry, tallies in zip(by, folded.breakdowns, strict=True)))


def folded_evaluation(window: Window, target_set: TargetSet,
                      folded: ColumnarFolded) -> Evaluation:
    """The `Evaluation` of `fold`'s account tallies (and warnings) over `window`."""
    return evaluation_of(window, target_set, cast(_Tallies, folded.accounts),
                         cast(Mapping[Hashable, list[str]], folded.warnings),
                         folded.account_ids)


def check_disputes(data: JobTable, disputes: DisputeTable | None) -> None:
    """Raise the reference's `InvalidInputError` when a dispute names no job of `data`."""
    pa = _pa()
    import pyarrow.compute as pc

    if disputes is not None and disputes.table.num_rows and not _checked_among(
            pa, pc, disputes, data.table.column("job_id")):
        Dataset(records_of(data), dispute_records_of(disputes))  # raises the reference's error


def _checked_among(pa: Any, pc: Any, disputes: DisputeTable, job_ids: Any) -> bool:
    """Whether every dispute names a job of `job_ids`: known when the disputes were read
    with these very ids (one comparison), else looked up."""
    if disputes.among is not None and disputes.among.equals(job_ids.cast(pa.string())):
        return True
    return bool(pc.all(known_ids(pa, pc, disputes.table.column("job_id"), job_ids)).as_py())


def _one_job_per_account(pa: Any, pc: Any, data: JobTable,
                         account_ids: Sequence[str]) -> tuple[Any, ...]:
    """One job of each account: what `breakdown_of` reads from a `Scoped` is its window,
    targets and account ids, and those come from the jobs."""
    if not account_ids:
        return ()
    # (The dictionary's own indices: no column of a million codes is made for a few rows.)
    indices, labels = dictionary_indices(pa, pc, data.table.column("account_id"))
    code_of = {label: code for code, label in enumerate(labels)}
    rows = [pc.index(indices, av.integer(code_of[account], indices.type)).as_py()
            for account in account_ids]
    return tuple(records_of(data.rows(rows)))
