"""Identifiers of the KGX export: node ids as CURIEs that KGX's validator accepts (a prefix,
a colon, a local part with no ``/``, ``:`` or space) and the prefix map that expands them
back to IRIs (written beside the TSV files as ``prefix_map.json``; see ``docs/exports.md``).

A node's id is

- ``CLINICALTRIALS:NCT04714372`` for a trial with an NCT ID (the prefix the Biolink model
  4.x gives as ``id_prefixes`` of ``biolink:ClinicalTrial``);
- ``MESH:D001374`` for a ``biolink:Drug``, ``biolink:Disease`` or ``biolink:Protein`` node
  with exactly one MeSH id that no other node of the export has (MESH is among those
  categories' Biolink ``id_prefixes``);
- otherwise tlkg's own: ``TLKG.THERAPY:idecabtagene-vicleucel`` (one prefix per kind of
  entity, ``TLKG.THERAPY`` = ``https://w3id.org/tlkg/id/therapy/``), which expands to the
  entity's IRI.

A node whose id is not tlkg's own lists its tlkg CURIE first in ``xref``, so every node
keeps a stable tlkg key (the ``iri`` column holds the IRI itself).
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import quote

from tlkg.ontology.ids import is_nct_id
from tlkg.ontology.namespace import BASE, ID_BASE, PREFIXES

TLKG_KINDS = ("therapy", "indication", "target", "organization", "trial", "edge")
TLKG_PREFIX = {kind: f"TLKG.{kind.upper()}" for kind in TLKG_KINDS}
# As in the Biolink model 4.x JSON-LD context (biolink-model-prefix-map.json).
MESH = "MESH"
CLINICALTRIALS = "CLINICALTRIALS"
PREFIX_MAP: dict[str, str] = {
    **{TLKG_PREFIX[kind]: f"{ID_BASE}{kind}/" for kind in TLKG_KINDS},
    MESH: "http://id.nlm.nih.gov/mesh/",
    CLINICALTRIALS: "http://identifiers.org/clinicaltrials/",
    "biolink": "https://w3id.org/biolink/vocab/",
    "infores": "https://w3id.org/infores/",
    "tlkg": BASE + "ontology#",
    "skos": PREFIXES["skos"],
}
# Categories whose Biolink id_prefixes include MESH (Procedure, Treatment, Agent and
# MacromolecularComplex have none of it).
MESH_CATEGORIES = frozenset({"biolink:Drug", "biolink:Disease", "biolink:Protein"})
# Cross-reference prefixes of the JSON answers -> the Biolink context's spelling.
_XREF_PREFIXES = {"NCT": CLINICALTRIALS}


def tlkg_curie(iri: str) -> str:
    """``https://w3id.org/tlkg/id/therapy/x`` -> ``TLKG.THERAPY:x``; any other IRI is returned
    as it is. Characters a CURIE's local part cannot hold are percent-encoded."""
    if not iri.startswith(ID_BASE):
        return iri
    kind, _, key = iri[len(ID_BASE) :].partition("/")
    prefix = TLKG_PREFIX.get(kind)
    if prefix is None or not key:
        return iri
    return f"{prefix}:{quote(key, safe='-._~')}"


def edge_curie(digest: str) -> str:
    return f"{TLKG_PREFIX['edge']}:{digest}"


def biolink_xref(xref: str) -> str:
    """A cross-reference CURIE with the prefix the Biolink context uses (NCT -> CLINICALTRIALS)."""
    prefix, sep, local = xref.partition(":")
    return f"{_XREF_PREFIXES[prefix]}:{local}" if sep and prefix in _XREF_PREFIXES else xref


def _external_id(iri: str, kind: str, category: str, xrefs: list[str]) -> str | None:
    key = iri.rstrip("/").rsplit("/", 1)[-1]
    if kind == "trial" and is_nct_id(key):
        return f"{CLINICALTRIALS}:{key}"
    mesh = [x for x in xrefs if x.startswith(MESH + ":")]
    if category in MESH_CATEGORIES and len(mesh) == 1:
        return mesh[0]
    return None


def node_ids(
    nodes: dict[str, tuple[str, str, list[str]]],
) -> dict[str, tuple[str, list[str]]]:
    """IRI -> (kind, category, xrefs) to IRI -> (node id, xrefs of the row). An external id
    shared by several nodes is used by none of them (ids stay unique)."""
    wanted = {
        iri: _external_id(iri, kind, category, [biolink_xref(x) for x in xrefs])
        for iri, (kind, category, xrefs) in nodes.items()
    }
    taken = Counter(x for x in wanted.values() if x is not None)
    out: dict[str, tuple[str, list[str]]] = {}
    for iri, (_kind, _category, xrefs) in nodes.items():
        own = tlkg_curie(iri)
        external = wanted[iri]
        node_id = external if external is not None and taken[external] == 1 else own
        row_xrefs = [biolink_xref(x) for x in xrefs]
        row_xrefs = [x for x in row_xrefs if x != node_id]
        if node_id != own:
            row_xrefs.insert(0, own)
        out[iri] = (node_id, list(dict.fromkeys(row_xrefs)))
    ids = Counter(node_id for node_id, _x in out.values())
    clash = [i for i, n in ids.items() if n > 1]
    if clash:  # only IRIs outside tlkg's namespace could clash
        raise ValueError(f"KGX node ids not unique: {clash[:5]}")
    return out
