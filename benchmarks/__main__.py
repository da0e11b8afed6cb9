"""``python -m benchmarks``: see `benchmarks.suite.main`."""

from .suite import main

raise SystemExit(main())
