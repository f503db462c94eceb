"""A study's arms and interventions -> therapies and arms: intervention names cleaned to
product names, classified (product, placebo, standard of care, ...) and resolved against
the vocabulary.

A combination written "A + B" gives one therapy per component; an arm's therapies are
those of the interventions it names or that name it.

Registry hygiene: only products are therapies. An intervention that names a placeholder
("Regimen 1", "Arm A", "active comparator"), a treatment class ("standard chemotherapy",
"HAG regimen"), a diagnostic (sequencing, flow cytometry, blood draw) or a procedure of
care (transplant, surgery, behaviour) is kept on the record as an intervention of its
category (``InterventionNote``), never as a ``TherapyRef``. A regimen written as one
intervention ("Azacytidine, HAG Regimen", "JK500 cells, cyclophosphamide, fludarabine",
"Rifaximin with allogeneic stem cell transplant") is split into its components when they
are recognisable (vocabulary names, INN stems, code names, or non-therapies beside at
most one unknown name); each component therapy records the name it was split from.

Targets come from the registry's wording: antigens named in a CAR, bispecific or
antibody name ("CD123 CAR-T", "anti-BCMA", "CD19/CD22 bivalent", "BCMAxCD3",
"CD20-directed", "CART22", "EGFR TKI", "inhibitor of BCL-2"); CD3, the T-cell engager arm,
is never a target. The same patterns read the phrases the record's texts put beside a
therapy's name (``ctgov.appositions``); docs/registry.md describes all the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

from tlkg.loaders.ctgov.fields import str_field, str_list_field
from tlkg.loaders.records import (
    Arm,
    ArmRole,
    EntityRef,
    InterventionCategory,
    InterventionNote,
    TherapyRef,
)
from tlkg.loaders.text.naming import (
    Category,
    classify_intervention,
    guess_modality,
    is_descriptive_programme,
)
from tlkg.loaders.text.patterns import NOT_TARGET
from tlkg.ontology import concepts as C
from tlkg.ontology.concepts import ARM_ROLES, enum_key
from tlkg.ontology.ids import normalise_name, slugify
from tlkg.ontology.names import name_kind
from tlkg.ontology.stems import is_code_name, stem_modality
from tlkg.ontology.vocab import Entry, Vocabulary

# ---- intervention names -----------------------------------------------------------------

# Each pattern that starts with a run of separators only starts where the run does
# ((?<!...)): otherwise a long run (a hostile name of 20,000 spaces) costs quadratic time.
_PARENS = re.compile(r"(?<!\s)\s*[(\[（]([^()\[\]（）]*)[)\]）]")
_MARKS = re.compile(r"[®™©]|(?<=[a-z])TM\b")
# A dose, also one per ingredient of a fixed combination ("NEXThaler 100/6 mcg DPI").
_DOSE = re.compile(
    r"(?<![\s_,-])[\s_,-]+\d+(?:[.,]\d+)?(?:/\d+(?:[.,]\d+)?)*\s*"
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
_LEAD_DOSE = re.compile(
    r"^(?:\d+(?:[.,]\d+)?\s*(?:mg|mcg|µg|μg|ug|ng|g|kg|ml|iu|units?|mmol|%)(?:/\w+)?|"
    r"(?:standard|reduced|full|half|higher|lower|high|low)[- ]dose)\s+(?=[A-Za-z])",
    re.I,
)
# An arm label written before the intervention name ("Group A: CsA", "Arm 1 - X").
_LABEL_PREFIX = re.compile(
    r"^(?:arm|group|cohort|part)\s*(?:[A-Z]|\d{1,2}|[IVX]{1,4})\s*[:：–-]\s*(?=\S)", re.I
)
_TRAILING_CONNECTOR = re.compile(r"(?<=\S)\s+(?:and|with|plus|or|\+|&)$", re.I)
# Separators of a regimen written as one intervention ("X with or without Y", "X ± Y").
_REGIMEN_SPLIT = re.compile(
    r"\s*[,;，]\s*|(?<!\s)\s*±\s*|\s+(?:\+|and/or|and|(?:with\s+)?or\s+without|or|with|plus|&)\s+",
    re.I,
)
_PLUS = re.compile(r"\s\+\s|\splus\s", re.I)  # joins products only ("X + Y")
# A route word before a regimen component ("Oral X + Oral Y"): the component is X.
_LEAD_ROUTE = re.compile(r"^(?:oral|intravenous|iv|subcutaneous|sc|inhaled|intrathecal)\s+", re.I)
# "Fixed combination of BDP plus formoterol fumarate" lists ingredients too.
_LIST_LIKE = re.compile(r"[,;/，]|\b(?:and|plus)\b|\s\+\s|\.\s")
_LIST_SPLIT = re.compile(r"[,;/()，]|\b(?:and|plus)\b|\s\+\s|\.\s")
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
# otherNames that describe an arm or blinding, or name a class ("inhaled corticosteroid").
_NOT_AN_ALIAS = re.compile(
    r"\b(?:arms?|groups?|cohorts?|placebo|blinded|unblinded|open[- ]label|treatment|"
    r"(?:cortico)?steroids?|agonists?|antagonists?|inhibitors?|blockers?|agents|antibiotics?)\b",
    re.I,
)


@lru_cache(maxsize=65536)
def clean_intervention_name(name: str) -> str:
    """The product name inside a registry intervention name: trademark signs,
    parentheses, trailing dose and formulation words removed ("K-877 0.2 mg/day (once
    daily)" -> "K-877"); the name itself if nothing would be left."""
    text = _MARKS.sub("", name)
    text = _LABEL_PREFIX.sub("", text.strip())
    text = _LEAD_DOSE.sub("", text)
    text = _PARENS.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _DOSE.sub("", text)
        text = _FORMULATION.sub("", text)
        text = text.strip(" \t-_,;:.")
        text = _TRAILING_CONNECTOR.sub("", text)
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
    not_therapies: list[InterventionNote] = field(default_factory=list)


