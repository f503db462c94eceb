"""Targets found by their form, for the targets no vocabulary lists: gene and protein
symbols after a binding verb ("binds GPRC5D", "blocks IL-17A"), before "-directed",
"inhibitor" or "antibody", as "anti-X", as the tumour arm "XxCD3", as both arms of a
bispecific of two other targets ("a PD-1xVEGF antibody"), in brackets after a
target's name in words, introduced as "the antigen X", lowered by an oligonucleotide, and
mutant proteins ("KRAS G12C"). ``find_mentions`` adds them to the vocabulary's targets;
docs/extraction.md, "Targets from text", states the rules."""

from __future__ import annotations

import re

from tlkg.loaders.text.model import Mention
from tlkg.loaders.text.patterns import (
    CD_TARGET,
    FORM_TARGETS,
    GENE_APPOSED,
    GENE_TARGET,
    MIXED_SYMBOL_ANY,
    MIXED_TARGETS,
    MUTATION_TARGET,
    NAMED_TARGET,
    NOT_TARGET,
    PAIR_ANY,
    PAIR_TARGETS,
    SYMBOL_TARGET,
    VERB_TARGET,
)
from tlkg.ontology import stems
from tlkg.ontology.ids import slugify
from tlkg.ontology.vocab import Vocabulary

# "IL-12/23": two interleukins written as one.
_IL_PAIR = re.compile(r"\b(IL-\d{1,2})/(\d{1,2})\b")
# "CDK4/6 inhibitors", "a FGFR2/3-selective drug": two members of a family by number.
_SYMBOL_PAIR = re.compile(
    r"(?<![\w/-])([A-Z]{2,6})(\d{1,2})/(\d{1,2})(?![\w/])"
    r"(?=-?\s?(?:inhibit|block|antagon|degrad|directed|targeted|selective|antibod|dual))"
)
# "blocks TSLP and IL-13", "it binds BAFF": a symbol without a digit after a verb that only
# drugs do to their targets (not "against" or "targeting", which diseases follow too).
_BLOCKS = re.compile(
    r"\b(?:blocks?|blocking|binds?|binding|neutrali[sz]es|inhibits|targets|replaces?|replacing"
    # ("a fusion protein that mops up both BAFF and APRIL")
    r"|mops?\s+up|soaks?\s+up|traps?|sequesters?"
    # ("CAR T cells aimed at GD2", "T cells that recognise PRAME")
    r"|aimed\s+at|directed\s+(?:at|against)|recogni[sz](?:e|es|ing))\s+"
    # ("blocks the viral UL97 kinase", "an ERT that replaces GAA", "which targets PSMA")
    r"(?:both\s+|the\s+(?:viral\s+|mutant\s+|human\s+)?)?"
    # ("blocks both IL-17A and IL-17F")
    # ("which blocks PD-L1": a symbol with a hyphenated part)
    r"((?-i:[A-Z][A-Z0-9]{2,6}|[A-Z]{2,4}-[A-Z]?\d{1,2}|IL-\d{1,2}[A-Z]?))"
    r"(?:\s+and\s+((?-i:[A-Z][A-Z0-9-]{1,6})))?(?![\w-])"
)
# "an antagonist of retinol-binding protein 4 (RBP4)": the symbol in brackets after the
# target's name in words, named as what the drug acts on.
_OF_NAMED = re.compile(
    r"\b(?:antagonists?|agonists?|inhibitors?|blockers?|degraders?|modulators?|antibod(?:y|ies)"
    r"|binders?)\s+(?:of|against|to)\s+(?:the\s+)?(?:[\w-]+\s+){0,5}?"
    r"\(((?-i:[A-Z][A-Za-z0-9-]{1,7}))\)"
)
# "a dual BAFF/APRIL inhibitor": two symbols before the class word.
_SLASH_SYMBOLS = re.compile(
    r"(?<![\w/-])((?-i:[A-Z][A-Z0-9]{2,6}))/((?-i:[A-Z][A-Z0-9]{2,6}))(?![\w/])"
    r"(?=-?\s?(?:inhibit|block|antagon|degrad|directed|targeted|selective|antibod))"
)


