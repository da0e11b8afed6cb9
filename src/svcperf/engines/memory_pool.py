"""The memory pool the columnar engine's work allocates from (see docs/performance.md, "The
allocator").

pyarrow's default pool is mimalloc on most builds; mimalloc asks the kernel for transparent
huge pages, and a short process that allocates a few hundred MiB then spends seconds of
system time zeroing 2 MiB pages at their first touch (1.5 to 4 s in a 1M-job run on the
project's machine, against 0.2 to 0.4 s from jemalloc or the C library's allocator). So,
while any of the engine's public functions runs, `engine_pool` makes pyarrow's default pool
jemalloc (the least work and memory of the two, measured) or, in a build without it, the
system pool, which every build has; and restores the caller's pool after. An Arrow buffer
keeps the pool it was allocated from: the tables made inside stay valid after. The choice
is left alone when the environment names a pool (``ARROW_DEFAULT_MEMORY_POOL``, which
pyarrow itself reads) or when the default pool is not mimalloc (the caller chose one, or
the build has another).

The default pool is one per process: while an engine call runs in one thread, the Arrow
work of the process's other threads allocates from the engine's pool too (their results are
the same); the first call to start sets it and the last to end restores it. Dask workers
and Spark tasks run the same functions, so they choose the same way.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

__all__ = ["ENVIRONMENT", "engine_pool", "replacement", "using_engine_pool"]

#: The environment variable in which a user names pyarrow's default pool.
ENVIRONMENT = "ARROW_DEFAULT_MEMORY_POOL"
#: The pools replaced, and those they are replaced with, the first the build has.
_REPLACED = frozenset({"mimalloc"})
_CHOSEN = ("jemalloc", "system")
P = ParamSpec("P")
R = TypeVar("R")


class _Held:
    """The engine calls running (in any thread), and the pool to restore when the last of
    them ends."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls = 0
        self.previous: Any = None


_held = _Held()


def replacement(environment: Mapping[str, str], current: str,
                available: Collection[str]) -> str | None:
    """The pool the engine's work should allocate from instead of the default pool, whose
    backend is `current`, under `environment`, with the backends `available` in this build;
    ``None`` to leave the default alone.

    >>> every = ("mimalloc", "jemalloc", "system")
    >>> replacement({}, "mimalloc", every), replacement({}, "mimalloc", ("mimalloc", "system"))
    ('jemalloc', 'system')
    >>> replacement({}, "system", every), replacement({ENVIRONMENT: "mimalloc"}, "mimalloc", every)
    (None, None)
    """
    if environment.get(ENVIRONMENT) or current not in _REPLACED:
        return None
    return next((name for name in _CHOSEN if name in available), "system")


@contextmanager
def engine_pool() -> Iterator[None]:
    """Within the block, pyarrow's default pool is the one `replacement` names (none
    without pyarrow); the caller's pool is restored after, whatever the block raises."""
    try:
        import pyarrow as pa
    except ImportError:  # the engine's own functions name the extra to install
        yield
        return
    with _held.lock:
        if _held.calls == 0:
            current = pa.default_memory_pool()
            chosen = replacement(os.environ, current.backend_name,
                                 pa.supported_memory_backends())
            if chosen is not None:
                _held.previous = current
                pa.set_memory_pool(getattr(pa, f"{chosen}_memory_pool")())
        _held.calls += 1
    try:
        yield
    finally:
        with _held.lock:
            _held.calls -= 1
            if _held.calls == 0 and _held.previous is not None:
                pa.set_memory_pool(_held.previous)
                _held.previous = None


def using_engine_pool(function: Callable[P, R]) -> Callable[P, R]:
    """`function`, run within `engine_pool` (for the engine's public functions)."""
    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with engine_pool():
            return function(*args, **kwargs)
    return run
