"""The evaluation instant and the window (SPEC §3)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo

import pytest
from dateutil import tz
from hypothesis import given
from hypothesis import strategies as st
from strategies import DST_ZONES, TRANSITIONS, dst_zones, instants, local, nights, utc, zones

from svcperf import InvalidArgumentError, Window, as_of_night
from svcperf.window import window_for
from svcperf.zones import local_date, zone

ODD_ZONES = ("Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "America/St_Johns",
             "America/Santiago", "America/Havana")


def _wall(instant: datetime, name: str) -> datetime:
    return instant.astimezone(zone(name)).replace(tzinfo=None)



class _NoOffset(tzinfo):
    """A zone that knows no offset: a datetime with it is naive (Python's definition)."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None

class TestAsOfNight:
    def test_a_night_ends_at_the_first_instant_of_the_next_local_day(self) -> None:
        assert as_of_night(date(2026, 9, 14), "America/Chicago") == utc(2026, 9, 15, 5)
        assert as_of_night(date(2026, 9, 14), "UTC") == utc(2026, 9, 15)

    def test_a_next_day_whose_midnight_is_in_a_gap_starts_at_the_end_of_the_gap(self) -> None:
        assert as_of_night(date(2026, 9, 5), "America/Santiago") == utc(2026, 9, 6, 4)

    def test_an_unknown_zone_is_an_invalid_argument(self) -> None:
        with pytest.raises(InvalidArgumentError, match="tz"):
            as_of_night(date(2026, 9, 14), "Foo/Bar")


class TestWindowForNight:
    def test_the_window_is_exactly_the_local_days_d_minus_59_to_d(self) -> None:
        window = Window.for_night(date(2026, 9, 14), "America/Chicago")
        assert (window.start, window.end) == (utc(2026, 7, 17, 5), utc(2026, 9, 15, 5))
        assert (window.zone, window.days, window.night) == ("America/Chicago", 60,
                                                             date(2026, 9, 14))

    def test_a_dst_change_inside_the_window_does_not_move_its_start_by_an_hour(self) -> None:
        window = Window.for_night(date(2026, 4, 15), "America/Chicago")
        assert window.start == local("America/Chicago", 2026, 2, 15)
        assert window.end == local("America/Chicago", 2026, 4, 16)
        assert window.end - window.start == timedelta(days=60, hours=-1)

    @pytest.mark.parametrize(("name", "night", "start"), [
        ("America/Santiago", date(2026, 11, 4), utc(2026, 9, 6, 4)),
        ("America/Havana", date(2026, 5, 6), utc(2026, 3, 8, 5)),
    ])
    def test_a_first_day_whose_midnight_is_in_a_gap_starts_at_the_end_of_the_gap(
            self, name: str, night: date, start: datetime) -> None:
        assert Window.for_night(night, name).start == start

    def test_a_shorter_window_covers_that_many_local_days(self) -> None:
        window = Window.for_night(date(2026, 9, 14), "UTC", days=7)
        assert (window.start, window.end) == (utc(2026, 9, 8), utc(2026, 9, 15))

    @pytest.mark.parametrize("days", [0, -1, True, 1.5, "60"])
    def test_a_length_that_is_not_a_whole_number_of_days_from_1_is_rejected(
            self, days: object) -> None:
        with pytest.raises(InvalidArgumentError, match="days"):
            Window.for_night(date(2026, 9, 14), "UTC", days=days)  # type: ignore[arg-type]

    def test_a_datetime_is_not_a_night(self) -> None:
        with pytest.raises(InvalidArgumentError, match="night"):
            Window.for_night(utc(2026, 9, 14), "UTC")

    @given(nights(), st.sampled_from((*DST_ZONES, *ODD_ZONES)))
    def test_a_window_covers_exactly_60_local_days_from_midnight_to_midnight(
            self, night: date, name: str) -> None:
        """SPEC §3: "When `as_of` is given as a date D, the window is exactly the local days
        D−59 … D of zone Z: `[first instant of D−59, first instant of D+1)`"."""
        window = Window.for_night(night, name)
        second = timedelta(seconds=1)
        assert local_date(window.start, name) == night - timedelta(days=59)
        assert local_date(window.start - second, name) == night - timedelta(days=60)
        assert local_date(window.end - second, name) == night
        assert local_date(window.end, name) == night + timedelta(days=1)
        for instant in (window.start, window.end):
            wall = _wall(instant, name)
            midnight = datetime.combine(wall.date(), datetime.min.time())
            # Local midnight, or the end of a gap that swallowed it.
            assert wall == midnight or not tz.datetime_exists(midnight.replace(
                tzinfo=zone(name)))


def _days_after_a_transition(name: str, days: int) -> st.SearchStrategy[datetime]:
    """Instants whose wall time `days` local days earlier is near a DST change of `name`."""
    return st.builds(lambda t, seconds: t + timedelta(days=days, seconds=seconds),
                     st.sampled_from(TRANSITIONS[name][:-1]), st.integers(-7200, 7200))


class TestWindowEnding:
    def test_the_window_starts_at_the_same_wall_clock_time_60_local_days_earlier(self) -> None:
        as_of = local("America/Chicago", 2026, 4, 15, 12)
        window = Window.ending(as_of, "America/Chicago")
        assert window.start == local("America/Chicago", 2026, 2, 14, 12)
        assert window.end == as_of
        assert window.end.tzinfo is timezone.utc

    def test_a_start_in_a_dst_gap_is_shifted_forward_by_the_gap(self) -> None:
        window = Window.ending(local("America/New_York", 2026, 5, 7, 2, 30), "America/New_York")
        assert window.start == utc(2026, 3, 8, 7, 30)
        assert _wall(window.start, "America/New_York") == datetime(2026, 3, 8, 3, 30)

    def test_a_start_in_a_thirty_minute_gap_is_shifted_by_thirty_minutes(self) -> None:
        as_of = local("Australia/Lord_Howe", 2026, 12, 3, 2, 15)
        window = Window.ending(as_of, "Australia/Lord_Howe")
        assert _wall(window.start, "Australia/Lord_Howe") == datetime(2026, 10, 4, 2, 45)

    def test_a_start_at_a_repeated_wall_time_is_the_earlier_instant(self) -> None:
        window = Window.ending(local("America/New_York", 2026, 12, 31, 1, 30),
                               "America/New_York")
        assert window.start == utc(2026, 11, 1, 5, 30)

    def test_a_naive_as_of_is_an_invalid_argument(self) -> None:
        with pytest.raises(InvalidArgumentError, match=r"^as_of: .*timezone-aware"):
            Window.ending(datetime(2026, 9, 15))

    @pytest.mark.parametrize("as_of", [date(2026, 9, 15), "2026-09-15T00:00:00+00:00",
                                       datetime(2026, 9, 15, tzinfo=_NoOffset())],
                             ids=["a-date", "text", "a-zone-without-an-offset"])
    def test_what_is_not_an_aware_datetime_is_an_invalid_argument(self, as_of: object) -> None:
        with pytest.raises(InvalidArgumentError, match=r"^as_of: "):
            Window.ending(as_of)  # type: ignore[arg-type]

    @pytest.mark.parametrize("days", [60, 7, 1])
    def test_it_keeps_its_length_and_zone_and_has_no_night(self, days: int) -> None:
        """SPEC §3: "Other windows (last 7/30/90 days, any `[start, end)`) use the same
        rules": a window ending at an instant is still a window of `days` days."""
        window = Window.ending(local("America/Chicago", 2026, 9, 14, 12), "America/Chicago",
                               days)
        assert (window.days, window.night, window.zone) == (days, None, "America/Chicago")

    def test_an_unknown_zone_is_an_invalid_argument(self) -> None:
        with pytest.raises(InvalidArgumentError, match="tz"):
            Window.ending(utc(2026, 9, 15), "EST+5")

    @given(st.data(), dst_zones, st.sampled_from((60, 7, 30, 90)))
    def test_the_start_is_the_same_wall_time_days_earlier_or_the_end_of_its_gap(
            self, data: st.DataObject, name: str, days: int) -> None:
        """SPEC §3: "the same wall-clock time 60 local days earlier. A wall time that falls
        in a DST gap is shifted forward by the gap's length; one that occurs twice means
        the earlier instant"."""
        as_of = data.draw(instants() | _days_after_a_transition(name, days))
        window = Window.ending(as_of, name, days)
        target = _wall(as_of, name) - timedelta(days=days)
        aware = target.replace(tzinfo=zone(name))
        if tz.datetime_exists(aware):
            assert _wall(window.start, name) == target
            earlier = tz.enfold(aware, 0).astimezone(timezone.utc)
            assert window.start == earlier
        else:
            before = zone(name).utcoffset(target - timedelta(hours=3))
            after = zone(name).utcoffset(target + timedelta(hours=3))
            assert before is not None
            assert after is not None
            assert _wall(window.start, name) == target + (after - before)


class TestWindowBetween:
    def test_an_explicit_window_keeps_its_ends_in_utc(self) -> None:
        window = Window.between(local("Europe/Paris", 2026, 9, 1), utc(2026, 9, 15))
        assert (window.start, window.end) == (utc(2026, 8, 31, 22), utc(2026, 9, 15))
        assert (window.days, window.night) == (None, None)

    @pytest.mark.parametrize("end", [utc(2026, 9, 1), utc(2026, 8, 1)])
    def test_an_end_not_after_the_start_is_rejected(self, end: datetime) -> None:
        with pytest.raises(InvalidArgumentError, match="window"):
            Window.between(utc(2026, 9, 1), end)

    def test_a_naive_start_or_end_is_rejected_naming_that_argument(self) -> None:
        with pytest.raises(InvalidArgumentError, match=r"^start: .*timezone-aware"):
            Window.between(datetime(2026, 9, 1), utc(2026, 9, 15))
        with pytest.raises(InvalidArgumentError, match=r"^end: .*timezone-aware"):
            Window.between(utc(2026, 9, 1), datetime(2026, 9, 15))

    def test_it_has_no_length_and_no_night_but_keeps_its_zone(self) -> None:
        window = Window.between(utc(2026, 9, 1), utc(2026, 9, 15), "Europe/Paris")
        assert (window.days, window.night, window.zone) == (None, None, "Europe/Paris")


class TestWindowContains:
    def test_the_start_is_inside_and_the_end_is_outside(self) -> None:
        window = Window.for_night(date(2026, 9, 14), "UTC")
        assert window.contains(window.start)
        assert not window.contains(window.end)
        assert window.contains(window.end - timedelta(microseconds=1))
        assert not window.contains(window.start - timedelta(microseconds=1))
        assert window.as_of == window.end


class TestWindowFor:
    def test_a_window_is_taken_as_it_is(self) -> None:
        window = Window.between(utc(2026, 9, 1), utc(2026, 9, 15))
        assert window_for(window, "America/Chicago", 7) is window

    def test_a_date_is_a_night(self) -> None:
        assert window_for(date(2026, 9, 14), "America/Chicago") == Window.for_night(
            date(2026, 9, 14), "America/Chicago")

    def test_a_datetime_is_an_instant(self) -> None:
        assert window_for(utc(2026, 9, 14, 12), days=7) == Window.ending(utc(2026, 9, 14, 12),
                                                                          days=7)

    def test_anything_else_is_an_invalid_argument(self) -> None:
        with pytest.raises(InvalidArgumentError, match="as_of"):
            window_for("2026-09-14")  # type: ignore[arg-type]

    @given(nights(), zones)
    def test_a_night_window_ends_where_its_as_of_night_says(self, night: date,
                                                             name: str) -> None:
        assert window_for(night, name).end == as_of_night(night, name)


class TestWindowsAtTheEdgesOfTime:
    """Issue 14: a window reaching past Python's dates (0001-01-01 to 9999-12-31) is an invalid
    argument naming the arguments to blame, never an OverflowError; one inside them works."""

    @pytest.mark.parametrize(("night", "name", "days", "blamed"), [
        (date.max, "America/Chicago", 60, "night: "),
        (date.max, "UTC", 1, "night: "),
        (date.min, "America/Chicago", 60, "night, days: "),
        (date.min, "Asia/Tokyo", 1, "night, days: "),
        (date(2026, 11, 15), "America/Chicago", 1_000_000, "night, days: "),
        (date(2026, 11, 15), "UTC", 99999999999999999999, "night, days: "),
    ])
    def test_a_night_whose_window_leaves_the_calendar_is_an_invalid_argument(
            self, night: date, name: str, days: int, blamed: str) -> None:
        with pytest.raises(InvalidArgumentError, match=f"^{blamed}.*0001-01-01 to 9999-12-31"):
            Window.for_night(night, name, days)

    @pytest.mark.parametrize(("as_of", "name", "days", "blamed"), [
        (datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))), "UTC", 60, "as_of: "),
        (datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-14))), "UTC", 1,
         "as_of: "),
        (datetime(9999, 12, 31, 20, tzinfo=timezone.utc), "Asia/Tokyo", 1, "as_of: "),
        (datetime(1, 1, 2, tzinfo=timezone.utc), "UTC", 60, "as_of, days: "),
        (utc(2026, 1, 1), "UTC", 10**20, "as_of, days: "),
    ])
    def test_an_instant_whose_window_leaves_the_calendar_is_an_invalid_argument(
            self, as_of: datetime, name: str, days: int, blamed: str) -> None:
        with pytest.raises(InvalidArgumentError, match=f"^{blamed}"):
            Window.ending(as_of, name, days)

    def test_an_explicit_window_outside_the_calendar_names_its_end(self) -> None:
        with pytest.raises(InvalidArgumentError, match=r"^start: "):
            Window.between(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))),
                           utc(2026, 1, 1))

    @pytest.mark.parametrize(("night", "name"), [
        (date(9999, 12, 30), "America/Chicago"), (date(9999, 12, 30), "Pacific/Kiritimati"),
        (date(1, 3, 1), "UTC"),
    ])
    def test_the_last_and_first_representable_windows_are_made(self, night: date,
                                                               name: str) -> None:
        window = Window.for_night(night, name)
        assert window.start < window.end == as_of_night(night, name)
