"""Evaluating jobs: tallies, figures, status, every account (SPEC §3–§5)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from operator import attrgetter, itemgetter

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import (
    AS_OF,
    NIGHT,
    WINDOW_START,
    disputes_for,
    instants,
    job_lists,
    jobs,
    make_dispute,
    make_job,
    nights,
    utc,
    zones,
)

from svcperf import (
    SEED_TARGETS,
    SERVICE_LEVELS,
    Dispute,
    DisputeOutcome,
    Evaluation,
    InvalidArgumentError,
    InvalidInputError,
    IssueType,
    Job,
    JobStatus,
    Status,
    Tally,
    Target,
    TargetSet,
    Window,
    evaluate,
)
from svcperf.evaluation import fold, performance
from svcperf.facts import DisputeIndex, job_facts, outside_window
from svcperf.tally import TallyCounter
from svcperf.zones import local_date

RATED_AT = utc(2026, 9, 14, 18)
CANCELLED = JobStatus.CANCELLED
NO_DATA_TARGETS = TargetSet(utc(2000, 1, 1), {})

#: Property tests that build whole data sets run fewer examples than the profile's.
FEW = settings(max_examples=min(settings().max_examples, 120))


def _jobs(count: int, **fields: object) -> list[Job]:
    return [make_job(job_id=f"{fields.get('job_id', 'J')}{i}", **{
        k: v for k, v in fields.items() if k != "job_id"}) for i in range(count)]


def _figures(jobs: Sequence[Job], disputes: Sequence[Dispute] = (),
             account: str = "acct-1") -> dict[str, tuple[int, int]]:
    result = evaluate(jobs, NIGHT, disputes=disputes, tz="UTC")[account]
    return {key: (figure.numerator, figure.denominator) for key, figure in result.figures.items()}


def _tallies(evaluation: Evaluation) -> dict[str, tuple[Tally, Status]]:
    return {key: (result.tally, result.status) for key, result in evaluation.accounts.items()}


@st.composite
def data_sets(draw: st.DrawFn, max_size: int = 20) -> tuple[Window, list[Job], list[Dispute]]:
    """A night window in some zone, jobs around it, and disputes on those jobs."""
    window = Window.for_night(draw(nights()), draw(zones))
    job_list = draw(job_lists(around=window.end - timedelta(days=30), max_size=max_size))
    return window, job_list, draw(disputes_for(job_list, max_size=2 * max_size))


class TestEvaluate:
    def test_every_account_in_the_input_gets_a_result_even_with_only_open_jobs(self) -> None:
        result = evaluate([make_job(), make_job(job_id="J2", account_id="acct-2",
                                                status=JobStatus.OPEN, closed_at=None)], NIGHT,
                                                        tz="UTC")
        assert list(result.accounts) == ["acct-1", "acct-2"]
        idle = result["acct-2"]
        assert idle.tally == Tally()
        assert {f.value for f in idle.figures.values()} == {None}
        assert {f.meets_target for f in idle.figures.values()} == {None}
        assert idle.status is Status.GOOD_STANDING

    def test_an_account_with_jobs_only_outside_the_window_gets_a_result_without_data(
            self) -> None:
        result = evaluate([make_job(closed_at=WINDOW_START - timedelta(days=1), rating=1,
                                    rated_at=RATED_AT)], NIGHT, tz="UTC")
        assert result["acct-1"].tally == Tally()
        assert result["acct-1"].status is Status.GOOD_STANDING

    def test_each_result_carries_its_account_id(self) -> None:
        result = evaluate([make_job(job_id="B", account_id="b"),
                           make_job(job_id="A", account_id="a", status=JobStatus.OPEN,
                                    closed_at=None)], NIGHT, tz="UTC")
        assert [(key, account.account_id) for key, account in result.accounts.items()] == [
            ("a", "a"), ("b", "b")]

    def test_no_jobs_gives_no_accounts(self) -> None:
        assert dict(evaluate([], NIGHT, tz="UTC").accounts) == {}

    def test_accounts_are_kept_apart_and_sorted(self) -> None:
        result = evaluate([make_job(job_id="B", account_id="b"),
                           make_job(job_id="A", account_id="a", hg_claim_at=RATED_AT)], NIGHT,
                                   tz="UTC")
        assert list(result.accounts) == ["a", "b"]
        assert (result["a"].tally.hg_claim, result["b"].tally.hg_claim) == (1, 0)

    def test_the_window_of_a_night_is_its_last_60_local_days_in_tz(self) -> None:
        result = evaluate([], NIGHT, tz="America/Chicago")
        assert (result.window.start, result.window.end) == (utc(2026, 7, 17, 5),
                                                            utc(2026, 9, 15, 5))

    def test_a_shorter_window_counts_only_its_days(self) -> None:
        old = make_job(job_id="old", closed_at=utc(2026, 9, 1))
        result = evaluate([old, make_job()], NIGHT, days=7, tz="UTC")
        assert result["acct-1"].tally.jobs == 1

    def test_an_instant_as_of_ends_the_window_there(self) -> None:
        result = evaluate([make_job(closed_at=utc(2026, 9, 14, 15))], utc(2026, 9, 14, 15),
                tz="UTC")
        assert result["acct-1"].tally.jobs == 0
        assert result.window.start == utc(2026, 7, 16, 15)

    def test_a_naive_as_of_is_an_invalid_argument(self) -> None:
        with pytest.raises(InvalidArgumentError, match="as_of"):
            evaluate([make_job()], datetime(2026, 9, 15), tz="UTC")

    def test_an_unknown_zone_is_an_invalid_argument(self) -> None:
        with pytest.raises(InvalidArgumentError, match="tz"):
            evaluate([make_job()], NIGHT, tz="Mars/Olympus")

    def test_a_duplicate_job_id_is_invalid_input_naming_the_job_and_field(self) -> None:
        with pytest.raises(InvalidInputError) as caught:
            evaluate([make_job(), make_job(account_id="acct-2")], NIGHT, tz="UTC")
        [problem] = caught.value.problems
        assert (problem.record, problem.field) == ("job 'J1'", "job_id")

    def test_a_dispute_naming_an_unknown_job_is_invalid_input(self) -> None:
        with pytest.raises(InvalidInputError) as caught:
            evaluate([make_job()], NIGHT, disputes=[make_dispute(job_id="J9")], tz="UTC")
        [problem] = caught.value.problems
        assert (problem.record, problem.field, problem.got) == (
            "dispute #1 on job 'J9'", "job_id", "J9")

    def test_every_reference_problem_is_listed_at_once(self) -> None:
        with pytest.raises(InvalidInputError) as caught:
            evaluate([make_job(), make_job(), make_job(job_id="J2"), make_job(job_id="J2")],
                     NIGHT, disputes=[make_dispute(job_id="X"), make_dispute(job_id="Y")], tz="UTC")
        assert caught.value.total == 4

    def test_the_target_set_used_is_reported(self) -> None:
        assert evaluate([], NIGHT, tz="UTC").targets is SEED_TARGETS


class TestReprs:
    """What a notebook or a debugger shows for a result: its verdict at a glance."""

    def test_a_figure_shows_its_ratio_target_and_verdict(self) -> None:
        result = evaluate([make_job(hg_claim_at=RATED_AT, reschedule_attributed=True),
                           make_job(job_id="J2", rating=5, rated_at=RATED_AT)], NIGHT,
                                   tz="UTC")["acct-1"]
        assert repr(result["hg_claim_rate"]) == "<Figure hg_claim_rate 1/2 target <= 1% MISSED>"
        assert repr(result["customer_feedback_rating"]) == (
            "<Figure customer_feedback_rating 5/1 target >= 4.7 met>")
        idle = evaluate([make_job(closed_at=WINDOW_START - timedelta(days=1))], NIGHT, tz="UTC")
        assert repr(idle["acct-1"]["late_completion_rate"]) == (
            "<Figure late_completion_rate no data target <= 1% ->")

    def test_a_result_shows_its_account_status_jobs_and_missed_levels(self) -> None:
        result = evaluate([make_job(hg_claim_at=RATED_AT, reschedule_attributed=True),
                           make_job(job_id="J2", account_id="acct-2"),
                           make_job(job_id="J3", account_id="acct-3")], NIGHT, tz="UTC")
        assert repr(result["acct-1"]) == ("<AccountResult 'acct-1' attention: 1 jobs, missed "
                                          "hg_claim_rate, reschedule_rate>")
        assert repr(result["acct-2"]) == (
            "<AccountResult 'acct-2' good_standing: 1 jobs, every target met>")
        assert repr(performance(result["acct-2"].tally, SEED_TARGETS)) == (
            "<Performance good_standing: 1 jobs, every target met>")
        assert repr(result) == (f"<Evaluation as of {AS_OF.isoformat()} from "
                                f"{WINDOW_START.isoformat()}: 3 accounts, 1 in attention>")


class TestWindowMembership:
    def test_a_job_closed_exactly_at_the_window_start_counts(self) -> None:
        assert evaluate([make_job(closed_at=WINDOW_START)], NIGHT,
                tz="UTC")["acct-1"].tally.jobs == 1

    def test_a_job_closed_exactly_at_as_of_does_not_count(self) -> None:
        assert evaluate([make_job(closed_at=AS_OF)], NIGHT, tz="UTC")["acct-1"].tally.jobs == 0

    def test_open_jobs_never_count_whatever_they_carry(self) -> None:
        job = make_job(status=JobStatus.OPEN, rating=1, rated_at=RATED_AT,
                       hg_claim_at=RATED_AT, reschedule_attributed=True,
                       appointment_date=date(2026, 9, 1))
        assert evaluate([job], NIGHT, disputes=[make_dispute()],
                tz="UTC")["acct-1"].tally == Tally()


class TestFeedbackLevels:
    def test_the_rating_is_the_mean_of_counted_stars_over_rated_completed_jobs(self) -> None:
        jobs = [make_job(job_id="a", rating=5, rated_at=RATED_AT),
                make_job(job_id="b", rating=2, rated_at=RATED_AT),
                make_job(job_id="unrated")]
        figures = _figures(jobs)
        assert figures["customer_feedback_rating"] == (7, 2)
        assert figures["negative_feedback_rate"] == (1, 2)

    def test_ratings_on_cancelled_jobs_are_left_out_with_a_warning(self) -> None:
        job = make_job(status=CANCELLED, rating=1, rated_at=RATED_AT)
        result = evaluate([job], NIGHT, tz="UTC")["acct-1"]
        assert result["customer_feedback_rating"].denominator == 0
        assert result["negative_feedback_rate"].denominator == 0
        assert result.warnings == ("job 'J1': rating on a cancelled job is ignored",)

    def test_a_rating_received_at_or_after_as_of_is_treated_as_absent(self) -> None:
        figures = _figures([make_job(rating=1, rated_at=AS_OF)])
        assert figures["customer_feedback_rating"] == (0, 0)

    def test_a_granted_negative_feedback_dispute_removes_the_rating_from_both_levels(
            self) -> None:
        jobs = [make_job(rating=1, rated_at=RATED_AT),
                make_job(job_id="J2", rating=5, rated_at=RATED_AT)]
        figures = _figures(jobs, [make_dispute(issue_type=IssueType.NEGATIVE_FEEDBACK)])
        assert figures["customer_feedback_rating"] == (5, 1)
        assert figures["negative_feedback_rate"] == (0, 1)
        assert figures["hg_claim_rate"] == (0, 2)

    @pytest.mark.parametrize("outcome", [DisputeOutcome.DENIED, DisputeOutcome.PENDING])
    def test_a_denied_or_pending_dispute_changes_nothing(self, outcome: DisputeOutcome) -> None:
        jobs = [make_job(rating=1, rated_at=RATED_AT)]
        assert _figures(jobs, [make_dispute(issue_type=IssueType.NEGATIVE_FEEDBACK,
                                            outcome=outcome)]) == _figures(jobs)

    def test_a_dispute_granted_at_as_of_is_not_yet_known(self) -> None:
        jobs = [make_job(rating=1, rated_at=RATED_AT)]
        dispute = make_dispute(issue_type=IssueType.NEGATIVE_FEEDBACK, decided_at=AS_OF)
        assert _figures(jobs, [dispute]) == _figures(jobs)

    def test_47_stars_over_10_ratings_meets_a_4_7_target(self) -> None:
        jobs = [make_job(job_id=f"J{i}", rating=5 if i < 7 else 4, rated_at=RATED_AT)
                for i in range(10)]
        result = evaluate(jobs, NIGHT, tz="UTC")["acct-1"]
        assert result["customer_feedback_rating"].value == Fraction(47, 10)
        assert result["customer_feedback_rating"].meets_target is True
        assert result.status is Status.GOOD_STANDING

    def test_a_mean_of_14_thirds_misses_a_4_7_target(self) -> None:
        jobs = [make_job(job_id=f"J{i}", rating=r, rated_at=RATED_AT)
                for i, r in enumerate((5, 5, 4))]
        result = evaluate(jobs, NIGHT, tz="UTC")["acct-1"]
        assert result["customer_feedback_rating"].value == Fraction(14, 3)
        assert result.status is Status.ATTENTION


class TestRateLevels:
    def test_an_hg_claim_counts_on_completed_and_cancelled_jobs(self) -> None:
        jobs = [make_job(hg_claim_at=RATED_AT),
                make_job(job_id="J2", status=CANCELLED, hg_claim_at=RATED_AT), make_job(
                    job_id="J3")]
        assert _figures(jobs)["hg_claim_rate"] == (2, 3)

    def test_an_hg_claim_filed_at_as_of_is_treated_as_absent(self) -> None:
        assert _figures([make_job(hg_claim_at=AS_OF)])["hg_claim_rate"] == (0, 1)

    def test_a_granted_hg_dispute_removes_the_issue_but_keeps_the_job(self) -> None:
        jobs = [make_job(hg_claim_at=RATED_AT), make_job(job_id="J2")]
        assert _figures(jobs, [make_dispute()])["hg_claim_rate"] == (0, 2)

    def test_only_cancellations_attributed_to_the_provider_are_issues(self) -> None:
        jobs = [make_job(status=CANCELLED, cancel_attributed=True),
                make_job(job_id="J2", status=CANCELLED, cancel_attributed=False),
                make_job(job_id="J3", cancel_attributed=True)]
        assert _figures(jobs)["cancellation_rate"] == (1, 3)

    def test_only_reschedules_attributed_to_the_provider_are_issues(self) -> None:
        jobs = [make_job(reschedule_attributed=True),
                make_job(job_id="J2", status=CANCELLED, reschedule_attributed=True),
                make_job(job_id="J3")]
        assert _figures(jobs)["reschedule_rate"] == (2, 3)

    def test_the_arrival_window_is_inclusive_and_counts_cancelled_jobs(self) -> None:
        window = {"arrival_window_start": utc(2026, 9, 14, 8),
                  "arrival_window_end": utc(2026, 9, 14, 10)}
        jobs = [make_job(job_id="at-start", started_at=utc(2026, 9, 14, 8), **window),
                make_job(job_id="at-end", started_at=utc(2026, 9, 14, 10), **window),
                make_job(job_id="late", started_at=utc(2026, 9, 14, 10, 1), **window),
                make_job(job_id="early-cancelled", status=CANCELLED,
                         started_at=utc(2026, 9, 14, 7), **window),
                make_job(job_id="no-start", **window),
                make_job(job_id="no-window", started_at=utc(2026, 9, 14, 3))]
        assert _figures(jobs)["outside_arrival_window_rate"] == (2, 6)

    def test_late_completion_is_judged_in_the_jobs_own_zone(self) -> None:
        jobs = [make_job(job_id="auckland", timezone="Pacific/Auckland",
                         closed_at=utc(2026, 9, 14, 23)),
                make_job(job_id="chicago", timezone="America/Chicago",
                         appointment_date=date(2026, 9, 13), closed_at=utc(2026, 9, 14, 3)),
                make_job(job_id="cancelled", status=CANCELLED,
                         appointment_date=date(2026, 9, 1))]
        assert _figures(jobs)["late_completion_rate"] == (1, 3)

    def test_a_job_counts_once_in_a_numerator_however_many_disputes_it_has(self) -> None:
        job = make_job(hg_claim_at=RATED_AT, reschedule_attributed=True)
        disputes = [make_dispute(outcome=DisputeOutcome.DENIED),
                    make_dispute(outcome=DisputeOutcome.DENIED, decided_at=utc(2026, 9, 2)),
                    make_dispute(outcome=DisputeOutcome.PENDING)]
        figures = _figures([job], disputes)
        assert (figures["hg_claim_rate"], figures["reschedule_rate"]) == ((1, 1), (1, 1))
        twice = [make_dispute(), make_dispute(decided_at=utc(2026, 9, 3))]
        assert _figures([job], twice)["hg_claim_rate"] == (0, 1)

    def test_1_in_100_meets_a_1_percent_target_and_2_in_100_misses_it(self) -> None:
        jobs = [*_jobs(99), make_job(job_id="claimed", hg_claim_at=RATED_AT)]
        assert evaluate(jobs, NIGHT, tz="UTC")["acct-1"].status is Status.GOOD_STANDING
        jobs[0] = attrs.evolve(jobs[0], hg_claim_at=RATED_AT)
        result = evaluate(jobs, NIGHT, tz="UTC")["acct-1"]
        assert result["hg_claim_rate"].meets_target is False
        assert result.status is Status.ATTENTION

    def test_11_in_100_misses_a_10_percent_target(self) -> None:
        window = {"arrival_window_start": utc(2026, 9, 14, 8),
                  "arrival_window_end": utc(2026, 9, 14, 10),
                  "started_at": utc(2026, 9, 14, 11)}
        jobs = _jobs(89) + _jobs(11, job_id="late", **window)
        result = evaluate(jobs, NIGHT, tz="UTC")["acct-1"]
        assert result["outside_arrival_window_rate"].value == Fraction(11, 100)
        assert result["outside_arrival_window_rate"].meets_target is False
        jobs = _jobs(90) + _jobs(10, job_id="late", **window)
        assert evaluate(jobs, NIGHT, tz="UTC")["acct-1"].status is Status.GOOD_STANDING


class TestTargets:
    def test_the_target_set_in_force_at_as_of_is_used(self) -> None:
        stricter = TargetSet(AS_OF, {"reschedule_rate": Target.at_most("0%")})
        later = TargetSet(AS_OF + timedelta(seconds=1), {})
        jobs = [*_jobs(99), make_job(job_id="r", reschedule_attributed=True)]
        result = evaluate(jobs, NIGHT, targets=[SEED_TARGETS, stricter, later], tz="UTC")
        assert result.targets is stricter
        assert result["acct-1"].status is Status.ATTENTION
        assert evaluate(jobs, NIGHT - timedelta(days=1),
                        targets=[SEED_TARGETS, stricter, later], tz="UTC").targets is SEED_TARGETS

    def test_custom_targets_judge_the_same_figures(self) -> None:
        jobs = [make_job(rating=4, rated_at=RATED_AT)]
        owner = TargetSet(utc(2000, 1, 1), {"customer_feedback_rating": Target.at_least("4")})
        result = evaluate(jobs, NIGHT, targets=owner, tz="UTC")["acct-1"]
        assert result["customer_feedback_rating"].meets_target is True
        assert result["hg_claim_rate"].target is None
        assert result.status is Status.GOOD_STANDING

    def test_no_target_set_in_force_is_an_invalid_argument(self) -> None:
        with pytest.raises(InvalidArgumentError, match="no target set"):
            evaluate([], NIGHT, targets=TargetSet(AS_OF + timedelta(days=1), {}), tz="UTC")


class TestPerformance:
    def test_each_figure_carries_its_levels_key_name_and_unit(self) -> None:
        result = performance(Tally(jobs=2, completed=2, rated=1, stars=5), SEED_TARGETS)
        assert [(f.key, f.name, f.unit) for f in result.figures.values()] == [
            (level.key, level.name, level.unit) for level in SERVICE_LEVELS]
        assert (result.defect_free.key, result.defect_free.name) == (
            "defect_free_rate", "Defect-Free Rate")

    def test_with_no_data_every_value_and_check_is_none_and_status_good(self) -> None:
        result = performance(Tally(), SEED_TARGETS)
        assert {(f.value, f.meets_target) for f in result.figures.values()} == {(None, None)}
        assert result.status is Status.GOOD_STANDING
        assert result.defect_free.value is None

    def test_a_level_with_no_data_never_causes_attention_next_to_met_levels(self) -> None:
        result = performance(Tally(jobs=100, completed=100), SEED_TARGETS)
        assert result["customer_feedback_rating"].meets_target is None
        assert result.status is Status.GOOD_STANDING

    def test_the_defect_free_rate_never_changes_the_status(self) -> None:
        targets = TargetSet(utc(2000, 1, 1), {"defect_free_rate": Target.at_least("100%")})
        result = performance(Tally(jobs=2, completed=2, reschedule=1, jobs_with_issues=1,
                                   issues=1), targets)
        assert result.defect_free.meets_target is False
        assert result.status is Status.GOOD_STANDING

    def test_figures_compare_exactly_and_display_as_floats(self) -> None:
        result = performance(Tally(jobs=3, completed=3, hg_claim=1), SEED_TARGETS)
        assert result["hg_claim_rate"].value == Fraction(1, 3)
        assert result["hg_claim_rate"].display == pytest.approx(0.3333333)
        assert "1/3" in repr(result["hg_claim_rate"])

    @FEW
    @given(st.sampled_from(SERVICE_LEVELS), st.integers(1, 10 ** 6), st.integers(-1, 1))
    def test_a_figure_beside_its_seed_target_is_judged_exactly(
            self, service_level: object, denominator: int, step: int) -> None:
        """SPEC §4: "Comparisons with targets are **exact** ... floats are only for display"."""
        key = service_level.key  # type: ignore[attr-defined]
        target = SEED_TARGETS.get(key)
        assert target is not None
        threshold = target.threshold
        numerator = max(0, threshold.numerator * denominator // threshold.denominator + step)
        fields = {"customer_feedback_rating": ("stars", "rated"),
                  "negative_feedback_rate": ("negative_feedback", "rated")}.get(
            key, (key.removesuffix("_rate"), "jobs"))
        tally = Tally(**{fields[0]: numerator, fields[1]: denominator})
        exact = Fraction(numerator, denominator)
        met = exact >= threshold if key == "customer_feedback_rating" else exact <= threshold
        assert performance(tally, SEED_TARGETS)[key].meets_target is met


class TestFold:
    def test_only_the_keys_of_jobs_in_the_window_get_a_tally(self) -> None:
        jobs = [make_job(), make_job(job_id="J2", status=JobStatus.OPEN, closed_at=None,
                                     coverage_area="South")]
        folded = fold(jobs, Window.for_night(NIGHT, "UTC"), DisputeIndex(),
                      attrgetter("coverage_area"))
        assert folded.tallies() == {"North": Tally(jobs=1, completed=1)}
        assert folded.warnings_by() == {}

    def test_tallies_of_keys_with_the_same_projection_are_added_up(self) -> None:
        jobs = [make_job(), make_job(job_id="J2", coverage_area="South", rating=4,
                                     rated_at=RATED_AT),
                make_job(job_id="J3", account_id="acct-2", status=JobStatus.CANCELLED)]
        folded = fold(jobs, Window.for_night(NIGHT, "UTC"), DisputeIndex(),
                      attrgetter("account_id", "coverage_area"))
        assert folded.tallies() == {
            ("acct-1", "North"): Tally(jobs=1, completed=1),
            ("acct-1", "South"): Tally(jobs=1, completed=1, rated=1, stars=4),
            ("acct-2", "North"): Tally(jobs=1, cancelled=1)}
        assert folded.tallies(itemgetter(0)) == {
            "acct-1": Tally(jobs=2, completed=2, rated=1, stars=4),
            "acct-2": Tally(jobs=1, cancelled=1)}

    def test_warnings_come_in_job_order_under_each_jobs_key(self) -> None:
        def rated_cancelled(job_id: str, area: str) -> Job:
            return make_job(job_id=job_id, coverage_area=area, status=JobStatus.CANCELLED,
                            rating=5, rated_at=AS_OF - timedelta(hours=1))
        jobs = [rated_cancelled("J3", "North"), make_job(job_id="J1"),
                rated_cancelled("J2", "South"), rated_cancelled("J4", "North")]
        folded = fold(jobs, Window.for_night(NIGHT, "UTC"), DisputeIndex(),
                      attrgetter("account_id", "coverage_area"))
        message = "job {!r}: rating on a cancelled job is ignored".format
        assert folded.warnings_by(itemgetter(1)) == {"North": [message("J3"), message("J4")],
                                                     "South": [message("J2")]}
        assert folded.warnings_by(itemgetter(0)) == {
            "acct-1": [message("J3"), message("J2"), message("J4")]}


# --- Properties -------------------------------------------------------------------------


class TestEvaluateIgnoresOrder:
    """SPEC §4: every level is a ratio "computed over the jobs in the window" — a set: the
    order in which jobs and disputes come cannot matter."""

    @FEW
    @given(data_sets(max_size=6) | data_sets(), st.randoms(use_true_random=False))
    def test_shuffling_jobs_and_disputes_changes_no_figure(
            self, data: tuple[Window, list[Job], list[Dispute]], random: object) -> None:
        window, job_list, disputes = data
        shuffled_jobs, shuffled_disputes = list(job_list), list(disputes)
        random.shuffle(shuffled_jobs)  # type: ignore[attr-defined]
        random.shuffle(shuffled_disputes)  # type: ignore[attr-defined]
        before = evaluate(job_list, window, disputes=disputes, tz="UTC")
        after = evaluate(shuffled_jobs, window, disputes=shuffled_disputes, tz="UTC")
        assert _tallies(after) == _tallies(before)
        assert list(after.accounts) == list(before.accounts)
        for key, result in before.accounts.items():
            assert sorted(after[key].warnings) == sorted(result.warnings)


class TestFoldAddsUp:
    """Tally docstring: "Tallying parts of a job list and adding the parts gives exactly the
    tally of the whole" (what breakdowns and history rely on)."""

    @FEW
    @given(data_sets(), st.lists(st.integers(0, 3), min_size=20, max_size=20))
    def test_folding_parts_and_adding_their_tallies_equals_folding_the_whole(
            self, data: tuple[Window, list[Job], list[Dispute]], parts: list[int]) -> None:
        window, job_list, disputes = data
        index = DisputeIndex(disputes)

        key = attrgetter("account_id", "coverage_area")
        whole = fold(job_list, window, index, key)
        summed: dict[Hashable, Tally] = {}
        for part in range(4):
            chunk = [job for i, job in enumerate(job_list) if parts[i] == part]
            for key_value, tally in fold(chunk, window, index, key).tallies().items():
                summed[key_value] = summed.get(key_value, Tally()) + tally
        assert summed == whole.tallies()


