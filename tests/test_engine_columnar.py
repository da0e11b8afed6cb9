"""The columnar engine is the reference engine, column-wise (SPEC §10).

"the columnar, Dask and Spark engines must give identical tallies, identical results and
identical error messages for the same input." Each test here runs both engines on the
same generated input and asserts they agree: accepted or rejected, the same records (to
the UTC offset), the same error text, the same dashboard.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from importlib import import_module
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import AREAS, disputes_for, instants, jobs, make_dispute, make_job, night_data, utc
from test_fast_rows import CHOICES, _variants

import svcperf
from svcperf import Dispute, InvalidInputError, IssueType, Job, Viewer, facts, sample
from svcperf import arrow_values as av
from svcperf.engines import columnar
from svcperf.engines.columnar_input import INSTANTS, dispute_records_of, jobs_from_records
from svcperf.io.interchange import DISPUTE_FIELDS
from svcperf.io.writing import cell_text
from svcperf.metrics import SERVICE_LEVELS, Reason
from svcperf.records import CORE_FIELDS
from svcperf.tally import ISSUE_BITS

pa = pytest.importorskip("pyarrow")

# (The number of examples is the profile's: `dev` locally, `ci` in CI.)
FILES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture,
                                        HealthCheck.too_slow])
BY: list[Any] = ["coverage_area", "profession", "technician_id", "channel",
                 ("coverage_area", "technician_id"), "status", "appointment_date", "rating",
                 "reschedule_attributed", "closed_at"]


def _exact(job: Job | Dispute) -> tuple[object, ...]:
    """A record's values, each instant with its UTC offset (equality alone ignores it)."""
    return tuple(value.isoformat() if isinstance(value, datetime) else value
                 for value in attrs.astuple(job, recurse=False))


def _outcome(read: Any) -> tuple[str, object]:
    try:
        return "read", read()
    except svcperf.SvcperfError as error:
        return "error", f"{type(error).__name__}: {error}"


def _same_jobs(path: Path) -> tuple[str, object]:
    """Read `path` with both engines and assert they agree; return the reference's outcome."""
    reference = _outcome(lambda: svcperf.read_jobs(path))
    ours = _outcome(lambda: columnar.records_of(columnar.load_jobs(path)))
    assert ours[0] == reference[0], (reference, ours)
    if reference[0] == "error":
        assert ours[1] == reference[1]
    else:
        assert [_exact(job) for job in ours[1]] == [  # type: ignore[attr-defined]
            _exact(job) for job in reference[1]]  # type: ignore[attr-defined]
    return reference


