"""The dashboard: the account-wide evaluation and any breakdowns, in one pass over the
jobs (what a provider's home page shows, and what a service calls)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from operator import itemgetter

import attrs

from ..engine_choice import Engine
from ..evaluation import Evaluation, evaluation_of, fold
from ..inputs import DisputesInput, JobsInput, columnar_dashboard
from ..tabular import Tabular
from ..targets import SEED_TARGETS, TargetSet
from ..viewer import OWNER, Viewer
from ..window import DEFAULT_DAYS, Window
from .breakdown import Breakdown, breakdown_of, slice_key
from .scope import scoped

__all__ = ["Dashboard", "dashboard"]


@attrs.frozen(kw_only=True, eq=True)  # eq: by value, not Mapping's (see `Performance`)
class Dashboard(Mapping[str | tuple[str, ...], Breakdown], Tabular):
    """`evaluation` is what `evaluate` gives; `breakdowns` has one `Breakdown` per
    attribute (or tuple of attributes) asked for, in that order.

    A read-only mapping of attribute (its `Breakdown.by`) to breakdown:
    ``board["technician_id"]``, ``board["coverage_area", "profession"]``.
    """

    evaluation: Evaluation
    breakdowns: tuple[Breakdown, ...]

    def __getitem__(self, by: str | tuple[str, ...]) -> Breakdown:
        for found in self.breakdowns:
            if found.by == by:
                return found
        raise KeyError(by)

    def __iter__(self) -> Iterator[str | tuple[str, ...]]:
        return iter(dict.fromkeys(found.by for found in self.breakdowns))

    def __len__(self) -> int:
        return len(dict.fromkeys(found.by for found in self.breakdowns))

    def __repr__(self) -> str:
        shown = ", ".join(by if isinstance(by, str) else " × ".join(by) for by in self)
        return f"<Dashboard {self.evaluation!r} by {shown or 'nothing'}>"


def dashboard(
    jobs: JobsInput,
    as_of: Window | datetime | date,
    by: Sequence[str | Sequence[str]] = (),
    *,
    disputes: DisputesInput = (),
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
    engine: Engine = "auto",
) -> Dashboard:
    """`evaluate` and one `breakdown` per entry of `by`, computing each job's facts once.

    The result equals ``evaluate(jobs, as_of, ...)`` and ``breakdown(jobs, as_of, b, ...)``
    for each ``b`` in `by`; the arguments are theirs (`engine`: see `svcperf.evaluate`).

    >>> board = dashboard([], date(2026, 9, 14), ["coverage_area", "technician_id"], tz="UTC")
    >>> len(board.breakdowns), dict(board.evaluation.accounts)
    (2, {})
    """
    board = columnar_dashboard(jobs, as_of, by, disputes=disputes, tz=tz, days=days,
                               targets=targets, viewer=viewer, engine=engine)
    if board is not None:
        return board
    data = scoped(jobs, as_of, disputes=disputes, tz=tz, days=days, targets=targets,
                  viewer=viewer, engine=engine)
    # One key per job: its account, then its value for each breakdown.
    folded = fold(data.jobs, data.window, data.disputes, slice_key(by, data.jobs))
    account = itemgetter(0)
    return Dashboard(
        evaluation=evaluation_of(data.window, data.targets, folded.tallies(account),
                                 folded.warnings_by(account), data.account_ids),
        breakdowns=tuple(breakdown_of(data, attribute, folded.tallies(itemgetter(0, place)))
                         for place, attribute in enumerate(by, start=1)))
