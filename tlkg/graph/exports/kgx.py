"""KGX TSV export: ``nodes.tsv`` and ``edges.tsv`` with Biolink categories and predicates,
so the graph can be merged into Biolink-model knowledge graphs (see ``docs/exports.md``).

Nodes (``id`` is a CURIE KGX's validator accepts: ``CLINICALTRIALS:NCT04714372`` for a
trial, ``MESH:D001374`` for a drug, disease or protein with exactly one MeSH id of its own,
else tlkg's ``TLKG.THERAPY:idecabtagene-vicleucel``; see ``kgx_ids``. Cross-references are
in ``xref``: the node's tlkg CURIE first when its id is not tlkg's, then its MeSH ids;
``prefix_map.json`` beside the TSV files expands every prefix used):

    therapy       biolink:Drug (a product or programme, cell and gene therapies included);
                  biolink:Procedure for stem-cell transplant, radiotherapy and procedures or
                  diagnostics of care; biolink:Treatment for generic classes and
                  supportive care (regimen components)
    indication    biolink:Disease
    target        biolink:Protein (biolink:MacromolecularComplex for the proteasome)
    organization  biolink:Agent
    trial         biolink:ClinicalTrial

Modalities and barriers are tlkg's own classifications, not Biolink entities: a therapy's
modality is the node property ``tlkg_modality`` (the one ``tlkg show`` gives, by the rule
of ``tlkg.graph.services.facts``); barrier claims and modality-level comparisons stay in
the RDF exports.

Edges (``original_predicate`` keeps tlkg's property as a CURIE, prefix ``tlkg`` =
``https://w3id.org/tlkg/ontology#``):

    tlkg:indication from a trial record   biolink:in_clinical_trials_for (any phase)
    tlkg:indication from an article or
      the vocabulary                      biolink:treats_or_applied_or_studied_to_treat
    tlkg:approvedFor                      biolink:treats (approved use only)
      (these three only from a Drug or Treatment to a Disease, within the predicates'
      Biolink domain and range; otherwise biolink:related_to, e.g. for a Procedure)
    tlkg:target                           biolink:directly_physically_interacts_with
    skos:broader (indications)            biolink:subclass_of
    everything else (developer, sponsor, collaborator, condition, studies therapy,
      acquired by, benchmarked against, head to head, competes with, complements)
                                          biolink:related_to

Provenance, one edge per (subject, predicate, object, kind of source):

- from trial records: ``primary_knowledge_source`` ``infores:clinicaltrials``,
  ``knowledge_level`` ``knowledge_assertion``, ``agent_type`` ``not_provided`` (as the
  Information Resource Registry describes ClinicalTrials.gov), ``aggregator_knowledge_source``
  ``infores:tlkg``;
- from articles (relations extracted from text by tlkg): ``primary_knowledge_source``
  ``infores:tlkg``, ``knowledge_level`` ``not_provided``, ``agent_type``
  ``text_mining_agent``; ``publications`` lists the articles' URLs;
- from the curated vocabulary: ``primary_knowledge_source`` ``infores:tlkg``,
  ``knowledge_level`` ``knowledge_assertion``, ``agent_type`` ``manual_agent``.

``infores:tlkg`` is this project's own identifier and is not (yet) registered in the
Biolink Information Resource Registry. Extra columns: ``tlkg_sources`` (source ids),
``tlkg_source_count``, ``tlkg_first_date`` and ``tlkg_last_date``. Multivalued fields are
separated by ``|``; tabs and newlines in values become spaces. Both files are written to
temporary names and renamed into place once complete.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from tlkg.graph.exports.files import atomic_file
from tlkg.graph.exports.kgx_ids import PREFIX_MAP, edge_curie, node_ids
from tlkg.graph.exports.projection import (
    edge_graphs,
    node_attributes,
    node_types,
    source_info,
)
from tlkg.graph.services.records import BACKGROUND, LEVEL_RANK, Graphs, pick_modality
from tlkg.graph.store import queries as sparql
from tlkg.graph.store.base import GraphStore
from tlkg.ontology.namespace import SKOS_BROADER, TLKG, key_of

ONTOLOGY_PREFIX = "tlkg:"
INFORES_TLKG = "infores:tlkg"
INFORES_CTGOV = "infores:clinicaltrials"
PREFIX_MAP_FILE = "prefix_map.json"

NODE_COLUMNS = [
    "id",
    "category",
    "name",
    "synonym",
    "xref",
    "provided_by",
    "iri",
    "tlkg_type",
    "tlkg_modality",
    "tlkg_intervention_category",
]
EDGE_COLUMNS = [
    "id",
    "subject",
    "predicate",
    "object",
    "original_predicate",
    "primary_knowledge_source",
    "aggregator_knowledge_source",
    "knowledge_level",
    "agent_type",
    "publications",
    "tlkg_sources",
    "tlkg_source_count",
    "tlkg_first_date",
    "tlkg_last_date",
]
P_MODALITY = str(TLKG.modality)
_PROCEDURE_MODALITIES = {"stem-cell-transplant", "radiotherapy"}
_COMPLEXES = {"proteasome"}
# Categories under the treats family's domain and range (Biolink 4.x).
_TREATS_DOMAIN = {"biolink:Drug", "biolink:Treatment"}
_TREATS_RANGE = {"biolink:Disease"}
_PROVENANCE = {
    "trial": (INFORES_CTGOV, INFORES_TLKG, "knowledge_assertion", "not_provided"),
    "article": (INFORES_TLKG, "", "not_provided", "text_mining_agent"),
    "vocabulary": (INFORES_TLKG, "", "knowledge_assertion", "manual_agent"),
}


def _predicate(p: str, kind: str, subject: tuple[str, str], obj: tuple[str, str]) -> str | None:
    """The Biolink predicate for tlkg's ``p`` stated by a source of ``kind``, between a
    subject and an object given as (tlkg type, Biolink category). The treats family
    (domain ``biolink:ChemicalOrDrugOrTreatment``, range ``biolink:DiseaseOrPhenotypicFeature``)
    is used only where both ends fit; otherwise ``biolink:related_to``."""
    if p in (str(TLKG.indication), str(TLKG.approvedFor)):
        if subject[1] not in _TREATS_DOMAIN or obj[1] not in _TREATS_RANGE:
            return "biolink:related_to"
        if p == str(TLKG.approvedFor):
            return "biolink:treats"
        return (
            "biolink:in_clinical_trials_for"
            if kind == "trial"
            else "biolink:treats_or_applied_or_studied_to_treat"
        )
    if p == str(TLKG.target):
        return "biolink:directly_physically_interacts_with"
    if p == SKOS_BROADER:
        return "biolink:subclass_of" if subject[0] == obj[0] == "indication" else None
    return "biolink:related_to"


def _category(kind: str, attrs: dict[str, Any], modality: str | None) -> str:
    if kind == "therapy":
        category = attrs.get("intervention_category")
        if category in ("diagnostic", "procedure") or modality in _PROCEDURE_MODALITIES:
            return "biolink:Procedure"
        if category in ("generic", "supportive"):
            return "biolink:Treatment"
        return "biolink:Drug"
    if kind == "target":
        return (
            "biolink:MacromolecularComplex" if attrs.get("key") in _COMPLEXES else "biolink:Protein"
        )
    return {
        "indication": "biolink:Disease",
        "organization": "biolink:Agent",
        "trial": "biolink:ClinicalTrial",
    }[kind]


def _modalities(
    edges_in: dict[tuple[str, str, str], set[str]], levels: dict[str, int]
) -> dict[str, str]:
    """therapy -> key of the modality the query services show for it (the rule of
    ``tlkg.graph.services.facts``, every source visible)."""
    stated: dict[str, dict[str, Graphs]] = defaultdict(dict)
    for (s, p, o), graphs in edges_in.items():
        if p == P_MODALITY:
            stated[s][o] = dict.fromkeys(sorted(graphs))
    out = {}
    for s, modalities in stated.items():
        modality, _curated = pick_modality(modalities, levels)
        if modality is not None:
            out[s] = key_of(modality)
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "|".join(_cell(v) for v in value if v not in (None, ""))
    return " ".join(str(value).replace("|", "/").split())


def _write_tsv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    with atomic_file(path) as fh:
        fh.write(("\t".join(columns) + "\n").encode("utf-8"))
        for row in rows:
            fh.write(("\t".join(_cell(row.get(c)) for c in columns) + "\n").encode("utf-8"))


def write(store: GraphStore, out_dir: Path | str) -> str:
    """Write ``nodes.tsv``, ``edges.tsv`` and ``prefix_map.json`` into ``out_dir``; returns
    a summary."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out} exists and is not a folder (kgx writes nodes.tsv and edges.tsv)")
    out.mkdir(parents=True, exist_ok=True)
    types = {e: k for e, k in node_types(store).items() if k not in ("modality", "barrier")}
    attrs = node_attributes(store, types)
    sources = source_info(store)
    edges_in = edge_graphs(store)
    urls: dict[str, str] = {}
    levels: dict[str, int] = {}
    for g, u, lvl in store.scan(sparql.query("sources"), ("graph", "url", "level")):
        if u:
            urls[str(g)] = u
        if lvl and key_of(lvl) in LEVEL_RANK:
            levels[str(g)] = LEVEL_RANK[key_of(lvl)]
    modality_of = _modalities(edges_in, levels)

    category = {e: _category(kind, attrs[e], modality_of.get(e)) for e, kind in types.items()}
    ids = node_ids({e: (kind, category[e], attrs[e].get("xrefs", [])) for e, kind in types.items()})
    nodes = []
    for e, kind in sorted(types.items()):
        a = attrs[e]
        nodes.append(
            {
                "id": ids[e][0],
                "category": category[e],
                "name": a.get("label"),
                "synonym": a.get("aliases", []),
                "xref": ids[e][1],
                "provided_by": INFORES_TLKG,
                "iri": e,
                "tlkg_type": kind,
                "tlkg_modality": modality_of.get(e) if kind == "therapy" else None,
                "tlkg_intervention_category": a.get("intervention_category"),
            }
        )

    edges = []
    for (s, p, o), stated in sorted(edges_in.items()):
        graphs = [g for g in stated if g in sources or g in BACKGROUND]  # not archived ones
        if s not in types or o not in types or not graphs:
            continue
        by_kind: dict[str, list[str]] = defaultdict(list)
        for g in graphs:
            if g in BACKGROUND:
                by_kind["vocabulary"].append(g)
            elif g in sources:
                by_kind[sources[g][2]].append(g)
        for kind, kind_graphs in sorted(by_kind.items()):
            predicate = _predicate(p, kind, (types[s], category[s]), (types[o], category[o]))
            if predicate is None:
                continue
            primary, aggregator, level, agent = _PROVENANCE[kind]
            known = sorted(sources[g] for g in kind_graphs if g in sources)
            dates = sorted(d for _i, d, _k in known if d)
            original = (
                ONTOLOGY_PREFIX + p.rsplit("#", 1)[-1]
                if p.startswith(str(TLKG))
                else "skos:broader"
            )
            digest = hashlib.sha1(f"{s}|{p}|{o}|{kind}".encode()).hexdigest()[:16]
            edges.append(
                {
                    "id": edge_curie(digest),
                    "subject": ids[s][0],
                    "predicate": predicate,
                    "object": ids[o][0],
                    "original_predicate": original,
                    "primary_knowledge_source": primary,
                    "aggregator_knowledge_source": aggregator,
                    "knowledge_level": level,
                    "agent_type": agent,
                    "publications": sorted({urls[g] for g in kind_graphs if g in urls})
                    if kind == "article"
                    else [],
                    "tlkg_sources": [i for i, _d, _k in known],
                    "tlkg_source_count": len(known),
                    "tlkg_first_date": dates[0] if dates else None,
                    "tlkg_last_date": dates[-1] if dates else None,
                }
            )
    _write_tsv(out / "nodes.tsv", NODE_COLUMNS, nodes)
    _write_tsv(out / "edges.tsv", EDGE_COLUMNS, edges)
    with atomic_file(out / PREFIX_MAP_FILE) as fh:
        fh.write(json.dumps(PREFIX_MAP, indent=2).encode("utf-8") + b"\n")
    return (
        f"{out}/nodes.tsv ({len(nodes)} nodes), {out}/edges.tsv ({len(edges)} edges), "
        f"{out}/{PREFIX_MAP_FILE}, kgx"
    )
