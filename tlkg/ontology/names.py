"""What a therapy's name is: an INN, a brand, a company code or a description, and which
of its words only say salt, dose or formulation. ``name_kind`` is the one name classifier:
the graph picks the leader of a clique of names by it (INN > brand > code > descriptive),
the article extractor names the therapy an introduction's names become by it and keeps
two INNs apart (``loaders/text/aliases.py``), and the registry loader resolves and
cleans intervention names by it (``loaders/ctgov/interventions.py``). Also: which
formulations to keep apart.

Pure functions of a name, cached (registry records repeat the same names)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from tlkg.ontology.ids import normalise_name
from tlkg.ontology.stems import (
    class_stem_modality,
    is_code_name,
    new_style_modality,
    stem_modality,
)

NameKind = Literal["inn", "brand", "code", "descriptive"]

# Salt, hydrate, dosage-form and route words: "Doxorubicin Hydrochloride", "Anifrolumab
# for injection", "imatinib mesylate tablets" name the same product as the bare INN.
_SALT_OR_FORM = frozenset(
    {"hydrochloride", "dihydrochloride", "hcl", "sulfate", "sulphate", "mesylate",
     "mesilate", "maleate", "tartrate", "bitartrate", "citrate", "phosphate", "sodium",
     "disodium", "potassium", "calcium", "magnesium", "acetate", "besylate", "besilate",
     "tosylate", "fumarate", "succinate", "propionate", "dipropionate", "furoate",
     "xinafoate", "bromide", "chloride", "malate", "lactate",
     "monohydrate", "hydrate", "anhydrous", "hyclate", "dimesylate", "injection",
     "injectable", "for", "tablet", "tablets", "capsule", "capsules", "oral", "iv",
     "intravenous", "subcutaneous", "sc", "infusion", "solution", "blinded", "mg", "mcg",
     "g", "ml", "kg", "day", "daily", "dose", "m2", "mg/kg", "mg/m2", "mg/day"}
)  # fmt: skip
_DOSE = re.compile(r"^[\d.,/]+(?:mg|mcg|µg|g|ml|kg|iu|%)?(?:/(?:kg|m2|day|d))?$")
_PAYLOADS = frozenset(
    {"vedotin", "mafodotin", "ozogamicin", "deruxtecan", "govitecan", "tesirine",
     "soravtansine", "emtansine", "conjugate"}
)  # fmt: skip
_PEG = re.compile(r"\bpeg(?:ylated|-|\b)|\bpeg[a-z]{4,}|[a-z]pegol\b")
_LIPOSOMAL = re.compile(r"liposom")
_NANOPARTICLE = re.compile(r"\bnab-|nanoparticle|albumin[- ]bound|protein[- ]bound")
_WORD = re.compile(r"[a-z][a-z-]*")
_CODE_WORD = re.compile(r"[a-z]{1,6}[- ]?\d{2,8}[a-z]?(?:-\d{1,4})?")
# A code whose number carries letters after the dash ("ESO-T01", "UB-VV111", "KTE-X19",
# "SHR-A1921", "ASG-22CE"): letters, a dash, then letters and at least two digits. Not an
# antigen after "anti-" or a dash ("anti-CD19", "CAR-CD22", "NK-IL15").
_LETTERED_CODE = re.compile(r"([a-z]{2,6})-((?=[a-z\d]*\d\d)(?=[a-z\d]*[a-z])[a-z\d]{3,8})")
_ANTIGEN = re.compile(r"(?:cd|il)\d+[a-z]?")
# "<p>-cel": the short form of a cell-therapy INN ("ide-cel", "cilta-cel", "liso-cel"); so
# is "<p>-vec" of a gene-therapy INN ending in -vec ("ixo-vec", ixoberogene soroparvovec).
SHORT_CEL = re.compile(r"^([a-z]{2,8})-(?:cel|vec)$", re.IGNORECASE)
# WHO INN stems beyond those that give a modality (``stems.stem_modality``): an INN is
# recognised by them in any therapeutic area (leader choice and the two-INN constraint).
_INN_ENDINGS = (
    "rasib", "degib", "sertib", "denib", "afil", "pril", "sartan", "olol", "alol",
    "statin", "gliflozin", "gliptin", "glutide", "floxacin", "cillin", "cycline", "mycin",
    "micin", "virine", "ciclovir", "buvir", "previr", "asvir", "tegravir", "fovir",
    "conazole", "prazole", "tidine", "setron", "triptan", "dronate", "parin", "xaban",
    "gatran", "lukast", "profen", "dipine", "semide", "thiazide", "azepam", "azolam",
    "oxetine", "triptyline", "peridone", "apine", "caine", "curium", "terol", "tropium",
    "lutamide", "rozole", "strant", "relix", "relin", "fungin", "penem", "imod", "limus",
    "glitazone", "formin", "fibrate", "kinra", "ercept", "plase", "poetin", "grastim",
    "sermin", "cogin", "tinib", "stat", "siran", "rsen", "lintide",
    "patide", "sidase", "sulfase", "glucerase", "nidase", "milast", "sporin", "glipron",
    "brutideg", "meran",  # (messenger RNA: tozinameran, elasomeran)
)  # fmt: skip


@lru_cache(maxsize=65536)
def has_salt_or_dose(word: str) -> bool:
    """Whether a (normalised) word only says salt, hydrate, dose, form or route."""
    w = word.strip("()[],;")
    return w in _SALT_OR_FORM or bool(_DOSE.match(w))


@lru_cache(maxsize=65536)
def formulation_marks(name: str) -> frozenset[str]:
    """The formulation a name states beyond its ingredient: liposomal, pegylated,
    nanoparticle, or conjugate (an antibody-drug conjugate's payload)."""
    norm = normalise_name(name)
    marks = set()
    if _LIPOSOMAL.search(norm):
        marks.add("liposomal")
    if _PEG.search(norm):
        marks.add("pegylated")
    if _NANOPARTICLE.search(norm):
        marks.add("nanoparticle")
    if any(w in _PAYLOADS for w in _WORD.findall(norm)):
        marks.add("conjugate")
    return frozenset(marks)


# "efgartigimod alfa", "dinutuximab beta", "peginterferon alfa-2a": an INN whose last word
# is a Greek letter names a product of its own (a glycoprotein, another cell line).
_GREEK_LAST = re.compile(r"\w\s+(?:alfa|beta|gamma)(?:-?\d[ab])?$", re.IGNORECASE)


def ends_in_greek_letter(name: str) -> bool:
    return _GREEK_LAST.search(name) is not None


@lru_cache(maxsize=65536)
def name_kind(name: str) -> NameKind:
    """ "inn" (up to three words, one ending in an INN stem or being a classic
    chemotherapy INN, in any case: "TECLISTAMAB", "Erlotinib Hydrochloride"; or INNs joined
    by slashes, a fixed-dose combination), "code" (a
    company code such as MK-3475, bb2121 or ESO-T01), "brand" (any other name of one or
    two words without digits, a "-cel" short form among them), else "descriptive" ("6-MP",
    "CD19 CAR-T cells"). Salt, dose and form words are left out first."""
    words = [w for w in normalise_name(name).split() if not has_salt_or_dose(w)]
    if not words:
        return "descriptive"
    text = " ".join(words)
    parts = [p.strip() for p in text.split("/")]
    if 2 <= len(parts) <= 4 and all(p and name_kind(p) == "inn" for p in parts):
        return "inn"  # a fixed-dose combination of INNs ("trifluridine/tipiracil")
    if is_code_name(name.strip()) or (len(words) == 1 and _looks_like_code(words[0])):
        return "code"
    if SHORT_CEL.match(text):
        return "brand"  # "cilta-cel": a short form of an INN, not the INN
    if _RADIOLIGAND_INN.match(name.strip()):
        return "inn"  # "lutetium Lu 177 vipivotide tetraxetan", "actinium (225Ac) X"
    if len(words) <= 3 and any(_inn_word(w) for w in words) and not _digits(text):
        return "inn"
    if len(words) <= 2 and not _digits(text):
        return "brand"
    return "descriptive"


# The isotopes radioligand INNs are named by (their first word: "lutetium Lu 177 ...").
ISOTOPES = ("lutetium", "actinium", "radium", "iodine", "yttrium", "thorium", "lead", "astatine",
            "copper", "gallium")  # fmt: skip
ISOTOPE = "(?:" + "|".join(ISOTOPES) + ")"
# A radioligand's INN: the isotope, its symbol and mass, and the ligand's one or two words.
_RADIOLIGAND_INN = re.compile(
    ISOTOPE + r"\s+(?:[A-Z][a-z]?[- ]?\d{2,3}|\(\d{2,3}[A-Z][a-z]?\))\s+[a-z]{4,}(?:\s+[a-z]{4,})?",
    re.IGNORECASE,
)


# The mass number of a radioligand's isotope as the USAN writes it ("lutetium Lu 177 X")
# and as the INN does ("lutetium (177Lu) X").
_USAN_MASS = re.compile(r"\b([A-Z][a-z]?) (\d{2,3})\b")


def spelling_variants(name: str) -> set[str]:
    """The spellings a vocabulary name is also written in: hyphens as spaces, without
    apostrophes, and a radioligand's mass number in the INN's brackets."""
    forms = {name}
    if "-" in name:
        forms.add(name.replace("-", " "))
    if "'" in name or "’" in name:
        forms.add(name.replace("'", "").replace("’", ""))
    if _RADIOLIGAND_INN.match(name):
        forms.add(_USAN_MASS.sub(r"(\2\1)", name))
    return forms


def _inn_word(word: str) -> bool:
    return bool(stem_modality(word) or new_style_modality(word)) or (
        len(word) >= 7
        and word.isalpha()
        and (word.endswith(_INN_ENDINGS) or class_stem_modality(word) is not None)
    )


def _looks_like_code(word: str) -> bool:
    if _CODE_WORD.fullmatch(word):
        return True
    m = _LETTERED_CODE.fullmatch(word)
    return m is not None and m.group(1) != "anti" and not _ANTIGEN.fullmatch(m.group(2))


def _digits(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def short_cel_prefix(name: str) -> str | None:
    """The prefix of a "-cel" short form ("cilta" for "cilta-cel"), lower case; None for
    any other name and for a prefix of two letters, which says too little."""
    m = SHORT_CEL.match(name.strip())
    return m.group(1).lower() if m and len(m.group(1)) >= 3 else None


def is_cell_inn(name: str) -> bool:
    """A cell-therapy INN a short form may stand for: lower-case words, the last ending in
    "-cel" ("ciltacabtagene autoleucel", "tisagenlecleucel"), the first of six letters or
    more; or a gene-therapy INN ending in "-vec" ("ixoberogene soroparvovec")."""
    words = name.lower().split()
    return (
        bool(words)
        and words[-1].endswith(("cel", "vec"))
        and not SHORT_CEL.match(name.strip())
        and all(w.isalpha() for w in words)
        and len(words[0]) >= 6
    )


def short_form_of(prefix: str, inn: str) -> bool:
    """Whether "<prefix>-cel" may stand for the cell-therapy INN ``inn``."""
    return is_cell_inn(inn) and inn.lower().startswith(prefix)
