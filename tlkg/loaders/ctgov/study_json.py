"""The loader for ClinicalTrials.gov API v2 studies as JSON: finds the studies in a document
and maps each with ``build_trial`` to a ``TrialRecord``.

Accepted shapes, detected from content: one study object (``{"protocolSection": ...}``),
an array of them, an API search page (``{"studies": [...], "nextPageToken": ...}``) and
JSON Lines (one study, or one page, per line); a UTF-8 byte order mark is allowed. Every
study becomes one record; a bad study becomes a ``LoadError`` naming the file and where
the study is (index or line), and the others still load.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import orjson

from tlkg.loaders.base import Document, LoadError
from tlkg.loaders.ctgov.fields import StudyError, type_name
from tlkg.loaders.ctgov.trial import build_trial
from tlkg.loaders.records import TrialRecord
from tlkg.ontology.vocab import Vocabulary

_BOM = b"\xef\xbb\xbf"
_SNIFF_BYTES = 1 << 20
_PAGE_START = re.compile(rb'^\{\s*"(?:studies|totalCount|nextPageToken)"\s*:')


def _strip_bom(data: bytes) -> bytes:
    return data[len(_BOM) :] if data.startswith(_BOM) else data


def _json_error(exc: orjson.JSONDecodeError) -> str:
    if "not valid UTF-8" in str(exc):  # orjson's words for bytes that are not UTF-8
        return "not UTF-8 text (Latin-1 or another encoding?); save it as UTF-8"
    return f"invalid or truncated JSON: {exc}"


def _studies_in(value: object, label: str) -> Iterator[tuple[str, object] | str]:
    """(where, study) pairs in a parsed JSON value, or a message for a value that holds
    no v2 studies."""
    if isinstance(value, dict) and "protocolSection" in value:
        yield label, value
    elif isinstance(value, dict) and "studies" in value:
        studies = value["studies"]
        if not isinstance(studies, list):
            yield f"{label}studies: expected an array, got {type_name(studies)}"
            return
        for i, study in enumerate(studies):
            yield f"{label}study [{i}]", study
    elif isinstance(value, list):
        for i, study in enumerate(value):
            yield f"{label}study [{i}]", study
    elif isinstance(value, dict) and "FullStudiesResponse" in value:
        yield (
            f"{label}unsupported format: ClinicalTrials.gov classic API (v1) record; "
            "download the study from the API v2 (JSON) instead"
        )
    else:
        yield f"{label}not a ClinicalTrials.gov API v2 study, study array or search page"


class CtgovV2Loader:
    name = "ctgov-v2"
    version = "1"

    def sniff(self, doc: Document) -> bool:
        if doc.jsonl_line is not None:
            return True  # JSON Lines are the registry's layout; each line is checked
        head = _strip_bom(doc.data[:_SNIFF_BYTES]).lstrip()
        if head[:1] not in (b"{", b"["):
            return False
        if b'"FullStudiesResponse"' in head[:4096]:
            return False
        return b'"protocolSection"' in head or bool(_PAGE_START.match(head))

    def parse(self, doc: Document, vocab: Vocabulary) -> Iterator[TrialRecord | LoadError]:
        data = _strip_bom(doc.data)
        values: list[tuple[str, object]] = []
        lines: list[tuple[int, bytes]] | None
        if doc.jsonl_line is not None:  # a chunk of a JSON Lines file: line by line
            lines = [(doc.jsonl_line + i, line.strip()) for i, line in enumerate(data.split(b"\n"))]
            lines = [(n, line) for n, line in lines if line]
        else:
            try:
                values = [("", orjson.loads(data))]
                lines = []
            except orjson.JSONDecodeError as exc:
                lines = self._json_lines(data)
                if lines is None:
                    yield LoadError(doc.name, _json_error(exc))
                    return
        if lines:
            for number, line in lines:
                try:
                    values.append((f"line {number}: ", orjson.loads(line)))
                except orjson.JSONDecodeError as line_exc:
                    yield LoadError(doc.name, f"line {number}: {_json_error(line_exc)}")
        for prefix, value in values:
            for item in _studies_in(value, prefix):
                if isinstance(item, str):
                    yield LoadError(doc.name, item)
                    continue
                where, study = item
                yield self._record(doc, vocab, where, study)

    @staticmethod
    def _json_lines(data: bytes) -> list[tuple[int, bytes]] | None:
        """Numbered non-blank lines when ``data`` is JSON Lines (its first line is a JSON
        object on its own), else None."""
        lines = [(n, line.strip()) for n, line in enumerate(data.split(b"\n"), 1)]
        lines = [(n, line) for n, line in lines if line]
        if len(lines) < 2 or not lines[0][1].startswith(b"{"):
            return None
        try:
            orjson.loads(lines[0][1])
        except orjson.JSONDecodeError:
            return None
        return lines

    def _record(
        self, doc: Document, vocab: Vocabulary, where: str, study: object
    ) -> TrialRecord | LoadError:
        prefix = f"{where}: " if where and not where.endswith(": ") else where
        if not isinstance(study, dict):
            return LoadError(doc.name, f"{prefix}expected a study object, got {type_name(study)}")
        try:
            return build_trial(
                study, vocab, path=doc.name, loader=self.name, loader_version=self.version
            )
        except StudyError as exc:
            return LoadError(doc.name, f"{prefix}{exc}")


LOADER = CtgovV2Loader()