# "a GLP-1 receptor agonist", "a GIP and GLP-1 receptor agonist", "an amylin receptor
# agonist": the receptor a hormone-like drug acts on (each symbol's receptor).
# The hormones and transmitters whose receptors drugs are named for, written in words.
_LIGANDS = (
    r"amylin|glucagon|endothelin(?:\s+(?-i:A|B))?|angiotensin(?:\s+II)?|vasopressin|oxytocin|orexin"
    r"|mineralocorticoid|glucocorticoid|androgen|(?:o)?estrogen|progesterone|cannabinoid"
)
_RECEPTOR_DRUG = re.compile(
    r"\b((?-i:[A-Z][A-Za-z0-9]{1,6})(?:-\d{1,2})?|" + _LIGANDS + r")"
    r"(?:\s+(?:and|/)\s+((?-i:[A-Z][A-Za-z0-9]{1,6})(?:-\d{1,2})?|" + _LIGANDS + r"))?"
    r"(\s+receptor)\s+(?:dual\s+|co-?)?(?:agonists?|antagonists?|modulators?|blockers?)\b",
    re.IGNORECASE,
)


# "a dual agonist of the GLP-1 receptor and the amylin receptor"
_SYM = r"((?-i:[A-Z][A-Za-z0-9]{1,6})(?:-\d{1,2})?|" + _LIGANDS + r")"
_AGONIST_OF = re.compile(
    r"\b(?:agonists?|antagonists?|modulators?|blockers?)\s+of\s+(?:the\s+)?"
    + _SYM
    + r"\s+receptors?(?:\s+and\s+(?:the\s+)?"
    + _SYM
    + r"\s+receptors?)?",
    re.IGNORECASE,
)


def _receptor_targets(text: str, vocab: Vocabulary) -> list[Mention]:
    out: list[Mention] = []
    for m in _AGONIST_OF.finditer(text) if "receptor" in text else ():
        for i in (1, 2):
            symbol = m.group(i)
            if symbol and symbol not in NOT_TARGET and not _disease_acronym(symbol):
                out.append(_target(vocab, f"{symbol} receptor", m.start(i), m.end(i)))
    for m in _RECEPTOR_DRUG.finditer(text) if "receptor" in text else ():
        for i in (1, 2):
            symbol = m.group(i)
            if symbol and symbol not in NOT_TARGET and not _disease_acronym(symbol):
                end = m.end(3) if i == 1 and not m.group(2) else m.end(i)
                out.append(_target(vocab, f"{symbol} receptor", m.start(i), end))
    return out


# "a PPAR-delta agonist", "a PPAR alpha/delta agonist", "the IL-4 receptor alpha subunit":
# a receptor's subtype by its Greek letter is the target, not the whole family
_GREEK = r"(alpha|beta|gamma|delta)"
_SUBTYPE = re.compile(
    r"(?<![\w-])((?-i:[A-Z][A-Z0-9]{1,6})(?:-\d{1,2})?(?:\s+receptor)?)[- ]"
    + _GREEK
    + r"(?:/"
    + _GREEK
    + r")?"
    r"(?=[\s-]+(?:agonists?|antagonists?|modulators?|inhibitors?|subunit|selective|directed)\b)",
    re.IGNORECASE,
)


# "a nectin-4 ADC", "the first galectin-3 inhibitor", "a claudin-18.2-directed CAR-T": a
# protein named in lower case with its number, before a class word
_NUMBERED_PROTEIN = re.compile(
    r"(?<![\w-])((?!(?:type|phase|grade|class|stage|group|dose|line|week|month|year|cycle|part"
    r"|cohort|study|trial|level|step|day)-)[a-z]{3,}(?<!as)[a-z]-\d{1,2}(?:\.\d)?)"
    r"(?:-(?:directed|targeted|targeting)\b|\s+(?:(?-i:ADCs?)|antibody-drug\s+conjugates?"
    r"|antibod(?:y|ies)|inhibitors?|(?-i:CAR)[- ]?(?-i:T)s?|bispecifics?|engagers?)\b)",
    re.IGNORECASE,
)


