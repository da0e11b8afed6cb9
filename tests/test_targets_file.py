"""Targets files (TOML): target sets with effective instants and owners' goals, with
one problem per line naming file, line and key."""

from __future__ import annotations

from datetime import date, datetime, timezone
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from strategies import make_job, night_data, utc

from svcperf import (
    SEED_TARGETS,
    Dispute,
    Goal,
    InvalidArgumentError,
    InvalidInputError,
    Job,
    Target,
    breakdown,
    breakdown_goals,
    evaluate,
    outlook,
    parse_targets,
    read_targets,
)

GOOD = """\
# The marketplace's sets, and the owner's goals.
[[marketplace]]
name = "seed"
effective = 1970-01-01T00:00:00Z
[marketplace.targets]
customer_feedback_rating = 4.7
hg_claim_rate = "1%"

[[marketplace]]
name = "2026"
effective = 2026-09-01T00:00:00-05:00
[marketplace.targets]
customer_feedback_rating = ">= 4.8"
reschedule_rate = "<= 0.5%"

[[goals]]
name = "whole account"
[goals.targets]
reschedule_rate = "0%"

[[goals]]
name = "North team"
coverage_area = "North"
targets = { hg_claim_rate = 0.005 }

[[goals]]
name = "unassigned"
technician_id = ""
account = "acct-1"
[goals.targets]
late_completion_rate = "<= 2%"
"""


class TestParseTargets:
    """SPEC §5: "a target set has an effective date, and an evaluation uses the set in
    force at `as_of`. Custom targets (an owner's stricter goals) are allowed." """

    def test_sets_are_read_exactly_in_order_of_their_effective_instant(self) -> None:
        parsed = parse_targets(GOOD, "t.toml")
        assert [s.effective_from for s in parsed.marketplace] == [
            datetime(1970, 1, 1, tzinfo=timezone.utc), utc(2026, 9, 1, 5)]
        first, second = parsed.marketplace
        assert first.targets["customer_feedback_rating"] == Target.at_least("4.7")
        assert first.targets["hg_claim_rate"] == Target.at_most("1%")
        assert second.targets["reschedule_rate"].threshold == Fraction(1, 200)
        assert second.targets["customer_feedback_rating"] == Target.at_least("4.8")

    def test_goals_name_their_slice(self) -> None:
        goals = parse_targets(GOOD).goals
        assert [(g.name, g.attribute, g.value, g.account_id) for g in goals] == [
            ("whole account", None, None, None), ("North team", "coverage_area", "North", None),
            ("unassigned", "technician_id", None, "acct-1")]
        assert goals[1].targets["hg_claim_rate"].threshold == Fraction(1, 200)

    def test_a_file_is_read_from_disk(self, tmp_path: Path) -> None:
        path = tmp_path / "targets.toml"
        path.write_text(GOOD, encoding="utf-8")
        assert read_targets(path) == parse_targets(GOOD, str(path))
        with pytest.raises(InvalidArgumentError, match="targets: cannot read"):
            read_targets(tmp_path / "missing.toml")

    @pytest.mark.parametrize(("change", "line", "message"), [
        ('hg_claim_rate = "1%"', 'hg_claim_rate = "lots"',
         (7, "marketplace.targets.hg_claim_rate")),
        ('hg_claim_rate = "1%"', 'hg_claim_rate = "150%"', (7, "from 0% to 100%")),
        ("customer_feedback_rating = 4.7", "customer_feedback_rating = 7", (6, "1 to 5 stars")),
        ('hg_claim_rate = "1%"', 'hg_rate = "1%"', (7, "expected a metric key")),
        ("effective = 2026-09-01T00:00:00-05:00", "effective = 1970-01-01T00:00:00Z",
         (11, "no other set has (set #1 has it)")),
        ("effective = 2026-09-01T00:00:00-05:00", "effective = 2026-09-01T00:00:00",
         (11, "an instant with an offset")),
        ('coverage_area = "North"', 'crew = "blue"', (23, "field 'goals.crew'")),
        ('coverage_area = "North"', 'coverage_area = "North"\nprofession = "HVAC"',
         (24, "at most one slice attribute")),
        ('name = "seed"', 'name = "seed"\ncolour = "red"', (4, "a key of a target set")),
        # (NaN and infinities ended in an internal error; a huge exponent took minutes to
        # read exactly)
        ('hg_claim_rate = "1%"', "hg_claim_rate = nan", (7, "expected a threshold")),
        ("customer_feedback_rating = 4.7", "customer_feedback_rating = inf",
         (6, "expected a threshold")),
        ('reschedule_rate = "0%"', "reschedule_rate = -inf", (19, "expected a threshold")),
        ('hg_claim_rate = "1%"', "hg_claim_rate = 1e-999999", (7, "expected a threshold")),
        ('hg_claim_rate = "1%"', 'hg_claim_rate = "1e-999999999%"',
         (7, "expected a threshold")),
        ('name = "North team"', 'name = "whole account"',
         (22, "a goal name no other goal has (goal #1 has it)")),
        # (a comparison of the other direction was accepted, flipping the level's sense)
        ('hg_claim_rate = "1%"', 'hg_claim_rate = ">= 1%"',
         (7, "expected a threshold with a '<=' comparison (hg_claim_rate is met when at most "
             "its threshold), got '>= 1%'")),
        ('customer_feedback_rating = ">= 4.8"', 'customer_feedback_rating = "<= 4.8"',
         (13, "expected a threshold with a '>=' comparison (customer_feedback_rating is met "
              "when at least its threshold)")),
        ('late_completion_rate = "<= 2%"', 'late_completion_rate = ">=2%"',
         (31, "field 'goals.targets.late_completion_rate': expected a threshold with a '<=' "
              "comparison")),
    ])
    def test_each_problem_names_file_line_and_key(self, change: str, line: str,
                                                  message: tuple[int, str]) -> None:
        assert change in GOOD
        with pytest.raises(InvalidInputError) as raised:
            parse_targets(GOOD.replace(change, line, 1), "t.toml")
        number, text = message
        (problem,) = raised.value.problems
        assert problem.source == "t.toml" and problem.line == number
        assert str(problem).startswith(f"t.toml:{number}: ") and text in str(problem)

    def test_every_problem_is_listed(self) -> None:
        bad = GOOD.replace('"1%"', '"x"').replace('"0%"', '"y"').replace("4.8", "9")
        with pytest.raises(InvalidInputError) as raised:
            parse_targets(bad, "t.toml")
        assert [p.line for p in raised.value.problems] == [7, 13, 19]

    def test_a_syntax_error_names_its_line(self) -> None:
        with pytest.raises(InvalidInputError, match=r"^t.toml:3: targets file: field "
                                                    r"'\(syntax\)': expected valid TOML"):
            parse_targets('[[marketplace]]\nname = "x"\neffective = \n', "t.toml")


