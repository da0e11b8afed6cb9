"""The public API as a user types it (checked by `mypy --strict tests` in CI, and run).

`assert_type` fails the type check when a public signature stops saying what users rely
on; the test itself checks that the same lines run.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from fractions import Fraction
from pathlib import Path
from typing import assert_type

import svcperf
from svcperf import (
    Dataset,
    Dispute,
    DisputeOutcome,
    Evaluation,
    Figure,
    IssueType,
    Job,
    JobStatus,
    Status,
    Viewer,
)


def _jobs() -> list[Job]:
    closed = datetime(2026, 9, 14, 20, tzinfo=timezone.utc)
    return [
        Job(job_id="J1", account_id="acme", coverage_area="North", profession="Plumbing",
            timezone="America/Chicago", appointment_date=date(2026, 9, 14),
            status=JobStatus.COMPLETED, closed_at=closed, rating=5,
            rated_at=datetime(2026, 9, 14, 22, tzinfo=timezone.utc)),
        Job(job_id="J2", account_id="acme", coverage_area="South", profession="HVAC",
            timezone="America/Chicago", appointment_date=date(2026, 9, 14),
            status=JobStatus.CANCELLED, closed_at=closed, cancel_attributed=True),
    ]


def test_a_service_evaluates_a_data_set_it_loaded_once(tmp_path: Path) -> None:
    dispute = Dispute(job_id="J2", issue_type=IssueType.CANCELLATION,
                      outcome=DisputeOutcome.GRANTED,
                      decided_at=datetime(2026, 9, 14, 23, tzinfo=timezone.utc))
    data = Dataset(_jobs(), [dispute])
    night = date(2026, 9, 14)
    result = svcperf.evaluate(data, night, tz="America/Chicago")
    assert_type(result, Evaluation)
    figure = result["acme"]["cancellation_rate"]
    assert_type(figure, Figure)
    assert_type(figure.value, Fraction | None)
    assert_type(figure.meets_target, bool | None)
    assert (figure.numerator, figure.denominator) == (0, 2)
    assert_type(result["acme"].status, Status)
    scoped = svcperf.evaluate(data.restrict(Viewer({"North"})), night, tz="America/Chicago")
    assert scoped["acme"].tally.jobs == 1
    board = svcperf.dashboard(data.account("acme"), night, ["coverage_area"],
                              tz="America/Chicago")
    assert board.evaluation == result
    svcperf.write_jobs(tmp_path / "jobs.csv", data.jobs)
    svcperf.write_disputes(tmp_path / "disputes.csv", data.disputes)
    again = Dataset.read(tmp_path / "jobs.csv", tmp_path / "disputes.csv")
    assert_type(again, Dataset)
    assert svcperf.evaluate(again, night, tz="America/Chicago") == result


def test_an_auditor_explains_a_figure_and_reads_its_history() -> None:
    night = date(2026, 9, 14)
    why = svcperf.explain(_jobs(), night, "cancellation_rate", tz="America/Chicago")
    assert [row.job_id for row in why.rows if row.role is svcperf.Role.NUMERATOR] == ["J2"]
    trend = svcperf.history(_jobs(), date(2026, 9, 13), night, tz="America/Chicago")
    assert [f.numerator for f in trend.series("acme", "cancellation_rate")] == [0, 1]


def test_an_analyst_evaluates_files_and_frames_with_either_engine(tmp_path: Path) -> None:
    night = date(2026, 9, 14)
    jobs, disputes = tmp_path / "jobs.csv", tmp_path / "disputes.csv"
    svcperf.write_jobs(jobs, _jobs())
    svcperf.write_disputes(disputes, [])
    by_python = svcperf.evaluate(jobs, night, disputes=disputes, tz="America/Chicago",
                                 engine="python")
    assert_type(by_python, Evaluation)
    assert_type(svcperf.dashboard(str(jobs), night, ["coverage_area"], tz="America/Chicago",
                                  engine="auto"), svcperf.Dashboard)
    assert_type(svcperf.history(jobs, night, night, tz="America/Chicago", engine="python"),
                svcperf.History)
    assert_type(Dataset.read(jobs, disputes, engine="python"), Dataset)
    assert by_python == svcperf.evaluate(_jobs(), night, tz="America/Chicago")
    try:
        import pyarrow as pa  # noqa: F401
    except ImportError:
        return
    by_columns = svcperf.evaluate(jobs, night, disputes=disputes, tz="America/Chicago",
                                  engine="columnar")
    assert_type(svcperf.summary(jobs, night, tz="America/Chicago", engine="columnar"),
                svcperf.Summaries)
    assert by_columns == by_python
