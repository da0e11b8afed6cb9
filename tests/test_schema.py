"""The one record schema (svcperf.schema): every problem of a record, one message per rule,
the same from Python, from rows and from files (SPEC §2, §7)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import make_job

from svcperf import (
    Dispute,
    DisputeOutcome,
    InvalidInputError,
    InvalidRecordError,
    IssueType,
    Job,
    JobStatus,
    read_jobs,
)
from svcperf.records import CORE_FIELDS
from svcperf.schema import JOB_FIELDS, cross_field_problems, job_problems, read_job_row

ROW = {
    "job_id": "J1", "account_id": "acct-1", "coverage_area": "North", "profession": "Plumbing",
    "technician_id": "", "timezone": "UTC", "appointment_date": "2026-09-14",
    "arrival_window_start": "", "arrival_window_end": "", "started_at": "",
    "status": "completed", "closed_at": "2026-09-14T15:00:00Z", "rating": "",
    "rated_at": "", "hg_claim_at": "", "cancel_attributed": "", "reschedule_attributed": "false",
}


def _fields(error: InvalidRecordError) -> list[str]:
    return [problem.field for problem in error.problems]


class TestEveryProblemOfARecord:
    """Issue 9: "functions that collect every problem of a record, not the first"."""

    def test_a_row_with_four_bad_fields_reports_four_in_field_order(self) -> None:
        row = ROW | {"timezone": "Mars/Base", "status": "done", "rating": "4.5",
                     "reschedule_attributed": "yes"}
        with pytest.raises(InvalidRecordError) as caught:
            Job.from_row(row)
        assert _fields(caught.value) == ["timezone", "status", "rating",
                                         "reschedule_attributed"]

    def test_a_job_built_in_python_reports_every_problem_too(self) -> None:
        with pytest.raises(InvalidRecordError) as caught:
            Job(job_id="J1", account_id="", coverage_area="North", profession="Plumbing",
                timezone="UTC", appointment_date=date(2026, 9, 14),
                status=JobStatus.COMPLETED, rating=0)
        assert _fields(caught.value) == ["account_id", "rating", "closed_at"]

    def test_a_rule_across_fields_is_not_judged_on_a_field_that_could_not_be_read(self) -> None:
        """A bad `closed_at` is one problem, not also "a value for a completed job"."""
        with pytest.raises(InvalidRecordError) as caught:
            Job.from_row(ROW | {"closed_at": "yesterday", "rating": "x", "rated_at": ""})
        assert _fields(caught.value) == ["closed_at", "rating"]

    def test_a_file_reports_each_problem_of_a_row_on_its_own_line(self, tmp_path: Path) -> None:
        path = tmp_path / "jobs.csv"
        bad = ROW | {"status": "done", "rating": "9", "rated_at": "2026-09-15T00:00:00Z"}
        path.write_text(",".join(CORE_FIELDS) + "\n" + ",".join(bad[f] for f in CORE_FIELDS)
                        + "\n", encoding="utf-8")
        with pytest.raises(InvalidInputError) as caught:
            read_jobs(path)
        assert str(caught.value).splitlines() == [
            f"{path}:2: job 'J1': field 'status': expected one of completed, cancelled, open, "
            f"got 'done'",
            f"{path}:2: job 'J1': field 'rating': expected an integer from 1 to 5, got 9"]

    @given(st.lists(st.sampled_from([f for f in JOB_FIELDS if f != "job_id"]), min_size=1,
                    max_size=6, unique=True))
    def test_each_field_given_a_value_of_the_wrong_type_is_one_problem(
            self, fields: list[str]) -> None:
        """Property: k fields of the wrong type give exactly those k problems, in field order."""
        job = make_job()
        values = {name: getattr(job, name) for name in (*JOB_FIELDS, "extras")}
        for name in fields:
            values[name] = object()
        found = [problem.field for problem in job_problems(type("V", (), values))]
        assert found == [name for name in JOB_FIELDS if name in fields]


class TestMessages:
    def test_a_value_of_the_wrong_type_is_named_with_its_type(self) -> None:
        with pytest.raises(InvalidRecordError) as caught:
            make_job(status="completed")
        assert str(caught.value) == ("job 'J1': field 'status': expected a JobStatus "
                                     "(completed, cancelled, open), got str 'completed'")

    def test_a_dispute_of_the_wrong_types_names_them(self) -> None:
        with pytest.raises(InvalidRecordError) as caught:
            Dispute(job_id="J1", issue_type="hg_claim",  # type: ignore[arg-type]
                    outcome=DisputeOutcome.PENDING)
        assert str(caught.value).endswith("got str 'hg_claim'")

    def test_the_rules_across_fields_have_one_message_each(self) -> None:
        instant = datetime(2026, 9, 14, tzinfo=timezone.utc)
        found = cross_field_problems("job 'J1'", instant, None, JobStatus.CANCELLED, None, 5,
                                     None, None)
        assert [problem.message for problem in found] == [
            "job 'J1': field 'arrival_window_end': expected a value, since the other end of "
            "the window is given, got None",
            "job 'J1': field 'closed_at': expected a value for a cancelled job, got None",
            "job 'J1': field 'rated_at': expected a value, since the job has a rating, got None",
            "job 'J1': field 'cancel_attributed': expected true or false for a cancelled job, "
            "got None"]


class TestQuestionableReadings:
    """Issue 14's readings, decided in docs/files.md: rejected rather than read otherwise."""

    @pytest.mark.parametrize(("field", "value", "expected"), [
        ("job_id", "J1 ", "without leading or trailing whitespace"),
        ("job_id", "   ", "without leading or trailing whitespace"),
        ("account_id", " acct-1", "without leading or trailing whitespace"),
        ("technician_id", " ", "without leading or trailing whitespace"),
        ("technician_id", "(none)", "a value other than '(none)'"),
        ("coverage_area", "(none)", "a value other than '(none)'"),
        ("profession", "Plumb\x00ing", "without NUL characters"),
        ("coverage_area", "X\ud800", "no lone surrogate"),
        ("closed_at", "2026-09-14T15:00:00.1234567Z", "ISO 8601 datetime"),
        ("closed_at", "2026-09-14T15:00:00-00:00", "ISO 8601 datetime"),
        ("closed_at", "2026-09-14T15:00:00+23:59", "ISO 8601 datetime"),
        ("closed_at", "2026-09-14T15:00:00+05:45:30", "ISO 8601 datetime"),
    ])
    def test_a_reading_that_would_guess_is_rejected_naming_the_field(
            self, field: str, value: str, expected: str) -> None:
        with pytest.raises(InvalidRecordError) as caught:
            Job.from_row(ROW | {field: value})
        [problem] = caught.value.problems
        assert (problem.field, expected in problem.expected) == (field, True)

    @pytest.mark.parametrize(("name", "expected"), [
        ("status", "names that are not core fields"),
        ("", "names that are not empty"),
        ("ch\x00x", "names in text without NUL characters"),
        ("ch\ud800", "names in valid Unicode text (no lone surrogate)"),
    ])
    def test_an_extra_attribute_s_bad_name_is_told_why(self, name: str, expected: str) -> None:
        # (a JSON Lines key: a CSV or Parquet column of such a name is a header problem)
        with pytest.raises(InvalidRecordError) as caught:
            attrs.evolve(Job.from_row(ROW), extras=((name, "x"),))
        [problem] = caught.value.problems
        assert (problem.field, problem.expected, problem.got) == ("extras", expected, name)

    def test_an_extra_columns_value_may_carry_spaces_but_not_be_the_none_key(self) -> None:
        assert Job.from_row(ROW | {"notes": " call first "}).extras == (
            ("notes", " call first "),)
        with pytest.raises(InvalidRecordError, match="'notes'"):
            Job.from_row(ROW | {"notes": "(none)"})

    def test_a_granted_dispute_decided_before_its_job_closed_is_accepted(self) -> None:
        """A reschedule or arrival-window issue can be decided before the job closes."""
        Dispute(job_id="J1", issue_type=IssueType.RESCHEDULE, outcome=DisputeOutcome.GRANTED,
                decided_at=datetime(2020, 1, 1, tzinfo=timezone.utc))

    def test_read_job_row_gives_the_keyword_arguments_of_the_job(self) -> None:
        assert Job(**read_job_row(ROW)) == Job.from_row(ROW)
