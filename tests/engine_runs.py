"""Running a view once per engine: the suite's view tests take the `engine` fixture
(`tests/conftest.py`) and call each view through `EngineRun.view`, so that every
expectation holds for the reference engine and for the columnar one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar, cast

import attrs

import svcperf
from svcperf import Dataset, Dispute, Job, SvcperfError
from svcperf.engine_choice import Engine

P = ParamSpec("P")
R = TypeVar("R")


@attrs.frozen
class EngineRun:
    """One engine of the suite's runs: ``"python"`` or ``"columnar"``."""

    name: Engine

    def inputs(self, jobs: object, disputes: object = ()) -> tuple[Any, Any]:
        """The jobs and disputes as this engine is given them: as they are for the
        reference engine; for the columnar one, valid records whose jobs carry the same
        extra attributes as a pyarrow table (a frame input). Other input stays as it is
        (the columnar engine then checks records as the reference does and converts
        them, keeping which job lacks which extra)."""
        if self.name == "python" or isinstance(jobs, Dataset):
            return jobs, disputes
        try:
            job_list, dispute_list = list(jobs), list(disputes)  # type: ignore[call-overload]
            Dataset(job_list, dispute_list)
        except (SvcperfError, TypeError):
            return jobs, disputes
        if len({tuple(name for name, _ in job.extras) for job in job_list}) > 1:
            return job_list, dispute_list
        from svcperf.engines.columnar_input import disputes_from_records, jobs_from_records

        jobs_table = jobs_from_records(cast(list[Job], job_list)).table
        if not dispute_list:
            return jobs_table, ()
        return jobs_table, disputes_from_records(cast(list[Dispute], dispute_list)).table

    def view(self, function: Callable[P, R]) -> Callable[P, R]:
        """`function` (`svcperf.evaluate` or a view) run by this engine: its jobs (and
        ``disputes=``) given as `inputs` gives them, and ``engine=`` this engine."""
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            jobs, disputes = self.inputs(args[0], kwargs.pop("disputes", ()))
            if not (isinstance(disputes, tuple) and not disputes):
                kwargs["disputes"] = disputes
            call = cast(Callable[..., R], function)
            return call(jobs, *args[1:], engine=self.name, **kwargs)
        return run

    # The views, run by this engine (`view` of each).
    @property
    def evaluate(self) -> Callable[..., svcperf.Evaluation]:
        return self.view(svcperf.evaluate)

    @property
    def dashboard(self) -> Callable[..., svcperf.Dashboard]:
        return self.view(svcperf.dashboard)

    @property
    def breakdown(self) -> Callable[..., svcperf.Breakdown]:
        return self.view(svcperf.breakdown)

    @property
    def summary(self) -> Callable[..., svcperf.Summaries]:
        return self.view(svcperf.summary)

    @property
    def issue_list(self) -> Callable[..., svcperf.IssueList]:
        return self.view(svcperf.issue_list)

    @property
    def explain(self) -> Callable[..., svcperf.Explanation]:
        return self.view(svcperf.explain)

    @property
    def history(self) -> Callable[..., svcperf.History]:
        return self.view(svcperf.history)
