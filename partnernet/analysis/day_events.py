"""Things filed under the ISO days on which they change, for walks from one day to a later one
(analysis/day_walk.py, projection_walk.py, day_states.py): moving from day `a` to day `b`
looks again only at what is filed under a day in (a, b]."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class DayEvents(Generic[T]):
    def __init__(self) -> None:
        self._by_day: dict[str, list[T]] = defaultdict(list)
        self._days: list[str] | None = None

    def add(self, day: str, item: T) -> None:
        self._by_day[day].append(item)
        self._days = None

    def between(self, after: str, upto: str) -> Iterator[T]:
        """What is filed under a day in (after, upto], day by day, in the order filed."""
        if self._days is None:
            self._days = sorted(self._by_day)
        days = self._days
        for day in days[bisect_right(days, after) : bisect_right(days, upto)]:
            yield from self._by_day[day]