class TestFoldCountsEachJobsFacts:
    """`fold` groups jobs with the same facts and counts each group per key at once, and
    hands the levels `as_of` in each job's own UTC offset: the tallies must be exactly
    those of adding each job of the window's `job_facts` one at a time."""

    @FEW
    @given(data_sets(), st.integers(0, 2))
    def test_the_tallies_are_the_sum_of_every_jobs_facts(
            self, data: tuple[Window, list[Job], list[Dispute]], copies: int) -> None:
        window, job_list, disputes = data
        # Copies of each job (under new ids) make groups of jobs with the same facts.
        job_list = job_list + [attrs.evolve(job, job_id=f"{job.job_id}/{n}")
                               for job in job_list for n in range(copies)]
        index = DisputeIndex(disputes)
        expected: dict[Hashable, TallyCounter] = {}
        for job in job_list:
            if outside_window(job, window) is None:
                facts = job_facts(job, window.end, index.granted(job.job_id, window.end))
                for key in (job.account_id, ("area", job.coverage_area)):
                    expected.setdefault(key, TallyCounter()).add(
                        job.status is JobStatus.COMPLETED, facts.stars, facts.issue_mask)
        folded = fold(job_list, window, index, attrgetter("account_id", "coverage_area"))
        assert {**folded.tallies(itemgetter(0)),
                **folded.tallies(lambda key: ("area", key[1]))} == {
            key: counter.tally() for key, counter in expected.items()}


