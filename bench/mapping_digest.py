"""A digest of what the registry loader and the RDF mapping make of some records: every
record's sorted N-Triples (data and metadata, without the load time and loader version),
written to a file, with a short SHA-256 of it printed. Run it on two trees to show that a
change (a speed-up, a refactor) left the output as it was::

    git archive HEAD tlkg | tar -x -C /tmp/head
    cd /tmp && PYTHONPATH=/tmp/head python /path/to/bench/mapping_digest.py /tmp/a.nt PATHS...
    cd /tmp && PYTHONPATH=/path/to/repo python /path/to/bench/mapping_digest.py /tmp/b.nt PATHS...
    cmp /tmp/a.nt /tmp/b.nt

(run from outside the repository, or its own ``tlkg`` wins over ``PYTHONPATH``). PATHS are
record files (.json, .xml), folders of them, or JSON Lines files (their first
``--jsonl-limit`` records).
"""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from tlkg.graph.rdf.terms import nt_lines
from tlkg.graph.rdf.triples import record_triples
from tlkg.loaders.base import Document, LoadError
from tlkg.loaders.registry import parse_document
from tlkg.ontology.vocab import load_vocabulary

_VOLATILE = ("loadedAt", "loaderVersion")


def documents(paths: list[Path], jsonl_limit: int) -> Iterator[Document]:
    files: list[Path] = []
    for p in paths:
        files += sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p]
    for f in files:
        data = f.read_bytes()
        if f.suffix == ".jsonl":
            lines = data.split(b"\n")[:jsonl_limit]
            for i, line in enumerate(lines, 1):
                if line.strip():
                    yield Document(name=f"{f}:{i}", data=line, jsonl_line=i)
        elif f.suffix in (".json", ".xml"):
            yield Document(name=str(f), data=data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("paths", type=Path, nargs="+")
    ap.add_argument("--jsonl-limit", type=int, default=3000)
    args = ap.parse_args()
    vocab = load_vocabulary([])
    when = datetime(2026, 1, 1, tzinfo=UTC)  # fixed: the load time is left out anyway
    records = 0
    with args.out.open("w") as out:
        for doc in documents(args.paths, args.jsonl_limit):
            for item in parse_document(doc, vocab):
                if isinstance(item, LoadError):
                    out.write(f"# ERROR {item.path} {item.message}\n")
                    continue
                st = record_triples(item, when)
                lines = set(nt_lines(st.data).splitlines()) | set(nt_lines(st.meta).splitlines())
                kept = sorted(x for x in lines if not any(v in x for v in _VOLATILE))
                out.write(f"# {st.source_id}\n" + "\n".join(kept) + "\n")
                records += 1
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()[:16]
    print(records, digest)


if __name__ == "__main__":
    main()