def _written_form_targets(text: str, vocab: Vocabulary) -> list[Mention]:
    """Greek-letter subtypes ("PPAR-delta") and numbered proteins ("nectin-4")."""
    out = []
    for m in _SUBTYPE.finditer(text):
        out.append(_target(vocab, f"{m.group(1)} {m.group(2)}", m.start(1), m.end(2)))
        if m.group(3):
            out.append(_target(vocab, f"{m.group(1)} {m.group(3)}", m.start(3), m.end(3)))
    for m in _NUMBERED_PROTEIN.finditer(text) if "-" in text else ():
        out.append(_target(vocab, m.group(1).lower(), m.start(1), m.end(1)))
    return out


def pattern_targets(text: str, vocab: Vocabulary) -> list[Mention]:
    out: list[Mention] = _receptor_targets(text, vocab) + _written_form_targets(text, vocab)
    for m in _IL_PAIR.finditer(text) if "IL-" in text else ():
        out.append(_target(vocab, m.group(1), m.start(1), m.end(1)))
        out.append(_target(vocab, f"IL-{m.group(2)}", m.start(2), m.end(2)))
    for m in _SYMBOL_PAIR.finditer(text) if "/" in text else ():
        out.append(_target(vocab, m.group(1) + m.group(2), m.start(1), m.end(2)))
        out.append(_target(vocab, m.group(1) + m.group(3), m.start(3), m.end(3)))
    out.extend(_acted_on(text, vocab))
    for m in _BLOCKS.finditer(text):
        for i in (1, 2):
            if m.group(i) and m.group(i) not in NOT_TARGET and not _disease_acronym(m.group(i)):
                # "which blocks the CGRP receptor": the receptor, not its ligand
                receptor = _RECEPTOR_AFTER.match(text, m.end(i))
                if receptor is not None:
                    out.append(_target(vocab, f"{m.group(i)} receptor", m.start(i), receptor.end()))
                else:
                    out.append(_target(vocab, m.group(i), m.start(i), m.end(i)))
    out.extend(_enzyme_targets(text, vocab))
    out.extend(_apposed_genes(text, vocab))
    for m in CD_TARGET.finditer(text):
        out.append(_target(vocab, m.group(1), m.start(1), m.end(1)))
    out.extend(_form_symbols(text, vocab))
    out.extend(_named_targets(text, vocab))
    return out


def _form_symbols(text: str, vocab: Vocabulary) -> list[Mention]:
    """Mutant proteins ("KRAS G12C") and symbols by form (``_symbol_matches``)."""
    out: list[Mention] = []
    mutants: dict[str, str] = {}  # "G12C" -> "KRAS G12C"
    for m in MUTATION_TARGET.finditer(text):
        name = m.group(1).replace("-", " ")
        mutants.setdefault(name.split()[1], name)
        out.append(_target(vocab, name, m.start(1), m.end(1)))
    for m in _symbol_matches(text):
        name = m.group(1)
        if _MUTATION.fullmatch(name):  # "another G12C inhibitor": the article's KRAS G12C
            if name in mutants:
                out.append(_target(vocab, mutants[name], m.start(1), m.end(1)))
            continue
        if not _symbol_target(name) or _comedication(text, m.start(1), m.end(1)):
            continue
        if _LIGAND_AFTER.match(text, m.end(1)):
            continue  # "an anti-OX40 ligand antibody": the ligand, named in words
        if _CLASS_OBJECT.search(text, max(0, m.start() - 30), m.start()):
            continue  # "patients who switch from a C5 antibody": a class, no drug's target
        if _AGONIST_AFTER.match(text, m.end(1)) and not _RECEPTOR_SYMBOL.search(name):
            name = f"{name} receptor"  # "a GLP-1 agonist" acts on the hormone's receptor
        out.append(_target(vocab, name, m.start(1), m.end(1)))
    return out


