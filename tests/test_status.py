"""Performance status (SPEC §5)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from svcperf import Status
from svcperf.status import status_of


class TestStatusOf:
    def test_every_check_met_is_good_standing(self) -> None:
        assert status_of([True] * 7) is Status.GOOD_STANDING

    def test_one_missed_check_is_attention(self) -> None:
        assert status_of([True, True, False, True]) is Status.ATTENTION

    def test_no_data_never_causes_attention(self) -> None:
        assert status_of([None] * 7) is Status.GOOD_STANDING
        assert status_of([]) is Status.GOOD_STANDING

    def test_the_status_values_are_those_of_the_json_output(self) -> None:
        assert [s.value for s in Status] == ["good_standing", "attention"]

    @given(st.lists(st.sampled_from([True, False, None])))
    def test_attention_exactly_when_some_check_is_false(self, checks: list[bool | None]) -> None:
        """SPEC §5: "Attention when one or more misses. Levels with no data never cause
        Attention"."""
        assert (status_of(checks) is Status.ATTENTION) == (False in checks)
