"""What a user action changed, so that each screen refreshes only when it is affected."""

from __future__ import annotations

from dataclasses import dataclass

from masterydesk.domain.records import COLLECTIONS


@dataclass(frozen=True, slots=True)
class Changes:
    """The collections an action touched (and, where known, the ids)."""

    collections: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()

    @classmethod
    def of(cls, *collections: str, ids: tuple[str, ...] = ()) -> Changes:
        return cls(frozenset(collections), frozenset(ids))

    @classmethod
    def everything(cls) -> Changes:
        return cls(frozenset(COLLECTIONS) | {"settings"})

    def affects(self, *collections: str) -> bool:
        return not self.collections.isdisjoint(collections)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.collections | other.collections, self.ids | other.ids)
