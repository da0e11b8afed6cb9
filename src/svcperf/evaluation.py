"""Evaluating jobs: fold per-job facts into tallies, tallies into figures, figures into
a status (SPEC §3–§5). The one obvious entry point is `evaluate`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from fractions import Fraction
from operator import attrgetter
from typing import Any, TypeAlias

import attrs

from .engine_choice import Engine
from .facts import NO_ISSUES, RATING, DisputeIndex, WindowCheck, assessment
from .frozen import ByAccount, frozen_map
from .inputs import DisputesInput, JobsInput, columnar_dashboard, dataset_of
from .metrics import SERVICE_LEVELS, Reason, defect_free_rate
from .metrics.level import Ratio
from .records import Job, JobStatus
from .status import Status, status_of
from .tabular import Tabular
from .tally import Tally, TallyCounter
from .targets import SEED_TARGETS, Target, TargetSet, target_set_in_force
from .viewer import OWNER, Viewer
from .window import DEFAULT_DAYS, Window, window_for

__all__ = [
    "AccountResult",
    "Evaluation",
    "Figure",
    "Contribution",
    "Folded",
    "Performance",
    "evaluate",
    "evaluation_of",
    "fold",
    "performance",
]


@attrs.frozen
class Figure:
    """One figure: an exact ratio, its target and whether it meets it.

    `value` is a `Fraction` (stars for the rating, a share for rates) or ``None``
    with no data; `meets_target` is ``None`` with no data or no target. Two figures are
    equal when every field is equal; values compare exactly, never as floats.
    """

    key: str
    name: str
    numerator: int
    denominator: int
    target: Target | None
    unit: str = "rate"

    @property
    def value(self) -> Fraction | None:
        """The exact value, or ``None`` ("no data") when the denominator is 0."""
        return Ratio(self.numerator, self.denominator).value

    @property
    def display(self) -> float | None:
        """The value as a float, for display only."""
        return Ratio(self.numerator, self.denominator).display

    @property
    def meets_target(self) -> bool | None:
        """Whether the exact value meets the target (``None``: no data or no target)."""
        return None if self.target is None else self.target.met_by(self.value)

    def __repr__(self) -> str:
        shown = "no data" if self.denominator == 0 else f"{self.numerator}/{self.denominator}"
        verdict = {True: "met", False: "MISSED", None: "-"}[self.meets_target]
        return f"<Figure {self.key} {shown} target {self.target} {verdict}>"


# The results are read-only mappings. `Mapping` defines `__eq__` (by items) and sets
# `__hash__` to None; ``eq=True`` makes attrs write both methods on each class, so equality
# and hashing stay by value of every field (an `Evaluation` never equals a plain dict).
@attrs.frozen(kw_only=True, eq=True)
class Performance(Mapping[str, Figure]):
    """The seven figures (and the defect-free rate) of one job set, and its status.

    A read-only mapping of service level key to `Figure` (the seven levels, in their
    order; the defect-free rate is `defect_free`).
    """

    tally: Tally
    figures: Mapping[str, Figure] = attrs.field(converter=frozen_map)
    defect_free: Figure
    status: Status

    def __getitem__(self, key: str) -> Figure:
        return self.figures[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.figures)

    def __len__(self) -> int:
        return len(self.figures)

    @property
    def missed(self) -> tuple[str, ...]:
        """The keys of the service levels that miss their target."""
        return tuple(key for key, figure in self.figures.items() if figure.meets_target is False)

    def __repr__(self) -> str:
        missed = f"missed {', '.join(self.missed)}" if self.missed else "every target met"
        return f"<{type(self).__name__} {self.status.value}: {self.tally.jobs} jobs, {missed}>"


@attrs.frozen(kw_only=True, eq=True)
class AccountResult(Performance, Tabular):
    """One account's account-wide performance; `warnings` lists data it ignored."""

    account_id: str
    warnings: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return super().__repr__().replace("<AccountResult ", f"<AccountResult {self.account_id!r} ")


