"""A study's arms and interventions -> therapies and arms: intervention names cleaned to
product names, classified (product, placebo, standard of care, ...) and resolved against
the vocabulary.

A combination written "A + B" gives one therapy per component; an arm's therapies are
those of the interventions it names or that name it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

from tlkg.loaders.ctgov.fields import str_field, str_list_field
from tlkg.loaders.records import Arm, ArmRole, InterventionCategory, TherapyRef
from tlkg.loaders.text.naming import (
    THERAPY_TYPES,
    Category,
    classify_intervention,
    guess_modality,
    is_code_name,
    is_descriptive_programme,
)
from tlkg.ontology.concepts import ARM_ROLES, enum_key
from tlkg.ontology.ids import normalise_name, slugify
from tlkg.ontology.vocab import Entry, Vocabulary

# ---- intervention names -----------------------------------------------------------------

# Each pattern that starts with a run of separators only starts where the run does
# ((?<!...)): otherwise a long run (a hostile name of 20,000 spaces) costs quadratic time.
_PARENS = re.compile(r"(?<!\s)\s*[(\[（]([^()\[\]（）]*)[)\]）]")
_MARKS = re.compile(r"[®™©]|(?<=[a-z])TM\b")
_DOSE = re.compile(
    r"(?<![\s_,-])[\s_,-]+\d+(?:[.,]\d+)?\s*"
    r"(?:mg|mcg|µg|μg|ug|ng|g|kg|ml|iu|units?|u|mmol|%|x\s?10)"
    r"(?![A-Za-z]).*$",
    re.I,
)
_FORMULATION = re.compile(
    r"(?<![\s_,-])[\s_,-]+(?:dose[- ]escalation|dose[- ]expansion|"
    r"(?:higher|lower|high|low)[- ]dose|"
    r"formulation(?:\s+\w+)?|injectable suspension|for injection|"
    r"(?:ophthalmic|oral|topical) (?:solution|suspension)|tablets?|capsules?)$",
    re.I,
)
_COMBINATION = re.compile(r"(?<!\s)\s+\+\s+|(?<!\s)\s*，\s*")
_LIST_LIKE = re.compile(r"[,;/，]|\band\b|\.\s")
_LIST_SPLIT = re.compile(r"[,;/()，]|\band\b|\.\s")
# Words that mark an OTHER / DIETARY_SUPPLEMENT / untyped intervention as care, behaviour
# or a procedure rather than a product (naming.classify_intervention calls them products).
_NOT_A_PRODUCT = re.compile(
    r"\b(?:exercise|training|education\w*|psycho\w*|program(?:me)?s?|intervention|sessions?|"
    r"counsel\w*|modification|removal|booklet|coach\w*|virtual reality|photograph\w*|review|"
    r"collection|identification|recruitment|walk|\w*habilitation|osteopath\w*|diet|yoga|"
    r"massage|mutation|support|transplant\w*|HSCT|PBSCT|surgery|surgical|dressing|care|"
    r"caries|pulp|strength|music|mindfulness|acupuncture|app|sleep|radiation|radiotherapy|"
    r"irradiation|tests?|questionnaires?|interviews?)\b",
    re.I,
)
# otherNames that describe a study arm or blinding rather than name the product.
_NOT_AN_ALIAS = re.compile(
    r"\b(?:arms?|groups?|cohorts?|placebo|blinded|unblinded|open[- ]label|treatment)\b", re.I
)


@lru_cache(maxsize=65536)
def clean_intervention_name(name: str) -> str:
    """The product name inside a registry intervention name: trademark signs,
    parentheses, trailing dose and formulation words removed ("K-877 0.2 mg/day (once
    daily)" -> "K-877"); the name itself if nothing would be left."""
    text = _MARKS.sub("", name)
    text = _PARENS.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _DOSE.sub("", text)
        text = _FORMULATION.sub("", text)
        text = text.strip(" \t-_,;:.")
    text = re.sub(r"\s+", " ", text)
    return text or _MARKS.sub("", name).strip()


def _parenthetical(name: str) -> list[str]:
    items: list[str] = []
    for group in _PARENS.findall(name):
        items.extend(p.strip() for p in re.split(r"[,;]", group) if p.strip())
    return items


