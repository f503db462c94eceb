"""Compiled patterns and word lists the mention finder uses: class words, barrier words,
targets, company code names, INN stems and organisation names.
"""

from __future__ import annotations

import re

from tlkg.loaders.text import phrases as P
from tlkg.loaders.text.barrier_words import BARRIER_TERMS
from tlkg.ontology import concepts as C
from tlkg.ontology import stems
from tlkg.ontology.stems import EXTRA_STEMS

_I = re.IGNORECASE

# CAR-T class words: find "CAR"/"chimeric antigen receptor" (fast, literal), then read the
# class word to the right and its modifiers (reference word, in vivo/allogeneic/...,
# target) to the left.
CAR_HIT = re.compile(r"\bCAR|\b[Cc]himeric\s+antigen\s+receptor")
CAR_BODY = re.compile(
    r"(?P<core>"
    + P.CAR_CORE
    + r"|(?-i:CARs?)\b(?=\s+(?:therap|products?|approach|programm?e?s?|candidates?)|\s*[,.;)]"
    + r"|\s+(?:and|or|is|are|was|were|could|may|has|have|in|for)\b))"
    + r"(?P<post>\s+(?:generated\s+|made\s+|produced\s+)?in[- ]vivo\b)?",
    _I,
)
CAR_PREFIX = re.compile(
    r"(?<![\w-])(?P<ref>"
    + P.REFERENCE_MODIFIER
    + r"\s+)?(?P<mods>(?:(?:"
    + "|".join(p for p, _ in P.CAR_MODIFIERS)
    + r")[\s,-]+){0,3})"
    + P.TARGET_MODIFIER
    + r"\Z",
    _I,
)
TGT_PREFIX = re.compile(r"(?<![\w-])" + P.TARGET_MODIFIER + r"\Z", _I)
TARGETED_CLASSES = frozenset({C.BISPECIFIC, C.ADC, C.MONOCLONAL_ANTIBODY})
CAR_MOD_RES = [(re.compile(p, _I), key) for p, key in P.CAR_MODIFIERS]
MODALITY_RES = [(re.compile(p, _I), key, anchors) for p, key, anchors in P.MODALITY_PHRASES]
# "... such as A and B", "including A": the gap before a class's examples.
EXAMPLES = re.compile(P.EXAMPLES_GAP, _I)
# An organisation's possessive before what it owns: "Kyverna Therapeutics' ", "Acme's "
# (capitalised words, whatever the pattern's case flag).
ORG_POSSESSIVE = r"(?-i:[A-Z])[\w&.-]*(?:\s+(?-i:[A-Z])[\w&.-]*){0,2}['’]s?\s+"
REFERENCE_BEFORE = re.compile(P.REFERENCE_MODIFIER + r"[\s-]+(?:[\w-]+\s+){0,2}\Z", _I)
BARRIER_RES = [(re.compile(p, _I), keys, pol, anchors) for p, keys, pol, anchors in BARRIER_TERMS]
FALLBACK_IND = [(re.compile(p, _I), name, anchors) for p, name, anchors in P.FALLBACK_INDICATIONS]

