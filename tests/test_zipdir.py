"""The streamed zip directory reads what Python's zipfile reads, entry for entry, and
refuses damaged entries instead of returning wrong bytes."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import pytest

from tlkg.loaders import zipdir


def _as_zipfile_sees_it(data: bytes) -> list[tuple[str, int, int, int, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [
            (i.filename, i.file_size, i.compress_size, i.CRC, b"" if i.is_dir() else z.read(i))
            for i in z.infolist()
        ]


def _as_zipdir_sees_it(data: bytes) -> list[tuple[str, int, int, int, bytes]]:
    fh = io.BytesIO(data)
    out = []
    for e in zipdir.entries(fh):
        content = b"" if e.is_dir() else zipdir.read(fh, e, 1 << 20)
        out.append((e.name, e.file_size, e.compress_size, e.crc, content))
    return out


def _archive(**kwargs: object) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", **kwargs) as z:  # type: ignore[arg-type]
        z.writestr("a/", b"")
        z.writestr("a/NCT00000001.json", b'{"x": 1}' * 100)
        z.writestr(zipfile.ZipInfo("stored.txt"), b"plain", compress_type=zipfile.ZIP_STORED)
        z.writestr("ünïcode-näme.json", "é".encode() * 50)
        z.writestr("empty.json", b"")
        with z.open("big64.json", "w", force_zip64=True) as fh:
            fh.write(b"0123456789" * 1000)
        z.comment = b"an archive comment"
    return buf.getvalue()


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_entries_and_contents_match_zipfile(compression: int) -> None:
    data = _archive(compression=compression)
    got = _as_zipdir_sees_it(data)
    assert got == _as_zipfile_sees_it(data)
    assert [name for name, *_ in got][:2] == ["a/", "a/NCT00000001.json"]
    assert zipdir.count(io.BytesIO(data)) == 6


def test_data_before_the_archive_is_skipped() -> None:
    data = b"#!/bin/sh\nexit 0\n" * 40 + _archive(compression=zipfile.ZIP_DEFLATED)
    assert _as_zipdir_sees_it(data) == _as_zipfile_sees_it(data)


def test_more_entries_than_a_plain_directory_holds_zip64(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as z:
        for n in range(70_000):
            z.writestr(f"{n:05d}.json", str(n))
    with open(path, "rb") as fh:
        assert zipdir.count(fh) == 70_000
        names = []
        for entry in zipdir.entries(fh):
            names.append(entry.name)
            if entry.name == "69999.json":
                assert zipdir.read(fh, entry, 100) == b"69999"
    assert len(names) == 70_000 and names[-1] == "69999.json"


def _first(data: bytes) -> tuple[io.BytesIO, zipdir.Entry]:
    fh = io.BytesIO(data)
    return fh, next(e for e in zipdir.entries(fh) if not e.is_dir())


def _one(content: bytes, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        z.writestr("one.json", content)
    return buf.getvalue()


def test_a_flipped_byte_is_a_crc_error() -> None:
    data = bytearray(_one(b"x" * 2000, zipfile.ZIP_STORED))
    data[100] ^= 0xFF
    fh, entry = _first(bytes(data))
    with pytest.raises(zipfile.BadZipFile, match="CRC"):
        zipdir.read(fh, entry, 1 << 20)


def test_damaged_deflate_data_raises() -> None:
    data = bytearray(_one(bytes(range(256)) * 40))
    for k in range(60, 90):
        data[k] ^= 0x5A
    fh, entry = _first(bytes(data))
    with pytest.raises((zipfile.BadZipFile, zlib.error)):  # bad stream, or wrong bytes
        zipdir.read(fh, entry, 1 << 20)


def test_a_cut_archive_has_no_directory() -> None:
    data = _one(b"y" * 5000)
    with pytest.raises(zipfile.BadZipFile):
        list(zipdir.entries(io.BytesIO(data[: len(data) // 2])))


def test_over_the_limit_is_refused_before_inflating_it_all() -> None:
    fh, entry = _first(_one(b"\0" * 100_000))
    with pytest.raises(ValueError, match="too large"):
        zipdir.read(fh, entry, 10_000)


def test_encrypted_and_unknown_methods_are_refused() -> None:
    fh, entry = _first(_one(b"z" * 100))
    with pytest.raises(zipfile.BadZipFile, match="encrypted"):
        zipdir.read(fh, entry._replace(flags=entry.flags | 0x1), 1000)
    with pytest.raises(zipfile.BadZipFile, match="compression method 12"):
        zipdir.read(fh, entry._replace(method=12), 1000)
