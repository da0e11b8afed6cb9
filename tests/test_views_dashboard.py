"""The dashboard: `evaluate` and several breakdowns in one pass over the jobs."""

from __future__ import annotations

from datetime import date

from engine_runs import EngineRun
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import AREAS, make_job, night_data

from svcperf import (
    Dispute,
    Job,
    Viewer,
)

LEAN = settings(max_examples=max(10, settings().max_examples // 4))
BYS = st.lists(st.sampled_from(("coverage_area", "profession", "technician_id",
                                ("coverage_area", "profession"))), max_size=3)


class TestDashboard:
    """SPEC §6: "Breakdown: every service level per value of a job attribute"; the
    dashboard gives the account-wide figures and every breakdown asked for at once."""

    @LEAN
    @given(data=night_data(), by=BYS, areas=st.frozensets(st.sampled_from(AREAS), max_size=2))
    def test_it_equals_evaluate_and_each_breakdown_computed_alone(
            self, engine: EngineRun, data: tuple[date, list[Job], list[Dispute], str],
            by: list[str | tuple[str, ...]], areas: frozenset[str]) -> None:
        night, job_list, disputes, tz = data
        viewer = Viewer(areas)
        board = engine.dashboard(job_list, night, by, disputes=disputes, tz=tz, viewer=viewer)
        assert board.evaluation == engine.evaluate(job_list, night, disputes=disputes, tz=tz,
                                            viewer=viewer)
        assert list(board.breakdowns) == [
            engine.breakdown(job_list, night, attribute, disputes=disputes, tz=tz, viewer=viewer)
            for attribute in by]

    def test_a_breakdown_asked_twice_is_listed_twice_and_keyed_once(
            self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1", profession="Plumbing"),
                    make_job(job_id="J2", profession="HVAC")]
        board = engine.dashboard(job_list, date(2026, 9, 14),
                                 ["profession", "coverage_area", "profession"], tz="UTC")
        assert [found.by for found in board.breakdowns] == [
            "profession", "coverage_area", "profession"]
        assert board.breakdowns[0] == board.breakdowns[2]
        assert list(board) == ["profession", "coverage_area"] and len(board) == 2
        assert board["profession"] is board.breakdowns[0]

    def test_with_no_attribute_it_is_the_evaluation_alone(self, engine: EngineRun) -> None:
        job_list = [make_job(job_id="J1"), make_job(job_id="J2", reschedule_attributed=True)]
        board = engine.dashboard(job_list, date(2026, 9, 14), tz="UTC")
        assert board.breakdowns == ()
        assert board.evaluation["acct-1"]["reschedule_rate"].numerator == 1
