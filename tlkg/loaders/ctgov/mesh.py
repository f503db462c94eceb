"""The registry's MeSH indexing of a study, aligned to what the study names.

ClinicalTrials.gov indexes each study (``derivedSection.interventionBrowseModule`` and
``conditionBrowseModule``): a list of MeSH descriptors (``D…``) and supplementary
concepts (``C…``), per study, not per intervention or condition. This module decides
which of them describe which therapy, and which may become indications at all.

Alignment rule (conservative: no match, no id):

- names are compared normalised (``normalise_name``; a MeSH "inverted" heading such as
  "Leukemia, Myeloid, Acute" is also read as "Acute Myeloid Leukemia");
- a MeSH term matches a name *exactly* when the normalised forms are equal, and is
  *contained* when one is a whole-word part of the other ("Gemtuzumab" in "gemtuzumab
  ozogamicin", "Daunorubicin" in "liposomal daunorubicin": MeSH indexes a product by
  its active ingredient);
- a therapy's names are its name, its aliases (the intervention's ``otherNames``) and,
  for a therapy the vocabulary knows, the vocabulary's names;
- containment allows at most two more words and none that joins products ("and",
  "with", "plus", "of" …: "cefepime and nacubactam" is not Cefepime), and a heading
  ending in a plural, a class ("Antibodies", "Antibodies, Monoclonal", "Vaccines"), is
  never matched by containment;
- a MeSH id goes to every therapy it matches exactly; failing that, to the single
  therapy that contains it (or that it contains): a term contained in two therapies
  goes to neither. A therapy with an exact match keeps only its exact matches
  ("dexamethasone" is Dexamethasone, not also Dexamethasone acetate);
- a descriptor that names no therapy by these rules goes to the one therapy of the study
  that has no descriptor and whose name is an old or variant spelling of the term
  ("Cisplatinum" for Cisplatin): one word each, the same first four letters, spelled
  within a similarity ratio of 0.85 (``difflib``), and no other therapy so spelled. The
  registry says the study gives that ingredient; the spelling only says which name is it
  (names are never merged on likeness alone);
- legacy XML gives terms without ids: a term then gives no id (nothing is looked up).

Condition descriptors outside the disease branches (``NON_DISEASE``: "Acute Disease",
"Recurrence", "Syndrome", the "Disease Attributes" and "Pathologic Processes" headings,
"Neoplasms by Histologic Type" …) never become indications (``is_indication_term``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher

from tlkg.loaders.records import TherapyRef
from tlkg.ontology.ids import normalise_name
from tlkg.ontology.vocab import normalise_mesh

# MeSH descriptors that describe a disease's course, a general process or an organising
# heading rather than a disease (C23 "Disease Attributes" and "Pathologic Processes",
# grouping headings of C04, and non-disease trees that registry indexing brings in).
NON_DISEASE: dict[str, str] = {
    "D000208": "Acute Disease",
    "D002908": "Chronic Disease",
    "D012008": "Recurrence",
    "D018450": "Disease Progression",
    "D013577": "Syndrome",
    "D020969": "Disease Attributes",
    "D010335": "Pathologic Processes",
    "D013568": "Pathological Conditions, Signs and Symptoms",
    "D004194": "Disease",
    "D009370": "Neoplasms by Histologic Type",
    "D009371": "Neoplasms by Site",
    "D009385": "Neoplastic Processes",
    "D035583": "Rare Diseases",
    "D016638": "Critical Illness",
    "D002385": "Catastrophic Illness",
    "D003295": "Convalescence",
    "D004630": "Emergencies",
    "D007049": "Iatrogenic Disease",
    "D004198": "Disease Susceptibility",
    "D058070": "Asymptomatic Diseases",
    "D017180": "Remission Induction",
    "D012074": "Remission, Spontaneous",
    "D053842": "Microsatellite Instability",
    "D005355": "Fibrosis",
    "D012598": "Sclerosis",
    "D014456": "Ulcer",
    "D004487": "Edema",
    "D007249": "Inflammation",
    "D009336": "Necrosis",
}
_NON_DISEASE_TERMS = frozenset(normalise_name(t) for t in NON_DISEASE.values())
_WORD = re.compile(r"[a-z0-9]+")
# Containment: at most two words more, and none that joins two products.
_MAX_EXTRA = 2
_SPELLING_RATIO = 0.85
_JOINERS = frozenset({"and", "with", "plus", "or", "of", "versus", "vs", "followed", "then"})


def is_indication_term(mesh_id: str | None, term: str | None) -> bool:
    """Whether a condition descriptor may become an indication: not one of
    ``NON_DISEASE`` (by id when given, else by term)."""
    if mesh_id:
        return normalise_mesh(mesh_id) not in NON_DISEASE
    return not term or normalise_name(term) not in _NON_DISEASE_TERMS


def term_forms(term: str) -> set[str]:
    """A MeSH term normalised as written and, for an inverted heading, in natural order
    ("Leukemia, Myeloid, Acute" -> "acute myeloid leukemia")."""
    forms = {normalise_name(term)}
    parts = [p.strip() for p in term.split(",") if p.strip()]
    if len(parts) > 1:
        forms.add(normalise_name(" ".join(reversed(parts))))
    return forms


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text))


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    if not n or n >= len(longer) or len(longer) - n > _MAX_EXTRA or _JOINERS & set(longer):
        return False
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def match_kind(term: str, names: Iterable[str]) -> int:
    """2 when ``term`` names one of ``names`` exactly, 1 when one contains the other as
    whole words (never for a heading ending in a plural, a class), 0 otherwise."""
    forms = term_forms(term)
    norms = [normalise_name(n) for n in names if n]
    if any(n in forms for n in norms):
        return 2
    term_words = [_words(f) for f in forms]
    if any(w and w[-1].endswith("s") for w in term_words):  # a class: "Antibodies"
        return 0
    for n in norms:
        words = _words(n)
        if any(_contains(words, tw) or _contains(tw, words) for tw in term_words):
            return 1
    return 0


def variant_spelling(term: str, name: str) -> bool:
    """``name`` is one word spelled like the one-word ``term`` ("Cisplatinum" and
    "Cisplatin"): not equal, the same first four letters, a similarity ratio of 0.85."""
    t, n = normalise_name(term), normalise_name(name)
    if t == n or len(t) < 5 or len(n) < 5 or not (t.isalpha() and n.isalpha()):
        return False
    return t[:4] == n[:4] and SequenceMatcher(None, t, n).ratio() >= _SPELLING_RATIO


def _by_spelling(
    therapies: Sequence[TherapyRef], term: str, found: dict[int, dict[str, int]]
) -> int | None:
    """The one therapy without a descriptor named by a variant spelling of ``term``."""
    hits = [
        n
        for n, t in enumerate(therapies)
        if not found[n] and not t.mesh_ids and variant_spelling(term, t.name)
    ]
    return hits[0] if len(hits) == 1 else None


def drop_partner_aliases(
    therapy: TherapyRef, meshes: Sequence[tuple[str, str]], own_names: Iterable[str] = ()
) -> None:
    """Drop the other names that name another product of the study's indexing: an other
    name naming a descriptor that the therapy's own names do not name, when the therapy's
    own names name a descriptor, or when its other names name two or more descriptors
    (they list a regimen's drugs: "Ivonescimab Injection", other names "Oxaliplatin",
    "Leucovorin", "5-Fluorouracil"). MeSH indexes a product under its ingredient, so one
    product's names name one descriptor; an other name that names one more is a partner
    drug, and as an alias it would carry that drug's descriptor (and clique) to this one."""
    if not therapy.aliases:
        return
    own = {i for i, t in meshes if match_kind(t, [therapy.name, *own_names])}
    named = {a: {i for i, t in meshes if match_kind(t, [a])} - own for a in therapy.aliases}
    others = set().union(*named.values())
    if others and (own or len(others) >= 2):
        therapy.aliases = [a for a in therapy.aliases if not named[a]]