CD_TARGET = re.compile(r"\b(CD\d{1,3}[a-z]?)(?![\w+])")
# A mutant protein named by gene and amino-acid change ("KRAS G12D", "EGFR T790M", "BRAF
# V600E"): a drug made for the mutant targets that form, a target of its own.
MUTATION_TARGET = re.compile(
    r"\b([A-Z][A-Z0-9]{1,6}[ -][ACDEFGHIKLMNPQRSTVWY]\d{1,4}[ACDEFGHIKLMNPQRSTVWY])\b"
)
# (also the drug form after the symbol: "a CLDN18.2 ADC", "a BCMA CAR-T", "the DLL3 engager")
SYMBOL_TARGET = re.compile(
    # (a glycoprotein by its weight too: "Immunocore's gp100-directed engager")
    r"\b(?:anti-)?([A-Z][A-Z0-9]{1,6}(?:\.\d)?(?:-[A-Z0-9]{1,3}){0,2}(?:-?[αβγδ](?![\w-]))?|gp\d{2,3})(?:-(?:directed|targeted|targeting|specific|selective|blocking|lowering|silencing)\b|\s+(?:inhibitors?|inhibition|antagonists?|agonists?|antibod(?:y|ies)|degraders?|silencers?|stabili[sz]ers?|blockers?"
    r"|(?-i:ADCs?)|antibody-drug\s+conjugates?|(?-i:CAR)[- ]?(?-i:T)s?|engagers?|bispecifics?)\b)"
)
# Targets by form even when the vocabulary lacks them: "anti-FCRH5", and the tumour arm of
# a T-cell engager written "<TARGET>xCD3" / "<TARGET> x CD3" / "<TARGET>×CD3" (CD3 is the
# engager arm, never the target).
FORM_TARGETS = (
    # (a receptor chain may follow: "anti-IL-31RA", "anti-IL-4Rα")
    re.compile(
        r"(?<![\w-])anti-([A-Z][A-Z0-9]{1,6}(?:-[A-Z0-9]{1,4})?(?:[αβγ]|p\d{1,2})?)(?![\w-])"
    ),
    re.compile(r"(?<![\w-])([A-Z][A-Z0-9]{1,6}(?:-[A-Z0-9]{1,3})?)\s?[x×]\s?CD3(?![\w])"),
)
# Both arms of a bispecific whose arms are neither CD3 ("a PD-1xVEGF bispecific antibody",
# "another PD-L1xVEGF-A antibody"): each arm is a target.
_ARM = r"[A-Z][A-Za-z0-9]{1,6}(?:-[A-Z0-9]{1,3})?"
_NOT_CD3 = r"(?!CD3(?![\w-]))"
_PAIR_NOUN = (
    r"(?=[\s-]+(?:[\w-]+\s+)?(?:bispecifics?|antibod(?:y|ies)|engagers?|molecules?|drugs?"
    r"|class|programmes?|programs?|assets?|candidates?|(?-i:BsAbs?))\b)"
)
PAIR_TARGETS = (
    re.compile(rf"(?<![\w-]){_NOT_CD3}({_ARM})\s?[x×]\s?{_NOT_CD3}{_ARM}(?![\w]){_PAIR_NOUN}"),
    re.compile(rf"(?<![\w-]){_NOT_CD3}{_ARM}\s?[x×]\s?{_NOT_CD3}({_ARM})(?![\w]){_PAIR_NOUN}"),
)
PAIR_ANY = re.compile(r"[A-Z0-9][x×][A-Z]")
# One arm of a bispecific that is not CD3 (``mentions``: the class word after two of them).
NON_CD3_ARM = _NOT_CD3 + _ARM
# The two arms of a bispecific written "AxB", whatever follows ("a PD-1xVEGF antibody").
PAIR_FORM = re.compile(rf"(?<![\w-]){_ARM}\s?[x×]\s?{_ARM}")
# "targeting TROP2", "an antibody against SLAMF7", "binds GPRC5D": a symbol unknown to the
# vocabulary after a binding verb counts when it holds a digit (gene symbols do; disease
# acronyms after "against" - AML, CLL, NSCLC - do not).
VERB_TARGET = re.compile(
    r"\b(?:targeting|targets|against|binds?(?:\s+to)?|binding(?:\s+to)?|directed\s+(?:at|against))\s+"
    r"(?:(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:called|named|known\s+as)\s+)?"
    r"([A-Z][A-Z0-9]{0,6}\d[A-Z0-9]{0,3}(?:-[A-Z0-9]{1,3})?|[A-Z][A-Z0-9]{1,6}-[A-Z]?\d{1,3}[A-Z]?)(?![\w-])"
)
# "aimed at the cancer-testis antigen PRAME", "binds the protein FUS": a symbol that a
# noun of its kind introduces after a binding verb needs no digit.
NAMED_TARGET = re.compile(
    r"\b(?:targeting|targets|aimed\s+at|against|binds?(?:\s+to)?|binding(?:\s+to)?"
    r"|directed\s+(?:at|against))\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:antigen|protein|receptor|kinase|enzyme|transcript)\s+([A-Z][A-Z0-9]{2,7}(?:-[A-Z]?\d{1,2})?"
    r"|C\d{1,2}a?)(?![\w-])"  # ("the complement protein C5")
    # "binds interleukin-17A (IL-17A) and tumour necrosis factor alpha (TNF-alpha)", "blocks
    # retinol-binding protein 4 (RBP4)": the symbol in brackets after a target's full name
    r"|\b(?:binds?(?:\s+to)?|binding|blocks?|blocking|inhibits?|inhibiting|neutrali[sz]es|targets|targeting"
    # "an antagonist of retinol-binding protein 4 (RBP4)", "an antibody against
    # B-lymphocyte stimulator (BLyS)"
    r"|(?:antagonists?|inhibitors?|antibody|antibodies|agonists?)\s+(?:of|against|to))\s+"
    r"(?:the\s+)?(?:(?:[a-z]|[A-Z]-)[\w-]*\s+){0,5}?(?:[a-z][\w-]*|\d{1,2}[A-Za-z]?)\s+"
    r"\(([A-Z][A-Za-z0-9]{1,6}(?:-[A-Za-z0-9]{1,5})?)\)"
    r"(?:\s+and\s+(?:[a-z][\w-]*\s+){0,5}?(?:[a-z][\w-]*|\d{1,2}[A-Za-z]?)\s+"
    r"\(([A-Z][A-Za-z0-9]{1,6}(?:-[A-Za-z0-9]{1,5})?)\))?"
    # "lowers FUS protein", "silences the TTR gene": what an oligonucleotide lowers
    r"|\b(?:lowers?|lowering|silenc(?:es?|ing)|knocks?\s+down|restores?|restoring)\s+(?:the\s+)?"
    r"(?:<em>|\*)?([A-Z][A-Z0-9]{1,7})(?:</em>|\*)?\s+(?:protein|gene|mRNA|transcript|expression)\b"
    # "an antisense oligonucleotide that lowers SOD1": a gene symbol (it holds a digit) alone
    r"|\b(?:lowers?|lowering|silenc(?:es?|ing)|knocks?\s+down)\s+(?:the\s+)?"
    r"(?:<em>|\*)?([A-Z][A-Z0-9]{0,6}\d[A-Z0-9]?)(?:</em>|\*)?(?![\w-])"
)
# Targets whose symbol is not all capitals ("FcRn", "IL-23", "Claudin 18.2", "nectin-4",
# "PI3Kα"),
# and receptors named in words ("androgen receptor"), after a binding verb or before
# "-directed"/"inhibitor"/"blocker"/"degrader"/"antibody" ("blocks IL-23", "an FcRn blocker",
# "androgen-receptor degrader"); and the gene a gene therapy delivers ("a working copy of
# the GAA gene").
_MIXED_SYMBOL = (
    r"(?:IL-\d{1,2}[A-Z]?(?:p\d{1,2})?|(?:TNF|IFN|TGF)-?(?:alpha|beta|gamma|[αβγ])|[A-Z][a-z][A-Z][A-Za-z]{0,2}\d?"
    # an isoform by its Greek letter: "PI3Kα", "PI3K-delta", "ERα", "HIF-2α"
    r"|[A-Z][A-Za-z0-9]{0,5}(?:-\d)?(?:-?[αβγδε]|-(?:alpha|beta|gamma|delta))"
    r"|(?i:claudin)[- ]?\d{1,2}(?:\.\d)?|CLDN\d{1,2}(?:\.\d)?|[A-Za-z][a-z]{3,}in-\d{1,2}"
    # a lower-case prefix: "mTOR", "mTORC1", "c-MET", "c-KIT"
    r"|m[A-Z]{3}(?:C\d)?|c-(?:MET|KIT|MYC)"
    r"|(?:androgen|oestrogen|estrogen|glucocorticoid|progesterone|insulin|folate|transferrin"
    r"|thyroid[- ]hormone|mineralocorticoid)[- ]receptor)"
)
_BINDS = (
    r"\b(?:targeting|targets|targeted\s+at|against|binds?(?:\s+to)?|binding(?:\s+to)?"
    r"|directed\s+(?:at|against)|blocks?|blocking|inhibits?|inhibiting|neutrali[sz](?:es?|ing)"
    r"|degrades?|degrading|antagoni[sz](?:es?|ing))\s+(?:the\s+)?"
)
# (a symbol may be followed by a hyphen: "FcRn-blocking")
MIXED_SYMBOL_ANY = re.compile(r"(?<![\w-])(?:" + _MIXED_SYMBOL + r")(?!\w)")
MIXED_TARGETS = (
    re.compile(_BINDS + r"(" + _MIXED_SYMBOL + r")(?![\w-])"),
    re.compile(
        r"(?<![\w-])(?:anti-)?("
        + _MIXED_SYMBOL
        + r")(?:-(?:directed|targeted|targeting|specific|blocking)\b"
        r"|\s+(?:inhibitors?|blockers?|blockade|antagonists?|degraders?|antibod(?:y|ies)|p19)\b)"
    ),
    re.compile(r"(?<![\w-])anti-(" + _MIXED_SYMBOL + r")(?![\w-])"),
)
# "a working copy of SMN1, the gene that ...", "a backup gene, SMN2, into making ...": a
# gene symbol set off by commas beside the word "gene".
GENE_APPOSED = re.compile(
    r"\bcop(?:y|ies)\s+of\s+(?:the\s+)?([A-Z][A-Z0-9]{1,7})(?=,\s+(?:the|a)\s+gene\b)"
    r"|\bgenes?,\s+([A-Z][A-Z0-9]{1,7}),"
)
GENE_TARGET = re.compile(
    r"\b(?:cop(?:y|ies)\s+of\s+(?:the\s+)?|functional\s+|working\s+|healthy\s+|the\s+)"
    r"(?:<em>|\*)?([A-Z][A-Z0-9]{1,7})(?:</em>|\*)?\s+genes?\b"
)
NOT_TARGET = frozenset(
    {"FDA", "EMA", "CAR", "NK", "ADC", "RNA", "DNA", "MRNA", "LNP", "USA", "EU", "UK", "ADA",
     "IV", "SC", "HLA",
     # viruses: "an RSV antibody" names what it protects against, not its molecular target
     "RSV", "HIV", "HBV", "HCV", "HDV", "CMV", "EBV", "HPV", "HSV", "VZV"}
)  # fmt: skip
CODE = re.compile(
    r"(?<![\w-])([A-Z][A-Z0-9]{1,5}(?:-[A-Z]{1,4})?(?:-|\s)?\d{2,8}[A-Z]?(?:-\d{1,3})?"
    r"|" + stems.DIGIT_FIRST_CODE + r")(?![\w-])"
)
CODE_STOP_PREFIX = frozenset(
    [
        "NCT",
        # clinical scores and their thresholds ("reached EASI-75", "PASI 90", "ACR20")
        "EASI",
        "PASI",
        "ACR",
        "DAS",
        "CDAI",
        "SLEDAI",
        "EDSS",
        "MMSE",
        "ADAS",
        "LBA",  # a meeting's late-breaking abstract number ("LBA38")
        "TP",
        "HER",
        "FLT",
        "IDH",
        "KRAS",
        "BRCA",
        "EGFR",
        "ALK",
        "ROS",
        "MET",
        "RET",
        "NTRK",
        "PD",
        "CTLA",
        "TNF",
        "FY",
        "CY",
        "Q",
        "H",
        "ISO",
        "ICD",
        "COVID",
        "SARS",
        "HIV",
        "HPV",
        "EBV",
        "CMV",
        "MM",
        "ECOG",
        "NYHA",
        "WHO",
        "UK",
        "US",
        "EU",
        "ISBN",
        "DOI",
        "USD",
        "EUR",
        "GBP",
        "CFR",
        "IND",
        "BLA",
        "NDA",
        "MAA",
        "PMID",
        "PMC",
        "CD",
        "IL",
        "HLA",
        "CAR",
        "ORR",
        "PFS",
        "OS",
    ]
)
# Medical meetings: "ASH 2025", "ESMO-GI 2026" name a meeting, and "ASH-714" a company's
# code only with a number no meeting year reads as.
MEETING_PREFIX = frozenset({"ASH", "ASCO", "EHA", "ESMO", "AACR", "SABCS"})
TRIAL_AFTER = re.compile(
    r"^\s+(?:study|studies|trials?|cohorts?|protocol|program(?:me)?\s+study)\b", _I
)
# Stems too common in ordinary words to find drugs in free text by the stem alone; the
# new-style antibody stems among them (-mig, -tug, -bart, -ment) count with their
# target-class infix (``stems.new_style_modality``).
TEXT_SKIP_STEMS = frozenset({"ment", "tug", "bart", "cept", "gene", "vec", "cel", "mig"})
ORG_SUFFIX = (
    # (any word ending so: "Radiotherapeutics", "Immunopharmaceuticals")
    r"(?:[A-Z][a-z]*(?:therapeutics|pharmaceuticals?)|Therapeutics|Pharmaceuticals?|Pharma"
    r"|Radiopharma|Biopharmaceuticals?"
    r"|Biosciences|BioTherapeutics"
    r"|Biotherapeutics|Biotech(?:nology)?"
    r"|Bio|Biopharma|Biopharm|Biologics|Biomedical|Biomedicine|Oncology|Medicines|Sciences|Genetics|Holdings|Labs"
    r"|Laboratories|Immunotherapeutics|Neurotherapeutics|Genomics|Antivirals|Vaccines|Biosystems"
    r"|Immunology|Institute|Foundation|Trust|Consortium|Network|Isotopes|Technologies|Neurosciences?"
    r"|Inc\.?|Ltd\.?|Corp(?:oration)?\.?|AG|SA|plc|GmbH|Co\.)"
)
# Words of one name are on one line: "[title ending in] Myeloma\nVeltrix Bio" is two.
ORG = re.compile(
    r"\b((?:[A-Z][A-Za-z0-9&'-]+[^\S\n]+){0,3}[A-Z][A-Za-z0-9&-]*[^\S\n]+"
    + ORG_SUFFIX
    + r")(?![A-Za-z])"
)
# Months and weekdays: a date, never a name.
CALENDAR_WORDS = frozenset(
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday",
     "Friday", "Saturday", "Sunday"}
)  # fmt: skip
ORG_LEAD_STOP = frozenset(
    [
        "The",
        "In",
        "At",
        "For",
        "A",
        "An",
        "And",
        "But",
        "On",
        "By",
        "With",
        "From",
        "Both",
        "While",
        "As",
        "After",
        "Before",
        "Its",
        "Their",
        "Our",
        "This",
        "That",
        "Analysts",
        "Shares",
        "Researchers",
        # "in June Corrow Pharma agreed ...": a date before the name
        *CALENDAR_WORDS,
    ]
)