def _alias_forms(other: str) -> list[str]:
    """Aliases from one ``otherNames`` entry. A list ("Fludarabine, Cytarabine, ...",
    "Keytruda/MK-3475") may name several drugs, so only its code names are kept."""
    cleaned = clean_intervention_name(other)
    if _LIST_LIKE.search(cleaned):
        parts = (p.strip(" .") for p in _LIST_SPLIT.split(_MARKS.sub("", other)))
        return [p for p in parts if p and is_code_name(p)]
    return [cleaned] if cleaned and not _NOT_AN_ALIAS.search(cleaned) else []


# ---- interventions and therapies --------------------------------------------------------


@dataclass
class Intervention:
    """One registry intervention as the arms see it: its name, the arm labels it names,
    the therapy keys it gave and whether it is a placebo or standard of care."""

    itype: str | None
    name: str
    arm_labels: list[str]
    therapy_keys: list[str] = field(default_factory=list)
    placebo: bool = False
    standard_of_care: bool = False


def _resolve_therapy(name: str, others: list[str], vocab: Vocabulary) -> Entry | None:
    cleaned = clean_intervention_name(name)
    candidates = [name, *others, cleaned]
    if "/" in cleaned:
        candidates.append(cleaned.split("/", 1)[0])
    candidates += _parenthetical(name)
    for other in others:
        candidates += _alias_forms(other)
    for candidate in candidates:
        entry = vocab.resolve("therapy", candidate) if candidate.strip() else None
        if entry:
            return entry
    return None


def _guess(name: str, others: list[str], description: str | None, itype: str | None) -> str | None:
    """Modality guess from the name, then the other names; the description only when the
    name is a bare code name (descriptions of known drugs mention other drugs and cells)."""
    texts = [name, *others]
    if description and is_code_name(clean_intervention_name(name)):
        texts.append(description)
    for text in texts:
        modality = guess_modality(text, itype)
        if modality:
            return modality
    return None


def _therapy(
    name: str,
    itype: str | None,
    category: InterventionCategory,
    others: list[str],
    description: str | None,
    sponsor: str,
    vocab: Vocabulary,
) -> TherapyRef:
    entry = _resolve_therapy(name, others, vocab)
    aliases: list[str] = []
    for other in others:
        aliases += _alias_forms(other)
    aliases += [p for p in _parenthetical(name) if is_code_name(p)]
    if entry:
        key, display = entry.key, entry.name
        known_names = {normalise_name(n) for n in entry.all_names}
    else:
        display = clean_intervention_name(name)
        key = slugify(display)
        if category == "product" and is_descriptive_programme(display):
            key = slugify(f"{display} {sponsor}")
            display = f"{display} ({sponsor})"
        known_names = {normalise_name(display), normalise_name(name)}
    modality = entry.modality if entry else None
    inferred = False
    if modality is None and category == "product":
        modality = _guess(name, others, description, itype)
        inferred = modality is not None
    unique: list[str] = []
    for alias in aliases:
        norm = normalise_name(alias)
        if norm and norm not in known_names:
            known_names.add(norm)
            unique.append(alias)
    return TherapyRef(
        key=key,
        name=display,
        known=entry is not None,
        aliases=unique,
        modality=modality,
        modality_inferred=inferred,
        category=category,
        intervention_type=itype,
    )


def _is_therapy(
    category: str, itype: str | None, name: str, others: list[str], vocab: Vocabulary
) -> bool:
    if category in ("placebo", "standard_of_care"):
        return False
    if itype in THERAPY_TYPES:
        return True
    if category != "product":
        return False
    if _resolve_therapy(name, others, vocab):
        return True
    return not _NOT_A_PRODUCT.search(name)


def _category(name: str, itype: str | None) -> Category:
    """``classify_intervention`` of the name, and of its cleaned form when the name as
    written looks like a product ("Chemotherapy (Gemcitabine + Carboplatin)" is generic)."""
    category = classify_intervention(name, itype)
    cleaned = clean_intervention_name(name)
    if category == "product" and cleaned != name:
        category = classify_intervention(cleaned, itype)
    return category


