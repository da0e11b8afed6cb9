"""Records and their validation (SPEC §2)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import jobs, local, make_dispute, make_job, utc

from svcperf import Dispute, DisputeOutcome, InvalidRecordError, IssueType, Job, JobStatus
from svcperf.records import CORE_FIELDS, with_job_id

INSTANT_FIELDS = ("arrival_window_start", "arrival_window_end", "started_at", "closed_at",
                  "rated_at", "hg_claim_at")


def _row(**fields: object) -> dict[str, object]:
    """A text row of a valid completed job, with `fields` changed."""
    row: dict[str, object] = dict.fromkeys(CORE_FIELDS, "")
    row.update(job_id="J1", account_id="acct-1", coverage_area="North", profession="Plumbing",
               timezone="America/Chicago", appointment_date="2026-09-14", status="completed",
               closed_at="2026-09-14T15:00:00-05:00", reschedule_attributed="false")
    row.update(fields)
    return row


def _dispute_row(**fields: object) -> dict[str, object]:
    row: dict[str, object] = {"job_id": "J1", "issue_type": "hg_claim", "outcome": "granted",
                              "decided_at": "2026-09-01T00:00:00+00:00"}
    row.update(fields)
    return row


class TestJob:
    def test_a_valid_job_keeps_every_field_it_was_given(self) -> None:
        job = make_job(technician_id="tech-a", rating=5, rated_at=utc(2026, 9, 14, 18))
        assert (job.job_id, job.technician_id, job.rating) == ("J1", "tech-a", 5)
        assert job.rated_at == utc(2026, 9, 14, 18)

    def test_an_instant_keeps_its_wall_time_with_a_fixed_utc_offset(self) -> None:
        given = local("America/Chicago", 2026, 11, 1, 1, 30, fold=1)
        job = make_job(closed_at=given)
        assert job.closed_at is not None
        assert job.closed_at.timestamp() == given.timestamp()
        assert type(job.closed_at.tzinfo) is timezone
        assert job.closed_at.utcoffset() == timedelta(hours=-6)
        assert job.closed_at.replace(tzinfo=None) == datetime(2026, 11, 1, 1, 30)

    @pytest.mark.parametrize("field", INSTANT_FIELDS)
    def test_a_naive_datetime_is_rejected_naming_the_job_and_the_field(self, field: str) -> None:
        fields: dict[str, object] = {field: datetime(2026, 9, 14, 12)}
        if field.startswith("arrival"):
            fields = {"arrival_window_start": utc(2026, 9, 14, 12),
                      "arrival_window_end": utc(2026, 9, 14, 14)} | fields
        if field == "rated_at":
            fields["rating"] = 5
        with pytest.raises(InvalidRecordError) as caught:
            make_job(**fields)
        assert (caught.value.record, caught.value.field) == ("job 'J1'", field)
        assert "job 'J1': field " + repr(field) in str(caught.value)

    @pytest.mark.parametrize("name", ["Foo/Bar", "", "/etc/localtime", "../zoneinfo/UTC",
                                      "EST+5", "America/New_York ", "utc", "America//Chicago",
                                      "UTC+3"])
    def test_an_unknown_time_zone_is_rejected(self, name: str) -> None:
        with pytest.raises(InvalidRecordError) as caught:
            make_job(timezone=name)
        assert caught.value.field == "timezone"
        assert caught.value.got == name

    @pytest.mark.parametrize("name", ["EST5EDT", "UTC", "Etc/GMT+5", "America/Argentina/Salta",
                                      "Australia/Lord_Howe"])
    def test_a_name_the_zone_database_holds_is_accepted(self, name: str) -> None:
        assert make_job(timezone=name).timezone == name

    @pytest.mark.parametrize("rating", [0, 6, -1, True, False, 4.0, "5"])
    def test_a_rating_that_is_not_an_integer_from_1_to_5_is_rejected(self, rating: object) -> None:
        with pytest.raises(InvalidRecordError) as caught:
            make_job(rating=rating, rated_at=utc(2026, 9, 14, 18))
        assert (caught.value.field, caught.value.got) == ("rating", rating)

    @pytest.mark.parametrize("rating", [1, 2, 3, 4, 5])
    def test_every_rating_from_1_to_5_is_accepted(self, rating: int) -> None:
        assert make_job(rating=rating, rated_at=utc(2026, 9, 14, 18)).rating == rating

    def test_a_rating_without_rated_at_is_rejected(self) -> None:
        with pytest.raises(InvalidRecordError, match="'rated_at'"):
            make_job(rating=4)

    def test_rated_at_without_a_rating_is_rejected(self) -> None:
        with pytest.raises(InvalidRecordError, match="field 'rating'"):
            make_job(rated_at=utc(2026, 9, 14, 18))

    def test_an_arrival_window_ending_before_it_starts_is_rejected(self) -> None:
        with pytest.raises(InvalidRecordError) as caught:
            make_job(arrival_window_start=utc(2026, 9, 14, 12),
                     arrival_window_end=utc(2026, 9, 14, 11, 59))
        assert caught.value.field == "arrival_window_end"

    def test_an_arrival_window_of_one_instant_is_accepted(self) -> None:
        job = make_job(arrival_window_start=utc(2026, 9, 14, 12),
                       arrival_window_end=local("America/Chicago", 2026, 9, 14, 7))
        assert job.arrival_window_start == job.arrival_window_end

    @pytest.mark.parametrize(("given", "missing"), [("arrival_window_start", "arrival_window_end"),
                                                    ("arrival_window_end", "arrival_window_start")])
    def test_one_end_of_the_arrival_window_alone_is_rejected(self, given: str,
                                                             missing: str) -> None:
        with pytest.raises(InvalidRecordError) as caught:
            make_job(**{given: utc(2026, 9, 14, 12)})
        assert caught.value.field == missing

    @pytest.mark.parametrize("status", [JobStatus.COMPLETED, JobStatus.CANCELLED])
    def test_a_closed_job_without_closed_at_is_rejected(self, status: JobStatus) -> None:
        with pytest.raises(InvalidRecordError) as caught:
            make_job(status=status, closed_at=None, cancel_attributed=True)
        assert caught.value.field == "closed_at"

    def test_an_open_job_may_have_no_closed_at(self) -> None:
        assert make_job(status=JobStatus.OPEN, closed_at=None).closed_at is None

    @pytest.mark.parametrize("value", [None, "true", 1])
    def test_a_cancelled_job_without_a_boolean_cancel_attributed_is_rejected(
            self, value: object) -> None:
        with pytest.raises(InvalidRecordError) as caught:
            make_job(status=JobStatus.CANCELLED, cancel_attributed=value)
        assert caught.value.field == "cancel_attributed"

    @pytest.mark.parametrize("status", [JobStatus.COMPLETED, JobStatus.OPEN])
    def test_cancel_attributed_on_a_job_not_cancelled_is_accepted(self, status: JobStatus) -> None:
        assert make_job(status=status, cancel_attributed=True).cancel_attributed is True

    def test_cancel_attributed_that_is_not_a_boolean_is_rejected_on_any_job(self) -> None:
        with pytest.raises(InvalidRecordError, match="cancel_attributed"):
            make_job(cancel_attributed="yes")

    @pytest.mark.parametrize("field", ["job_id", "account_id", "coverage_area", "profession"])
    @pytest.mark.parametrize("value", ["", None, 7])
    def test_a_required_text_that_is_empty_or_not_text_is_rejected(self, field: str,
                                                                   value: object) -> None:
        with pytest.raises(InvalidRecordError) as caught:
            make_job(**{field: value})
        assert caught.value.field == field

    def test_an_empty_technician_id_is_rejected_while_none_means_unassigned(self) -> None:
        assert make_job(technician_id=None).technician_id is None
        with pytest.raises(InvalidRecordError, match="technician_id"):
            make_job(technician_id="")

    def test_an_appointment_date_that_is_a_datetime_is_rejected(self) -> None:
        with pytest.raises(InvalidRecordError, match="appointment_date"):
            make_job(appointment_date=utc(2026, 9, 14))

    def test_a_status_given_as_text_is_rejected(self) -> None:
        with pytest.raises(InvalidRecordError, match="status"):
            make_job(status="completed")

    @pytest.mark.parametrize("value", [None, 0, "false"])
    def test_a_reschedule_attributed_that_is_not_a_boolean_is_rejected(self,
                                                                       value: object) -> None:
        with pytest.raises(InvalidRecordError, match="reschedule_attributed"):
            make_job(reschedule_attributed=value)

    @pytest.mark.parametrize("extras", [(("b", "x"), ("a", "y")), (("a", "x"), ("a", "y")),
                                        (("status", "x"),), (("", "x"),), (("crew", ""),)])
    def test_extras_must_be_sorted_unique_non_core_names_with_text_values(
            self, extras: tuple[tuple[str, str], ...]) -> None:
        with pytest.raises(InvalidRecordError):
            make_job(extras=extras)

    def test_a_job_is_immutable(self) -> None:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            make_job().rating = 5  # type: ignore[misc]

    def test_jobs_with_the_same_fields_are_equal_and_hash_alike(self) -> None:
        assert make_job() == make_job()
        assert hash(make_job()) == hash(make_job())


class TestJobAttribute:
    def test_a_core_attribute_is_returned_as_text(self) -> None:
        job = make_job(technician_id="tech-a")
        assert job.attribute("technician_id") == "tech-a"
        assert job.attribute("appointment_date") == "2026-09-14"

    def test_a_core_attribute_with_no_value_is_none(self) -> None:
        assert make_job().attribute("technician_id") is None

    def test_an_extra_attribute_is_returned(self) -> None:
        job = make_job(extras=(("crew", "blue"), ("region", None)))
        assert (job.attribute("crew"), job.attribute("region")) == ("blue", None)

    def test_an_attribute_the_job_does_not_carry_raises_key_error(self) -> None:
        with pytest.raises(KeyError):
            make_job().attribute("crew")


class TestJobFromRow:
    def test_a_valid_row_builds_the_same_job_as_the_constructor(self) -> None:
        job = Job.from_row(_row(rating="5", rated_at="2026-09-15T08:00:00+00:00",
                                technician_id="tech-a"))
        assert job == make_job(timezone="America/Chicago", technician_id="tech-a",
                               closed_at=utc(2026, 9, 14, 20), rating=5,
                               rated_at=utc(2026, 9, 15, 8))

    def test_empty_text_and_json_null_mean_no_value(self) -> None:
        assert Job.from_row(_row(technician_id=None)).technician_id is None
        assert Job.from_row(_row(technician_id="")).technician_id is None

    def test_a_missing_core_column_is_rejected_naming_the_field(self) -> None:
        row = _row()
        del row["hg_claim_at"]
        with pytest.raises(InvalidRecordError) as caught:
            Job.from_row(row)
        assert (caught.value.record, caught.value.field) == ("job 'J1'", "hg_claim_at")

    @pytest.mark.parametrize("text", ["4.5", "4.0", "five", " 4", True])
    def test_a_rating_that_is_not_a_whole_number_is_rejected(self, text: object) -> None:
        with pytest.raises(InvalidRecordError) as caught:
            Job.from_row(_row(rating=text, rated_at="2026-09-15T08:00:00+00:00"))
        assert (caught.value.field, caught.value.got) == ("rating", text)

    def test_a_rating_out_of_range_is_rejected_after_parsing(self) -> None:
        with pytest.raises(InvalidRecordError) as caught:
            Job.from_row(_row(rating="6", rated_at="2026-09-15T08:00:00+00:00"))
        assert (caught.value.field, caught.value.got) == ("rating", 6)

    @pytest.mark.parametrize("text", ["2026-09-14T15:00:00", "2026-09-14", "yesterday",
                                      "2026-09-14T15:00:00 CDT"])
    def test_a_datetime_without_an_offset_is_rejected(self, text: str) -> None:
        with pytest.raises(InvalidRecordError) as caught:
            Job.from_row(_row(closed_at=text))
        assert (caught.value.field, caught.value.got) == ("closed_at", text)

    @pytest.mark.parametrize("text", ["yes", "True", "1", "FALSE"])
    def test_a_boolean_other_than_true_or_false_is_rejected(self, text: str) -> None:
        with pytest.raises(InvalidRecordError, match="reschedule_attributed"):
            Job.from_row(_row(reschedule_attributed=text))

    def test_an_empty_reschedule_attributed_is_rejected(self) -> None:
        with pytest.raises(InvalidRecordError, match="reschedule_attributed"):
            Job.from_row(_row(reschedule_attributed=""))

    @pytest.mark.parametrize("text", ["Completed", "done", ""])
    def test_an_unknown_status_is_rejected(self, text: str) -> None:
        with pytest.raises(InvalidRecordError, match="status"):
            Job.from_row(_row(status=text))

    @pytest.mark.parametrize("text", ["2026-9-14", "14/09/2026", "2026-09-14T00:00:00+00:00",
                                      "2026-02-30"])
    def test_an_appointment_date_not_written_yyyy_mm_dd_is_rejected(self, text: str) -> None:
        with pytest.raises(InvalidRecordError, match="appointment_date"):
            Job.from_row(_row(appointment_date=text))

    def test_a_cancelled_row_without_cancel_attributed_is_rejected(self) -> None:
        with pytest.raises(InvalidRecordError, match="cancel_attributed"):
            Job.from_row(_row(status="cancelled"))

    def test_unknown_columns_become_sorted_extras(self) -> None:
        job = Job.from_row(_row(zeta="z", crew="blue", region=""))
        assert job.extras == (("crew", "blue"), ("region", None), ("zeta", "z"))

    def test_a_row_without_a_job_id_is_named_job(self) -> None:
        with pytest.raises(InvalidRecordError) as caught:
            Job.from_row(_row(job_id=""))
        assert (caught.value.record, caught.value.field) == ("job", "job_id")

    def test_a_text_field_given_a_number_is_rejected(self) -> None:
        with pytest.raises(InvalidRecordError, match="profession"):
            Job.from_row(_row(profession=12))


class TestWithJobId:
    """`with_job_id` is `attrs.evolve(job, job_id=...)`, the id checked as `Job` checks it."""

    @given(jobs(), st.text(max_size=6) | st.sampled_from(["", " J", "J\x00", "(none)", 7]))
    def test_it_is_evolve(self, job: Job, job_id: object) -> None:
        try:
            expected: object = attrs.evolve(job, job_id=job_id)  # type: ignore[arg-type]
        except InvalidRecordError as error:
            expected = str(error)
        try:
            found: object = with_job_id(job, job_id)  # type: ignore[arg-type]
        except InvalidRecordError as error:
            found = str(error)
        assert found == expected
        if isinstance(found, Job):
            assert repr(found) == repr(expected)


class TestDispute:
    def test_a_pending_dispute_needs_no_decided_at(self) -> None:
        dispute = make_dispute(outcome=DisputeOutcome.PENDING)
        assert dispute.decided_at is None

    def test_a_pending_dispute_with_decided_at_is_accepted(self) -> None:
        dispute = Dispute(job_id="J1", issue_type=IssueType.HG_CLAIM,
                          outcome=DisputeOutcome.PENDING, decided_at=utc(2026, 9, 1))
        assert dispute.decided_at == utc(2026, 9, 1)

    @pytest.mark.parametrize("outcome", [DisputeOutcome.GRANTED, DisputeOutcome.DENIED])
    def test_a_decided_dispute_without_decided_at_is_rejected(self,
                                                              outcome: DisputeOutcome) -> None:
        with pytest.raises(InvalidRecordError) as caught:
            Dispute(job_id="J1", issue_type=IssueType.HG_CLAIM, outcome=outcome)
        assert (caught.value.record, caught.value.field) == ("dispute on job 'J1'", "decided_at")

    def test_a_naive_decided_at_is_rejected(self) -> None:
        with pytest.raises(InvalidRecordError, match="decided_at"):
            make_dispute(decided_at=datetime(2026, 9, 1))

    def test_an_issue_type_given_as_text_is_rejected(self) -> None:
        with pytest.raises(InvalidRecordError, match="issue_type"):
            Dispute(job_id="J1", issue_type="hg_claim",  # type: ignore[arg-type]
                    outcome=DisputeOutcome.PENDING)

    def test_an_outcome_given_as_text_is_rejected(self) -> None:
        with pytest.raises(InvalidRecordError, match="outcome"):
            Dispute(job_id="J1", issue_type=IssueType.HG_CLAIM,
                    outcome="granted")  # type: ignore[arg-type]

    @pytest.mark.parametrize("job_id", ["", None])
    def test_a_dispute_without_a_job_id_is_rejected(self, job_id: object) -> None:
        with pytest.raises(InvalidRecordError, match="job_id"):
            Dispute(job_id=job_id, issue_type=IssueType.HG_CLAIM,  # type: ignore[arg-type]
                    outcome=DisputeOutcome.PENDING)

    def test_decided_at_is_kept_with_a_fixed_utc_offset(self) -> None:
        dispute = make_dispute(decided_at=local("Europe/Paris", 2026, 7, 1, 12))
        assert dispute.decided_at is not None
        assert type(dispute.decided_at.tzinfo) is timezone


class TestDisputeFromRow:
    def test_a_valid_row_builds_the_dispute(self) -> None:
        assert Dispute.from_row(_dispute_row()) == make_dispute()

    def test_an_unknown_issue_type_is_rejected_naming_the_dispute_and_field(self) -> None:
        with pytest.raises(InvalidRecordError) as caught:
            Dispute.from_row(_dispute_row(issue_type="rudeness"))
        assert (caught.value.record, caught.value.field) == ("dispute on job 'J1'", "issue_type")
        assert caught.value.got == "rudeness"

    def test_an_unknown_outcome_is_rejected_naming_the_field(self) -> None:
        with pytest.raises(InvalidRecordError) as caught:
            Dispute.from_row(_dispute_row(outcome="won"))
        assert caught.value.field == "outcome"

    def test_a_pending_row_with_an_empty_decided_at_is_accepted(self) -> None:
        dispute = Dispute.from_row(_dispute_row(outcome="pending", decided_at=""))
        assert dispute.outcome is DisputeOutcome.PENDING

    def test_unknown_columns_are_ignored(self) -> None:
        assert Dispute.from_row(_dispute_row(note="called twice")) == make_dispute()

    def test_a_missing_column_is_rejected(self) -> None:
        row = _dispute_row()
        del row["decided_at"]
        with pytest.raises(InvalidRecordError, match="decided_at"):
            Dispute.from_row(row)

    def test_a_decided_at_without_an_offset_is_rejected(self) -> None:
        with pytest.raises(InvalidRecordError, match="decided_at"):
            Dispute.from_row(_dispute_row(decided_at="2026-09-01T00:00:00"))


def test_the_core_fields_are_the_job_fields_of_the_spec() -> None:
    names = {field.name for field in attrs.fields(Job)} - {"extras"}
    assert set(CORE_FIELDS) == names
    assert date(2026, 9, 14) == make_job().appointment_date