class TestWindowEdges:
    """SPEC §3: "A job is **in the window** when its status is `completed` or `cancelled`
    and `window_start <= closed_at < as_of`"."""

    @FEW
    @given(nights(), zones, zones, st.sampled_from((JobStatus.COMPLETED, CANCELLED)),
           st.sampled_from((60, 7, 1)))
    def test_a_job_closed_at_the_start_counts_and_one_closed_at_as_of_does_not(
            self, night: date, name: str, shown_in: str, status: JobStatus,
            days: int) -> None:
        window = Window.for_night(night, name, days)
        from svcperf.zones import zone

        def count(closed_at: datetime) -> int:
            job = make_job(status=status, closed_at=closed_at.astimezone(zone(shown_in)))
            return evaluate([job], window, tz="UTC")["acct-1"].tally.jobs

        tick = timedelta(microseconds=1)
        assert count(window.start) == 1
        assert count(window.end - tick) == 1
        assert count(window.end) == 0
        assert count(window.start - tick) == 0


class TestKnowledgeTime:
    """SPEC §3: "a rating with `rated_at >= as_of`, an HG claim with `hg_claim_at >= as_of`,
    a dispute decided at or after `as_of` are treated as absent"."""

    @FEW
    @given(data_sets(), st.data())
    def test_a_fact_stamped_at_or_after_as_of_changes_no_figure(
            self, data: tuple[Window, list[Job], list[Dispute]], draw: st.DataObject) -> None:
        window, job_list, disputes = data
        if not job_list:
            return
        inside = [i for i, job in enumerate(job_list) if outside_window(job, window) is None]
        index = draw.draw(st.sampled_from(inside or range(len(job_list))))
        job = job_list[index]
        seconds = draw.draw(st.just(0) | st.integers(0, 10 * 86400))
        stamp = window.end + timedelta(seconds=seconds)
        kind = draw.draw(st.sampled_from(("rating", "hg_claim", "dispute")))
        more_jobs, more_disputes = list(job_list), list(disputes)
        if kind == "rating" and job.rating is None:
            more_jobs[index] = attrs.evolve(job, rating=draw.draw(st.integers(1, 5)),
                                            rated_at=stamp)
        elif kind == "hg_claim" and job.hg_claim_at is None:
            more_jobs[index] = attrs.evolve(job, hg_claim_at=stamp)
        else:
            flagged = job_facts(job, window.end, frozenset()).issues
            issue = draw.draw(st.sampled_from(flagged or tuple(IssueType)))
            more_disputes.append(make_dispute(job_id=job.job_id, decided_at=stamp,
                                              issue_type=issue))
        assert _tallies(evaluate(more_jobs, window, disputes=more_disputes, tz="UTC")) == _tallies(
            evaluate(job_list, window, disputes=disputes, tz="UTC"))


    @pytest.mark.parametrize(("closed_offset", "stamp_offset"), [(0, 0), (-5, -5), (-5, 3),
                                                                  (5.75, -9.5)])
    def test_facts_stamped_a_microsecond_before_as_of_count_in_any_offset(
            self, closed_offset: float, stamp_offset: float) -> None:
        def shown(instant: datetime, hours: float) -> datetime:
            return instant.astimezone(timezone(timedelta(hours=hours)))
        before = AS_OF - timedelta(microseconds=1)
        job = make_job(closed_at=shown(AS_OF - timedelta(hours=2), closed_offset), rating=2,
                       rated_at=shown(before, stamp_offset),
                       hg_claim_at=shown(before, stamp_offset))
        figures = _figures([job])
        assert figures["customer_feedback_rating"] == (2, 1)
        assert figures["negative_feedback_rate"] == (1, 1)
        assert figures["hg_claim_rate"] == (1, 1)
        dispute = make_dispute(decided_at=shown(before, stamp_offset))
        assert _figures([job], [dispute])["hg_claim_rate"] == (0, 1)


