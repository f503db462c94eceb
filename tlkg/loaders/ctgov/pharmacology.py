"""Targets and modality from the registry's MeSH pharmacological actions.

ClinicalTrials.gov indexes a study's interventions with MeSH
(``derivedSection.interventionBrowseModule``): ``meshes`` are the intervention
descriptors, ``ancestors`` the headings above them, among them MeSH pharmacological
actions ("Protein Kinase Inhibitors", "Poly(ADP-ribose) Polymerase Inhibitors"), and
``browseLeaves`` every heading met, by relevance. All of it is per study, never per
intervention, so a heading says something about one therapy only when the study leaves
no doubt which (``attributed``):

- the study has exactly one intervention descriptor and it is aligned (``ctgov.mesh``) to
  exactly one therapy; or it is aligned to none, the study has exactly one therapy, and
  the descriptor names no other intervention of the record;
- or every intervention descriptor of the study is aligned to one and the same therapy,
  and no other therapy has one.

Headings are read from ``ancestors`` (the tree above the study's own descriptors). LOW
``browseLeaves`` are not: they are also listed for words met anywhere in the record (an
exclusion criterion, a concomitant drug; "Hydroxymethylglutaryl-CoA Reductase Inhibitors"
on a study of a PPAR agonist with no descriptor at all). Only when a module gives no
``ancestors`` at all are its LOW leaves read instead, still under the same attribution.

``HEADINGS`` maps a pharmacological-action heading to the target it names (a target name
only: no identifier is made up; the vocabulary resolves the name or the target stays an
unknown one) and to a modality key. A heading whose members act on different targets
("Immune Checkpoint Inhibitors": PD-1, PD-L1 or CTLA-4; "Topoisomerase II Inhibitors":
anthracyclines and fluoroquinolone antibiotics alike) gives no target. A modality is given
only to a therapy that has none, is marked inferred, and never goes against the record: a
small-molecule class is not given to a biologic or a cell, gene or vaccine product.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tlkg.loaders.ctgov.fields import obj_list_field, str_field
from tlkg.loaders.ctgov.mesh import match_kind
from tlkg.loaders.records import EntityRef, TherapyRef
from tlkg.ontology import concepts as C
from tlkg.ontology.ids import normalise_name, slugify
from tlkg.ontology.vocab import Vocabulary


@dataclass(frozen=True)
class Heading:
    """What a MeSH pharmacological-action heading says of a drug indexed under it."""

    target: str | None = None
    modality: str | None = None
    # A modality that only holds for the cancer drugs of the heading: given only when
    # the study's headings include "Antineoplastic Agents" ("Tubulin Modulators" also
    # holds colchicine, a gout drug).
    antineoplastic_only: bool = False


# Real MeSH pharmacological-action descriptors, as ClinicalTrials.gov writes them.
HEADINGS: dict[str, Heading] = {
    # One named target.
    "Poly(ADP-ribose) Polymerase Inhibitors": Heading(target="PARP"),
    "Phosphodiesterase 5 Inhibitors": Heading(target="PDE5"),
    "Hydroxymethylglutaryl-CoA Reductase Inhibitors": Heading(target="HMG-CoA reductase"),
    "Cyclooxygenase 2 Inhibitors": Heading(target="COX-2"),
    "Aromatase Inhibitors": Heading(target="aromatase"),
    "Topoisomerase I Inhibitors": Heading(
        target="topoisomerase I", modality=C.CHEMOTHERAPY, antineoplastic_only=True
    ),
    "Histone Deacetylase Inhibitors": Heading(target="HDAC"),
    "Dipeptidyl-Peptidase IV Inhibitors": Heading(target="DPP-4"),
    "Sodium-Glucose Transporter 2 Inhibitors": Heading(target="SGLT2"),
    "Janus Kinase Inhibitors": Heading(target="JAK", modality=C.KINASE_INHIBITOR),
    "Angiotensin-Converting Enzyme Inhibitors": Heading(target="ACE"),
    "Angiotensin II Type 1 Receptor Blockers": Heading(target="angiotensin II type 1 receptor"),
    "Tumor Necrosis Factor Inhibitors": Heading(target="TNF"),
    "Glucagon-Like Peptide-1 Receptor Agonists": Heading(target="GLP-1 receptor"),
    "Estrogen Receptor Antagonists": Heading(target="estrogen receptor"),
    "Selective Estrogen Receptor Modulators": Heading(target="estrogen receptor"),
    "Androgen Receptor Antagonists": Heading(target="androgen receptor"),
    "Mineralocorticoid Receptor Antagonists": Heading(target="mineralocorticoid receptor"),
    "Calcineurin Inhibitors": Heading(target="calcineurin"),
    "Proteasome Inhibitors": Heading(target="proteasome", modality=C.PROTEASOME_INHIBITOR),
    "Factor Xa Inhibitors": Heading(target="factor Xa"),
    "Proton Pump Inhibitors": Heading(target="H+/K+ ATPase"),
    "HIV Integrase Inhibitors": Heading(target="HIV integrase"),
    "HIV Protease Inhibitors": Heading(target="HIV protease"),
    # A class of drugs, no single target.
    "Protein Kinase Inhibitors": Heading(modality=C.KINASE_INHIBITOR),
    "Antimetabolites, Antineoplastic": Heading(modality=C.CHEMOTHERAPY),
    "Antineoplastic Agents, Alkylating": Heading(modality=C.CHEMOTHERAPY),
    "Tubulin Modulators": Heading(modality=C.CHEMOTHERAPY, antineoplastic_only=True),
    "Glucocorticoids": Heading(modality=C.CORTICOSTEROID),
    "Adrenal Cortex Hormones": Heading(modality=C.CORTICOSTEROID),
}
_BY_TERM = {normalise_name(term): heading for term, heading in HEADINGS.items()}
_ANTINEOPLASTIC = normalise_name("Antineoplastic Agents")

# Intervention descriptors that are themselves a class: the one product indexed under it
# is of that modality ("Antibodies, Monoclonal" for an antibody MeSH has no entry for).
DESCRIPTOR_MODALITY: dict[str, str] = {
    "Antibodies, Monoclonal": C.MONOCLONAL_ANTIBODY,
    "Antibodies, Monoclonal, Humanized": C.MONOCLONAL_ANTIBODY,
}
_DESCRIPTOR_MODALITY = {normalise_name(t): m for t, m in DESCRIPTOR_MODALITY.items()}

# Modalities of small molecules, which a biologic or a cell, gene or vaccine product is
# never given; and the words of a name that say it is one of those.
_SMALL = frozenset({C.KINASE_INHIBITOR, C.CHEMOTHERAPY, C.PROTEASOME_INHIBITOR, C.CORTICOSTEROID})
_BIOLOGIC_TYPES = frozenset({"BIOLOGICAL", "GENETIC"})
_NOT_A_PRODUCT_OF_CHEMISTRY = re.compile(
    r"\b(?:cells?|CAR|vaccines?|virus|viral|vectors?|plasmid|gene|transplant\w*)\b", re.I
)
_ANTIBODY_WORDS = re.compile(r"\b(?:antibod(?:y|ies)|mAb)\b|mab\b", re.I)
# Therapies of these kinds are not what pharmacological actions describe.
_NOT_INDEXED = frozenset({C.STEM_CELL_TRANSPLANT, C.RADIOTHERAPY})


@dataclass(frozen=True)
class Browse:
    """A study's intervention indexing: (id, term) descriptors and the heading terms."""

    meshes: tuple[tuple[str, str], ...]
    headings: tuple[str, ...]


