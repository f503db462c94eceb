"""Entity resolution of registry records, scored against the registry's own MeSH mapping.

    python bench/entity_eval.py [--set tune|holdout|all] [--json] [--examples N]

The records are real ClinicalTrials.gov API v2 studies in ``tests/eval/registry/tune/``
(the team tunes on these) and ``tests/eval/registry/holdout/`` (never tuned on; see the
README there). They are loaded through the real pipeline
(``tlkg.graph.ingest.pipeline.load``) into an in-memory Oxigraph store with the seed
vocabulary, and the therapy nodes are read back through the services
(``list_therapies``, ``show_therapy``, ``landscape``). The ground truth is read straight
from the JSON, never from tlkg: ``derivedSection.interventionBrowseModule.meshes`` (the
intervention descriptors of a study) and ``derivedSection.conditionBrowseModule.meshes``
(its disease descriptors). MeSH ids are written one way (``norm_mesh_id``: exports give
"D000011241" or "D011241" for one descriptor).

Alignment (registry side). A study's MeSH intervention descriptor D aligns to each of the
study's interventions whose name or one of whose ``otherNames`` contains the descriptor's
term as whole words, after case folding and replacing punctuation by spaces
(``norm``); failing that, to an intervention whose name (or a word of it, for a one-word
term) is spelled within a similarity ratio of 0.85 of the term (``azactidine`` ~
``Azacitidine``). Interventions that align to two or more descriptors (combinations,
fixed-dose products) are left out of fragmentation and wrong merges and counted apart.

Node of an intervention (tlkg side). Among the therapy nodes that list the study among
their trials, those whose name or an alias equals (after ``norm``) the intervention's name
or one of its other names; failing that, those whose name or an alias contains, or is
contained in, one of them as whole words. When that gives several nodes (a regimen
written as one intervention, split into its components), the nodes named by the aligned
descriptor's term (whole words, or spelled within the similarity ratio) if any.

Metrics:

- fragmentation: for each descriptor D, the distinct nodes that carry at least one
  intervention aligned to D (over all studies); nodes per real entity is their mean over
  the descriptors that reached a node (goal <= 1.02); also the share of descriptors split
  over more than one node, and the worst.
- wrong merges: nodes whose aligned interventions carry two or more different descriptors.
- non-therapies listed as therapies: nodes named like a placeholder (arm labels, placebo,
  standard chemotherapy, best available therapy, investigator's choice, blood draw,
  sequencing, imaging or assay words, class names such as "Chemotherapy Agents",
  "Chemotherapy Regimen 1", "Antibiotic") or all of whose source interventions (the interventions
  of their trials that map to them) are of type DIAGNOSTIC_TEST, PROCEDURE, BEHAVIORAL or
  DEVICE, except treatments registered as procedures (stem-cell transplant, radiotherapy:
  modalities of their own); count and share of all therapy nodes.
- landscape recall by plain name: for a disease with a plain name (e.g. "acute myeloid
  leukemia"; the fixed ``DISEASES``, and every other disease descriptor that at least
  three studies of the set map to, asked by its heading in natural order, lower case:
  "Leukemia, Myeloid, Acute" -> "acute myeloid leukemia") and a MeSH descriptor, the
  studies whose condition meshes include the descriptor, against the union of the trials
  (``Therapy.trials``) of the therapies that ``landscape(store, vocab, plain name)``
  lists; recall = found / mapped, over all mapped studies and over those with a drug-like
  intervention (DRUG, BIOLOGICAL, GENETIC, COMBINATION_PRODUCT, not a placeholder): a
  landscape of therapies cannot reach a biopsy-only or questionnaire-only study. ``extra``
  counts listed therapies' trials not mapped to the disease (their trials elsewhere, e.g.
  azacitidine in MDS).
- code names: nodes named by a development code (``MK-3475``) while the one descriptor
  their interventions align to is a name (``Pembrolizumab``).
- exact names: for every therapy node, ``show_therapy(store, vocab, node.name)`` must open
  that node; the count of names that open another node, or none (goal 0).

To score a committed tree while the working tree changes, put its package first on the
path: ``git archive <commit> tlkg | tar -x -C /tmp/t && cd /tmp &&
PYTHONPATH=/tmp/t python /path/to/bench/entity_eval.py --set tune``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests/eval/registry"
SETS = {
    "tune": [DATA / "tune"],
    "holdout": [DATA / "holdout"],
    "all": [DATA / "tune", DATA / "holdout"],
}
NON_THERAPY_TYPES = frozenset({"DIAGNOSTIC_TEST", "PROCEDURE", "BEHAVIORAL", "DEVICE"})
DRUG_TYPES = frozenset({"DRUG", "BIOLOGICAL", "GENETIC", "COMBINATION_PRODUCT"})
FUZZY = 0.85
# Plain name asked of ``landscape`` -> the MeSH descriptor (id, term) of the registry.
DISEASES: dict[str, tuple[str, str]] = {
    "acute myeloid leukemia": ("D015470", "Leukemia, Myeloid, Acute"),
    "non-small cell lung cancer": ("D002289", "Carcinoma, Non-Small-Cell Lung"),
    "multiple myeloma": ("D009101", "Multiple Myeloma"),
    "acute lymphoblastic leukemia": ("D054198", "Precursor Cell Lymphoblastic Leukemia-Lymphoma"),
    "diffuse large b-cell lymphoma": ("D016403", "Lymphoma, Large B-Cell, Diffuse"),
    "myelodysplastic syndromes": ("D009190", "Myelodysplastic Syndromes"),
    "breast cancer": ("D001943", "Breast Neoplasms"),
}
PLACEHOLDER = re.compile(
    r"^(?:(?:arm|group|cohort|part|stage|phase|regimen|treatment|level|dose level)"
    r"(?: [a-z0-9]{1,3})+)$"
    r"|\bplacebos?\b|\bsham\b|\bvehicle\b"
    r"|\bstandard (?:of care|chemo\w*|care|therapy|treatment|regimen)\b"
    r"|\bbest (?:available|supportive) (?:therapy|care|treatment)\b"
    r"|\b(?:investigator|physician|doctor)s? (?:s )?choice\b"
    r"|\bblood (?:draw|sample|samples|sampling|collection|test)\b"
    r"|\b(?:rna|dna|exome|genome|whole genome|next generation) ?seq\w*\b|\bsequencing\b"
    r"|\b(?:imaging|mri|ct scan|pet|pet ct|x ray|ultrasound|scan|biopsy|questionnaire)\b"
    r"|\blaboratory biomarker analysis\b|\bno intervention\b|\bobservation\b"
    r"|\bflow cytometry\b|\bphenotyping\b|^analysis\b|\banalysis with\b"
    r"|^(?:\w+ )?chemotherapy(?: agents?| regimen(?: [a-z0-9]+)?)?$|^antibiotics?$"
    r"|^(?:experimental|control|active comparator|usual care|other)$"
)
# A development code: letters then digits (MK-3475, BI 764532, S-217622, FT538).
CODE = re.compile(r"^[A-Za-z]{1,6}[- ]?\d{2,}[A-Za-z0-9-]*$")
_PUNCT = re.compile(r"[^0-9a-z]+")


# ----------------------------------------------------------------- registry side


@dataclass(frozen=True)
class Intervention:
    nct: str
    name: str
    other_names: tuple[str, ...] = ()
    type: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.other_names)


@dataclass(frozen=True)
class Study:
    nct: str
    interventions: tuple[Intervention, ...] = ()
    meshes: tuple[tuple[str, str], ...] = ()  # intervention descriptors (id, term)
    conditions: tuple[tuple[str, str], ...] = ()  # condition descriptors (id, term)


def norm(text: str) -> str:
    """Case-folded, punctuation to single spaces, trimmed."""
    return _PUNCT.sub(" ", text.casefold()).strip()


def contains_words(haystack: str, needle: str) -> bool:
    """``needle`` occurs in ``haystack`` as whole words (both normalised here)."""
    h, n = norm(haystack), norm(needle)
    return bool(n) and f" {n} " in f" {h} "


def similar(term: str, name: str, threshold: float = FUZZY) -> bool:
    """The name, or one of its words when the term is one word, is spelled like the term."""
    t, n = norm(term), norm(name)
    if not t or not n:
        return False
    candidates = [n] + (n.split() if " " not in t else [])
    return any(SequenceMatcher(None, t, c).ratio() >= threshold for c in candidates)


_MESH_ID = re.compile(r"^([A-Z])0*(\d+)$")


def norm_mesh_id(raw: str) -> str:
    """One spelling per MeSH id: exports write "D000011241" or "D011241" for one
    descriptor (the letter, then the number with six digits at least)."""
    m = _MESH_ID.match(raw.strip().upper())
    if not m or len(raw.strip()) < 7:
        return raw  # not an id, or already short ("D1" in a hand-made test)
    return f"{m.group(1)}{int(m.group(2)):06d}"


def _meshes(derived: dict[str, Any], module: str) -> tuple[tuple[str, str], ...]:
    rows = (derived.get(module) or {}).get("meshes") or []
    return tuple(
        (norm_mesh_id(str(m.get("id", ""))), str(m.get("term", ""))) for m in rows if m.get("term")
    )


def parse_study(raw: dict[str, Any]) -> Study | None:
    """The fields this evaluation reads, from one v2 study object (None if not one)."""
    protocol = raw.get("protocolSection")
    if not isinstance(protocol, dict):
        return None
    nct = str((protocol.get("identificationModule") or {}).get("nctId", ""))
    module = protocol.get("armsInterventionsModule") or {}
    interventions = tuple(
        Intervention(
            nct=nct,
            name=str(i.get("name", "")),
            other_names=tuple(str(o) for o in i.get("otherNames") or ()),
            type=i.get("type"),
        )
        for i in module.get("interventions") or ()
        if i.get("name")
    )
    derived = raw.get("derivedSection") or {}
    return Study(
        nct=nct,
        interventions=interventions,
        meshes=_meshes(derived, "interventionBrowseModule"),
        conditions=_meshes(derived, "conditionBrowseModule"),
    )


def _raw_studies(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _raw_studies(item)
    elif isinstance(data, dict) and isinstance(data.get("studies"), list):
        yield from _raw_studies(data["studies"])
    elif isinstance(data, dict):
        yield data


def read_studies(folders: Iterable[Path]) -> list[Study]:
    """Every study of the JSON files in ``folders`` (arrays, API pages or one study), the
    first copy of an NCT ID kept."""
    seen: dict[str, Study] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            for raw in _raw_studies(json.loads(path.read_text(encoding="utf-8"))):
                study = parse_study(raw)
                if study and study.nct and study.nct not in seen:
                    seen[study.nct] = study
    return list(seen.values())


def align(study: Study) -> dict[Intervention, set[str]]:
    """Descriptor ids each intervention of ``study`` aligns to (see the module doc)."""
    out: dict[Intervention, set[str]] = {iv: set() for iv in study.interventions}
    for mesh_id, term in study.meshes:
        hits = [iv for iv in study.interventions if any(contains_words(n, term) for n in iv.names)]
        if not hits:
            hits = [iv for iv in study.interventions if similar(term, iv.name)]
        for iv in hits:
            out[iv].add(mesh_id)
    return out


def is_placeholder(name: str) -> bool:
    return bool(PLACEHOLDER.search(norm(name)))


# ----------------------------------------------------------------- tlkg side


@dataclass(frozen=True)
class Node:
    """A therapy node as the services list it."""

    iri: str
    name: str
    aliases: tuple[str, ...] = ()
    trials: frozenset[str] = frozenset()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def nodes_of(iv: Intervention, nodes: Iterable[Node]) -> list[Node]:
    """The nodes an intervention became (see the module doc)."""
    here = [n for n in nodes if iv.nct in n.trials]
    wanted = {norm(x) for x in iv.names} - {""}
    exact = [n for n in here if wanted & {norm(x) for x in n.labels}]
    if exact:
        return exact
    return [
        n
        for n in here
        if any(contains_words(a, b) or contains_words(b, a) for a in n.labels for b in iv.names)
    ]


@dataclass
class Mapping:
    """Registry interventions joined to nodes: the input of every scorer below."""

    # descriptor id -> term, for the descriptors of the set
    terms: dict[str, str] = field(default_factory=dict)
    # (intervention, its descriptors, its nodes' iris)
    rows: list[tuple[Intervention, frozenset[str], frozenset[str]]] = field(default_factory=list)


def _names_term(node: Node, term: str) -> bool:
    return any(contains_words(label, term) or similar(term, label) for label in node.labels)


def build_mapping(studies: Iterable[Study], nodes: list[Node]) -> Mapping:
    by_trial: dict[str, list[Node]] = {}
    for n in nodes:
        for t in n.trials:
            by_trial.setdefault(t, []).append(n)
    out = Mapping()
    for study in studies:
        out.terms.update(study.meshes)
        for iv, ds in align(study).items():
            found = nodes_of(iv, by_trial.get(study.nct, []))
            named = [n for n in found if any(_names_term(n, out.terms[d]) for d in ds)]
            # A regimen written as one intervention became one node per component: the
            # descriptor's node is the component named by its term.
            iris = frozenset(n.iri for n in (named if len(found) > 1 and named else found))
            out.rows.append((iv, frozenset(ds), iris))
    return out


# ----------------------------------------------------------------- scorers


def fragmentation(m: Mapping, names: dict[str, str], examples: int = 10) -> dict[str, Any]:
    """Nodes per real entity over the descriptors aligned to exactly-one-descriptor
    interventions that reached at least one node."""
    per: dict[str, set[str]] = {}
    aligned: set[str] = set()
    combos = 0
    for _iv, ds, iris in m.rows:
        if len(ds) > 1:
            combos += 1
            continue
        for d in ds:
            aligned.add(d)
            if iris:
                per.setdefault(d, set()).update(iris)
    counts = [len(v) for v in per.values()]
    split = sorted(per.items(), key=lambda kv: (-len(kv[1]), m.terms.get(kv[0], kv[0])))
    return {
        "descriptors": len(aligned),
        "descriptors_with_node": len(per),
        "descriptors_without_node": len(aligned - set(per)),
        "multi_descriptor_interventions": combos,
        "nodes_per_entity": round(sum(counts) / len(counts), 4) if counts else None,
        "split_share": round(sum(c > 1 for c in counts) / len(counts), 4) if counts else None,
        "split": sum(c > 1 for c in counts),
        "worst": [
            {"mesh": d, "term": m.terms.get(d, d), "nodes": sorted(names.get(i, i) for i in v)}
            for d, v in split[:examples]
            if len(v) > 1
        ],
    }


def wrong_merges(m: Mapping, names: dict[str, str], examples: int = 10) -> dict[str, Any]:
    """Nodes carrying interventions aligned to two or more different descriptors."""
    per: dict[str, set[str]] = {}
    for _iv, ds, iris in m.rows:
        if len(ds) != 1:
            continue
        for i in iris:
            per.setdefault(i, set()).update(ds)
    wrong = sorted((i for i, ds in per.items() if len(ds) > 1), key=lambda i: names.get(i, i))
    return {
        "nodes_with_descriptor": len(per),
        "wrong": len(wrong),
        "examples": [
            {"node": names.get(i, i), "terms": sorted(m.terms.get(d, d) for d in per[i])}
            for i in wrong[:examples]
        ],
    }


# Procedures that are treatments, a modality of their own in the landscape (and in the seed
# vocabulary): a stem-cell transplant or radiotherapy registered as PROCEDURE is a therapy.
TREATMENT_PROCEDURE = re.compile(r"\btransplant|\bradiotherapy\b|\bradiation therapy\b")


def _treatment(name: str) -> bool:
    return bool(TREATMENT_PROCEDURE.search(norm(name)))


def non_therapies(m: Mapping, nodes: list[Node], examples: int = 10) -> dict[str, Any]:
    """Therapy nodes that are placeholders by name or non-therapies by intervention type."""
    types: dict[str, set[str | None]] = {}
    for iv, _ds, iris in m.rows:
        for i in iris:
            types.setdefault(i, set()).add(iv.type)
    flagged: list[tuple[str, str]] = []
    for n in nodes:
        seen = types.get(n.iri, set())
        if is_placeholder(n.name):
            flagged.append((n.name, "placeholder name"))
        elif seen and all(t in NON_THERAPY_TYPES for t in seen) and not _treatment(n.name):
            flagged.append((n.name, "type " + "/".join(sorted(str(t) for t in seen))))
    flagged.sort(key=lambda x: x[0].casefold())
    return {
        "nodes": len(nodes),
        "non_therapies": len(flagged),
        "share": round(len(flagged) / len(nodes), 4) if nodes else None,
        "examples": [{"node": a, "why": b} for a, b in flagged[:examples]],
    }


def recall(truth: set[str], found: set[str]) -> dict[str, Any]:
    return {
        "mapped": len(truth),
        "found": len(truth & found),
        "extra": len(found - truth),
        "recall": round(len(truth & found) / len(truth), 4) if truth else None,
    }


def disease_trials(studies: Iterable[Study], mesh_id: str, term: str) -> set[str]:
    """Studies whose condition meshes include the descriptor (by id or term)."""
    return {s.nct for s in studies if any(i == mesh_id or t == term for i, t in s.conditions)}


def drug_trials(studies: Iterable[Study]) -> set[str]:
    """Studies with at least one drug-like intervention (DRUG_TYPES) not named like a
    placeholder: the trials a landscape of therapies can be expected to reach."""
    return {
        s.nct
        for s in studies
        if any(i.type in DRUG_TYPES and not is_placeholder(i.name) for i in s.interventions)
    }


def exact_names(
    opened: dict[str, str | None], names: dict[str, str], examples: int = 10
) -> dict[str, Any]:
    """``opened``: node iri -> the iri ``show_therapy(node name)`` opened (None: nothing)."""
    wrong = sorted((i for i, o in opened.items() if o != i), key=lambda i: names.get(i, i))
    shown = []
    for i in wrong[:examples]:
        o = opened[i]
        shown.append({"name": names.get(i, i), "opens": names.get(o, o) if o else None})
    return {"names": len(opened), "wrong": len(wrong), "examples": shown}


def code_names(m: Mapping, names: dict[str, str], examples: int = 10) -> dict[str, Any]:
    """Nodes named by a development code (``MK-3475``) while the one descriptor their
    interventions align to is a word name (``Pembrolizumab``)."""
    per: dict[str, set[str]] = {}
    for _iv, ds, iris in m.rows:
        if len(ds) == 1:
            for i in iris:
                per.setdefault(i, set()).update(ds)
    found = sorted(
        (names.get(i, i), m.terms.get(d, d))
        for i, ds in per.items()
        if len(ds) == 1 and CODE.match(names.get(i, i))
        for d in ds
        if not CODE.match(m.terms.get(d, d))
    )
    return {
        "nodes_with_descriptor": len(per),
        "code_named": len(found),
        "examples": [{"node": a, "term": b} for a, b in found[:examples]],
    }


# ----------------------------------------------------------------- store


def load_store(folders: list[Path]) -> tuple[Any, Any, float]:
    """The set loaded through the real pipeline: (store, vocabulary, seconds)."""
    from tlkg.graph.ingest.pipeline import load
    from tlkg.graph.store.oxigraph import OxigraphStore
    from tlkg.ontology.vocab import load_vocabulary

    vocab = load_vocabulary([])
    store = OxigraphStore(None)
    start = time.perf_counter()
    load(store, [p for p in folders if p.exists()], vocab, workers=1)
    return store, vocab, time.perf_counter() - start


def read_nodes(store: Any, vocab: Any) -> list[Node]:
    from tlkg.graph.services.catalog import list_therapies

    return [
        Node(t.iri, t.name, tuple(t.aliases), frozenset(t.trials))
        for t in list_therapies(store, vocab)
    ]


def open_names(store: Any, vocab: Any, nodes: list[Node]) -> dict[str, str | None]:
    from tlkg.graph.services.catalog import show_therapy

    out: dict[str, str | None] = {}
    for n in nodes:
        try:
            out[n.iri] = show_therapy(store, vocab, n.name).iri
        except LookupError:
            out[n.iri] = None
    return out


MIN_AUTO_STUDIES = 3


def natural_name(term: str) -> str:
    """A MeSH heading as a user types it: inverted parts in natural order, lower case
    ("Leukemia, Myeloid, Acute" -> "acute myeloid leukemia")."""
    parts = [x.strip() for x in term.split(",") if x.strip()]
    return " ".join(reversed(parts)).casefold()


def diseases_of(studies: list[Study]) -> dict[str, tuple[str, str]]:
    """The fixed ``DISEASES`` and, besides, every disease descriptor of the set that at
    least ``MIN_AUTO_STUDIES`` studies map to, asked by its natural-order name (the
    registry's own words, not a name chosen for the rules)."""
    from tlkg.loaders.ctgov.mesh import is_indication_term

    out = dict(DISEASES)
    known = {mesh_id for mesh_id, _ in DISEASES.values()}
    counts: dict[tuple[str, str], int] = {}
    for study in studies:
        for cond in set(study.conditions):
            counts[cond] = counts.get(cond, 0) + 1
    for (mesh_id, term), n in sorted(counts.items(), key=lambda x: (-x[1], x[0])):
        if n >= MIN_AUTO_STUDIES and mesh_id not in known and is_indication_term(mesh_id, term):
            out.setdefault(natural_name(term), (mesh_id, term))
    return out


def landscapes(
    store: Any, vocab: Any, studies: list[Study], nodes: list[Node]
) -> dict[str, dict[str, Any]]:
    from tlkg.graph.services.landscape import landscape

    trials = {n.iri: n.trials for n in nodes}
    drugs = drug_trials(studies)
    out: dict[str, dict[str, Any]] = {}
    for plain, (mesh_id, term) in diseases_of(studies).items():
        truth = disease_trials(studies, mesh_id, term)
        if not truth:
            continue
        try:
            answer = landscape(store, vocab, plain)
        except LookupError:
            out[plain] = recall(truth, set()) | {
                "term": term,
                "resolved": False,
                "drug_trials": recall(truth & drugs, set()),
            }
            continue
        found: set[str] = set()
        for group in answer.groups:
            for t in group.therapies:
                found |= set(trials.get(t.therapy.iri or "", ()))
        out[plain] = recall(truth, found) | {
            "term": term,
            "resolved": True,
            "drug_trials": recall(truth & drugs, found),
        }
    return out


def pooled(recalls: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """All diseases together: found / mapped summed over them (all studies, drug trials)."""
    out: dict[str, Any] = {}
    for key, pick in (("all", lambda x: x), ("drug_trials", lambda x: x["drug_trials"])):
        mapped = sum(pick(x)["mapped"] for x in recalls.values())
        found = sum(pick(x)["found"] for x in recalls.values())
        out[key] = {
            "mapped": mapped,
            "found": found,
            "recall": round(found / mapped, 4) if mapped else None,
        }
    out["diseases"] = len(recalls)
    return out


def evaluate(name: str, examples: int = 10) -> dict[str, Any]:
    start = time.perf_counter()
    folders = SETS[name]
    studies = read_studies(folders)
    store, vocab, load_s = load_store(folders)
    nodes = read_nodes(store, vocab)
    names = {n.iri: n.name for n in nodes}
    m = build_mapping(studies, nodes)
    report = {
        "set": name,
        "studies": len(studies),
        "studies_with_intervention_mesh": sum(bool(s.meshes) for s in studies),
        "therapy_nodes": len(nodes),
        "fragmentation": fragmentation(m, names, examples),
        "wrong_merges": wrong_merges(m, names, examples),
        "non_therapies": non_therapies(m, nodes, examples),
        "landscape_recall": (recalls := landscapes(store, vocab, studies, nodes)),
        "landscape_recall_pooled": pooled(recalls),
        "exact_names": exact_names(open_names(store, vocab, nodes), names, examples),
        "code_names": code_names(m, names, examples),
        "load_seconds": round(load_s, 2),
    }
    report["seconds"] = round(time.perf_counter() - start, 2)
    return report


# ----------------------------------------------------------------- output


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def format_report(r: dict[str, Any]) -> str:
    f, w, n, e = r["fragmentation"], r["wrong_merges"], r["non_therapies"], r["exact_names"]
    c = r["code_names"]
    lines = [
        f"set {r['set']}: {r['studies']} studies ({r['studies_with_intervention_mesh']} with "
        f"intervention MeSH), {r['therapy_nodes']} therapy nodes; "
        f"{r['seconds']} s (load {r['load_seconds']} s)",
        "",
        "| metric | value |",
        "| --- | ---: |",
        f"| nodes per real entity (goal <= 1.02) | {f['nodes_per_entity']} |",
        f"| descriptors split over > 1 node | {f['split']} / {f['descriptors_with_node']}"
        f" ({_pct(f['split_share'])}) |",
        f"| descriptors aligned but reaching no node | {f['descriptors_without_node']} |",
        f"| interventions aligned to > 1 descriptor (left out) | "
        f"{f['multi_descriptor_interventions']} |",
        f"| wrong merges (nodes with > 1 descriptor) | {w['wrong']} / "
        f"{w['nodes_with_descriptor']} |",
        f"| non-therapies listed as therapies | {n['non_therapies']} ({_pct(n['share'])}) |",
        f"| exact names opening another node (goal 0) | {e['wrong']} / {e['names']} |",
        f"| named by a code though MeSH gives a name | {c['code_named']} / "
        f"{c['nodes_with_descriptor']} |",
    ]
    for plain, x in r["landscape_recall"].items():
        d = x["drug_trials"]
        lines.append(
            f'| landscape recall "{plain}": all / drug trials | {x["found"]} / {x["mapped"]} '
            f"({_pct(x['recall'])}); {d['found']} / {d['mapped']} ({_pct(d['recall'])})"
            f"{'' if x['resolved'] else ', name not resolved'} |"
        )
    pool = r["landscape_recall_pooled"]
    lines.append(
        f"| landscape recall, {pool['diseases']} diseases pooled: all / drug trials | "
        f"{pool['all']['found']} / {pool['all']['mapped']} ({_pct(pool['all']['recall'])}); "
        f"{pool['drug_trials']['found']} / {pool['drug_trials']['mapped']} "
        f"({_pct(pool['drug_trials']['recall'])}) |"
    )
    lines += ["", "worst splits:"]
    lines += [f"  {x['term']} ({x['mesh']}): {' | '.join(x['nodes'])}" for x in f["worst"]]
    lines += ["wrong merges:"]
    lines += [f"  {x['node']}: {' | '.join(x['terms'])}" for x in w["examples"]]
    lines += ["non-therapies:"]
    lines += [f"  {x['node']} ({x['why']})" for x in n["examples"]]
    lines += ["exact names opening another node:"]
    lines += [f"  {x['name']} -> {x['opens']}" for x in e["examples"]]
    lines += ["named by a code:"]
    lines += [f"  {x['node']} (MeSH: {x['term']})" for x in c["examples"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--set", choices=tuple(SETS), default="tune")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--examples", type=int, default=10, help="examples per metric")
    args = parser.parse_args(argv)
    report = evaluate(args.set, args.examples)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
