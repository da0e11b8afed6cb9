"""Which engine evaluates an input (SPEC §10): the one rule, used by the API's ``engine=``
and by the command line's ``--engine``.

``"python"`` is the reference engine; ``"columnar"`` needs pyarrow (the extra
``svcperf[columnar]``); ``"auto"`` takes the columnar engine for a CSV or Parquet file,
a frame or `Columns` when pyarrow is installed, and the reference engine otherwise (records, a
`Dataset`, a JSON Lines file, which the columnar engine would read with the reference
reader anyway). Either engine gives the same results; the choice is about speed.

>>> choose("auto", [])
'python'
>>> choose("turbo", [])
Traceback (most recent call last):
svcperf.errors.InvalidArgumentError: engine: expected one of auto, python, columnar, got 'turbo'
"""

from __future__ import annotations

import importlib.util
import os
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeAlias

import attrs

from .errors import InvalidArgumentError

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["ENGINES", "Columns", "Engine", "FilePath", "Frame", "choose", "columnar_installed",
           "input_kind"]

#: What ``engine=`` accepts.
Engine: TypeAlias = Literal["auto", "python", "columnar"]
ENGINES: tuple[Engine, ...] = ("auto", "python", "columnar")
#: A path of a jobs or disputes file (CSV, JSON Lines, Parquet).
FilePath: TypeAlias = str | os.PathLike[str]
_FRAME_LIBRARIES = frozenset({"pandas", "polars", "pyarrow"})


class Frame(Protocol):
    """A pandas, polars or pyarrow table (each exports an Arrow stream)."""

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any: ...


@attrs.frozen(eq=False)
class Columns:
    """Validated jobs and disputes as columns, the columnar engine's own input
    (`svcperf.engines.columnar.JobTable`, and a `DisputeTable` or ``None``): what
    `svcperf.inputs.read_columns` reads. Like a `Dataset`, it is checked once and can be
    evaluated as of many nights."""

    jobs: Any
    disputes: Any = None

    def dataset(self) -> Dataset:
        """The same data as records (for the reference engine and the views that read
        records)."""
        from .dataset import Dataset
        from .engines import columnar

        disputes = () if self.disputes is None else columnar.dispute_records_of(self.disputes)
        return Dataset._checked(tuple(columnar.records_of(self.jobs)), tuple(disputes))


def input_kind(source: object, format: str | None = None) -> str:
    """What `source` is: ``"csv"``, ``"jsonl"`` or ``"parquet"`` for a path (by `format`,
    else by its extension; a folder is one of Parquet files; an unknown extension counts
    as ``"jsonl"``, whose reader then names the problem), ``"frame"`` for a pandas, polars
    or pyarrow table, ``"columns"`` for `Columns`, else ``"records"`` (a `Dataset` or
    records).

    >>> input_kind("jobs.CSV"), input_kind("jobs.parquet"), input_kind("x.txt", "csv")
    ('csv', 'parquet', 'csv')
    """
    if isinstance(source, str | os.PathLike):
        if format is not None:
            return format
        if os.path.isdir(source):
            return "parquet"
        suffix = os.path.splitext(os.fspath(source))[1].lower()
        return {".csv": "csv", ".parquet": "parquet"}.get(suffix, "jsonl")
    if type(source).__module__.partition(".")[0] in _FRAME_LIBRARIES:
        return "frame"
    if isinstance(source, Columns):
        return "columns"
    return "records"


def columnar_installed() -> bool:
    """Whether pyarrow, the columnar engine's extra, is installed."""
    return importlib.util.find_spec("pyarrow") is not None


def choose(engine: str, jobs: object, format: str | None = None, *,
           option: str = "engine") -> Literal["python", "columnar"]:
    """The engine that evaluates `jobs` (see the module), for the choice `engine`.

    Raises `InvalidArgumentError` for an unknown choice, and for ``"columnar"`` without
    pyarrow (naming the extra); `option` names the argument in the message.
    """
    if engine not in ENGINES:
        raise InvalidArgumentError(f"{option}: expected one of {', '.join(ENGINES)}, "
                                   f"got {engine!r}")
    if engine == "python":
        return "python"
    if engine == "columnar":
        if not columnar_installed():
            raise InvalidArgumentError(f"{option} columnar: needs pyarrow; install it with "
                                       f"pip install 'svcperf[columnar]'")
        return "columnar"
    fast = input_kind(jobs, format) in ("csv", "parquet", "frame", "columns")
    return "columnar" if fast and columnar_installed() else "python"