def _resolve_therapy(name: str, others: list[str], vocab: Vocabulary) -> Entry | None:
    """The vocabulary entry of an intervention: by its name, else by its other names
    unless its name is an INN (an INN names its own product; an INN's other names may
    list the partner drug of a combination arm)."""
    cleaned = clean_intervention_name(name)
    candidates = [name, cleaned]
    if "/" in cleaned:
        candidates.append(cleaned.split("/", 1)[0])
    candidates += _parenthetical(name)
    if name_kind(cleaned) != "inn":
        candidates += others
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
    # A list of other names ("MECCNU,Hu,Cytarabine,busulfan") names a regimen, not this.
    texts = [name, *(o for o in others if not re.search(r"[,;，]", o))]
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
        named = vocab.resolve("therapy", alias)
        if named is not None and (entry is None or named.key != entry.key):
            continue  # a known name of a different product is not an alias of this one
        if norm and norm not in known_names:
            known_names.add(norm)
            unique.append(alias)
    shown = {normalise_name(display), *(normalise_name(a) for a in unique)}
    if entry:  # a vocabulary name already finds it
        shown |= {normalise_name(n) for n in entry.all_names}
    hidden = [name.strip()] if normalise_name(name) not in shown else []
    return TherapyRef(
        key=key,
        name=display,
        known=entry is not None,
        aliases=unique,
        hidden_labels=hidden,
        modality=modality,
        modality_inferred=inferred,
        category=category,
        intervention_type=itype,
    )


_NON_THERAPY: frozenset[str] = frozenset(
    {"placebo", "standard_of_care", "generic", "diagnostic", "procedure"}
)


def _is_therapy(category: str, name: str, others: list[str], vocab: Vocabulary) -> bool:
    """Products and supportive care are therapies; placeholders, treatment classes,
    diagnostics and procedures never are, whatever the registry's intervention type."""
    if category in _NON_THERAPY:
        return False
    if _resolve_therapy(name, others, vocab):
        return True
    return category == "supportive" or not _NOT_A_PRODUCT.search(name)


def _category(name: str, itype: str | None) -> Category:
    """``classify_intervention`` of the name, and of its cleaned form when the name as
    written looks like a product ("Chemotherapy (Gemcitabine + Carboplatin)" is generic)."""
    category = classify_intervention(name, itype)
    cleaned = clean_intervention_name(name)
    if category == "product" and cleaned != name:
        category = classify_intervention(cleaned, itype)
    return category


