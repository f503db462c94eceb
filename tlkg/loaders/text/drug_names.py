"""Therapies named by their form, for the programmes no vocabulary lists: INN stems
(classic and the 2021 antibody scheme, with or without a listed infix), two-word INNs
(gene therapies, "<protein> alfa", antibody + payload), "<p>-cel" and "<p>-DXd" short forms,
company code names, and any word an article introduces right before a code in parentheses
("lunoxament (OVB-402)")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tlkg.loaders.text.model import Mention
from tlkg.loaders.text.patterns import (
    CALENDAR_WORDS,
    CODE,
    CODE_STOP_PREFIX,
    ENGLISH_ENDINGS,
    LOWER_WORD,
    MEETING_PREFIX,
    NAME_BEFORE_CODE,
    NAME_IS_CLASS,
    NAME_THAT_ACTS,
    NAME_WITH_BRAND,
    NAMES_ARE_DRUGS,
    NOT_NAMES,
    NOUNS_BEFORE_CODE,
    ORG_POSSESSIVE,
    ORG_SUFFIX,
    STEM_ENDINGS,
    TEXT_SKIP_STEMS,
    TRIAL_AFTER,
    written_in_lower_case,
)
from tlkg.ontology import concepts as C
from tlkg.ontology import stems
from tlkg.ontology.ids import slugify
from tlkg.ontology.names import ISOTOPE, ISOTOPES, has_salt_or_dose

# What follows a gene symbol or an enzyme's, never a drug code ("BCL11A erythroid enhancer").
GENE_AFTER = re.compile(
    r"(?:</em>|\*)?\s+(?:[\w-]+\s+)?(?:genes?(?!\s+(?:therap|edit|transfer|silenc))|enhancers?"
    r"|promoters?|locus|loci|mutations?|mutant|variants?|deletions?|exons?|alleles?|expression"
    # an enzyme a drug blocks: "the viral UL97 kinase"
    r"|kinases?|proteases?|polymerases?|ligands?"
    r"|transcripts?|knock-?outs?)\b",
    re.IGNORECASE,
)

# Short forms of ADC INNs by their payload's abbreviation ("Dato-DXd" for datopotamab
# deruxtecan, "sac-TMT" for sacituzumab tirumotecan): the antibody's first letters, then
# the payload's.
ADC_SHORT_PAYLOADS = {"dxd": "deruxtecan", "tmt": "tirumotecan"}
ADC_SHORT = re.compile(r"(?<![\w-])([A-Za-z][A-Za-z0-9]{0,5})-(DXd|TMT)(?![\w-])")

# "etraguran velameran (etra-v, FBG-702)": the first letters of a two-word INN's first
# word, a hyphen, and the first (or last) letters of its last word, or letters of it in
# order from its first ("corvi-RT" for "corvitabart ravtecan", "sac-TMT").
_SHORT_FORM = re.compile(r"([a-z]{3,9})-([a-z]{1,4})", re.IGNORECASE)


def is_short_form(short: str, name: str) -> bool:
    """``short`` abbreviates the INN ``name`` as articles do in an introduction."""
    m = _SHORT_FORM.fullmatch(short)
    words = name.lower().split()
    if m is None or len(words) < 2 or words[0] == m.group(1).lower():
        return False
    head, tail = m.group(1).lower(), m.group(2).lower()
    last = words[-1]
    return words[0].startswith(head) and (
        last.startswith(tail) or last.endswith(tail) or _letters_in_order(tail, last)
    )


def _letters_in_order(letters: str, word: str) -> bool:
    """``letters`` are ``word``'s first letter and then some of its others, in order."""
    if not letters or not word.startswith(letters[0]):
        return False
    rest = iter(word[1:])
    return all(c in rest for c in letters[1:])


def inn_modality(word: str) -> str | None:
    w = word.lower()
    if stems.is_english_word(w):
        return None
    by_class = stems.class_stem_modality(w, generic=True)
    if by_class is not None:
        return by_class
    if w in stems.CHEMOTHERAPY_NAMES:  # classic agents without a stem ("hydroxyurea")
        return C.CHEMOTHERAPY
    if w in stems.ADC_PAYLOADS:
        return None
    if stems.one_word_cell_inn(w):
        return C.OTHER_CELL_THERAPY
    for stem, _key in stems.INN_STEMS:
        if w.endswith(stem):
            if stem in TEXT_SKIP_STEMS:
                return None
            return stems.stem_modality(w)
    return None


