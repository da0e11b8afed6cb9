"""Strict reading of one text value (SPEC §2, §7): nothing is coerced.

The instant grammar is RFC 3339's (docs/files.md): ``YYYY-MM-DD``, ``T`` or a space,
``HH:MM:SS``, up to six fractional digits, ``Z`` or ``±HH:MM`` within 18 hours, and not
``-00:00`` (RFC 3339 §4.3: the offset is unknown).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svcperf.parsing import (
    INSTANT_PATTERN,
    MAX_OFFSET,
    parse_boolean,
    parse_date,
    parse_instant,
    parse_integer,
)


class TestParseInstant:
    def test_an_iso_datetime_with_an_offset_keeps_its_offset(self) -> None:
        value = parse_instant("2026-09-14T10:30:00-05:00")
        assert value.utcoffset() == timedelta(hours=-5)
        assert value == datetime(2026, 9, 14, 15, 30, tzinfo=timezone.utc)

    def test_a_z_suffix_means_utc_and_a_space_may_stand_for_the_t(self) -> None:
        assert parse_instant("2026-09-14T10:30:00Z").utcoffset() == timedelta(0)
        assert parse_instant("2026-09-14 10:30:00Z") == parse_instant("2026-09-14T10:30:00Z")

    def test_up_to_six_fractional_digits_are_read_exactly(self) -> None:
        assert parse_instant("2026-09-14T10:30:00.000001Z").microsecond == 1
        assert parse_instant("2026-09-14T10:30:00.5Z").microsecond == 500_000

    def test_offsets_up_to_18_hours_are_accepted(self) -> None:
        assert parse_instant("2026-09-14T10:30:00+18:00").utcoffset() == timedelta(hours=18)
        assert parse_instant("2026-09-14T10:30:00-18:00").utcoffset() == timedelta(hours=-18)

    @pytest.mark.parametrize("text", [
        "2026-09-14T10:30:00", "2026-09-14", "now", "",
        "2026-09-14T10:30:00.1234567Z",   # seven fractional digits: never truncated
        "2026-09-14T10:30:00,5Z",         # a decimal comma
        "2026-09-14T10:30:00-00:00",      # RFC 3339: offset unknown
        "2026-09-14T10:30:00+23:59",      # beyond 18 hours
        "2026-09-14T10:30:00+18:01",
        "2026-09-14T10:30:00-06:60",      # minute 60 of an offset: never rolled over to -07:00
        "2026-09-14T10:30:00+17:60",
        "2026-09-14T10:30:00+05:45:30",   # seconds in the offset
        "2026-09-14T10:30:00+0545", "2026-09-14T10:30:00+05",
        "20260914T103000Z", "2026-W38-1T10:00:00Z", "2026-09-14T10:30Z", "2026-09-14T10Z",
        "2026-09-14t10:30:00z", "2026-09-14T10:30:00 +00:00", "2026-09-14T24:00:00Z",
        "2026-09-14T10:30:60Z", "2026-02-30T10:30:00Z", "0000-01-01T00:00:00Z",
        " 2026-09-14T10:30:00Z", "2026-09-14T10:30:00Z\n", "٢026-09-14T10:30:00Z",
    ])
    def test_any_other_form_raises_value_error(self, text: str) -> None:
        with pytest.raises(ValueError):
            parse_instant(text)

    @given(st.datetimes(timezones=st.sampled_from(
        [timezone.utc, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=45)),
         timezone(timedelta(hours=-18)), timezone(timedelta(hours=18))])))
    def test_every_written_instant_reads_back_to_the_same_instant_and_offset(
            self, value: datetime) -> None:
        read = parse_instant(value.isoformat())
        assert read == value
        assert read.utcoffset() == value.utcoffset()


def _by_the_grammar(text: str) -> datetime | None:
    """The module docstring's grammar, spelt out: the pattern, then the offset's rules on
    the parsed value (the reference `parse_instant` must agree with)."""
    if not re.fullmatch(INSTANT_PATTERN, text):
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    shift = value.utcoffset()
    assert shift is not None
    if abs(shift) > MAX_OFFSET or text.endswith("-00:00"):
        return None
    if not text.endswith("Z") and int(text[-2:]) > 59:   # RFC 3339: time-minute is 00-59
        return None
    return value


OFFSETS = ["Z", "z", "+00:00", "-00:00", "+05:45", "-18:00", "+18:00", "+18:01", "+18:30",
           "-19:00", "+23:59", "-05:99", "-06:60", "+17:60", "+05:61", "+05:45:30", "+0545",
           "+05", ""]


class TestParseInstantIsTheGrammar:
    """parse_instant is fast where it can be; the grammar (`_by_the_grammar`) decides."""

    @pytest.mark.parametrize("offset", OFFSETS)
    @pytest.mark.parametrize("rest", ["2026-09-14T10:30:00", "2026-09-14 10:30:00.5"])
    def test_each_offset_is_judged_as_the_grammar_judges_it(self, rest: str,
                                                             offset: str) -> None:
        try:
            found: datetime | None = parse_instant(rest + offset)
        except ValueError:
            found = None
        assert found == _by_the_grammar(rest + offset)

    @given(st.builds(
        lambda date_part, sep, time_part, fraction, offset: date_part + sep + time_part
        + fraction + offset,
        st.sampled_from(["2026-09-14", "2026-02-30", "0001-01-01", "9999-12-31", "2026-9-14"]),
        st.sampled_from(["T", " ", "t", ""]),
        st.sampled_from(["10:30:00", "23:59:59", "24:00:00", "10:30", "10:30:60", "1030:00"]),
        st.sampled_from(["", ".5", ".123456", ".1234567", ",5", "."]),
        st.sampled_from(OFFSETS)))
    def test_it_accepts_exactly_what_the_grammar_accepts(self, text: str) -> None:
        expected = _by_the_grammar(text)
        try:
            found: datetime | None = parse_instant(text)
        except ValueError:
            found = None
        assert found == expected
        if found is not None and expected is not None:
            assert found.utcoffset() == expected.utcoffset()


class TestParseDate:
    def test_a_yyyy_mm_dd_date_is_read(self) -> None:
        assert parse_date("2026-02-28") == date(2026, 2, 28)

    @pytest.mark.parametrize("text", ["20260914", "2026-9-14", "2026-02-30", "2026-W37-1", ""])
    def test_any_other_form_raises_value_error(self, text: str) -> None:
        with pytest.raises(ValueError):
            parse_date(text)


class TestParseIntegerAndBoolean:
    def test_digits_are_a_whole_number(self) -> None:
        assert (parse_integer("4"), parse_integer("-1"), parse_integer("05")) == (4, -1, 5)

    @pytest.mark.parametrize("text", ["4.0", "+4", "4 ", "٤", "", "x"])
    def test_anything_else_is_not(self, text: str) -> None:
        with pytest.raises(ValueError):
            parse_integer(text)

    def test_only_true_and_false_are_booleans(self) -> None:
        assert (parse_boolean("true"), parse_boolean("false")) == (True, False)
        for text in ("True", "1", "yes", ""):
            with pytest.raises(ValueError):
                parse_boolean(text)
