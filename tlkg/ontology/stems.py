"""What a word says about a drug: INN stems (the classic ones and the 2021 antibody
scheme), ADC payload words and company code names. Domain knowledge shared by the loaders
(``loaders/text/naming.py`` guesses modalities and categories with it) and ``names.py``
(``name_kind`` tells INNs, brands and codes apart, for the graph's clique leaders and the
article extractor's aliases alike).

Stems (``INN_STEMS``) are matched at the end of a word, longest first: antibodies -mab,
-tamab/-mig bispecific, -tug/-bart/-ment formats, ADC payloads; kinase inhibitors -tinib,
-rafenib, -brutinib, -ciclib, -lisib; -parib, -clax, -nib; -zomib; -lidomide/-domide;
chemotherapy stems (-arabine, -citabine, -citidine/-cytidine, -trexate, -trexed, -rubicin,
-antrone, -platin, -taxel, -poside, -fosfamide, -mustine, -tecan) and classic agents
(``CHEMOTHERAPY_NAMES``); corticosteroids; -cel/-leucel cell therapies; -gene/-vec. In
free text the new-style stems count only with the target-class infix of the 2021 scheme
(``new_style_modality``). Pure functions, cached."""

from __future__ import annotations

import re
from functools import lru_cache

from tlkg.ontology import concepts as C

# Company code names: letters, optional dash or space, digits (ABC-123, REGN5458,
# JNJ-68284528, BI 764532, CC-220); at least two letters and two digits.
CODE_NAME = re.compile(r"\b([A-Z][A-Za-z]{1,5}[- ]?\d{2,8}[A-Za-z]?(?:-\d{1,4})?)\b")
# A few companies start their codes with a digit: Mabwell's "9MW2821".
DIGIT_FIRST_CODE = r"\d[A-Z]{2,4}-?\d{3,6}"
# (a partner's letters between maker's and number: "ABBV-RGX-314")
_CODE_FULL = re.compile(
    r"^[A-Z][A-Za-z]{1,5}(?:-[A-Z]{2,4})?[- ]?\d{2,8}[A-Za-z]?(?:-\d{1,4})?$"
    r"|^" + DIGIT_FIRST_CODE + r"$"
)

