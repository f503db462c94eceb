"""The KGX export of the demo store passes KGX's own validator and the Biolink model's
domain and range checks, offline.

- ``kgx validate`` as the command runs it (``kgx.cli.cli_utils.validate``: the Validator
  as an inspector of a streaming Transformer over ``nodes.tsv`` and ``edges.tsv``), KGX
  2.7.0 with the Biolink model 4.4.3 (the ``biolink-model`` package, pinned in the test
  extra): zero messages once the export's own prefixes (``prefix_map.json``) are
  registered beside the Biolink JSON-LD context, and without them only messages about
  those ``TLKG.*`` prefixes (every other id is a proper CURIE with a Biolink prefix).
- bmt (the Biolink Model Toolkit): every category and predicate is Biolink's, every edge
  respects its predicate's domain and range (``Toolkit.validate_edge``), and every id not
  tlkg's own uses a prefix that Biolink lists in its category's ``id_prefixes``.
- ``prefix_map.json`` expands each node's tlkg CURIE back to its IRI (``curies``).

Offline: KGX and bmt fetch the Biolink model, its predicate mappings and JSON-LD contexts
from GitHub when imported. Here the model is the YAML the ``biolink-model`` package ships,
the Biolink context is that package's ``biolink-model-prefix-map.json``, the Monarch and
OBO contexts are the files ``prefixcommons`` ships, and the predicate mappings (which
validation never reads) are left empty. Name resolution is refused while KGX runs, so a
download attempt fails the test instead of hanging it.
"""

from __future__ import annotations

import csv
import json
import socket
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from tlkg.graph.exports import rdf as export
from tlkg.graph.exports.kgx_ids import PREFIX_MAP, TLKG_PREFIX
from tlkg.graph.ingest.pipeline import load
from tlkg.graph.store.oxigraph import OxigraphStore
from tlkg.ontology.vocab import load_vocabulary

DEMO = Path(str(resources.files("tlkg").joinpath("demo")))
BIOLINK_VERSION = "4.4.3"
TLKG_PREFIXES = set(TLKG_PREFIX.values())


def _no_network(*args: Any, **kwargs: Any) -> Any:
    raise OSError(f"network access attempted during KGX validation: {args[:2]}")


def _biolink_context() -> dict[str, str]:
    text = resources.files("biolink_model") / "prefixmaps" / "biolink-model-prefix-map.json"
    return dict(json.loads(text.read_text("utf-8")))


@pytest.fixture(scope="module")
def offline_kgx() -> Iterator[Any]:
    """KGX's modules, imported and set up to read the Biolink model from installed files."""
    import bmt
    import bmt.toolkit
    from linkml_runtime.utils.schemaview import SchemaView

    schema = str(resources.files("biolink_model") / "schema" / "biolink_model.yaml")

    class OfflineToolkit(bmt.Toolkit):  # type: ignore[misc]
        """bmt's Toolkit on the packaged schema (bmt 1.4.8 always downloads
        predicate_mapping.yaml in ``__init__``; KGX's validation never reads it)."""

        def __init__(self, schema: str = schema, predicate_map: Any = None) -> None:
            self.view = SchemaView(schema)
            self.pmap: dict[str, Any] = {}

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket, "getaddrinfo", _no_network)
        mp.setattr(bmt, "Toolkit", OfflineToolkit)
        mp.setattr(bmt.toolkit, "Toolkit", OfflineToolkit)
        import kgx.config

        contexts = resources.files("prefixcommons") / "registry"
        for name in ("monarch_context", "obo_context"):
            doc = json.loads((contexts / f"{name}.jsonld").read_text("utf-8"))
            kgx.config.jsonld_context_map[name] = doc["@context"]
        kgx.config.jsonld_context_map["biolink"] = _biolink_context()
        import kgx.cli.cli_utils
        import kgx.utils.kgx_utils

        assert isinstance(kgx.utils.kgx_utils.get_toolkit(), OfflineToolkit)
        yield kgx


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    vocab = load_vocabulary()
    store = OxigraphStore(None)
    try:
        store.ensure_vocabulary(vocab)
        summary = load(store, [DEMO / "trials", DEMO / "articles"], vocab, workers=1)
        assert summary.loaded and not summary.errors
        out = tmp_path_factory.mktemp("kgx") / "kgx"
        export.export(store, "kgx", out)
    finally:
        store.close()
    return out


