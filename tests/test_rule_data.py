r"""The module-level rule data that mutation tools do not mutate, pinned to SPEC.md.

Each level's class quotes its row of the SPEC §4 table in its docstring; the seed target,
the key and the name are read from that quoted row, so the expected values come from
the specification's text and nowhere else. The counters each level reads are checked on a
`Tally` holding a distinct prime in every counter, so any other counter gives another
number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction

import attrs
import pytest

from svcperf import SEED_TARGETS, SERVICE_LEVELS, IssueType, Tally, Target
from svcperf.facts import JobFacts
from svcperf.metrics import Ratio, ServiceLevel, defect_free_rate, level
from svcperf.tally import ISSUE_BITS, TallyCounter
from svcperf.window import DEFAULT_DAYS, Window

#: A distinct prime in every counter of a `Tally`, in field order.
PRIMES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41)
TALLY = Tally(*PRIMES[: len(attrs.fields(Tally))])


def _cells(row: str) -> list[str]:
    r"""The cells of a Markdown table row (``\|`` is a pipe inside a cell)."""
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def _target(cell: str) -> Target:
    """``≥ 4.7`` or ``≤ 1 %`` as a `Target`, read exactly."""
    sign, number = cell[0], cell[1:].replace(" ", "")
    return {"≥": Target.at_least, "≤": Target.at_most}[sign](number)


def _spec_row(cls: type) -> list[str]:
    doc = cls.__doc__ or ""
    return _cells(next(line for line in doc.splitlines() if line.strip().startswith("|")))


class TestTallyOfPrimes:
    def test_every_counter_holds_a_distinct_prime(self) -> None:
        values = attrs.astuple(TALLY)
        assert len(set(values)) == len(values) == len(attrs.fields(Tally))


class _LevelData:
    """One row of the SPEC §4 table (quoted in each subclass's docstring)."""

    NUMERATOR: str  # the Tally counter the numerator reads
    DENOMINATOR: str  # the Tally counter the denominator reads
    ISSUE: IssueType | None
    RATED_ONLY: bool
    UNIT: str

    @property
    def row(self) -> list[str]:
        return _spec_row(type(self))

    @property
    def level(self) -> ServiceLevel:
        return level(self.row[0].strip("`"))

    def test_its_key_and_name_are_the_specs(self) -> None:
        assert (f"`{self.level.key}`", self.level.name) == (self.row[0], self.row[1])

    def test_its_numerator_and_denominator_read_the_counters_the_spec_names(self) -> None:
        numerator = getattr(TALLY, self.NUMERATOR)
        denominator = getattr(TALLY, self.DENOMINATOR)
        assert (self.level.numerator(TALLY), self.level.denominator(TALLY)) == (
            numerator, denominator)
        assert self.level.ratio(TALLY) == Ratio(numerator, denominator)

    def test_its_seed_target_is_the_specs(self) -> None:
        expected = _target(self.row[4])
        assert SEED_TARGETS.get(self.level.key) == expected
        assert str(SEED_TARGETS.targets[self.level.key]) == str(expected)

    def test_its_issue_unit_and_rating_only_flag(self) -> None:
        assert (self.level.issue, self.level.unit, self.level.rated_only) == (
            self.ISSUE, self.UNIT, self.RATED_ONLY)


class TestCustomerFeedbackRating(_LevelData):
    r"""SPEC §4 (and "Rating-only: the two feedback levels look only at rated completed jobs"):

    | `customer_feedback_rating` | Customer Feedback Rating | sum of stars over R | \|R\| | ≥ 4.7 |
    """

    NUMERATOR, DENOMINATOR, ISSUE, RATED_ONLY, UNIT = "stars", "rated", None, True, "stars"


class TestHgClaimRate(_LevelData):
    r"""SPEC §4:

    | `hg_claim_rate` | Happiness Guarantee Claim Rate | jobs in W with a counting HG claim | \|W\| | ≤ 1 % |
    """  # noqa: E501

    NUMERATOR, DENOMINATOR, RATED_ONLY, UNIT = "hg_claim", "jobs", False, "rate"
    ISSUE = IssueType.HG_CLAIM


class TestNegativeFeedbackRate(_LevelData):
    r"""SPEC §4 (and "Rating-only: the two feedback levels look only at rated completed jobs"):

    | `negative_feedback_rate` | Negative Feedback Rate | jobs in R rated 1 or 2 | \|R\| | ≤ 1 % |
    """

    NUMERATOR, DENOMINATOR, RATED_ONLY, UNIT = "negative_feedback", "rated", True, "rate"
    ISSUE = IssueType.NEGATIVE_FEEDBACK


class TestCancellationRate(_LevelData):
    r"""SPEC §4:

    | `cancellation_rate` | Cancellation Rate | cancelled jobs in W with `cancel_attributed` | \|W\| | ≤ 1 % |
    """  # noqa: E501

    NUMERATOR, DENOMINATOR, RATED_ONLY, UNIT = "cancellation", "jobs", False, "rate"
    ISSUE = IssueType.CANCELLATION


class TestRescheduleRate(_LevelData):
    r"""SPEC §4:

    | `reschedule_rate` | Reschedule Rate | jobs in W with `reschedule_attributed` | \|W\| | ≤ 1 % |
    """

    NUMERATOR, DENOMINATOR, RATED_ONLY, UNIT = "reschedule", "jobs", False, "rate"
    ISSUE = IssueType.RESCHEDULE


class TestOutsideArrivalWindowRate(_LevelData):
    r"""SPEC §4:

    | `outside_arrival_window_rate` | Outside Arrival Window | jobs in W with `started_at` before `arrival_window_start` or after `arrival_window_end` | \|W\| | ≤ 10 % |
    """  # noqa: E501

    NUMERATOR, DENOMINATOR, RATED_ONLY, UNIT = "outside_arrival_window", "jobs", False, "rate"
    ISSUE = IssueType.OUTSIDE_ARRIVAL_WINDOW


class TestLateCompletionRate(_LevelData):
    r"""SPEC §4:

    | `late_completion_rate` | Late Completion Rate | completed jobs in W whose `closed_at`, in the job's own `timezone`, falls on a local date after `appointment_date` | \|W\| | ≤ 1 % |
    """  # noqa: E501

    NUMERATOR, DENOMINATOR, RATED_ONLY, UNIT = "late_completion", "jobs", False, "rate"
    ISSUE = IssueType.LATE_COMPLETION


LEVEL_CLASSES: tuple[type[_LevelData], ...] = (
    TestCustomerFeedbackRating, TestHgClaimRate, TestNegativeFeedbackRate,
    TestCancellationRate, TestRescheduleRate, TestOutsideArrivalWindowRate,
    TestLateCompletionRate)


class TestServiceLevels:
    """SPEC §4: "The seven service levels", in the order of its table (the dashboard's)."""

    def test_they_are_the_seven_rows_of_the_spec_table_in_its_order(self) -> None:
        keys = [_spec_row(cls)[0].strip("`") for cls in LEVEL_CLASSES]
        assert [service_level.key for service_level in SERVICE_LEVELS] == keys
        assert len(set(keys)) == 7

    def test_each_key_finds_its_level_and_an_unknown_key_none(self) -> None:
        assert [level(service_level.key) for service_level in SERVICE_LEVELS] == list(
            SERVICE_LEVELS)
        with pytest.raises(KeyError):
            level("defect_free_rate")

    def test_the_seed_targets_are_exactly_the_seven_levels(self) -> None:
        assert set(SEED_TARGETS.targets) == {lv.key for lv in SERVICE_LEVELS}

    def test_the_six_issue_types_are_flagged_by_one_level_each(self) -> None:
        """SPEC §4: "The six issue types (what a job can be flagged with in the issue list)"."""
        issues = [lv.issue for lv in SERVICE_LEVELS if lv.issue is not None]
        assert sorted(issues) == sorted(IssueType)


class TestSeedTargetBoundaries:
    """SPEC §4: "Comparisons with targets are exact (rational arithmetic: 47/10 stars meets a
    4.7 target; 1 in 100 meets a 1 % target)"."""

    @pytest.mark.parametrize("cls", LEVEL_CLASSES, ids=lambda cls: cls.__name__)
    def test_the_threshold_itself_meets_and_the_least_step_beyond_misses(
            self, cls: type[_LevelData]) -> None:
        row = _spec_row(cls)
        target = SEED_TARGETS.targets[row[0].strip("`")]
        threshold = Fraction(row[4][1:].replace(" ", "").removesuffix("%"))
        threshold /= 100 if row[4].endswith("%") else 1
        beyond = Fraction(1, 10**9) * (-1 if row[4].startswith("≥") else 1)
        assert (target.met_by(threshold), target.met_by(threshold + beyond)) == (True, False)


class TestDefectFreeRate:
    """docs/definitions.md, Interpretation 7: "The defect-free rate (jobs of W with no issue /
    |W|)"."""

    def test_it_reads_jobs_without_issues_over_all_jobs(self) -> None:
        assert defect_free_rate.ratio(TALLY) == Ratio(TALLY.jobs - TALLY.jobs_with_issues,
                                                      TALLY.jobs)
        assert defect_free_rate.KEY == "defect_free_rate"


class TestIssueBits:
    """SPEC §4: "The six issue types ... `negative_feedback`, `hg_claim`, `cancellation`,
    `reschedule`, `outside_arrival_window`, `late_completion`": one bit each in a job's
    issue mask, in `IssueType` order."""

    def test_there_are_six_distinct_single_bits_in_issue_type_order(self) -> None:
        assert list(ISSUE_BITS) == list(IssueType)
        bits = list(ISSUE_BITS.values())
        assert all(bit > 0 and bit & (bit - 1) == 0 for bit in bits)
        assert bits == sorted(set(bits)) and len(bits) == 6

    def test_a_mask_decodes_to_exactly_its_issue_types(self) -> None:
        for issue, bit in ISSUE_BITS.items():
            assert JobFacts(None, (), None, bit).issues == (issue,)  # type: ignore[arg-type]
        everything = sum(ISSUE_BITS.values())
        assert JobFacts(None, (), None, everything).issues == tuple(  # type: ignore[arg-type]
            IssueType)

    def test_each_bit_counts_in_the_counter_of_its_issue_type(self) -> None:
        for issue, bit in ISSUE_BITS.items():
            counter = TallyCounter()
            counter.add(completed=False, stars=None, issue_mask=bit)
            tally = counter.tally()
            assert tally.count(issue) == 1
            assert sum(tally.count(other) for other in IssueType) == 1
            assert (tally.jobs_with_issues, tally.issues) == (1, 1)


class TestTallyCounterFields:
    """SPEC §4: "Let W = jobs in the window, C = completed jobs in W, R = jobs in C with a
    rating that counts": each argument of `TallyCounter.add` lands in its own counter."""

    @pytest.mark.parametrize(("completed", "stars", "expected"), [
        (True, 4, Tally(jobs=1, completed=1, rated=1, stars=4)),
        (True, None, Tally(jobs=1, completed=1)),
        (False, None, Tally(jobs=1, cancelled=1)),
    ])
    def test_one_job_adds_one_to_its_counters(self, completed: bool, stars: int | None,
                                              expected: Tally) -> None:
        counter = TallyCounter()
        counter.add(completed, stars, 0)
        assert counter.tally() == expected


class TestDefaultWindow:
    """SPEC §1: "over a **rolling 60-day window** as of any instant"."""

    def test_the_default_window_is_60_days(self) -> None:
        assert DEFAULT_DAYS == 60
        window_of: Callable[..., Window] = Window.ending
        assert window_of(SEED_TARGETS.effective_from).days == 60