def pattern_therapies(text: str, folded: str) -> list[Mention]:
    """Therapies the vocabulary may not know: INN stems, xxx-cel short forms, code names,
    chemotherapy regimens named by acronym (FOLFIRINOX)."""
    return [
        *_stemmed_words(text, folded),
        *_multi_word_inns(text, folded),
        *_code_names(text),
        *(_mention(m.group(0), m.start(), m.end()) for m in ADC_SHORT.finditer(text)),
        *(_mention(m.group(0), m.start(), m.end()) for m in CHEMO_REGIMEN.finditer(text)),
        *(
            _mention(m.group(0), m.start(), m.end())
            for m in _LIPOSOMAL.finditer(text)
            if inn_modality(m.group(1).lower())
        ),
    ]


# A liposomal formulation is a product of its own ("pegylated liposomal doxorubicin"),
# not its ingredient (``tlkg.ontology.names.formulation_marks``).
_LIPOSOMAL = re.compile(r"\b(?:pegylated\s+)?liposomal\s+([a-z]{5,})\b", re.IGNORECASE)


# Combination chemotherapy regimens named by their drugs' letters, each one product of
# the landscape ("the FOLFIRINOX combination").
CHEMO_REGIMEN = re.compile(r"(?<![\w-])(?:FOLF(?:IRINOX|OXIRI|IRI|OX)|CAPOX|XELOX|FLOT)(?![\w-])")


def _mention(name: str, start: int, end: int) -> Mention:
    return Mention("therapy", slugify(name), name, start, end, False, priority=1)


def _stemmed_words(text: str, folded: str) -> list[Mention]:
    """One-word names (by stem, a "-cel" short form, or introduced with a code), with an
    ADC payload or "-leucel" word after them joined."""
    out: list[Mention] = []
    introduced = _introduced_names(text)
    for m in LOWER_WORD.finditer(folded):
        word = m.group(0)
        if m.start() > 0 and (folded[m.start() - 1].isalnum()):
            continue
        start, end = m.start(), m.end()
        introduced_here = word in introduced and _name_case(text[start:end])
        if (introduced_here and not stems.is_adc_payload(word)) or _short_cel(word):
            out.append(_mention(word, start, end))
        elif (
            _stemmed(word, text[start:end])
            and not _camel_case(text[start:end])
            and not ("-" in word or (end < len(folded) and folded[end].isalnum()))
            and not _company_word(text, text[start:end])
        ):
            out.append(_with_second_word(folded, word, start, end))
        elif (
            "-" in word
            and (parts := _regimen_parts(text, word, start))
            and not _BRAND_NEXT.match(text, end)
        ):
            # "carboplatin-paclitaxel": a regimen written with a hyphen, each drug named
            out.extend(_mention(folded[lo:hi], lo, hi) for lo, hi in parts)
        elif word.startswith("nab-") and _stemmed(word[4:], text[start + 4 : end]):
            out.append(_mention(word, start, end))  # nanoparticle albumin-bound: a product
        elif (
            (suffixed := _FDA_SUFFIX.fullmatch(word))
            and _stemmed(suffixed.group(1), text[start : start + len(suffixed.group(1))])
            and not _company_word(text, text[start : start + len(suffixed.group(1))])
        ):
            # "ardikibart-qvtn": the INN with its US suffix names the INN's programme
            out.append(_mention(suffixed.group(1), start, end))
    return out


# "trifluridine-tipiracil (Lonsurf)": a brand after the pair makes it one product.
_BRAND_NEXT = re.compile(r"\s*\(\s*[A-Z][a-z]")


def _regimen_parts(text: str, word: str, start: int) -> list[tuple[int, int]]:
    """The spans of a hyphenated regimen's drugs ("carboplatin-paclitaxel",
    "lutrevamig-lenalidomide"), when every part of the word is a drug name by its stem."""
    spans, pos = [], start
    for part in word.split("-"):
        if len(part) < 5 or not _stemmed(part, text[pos : pos + len(part)]):
            return []
        spans.append((pos, pos + len(part)))
        pos += len(part) + 1
    return spans if len(spans) >= 2 else []


