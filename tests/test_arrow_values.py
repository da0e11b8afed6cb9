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


def test_null_is_pyarrows() -> None:
    assert arrow_values.null(pa.int64()).equals(pa.scalar(None, pa.int64()))


def test_building_values_imports_no_pandas() -> None:
    code = (
        "import sys, datetime\n"
        "from svcperf import arrow_values as v\n"
        "import pyarrow as pa, pyarrow.compute as pc\n"
        "v.texts(['a', None]); v.integer(1, pa.int8()); v.boolean(False); v.null(pa.int8())\n"
        "v.instant(datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))\n"
        "v.day(datetime.date(2026, 1, 1))\n"
        "pc.equal(v.texts(['a']), v.text('a')); (pc.field('x') == v.text('a'))\n"
        "print('pandas' in sys.modules)\n"
        "pa.scalar(1)\n"  # the conversion the module avoids: it does import pandas
        "print('pandas' in sys.modules)\n")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.split()
    assert shown == ["False", "True"]
