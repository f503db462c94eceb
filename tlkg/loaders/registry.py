"""Find the documents behind the paths a user gives and hand each to the loader whose
format it is, detected from content (never from the file name alone).

Folders are walked in sorted order; ``.zip`` files are read entry by entry in archive
order (the ClinicalTrials.gov bulk-download layout), their directory streamed by
``zipdir`` so that memory does not grow with the number of entries. Every problem
becomes a ``LoadError`` naming the file, so one bad file never stops the others.

Limits (hostile input): a document is at most ``MAX_DOCUMENT_BYTES``; a zip entry at most
``MAX_ZIP_ENTRY_BYTES`` and ``MAX_ZIP_RATIO`` times its compressed size (nothing is ever
extracted to disk, so entry names such as ``../../x`` are only labels); JSON Lines are
read in chunks of at most ``JSONL_CHUNK_LINES`` lines and ``JSONL_CHUNK_BYTES`` bytes, a
line at most ``MAX_DOCUMENT_BYTES``; only regular files are read (no pipes or devices)
and symbolic links inside folders are not followed. One document reports at most
``MAX_ERRORS_PER_DOCUMENT`` errors, then one line counting the rest.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NamedTuple, Protocol

from tlkg.loaders import zipdir
from tlkg.loaders.records import ArticleRecord, TrialRecord
from tlkg.ontology.vocab import Vocabulary

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
MAX_ZIP_ENTRY_BYTES = 64 * 1024 * 1024
MAX_ZIP_RATIO = 200  # a larger expansion is treated as a zip bomb
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSONL_CHUNK_LINES = 256
JSONL_CHUNK_BYTES = 16 * 1024 * 1024
MAX_ERRORS_PER_DOCUMENT = 20

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


def _loaders() -> list[Loader]:
    # Imported here so that each loader module stays independent of the registry.
    from tlkg.loaders.articles import formats as articles
    from tlkg.loaders.ctgov import study_json as ctgov
    from tlkg.loaders.ctgov import study_xml as ctgov_xml

    return [ctgov.LOADER, ctgov_xml.LOADER, *articles.LOADERS]


def iter_documents(
    paths: Iterable[str | Path], *, defer_zip: bool = False
) -> Iterator[Document | LoadError]:
    """Every document under ``paths``. With ``defer_zip``, zip entries come unread (see
    ``Document.member``; ``parse_document`` reads them) after the checks the archive's
    directory allows."""
    for raw in paths:
        path = Path(raw)
        if path.is_symlink() and path.is_dir():
            yield LoadError(str(path), "is a symbolic link to a folder; give the folder itself")
        elif path.is_dir():
            yield from _walk(path, defer_zip)
        elif not path.exists():
            yield LoadError(str(path), "no such file or folder")
        else:
            yield from _read_file(path, defer_zip)


def _walk(folder: Path, defer_zip: bool) -> Iterator[Document | LoadError]:
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in [d for d in dirs if (Path(root) / d).is_symlink()]:
            # os.walk lists a link to a folder among the folders and never enters it.
            yield LoadError(
                str(Path(root) / name), "symbolic link skipped (links are not followed)"
            )
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            if path.is_symlink():
                yield LoadError(str(path), "symbolic link skipped (links are not followed)")
                continue
            yield from _read_file(path, defer_zip)


def _read_file(path: Path, defer_zip: bool = False) -> Iterator[Document | LoadError]:
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            # A pipe would block forever and a device (/dev/zero) never end.
            yield LoadError(str(path), "not a regular file (a pipe, socket or device); skipped")
            return
        if zipfile.is_zipfile(path):
            yield from _read_zip(path, defer_zip)
            return
        if path.name.lower().endswith(JSONL_SUFFIXES):
            yield from _read_jsonl(path)
            return
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            yield LoadError(str(path), f"file too large ({size} bytes; limit {MAX_DOCUMENT_BYTES})")
            return
        with open(path, "rb") as fh:
            data = fh.read(MAX_DOCUMENT_BYTES + 1)  # bounded even if the file grows
        if len(data) > MAX_DOCUMENT_BYTES:
            yield LoadError(str(path), f"file too large (limit {MAX_DOCUMENT_BYTES} bytes)")
            return
        yield Document(str(path), data)
    except OSError as exc:
        yield LoadError(str(path), f"cannot read: {exc.strerror or exc}")


def _read_jsonl(path: Path) -> Iterator[Document | LoadError]:
    """JSON Lines of any size, streamed in chunks of lines so memory stays flat; each chunk
    is named by its line range so that errors point into the file. A line longer than
    ``MAX_DOCUMENT_BYTES`` is reported and skipped without being held in memory."""
    chunk: list[bytes] = []
    size = 0
    first = number = 0
    with open(path, "rb") as fh:
        while line := fh.readline(MAX_DOCUMENT_BYTES + 1):
            number += 1
            if len(line) > MAX_DOCUMENT_BYTES:
                while line and not line.endswith(b"\n"):  # skip the rest, 1 MB at a time
                    line = fh.readline(1 << 20)
                yield LoadError(
                    f"{path}:{number}", f"line too long (limit {MAX_DOCUMENT_BYTES} bytes)"
                )
                line = b"\n"
            if not chunk:
                first = number
            chunk.append(line)
            size += len(line)
            if len(chunk) >= JSONL_CHUNK_LINES or size >= JSONL_CHUNK_BYTES:
                yield Document(f"{path}:{first}-{number}", b"".join(chunk), jsonl_line=first)
                chunk, size = [], 0
        if chunk:
            yield Document(f"{path}:{first}-{number}", b"".join(chunk), jsonl_line=first)


def _read_zip(path: Path, defer: bool = False) -> Iterator[Document | LoadError]:
    """Entries in archive order. The directory is streamed (``zipdir``), so memory does
    not grow with the number of entries."""
    try:
        with open(path, "rb") as fh:
            for entry in zipdir.entries(fh):
                if entry.is_dir():
                    continue
                label = f"{path}!{entry.name}"
                if entry.file_size > MAX_ZIP_ENTRY_BYTES or (
                    entry.compress_size and entry.file_size / entry.compress_size > MAX_ZIP_RATIO
                ):
                    yield LoadError(label, "zip entry too large or too compressed (zip bomb?)")
                elif defer:
                    yield Document(label, b"", member=ZipMember(str(path), entry))
                else:
                    yield _read_entry(fh, entry, label)
    except Exception as exc:  # BadZipFile, OSError, struct.error...
        yield LoadError(str(path), f"bad zip file: {exc}")


class ZipMember(NamedTuple):
    """A zip entry not read yet: its archive and where it lies (no directory needed)."""

    archive: str
    entry: zipdir.Entry


def _read_entry(fh: BinaryIO, entry: zipdir.Entry, label: str) -> Document | LoadError:
    try:
        data = zipdir.read(fh, entry, MAX_ZIP_ENTRY_BYTES)
    except ValueError:
        return LoadError(label, "zip entry too large")
    except Exception as exc:  # a damaged entry: zlib.error, bad CRC, cut archive...
        return LoadError(label, f"cannot read zip entry: {type(exc).__name__}: {exc}")
    return Document(label, data)


# The archive ``read_member`` read last, kept open: a worker reads thousands of its entries.
_OPEN: dict[str, BinaryIO] = {}


def read_member(doc: Document) -> Document | LoadError:
    """A deferred zip entry read, with the same limits and messages as a direct read."""
    if doc.member is None:
        return doc
    archive, entry = doc.member
    try:
        fh = _OPEN.get(archive)
        if fh is None:
            for old in _OPEN.values():
                old.close()
            _OPEN.clear()
            fh = _OPEN[archive] = open(archive, "rb")  # noqa: SIM115 - kept for later reads
    except OSError as exc:  # the archive vanished since it was listed
        return LoadError(doc.name, f"cannot read zip entry: {exc.strerror or exc}")
    return _read_entry(fh, entry, doc.name)


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
            elif path.is_file() and zipfile.is_zipfile(path):
                with open(path, "rb") as fh:
                    total += zipdir.count(fh)  # from the end record: folders included
            else:
                total += 1
        except Exception:  # only a progress estimate: never fail the load over it
            total += 1
    return total


def parse_document(
    doc: Document, vocab: Vocabulary, loaders: list[Loader] | None = None
) -> Iterator[SourceRecord | LoadError]:
    """Records from one document, or errors naming it; never raises for bad content. After
    ``MAX_ERRORS_PER_DOCUMENT`` errors the rest are counted in one last line."""
    if doc.member is not None:
        read = read_member(doc)
        if isinstance(read, LoadError):
            yield read
            return
        doc = read
    errors = 0
    for item in _parse(doc, vocab, loaders):
        if isinstance(item, LoadError):
            errors += 1
            if errors > MAX_ERRORS_PER_DOCUMENT:
                continue
        yield item
    if errors > MAX_ERRORS_PER_DOCUMENT:
        more = errors - MAX_ERRORS_PER_DOCUMENT
        yield LoadError(doc.name, f"{more} more error(s) in this document not shown")


def _parse(
    doc: Document, vocab: Vocabulary, loaders: list[Loader] | None
) -> Iterator[SourceRecord | LoadError]:
    if not doc.data.strip():
        yield LoadError(doc.name, "empty file" if doc.jsonl_line is None else "empty lines")
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
        except Exception as exc:  # a loader bug must not stop the other inputs
            yield LoadError(
                doc.name,
                f"{loader.name}: internal error ({type(exc).__name__}: {exc}); please report it",
            )
        return
    yield LoadError(doc.name, _unsupported_reason(doc.data))


_MAGIC: list[tuple[bytes, str]] = [
    (b"\xff\xfe\x00\x00", "text in UTF-32; save it as UTF-8"),
    (b"\x00\x00\xfe\xff", "text in UTF-32; save it as UTF-8"),
    (b"\xff\xfe", "text in UTF-16; save it as UTF-8"),
    (b"\xfe\xff", "text in UTF-16; save it as UTF-8"),
    (b"%PDF-", "a PDF document; give its text, or the article's web page"),
    (b"\x1f\x8b", "gzip-compressed data; decompress it first"),
    (b"PK\x03\x04", "a zip archive inside a zip, or a damaged zip archive"),
    (b"PK\x05\x06", "an empty or damaged zip archive"),
]


def _unsupported_reason(data: bytes) -> str:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return f"unsupported format: {what}"
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
