"""What every loader shares: a ``Document`` (bytes and the name users see), ``LoadError``
(one input that failed, as a one-line message), the ``Loader`` protocol, and ``one_line``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from tlkg.loaders import zipdir
from tlkg.loaders.records import ArticleRecord, TrialRecord
from tlkg.ontology.vocab import Vocabulary

SourceRecord = TrialRecord | ArticleRecord


# Control characters (a file name may hold a newline or a terminal escape), line and
# paragraph separators, bidirectional overrides, and surrogates (undecodable bytes of a
# file name) would break the one-line message or the terminal, or cannot be encoded.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def one_line(text: str, limit: int = 2000) -> str:
    """``text`` made safe to print on one line: unprintable characters become escapes
    (``\\n``, ``\\x1b``, ``\\udcff``), and it is cut at ``limit`` characters."""
    text = _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class LoadError(Exception):
    """One input that could not be loaded; ``str()`` is the one-line message for users
    (the path and message are made printable on one line, see ``one_line``)."""

    def __init__(self, path: str, message: str) -> None:
        self.path = one_line(path)
        self.message = one_line(message)
        super().__init__(f"{self.path}: {self.message}")


class ZipMember(NamedTuple):
    """A zip entry not read yet: its archive and where it lies (no directory needed)."""

    archive: str
    entry: zipdir.Entry


@dataclass(frozen=True)
class Document:
    name: str  # what the user sees: a path, or "archive.zip!entry.json"
    data: bytes
    jsonl_line: int | None = None  # JSON Lines: the file's line number of the first line
    # A zip entry not read yet. Parallel loads let the worker processes read (and
    # inflate) entries, so the process writing the store does not.
    member: ZipMember | None = None


class Loader(Protocol):
    name: str

    def sniff(self, doc: Document) -> bool: ...

    def parse(self, doc: Document, vocab: Vocabulary) -> Iterator[SourceRecord | LoadError]: ...
