"""The records the extractor's steps pass on: mentions found in the text, barrier words and the
therapies being built. Plain data, no logic beyond a property.
"""

from __future__ import annotations

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
