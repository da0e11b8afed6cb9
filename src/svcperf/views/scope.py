"""Scoped views: every view reads its jobs through `scoped`, which applies the viewer first.

The scoping guarantee: a view function never touches a job its viewer does not see.
Each view takes a `viewer` (default `OWNER`) and its first step is `scoped(...)` (or
`dataset_of(...)` for `history`), which validates the whole input like `evaluate` does
(an invalid data set is invalid for every viewer; a `Dataset` is valid already), then
keeps only the jobs the viewer sees and the disputes on them. Everything after, windows,
facts, tallies, figures, rows, is computed from that `Scoped` data alone, so a scoped
viewer cannot get an unscoped figure by accident.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import attrs

from ..dataset import Dataset
from ..engine_choice import Engine
from ..facts import DisputeIndex, JobFacts, job_facts
from ..inputs import DisputesInput, JobsInput, columns_of, dataset_of
from ..records import Job
from ..targets import TargetSet, target_set_in_force
from ..viewer import OWNER, Viewer, as_viewer
from ..window import Window, window_for

__all__ = ["OWNER", "Scoped", "Viewer", "scoped", "scoped_account"]


@attrs.frozen
class Scoped:
    """The data one view may look at: the window, the target set in force at its end,
    and only the jobs (and granted disputes) the viewer sees."""

    window: Window
    targets: TargetSet
    data: Dataset = attrs.field(eq=False)

    @property
    def jobs(self) -> tuple[Job, ...]:
        """The jobs the viewer sees."""
        return self.data.jobs

    @property
    def disputes(self) -> DisputeIndex:
        """The granted disputes on them."""
        return self.data.dispute_index

    @property
    def account_ids(self) -> tuple[str, ...]:
        """Every account with a job the viewer sees, sorted."""
        return self.data.account_ids

    def job_facts(self, job: Job) -> JobFacts:
        """What the levels make of `job` (a job of the window) as of the window's end."""
        as_of = self.window.end
        return job_facts(job, as_of, self.disputes.granted(job.job_id, as_of))


def scoped(jobs: JobsInput, as_of: Window | datetime | date, *,
           disputes: DisputesInput, tz: str | None, days: int,
           targets: TargetSet | Iterable[TargetSet], viewer: Viewer,
           engine: Engine = "auto") -> Scoped:
    """Check the arguments, then read and check the input (with the reader of the engine
    `engine` picks), then apply the viewer's scope (see the module)."""
    window = window_for(as_of, tz, days)
    target_set = target_set_in_force(targets, window.end)
    data = dataset_of(jobs, disputes, engine).restrict(viewer)
    return Scoped(window, target_set, data)


def scoped_account(jobs: JobsInput, as_of: Window | datetime | date, account_id: str, *,
                   disputes: DisputesInput, tz: str | None, days: int,
                   targets: TargetSet | Iterable[TargetSet],
                   viewer: Viewer) -> tuple[Scoped, tuple[str, ...]]:
    """`scoped` for a view of one account, by the columnar engine: the arguments checked,
    then the input read and checked whole, but only the records of `account_id`'s jobs
    the viewer sees made (and of the disputes on them); and every account the viewer
    sees, sorted (what the view checks `account_id` against)."""
    from ..engines.columnar import account_dataset

    window = window_for(as_of, tz, days)
    target_set = target_set_in_force(targets, window.end)
    columns = columns_of(jobs, disputes)
    account_ids, data = account_dataset(columns.jobs, columns.disputes, account_id,
                                        as_viewer(viewer).areas)
    return Scoped(window, target_set, data), account_ids