def _camel_case(surface: str) -> bool:
    """A capital inside a word ("MariTide") marks a brand: an INN never has one."""
    return any(c.isupper() for c in surface[1:]) and not surface.isupper()


def _company_word(text: str, surface: str) -> bool:
    """A capitalised word never written in lower case that heads a company's name
    somewhere in the text ("Halvorsen" of "Halvorsen Oncology" ends like an antisense
    INN but is a company)."""
    if not surface[:1].isupper() or written_in_lower_case(text, surface):
        return False
    name = re.escape(surface)
    # a company ("Halvorsen Oncology") or a person ("Halvorsen-Reid", "Dr. Halvorsen", an
    # author "I. Halvorsen" or "Ingrid Halvorsen(1)" with an affiliation's number)
    return (
        re.search(rf"\b{name}[^\S\n]+{ORG_SUFFIX}\b|\b{name}-[A-Z]", text) is not None
        or re.search(rf"\b(?:Dr|Prof|Professor|Mr|Ms|Mrs)\.?[^\S\n]+{name}\b", text) is not None
        or surface in _authors(text)
    )


# An author's surname: after an initial ("I. Halvorsen") or before an affiliation's number
# ("Ingrid Halvorsen(1)").
_AUTHOR = re.compile(r"\b[A-Z]\.[^\S\n]+([A-Z][\w'’-]+)\b|\b([A-Z][\w'’-]+)[^\S\n]?\(\d{1,2}\)")


@lru_cache(maxsize=8)
def _authors(text: str) -> frozenset[str]:
    """The surnames the text writes as an author's (one pass per text: a pattern per word
    would crowd the regular-expression cache)."""
    return frozenset(m.group(1) or m.group(2) for m in _AUTHOR.finditer(text))


_OLIGO_ENDINGS = ("rsen", "siran")  # antisense and siRNA INN stems
_PEPTIDE_ENDINGS = ("glutide", "tide")  # peptide INN stems (GLP-1 analogues and others)
# The four-letter suffix US biologics carry after their INN ("ardikibart-qvtn").
_FDA_SUFFIX = re.compile(r"([a-z]{5,})-([a-z]{4})")


def _short_cel(word: str) -> bool:
    return word.endswith(("-cel", "-vec")) and 3 <= len(word) - 4 <= 8 and "-" not in word[:-4]


def _stemmed(word: str, surface: str) -> bool:
    return (
        _new_style_inn(word, surface)
        or (word.endswith(STEM_ENDINGS) and bool(inn_modality(word)))
        or word in stems.CHEMOTHERAPY_NAMES
        or stems.one_word_cell_inn(word)
    )


def _with_second_word(folded: str, word: str, start: int, end: int) -> Mention:
    nxt = LOWER_WORD.match(folded, end + 1) if folded[end : end + 1] == " " else None
    if nxt is not None:
        second = nxt.group(0)
        suffixed = _FDA_SUFFIX.fullmatch(second)
        if suffixed and (
            suffixed.group(1) in stems.ADC_PAYLOADS
            or (stems.is_antibody_inn(word) and stems.is_adc_payload(suffixed.group(1)))
        ):
            # "movaletug vedotin-mvtr": the conjugate's INN with its US suffix
            return _mention(f"{word} {suffixed.group(1)}", start, nxt.end())
        if (
            second in stems.ADC_PAYLOADS
            or (second.endswith("leucel") and word.endswith("gene"))
            or (stems.is_antibody_inn(word) and stems.is_adc_payload(second))
            # an antibody-oligonucleotide conjugate: "renvacibart tolamirsen",
            # "delpacibart etedesiran"
            or (stems.is_antibody_inn(word) and second.endswith(_OLIGO_ENDINGS))
            # an antibody-peptide conjugate: "maridebart cafraglutide"
            or (stems.is_antibody_inn(word) and second.endswith(_PEPTIDE_ENDINGS))
        ):
            return _mention(f"{word} {second}", start, nxt.end())
    return _mention(word, start, end)


