"""`svcperf.arrow_values` builds the values pyarrow's own conversion gives, without it."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")
pytest.importorskip("pandas")  # the import these values avoid

from svcperf import arrow_values  # noqa: E402

_WIDTHS = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]


@st.composite
def _typed_integers(draw: st.DrawFn) -> tuple[str, list[int | None]]:
    name = draw(st.sampled_from(_WIDTHS))
    bits = int(name.removeprefix("u").removeprefix("int"))
    low, high = (0, 2 ** bits - 1) if name.startswith("u") else (-2 ** (bits - 1),
                                                                 2 ** (bits - 1) - 1)
    values = draw(st.lists(st.one_of(st.none(), st.integers(low, high)), max_size=20))
    return name, values


@given(_typed_integers())
def test_integers_are_pyarrows(case: tuple[str, list[int | None]]) -> None:
    name, values = case
    kind = getattr(pa, name)()
    built = arrow_values.integers(values, kind)
    assert built.equals(pa.array(values, kind))
    built.validate(full=True)
    if values and values[0] is not None:
        assert arrow_values.integer(values[0], kind).equals(pa.scalar(values[0], kind))


@given(st.lists(st.one_of(st.none(), st.text()), max_size=20))
def test_texts_are_pyarrows(values: list[str | None]) -> None:
    built = arrow_values.texts(values)
    built.validate(full=True)
    assert built.equals(pa.array(values, pa.string()))


@given(st.text())
def test_a_text_is_pyarrows(value: str) -> None:
    assert arrow_values.text(value).equals(pa.scalar(value, pa.string()))


@given(st.booleans())
def test_a_boolean_is_pyarrows(value: bool) -> None:
    assert arrow_values.boolean(value).equals(pa.scalar(value))


_OFFSETS = st.integers(-18 * 60, 18 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                    timezones=_OFFSETS))
def test_an_instant_is_pyarrows(value: datetime) -> None:
    expected = pa.scalar(value.astimezone(timezone.utc), pa.timestamp("us", "UTC"))
    assert arrow_values.instant(value).equals(expected)


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        arrow_values.instant(datetime(2026, 1, 1))


@given(st.dates())
def test_a_day_is_pyarrows(value: date) -> None:
    assert arrow_values.day(value).equals(pa.scalar(value, pa.date32()))


@given(st.lists(st.one_of(st.none(), st.booleans()), max_size=40))
def test_booleans_are_pyarrows(values: list[bool | None]) -> None:
    built = arrow_values.booleans(values)
    built.validate(full=True)
    assert built.equals(pa.array(values, pa.bool_()))


@given(st.lists(st.one_of(st.none(), st.dates()), max_size=20))
def test_days_are_pyarrows(values: list[date | None]) -> None:
    built = arrow_values.days(values)
    built.validate(full=True)
    assert built.equals(pa.array(values, pa.date32()))


_ZONES = st.sampled_from(["UTC", "America/Chicago", "Europe/Dublin", "Asia/Kathmandu",
                          "+05:45", "-03:30"])
_UNITS = st.sampled_from(["s", "ms", "us"])
# Instants from the year 2 to 9998 (so that every zone's wall time is a datetime).
_INSTANT_INTEGERS = st.integers(-62_104_000_000_000_000, 253_370_000_000_000_000)


@given(_ZONES, _UNITS, st.lists(st.one_of(st.none(), _INSTANT_INTEGERS), max_size=10))
def test_a_zoned_timestamp_column_gives_pyarrows_values(zone: str, unit: str,
                                                        micros: list[int | None]) -> None:
    per_unit = {"s": 1_000_000, "ms": 1_000, "us": 1}[unit]
    values = pa.chunked_array([arrow_values.integers(
        [None if value is None else value // per_unit for value in micros])]).cast(
        pa.timestamp(unit, zone))
    found, expected = arrow_values.pylist(values), values.to_pylist()
    assert found == expected
    assert [None if value is None else (value.utcoffset(), value.tzinfo) for value in found] == [
        None if value is None else (value.utcoffset(), value.tzinfo) for value in expected]


# Nanosecond instants pyarrow (with pandas) can hold: 1677-09-22 to 2262-04-11.
_NANOSECOND_INTEGERS = st.integers(-9_223_285_636_854_775_000, 9_223_285_636_854_775_000)


@given(st.one_of(st.none(), _ZONES),
       st.lists(st.one_of(st.none(), _NANOSECOND_INTEGERS), max_size=10))
def test_a_nanosecond_column_gives_pandas_instants_and_the_texts_of_finer_ones(
        zone: str | None, nanos: list[int | None]) -> None:
    values = pa.chunked_array([arrow_values.integers(nanos)]).cast(pa.timestamp("ns", zone))
    found, expected = arrow_values.pylist(values), values.to_pylist()  # pandas' Timestamps
    assert found == [value if value is None or value.nanosecond == 0 else value.isoformat()
                     for value in expected]
    assert [None if isinstance(value, str) or value is None else value.utcoffset()
            for value in found] == [
        None if value is None or value.nanosecond else value.utcoffset() for value in expected]


@given(st.lists(st.one_of(st.none(), st.text()), max_size=10))
def test_rows_are_pyarrows(values: list[str | None]) -> None:
    table = pa.table({"text": arrow_values.texts(values), "instant": arrow_values.integers(
        [len(value or "") for value in values]).view(pa.timestamp("us", "UTC"))})
    assert arrow_values.pyrows(table) == table.to_pylist()


def test_a_column_without_a_zone_is_pyarrows_own_list() -> None:
    values = arrow_values.integers([1, None]).view(pa.timestamp("us"))
    assert arrow_values.pylist(values) == values.to_pylist()


def test_null_is_pyarrows() -> None:
    assert arrow_values.null(pa.int64()).equals(pa.scalar(None, pa.int64()))


def test_building_values_imports_no_pandas() -> None:
    code = (
        "import sys, datetime\n"
        "from svcperf import arrow_values as v\n"
        "import pyarrow as pa, pyarrow.compute as pc\n"
        "v.texts(['a', None]); v.integer(1, pa.int8()); v.boolean(False); v.null(pa.int8())\n"
        "v.instant(datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))\n"
        "v.day(datetime.date(2026, 1, 1)); v.days([None]); v.booleans([True, None])\n"
        "v.pylist(v.integers([1]).view(pa.timestamp('us', 'America/Chicago')))\n"
        "pc.equal(v.texts(['a']), v.text('a')); (pc.field('x') == v.text('a'))\n"
        "print('pandas' in sys.modules)\n"
        "pa.scalar(1)\n"  # the conversion the module avoids: it does import pandas
        "print('pandas' in sys.modules)\n")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.split()
    assert shown == ["False", "True"]


def test_instants_and_dates_no_datetime_or_date_holds_are_given_as_their_texts() -> None:
    # (pyarrow's own conversion fails on the first three and truncates the last)
    assert arrow_values.pylist(arrow_values.integers([253_402_300_800, None]).view(
        pa.timestamp("s", "UTC"))) == ["10000-01-01T00:00:00+00:00", None]
    assert arrow_values.pylist(arrow_values.integers([-62_135_596_800_001]).view(
        pa.timestamp("ms"))) == ["0000-12-31T23:59:59.999000"]
    assert arrow_values.pylist(arrow_values.integers([2_932_897, 0], pa.int32()).view(
        pa.date32())) == ["10000-01-01", date(1970, 1, 1)]
    assert arrow_values.pylist(arrow_values.integers([3_600_000, 86_400_000]).view(
        pa.date64())) == ["1970-01-01T01:00:00", date(1970, 1, 2)]


def test_an_instant_whose_wall_time_in_its_zone_no_datetime_holds_is_given_in_utc() -> None:
    # 0001-01-01T01:00Z is 0000-12-31T19:00 in Chicago (pyarrow's conversion fails on it).
    values = arrow_values.integers([-62_135_596_800_000_000 + 3_600_000_000]).view(
        pa.timestamp("us", "America/Chicago"))
    assert arrow_values.pylist(values) == [datetime(1, 1, 1, 1, tzinfo=timezone.utc)]
