"""Tallies: integer counters that add up (SPEC §4)."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from svcperf import IssueType, Tally
from svcperf.tally import ISSUE_BITS, TallyCounter

_entries = st.lists(st.tuples(st.booleans(), st.none() | st.integers(1, 5),
                              st.integers(0, 2 ** len(IssueType) - 1)), max_size=20)


def _count(entries: list[tuple[bool, int | None, int]]) -> Tally:
    counter = TallyCounter()
    for completed, stars, mask in entries:
        counter.add(completed, stars, mask)
    return counter.tally()


class TestTally:
    def test_an_empty_tally_counts_nothing(self) -> None:
        assert set(attrs.astuple(Tally())) == {0}

    def test_adding_tallies_adds_every_counter(self) -> None:
        total = Tally(jobs=2, rated=1, stars=5) + Tally(jobs=1, hg_claim=1, issues=1)
        assert total == Tally(jobs=3, rated=1, stars=5, hg_claim=1, issues=1)

    def test_adding_anything_else_is_not_supported(self) -> None:
        assert Tally().__add__(3) is NotImplemented  # type: ignore[operator]

    def test_count_reads_the_counter_of_an_issue(self) -> None:
        tally = Tally(reschedule=4, late_completion=2)
        assert (tally.count(IssueType.RESCHEDULE), tally.count(IssueType.LATE_COMPLETION)) == (4,
                                                                                              2)


class TestTallyCounter:
    def test_merging_a_counter_adds_its_counts(self) -> None:
        first, second = TallyCounter(), TallyCounter()
        first.add(True, 4, 0)
        second.add(False, None, 0b11)
        second.add(True, 2, 0, times=2)
        first.merge(second)
        assert first.tally() == (
            Tally(jobs=1, completed=1, rated=1, stars=4) + second.tally())
        assert second.tally() == Tally(jobs=3, completed=2, cancelled=1, rated=2, stars=4,
                                       negative_feedback=1, hg_claim=1, jobs_with_issues=1,
                                       issues=2)

    def test_a_completed_rated_job_counts_in_jobs_completed_and_r(self) -> None:
        counter = TallyCounter()
        counter.add(True, 4, 0)
        assert counter.tally() == Tally(jobs=1, completed=1, rated=1, stars=4)

    def test_a_job_with_two_issues_counts_once_in_each_and_once_with_issues(self) -> None:
        counter = TallyCounter()
        counter.add(False, None, ISSUE_BITS[IssueType.CANCELLATION] | ISSUE_BITS[
            IssueType.HG_CLAIM])
        assert counter.tally() == Tally(jobs=1, cancelled=1, cancellation=1, hg_claim=1,
                                        jobs_with_issues=1, issues=2)

    def test_adding_a_job_minus_once_takes_it_away(self) -> None:
        counter = TallyCounter()
        mask = ISSUE_BITS[IssueType.RESCHEDULE]
        counter.add(True, 2, mask)
        counter.add(True, 2, mask, times=-1)
        assert counter.tally() == Tally()

    def test_the_issue_bits_follow_the_issue_types(self) -> None:
        assert list(ISSUE_BITS) == list(IssueType)
        assert sorted(ISSUE_BITS.values()) == [1 << i for i in range(len(IssueType))]

    @given(_entries, _entries)
    def test_tallying_two_parts_and_adding_them_equals_tallying_the_whole(
            self, first: list[tuple[bool, int | None, int]],
            second: list[tuple[bool, int | None, int]]) -> None:
        """Tally docstring: "Tallying parts of a job list and adding the parts gives exactly
        the tally of the whole"."""
        whole = _count(first + second)
        assert _count(first) + _count(second) == whole
        assert whole.issues == sum(bin(mask).count("1") for _, _, mask in first + second)
        assert whole.jobs == whole.completed + whole.cancelled