_RECEPTOR_AFTER = re.compile(r"\s+receptor\b")
_LIGAND_AFTER = re.compile(r"\s+ligands?\b")
# "an aldosterone synthase inhibitor", "the telomerase inhibitor imetelstat": an enzyme
# named in words before "inhibitor" (with one word before it that names it, never an
# adjective of the drug: "a weekly telomerase inhibitor").
_ENZYME = (
    r"[a-z]*(?:synthase|telomerase|ductase|oxidase|peptidase|ferase|esterase|hydrolase"
    r"|lipase|aromatase|sidase|lyase|ligase|cyclase"
    # a motor protein ("a cardiac myosin inhibitor")
    r"|myosin)"
)
# "plus an aromatase inhibitor", "added to an aromatase inhibitor", "switch from a ...
# inhibitor": a class given alongside or left, no product's target
_CLASS_PARTNER = re.compile(r"\b(?:plus|with|to|from|on|off|than)\s+(?:an?\s+|the\s+)?\Z", re.I)
_ENZYME_DRUG = re.compile(
    r"(?<![\w-])((?:(?!(?:oral|once|twice|first|second|third|selective|potent|novel|new|next"
    r"|investigational|approved|experimental|reversible|irreversible|covalent|allosteric|dual"
    r"|pan|an?|the|its|their|other|another)\b)(?![a-z]*ly\b)[a-z]{4,}\s+)?" + _ENZYME + r")"
    r"\s+inhibitors?\b"
)


def _enzyme_targets(text: str, vocab: Vocabulary) -> list[Mention]:
    if "inhibitor" not in text:
        return []
    return [
        _target(vocab, m.group(1), m.start(1), m.end(1))
        for m in _ENZYME_DRUG.finditer(text)
        if not _CLASS_PARTNER.search(text, max(0, m.start(1) - 12), m.start(1))
    ]


def _apposed_genes(text: str, vocab: Vocabulary) -> list[Mention]:
    out = []
    for m in GENE_APPOSED.finditer(text) if " gene" in text else ():
        i = 1 if m.group(1) else 2
        out.append(_target(vocab, m.group(i), m.start(i), m.end(i)))
    return out


def _acted_on(text: str, vocab: Vocabulary) -> list[Mention]:
    """Symbols named as what a drug acts on: in brackets after the target's name in words
    (``_OF_NAMED``; a pathogen is none: "an antibody against respiratory syncytial virus
    (RSV)"), or two before a class word (``_SLASH_SYMBOLS``)."""
    found = [
        (m.group(1), m.start(1), m.end(1))
        for m in (_OF_NAMED.finditer(text) if "(" in text else ())
        if not _PATHOGEN_BEFORE.search(text, max(0, m.start(1) - 20), m.start(1))
    ]
    for m in _SLASH_SYMBOLS.finditer(text) if "/" in text else ():
        found += [(m.group(i), m.start(i), m.end(i)) for i in (1, 2)]
    return [
        _target(vocab, name, start, end)
        for name, start, end in found
        if name not in NOT_TARGET and not _disease_acronym(name)
    ]


def _named_targets(text: str, vocab: Vocabulary) -> list[Mention]:
    """Symbols a noun of their kind or a target's name in words introduces
    (``NAMED_TARGET``)."""
    out: list[Mention] = []
    for m in NAMED_TARGET.finditer(text):
        for i in range(1, (m.lastindex or 0) + 1):
            name = m.group(i)
            if not name or not _symbol_target(name) or _disease_acronym(name):
                continue
            if _PATHOGEN_BEFORE.search(text, max(0, m.start(i) - 20), m.start(i)):
                continue  # "an antibody against respiratory syncytial virus (RSV)": a virus
            out.append(_target(vocab, name, m.start(i), m.end(i)))
    return out


