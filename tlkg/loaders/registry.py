"""Find the documents behind the paths a user gives and hand each to the loader whose
format it is, detected from content (never from the file name alone).

Folders are walked in sorted order; ``.zip`` files are read entry by entry (the
ClinicalTrials.gov bulk-download layout). Every problem becomes a ``LoadError`` naming the
file, so one bad file never stops the others.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from tlkg.loaders.records import ArticleRecord, TrialRecord
from tlkg.ontology.vocab import Vocabulary

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
MAX_ZIP_ENTRY_BYTES = 64 * 1024 * 1024
MAX_ZIP_RATIO = 200  # a larger expansion is treated as a zip bomb
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSONL_CHUNK_LINES = 256

SourceRecord = TrialRecord | ArticleRecord


class LoadError(Exception):
    """One input that could not be loaded; ``str()`` is the one-line message for users."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class Document:
    name: str  # what the user sees: a path, or "archive.zip!entry.json"
    data: bytes


class Loader(Protocol):
    name: str

    def sniff(self, doc: Document) -> bool: ...

    def parse(self, doc: Document, vocab: Vocabulary) -> Iterator[SourceRecord | LoadError]: ...


def _loaders() -> list[Loader]:
    # Imported here so that each loader module stays independent of the registry.
    from tlkg.loaders import articles, ctgov, ctgov_xml

    return [ctgov.LOADER, ctgov_xml.LOADER, *articles.LOADERS]


def iter_documents(paths: Iterable[str | Path]) -> Iterator[Document | LoadError]:
    for raw in paths:
        path = Path(raw)
        if path.is_symlink() and path.is_dir():
            yield LoadError(str(path), "is a symbolic link to a folder; give the folder itself")
        elif path.is_dir():
            yield from _walk(path)
        elif not path.exists():
            yield LoadError(str(path), "no such file or folder")
        else:
            yield from _read_file(path)


def _walk(folder: Path) -> Iterator[Document | LoadError]:
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            if path.is_symlink():
                yield LoadError(str(path), "symbolic link skipped (links are not followed)")
                continue
            yield from _read_file(path)


def _read_file(path: Path) -> Iterator[Document | LoadError]:
    try:
        if zipfile.is_zipfile(path):
            yield from _read_zip(path)
            return
        if path.name.lower().endswith(JSONL_SUFFIXES):
            yield from _read_jsonl(path)
            return
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            yield LoadError(str(path), f"file too large ({size} bytes; limit {MAX_DOCUMENT_BYTES})")
            return
        yield Document(str(path), path.read_bytes())
    except OSError as exc:
        yield LoadError(str(path), f"cannot read: {exc.strerror or exc}")


def _read_jsonl(path: Path) -> Iterator[Document | LoadError]:
    """JSON Lines of any size, streamed in chunks of lines so memory stays flat; each chunk
    is named by its line range so that errors point into the file."""
    chunk: list[bytes] = []
    first = 1
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, start=1):
            if len(line) > MAX_DOCUMENT_BYTES:
                yield LoadError(f"{path}:{number}", "line too long")
                line = b"\n"
            if not chunk:
                first = number
            chunk.append(line)
            if len(chunk) >= JSONL_CHUNK_LINES:
                yield Document(f"{path}:{first}-{number}", b"".join(chunk))
                chunk = []
        if chunk:
            yield Document(f"{path}:{first}-{first + len(chunk) - 1}", b"".join(chunk))


def _read_zip(path: Path) -> Iterator[Document | LoadError]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield LoadError(str(path), f"bad zip file: {exc}")
        return
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            label = f"{path}!{info.filename}"
            if info.file_size > MAX_ZIP_ENTRY_BYTES or (
                info.compress_size and info.file_size / info.compress_size > MAX_ZIP_RATIO
            ):
                yield LoadError(label, "zip entry too large or too compressed (zip bomb?)")
                continue
            try:
                with archive.open(info) as fh:
                    data = fh.read(MAX_ZIP_ENTRY_BYTES + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as exc:
                yield LoadError(label, f"cannot read zip entry: {exc}")
                continue
            if len(data) > MAX_ZIP_ENTRY_BYTES:
                yield LoadError(label, "zip entry too large")
                continue
            yield Document(label, data)


def count_documents(paths: Iterable[str | Path]) -> int | None:
    """How many documents ``iter_documents`` will yield, when cheap to know (folders and
    zip files); None when unknown (JSON Lines are counted by chunks only as they stream)."""
    total = 0
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                for _root, dirs, files in os.walk(path, followlinks=False):
                    dirs[:] = [d for d in dirs if not d.startswith(".")]
                    total += sum(1 for f in files if not f.startswith("."))
            elif path.name.lower().endswith(JSONL_SUFFIXES):
                return None
            elif zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as archive:
                    total += sum(1 for i in archive.infolist() if not i.is_dir())
            else:
                total += 1
        except (OSError, zipfile.BadZipFile):
            total += 1
    return total


def parse_document(
    doc: Document, vocab: Vocabulary, loaders: list[Loader] | None = None
) -> Iterator[SourceRecord | LoadError]:
    """Records from one document, or errors naming it; never raises for bad content."""
    if not doc.data.strip():
        yield LoadError(doc.name, "empty file")
        return
    for loader in loaders if loaders is not None else _loaders():
        try:
            if not loader.sniff(doc):
                continue
            yield from loader.parse(doc, vocab)
        except LoadError as exc:
            yield exc
        except RecursionError:
            yield LoadError(doc.name, "input nested too deeply")
        except (ValueError, TypeError, KeyError, UnicodeError) as exc:
            yield LoadError(doc.name, f"{loader.name}: {type(exc).__name__}: {exc}")
        return
    yield LoadError(doc.name, _unsupported_reason(doc.data))


def _unsupported_reason(data: bytes) -> str:
    head = data[:4096].lstrip()
    if b"FullStudiesResponse" in head or b'"ProtocolSection"' in head:
        return (
            "unsupported format: ClinicalTrials.gov classic API (v1) record; "
            "download the study from the API v2 (JSON) instead"
        )
    if b"\x00" in data[:1024]:
        return "unsupported format: binary data"
    return (
        "unsupported format: not a ClinicalTrials.gov study, article, PubMed or Europe PMC record"
    )


def load_paths(
    paths: Iterable[str | Path],
    vocab: Vocabulary,
    on_document: Callable[[Document], None] | None = None,
) -> Iterator[SourceRecord | LoadError]:
    for item in iter_documents(paths):
        if isinstance(item, LoadError):
            yield item
            continue
        if on_document:
            on_document(item)
        yield from parse_document(item, vocab)
