"""The union-find that gathers the names of one programme in an article (``aliases``), and
refuses a union that would make one therapy of two the vocabulary knows apart or of two
different INNs."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cluster:
    keys: set[str] = field(default_factory=set)
    known: set[str] = field(default_factory=set)  # vocabulary keys among them
    inns: set[str] = field(default_factory=set)  # INN identities (keys)


class Groups:
    """Union-find over therapy keys, refusing a union that would make one therapy of two
    the vocabulary knows apart or of two INNs."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.cluster: dict[str, Cluster] = {}

    def add(self, key: str, known: bool, inn: bool) -> None:
        if key in self.parent:
            c = self.cluster[self.find(key)]
        else:
            self.parent[key] = key
            c = self.cluster[key] = Cluster({key})
        if known:
            c.known.add(key)
        if inn:
            c.inns.add(key)

    def find(self, key: str) -> str:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def can_merge(self, keys: list[str]) -> bool:
        roots = {self.find(k) for k in keys}
        known: set[str] = set()
        inns: set[str] = set()
        for r in roots:
            known |= self.cluster[r].known
            inns |= self.cluster[r].inns
        # A known therapy's INN identity is its key (its INN and short forms are one).
        inn_ids = {next(iter(known))} if len(known) == 1 and inns & known else set()
        inn_ids |= inns - known
        return len(known) <= 1 and len(inn_ids) <= 1

    def union(self, keys: list[str]) -> bool:
        if len(keys) < 2 or not self.can_merge(keys):
            return False
        roots = list(dict.fromkeys(self.find(k) for k in keys))
        head = roots[0]
        for r in roots[1:]:
            self.parent[r] = head
            c, h = self.cluster.pop(r), self.cluster[head]
            h.keys |= c.keys
            h.known |= c.known
            h.inns |= c.inns
        return True
