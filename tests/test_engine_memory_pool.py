"""The columnar engine allocates from jemalloc (or the system pool), and leaves the caller's
pool as it found it (`svcperf.engines.memory_pool`; docs/performance.md, "The allocator").

The pool changes where Arrow's buffers come from, never what they hold: the results are
the same under any pool.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svcperf import InvalidInputError, cli, sample
from svcperf.engines import columnar, memory_pool
from svcperf.engines.memory_pool import ENVIRONMENT, engine_pool, replacement

BACKENDS = ("mimalloc", "jemalloc", "system")
BUILDS = st.sets(st.sampled_from(BACKENDS[:2])).map(lambda found: {*found, "system"})
ENVIRONMENTS = st.dictionaries(st.text().filter(lambda name: name != ENVIRONMENT), st.text())


class TestReplacement:
    """Which pool the engine's work uses instead of the default."""

    @given(st.sampled_from(BACKENDS), st.text(min_size=1), ENVIRONMENTS, BUILDS)
    def test_a_pool_named_in_the_environment_is_left_alone(
            self, current: str, named: str, others: dict[str, str], build: set[str]) -> None:
        assert replacement({**others, ENVIRONMENT: named}, current, build) is None

    @given(ENVIRONMENTS, BUILDS)
    def test_mimalloc_is_replaced_by_jemalloc_else_the_system_pool(
            self, environment: dict[str, str], build: set[str]) -> None:
        expected = "jemalloc" if "jemalloc" in build else "system"
        assert replacement(environment, "mimalloc", build) == expected

    @given(st.sampled_from(BACKENDS[1:]), ENVIRONMENTS, BUILDS)
    def test_another_default_is_left_alone(self, current: str, environment: dict[str, str],
                                           build: set[str]) -> None:
        assert replacement(environment, current, build) is None


pa = pytest.importorskip("pyarrow")
#: The pool the engine chooses in this build.
CHOSEN = "jemalloc" if "jemalloc" in pa.supported_memory_backends() else "system"


@pytest.fixture
def mimalloc_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The process's default pool is mimalloc (pyarrow's default on most builds), and the
    environment names none; the pool found is restored after."""
    if "mimalloc" not in pa.supported_memory_backends():
        pytest.skip("this pyarrow build has no mimalloc")
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    found = pa.default_memory_pool()
    pa.set_memory_pool(pa.mimalloc_memory_pool())
    yield pa.mimalloc_memory_pool()
    pa.set_memory_pool(found)


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    return sample.write(tmp_path_factory.mktemp("sample"), 400)


def _backend() -> str:
    return str(pa.default_memory_pool().backend_name)


class TestEnginePool:
    """Within `engine_pool` the default is the chosen pool; after, the caller's again."""

    def test_the_system_pool_within_and_the_callers_after(self, mimalloc_default: Any) -> None:
        with engine_pool():
            assert _backend() == CHOSEN
        assert _backend() == "mimalloc"

    def test_the_callers_pool_is_restored_after_an_error(self, mimalloc_default: Any) -> None:
        with pytest.raises(ZeroDivisionError), engine_pool():
            _ = 1 / 0
        assert _backend() == "mimalloc"

    def test_a_pool_named_in_the_environment_is_kept(
            self, mimalloc_default: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv(ENVIRONMENT, "mimalloc")
        with engine_pool():
            assert _backend() == "mimalloc"
        assert _backend() == "mimalloc"

    def test_a_pool_the_caller_chose_is_kept(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv(ENVIRONMENT, raising=False)
        found = pa.default_memory_pool()
        pa.set_memory_pool(pa.system_memory_pool())
        try:
            with engine_pool():
                assert pa.default_memory_pool().backend_name == "system"
        finally:
            pa.set_memory_pool(found)

    def test_nested_calls_restore_once_the_outer_ends(self, mimalloc_default: Any) -> None:
        with engine_pool():
            with engine_pool():
                assert _backend() == CHOSEN
            assert _backend() == CHOSEN
        assert _backend() == "mimalloc"

    def test_threads_keep_the_system_pool_until_the_last_call_ends(
            self, mimalloc_default: Any) -> None:
        entered, release = threading.Event(), threading.Event()

        def other() -> None:
            with engine_pool():
                entered.set()
                release.wait(10)

        thread = threading.Thread(target=other)
        with engine_pool():
            thread.start()
            assert entered.wait(10)
        assert _backend() == CHOSEN  # the other thread's call still runs
        release.set()
        thread.join(10)
        assert _backend() == "mimalloc"
        assert memory_pool._held.calls == 0


class TestEngineCalls:
    """The engine's public functions allocate from the chosen pool; what they return stays
    valid after, and is the same under any pool."""

    def test_reading_allocates_nothing_from_mimalloc(
            self, mimalloc_default: Any, sample_files: tuple[str, str]) -> None:
        before = mimalloc_default.bytes_allocated()
        data = columnar.load_jobs(sample_files[0])
        assert mimalloc_default.bytes_allocated() == before
        assert _backend() == "mimalloc"
        del data

    def test_tables_made_within_work_after(self, mimalloc_default: Any,
                                           sample_files: tuple[str, str]) -> None:
        data = columnar.load_jobs(sample_files[0])
        disputes = columnar.load_disputes(sample_files[1],
                                          job_ids=data.table.column("job_id"))
        assert _backend() == "mimalloc"
        ids = data.table.column("job_id").to_pylist()
        assert len(ids) == len(set(ids)) == data.table.num_rows
        assert [job.job_id for job in columnar.records_of(data)] == ids
        board = columnar.dashboard_from(data, sample.SAMPLE_NIGHT, ["coverage_area"],
                                        disputes=disputes, tz=sample.SAMPLE_TZ)
        assert board.evaluation.accounts

    def test_an_error_restores_the_callers_pool(self, mimalloc_default: Any,
                                                tmp_path: Path) -> None:
        bad = tmp_path / "jobs.csv"
        bad.write_text("job_id\nJ1\n", encoding="utf-8")
        with pytest.raises(InvalidInputError):
            columnar.load_jobs(bad)
        assert _backend() == "mimalloc"

    @pytest.mark.parametrize("command", [
        ["evaluate", "--by", "coverage_area", "--by", "technician_id", "--format", "json"],
        ["history", "--from", "2026-09-01", "--to", "2026-09-20", "--format", "csv"],
        ["issues", "--format", "csv"],
    ])
    def test_the_command_line_prints_the_same_under_either_pool(
            self, mimalloc_default: Any, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str], sample_files: tuple[str, str],
            command: list[str]) -> None:
        jobs, disputes = sample_files
        night = [] if command[0] == "history" else ["--as-of", str(sample.SAMPLE_NIGHT)]
        argv = [*command[:1], jobs, "--disputes", disputes, "--engine", "columnar",
                "--tz", sample.SAMPLE_TZ, *night, *command[1:]]
        printed = []
        for named in (None, "mimalloc"):
            if named is not None:
                monkeypatch.setenv(ENVIRONMENT, named)
            assert cli.main(argv) == 0
            printed.append(capsys.readouterr())
        assert printed[0] == printed[1]
        assert printed[0].out
        assert _backend() == "mimalloc"
