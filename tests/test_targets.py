"""Targets: exact thresholds, target sets in force by effective instant (SPEC §4–§5)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from strategies import AS_OF, utc

from svcperf import SEED_TARGETS, Comparison, Goal, InvalidArgumentError, Target, TargetSet
from svcperf.targets import target_set_in_force


class TestTarget:
    def test_a_rating_exactly_at_the_target_meets_it(self) -> None:
        assert Target.at_least("4.7").met_by(Fraction(47, 10)) is True
        assert Target.at_least("4.7").met_by(Fraction(469, 100)) is False

    def test_a_rate_exactly_at_the_target_meets_it(self) -> None:
        assert Target.at_most("1%").met_by(Fraction(1, 100)) is True
        assert Target.at_most("10%").met_by(Fraction(10, 100)) is True

    def test_a_rate_just_above_the_target_misses_it(self) -> None:
        assert Target.at_most("10%").met_by(Fraction(11, 100)) is False
        assert Target.at_most("1%").met_by(Fraction(2, 199)) is False

    def test_a_third_is_compared_exactly(self) -> None:
        third = Fraction(1, 3)
        assert Target.at_most(third).met_by(third) is True
        assert Target.at_least(third).met_by(third) is True
        assert Target.at_most("33.33333333333333%").met_by(third) is False
        assert Target.at_least("33.333%").met_by(third) is True
        assert Target.at_least("4.7").met_by(Fraction(14, 3)) is False

    def test_no_data_neither_meets_nor_misses(self) -> None:
        assert Target.at_least("4.7").met_by(None) is None

    @pytest.mark.parametrize(("value", "threshold"), [
        ("4.7", Fraction(47, 10)), ("1%", Fraction(1, 100)), (" 10 % ", Fraction(1, 10)),
        ("1/3", Fraction(1, 3)), (3, Fraction(3)), (Decimal("0.07"), Fraction(7, 100)),
        (Fraction(2, 3), Fraction(2, 3))])
    def test_a_threshold_is_read_exactly(self, value: str | int | Fraction | Decimal,
                                         threshold: Fraction) -> None:
        assert Target.at_most(value).threshold == threshold

    @pytest.mark.parametrize("value", ["abc", "1/0", "", "%", 4.7, True, None])
    def test_a_threshold_that_is_not_an_exact_number_is_rejected(self, value: object) -> None:
        with pytest.raises(InvalidArgumentError, match="target"):
            Target.at_least(value)  # type: ignore[arg-type]

    @pytest.mark.parametrize(("make", "value", "text"), [
        (Target.at_most, "1%", "<= 1%"), (Target.at_least, "4.7", ">= 4.7"),
        (Target.at_most, "2.5%", "<= 2.5%"), (Target.at_most, Fraction(1, 3), "<= 1/3"),
        (Target.at_least, 5, ">= 5"), (Target.at_most, "0.5%", "<= 0.5%"),
        (Target.at_least, "50%", ">= 50%"), (Target.at_least, Fraction(1, 3), ">= 1/3"),
        (Target.at_most, "0.0000001%", "<= 0.0000001%"),
        (Target.at_most, Fraction(1, 2**40), "<= 0.0000000000009094947017729282379150390625")])
    def test_a_target_reads_as_its_comparison_and_threshold(
            self, make: Callable[[str | int | Fraction], Target], value: str | int | Fraction,
            text: str) -> None:
        # Built here, not in the parameters: a call made while collecting belongs to no test.
        assert str(make(value)) == text

    def test_a_threshold_with_a_very_long_decimal_still_reads_as_a_decimal(self) -> None:
        assert str(Target.at_most(Fraction(1, 2**1100))).startswith("<= 0.000")

    @given(st.integers(-10 ** 40, 10 ** 40), st.integers(0, 60), st.integers(0, 60))
    @example(1, 41, 0)  # 1/2**41: 41 decimals, past Decimal's default 28 digits
    def test_a_finite_decimal_threshold_reads_exactly_every_digit(
            self, numerator: int, twos: int, fives: int) -> None:
        # (was rounded to 28 significant digits: display only, the comparison was exact)
        threshold = Fraction(numerator, 2 ** twos * 5 ** fives)
        text = str(Target.at_most(threshold)).removeprefix("<= ")
        assert Fraction(text) == threshold
        assert "/" not in text and "e" not in text.lower()
        assert text == "0" or not text.endswith(("0", ".")) or "." not in text

    def test_the_seed_targets_are_those_of_the_spec(self) -> None:
        assert {key: str(target) for key, target in SEED_TARGETS.targets.items()} == {
            "customer_feedback_rating": ">= 4.7", "hg_claim_rate": "<= 1%",
            "negative_feedback_rate": "<= 1%", "cancellation_rate": "<= 1%",
            "reschedule_rate": "<= 1%", "outside_arrival_window_rate": "<= 10%",
            "late_completion_rate": "<= 1%"}
        assert SEED_TARGETS.get("defect_free_rate") is None

    @given(st.integers(0, 99), st.text("0123456789", max_size=4), st.booleans(),
           st.sampled_from(Comparison), st.integers(1, 1000), st.integers(10 ** 15, 10 ** 30),
           st.sampled_from(("multiple", "huge", "small")), st.integers(-1, 1))
    @example(1, "", True, Comparison.AT_MOST, 1, 10 ** 20, "huge", 1)  # 1 % + 1e-20
    @example(4, "7", False, Comparison.AT_LEAST, 10, 1, "multiple", 0)  # 47/10 vs 4.7
    def test_a_figure_at_or_beside_the_threshold_is_judged_exactly(
            self, units: int, decimals: str, percent: bool, comparison: Comparison,
            small: int, huge: int, kind: str, step: int) -> None:
        """SPEC §4: "Comparisons with targets are **exact** (rational arithmetic: 47/10 stars
        meets a 4.7 target; 1 in 100 meets a 1 % target); floats are only for display"."""
        text = f"{units}.{decimals}" if decimals else str(units)
        scale = 10 ** len(decimals) * (100 if percent else 1)
        top = units * 10 ** len(decimals) + (int(decimals) if decimals else 0)
        # A multiple of the scale can hit the threshold exactly; a huge denominator comes
        # closer to it than a float can tell.
        denominator = {"multiple": small * scale, "huge": huge, "small": small}[kind]
        # The threshold is top / scale; take the numerator nearest it from below, plus step.
        numerator = max(0, top * denominator // scale + step)
        make = Target.at_least if comparison is Comparison.AT_LEAST else Target.at_most
        target = make(text + ("%" if percent else ""))
        if comparison is Comparison.AT_LEAST:
            expected = numerator * scale >= top * denominator
        else:
            expected = numerator * scale <= top * denominator
        assert target.met_by(Fraction(numerator, denominator)) is expected


class TestTargetSet:
    def test_a_naive_effective_from_is_rejected(self) -> None:
        with pytest.raises(InvalidArgumentError, match="effective_from"):
            TargetSet(datetime(2026, 1, 1), {})

    def test_a_value_that_is_not_a_target_is_rejected(self) -> None:
        with pytest.raises(InvalidArgumentError, match="hg_claim_rate"):
            TargetSet(utc(2026, 1, 1), {"hg_claim_rate": "1%"})

    @pytest.mark.parametrize(("key", "target", "expected"), [
        ("hg_claim_rate", Target.at_least("1%"), "'<=' comparison (hg_claim_rate is met when "
                                                 "at most its threshold), got '>= 1%'"),
        ("customer_feedback_rating", Target.at_most("4.7"), "'>=' comparison "
                                                            "(customer_feedback_rating"),
        ("defect_free_rate", Target.at_most("90%"), "'>=' comparison (defect_free_rate"),
    ])
    def test_a_target_of_the_other_comparison_is_rejected_in_a_set_and_a_goal(
            self, key: str, target: Target, expected: str) -> None:
        # (a ">= 1%" claim rate was accepted: met by every rate above 1 %)
        for make in (lambda: TargetSet(utc(2026, 1, 1), {key: target}),
                     lambda: Goal("goal", {key: target})):
            with pytest.raises(InvalidArgumentError) as raised:
                make()
            assert str(raised.value).startswith(f"targets[{key!r}]: expected a target with a ")
            assert expected in str(raised.value)
        assert TargetSet(utc(2026, 1, 1), {"custom": target}).get("custom") == target

    def test_its_targets_cannot_be_changed_after_construction(self) -> None:
        given = {"hg_claim_rate": Target.at_most("1%")}
        targets = TargetSet(utc(2026, 1, 1), given)
        given["hg_claim_rate"] = Target.at_most("5%")
        assert str(targets.get("hg_claim_rate")) == "<= 1%"
        with pytest.raises(TypeError):
            targets.targets["x"] = Target.at_most("1%")  # type: ignore[index]

    def test_a_metric_without_a_target_gets_none(self) -> None:
        assert TargetSet(utc(2026, 1, 1), {}).get("hg_claim_rate") is None


class TestTargetSetInForce:
    OLD = TargetSet(utc(2020, 1, 1), {"hg_claim_rate": Target.at_most("2%")})
    NEW = TargetSet(AS_OF, {"hg_claim_rate": Target.at_most("1%")})
    LATER = TargetSet(AS_OF + timedelta(seconds=1), {"hg_claim_rate": Target.at_most("0%")})

    def test_the_set_with_the_latest_effective_instant_at_or_before_as_of_is_used(self) -> None:
        assert target_set_in_force([self.LATER, self.NEW, self.OLD], AS_OF) is self.NEW
        assert target_set_in_force([self.LATER, self.NEW, self.OLD],
                                   AS_OF - timedelta(seconds=1)) is self.OLD

    def test_a_single_set_may_be_passed_alone(self) -> None:
        assert target_set_in_force(self.OLD, AS_OF) is self.OLD

    def test_no_set_in_force_is_an_invalid_argument(self) -> None:
        with pytest.raises(InvalidArgumentError, match="no target set"):
            target_set_in_force([self.LATER], AS_OF)

    def test_no_set_in_force_says_when_the_first_takes_effect(self) -> None:
        # (the seed's names as_of: a caller who gave no targets can only move as_of)
        with pytest.raises(InvalidArgumentError, match=(
                r"^targets: no target set is in force at 2026-09-15T00:00:00\+00:00; the "
                r"first takes effect at 2026-09-15T00:00:01\+00:00$")):
            target_set_in_force([self.LATER], AS_OF)
        with pytest.raises(InvalidArgumentError, match=(
                r"^as_of: no target set is in force at 1969-12-31T00:00:00\+00:00; the "
                r"built-in \(seed\) targets take effect at 1970-01-01T00:00:00\+00:00$")):
            target_set_in_force(SEED_TARGETS, utc(1969, 12, 31))