def map_interventions(
    raws: list[dict[str, Any]], where: str, sponsor: str, vocab: Vocabulary
) -> tuple[list[Intervention], list[TherapyRef]]:
    """Interventions (for the arms) and the therapies among them, one per key. A
    combination written "A + B" gives one therapy per component."""
    interventions: list[Intervention] = []
    therapies: dict[str, TherapyRef] = {}
    for i, raw in enumerate(raws):
        here = f"{where}[{i}]"
        name = str_field(raw, "name", here)
        itype_raw = str_field(raw, "type", here)
        itype = itype_raw.upper() if itype_raw else None
        others = str_list_field(raw, "otherNames", here)
        description = str_field(raw, "description", here)
        labels = str_list_field(raw, "armGroupLabels", here)
        if not name:
            continue
        iv = Intervention(itype=itype, name=name, arm_labels=labels)
        interventions.append(iv)
        parts = [p.strip() for p in _COMBINATION.split(clean_intervention_name(name))]
        parts = [p for p in parts if p]
        components = [(name, others, description)]
        if len(parts) > 1 and not vocab.resolve("therapy", name):
            components = [(part, [], None) for part in parts]
        for part, part_others, part_description in components:
            category = _category(part, itype)
            if category == "placebo":
                iv.placebo = True
                continue
            if category == "standard_of_care":
                iv.standard_of_care = True
                continue
            if not _is_therapy(category, itype, part, part_others, vocab):
                continue
            ref = _therapy(part, itype, category, part_others, part_description, sponsor, vocab)
            if ref.key not in iv.therapy_keys:
                iv.therapy_keys.append(ref.key)
            _merge(therapies, ref)
    return interventions, list(therapies.values())


def _merge(therapies: dict[str, TherapyRef], ref: TherapyRef) -> None:
    have = therapies.get(ref.key)
    if have is None:
        therapies[ref.key] = ref
        return
    have.aliases += [a for a in ref.aliases if a not in have.aliases]
    if ref.category == "product":
        have.category = "product"
    if have.modality is None and ref.modality:
        have.modality, have.modality_inferred = ref.modality, ref.modality_inferred


# ---- arms ---------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _arm_role(value: str | None) -> ArmRole | None:
    if not value:
        return None
    key = enum_key(value)
    return cast(ArmRole, key) if key in ARM_ROLES else None


def map_arms(
    arm_groups: list[dict[str, Any]], interventions: list[Intervention], where: str
) -> list[Arm]:
    """One ``Arm`` per arm group, with the therapies of the interventions that name its
    label or that it names (as "Type: Name" or just "Name")."""
    by_label: dict[str, set[int]] = {}
    by_typed: dict[str, set[int]] = {}
    by_name: dict[str, set[int]] = {}
    for idx, iv in enumerate(interventions):
        for label in iv.arm_labels:
            by_label.setdefault(_norm(label), set()).add(idx)
        type_word = (iv.itype or "").replace("_", " ")
        by_typed.setdefault(_norm(f"{type_word}: {iv.name}"), set()).add(idx)
        by_name.setdefault(_norm(iv.name), set()).add(idx)
    arms = []
    for i, group in enumerate(arm_groups):
        here = f"{where}[{i}]"
        label = str_field(group, "label", here) or f"Arm {i + 1}"
        members = set(by_label.get(_norm(label), set()))
        for ref in str_list_field(group, "interventionNames", here):
            hit = by_typed.get(_norm(ref))
            if hit is None and ":" in ref:
                hit = by_name.get(_norm(ref.split(":", 1)[1]))
            if hit is None:
                hit = by_name.get(_norm(ref))
            members |= hit or set()
        keys: list[str] = []
        for idx in sorted(members):
            keys += [k for k in interventions[idx].therapy_keys if k not in keys]
        arms.append(
            Arm(
                label=label,
                role=_arm_role(str_field(group, "type", here)),
                therapy_keys=keys,
                has_placebo=any(interventions[k].placebo for k in members),
                has_standard_of_care=any(interventions[k].standard_of_care for k in members),
            )
        )
    return arms