def read_browse(study: Mapping[str, Any], meshes: Sequence[tuple[str, str]]) -> Browse:
    """The headings of ``derivedSection.interventionBrowseModule``: its ``ancestors``, or,
    when it lists none, its LOW ``browseLeaves`` (see the module doc)."""
    W = "derivedSection.interventionBrowseModule"
    derived = study.get("derivedSection")
    browse = derived.get("interventionBrowseModule") if isinstance(derived, dict) else None
    if not isinstance(browse, dict):
        return Browse(tuple(meshes), ())
    terms: list[str] = []
    if "ancestors" in browse:
        for i, raw in enumerate(obj_list_field(browse, "ancestors", W)):
            term = str_field(raw, "term", f"{W}.ancestors[{i}]")
            terms += [term] if term else []
    else:
        for i, raw in enumerate(obj_list_field(browse, "browseLeaves", W)):
            here = f"{W}.browseLeaves[{i}]"
            name = str_field(raw, "name", here)
            relevance = (str_field(raw, "relevance", here) or "").upper()
            terms += [name] if name and relevance == "LOW" else []
    return Browse(tuple(meshes), tuple(terms))


def attributed(
    therapies: Sequence[TherapyRef], meshes: Sequence[tuple[str, str]], names: Sequence[str]
) -> TherapyRef | None:
    """The one therapy the study's intervention indexing can only be about, or ``None``
    (the rule in the module doc). ``names``: every intervention name and other name of the
    record, to check that an unaligned descriptor names no other intervention."""
    ids = {mesh_id for mesh_id, _ in meshes}
    if not ids:
        return None
    aligned = [t for t in therapies if ids & set(t.mesh_ids)]
    if len(aligned) == 1 and ids <= set(aligned[0].mesh_ids):
        return aligned[0]
    if aligned or len(meshes) != 1 or len(therapies) != 1:
        return None
    only = therapies[0]
    own = {normalise_name(n) for n in [only.name, *only.aliases, *only.hidden_labels]}
    others = [n for n in names if normalise_name(n) not in own]
    term = meshes[0][1]
    if any(match_kind(term, [n]) for n in others):
        return None  # the descriptor names another intervention (a non-therapy)
    return only