STEM_ENDINGS = tuple(
    {stem for stem, _ in stems.INN_STEMS if stem not in TEXT_SKIP_STEMS and " " not in stem}
    | {stem for stem, _ in EXTRA_STEMS}
)
LOWER_WORD = re.compile(r"[a-z][a-z-]{3,}[a-z]")
# A word written right before a code name in parentheses ("lunoxament (OVB-402)"): an
# unseen drug name whatever its stem, unless it is an ordinary word (``_introduced_names``).
NAME_BEFORE_CODE = re.compile(
    r"(?<![\w-])([A-Z]?[a-z]{6,})(?:\s*\(\s*|,?\s+(?:(?:which|that)\s+(?:was\s+|is\s+|had\s+)?)?"
    r"(?:also\s+known\s+as|known\s+as|formerly(?:\s+called|\s+known\s+as)?|previously\s+(?:called|known\s+as)"
    r"|went\s+by|goes\s+by|developed\s+as|code-?named)\s+)"
    r"([A-Z][A-Z0-9]{1,5}(?:-[A-Z]{1,4})?[- ]?\d{2,8}[A-Z]?)(?:\s*[),;]|\s)"
)
# "Quelitrement is an engineered Fc fragment ...", "tavolimab, a PD-1 antibody, ...": a word
# said to be a drug of some class (group 1); ``drug_names`` checks it is no ordinary word.
NAME_IS_CLASS = re.compile(
    r"(?<![\w-])([A-Z]?[a-z]{6,})(?:\s+(?:is|was)\s+|,\s+)"
    # ("Abrysvo, Pfizer's RSV vaccine": a maker's possessive for the article)
    r"(?:an?|the|(?P<maker>(?-i:[A-Z][\w&-]+)(?:\s+(?-i:[A-Z][\w&-]+)){0,2}['’]s?))\s+(?:[\w/-]+\s+){0,4}?"
    r"(?:antibody|antibodies|antibody fragment|Fc fragment|fragment|conjugate|engager|inhibitor"
    r"|degrader|fusion\s+protein|oligonucleotide|siRNA|peptide|bispecific|trispecific"
    r"|radioligand|nanobody|small[\s-]molecule|gene\s+therapy|vaccine|agonist|antagonist"
    r"|modulator|blocker|activator|potentiator)\b"
    # (not a company's line of work: "Moderna, a vaccine maker", nor a disease the class
    # is aimed at: "hemophilia, a gene therapy target")
    r"(?!\s+(?:makers?|developers?|compan(?:y|ies)|firms?|specialists?|group|units?|business"
    r"|targets?|fields?|markets?|areas?|indications?|space|approach(?:es)?|platforms?)\b)"
)
# "tafamidis, sold as Vyndaqel", "tafamidis (Vyndaqel)", "Attruby (acoramidis)": a lower-case
# word beside a capitalised brand in brackets, or before "sold/marketed as" a brand (the
# word is group 1 or group 2; ``drug_names`` checks it is no ordinary word).
_SOLD_AS = r"(?:sold|marketed)\s+(?:in\s+(?:the\s+)?\w+\s+)?as\s+"
NAME_WITH_BRAND = re.compile(
    # (capitalised at a sentence's start: "Midostaurin (Rydapt) is approved ...")
    # ("seladelpar (sold in the US as Livdelzi)")
    r"(?<![\w-])([A-Z]?[a-z]{6,})(?:\s*\(\s*(?:" + _SOLD_AS + r")?|,\s+" + _SOLD_AS + r")"
    # (brands of two strengths may share the brackets: "tafamidis (Vyndaqel/Vyndamax)")
    r"[A-Z][a-z]{3,}[A-Za-z]*(?:\s*[),;/]|\s+and\s)"
    r"|(?<![\w-])[A-Z][a-z]{3,}[A-Za-z]*\s*\(\s*([a-z]{6,})\s*\)"
)
# "riluzole and edaravone, the older approved ALS drugs": two words said to be drugs.
NAMES_ARE_DRUGS = re.compile(
    # ("Riluzole and edaravone, older drugs approved for ALS": capitalised at a start)
    r"(?<![\w-])([A-Z]?[a-z]{6,})\s+(?:and|or)\s+([a-z]{6,}),\s+(?:(?:the|two|both)\s+)?(?:[\w-]+\s+){0,4}?"
    r"(?:drugs|medicines|treatments|therapies)\b"
)
# "Belite Bio's oral tinlarebant, which blocks RBP4": a word that acts on a target.
NAME_THAT_ACTS = re.compile(
    r"(?<![\w-])([a-z]{6,}),\s+(?:which|that)\s+(?:selectively\s+|also\s+)?(?:blocks|binds"
    r"|inhibits|targets|lowers|degrades|stabili[sz]es|activates|mimics|silences)\b"
)
# Words that stand where a name would in that frame.
NOT_NAMES = frozenset(
    {"another", "neither", "whichever", "nothing", "something", "everything", "anything",
     "yesterday", "today", "however", "instead", "meanwhile"}
)  # fmt: skip
# English endings no drug name has, and the nouns a code often follows ("the antibody
# (XYZ-101)", "its lead candidate (XYZ-101)").
ENGLISH_ENDINGS = (
    "tion", "sion", "ness", "ity", "ing", "ed", "ive", "ous", "able", "ible", "ance", "ence",
    "ism", "ist", "ure", "ship", "er", "or", "ies", "ly", "al", "ic", "ics", "ary", "ory",
)  # fmt: skip
NOUNS_BEFORE_CODE = frozenset(
    {"antibody", "candidate", "compound", "molecule", "program", "programme", "programs",
     "programmes", "asset", "assets", "therapy", "product", "products", "inhibitor",
     "degrader", "vaccine", "conjugate", "engager", "treatment", "construct", "vector",
     "formulation", "bispecific", "trispecific", "protein", "fragment", "peptide",
     "oligonucleotide", "receptor", "infusion", "injection", "tablet", "tablets", "capsule",
     "platform", "company", "partner", "version", "option", "regimen", "combination",
     "biosimilar", "medication", "medicine", "medicines", "ligand", "radioligand", "payload",
     "enzyme", "modulator", "agonist", "antagonist", "blocker", "activator", "antisense",
     "counterpart", "successor", "backup", "follow", "daughter", "sibling", "lentivirus",
     "capsid", "plasmid", "mrna", "therapeutic", "nanobody", "scaffold", "drug", "drugs"}
)  # fmt: skip


