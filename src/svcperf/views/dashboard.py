"""The dashboard: the account-wide evaluation and any breakdowns, in one pass over the
jobs (what a provider's home page shows, and what a service calls)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from operator import itemgetter

import attrs

from ..dataset import Dataset
from ..evaluation import Evaluation, evaluation_of, fold
from ..records import Dispute, Job
from ..targets import SEED_TARGETS, TargetSet
from ..viewer import OWNER, Viewer
from ..window import DEFAULT_DAYS, Window
from .breakdown import Breakdown, breakdown_of, slice_key
from .scope import scoped

__all__ = ["Dashboard", "dashboard"]


@attrs.frozen(kw_only=True)
class Dashboard:
    """`evaluation` is what `evaluate` gives; `breakdowns` has one `Breakdown` per
    attribute (or tuple of attributes) asked for, in that order."""

    evaluation: Evaluation
    breakdowns: tuple[Breakdown, ...]


def dashboard(
    jobs: Dataset | Iterable[Job],
    as_of: Window | datetime | date,
    by: Sequence[str | Sequence[str]] = (),
    *,
    disputes: Iterable[Dispute] = (),
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
) -> Dashboard:
    """`evaluate` and one `breakdown` per entry of `by`, computing each job's facts once.

    The result equals ``evaluate(jobs, as_of, ...)`` and ``breakdown(jobs, as_of, b, ...)``
    for each ``b`` in `by`; the arguments are theirs.

    >>> board = dashboard([], date(2026, 9, 14), ["coverage_area", "technician_id"], tz="UTC")
    >>> len(board.breakdowns), dict(board.evaluation.accounts)
    (2, {})
    """
    data = scoped(jobs, as_of, disputes=disputes, tz=tz, days=days, targets=targets,
                  viewer=viewer)
    # One key per job: its account, then its value for each breakdown.
    folded = fold(data.jobs, data.window, data.disputes, slice_key(by, data.jobs))
    account = itemgetter(0)
    return Dashboard(
        evaluation=evaluation_of(data.window, data.targets, folded.tallies(account),
                                 folded.warnings_by(account), data.account_ids),
        breakdowns=tuple(breakdown_of(data, attribute, folded.tallies(itemgetter(0, place)))
                         for place, attribute in enumerate(by, start=1)))
