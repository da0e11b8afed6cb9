"""The plain-text renderer of the table model: aligned columns, ANSI colour only on a
terminal without ``NO_COLOR`` (no-color.org), trends in ASCII where the stream cannot
encode the block characters."""

from __future__ import annotations

import os
from typing import TextIO

import attrs

from .model import Cell, Grid, Line, Mark, Table

__all__ = ["TextStyle", "render_text"]

_INDENT = "  "
_GAP = "  "
_COLOURS = {Mark.MET: "32", Mark.GOOD_STANDING: "32", Mark.MISSED: "31",
            Mark.ATTENTION: "31", Mark.HEADING: "1"}
_BLOCKS = "▁▂▃▄▅▆▇█"
_ASCII_BLOCKS = str.maketrans(_BLOCKS, ".:-=+*#@")


@attrs.frozen
class TextStyle:
    """How text is shown: in colour or not, and the encoding the trend marks must fit."""

    color: bool = False
    encoding: str = "utf-8"

    @classmethod
    def for_stream(cls, stream: TextIO) -> TextStyle:
        """Colour when `stream` is a terminal and ``NO_COLOR`` is not set; its encoding."""
        return cls(color=stream.isatty() and not os.environ.get("NO_COLOR"),
                   encoding=getattr(stream, "encoding", None) or "ascii")

    def _ascii_trends(self) -> bool:
        try:
            _BLOCKS.encode(self.encoding)
        except (UnicodeEncodeError, LookupError):
            return True
        return False

    def paint(self, cell: Cell) -> str:
        """The cell's text, in its colour (if any and colour is on).

        >>> TextStyle(color=True).paint(Cell("x", Mark.MISSED))
        '\\x1b[31mx\\x1b[0m'
        >>> TextStyle(encoding="ascii").paint(Cell("▁█", Mark.TREND))
        '.@'
        """
        text = cell.text
        if cell.mark is Mark.TREND and self._ascii_trends():
            text = text.translate(_ASCII_BLOCKS)
        code = _COLOURS.get(cell.mark)
        return f"\x1b[{code}m{text}\x1b[0m" if code and self.color and text else text


def _line(spans: Line, style: TextStyle, indent: str = "") -> str:
    return indent + "".join(style.paint(span) for span in spans)


def _grid(grid: Grid, style: TextStyle) -> list[str]:
    rows = [grid.header, *grid.rows]
    widths = [max(len(row[index].text) for row in rows) for index in range(len(grid.header))]
    lines = []
    for row in rows:
        shown = []
        for index, cell in enumerate(row):
            pad = " " * (widths[index] - len(cell.text))
            painted = style.paint(cell)
            shown.append(pad + painted if index in grid.numeric else painted + pad)
        lines.append((_INDENT + _GAP.join(shown)).rstrip())
    return lines


def render_text(table: Table, style: TextStyle = TextStyle()) -> str:
    """`table` as lines of text: the title, then each section after a blank line (its
    heading, then its notes, grid and footnotes indented by two spaces), then the footer.

    >>> from .model import Section, cells, line
    >>> print(render_text(Table(title=(line("Title"),), sections=(Section(
    ...     heading=line("Heading"), grid=Grid(header=cells("a", "bb"),
    ...                                        rows=(cells("ccc", "d"),))),))), end="")
    Title
    <BLANKLINE>
    Heading
      a    bb
      ccc  d
    """
    lines = [_line(spans, style) for spans in table.title]
    for section in table.sections:
        lines.append("")
        if section.heading is not None:
            lines.append(_line(section.heading, style))
        lines += [_line(spans, style, _INDENT) for spans in section.notes]
        if section.grid is not None:
            lines += _grid(section.grid, style)
        lines += [_line(spans, style, _INDENT) for spans in section.footnotes]
    lines += [_line(spans, style) for spans in table.footer]
    return "\n".join(lines) + "\n"
