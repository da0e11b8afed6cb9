"""The ``svcperf`` console script, outside the package so that it runs before svcperf is
imported: an interrupt (Ctrl-C) while the package is still loading ends with exit 130 and
one line, like one later on (see `svcperf.cli.main`), not with a traceback."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> int:
    """Import and run `svcperf.cli.main`; return its exit code (130 when interrupted)."""
    try:
        from svcperf.cli import main as run
    except KeyboardInterrupt:
        try:
            if sys.stderr is not None:
                sys.stderr.write("svcperf: interrupted\n")
                sys.stderr.flush()
        except OSError:
            pass
        return 130
    return run()
