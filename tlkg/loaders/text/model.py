"""The records the extractor's steps pass on: mentions found in the text, barrier words and the
therapies being built. Plain data, no logic beyond a property.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class Mention:
    kind: str  # therapy | target | indication | organization | modality
    key: str
    name: str  # canonical (vocabulary) or as written
    start: int
    end: int
    known: bool = True
    reference: bool = False  # a reference class: "existing CAR-T", "approved products"
    priority: int = 0  # ties of equal length: higher wins

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class BarrierMention:
    keys: tuple[str, ...]
    start: int
    end: int
    polarity: str | None  # fixed by the term itself, or None


@dataclass
class Therapy:
    key: str
    name: str
    known: bool
    modality: str | None = None
    inferred: bool = False
    aliases: list[str] = field(default_factory=list)
    category: str = "product"


class Disjoint:
    """Disjoint intervals, sorted: "does [start, end) overlap one of them?" in O(log n)
    (a scan of all of them made long texts quadratic)."""

    def __init__(self, items: Sequence[Mention | BarrierMention] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for item in sorted(items, key=lambda i: i.start):
            self.starts.append(item.start)
            self.ends.append(item.end)

    def overlaps(self, item: Mention | BarrierMention) -> bool:
        # The intervals starting before item.end are starts[:i]; being disjoint, the last
        # of them ends last.
        i = bisect_left(self.starts, item.end)
        return i > 0 and self.ends[i - 1] > item.start

    def add(self, item: Mention | BarrierMention) -> None:
        i = bisect_left(self.starts, item.start)
        self.starts.insert(i, item.start)
        self.ends.insert(i, item.end)
