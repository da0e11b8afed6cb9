"""The output layer: results in, text out.

* the **table model** (`Table`, `Section`, `Grid`, `Cell`, `Mark`) that every result
  becomes (`evaluation_table`, `issue_table`, `summary_table`, `explanation_table`,
  `history_table`), its plain-text renderer `render_text` and its HTML renderer
  `render_html` (what a result's `_repr_html_` shows in a notebook);
* the **row schemas** (`FIGURE`, `ISSUE`, `EXPLAIN`, `SUMMARY`, and the performance rows
  of the evaluation and of history), each declared once and written both as CSV
  (`csv_text`) and as JSON (`evaluation_json`, `issue_json`, `summary_json`, ...);
* the evaluation as an **Account Health report** of Amazon's Selling Partner API
  (`account_health_json`).

See docs/cli.md for the formats and the JSON shapes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import lazy

if TYPE_CHECKING:  # at run time each name is imported on first use (`svcperf.lazy`)
    from .account_health import account_health_json, reporting_date_range
    from .html import render_html
    from .jsondoc import (
        evaluation_json,
        explanation_json,
        figure_json,
        history_json,
        issue_json,
        json_text,
        performance_json,
        summary_json,
    )
    from .model import Cell, Grid, Line, Mark, Section, Table, cells, line
    from .outlook import (
        FLAG,
        account_outlook_json,
        forecast_columns,
        forecast_json,
        forecast_rows,
        forecast_table,
        goals_json,
        goals_table,
        level_json,
    )
    from .rows import (
        EXPLAIN,
        FIGURE,
        FIGURE_COLUMNS,
        HISTORY_COLUMNS,
        ISSUE,
        PERFORMANCE_COLUMNS,
        SUMMARY,
        Row,
        RowSchema,
        csv_text,
        explanation_rows,
        figure_rows,
        history_rows,
        issue_rows,
        local_iso,
        performance_rows,
        summary_rows,
    )
    from .tables import (
        account_table,
        breakdown_table,
        evaluation_table,
        explanation_table,
        figure_text,
        history_table,
        issue_table,
        summary_table,
    )
    from .text import TextStyle, render_text

#: Where each public name lives (the imports above, for the run time;
#: ``tests/test_lazy_imports.py`` holds the two lists equal).
_LAZY = {
    ".account_health": ("account_health_json", "reporting_date_range"),
    ".html": ("render_html",),
    ".jsondoc": ("evaluation_json", "explanation_json", "figure_json", "history_json",
                 "issue_json", "json_text", "performance_json", "summary_json"),
    ".model": ("Cell", "Grid", "Line", "Mark", "Section", "Table", "cells", "line"),
    ".outlook": ("FLAG", "account_outlook_json", "forecast_columns", "forecast_json",
                 "forecast_rows", "forecast_table", "goals_json", "goals_table", "level_json"),
    ".rows": ("EXPLAIN", "FIGURE", "FIGURE_COLUMNS", "HISTORY_COLUMNS", "ISSUE",
              "PERFORMANCE_COLUMNS", "SUMMARY", "Row", "RowSchema", "csv_text",
              "explanation_rows", "figure_rows", "history_rows", "issue_rows", "local_iso",
              "performance_rows", "summary_rows"),
    ".tables": ("account_table", "breakdown_table", "evaluation_table", "explanation_table",
                "figure_text", "history_table", "issue_table", "summary_table"),
    ".text": ("TextStyle", "render_text"),
}

__all__ = [
    # The table model and its text renderer
    "Table",
    "Section",
    "Grid",
    "Cell",
    "Line",
    "Mark",
    "cells",
    "line",
    "evaluation_table",
    "account_table",
    "breakdown_table",
    "issue_table",
    "explanation_table",
    "history_table",
    "summary_table",
    "figure_text",
    "TextStyle",
    "render_text",
    "render_html",
    # Row schemas and CSV
    "RowSchema",
    "Row",
    "FIGURE",
    "ISSUE",
    "EXPLAIN",
    "SUMMARY",
    "PERFORMANCE_COLUMNS",
    "FIGURE_COLUMNS",
    "HISTORY_COLUMNS",
    "figure_rows",
    "performance_rows",
    "issue_rows",
    "explanation_rows",
    "history_rows",
    "summary_rows",
    "csv_text",
    # JSON
    "evaluation_json",
    "performance_json",
    "figure_json",
    "issue_json",
    "explanation_json",
    "history_json",
    "summary_json",
    "json_text",
    # The outlook
    "forecast_json",
    "account_outlook_json",
    "level_json",
    "goals_json",
    "forecast_rows",
    "forecast_columns",
    "forecast_table",
    "goals_table",
    "FLAG",
    "local_iso",
    # The Account Health report (Selling Partner API)
    "account_health_json",
    "reporting_date_range",
]

__getattr__, __dir__ = lazy.exports(__name__, _LAZY, globals(), __all__)