def _recognised(part: str, vocab: Vocabulary) -> bool:
    """A regimen component that names a drug: a vocabulary name, an INN stem or a code."""
    if vocab.resolve("therapy", part):
        return True
    words = re.split(r"[\s/-]+", part)
    return any(stem_modality(w) or is_code_name(w) for w in words) or is_code_name(part)


def _not_a_product(part: str, itype: str | None) -> bool:
    return _category(part, itype) != "product" or bool(_NOT_A_PRODUCT.search(part))


def _components(name: str, itype: str | None, vocab: Vocabulary) -> list[str]:
    """The components of a regimen written as one intervention, or ``[]`` when it is one
    thing: split only when every component is recognisable (a drug name, a name given a
    dose, or a non-therapy) but for at most one unknown name beside a non-therapy."""
    if vocab.resolve("therapy", name):
        return []
    text = _PARENS.sub("", _MARKS.sub("", name))
    raws = [p for p in _REGIMEN_SPLIT.split(text) if re.search(r"[A-Za-z]{2}", p)]
    parts = [_LEAD_ROUTE.sub("", clean_intervention_name(p)) for p in raws]
    if len(parts) < 2 or _category(name, itype) in ("diagnostic", "procedure", "placebo"):
        return []
    other = sum(_not_a_product(p, itype) for p in parts)
    # Each component given its own dose ("160 mg A and 800 mg B"): each is a drug.
    dosed = [p != raw.strip() for p, raw in zip(parts, raws, strict=True)]
    each_dosed = sum(dosed) >= 2
    known = sum(
        _recognised(p, vocab) or (each_dosed and has_dose)
        for p, has_dose in zip(parts, dosed, strict=True)
        if not _not_a_product(p, itype)
    )
    unknown = len(parts) - known - other
    if unknown == 0 and known >= 1:
        return parts
    if unknown == 1 and other >= 1:
        return parts
    # A plus sign joins products only: a short unknown name beside a known drug is one.
    if known >= 1 and _PLUS.search(text) and all(len(p.split()) <= 2 for p in parts):
        return parts
    return []


# ---- targets in the registry's wording ---------------------------------------------------

# A target symbol: "CD19", "EGFR", "BCL-2", "GLP-1", "PD-L1" (a ligand written "-L1"),
# "BCR-ABL1" (the fusion kinase), "Bcl-2" (protein case, only with a number: a capitalised
# word without one, "Menin", could be any noun). The hyphenated forms come first, or
# "anti-PD-L1" would stop at "PD"; a free "AAA-BBB" form is not one ("BCMA-CAR").
_TGT = (
    r"(?:CD\d{1,3}[a-z]?|[A-Z]{2,5}-L\d|BCR-ABL1?"
    r"|[A-Z][A-Z0-9]{1,6}(?:-\d{1,2}[A-Z]?)?|[A-Z][a-z]{2}-\d{1,2})"
)
_TGT_LIST = rf"{_TGT}(?:\s?/\s?{_TGT})*"
# Class words that say a symbol before them is what the product acts on.
_CLASS_WORD = (
    r"bivalent|bispecific|dual|tandem|targeted|targeting|directed|redirected|specific|"
    r"inhibitors?|TKIs?|(?:tyrosine\s+)?kinase\s+inhibitors?|antagonists?|blockers?|"
    r"degraders?|(?:monoclonal\s+)?antibod(?:y|ies)|mAbs?"
)
_TARGET_RES: tuple[re.Pattern[str], ...] = (
    re.compile(rf"(?<![\w-])(?i:anti)[-\s]?({_TGT_LIST})(?![\w])"),
    re.compile(
        rf"(?<![\w/-])({_TGT_LIST})[\s-]+(?:(?i:{_CLASS_WORD})\b|"
        rf"(?:CAR|STAR|TCR)(?:[\s-]?(?:T|NK))?\b|BiTE\b|(?:BB|28)?[zζ]\b)"
    ),
    re.compile(rf"(?<![\w-])({_TGT})\s?[x×]\s?CD3\b"),
    re.compile(rf"\bCD3\s?[x×]\s?({_TGT})(?![\w])"),
    # "an inhibitor of BCL-2", "a tyrosine kinase inhibitor of EGFR", "antibody against CD20"
    re.compile(
        rf"(?i:inhibitor|antagonist|blocker|degrader|antibody|TKI)s?\s+"
        rf"(?i:of|against|targeting)\s+(?:the\s+)?({_TGT})(?![\w-])"
    ),
    # "GLP-1 receptor agonist": the receptor, not its ligand, is the target.
    re.compile(
        rf"(?<![\w/-])({_TGT}[\s-]+receptor)\s+"
        rf"(?i:agonists?|antagonists?|blockers?|modulators?)\b"
    ),
)
_CAR_NUMBER = re.compile(r"\bCART?-?(\d{1,3})(?!\d)")
# Never a target: CD3 (the engager arm), words that look like symbols ("AML", "TKI", "PD"
# of "PD-L1" or progressive disease), and the drug-metabolising enzymes and transporters
# that descriptions name in drug-interaction notes ("strong CYP3A4 inhibitors").
_NOT_A_TARGET = frozenset(
    {*NOT_TARGET, "CD3", "T", "STAR", "TCR", "HLA", "ALL", "AML", "CLL", "CML", "MDS",
     "NHL", "MM", "CART", "BBZ", "TCRZ", "IL", "II", "III", "IV", "GMP", "PBMC", "HSCT",
     "TKI", "MAB", "PD", "CD3 RECEPTOR", "CYP3A", "CYP3A4", "CYP2D6", "P-GP"}
)  # fmt: skip


