"""64-bit fingerprints of job ids, so that the scale-out engines can find a job id held by
two partitions by moving 8 bytes per job between workers instead of the id's text
(docs/scale.md, "What crosses the network"). A fingerprint only narrows the search: two
ids with one fingerprint are told apart by comparing the ids themselves.

Needs pyarrow and numpy (both come with ``svcperf[dask]``), imported inside the functions.
"""

from __future__ import annotations

from typing import Any

__all__ = ["buckets", "of"]

_MULTIPLIER = 0x100000001B3  # FNV-1a's 64-bit prime, as the polynomial's base
_MIX = (0xBF58476D1CE4E5B9, 0x94D049BB133111EB)  # splitmix64's finalizer
_CHUNK = 1 << 16  # ids fingerprinted at a time


def of(ids: Any, bits: int = 64) -> Any:
    """The fingerprint of each id of the pyarrow string array `ids` (a numpy ``uint64``
    array): a polynomial of its UTF-8 bytes modulo 2**64, mixed, then cut to its low
    `bits` bits (fewer bits only make ids share fingerprints: the tests use that).

    >>> import pyarrow as pa
    >>> found = of(pa.array(["J1", "J2", "J1"]))
    >>> bool(found[0] == found[2]), bool(found[0] == found[1])
    (True, False)
    >>> bool(of(pa.array(["J1", "J2", "J3"]), bits=1).max() <= 1)
    True
    """
    import numpy as np
    import pyarrow as pa

    text = ids.cast(pa.large_string())
    text = text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
    found = np.zeros(len(text), np.uint64)
    for start in range(0, len(text), _CHUNK):  # in chunks: small arrays, kept in cache
        found[start:start + _CHUNK] = _polynomial(np, text.slice(start, _CHUNK))
    with np.errstate(over="ignore"):
        found ^= found >> np.uint64(30)
        found *= np.uint64(_MIX[0])
        found ^= found >> np.uint64(27)
        found *= np.uint64(_MIX[1])
        found ^= found >> np.uint64(31)
    if bits < 64:
        found &= np.uint64((1 << bits) - 1)
    return found


def _polynomial(np: Any, text: Any) -> Any:
    """Each string's bytes (plus one) as a polynomial in `_MULTIPLIER` modulo 2**64, its
    length mixed in (`text`: a pyarrow large string array)."""
    count = len(text)
    _, offsets_buffer, data_buffer = text.buffers()
    offsets = np.frombuffer(offsets_buffer, np.int64, count + 1, text.offset * 8)
    start, end = int(offsets[0]), int(offsets[-1])
    lengths = np.diff(offsets)
    found = lengths.astype(np.uint64) * np.uint64(_MIX[1])
    if end == start:
        return found
    data = np.frombuffer(data_buffer, np.uint8, end - start, start)
    position = np.arange(end - start, dtype=np.int64) - np.repeat(offsets[:-1] - start, lengths)
    powers = np.ones(int(lengths.max()), np.uint64)
    with np.errstate(over="ignore"):
        for index in range(1, len(powers)):  # base**index modulo 2**64 (ids are short)
            powers[index] = powers[index - 1] * np.uint64(_MULTIPLIER)
        terms = (data.astype(np.uint64) + np.uint64(1)) * powers[position]
        filled = lengths > 0
        found[filled] ^= np.add.reduceat(terms, (offsets[:-1] - start)[filled])
    return found


def buckets(found: Any, count: int) -> tuple[Any, ...]:
    """The fingerprints `found` cut into `count` buckets (by the fingerprint modulo
    `count`), each a numpy ``uint64`` array: a fingerprint is always in the same bucket.

    >>> import numpy as np
    >>> [list(map(int, part)) for part in buckets(np.array([4, 7, 2], np.uint64), 2)]
    [[4, 2], [7]]
    """
    import numpy as np

    which = found % np.uint64(count)
    return tuple(found[which == index] for index in range(count))