# Ordered: the first stem that matches the end of a word wins, so longer stems go first.
INN_STEMS: tuple[tuple[str, str], ...] = (
    ("cabtagene autoleucel", C.CAR_T_AUTOLOGOUS),
    ("cabtagene", C.CAR_T),
    # (a one-word "-leucel" INN is no CAR-T: tumour-infiltrating or virus-specific T cells)
    ("leucel", C.OTHER_CELL_THERAPY),
    ("vedotin", C.ADC),
    ("mafodotin", C.ADC),
    ("ozogamicin", C.ADC),
    ("deruxtecan", C.ADC),
    ("govitecan", C.ADC),
    ("tesirine", C.ADC),
    ("soravtansine", C.ADC),
    ("emtansine", C.ADC),
    ("tamab", C.BISPECIFIC),
    ("mig", C.BISPECIFIC),
    ("mab", C.MONOCLONAL_ANTIBODY),
    ("tug", C.MONOCLONAL_ANTIBODY),
    ("bart", C.MONOCLONAL_ANTIBODY),
    ("ment", C.MONOCLONAL_ANTIBODY),
    ("cept", C.OTHER_MODALITY),
    ("tinib", C.KINASE_INHIBITOR),
    ("rafenib", C.KINASE_INHIBITOR),
    ("brutinib", C.KINASE_INHIBITOR),
    ("zomib", C.PROTEASOME_INHIBITOR),
    ("lidomide", C.IMMUNOMODULATORY),
    ("domide", C.IMMUNOMODULATORY),
    ("parib", C.SMALL_MOLECULE),
    ("ciclib", C.KINASE_INHIBITOR),
    ("lisib", C.KINASE_INHIBITOR),
    ("clax", C.SMALL_MOLECULE),
    ("nib", C.SMALL_MOLECULE),
    ("arabine", C.CHEMOTHERAPY),
    ("citabine", C.CHEMOTHERAPY),
    ("citidine", C.CHEMOTHERAPY),
    ("cytidine", C.CHEMOTHERAPY),
    ("trexate", C.CHEMOTHERAPY),
    ("trexed", C.CHEMOTHERAPY),
    ("rubicin", C.CHEMOTHERAPY),
    ("antrone", C.CHEMOTHERAPY),
    ("platin", C.CHEMOTHERAPY),
    ("taxel", C.CHEMOTHERAPY),
    ("poside", C.CHEMOTHERAPY),
    ("fosfamide", C.CHEMOTHERAPY),
    ("mustine", C.CHEMOTHERAPY),
    ("tecan", C.CHEMOTHERAPY),
    ("methasone", C.CORTICOSTEROID),
    ("nisolone", C.CORTICOSTEROID),
    ("nisone", C.CORTICOSTEROID),
    # WHO stems "-asone" (corticosteroids other than prednisolone derivatives:
    # fluticasone, mometasone) and "-onide" (topical or inhaled acetals: budesonide).
    ("asone", C.CORTICOSTEROID),
    ("onide", C.CORTICOSTEROID),
    ("gene", C.GENE_THERAPY),
    ("vec", C.GENE_THERAPY),
    ("cel", C.CELL_THERAPY),
)
# Class stems of the WHO naming scheme beyond those above, matched at the end of a word of
# at least three more letters: what an unseen drug of such a name is.
EXTRA_STEMS: tuple[tuple[str, str], ...] = (
    ("methasone", C.CORTICOSTEROID),
    ("nisolone", C.CORTICOSTEROID),
    ("nisone", C.CORTICOSTEROID),
    ("platin", C.CHEMOTHERAPY),
    ("taxel", C.CHEMOTHERAPY),
    ("rubicin", C.CHEMOTHERAPY),
    ("citabine", C.CHEMOTHERAPY),
    ("mustine", C.CHEMOTHERAPY),
    ("rasib", C.SMALL_MOLECULE),  # the INN stem of RAS inhibitors (sotorasib, adagrasib)
    ("stigmine", C.SMALL_MOLECULE),  # cholinesterase inhibitors (pyridostigmine)
    ("lutamide", C.SMALL_MOLECULE),  # androgen-receptor antagonists (enzalutamide)
    ("terone", C.SMALL_MOLECULE),  # antiandrogens (abiraterone, cyproterone)
    ("fusp", C.BISPECIFIC),  # T-cell receptor fusion proteins (tebentafusp)
    ("siran", C.OTHER_MODALITY),  # small interfering RNAs (inclisiran, fitusiran)
    ("rozole", C.SMALL_MOLECULE),  # aromatase inhibitors (letrozole, anastrozole)
    ("brutideg", C.SMALL_MOLECULE),  # BTK degraders (bexobrutideg)
    ("sertib", C.KINASE_INHIBITOR),  # serine/threonine kinase inhibitors (capivasertib)
    ("ercept", C.OTHER_MODALITY),  # receptor fusion proteins (aflibercept, etanercept)
    ("tacept", C.OTHER_MODALITY),  # CTLA-4 fusion proteins (abatacept, belatacept)
    ("tercept", C.OTHER_MODALITY),  # activin-receptor fusion proteins (sotatercept)
    ("ciclovir", C.SMALL_MOLECULE),  # antivirals (ganciclovir, valaciclovir)
    ("movir", C.SMALL_MOLECULE),  # CMV terminase inhibitors (letermovir)
    ("bavir", C.SMALL_MOLECULE),  # CMV UL97 kinase inhibitors (maribavir)
    ("previr", C.SMALL_MOLECULE),  # HCV NS3/4A protease inhibitors (glecaprevir)
    ("asvir", C.SMALL_MOLECULE),  # HCV NS5A inhibitors (velpatasvir)
    ("buvir", C.SMALL_MOLECULE),  # HCV NS5B polymerase inhibitors (sofosbuvir)
    ("tegravir", C.SMALL_MOLECULE),  # integrase inhibitors (dolutegravir)
    ("navir", C.SMALL_MOLECULE),  # HIV protease inhibitors (darunavir)
    ("virine", C.SMALL_MOLECULE),  # non-nucleoside reverse-transcriptase inhibitors (doravirine)
    ("leukin", C.OTHER_MODALITY),  # interleukin-2 analogues (aldesleukin)
    ("strant", C.SMALL_MOLECULE),  # oestrogen-receptor degraders (fulvestrant, elacestrant)
    ("milast", C.SMALL_MOLECULE),  # PDE4 inhibitors (apremilast, roflumilast)
    ("sporin", C.SMALL_MOLECULE),  # calcineurin inhibitors (ciclosporin, voclosporin)
    ("glipron", C.SMALL_MOLECULE),  # non-peptide GLP-1 agonists (orforglipron, danuglipron)
    ("glutide", C.OTHER_MODALITY),  # GLP-1 analogues (semaglutide, liraglutide)
    ("lintide", C.OTHER_MODALITY),  # amylin analogues (cagrilintide, pramlintide)
    ("patide", C.OTHER_MODALITY),  # GIP/GLP-1 co-agonists (tirzepatide)
    ("dutide", C.OTHER_MODALITY),  # GLP-1/glucagon co-agonists (survodutide, mazdutide)
    ("trutide", C.OTHER_MODALITY),  # GIP/GLP-1/glucagon tri-agonists (retatrutide)
    ("ritide", C.OTHER_MODALITY),  # natriuretic peptides (nesiritide, vosoritide)
    ("rsen", C.OTHER_MODALITY),  # antisense oligonucleotides (nusinersen, tofersen)
    ("stat", C.SMALL_MOLECULE),  # enzyme inhibitors (miglustat, tazemetostat, vorinostat)
    ("dipine", C.SMALL_MOLECULE),  # calcium-channel blockers (amlodipine, nifedipine)
    ("sartan", C.SMALL_MOLECULE),  # angiotensin II receptor antagonists (losartan)
    ("olol", C.SMALL_MOLECULE),  # beta blockers (metoprolol, bisoprolol)
    ("vastatin", C.SMALL_MOLECULE),  # HMG-CoA reductase inhibitors (atorvastatin)
    ("gliflozin", C.SMALL_MOLECULE),  # SGLT2 inhibitors (empagliflozin, dapagliflozin)
    ("gliptin", C.SMALL_MOLECULE),  # DPP-4 inhibitors (sitagliptin)
    ("glitazone", C.SMALL_MOLECULE),  # PPAR-gamma agonists (pioglitazone)
    ("fibrate", C.SMALL_MOLECULE),  # PPAR-alpha agonists (fenofibrate, pemafibrate)
    ("xaban", C.SMALL_MOLECULE),  # factor Xa inhibitors (apixaban, rivaroxaban)
    ("gatran", C.SMALL_MOLECULE),  # thrombin inhibitors (dabigatran)
    ("vaptan", C.SMALL_MOLECULE),  # vasopressin receptor antagonists (tolvaptan)
    ("triptan", C.SMALL_MOLECULE),  # serotonin 5-HT1B/1D agonists (sumatriptan)
    ("gepant", C.SMALL_MOLECULE),  # CGRP receptor antagonists (rimegepant, atogepant)
    ("orexant", C.SMALL_MOLECULE),  # orexin receptor antagonists (suvorexant)
    ("caftor", C.SMALL_MOLECULE),  # CFTR modulators (ivacaftor, elexacaftor)
    ("camten", C.SMALL_MOLECULE),  # cardiac myosin inhibitors (mavacamten, aficamten)
    ("prazole", C.SMALL_MOLECULE),  # proton-pump inhibitors (omeprazole)
    ("limus", C.SMALL_MOLECULE),  # mTOR/calcineurin immunosuppressants (everolimus)
    ("copan", C.SMALL_MOLECULE),  # complement factor B/D inhibitors (iptacopan, danicopan)
    ("orexton", C.SMALL_MOLECULE),  # orexin receptor agonists (oveporexton, alixorexton)
    ("fermin", C.OTHER_MODALITY),  # fibroblast growth factors (palifermin, efruxifermin)
    ("tirome", C.SMALL_MOLECULE),  # thyroid hormone receptor agonists (eprotirome)
    ("tirom", C.SMALL_MOLECULE),  # (resmetirom)
    ("bresib", C.SMALL_MOLECULE),  # BET bromodomain inhibitors (pelabresib, molibresib)
    ("anib", C.KINASE_INHIBITOR),  # angiogenesis kinase inhibitors (nintedanib, pazopanib)
    ("meline", C.SMALL_MOLECULE),  # muscarinic receptor agonists (xanomeline, milameline)
    ("peridone", C.SMALL_MOLECULE),  # antipsychotics (risperidone, paliperidone)
    ("cavir", C.SMALL_MOLECULE),  # carbocyclic nucleosides (abacavir, entecavir)
    ("fovir", C.SMALL_MOLECULE),  # phosphonic-acid nucleotides (adefovir, tenofovir)
    ("uridine", C.CHEMOTHERAPY),  # uridine analogues (trifluridine, floxuridine)
    ("racil", C.CHEMOTHERAPY),  # uracil analogues (fluorouracil, tipiracil, gimeracil)
    ("apine", C.SMALL_MOLECULE),  # tricyclic antipsychotics (olanzapine, clozapine)
    ("pterin", C.SMALL_MOLECULE),  # pterin cofactors (sapropterin, sepiapterin)
    # any other peptide (rusfertide, octreotide, teriparatide, linaclotide), after the
    # peptide stems above; never "peptide", "nucleotide" or "riptide" (``_NOT_PEPTIDE``)
    ("tide", C.OTHER_MODALITY),
    # messenger RNAs, nearly all vaccines (tozinameran, elasomeran; "intismeran autogene",
    # an individualised neoantigen vaccine)
    ("meran", C.VACCINE),
)


