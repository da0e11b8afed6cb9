"""The outlook by the columnar engine (`svcperf.engines.columnar_outlook`): the same
`Basis`, and so the same `Outlook`, as the reference engine works out from records."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import AREAS, DST_ZONES, disputes_for, make_job, nights, utc, zones
from strategies import jobs as a_job

from svcperf import (
    Dispute,
    DisputeOutcome,
    InvalidArgumentError,
    IssueType,
    Job,
    Target,
    TargetSet,
    Viewer,
    as_of_night,
)
from svcperf.forecast import known_at
from svcperf.inputs import columns_of
from svcperf.outlook import Basis, _reference_basis, outlook
from svcperf.targets import SEED_TARGETS
from svcperf.window import window_for

pytest.importorskip("pyarrow")

from svcperf.engines.columnar_input import dispute_records_of
from svcperf.engines.columnar_outlook import columnar_basis, known_at_columns
from svcperf.engines.columnar_records import records_of

#: Stricter targets than the seed's, so that more levels miss (and age out).
STRICT = TargetSet(utc(2000, 1, 1), {
    **SEED_TARGETS.targets, "customer_feedback_rating": Target.at_least("4.9"),
    "late_completion_rate": Target.at_most("0%"), "reschedule_rate": Target.at_most("0%")})


@st.composite
def cases(draw: st.DrawFn) -> tuple[date | datetime, list[Job], list[Dispute], str, int]:
    """As of a night or an instant of the day after it: jobs (some with an extra
    attribute) and disputes around it, a zone (often with DST) and a window length."""
    night = draw(nights())
    tz = draw(st.sampled_from(DST_ZONES) | zones)
    days = draw(st.sampled_from((3, 30, 60, 60)))
    # (Their instants within a window's length of as_of: most jobs are in the window, and
    # the accounts' levels miss, and age out, often.)
    around = as_of_night(night, tz)
    job_list = [draw(a_job(job_id=f"J{index}", around=around, days=days + 1))
                for index in range(draw(st.integers(0, 30)))]
    if draw(st.booleans()):  # (every job or none: a job lacking it cannot be broken down by it)
        job_list = [attrs.evolve(job, extras=(("crew", draw(st.sampled_from(("x", "y", None)))),))
                    for job in job_list]
    as_of: date | datetime = night
    if draw(st.booleans()):
        as_of = as_of_night(night, tz) + timedelta(seconds=draw(st.integers(0, 86399)))
    return as_of, job_list, draw(disputes_for(job_list)), tz, days


class TestKnownAtColumns:
    """`known_at_columns` is `forecast.known_at`, side by side with it."""

    @given(cases())
    def test_the_columns_known_at_as_of_are_the_records_known_at_it(
            self, case: tuple[date | datetime, list[Job], list[Dispute], str, int]) -> None:
        as_of, jobs, disputes, tz, days = case
        end = window_for(as_of, tz, days).end
        columns = columns_of(jobs, disputes)
        known, decided = known_at_columns(columns.jobs, columns.disputes, end)
        expected_jobs, expected_disputes = known_at(jobs, disputes, end)
        assert records_of(known) == expected_jobs
        assert (dispute_records_of(decided) if decided is not None else []) == expected_disputes

    def test_a_fact_stamped_at_as_of_is_not_known_and_one_a_microsecond_before_is(
            self) -> None:
        at = utc(2026, 9, 15)
        jobs = [make_job(job_id="J1", rating=5, rated_at=at, hg_claim_at=at),
                make_job(job_id="J2", rating=5, rated_at=at - timedelta(microseconds=1),
                         hg_claim_at=at - timedelta(microseconds=1)),
                make_job(job_id="J3", closed_at=at)]
        disputes = [Dispute(job_id=job_id, issue_type=IssueType.HG_CLAIM,
                            outcome=DisputeOutcome.GRANTED, decided_at=decided)
                    for job_id, decided in (("J1", at), ("J2", at - timedelta(microseconds=1)),
                                            ("J3", utc(2026, 9, 14)))]
        columns = columns_of(jobs, disputes)
        known, decided = known_at_columns(columns.jobs, columns.disputes, at)
        found = records_of(known)
        assert [(job.job_id, job.rating, job.hg_claim_at is None) for job in found] == [
            ("J1", None, True), ("J2", 5, False)]
        assert decided is not None
        assert [dispute.job_id for dispute in dispute_records_of(decided)] == ["J2"]


class TestColumnarOutlook:
    """Issue 11: the columnar engine's outlook is the reference's: its basis (the
    evaluations, the data as known, the star counts, the nights the missed levels' jobs
    age out, the slices) and the outlook made of it."""

    @given(cases(), st.sampled_from(((), ("coverage_area",), ("technician_id", "crew"),
                                     ("crew",))),
           st.sampled_from((frozenset(), frozenset({"North"}), frozenset(AREAS[1:]))),
           st.sampled_from((SEED_TARGETS, STRICT)), st.sampled_from(((7, 30), (2,), ())),
           st.sampled_from((1, 9, 130)))
    def test_the_basis_and_the_outlook_are_the_references(
            self, case: tuple[date | datetime, list[Job], list[Dispute], str, int],
            by: tuple[str, ...], areas: frozenset[str], targets: TargetSet,
            short_windows: tuple[int, ...], horizon: int) -> None:
        as_of, jobs, disputes, tz, days = case
        columns = columns_of(jobs, disputes)
        viewer = Viewer(areas)
        try:
            result = outlook(columns, as_of, tz=tz, days=days, targets=targets, by=list(by),
                             viewer=viewer, short_windows=short_windows, horizon=horizon,
                             engine="columnar")
        except InvalidArgumentError as error:  # (`by` names what the jobs seen lack)
            with pytest.raises(InvalidArgumentError) as caught:
                outlook(jobs, as_of, disputes=disputes, tz=tz, days=days, targets=targets,
                        by=list(by), viewer=viewer, short_windows=short_windows,
                        horizon=horizon)
            assert str(caught.value) == str(error)
            return
        first_night, last_night = result.first_night, result.last_night
        lengths = {*short_windows, 30}
        reference = _reference_basis(columns.dataset().restrict(viewer), as_of, tz, days,
                                     lengths, targets, first_night, last_night, list(by))
        found = columnar_basis(columns, as_of, tz, days, lengths, targets, first_night,
                               last_night, list(by), viewer)
        for field in attrs.fields(Basis):
            assert _plain(getattr(found, field.name)) == _plain(getattr(reference, field.name)), \
                field.name
        assert result == outlook(jobs, as_of, disputes=disputes, tz=tz, days=days,
                                 targets=targets, by=list(by), viewer=viewer,
                                 short_windows=short_windows, horizon=horizon)

    def test_a_missed_rating_ages_out_its_ratings_below_the_target_only(self) -> None:
        # 5, 4 and 3 stars against >= 4.9: the 4 and the 3 count, on the nights their jobs
        # leave a 3-day window (the 5 does not count: it is not below the target).
        jobs = [make_job(job_id=f"J{day}", rating=stars,
                         closed_at=utc(2026, 9, day, 15), rated_at=utc(2026, 9, day, 16),
                         appointment_date=date(2026, 9, day))
                for day, stars in ((12, 5), (13, 4), (14, 3))]
        for engine in ("python", "columnar"):
            result = outlook(columns_of(jobs), date(2026, 9, 14), tz="UTC", days=3,
                             targets=STRICT, engine=engine)
            level = result["acct-1"]["customer_feedback_rating"]
            assert level.ages_out == ((date(2026, 9, 16), 1), (date(2026, 9, 17), 1)), engine


def _plain(value: object) -> object:
    """`value` with an empty count left out of its dicts (an account with no rating has
    no star count; a `Counter` is a dict). Results (an `Evaluation`) compare as they are."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()
                if not (isinstance(item, dict) and not item)}
    if isinstance(value, tuple):
        return tuple(_plain(item) for item in value)
    return value
