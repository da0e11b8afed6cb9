"""Scoped views (SPEC §6): a viewer assigned to some coverage areas sees only their jobs,
in `evaluate` and in every view alike."""

from __future__ import annotations

from datetime import date

import pytest
from engine_runs import EngineRun
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import (
    AREAS,
    NIGHT,
    make_dispute,
    make_job,
    night_data,
)

from svcperf import (
    OWNER,
    Dispute,
    InvalidArgumentError,
    InvalidInputError,
    Job,
    Viewer,
)

areas = st.frozensets(st.sampled_from(AREAS), min_size=1)

#: These properties draw whole data sets: a fifth of the profile's examples keeps CI quick.
LEAN = settings(max_examples=max(10, settings().max_examples // 5))


@st.composite
def scoped_inputs(draw: st.DrawFn) -> tuple[date, list[Job], list[Dispute], str, Viewer]:
    """A night, jobs and disputes around it, a zone, and a viewer assigned to some areas."""
    night, job_list, disputes, tz = draw(night_data())
    return night, job_list, disputes, tz, Viewer(draw(areas))


def _seen(job_list: list[Job], disputes: list[Dispute],
          viewer: Viewer) -> tuple[list[Job], list[Dispute]]:
    """The jobs in the viewer's areas and the disputes on them, filtered by hand."""
    kept = [job for job in job_list if job.coverage_area in viewer.areas]
    ids = {job.job_id for job in kept}
    return kept, [dispute for dispute in disputes if dispute.job_id in ids]


class TestViewer:
    def test_the_owner_sees_every_job(self) -> None:
        assert OWNER.sees(make_job(coverage_area="North"))
        assert Viewer().sees(make_job(coverage_area="South"))

    def test_a_viewer_with_areas_sees_only_jobs_in_them(self) -> None:
        viewer = Viewer(["North", "East"])
        assert viewer.sees(make_job(coverage_area="East"))
        assert not viewer.sees(make_job(coverage_area="South"))

    def test_areas_given_as_one_text_are_rejected(self) -> None:
        with pytest.raises(InvalidArgumentError, match="areas"):
            Viewer("North")

    def test_an_empty_area_name_is_rejected(self) -> None:
        with pytest.raises(InvalidArgumentError, match="areas"):
            Viewer({""})

    def test_something_else_than_a_viewer_is_rejected(self, engine: EngineRun) -> None:
        with pytest.raises(InvalidArgumentError, match="viewer"):
            engine.evaluate([make_job()], NIGHT, viewer={"North"}, tz="UTC")


class TestEvaluateWithViewer:
    """SPEC §6: "a technician or book-keeper assigned to some coverage areas sees only jobs
    in those areas, everywhere (summary, dashboard, issue list); one assigned to none, or
    to all, sees everything." """

    @LEAN
    @given(scoped_inputs())
    def test_a_scoped_evaluation_equals_evaluating_only_the_jobs_in_its_areas(
            self, engine: EngineRun, inputs: tuple[date, list[Job], list[Dispute], str,
                                                   Viewer]) -> None:
        night, job_list, disputes, tz, viewer = inputs
        kept, kept_disputes = _seen(job_list, disputes, viewer)
        assert (engine.evaluate(job_list, night, disputes=disputes, tz=tz, viewer=viewer)
                == engine.evaluate(kept, night, disputes=kept_disputes, tz=tz))

    @LEAN
    @given(scoped_inputs())
    def test_a_viewer_assigned_to_every_area_sees_what_the_owner_sees(
            self, engine: EngineRun, inputs: tuple[date, list[Job], list[Dispute], str,
                                                   Viewer]) -> None:
        night, job_list, disputes, tz, _ = inputs
        everywhere = Viewer(AREAS)
        assert (engine.evaluate(job_list, night, disputes=disputes, tz=tz, viewer=everywhere)
                == engine.evaluate(job_list, night, disputes=disputes, tz=tz))

    def test_an_account_with_no_job_in_the_viewers_areas_is_not_shown(
            self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", account_id="A", coverage_area="North"),
                    make_job(job_id="J2", account_id="B", coverage_area="South")]
        assert list(engine.evaluate(job_list, NIGHT, viewer=Viewer({"North"}),
                                    tz="UTC").accounts) == ["A"]

    def test_the_whole_input_is_validated_whatever_the_viewer_sees(self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", coverage_area="North"),
                    make_job(job_id="J2", coverage_area="South")]
        with pytest.raises(InvalidInputError, match="J9"):
            engine.evaluate(job_list, NIGHT, disputes=[make_dispute("J9")],
                            viewer=Viewer({"North"}),
                    tz="UTC")


class TestScopedViews:
    """SPEC §6: "sees only jobs in those areas, everywhere (summary, dashboard, issue
    list)". Each view, called with a viewer, equals the same view over the jobs of the
    viewer's areas only: no figure of a job outside them can leak in."""

    @LEAN
    @given(scoped_inputs())
    def test_a_scoped_breakdown_equals_the_breakdown_of_the_jobs_in_its_areas(
            self, engine: EngineRun, inputs: tuple[date, list[Job], list[Dispute], str,
                                                   Viewer]) -> None:
        night, job_list, disputes, tz, viewer = inputs
        kept, kept_disputes = _seen(job_list, disputes, viewer)
        by = ("profession", "technician_id")
        assert (engine.breakdown(job_list, night, by, disputes=disputes, tz=tz, viewer=viewer)
                == engine.breakdown(kept, night, by, disputes=kept_disputes, tz=tz))

    @LEAN
    @given(scoped_inputs())
    def test_a_scoped_summary_equals_the_summary_of_the_jobs_in_its_areas(
            self, engine: EngineRun, inputs: tuple[date, list[Job], list[Dispute], str,
                                                   Viewer]) -> None:
        night, job_list, disputes, tz, viewer = inputs
        kept, kept_disputes = _seen(job_list, disputes, viewer)
        assert (engine.summary(job_list, night, disputes=disputes, tz=tz, viewer=viewer)
                == engine.summary(kept, night, disputes=kept_disputes, tz=tz))

    @LEAN
    @given(scoped_inputs())
    def test_a_scoped_issue_list_shows_only_and_all_the_jobs_in_its_areas(
            self, engine: EngineRun, inputs: tuple[date, list[Job], list[Dispute], str,
                                                   Viewer]) -> None:
        night, job_list, disputes, tz, viewer = inputs
        kept, kept_disputes = _seen(job_list, disputes, viewer)
        rows = engine.issue_list(job_list, night, disputes=disputes, tz=tz, viewer=viewer)
        assert rows == engine.issue_list(kept, night, disputes=kept_disputes, tz=tz)
        assert all(row.coverage_area in viewer.areas for row in rows)

    @LEAN
    @given(scoped_inputs(), st.sampled_from(("hg_claim_rate", "customer_feedback_rating",
                                             "defect_free_rate")))
    def test_a_scoped_explanation_equals_the_explanation_of_the_jobs_in_its_areas(
            self, engine: EngineRun, inputs: tuple[date, list[Job], list[Dispute], str,
                                                   Viewer], metric: str
    ) -> None:
        night, job_list, disputes, tz, viewer = inputs
        kept, kept_disputes = _seen(job_list, disputes, viewer)
        for account_id in sorted({job.account_id for job in kept}):
            result = engine.explain(job_list, night, metric, disputes=disputes, tz=tz,
                                    viewer=viewer,
                             account=account_id)
            assert result == engine.explain(kept, night, metric, disputes=kept_disputes, tz=tz,
                                     account=account_id)
            shown = {row.job_id for row in result.rows}
            assert shown <= {job.job_id for job in kept}

    @LEAN
    @given(scoped_inputs())
    def test_a_scoped_history_equals_the_history_of_the_jobs_in_its_areas(
            self, engine: EngineRun, inputs: tuple[date, list[Job], list[Dispute], str,
                                                   Viewer]) -> None:
        night, job_list, disputes, tz, viewer = inputs
        kept, kept_disputes = _seen(job_list, disputes, viewer)
        last = date.fromordinal(night.toordinal() + 5)
        assert (engine.history(job_list, night, last, disputes=disputes, tz=tz, viewer=viewer)
                == engine.history(kept, night, last, disputes=kept_disputes, tz=tz))

    def test_explaining_an_account_outside_the_viewers_areas_is_refused(
            self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", account_id="A", coverage_area="North"),
                    make_job(job_id="J2", account_id="B", coverage_area="South")]
        with pytest.raises(InvalidArgumentError, match="'B'"):
            engine.explain(job_list, NIGHT, "hg_claim_rate", account="B", viewer=Viewer({"North"}),
                    tz="UTC")