def _write_rows(path: Path, header: Sequence[str], rows: Sequence[Sequence[str | None]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _cells(job: Job) -> list[str]:
    return [cell_text(getattr(job, field)) for field in CORE_FIELDS]


@st.composite
def _job_and_as_of(draw: st.DrawFn) -> tuple[Job, datetime]:
    """A job and an as-of: any instant, or the very instant a fact of the job became
    known (where a ``<`` made ``<=`` would show)."""
    job = draw(jobs())
    stamps = [instant for instant in (job.rated_at, job.hg_claim_at) if instant is not None]
    return job, draw(instants() | st.sampled_from(stamps) if stamps else instants())


class TestColumnForms:
    """Each level's `columns(as_of)` flags exactly the jobs its `assess` flags."""

    @given(found=st.lists(jobs(), max_size=30), as_of=instants())
    def test_each_level_s_columns_agree_with_its_assess(self, found: list[Job],
                                                        as_of: datetime) -> None:
        found = [attrs.evolve(job, job_id=f"J{index}") for index, job in enumerate(found)]
        data = jobs_from_records(found)
        import pyarrow.compute as pc

        table = columnar._late_columns(pa, pc, data.table)
        for level in SERVICE_LEVELS:
            column = import_module(f"svcperf.metrics.{level.key}").columns(as_of)
            name = "rated" if level.key == "customer_feedback_rating" else "flagged"
            got = columnar._project(table, {name: column[name]}).column(name).to_pylist()
            reasons = [level.assess(job, as_of) for job in found]
            wanted = [reason is (Reason.RATED if name == "rated" else Reason.FLAGGED)
                      for reason in reasons]
            assert got == wanted, level.key


    @given(found=st.lists(_job_and_as_of(), max_size=30))
    def test_each_level_s_columns_agree_with_its_assess_as_of_each_row_s_own_instant(
            self, found: list[tuple[Job, datetime]]) -> None:
        """With each row's own as-of in a column (the history assesses every night's jobs
        in one pass), each level's `columns` flags what its `assess` flags as of that
        row's instant (often the very instant a fact of the job became known)."""
        import pyarrow.compute as pc

        from svcperf import arrow_values

        job_list = [attrs.evolve(job, job_id=f"J{index}")
                    for index, (job, _) in enumerate(found)]
        as_ofs = [as_of for _, as_of in found]
        table = columnar._late_columns(pa, pc, jobs_from_records(job_list).table).append_column(
            "as_of", arrow_values.instants(as_ofs))
        for level in SERVICE_LEVELS:
            column = import_module(f"svcperf.metrics.{level.key}").columns(pc.field("as_of"))
            name = "rated" if level.key == "customer_feedback_rating" else "flagged"
            got = columnar._project(table, {name: column[name]}).column(name).to_pylist()
            wanted = [level.assess(job, as_of) is (Reason.RATED if name == "rated"
                                                   else Reason.FLAGGED)
                      for job, as_of in zip(job_list, as_ofs, strict=True)]
            assert got == wanted, level.key

    @given(data=st.data(), found=st.lists(jobs(), min_size=1, max_size=12))
    def test_the_granted_bits_are_the_dispute_index_s_as_of_each_row_s_instant(
            self, data: st.DataObject, found: list[Job]) -> None:
        """Per job and as-of (a scalar, or each row's own), the issue bits removed are those
        of the disputes `DisputeIndex.granted` gives: granted, decided before the as-of
        (the first grant of each issue decides); the dashboard's one-as-of form too."""
        import pyarrow.compute as pc

        from svcperf import arrow_values
        from svcperf.engines.columnar_input import disputes_from_records

        job_list = [attrs.evolve(job, job_id=f"J{index}") for index, job in enumerate(found)]
        disputes = data.draw(disputes_for(job_list, max_size=20))
        decided = [dispute.decided_at for dispute in disputes if dispute.decided_at]
        as_of = instants() | st.sampled_from(decided) if decided else instants()
        as_ofs = data.draw(st.lists(as_of, min_size=len(job_list), max_size=len(job_list)))
        table = disputes_from_records(disputes) if disputes else None
        grants = columnar._first_grants(pa, pc, table, arrow_values.texts(
            [job.job_id for job in job_list]))
        index = facts.DisputeIndex(disputes)

        def bits(job: Job, as_of: datetime) -> int:
            return sum(ISSUE_BITS[issue] for issue in index.granted(job.job_id, as_of))

        got = columnar._granted_bits(pa, pc, grants, arrow_values.instants(as_ofs))
        assert got.to_pylist() == [bits(job, as_of)
                                   for job, as_of in zip(job_list, as_ofs, strict=True)]
        got = columnar._granted_bits(pa, pc, grants, arrow_values.instant(as_ofs[0]))
        assert got.to_pylist() == [bits(job, as_ofs[0]) for job in job_list]
        got = columnar._granted_bits_at(pa, pc, table, arrow_values.texts(
            [job.job_id for job in job_list]), arrow_values.instant(as_ofs[0]))
        assert got.to_pylist() == [bits(job, as_ofs[0]) for job in job_list]


    @given(found=st.lists(jobs(), max_size=30), as_of=instants(),
           granted=st.lists(st.sets(st.sampled_from(list(IssueType))), min_size=30,
                            max_size=30))
    def test_the_assessment_s_columns_agree_with_assessment(
            self, found: list[Job], as_of: datetime, granted: list[set[IssueType]]) -> None:
        """`facts.assessment_columns` gives what `facts.assessment` gives for each job and
        its granted disputes: whether the job is in R, its counted stars, its issue mask."""
        found = [attrs.evolve(job, job_id=f"J{index}") for index, job in enumerate(found)]
        import pyarrow.compute as pc

        bits = [sum(ISSUE_BITS[issue] for issue in issues) for issues in granted[:len(found)]]
        table = columnar._late_columns(pa, pc, jobs_from_records(found).table).append_column(
            facts.GRANTED_BITS, pa.array(bits, pa.int64()))
        got = columnar._project(table, facts.assessment_columns(as_of)).to_pylist()
        for job, row, issues in zip(found, got, granted, strict=False):
            reasons, stars, mask = facts.assessment(job, as_of, frozenset(issues))
            assert (row["rated"], row["stars"], row["issue_mask"]) == (
                reasons[facts.RATING] is Reason.RATED, stars or 0, mask), job


class TestKeyCodes:
    @given(columns=st.integers(1, 3).flatmap(lambda width: st.lists(
        st.tuples(*[st.sampled_from(["a", "b", "c", None])] * width), min_size=1, max_size=20)),
        room=st.sampled_from([0, 3, 50]))
    def test_a_code_gives_back_its_row_s_values(self, columns: list[tuple[str | None, ...]],
                                                room: int) -> None:
        """Mixed-radix codes (room to spare) and renumbered ones (none) name the same
        tuples, and equal tuples get equal codes."""
        import pyarrow.compute as pc

        from svcperf.engines.columnar_input import dictionary_codes

        parts = [dictionary_codes(pa, pc, pa.array(list(values), pa.string()))
                 for values in zip(*columns, strict=True)]
        codes, key_of = columnar._key_codes(pa, pc, parts, room)
        found = codes.to_pylist()
        assert [key_of(code) for code in found] == columns
        assert len(set(found)) == len(set(columns))


class TestPackedFacts:
    def test_the_column_form_reads_every_pattern_as_pattern_facts_does(self) -> None:
        """Every packed pattern (completed, in R, 0-7 stars, any issue mask): its column
        form (in R, the counted stars, 0 when not in R, the mask) is `pattern_facts`'."""
        import pyarrow.compute as pc

        patterns = range(1 << columnar._PATTERN_BITS)
        rated, stars, mask = columnar.pattern_columns(pc, pa.array(patterns, pa.int64()))
        found = list(zip(rated.to_pylist(), stars.to_pylist(), mask.to_pylist(), strict=True))
        for pattern, (in_r, counted, issues) in zip(patterns, found, strict=True):
            _, expected_stars, expected_mask = columnar.pattern_facts(pattern)
            assert (counted if in_r else None) == expected_stars, pattern
            assert issues == expected_mask, pattern


class TestAccountIds:
    @pytest.mark.parametrize("accounts", [3, 40])
    def test_the_account_ids_are_those_the_jobs_have(self, accounts: int) -> None:
        """A table whose account dictionary names accounts no job has (a part of a larger
        table), few or many: only the jobs' accounts."""
        found = [make_job(job_id=f"J{index}", account_id=f"acct-{index:02}")
                 for index in range(accounts)]
        data = columnar.load_jobs(jobs_from_records(found).table)
        part = data.rows([1, accounts - 1])
        window = svcperf.window.window_for(date(2026, 9, 15), "UTC", 60)
        assert columnar.fold(part, window, None).account_ids == (
            "acct-01", f"acct-{accounts - 1:02}")
        assert columnar.fold(data, window, None).account_ids == tuple(
            f"acct-{index:02}" for index in range(accounts))


class TestDashboard:
    """For every generated data set, night and breakdown, both engines give equal
    dashboards (every tally of every account and slice, warnings, account ids)."""

    @FILES
    @given(data=night_data(), by=st.lists(st.sampled_from(BY), max_size=3, unique=True),
           channels=st.lists(st.sampled_from(["web", "phone", None]), min_size=30,
                             max_size=30),
           areas=st.sets(st.sampled_from(AREAS), max_size=2), instant=st.booleans())
    def test_both_engines_give_the_same_dashboard(
            self, tmp_path: Path, data: tuple[date, list[Job], list[Dispute], str],
            by: list[Any], channels: list[str | None], areas: set[str],
            instant: bool) -> None:
        night, found, disputes, tz = data
        found = [attrs.evolve(job, extras=(("channel", channel),))
                 for job, channel in zip(found, channels, strict=False)]
        jobs_path, disputes_path = tmp_path / "jobs.csv", tmp_path / "disputes.csv"
        svcperf.write_jobs(jobs_path, found)
        svcperf.write_disputes(disputes_path, disputes)
        as_of: Any = night
        if instant:
            as_of = svcperf.as_of_night(night, tz) - timedelta(hours=7, seconds=1)
        viewer = Viewer(areas)
        outcome = _outcome(lambda: svcperf.dashboard(
            svcperf.read_jobs(jobs_path), as_of, by, disputes=svcperf.read_disputes(
                disputes_path), tz=tz, viewer=viewer))
        data_set = columnar.load_jobs(jobs_path)
        ours = _outcome(lambda: columnar.dashboard_from(
            data_set, as_of, by, disputes=columnar.load_disputes(
                disputes_path, job_ids=data_set.table.column("job_id")), tz=tz,
            viewer=viewer))
        assert ours == outcome

    def test_a_rating_on_a_cancelled_job_gives_the_reference_s_warning(
            self, tmp_path: Path) -> None:
        found = [make_job(job_id="J1", status=svcperf.JobStatus.CANCELLED, rating=5,
                          rated_at=utc(2026, 9, 14, 16)), make_job(job_id="J2")]
        svcperf.write_jobs(tmp_path / "jobs.csv", found)
        board = columnar.dashboard_from(columnar.load_jobs(tmp_path / "jobs.csv"),
                                        date(2026, 9, 14), tz="UTC")
        assert board == svcperf.dashboard(found, date(2026, 9, 14), tz="UTC")
        assert board.evaluation["acct-1"].warnings

    def test_an_unknown_attribute_is_the_reference_s_argument_error(
            self, tmp_path: Path) -> None:
        svcperf.write_jobs(tmp_path / "jobs.csv", [make_job()])
        data_set = columnar.load_jobs(tmp_path / "jobs.csv")
        with pytest.raises(svcperf.InvalidArgumentError) as ours:
            columnar.dashboard_from(data_set, date(2026, 9, 14), ["crew"], tz="UTC")
        with pytest.raises(svcperf.InvalidArgumentError) as reference:
            svcperf.dashboard([make_job()], date(2026, 9, 14), ["crew"], tz="UTC")
        assert str(ours.value) == str(reference.value)

    def test_a_dispute_naming_no_job_is_the_reference_s_error(self, tmp_path: Path) -> None:
        svcperf.write_jobs(tmp_path / "jobs.csv", [make_job()])
        dispute = Dispute(job_id="J9", issue_type=svcperf.IssueType.HG_CLAIM,
                          outcome=svcperf.DisputeOutcome.PENDING)
        svcperf.write_disputes(tmp_path / "disputes.csv", [dispute])
        with pytest.raises(InvalidInputError) as ours:
            columnar.dashboard_from(columnar.load_jobs(tmp_path / "jobs.csv"), date(2026, 9, 14),
                                    disputes=columnar.load_disputes(tmp_path / "disputes.csv"),
                                    tz="UTC")
        with pytest.raises(InvalidInputError) as reference:
            svcperf.dashboard([make_job()], date(2026, 9, 14), disputes=[dispute], tz="UTC")
        assert str(ours.value) == str(reference.value)

    def test_disputes_checked_against_other_jobs_are_checked_again(self, tmp_path: Path) -> None:
        svcperf.write_jobs(tmp_path / "all.csv", [make_job(job_id="J1"), make_job(job_id="J9")])
        svcperf.write_jobs(tmp_path / "some.csv", [make_job(job_id="J1")])
        dispute = Dispute(job_id="J9", issue_type=svcperf.IssueType.HG_CLAIM,
                          outcome=svcperf.DisputeOutcome.PENDING)
        svcperf.write_disputes(tmp_path / "disputes.csv", [dispute])
        every = columnar.load_jobs(tmp_path / "all.csv")
        disputes = columnar.load_disputes(tmp_path / "disputes.csv",
                                          job_ids=every.table.column("job_id"))
        board = columnar.dashboard_from(every, date(2026, 9, 14), disputes=disputes, tz="UTC")
        assert board == svcperf.dashboard([make_job(job_id="J1"), make_job(job_id="J9")],
                                          date(2026, 9, 14), disputes=[dispute], tz="UTC")
        by_set = columnar.load_disputes(tmp_path / "disputes.csv", job_ids={"J9", "J1"})
        assert columnar.dashboard_from(every, date(2026, 9, 14), disputes=by_set,
                                       tz="UTC") == board
        with pytest.raises(InvalidInputError) as ours:
            columnar.dashboard_from(columnar.load_jobs(tmp_path / "some.csv"),
                                    date(2026, 9, 14), disputes=disputes, tz="UTC")
        with pytest.raises(InvalidInputError) as reference:
            svcperf.dashboard([make_job(job_id="J1")], date(2026, 9, 14), disputes=[dispute],
                              tz="UTC")
        assert str(ours.value) == str(reference.value)


# Instant texts near every edge of what `datetime.fromisoformat` and the reference accept.
_YEARS = st.sampled_from(["2026", "0001", "0999", "1000", "9998", "9999", "0000", "226", "20266"])
_TIMES = st.sampled_from(["10:30:00", "10:30", "10", "1030", "103000", "24:00:00", "23:59:59",
                          "10:30:60", "10:60:00", "00:00:00", "1:30:00", "10:30:00.5"])
_FRACTIONS = st.sampled_from(["", ".1", ".123", ".123456", ".1234567", ",5", ".", ".12a"])
_OFFSETS = st.sampled_from(["Z", "z", "+00:00", "-00:00", "-05:00", "+05:30", "+0530", "+05",
                            "+05:30:15", "+05:30:15.5", "+24:00", "+23:59", "-23:59", "", " +01:00",
                            "+18:00", "-18:00", "+18:01", "+17:59", "-00:01", "-06:60", "+17:60",
                            "+1:00", "UTC", "+01:00 ", "−01:00"])


@st.composite
def instant_texts(draw: st.DrawFn) -> str:
    """An ISO 8601-like instant text, valid or not."""
    month = draw(st.sampled_from(["09", "9", "02", "13", "00", "12"]))
    day = draw(st.sampled_from(["14", "28", "29", "30", "31", "1", "00", "32"]))
    separator = draw(st.sampled_from(["T", "T", "t", " ", "", "_"]))
    return (f"{draw(_YEARS)}-{month}-{day}{separator}{draw(_TIMES)}{draw(_FRACTIONS)}"
            f"{draw(_OFFSETS)}")


@st.composite
def date_texts(draw: st.DrawFn) -> str:
    """A date text, valid or not."""
    return draw(st.sampled_from(["2026-09-14", "2026-9-14", "2026-09-4", "2026-02-29",
                                 "2024-02-29", "2026-04-31", "0001-01-01", "9999-12-31",
                                 "0000-01-01", "2026-13-01", "20260914", "2026-09-14 ",
                                 " 2026-09-14", "2026/09/14", "2026-09-14T00:00"]))


class TestLoadJobs:
    """A file the reference rejects gets its error text; one it accepts, its records."""

    @FILES
    @given(rows=st.lists(st.tuples(jobs(), st.dictionaries(
        st.sampled_from(CORE_FIELDS), st.sampled_from(["x"]), max_size=3)), min_size=1,
        max_size=6), data=st.data())
    def test_cells_near_each_rule_s_edge_agree(self, tmp_path: Path, rows: Any,
                                               data: st.DataObject) -> None:
        written = []
        for index, (job, changed) in enumerate(rows):
            cells = dict(zip(CORE_FIELDS, _cells(attrs.evolve(job, job_id=f"J{index}")),
                             strict=True))
            for field in changed:
                value = data.draw(st.sampled_from(CHOICES[field]))
                cells[field] = value if isinstance(value, str) else ""
            written.append([cells[field] for field in CORE_FIELDS])
        _same_jobs(_write_rows(tmp_path / "jobs.csv", CORE_FIELDS, written))

    @FILES
    @given(job=jobs(), field=st.sampled_from(INSTANTS), text=instant_texts())
    def test_instant_texts_agree(self, tmp_path: Path, job: Job, field: str,
                                 text: str) -> None:
        cells = dict(zip(CORE_FIELDS, _cells(job), strict=True)) | {field: text}
        _same_jobs(_write_rows(tmp_path / "jobs.csv", CORE_FIELDS, [list(cells.values())]))

    @FILES
    @given(job=jobs(), text=date_texts())
    def test_date_texts_agree(self, tmp_path: Path, job: Job, text: str) -> None:
        cells = dict(zip(CORE_FIELDS, _cells(job), strict=True)) | {"appointment_date": text}
        _same_jobs(_write_rows(tmp_path / "jobs.csv", CORE_FIELDS, [list(cells.values())]))

    @pytest.mark.parametrize("body", [
        "{header}\n\n{row}\n\n",
        "\ufeff{header}\r\n{row}\r\n",
        "{header},crew\n{row},\"blue\nteam\"\n",
        "{header},crew\n{row},\"blue\"team\n",
        "{header},crew\n{row},blue\"team\n",
        "{header}\n{row},extra\n",
        "{header}\n{row}\n{row}\n",
        "{header},job_id\n{row},x\n",
        "{header}, \n{row},x\n",
        "{header}\n\"{row}\n",
        "",
        "{header}\n",
        "{header}\n{row}\n \n",
        "{header}\n{row}\x00\n",
    ])
    def test_csv_syntax_edges_agree(self, tmp_path: Path, body: str) -> None:
        path = tmp_path / "jobs.csv"
        path.write_bytes(body.format(header=",".join(CORE_FIELDS),
                                     row=",".join(_cells(make_job()))).encode())
        _same_jobs(path)

    def test_a_quote_far_into_the_file_is_found(self, tmp_path: Path) -> None:
        rows = [_cells(make_job(job_id=f"J{index}")) for index in range(4000)]  # > 256 KiB
        rows[-1][CORE_FIELDS.index("coverage_area")] = '"North" Metro'  # pyarrow: North Metro
        path = tmp_path / "jobs.csv"
        path.write_bytes("".join(",".join(row) + "\n" for row in [list(CORE_FIELDS), *rows])
                         .encode())
        assert path.stat().st_size > 1 << 18
        _same_jobs(path)

    @pytest.mark.parametrize("offset", [f"{sign}{hours:02d}:{minutes:02d}" for sign in "+-"
                                        for hours in (0, 9, 17, 18, 19, 23, 24)
                                        for minutes in (0, 1, 59)] + ["Z", "z"])
    def test_every_offset_edge_agrees(self, tmp_path: Path, offset: str) -> None:
        cells = dict(zip(CORE_FIELDS, _cells(make_job()), strict=True))
        cells["closed_at"] = f"2026-09-14T10:30:00{offset}"
        _same_jobs(_write_rows(tmp_path / "jobs.csv", CORE_FIELDS, [list(cells.values())]))

    @pytest.mark.parametrize("odd", [None, "2026-9-14T10:30:00+01:00", "2026-09-14T10:30:0Z",
                                     "2026-09-14T10:30:00.5+01:00", "2026-09-14 10:30:00Z",
                                     "2026-09-14T10:30:00+01:00 ", "x2026-09-14T10:30:00Z",
                                     "2026-09-14T10+01:00", "2026-09-14T10:30Z"])
    @pytest.mark.parametrize("forms", [("Z",), ("+01:00",), ("Z", "+01:00"),
                                       ("-05:30", "+01:00", "Z")])
    @pytest.mark.parametrize("blanks", [0, 40])  # 40: a column mostly without a value
    def test_a_column_of_mixed_forms_agrees(self, tmp_path: Path, forms: tuple[str, ...],
                                            odd: str | None, blanks: int) -> None:
        texts = [f"2026-09-1{day}T10:30:00{form}" for day in range(1, 4) for form in forms]
        rows = []
        for index, text in enumerate([*texts, *([None] * blanks), *([odd] if odd else [])]):
            cells = dict(zip(CORE_FIELDS, _cells(make_job(job_id=f"J{index}")), strict=True))
            rows.append(list((cells | {"hg_claim_at": text}).values()))
        outcome = _same_jobs(_write_rows(tmp_path / "jobs.csv", CORE_FIELDS, rows))
        valid = {None, "2026-09-14T10:30:00.5+01:00", "2026-09-14 10:30:00Z"}
        assert outcome[0] == ("read" if odd in valid else "error")

    @pytest.mark.parametrize("edge", ["0999-12-31T23:59:59Z", "1000-01-01T00:00:00Z",
                                      "1000-01-01T00:30:00+01:00", "1000-01-01T23:30:00-01:00",
                                      "9998-12-31T23:30:00-01:00", "9998-12-31T00:30:00+01:00",
                                      "9998-12-31T23:59:59Z", "9999-01-01T00:00:00Z",
                                      "0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00"])
    @pytest.mark.parametrize("blanks", [0, 40])
    def test_plain_instants_at_the_years_edges_agree(self, tmp_path: Path, edge: str,
                                                     blanks: int) -> None:
        texts = ["2026-09-14T10:30:00+01:00", edge, *([None] * blanks)]
        rows = []
        for index, text in enumerate(texts):
            cells = dict(zip(CORE_FIELDS, _cells(make_job(job_id=f"J{index}")), strict=True))
            rows.append(list((cells | {"hg_claim_at": text}).values()))
        _same_jobs(_write_rows(tmp_path / "jobs.csv", CORE_FIELDS, rows))

    @pytest.mark.parametrize("field", ["job_id", "account_id", "coverage_area", "profession",
                                       "technician_id", "crew"])
    @pytest.mark.parametrize("value", [" North", "North ", "No rth", "(none)", "North\x00",
                                       "North\u3000", "\xa0North", "(none) "])
    def test_text_rules_agree(self, tmp_path: Path, field: str, value: str) -> None:
        cells = dict(zip(CORE_FIELDS, _cells(make_job()), strict=True)) | {"crew": "blue"}
        cells[field] = value
        _same_jobs(_write_rows(tmp_path / "jobs.csv", list(cells), [list(cells.values())]))

    def test_bytes_that_are_not_utf8_agree(self, tmp_path: Path) -> None:
        path = tmp_path / "jobs.csv"
        path.write_bytes((",".join(CORE_FIELDS) + "\n" + ",".join(_cells(make_job())) + "\n"
                          ).encode().replace(b"North", b"N\xffrth"))
        assert _same_jobs(path)[0] == "error"

    def test_many_bad_rows_give_the_capped_report(self, tmp_path: Path) -> None:
        rows = [_cells(make_job(job_id=f"J{index}")) for index in range(120)]
        for row in rows[::2]:
            row[CORE_FIELDS.index("rating")] = "6"
        path = _write_rows(tmp_path / "jobs.csv", CORE_FIELDS, rows)
        assert "... and 10 more problems" in str(_same_jobs(path)[1])

    def test_json_lines_agree(self, tmp_path: Path) -> None:
        found = [make_job(job_id="J1"), make_job(job_id="J2", extras=(("crew", "blue"),))]
        svcperf.write_jobs(tmp_path / "jobs.jsonl", found)
        assert _same_jobs(tmp_path / "jobs.jsonl")[0] == "read"


class TestEdgeRows:
    """Every row one edge value away from a full valid one (each field in turn, related
    fields together, a column left out, extra columns), as a one-row CSV file."""

    FULL = make_job(job_id="J1", status=svcperf.JobStatus.CANCELLED, cancel_attributed=True,
                    technician_id="T-1", arrival_window_start=utc(2026, 9, 14, 10),
                    arrival_window_end=utc(2026, 9, 14, 12), started_at=utc(2026, 9, 14, 9),
                    rating=4, rated_at=utc(2026, 9, 14, 18), hg_claim_at=utc(2026, 9, 14, 19),
                    reschedule_attributed=True)

    def test_each_edge_row_agrees(self, tmp_path: Path) -> None:
        row: dict[str, object] = dict(zip(CORE_FIELDS, _cells(self.FULL), strict=True))
        outcomes = set()
        for number, variant in enumerate(_variants(row)):
            cells = {key: value if isinstance(value, str) else "" for key, value in
                     variant.items()}
            path = _write_rows(tmp_path / f"jobs{number}.csv", list(cells),
                               [list(cells.values())])
            outcomes.add(_same_jobs(path)[0])
        assert outcomes == {"read", "error"}


@st.composite
def boundary_data(draw: st.DrawFn) -> tuple[date, list[Job], list[Dispute], str]:
    """An as_of and jobs whose instants sit on the rules' edges: as_of, the window's start,
    one second before each, the arrival window's ends, the next local midnight."""
    night = draw(st.sampled_from([date(2026, 9, 14), date(2026, 4, 4), date(2026, 10, 3),
                                  date(2026, 3, 7)]))
    tz = draw(st.sampled_from(["UTC", "America/Santiago", "Australia/Lord_Howe",
                               "America/New_York"]))
    window = svcperf.Window.for_night(night, tz)
    second = timedelta(seconds=1)
    edges = [window.end, window.end - second, window.start, window.start - second]
    found = []
    for index in range(draw(st.integers(1, 12))):
        job = draw(jobs(job_id=f"J{index}", around=window.end))
        closed = draw(st.sampled_from(edges))
        zone = job.timezone
        midnight = svcperf.zones.first_instant(job.appointment_date + timedelta(days=1), zone)
        closed = draw(st.sampled_from([closed, midnight, midnight - second]))
        changes: dict[str, Any] = {"closed_at": closed if job.closed_at else None}
        if job.rating is not None:
            changes["rated_at"] = draw(st.sampled_from(edges))
        if job.hg_claim_at is not None:
            changes["hg_claim_at"] = draw(st.sampled_from(edges))
        if job.arrival_window_start is not None and job.started_at is not None:
            start, end = job.arrival_window_start, job.arrival_window_end
            assert end is not None
            changes["started_at"] = draw(st.sampled_from(
                [start, end, start - second, end + second]))
        found.append(attrs.evolve(job, **changes))
    disputes = [attrs.evolve(dispute, decided_at=draw(st.sampled_from(edges)))
                if dispute.decided_at is not None else dispute
                for dispute in draw(disputes_for(found))]
    return night, found, disputes, tz


class TestBoundaries:
    @FILES
    @given(data=boundary_data())
    def test_both_engines_agree_on_every_edge_instant(
            self, tmp_path: Path, data: tuple[date, list[Job], list[Dispute], str]) -> None:
        night, found, disputes, tz = data
        svcperf.write_jobs(tmp_path / "jobs.csv", found)
        svcperf.write_disputes(tmp_path / "disputes.csv", disputes)
        by = ["coverage_area", "technician_id"]
        reference = svcperf.dashboard(found, night, by, disputes=disputes, tz=tz)
        data_set = columnar.load_jobs(tmp_path / "jobs.csv")
        ours = columnar.dashboard_from(
            data_set, night, by, tz=tz, disputes=columnar.load_disputes(
                tmp_path / "disputes.csv", job_ids=data_set.table.column("job_id")))
        assert ours == reference


    def test_a_dispute_decided_at_as_of_changes_nothing_one_decided_before_does(
            self, tmp_path: Path) -> None:
        as_of = svcperf.as_of_night(date(2026, 9, 14), "UTC")
        found = [make_job(job_id=f"J{index}", hg_claim_at=utc(2026, 9, 14, 16), rating=1,
                          rated_at=utc(2026, 9, 14, 16)) for index in range(4)]
        disputes = [Dispute(job_id=f"J{index}", issue_type=issue,
                            outcome=svcperf.DisputeOutcome.GRANTED, decided_at=decided)
                    for index, (issue, decided) in enumerate([
                        (svcperf.IssueType.HG_CLAIM, as_of),
                        (svcperf.IssueType.HG_CLAIM, as_of - timedelta(microseconds=1)),
                        (svcperf.IssueType.NEGATIVE_FEEDBACK, as_of),
                        (svcperf.IssueType.NEGATIVE_FEEDBACK, as_of - timedelta(seconds=1))])]
        svcperf.write_jobs(tmp_path / "jobs.csv", found)
        svcperf.write_disputes(tmp_path / "disputes.csv", disputes)
        ours = columnar.dashboard_from(columnar.load_jobs(tmp_path / "jobs.csv"),
                                       date(2026, 9, 14), disputes=columnar.load_disputes(
                                           tmp_path / "disputes.csv"), tz="UTC")
        reference = svcperf.dashboard(found, date(2026, 9, 14), disputes=disputes, tz="UTC")
        assert ours == reference
        assert (reference.evaluation["acct-1"].tally.hg_claim,
                reference.evaluation["acct-1"].tally.rated) == (3, 3)


    def test_a_midnight_that_occurs_twice_is_judged_as_the_reference_judges_it(
            self, tmp_path: Path) -> None:
        # Havana's clocks go back at 01:00 on 2026-11-01 to midnight: the local day after
        # 2026-10-31 has no single first instant, and the reference reads local dates.
        midnight = svcperf.zones.first_instant(date(2026, 11, 1), "America/Havana")
        found = [make_job(job_id=f"J{index}", timezone="America/Havana",
                          appointment_date=date(2026, 10, 31), closed_at=midnight + shift)
                 for index, shift in enumerate(timedelta(minutes=minutes)
                                               for minutes in (-1, 0, 30, 59, 60, 61, 120))]
        assert svcperf.zones.next_day_start("America/Havana", date(2026, 10, 31), None) is None
        svcperf.write_jobs(tmp_path / "jobs.csv", found)
        ours = columnar.dashboard_from(columnar.load_jobs(tmp_path / "jobs.csv"),
                                       date(2026, 11, 3), tz="America/Havana")
        reference = svcperf.dashboard(found, date(2026, 11, 3), tz="America/Havana")
        assert ours == reference
        assert 0 < reference.evaluation["acct-1"].tally.late_completion < len(found)


class TestTables:
    """Parquet files and frames enter the same way, with the messages placed at rows."""

    @given(found=st.lists(jobs(), max_size=10))
    def test_a_typed_table_reads_to_the_records_it_holds(self, found: list[Job]) -> None:
        found = [attrs.evolve(job, job_id=f"J{index}") for index, job in enumerate(found)]
        table = jobs_from_records(found).table
        assert [job for job in columnar.records_of(columnar.load_jobs(table))] == found

    @given(found=st.lists(jobs(), min_size=1, max_size=12), data=st.data())
    def test_a_typed_table_reads_to_its_records_however_its_columns_are_chunked(
            self, found: list[Job], data: st.DataObject) -> None:
        # Each instant column cut at its own places, into slices of one array (chunks
        # starting past their buffers' start, as `Table.slice` gives) or into arrays of
        # their own: the offsets made for each chunk must line up with its rows.
        found = [attrs.evolve(job, job_id=f"J{index}") for index, job in enumerate(found)]
        table = jobs_from_records(found).table
        for name in INSTANTS:
            whole = table.column(name).combine_chunks()
            cuts = sorted(data.draw(st.sets(st.integers(1, len(whole) - 1), max_size=3))
                          if len(whole) > 1 else set())
            bounds = list(zip([0, *cuts], [*cuts, len(whole)], strict=True))
            if data.draw(st.booleans(), label=f"{name} sliced"):
                chunks = [whole.slice(start, end - start) for start, end in bounds]
            else:
                chunks = [pa.array(whole.to_pylist()[start:end], whole.type)
                          for start, end in bounds]
            table = table.set_column(table.schema.get_field_index(name), name,
                                     pa.chunked_array(chunks, whole.type))
        assert columnar.records_of(columnar.load_jobs(table)) == found

    def test_a_text_table_reads_as_its_csv_does(self, tmp_path: Path) -> None:
        job = make_job(arrival_window_start=utc(2026, 9, 14, 10),
                       arrival_window_end=utc(2026, 9, 14, 12), extras=(("crew", "blue"),))
        svcperf.write_jobs(tmp_path / "jobs.csv", [job])
        import pyarrow.csv as pcsv

        table = pcsv.read_csv(tmp_path / "jobs.csv", convert_options=pcsv.ConvertOptions(
            column_types=dict.fromkeys([*CORE_FIELDS, "crew"], pa.string())))
        assert [_exact(read) for read in columnar.records_of(columnar.load_jobs(table))] == [
            _exact(job)]

    def test_parquet_reads_back_and_places_errors_at_rows(self, tmp_path: Path) -> None:
        import pyarrow.parquet as pq

        found = [make_job(job_id="J1"), make_job(job_id="J2", rating=4,
                                                  rated_at=utc(2026, 9, 14, 18))]
        table = jobs_from_records(found).table
        pq.write_table(table, tmp_path / "jobs.parquet")
        assert columnar.records_of(columnar.load_jobs(tmp_path / "jobs.parquet")) == found
        naive = table.set_column(table.schema.get_field_index("closed_at"), "closed_at",
                                 table.column("closed_at").cast(pa.timestamp("us")))
        pq.write_table(naive, tmp_path / "naive.parquet")
        with pytest.raises(InvalidInputError) as error:
            columnar.load_jobs(tmp_path / "naive.parquet")
        assert str(error.value).splitlines() == [
            f"{tmp_path / 'naive.parquet'}, row {row}: job 'J{row}': field 'closed_at': "
            f"expected an ISO 8601 datetime with a UTC offset, e.g. 2026-09-14T10:30:00-05:00, "
            f"got '2026-09-14T15:00:00'" for row in (1, 2)]

    def test_a_nanosecond_instant_is_read_when_whole_microseconds_and_never_truncated(
            self, tmp_path: Path) -> None:
        import pyarrow.parquet as pq

        found = [make_job(job_id="J1"), make_job(job_id="J2", closed_at=utc(2026, 9, 14, 15)
                                                  + timedelta(microseconds=1))]
        table = jobs_from_records(found).table
        index = table.schema.get_field_index("closed_at")
        closed = table.column("closed_at").cast(pa.timestamp("ns", "UTC"))
        pq.write_table(table.set_column(index, "closed_at", closed), tmp_path / "whole.parquet")
        assert columnar.records_of(columnar.load_jobs(tmp_path / "whole.parquet")) == found
        finer = pa.array([value + 7 for value in closed.cast(pa.int64()).to_pylist()],
                         pa.int64()).cast(pa.timestamp("ns", "UTC"))
        pq.write_table(table.set_column(index, "closed_at", finer), tmp_path / "finer.parquet")
        with pytest.raises(InvalidInputError) as error:
            columnar.load_jobs(tmp_path / "finer.parquet")
        assert str(error.value).splitlines() == [
            f"{tmp_path / 'finer.parquet'}, row {row}: job 'J{row}': field 'closed_at': "
            f"expected an ISO 8601 datetime with a UTC offset, e.g. 2026-09-14T10:30:00-05:00, "
            f"got '2026-09-14T15:00:00.{fraction}+00:00'"
            for row, fraction in ((1, "000000007"), (2, "000001007"))]

    def test_a_typed_instant_no_datetime_holds_is_rejected_at_its_row(
            self, tmp_path: Path) -> None:
        import pyarrow.parquet as pq

        from svcperf.engines.columnar_input import disputes_from_records

        table = jobs_from_records([make_job(job_id="J1"), make_job(job_id="J2")]).table
        index = table.schema.get_field_index("closed_at")
        # 10000-01-01T00:00Z in seconds, and a microsecond before 0001-01-01T00:00Z.
        outside = [av.integers([253_402_300_800, 1_789_398_000]).view(pa.timestamp("s", "UTC")),
                   av.integers([-62_135_596_800_000_001, 1_789_398_000_000_000]).view(
                       pa.timestamp("us", "UTC"))]
        shown = ["10000-01-01T00:00:00+00:00", "0000-12-31T23:59:59.999999+00:00"]
        for values, text in zip(outside, shown, strict=True):
            pq.write_table(table.set_column(index, "closed_at", values), tmp_path / "jobs.parquet")
            with pytest.raises(InvalidInputError) as error:
                columnar.load_jobs(tmp_path / "jobs.parquet")
            assert str(error.value).splitlines() == [
                f"{tmp_path / 'jobs.parquet'}, row 1: job 'J1': field 'closed_at': expected an "
                f"ISO 8601 datetime with a UTC offset, e.g. 2026-09-14T10:30:00-05:00, got "
                f"'{text}'"]
        disputes = disputes_from_records([make_dispute("J1")]).table
        late = disputes.set_column(disputes.schema.get_field_index("decided_at"), "decided_at",
                                   outside[0].slice(0, 1))
        with pytest.raises(InvalidInputError, match=re.escape(
                "row 1: dispute on job 'J1': field 'decided_at': expected an ISO 8601 datetime "
                "with a UTC offset, e.g. 2026-09-14T10:30:00-05:00, got "
                "'10000-01-01T00:00:00+00:00'")):
            columnar.load_disputes(late)

    def test_a_typed_date_no_date_holds_is_rejected_at_its_row(self) -> None:
        table = jobs_from_records([make_job(job_id="J1"), make_job(job_id="J2")]).table
        index = table.schema.get_field_index("appointment_date")
        night = (date(2026, 9, 14) - date(1970, 1, 1)).days
        cases = [(av.integers([2_932_897, night], pa.int32()).view(pa.date32()), "10000-01-01"),
                 (av.integers([-719_163, night], pa.int32()).view(pa.date32()), "0000-12-31"),
                 # (a date64 that is not a whole day: pyarrow would truncate it to 2026-09-14)
                 (av.integers([night * 86_400_000 + 3_600_000, night * 86_400_000]).view(
                     pa.date64()), "2026-09-14T01:00:00")]
        for values, text in cases:
            with pytest.raises(InvalidInputError) as error:
                columnar.load_jobs(table.set_column(index, "appointment_date", values))
            assert str(error.value).splitlines() == [
                f"row 1: job 'J1': field 'appointment_date': expected a date YYYY-MM-DD, "
                f"got '{text}'"]
        whole = av.integers([night * 86_400_000] * 2).view(pa.date64())
        assert columnar.records_of(columnar.load_jobs(
            table.set_column(index, "appointment_date", whole))) == columnar.records_of(
            columnar.load_jobs(table))

    def test_a_zoned_instant_column_is_read_in_utc_on_every_row(self) -> None:
        table = jobs_from_records([make_job(job_id="J1"), make_job(job_id="J2")]).table
        index = table.schema.get_field_index("closed_at")
        chicago = table.column("closed_at").cast(pa.timestamp("us", "America/Chicago"))
        # Row 1's year 0999 is read by the reference (patched in); row 2 column-wise.
        given = (table.set_column(index, "closed_at", chicago)
                 .set_column(table.schema.get_field_index("arrival_window_start"),
                             "arrival_window_start", av.texts(["0999-09-14T10:30:00+01:00", None]))
                 .set_column(table.schema.get_field_index("arrival_window_end"),
                             "arrival_window_end", av.texts(["2026-09-14T12:30:00+01:00", None])))
        assert [job.closed_at and job.closed_at.utcoffset() for job in columnar.records_of(
            columnar.load_jobs(given))] == [timedelta(0), timedelta(0)]
        # A zone the zone database lacks: the instants are still UTC's; a bad row is named.
        unknown = table.column("closed_at").combine_chunks().cast(pa.int64()).view(
            pa.timestamp("us", "Mars/Base"))
        bad = table.set_column(index, "closed_at", unknown).set_column(
            table.schema.get_field_index("status"), "status", av.texts(["completed", "bogus"]))
        with pytest.raises(InvalidInputError) as error:
            columnar.load_jobs(bad)
        assert str(error.value).splitlines() == [
            "row 2: job 'J2': field 'status': expected one of completed, cancelled, open, "
            "got 'bogus'"]

    def test_a_csv_instant_in_the_years_1000_and_9998_reads_as_the_reference_reads_it(
            self, tmp_path: Path) -> None:
        # `_plain_instants` leaves instants outside 1000-01-02 to 9998-12-31 UTC (a day
        # inside its years' ends) to the reference; each reads as `svcperf.read_jobs` does.
        found = [make_job(job_id="J1", closed_at=datetime.fromisoformat(
                     "1000-01-01T00:30:00+01:00")),
                 make_job(job_id="J2", closed_at=datetime.fromisoformat(
                     "9998-12-31T23:30:00-01:00")),
                 make_job(job_id="J3", closed_at=datetime.fromisoformat(
                     "1000-01-02T00:00:00+00:00")),
                 # (outside the years; the wall time in 0001 and 9999, the instant not)
                 make_job(job_id="J4", closed_at=datetime.fromisoformat(
                     "0001-01-01T00:30:00+01:00")),
                 make_job(job_id="J5", closed_at=datetime.fromisoformat(
                     "9999-12-31T23:30:00-01:00"))]
        svcperf.write_jobs(tmp_path / "jobs.csv", found)
        assert "1000-01-01T00:30:00+01:00" in (tmp_path / "jobs.csv").read_text()
        assert [_exact(job) for job in columnar.records_of(columnar.load_jobs(
            tmp_path / "jobs.csv"))] == [_exact(job) for job in svcperf.read_jobs(
            tmp_path / "jobs.csv")]
        # The year 0000, which pyarrow's cast reads (to 0001-01-01T00:30Z), the reference not.
        lines = (tmp_path / "jobs.csv").read_text().splitlines(keepends=True)
        year_zero = lines[1].replace("J1", "J6").replace("1000-01-01T00:30:00+01:00",
                                                         "0000-12-31T23:30:00-01:00")
        (tmp_path / "zero.csv").write_text("".join([*lines, year_zero]))
        with pytest.raises(InvalidInputError) as expected:
            svcperf.read_jobs(tmp_path / "zero.csv")
        with pytest.raises(InvalidInputError) as error:
            columnar.load_jobs(tmp_path / "zero.csv")
        assert str(error.value) == str(expected.value)
        assert "zero.csv:7: job 'J6': field 'closed_at'" in str(error.value)

    def test_a_pandas_column_mixing_types_is_named_not_an_arrow_error(self) -> None:
        pd = pytest.importorskip("pandas")
        frame = jobs_from_records([make_job(job_id="J1"), make_job(job_id="J2")]).table.to_pandas()
        frame["crew"] = pd.Series(["blue", 5], dtype=object)
        with pytest.raises(svcperf.InvalidArgumentError, match=re.escape(
                "source: column 'crew' mixes types no Arrow column holds: row 2: got int 5 "
                "after str values (give the column one type)")):
            columnar.load_jobs(frame)
        frame["crew"] = pd.Series([None, "blue"], dtype=object)
        frame["reschedule_attributed"] = pd.Series([True, "false"], dtype=object)
        with pytest.raises(svcperf.InvalidArgumentError, match=re.escape(
                "column 'reschedule_attributed' mixes types no Arrow column holds: row 2: got "
                "str 'false' after bool values")):
            columnar.load_jobs(frame)

    def test_a_column_of_an_arrow_extension_type_is_named_not_read_as_its_storage(
            self, tmp_path: Path) -> None:
        # (a pandas Period column of days was read as its ordinals: "expected a date
        # YYYY-MM-DD, got int 20454", a value the user never wrote)
        pd = pytest.importorskip("pandas")
        import pyarrow.parquet as pq

        frame = jobs_from_records([make_job(job_id="J1"), make_job(job_id="J2")]).table.to_pandas()
        frame["appointment_date"] = pd.PeriodIndex(frame["appointment_date"], freq="D")
        frame["crew"] = pd.arrays.IntervalArray.from_breaks([0, 1, 2])
        expected = ("{}:1: header: field '{}': expected a column of plain values (text, "
                    "numbers, dates, instants or booleans), got 'a column of the Arrow "
                    "extension type {} ({} values); convert it to plain values first'")
        with pytest.raises(InvalidInputError) as error:
            columnar.load_jobs(frame)
        assert str(error.value).splitlines() == [
            expected.format("table", "appointment_date", "pandas.period", "int64"),
            expected.format("table", "crew", "pandas.interval",
                            "struct<left: int64, right: int64>")]
        # A Parquet file's column of an extension type pyarrow does not know (pandas' own
        # when pandas is not imported) reads as its storage, the name kept in the field's
        # metadata: the same problem.
        table = jobs_from_records([make_job(job_id="J1")]).table
        table = table.append_column(pa.field("week", pa.int64(), metadata={
            b"ARROW:extension:name": b"example.week"}), pa.array([2901], pa.int64()))
        pq.write_table(table, tmp_path / "jobs.parquet")
        assert pq.read_schema(tmp_path / "jobs.parquet").field("week").type == pa.int64()
        with pytest.raises(InvalidInputError) as error:
            columnar.load_jobs(tmp_path / "jobs.parquet")
        assert str(error.value) == expected.format(
            tmp_path / "jobs.parquet", "week", "example.week", "int64")

    def test_a_frame_arrow_cannot_hold_is_an_argument_error_not_a_library_s(self) -> None:
        pd = pytest.importorskip("pandas")
        pl = pytest.importorskip("polars")
        frame = jobs_from_records([make_job(job_id="J1"), make_job(job_id="J2")]).table.to_pandas()
        cases = [
            (pd.concat([frame, frame[["status"]]], axis=1), InvalidInputError,
             "table:1: header: field 'status': expected each column named once, "
             "got \"2 columns named 'status'\""),
            (frame["job_id"], svcperf.InvalidArgumentError, "source: expected a path or a "
             "pandas, polars or pyarrow table, got Series"),
            (pl.from_pandas(frame).lazy(), svcperf.InvalidArgumentError, "got LazyFrame "
             "(collect() a LazyFrame first)"),
            (frame.assign(crew=[1j, 2j]), svcperf.InvalidArgumentError,
             "source: cannot read the frame as Arrow columns: "),
            (frame.assign(crew=pd.arrays.SparseArray(["a", "b"])), svcperf.InvalidArgumentError,
             "source: cannot read the frame as Arrow columns: Sparse pandas data"),
            (pl.from_pandas(frame).with_columns(crew=pl.lit(1, dtype=pl.Int128)),
             svcperf.InvalidArgumentError, "source: cannot read the polars frame as Arrow "
             "columns: "),
        ]
        for source, kind, message in cases:
            for engine in ("python", "columnar"):
                with pytest.raises(kind) as error:
                    svcperf.evaluate(source, date(2026, 9, 30), tz="UTC", engine=engine)
                assert message in str(error.value)

    def test_a_directory_of_parquet_files_reads_as_their_rows(self, tmp_path: Path) -> None:
        import pyarrow.parquet as pq

        found = [make_job(job_id="J1"), make_job(job_id="J2")]
        (tmp_path / "jobs").mkdir()
        for job in found:
            pq.write_table(jobs_from_records([job]).table,
                           tmp_path / "jobs" / f"{job.job_id}.parquet")
        read = columnar.load_jobs(tmp_path / "jobs", format="parquet")
        assert sorted(columnar.records_of(read), key=lambda job: job.job_id) == found

    def test_a_folder_s_files_have_their_own_columns_never_filled_with_nulls(
            self, tmp_path: Path) -> None:
        # A file lacking a core column is that file's header problem (as Dask says it);
        # an extra column some files lack is an attribute their jobs lack (as a JSON Lines
        # job lacks a key), never a column of no values.
        import pyarrow.parquet as pq

        table = jobs_from_records([make_job(job_id="J1", technician_id="T1"),
                                   make_job(job_id="J2", technician_id="T2")]).table
        (tmp_path / "core").mkdir()
        pq.write_table(table.slice(0, 1), tmp_path / "core" / "a.parquet")
        pq.write_table(table.slice(1).drop_columns(["technician_id"]),
                       tmp_path / "core" / "b.parquet")
        with pytest.raises(InvalidInputError) as error:
            columnar.load_jobs(tmp_path / "core", format="parquet")
        assert str(error.value) == (
            f"{tmp_path / 'core' / 'b.parquet'}:1: header: field 'technician_id': expected a "
            f"column of that name, got 'no such column'")
        (tmp_path / "extra").mkdir()
        pq.write_table(table.slice(0, 1), tmp_path / "extra" / "a.parquet")
        pq.write_table(table.slice(1).append_column("crew", pa.array(["x"])),
                       tmp_path / "extra" / "b.parquet")
        read = columnar.load_jobs(tmp_path / "extra")
        assert [job.extras for job in columnar.records_of(read)] == [(), (("crew", "x"),)]
        with pytest.raises(svcperf.InvalidArgumentError,
                           match="job 'J1' has no attribute 'crew' that other jobs have"):
            columnar.dashboard_from(read, date(2026, 9, 14), ["crew"], tz="UTC")
        # Each file's columns are checked as that file's: a type one file has and another
        # not is that file's problem, at its rows (as Dask reads a folder).
        (tmp_path / "typed").mkdir()
        pq.write_table(table.slice(0, 1), tmp_path / "typed" / "a.parquet")
        pq.write_table(table.slice(1).set_column(0, "job_id", pa.array([b"J2"])),
                       tmp_path / "typed" / "b.parquet")
        with pytest.raises(InvalidInputError) as error:
            columnar.load_jobs(tmp_path / "typed", format="parquet")
        assert str(error.value) == (f"{tmp_path / 'typed' / 'b.parquet'}, row 1: job: field "
                                    f"'job_id': expected non-empty text, got bytes b'J2'")
        status = table.column("status").cast(pa.string())
        pq.write_table(table.slice(1).set_column(table.schema.get_field_index("status"),
                                                 "status", status.slice(1)),
                       tmp_path / "typed" / "b.parquet")  # plain text beside dictionaries
        assert columnar.records_of(columnar.load_jobs(tmp_path / "typed")) == [
            *columnar.records_of(jobs_from_records([make_job(job_id="J1",
                                                             technician_id="T1")])),
            *columnar.records_of(jobs_from_records([make_job(job_id="J2",
                                                             technician_id="T2")]))]

    def test_a_folder_of_text_and_typed_files_reads_each_as_it_is(self, tmp_path: Path) -> None:
        # Each file is read as its own (one with instants as text, whose offsets are kept
        # dictionary-encoded, one typed): the same records as the files read one by one.
        import pyarrow.csv as pcsv
        import pyarrow.parquet as pq

        sample.write(tmp_path, 12, 2)
        names = (tmp_path / "jobs.csv").read_text().splitlines()[0].split(",")
        text = pcsv.read_csv(tmp_path / "jobs.csv", convert_options=pcsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True))
        (tmp_path / "jobs").mkdir()
        pq.write_table(text.slice(0, 6), tmp_path / "jobs" / "a.parquet")
        pq.write_table(columnar.load_jobs(tmp_path / "jobs.csv").table.slice(6),
                       tmp_path / "jobs" / "b.parquet")
        read = columnar.records_of(columnar.load_jobs(tmp_path / "jobs"))
        assert read == [*columnar.records_of(columnar.load_jobs(tmp_path / "jobs" / "a.parquet")),
                        *columnar.records_of(columnar.load_jobs(tmp_path / "jobs" / "b.parquet"))]
        assert read[:6] == columnar.records_of(columnar.load_jobs(tmp_path / "jobs.csv"))[:6]

    def test_a_hive_partitioned_folder_reads_its_folders_values_as_text(
            self, tmp_path: Path) -> None:
        # (an empty partition value, Hive's __HIVE_DEFAULT_PARTITION__, is no value: it
        # ended in pyarrow's "Cannot yet unify dictionaries with nulls")
        import pyarrow.parquet as pq

        found = [make_job(job_id="J1", extras=(("crew", "blue"),)),
                 make_job(job_id="J2", extras=(("crew", None),)),
                 make_job(job_id="J3", extras=(("crew", "blue"),))]
        pq.write_to_dataset(jobs_from_records(found).table, tmp_path / "jobs",
                            partition_cols=["crew"])
        read = columnar.records_of(columnar.load_jobs(tmp_path / "jobs", format="parquet"))
        assert sorted(read, key=lambda job: job.job_id) == found

    def test_a_frame_with_a_duplicate_id_names_both_rows(self) -> None:
        table = jobs_from_records([make_job(job_id="J1"), make_job(job_id="J2")]).table
        table = table.set_column(0, "job_id", pa.array(["J1", "J1"]))
        with pytest.raises(InvalidInputError) as error:
            columnar.load_jobs(table)
        assert str(error.value) == ("row 2: job 'J1': field 'job_id': expected a job id no "
                                    "other job has (also on row 1), got 'J1'")

    @pytest.mark.parametrize("library", ["pandas", "polars"])
    def test_pandas_and_polars_frames_are_read(self, library: str) -> None:
        module = pytest.importorskip(library)
        job = make_job(rating=5, rated_at=utc(2026, 9, 14, 18), extras=(("crew", "blue"),))
        table = jobs_from_records([job]).table
        frame = table.to_pandas() if library == "pandas" else module.from_arrow(table)
        assert columnar.records_of(columnar.load_jobs(frame)) == [job]

    @staticmethod
    def _with_ratings(table: Any, slots: list[int], given: list[bool]) -> Any:
        """`table` with an ``int8`` rating column whose slots hold `slots`, a value given
        only where `given` says (what a slot without a value holds is the writer's)."""
        validity = pa.array(given).buffers()[1]
        ratings = pa.Array.from_buffers(pa.int8(), len(slots), [
            validity, pa.array(slots, pa.int8()).buffers()[1]], null_count=given.count(False))
        return table.set_column(table.schema.get_field_index("rating"), "rating", ratings)

    @pytest.mark.parametrize("hidden", [0, 9, -3])
    def test_what_a_rating_slot_without_a_value_holds_is_not_read(self, hidden: int) -> None:
        found = [make_job(job_id="J1"), make_job(job_id="J2", rating=4,
                                                  rated_at=utc(2026, 9, 14, 18))]
        table = self._with_ratings(jobs_from_records(found).table, [hidden, 4], [False, True])
        assert columnar.records_of(columnar.load_jobs(table)) == found

    @pytest.mark.parametrize("rating", [0, 6, -1])
    def test_an_integer_rating_outside_one_to_five_is_rejected(self, rating: int) -> None:
        found = [make_job(job_id="J1"), make_job(job_id="J2", rating=4,
                                                  rated_at=utc(2026, 9, 14, 18))]
        table = self._with_ratings(jobs_from_records(found).table, [0, rating], [False, True])
        with pytest.raises(InvalidInputError) as error:
            columnar.load_jobs(table)
        assert str(error.value) == (f"row 2: job 'J2': field 'rating': expected an integer "
                                    f"from 1 to 5, got {rating}")

    def test_a_float_rating_column_is_rejected_with_the_value_shown(self) -> None:
        table = jobs_from_records([make_job(rating=5, rated_at=utc(2026, 9, 14, 18))]).table
        table = table.set_column(table.schema.get_field_index("rating"), "rating",
                                 table.column("rating").cast(pa.float64()))
        with pytest.raises(InvalidInputError) as error:
            columnar.load_jobs(table)
        assert str(error.value) == ("row 1: job 'J1': field 'rating': expected an integer "
                                    "from 1 to 5, got float 5.0")


class TestLoadDisputes:
    @pytest.mark.parametrize(("ids", "known"), [
        (["J2", "J1", "J2"], [True, True, True]),
        (["J1", "J9", "J1", "J2"], [True, False, True, True]),
        (["J9", "J8"], [False, False]),
        ([None, "J1"], [False, True]),
    ])
    def test_known_ids_says_which_disputes_name_a_job(self, ids: list[str | None],
                                                      known: list[bool]) -> None:
        import pyarrow.compute as pc

        from svcperf.engines.columnar_input import known_ids

        found = known_ids(pa, pc, pa.chunked_array([pa.array(ids, pa.string())]),
                          pa.chunked_array([pa.array(["J1", "J2", "J3"])]))
        assert found.to_pylist() == known

    @FILES
    @given(found=st.lists(jobs(), min_size=1, max_size=5), data=st.data(),
           changed=st.dictionaries(st.sampled_from(DISPUTE_FIELDS), st.sampled_from(
               ["", "x", "granted", "hg_claim", "2026-09-14T10:30:00", "2026-09-14T10:30:00Z",
                "2026-09-14 10:30+01", "J0", "J9"]), max_size=2))
    def test_disputes_files_agree(self, tmp_path: Path, found: list[Job], data: st.DataObject,
                                  changed: dict[str, str]) -> None:
        found = [attrs.evolve(job, job_id=f"J{index}") for index, job in enumerate(found)]
        disputes = data.draw(disputes_for(found, max_size=4))
        assume(disputes)
        rows = [[cell_text(getattr(dispute, field)) for field in DISPUTE_FIELDS]
                for dispute in disputes]
        for field, value in changed.items():
            rows[0][DISPUTE_FIELDS.index(field)] = value
        path = _write_rows(tmp_path / "disputes.csv", DISPUTE_FIELDS, rows)
        ids = {job.job_id for job in found}
        reference = _outcome(lambda: svcperf.read_disputes(path, job_ids=ids))
        ours = _outcome(lambda: columnar.load_disputes(path, job_ids=ids))
        assert ours[0] == reference[0]
        if reference[0] == "error":
            assert ours[1] == reference[1]
        else:
            assert [_exact(dispute) for dispute in dispute_records_of(
                ours[1])] == [_exact(dispute) for dispute in reference[1]]  # type: ignore