def _multi_word_inns(text: str, folded: str) -> list[Mention]:
    out = []
    if any(isotope in folded for isotope in ISOTOPES):
        out = [_mention(m.group(0), m.start(), m.end()) for m in _RADIOLIGAND.finditer(text)]
    for pattern in _TWO_WORD_INNS:
        if pattern.anchor not in folded:
            continue
        for m in pattern.regex.finditer(folded):
            if not stems.is_english_word(m.group(pattern.head)):
                # ("ormigalsidase alfa-vdtx": with its US suffix, the same INN)
                suffix = _SUFFIX_AFTER.match(folded, m.end())
                end = suffix.end() if suffix else m.end()
                name = f"{m.group(1)} {m.group(2)}"
                # a fusion protein's third word ("nogapendekin alfa inbakicept")
                third = _FUSION_WORD.match(folded, end)
                if third is not None:
                    name, end = f"{name} {third.group(1)}", third.end()
                out.append(_mention(name, m.start(), end))
    return out


_SUFFIX_AFTER = re.compile(r"-[a-z]{4}(?![\w-])")
_FUSION_WORD = re.compile(r"\s+([a-z]{3,}(?:cept|kicept))\b")


@dataclass(frozen=True)
class _TwoWordInn:
    anchor: str  # a substring every match holds (skips the regex on most texts)
    regex: re.Pattern[str]
    head: int = 1  # the group that must be no English word (the other is a fixed word)


# Two-word INNs: gene therapies ("onasemnogene abeparvovec", "betibeglogene autotemcel",
# "-gene ...leucel", gene editing "-guran ...meran") and proteins named with a Greek-letter
# or PEG word ("alglucosidase
# alfa", "efgartigimod alfa", "agalsidase beta", "certolizumab pegol"). INNs spell "alfa",
# so "<word> alfa" is a drug; "beta" and "gamma" only after an enzyme or fusion stem.
_TWO_WORD_INNS = (
    _TwoWordInn("gene ", re.compile(r"\b([a-z]{4,}gene)\s+([a-z]{3,}(?:leucel|vec|temcel))\b")),
    # in vivo gene editing: a guide RNA and an mRNA ("nexiguran ziclumeran")
    _TwoWordInn("guran ", re.compile(r"\b([a-z]{3,}guran)\s+([a-z]{3,}meran)\b")),
    # an individualised mRNA vaccine: "intismeran autogene", "autogene cevumeran"
    _TwoWordInn("meran autogene", re.compile(r"\b([a-z]{3,}meran)\s+(autogene)\b")),
    _TwoWordInn("autogene ", re.compile(r"\b(autogene)\s+([a-z]{3,}meran)\b"), head=2),
    # a prodrug ester, its own product ("tenofovir alafenamide" is not "tenofovir
    # disoproxil"; "paliperidone palmitate" is the monthly injection)
    *(
        _TwoWordInn(f" {ester}", re.compile(rf"\b([a-z]{{5,}})\s+({ester}{tail})\b"))
        for ester, tail in (
            ("alafenamide", ""),
            ("disoproxil", r"(?:\s+fumarate)?"),
            ("palmitate", ""),
            ("lauroxil", ""),
            ("decanoate", ""),
        )
    ),
    # (the interferons' number and letter: "peginterferon alfa-2a")
    _TwoWordInn(" alfa", re.compile(r"\b([a-z]{5,})\s+(alfa(?:-[12][ab])?)\b")),
    _TwoWordInn(" pegol", re.compile(r"\b([a-z]{5,})\s+(pegol)\b")),
    _TwoWordInn(
        # ("dinutuximab beta" is not dinutuximab: another cell line, another product)
        " beta",
        re.compile(r"\b([a-z]{3,}(?:ase|cept|ermin|poetin|feron|kinra|mab))\s+(beta)\b"),
    ),
)