# "ivonescimab, from Akeso and ...", "KYV-101 (Brand), by Kyverna": a capitalised name
# after "from"/"by" right after a therapy is its maker (group 1).
MAKER_AFTER = re.compile(
    r"\s*(?:\([^()\n]{0,40}\)\s*)?,?[^\S\n]+(?:from|by)[^\S\n]+"
    r"((?:[A-Z][\w&-]+|[A-Z]{2,6})(?:[^\S\n]+(?:[A-Z][\w&-]+|[A-Z]{2,6})){0,2})(?![\w-])"
)


def written_in_lower_case(text: str, word: str) -> bool:
    """Whether ``text`` uses ``word`` in lower case as a word of its own: then it is an
    ordinary word, no name (a web address, "halvorsenoncology.com", is no such use)."""
    low = re.escape(word.lower())
    return re.search(rf"(?<![\w@./-]){low}(?![\w@/-])", text) is not None


# A product named as the patients' setting ("BCG-unresponsive", "TKI-naive",
# "ESA-refractory"): an adjective of the disease, never a mention of the product.
_SETTING_AFTER = re.compile(
    r"-(?:unresponsive|refractory|naive|naïve|resistant|experienced|exposed|intolerant"
    r"|ineligible|eligible|pretreated)\b",
    re.IGNORECASE,
)


def names_a_setting(text: str, end: int) -> bool:
    """Whether the product or class named up to ``end`` is the patients' setting."""
    return _SETTING_AFTER.match(text, end) is not None