class TestDisputesOnlyRemove:
    """SPEC §4: "a `granted` dispute decided before `as_of` removes that issue from the job:
    the job stays in the denominator, leaves the numerator. For `negative_feedback` it
    removes the rating itself ... `denied` and `pending` disputes change nothing"."""

    ISSUES = tuple(issue.value for issue in IssueType)

    @FEW
    @given(data_sets())
    def test_granted_disputes_never_raise_a_numerator_and_only_drop_r(
            self, data: tuple[Window, list[Job], list[Dispute]]) -> None:
        window, job_list, disputes = data
        without = evaluate(job_list, window, tz="UTC")
        with_disputes = evaluate(job_list, window, disputes=disputes, tz="UTC")
        for key, result in without.accounts.items():
            before, after = result.tally, with_disputes[key].tally
            assert (after.jobs, after.completed, after.cancelled) == (before.jobs,
                                                                     before.completed,
                                                                     before.cancelled)
            assert after.rated <= before.rated
            assert after.stars <= before.stars
            for issue in self.ISSUES:
                assert getattr(after, issue) <= getattr(before, issue)
            assert after.issues <= before.issues

    @FEW
    @given(data_sets())
    def test_denied_and_pending_disputes_change_nothing(
            self, data: tuple[Window, list[Job], list[Dispute]]) -> None:
        window, job_list, disputes = data
        kept = [d for d in disputes if d.outcome is not DisputeOutcome.GRANTED]
        assert _tallies(evaluate(job_list, window, disputes=kept, tz="UTC")) == _tallies(
            evaluate(job_list, window, tz="UTC"))