# Radioligand INNs: the isotope, its symbol and mass, then the ligand's one or two words
# ("lutetium Lu 177 vipivotide tetraxetan", "actinium Ac 225 ...").
_SYMBOL = "(?:Lu|Ac|Ra|I|Y|Th|Pb|At|Cu|Ga)"
_RADIOLIGAND = re.compile(
    # (the INN's own spelling puts the mass number in brackets: "actinium (225Ac) X")
    rf"\b{ISOTOPE}\s+(?:{_SYMBOL}[- ]?\d{{2,3}}|\(\d{{2,3}}{_SYMBOL}\))\s+[a-z]{{4,}}"
    # (a second word is a chelator's: "tetraxetan", "guraxetan"; "corvotide targets" is a verb)
    r"(?:\s+[a-z]{3,}(?:xetan|tate|tide))?",
    re.IGNORECASE,
)
# A name that starts with an isotope and its symbol (a radioligand, whatever its ligand).
_ISOTOPE_FIRST = re.compile(rf"{ISOTOPE}\s+(?:[A-Z][a-z]?[- ]?\d|\(\d)", re.IGNORECASE)


def is_radioligand_name(name: str) -> bool:
    return _ISOTOPE_FIRST.match(name) is not None


def _introduced_names(text: str) -> set[str]:
    """Words introduced right before a code name in parentheses ("lunoxament (OVB-402)",
    "Ralimbart (WMB-330)") or as a drug of a class ("Quelitrement is an engineered Fc
    fragment"): the name of an unseen programme whatever its stem, so every
    later use of the word names it too. Ordinary words never are ("the antibody (XYZ-1)",
    "its treatment (XYZ-1)"), nor a capitalised word inside a sentence (a company)."""
    names: set[str] = set()
    for m in NAME_BEFORE_CODE.finditer(text):
        word = m.group(1)
        # (not a plural noun: "212 adults (EASI 16 or higher)")
        plural = word.islower() and _PLURAL.search(word) is not None
        if stems.is_code_name(m.group(2)) and _name_word(text, word, m.start(1)) and not plural:
            names.add(word.lower())
    for m in NAME_IS_CLASS.finditer(text):
        # (not an English plural: "holds the rights, the antibody is known as ..."; drug
        # names end in a vowel before their s: tafamidis, tacrolimus)
        word = m.group(1)
        # (a capitalised word a maker's possessive describes is its brand: "Abrysvo,
        # Pfizer's RSV vaccine", never a company)
        # ("Intercept's Ocaliva, an FXR agonist": the maker's possessive before it)
        owned = m.group("maker") or _OWNED_BEFORE.search(text, max(0, m.start(1) - 40), m.start(1))
        branded = bool(owned) and _name_case(word)
        if _name_word(text, word, m.start(1), branded) and not _PLURAL.search(word):
            names.add(m.group(1).lower())
    for m in _APPROVED_NAME.finditer(text) if "approv" in text or "authori" in text else ():
        # "the FDA approved Itvisma, a concentrated form of ...": a regulator approves a
        # product, so an unknown capitalised word it approves is one
        word = m.group(1)
        if (
            _name_word(text, word, m.start(1), branded=True)
            and not written_in_lower_case(text, word)
            and not _company_word(text, word)
            and word not in CALENDAR_WORDS
        ):
            names.add(word.lower())
    for pattern in (NAME_WITH_BRAND, NAMES_ARE_DRUGS, NAME_THAT_ACTS):
        for m in pattern.finditer(text):
            for i, word in enumerate(m.groups(), 1):
                if word and _name_word(text, word, m.start(i)) and not _language(word.lower()):
                    names.add(word.lower())
    return names


_PLURAL = re.compile(r"[^aeiou]s$")
_OWNED_BEFORE = re.compile(r"(?<![\w-])" + ORG_POSSESSIVE + r"\Z")
_APPROVED_NAME = re.compile(
    r"\b(?:FDA|EMA|MHRA|Commission|regulators?|[Aa]gency)\s+(?:(?:has|had|have)\s+)?"
    r"(?:\w+\s+)?(?:approved|cleared|authori[sz]ed)\s+([A-Z][a-z]{4,})(?=\s*[,(]|\s+for\b)"
)


def _language(word: str) -> bool:
    """A word of medical or plain language that a brand or a drug list may stand beside
    ("cardiomyopathy (Vyndaqel ...)", "placebo and standard care, the two arms")."""
    return word.endswith(_LANGUAGE_ENDINGS) or word in _LANGUAGE_WORDS


