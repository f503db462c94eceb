"""Find the documents behind the paths a user gives: files, folders, zip archives and
JSON Lines, each read into a ``Document`` (the loaders in ``registry`` parse them).

Folders are walked in sorted order; ``.zip`` files are read entry by entry in archive
order (the ClinicalTrials.gov bulk-download layout), their directory streamed by
``zipdir`` so that memory does not grow with the number of entries. Every problem
becomes a ``LoadError`` naming the file, so one bad file never stops the others.

Limits (hostile input): a document is at most ``MAX_DOCUMENT_BYTES``; a zip entry at most
``MAX_ZIP_ENTRY_BYTES`` and ``MAX_ZIP_RATIO`` times its compressed size (nothing is ever
extracted to disk, so entry names such as ``../../x`` are only labels); JSON Lines are
read in chunks of at most ``JSONL_CHUNK_LINES`` lines and ``JSONL_CHUNK_BYTES`` bytes, a
line at most ``MAX_DOCUMENT_BYTES``; only regular files are read (no pipes or devices)
and symbolic links inside folders are not followed.
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from tlkg.loaders import zipdir
from tlkg.loaders.base import Document, LoadError, ZipMember

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
MAX_ZIP_ENTRY_BYTES = 64 * 1024 * 1024
MAX_ZIP_RATIO = 200  # a larger expansion is treated as a zip bomb
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSONL_CHUNK_LINES = 256
JSONL_CHUNK_BYTES = 16 * 1024 * 1024


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
