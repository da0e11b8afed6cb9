"""Benchmarks of svcperf against an analyst's pandas notebook (issue 5).

Run ``python -m benchmarks`` (see docs/performance.md); ``python -m benchmarks --smoke``
is the quick correctness check CI runs. pandas is needed here only (the ``bench`` extra).
"""