_LANGUAGE_ENDINGS = (
    "pathy", "emia", "aemia", "itis", "osis", "oma", "omas", "ation", "ment", "ness", "ity",
    "ism", "ics", "ists", "ogy", "ure", "ance", "ence", "ing", "ers", "ies", "ous", "ive",
    "al", "ary", "ory", "ed", "ly", "nts", "ts", "es",
)  # fmt: skip
_LANGUAGE_WORDS = frozenset({"placebo", "patients", "people"})


def _name_word(text: str, surface: str, start: int, branded: bool = False) -> bool:
    """Whether a word an introduction frames as a name may be one: no ordinary word, and
    capitalised only where a sentence starts (else it is a company's) or ``branded``."""
    if ordinary_word(surface.lower()):
        return False
    return branded or not surface[0].isupper() or _sentence_start(text, start)


def ordinary_word(word: str) -> bool:
    """A lower-case word that is no drug's name: an English word or ending, a noun that
    stands where a name would, a salt ("... disoproxil fumarate (Truvada)")."""
    return (
        word in NOUNS_BEFORE_CODE
        or word in NOT_NAMES
        or stems.is_english_word(word)
        or word.endswith(ENGLISH_ENDINGS)
        or has_salt_or_dose(word)
    )


def _sentence_start(text: str, at: int) -> bool:
    before = text[max(0, at - 3) : at].rstrip(" \t")
    return not before or before.endswith(("\n", ".", "!", "?", ":"))


def _name_case(surface: str) -> bool:
    return surface.islower() or (surface[:1].isupper() and surface[1:].islower())


_NEW_STYLE_ENDINGS = tuple(stem for stem, _ in stems.NEW_STYLE_STEMS)


def _new_style_inn(word: str, surface: str) -> bool:
    """A new-style antibody INN as written: lower case ("etentamig"), capitalised at the
    start of a sentence ("Etentamig") or in capitals in a headline ("ETENTAMIG"); never an
    acronym or an English word."""
    if not word.endswith(_NEW_STYLE_ENDINGS):
        return False
    if not _name_case(surface) and not (surface.isupper() and len(surface) >= 8):
        return False  # (a headline's "DORVATAMIG" is one; no acronym runs to eight letters)
    return stems.new_style_modality(word) is not None


# A number that reads as a recent or coming year ("ASH 2025", "FY2031"); "CDM-1940" and
# "BC-2059" are codes: no meeting or fiscal year names 1940, and registry codes go past 2039.
_YEAR = re.compile(r"199\d|20[0-3]\d")


# "the RNA-binding protein TDP-43", "UNC13A, a gene needed for ...", "the erythroid
# enhancer of BCL11A": a gene or protein.
_GENE_BEFORE = re.compile(
    r"(?:\b(?:proteins?|genes?|antigens?|receptors?|kinases?|transcripts?|enzymes?)"
    r"|\b(?:enhancer|promoter|expression|copies|locus|silencing|knockdown|knockout|editing)"
    r"\s+of(?:\s+the)?)\s+(?:<em>|\*)?\Z",
    re.IGNORECASE,
)
_GENE_APPOSITION = re.compile(r"(?:</em>|\*)?,\s+(?:a|the)\s+(?:[\w-]+\s+)?(?:gene|protein)\b")


def _code_names(text: str) -> list[Mention]:
    """Company code names, leaving out every use of a symbol that some use shows to be a
    gene or protein ("TDP-43 leaves the nucleus" after "the protein TDP-43")."""
    found = [(m, m.group(1)) for m in CODE.finditer(text)]
    genes = {
        code
        for m, code in found
        if _GENE_BEFORE.search(text, max(0, m.start(1) - 30), m.start(1))
        or _GENE_APPOSITION.match(text, m.end(1))
        or GENE_AFTER.match(text, m.end(1))
    }
    # A code that one use shows to be a trial's name is that everywhere ("AUKLET-101, our
    # phase 1/2 study", "a phase 3 trial, AUKLET-301, of ...", "the ASCENT-03 and ASCENT-04
    # trials").
    trials = {
        code
        for m, code in found
        if _trial_name(text, m.start(1), m.end(1)) or _TRIAL_LIST_AFTER.match(text, m.end(1))
    }
    # "the phase 1 DTX-417-101 study" of DTX-417: a protocol number that extends a
    # product's code, so no product (a product's own code before "study" stays one)
    codes = {code for _, code in found}
    trials |= {
        code
        for m, code in found
        if TRIAL_AFTER.match(text, m.end(1))
        and any(code.startswith(other + "-") for other in codes if other != code)
    }
    return [
        _mention(code, m.start(1), m.end(1))
        for m, code in found
        if code not in genes and code not in trials and _plausible_code(code, text, m.end())
    ]


