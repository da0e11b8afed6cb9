"""The bundled synthetic sample: deterministic, realistic, and the same in every form."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svcperf import (
    Dispute,
    DisputeOutcome,
    InvalidArgumentError,
    IssueType,
    Job,
    JobStatus,
    Tally,
    evaluate,
    history,
)
from svcperf.io import read_disputes, read_jobs, write_disputes, write_jobs
from svcperf.sample import (
    SAMPLE_DAYS,
    SAMPLE_JOBS,
    SAMPLE_NIGHT,
    SAMPLE_TZ,
    generate,
    load,
    write,
)
from svcperf.status import Status
from svcperf.window import Window
from svcperf.zones import local_date, zone

Bundled = tuple[list[Job], list[Dispute]]


@pytest.fixture(scope="module")
def bundled() -> tuple[list[Job], list[Dispute]]:
    return generate()


class TestGenerate:
    def test_the_same_seed_gives_the_same_data(self) -> None:
        assert generate(300, seed=5) == generate(300, seed=5)

    def test_another_seed_gives_other_data(self) -> None:
        assert generate(300, seed=5)[0] != generate(300, seed=6)[0]

    def test_it_makes_the_number_of_jobs_asked_with_unique_ids(self) -> None:
        jobs, _ = generate(1234, seed=2)
        assert len({job.job_id for job in jobs}) == 1234

    def test_no_jobs_is_allowed(self) -> None:
        assert generate(0) == ([], [])

    @pytest.mark.parametrize("size", [-1, 2.5])
    def test_a_size_that_is_not_a_whole_number_of_jobs_is_an_argument_error(
            self, size: int) -> None:
        with pytest.raises(InvalidArgumentError):
            generate(size)

    def test_the_data_has_every_kind_of_record_the_dashboard_shows(self,
                                                                    bundled: Bundled) -> None:
        jobs, disputes = bundled
        window = Window.for_night(SAMPLE_NIGHT, SAMPLE_TZ)
        assert {job.status for job in jobs} == set(JobStatus)
        assert len({job.account_id for job in jobs}) >= 3
        assert any(job.technician_id is None for job in jobs)
        assert any(job.rated_at is not None and job.rated_at >= window.end for job in jobs)
        assert any(job.closed_at is not None and job.closed_at >= window.end for job in jobs)
        assert {dispute.outcome for dispute in disputes} == set(DisputeOutcome)
        assert {dispute.issue_type for dispute in disputes} == set(IssueType)
        assert {name for job in jobs for name, _ in job.extras} == {"channel"}
        offsets = {job.closed_at.utcoffset() for job in jobs
                   if job.closed_at is not None and job.timezone == "America/Denver"}
        assert len(offsets) == 2  # daylight saving time ends inside the window

    def test_every_issue_type_is_flagged_in_the_window(self, bundled: Bundled) -> None:
        jobs, disputes = bundled
        evaluation = evaluate(jobs, SAMPLE_NIGHT, disputes=disputes, tz=SAMPLE_TZ)
        total = sum((result.tally for result in evaluation.accounts.values()), Tally())
        assert all(total.count(issue) > 0 for issue in IssueType)

    def test_its_night_shows_both_statuses(self, bundled: Bundled) -> None:
        jobs, disputes = bundled
        evaluation = evaluate(jobs, SAMPLE_NIGHT, disputes=disputes, tz=SAMPLE_TZ)
        assert {result.status for result in evaluation.accounts.values()} == set(Status)

    def test_late_completions_fall_on_a_later_local_day(self) -> None:
        jobs, _ = generate(2000, seed=3)
        late = [job for job in jobs if job.status is JobStatus.COMPLETED and job.closed_at
                and local_date(job.closed_at, job.timezone) > job.appointment_date]
        assert late


def _fingerprint(data: Bundled) -> str:
    """A digest of what the generator decides (not of how records print)."""
    jobs, disputes = data
    text = "|".join(f"{job.job_id},{job.appointment_date},{job.status.value},"
                    f"{job.closed_at and job.closed_at.isoformat()}" for job in jobs)
    text += "|" + "|".join(f"{dispute.job_id},{dispute.issue_type.value},"
                           f"{dispute.outcome.value},"
                           f"{dispute.decided_at and dispute.decided_at.isoformat()}"
                           for dispute in disputes)
    return hashlib.sha256(text.encode()).hexdigest()


class TestDays:
    """The span of local days the appointments are spread over (``days``)."""

    def test_the_default_is_the_bundled_span(self) -> None:
        assert generate(400, seed=9) == generate(400, seed=9, days=SAMPLE_DAYS)

    def test_the_90_day_span_still_makes_the_same_data_as_before_days_existed(self) -> None:
        # Recorded from the generator before the option was added (when 90 days was the
        # default): same jobs, same disputes, same order.
        data = generate(500, seed=11, days=90)
        assert len(data[1]) == 16
        assert _fingerprint(data) == ("051fa59b1179afe6db1eaeff982c6818"
                                      "19d065f94c6c942939a2e9a760ff7d6f")

    def test_another_span_gives_other_data(self) -> None:
        assert generate(300, seed=5, days=91)[0] != generate(300, seed=5)[0]

    @settings(max_examples=8)
    @given(days=st.integers(1, 500), seed=st.integers(0, 2**32))
    def test_appointments_cover_exactly_the_days_asked_and_the_six_after_the_night(
            self, days: int, seed: int) -> None:
        span = days + 6
        jobs, _ = generate(30 * span, seed=seed, days=days)  # every day gets a job
        first = SAMPLE_NIGHT - timedelta(days=days - 1)
        expected = {first + timedelta(days=offset) for offset in range(span)}
        assert {job.appointment_date for job in jobs} == expected

    def test_a_long_span_keeps_the_dates_and_offsets_consistent(self) -> None:
        jobs, disputes = generate(3000, seed=2, days=424)
        for job in jobs:  # the spring DST change is now inside the span too
            if job.arrival_window_start is not None:
                assert local_date(job.arrival_window_start, job.timezone) == job.appointment_date
                assert job.arrival_window_start.utcoffset() == job.arrival_window_start.astimezone(
                    zone(job.timezone)).utcoffset()
        assert {dispute.outcome for dispute in disputes} == set(DisputeOutcome)

    @pytest.mark.parametrize("days", [0, -3, 2.5, True, "90", None])
    def test_a_span_that_is_not_a_whole_number_of_days_ge_1_is_an_argument_error(
            self, days: object, tmp_path: Path) -> None:
        with pytest.raises(InvalidArgumentError, match="days"):
            generate(10, days=days)  # type: ignore[arg-type]
        with pytest.raises(InvalidArgumentError, match="days"):
            write(tmp_path / "out", 10, days=days)  # type: ignore[arg-type]
        assert not (tmp_path / "out").exists()

    def test_the_files_read_back_to_the_records_of_the_same_span(self, tmp_path: Path) -> None:
        jobs_path, disputes_path = write(tmp_path, 300, seed=4, days=200)
        ids = {job.job_id for job in read_jobs(jobs_path)}
        assert (read_jobs(jobs_path), read_disputes(disputes_path, job_ids=ids)) == generate(
            300, seed=4, days=200)


class TestWrite:
    def test_an_unknown_format_is_rejected_before_any_file_is_written(
            self, tmp_path: Path) -> None:
        with pytest.raises(InvalidArgumentError):
            write(tmp_path / "out", 10, format="xml")
        assert not (tmp_path / "out").exists()

    @pytest.mark.parametrize("kind", ["csv", "jsonl"])
    def test_the_files_read_back_to_the_generated_records(self, tmp_path: Path,
                                                          kind: str) -> None:
        jobs_path, disputes_path = write(tmp_path, 500, seed=4, format=kind)
        ids = {job.job_id for job in read_jobs(jobs_path)}
        assert (read_jobs(jobs_path), read_disputes(disputes_path, job_ids=ids)) == generate(
            500, seed=4)

    @pytest.mark.parametrize("kind", ["csv", "jsonl"])
    def test_the_files_are_what_the_interchange_writers_write(self, tmp_path: Path,
                                                              kind: str) -> None:
        """One jobs-file writer (issue 9): `write` streams the records to `write_jobs`."""
        jobs_path, disputes_path = write(tmp_path / "sample", 400, seed=5, format=kind)
        jobs, disputes = generate(400, seed=5)
        write_jobs(tmp_path / f"jobs.{kind}", jobs)
        write_disputes(tmp_path / f"disputes.{kind}", disputes)
        assert Path(jobs_path).read_bytes() == (tmp_path / f"jobs.{kind}").read_bytes()
        assert Path(disputes_path).read_bytes() == (tmp_path / f"disputes.{kind}").read_bytes()

class TestLoad:
    """`load()`: the bundled sample, its night and its zone, immutable."""

    def test_it_is_the_bundled_sample_with_its_night_and_zone(self, bundled: Bundled) -> None:
        data = load()
        assert (list(data.jobs), list(data.disputes)) == bundled
        assert (data.night, data.tz) == (SAMPLE_NIGHT, SAMPLE_TZ)
        assert len(data.jobs) == SAMPLE_JOBS
        assert (data.dataset.jobs, data.dataset.disputes) == (data.jobs, data.disputes)

    def test_its_dataset_evaluates_as_its_records(self) -> None:
        data = load()
        assert evaluate(data.dataset, data.night, tz=data.tz) == evaluate(
            data.jobs, data.night, disputes=data.disputes, tz=data.tz)

    def test_it_is_immutable(self) -> None:
        data = load()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            data.night = SAMPLE_NIGHT  # type: ignore[misc]
        assert isinstance(data.jobs, tuple) and isinstance(data.disputes, tuple)

    def test_its_repr_is_one_short_line(self) -> None:
        assert repr(load()) == (f"<Sample {SAMPLE_JOBS} jobs, {len(load().disputes)} disputes, "
                                f"night {SAMPLE_NIGHT} in {SAMPLE_TZ}>")

    def test_the_90_nights_up_to_its_night_have_full_windows(self, bundled: Bundled) -> None:
        """A 90-night history opens on a full window, not on the first days of data:
        every window of the 90 nights starts after the data does, and holds about as many
        jobs as the night's own window."""
        jobs, disputes = bundled
        first = SAMPLE_NIGHT - timedelta(days=89)
        assert min(job.closed_at for job in jobs if job.closed_at) < Window.for_night(
            first, SAMPLE_TZ).start - timedelta(days=7)
        nightly = history(jobs, first, SAMPLE_NIGHT, disputes=disputes, tz=SAMPLE_TZ)
        sizes = [sum(result.tally.jobs for result in results)
                 for results in zip(*nightly.values(), strict=True)]
        assert min(sizes) > 0.85 * sizes[-1] and max(sizes) < 1.15 * sizes[-1]