def align_interventions(
    therapies: Sequence[TherapyRef],
    meshes: Iterable[tuple[str, str]],
    names_of: dict[str, list[str]] | None = None,
) -> None:
    """Give each therapy the MeSH ids (``mesh_ids``) that name it, by the rule of this
    module. ``meshes``: (normalised id, term) pairs; ``names_of``: extra names per therapy
    key (the vocabulary's)."""
    extra = names_of or {}
    meshes = [(i, t) for i, t in meshes if i and t]
    for therapy in therapies:
        drop_partner_aliases(therapy, meshes, extra.get(therapy.key, []))
    found: dict[int, dict[str, int]] = {n: {} for n in range(len(therapies))}  # id -> kind
    unmatched: list[tuple[str, str]] = []
    for mesh_id, term in meshes:
        kinds = [match_kind(term, [t.name, *t.aliases, *extra.get(t.key, [])]) for t in therapies]
        exact = [n for n, k in enumerate(kinds) if k == 2]
        contained = [n for n, k in enumerate(kinds) if k == 1]
        hits = exact or (contained if len(contained) == 1 else [])
        for n in hits:
            found[n].setdefault(mesh_id, kinds[n])
        if not exact and not contained:
            unmatched.append((mesh_id, term))
    # After every name match, so that a spelling never takes a therapy a name would give.
    for mesh_id, term in unmatched:
        spelled = _by_spelling(therapies, term, found)
        if spelled is not None:
            found[spelled][mesh_id] = 1
    for n, ids in found.items():
        best = max(ids.values(), default=0)  # an exact match drops contained ones
        for mesh_id, kind in ids.items():
            if kind == best and mesh_id not in therapies[n].mesh_ids:
                therapies[n].mesh_ids.append(mesh_id)


def condition_for(term: str, conditions: Iterable[str]) -> str | None:
    """The condition (as written) that a condition descriptor names exactly, if any."""
    forms = term_forms(term)
    for condition in conditions:
        if normalise_name(condition) in forms:
            return condition
    return None