class TestOpenJobsChangeNothing:
    """SPEC §4: "open jobs are ignored whatever else they carry" (yet their account gets a
    result, SPEC §5)."""

    @FEW
    @given(data_sets(), st.lists(jobs(), max_size=4))
    def test_adding_open_jobs_changes_no_figure_of_an_existing_account(
            self, data: tuple[Window, list[Job], list[Dispute]], extra: list[Job]) -> None:
        window, job_list, disputes = data
        opened = [attrs.evolve(job, job_id=f"open{i}", status=JobStatus.OPEN)
                  for i, job in enumerate(extra)]
        before = _tallies(evaluate(job_list, window, disputes=disputes, tz="UTC"))
        after = _tallies(evaluate(job_list + opened, window, disputes=disputes, tz="UTC"))
        assert {key: value for key, value in after.items() if key in before} == before
        for key, (tally, status) in after.items():
            if key not in before:
                assert (tally, status) == (Tally(), Status.GOOD_STANDING)


@st.composite
def jobs_with_one_issue(draw: st.DrawFn, window: Window,
                        issue: IssueType) -> Job:
    """A job of `window` flagged with `issue` and nothing else."""
    span = int((window.end - window.start).total_seconds())
    closed_at = window.start + timedelta(seconds=draw(st.integers(0, span - 1)))
    name = draw(zones)
    closed_day = local_date(closed_at, name)
    before_as_of = draw(instants(closed_at - timedelta(days=2),
                                 window.end)) if closed_at > window.start else closed_at
    fields: dict[str, object] = {
        "job_id": "new", "account_id": draw(st.sampled_from(("acct-1", "acct-new"))),
        "timezone": name, "closed_at": closed_at, "appointment_date": closed_day,
        "status": draw(st.sampled_from((JobStatus.COMPLETED, CANCELLED)))}
    if issue is IssueType.NEGATIVE_FEEDBACK:
        fields.update(status=JobStatus.COMPLETED, rating=draw(st.integers(1, 2)),
                      rated_at=before_as_of)
    elif issue is IssueType.HG_CLAIM:
        fields.update(hg_claim_at=before_as_of)
    elif issue is IssueType.CANCELLATION:
        fields.update(status=CANCELLED, cancel_attributed=True)
    elif issue is IssueType.RESCHEDULE:
        fields.update(reschedule_attributed=True)
    elif issue is IssueType.OUTSIDE_ARRIVAL_WINDOW:
        start = closed_at - timedelta(hours=4)
        fields.update(arrival_window_start=start, arrival_window_end=start + timedelta(hours=2),
                      started_at=start + draw(st.sampled_from((timedelta(minutes=-1),
                                                               timedelta(hours=2, seconds=1)))))
    else:
        fields.update(status=JobStatus.COMPLETED,
                      appointment_date=closed_day - timedelta(days=draw(st.integers(1, 3))))
    if fields["status"] is CANCELLED:
        # A cancelled job is never late, even one cancelled after its appointment date.
        fields["appointment_date"] = closed_day - timedelta(days=draw(st.integers(0, 3)))
    return make_job(**fields)


