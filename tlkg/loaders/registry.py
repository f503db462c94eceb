"""The loader list and format sniffing: each document goes to the loader whose format it
is, detected from content (never from the file name alone). Loaders are listed here by
module, as rdflib's plugin registry lists its parsers, so each loader module stays
independent of the others and of this registry. One document reports at most
``MAX_ERRORS_PER_DOCUMENT`` errors, then one line counting the rest."""

from __future__ import annotations

from collections.abc import Iterator

from tlkg.loaders.base import Document, Loader, LoadError, SourceRecord
from tlkg.loaders.files import read_member
from tlkg.ontology.vocab import Vocabulary

MAX_ERRORS_PER_DOCUMENT = 20


def _loaders() -> list[Loader]:
    # Imported here so that each loader module stays independent of the registry.
    from tlkg.loaders import articles
    from tlkg.loaders.ctgov import study_json as ctgov
    from tlkg.loaders.ctgov import study_xml as ctgov_xml

    return [ctgov.LOADER, ctgov_xml.LOADER, *articles.LOADERS]


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