@attrs.frozen(kw_only=True, eq=True)
class Evaluation(ByAccount[AccountResult], Tabular):
    """The result of `evaluate`: the window, the target set used, and one result per
    account (sorted by account id).

    A read-only mapping of account id to `AccountResult` (the same as `accounts`).
    """

    window: Window
    targets: TargetSet
    accounts: Mapping[str, AccountResult] = attrs.field(converter=frozen_map)


    def __repr__(self) -> str:
        attention = sum(result.status is Status.ATTENTION for result in self.accounts.values())
        return (f"<Evaluation as of {self.window.end.isoformat()} from "
                f"{self.window.start.isoformat()}: {len(self.accounts)} accounts, "
                f"{attention} in attention>")


def performance(tally: Tally, targets: TargetSet) -> Performance:
    """The figures and status of `tally` under `targets`.

    The status looks at the seven service levels only, never at the defect-free rate.
    """
    figures = {
        level.key: Figure(level.key, level.name, level.numerator(tally), level.denominator(tally),
                          targets.get(level.key), level.unit)
        for level in SERVICE_LEVELS
    }
    ratio = defect_free_rate.ratio(tally)
    defect_free = Figure(defect_free_rate.KEY, defect_free_rate.NAME, ratio.numerator,
                         ratio.denominator, targets.get(defect_free_rate.KEY))
    return Performance(tally=tally, figures=figures, defect_free=defect_free,
                       status=status_of(figure.meets_target for figure in figures.values()))


#: What a job of the window adds to its tallies: completed or not, the counted stars
#: (``None``: not in R), the issue mask (see `TallyCounter.add`).
Contribution: TypeAlias = tuple[bool, int | None, int]


def _same(key: Hashable) -> Hashable:
    return key


@attrs.frozen
class Folded:
    """What `fold` returns: how many jobs of the window have each (facts, key), and the
    data warnings in job order, each with the key of its job."""

    counts: Mapping[tuple[Contribution, Hashable], int]
    warnings: Sequence[tuple[Hashable, str]]

    def tallies(self, by: Callable[[Any], Hashable] = _same) -> dict[Hashable, Tally]:
        """A tally per key, or per ``by(key)``: the jobs whose keys give the same value
        are added up (e.g. `by` takes the account out of an (account, slice) key)."""
        counters: dict[Hashable, TallyCounter] = {}
        for (facts, key), count in self.counts.items():
            group = by(key)
            counter = counters.get(group)
            if counter is None:
                counter = counters[group] = TallyCounter()
            counter.add(*facts, times=count)
        return {group: counter.tally() for group, counter in counters.items()}

    def warnings_by(self, by: Callable[[Any], Hashable] = _same) -> dict[Hashable, list[str]]:
        """The warnings per key (or per ``by(key)``), in job order."""
        found: dict[Hashable, list[str]] = {}
        for key, warning in self.warnings:
            found.setdefault(by(key), []).append(warning)
        return found


def fold(jobs: Iterable[Job], window: Window, disputes: DisputeIndex,
         key: Callable[[Job], Hashable]) -> Folded:
    """Count the jobs of `window` by their facts and their `key`, in one pass.

    Each job is assessed once; jobs with the same facts and key are only counted, and
    `Folded.tallies` adds each count to a tally at once. `key` is called only for jobs
    in the window.
    """
    counts: dict[tuple[Contribution, Hashable], int] = {}
    warnings: list[tuple[Hashable, str]] = []
    inside = WindowCheck(window).inside
    granted, disputed = disputes.granted, disputes.job_ids
    as_of = window.end
    completed, rating_on_cancelled_job = JobStatus.COMPLETED, Reason.RATING_ON_CANCELLED_JOB
    for job in jobs:
        as_of_here = inside(job)
        if as_of_here is None:
            continue
        job_id = job.job_id
        reasons, stars, mask = assessment(
            job, as_of_here, granted(job_id, as_of) if job_id in disputed else NO_ISSUES)
        job_key = key(job)
        signature = ((job.status is completed, stars, mask), job_key)
        counts[signature] = counts.get(signature, 0) + 1
        if reasons[RATING] is rating_on_cancelled_job:
            warnings.append((job_key, f"{job.name}: rating on a cancelled job is ignored"))
    return Folded(counts, warnings)