# "ASCENT-03 and ASCENT-04/KEYNOTE-D19 trials": names listed before "trials"
_TRIAL_LIST_AFTER = re.compile(
    r"(?:\s*(?:,|/|\band\b|\bor\b)\s*[A-Z][A-Za-z]*-?[A-Z0-9][A-Za-z0-9-]*)+\s+(?:trials|studies)\b"
)
# "X, our phase 1/2 study", "X enrollment"
_TRIAL_APPOSED = re.compile(
    r"\s*,\s+(?:our|its|their|a|an|the)\s+(?:[\w/-]+\s+){0,4}?(?:study|trial)\b|\s+enrol"
    # "DTX-417-101 is an open-label, first-in-human phase 1 study"
    # (not "AB-1 is the lead asset in the trial")
    r"|\s+(?:is|was)\s+(?:an?|the)\s+(?:(?!(?:in|of|for|with|to|from|by|at)\b)[\w/-]+,?\s+){0,5}?"
    r"(?:study|trial)\b",
    re.IGNORECASE,
)
# "a phase 3 trial, X, of", "patients into X"
_TRIAL_BEFORE = re.compile(
    r"(?:\b(?:study|trial),\s*|\b(?:enrol\w*|randomi[sz]\w*)\s+(?:[\w-]+\s+){0,3}?into\s+)\Z",
    re.IGNORECASE,
)


def _trial_name(text: str, start: int, end: int) -> bool:
    """Whether the code at ``start:end`` is written as a trial's name."""
    if _TRIAL_APPOSED.match(text, end):
        return True
    before = _TRIAL_BEFORE.search(text, max(0, start - 60), start)
    if before is None:
        return False
    # "the trial, ABX-101 reduced ...": an apposed name closes with a comma
    return not before.group(0).rstrip().endswith(",") or text[end : end + 1] == ","


def _plausible_code(code: str, text: str, end: int) -> bool:
    """A company code name (ABC-123, REGN5458, KTE-X19, BI 764532), not an antigen, gene,
    trial registration, conference or fiscal year, and not a trial's own name."""
    prefix = re.match(r"\d?([A-Z]+)", code)
    if prefix is None or len(prefix.group(1)) < 2 or prefix.group(1) in CODE_STOP_PREFIX:
        return False
    if sum(c.isupper() for c in code) < 2:
        return False
    digits = re.findall(r"\d+", code)[-1]
    if prefix.group(1) in MEETING_PREFIX and (" " in code or re.fullmatch(_YEAR, digits)):
        return False  # "ASH 2025", "ESMO-GI 2026"
    if (
        re.fullmatch(_YEAR, digits)
        and not re.search(r"\d-\d|[A-Z]-[A-Z]", code)
        and not _introduced_code(text, end - len(code))
    ):
        return False  # ASH 2025, FY2025
    if " " in code and len(digits) < 3:
        return False
    if text[end : end + 1] == "." and text[end + 1 : end + 2].isdigit():
        return False  # "CLDN18.2": a protein isoform
    if GENE_AFTER.match(text, end):
        return False  # "the BCL11A erythroid enhancer", "BRCA1 mutations": a gene
    return not TRIAL_AFTER.match(text[end : end + 30])


_INN_BEFORE_PAREN = re.compile(r"([A-Za-z]{6,})\s*\(\s*\Z")


def _introduced_code(text: str, start: int) -> bool:
    """A code written in parentheses right after an INN ("rimlovibart (RVB-2001)") is the
    INN's code name even when its number looks like a year."""
    before = _INN_BEFORE_PAREN.search(text, max(0, start - 40), start)
    if before is None:
        return False
    word = before.group(1).lower()
    return stems.stem_modality(word) is not None or stems.new_style_modality(word) is not None