class TestOneMoreIssue:
    """SPEC §4: "A job counts at most once in each numerator"; each level's numerator
    counts the jobs of W (or R) flagged with its issue."""

    @FEW
    @given(data_sets(), st.sampled_from(IssueType), st.data())
    def test_a_job_with_exactly_one_issue_raises_that_numerator_by_one_and_its_denominators(
            self, data: tuple[Window, list[Job], list[Dispute]], issue: IssueType,
            draw: st.DataObject) -> None:
        window, job_list, disputes = data
        new = draw.draw(jobs_with_one_issue(window, issue))
        before = evaluate(job_list, window, disputes=disputes, tz="UTC")
        after = evaluate([*job_list, new], window, disputes=disputes, tz="UTC")
        old = before.accounts[new.account_id].tally if new.account_id in before.accounts \
            else Tally()
        completed = new.status is JobStatus.COMPLETED
        expected = old + Tally(jobs=1, completed=int(completed), cancelled=int(not completed),
                               jobs_with_issues=1, issues=1, **{issue.value: 1})
        if issue is IssueType.NEGATIVE_FEEDBACK:
            assert new.rating is not None
            expected += Tally(rated=1, stars=new.rating)
        assert after[new.account_id].tally == expected
        assert {k: r.tally for k, r in after.accounts.items() if k != new.account_id} == {
            k: r.tally for k, r in before.accounts.items() if k != new.account_id}
