"""What a name says about a therapy the vocabulary does not know.

INN stems, company code names and descriptive words give a first modality guess (always
marked inferred), and tell products apart from placebo, standard of care, generic drug
classes, diagnostics and procedures. Used by the registry and the article loaders alike.

Stems (``INN_STEMS``, matched at the end of a word, longest first) and what they give:

- antibodies and conjugates: -mab (a real stem: the word ends "-mab" after at least three
  letters, so "tadalafil" or "ointment" never match), -tamab/-mig bispecific, -tug/-bart/
  -ment antibody formats, ADC payload words (vedotin, deruxtecan, ozogamicin ...). In free
  text the new-style stems (-mig, -tug, -bart, -ment) count only with the target-class
  infix of the 2021 scheme (``new_style_modality``: "etentamig", never "treatment"), and
  an antibody INN followed by a payload word is one ADC name (``is_adc_payload``);
- kinase inhibitors: -tinib, -rafenib, -brutinib, -ciclib, -lisib; other targeted small
  molecules: -parib (PARP), -clax (BCL-2), -denib/-menib and any other -nib;
- -zomib proteasome inhibitor; -lidomide/-domide immunomodulatory;
- chemotherapy: the antimetabolite stems -arabine, -citabine, -citidine/-cytidine,
  -trexate, -trexed, the anthracyclines -rubicin/-antrone, platins -platin, taxanes
  -taxel, podophyllotoxins -poside, nitrogen mustards -fosfamide/-mustine, camptothecins
  -tecan, and classic agents without a class stem (``CHEMOTHERAPY_NAMES``: bleomycin,
  busulfan, the vinca alkaloids, cytarabine ...);
- corticosteroids -methasone/-nisone/-nisolone; -cel/-leucel cell therapies; -gene/-vec
  gene therapies.

A small molecule never gets a cell-therapy or antibody modality: a stem of a small
molecule wins over cell words elsewhere in the name.

The name functions are pure and cached: a registry repeats the same intervention names
in thousands of records.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from typing import Literal

from tlkg.ontology import concepts as C
from tlkg.ontology.names import ends_in_greek_letter
from tlkg.ontology.stems import (
    INN_STEMS,
    _stem_rank,
    class_stem_modality,
    is_adc_payload,
    is_antibody_inn,
    is_code_name,
    one_word_cell_inn,
)

Category = Literal[
    "product", "generic", "supportive", "diagnostic", "procedure", "placebo", "standard_of_care"
]


_WORD = re.compile(r"[A-Za-z][A-Za-z-]+")
_TOKEN_SPLIT = re.compile(r"[\s(),;/]+")
_CELLS = re.compile(r"\bNK\b|T[- ]cells?\b|\bcells?\b|\bTCR\b|\bTIL\b|Treg")
_VACCINE = re.compile(r"\bvaccine\b", re.I)
_CAR = re.compile(r"\bCAR[- ]?T\b|\bCAR\b|chimeric antigen receptor|\bCART\d*", re.I)
_CONTEXT: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"lipid nanoparticle|\bLNP\b|\bmRNA\b", re.I), C.CAR_T_IN_VIVO_LNP),
    (re.compile(r"\bin[- ]vivo\b|inside the (?:patient|body)", re.I), C.CAR_T_IN_VIVO),
    # A vector that delivers the CAR to the T cells (in the body): the cells are made in vivo.
    (re.compile(r"\b(?:deliver|carr)\w*\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}(?:chimeric "
                r"antigen receptor|CAR)\s+(?:genes?\s+)?(?:to|into)\s+T[- ]cells", re.I),
     C.CAR_T_IN_VIVO),
    (re.compile(r"allogeneic|allogenic|off[- ]the[- ]shelf|donor[- ]derived|\bUCART", re.I),
     C.CAR_T_ALLOGENEIC),
    (re.compile(r"autologous|patient'?s own|ex[- ]vivo", re.I), C.CAR_T_AUTOLOGOUS),
)  # fmt: skip

_PLACEBO = re.compile(r"\bplacebos?\b|\bsham\b|\bvehicle\b|\bdummy\b|saline", re.I)
_SOC = re.compile(
    r"standard[- ]of[- ]care|usual care|best available therapy|\bBAT\b|physician'?s choice|"
    r"investigator'?s choice|\bSOC\b|no intervention|observation|watchful waiting|"
    r"treatment of choice|standard treatment|standard therapy",
    re.I,
)
# Placeholders: an arm or regimen named by its number or role, not by what it gives.
_PLACEHOLDER = re.compile(
    r"^(?:(?:treatment |study |experimental |control )?(?:arm|group|cohort|regimen|part|"
    r"stage|schedule|level|dose level|sequence)[\s-]*(?:[A-Z]|\d{1,2}|[IVX]{1,4})[a-z]?|"
    r"(?:active |placebo )?comparator|experimental(?: arm| group| drug| treatment)?|"
    r"control(?: arm| group)?|study (?:drug|treatment|medication|intervention)|"
    r"investigational (?:drug|product|medicinal product)|other|none)$",
    re.I,
)
_REGIMEN = re.compile(r"\bregimens?\b|\bprotocols?\b", re.I)
_GENERIC = re.compile(
    r"^(?:standard |conventional |intrathecal |induction |consolidation |salvage |"
    r"combination |systemic |high[- ]dose |low[- ]dose )?"
    r"(?:chemotherapy|chemo|chemotherapy agents?|chemotherapy regimen(?: \d+)?|antibiotics?|"
    r"antivirals?|antifungals?|steroids?|corticosteroids?|immunosuppressants?|"
    r"immunosuppression|conditioning(?: regimen)?|bridging therapy|lymphodepletion|"
    r"lymphodepleting chemotherapy|supportive care|hydration|analgesics?|vaccines?)$",
    re.I,
)
_SUPPORTIVE = re.compile(
    r"\b(?:filgrastim|pegfilgrastim|g-csf|allopurinol|mesna|antiemetic|ondansetron|"
    r"valacyclovir|acyclovir|ciprofloxacin|levofloxacin|fluconazole|hydration)\b",
    re.I,
)
# Gadolinium contrast agents share the INN prefix gado- (gadobutrol, gadopiclenol ...).
_DIAGNOSTIC = re.compile(
    r"\b(?:MRI|CT scans?|computed tomography|PET|biopsy|aspirate|blood (?:test|draw|sample)|"
    r"sequencing|RNA-seq|flow cytometry|panels?|assays?|imaging|ultrasound|questionnaires?|"
    r"interviews?|sample collection|biospecimens?|tests?|analysis|analyses|phenotyping|screening|"
    r"gado[a-z]+|fluorescein|record review)\b",
    re.I,
)


NON_THERAPY_TYPES = frozenset(
    {"DEVICE", "BEHAVIORAL", "DIAGNOSTIC_TEST", "DIETARY_SUPPLEMENT", "PROCEDURE", "RADIATION"}
)
THERAPY_TYPES = frozenset({"DRUG", "BIOLOGICAL", "GENETIC", "COMBINATION_PRODUCT"})


@lru_cache(maxsize=65536)
def classify_intervention(name: str, intervention_type: str | None = None) -> Category:
    """Role of an intervention in the landscape (placebo and standard of care first, since
    "Placebo matching X" names X but is not X)."""
    text = name.strip()
    if _PLACEBO.search(text):
        return "placebo"
    if _SOC.search(text):
        return "standard_of_care"
    itype = (intervention_type or "").upper()
    if itype in {"DIAGNOSTIC_TEST"} or (
        itype not in {"DRUG", "BIOLOGICAL"} and _DIAGNOSTIC.search(text)
    ):
        return "diagnostic"
    if itype == "GENETIC" and _DIAGNOSTIC.search(text):
        return "diagnostic"
    if itype in {"PROCEDURE", "RADIATION", "DEVICE", "BEHAVIORAL"}:
        return "procedure"
    if _GENERIC.match(text) or _PLACEHOLDER.match(text) or _REGIMEN.search(text):
        return "generic"
    if _SUPPORTIVE.search(text):
        return "supportive"
    if itype in {"DRUG", "BIOLOGICAL"} and _DIAGNOSTIC.search(text) and not _CAR.search(text):
        return "diagnostic"
    return "product"


def context_modality(text: str) -> str | None:
    """Modality from descriptive words: CAR-T with in vivo / allogeneic / autologous."""
    if not _CAR.search(text):
        return None
    for pattern, modality in _CONTEXT:
        if pattern.search(text):
            return modality
    return C.CAR_T


@lru_cache(maxsize=65536)
def guess_modality(name: str, intervention_type: str | None = None) -> str | None:
    """First guess of the modality of an unknown therapy name (caller marks it inferred)."""
    by_context = context_modality(name)
    if by_context:
        return by_context
    lowered = [w.lower() for w in _WORD.findall(name)]
    by_form = _inn_form_modality(name, lowered)
    if by_form:
        return by_form
    # Stem order decides between words: "gemtuzumab ozogamicin" is an ADC, not a -mab.
    ranks = [r for r in map(_stem_rank, lowered) if r is not None]
    if ranks:
        return INN_STEMS[min(ranks)][1]
    itype = (intervention_type or "").upper()
    if _CELLS.search(name):
        return C.OTHER_CELL_THERAPY
    if itype == "GENETIC":
        return C.GENE_THERAPY
    if _VACCINE.search(name):
        return C.VACCINE
    return None


def _inn_form_modality(name: str, lowered: list[str]) -> str | None:
    """The modality an INN's form says before its stems are ranked: two-word conjugates,
    gene editors and glycoproteins, individualised vaccines, cell therapies, class stems."""
    if "cabtagene" in name.lower():
        for i, w in enumerate(lowered):
            if "cabtagene" in w:
                nxt = lowered[i + 1] if i + 1 < len(lowered) else ""
                return C.CAR_T_AUTOLOGOUS if "autoleucel" in w + nxt else C.CAR_T
    # An antibody INN followed by a payload word is an ADC ("izalontamab brengitecan").
    if any(is_antibody_inn(a) and is_adc_payload(b) for a, b in pairwise(lowered)):
        return C.ADC
    # ... and by an oligonucleotide INN, an antibody-oligonucleotide conjugate: neither a
    # plain antibody nor an oligonucleotide ("renvacibart tolamirsen").
    if any(is_antibody_inn(a) and b.endswith(("rsen", "siran")) for a, b in pairwise(lowered)):
        return C.OTHER_MODALITY
    # a guide RNA with an mRNA: in vivo gene editing ("nexiguran ziclumeran")
    if any(a.endswith("guran") and b.endswith("meran") for a, b in pairwise(lowered)):
        return C.GENE_THERAPY
    # a glycoprotein's INN ends in a Greek letter ("efgartigimod alfa", "agalsidase beta",
    # "peginterferon alfa-2a"): a protein of its own kind, no small molecule
    if ends_in_greek_letter(name):
        # (an antibody's second cell line stays an antibody: "dinutuximab beta")
        return C.MONOCLONAL_ANTIBODY if is_antibody_inn(lowered[0]) else C.OTHER_MODALITY
    # an mRNA made for each patient is a vaccine ("intismeran autogene"), not a gene therapy
    if "autogene" in lowered and any(w.endswith("meran") for w in lowered):
        return C.VACCINE
    # a one-word cell therapy INN is no CAR-T ("zimislecel", "lifileucel"); "Sprycel" is a
    # brand of a kinase inhibitor
    if len(lowered) == 1 and one_word_cell_inn(lowered[0]):
        return C.OTHER_CELL_THERAPY
    # a class stem says more than the general one it ends in ("nintedanib": -anib, an
    # angiogenesis kinase inhibitor, before -nib)
    if len(lowered) == 1 and (by_class := class_stem_modality(lowered[0])) is not None:
        return by_class
    return None


_DESCRIPTIVE = re.compile(
    r"\bcells?\b|\bCAR[- ]?T\b|\bCAR\b|chimeric antigen receptor|\binjection\b|"
    r"\bT[- ]cells?\b|\bNK\b|\binfusion\b",
    re.I,
)


@lru_cache(maxsize=65536)
def is_descriptive_programme(name: str) -> bool:
    """A descriptive cell-therapy name ("CD19 CAR-T cells") names one sponsor's programme,
    not one product shared by every trial using the same words; INNs and code names are
    products in their own right."""
    if not _DESCRIPTIVE.search(name):
        return False
    if any(_stem_rank(w.lower()) is not None for w in _WORD.findall(name)):
        return False
    return not any(is_code_name(tok) for tok in _TOKEN_SPLIT.split(name) if tok)