# "patients who take strong CYP3A4 inhibitors": other drugs a label warns of, by the
# strength of their effect on an enzyme, never the drug's own target.
_STRENGTH_BEFORE = re.compile(r"\b(?:strong|moderate|weak|potent)\s+(?:or\s+\w+\s+)?\Z", re.I)
_CLASS_AFTER = re.compile(r"\s+(?:inhibitors|inducers)\b", re.I)


def _comedication(text: str, start: int, end: int) -> bool:
    return bool(
        _CLASS_AFTER.match(text, end) and _STRENGTH_BEFORE.search(text, max(0, start - 30), start)
    )


_AGONIST_AFTER = re.compile(r"\s+agonists?\b", re.IGNORECASE)
# a receptor's own symbol: "OX2R", "S1PR1", "THR-β", "IL-4Rα"
_RECEPTOR_SYMBOL = re.compile(r"R\d?-?[αβγδ]?$")
# "switch from a C5 antibody", "anaemia on a C5 antibody", "better than an EGFR inhibitor",
# "given with an EGFR antibody": the class a patient leaves, a drug is measured against or
# is given with.
_CLASS_OBJECT = re.compile(
    # ("without adding a PARP inhibitor": a class left out, nobody's target)
    r"\b(?:from|on|off|than|with|plus|adding|without)\s+(?:an?|another)\s+\Z",
    re.IGNORECASE,
)
_PATHOGEN_BEFORE = re.compile(r"(?:virus|bacteri(?:um|a)|fung(?:us|i))\s*\(\s*\Z", re.IGNORECASE)


# Antibody isotypes ("a bispecific IgG1 antibody") describe the drug, never its target.
_ISOTYPE = re.compile(r"Ig[GAMDE]\d")


def _symbol_target(name: str) -> bool:
    """May a symbol found by form name a target? Not a word of NOT_TARGET, an isotype, nor
    a drug code ("ABC-123"; interleukins such as "IL-17A" look like codes but are not)."""
    if name in NOT_TARGET or _ISOTYPE.fullmatch(name):
        return False
    # ("OX40", "GDF11": a symbol; "ABC-12", "AB123": codes)
    digits = re.search(r"\d{3}", name) or ("-" in name and re.search(r"\d{2}", name))
    return not (stems.is_code_name(name) and digits) or name.startswith("IL-")


_MUTATION = re.compile(r"[ACDEFGHIKLMNPQRSTVWY]\d{1,4}[ACDEFGHIKLMNPQRSTVWY]")


def _disease_acronym(symbol: str) -> bool:
    """A disease's short form ("AML", "NSCLC"), never a target."""
    return symbol.endswith(("CL", "ML", "LL", "MM", "SCLC", "CC")) or symbol in ("MDS", "GVHD")


def _target(vocab: Vocabulary, name: str, start: int, end: int) -> Mention:
    """A target found by form, keyed by the vocabulary's entry when it knows the name."""
    entry = vocab.resolve("target", name)
    key, name = (entry.key, entry.name) if entry else (slugify(name), name)
    return Mention("target", key, name, start, end, bool(entry))


def _symbol_matches(text: str) -> list[re.Match[str]]:
    """Target symbols by form: "X-directed", "X inhibitor", "anti-X", "XxCD3", "targeting
    X1" (``VERB_TARGET``)."""
    found = list(SYMBOL_TARGET.finditer(text))
    found.extend(VERB_TARGET.finditer(text))
    if MIXED_SYMBOL_ANY.search(text):  # most texts name no such symbol: skip the three
        for pattern in MIXED_TARGETS:
            found.extend(pattern.finditer(text))
    if " gene" in text:
        found.extend(GENE_TARGET.finditer(text))
    if "anti-" in text or "CD3" in text:
        for pattern in FORM_TARGETS:
            found.extend(pattern.finditer(text))
    if PAIR_ANY.search(text):
        for pattern in PAIR_TARGETS:
            found.extend(pattern.finditer(text))
    return found