def _compatible(modality: str, therapy: TherapyRef) -> bool:
    """Whether ``modality`` goes against nothing the record says of the therapy."""
    if therapy.category != "product":
        return False
    names = [therapy.name, *therapy.aliases]
    if any(_NOT_A_PRODUCT_OF_CHEMISTRY.search(n) for n in names):
        return False
    if modality in _SMALL:
        if (therapy.intervention_type or "").upper() in _BIOLOGIC_TYPES:
            return False
        return not any(_ANTIBODY_WORDS.search(n) for n in names)
    return True


def heading_facts(browse: Browse) -> tuple[list[str], str | None]:
    """The target names the study's headings give, and the modality: the one its class
    descriptor gives ("Antibodies, Monoclonal"), else the one its headings agree on
    (headings that give two modalities give none)."""
    norms = [normalise_name(h) for h in browse.headings]
    antineoplastic = any(n.startswith(_ANTINEOPLASTIC) for n in norms)
    targets: list[str] = []
    modalities: set[str] = set()
    for norm in norms:
        heading = _BY_TERM.get(norm)
        if heading is None:
            continue
        if heading.target and heading.target not in targets:
            targets.append(heading.target)
        if heading.modality and (antineoplastic or not heading.antineoplastic_only):
            modalities.add(heading.modality)
    modality = next(iter(modalities)) if len(modalities) == 1 else None
    if len(browse.meshes) == 1:
        modality = _DESCRIPTOR_MODALITY.get(normalise_name(browse.meshes[0][1]), modality)
    return targets, modality


def apply_headings(
    therapies: Sequence[TherapyRef],
    browse: Browse,
    names: Sequence[str],
    vocab: Vocabulary,
) -> None:
    """Give the one therapy the study's indexing is about (``attributed``) the targets
    and the modality of its pharmacological actions, where it has none of its own and
    its vocabulary entry gives no targets."""
    therapy = attributed(therapies, browse.meshes, names)
    if therapy is None or therapy.modality in _NOT_INDEXED:
        return  # a transplant or radiotherapy is not what a drug's heading describes
    targets, modality = heading_facts(browse)
    entry = vocab.get("therapy", therapy.key) if therapy.known else None
    if targets and not therapy.targets and not (entry and entry.targets):
        therapy.targets = [target_ref(name, vocab) for name in targets]
    if modality and therapy.modality is None and _compatible(modality, therapy):
        therapy.modality, therapy.modality_inferred = modality, True


def target_ref(name: str, vocab: Vocabulary) -> EntityRef:
    """A target name as a reference: the vocabulary's entry, else an unknown target."""
    entry = vocab.resolve("target", name)
    if entry:
        return EntityRef(kind="target", key=entry.key, name=entry.name)
    return EntityRef(kind="target", key=slugify(name), name=name, known=False)


# The molecule a heading's drugs act on, as a text says it before a class word
# ("histone deacetylase inhibitor", "mineralocorticoid receptor antagonist"): the
# heading without its last word, with the target it names.
_ACTION_WORDS = re.compile(r"\s+(?:Inhibitors|Antagonists|Agonists|Blockers|Modulators)$")
LONG_NAMES: dict[str, str] = {
    normalise_name(_ACTION_WORDS.sub("", term)): heading.target
    for term, heading in HEADINGS.items()
    if heading.target and _ACTION_WORDS.search(term)
}