def evaluate(
    jobs: JobsInput,
    as_of: Window | datetime | date,
    *,
    disputes: DisputesInput = (),
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
    engine: Engine = "auto",
) -> Evaluation:
    """Evaluate the seven service levels and the status of every account in `jobs`.

    Args:
        jobs: the jobs, of one or several accounts (open ones included): records, a
            `Dataset`, a jobs file (CSV, JSON Lines, Parquet) or a frame (pandas, polars,
            pyarrow).
        as_of: a night (`date`: the window is its last `days` local days of `tz`), an
            aware instant (`datetime`: the window ends there), or a `Window`.
        disputes: disputes of issues on these jobs (records beside records, a file or a
            frame beside a file or a frame).
        tz: the evaluation's zone, for local calendar days.
        days: the window's length in local days (60 sets the official status).
        targets: a target set, or several; the one in force at `as_of` is used.
        viewer: who is looking; only the jobs (and disputes) it sees are evaluated.
        engine: ``"python"`` (the reference), ``"columnar"`` (needs ``svcperf[columnar]``),
            or ``"auto"``: columnar for a CSV or Parquet file or a frame when installed
            (`svcperf.engine_choice`). Every engine gives the same result.

    Returns:
        An `Evaluation` with one `AccountResult` per account that appears in the jobs
        the viewer sees.

    Raises:
        InvalidArgumentError: for a naive `as_of`, an unknown zone, a bad `days`, an
            unknown engine (or the columnar one without pyarrow).
        InvalidInputError: for a bad file or frame, duplicate job ids or disputes
            naming no job.

    >>> from datetime import timezone
    >>> job = Job(job_id="J1", account_id="A", coverage_area="North", profession="Plumbing",
    ...           timezone="UTC", appointment_date=date(2026, 9, 14), status=JobStatus.COMPLETED,
    ...           closed_at=datetime(2026, 9, 14, 15, tzinfo=timezone.utc),
    ...           rating=4, rated_at=datetime(2026, 9, 14, 18, tzinfo=timezone.utc))
    >>> result = evaluate([job], date(2026, 9, 14), tz="UTC")
    >>> result["A"]["customer_feedback_rating"]
    <Figure customer_feedback_rating 4/1 target >= 4.7 MISSED>
    >>> result["A"]
    <AccountResult 'A' attention: 1 jobs, missed customer_feedback_rating>
    """
    board = columnar_dashboard(jobs, as_of, (), disputes=disputes, tz=tz, days=days,
                               targets=targets, viewer=viewer, engine=engine)
    if board is not None:
        return board.evaluation
    window = window_for(as_of, tz, days)
    target_set = target_set_in_force(targets, window.end)
    data = dataset_of(jobs, disputes, engine).restrict(viewer)
    folded = fold(data.jobs, window, data.dispute_index, attrgetter("account_id"))
    return evaluation_of(window, target_set, folded.tallies(), folded.warnings_by(),
                         data.account_ids)


def evaluation_of(window: Window, targets: TargetSet, tallies: Mapping[Hashable, Tally],
                  warnings: Mapping[Hashable, list[str]],
                  account_ids: Iterable[str]) -> Evaluation:
    """The `Evaluation` of `account_ids` made of `tallies` and `warnings` keyed by account
    id (from `fold`); an account with no job in the window gets an empty tally."""
    accounts = {}
    for account_id in sorted(account_ids):
        result = performance(tallies.get(account_id, Tally()), targets)
        accounts[account_id] = AccountResult(
            account_id=account_id, warnings=tuple(warnings.get(account_id, ())),
            **attrs.asdict(result, recurse=False))
    return Evaluation(window=window, targets=targets, accounts=accounts)
