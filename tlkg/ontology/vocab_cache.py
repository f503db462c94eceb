"""The parsed vocabulary kept between runs: ``cached_vocabulary`` gives what
``load_vocabulary`` gives, read back (pickled) from a cache folder when every file it is
built from has the content it had when the cache was written, and parsed (then written)
otherwise. A one-shot CLI command so skips parsing the TOML (~10-15 ms).

The key is a digest of the content of every vocabulary file (the seed and the user's, in
order, with the names errors would cite) and of the ontology package's code that parses
them (``tlkg/ontology/*.py``), so a changed file, another file order or a new release
never reads an old parse. A cache that cannot be read or written is ignored: the
vocabulary is parsed as without one, and a file that cannot be read raises the error
``load_vocabulary`` raises. The CLI keeps the cache in the folder of the on-disk store it
answers from (``FOLDER_NAME``, beside the analysis index: nothing is written outside the
store), so its pickles are trusted as the store's own files are; a remote or in-memory
store, or a store not yet created, has none."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from tlkg.ontology.vocab import SEED_FILES, Vocabulary, load_vocabulary

FOLDER_NAME = "vocab-cache"  # in a store's folder
FORMAT = 1  # bump when what is pickled changes in a way the code digest would miss
KEEP = 8  # cached vocabularies kept (other --vocab sets), the most recent ones
_PREFIX = "vocab-"
_CODE = Path(__file__).resolve().parent


def cached_vocabulary(extra: Iterable[Path | str] = (), folder: Path | None = None) -> Vocabulary:
    """``load_vocabulary(extra)``, read from (and written to) ``folder`` when it is set."""
    extra = list(extra)
    if folder is None:
        return load_vocabulary(extra)
    pkg = resources.files("tlkg.ontology")
    try:
        texts = [(f"tlkg/ontology/{n}", pkg.joinpath(n).read_text("utf-8")) for n in SEED_FILES]
        texts += [(str(p), Path(p).read_text("utf-8")) for p in extra]
    except (OSError, UnicodeDecodeError):
        return load_vocabulary(extra)  # raises the error a user sees without a cache
    path = folder / f"{_PREFIX}{_key(texts)}.pickle"
    vocab = _read(path)
    if vocab is None:
        vocab = Vocabulary()
        for label, text in texts:  # as load_vocabulary does, from the texts digested
            vocab.add_file(label, text)
        _write(path, vocab)
    return vocab


def _key(texts: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256(f"{FORMAT}|{sys.version_info[:2]}|{pickle.HIGHEST_PROTOCOL}".encode())
    for code in sorted(_CODE.glob("*.py")):
        digest.update(code.name.encode() + b"\0" + code.read_bytes() + b"\0")
    for label, text in texts:
        digest.update(label.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(text.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()[:32]


def _read(path: Path) -> Vocabulary | None:
    try:
        vocab = pickle.loads(path.read_bytes())
    except Exception:  # none yet, or a damaged or foreign file: parse (and replace it)
        return None
    return vocab if isinstance(vocab, Vocabulary) else None


def _write(path: Path, vocab: Vocabulary) -> None:
    """Write atomically (another process may read or write the same file), then keep the
    ``KEEP`` newest cached vocabularies."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(pickle.dumps(vocab, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
        cached = sorted(path.parent.glob(f"{_PREFIX}*.pickle"), key=_mtime, reverse=True)
        for old in cached[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
