"""Headroom, clean jobs needed and issues to remove (SPEC §9), pinned to `Target.met_by`."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from svcperf import Figure, Target
from svcperf.headroom import room

RATE_THRESHOLDS = st.sampled_from(("0%", "1%", "2.5%", "10%", "50%", "100%")) | st.fractions(
    0, 1, max_denominator=1000)
RATING_THRESHOLDS = st.sampled_from(("1", "4.7", "4.95", "5", "3")) | st.fractions(
    1, 5, max_denominator=100)


def _meets(target: Target, numerator: int, denominator: int) -> bool:
    met = target.met_by(Fraction(numerator, denominator))
    assert met is not None
    return met


@st.composite
def rates(draw: st.DrawFn) -> Figure:
    """A rate figure of a level other than the negative feedback rate."""
    denominator = draw(st.integers(1, 2000))
    numerator = draw(st.integers(0, denominator))
    key = draw(st.sampled_from(("hg_claim_rate", "cancellation_rate", "late_completion_rate")))
    return Figure(key, key, numerator, denominator, Target.at_most(draw(RATE_THRESHOLDS)))


@st.composite
def ratings(draw: st.DrawFn) -> tuple[Figure, dict[int, int]]:
    """A rating figure and the star distribution it was made of."""
    stars = {star: draw(st.integers(0, 60)) for star in range(1, 6)}
    assume(sum(stars.values()) > 0)
    figure = Figure("customer_feedback_rating", "CFR", sum(s * n for s, n in stars.items()),
                    sum(stars.values()), Target.at_least(draw(RATING_THRESHOLDS)), "stars")
    return figure, stars


class TestHeadroom:
    """SPEC §9: "the largest n such that n more jobs with that issue in the window (each
    adding 1 to the numerator and 1 to the denominator) still meet it"; for the rating,
    more 1-star ratings."""

    @given(rates())
    def test_n_more_issue_jobs_still_meet_and_one_more_misses(self, figure: Figure) -> None:
        assume(figure.meets_target)
        assert figure.target is not None
        n = room(figure).headroom
        if n is None:
            assert figure.target.threshold >= 1
            assert _meets(figure.target, figure.numerator + 10**6, figure.denominator + 10**6)
            return
        assert _meets(figure.target, figure.numerator + n, figure.denominator + n)
        assert not _meets(figure.target, figure.numerator + n + 1, figure.denominator + n + 1)

    @given(ratings())
    def test_n_more_1_star_ratings_still_meet_and_one_more_misses(
            self, drawn: tuple[Figure, dict[int, int]]) -> None:
        figure, _ = drawn
        assume(figure.meets_target)
        assert figure.target is not None
        n = room(figure).headroom
        if n is None:
            assert figure.target.threshold <= 1
            return
        assert _meets(figure.target, figure.numerator + n, figure.denominator + n)
        assert not _meets(figure.target, figure.numerator + n + 1, figure.denominator + n + 1)

    def test_a_figure_that_misses_or_has_no_data_has_no_headroom(self) -> None:
        target = Target.at_most("1%")
        assert room(Figure("hg_claim_rate", "HG", 2, 100, target)).headroom is None
        assert room(Figure("hg_claim_rate", "HG", 0, 0, target)).note == "no data"


class TestCleanJobsNeeded:
    """SPEC §9: "the smallest k such that k more issue-free jobs (denominator + k) meet
    it; for the rating, the smallest k such that k more 5-star ratings meet it"."""

    @given(rates())
    def test_k_clean_jobs_meet_and_one_fewer_does_not(self, figure: Figure) -> None:
        assume(figure.meets_target is False)
        assert figure.target is not None
        k = room(figure).clean_jobs_needed
        if k is None:
            assert figure.target.threshold == 0
            return
        assert _meets(figure.target, figure.numerator, figure.denominator + k)
        assert not _meets(figure.target, figure.numerator, figure.denominator + k - 1)

    @given(ratings())
    def test_k_5_star_ratings_meet_and_one_fewer_does_not(
            self, drawn: tuple[Figure, dict[int, int]]) -> None:
        figure, _ = drawn
        assume(figure.meets_target is False)
        assert figure.target is not None
        k = room(figure).clean_jobs_needed
        if k is None:
            assert figure.target.threshold >= 5
            return
        assert _meets(figure.target, figure.numerator + 5 * k, figure.denominator + k)
        assert not _meets(figure.target, figure.numerator + 5 * (k - 1), figure.denominator + k - 1)

    def test_a_zero_percent_target_never_comes_back_with_clean_jobs(self) -> None:
        result = room(Figure("reschedule_rate", "R", 1, 10, Target.at_most("0%")))
        assert result.clean_jobs_needed is None
        assert "no number of issue-free jobs" in result.note


class TestIssuesToRemove:
    """SPEC §9: "the smallest number of numerator jobs whose issue, removed (by a
    granted dispute: the job stays in the denominator), meets it; for the rating, the
    smallest number of its lowest ratings whose removal from R meets it"."""

    @given(rates())
    def test_removing_m_issues_meets_and_one_fewer_does_not(self, figure: Figure) -> None:
        assume(figure.meets_target is False)
        assert figure.target is not None
        m = room(figure).issues_to_remove
        assert m is not None and 1 <= m <= figure.numerator
        assert _meets(figure.target, figure.numerator - m, figure.denominator)
        assert not _meets(figure.target, figure.numerator - m + 1, figure.denominator)

    @given(st.integers(1, 500), st.data())
    def test_a_negative_feedback_removal_takes_the_rating_out_of_r(
            self, denominator: int, data: st.DataObject) -> None:
        numerator = data.draw(st.integers(0, denominator))
        target = Target.at_most(data.draw(RATE_THRESHOLDS))
        figure = Figure("negative_feedback_rate", "NF", numerator, denominator, target)
        assume(figure.meets_target is False)
        m = room(figure).issues_to_remove
        if m is None:
            assert not _meets(target, 0, 1) or numerator == denominator
            return
        assert m < denominator
        assert _meets(target, numerator - m, denominator - m)
        assert not _meets(target, numerator - m + 1, denominator - m + 1)

    @given(ratings())
    def test_removing_the_m_lowest_ratings_meets_and_one_fewer_does_not(
            self, drawn: tuple[Figure, dict[int, int]]) -> None:
        figure, stars = drawn
        assume(figure.meets_target is False)
        assert figure.target is not None
        m = room(figure, stars).issues_to_remove
        ordered = sorted(star for star, count in stars.items() for _ in range(count))
        if m is None:
            assert max(ordered) < figure.target.threshold
            return
        left, fewer = ordered[m:], ordered[m - 1:]
        assert left and _meets(figure.target, sum(left), len(left))
        assert not _meets(figure.target, sum(fewer), len(fewer))

    def test_without_the_star_distribution_the_rating_has_no_answer(self) -> None:
        figure = Figure("customer_feedback_rating", "CFR", 4, 1, Target.at_least("4.7"), "stars")
        assert room(figure).issues_to_remove is None
        assert room(figure).note == "the star distribution is not known"