def _target_names(text: str) -> list[str]:
    names: list[str] = []
    for pattern in _TARGET_RES:
        for match in pattern.finditer(text):
            names += [t.strip() for t in match.group(1).split("/")]
    names += [f"CD{n}" for n in _CAR_NUMBER.findall(text)]
    return [n for n in names if n.upper() not in _NOT_A_TARGET and not is_code_name(n)]


def registry_targets(texts: list[str], vocab: Vocabulary) -> list[EntityRef]:
    """Targets named in ``texts`` (the first text that names any gives them)."""
    for text in texts:
        found: dict[str, EntityRef] = {}
        for name in _target_names(text):
            entry = vocab.resolve("target", name)
            ref = (
                EntityRef(kind="target", key=entry.key, name=entry.name)
                if entry
                else EntityRef(kind="target", key=slugify(name), name=name, known=False)
            )
            found.setdefault(ref.key, ref)
        if found:
            return list(found.values())
    return []


# ---- mapping --------------------------------------------------------------------------


@dataclass
class _Raw:
    """One registry intervention's fields."""

    name: str
    itype: str | None
    others: list[str]
    description: str | None
    labels: list[str]


def _read(raw: dict[str, Any], here: str) -> _Raw | None:
    name = str_field(raw, "name", here)
    if not name:
        return None
    itype_raw = str_field(raw, "type", here)
    return _Raw(
        name=name,
        itype=itype_raw.upper() if itype_raw else None,
        others=str_list_field(raw, "otherNames", here),
        description=str_field(raw, "description", here),
        labels=str_list_field(raw, "armGroupLabels", here),
    )


