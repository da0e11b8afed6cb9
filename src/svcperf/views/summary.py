"""The summary counts of the window (SPEC §6), read from the tally, never recounted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from operator import attrgetter

import attrs

from ..engine_choice import Engine
from ..evaluation import fold
from ..frozen import ByAccount, frozen_map
from ..inputs import DisputesInput, JobsInput, columnar_dashboard
from ..tabular import Tabular
from ..tally import Tally
from ..targets import SEED_TARGETS, TargetSet
from ..viewer import OWNER, Viewer
from ..window import DEFAULT_DAYS, Window
from .scope import scoped

__all__ = ["Summaries", "Summary", "summary"]


@attrs.frozen(kw_only=True)
class Summary:
    """Jobs completed, jobs cancelled, jobs with one or more issues, and issues in total,
    in the window (issues after granted disputes)."""

    jobs_completed: int
    jobs_cancelled: int
    jobs_with_issues: int
    issues_total: int

    @classmethod
    def from_tally(cls, tally: Tally) -> Summary:
        """The summary counts of `tally`.

        >>> Summary.from_tally(Tally(jobs=3, completed=2, cancelled=1, jobs_with_issues=1,
        ...                          issues=2))
        Summary(jobs_completed=2, jobs_cancelled=1, jobs_with_issues=1, issues_total=2)
        """
        return cls(jobs_completed=tally.completed, jobs_cancelled=tally.cancelled,
                   jobs_with_issues=tally.jobs_with_issues, issues_total=tally.issues)



@attrs.frozen
class Summaries(ByAccount[Summary], Tabular):
    """The result of `summary`: its `window`, and a read-only mapping of account id to
    that account's `Summary` (also as `accounts`). Two results are equal when their
    windows and counts are."""

    window: Window
    accounts: Mapping[str, Summary] = attrs.field(converter=frozen_map)


    def __repr__(self) -> str:
        return f"<Summaries as of {self.window.end.isoformat()}: {len(self.accounts)} accounts>"


def summary(
    jobs: JobsInput,
    as_of: Window | datetime | date,
    *,
    disputes: DisputesInput = (),
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    viewer: Viewer = OWNER,
    engine: Engine = "auto",
) -> Summaries:
    """The summary counts of every account the viewer sees (arguments as `svcperf.evaluate`),
    with the window.

    >>> summary([], date(2026, 9, 14), tz="UTC")
    <Summaries as of 2026-09-15T00:00:00+00:00: 0 accounts>
    """
    board = columnar_dashboard(jobs, as_of, (), disputes=disputes, tz=tz, days=days,
                               targets=targets, viewer=viewer, engine=engine)
    if board is not None:
        return Summaries(board.evaluation.window, {
            account_id: Summary.from_tally(result.tally)
            for account_id, result in board.evaluation.items()})
    data = scoped(jobs, as_of, disputes=disputes, tz=tz, days=days, targets=targets,
                  viewer=viewer, engine=engine)
    tallies = fold(data.jobs, data.window, data.disputes, attrgetter("account_id")).tallies()
    return Summaries(data.window, {account_id: Summary.from_tally(tallies.get(account_id,
                                                                               Tally()))
                                   for account_id in data.account_ids})
