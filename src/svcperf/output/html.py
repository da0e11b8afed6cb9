"""The table model (`svcperf.output.model`) as HTML, for notebooks: the same cells and
marks as the command line's table, shown with inline styles only (no script, no
stylesheet, no font), readable in light and dark themes (text in the theme's own
colour, semi-transparent greys, red and green that read on both).

Large results stay small: a grid shows its first `max_rows` rows then "… and N more",
and a table shows at most `max_total` grid rows and about `max_bytes` bytes in
all, then says how many sections are left out, so no result renders more than 100 KB.
"""

from __future__ import annotations

from html import escape

from ..evaluation import AccountResult, Evaluation
from ..views import Breakdown, Dashboard, Explanation, History
from .model import Cell, Grid, Line, Mark, Section, Table
from .tables import (
    account_table,
    breakdown_table,
    evaluation_table,
    explanation_table,
    history_table,
)

__all__ = ["MAX_BYTES", "MAX_ROWS", "MAX_TOTAL", "html_of", "render_html", "table_of"]

#: The rows a grid shows before "… and N more".
MAX_ROWS = 40
#: The grid rows a whole table shows.
MAX_TOTAL = 240
#: About the most bytes (UTF-8) a table renders: its sections stop before this.
MAX_BYTES = 90_000

_RED = "#d62728"
_GREEN = "#2ca02c"
_STYLES = {
    Mark.MET: f"color:{_GREEN}",
    Mark.GOOD_STANDING: f"color:{_GREEN};font-weight:600",
    Mark.MISSED: f"color:{_RED};font-weight:600",
    Mark.ATTENTION: f"color:{_RED};font-weight:600",
    Mark.NO_DATA: "opacity:0.55",
    Mark.HEADING: "font-weight:600",
    Mark.TREND: "font-family:monospace;white-space:pre",
}
_BOX = "font-family:inherit;font-size:0.92em;line-height:1.4;color:inherit"
_TABLE = "border-collapse:collapse;margin:0.3em 0 0.6em 0;color:inherit"
_HEAD = "background:rgba(127,127,127,0.16);text-align:left;padding:2px 6px"
_CELL = "padding:1px 6px"
_MORE = "opacity:0.7;font-style:italic"


def _span(cell: Cell) -> str:
    text = escape(cell.text)
    style = _STYLES.get(cell.mark)
    return f'<span style="{style}">{text}</span>' if style else text


def _line(spans: Line, style: str = "") -> str:
    shown = "".join(_span(cell) for cell in spans)
    return f'<div style="{style}">{shown}</div>' if style else f"<div>{shown}</div>"


def _cell(cell: Cell, numeric: bool) -> str:
    style = _CELL + (";text-align:right" if numeric else "")
    extra = _STYLES.get(cell.mark)
    if extra:
        style += ";" + extra
    return f'<td style="{style}">{escape(cell.text)}</td>'


class _Budget:
    """What a table may still show: grid rows and bytes (of UTF-8)."""

    __slots__ = ("bytes", "rows")

    def __init__(self, rows: int, size: int) -> None:
        self.rows = rows
        self.bytes = size

    def take(self, row: str) -> bool:
        """Count the grid row `row` if it fits; say whether it did."""
        size = len(row.encode())
        if self.rows <= 0 or size > self.bytes:
            return False
        self.rows -= 1
        self.bytes -= size
        return True

    @property
    def spent(self) -> bool:
        return self.rows <= 0 or self.bytes <= 0


def _grid(grid: Grid, max_rows: int, budget: _Budget) -> str:
    header = "".join(f'<th style="{_HEAD}">{escape(cell.text)}</th>' for cell in grid.header)
    rows = []
    for row in grid.rows[:max_rows]:
        shown = "<tr>" + "".join(_cell(cell, index in grid.numeric)
                                 for index, cell in enumerate(row)) + "</tr>"
        if not budget.take(shown):
            break
        rows.append(shown)
    rest = len(grid.rows) - len(rows)
    if rest > 0:
        rows.append(f'<tr><td colspan="{len(grid.header)}" style="{_CELL};{_MORE}">'
                    f"… and {rest} more</td></tr>")
    return f'<table style="{_TABLE}"><thead><tr>{header}</tr></thead>' \
           f'<tbody>{"".join(rows)}</tbody></table>'


def _section(section: Section, max_rows: int, budget: _Budget) -> str:
    parts = []
    if section.heading is not None:
        parts.append(_line(section.heading, "margin-top:0.7em;font-weight:600"))
    parts += [_line(spans) for spans in section.notes]
    if section.grid is not None:
        parts.append(_grid(section.grid, max_rows, budget))
    parts += [_line(spans, "opacity:0.8;font-size:0.9em") for spans in section.footnotes]
    return "".join(parts)


def render_html(table: Table, *, max_rows: int = MAX_ROWS, max_total: int = MAX_TOTAL,
                max_bytes: int = MAX_BYTES) -> str:
    """`table` as one self-contained HTML fragment: the title lines, each section (its
    heading, notes, grid and footnotes), then the footer. A grid shows at most
    `max_rows` rows; the table at most `max_total` grid rows and about `max_bytes`
    bytes in all, then says what it left out.

    >>> from .model import Grid, Section, cells, line
    >>> print(render_html(Table(title=(line("As of"),), sections=(Section(
    ...     grid=Grid(header=cells("a"), rows=(cells("1"), cells("2"), cells("3")))),)),
    ...     max_rows=2).count("<tr>"), "rows")
    4 rows
    """
    parts = [_line(spans, "font-weight:600") for spans in table.title]
    budget = _Budget(max_total, max_bytes)
    for position, section in enumerate(table.sections):
        if budget.spent:
            rest = len(table.sections) - position
            parts.append(_line((Cell(f"… and {rest} more sections"),), _MORE))
            break
        left = budget.bytes
        shown = _section(section, max_rows, budget)
        budget.bytes = left - len(shown.encode())  # the whole section, its rows included
        parts.append(shown)
    parts += [_line(spans, "margin-top:0.5em") for spans in table.footer]
    return f'<div class="svcperf" style="{_BOX}">{"".join(parts)}</div>'


def table_of(result: object) -> Table:
    """The table model of a result: an evaluation, an account result, a dashboard, a
    breakdown, a history or an explanation (what the command line prints for it)."""
    if isinstance(result, Dashboard):
        return evaluation_table(result.evaluation, result.breakdowns)
    if isinstance(result, Evaluation):
        return evaluation_table(result)
    if isinstance(result, AccountResult):
        return account_table(result)
    if isinstance(result, Breakdown):
        return breakdown_table(result)
    if isinstance(result, History):
        return history_table(result)
    if isinstance(result, Explanation):
        return explanation_table(result)
    raise TypeError(f"expected an svcperf result (an evaluation, a dashboard, a breakdown, "
                    f"a history or an explanation), got {type(result).__name__}")


def html_of(result: object) -> str:
    """A result as HTML (`render_html` of `table_of`)."""
    return render_html(table_of(result))
