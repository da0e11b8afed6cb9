"""What equality means for figures and results (docs/equality.md), and that frozen results
are hashable (issue 9)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from strategies import make_dispute, make_job

import svcperf
from svcperf import Dataset, Figure, Ratio, Target

NIGHT = date(2026, 9, 14)


def _results() -> dict[str, object]:
    data = Dataset([make_job(), make_job(job_id="J2", coverage_area="South",
                                         hg_claim_at=make_job().closed_at)],
                   [make_dispute(job_id="J2", outcome=svcperf.DisputeOutcome.DENIED)])
    board = svcperf.dashboard(data, NIGHT, ["coverage_area"], tz="UTC")
    return {
        "evaluation": board.evaluation, "account": board.evaluation["acct-1"],
        "figure": board.evaluation["acct-1"]["hg_claim_rate"], "dashboard": board,
        "breakdown": board["coverage_area"],
        "summary": svcperf.summary(data, NIGHT, tz="UTC"),
        "issue list": svcperf.issue_list(data, NIGHT, tz="UTC"),
        "explanation": svcperf.explain(data, NIGHT, "hg_claim_rate", tz="UTC"),
        "history": svcperf.history(data, NIGHT, NIGHT, tz="UTC"),
        "outlook": svcperf.outlook(data, NIGHT, tz="UTC"),
    }


class TestResults:
    @pytest.mark.parametrize("name", list(_results()))
    def test_a_result_is_hashable_and_equal_to_the_same_result_made_again(
            self, name: str) -> None:
        first, again = _results()[name], _results()[name]
        assert first == again
        assert hash(first) == hash(again)
        assert first is not again

    def test_a_result_of_other_data_is_unequal(self) -> None:
        one = svcperf.evaluate([make_job()], NIGHT, tz="UTC")
        other = svcperf.evaluate([make_job(reschedule_attributed=True)], NIGHT, tz="UTC")
        assert one != other
        assert one["acct-1"]["hg_claim_rate"] == other["acct-1"]["hg_claim_rate"]


class TestFigures:
    def test_ratios_are_equal_by_their_counts_and_compare_their_values_exactly(self) -> None:
        assert Ratio(1, 2) != Ratio(2, 4)
        assert Ratio(1, 2).value == Ratio(2, 4).value == Fraction(1, 2)

    def test_no_data_is_none_never_zero_nor_nan(self) -> None:
        assert Ratio(0, 0).value is None
        assert Ratio(0, 1).value == 0

    def test_a_figure_equals_only_a_figure_of_the_same_counts_and_target(self) -> None:
        target = Target.at_most("1%")
        one = Figure("hg_claim_rate", "HG", 1, 100, target)
        assert one == Figure("hg_claim_rate", "HG", 1, 100, Target.at_most("1%"))
        # A target is also equal by how it is shown: 1 % is not written 0.01.
        assert one != Figure("hg_claim_rate", "HG", 1, 100, Target.at_most(Fraction(1, 100)))
        assert one != Figure("hg_claim_rate", "HG", 2, 200, target)
        assert one.value == Figure("hg_claim_rate", "HG", 2, 200, target).value
