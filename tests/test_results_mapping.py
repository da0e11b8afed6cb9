"""Results are read-only mappings: `len`, `in`, iteration over keys, `keys`, `items`,
`values` and lookups by name, with equality by value and short one-line reprs."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pytest
from hypothesis import given
from strategies import NIGHT, make_job, night_data, utc

from svcperf import (
    SERVICE_LEVELS,
    Dashboard,
    Evaluation,
    History,
    Job,
    dashboard,
    evaluate,
    explain,
    history,
)
from svcperf.evaluation import AccountResult, Performance
from svcperf.views import Breakdown

LEVEL_KEYS = [level.key for level in SERVICE_LEVELS]


@pytest.fixture(scope="module")
def jobs() -> list[Job]:
    return [make_job(job_id="J1", account_id="A", technician_id="t1"),
            make_job(job_id="J2", account_id="B", technician_id=None, rating=1,
                     rated_at=utc(2026, 9, 14, 18)),
            make_job(job_id="J3", account_id="B", coverage_area="South")]


@pytest.fixture(scope="module")
def board(jobs: list[Job]) -> Dashboard:
    return dashboard(jobs, NIGHT, by=["technician_id", ("coverage_area", "profession")], tz="UTC")


class TestEvaluation:
    def test_it_maps_account_ids_to_their_results(self, jobs: list[Job]) -> None:
        result = evaluate(jobs, NIGHT, tz="UTC")
        assert isinstance(result, Mapping)
        assert len(result) == 2 and list(result) == ["A", "B"] and list(result.keys()) == ["A", "B"]
        assert "B" in result and "C" not in result
        assert dict(result) == dict(result.accounts)
        assert list(result.values()) == [result["A"], result["B"]]
        assert [key for key, _ in result.items()] == ["A", "B"]
        assert result.get("C") is None

    def test_an_unknown_account_is_a_key_error(self, jobs: list[Job]) -> None:
        with pytest.raises(KeyError):
            evaluate(jobs, NIGHT, tz="UTC")["C"]

    @given(night_data())
    def test_it_holds_exactly_the_accounts_of_the_data(
            self, data: tuple[date, list[Job], list[object], str]) -> None:
        night, job_list, disputes, zone = data
        result = evaluate(job_list, night, disputes=disputes, tz=zone)  # type: ignore[arg-type]
        assert set(result) == {job.account_id for job in job_list}
        assert len(result) == len({job.account_id for job in job_list})
        for account_id, account in result.items():
            assert account.account_id == account_id
            assert list(account) == LEVEL_KEYS

    def test_equality_is_by_value_never_by_items_alone(self, jobs: list[Job]) -> None:
        first, again = evaluate(jobs, NIGHT, tz="UTC"), evaluate(jobs, NIGHT, tz="UTC")
        assert first == again
        assert first != dict(first)  # same items, but not an Evaluation with its window
        assert first != evaluate(jobs, date(2026, 9, 13), tz="UTC")  # same accounts, another window

    @pytest.mark.parametrize("result_class", [Performance, AccountResult, Evaluation,
                                              Breakdown, Dashboard, History])
    def test_hashing_is_not_disabled_by_mapping(self, result_class: type) -> None:
        assert result_class.__hash__ is not None
        assert result_class.__eq__ is not Mapping.__eq__  # type: ignore[comparison-overlap]


class TestAccountResult:
    def test_it_maps_the_seven_level_keys_to_figures(self, jobs: list[Job]) -> None:
        account = evaluate(jobs, NIGHT, tz="UTC")["B"]
        assert list(account) == LEVEL_KEYS and len(account) == 7
        assert "hg_claim_rate" in account and "defect_free_rate" not in account
        assert dict(account.items()) == dict(account.figures)
        assert [figure.key for figure in account.values()] == LEVEL_KEYS

    def test_its_repr_is_one_short_line(self, jobs: list[Job]) -> None:
        shown = repr(evaluate(jobs, NIGHT, tz="UTC")["B"])
        assert shown.startswith("<AccountResult 'B' ") and "\n" not in shown


class TestDashboard:
    def test_it_maps_each_attribute_to_its_breakdown(self, board: Dashboard) -> None:
        assert list(board) == ["technician_id", ("coverage_area", "profession")]
        assert len(board) == 2
        assert board["technician_id"] is board.breakdowns[0]
        assert board["coverage_area", "profession"] is board.breakdowns[1]
        assert "profession" not in board
        assert dict(board.items()) == {found.by: found for found in board.breakdowns}

    def test_an_attribute_asked_twice_is_one_key(self, jobs: list[Job]) -> None:
        twice = dashboard(jobs, NIGHT, by=["profession", "profession"], tz="UTC")
        assert list(twice) == ["profession"] and len(twice) == 1

    def test_an_attribute_not_asked_for_is_a_key_error(self, board: Dashboard) -> None:
        with pytest.raises(KeyError):
            board["channel"]

    def test_it_keeps_its_evaluation_and_breakdowns(self, jobs: list[Job],
                                                    board: Dashboard) -> None:
        assert board.evaluation == evaluate(jobs, NIGHT, tz="UTC")
        assert len(board.breakdowns) == 2


class TestBreakdown:
    def test_it_maps_accounts_to_their_slices(self, board: Dashboard) -> None:
        by_technician = board["technician_id"]
        assert list(by_technician) == ["A", "B"] and len(by_technician) == 2
        assert list(by_technician["B"]) == [None]
        assert list(by_technician["A"]) == ["t1"]
        assert dict(by_technician) == dict(by_technician.accounts)

    def test_its_repr_is_one_short_line(self, board: Dashboard) -> None:
        shown = repr(board["coverage_area", "profession"])
        assert shown.startswith("<Breakdown by coverage_area × profession ")
        assert "\n" not in shown and len(shown) < 120


class TestHistory:
    def test_it_maps_accounts_to_their_nightly_results(self, jobs: list[Job]) -> None:
        result = history(jobs, date(2026, 9, 10), NIGHT, tz="UTC")
        assert list(result) == ["A", "B"] and len(result) == 2 and "A" in result
        assert len(result["A"]) == len(result.nights) == 5
        assert dict(result["A"][-1]) == dict(evaluate(jobs, NIGHT, tz="UTC")["A"])
        assert dict(result.items()) == dict(result.accounts)

    def test_its_repr_is_one_short_line(self, jobs: list[Job]) -> None:
        assert repr(history(jobs, date(2026, 9, 10), NIGHT, tz="UTC")) == (
            "<History 2026-09-10 to 2026-09-14 in UTC (60-day windows): 2 accounts>")


class TestExplanation:
    def test_its_repr_is_one_short_line(self, jobs: list[Job]) -> None:
        shown = repr(explain(jobs, NIGHT, "negative_feedback_rate", account="B", tz="UTC"))
        assert shown == "<Explanation negative_feedback_rate of 'B': 1/1, 2 jobs>"
