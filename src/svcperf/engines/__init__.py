"""Engines: ways from a data set to tallies.

The pure-Python reference is `svcperf.evaluation.fold`; `columnar` reads and folds Arrow
tables column-wise and gives the very same tallies and errors. Importing this package
imports nothing heavy: `columnar` imports pyarrow inside the functions that need it.
"""

from __future__ import annotations

__all__: list[str] = []
