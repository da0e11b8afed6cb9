"""Time zones (SPEC §2–§3): strict IANA names, local dates, wall times, first instants."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import dst_zones, instants, local, utc, zones

from svcperf.zones import (
    after_local_date,
    first_instant,
    fixed_offset,
    in_fixed_offset,
    local_date,
    resolve_wall_time,
    zone,
    zone_names,
)


class TestZone:
    @pytest.mark.parametrize("name", ["UTC", "America/Chicago", "EST5EDT", "Etc/GMT-14",
                                      "America/Argentina/Buenos_Aires"])
    def test_a_name_of_the_zone_database_is_resolved(self, name: str) -> None:
        assert zone(name) is zone(name)

    @pytest.mark.parametrize("name", ["", "Foo/Bar", "/usr/share/zoneinfo/UTC", "../UTC",
                                      "America/../UTC", "EST+5", "CET-1CEST", " UTC", "utc"])
    def test_a_path_a_posix_string_or_an_unknown_name_raises_value_error(self,
                                                                         name: str) -> None:
        with pytest.raises(ValueError):
            zone(name)

    def test_a_name_that_is_not_text_raises_value_error(self) -> None:
        with pytest.raises(ValueError):
            zone(5)

    @pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory",
                                      "right/America/Santiago", "posix/America/Chicago",
                                      "right/UTC", "zone.tab", "tzdata.zi", "A" * 5000])
    def test_a_file_of_the_zone_directory_that_is_not_a_zone_is_rejected(self,
                                                                          name: str) -> None:
        """Issue 14: ``localtime`` follows the machine, ``right/`` counts leap seconds,
        ``Factory`` is the placeholder for "no zone configured": none names a place."""
        with pytest.raises(ValueError, match="not an IANA time zone name"):
            zone(name)

    def test_a_name_in_the_wrong_case_gets_a_hint(self) -> None:
        with pytest.raises(ValueError, match="did you mean 'America/Chicago'"):
            zone("america/chicago")


class TestZoneNames:
    def test_every_listed_name_is_a_zone(self) -> None:
        for name in zone_names():
            assert zone(name).utcoffset(datetime(2026, 1, 1)) is not None

    def test_without_tzdata_the_standard_library_list_is_filtered_the_same_way(
            self, monkeypatch: pytest.MonkeyPatch) -> None:
        def no_tzdata(package: str) -> None:
            raise ImportError(package)
        monkeypatch.setattr("svcperf.zones.resources.files", no_tzdata)
        names = zone_names.__wrapped__()
        assert "America/Chicago" in names
        assert not {"localtime", "posixrules", "Factory"} & names
        assert not any(name.startswith(("posix/", "right/")) for name in names)


class TestFixedOffset:
    def test_the_zero_offset_is_utc_and_others_are_shared(self) -> None:
        assert fixed_offset(timedelta(0)) is timezone.utc
        assert fixed_offset(timedelta(hours=-5)) is fixed_offset(timedelta(hours=-5))


class TestInFixedOffset:
    def test_the_instant_is_shown_in_a_fixed_offset(self) -> None:
        minus_five = fixed_offset(timedelta(hours=-5))
        shown = in_fixed_offset(utc(2026, 9, 15, 5), minus_five)
        assert shown.tzinfo is minus_five
        assert shown == utc(2026, 9, 15, 5)

    def test_a_named_zone_or_no_zone_leaves_the_instant_as_it_is(self) -> None:
        instant = utc(2026, 9, 15, 5)
        assert in_fixed_offset(instant, zone("America/Chicago")) is instant
        assert in_fixed_offset(instant, None) is instant

    def test_an_instant_that_would_overflow_is_left_as_it_is(self) -> None:
        earliest = datetime.min.replace(tzinfo=timezone.utc)
        assert in_fixed_offset(earliest, fixed_offset(timedelta(hours=-5))) is earliest


class TestLocalDate:
    def test_the_date_is_read_in_the_named_zone_not_in_utc(self) -> None:
        assert local_date(utc(2026, 9, 15, 3), "America/Chicago") == date(2026, 9, 14)
        assert local_date(utc(2026, 9, 14, 20), "Pacific/Auckland") == date(2026, 9, 15)

    @given(instants(), zones)
    def test_the_date_is_the_wall_date_in_the_zone(self, instant: datetime, name: str) -> None:
        utc_instant = instant.astimezone(timezone.utc)
        offset = utc_instant.astimezone(zone(name)).utcoffset()
        assert offset is not None
        assert local_date(instant, name) == (utc_instant + offset).date()


class TestAfterLocalDate:
    @given(instants(), zones, st.integers(-2, 1), st.booleans())
    def test_it_says_whether_the_local_date_is_after_the_day(self, instant: datetime, name: str,
                                                             shift: int, fixed: bool) -> None:
        if fixed:  # as records keep instants: a fixed UTC offset
            offset = instant.utcoffset()
            assert offset is not None
            instant = instant.astimezone(fixed_offset(offset))
        day = local_date(instant, name) + timedelta(days=shift)
        assert after_local_date(instant, name, day) is (local_date(instant, name) > day)

    @pytest.mark.parametrize("name", ["America/Chicago", "Australia/Lord_Howe", "UTC"])
    def test_the_next_day_begins_exactly_at_its_first_instant(self, name: str) -> None:
        day = date(2026, 10, 3)
        start = first_instant(day + timedelta(days=1), name)
        assert after_local_date(start, name, day) is True
        assert after_local_date(start - timedelta(microseconds=1), name, day) is False

    @pytest.mark.parametrize(("name", "first_day", "days"), [
        ("America/Sitka", date(1867, 10, 17), 5),       # clocks went back a whole day
        ("Pacific/Apia", date(2011, 12, 28), 5),        # a whole day skipped
        ("America/Sao_Paulo", date(2018, 2, 16), 4),    # back from 00:00 to 23:00
        ("America/Sao_Paulo", date(2018, 11, 3), 3),    # midnight skipped
        ("America/Havana", date(2026, 10, 30), 4),      # midnight repeated
        ("Australia/Lord_Howe", date(2026, 4, 4), 3),   # 30-minute fold
    ])
    def test_it_agrees_with_the_local_date_where_the_calendar_jumps(
            self, name: str, first_day: date, days: int) -> None:
        start = datetime.combine(first_day, datetime.min.time(), timezone.utc)
        for minutes in range(0, days * 24 * 60, 7):
            instant = start + timedelta(minutes=minutes)
            shown = local_date(instant, name)
            for day in (shown - timedelta(days=1), shown, shown + timedelta(days=1)):
                assert after_local_date(instant, name, day) is (shown > day), (instant, day)

    def test_the_last_date_has_no_later_date(self) -> None:
        assert after_local_date(datetime.max.replace(tzinfo=timezone.utc), "UTC",
                                date.max) is False


class TestResolveWallTime:
    def test_an_ordinary_wall_time_is_its_instant(self) -> None:
        assert resolve_wall_time(datetime(2026, 9, 14, 10), "America/Chicago") == utc(2026, 9,
                                                                                      14, 15)

    def test_a_wall_time_in_a_gap_is_shifted_forward_by_the_gap(self) -> None:
        assert resolve_wall_time(datetime(2026, 3, 8, 2, 30), "America/New_York") == utc(
            2026, 3, 8, 7, 30)

    def test_a_wall_time_in_a_thirty_minute_gap_is_shifted_by_thirty_minutes(self) -> None:
        # Lord Howe moves from +10:30 to +11 at 02:00 local on 2026-10-04.
        result = resolve_wall_time(datetime(2026, 10, 4, 2, 10), "Australia/Lord_Howe")
        assert result.astimezone(zone("Australia/Lord_Howe")).replace(tzinfo=None) == datetime(
            2026, 10, 4, 2, 40)

    def test_a_repeated_wall_time_is_the_earlier_instant(self) -> None:
        assert resolve_wall_time(datetime(2026, 11, 1, 1, 30), "America/New_York") == utc(
            2026, 11, 1, 5, 30)

    def test_a_repeated_wall_time_is_the_earlier_instant_whatever_its_fold(self) -> None:
        wall = datetime(2026, 11, 1, 1, 30, fold=1)
        assert resolve_wall_time(wall, "America/New_York") == utc(2026, 11, 1, 5, 30)

    def test_the_instant_is_given_in_utc(self) -> None:
        result = resolve_wall_time(datetime(2026, 9, 14, 10), "Asia/Kathmandu")
        assert result.tzinfo is timezone.utc

    @given(instants(), dst_zones)
    def test_an_existing_wall_time_resolves_to_an_instant_showing_it(self, instant: datetime,
                                                                      name: str) -> None:
        wall = instant.astimezone(zone(name)).replace(tzinfo=None)
        result = resolve_wall_time(wall, name)
        assert result.astimezone(zone(name)).replace(tzinfo=None) == wall
        assert result <= instant


class TestFirstInstant:
    @pytest.mark.parametrize(("day", "name"), [(date(2026, 9, 15), "America/Chicago"),
                                               (date(2026, 9, 6), "America/Santiago")],
                             ids=["an-ordinary-midnight", "a-midnight-in-a-gap"])
    def test_the_instant_is_given_in_utc(self, day: date, name: str) -> None:
        assert first_instant(day, name).tzinfo is timezone.utc

    def test_an_ordinary_day_starts_at_local_midnight(self) -> None:
        assert first_instant(date(2026, 9, 15), "America/Chicago") == utc(2026, 9, 15, 5)

    @pytest.mark.parametrize(("name", "day", "expected"), [
        ("America/Santiago", date(2026, 9, 6), utc(2026, 9, 6, 4)),
        ("America/Havana", date(2026, 3, 8), utc(2026, 3, 8, 5)),
    ])
    def test_a_day_whose_midnight_falls_in_a_gap_starts_at_the_end_of_the_gap(
            self, name: str, day: date, expected: datetime) -> None:
        result = first_instant(day, name)
        assert result == expected
        assert result.astimezone(zone(name)).replace(tzinfo=None) == datetime(
            day.year, day.month, day.day, 1)
        assert (result - timedelta(seconds=1)).astimezone(zone(name)).date() < day

    def test_a_day_whose_midnight_occurs_twice_starts_at_the_first_one(self) -> None:
        # Havana falls back from 01:00 CDT to 00:00 CST on 2026-11-01.
        result = first_instant(date(2026, 11, 1), "America/Havana")
        assert result.timestamp() == local("America/Havana", 2026, 11, 1, 0, fold=0).timestamp()
        assert result == utc(2026, 11, 1, 4)

    @given(st.dates(date(2025, 7, 1), date(2027, 5, 1)), zones)
    def test_it_is_the_first_instant_whose_local_date_is_the_day(self, day: date,
                                                                  name: str) -> None:
        result = first_instant(day, name)
        assert local_date(result, name) == day
        assert local_date(result - timedelta(seconds=1), name) < day
