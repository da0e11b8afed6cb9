"""Strict reading of text fields (SPEC §2, §7): nothing is coerced."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from svcperf import InvalidRecordError, JobStatus
from svcperf.parsing import FieldReader, parse_date, parse_instant


def _reader(**row: object) -> FieldReader:
    return FieldReader(row, "job 'J1'")


class TestParseInstant:
    def test_an_iso_datetime_with_an_offset_keeps_its_offset(self) -> None:
        value = parse_instant("2026-09-14T10:30:00-05:00")
        assert value.utcoffset() == timedelta(hours=-5)
        assert value == datetime(2026, 9, 14, 15, 30, tzinfo=timezone.utc)

    def test_a_z_suffix_means_utc(self) -> None:
        assert parse_instant("2026-09-14T10:30:00Z").utcoffset() == timedelta(0)

    @pytest.mark.parametrize("text", ["2026-09-14T10:30:00", "2026-09-14", "now"])
    def test_a_text_without_an_offset_raises_value_error(self, text: str) -> None:
        with pytest.raises(ValueError):
            parse_instant(text)


class TestParseDate:
    def test_a_yyyy_mm_dd_date_is_read(self) -> None:
        assert parse_date("2026-02-28") == date(2026, 2, 28)

    @pytest.mark.parametrize("text", ["20260914", "2026-9-14", "2026-02-30", "2026-W37-1"])
    def test_any_other_form_raises_value_error(self, text: str) -> None:
        with pytest.raises(ValueError):
            parse_date(text)


class TestFieldReader:
    def test_a_missing_column_is_an_error_naming_record_and_field(self) -> None:
        with pytest.raises(InvalidRecordError) as caught:
            _reader().optional_text("technician_id")
        assert (caught.value.record, caught.value.field) == ("job 'J1'", "technician_id")

    def test_required_text_rejects_empty_text_and_none(self) -> None:
        for value in ("", None):
            with pytest.raises(InvalidRecordError):
                _reader(job_id=value).text("job_id")

    def test_optional_text_reads_empty_as_none(self) -> None:
        assert _reader(technician_id="").optional_text("technician_id") is None
        assert _reader(technician_id="t").optional_text("technician_id") == "t"

    def test_a_text_field_rejects_a_number(self) -> None:
        with pytest.raises(InvalidRecordError):
            _reader(profession=3).optional_text("profession")

    def test_integer_accepts_digits_and_json_integers_only(self) -> None:
        assert _reader(rating="4").integer("rating") == 4
        assert _reader(rating=4).integer("rating") == 4
        assert _reader(rating="").integer("rating") is None
        for value in ("4.0", 4.0, True, "+4", "4 ", "٤"):
            with pytest.raises(InvalidRecordError):
                _reader(rating=value).integer("rating")

    def test_boolean_accepts_true_false_and_json_booleans_only(self) -> None:
        assert _reader(flag="true").boolean("flag") is True
        assert _reader(flag=False).boolean("flag") is False
        assert _reader(flag=None).boolean("flag") is None
        for value in ("True", "1", 1, "no"):
            with pytest.raises(InvalidRecordError):
                _reader(flag=value).boolean("flag")

    def test_required_boolean_rejects_no_value(self) -> None:
        with pytest.raises(InvalidRecordError):
            _reader(flag="").required_boolean("flag")

    def test_instant_reads_empty_as_none_and_rejects_a_naive_text(self) -> None:
        assert _reader(closed_at="").instant("closed_at") is None
        with pytest.raises(InvalidRecordError) as caught:
            _reader(closed_at="2026-09-14T10:00").instant("closed_at")
        assert "UTC offset" in caught.value.expected

    def test_date_rejects_no_value(self) -> None:
        with pytest.raises(InvalidRecordError):
            _reader(appointment_date="").date("appointment_date")

    def test_choice_reads_an_enum_value_and_lists_the_options_when_wrong(self) -> None:
        assert _reader(status="open").choice("status", JobStatus) is JobStatus.OPEN
        with pytest.raises(InvalidRecordError) as caught:
            _reader(status="OPEN").choice("status", JobStatus)
        assert caught.value.expected == "one of completed, cancelled, open"