def class_stem_modality(word: str, generic: bool = False) -> str | None:
    """The modality an ``EXTRA_STEMS`` class stem gives ``word`` (lower case), when the
    word has at least three letters before the stem. The generic "-tide" counts only when
    ``generic`` (a word read in an article's text): brands end so too ("Flixotide",
    "Seretide"), so it never makes a registry name or a name's kind an INN."""
    for stem, key in EXTRA_STEMS:
        if word.endswith(stem) and len(word) > len(stem) + 2:
            if stem == "tide" and (not generic or word.endswith(_NOT_PEPTIDE)):
                return None
            return key
    return None


# Words ending in "-tide" that name no drug: the molecules themselves and the tides.
_NOT_PEPTIDE = ("peptide", "nucleotide", "riptide", "eventide", "yuletide", "noontide")


def one_word_cell_inn(word: str) -> bool:
    """A one-word cell therapy INN ("zimislecel", "lifileucel", "omidubicel"): an other
    cell therapy, never a CAR-T. "-cel" is too short a stem to find drugs by ("cancel",
    "Sprycel"), but no English word or brand of nine letters or more ends so."""
    return len(word) >= 9 and word.isalpha() and word.lower().endswith("cel")


# Classic chemotherapy agents whose INN has no class stem (whole words); names a stem
# above already covers (cytarabine, fludarabine, azacitidine, bendamustine ...) are not
# repeated here.
CHEMOTHERAPY_NAMES = frozenset(
    {"bleomycin", "busulfan", "busulphan", "thiotepa", "treosulfan", "melphalan",
     "chlorambucil", "lomustine", "dacarbazine", "temozolomide", "hydroxyurea",
     "asparaginase", "pegaspargase", "dactinomycin", "mitomycin", "homoharringtonine",
     "omacetaxine", "procarbazine", "cladribine", "pentostatin", "mercaptopurine",
     "thioguanine", "vincristine", "vinblastine", "vinorelbine", "decitabine"}
)  # fmt: skip
# ADC payload words stand alone after the antibody INN ("polatuzumab vedotin").
ADC_PAYLOADS = frozenset(
    {"vedotin", "mafodotin", "ozogamicin", "deruxtecan", "govitecan", "tesirine",
     "soravtansine", "emtansine"}
)  # fmt: skip
# New-style antibody INNs (the WHO scheme of 2021 onwards): a target-class infix then the
# stem: -mig multi-specific, -tug unmodified, -bart artificial (engineered), -ment fragment
# ("etentamig" = eten-ta-mig, "tobevibart" = tobe-vi-bart, "raludotatug"). Infixes: -ta-
# tumour, -ki- interleukin, -ba- bacterial, -ami- amyloid, -ci- cardiovascular, -de-
# metabolic, -eni- enzyme, -fung- fungal, -gros- growth factor, -ler- allergen, -les-
# inflammatory lesion, -ne- neural, -os- bone, -pru- immunosuppressive, -sto-
# immunostimulatory, -toxa- toxin, -vet- veterinary, -vi- viral.
NEW_STYLE_STEMS: tuple[tuple[str, str], ...] = (
    ("mig", C.BISPECIFIC),
    ("tug", C.MONOCLONAL_ANTIBODY),
    ("bart", C.MONOCLONAL_ANTIBODY),
    ("ment", C.MONOCLONAL_ANTIBODY),
)
NEW_STYLE_INFIXES = (
    "ta", "ki", "ba", "ami", "ci", "de", "eni", "fung", "gros", "ler", "les", "ne", "os",
    "pru", "sto", "toxa", "vet", "vi",
)  # fmt: skip
# No English word ends in -mig or -tug (nor, at seven letters or more, -bart), and writers
# (and some sponsors) join the stem to a body without a listed infix ("selvadamig",
# "tovrelitug", "nolfenbart"): any body will do for them.
_UNAMBIGUOUS_STEMS = frozenset({"mig", "tug", "bart"})
# -ment is an English suffix: only infixes no English -ment word ends with ("refinement",
# "revetment" and "cement" rule out -ne-, -vet- and -ce-; "testament" is a stop word).
_MENT_INFIXES = ("ta", "ki", "ba", "ami", "ci", "eni", "fung", "gros", "os", "pru", "sto", "toxa")
# ADC payload INNs of any age ("tirumotecan", "brengitecan", "talirine"): the word after an
# antibody INN, by ending; camptothecin chemotherapies end in -tecan too and are not payloads.
_PAYLOAD_ENDINGS = ("dotin", "tansine", "amicin", "tecan", "irine")
_CAMPTOTHECINS = frozenset(
    {"irinotecan", "topotecan", "exatecan", "belotecan", "lurtotecan", "rubitecan",
     "gimatecan", "silatecan", "cositecan", "diflomotecan", "namitecan"}
)  # fmt: skip
# Words that end like a stem but are not drugs.
_STEM_STOPWORDS = frozenset(
    {"gene", "cel", "ment", "treatment", "management", "assessment", "enrollment",
     "improvement", "commitment", "measurement", "placement", "engagement", "agreement",
     "involvement", "statement", "payment", "development", "environment", "government",
     "moment", "comment", "element", "segment", "supplement", "argument", "department",
     "settlement", "judgment", "shipment", "experiment", "equipment", "replacement",
     "requirement", "achievement", "establishment", "advancement", "movement",
     "announcement", "investment", "excel", "parcel", "vec", "mig", "bart", "tug",
     "cancel", "carousel", "personnel", "hotel", "model", "level", "novel", "panel",
     "label", "channel", "tunnel", "vessel", "travel", "fuel", "wheel", "steel",
     "barcel", "scene", "antigene", "transgene", "oncogene", "genes", "lab", "tab",
     "crab", "grab", "slab", "kebab", "mab", "nab", "cab", "dab", "fab", "jab", "rehab",
     "stab", "drab", "scab", "tamab", "zomib", "tinib", "domide", "ointment", "coarsen",
     "hoarsen", "intercept", "intercepts", "interleukin", "interleukins", "pigment",
     "fragment", "regiment", "ailment", "garment", "sediment", "filament",
     "platin", "antrone", "nib", "testament", "testaments", "revetment", "refinement",
     "confinement", "postponement", "atonement", "enthronement", "dethronement", "cement",
     "increment", "decrement", "excrement", "sacrament", "ornament", "tournament", "firmament",
     "temperament", "parliament", "ligament", "lament", "predicament", "medicament",
     "armament", "disarmament", "impediment", "condiment", "compliment", "complement",
     "embodiment", "merriment", "detriment", "sentiment", "rudiment",
     "nourishment", "punishment", "accomplishment", "embellishment", "astonishment",
     "bombardment", "amendment", "commandment", "abandonment", "imprisonment",
     "retirement", "recruitment", "adjustment", "endorsement", "reimbursement",
     "disbursement", "harassment", "embarrassment", "employment", "deployment", "enjoyment",
     "tratament", "departament", "direttament", "tugboat", "thermostat", "rheostat",
     "hemostat", "haemostat", "cryostat", "aerostat", "photostat", "gyrostat", "heliostat",
     "biostat", "protein", "factor", "growth", "transforming",
     "tumour", "tumor", "necrosis", "receptor", "kinase", "hormone", "aldosterone",
     "androsterone", "autogene"}
)  # fmt: skip
_CHEMO_RANK = next(i for i, (_stem, m) in enumerate(INN_STEMS) if m == C.CHEMOTHERAPY)


