"""An immutable, hashable mapping: what every result holds its parts in.

Results are frozen attrs classes, hashable by value (docs/equality.md); a mapping inside
one must be hashable too, which `types.MappingProxyType` is not. `FrozenMap` copies the
items once, compares like a dict (equal to any mapping with the same items) and hashes
by its items.

>>> parts = FrozenMap({"North": 2, "South": 1})
>>> parts["North"], len(parts), parts == {"South": 1, "North": 2}
(2, 2, True)
>>> hash(parts) == hash(FrozenMap({"South": 1, "North": 2}))
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar

__all__ = ["ByAccount", "FrozenMap", "frozen_map"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V], Generic[K, V]):
    """A read-only mapping whose items are fixed when it is made."""

    __slots__ = ("_hash", "_items")

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self._items: dict[K, V] = dict(items)
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._items == other._items
        if isinstance(other, Mapping):
            return self._items == dict(other)
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._items.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"FrozenMap({self._items!r})"


def frozen_map(value: Mapping[Any, Any]) -> FrozenMap[Any, Any]:
    """`value` as a `FrozenMap` (an attrs converter; a `FrozenMap` is kept as it is)."""
    return value if isinstance(value, FrozenMap) else FrozenMap(value)


class ByAccount(Mapping[str, V]):
    """A result that reads as a read-only mapping of account id to its part: its
    `accounts` (an evaluation's account results, a breakdown's slices, ...)."""

    __slots__ = ()
    accounts: Mapping[str, V]

    def __getitem__(self, account_id: str) -> V:
        return self.accounts[account_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.accounts)

    def __len__(self) -> int:
        return len(self.accounts)