def map_interventions(
    raws: list[dict[str, Any]], where: str, sponsor: str, vocab: Vocabulary
) -> tuple[list[Intervention], list[TherapyRef]]:
    """Interventions (for the arms) and the therapies among them, one per key. A regimen
    written as one intervention gives one therapy per component (``_components``)."""
    interventions: list[Intervention] = []
    therapies: dict[str, TherapyRef] = {}
    for i, raw_dict in enumerate(raws):
        raw = _read(raw_dict, f"{where}[{i}]")
        if raw is None:
            continue
        iv = Intervention(itype=raw.itype, name=raw.name, arm_labels=raw.labels)
        interventions.append(iv)
        parts = _components(raw.name, raw.itype, vocab)
        components = [(raw.name, raw.others, raw.description)]
        if parts:
            components = [(part, [], None) for part in parts]
        for part, part_others, part_description in components:
            category = _category(part, raw.itype)
            if category == "placebo":
                iv.placebo = True
                continue
            if category == "standard_of_care":
                iv.standard_of_care = True
                continue
            if not _is_therapy(category, part, part_others, vocab):
                kind = category if category in INTERVENTION_KINDS else "procedure"
                note = InterventionNote(
                    name=clean_intervention_name(part),
                    category=cast(InterventionCategory, kind),
                    intervention_type=raw.itype,
                )
                iv.not_therapies.append(note)
                continue
            ref = _therapy(part, raw.itype, category, part_others, part_description, sponsor, vocab)
            if parts:
                ref.split_from = [raw.name]
            entry = vocab.get("therapy", ref.key) if ref.known else None
            if entry is None or not entry.targets:
                texts = _target_texts(part, part_others, part_description, raw, ref.modality)
                ref.targets = registry_targets(texts, vocab)
            if ref.key not in iv.therapy_keys:
                iv.therapy_keys.append(ref.key)
            _merge(therapies, ref)
    _drop_partner_names(therapies, interventions)
    return interventions, list(therapies.values())


def _drop_partner_names(
    therapies: dict[str, TherapyRef], interventions: list[Intervention]
) -> None:
    """An other name that is the name of another intervention of the same record is a
    partner drug of a combination arm, not an alias ("Adagrasib", other names "MRTX849",
    "Pembrolizumab", beside a "Pembrolizumab" intervention)."""
    keys_by_name: dict[str, set[str]] = {}
    for iv in interventions:
        for form in (iv.name, clean_intervention_name(iv.name)):
            keys_by_name.setdefault(normalise_name(form), set()).update(iv.therapy_keys)
    for ref in therapies.values():
        ref.aliases = [
            a
            for a in ref.aliases
            if normalise_name(a) not in keys_by_name or ref.key in keys_by_name[normalise_name(a)]
        ]


INTERVENTION_KINDS = frozenset({"generic", "supportive", "diagnostic", "procedure"})


# Untargeted modalities: their arm labels and descriptions name the targets of the cell
# therapy or antibody they come with ("fludarabine before CD19 CAR-T"), never their own.
_UNTARGETED = frozenset(
    {C.CHEMOTHERAPY, C.CORTICOSTEROID, C.STEM_CELL_TRANSPLANT, C.RADIOTHERAPY, C.VACCINE}
)
_SMALL_MOLECULES = frozenset(
    {C.SMALL_MOLECULE, C.KINASE_INHIBITOR, C.PROTEASOME_INHIBITOR, C.IMMUNOMODULATORY}
)


def _target_texts(
    part: str, others: list[str], description: str | None, raw: _Raw, modality: str | None
) -> list[str]:
    """Where a therapy's targets may be named: its name and other names, then (for a
    biologic or an unknown modality) the arm labels of an intervention that is one
    therapy and its description. An untargeted modality has none."""
    if modality in _UNTARGETED:
        return []
    texts = [" ; ".join([part, *others])]
    if modality in _SMALL_MOLECULES:
        return texts
    if part == raw.name:
        texts.append(" ; ".join(raw.labels))
    if description:
        texts.append(description)
    return texts


def not_therapies(interventions: list[Intervention]) -> list[InterventionNote]:
    """The interventions (or regimen components) that are not therapies, one per name."""
    seen: dict[str, InterventionNote] = {}
    for iv in interventions:
        for note in iv.not_therapies:
            seen.setdefault(normalise_name(note.name), note)
    return list(seen.values())


def _merge(therapies: dict[str, TherapyRef], ref: TherapyRef) -> None:
    have = therapies.get(ref.key)
    if have is None:
        therapies[ref.key] = ref
        return
    have.aliases += [a for a in ref.aliases if a not in have.aliases]
    have.split_from += [s for s in ref.split_from if s not in have.split_from]
    have.hidden_labels += [h for h in ref.hidden_labels if h not in have.hidden_labels]
    have.targets += [t for t in ref.targets if t.key not in {h.key for h in have.targets}]
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