def _tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _validate(kgx: Any, out: Path, context: dict[str, str], report: Path) -> dict[str, Any]:
    """``kgx validate -i tsv nodes.tsv edges.tsv -o report`` with ``context`` as the
    Biolink JSON-LD context; returns its messages by level, error type and message."""
    kgx.config.jsonld_context_map["biolink"] = context
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket, "getaddrinfo", _no_network)
        errors = kgx.cli.cli_utils.validate(
            [str(out / "nodes.tsv"), str(out / "edges.tsv")], "tsv", None, str(report)
        )
    assert kgx.validator.Validator.get_toolkit().get_model_version() == BIOLINK_VERSION
    return dict(errors)


def _messages(errors: dict[str, Any]) -> list[str]:
    return [m for by_type in errors.values() for msgs in by_type.values() for m in msgs]


def test_kgx_validate_passes_with_the_exported_prefix_map(
    offline_kgx: Any, export_dir: Path, tmp_path: Path
) -> None:
    prefix_map = json.loads((export_dir / "prefix_map.json").read_text("utf-8"))
    assert prefix_map == PREFIX_MAP
    biolink = _biolink_context()
    # the prefixes that are not tlkg's own are Biolink's, with Biolink's expansions
    for prefix, iri in prefix_map.items():
        if prefix in ("MESH", "CLINICALTRIALS", "biolink"):
            assert biolink[prefix] == iri, prefix
    registered = {p: i for p, i in prefix_map.items() if p in TLKG_PREFIXES}
    errors = _validate(offline_kgx, export_dir, {**biolink, **registered}, tmp_path / "r.json")
    assert errors == {}, _messages(errors)[:20]


def test_without_the_prefix_map_only_tlkg_prefixes_are_unknown(
    offline_kgx: Any, export_dir: Path, tmp_path: Path
) -> None:
    errors = _validate(offline_kgx, export_dir, _biolink_context(), tmp_path / "r.json")
    messages = _messages(errors)
    assert messages and set(errors) == {"ERROR"}
    assert set(errors["ERROR"]) <= {"INVALID_NODE_PROPERTY_VALUE", "INVALID_EDGE_PROPERTY_VALUE"}
    for message in messages:
        assert "not represented in Biolink Model JSON-LD context" in message, message
        assert "'TLKG." in message, message
    assert not any("not a proper CURIE" in m for m in messages)


def test_ids_are_unique_curies_that_expand_to_the_entities(export_dir: Path) -> None:
    import curies

    converter = curies.Converter.from_prefix_map(
        json.loads((export_dir / "prefix_map.json").read_text("utf-8"))
    )
    nodes = _tsv(export_dir / "nodes.tsv")
    ids = {n["id"] for n in nodes}
    assert len(ids) == len(nodes)
    kinds = {n["id"].split(":", 1)[0] for n in nodes}
    assert {"MESH", "CLINICALTRIALS", "TLKG.THERAPY", "TLKG.INDICATION"} <= kinds
    for n in nodes:
        prefix, _, local = n["id"].partition(":")
        assert local and "/" not in local and ":" not in local and " " not in local, n["id"]
        own = n["id"] if prefix in TLKG_PREFIXES else n["xref"].split("|")[0]
        assert own.split(":", 1)[0] in TLKG_PREFIXES, n
        assert converter.expand(own) == n["iri"]
    for e in _tsv(export_dir / "edges.tsv"):
        assert e["subject"] in ids and e["object"] in ids
        assert converter.expand(e["id"]) is not None


def test_biolink_domains_ranges_and_id_prefixes(offline_kgx: Any, export_dir: Path) -> None:
    tk = offline_kgx.utils.kgx_utils.get_toolkit()
    nodes = {n["id"]: n for n in _tsv(export_dir / "nodes.tsv")}
    for n in nodes.values():
        assert tk.is_category(n["category"]), n["category"]
        prefix = n["id"].split(":", 1)[0]
        if prefix not in TLKG_PREFIXES:
            assert prefix in tk.get_element(n["category"]).id_prefixes, (n["id"], n["category"])
    edges = _tsv(export_dir / "edges.tsv")
    seen = set()
    for e in edges:
        assert tk.is_predicate(e["predicate"]), e["predicate"]
        s, o = nodes[e["subject"]]["category"], nodes[e["object"]]["category"]
        seen.add((s, e["predicate"]))
        assert tk.validate_edge(s, e["predicate"], o), (s, e["predicate"], o, e["id"])
    # a procedure (stem-cell transplant) studied for a disease is related_to, never treats
    assert ("biolink:Procedure", "biolink:related_to") in seen
    assert not {p for c, p in seen if c == "biolink:Procedure"} - {
        "biolink:related_to",
        "biolink:directly_physically_interacts_with",
    }
    # therapies with a MeSH id in the graph carry it
    therapies = [n for n in nodes.values() if n["tlkg_type"] == "therapy"]
    assert sum(n["id"].startswith("MESH:") for n in therapies) >= 5