class TestGoals:
    """Goals add "goal met / missed" beside each figure and slice, never changing the
    status (issue 12)."""

    def test_a_slice_goal_is_checked_beside_its_slice(self) -> None:
        jobs = [make_job(job_id=f"J{n}", coverage_area="North" if n < 150 else "South",
                         hg_claim_at=utc(2026, 9, 14, 16) if n == 0 else None)
                for n in range(300)]
        goals = parse_targets(GOOD).goals
        result = breakdown_goals(breakdown(jobs, date(2026, 9, 14), "coverage_area", tz="UTC"),
                goals)
        # 1 claim in 150 jobs: 0.67 % meets the marketplace's 1 %, misses the 0.5 % goal.
        assert {value: {name: dict(checks) for name, checks in found.items()}
                for value, found in result["acct-1"].items()} == {
            "North": {"North team": {"hg_claim_rate": False}}}

    @given(night_data())
    def test_goals_never_change_a_status(
            self, data: tuple[date, list[Job], list[Dispute], str]) -> None:
        night, jobs, disputes, tz = data
        strict = Goal("strict", {key: Target.at_most("0%") for key in SEED_TARGETS.targets
                                 if key != "customer_feedback_rating"})
        result = outlook(jobs, night, disputes=disputes, tz=tz, goals=[strict], horizon=1)
        plain = evaluate(jobs, night, disputes=disputes, tz=tz)
        for account_id, account in result.accounts.items():
            assert account.status is plain[account_id].status
            checks = account.goals["strict"]
            for key, met in checks.items():
                assert met == strict.targets[key].met_by(plain[account_id][key].value)
