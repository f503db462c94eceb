"""A study's arms and interventions -> therapies and arms: intervention names cleaned to
product names, classified (product, placebo, standard of care, ...) and resolved against
the vocabulary.

A combination written "A + B" gives one therapy per component; an arm's therapies are
those of the interventions it names or that name it (``ctgov.arms``).

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
from tlkg.loaders.ctgov.target_names import registry_targets
from tlkg.loaders.records import (
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
from tlkg.ontology import concepts as C
from tlkg.ontology.ids import normalise_name, slugify
from tlkg.ontology.names import name_kind
from tlkg.ontology.stems import (
    distinctive_stem_modality,
    is_antibody_inn,
    is_code_name,
    stem_modality,
)
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
# The registry's intervention-type label repeated in the name ("Drug: Ivonescimab
# Injection"): arms name interventions "<Type>: <name>", and some sponsors copy that form
# into the name itself.
_TYPE_PREFIX = re.compile(
    r"^(?:drug|biological|genetic|device|procedure|radiation|behavioral|dietary supplement|"
    r"combination product|diagnostic test)\s*:\s*(?=\S)",
    re.I,
)
# "Injection" after a product's name is its dosage form ("Bevacizumab Injection");
# dropped only when an INN or a code is left ("Intravitreal Injection" stays).
_TRAILING_INJECTION = re.compile(r"(?<=\S)\s+injections?$", re.I)
# The FDA's four-letter suffix of a biological product's proper name
# ("bevacizumab-awwb", "adalimumab-atto", "filgrastim-sndz"): the suffix only tells
# manufacturers apart; the molecule is the INN before it (``biosimilar_core``).
_BIOSIMILAR = re.compile(r"^(?P<core>.*[A-Za-z]{3})-(?P<suffix>[A-Za-z]{4})$")
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
_SPACES = re.compile(r"\s+")
_COMMA_SPLIT = re.compile(r"[,;]")
_LIST_MARK = re.compile(r"[,;，]")
_WORD_SPLIT = re.compile(r"[\s/-]+")
_TWO_LETTERS = re.compile(r"[A-Za-z]{2}")
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
    text = _TYPE_PREFIX.sub("", text.strip())
    text = _LABEL_PREFIX.sub("", text)
    text = _LEAD_DOSE.sub("", text)
    text = _PARENS.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _DOSE.sub("", text)
        text = _FORMULATION.sub("", text)
        text = text.strip(" \t-_,;:.")
        text = _TRAILING_CONNECTOR.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _drop_injection(text)
    text = biosimilar_core(text) or text
    return text or _MARKS.sub("", name).strip()


def _drop_injection(text: str) -> str:
    """``text`` without a trailing "Injection" when an INN or a code name is left."""
    rest = _TRAILING_INJECTION.sub("", text)
    if rest != text and name_kind(rest) in ("inn", "code"):
        return rest
    return text


def biosimilar_core(name: str) -> str | None:
    """The INN of a name written with the FDA's biosimilar suffix ("Bevacizumab-awwb" ->
    "Bevacizumab"), None for any other name. The part before the suffix must end in an
    INN stem (``name_kind``), so "ABCD-efgh" or a code is never cut."""
    m = _BIOSIMILAR.match(name.strip())
    if m is None or m.group("suffix").lower() != m.group("suffix"):
        return None  # FDA suffixes are written in lower case; "CD19-CART" is not one
    core = m.group("core")
    return core if name_kind(core) == "inn" else None


def _parenthetical(name: str) -> list[str]:
    items: list[str] = []
    for group in _PARENS.findall(name):
        items.extend(p.strip() for p in _COMMA_SPLIT.split(group) if p.strip())
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
    texts = [name, *(o for o in others if not _LIST_MARK.search(o))]
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
    entry: Entry | None,
) -> TherapyRef:
    """The therapy of an intervention (or regimen component) whose vocabulary entry,
    if any, is ``entry`` (``_resolve_therapy``)."""
    aliases: list[str] = []
    for other in others:
        aliases += _alias_forms(other)
    aliases += [p for p in _parenthetical(name) if is_code_name(p)]
    # A biosimilar's suffixed name is a name of the INN's product: shown as an alias.
    aliases += [n for n in (_TYPE_PREFIX.sub("", name.strip()), *others) if biosimilar_core(n)]
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
    own_stem = _own_stem(display)
    for alias in aliases:
        norm = normalise_name(alias)
        named = vocab.resolve("therapy", alias)
        if named is not None and (entry is None or named.key != entry.key):
            continue  # a known name of a different product is not an alias of this one
        if _other_inn(alias, own_stem):
            continue
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


def _own_stem(display: str) -> str | None:
    """The modality the stem of a therapy's INN says (its first word): a distinctive stem
    or an antibody's "-mab" (brands ending in "-cel" or "-vec" are no INN)."""
    words = normalise_name(display).split()
    if not words or name_kind(display) != "inn":
        return None
    if is_antibody_inn(words[0]):
        return stem_modality(words[0])
    return distinctive_stem_modality(words[0])


def _other_inn(alias: str, own_stem: str | None) -> bool:
    """Whether ``alias`` is the INN of another product: its first word ends in a
    distinctive INN stem (``distinctive_stem_modality``) that says another modality than
    the stem of the therapy's own INN (an antibody's other names listing "Oxaliplatin":
    one molecule is never both a "-mab" and a "-platin"). Short stems are left out: they
    end brand names too ("Sprycel" for dasatinib)."""
    words = normalise_name(alias).split()
    if own_stem is None or not words or name_kind(alias) != "inn":
        return False
    stem = distinctive_stem_modality(words[0])
    return stem is not None and stem != own_stem


_NON_THERAPY: frozenset[str] = frozenset(
    {"placebo", "standard_of_care", "generic", "diagnostic", "procedure"}
)


def _is_therapy(category: str, name: str, entry: Entry | None) -> bool:
    """Products and supportive care are therapies; placeholders, treatment classes,
    diagnostics and procedures never are, whatever the registry's intervention type
    (``entry``: the vocabulary's entry of the name, ``_resolve_therapy``)."""
    if category in _NON_THERAPY:
        return False
    if entry:
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
    words = _WORD_SPLIT.split(part)
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
    raws = [p for p in _REGIMEN_SPLIT.split(text) if _TWO_LETTERS.search(p)]
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
            entry = None if category in _NON_THERAPY else _resolve_therapy(part, part_others, vocab)
            if not _is_therapy(category, part, entry):
                kind = category if category in INTERVENTION_KINDS else "procedure"
                note = InterventionNote(
                    name=clean_intervention_name(part),
                    category=cast(InterventionCategory, kind),
                    intervention_type=raw.itype,
                )
                iv.not_therapies.append(note)
                continue
            ref = _therapy(
                part, raw.itype, category, part_others, part_description, sponsor, vocab, entry
            )
            if parts:
                ref.split_from = [raw.name]
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