# Antigen and cytokine names look like code names ("CD19", "IL-15", "CAR33") but are not.
_NOT_CODE = re.compile(r"^(?:CD\d+[A-Za-z]?|IL-?\d+|CAR-?\d+|HLA-?\w+|COVID-?19|SARS-?\w+)$", re.I)


def is_english_word(word: str) -> bool:
    """One of the ordinary words that end like a drug stem ("treatment", "thermostat")."""
    return word.strip().lower() in _STEM_STOPWORDS


@lru_cache(maxsize=65536)
def is_code_name(token: str) -> bool:
    token = token.strip()
    return bool(_CODE_FULL.match(token)) and not _NOT_CODE.match(token)


@lru_cache(maxsize=65536)
def _stem_rank(word: str) -> int | None:
    """Index in INN_STEMS of the first stem ``word`` ends with (lower-case input)."""
    if word in CHEMOTHERAPY_NAMES:
        return _CHEMO_RANK
    if len(word) < 6 or word in _STEM_STOPWORDS:
        return None
    for rank, (stem, _modality) in enumerate(INN_STEMS):
        if word.endswith(stem) and (len(word) > len(stem) + 2 or stem in ADC_PAYLOADS):
            return rank
    return None


@lru_cache(maxsize=65536)
def new_style_modality(word: str) -> str | None:
    """Modality of a new-style antibody INN ("etentamig", "tobevibart", "raludotatug"):
    one alphabetic word of at least eight letters (seven for -mig, -tug, -bart) ending in a
    stem of ``NEW_STYLE_STEMS``,
    after an infix with at least three letters before it (-ment) or after anything (-mig,
    -tug, -bart), and no English word ("treatment", "statement", "testament" never are)."""
    w = word.strip().lower()
    if len(w) < 7 or not w.isalpha() or w in _STEM_STOPWORDS:
        return None
    for stem, modality in NEW_STYLE_STEMS:
        if not w.endswith(stem):
            continue
        body = w[: -len(stem)]
        if stem in _UNAMBIGUOUS_STEMS:
            return modality
        if len(w) < 8:
            return None
        infixes = _MENT_INFIXES if stem == "ment" else NEW_STYLE_INFIXES
        if any(body.endswith(i) and len(body) - len(i) >= 3 for i in infixes):
            return modality
        return None
    return None


