"""The table model: what a result looks like as text lines and tables, before any
renderer decides on padding, colour or markup.

A `Table` is the whole of one command's output: its `title` lines, its `sections`,
then its `footer` lines. A section has an optional `heading` line, `notes` (lines
under the heading), an optional `grid` (header cells and rows of cells) and
`footnotes`. Every line is a tuple of `Cell` spans; every cell carries its text and a
semantic `Mark` (met, missed, a status, a heading, ...), which a renderer shows as it
can: the text renderer (`svcperf.output.render_text`) as ANSI colour on a terminal, an
HTML renderer as classes. The text of a cell is the same in every renderer (a slice
figure that misses its target reads ``4.53*`` everywhere, and a footnote says why).

>>> table = Table(title=(line("As of 2026-11-16"),),
...               sections=(Section(grid=Grid(header=cells("Level", "Result"),
...                                           rows=((Cell("Rating"), Cell("met", Mark.MET)),))),))
>>> [cell.mark for cell in table.sections[0].grid.rows[0]]
[<Mark.PLAIN: 'plain'>, <Mark.MET: 'met'>]
"""

from __future__ import annotations

from enum import Enum

import attrs

__all__ = ["Cell", "Grid", "Line", "Mark", "Section", "Table", "cells", "line"]


class Mark(Enum):
    """What a cell means, for a renderer to show (colour, weight, a CSS class)."""

    PLAIN = "plain"
    #: a figure that meets its target (the word, or the figure itself)
    MET = "met"
    #: a figure that misses its target
    MISSED = "missed"
    #: a figure with no data (or no target): nothing to judge
    NO_DATA = "no_data"
    #: the status Good Standing
    GOOD_STANDING = "good_standing"
    #: the status Attention
    ATTENTION = "attention"
    #: a heading: an account, the figure explained
    HEADING = "heading"
    #: a trend drawn with the block characters ``▁▂▃▄▅▆▇█`` (space: no data)
    TREND = "trend"


@attrs.frozen
class Cell:
    """A span of text and its mark. Table cells have no space at either end: a renderer
    pads them as it needs."""

    text: str
    mark: Mark = Mark.PLAIN


#: A line of text: spans shown one after the other.
Line = tuple[Cell, ...]


def line(*spans: str | Cell) -> Line:
    """A line of spans, plain text given as `str`.

    >>> line("a", Cell("b", Mark.HEADING))
    (Cell(text='a', mark=<Mark.PLAIN: 'plain'>), Cell(text='b', mark=<Mark.HEADING: 'heading'>))
    """
    return tuple(span if isinstance(span, Cell) else Cell(span) for span in spans)


def cells(*texts: str) -> tuple[Cell, ...]:
    """Plain cells, e.g. a header row."""
    return tuple(Cell(text) for text in texts)


@attrs.frozen(kw_only=True)
class Grid:
    """Rows of cells under a header row; `numeric` holds the indices of the columns of
    numbers (the text renderer aligns them right)."""

    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...] = ()
    numeric: frozenset[int] = frozenset()


@attrs.frozen(kw_only=True)
class Section:
    """A part of the output: a heading, notes under it, a grid, footnotes under it."""

    heading: Line | None = None
    notes: tuple[Line, ...] = ()
    grid: Grid | None = None
    footnotes: tuple[Line, ...] = ()


@attrs.frozen(kw_only=True)
class Table:
    """One result as the table model: title lines, sections, footer lines."""

    title: tuple[Line, ...] = ()
    sections: tuple[Section, ...] = ()
    footer: tuple[Line, ...] = ()
