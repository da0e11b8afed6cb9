"""What every result offers an analyst: tidy frames, the Arrow stream interface, and
its table as HTML for notebooks.

The methods import `svcperf.output` (and pyarrow, pandas or polars) only when called,
so results stay plain attrs classes and ``import svcperf`` loads none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow

__all__ = ["Tabular"]


class Tabular:
    """A result that becomes a tidy table (columns in docs/notebooks.md) and shows
    itself in a notebook as the command line's table."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        """The command line's table of this result as HTML (at most about 100 KB)."""
        from .output.html import html_of
        return html_of(self)

    def to_arrow(self) -> pyarrow.Table:
        """This result as a `pyarrow.Table` (needs ``svcperf[arrow]``)."""
        from .output.frames import to_arrow
        return to_arrow(self)

    def to_pandas(self) -> pandas.DataFrame:
        """This result as a pandas `DataFrame` (needs ``svcperf[pandas]``)."""
        from .output.frames import to_pandas
        return to_pandas(self)

    def to_polars(self) -> polars.DataFrame:
        """This result as a polars `DataFrame` (needs ``svcperf[polars]``)."""
        from .output.frames import to_polars
        return to_polars(self)

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """The Arrow PyCapsule stream of `to_arrow()`: ``polars.DataFrame(result)``,
        ``pyarrow.table(result)`` and other Arrow-aware libraries take the result."""
        return self.to_arrow().__arrow_c_stream__(requested_schema)