@lru_cache(maxsize=65536)
def is_antibody_inn(word: str) -> bool:
    """An antibody INN, old style ("-mab") or new ("-mig", "-tug", "-bart", "-ment")."""
    w = word.strip().lower()
    if new_style_modality(w) is not None:
        return True
    return w.endswith("mab") and _stem_rank(w) is not None


def is_adc_payload(word: str) -> bool:
    """The payload word of an ADC name ("vedotin", "deruxtecan", "tirumotecan"), by name
    or by ending; not a camptothecin chemotherapy ("irinotecan")."""
    w = word.strip().lower()
    if w in ADC_PAYLOADS:
        return True
    return len(w) >= 8 and w.isalpha() and w.endswith(_PAYLOAD_ENDINGS) and w not in _CAMPTOTHECINS


def stem_modality(word: str) -> str | None:
    """Modality from an INN stem at the end of ``word`` (one word, or "X autoleucel")."""
    rank = _stem_rank(word.strip().lower())
    return None if rank is None else INN_STEMS[rank][1]


# Stems this short also end brand names ("Sprycel", "Gleevec"): they type a name the
# registry calls a product, but never prove that a name is an INN of another product.
_DISTINCTIVE_STEM = 5


def distinctive_stem_modality(word: str) -> str | None:
    """``stem_modality`` from a stem of five letters or more ("-platin", "-tinib",
    "-rubicin", "-leucel") or a classic chemotherapy name; None for the short stems
    ("-mab", "-cel", "-vec", "-nib") and for any other word."""
    w = word.strip().lower()
    rank = _stem_rank(w)
    if rank is None:
        return None
    stem, modality = INN_STEMS[rank]
    if w in CHEMOTHERAPY_NAMES or len(stem) >= _DISTINCTIVE_STEM:
        return modality
    return None
