"""The parsed vocabulary kept between CLI runs (tlkg/ontology/vocab_cache.py): the same
vocabulary as a parse, read back while its files are unchanged, parsed again when one of
them (or their order) changes, never an obstacle (a damaged cache, an unwritable folder),
and kept in the store's folder only."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from tlkg.graph.store.factory import store_folder
from tlkg.ontology import vocab_cache
from tlkg.ontology.vocab import Vocabulary, VocabularyError, load_vocabulary
from tlkg.ontology.vocab_cache import cached_vocabulary
from tlkg.settings import Settings

EXTRA = """
[[therapy]]
name = "zorbacabtagene"
aliases = ["ZB-01"]
"""


def same(a: Vocabulary, b: Vocabulary) -> bool:
    return pickle.dumps(a.__dict__) == pickle.dumps(b.__dict__)


def test_a_cached_vocabulary_is_the_parsed_one(tmp_path: Path) -> None:
    extra = tmp_path / "extra.toml"
    extra.write_text(EXTRA, "utf-8")
    parsed = load_vocabulary([extra])
    first = cached_vocabulary([extra], tmp_path / "cache")
    assert same(first, parsed)
    assert len(list((tmp_path / "cache").glob("vocab-*.pickle"))) == 1
    again = cached_vocabulary([extra], tmp_path / "cache")
    assert again is not first and same(again, parsed)
    assert again.resolve("therapy", "zb-01") is not None


def test_a_changed_file_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "extra.toml"
    extra.write_text(EXTRA, "utf-8")
    cached_vocabulary([extra], tmp_path / "cache")
    extra.write_text(EXTRA.replace("ZB-01", "ZB-02"), "utf-8")
    vocab = cached_vocabulary([extra], tmp_path / "cache")
    assert vocab.resolve("therapy", "ZB-02") is not None
    assert vocab.resolve("therapy", "ZB-01") is None
    assert len(list((tmp_path / "cache").glob("vocab-*.pickle"))) == 2
    # The same content read back, with no parse at all.
    monkeypatch.setattr(Vocabulary, "add_file", lambda *a, **k: pytest.fail("parsed"))
    assert cached_vocabulary([extra], tmp_path / "cache").resolve("therapy", "ZB-02")


def test_the_files_and_their_order_are_in_the_key(tmp_path: Path) -> None:
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text(EXTRA, "utf-8")
    b.write_text(EXTRA.replace("ZB-01", "ZB-03"), "utf-8")
    texts = [("seed", "x"), (str(a), EXTRA)]
    assert vocab_cache._key(texts) != vocab_cache._key([*texts, (str(b), "")])
    assert vocab_cache._key([texts[1], texts[0]]) != vocab_cache._key(texts)
    ab = cached_vocabulary([a, b], tmp_path / "cache")
    ba = cached_vocabulary([b, a], tmp_path / "cache")
    assert ab.files != ba.files
    assert same(ab, load_vocabulary([a, b])) and same(ba, load_vocabulary([b, a]))


def test_a_damaged_cache_is_parsed_again_and_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cached_vocabulary([], folder)
    (path,) = folder.glob("vocab-*.pickle")
    path.write_bytes(b"not a pickle")
    assert same(cached_vocabulary([], folder), load_vocabulary())
    assert pickle.loads(path.read_bytes()).__class__ is Vocabulary


def test_errors_are_those_of_a_parse(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    with pytest.raises(VocabularyError) as cached:
        cached_vocabulary([missing], tmp_path / "cache")
    with pytest.raises(VocabularyError) as parsed:
        load_vocabulary([missing])
    assert str(cached.value) == str(parsed.value)
    bad = tmp_path / "bad.toml"
    bad.write_text("[[therapy]]\nname = \n", "utf-8")
    with pytest.raises(VocabularyError) as cached:
        cached_vocabulary([bad], tmp_path / "cache")
    with pytest.raises(VocabularyError) as parsed:
        load_vocabulary([bad])
    assert str(cached.value) == str(parsed.value)


def test_an_unwritable_folder_only_costs_the_parse(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", "utf-8")
    assert same(cached_vocabulary([], blocker / "cache"), load_vocabulary())


def test_the_cli_keeps_it_in_the_store_folder(tmp_path: Path) -> None:
    # Nothing is written outside the store: no store on disk (yet), no cache.
    store = tmp_path / "store"
    assert store_folder(Settings(store=store)) is None  # not created yet
    (store / "CURRENT").parent.mkdir()
    (store / "CURRENT").write_text("", "utf-8")
    assert store_folder(Settings(store=store)) == store
    assert store_folder(Settings(store=store, memory=True)) is None
    assert store_folder(Settings(store=store, endpoint="http://localhost:1/sparql")) is None


def test_only_the_newest_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vocab_cache, "KEEP", 2)
    extra = tmp_path / "extra.toml"
    for n in range(4):
        extra.write_text(EXTRA.replace("ZB-01", f"ZB-1{n}"), "utf-8")
        cached_vocabulary([extra], tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("vocab-*.pickle"))) <= 2
